#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fixed-size uniform sample of a stream of values, seeded so that runs repeat.
///
/// Li's algorithm L ("Reservoir-sampling algorithms of time complexity O(n(1 + log(N/n)))", 1994): once the
/// sample is full, the number of values to pass over before the next one enters is drawn from its distribution,
/// so a value that does not enter costs a count and a comparison — no random number and no division per value.
public struct ReservoirSample: Sendable {
    /// The most values kept.
    public let capacity: Int
    /// The values kept.
    public private(set) var values: [Double] = []
    /// Values offered.
    public private(set) var seen: Int64 = 0
    private var state: UInt64
    /// The 1-based number of the next value to enter, once the sample is full.
    private var next: Int64 = 0
    /// Algorithm L's running weight.
    private var weight: Double = 0

    /// Makes an empty sample.
    public init(capacity: Int, seed: UInt64 = 0x7A11_5EED) {
        self.capacity = max(1, capacity)
        self.state = seed
    }

    /// Offers one value.
    @inline(__always)
    public mutating func add(_ value: Double) {
        self.seen &+= 1
        if self.seen < self.next { return }
        self.admit(value)
    }

    private mutating func admit(_ value: Double) {
        if self.values.count < self.capacity {
            self.values.append(value)
            if self.values.count == self.capacity {
                self.weight = exp(log(self.nextUnit()) / Double(self.capacity))
                self.skip()
            } else {
                self.next = self.seen &+ 1
            }
            return
        }
        self.values[Int(self.nextRandom() % UInt64(self.capacity))] = value
        self.weight *= exp(log(self.nextUnit()) / Double(self.capacity))
        self.skip()
    }

    /// Draws how many values pass before the next one enters.
    private mutating func skip() {
        let gap = floor(log(self.nextUnit()) / log1p(-self.weight))
        // A weight that has underflowed to 0 or a gap beyond any stream: nothing more enters.
        self.next = gap.isFinite && gap < 9e18 - Double(self.seen) ? self.seen &+ Int64(gap) &+ 1 : .max
    }

    /// A uniform value in (0, 1).
    private mutating func nextUnit() -> Double {
        (Double(self.nextRandom() >> 11) + 0.5) * 0x1p-53
    }

    private mutating func nextRandom() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A power-law fit to the tail of the size distribution (Clauset, Shalizi & Newman 2009), with a lognormal
/// comparison. Whether trade sizes follow a power law, and what a departure would mean, is contested in the
/// literature; this is context, not evidence, and raises no finding.
public struct TailResult: Hashable, Sendable, Codable {
    /// Values in the sample the fit used (a uniform sample of at most `AuditConfiguration.tailSampleSize`).
    public var sampleSize: Int
    /// Values at or above x_min.
    public var tailCount: Int
    /// The x_min minimising the KS distance between the tail and the fitted power law.
    public var xMin: Double
    /// The maximum-likelihood exponent: 1 + n / Σ ln(x / x_min).
    public var alpha: Double
    /// Its standard error, (α − 1)/√n.
    public var alphaStandardError: Double
    /// The KS distance of the fit.
    public var kolmogorovSmirnov: Double
    /// The lognormal fitted to the same tail (truncated at x_min): μ of ln x.
    public var lognormalMu: Double
    /// σ of ln x.
    public var lognormalSigma: Double
    /// Vuong's normalised log-likelihood ratio, power law over lognormal (positive favours the power law).
    public var normalizedLogLikelihoodRatio: Double
    /// Its two-sided p-value; above 0.1 neither is favoured.
    public var pValue: Double
    /// `powerLaw`, `lognormal` or `neither`.
    public var favoured: String
    /// The caveat, always present.
    public var note: String

    /// Fits `values` (non-positive ones are ignored); `nil` when fewer than `minimumTail` positive values.
    public init?(values: [Double], minimumTail: Int = 50, candidates: Int = 200) {
        let x = values.filter { $0 > 0 && $0.isFinite }.sorted()
        guard x.count >= minimumTail else { return nil }
        let n = x.count
        var logs = x.map { log($0) }
        // Suffix sums of ln x for the MLE at every start.
        var suffix = [Double](repeating: 0, count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) { suffix[i] = suffix[i + 1] + logs[i] }
        var best: (d: Double, start: Int, alpha: Double) = (.infinity, 0, 0)
        let last = n - minimumTail
        let step = max(1, last / candidates)
        var start = 0
        while start <= last {
            // Start at the first of equal values.
            var s = start
            while s > 0, x[s - 1] == x[s] { s -= 1 }
            let tail = n - s
            let sum = suffix[s] - Double(tail) * logs[s]
            if sum > 0 {
                let alpha = 1 + Double(tail) / sum
                var d = 0.0
                for j in s..<n {
                    let fit = 1 - exp((1 - alpha) * (logs[j] - logs[s]))
                    let below = Double(j - s) / Double(tail)
                    let above = Double(j - s + 1) / Double(tail)
                    d = max(d, abs(fit - below), abs(fit - above))
                }
                if d < best.d { best = (d, s, alpha) }
            }
            start += step
        }
        guard best.d.isFinite else { return nil }
        let tailLogs = Array(logs[best.start...])
        logs = []
        let m = tailLogs.count
        let xMinLog = tailLogs[0]
        // Truncated lognormal by Nelder–Mead on (μ, ln σ), started from the tail's moments.
        let mean = tailLogs.reduce(0, +) / Double(m)
        let variance = tailLogs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(m)
        func lognormalTerms(_ mu: Double, _ sigma: Double) -> [Double] {
            let tailMass = 0.5 * erfc((xMinLog - mu) / (sigma * 2.0.squareRoot()))
            let normaliser = log(max(tailMass, 1e-300))
            return tailLogs.map { l in
                let z = (l - mu) / sigma
                return -l - log(sigma) - 0.5 * log(2 * Double.pi) - 0.5 * z * z - normaliser
            }
        }
        func negativeLikelihood(_ p: [Double]) -> Double {
            -lognormalTerms(p[0], exp(p[1])).reduce(0, +)
        }
        let fitted = NelderMead.minimize(negativeLikelihood, start: [mean, 0.5 * log(max(variance, 1e-12))])
        let mu = fitted[0]
        let sigma = exp(fitted[1])
        let alpha = best.alpha
        let powerTerms = tailLogs.map { l in log(alpha - 1) - xMinLog - alpha * (l - xMinLog) }
        let lognormal = lognormalTerms(mu, sigma)
        let differences = zip(powerTerms, lognormal).map { $0 - $1 }
        let ratio = differences.reduce(0, +)
        let meanDifference = ratio / Double(m)
        let spread = (differences.reduce(0) { $0 + ($1 - meanDifference) * ($1 - meanDifference) } / Double(m))
            .squareRoot()
        let normalized = spread > 0 ? ratio / (spread * Double(m).squareRoot()) : 0
        let p = erfc(abs(normalized) / 2.0.squareRoot())
        self.sampleSize = n
        self.tailCount = m
        self.xMin = x[best.start]
        self.alpha = alpha
        self.alphaStandardError = (alpha - 1) / Double(m).squareRoot()
        self.kolmogorovSmirnov = best.d
        self.lognormalMu = mu
        self.lognormalSigma = sigma
        self.normalizedLogLikelihoodRatio = normalized
        self.pValue = p
        self.favoured = p >= 0.1 ? "neither" : (normalized > 0 ? "powerLaw" : "lognormal")
        self.note =
            "power-law tails of trade sizes, and what departures from them mean, are contested; context, not evidence"
    }
}

/// The Nelder–Mead simplex method, for the two-parameter lognormal fit.
enum NelderMead {
    static func minimize(_ f: ([Double]) -> Double, start: [Double], iterations: Int = 400) -> [Double] {
        let dimension = start.count
        var simplex = [start]
        for i in 0..<dimension {
            var point = start
            point[i] += 0.5
            simplex.append(point)
        }
        var values = simplex.map(f)
        for _ in 0..<iterations {
            let order = values.indices.sorted { values[$0] < values[$1] }
            simplex = order.map { simplex[$0] }
            values = order.map { values[$0] }
            if abs(values[dimension] - values[0]) < 1e-10 * (abs(values[0]) + 1e-10) { break }
            var centroid = [Double](repeating: 0, count: dimension)
            for point in simplex.dropLast() {
                for i in 0..<dimension { centroid[i] += point[i] / Double(dimension) }
            }
            func along(_ t: Double) -> [Double] {
                (0..<dimension).map { centroid[$0] + t * (simplex[dimension][$0] - centroid[$0]) }
            }
            let reflected = along(-1)
            let reflectedValue = f(reflected)
            if reflectedValue < values[0] {
                let expanded = along(-2)
                let expandedValue = f(expanded)
                if expandedValue < reflectedValue {
                    simplex[dimension] = expanded
                    values[dimension] = expandedValue
                } else {
                    simplex[dimension] = reflected
                    values[dimension] = reflectedValue
                }
            } else if reflectedValue < values[dimension - 1] {
                simplex[dimension] = reflected
                values[dimension] = reflectedValue
            } else {
                let contracted = along(0.5)
                let contractedValue = f(contracted)
                if contractedValue < values[dimension] {
                    simplex[dimension] = contracted
                    values[dimension] = contractedValue
                } else {
                    for i in 1...dimension {
                        simplex[i] = (0..<dimension).map { simplex[0][$0] + 0.5 * (simplex[i][$0] - simplex[0][$0]) }
                        values[i] = f(simplex[i])
                    }
                }
            }
        }
        let best = values.indices.min { values[$0] < values[$1] }!
        return simplex[best]
    }
}
