/// The RFC 1071 ones'-complement sum used by IPv4, TCP and UDP.
public struct InternetChecksum: Sendable {
    private var sum: UInt64 = 0
    private var odd: UInt8? = nil

    /// Starts an empty sum.
    public init() {}

    /// Adds bytes as a continuation of everything added before.
    public mutating func add<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            self.add(UnsafeRawBufferPointer(buffer))
        }
        guard done == nil else { return }
        for byte in bytes { self.add(byte) }
    }

    /// Adds contiguous bytes, two at a time.
    public mutating func add(_ bytes: UnsafeRawBufferPointer) {
        var index = 0
        if let high = self.odd, bytes.count > 0 {
            self.sum &+= UInt64(high) << 8 | UInt64(bytes[0])
            self.odd = nil
            index = 1
        }
        var total = self.sum
        while index + 1 < bytes.count {
            total &+= UInt64(bytes[index]) << 8 | UInt64(bytes[index + 1])
            index += 2
        }
        self.sum = total
        if index < bytes.count { self.odd = bytes[index] }
    }

    private mutating func add(_ byte: UInt8) {
        if let high = self.odd {
            self.sum &+= UInt64(high) << 8 | UInt64(byte)
            self.odd = nil
        } else {
            self.odd = byte
        }
    }

    /// The checksum: the complement of the folded sum.
    public var value: UInt16 {
        var total = self.sum
        if let high = self.odd { total &+= UInt64(high) << 8 }
        while total >> 16 != 0 { total = (total & 0xFFFF) + (total >> 16) }
        return ~UInt16(truncatingIfNeeded: total)
    }

    /// The checksum of `bytes` alone.
    public static func compute<C: Collection>(_ bytes: C) -> UInt16 where C.Element == UInt8 {
        var checksum = InternetChecksum()
        checksum.add(bytes)
        return checksum.value
    }
}
