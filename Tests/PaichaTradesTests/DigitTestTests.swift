import Foundation
import PaichaTrades
import Testing

@Suite struct DigitTestTests {
    @Test func benfordExpectationsSumToOne() {
        for kind in DigitTestKind.allCases {
            #expect(abs(kind.expected.reduce(0, +) - 1) < 1e-12, "\(kind)")
        }
        #expect(abs(DigitTestKind.firstDigit.expected[0] - 0.301029995663981) < 1e-15)
        #expect(abs(DigitTestKind.secondDigit.expected[0] - 0.119_679_268_596_880_73) < 1e-15)
        #expect(abs(DigitTestKind.secondDigit.expected[9] - 0.084_997_352_057_692_24) < 1e-15)
    }

    @Test func chiSquarePValuesAtKnownCriticalValues() {
        // Tabulated 5 %, 1 % and 0.1 % points of χ².
        #expect(abs(Distributions.chiSquareSurvival(15.507, degreesOfFreedom: 8) - 0.05) < 1e-4)
        #expect(abs(Distributions.chiSquareSurvival(20.090, degreesOfFreedom: 8) - 0.01) < 1e-4)
        #expect(abs(Distributions.chiSquareSurvival(16.919, degreesOfFreedom: 9) - 0.05) < 1e-4)
        #expect(abs(Distributions.chiSquareSurvival(112.022, degreesOfFreedom: 89) - 0.05) < 1e-4)
        #expect(abs(Distributions.chiSquareSurvival(148.230, degreesOfFreedom: 99) - 0.001) < 1e-5)
        // Closed forms: P(1, x) = 1 − e^−x; P(1/2, x) = erf(√x).
        for x in [0.01, 0.5, 1, 2.5, 10, 40] {
            #expect(abs(Distributions.regularizedGammaP(1, x) - (1 - exp(-x))) < 1e-14)
            #expect(abs(Distributions.regularizedGammaP(0.5, x) - erf(x.squareRoot())) < 1e-14)
            #expect(
                abs(Distributions.regularizedGammaQ(0.5, x) - erfc(x.squareRoot())) < 1e-14
                    * max(1, erfc(x.squareRoot()) * 1e14)
            )
        }
        #expect(Distributions.chiSquareSurvival(0, degreesOfFreedom: 8) == 1)
        #expect(Distributions.chiSquareSurvival(5000, degreesOfFreedom: 8) < 1e-300)
    }

    @Test func kolmogorovAtItsCriticalValue() {
        // 1.358/√n is the 5 % point for large n.
        let n = 1_000_000
        #expect(abs(Distributions.kolmogorovSurvival(1.358 / Double(n).squareRoot(), n: n) - 0.05) < 1e-3)
        #expect(abs(Distributions.kolmogorovSurvival(1.628 / Double(n).squareRoot(), n: n) - 0.01) < 1e-3)
    }

    /// A hand-worked first-digit example: 100 values.
    @Test func workedFirstDigitExample() {
        let counts: [Int64] = [40, 15, 10, 8, 7, 6, 5, 5, 4]
        let result = DigitTestResult(kind: .firstDigit, counts: counts)
        let p = DigitTestKind.firstDigit.expected
        // χ² = Σ (O − 100p)² / (100p), by hand from log10(1 + 1/d).
        var chi = 0.0
        var mad = 0.0
        for d in 0..<9 {
            chi += pow(Double(counts[d]) - 100 * p[d], 2) / (100 * p[d])
            mad += abs(Double(counts[d]) / 100 - p[d]) / 9
        }
        #expect(abs(result.chiSquare - chi) < 1e-12)
        #expect(abs(result.chiSquare - 4.797_024_776_713_12) < 1e-12)
        #expect(result.degreesOfFreedom == 8)
        // scipy.stats.chi2.sf(4.79702477671312, 8) = 0.7790337850700857.
        #expect(abs(result.chiSquarePValue - 0.779_033_785_070_085_7) < 1e-12)
        #expect(abs(result.mad - mad) < 1e-15)
        // Z for digit 1: (|0.40 − 0.30103| − 1/200) / √(0.30103·0.69897/100).
        #expect(abs(result.cells[0].z - (0.40 - p[0] - 0.005) / (p[0] * (1 - p[0]) / 100).squareRoot()) < 1e-12)
        // KS: the largest cumulative gap is after digit 1.
        #expect(abs(result.kolmogorovSmirnov - (0.40 - p[0])) < 1e-12)
        #expect(abs(result.kolmogorovSmirnovCritical - 0.1358) < 1e-12)
        #expect(result.madConformity == .nonconforming)
        #expect(
            abs(
                result.expectedMAD - (2 / (Double.pi * 100)).squareRoot()
                    * p.map { ($0 * (1 - $0)).squareRoot() }.reduce(0, +) / 9
            ) < 1e-15
        )
        // Digit 1's Z is 2.05: above expectation but not a spike at p < 0.001.
        #expect(abs(result.cells[0].z - 2.048_590_202_398_089) < 1e-12)
        #expect(result.spikes.isEmpty)
        #expect(result.count == 100)
    }

    @Test func continuityCorrectionOnlyWhenSmaller() {
        // Digit 2 is off by less than 1/(2n): no correction.
        let counts: [Int64] = [30, 18, 13, 10, 8, 7, 6, 4, 4]
        let result = DigitTestResult(kind: .firstDigit, counts: counts)
        let p = DigitTestKind.firstDigit.expected[1]
        let difference = abs(0.18 - p)
        #expect(difference < 0.005)
        #expect(abs(result.cells[1].z - difference / (p * (1 - p) / 100).squareRoot()) < 1e-12)
    }

    @Test func emptyCountsConform() {
        let result = DigitTestResult(kind: .lastTwoDigits, counts: [Int64](repeating: 0, count: 100))
        #expect(result.verdict == .conforms)
        #expect(result.chiSquarePValue == 1)
        #expect(result.mad == 0)
    }

    /// The expected MAD under Benford matches simulation: 400 samples of 500 Benford values.
    @Test(arguments: [DigitTestKind.firstDigit, .secondDigit, .firstTwoDigits])
    func expectedMADMatchesSimulation(_ kind: DigitTestKind) {
        var random = SplitMix64(seed: 0xBE4F04D + UInt64(kind.digits.count))
        let n = 500
        var total = 0.0
        var squares = 0.0
        let reps = 400
        var last: DigitTestResult?
        for _ in 0..<reps {
            var counts = [Int64](repeating: 0, count: kind.digits.count)
            for _ in 0..<n {
                let value = pow(10, Double.random(in: 0..<1, using: &random))
                let two = Int(value * 10)
                switch kind {
                case .firstDigit: counts[two / 10 - 1] += 1
                case .secondDigit: counts[two % 10] += 1
                default: counts[two - 10] += 1
                }
            }
            let result = DigitTestResult(kind: kind, counts: counts)
            total += result.mad
            squares += result.mad * result.mad
            last = result
        }
        let mean = total / Double(reps)
        let expected = last!.expectedMAD
        // Within 6 % (the formula ignores the multinomial's correlations and the folded normal's discreteness).
        #expect(abs(mean - expected) / expected < 0.06, "mean MAD \(mean), formula \(expected)")
        let sd = (squares / Double(reps) - mean * mean).squareRoot()
        #expect(sd < 2 * last!.expectedMADStandardDeviation && sd > 0.5 * last!.expectedMADStandardDeviation)
    }
}
