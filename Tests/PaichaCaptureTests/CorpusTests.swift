import Foundation
import PaichaCapture
import PaichaCore
import Testing

@Suite("Real captures", .enabled(if: CaptureCorpus.isAvailable, "needs ../shared/corpus"))
struct CorpusTests {
    /// Packet counts as reported by `tshark -r FILE | wc -l` and `capinfos -c`.
    static let counts: [(String, Int64)] = [
        ("ndpi-bitcoin-node-p2p.pcap", 529),
        ("ndpi-ethereum-node-p2p.pcap", 2000),
        ("ndpi-mining.pcapng", 673),
        ("ndpi-monero-node-p2p.pcap", 60),
        ("nesfit-cgminer-s0.pcapng", 855),
        ("nesfit-eth-eu1-nanopool.pcapng", 209),
        ("nesfit-zec-eu-suprnova.pcapng", 72),
        ("zeek-bitcoin-mining.pcap", 188),
        ("zeek-coinhive-browser-tls.pcap", 1912),
        ("zeek-coinhive-stratum.pcap", 320),
    ]

    @Test("packet counts match tshark; every packet decodes or is counted", arguments: 0..<counts.count)
    func packetCounts(_ index: Int) throws {
        let (name, expected) = Self.counts[index]
        var reader = CaptureReader(source: try CaptureInput.open(path: CaptureCorpus.path(name)), name: name)
        var decoder = PacketDecoder()
        var indices: [Int64] = []
        while let packet = try reader.next() {
            indices.append(packet.index)
            decoder.decode(packet) { _ in }
        }
        #expect(reader.statistics.packets == expected)
        #expect(indices == Array(1...expected))
        let s = decoder.statistics
        #expect(s.packets == expected)
        #expect(s.decoded + s.nonIP + s.truncated + s.badHeader + s.fragments - s.reassembled == expected)
        #expect(s.decoded > expected / 2)
    }

    @Test("a small buffer, one-byte-odd chunks and gzip give the same packets", arguments: 0..<counts.count)
    func sameUnderEveryReadPattern(_ index: Int) throws {
        let (name, _) = Self.counts[index]
        let bytes = CaptureCorpus.bytes(name)
        let reference = readAll(MemoryByteSource(bytes))
        #expect(reference.error == nil)
        let small = readAll(ChunkedByteSource(bytes, chunk: 997), limits: CaptureLimits(bufferSize: 4096))
        #expect(small.packets == reference.packets)
        let compressed = try GzipByteSource(source: ChunkedByteSource(gzip(bytes), chunk: 4093), name: name)
        #expect(readAll(compressed).packets == reference.packets)
    }

    @Test("ndpi-mining.pcapng: the block far off in time keeps the times tshark shows")
    func farOffTimestamp() {
        let result = readAll(MemoryByteSource(CaptureCorpus.bytes("ndpi-mining.pcapng")))
        let times = Dictionary(uniqueKeysWithValues: result.packets.map { ($0.index, $0.nanoseconds) })
        // From `tshark -T fields -e frame.number -e frame.time_epoch`: an 11-month jump after packet 209.
        #expect(times[1] == 1_484_655_421_797_845_000)
        #expect(times[209] == 1_484_655_717_723_933_000)
        #expect(times[210] == 1_514_196_094_240_063_000)
        #expect(times[673] == 1_514_197_279_769_698_000)
    }

    @Test("seeded random mutations of real captures never crash", arguments: 0..<counts.count)
    func mutations(_ index: Int) {
        let (name, _) = Self.counts[index]
        let original = CaptureCorpus.bytes(name)
        var random = SplitMix64(seed: 0x5EED_0000 + UInt64(index))
        let limits = CaptureLimits(maximumRecordLength: 65536, maximumBlockLength: 1 << 20)
        for _ in 0..<40 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...24, using: &random) {
                let position = Int.random(in: 0..<bytes.count, using: &random)
                bytes[position] = UInt8.random(in: 0...255, using: &random)
            }
            if Bool.random(using: &random) {
                bytes.removeSubrange(Int.random(in: 0..<bytes.count, using: &random)...)
            }
            var reader = CaptureReader(source: MemoryByteSource(bytes), name: name, limits: limits)
            var decoder = PacketDecoder()
            var delivered: Int64 = 0
            do {
                while let packet = try reader.next() {
                    decoder.decode(packet) { decoded in
                        #expect(decoded.payload.count <= decoded.wirePayloadLength)
                        #expect(decoded.wirePayloadLength <= decoded.ipLength)
                    }
                    delivered += 1
                }
            } catch {
                #expect(error is CaptureError)
            }
            #expect(decoder.statistics.packets == delivered)
        }
    }
}
