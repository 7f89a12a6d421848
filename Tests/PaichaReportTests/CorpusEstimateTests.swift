import PaichaCore
import PaichaEstimates
import PaichaMining
import PaichaReport
import PaichaScan
import PaichaTestSupport
import Testing

/// Hash-rate estimates on the real captures, stated with their share counts.
@Suite(.enabled(if: Corpus.isAvailable, "../shared/corpus is not beside the package"))
struct CorpusEstimateTests {
    static func sessions(_ file: String) throws -> [ScanDocument.Session] {
        try ScanDocument.scanning([(Corpus.pcap(file), file)]).hosts.flatMap(\.sessions)
    }

    /// ethminer reports its own rate 14 times; the estimate from its single accepted share must bracket it,
    /// and the interval is wide because one share says little.
    @Test func ethereumEstimateBracketsTheSelfReportedRate() throws {
        let session = try #require(try Self.sessions("nesfit-eth-eu1-nanopool.pcapng").first)
        let estimate = try #require(session.estimate)
        let reported = try #require(estimate.reportedHashesPerSecond)
        #expect(abs(reported - 30_450_000) < 300_000)  // about 30.45 MH/s, as ethminer says
        #expect(estimate.countedShares == 1)
        let low = try #require(estimate.lowerHashesPerSecond)
        let high = try #require(estimate.upperHashesPerSecond)
        #expect(low < reported && reported < high)
        #expect(high / low > 100)
        #expect(!estimate.caveats.isEmpty)
        #expect(estimate.family == .ethash)
    }

    /// xmr-stak: 30 accepted shares at the pool's CryptoNote targets over about 19 minutes.
    @Test func cryptonoteEstimateFromThirtyShares() throws {
        let sessions = try Self.sessions("ndpi-mining.pcapng")
        let session = try #require(sessions.first { $0.dialect == "cryptonote" })
        let estimate = try #require(session.estimate)
        #expect(estimate.countedShares == 30)
        let rate = try #require(estimate.hashesPerSecond)
        #expect(rate > 400 && rate < 650)
        let low = try #require(estimate.lowerHashesPerSecond)
        let high = try #require(estimate.upperHashesPerSecond)
        #expect(low < rate && rate < high)
        #expect(estimate.kilowatts.map { $0.typical > 0 } == true)
    }
}
