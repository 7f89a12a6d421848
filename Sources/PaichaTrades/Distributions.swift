import PaichaCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The distribution functions the tests need, written out so that every p-value can be checked by hand.
public enum Distributions {
    /// The regularized lower incomplete gamma function P(a, x) = γ(a, x) / Γ(a) (``IncompleteGamma/p(_:_:)``).
    public static func regularizedGammaP(_ a: Double, _ x: Double) -> Double {
        IncompleteGamma.p(a, x)
    }

    /// The regularized upper incomplete gamma function Q(a, x) = 1 − P(a, x), accurate in the far tail.
    public static func regularizedGammaQ(_ a: Double, _ x: Double) -> Double {
        IncompleteGamma.q(a, x)
    }

    /// P(X ≥ statistic) for X chi-square with `degreesOfFreedom`: Q(k/2, χ²/2).
    public static func chiSquareSurvival(_ statistic: Double, degreesOfFreedom: Int) -> Double {
        regularizedGammaQ(Double(degreesOfFreedom) / 2, statistic / 2)
    }

    /// P(Z ≥ z) for a standard normal Z.
    public static func normalSurvival(_ z: Double) -> Double {
        0.5 * erfc(z / 2.0.squareRoot())
    }

    /// P(D ≥ d) for the one-sample Kolmogorov–Smirnov statistic over `n` observations, by the asymptotic
    /// Kolmogorov distribution with Stephens' small-sample correction, λ = (√n + 0.12 + 0.11/√n)·d.
    ///
    /// For a discrete distribution (digits) this p-value is conservative (too large).
    public static func kolmogorovSurvival(_ d: Double, n: Int) -> Double {
        guard n > 0, d > 0 else { return 1 }
        let root = Double(n).squareRoot()
        let lambda = (root + 0.12 + 0.11 / root) * d
        if lambda < 0.2 { return 1 }
        var sum = 0.0
        var sign = 1.0
        for j in 1...200 {
            let term = exp(-2 * Double(j * j) * lambda * lambda)
            sum += sign * term
            if term < 1e-18 { break }
            sign = -sign
        }
        return min(1, max(0, 2 * sum))
    }
}
