public import PaichaCore

/// Writes a classic libpcap file (either byte order, micro- or nanosecond timestamps, any link type).
public final class PcapWriter: CaptureWriter {
    /// The magic number for microsecond files.
    public static let microsecondMagic: UInt32 = 0xA1B2_C3D4
    /// The magic number for nanosecond files.
    public static let nanosecondMagic: UInt32 = 0xA1B2_3C4D

    private let sink: any ByteSink
    private let endianness: Endianness
    private let resolution: TimestampResolution
    /// The link type written in the file header.
    public let linkType: UInt32
    /// The snap length; longer frames are cut and keep their original length.
    public let snapLength: UInt32
    private var header: [UInt8] = []

    /// Writes the 24-byte file header to `sink`.
    public init(
        sink: any ByteSink,
        linkType: UInt32,
        endianness: Endianness = .little,
        resolution: TimestampResolution = .microseconds,
        snapLength: UInt32 = 262_144
    ) throws {
        guard resolution == .microseconds || resolution == .nanoseconds else {
            throw FixtureError.invalidArgument("classic pcap supports only micro- and nanoseconds")
        }
        self.sink = sink
        self.endianness = endianness
        self.resolution = resolution
        self.linkType = linkType
        self.snapLength = snapLength
        var bytes: [UInt8] = []
        bytes.appendInteger(
            resolution == .nanoseconds ? Self.nanosecondMagic : Self.microsecondMagic,
            endianness: endianness
        )
        bytes.appendInteger(UInt16(2), endianness: endianness)
        bytes.appendInteger(UInt16(4), endianness: endianness)
        bytes.appendInteger(Int32(0), endianness: endianness)
        bytes.appendInteger(UInt32(0), endianness: endianness)
        bytes.appendInteger(snapLength, endianness: endianness)
        bytes.appendInteger(linkType, endianness: endianness)
        try sink.write(bytes)
        self.header.reserveCapacity(16)
    }

    /// Writes one record; `interface` is ignored (classic pcap has one).
    public func write(
        frame: UnsafeRawBufferPointer,
        timestamp: Timestamp,
        interface: Int = 0,
        originalLength: Int? = nil
    )
        throws
    {
        let captured = min(frame.count, Int(self.snapLength))
        let units = self.resolution.units(timestamp)
        let perSecond: UInt64 = self.resolution == .nanoseconds ? 1_000_000_000 : 1_000_000
        self.header.removeAll(keepingCapacity: true)
        self.header.appendInteger(UInt32(truncatingIfNeeded: units / perSecond), endianness: self.endianness)
        self.header.appendInteger(UInt32(truncatingIfNeeded: units % perSecond), endianness: self.endianness)
        self.header.appendInteger(UInt32(captured), endianness: self.endianness)
        self.header.appendInteger(UInt32(originalLength ?? frame.count), endianness: self.endianness)
        try self.sink.write(self.header)
        try self.sink.write(UnsafeRawBufferPointer(rebasing: frame[0..<captured]))
    }

    public func close() throws {
        try self.sink.close()
    }
}
