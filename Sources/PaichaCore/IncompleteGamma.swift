#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The gamma function's logarithm and the regularized incomplete gamma functions, with the inverse of P.
///
/// Written here rather than taken from a library so that the statistics (Poisson intervals for hash rates,
/// chi-square p-values for digit tests) have no dependency and their accuracy is tested in this package. Methods (Numerical Recipes, 3rd ed., §6.1–6.2; Press et al.):
/// - `logGamma`: Lanczos approximation with Godfrey's coefficients (g = 607/128, 15 terms), relative error
///   below 1e-15 for x > 0.
/// - `p(a, x)`: the series Σ xⁿ / (a(a+1)…(a+n)) when x < a + 1, otherwise 1 − Q from the continued fraction
///   for Q evaluated by the modified Lentz method; both to a relative tolerance of 1e-15.
/// - `inverseP(a, p)`: the NR `invgammp` starting guess, then Halley steps kept inside a bracket that bisection
///   narrows whenever a step would leave it; converges to about 1e-14 relative.
public enum IncompleteGamma {
    private static let lanczosG = 607.0 / 128.0
    private static let lanczosCoefficients: [Double] = [
        0.999999999999997092, 57.1562356658629235, -59.5979603554754912, 14.1360979747417471,
        -0.491913816097620199, 0.339946499848118887e-4, 0.465236289270485756e-4, -0.983744753048795646e-4,
        0.158088703224912494e-3, -0.210264441724104883e-3, 0.217439618115212643e-3, -0.164318106536763890e-3,
        0.844182239838527433e-4, -0.261908384015814087e-4, 0.368991826595316234e-5,
    ]

    /// ln Γ(x) for x > 0 (NaN otherwise).
    public static func logGamma(_ x: Double) -> Double {
        guard x > 0 else { return .nan }
        // Γ(x) = Γ(x + 1) / x keeps the Lanczos sum away from its pole at x = 0.
        if x < 0.5 { return self.logGamma(x + 1) - log(x) }
        // Γ(z + 1) = √(2π) (z + g + ½)^(z + ½) e^−(z + g + ½) (c₀ + Σ cₖ / (z + k)), with z = x − 1.
        let z = x - 1
        let t = z + lanczosG + 0.5
        var sum = lanczosCoefficients[0]
        for k in 1..<lanczosCoefficients.count {
            sum += lanczosCoefficients[k] / (z + Double(k))
        }
        return 0.918_938_533_204_672_8 + (z + 0.5) * log(t) - t + log(sum)
    }

    /// The regularized lower incomplete gamma function P(a, x) = γ(a, x) / Γ(a), for a > 0 and x ≥ 0.
    ///
    /// P(a, x) is the probability that a Gamma(a, 1) variable is at most x; for whole a = k it is the chance
    /// of at least k events of a Poisson process with mean x.
    public static func p(_ a: Double, _ x: Double) -> Double {
        guard a > 0, x >= 0, a.isFinite, !x.isNaN else { return .nan }
        if x == 0 { return 0 }
        if x == .infinity { return 1 }
        if x < a + 1 { return self.series(a, x) }
        return 1 - self.continuedFraction(a, x)
    }

    /// The regularized upper incomplete gamma function Q(a, x) = 1 − P(a, x), computed without cancellation.
    public static func q(_ a: Double, _ x: Double) -> Double {
        guard a > 0, x >= 0, a.isFinite, !x.isNaN else { return .nan }
        if x == 0 { return 1 }
        if x == .infinity { return 0 }
        if x < a + 1 { return 1 - self.series(a, x) }
        return self.continuedFraction(a, x)
    }

    /// The x with P(a, x) = p, for a > 0 and 0 ≤ p ≤ 1 (the p-quantile of a Gamma(a, 1) distribution).
    public static func inverseP(_ a: Double, _ p: Double) -> Double {
        guard a > 0, a.isFinite, p >= 0, p <= 1 else { return .nan }
        if p == 0 { return 0 }
        if p == 1 { return .infinity }
        // Starting guess (NR invgammp).
        var x: Double
        if a > 1 {
            let pp = p < 0.5 ? p : 1 - p
            let t = (-2 * log(pp)).squareRoot()
            var z = (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481)) - t
            if p < 0.5 { z = -z }
            x = max(1e-3, a * pow(1 - 1 / (9 * a) - z / (3 * a.squareRoot()), 3))
        } else {
            let t = 1 - a * (0.253 + a * 0.12)
            x = p < t ? pow(p / t, 1 / a) : 1 - log(1 - (p - t) / (1 - t))
        }
        // Bracket: P is increasing in x.
        var low = 0.0
        var high = Double.infinity
        for _ in 0..<200 {
            let value = self.p(a, x)
            let error = value - p
            if error == 0 { return x }
            if error < 0 { low = max(low, x) } else { high = min(high, x) }
            // Density of Gamma(a, 1) at x.
            let density = self.prefactor(a, x) / x
            var next = x
            if density > 0, density.isFinite {
                let u = error / density
                let halley = u / (1 - 0.5 * min(1, u * ((a - 1) / x - 1)))
                next = x - halley
            }
            if abs(next - x) <= 2e-15 * x {
                return next
            }
            if !(next > low && next < high) || !next.isFinite {
                next = high.isFinite ? 0.5 * (low + high) : 2 * x
            }
            x = next
            if high.isFinite, high - low <= 1e-15 * high { return 0.5 * (low + high) }
        }
        return x
    }

    private static func series(_ a: Double, _ x: Double) -> Double {
        var term = 1 / a
        var sum = term
        var denominator = a
        for _ in 0..<1_000_000 {
            denominator += 1
            term *= x / denominator
            sum += term
            if abs(term) < abs(sum) * 1e-16 { break }
        }
        return sum * self.prefactor(a, x)
    }

    private static func continuedFraction(_ a: Double, _ x: Double) -> Double {
        let tiny = Double.leastNormalMagnitude / Double.ulpOfOne
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        var i = 1.0
        while i < 1_000_000 {
            let an = -i * (i - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
            i += 1
        }
        return self.prefactor(a, x) * h
    }

    /// xᵃ e⁻ˣ / Γ(a), without the cancellation of `exp(a ln x − x − ln Γ(a))` when a is large.
    ///
    /// For a ≥ 10, with t = (x − a) / a and ln Γ(a) = (a − ½) ln a − a + ½ ln 2π + δ(a) (Stirling), the
    /// exponent is a (ln(1 + t) − t) + ½ ln(a / 2π) − δ(a): no large terms cancel.
    static func prefactor(_ a: Double, _ x: Double) -> Double {
        if a < 10 { return exp(a * log(x) - x - self.logGamma(a)) }
        let t = (x - a) / a
        return exp(a * (log1p(t) - t) - self.stirlingCorrection(a)) * (a / (2 * Double.pi)).squareRoot()
    }

    /// δ(a) = ln Γ(a) − ((a − ½) ln a − a + ½ ln 2π), by its asymptotic series (a ≥ 10: error below 1e-16).
    static func stirlingCorrection(_ a: Double) -> Double {
        let r = 1 / a
        let r2 = r * r
        // 1/12a − 1/360a³ + 1/1260a⁵ − 1/1680a⁷ + 1/1188a⁹ − 691/360360a¹¹ + 1/156a¹³
        let series =
            1.0 / 12 - r2
            * (1.0 / 360 - r2 * (1.0 / 1260 - r2 * (1.0 / 1680 - r2 * (1.0 / 1188 - r2 * (691.0 / 360_360 - r2 / 156)))))
        return r * series
    }
}

/// Exact (Garwood) confidence intervals for the mean of a Poisson count.
///
/// For an observed count k and confidence level 1 − α the interval is
/// `[½ χ²(α/2; 2k), ½ χ²(1 − α/2; 2k + 2)]`, and since ½ χ²(q; 2n) is the q-quantile of Gamma(n, 1) this is
/// `[P⁻¹(k, α/2), P⁻¹(k + 1, 1 − α/2)]`, with lower bound 0 when k = 0. It covers the true mean with
/// probability at least 1 − α for every mean (it is conservative). Reference values at 95 %:
/// k = 0 → [0, 3.689], k = 1 → [0.0253, 5.572], k = 10 → [4.795, 18.39].
public enum PoissonInterval {
    /// The two-sided exact interval for the mean of a Poisson count `count` at `confidence` (e.g. 0.95).
    public static func garwood(count: Int, confidence: Double = 0.95) -> (lower: Double, upper: Double) {
        precondition(count >= 0 && confidence > 0 && confidence < 1)
        let alpha = 1 - confidence
        let lower = count == 0 ? 0 : IncompleteGamma.inverseP(Double(count), alpha / 2)
        let upper = IncompleteGamma.inverseP(Double(count) + 1, 1 - alpha / 2)
        return (lower, upper)
    }
}
