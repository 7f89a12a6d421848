#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which digits a test looks at.
public enum DigitTestKind: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// The first significant digit, 1…9, against Benford: log10(1 + 1/d).
    case firstDigit
    /// The second significant digit, 0…9, against Benford: Σ over first digits d of log10(1 + 1/(10d + s)).
    case secondDigit
    /// The first two significant digits, 10…99, against Benford: log10(1 + 1/dd).
    case firstTwoDigits
    /// The last two digits at the tape's lot precision, 00…99, against uniform 1/100.
    case lastTwoDigits

    /// The digit values, in order.
    public var digits: ClosedRange<Int> {
        switch self {
        case .firstDigit: 1...9
        case .secondDigit: 0...9
        case .firstTwoDigits: 10...99
        case .lastTwoDigits: 0...99
        }
    }

    /// The expected proportion of each digit value, in the order of `digits`.
    public var expected: [Double] {
        switch self {
        case .firstDigit, .firstTwoDigits:
            return self.digits.map { log10(1 + 1 / Double($0)) }
        case .secondDigit:
            return (0...9).map { s in (1...9).reduce(0.0) { $0 + log10(1 + 1 / Double(10 * $1 + s)) } }
        case .lastTwoDigits:
            return [Double](repeating: 0.01, count: 100)
        }
    }

    /// Nigrini's MAD conformity limits (close, acceptable, marginal), or `nil` when he gives none.
    public var madLimits: [Double]? {
        switch self {
        case .firstDigit: [0.006, 0.012, 0.015]
        case .secondDigit: [0.008, 0.010, 0.012]
        case .firstTwoDigits: [0.0012, 0.0018, 0.0022]
        case .lastTwoDigits: nil
        }
    }

    /// The finding kind (`trades.benford.firstDigit` …).
    public var findingKind: String {
        self == .lastTwoDigits ? "trades.lastTwoDigits" : "trades.benford.\(self.rawValue)"
    }

    /// A short name for tables.
    public var shortName: String {
        switch self {
        case .firstDigit: "1st digit"
        case .secondDigit: "2nd digit"
        case .firstTwoDigits: "first two"
        case .lastTwoDigits: "last two"
        }
    }

    private var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (lhs: DigitTestKind, rhs: DigitTestKind) -> Bool { lhs.rank < rhs.rank }
}

/// A level of agreement with an expected distribution, from best to worst.
public enum Conformity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Close conformity.
    case conforms
    /// Acceptable conformity.
    case acceptable
    /// Marginally acceptable conformity.
    case marginal
    /// Nonconformity.
    case nonconforming

    /// The level of `value` against increasing limits (close, acceptable, marginal).
    public static func level(_ value: Double, limits: [Double]) -> Conformity {
        if value <= limits[0] { return .conforms }
        if value <= limits[1] { return .acceptable }
        if value <= limits[2] { return .marginal }
        return .nonconforming
    }

    /// The level of a p-value: ≥ 0.05 conforms, ≥ 0.01 acceptable, ≥ 0.001 marginal, else nonconforming.
    public static func level(pValue: Double) -> Conformity {
        if pValue >= 0.05 { return .conforms }
        if pValue >= 0.01 { return .acceptable }
        if pValue >= 0.001 { return .marginal }
        return .nonconforming
    }

    private var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (lhs: Conformity, rhs: Conformity) -> Bool { lhs.rank < rhs.rank }
}

/// One digit value's count against its expectation.
public struct DigitCell: Hashable, Sendable, Codable {
    /// The digit value (`8`, `47`, `0`).
    public var digit: Int
    /// How many values had it.
    public var count: Int64
    /// Its share of the tested values.
    public var found: Double
    /// Its expected share.
    public var expected: Double
    /// |found − expected| less the continuity correction 1/(2n) when that is smaller, over the standard error
    /// √(p(1−p)/n) (Nigrini's Z).
    public var z: Double
}

/// A digit test's result: counts, χ², KS, MAD with conformity, and the sample-size-aware excess MAD.
public struct DigitTestResult: Hashable, Sendable, Codable {
    /// Which digits.
    public var kind: DigitTestKind
    /// The values tested.
    public var count: Int64
    /// Every digit value with its count, share, expectation and Z.
    public var cells: [DigitCell]
    /// Pearson's χ² over all digit values.
    public var chiSquare: Double
    /// Digit values − 1.
    public var degreesOfFreedom: Int
    /// P(χ² ≥ chiSquare) under the expected distribution.
    public var chiSquarePValue: Double
    /// The largest gap between the found and expected cumulative shares, digits in order.
    public var kolmogorovSmirnov: Double
    /// The 5 % critical value 1.358/√n (0 when there are no values).
    public var kolmogorovSmirnovCritical: Double
    /// Asymptotic Kolmogorov p-value (conservative for digits).
    public var kolmogorovSmirnovPValue: Double
    /// The mean absolute deviation between found and expected shares.
    public var mad: Double
    /// Nigrini's conformity for `mad` (by `chiSquarePValue` for the last-two-digits test, which has no MAD
    /// limits).
    public var madConformity: Conformity
    /// The MAD expected from sampling noise alone for this n: √(2/(πn)) · mean √(p(1−p)).
    public var expectedMAD: Double
    /// The standard deviation of MAD from sampling noise alone: √((1 − 2/π)·Σ p(1−p)/n) / k (independence
    /// approximation).
    public var expectedMADStandardDeviation: Double
    /// mad − expectedMAD.
    public var excessMAD: Double
    /// Nigrini's limits applied to the excess (for the last-two-digits test: the p-value levels of the excess's
    /// normal z).
    public var excessMADConformity: Conformity
    /// The verdict: the sample-size-aware level (`excessMADConformity`). It is never worse than the fixed
    /// cut-offs' level, since the excess is never larger than the MAD.
    public var verdict: Conformity
    /// The digit values whose share is significantly above expectation (Z ≥ 3.29, p < 0.001), largest first.
    public var spikes: [DigitCell]

    /// Evaluates counts (in the order of `kind.digits`).
    public init(kind: DigitTestKind, counts: [Int64]) {
        precondition(counts.count == kind.digits.count, "one count per digit value")
        self.kind = kind
        let n = counts.reduce(0, +)
        self.count = n
        let expected = kind.expected
        let total = Double(n)
        var cells: [DigitCell] = []
        var chi = 0.0
        var cumulativeFound = 0.0
        var cumulativeExpected = 0.0
        var ks = 0.0
        var absolute = 0.0
        var rootVariance = 0.0
        var variance = 0.0
        for (index, digit) in kind.digits.enumerated() {
            let p = expected[index]
            let found = n > 0 ? Double(counts[index]) / total : 0
            let difference = abs(found - p)
            var z = 0.0
            if n > 0 {
                let correction = 1 / (2 * total)
                let numerator = correction < difference ? difference - correction : difference
                z = numerator / (p * (1 - p) / total).squareRoot()
                let expectedCount = total * p
                chi += (Double(counts[index]) - expectedCount) * (Double(counts[index]) - expectedCount) / expectedCount
            }
            cumulativeFound += found
            cumulativeExpected += p
            ks = max(ks, abs(cumulativeFound - cumulativeExpected))
            absolute += difference
            rootVariance += (p * (1 - p)).squareRoot()
            variance += p * (1 - p)
            cells.append(DigitCell(digit: digit, count: counts[index], found: found, expected: p, z: z))
        }
        let k = Double(expected.count)
        self.cells = cells
        self.chiSquare = chi
        self.degreesOfFreedom = expected.count - 1
        self.chiSquarePValue = n > 0 ? Distributions.chiSquareSurvival(chi, degreesOfFreedom: expected.count - 1) : 1
        self.kolmogorovSmirnov = n > 0 ? ks : 0
        self.kolmogorovSmirnovCritical = n > 0 ? 1.358 / total.squareRoot() : 0
        self.kolmogorovSmirnovPValue = Distributions.kolmogorovSurvival(self.kolmogorovSmirnov, n: Int(n))
        self.mad = n > 0 ? absolute / k : 0
        self.expectedMAD = n > 0 ? (2 / (Double.pi * total)).squareRoot() * rootVariance / k : 0
        self.expectedMADStandardDeviation = n > 0 ? ((1 - 2 / Double.pi) * variance / total).squareRoot() / k : 0
        self.excessMAD = self.mad - self.expectedMAD
        if let limits = kind.madLimits {
            self.madConformity = Conformity.level(self.mad, limits: limits)
            self.excessMADConformity = Conformity.level(max(0, self.excessMAD), limits: limits)
        } else {
            self.madConformity = Conformity.level(pValue: self.chiSquarePValue)
            let z = self.expectedMADStandardDeviation > 0 ? self.excessMAD / self.expectedMADStandardDeviation : 0
            self.excessMADConformity = Conformity.level(pValue: Distributions.normalSurvival(z))
        }
        if n == 0 {
            self.madConformity = .conforms
            self.excessMADConformity = .conforms
        }
        self.verdict = self.excessMADConformity
        self.spikes = cells.filter { $0.found > $0.expected && $0.z >= 3.29 }.sorted {
            ($0.found - $0.expected, $1.digit) > ($1.found - $1.expected, $0.digit)
        }
    }

    /// Whether the test condemns the values (verdict nonconforming).
    public var isNonconforming: Bool { self.verdict == .nonconforming }
}
