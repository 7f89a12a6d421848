import PaichaCore
import PaichaEstimates
import Testing

@Suite("Incomplete gamma and Poisson intervals")
struct IncompleteGammaTests {
    /// (a, x, P(a, x), Q(a, x)) from mpmath `gammainc(..., regularized=True)` at 30 digits.
    static let references: [(Double, Double, Double, Double)] = [
        (1, 1, 0.6321205588285577, 0.36787944117144233),  // 1 − e⁻¹, e⁻¹
        (0.5, 2, 0.9544997361036416, 0.04550026389635842),  // erf(√2), erfc(√2)
        (3, 2.5, 0.45618688411667047, 0.5438131158833295),
        (10, 5, 0.03182805730620481, 0.9681719426937951),
        (10, 15, 0.9301463393005902, 0.06985366069940976),
        (100, 90, 0.15822098918643016, 0.8417790108135699),
        (0.1, 0.01, 0.6626212599544798, 0.3373787400455202),
        (50.5, 70, 0.993779949994446, 0.006220050005553996),
        (1000, 1000, 0.5042052441802155, 0.4957947558197845),
        (5, 0.001, 8.326391864211503e-18, 1.0),
        (2, 30, 0.9999999999970991, 2.900863120340454e-12),
        (30, 25, 0.18210391597745512, 0.8178960840225449),
        (5000, 4861, 0.02387711331014969, 0.9761228866898504),
        (1e5, 99500, 0.05674182321279226, 0.9432581767872077),
        (1e6, 1_001_000, 0.8413447863683403, 0.15865521363165971),
    ]

    @Test("P and Q match mpmath references", arguments: references.indices)
    func pAndQ(_ index: Int) {
        let (a, x, p, q) = Self.references[index]
        #expect(close(IncompleteGamma.p(a, x), p, relative: 1e-12))
        #expect(close(IncompleteGamma.q(a, x), q, relative: 1e-11))
    }

    @Test("ln Γ matches references (including Γ(½) = √π and the small-x branch)")
    func logGamma() {
        let references: [(Double, Double)] = [
            (0.5, 0.5723649429247001), (1, 0), (2, 0), (3.5, 1.2009736023470743), (10, 12.801827480081469),
            (100.5, 361.4355404677776), (1e-5, 11.512919692895826), (1e-10, 23.025850929882736),
        ]
        for (x, expected) in references {
            #expect(abs(IncompleteGamma.logGamma(x) - expected) <= 1e-14 * max(1, abs(expected)), "x = \(x)")
        }
        #expect(IncompleteGamma.logGamma(0).isNaN)
        #expect(IncompleteGamma.logGamma(-1).isNaN)
    }

    @Test("P⁻¹ matches mpmath roots")
    func inverse() {
        // (a, p, x) with P(a, x) = p, solved by mpmath findroot at 30 digits.
        let references: [(Double, Double, Double)] = [
            (1, 0.025, 0.025317807984289876),  // −ln 0.975
            (2, 0.975, 5.571643390938897),
            (10, 0.025, 4.7953886961324335),
            (11, 0.975, 18.39035604201778),
            (0.5, 0.5, 0.2274682115597864),
            (3, 1e-10, 0.0008436105624847275),
            (100, 0.999999, 154.91904599496158),
            (1000, 0.5, 999.6666864269652),
            (0.1, 0.9, 0.26615455373883784),
        ]
        for (a, p, x) in references {
            #expect(close(IncompleteGamma.inverseP(a, p), x, relative: 1e-12), "a = \(a), p = \(p)")
        }
        #expect(IncompleteGamma.inverseP(3, 0) == 0)
        #expect(IncompleteGamma.inverseP(3, 1) == .infinity)
        #expect(IncompleteGamma.inverseP(3, 1.5).isNaN)
    }

    @Test("P(a, P⁻¹(a, p)) = p across a grid")
    func roundTrip() {
        for a in [0.05, 0.3, 1, 1.5, 4, 17, 250, 5000] {
            for p in [1e-12, 1e-6, 0.001, 0.025, 0.3, 0.5, 0.8, 0.975, 0.999, 1 - 1e-9] {
                let x = IncompleteGamma.inverseP(a, p)
                #expect(abs(IncompleteGamma.p(a, x) - p) <= 1e-12 * max(p, 1e-3), "a = \(a), p = \(p)")
            }
        }
    }

    @Test("Garwood intervals: the published 95 % values and scipy's chi-square quantiles")
    func garwood() {
        // Published (rounded): k = 0 → [0, 3.689]; k = 1 → [0.0253, 5.572]; k = 10 → [4.795, 18.39].
        let zero = PoissonInterval.garwood(count: 0)
        #expect(zero.lower == 0)
        #expect((zero.upper * 1000).rounded() / 1000 == 3.689)
        let one = PoissonInterval.garwood(count: 1)
        #expect((one.lower * 10000).rounded() / 10000 == 0.0253)
        #expect((one.upper * 1000).rounded() / 1000 == 5.572)
        let ten = PoissonInterval.garwood(count: 10)
        #expect((ten.lower * 1000).rounded() / 1000 == 4.795)
        #expect((ten.upper * 100).rounded() / 100 == 18.39)
        // scipy.stats.gamma.ppf(α/2, k), gamma.ppf(1 − α/2, k + 1).
        let references: [(Int, Double, Double, Double)] = [
            (0, 0.95, 0, 3.6888794541139354),  // −ln 0.025
            (1, 0.95, 0.025317807984289897, 5.571643390938898),
            (2, 0.95, 0.24220927854396507, 7.22468766772396),
            (5, 0.95, 1.623486390118421, 11.66833207932267),
            (10, 0.95, 4.7953886961324335, 18.39035604201778),
            (100, 0.95, 81.36399125092315, 121.62679379242638),
            (1000, 0.95, 938.9730184076952, 1063.952136016302),
            (10, 0.90, 5.425405697091292, 16.962219235721903),
            (3, 0.99, 0.33786338872773347, 10.977477495329765),
        ]
        for (k, level, lower, upper) in references {
            let interval = PoissonInterval.garwood(count: k, confidence: level)
            #expect(close(interval.lower, lower, relative: 1e-11), "k = \(k) at \(level)")
            #expect(close(interval.upper, upper, relative: 1e-11), "k = \(k) at \(level)")
        }
    }
}
