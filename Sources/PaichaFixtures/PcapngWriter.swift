public import PaichaCore

/// Writes a pcapng file: a section header, interfaces with their own link types and resolutions,
/// enhanced, simple and obsolete packet blocks, and arbitrary other blocks.
public final class PcapngWriter: CaptureWriter {
    /// Block type numbers.
    public enum BlockType {
        /// Section Header Block.
        public static let sectionHeader: UInt32 = 0x0A0D_0D0A
        /// Interface Description Block.
        public static let interfaceDescription: UInt32 = 1
        /// Obsolete Packet Block.
        public static let obsoletePacket: UInt32 = 2
        /// Simple Packet Block.
        public static let simplePacket: UInt32 = 3
        /// Enhanced Packet Block.
        public static let enhancedPacket: UInt32 = 6
        /// Custom Block that may be copied.
        public static let custom: UInt32 = 0x0000_0BAD
    }

    /// One interface described so far.
    public struct Interface: Hashable, Sendable {
        /// Its link type.
        public var linkType: UInt32
        /// Its timestamp resolution.
        public var resolution: TimestampResolution
        /// Its snap length (0 = none).
        public var snapLength: UInt32
    }

    private let sink: any ByteSink
    /// The byte order of every block in the section.
    public let endianness: Endianness
    /// The interfaces in order of their IDBs.
    public private(set) var interfaces: [Interface] = []
    private var block: [UInt8] = []

    /// Writes a Section Header Block (with an optional `shb_userappl`) to `sink`.
    public init(
        sink: any ByteSink,
        endianness: Endianness = .little,
        application: String? = "Paicha fixtures"
    )
        throws
    {
        self.sink = sink
        self.endianness = endianness
        var body: [UInt8] = []
        body.appendInteger(UInt32(0x1A2B_3C4D), endianness: endianness)
        body.appendInteger(UInt16(1), endianness: endianness)
        body.appendInteger(UInt16(0), endianness: endianness)
        body.appendInteger(Int64(-1), endianness: endianness)
        if let application {
            self.appendOption(&body, code: 4, value: Array(application.utf8))
            self.appendOption(&body, code: 0, value: [])
        }
        try self.writeBlock(type: BlockType.sectionHeader, body: body)
    }

    /// Describes a new interface and returns its index.
    @discardableResult
    public func addInterface(
        linkType: UInt32,
        resolution: TimestampResolution = .microseconds,
        snapLength: UInt32 = 262_144,
        name: String? = nil
    ) throws -> Int {
        var body: [UInt8] = []
        body.appendInteger(UInt16(truncatingIfNeeded: linkType), endianness: self.endianness)
        body.appendInteger(UInt16(0), endianness: self.endianness)
        body.appendInteger(snapLength, endianness: self.endianness)
        var hasOptions = false
        if let name {
            self.appendOption(&body, code: 2, value: Array(name.utf8))
            hasOptions = true
        }
        if resolution != .microseconds {
            self.appendOption(&body, code: 9, value: [resolution.optionByte])
            hasOptions = true
        }
        if hasOptions { self.appendOption(&body, code: 0, value: []) }
        try self.writeBlock(type: BlockType.interfaceDescription, body: body)
        self.interfaces.append(Interface(linkType: linkType, resolution: resolution, snapLength: snapLength))
        return self.interfaces.count - 1
    }

    /// Writes an Enhanced Packet Block on `interface`.
    public func write(
        frame: UnsafeRawBufferPointer,
        timestamp: Timestamp,
        interface: Int,
        originalLength: Int? = nil
    )
        throws
    {
        guard self.interfaces.indices.contains(interface) else {
            throw FixtureError.invalidArgument("pcapng interface \(interface) not described")
        }
        let description = self.interfaces[interface]
        let captured = description.snapLength == 0 ? frame.count : min(frame.count, Int(description.snapLength))
        let units = description.resolution.units(timestamp)
        let padded = (captured + 3) & ~3
        let total = 32 + padded
        self.block.removeAll(keepingCapacity: true)
        self.block.appendInteger(BlockType.enhancedPacket, endianness: self.endianness)
        self.block.appendInteger(UInt32(total), endianness: self.endianness)
        self.block.appendInteger(UInt32(interface), endianness: self.endianness)
        self.block.appendInteger(UInt32(truncatingIfNeeded: units >> 32), endianness: self.endianness)
        self.block.appendInteger(UInt32(truncatingIfNeeded: units), endianness: self.endianness)
        self.block.appendInteger(UInt32(captured), endianness: self.endianness)
        self.block.appendInteger(UInt32(originalLength ?? frame.count), endianness: self.endianness)
        self.block.append(contentsOf: UnsafeRawBufferPointer(rebasing: frame[0..<captured]))
        self.block.padToMultiple(of: 4)
        self.block.appendInteger(UInt32(total), endianness: self.endianness)
        try self.sink.write(self.block)
    }

    /// Writes a Simple Packet Block (interface 0, no timestamp).
    public func writeSimplePacket(_ frame: [UInt8], originalLength: Int? = nil) throws {
        guard let first = self.interfaces.first else {
            throw FixtureError.invalidArgument("simple packet block before any interface")
        }
        let captured = first.snapLength == 0 ? frame.count : min(frame.count, Int(first.snapLength))
        var body: [UInt8] = []
        body.appendInteger(UInt32(originalLength ?? frame.count), endianness: self.endianness)
        body.append(contentsOf: frame[0..<captured])
        try self.writeBlock(type: BlockType.simplePacket, body: body)
    }

    /// Writes an obsolete Packet Block (type 2) on `interface`.
    public func writeObsoletePacket(_ frame: [UInt8], timestamp: Timestamp, interface: Int) throws {
        guard self.interfaces.indices.contains(interface) else {
            throw FixtureError.invalidArgument("pcapng interface \(interface) not described")
        }
        let units = self.interfaces[interface].resolution.units(timestamp)
        var body: [UInt8] = []
        body.appendInteger(UInt16(interface), endianness: self.endianness)
        body.appendInteger(UInt16(0), endianness: self.endianness)
        body.appendInteger(UInt32(truncatingIfNeeded: units >> 32), endianness: self.endianness)
        body.appendInteger(UInt32(truncatingIfNeeded: units), endianness: self.endianness)
        body.appendInteger(UInt32(frame.count), endianness: self.endianness)
        body.appendInteger(UInt32(frame.count), endianness: self.endianness)
        body.append(contentsOf: frame)
        try self.writeBlock(type: BlockType.obsoletePacket, body: body)
    }

    /// Writes a Custom Block (type 0xBAD) with a private enterprise number; readers skip it.
    public func writeCustomBlock(enterpriseNumber: UInt32, data: [UInt8]) throws {
        var body: [UInt8] = []
        body.appendInteger(enterpriseNumber, endianness: self.endianness)
        body.append(contentsOf: data)
        try self.writeBlock(type: BlockType.custom, body: body)
    }

    /// Writes a block of any type with `body` padded to four bytes.
    public func writeBlock(type: UInt32, body: [UInt8]) throws {
        let padded = (body.count + 3) & ~3
        let total = 12 + padded
        var bytes: [UInt8] = []
        bytes.reserveCapacity(total)
        bytes.appendInteger(type, endianness: self.endianness)
        bytes.appendInteger(UInt32(total), endianness: self.endianness)
        bytes.append(contentsOf: body)
        bytes.padToMultiple(of: 4)
        bytes.appendInteger(UInt32(total), endianness: self.endianness)
        try self.sink.write(bytes)
    }

    private func appendOption(_ body: inout [UInt8], code: UInt16, value: [UInt8]) {
        body.appendInteger(code, endianness: self.endianness)
        body.appendInteger(UInt16(value.count), endianness: self.endianness)
        body.append(contentsOf: value)
        body.padToMultiple(of: 4)
    }

    public func close() throws {
        try self.sink.close()
    }
}
