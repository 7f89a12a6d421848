import Foundation
import PaichaCore

/// Writes the small sample capture set (`paicha sample`) with a truth file beside each capture.
public enum SampleCaptures {
    /// One written sample.
    public struct File: Sendable {
        /// The file's name in the directory.
        public var name: String
        /// The truths about its contents.
        public var truths: [Truth]
    }

    /// The interfaces of the mixed pcapng: framing and timestamp resolution.
    public static let mixedInterfaces: [(LinkLayer, TimestampResolution, String)] = [
        (.plainEthernet, .microseconds, "eth0"),
        (.linuxSLL2(interfaceIndex: 3), .nanoseconds, "any"),
        (.raw, .binary(20), "tun0"),
        (.linuxSLL, .nanoseconds, "any-v1"),
        (.null(.little), .microseconds, "lo0"),
        (.rawVersioned(ipv6: true), .nanoseconds, "ip6tnl0"),
    ]

    /// Writes `mixed.pcapng`, `classic.pcap`, `mining-be-ns.pcap.gz` and `benign.pcapng` (each with
    /// `<name>.truth.json`) into `directory`, deterministically from `seed`.
    @discardableResult
    public static func writeAll(to directory: String, seed: UInt64 = 2025) throws -> [File] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var files: [File] = []
        func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }

        // Everything, multiple interfaces, with SPB, obsolete PB, a custom and an unknown block.
        let mixed = Scenarios.run(Scenarios.catalog, seed: seed) { entry in
            (Self.mixedInterfaces[entry.interface].0, entry.interface)
        }
        let mixedWriter = try PcapngWriter(sink: FileSink(path: path("mixed.pcapng")))
        for (layer, resolution, name) in Self.mixedInterfaces {
            try mixedWriter.addInterface(linkType: layer.linkType, resolution: resolution, name: name)
        }
        try mixedWriter.writeCustomBlock(enterpriseNumber: 32_473, data: Array("paicha fixture custom block".utf8))
        try mixedWriter.writeBlock(type: 0x8000_0A1C, body: Array("unknown local block".utf8))
        let extra = Self.extraDNS(seed: seed)
        try mixedWriter.writeSimplePacket(extra[0].bytes)
        try mixedWriter.writeObsoletePacket(extra[1].bytes, timestamp: extra[1].timestamp, interface: 0)
        for frame in mergeFrames(mixed.map(\.frames)) { try mixedWriter.write(frame) }
        try mixedWriter.close()
        files.append(File(name: "mixed.pcapng", truths: mixed.flatMap(\.truths) + Self.extraDNSTruth(extra)))

        // Classic little-endian microsecond pcap, Ethernet only.
        let classicEntries = Scenarios.catalog.filter {
            [
                "stratum-v1-bitcoin", "stratum-v1-bitcoin-port25-vlan-reordered", "cryptonote-no-agent", "eth-proxy",
                "getwork-http", "benign-http-json", "benign-dns", "benign-bitcoin-node-rpc",
            ].contains($0.name)
        }
        let classic = Scenarios.run(classicEntries, seed: seed &+ 1) { _ in (.plainEthernet, 0) }
        try Self.writeClassic(
            classic,
            to: path("classic.pcap"),
            endianness: .little,
            resolution: .microseconds,
            gzip: false
        )
        files.append(File(name: "classic.pcap", truths: classic.flatMap(\.truths)))

        // Gzip of a big-endian nanosecond pcap, Linux SLL2.
        let gzipEntries = Scenarios.catalog.filter {
            [
                "zcash-stratum-gap", "cryptonote-xmrig-ipv6-443-fragmented-midstream", "ethereum-stratum-nicehash",
                "stratum-v2-noise", "tls-mining", "benign-tls-cdn",
            ]
            .contains($0.name)
        }
        let gzipped = Scenarios.run(gzipEntries, seed: seed &+ 2) { _ in (.linuxSLL2(interfaceIndex: 2), 0) }
        try Self.writeClassic(
            gzipped,
            to: path("mining-be-ns.pcap.gz"),
            endianness: .big,
            resolution: .nanoseconds,
            gzip: true
        )
        files.append(File(name: "mining-be-ns.pcap.gz", truths: gzipped.flatMap(\.truths)))

        // Benign only, big-endian pcapng.
        let benign = Scenarios.run(Scenarios.catalog.filter { !$0.isMining }, seed: seed &+ 3) { _ in
            (.plainEthernet, 0)
        }
        let benignWriter = try PcapngWriter(sink: FileSink(path: path("benign.pcapng")), endianness: .big)
        try benignWriter.addInterface(linkType: LinkTypeNumber.ethernet, resolution: .nanoseconds, name: "eth0")
        for frame in mergeFrames(benign.map(\.frames)) { try benignWriter.write(frame) }
        try benignWriter.close()
        files.append(File(name: "benign.pcapng", truths: benign.flatMap(\.truths)))

        let encoder = StableJSONEncoder()
        for file in files {
            let bytes = try encoder.encode(TruthFile(file: file.name, truths: file.truths))
            try Data(bytes).write(to: URL(fileURLWithPath: path(file.name + ".truth.json")))
        }
        return files
    }

    /// The document written as `<capture>.truth.json`.
    public struct TruthFile: Codable, Sendable {
        /// The capture's file name.
        public var file: String
        /// Every truth about it.
        public var truths: [Truth]
    }

    static func writeClassic(
        _ outputs: [ScenarioOutput],
        to path: String,
        endianness: Endianness,
        resolution: TimestampResolution,
        gzip: Bool
    ) throws {
        let file = try FileSink(path: path)
        let sink: any ByteSink = gzip ? try GzipSink(downstream: file) : file
        let linkType = outputs.first?.frames.first?.linkType ?? LinkTypeNumber.ethernet
        let writer = try PcapWriter(sink: sink, linkType: linkType, endianness: endianness, resolution: resolution)
        for frame in mergeFrames(outputs.map(\.frames)) { try writer.write(frame) }
        try writer.close()
    }

    static func extraDNS(seed: UInt64) -> [Frame] {
        var rng = SplitMix64(seed: seed ^ 0x5350_42)
        let path = NetworkPath(client: endpoint("192.168.20.30", 53_530), server: endpoint("192.168.20.1", 53))
        return Scenarios.dnsExchange(
            path,
            start: after(Scenarios.defaultStart, -second),
            name: "example.org",
            records: [.a(name: "example.org", address: 0x5DB8_D822)],
            rng: &rng
        )
    }

    static func extraDNSTruth(_ frames: [Frame]) -> [Truth] {
        [
            Truth(
                scenario: "pcapng-simple-and-obsolete-blocks",
                verdict: Truth.notAMiner,
                host: "192.168.20.30",
                server: "192.168.20.1:53",
                names: ["example.org"],
                notes: "DNS query in a Simple Packet Block (no timestamp) and its answer in an obsolete Packet Block"
            )
        ]
    }
}
