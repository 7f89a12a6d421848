import PaichaCapture
import Testing

@testable import PaichaScan

/// Collects what a reassembler delivers as text, gaps shown as `<gap N>`.
private struct Collector {
    var reassembler = TCPReassembler()
    var statistics = StreamStatistics()
    var limits = StreamLimits()
    var output = ""

    mutating func send(_ sequence: UInt32, _ text: String, flags: TCPFlags = [.ack]) {
        var out = ""
        Array(text.utf8).withUnsafeBytes { bytes in
            self.reassembler.segment(
                sequence: sequence,
                flags: flags,
                payload: bytes,
                limits: self.limits,
                statistics: &self.statistics
            ) { event in
                switch event {
                case .data(let data): out += String(decoding: data, as: UTF8.self)
                case .gap(let length): out += "<gap \(length)>"
                }
            }
        }
        self.output += out
    }

    mutating func flush() {
        var out = ""
        self.reassembler.flush(statistics: &self.statistics) { event in
            switch event {
            case .data(let data): out += String(decoding: data, as: UTF8.self)
            case .gap(let length): out += "<gap \(length)>"
            }
        }
        self.output += out
    }
}

struct TCPReassemblerTests {
    @Test func inOrderAfterSYN() {
        var c = Collector()
        c.send(1000, "", flags: [.syn])
        c.send(1001, "{\"id\":1}\n")
        c.send(1010, "{\"id\":2}\n")
        #expect(c.output == "{\"id\":1}\n{\"id\":2}\n")
        #expect(c.statistics == StreamStatistics())
    }

    @Test func outOfOrderIsHeldThenDelivered() {
        var c = Collector()
        c.send(0, "", flags: [.syn])
        c.send(6, "world\n")
        #expect(c.output == "")
        c.send(1, "hello")
        #expect(c.output == "helloworld\n")
        #expect(c.statistics.outOfOrderSegments == 1)
        #expect(c.statistics.gaps == 0)
    }

    @Test func retransmissionsAndOverlapsDeliverEachByteOnce() {
        var c = Collector()
        c.send(0, "", flags: [.syn])
        c.send(1, "abcdef")
        c.send(1, "abcdef")  // whole retransmission
        c.send(4, "defghi")  // overlap of three bytes
        c.send(8, "hijk")  // overlap of two
        #expect(c.output == "abcdefghijk")
        #expect(c.statistics.retransmittedSegments == 1)
    }

    @Test func peerAcknowledgingUnseenBytesDeclaresAGap() {
        var c = Collector()
        c.send(0, "", flags: [.syn])
        c.send(1, "line one\n")
        c.reassembler.peerAcknowledged(40)
        c.send(20, "line three\n")
        #expect(c.output == "line one\n<gap 10>line three\n")
        #expect(c.statistics.gaps == 1)
        #expect(c.statistics.gapBytes == 10)
    }

    @Test func heldBytesLimitForcesAGap() {
        var c = Collector()
        c.limits.maximumOutOfOrderSegments = 2
        c.send(0, "", flags: [.syn])
        c.send(11, "b")
        c.send(12, "c")
        #expect(c.output == "")
        c.send(13, "d")
        #expect(c.output == "<gap 10>bcd")
        #expect(c.statistics.outOfOrderLimitHits == 1)
    }

    @Test func midstreamJoinStartsWithAGapOfUnknownLength() {
        var c = Collector()
        c.send(5000, "tail of a line\n{\"id\":3}\n")
        #expect(c.output == "<gap 0>tail of a line\n{\"id\":3}\n")
        #expect(c.statistics.midstreamFlows == 1)
    }

    @Test func sequenceNumbersWrapAround() {
        var c = Collector()
        c.send(UInt32.max - 3, "", flags: [.syn])
        c.send(UInt32.max - 2, "abc")
        c.send(0, "def")  // "abc" ended at UInt32.max, so the stream goes on at 0
        c.send(UInt32.max, "cd")  // an overlapping retransmission across the wrap
        #expect(c.output == "abcdef")
    }

    @Test func flushGivesUpOnHolesAtTheEnd() {
        var c = Collector()
        c.send(0, "", flags: [.syn])
        c.send(1, "a")
        c.send(5, "e")
        c.flush()
        #expect(c.output == "a<gap 3>e")
    }

    /// The same stream cut into segments of every size and sent shuffled with duplicates comes out whole.
    @Test(arguments: 1...24)
    func everySegmentSizeInAnyOrder(size: Int) {
        let text = "{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"cgminer/4.10.0\"]}\n{\"id\":2}\n"
        let bytes = Array(text.utf8)
        var segments: [(UInt32, String)] = []
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + size)
            segments.append((UInt32(100 + offset), String(decoding: bytes[offset..<end], as: UTF8.self)))
            offset = end
        }
        var generator = SplitMix(seed: UInt64(size))
        var order = segments + segments.prefix(3)
        // Keep the first segment first so that delivery starts; shuffle the rest.
        let head = order.removeFirst()
        order.shuffle(using: &generator)
        var c = Collector()
        c.limits.maximumOutOfOrderSegments = 1_000
        c.send(99, "", flags: [.syn])
        c.send(head.0, head.1)
        for (sequence, piece) in order { c.send(sequence, piece) }
        c.flush()
        #expect(c.output == text)
        #expect(c.statistics.gaps == 0)
    }
}

/// A small deterministic generator (SplitMix64) so that shuffles reproduce.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { self.state = seed }
    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
