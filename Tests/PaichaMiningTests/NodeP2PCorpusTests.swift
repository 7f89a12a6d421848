import PaichaCore
import PaichaMining
import Testing

/// Real captures from the shared corpus, read with the test-only pcap walker; skipped when absent.
@Suite("Node P2P on real captures", .enabled(if: IndicatorsCorpus.isAvailable))
struct NodeP2PCorpusTests {
    /// The first payload of each TCP direction, keyed `source>destination`, in capture order.
    static func firstPayloads(_ packets: [IndicatorsPacket]) -> [(key: String, packet: IndicatorsPacket)] {
        var seen: Set<String> = []
        var result: [(String, IndicatorsPacket)] = []
        for packet in packets where packet.isTCP {
            let key = "\(packet.source)>\(packet.destination)"
            if seen.insert(key).inserted { result.append((key, packet)) }
        }
        return result
    }

    static func recognise(_ packet: IndicatorsPacket) -> NodeP2PMatch? {
        packet.payload.withUnsafeBytes {
            NodeP2P.recogniseTCP($0, ports: (source: packet.source.port, destination: packet.destination.port))
        }
    }

    @Test("Bitcoin: every direction opens with a version message")
    func bitcoin() throws {
        let packets = try indicatorsReadPcap(IndicatorsCorpus.pcap("ndpi-bitcoin-node-p2p.pcap"))
        let first = Self.firstPayloads(packets)
        #expect(first.count == 12)  // 6 connections (tshark -z conv,tcp), both directions
        for (key, packet) in first {
            let match = Self.recognise(packet)
            #expect(match?.network == .bitcoin, "\(key)")
            #expect(match?.confidence == .confirmed, "\(key)")
        }
        #expect(first.filter { Self.recognise($0.packet)?.message == "version" }.count >= 6)
    }

    @Test("Monero: every direction opens with a Levin 1001 handshake")
    func monero() throws {
        let packets = try indicatorsReadPcap(IndicatorsCorpus.pcap("ndpi-monero-node-p2p.pcap"))
        let first = Self.firstPayloads(packets)
        #expect(first.count == 8)  // 4 connections, both directions
        for (key, packet) in first {
            let match = Self.recognise(packet)
            #expect(match?.network == .monero, "\(key)")
            #expect(match?.message == "1001 handshake", "\(key)")
        }
    }

    @Test("Ethereum: discovery v4 hashes check out, RLPx handshakes by shape")
    func ethereum() throws {
        let packets = try indicatorsReadPcap(IndicatorsCorpus.pcap("ndpi-ethereum-node-p2p.pcap"))
        let udp = packets.filter { !$0.isTCP }
        #expect(udp.count == 51)  // tshark -Y udp
        let discovered = udp.compactMap { packet in packet.payload.withUnsafeBytes { NodeP2P.discoveryV4($0) } }
        #expect(discovered.count == udp.count)
        #expect(
            Set(discovered.map(\.message)).isSubset(of: [
                "ping", "pong", "findnode", "neighbors", "enrrequest", "enrresponse",
            ])
        )
        let first = Self.firstPayloads(packets).filter {
            $0.packet.source.port == NodeP2P.ethereumPort || $0.packet.destination.port == NodeP2P.ethereumPort
        }
        // 56 connections with payload; the first payload of each direction is an EIP-8 auth or ack, except
        // 78.47.147.155:30303 → 56673 whose ack is not in the capture (its first payload, 240 bytes, is a frame).
        let unmatched = first.filter { Self.recognise($0.packet) == nil }.map(\.key)
        #expect(unmatched == ["78.47.147.155:30303>192.168.1.184:56673"])
        #expect(first.count - unmatched.count > 100)
        for (key, packet) in first where !unmatched.contains(key) {
            let match = Self.recognise(packet)
            #expect(match?.network == .ethereum, "\(key)")
            #expect(match?.confidence == .likely, "\(key)")
        }
    }

    @Test("no Stratum V2 shape in captures without Stratum V2 (nodes, TLS, Stratum V1, getwork)")
    func noStratumV2() throws {
        let files = [
            "ndpi-bitcoin-node-p2p.pcap", "ndpi-monero-node-p2p.pcap", "ndpi-ethereum-node-p2p.pcap",
            "zeek-coinhive-browser-tls.pcap", "zeek-coinhive-stratum.pcap", "zeek-bitcoin-mining.pcap",
        ]
        for file in files {
            let packets = try indicatorsReadPcap(IndicatorsCorpus.pcap(file))
            var detectors: [String: StratumV2ShapeDetector] = [:]
            for packet in packets where packet.isTCP {
                let forward = packet.source < packet.destination
                let key = forward ? "\(packet.source)-\(packet.destination)" : "\(packet.destination)-\(packet.source)"
                var detector = detectors[key] ?? StratumV2ShapeDetector()
                packet.payload.withUnsafeBytes {
                    _ = detector.feed($0, direction: forward ? .originatorToResponder : .responderToOriginator)
                }
                detectors[key] = detector
            }
            #expect(!detectors.isEmpty)
            #expect(detectors.values.allSatisfy { $0.verdict == nil }, "\(file)")
        }
    }
}
