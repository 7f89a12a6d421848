/// A cursor over borrowed bytes whose reads return `nil` and do not move when the bytes run out.
///
/// Modelled on NIO's `ByteBuffer` read contract (`readInteger`, `readSlice`), but over an
/// `UnsafeRawBufferPointer` so that packet decoding costs one bounds check per read and no copies.
/// The reader never outlives the buffer it was made from.
public struct ByteReader {
    /// The bytes being read.
    public let bytes: UnsafeRawBufferPointer
    /// The index of the next byte to read.
    @usableFromInline
    internal var _readerIndex: Int
    /// The index of the next byte to read.
    @inlinable
    public var readerIndex: Int { self._readerIndex }

    /// Makes a reader positioned at the start of `bytes`.
    @inlinable
    public init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        self._readerIndex = 0
    }

    /// The number of bytes not yet read.
    @inlinable
    public var readableBytes: Int { self.bytes.count - self.readerIndex }

    /// Reads an integer of type `T` in the given byte order, or returns `nil` without moving.
    @inlinable
    public mutating func readInteger<T: FixedWidthInteger>(
        endianness: Endianness = .big,
        as: T.Type = T.self
    ) -> T? {
        guard let value = self.getInteger(at: self.readerIndex, endianness: endianness, as: T.self) else {
            return nil
        }
        self._readerIndex &+= MemoryLayout<T>.size
        return value
    }

    /// Returns the integer at `index` without moving, or `nil` if it is not all there.
    @inlinable
    public func getInteger<T: FixedWidthInteger>(
        at index: Int,
        endianness: Endianness = .big,
        as: T.Type = T.self
    ) -> T? {
        let size = MemoryLayout<T>.size
        guard index >= 0, index <= self.bytes.count &- size else { return nil }
        let raw = self.bytes.loadUnaligned(fromByteOffset: index, as: T.self)
        switch endianness {
        case .big: return T(bigEndian: raw)
        case .little: return T(littleEndian: raw)
        }
    }

    /// Reads `length` bytes as a borrowed slice, or returns `nil` without moving.
    @inlinable
    public mutating func readSlice(length: Int) -> UnsafeRawBufferPointer? {
        guard length >= 0, length <= self.readableBytes else { return nil }
        let slice = UnsafeRawBufferPointer(rebasing: self.bytes[self.readerIndex..<(self.readerIndex &+ length)])
        self._readerIndex &+= length
        return slice
    }

    /// Reads a length prefix of type `T` and then that many bytes, or returns `nil` without moving.
    @inlinable
    public mutating func readLengthPrefixedSlice<T: FixedWidthInteger>(
        as: T.Type,
        endianness: Endianness = .big
    ) -> UnsafeRawBufferPointer? {
        self.rewindReaderOnNil { reader in
            guard let length = reader.readInteger(endianness: endianness, as: T.self),
                let count = Int(exactly: length)
            else { return nil }
            return reader.readSlice(length: count)
        }
    }

    /// Skips `length` bytes, or returns `false` without moving.
    @inlinable
    @discardableResult
    public mutating func skip(_ length: Int) -> Bool {
        guard length >= 0, length <= self.readableBytes else { return false }
        self._readerIndex &+= length
        return true
    }

    /// The bytes from the reader index to the end, without moving.
    @inlinable
    public var remaining: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: self.bytes[self.readerIndex...])
    }

    /// Runs `body`; if it returns `nil`, puts the reader index back where it was.
    @inlinable
    public mutating func rewindReaderOnNil<T>(_ body: (inout ByteReader) -> T?) -> T? {
        let saved = self.readerIndex
        let result = body(&self)
        if result == nil { self._readerIndex = saved }
        return result
    }
}

/// The order of bytes in a multi-byte integer.
public enum Endianness: Sendable, Hashable {
    /// Most significant byte first (network order).
    case big
    /// Least significant byte first.
    case little
}
