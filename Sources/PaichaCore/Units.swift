/// Formats quantities for people: SI prefixes, fixed significant digits.
public enum Units {
    private static let prefixes: [(Double, String)] = [
        (1e24, "Y"), (1e21, "Z"), (1e18, "E"), (1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k"),
    ]

    /// `value` with an SI prefix and `unit`, three significant digits: `12.3 MH/s`, `4.56 kW`, `950 B`.
    public static func si(_ value: Double, _ unit: String) -> String {
        guard value.isFinite else { return "– \(unit)" }
        let magnitude = abs(value)
        for (scale, prefix) in prefixes where magnitude >= scale * 0.9995 {
            return "\(significant(value / scale)) \(prefix)\(unit)"
        }
        return "\(significant(value)) \(unit)"
    }

    /// Three significant digits without exponent: 1.23, 12.3, 123.
    public static func significant(_ value: Double) -> String {
        let magnitude = abs(value)
        let decimals: Int
        if magnitude == 0 || magnitude >= 99.95 {
            decimals = 0
        } else if magnitude >= 9.995 {
            decimals = 1
        } else if magnitude >= 0.9995 {
            decimals = 2
        } else {
            decimals = 3
        }
        return fixed(value, decimals: decimals)
    }

    /// `value` rounded half away from zero to `decimals` places, without locale or exponent.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return String(value) }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9e18 else { return String(value) }
        let integer = UInt64(scaled)
        let sign = value < 0 && integer != 0 ? "-" : ""
        let whole = integer / UInt64(scale)
        if decimals == 0 { return sign + String(whole) }
        let fraction = String(integer % UInt64(scale))
        return sign + String(whole) + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }

    /// A whole count with thousands separated by commas: `1,234,567`.
    public static func count(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return (value < 0 ? "-" : "") + result
    }

    /// A duration in seconds as `1h02m`, `3m05s`, `12.5 s`.
    public static func duration(seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "–" }
        if seconds < 60 { return "\(significant(seconds)) s" }
        let total = Int(seconds.rounded())
        if total < 3600 { return "\(total / 60)m\(pad2(total % 60))s" }
        return "\(total / 3600)h\(pad2(total / 60 % 60))m"
    }

    private static func pad2(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
