import Foundation
import PaichaCapture
import PaichaCore
import PaichaMining
import PaichaScan
import PaichaTestSupport
import Testing

/// Randomly damaged real captures go through the whole pipeline without a crash, and what was
/// read before the damage is kept.
@Suite(.enabled(if: Corpus.isAvailable, "../shared/corpus is not beside the package"))
struct ScanMutationTests {
    static let files = [
        "ndpi-mining.pcapng", "zeek-bitcoin-mining.pcap", "zeek-coinhive-stratum.pcap", "nesfit-cgminer-s0.pcapng",
        "nesfit-zec-eu-suprnova.pcapng", "ndpi-monero-node-p2p.pcap",
    ]

    static func scan(_ bytes: [UInt8], indicators: PoolIndicators) -> (ScannedInput, [HostRecord]) {
        var scanner = Scanner(configuration: ScanConfiguration(indicators: indicators))
        var reader = CaptureReader(source: MemoryByteSource(bytes), name: "mutant")
        var decoder = PacketDecoder()
        var failure: String?
        do {
            while let packet = try reader.next() {
                decoder.decode(packet) { scanner.process($0, file: "mutant") }
            }
        } catch {
            failure = "\(error)"
        }
        let hosts = scanner.finish().hosts
        return (
            ScannedInput(
                file: "mutant",
                bytes: 0,
                sha256: "",
                packets: reader.statistics.packets,
                format: "",
                error: failure
            ),
            hosts
        )
    }

    @Test(arguments: files)
    func mutatedCapturesNeverCrash(file: String) throws {
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Corpus.pcap(file))))
        let indicators = try PoolIndicators.bundled()
        var generator = SplitMix(seed: UInt64(original.count))
        for round in 0..<25 {
            var bytes = original
            let flips = 1 + Int(generator.next() % 64)
            for _ in 0..<flips {
                // Leave the file header alone half of the time so that the damage reaches the packets.
                let low = round % 2 == 0 ? 32 : 0
                let index = low + Int(generator.next() % UInt64(bytes.count - low))
                bytes[index] = UInt8(truncatingIfNeeded: generator.next())
            }
            _ = Self.scan(bytes, indicators: indicators)
        }
    }

    /// Damaging the payload bytes (not the framing) of a mining capture still finds the miner somewhere.
    @Test func payloadDamageKeepsTheOtherSessions() throws {
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Corpus.pcap("ndpi-mining.pcapng"))))
        let indicators = try PoolIndicators.bundled()
        let (_, clean) = Self.scan(original, indicators: indicators)
        #expect(clean.count == 3)
        var generator = SplitMix(seed: 7)
        var bytes = original
        // Overwrite 200 bytes in the second half of the file (packet payloads of the later sessions).
        for _ in 0..<200 {
            let index = bytes.count / 2 + Int(generator.next() % UInt64(bytes.count / 2 - 8))
            bytes[index] = UInt8(ascii: "x")
        }
        let (_, damaged) = Self.scan(bytes, indicators: indicators)
        #expect(!damaged.isEmpty)
    }

    /// Cutting a capture anywhere gives an error naming an offset within the file, and keeps the hosts seen so far.
    @Test func truncationAtManyOffsetsKeepsEarlierFindings() throws {
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Corpus.pcap("nesfit-zec-eu-suprnova.pcapng"))))
        let indicators = try PoolIndicators.bundled()
        for cut in stride(from: 1_000, to: original.count, by: 997) {
            let (input, hosts) = Self.scan(Array(original.prefix(cut)), indicators: indicators)
            let error = try #require(input.error)
            #expect(error.hasPrefix("mutant: truncated at byte "))
            if cut > 6_000 { #expect(hosts.map(\.ip.description) == ["147.229.13.222"]) }
        }
    }
}
