import PaichaCore
import PaichaEstimates
import PaichaFixtures
import PaichaMining
import PaichaReport
import PaichaScan
import PaichaTestSupport
import Testing

/// On generated captures of a miner hashing at a known rate, the estimate's 95 % interval contains the
/// true rate about 95 % of the time (the Garwood interval is conservative, so at least that often).
struct KnownRateEstimateTests {
    static func estimate(
        rate: Double,
        difficulty: Double,
        seconds: Double,
        seed: UInt64
    ) throws -> (SessionEstimate, Int) {
        let directory = try TemporaryDirectory()
        let (frames, shares) = Scenarios.stratumAtKnownRate(
            hashesPerSecond: rate,
            difficulty: difficulty,
            seconds: seconds,
            seed: seed
        )
        let path = directory.path("rate.pcap")
        let writer = try PcapWriter(sink: try FileSink(path: path), linkType: LinkTypeNumber.ethernet)
        for frame in frames { try writer.write(frame) }
        try writer.close()
        let document = try ScanDocument.scanning([(path, "rate.pcap")], hashing: false)
        let session = try #require(document.hosts.first?.sessions.first)
        #expect(session.shares.accepted == shares)
        return (try #require(session.estimate), shares)
    }

    @Test(arguments: [(120.0, 1024.0), (20.0, 1024.0), (600.0, 65_536.0)])
    func intervalCoversTheTrueRate(seconds: Double, difficulty: Double) throws {
        let trueRate = 2e12
        var covered = 0
        let runs = 40
        for seed in 1...UInt64(runs) {
            let (estimate, shares) = try Self.estimate(
                rate: trueRate,
                difficulty: difficulty,
                seconds: seconds,
                seed: seed
            )
            #expect(estimate.countedShares == shares)
            let low = try #require(estimate.lowerHashesPerSecond)
            let high = try #require(estimate.upperHashesPerSecond)
            if low <= trueRate && trueRate <= high { covered += 1 }
            if shares < 10 { #expect(!estimate.caveats.isEmpty, "few shares must come with a caveat") }
        }
        // 95 % nominal; 34 of 40 leaves room for chance (P(fewer) < 1 % at 95 % coverage).
        #expect(covered >= 34, "\(covered) of \(runs) intervals held the true rate")
    }

    @Test func pointEstimateIsCloseWithManyShares() throws {
        let (estimate, shares) = try Self.estimate(rate: 5e12, difficulty: 512, seconds: 600, seed: 99)
        #expect(shares > 1000)
        let rate = try #require(estimate.hashesPerSecond)
        #expect(abs(rate / 5e12 - 1) < 0.1)
    }
}
