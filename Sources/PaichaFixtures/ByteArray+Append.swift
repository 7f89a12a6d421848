import PaichaCore

extension Array where Element == UInt8 {
    /// Appends `value` in the given byte order.
    mutating func appendInteger<T: FixedWidthInteger>(_ value: T, endianness: Endianness = .big) {
        switch endianness {
        case .big: Swift.withUnsafeBytes(of: value.bigEndian) { self.append(contentsOf: $0) }
        case .little: Swift.withUnsafeBytes(of: value.littleEndian) { self.append(contentsOf: $0) }
        }
    }

    /// Appends zero bytes until the count is a multiple of `alignment`.
    mutating func padToMultiple(of alignment: Int) {
        while self.count % alignment != 0 { self.append(0) }
    }
}
