import PaichaCore
import PaichaMining
import PaichaScan
import PaichaTestSupport
import Testing

/// Scans the real captures in `../shared/corpus/pcap` and checks what the corpus README says is true.
@Suite(.enabled(if: Corpus.isAvailable, "../shared/corpus is not beside the package"))
struct CorpusScanTests {
    struct Result {
        var input: ScannedInput
        var hosts: [HostRecord]
        var nodes: [NodeRecord]
        var statistics: ScanStatistics

        func host(_ ip: String) -> HostRecord? { self.hosts.first { $0.ip.description == ip } }
        func sessions(to pool: String) -> [SessionRecord] {
            self.hosts.flatMap(\.sessions).filter { $0.pool.ip.description == pool }
        }
    }

    static func scan(_ name: String) throws -> Result {
        var scanner = Scanner(configuration: ScanConfiguration(indicators: try PoolIndicators.bundled()))
        let input = scanner.scan(input: try ScanInput(path: Corpus.pcap(name)))
        let result = scanner.finish()
        return Result(input: input, hosts: result.hosts, nodes: result.nodes, statistics: result.statistics)
    }

    @Test func ndpiMiningHasFourSessionsOfThreeMiners() throws {
        let result = try Self.scan("ndpi-mining.pcapng")
        #expect(result.input.error == nil)
        #expect(result.input.packets == 673)
        #expect(Set(result.hosts.map(\.ip.description)) == ["147.229.13.222", "192.168.2.92", "192.168.2.148"])

        let eth = try #require(result.sessions(to: "185.71.66.39").first)
        #expect(eth.dialect == "eth-proxy")
        #expect(eth.pool.port == 9999)
        #expect(eth.confidence == .confirmed)
        let ethDetails = try #require(eth.protocolDetails)
        #expect(ethDetails.wallet?.hasPrefix("0x9c99") == true)
        #expect(ethDetails.wallet?.hasSuffix("303b") == true)
        #expect(ethDetails.worker == "tester.worker1" || ethDetails.login?.contains("tester.worker1") == true)
        #expect(ethDetails.methodCounts["eth_getWork"] == 30)
        #expect(ethDetails.reportedHashrates.count == 14)
        #expect(ethDetails.shares.submitted == 1)

        let xmr = try #require(result.sessions(to: "178.32.196.217").first)
        #expect(xmr.dialect == "cryptonote")
        #expect(xmr.miner.ip.description == "192.168.2.92")
        #expect(xmr.pool.port == 9050)
        // 33 packets carry "submit", but three of them are retransmissions of sequence 810 (frames 229-231):
        // 30 distinct submissions, each answered OK.
        #expect(xmr.protocolDetails?.shares.submitted == 30)
        #expect(xmr.protocolDetails?.shares.accepted == 30)
        #expect(xmr.protocolDetails?.agent?.lowercased().contains("xmr-stak") == true)

        let zec1 = try #require(result.sessions(to: "94.23.199.191").first)
        let zec2 = try #require(result.sessions(to: "116.211.167.195").first)
        #expect(zec1.dialect == "stratum-v1")
        #expect(zec1.protocolDetails?.shares.submitted == 46)
        #expect(zec2.protocolDetails?.shares.submitted == 1)
        #expect(zec1.miner.ip.description == "192.168.2.148")
    }

    @Test(arguments: ["ndpi-bitcoin-node-p2p.pcap", "ndpi-ethereum-node-p2p.pcap", "ndpi-monero-node-p2p.pcap"])
    func nodeTrafficIsNotMining(file: String) throws {
        let result = try Self.scan(file)
        #expect(result.input.error == nil)
        #expect(result.hosts.isEmpty, "\(result.hosts.map(\.ip))")
    }

    @Test func bitcoinNodeIsReportedAsANode() throws {
        let result = try Self.scan("ndpi-bitcoin-node-p2p.pcap")
        #expect(!result.nodes.isEmpty)
        #expect(result.nodes.allSatisfy { $0.network == "bitcoin" })
    }

    @Test func zeekBitcoinMiningGetworkThenStratum() throws {
        let result = try Self.scan("zeek-bitcoin-mining.pcap")
        let host = try #require(result.host("10.0.2.15"))
        let dialects = Set(host.sessions.map(\.dialect))
        #expect(dialects.contains("stratum-v1"))
        #expect(dialects.contains("getwork") || dialects.contains("getblocktemplate"))
        let stratum = host.sessions.filter { $0.dialect == "stratum-v1" }
        #expect(stratum.reduce(0) { $0 + ($1.protocolDetails?.methodCounts["mining.get_transactions"] ?? 0) } == 8)
        #expect(host.sessions.contains { $0.pool.names.contains { $0.name.hasSuffix("bitminter.com") } })
    }

    @Test func coinhiveStratumLoginsWithoutAgent() throws {
        let result = try Self.scan("zeek-coinhive-stratum.pcap")
        let host = try #require(result.host("10.0.2.15"))
        let sessions = host.sessions.filter {
            $0.dialect == "cryptonote" && $0.pool.ip.description == "192.110.160.114"
        }
        // Four logins in three TCP connections (the first connection logs in twice).
        #expect(sessions.count == 3)
        #expect(sessions.reduce(0) { $0 + ($1.protocolDetails?.methodCounts["login"] ?? 0) } == 4)
        #expect(sessions.allSatisfy { $0.protocolDetails?.agent == nil })
        #expect(sessions.allSatisfy { $0.pool.names.contains { $0.name == "la01.supportxmr.com" } })
    }

    @Test func coinhiveBrowserMiningIsLikelyByIndicatorOnly() throws {
        let result = try Self.scan("zeek-coinhive-browser-tls.pcap")
        #expect(result.hosts.count == 1)
        let host = try #require(result.hosts.first)
        #expect(host.confidence == .likely)
        #expect(host.sessions.allSatisfy { $0.pool.names.contains { $0.name.hasSuffix("authedmine.com") } })
        #expect(host.sessions.allSatisfy { $0.reason.contains("authedmine.com") })
    }

    @Test func cgminerProbingManyPools() throws {
        let result = try Self.scan("nesfit-cgminer-s0.pcapng")
        #expect(result.hosts.map(\.ip.description) == ["192.168.1.100"])
        let host = try #require(result.hosts.first)
        #expect(host.confidence == .confirmed)
        #expect(Set(host.sessions.map(\.pool.port)).isSuperset(of: [25]))
    }

    @Test func nanopoolSelfReportedRates() throws {
        let result = try Self.scan("nesfit-eth-eu1-nanopool.pcapng")
        let session = try #require(result.hosts.first?.sessions.first)
        #expect(session.dialect == "eth-proxy")
        #expect(session.protocolDetails?.reportedHashrates.count == 14)
    }

    @Test func suprnovaZcash() throws {
        let result = try Self.scan("nesfit-zec-eu-suprnova.pcapng")
        let session = try #require(result.sessions(to: "37.187.149.70").first)
        #expect(session.miner.ip.description == "147.229.13.222")
        #expect(session.pool.port == 2142)
        #expect(session.protocolDetails?.shares.submitted == 11)
        #expect(session.protocolDetails?.difficulty.filter { $0.target != nil }.count == 2)
    }
}
