/// Average traffic rates from byte counts and durations (format them with `PaichaCore.Units.si`).
public enum TrafficRate {
    /// Bits per second: bytes × 8 / seconds, or `nil` if the duration is not positive or the count negative.
    public static func averageBitsPerSecond(bytes: Int64, seconds: Double) -> Double? {
        guard seconds > 0, seconds.isFinite, bytes >= 0 else { return nil }
        return Double(bytes) * 8 / seconds
    }

    /// Megabits per second (10⁶ bit/s, SI): bytes × 8 / seconds / 10⁶, or `nil` as for `averageBitsPerSecond`.
    public static func averageMegabitsPerSecond(bytes: Int64, seconds: Double) -> Double? {
        self.averageBitsPerSecond(bytes: bytes, seconds: seconds).map { $0 / 1e6 }
    }
}
