public import PaichaCore

/// Reads trade times from text: integer seconds, milliseconds, microseconds or nanoseconds since the epoch
/// (told apart by magnitude), decimal seconds (`1712345678.123`), or RFC 3339 (`2026-06-08T17:51:35.689356+00:00`).
public enum TradeTime {
    /// Integers at or above this are nanoseconds (1e17 ns is 1973; 1e17 µs would be year 3 million).
    public static let nanosecondThreshold: UInt64 = 100_000_000_000_000_000
    /// Integers at or above this (and below the ns threshold) are microseconds.
    public static let microsecondThreshold: UInt64 = 100_000_000_000_000
    /// Integers at or above this (and below the µs threshold) are milliseconds; below, seconds.
    public static let millisecondThreshold: UInt64 = 100_000_000_000

    /// Parses a time field, or returns `nil`.
    @inlinable
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Timestamp? {
        var reader = ByteReader(bytes)
        var integer: UInt64 = 0
        var digits = 0
        while let byte = reader.getInteger(at: reader.readerIndex, as: UInt8.self), byte >= 0x30, byte <= 0x39 {
            reader.skip(1)
            guard digits < 19 else { return nil }
            integer = integer &* 10 &+ UInt64(byte &- 0x30)
            digits += 1
        }
        guard digits > 0 else { return nil }
        if reader.readableBytes == 0 { return self.integer(integer) }
        if digits == 4, reader.getInteger(at: reader.readerIndex, as: UInt8.self) == 0x2D {
            return parseRFC3339(bytes)
        }
        // Decimal seconds.
        // Decimal seconds, up to 2262-04-11 (the last second Int64 nanoseconds can hold).
        guard integer <= 9_223_372_035, reader.readInteger(as: UInt8.self) == 0x2E else { return nil }
        var fraction: Int64 = 0
        var scale: Int64 = 100_000_000
        var fractionDigits = 0
        while let byte = reader.readInteger(as: UInt8.self) {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            if fractionDigits < 9 {
                fraction &+= Int64(byte &- 0x30) &* scale
                scale /= 10
            }
            fractionDigits += 1
        }
        guard fractionDigits > 0 else { return nil }
        return Timestamp(seconds: Int64(integer), nanoseconds: fraction)
    }

    /// The time an integer field of up to 19 digits stands for: seconds, milliseconds, microseconds or
    /// nanoseconds since the epoch, told apart by magnitude; nil beyond what `Timestamp` holds.
    @inlinable @inline(__always)
    public static func integer(_ integer: UInt64) -> Timestamp? {
        let scale: UInt64
        if integer >= nanosecondThreshold {
            scale = 1
        } else if integer >= microsecondThreshold {
            scale = 1_000
        } else if integer >= millisecondThreshold {
            scale = 1_000_000
        } else {
            scale = 1_000_000_000
        }
        let (nanoseconds, overflow) = integer.multipliedReportingOverflow(by: scale)
        guard !overflow, nanoseconds <= UInt64(Int64.max) else { return nil }
        return Timestamp(nanoseconds: Int64(nanoseconds))
    }

    /// Parses `YYYY-MM-DD(T| )hh:mm:ss[.fraction][Z|±hh:mm|±hhmm]`; no zone means UTC.
    public static func parseRFC3339(_ bytes: UnsafeRawBufferPointer) -> Timestamp? {
        var reader = ByteReader(bytes)
        func number(_ count: Int) -> Int64? {
            reader.rewindReaderOnNil { r in
                var value: Int64 = 0
                for _ in 0..<count {
                    guard let byte = r.readInteger(as: UInt8.self), byte >= 0x30, byte <= 0x39 else { return nil }
                    value = value * 10 + Int64(byte - 0x30)
                }
                return value
            }
        }
        func expect(_ allowed: UInt8...) -> Bool {
            guard let byte = reader.getInteger(at: reader.readerIndex, as: UInt8.self), allowed.contains(byte) else {
                return false
            }
            reader.skip(1)
            return true
        }
        guard let year = number(4), expect(0x2D), let month = number(2), expect(0x2D), let day = number(2),
            expect(0x54, 0x74, 0x20), let hour = number(2), expect(0x3A), let minute = number(2), expect(0x3A),
            let second = number(2)
        else { return nil }
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var fraction: Int64 = 0
        if expect(0x2E) {
            var scale: Int64 = 100_000_000
            var count = 0
            while let byte = reader.getInteger(at: reader.readerIndex, as: UInt8.self), byte >= 0x30, byte <= 0x39 {
                reader.skip(1)
                if count < 9 {
                    fraction += Int64(byte - 0x30) * scale
                    scale /= 10
                }
                count += 1
            }
            guard count > 0 else { return nil }
        }
        var offsetSeconds: Int64 = 0
        if expect(0x5A, 0x7A) {
            // UTC.
        } else if let sign = reader.getInteger(at: reader.readerIndex, as: UInt8.self), sign == 0x2B || sign == 0x2D {
            reader.skip(1)
            guard let hours = number(2) else { return nil }
            _ = expect(0x3A)
            guard let minutes = number(2), hours < 24, minutes < 60 else { return nil }
            offsetSeconds = (hours * 3600 + minutes * 60) * (sign == 0x2D ? -1 : 1)
        }
        guard reader.readableBytes == 0 else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Timestamp(seconds: seconds, nanoseconds: fraction)
    }
}
