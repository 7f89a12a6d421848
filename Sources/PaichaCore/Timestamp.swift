/// A point in time as nanoseconds since the Unix epoch, UTC.
public struct Timestamp: Hashable, Sendable, Comparable, Codable, BitwiseCopyable {
    /// Nanoseconds since 1970-01-01T00:00:00Z.
    public var nanoseconds: Int64

    /// Makes a timestamp from nanoseconds since the epoch.
    @inlinable
    public init(nanoseconds: Int64) {
        self.nanoseconds = nanoseconds
    }

    /// Makes a timestamp from whole seconds and a fraction in nanoseconds.
    @inlinable
    public init(seconds: Int64, nanoseconds: Int64) {
        self.nanoseconds = seconds &* 1_000_000_000 &+ nanoseconds
    }

    /// Seconds since the epoch as a floating-point number.
    public var secondsSinceEpoch: Double { Double(self.nanoseconds) / 1e9 }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    /// RFC 3339 in UTC with the given number of fraction digits (0…9), e.g. `2018-03-01T10:00:00.123456Z`.
    public func rfc3339(fractionDigits: Int = 6) -> String {
        let digits = max(0, min(9, fractionDigits))
        var seconds = self.nanoseconds / 1_000_000_000
        var fraction = self.nanoseconds % 1_000_000_000
        if fraction < 0 {
            fraction += 1_000_000_000
            seconds -= 1
        }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        var result =
            "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T"
            + "\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
        if digits > 0 {
            var scaled = fraction
            for _ in 0..<(9 - digits) { scaled /= 10 }
            result += "." + pad(scaled, digits)
        }
        return result + "Z"
    }
}

extension Timestamp: CustomStringConvertible {
    public var description: String { self.rfc3339() }
}
