import Foundation
import PaichaCore
import PaichaMining

/// One message of a test conversation: who sent which bytes.
struct StratumTestMessage {
    var direction: FlowDirection
    var bytes: [UInt8]

    /// A JSON line (a newline is appended).
    static func miner(_ line: String) -> StratumTestMessage {
        StratumTestMessage(direction: .originatorToResponder, bytes: Array((line + "\n").utf8))
    }

    /// A JSON line from the pool (a newline is appended).
    static func pool(_ line: String) -> StratumTestMessage {
        StratumTestMessage(direction: .responderToOriginator, bytes: Array((line + "\n").utf8))
    }

    /// Raw bytes from the miner (HTTP).
    static func minerRaw(_ text: String) -> StratumTestMessage {
        StratumTestMessage(direction: .originatorToResponder, bytes: Array(text.utf8))
    }

    /// Raw bytes from the pool (HTTP).
    static func poolRaw(_ text: String) -> StratumTestMessage {
        StratumTestMessage(direction: .responderToOriginator, bytes: Array(text.utf8))
    }
}

/// Builds and feeds test conversations.
enum StratumTestFeed {
    static let start = Timestamp(seconds: 1_514_196_000, nanoseconds: 0)

    /// The time message `index` is sent: one second apart.
    static func time(_ index: Int) -> Timestamp {
        Timestamp(nanoseconds: start.nanoseconds + Int64(index) * 1_000_000_000)
    }

    /// Where message `index` was seen.
    static func location(_ index: Int) -> EvidenceLocation {
        EvidenceLocation(file: "test.pcap", record: Int64(index + 1), timestamp: time(index))
    }

    /// Feeds every message in chunks of `chunkSize` bytes (whole messages when `nil`).
    static func analyze(
        _ messages: [StratumTestMessage],
        chunkSize: Int? = nil,
        limits: StratumLimits = StratumLimits()
    ) -> StratumAnalyzer {
        var analyzer = StratumAnalyzer(limits: limits)
        for (index, message) in messages.enumerated() {
            let size = max(1, chunkSize ?? message.bytes.count)
            var offset = 0
            while offset < message.bytes.count {
                let end = min(message.bytes.count, offset + size)
                message.bytes[offset..<end].withUnsafeBytes {
                    analyzer.receive($0, direction: message.direction, at: time(index), location: location(index))
                }
                offset = end
            }
        }
        return analyzer
    }

    /// The session of a conversation fed whole.
    static func session(_ messages: [StratumTestMessage], chunkSize: Int? = nil) -> MiningSession? {
        analyze(messages, chunkSize: chunkSize).session()
    }

    /// The evidence the analyzer is expected to quote for message `index`: the line without its newline, cut to 300.
    static func evidence(
        _ label: String,
        _ messages: [StratumTestMessage],
        _ index: Int,
        body: Bool = false
    ) -> Evidence {
        var text = String(decoding: messages[index].bytes, as: UTF8.self)
        if body, let range = text.range(of: "\r\n\r\n") { text = String(text[range.upperBound...]) }
        while text.hasSuffix("\n") { text.removeLast() }
        let excerpt = text.utf8.count > 300 ? String(decoding: Array(text.utf8.prefix(300)), as: UTF8.self) + "…" : text
        return Evidence(label: label, excerpt: excerpt, location: location(index))
    }
}

/// SplitMix64: a small seeded generator so that random tests reproduce.
struct StratumSplitMix: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
