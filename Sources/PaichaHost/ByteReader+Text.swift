import PaichaCore

/// Reads for the text of `/proc` files: numbers, tokens and lines, each returning nil without moving on failure.
extension ByteReader {
    /// Skips spaces and tabs (not line ends).
    mutating func skipBlanks() {
        while let byte = self.getInteger(at: self.readerIndex, as: UInt8.self), byte == 0x20 || byte == 0x09 {
            self.skip(1)
        }
    }

    /// Reads bytes up to (not including) the next space, tab or line end; nil if there are none.
    mutating func readToken() -> UnsafeRawBufferPointer? {
        var length = 0
        while let byte = self.getInteger(at: self.readerIndex &+ length, as: UInt8.self),
            byte != 0x20, byte != 0x09, byte != 0x0A
        {
            length &+= 1
        }
        guard length > 0 else { return nil }
        return self.readSlice(length: length)
    }

    /// Reads the rest of the line and its `\n` (the line is returned without it); nil at the end of the bytes.
    mutating func readLine() -> UnsafeRawBufferPointer? {
        guard self.readableBytes > 0 else { return nil }
        var length = 0
        while let byte = self.getInteger(at: self.readerIndex &+ length, as: UInt8.self), byte != 0x0A {
            length &+= 1
        }
        let line = self.readSlice(length: length)
        self.skip(1)
        return line
    }

    /// Reads an unsigned decimal number (digits only), or nil without moving if there is none or it overflows.
    mutating func readDecimal<T: FixedWidthInteger>(as: T.Type = T.self) -> T? {
        self.rewindReaderOnNil { reader in
            var value: T = 0
            var digits = 0
            while let byte = reader.getInteger(at: reader.readerIndex, as: UInt8.self), byte >= 0x30, byte <= 0x39 {
                let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = shifted.addingReportingOverflow(T(byte &- 0x30))
                guard !overflow1, !overflow2 else { return nil }
                value = sum
                digits &+= 1
                reader.skip(1)
            }
            return digits > 0 ? value : nil
        }
    }

    /// Reads a signed decimal number (`-12`), or nil without moving.
    mutating func readSignedDecimal() -> Int64? {
        self.rewindReaderOnNil { reader in
            var negative = false
            if reader.getInteger(at: reader.readerIndex, as: UInt8.self) == 0x2D {
                negative = true
                reader.skip(1)
            }
            guard let magnitude = reader.readDecimal(as: Int64.self) else { return nil }
            return negative ? -magnitude : magnitude
        }
    }

    /// Reads exactly `digits` hexadecimal digits (either case) as a number, or nil without moving.
    mutating func readHex<T: FixedWidthInteger>(digits: Int, as: T.Type = T.self) -> T? {
        guard digits > 0, digits <= MemoryLayout<T>.size * 2 else { return nil }
        return self.rewindReaderOnNil { reader in
            var value: T = 0
            for _ in 0..<digits {
                guard let byte = reader.readInteger(as: UInt8.self), let nibble = Self.hexValue(byte) else {
                    return nil
                }
                value = (value << 4) | T(nibble)
            }
            return value
        }
    }

    /// Reads one byte if it is `expected`; false without moving otherwise.
    mutating func readByte(_ expected: UInt8) -> Bool {
        guard self.getInteger(at: self.readerIndex, as: UInt8.self) == expected else { return false }
        return self.skip(1)
    }

    /// Whether nothing is left to read.
    var isAtEnd: Bool { self.readableBytes == 0 }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte &- 0x30
        case 0x41...0x46: byte &- 0x41 &+ 10
        case 0x61...0x66: byte &- 0x61 &+ 10
        default: nil
        }
    }
}

extension UnsafeRawBufferPointer {
    /// Whether the bytes equal an ASCII string.
    func equals(_ text: StaticString) -> Bool {
        guard self.count == text.utf8CodeUnitCount else { return false }
        return text.withUTF8Buffer { self.elementsEqual($0) }
    }

    /// Whether the bytes start with an ASCII string.
    func hasPrefix(_ text: StaticString) -> Bool {
        guard self.count >= text.utf8CodeUnitCount else { return false }
        return text.withUTF8Buffer { self.prefix($0.count).elementsEqual($0) }
    }
}
