public import PaichaCore

/// Reading the times ledgers write: RFC 3339 / ISO 8601, `YYYY/MM/DD HH:MM`, epoch seconds, simulation steps.
public enum LedgerTimeFormat: Hashable, Sendable, Codable {
    /// `2017-01-03T00:00:00Z`, `2017-01-03 00:00:00.5+08:00`, `2022/09/01 00:20`, `2017-01-03`
    /// (no zone means UTC), or whole/fractional seconds since the epoch.
    case automatic
    /// An integer step counted from `base`, each step lasting `secondsPerStep` (AMLSim `tx_log.csv`).
    case step(base: Timestamp, secondsPerStep: Int64)

    /// Parses `bytes` as a time in nanoseconds since the epoch, or `nil`.
    public func parse(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        switch self {
        case .automatic:
            return LedgerTimeFormat.parseAutomatic(bytes)
        case .step(let base, let secondsPerStep):
            guard case .success(let step) = Money.parse(bytes, scale: 0) else { return nil }
            let (offset, o1) = step.multipliedReportingOverflow(by: secondsPerStep)
            let (nanos, o2) = offset.multipliedReportingOverflow(by: 1_000_000_000)
            let (sum, o3) = base.nanoseconds.addingReportingOverflow(nanos)
            return o1 || o2 || o3 ? nil : sum
        }
    }

    /// Parses text as a time (see ``parse(_:)``).
    public func parse(_ text: String) -> Int64? {
        var copy = text
        return copy.withUTF8 { self.parse(UnsafeRawBufferPointer($0)) }
    }

    static func parseAutomatic(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        var reader = ByteReader(bytes)
        // Epoch seconds: digits with an optional fraction and nothing else.
        if bytes.count < 10 || !bytes.prefix(4).allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
            || (bytes.count > 4 && bytes[4] != UInt8(ascii: "-") && bytes[4] != UInt8(ascii: "/"))
        {
            guard case .success(let nanos) = Money.parse(bytes, scale: 9) else { return nil }
            return nanos
        }
        guard let year = reader.readDigits(4) else { return nil }
        let separator = reader.peekByte()
        guard separator == UInt8(ascii: "-") || separator == UInt8(ascii: "/") else { return nil }
        reader.advance()
        guard let month = reader.readDigits(2), reader.consume(separator!), let day = reader.readDigits(2),
            (1...12).contains(month), (1...daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        var seconds = daysFromCivil(year: year, month: month, day: day) * 86_400
        var nanos: Int64 = 0
        if reader.consume(UInt8(ascii: "T")) || reader.consume(UInt8(ascii: " ")) {
            guard let hour = reader.readDigits(2), reader.consume(UInt8(ascii: ":")), let minute = reader.readDigits(2),
                hour < 24, minute < 60
            else { return nil }
            var second: Int64 = 0
            if reader.consume(UInt8(ascii: ":")) {
                guard let value = reader.readDigits(2), value <= 60 else { return nil }
                second = value
                if reader.consume(UInt8(ascii: ".")) {
                    var digits = 0
                    while let byte = reader.peekByte(), byte >= 0x30, byte <= 0x39 {
                        if digits < 9 { nanos = nanos * 10 + Int64(byte - 0x30) }
                        digits += 1
                        reader.advance()
                    }
                    guard digits > 0 else { return nil }
                    for _ in min(digits, 9)..<9 { nanos *= 10 }
                }
            }
            seconds += hour * 3600 + minute * 60 + second
            if reader.consume(UInt8(ascii: "Z")) {
            } else if let sign = reader.peekByte(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                reader.advance()
                guard let offsetHours = reader.readDigits(2) else { return nil }
                _ = reader.consume(UInt8(ascii: ":"))
                guard let offsetMinutes = reader.readDigits(2), offsetHours < 24, offsetMinutes < 60 else { return nil }
                let offset = offsetHours * 3600 + offsetMinutes * 60
                seconds += sign == UInt8(ascii: "+") ? -offset : offset
            }
        }
        guard reader.isAtEnd else { return nil }
        return seconds * 1_000_000_000 + nanos
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
