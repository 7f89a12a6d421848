import PaichaCore

/// Exact decimal amounts as fixed-point minor units (`Int64`) at a scale recorded with the ledger.
public enum Money {
    /// Powers of ten that fit in `Int64`.
    static let powersOfTen: [Int64] = (0...18).map { exponent in
        var value: Int64 = 1
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// Why an amount could not be read.
    public enum ParseFailure: Error, Hashable, Sendable, CustomStringConvertible {
        /// Not a plain decimal number (`123`, `-4.50`, `.5`).
        case notANumber
        /// More non-zero fraction digits than the scale keeps.
        case tooPrecise
        /// Too large for 64-bit minor units at this scale.
        case overflow

        public var description: String {
            switch self {
            case .notANumber: "not a decimal number"
            case .tooPrecise: "more fraction digits than the ledger's scale"
            case .overflow: "amount overflows 64-bit minor units"
            }
        }
    }

    /// Parses a plain decimal (optional sign, digits, optional point and digits) into minor units at `scale`.
    ///
    /// Extra fraction digits beyond `scale` are accepted only when they are zeros; nothing is rounded.
    public static func parse(_ bytes: UnsafeRawBufferPointer, scale: Int) -> Result<Int64, ParseFailure> {
        var reader = ByteReader(bytes)
        var negative = false
        if let sign = reader.peekByte(), sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            reader.advance()
        }
        var whole: Int64 = 0
        var digits = 0
        while let byte = reader.peekByte(), byte >= 0x30, byte <= 0x39 {
            let (shifted, o1) = whole.multipliedReportingOverflow(by: 10)
            let (sum, o2) = shifted.addingReportingOverflow(Int64(byte - 0x30))
            if o1 || o2 { return .failure(.overflow) }
            whole = sum
            digits += 1
            reader.advance()
        }
        var fraction: Int64 = 0
        var fractionDigits = 0
        if reader.peekByte() == UInt8(ascii: ".") {
            reader.advance()
            while let byte = reader.peekByte(), byte >= 0x30, byte <= 0x39 {
                if fractionDigits < scale {
                    fraction = fraction * 10 + Int64(byte - 0x30)
                    fractionDigits += 1
                } else if byte != 0x30 {
                    return .failure(.tooPrecise)
                }
                digits += 1
                reader.advance()
            }
        }
        guard digits > 0, reader.isAtEnd else { return .failure(.notANumber) }
        guard scale >= 0, scale < powersOfTen.count else { return .failure(.overflow) }
        let (scaled, o1) = whole.multipliedReportingOverflow(by: powersOfTen[scale])
        let (value, o2) = scaled.addingReportingOverflow(fraction * powersOfTen[scale - fractionDigits])
        if o1 || o2 { return .failure(.overflow) }
        return .success(negative ? -value : value)
    }

    /// Parses text (see ``parse(_:scale:)-(UnsafeRawBufferPointer,_)``).
    public static func parse(_ text: String, scale: Int) -> Result<Int64, ParseFailure> {
        var copy = text
        return copy.withUTF8 { parse(UnsafeRawBufferPointer($0), scale: scale) }
    }

    /// Formats minor units at `scale` as a plain decimal string with exactly `scale` fraction digits.
    public static func format(_ minorUnits: Int64, scale: Int) -> String {
        let magnitude = minorUnits.magnitude
        let power = UInt64(powersOfTen[max(0, min(18, scale))])
        let whole = magnitude / power
        let sign = minorUnits < 0 ? "-" : ""
        guard scale > 0 else { return sign + String(whole) }
        let fraction = String(magnitude % power)
        return sign + String(whole) + "." + String(repeating: "0", count: scale - fraction.count) + fraction
    }

    /// `value × numerator / denominator` rounded toward zero, exact in 128 bits (`denominator > 0`,
    /// `0 ≤ numerator ≤ denominator`, so the result fits).
    public static func proportion(_ value: Int64, _ numerator: Int64, _ denominator: Int64) -> Int64 {
        precondition(denominator > 0 && numerator >= 0 && numerator <= denominator && value >= 0)
        let product = value.magnitude.multipliedFullWidth(by: numerator.magnitude)
        let (quotient, _) = denominator.magnitude.dividingFullWidth(product)
        return Int64(quotient)
    }
}

extension ByteReader {
    /// The next byte without moving, or `nil` at the end.
    func peekByte() -> UInt8? { self.getInteger(at: self.readerIndex, as: UInt8.self) }

    /// Whether every byte has been read.
    var isAtEnd: Bool { self.readableBytes == 0 }

    /// Moves past one byte, if there is one.
    mutating func advance() { self.skip(1) }

    /// Reads exactly `count` decimal digits, or returns `nil` without moving.
    mutating func readDigits(_ count: Int) -> Int64? {
        self.rewindReaderOnNil { reader in
            var value: Int64 = 0
            for _ in 0..<count {
                guard let byte = reader.readInteger(as: UInt8.self), byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int64(byte - 0x30)
            }
            return value
        }
    }

    /// Consumes `byte` if it is next.
    mutating func consume(_ byte: UInt8) -> Bool {
        guard self.peekByte() == byte else { return false }
        return self.skip(1)
    }
}
