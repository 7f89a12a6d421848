import PaichaCore

/// An exact decimal read from text: a significand of up to 19 digits and a power of ten.
///
/// `0.00832` is kept as significand `832`, exponent `-5`; `1.6e-05` as `16`, `-6`. Trailing zeros are
/// stripped (`1.500` is `15`, `-1`), so the significand's digits are the number's significant digits.
/// Digits beyond the 19th are cut and the value is marked inexact (its leading digits are still exact).
public struct TradeDecimal: Hashable, Sendable, BitwiseCopyable {
    /// The significant digits as an integer, without trailing zeros (0 for zero).
    public var significand: UInt64
    /// The power of ten: the value is `significand × 10^exponent`.
    public var exponent: Int32
    /// How many digits `significand` has (0 for zero).
    public var digitCount: Int32
    /// Whether the value is below zero.
    public var isNegative: Bool
    /// Whether digits were cut (more than 19 significant digits in the text).
    public var isInexact: Bool

    /// Zero.
    public static let zero = TradeDecimal(significand: 0, exponent: 0)

    /// Makes a decimal `significand × 10^exponent`, normalising trailing zeros away.
    @inlinable
    public init(significand: UInt64, exponent: Int32, isNegative: Bool = false, isInexact: Bool = false) {
        var s = significand
        var e = exponent
        if s == 0 {
            e = 0
        } else {
            while s % 100 == 0 {
                s /= 100
                e &+= 2
            }
            if s % 10 == 0 {
                s /= 10
                e &+= 1
            }
        }
        self.significand = s
        self.exponent = e
        self.digitCount = TradeDecimal.digits(in: s)
        self.isNegative = isNegative && s != 0
        self.isInexact = isInexact
    }

    /// Whether the value is zero.
    @inlinable
    public var isZero: Bool { self.significand == 0 }

    /// The exponent of the leading digit: `floor(log10(|value|))` (0 for zero).
    @inlinable
    public var magnitude: Int32 { self.isZero ? 0 : self.exponent &+ self.digitCount &- 1 }

    /// The value as a binary float (approximate; for display and ordering only).
    @inline(__always)
    public var doubleValue: Double {
        let value = Double(self.significand) * TradeDecimal.power10Double(self.exponent)
        return self.isNegative ? -value : value
    }

    /// The leading `count` significant digits (1…19) as an integer, padded with zeros when the value has
    /// fewer digits: the first two digits of `0.008` are `80`. Zero for zero.
    @inline(__always)
    public func leadingDigits(_ count: Int32) -> UInt64 {
        if self.isZero { return 0 }
        if self.digitCount >= count {
            return self.significand / TradeDecimal.power10[Int(self.digitCount &- count)]
        }
        return self.significand &* TradeDecimal.power10[Int(count &- self.digitCount)]
    }

    /// The number of decimal digits in `value` (0 for 0).
    @inlinable
    public static func digits(in value: UInt64) -> Int32 {
        if value == 0 { return 0 }
        // log10 from the bit length (1233/4096 ≈ log10 2), corrected by one comparison.
        let bits = 64 &- value.leadingZeroBitCount
        let estimate = (bits &* 1233) >> 12
        return Int32(estimate &+ (value >= power10[estimate] ? 1 : 0))
    }

    /// 10^0 … 10^19.
    /// (A literal, so that it is laid out at compile time: no lazy initialisation on the hot path.)
    public static let power10: [UInt64] = [
        1,
        10,
        100,
        1_000,
        10_000,
        100_000,
        1_000_000,
        10_000_000,
        100_000_000,
        1_000_000_000,
        10_000_000_000,
        100_000_000_000,
        1_000_000_000_000,
        10_000_000_000_000,
        100_000_000_000_000,
        1_000_000_000_000_000,
        10_000_000_000_000_000,
        100_000_000_000_000_000,
        1_000_000_000_000_000_000,
        10_000_000_000_000_000_000,
    ]

    /// 10^exponent as a double (correctly rounded by the standard library's parser, tabled for ±64).
    @inline(__always)
    public static func power10Double(_ exponent: Int32) -> Double {
        if exponent >= -64, exponent <= 64 { return doublePowers[Int(exponent + 64)] }
        return Self.parsedPower10(exponent)
    }

    /// 10^exponent beyond the table, parsed (kept out of line: `power10Double` runs for every value).
    @inline(never)
    private static func parsedPower10(_ exponent: Int32) -> Double { Double("1e\(exponent)") ?? .nan }

    /// 1e-64 … 1e64, written out so that the table is laid out at compile time (no lazy initialisation per use);
    /// the compiler rounds each literal correctly.
    private static let doublePowers: [Double] = [
        1e-64,
        1e-63,
        1e-62,
        1e-61,
        1e-60,
        1e-59,
        1e-58,
        1e-57,
        1e-56,
        1e-55,
        1e-54,
        1e-53,
        1e-52,
        1e-51,
        1e-50,
        1e-49,
        1e-48,
        1e-47,
        1e-46,
        1e-45,
        1e-44,
        1e-43,
        1e-42,
        1e-41,
        1e-40,
        1e-39,
        1e-38,
        1e-37,
        1e-36,
        1e-35,
        1e-34,
        1e-33,
        1e-32,
        1e-31,
        1e-30,
        1e-29,
        1e-28,
        1e-27,
        1e-26,
        1e-25,
        1e-24,
        1e-23,
        1e-22,
        1e-21,
        1e-20,
        1e-19,
        1e-18,
        1e-17,
        1e-16,
        1e-15,
        1e-14,
        1e-13,
        1e-12,
        1e-11,
        1e-10,
        1e-9,
        1e-8,
        1e-7,
        1e-6,
        1e-5,
        1e-4,
        1e-3,
        1e-2,
        1e-1,
        1e0,
        1e1,
        1e2,
        1e3,
        1e4,
        1e5,
        1e6,
        1e7,
        1e8,
        1e9,
        1e10,
        1e11,
        1e12,
        1e13,
        1e14,
        1e15,
        1e16,
        1e17,
        1e18,
        1e19,
        1e20,
        1e21,
        1e22,
        1e23,
        1e24,
        1e25,
        1e26,
        1e27,
        1e28,
        1e29,
        1e30,
        1e31,
        1e32,
        1e33,
        1e34,
        1e35,
        1e36,
        1e37,
        1e38,
        1e39,
        1e40,
        1e41,
        1e42,
        1e43,
        1e44,
        1e45,
        1e46,
        1e47,
        1e48,
        1e49,
        1e50,
        1e51,
        1e52,
        1e53,
        1e54,
        1e55,
        1e56,
        1e57,
        1e58,
        1e59,
        1e60,
        1e61,
        1e62,
        1e63,
        1e64,
    ]

    /// The exact product, or one cut to 19 significant digits (then marked inexact).
    @inline(__always)
    public func multiplied(by other: TradeDecimal) -> TradeDecimal {
        if self.isZero || other.isZero { return .zero }
        // Inline for the usual product that fits (every trade's notional value is one); the rest out of line.
        let (product, overflow) = self.significand.multipliedReportingOverflow(by: other.significand)
        guard !overflow else { return self.multipliedCuttingDigits(by: other) }
        return TradeDecimal(
            significand: product,
            exponent: self.exponent &+ other.exponent,
            isNegative: self.isNegative != other.isNegative,
            isInexact: self.isInexact || other.isInexact
        )
    }

    /// `multiplied(by:)` for significands whose product overflows: digits cut from the longer until it fits.
    @inline(never)
    private func multipliedCuttingDigits(by other: TradeDecimal) -> TradeDecimal {
        var a = self.significand
        var b = other.significand
        var exponent = self.exponent &+ other.exponent
        while true {
            // Cut a digit from the longer operand; the leading digits of the product stay right.
            if a >= b { a /= 10 } else { b /= 10 }
            exponent &+= 1
            let (product, overflow) = a.multipliedReportingOverflow(by: b)
            if !overflow {
                return TradeDecimal(
                    significand: product,
                    exponent: exponent,
                    isNegative: self.isNegative != other.isNegative,
                    isInexact: true
                )
            }
        }
    }
}

extension TradeDecimal {
    /// Parses `[+-]digits[.digits][(e|E)[+-]digits]` (also `.5` and `5.`), or returns `nil`.
    ///
    /// Surrounding double quotes and spaces are ignored. Exponents beyond ±400 are refused.
    @inlinable
    public init?(ascii bytes: UnsafeRawBufferPointer) {
        guard let value = Self.plain(bytes) ?? Self.full(bytes) else { return nil }
        self = value
    }

    /// The full parser: every form `init?(ascii:)` accepts.
    @usableFromInline
    static func full(_ bytes: UnsafeRawBufferPointer) -> TradeDecimal? {
        var reader = ByteReader(bytes)
        // Trim spaces and quotes at both ends.
        var end = bytes.count
        while end > 0, let last = reader.getInteger(at: end - 1, as: UInt8.self), last == 0x20 || last == 0x22 {
            end -= 1
        }
        while reader.readableBytes > bytes.count - end,
            let first = reader.getInteger(at: reader.readerIndex, as: UInt8.self), first == 0x20 || first == 0x22
        {
            reader.skip(1)
        }
        var negative = false
        if let sign = reader.getInteger(at: reader.readerIndex, as: UInt8.self), reader.readerIndex < end,
            sign == 0x2D || sign == 0x2B
        {
            negative = sign == 0x2D
            reader.skip(1)
        }
        var significand: UInt64 = 0
        var kept: Int32 = 0
        var exponent: Int32 = 0
        var sawDigit = false
        var sawPoint = false
        var inexact = false
        while reader.readerIndex < end, let byte = reader.readInteger(as: UInt8.self) {
            if byte >= 0x30, byte <= 0x39 {
                sawDigit = true
                let digit = UInt64(byte &- 0x30)
                if significand == 0, digit == 0 {
                    if sawPoint { exponent &-= 1 }
                } else if kept < 19 {
                    significand = significand &* 10 &+ digit
                    kept &+= 1
                    if sawPoint { exponent &-= 1 }
                } else {
                    if digit != 0 { inexact = true }
                    if !sawPoint { exponent &+= 1 }
                }
            } else if byte == 0x2E, !sawPoint {
                sawPoint = true
            } else if byte == 0x65 || byte == 0x45 {
                guard sawDigit else { return nil }
                var exponentNegative = false
                if let sign = reader.getInteger(at: reader.readerIndex, as: UInt8.self), reader.readerIndex < end,
                    sign == 0x2D || sign == 0x2B
                {
                    exponentNegative = sign == 0x2D
                    reader.skip(1)
                }
                var value: Int32 = 0
                var exponentDigits = 0
                while reader.readerIndex < end, let digit = reader.readInteger(as: UInt8.self) {
                    guard digit >= 0x30, digit <= 0x39 else { return nil }
                    value = value &* 10 &+ Int32(digit &- 0x30)
                    exponentDigits += 1
                    if value > 400 { return nil }
                }
                guard exponentDigits > 0 else { return nil }
                exponent &+= exponentNegative ? -value : value
                break
            } else {
                return nil
            }
        }
        guard sawDigit else { return nil }
        return TradeDecimal(significand: significand, exponent: exponent, isNegative: negative, isInexact: inexact)
    }
}

extension TradeDecimal {
    /// The common form, `digits[.digits]` with at most 19 digits in all and nothing around it, in one tight
    /// pass; nil for anything else (signs, exponents, spaces, quotes, longer numbers), which the full parser
    /// reads. The result is the same as the full parser's: leading zeros add nothing to the significand, every
    /// fractional digit lowers the exponent, and the initialiser strips trailing zeros.
    @usableFromInline @inline(__always)
    static func plain(_ bytes: UnsafeRawBufferPointer) -> TradeDecimal? {
        let count = bytes.count
        guard count > 0, count <= 20 else { return nil }
        var significand: UInt64 = 0
        var fractionDigits: Int32 = 0
        var point = -1
        for index in 0..<count {
            let digit = bytes[index] &- 0x30
            if digit < 10 {
                significand = significand &* 10 &+ UInt64(digit)
            } else if bytes[index] == 0x2E, point < 0 {
                point = index
            } else {
                return nil
            }
        }
        let digits = point < 0 ? count : count - 1
        guard digits > 0, digits <= 19 else { return nil }
        if point >= 0 { fractionDigits = Int32(count - 1 - point) }
        return TradeDecimal(significand: significand, exponent: -fractionDigits)
    }
}

extension TradeDecimal: CustomStringConvertible {
    /// Plain decimal notation without exponent: `0.00832`, `1500`, `-2.5`.
    public var description: String {
        if self.isZero { return "0" }
        let digits = String(self.significand)
        let sign = self.isNegative ? "-" : ""
        if self.exponent >= 0 {
            return sign + digits + String(repeating: "0", count: Int(self.exponent))
        }
        let fraction = Int(-self.exponent)
        if fraction >= digits.count {
            return sign + "0." + String(repeating: "0", count: fraction - digits.count) + digits
        }
        let split = digits.index(digits.endIndex, offsetBy: -fraction)
        return sign + digits[..<split] + "." + digits[split...]
    }
}
