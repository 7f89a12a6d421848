public import PaichaCore

extension Scenarios {
    /// 2025-11-24T10:00:00Z, the default start of sample captures.
    public static let defaultStart = Timestamp(seconds: 1_763_978_400, nanoseconds: 0)

    /// One entry of the catalog: a name and how to run it.
    public struct Entry: Sendable {
        /// The scenario's name.
        public var name: String
        /// Whether it is mining (or a mining indicator).
        public var isMining: Bool
        /// Interface preference (index into the sample's interface list).
        public var interface: Int
        /// Runs the scenario.
        public var run: @Sendable (ScenarioSetup) -> ScenarioOutput
    }

    /// Every scenario, mining variants (odd ports, IPv6, VLAN, fragments, TCP damage) and benign traffic.
    public static let catalog: [Entry] = [
        Entry(name: "stratum-v1-bitcoin", isMining: true, interface: 0) { stratumV1Bitcoin($0) },
        Entry(name: "stratum-v1-bitcoin-port25-vlan-reordered", isMining: true, interface: 0) {
            stratumV1Bitcoin(
                $0,
                options: MiningOptions(
                    client: endpoint("10.20.0.5", 41_000),
                    server: endpoint("103.47.209.66", 25),
                    vlans: [100],
                    perturbations: TCPConversation.Perturbations(
                        outOfOrder: [9],
                        duplicated: [3, 12],
                        overlapping: [11]
                    ),
                    agent: "cgminer/4.10.0",
                    variant: "port25-vlan-reordered"
                )
            ).annotated(
                "port 25, 802.1Q VLAN 100; notify (message 9) split and reordered, messages 3 and 12 retransmitted, message 11 retransmitted overlapping"
            )
        },
        Entry(name: "stratum-v1-bitcoin-port80-qinq-fragmented", isMining: true, interface: 0) {
            stratumV1Bitcoin(
                $0,
                options: MiningOptions(
                    client: endpoint("10.20.0.6", 41_500),
                    server: endpoint("45.76.101.9", 80),
                    vlans: [200, 10],
                    fragmentation: NetworkPath.Fragmentation(count: 3, outOfOrder: true),
                    ipOptions: true,
                    agent: "cgminer/4.10.0",
                    variant: "port80-qinq-fragmented"
                )
            ).annotated(
                "port 80, QinQ 200/10, IPv4 Record Route option, packets of 200+ bytes in 3 fragments sent last-first"
            )
        },
        Entry(name: "zcash-stratum-gap", isMining: true, interface: 1) {
            zcashStratum(
                $0,
                options: MiningOptions(
                    perturbations: TCPConversation.Perturbations(lost: [7]),
                    mss: 256,
                    variant: "gap"
                )
            ).annotated(
                "MSS 256; first segment of the first mining.notify (message 7) not captured: a gap mid-line, resync at the next line"
            )
        },
        Entry(name: "cryptonote-xmrig-ipv6-443-fragmented-midstream", isMining: true, interface: 5) {
            cryptonoteXMRig(
                $0,
                options: MiningOptions(
                    client: endpoint("2001:db8:10::77", 50_123),
                    server: endpoint("2a01:4f8:c17:3b2::2", 443),
                    fragmentation: NetworkPath.Fragmentation(count: 2, minimumSegment: 400),
                    ipOptions: true,
                    perturbations: TCPConversation.Perturbations(midStream: true),
                    variant: "ipv6-443-fragmented-midstream"
                )
            ).annotated(
                "IPv6 on port 443 with Hop-by-Hop and Destination Options headers, 400+ byte packets in 2 fragments, no handshake captured"
            )
        },
        Entry(name: "cryptonote-no-agent", isMining: true, interface: 2) { cryptonoteNoAgent($0) },
        Entry(name: "eth-proxy", isMining: true, interface: 3) { ethProxy($0) },
        Entry(name: "ethereum-stratum-nicehash", isMining: true, interface: 4) { ethereumStratumNiceHash($0) },
        Entry(name: "getwork-http", isMining: true, interface: 0) { getwork($0) },
        Entry(name: "getblocktemplate-http", isMining: true, interface: 1) { getblocktemplate($0) },
        Entry(name: "stratum-v2-noise", isMining: true, interface: 0) { stratumV2($0) },
        Entry(name: "tls-mining", isMining: true, interface: 0) { tlsMining($0) },
        Entry(name: "tls-mining-ethermine", isMining: true, interface: 1) {
            tlsMining(
                $0,
                poolName: "eu1.ethermine.org",
                options: MiningOptions(
                    client: endpoint("192.168.10.121", 52_000),
                    server: endpoint("51.91.78.31", 5555),
                    variant: "ethermine"
                )
            )
        },
        Entry(name: "dns-pool-names", isMining: true, interface: 0) { dnsPoolNames($0) },
        Entry(name: "benign-http-json", isMining: false, interface: 0) { httpJSONAPI($0) },
        Entry(name: "benign-tls-cdn", isMining: false, interface: 1) { tlsCDN($0) },
        Entry(name: "benign-dns", isMining: false, interface: 0) { benignDNS($0) },
        Entry(name: "benign-ethereum-node-rpc", isMining: false, interface: 3) { ethereumNodeRPC($0) },
        Entry(name: "benign-bitcoin-node-rpc", isMining: false, interface: 0) { bitcoinNodeRPC($0) },
        Entry(name: "benign-ndjson-logs", isMining: false, interface: 2) { ndjsonLogShipper($0) },
        Entry(name: "benign-bitcoin-node-p2p", isMining: false, interface: 0) { bitcoinNodeP2P($0) },
        Entry(name: "benign-shared-cdn-address", isMining: false, interface: 1) { sharedCDNAddress($0) },
        Entry(name: "benign-bulk-download", isMining: false, interface: 0) {
            bulkDownload(
                $0,
                client: endpoint("192.168.20.20", 48_000),
                server: endpoint("151.101.2.132", 80),
                bytes: 300_000
            )
        },
    ]

    /// Runs `entries` with seeds derived from `seed`, starting 5 s apart, on the given framings.
    public static func run(
        _ entries: [Entry],
        seed: UInt64,
        start: Timestamp = defaultStart,
        link: (Entry) -> (LinkLayer, Int)
    ) -> [ScenarioOutput] {
        var rng = SplitMix64(seed: seed)
        return entries.enumerated().map { index, entry in
            let (layer, interface) = link(entry)
            let setup = ScenarioSetup(
                seed: rng.next(),
                start: after(start, Int64(index) * 5 * second + Int64(rng.int(0...999)) * millisecond),
                link: layer,
                interface: interface
            )
            return entry.run(setup)
        }
    }
}
