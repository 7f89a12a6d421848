import Foundation
import PaichaTrades
import Testing

@Suite struct PowerLawTailTests {
    @Test(arguments: [2.2, 2.5, 3.0])
    func recoversAParetoExponent(_ alpha: Double) throws {
        var random = SplitMix64(seed: UInt64(alpha * 100))
        let values = (0..<5000).map { _ in pow(1 - Double.random(in: 0..<1, using: &random), -1 / (alpha - 1)) }
        let fit = try #require(TailResult(values: values))
        #expect(
            abs(fit.alpha - alpha) < 4 * fit.alphaStandardError + 0.05,
            "α \(fit.alpha) ± \(fit.alphaStandardError)"
        )
        #expect(fit.xMin >= 1 && fit.xMin < 3)
        #expect(fit.favoured != "lognormal")
        #expect(fit.kolmogorovSmirnov < 0.05)
        #expect(fit.note.contains("contested"))
    }

    @Test func lognormalSizesAreNotCalledAPowerLaw() throws {
        var random = SplitMix64(seed: 42)
        let values = (0..<5000).map { _ -> Double in
            // Box–Muller.
            let u = Double.random(in: Double.ulpOfOne..<1, using: &random)
            let v = Double.random(in: 0..<1, using: &random)
            return exp(1 + 1.5 * (-2 * log(u)).squareRoot() * cos(2 * .pi * v))
        }
        let fit = try #require(TailResult(values: values))
        #expect(fit.favoured != "powerLaw")
    }

    @Test func tooFewValuesGiveNoFit() {
        #expect(TailResult(values: [1, 2, 3]) == nil)
        #expect(TailResult(values: [Double](repeating: 0, count: 100)) == nil)
    }

    @Test func reservoirIsUniformAndRepeatable() {
        var first = ReservoirSample(capacity: 1000)
        var second = ReservoirSample(capacity: 1000)
        for i in 0..<100_000 {
            first.add(Double(i))
            second.add(Double(i))
        }
        #expect(first.values == second.values)
        #expect(first.seen == 100_000)
        let mean = first.values.reduce(0, +) / 1000
        #expect(abs(mean - 50_000) < 3_000)  // the mean of a uniform sample of 0..<100000 (sd ≈ 913)
    }

    /// Every part of a long stream is equally likely to be kept (algorithm L skips ahead between entries), and a
    /// stream shorter than the capacity is kept whole.
    @Test(arguments: [UInt64(1), 2, 3])
    func reservoirKeepsEveryDecileAlike(seed: UInt64) {
        var sample = ReservoirSample(capacity: 2000, seed: seed)
        for i in 0..<1_000_000 { sample.add(Double(i)) }
        #expect(sample.values.count == 2000)
        var deciles = [Int](repeating: 0, count: 10)
        for value in sample.values { deciles[Int(value) / 100_000] += 1 }
        let chiSquare = deciles.reduce(0.0) { $0 + pow(Double($1) - 200, 2) / 200 }
        #expect(chiSquare < 27.88, "\(deciles)")  // χ²(9) at p = 0.001
        #expect(Set(sample.values).count == 2000)  // no value twice
        var short = ReservoirSample(capacity: 2000, seed: seed)
        for i in 0..<1500 { short.add(Double(i)) }
        #expect(short.values == (0..<1500).map(Double.init))
    }
}
