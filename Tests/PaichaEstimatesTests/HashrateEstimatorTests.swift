import Foundation
import PaichaCore
import PaichaEstimates
import Testing

@Suite("Hash-rate estimator")
struct HashrateEstimatorTests {
    static let estimator = HashrateEstimator()

    /// `count` accepted shares spread evenly over (0, duration).
    static func evenShares(_ count: Int, duration: Double, from start: Double = 0) -> [ShareEvent] {
        (0..<count).map { ShareEvent(time: at(start + duration * (Double($0) + 0.5) / Double(count)), accepted: true) }
    }

    @Test("100 accepted shares at difficulty 65536 over 600 s")
    func constantDifficulty() {
        let observation = ShareObservation(
            dialect: .stratumV1,
            algorithm: "sha256d",
            start: at(1000),
            end: at(1600),
            shares: Self.evenShares(100, duration: 600, from: 1000),
            work: [WorkSetting(time: at(1000), difficulty: 65536)],
            reportedHashesPerSecond: 5e13
        )
        let estimate = Self.estimator.estimate(observation)
        // 100 × 65536 × 2³² / 600 = 100 × 2⁴⁸ / 600 = 2⁴⁸ / 6 = 46 912 496 118 442.67 H/s ≈ 46.9 TH/s.
        #expect(close(estimate.hashesPerSecond, 46_912_496_118_442.664))
        // Garwood 95 % for k = 100: [81.364, 121.627] × 2⁴⁸ / 600 = [38.170, 57.058] TH/s.
        #expect(close(estimate.lowerHashesPerSecond, 38_169_879_237_399.35, relative: 1e-10))
        #expect(close(estimate.upperHashesPerSecond, 57_058_164_916_858.3, relative: 1e-10))
        #expect(estimate.countedShares == 100)
        #expect(estimate.totalHashes == 100 * 0x1p48)
        #expect(estimate.meanHashesPerShare == 0x1p48)
        #expect(estimate.durationSeconds == 600)
        #expect(estimate.isSmallSample == false)
        #expect(estimate.caveats.isEmpty)
        #expect(estimate.reportedHashesPerSecond == 5e13)
        #expect(estimate.confidenceLevel == 0.95)
    }

    @Test("a mid-session difficulty change weights each share by the difficulty in force")
    func difficultyChange() {
        // 10 shares at difficulty 1000 in the first 300 s, then 10 at 4000 (the change at 300 s applies to a
        // share at exactly 300 s). Rejected and unanswered shares are not counted.
        var shares = Self.evenShares(9, duration: 300)
        shares.append(ShareEvent(time: at(300), accepted: true))
        shares += Self.evenShares(10, duration: 300, from: 300)
        shares.append(ShareEvent(time: at(310), outcome: .rejected))
        shares.append(ShareEvent(time: at(599), outcome: .unanswered))
        var generator = SplitMix64(seed: 7)
        let observation = ShareObservation(
            dialect: .stratumV1,
            start: at(0),
            end: at(600),
            shares: shares.shuffled(using: &generator),
            work: [WorkSetting(time: at(300), difficulty: 4000), WorkSetting(time: at(0), difficulty: 1000)]
        )
        let estimate = Self.estimator.estimate(observation)
        // Σh = (9 × 1000 + 11 × 4000) × 2³² = 53 000 × 2³²; / 600 s = 379 388 777 813.33 H/s.
        #expect(close(estimate.hashesPerSecond, 53_000 * 0x1p32 / 600))
        #expect(close(estimate.hashesPerSecond, 379_388_777_813.3333, relative: 1e-12))
        #expect(estimate.countedShares == 20)
        // Exposure E = 300 s / (1000 × 2³²) + 300 s / (4000 × 2³²) = 0.375 / 2³²; H̃ = 600 / E = 1600 × 2³².
        // Interval = Garwood(k = 20) × H̃ / 600 s = [12.217, 30.888] × 1600 × 2³² / 600.
        let interval = PoissonInterval.garwood(count: 20)
        #expect(estimate.meanHashesPerShare == 1600 * 0x1p32)
        #expect(close(estimate.lowerHashesPerSecond, interval.lower * 1600 * 0x1p32 / 600))
        #expect(close(estimate.upperHashesPerSecond, interval.upper * 1600 * 0x1p32 / 600))
        // Counting unanswered shares adds the one at 599 s, at difficulty 4000.
        let counting = HashrateEstimator(countsUnansweredShares: true).estimate(observation)
        #expect(counting.countedShares == 21)
        #expect(close(counting.hashesPerSecond, 57_000 * 0x1p32 / 600))
    }

    @Test("shares known only by count are weighted by the time-weighted mean hashes per share")
    func untimedShares() {
        // 100 accepted shares without times at difficulty 65536 over 600 s: the same 2⁴⁸ / 6 H/s as with times.
        let constant = ShareObservation(
            dialect: .stratumV1,
            start: at(0),
            end: at(600),
            shares: [],
            untimedAcceptedShares: 100,
            work: [WorkSetting(time: at(0), difficulty: 65536)]
        )
        let steady = Self.estimator.estimate(constant)
        #expect(close(steady.hashesPerSecond, 46_912_496_118_442.664))
        #expect(steady.countedShares == 100)
        #expect(steady.caveats.isEmpty)
        // Difficulty 1000 then 4000 from 300 s: H̃ = 1600 × 2³², so 20 untimed shares give
        // 20 × 1600 × 2³² / 600 s = 229 064 922 453.33 H/s; 2 unanswered ones count only when asked.
        let changing = ShareObservation(
            dialect: .stratumV1,
            start: at(0),
            end: at(600),
            shares: [ShareEvent(time: at(100), accepted: true)],
            untimedAcceptedShares: 19,
            untimedUnansweredShares: 2,
            work: [WorkSetting(time: at(0), difficulty: 1000), WorkSetting(time: at(300), difficulty: 4000)]
        )
        let estimate = Self.estimator.estimate(changing)
        #expect(close(estimate.hashesPerSecond, (1000 + 19 * 1600) * 0x1p32 / 600))
        #expect(estimate.countedShares == 20)
        #expect(
            estimate.caveats == [
                "19 share(s) without times were weighted by the session's time-weighted mean difficulty."
            ]
        )
        let counting = HashrateEstimator(countsUnansweredShares: true).estimate(changing)
        #expect(counting.countedShares == 22)
        #expect(close(counting.hashesPerSecond, (1000 + 21 * 1600) * 0x1p32 / 600))
    }

    @Test("CryptoNote targets and an eth-proxy boundary feed the estimate")
    func targets() {
        let cryptonote = ShareObservation(
            dialect: .cryptonote,
            algorithm: "rx/0",
            start: at(0),
            end: at(600),
            shares: Self.evenShares(100, duration: 600),
            work: [WorkSetting(time: at(0), target: "f3220000")]
        )
        // 100 × 480 045.000 000 008 03 / 600 = 80 007.500 000 001 3 H/s.
        #expect(close(Self.estimator.estimate(cryptonote).hashesPerSecond, 80_007.5000000013, relative: 1e-14))
        let eth = ShareObservation(
            dialect: .ethProxy,
            start: at(0),
            end: at(100),
            shares: Self.evenShares(25, duration: 100),
            work: [
                WorkSetting(time: at(0), target: "0x0000000112e0be826d694b2e62d01511f12a6061fbaec8bc02357593e70e52ba")
            ]
        )
        // 25 × 4 × 10⁹ / 100 s = 10⁹ H/s.
        #expect(close(Self.estimator.estimate(eth).hashesPerSecond, 1e9, relative: 1e-14))
    }

    @Test("few shares: small-sample flag and the width in words")
    func smallSample() {
        let observation = ShareObservation(
            dialect: .stratumV1,
            start: at(0),
            end: at(60),
            shares: [ShareEvent(time: at(30), accepted: true)],
            work: [WorkSetting(time: at(0), difficulty: 1)]
        )
        let estimate = Self.estimator.estimate(observation)
        // 2³² / 60 = 71 582 788.27 H/s; interval [0.0253, 5.572] × 2³² / 60.
        #expect(close(estimate.hashesPerSecond, 0x1p32 / 60))
        #expect(close(estimate.lowerHashesPerSecond, 0.025317807984289897 * 0x1p32 / 60, relative: 1e-11))
        #expect(close(estimate.upperHashesPerSecond, 5.571643390938898 * 0x1p32 / 60, relative: 1e-11))
        #expect(estimate.isSmallSample)
        #expect(
            estimate.caveats == [
                "Only 1 share(s) were counted, so the 95 % interval is wide: 0.025× to 5.57× the estimate."
            ]
        )
    }

    @Test("no accepted share: zero, with an upper bound from the settings' harmonic mean")
    func noShares() {
        // Difficulty 1 for 0–100 s and 3 for 100–400 s: ∫dt/h = (100 / 1 + 300 / 3) / 2³² = 200 / 2³²;
        // harmonic mean = 400 / 200 × 2³² = 2 × 2³²; upper = 3.6889 × 2 × 2³² / 400 s.
        let observation = ShareObservation(
            dialect: .stratumV1,
            start: at(0),
            end: at(400),
            shares: [ShareEvent(time: at(50), accepted: false)],
            work: [WorkSetting(time: at(100), difficulty: 3), WorkSetting(time: at(-5), difficulty: 1)]
        )
        let estimate = Self.estimator.estimate(observation)
        #expect(estimate.hashesPerSecond == 0)
        #expect(estimate.lowerHashesPerSecond == 0)
        #expect(close(estimate.upperHashesPerSecond, 3.6888794541139354 * 2 * 0x1p32 / 400, relative: 1e-11))
        #expect(estimate.meanHashesPerShare == 2 * 0x1p32)
        #expect(estimate.isSmallSample)
        #expect(estimate.caveats == ["No share was counted: the rate is below 79.2 MH/s at 95 % confidence."])
    }

    @Test("shares before the first setting, unreadable settings, no settings, no duration")
    func assumptions() {
        let early = ShareObservation(
            dialect: .cryptonote,
            start: at(0),
            end: at(100),
            shares: Self.evenShares(20, duration: 100),
            work: [WorkSetting(time: at(50), target: "zz"), WorkSetting(time: at(50), difficulty: 1000)]
        )
        let estimate = Self.estimator.estimate(early)
        // 20 × 1000 / 100 s = 200 H/s; the 10 shares before 50 s use the first setting.
        #expect(estimate.hashesPerSecond == 200)
        #expect(estimate.sharesBeforeFirstSetting == 10)
        #expect(estimate.unreadableSettings == 1)
        #expect(
            estimate.caveats == [
                "1 difficulty/target setting(s) could not be read and were ignored.",
                "10 share(s) came before the first difficulty/target seen and were weighted by it.",
            ]
        )
        var none = early
        none.work = []
        let noWork = Self.estimator.estimate(none)
        #expect(noWork.hashesPerSecond == nil && noWork.upperHashesPerSecond == nil)
        #expect(noWork.countedShares == 20)
        #expect(noWork.caveats == ["No readable difficulty or target was seen, so the work per share is unknown."])
        var instant = early
        instant.end = instant.start
        #expect(Self.estimator.estimate(instant).hashesPerSecond == nil)
    }

    /// Simulates Poisson share arrivals for `runs` seeds and counts how often the interval holds the true rate.
    static func coverage(
        rate: Double,
        difficulties: [(start: Double, difficulty: Double)],
        duration: Double,
        runs: Int,
        seed: UInt64
    ) -> Int {
        var covered = 0
        for run in 0..<runs {
            var generator = SplitMix64(seed: seed &+ UInt64(run))
            var shares: [ShareEvent] = []
            for (index, setting) in difficulties.enumerated() {
                let end = index + 1 < difficulties.count ? difficulties[index + 1].start : duration
                let shareRate = rate / (setting.difficulty * 0x1p32)
                var time = setting.start
                while true {
                    time += -log(generator.unitInterval()) / shareRate
                    if time >= end { break }
                    shares.append(ShareEvent(time: at(time), accepted: true))
                }
            }
            let observation = ShareObservation(
                dialect: .stratumV1,
                start: at(0),
                end: at(duration),
                shares: shares,
                work: difficulties.map { WorkSetting(time: at($0.start), difficulty: $0.difficulty) }
            )
            let estimate = HashrateEstimator().estimate(observation)
            if let lower = estimate.lowerHashesPerSecond, let upper = estimate.upperHashesPerSecond,
                lower <= rate, rate <= upper
            {
                covered += 1
            }
        }
        return covered
    }

    @Test("the 95 % interval covers the true rate in about 95 % of simulated sessions")
    func simulatedCoverage() {
        // 1 TH/s at difficulty 8192 (2⁴⁵ hashes per share) over 600 s: 1e12 × 600 / 2⁴⁵ = 17.05 shares expected.
        let steady = Self.coverage(rate: 1e12, difficulties: [(0, 8192)], duration: 600, runs: 500, seed: 1)
        #expect(steady >= 460, "covered \(steady) of 500")
        // About 3 shares expected: the exact interval stays conservative.
        let sparse = Self.coverage(rate: 1e12, difficulties: [(0, 49152)], duration: 600, runs: 500, seed: 1000)
        #expect(sparse >= 460, "covered \(sparse) of 500")
        // Difficulty raised four-fold halfway (vardiff): 300 s at 2048 then 300 s at 8192, about 42 shares.
        let vardiff = Self.coverage(
            rate: 1e12,
            difficulties: [(0, 2048), (300, 8192)],
            duration: 600,
            runs: 500,
            seed: 2000
        )
        #expect(vardiff >= 460, "covered \(vardiff) of 500")
    }
}
