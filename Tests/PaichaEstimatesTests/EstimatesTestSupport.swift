import Foundation
import PaichaCore

/// SplitMix64: a small seeded generator so randomized tests reproduce from their seed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) {
        self.state = seed
    }

    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in (0, 1].
    mutating func unitInterval() -> Double {
        Double(self.next() >> 11 + 1) * 0x1p-53
    }
}

/// Whether `actual` is within `relative` of `expected`.
func close(_ actual: Double?, _ expected: Double, relative: Double = 1e-12) -> Bool {
    guard let actual else { return false }
    if expected == 0 { return abs(actual) <= relative }
    return abs(actual - expected) <= relative * abs(expected)
}

/// A timestamp `seconds` after the epoch.
func at(_ seconds: Double) -> Timestamp {
    Timestamp(nanoseconds: Int64((seconds * 1e9).rounded()))
}
