import CPaichaSupport
import PaichaCore

/// pcapng block type numbers.
enum PcapngBlockType {
    static let sectionHeader: UInt32 = 0x0A0D_0D0A
    static let interfaceDescription: UInt32 = 1
    static let obsoletePacket: UInt32 = 2
    static let simplePacket: UInt32 = 3
    static let enhancedPacket: UInt32 = 6
}

extension CaptureReader {
    /// Block type, block total length, and the trailing length.
    static let blockOverhead = 12

    /// Reads blocks until one carries a packet; `nil` at a clean end.
    mutating func nextPcapngPacket() throws -> CapturedPacket? {
        while true {
            guard case .pcapng = self.state else { return nil }
            let endianness = self.section.endianness
            guard try self.ensure(8) else {
                if self.end == self.start {
                    self.state = .finished
                    return nil
                }
                throw self.error(.truncated, "input ends inside a block header")
            }
            let header = ByteReader(self.available)
            let rawType = header.getInteger(at: 0, endianness: endianness, as: UInt32.self)!
            if rawType == PcapngBlockType.sectionHeader {
                try self.readSectionHeader()
                continue
            }
            let length = Int(header.getInteger(at: 4, endianness: endianness, as: UInt32.self)!)
            try self.checkBlockLength(length, minimum: Self.blockOverhead, type: rawType)
            switch rawType {
            case PcapngBlockType.enhancedPacket, PcapngBlockType.simplePacket, PcapngBlockType.obsoletePacket,
                PcapngBlockType.interfaceDescription:
                try self.ensureBlock(length, endianness: endianness)
                let body = UnsafeRawBufferPointer(
                    start: self.base + self.start + 8,
                    count: length - Self.blockOverhead
                )
                if rawType == PcapngBlockType.interfaceDescription {
                    try self.readInterfaceDescription(body)
                    self.consume(length)
                    continue
                }
                // The next block's header and the start of its packet, asked for now (a hint, as for pcap).
                paicha_prefetch(self.base + self.start + length)
                paicha_prefetch(self.base + self.start + length + 64)
                let packet = try self.readPacketBlock(rawType, body: body)
                self.consume(length)
                if let packet { return packet }
            default:
                let blockOffset = self.offset
                self.tally.skippedBlocks[rawType, default: 0] += 1
                guard try self.discard(length - 4), try self.ensure(4) else {
                    throw self.error(.truncated, at: blockOffset, "input ends inside a block of type \(rawType)")
                }
                let trailer = ByteReader(self.available).getInteger(
                    at: 0,
                    endianness: endianness,
                    as: UInt32.self
                )!
                guard Int(trailer) == length else {
                    throw self.error(
                        .trailerMismatch,
                        at: blockOffset,
                        "block of type \(rawType) has length \(length) but trailer \(trailer)"
                    )
                }
                self.consume(4)
            }
        }
    }

    func checkBlockLength(_ length: Int, minimum: Int, type: UInt32) throws {
        guard length >= minimum, length % 4 == 0 else {
            throw self.error(
                .badBlockLength,
                "block of type \(type) has length \(length) (minimum \(minimum), multiple of 4)"
            )
        }
        guard length <= self.limits.maximumBlockLength else {
            throw self.error(
                .blockTooLarge,
                "block of type \(type) has length \(length), over the limit \(self.limits.maximumBlockLength)"
            )
        }
    }

    /// Buffers a whole block and checks its trailing length.
    mutating func ensureBlock(_ length: Int, endianness: Endianness) throws {
        guard try self.ensure(length) else {
            throw self.error(
                .truncated,
                "input ends inside a block (\(self.end - self.start) of \(length) bytes)"
            )
        }
        let trailer = ByteReader(self.available).getInteger(at: length - 4, endianness: endianness, as: UInt32.self)!
        guard Int(trailer) == length else {
            throw self.error(.trailerMismatch, "block length \(length) but trailer \(trailer)")
        }
    }

    mutating func readSectionHeader() throws {
        guard try self.ensure(12) else {
            throw self.error(.truncated, "input ends inside a section header block")
        }
        let header = ByteReader(self.available)
        let endianness: Endianness
        switch header.getInteger(at: 8, endianness: .little, as: UInt32.self)! {
        case 0x1A2B_3C4D: endianness = .little
        case 0x4D3C_2B1A: endianness = .big
        case let other:
            throw self.error(.badMagic, "section header byte-order magic 0x\(String(other, radix: 16))")
        }
        let length = Int(header.getInteger(at: 4, endianness: endianness, as: UInt32.self)!)
        try self.checkBlockLength(length, minimum: 28, type: PcapngBlockType.sectionHeader)
        try self.ensureBlock(length, endianness: endianness)
        let major = ByteReader(self.available).getInteger(at: 12, endianness: endianness, as: UInt16.self)!
        guard major == 1 else {
            throw self.error(.badHeader, "unsupported pcapng major version \(major)")
        }
        self.tally.sections += 1
        self.section = PcapngSection(endianness: endianness, interfaces: [])
        self.state = .pcapng
        self.consume(length)
    }

    mutating func readInterfaceDescription(_ body: UnsafeRawBufferPointer) throws {
        let endianness = self.section.endianness
        var reader = ByteReader(body)
        guard let linkType = reader.readInteger(endianness: endianness, as: UInt16.self),
            reader.skip(2),
            let snapLength = reader.readInteger(endianness: endianness, as: UInt32.self)
        else {
            throw self.error(.badHeader, "interface description block too short")
        }
        var unitsPerSecond: UInt64 = 1_000_000
        var offsetSeconds: Int64 = 0
        while reader.readableBytes >= 4 {
            let code = reader.readInteger(endianness: endianness, as: UInt16.self)!
            let length = Int(reader.readInteger(endianness: endianness, as: UInt16.self)!)
            if code == 0 { break }
            guard let value = reader.readSlice(length: length) else {
                throw self.error(.badHeader, "interface option \(code) of length \(length) overruns the block")
            }
            _ = reader.skip((4 - length % 4) % 4)
            var valueReader = ByteReader(value)
            switch code {
            case 9:  // if_tsresol
                guard let resolution = valueReader.readInteger(as: UInt8.self) else { break }
                let exponent = UInt64(resolution & 0x7F)
                if resolution & 0x80 != 0 {
                    guard exponent <= 63 else {
                        throw self.error(.badHeader, "if_tsresol 2^-\(exponent) is out of range")
                    }
                    unitsPerSecond = 1 << exponent
                } else {
                    guard exponent <= 19 else {
                        throw self.error(.badHeader, "if_tsresol 10^-\(exponent) is out of range")
                    }
                    unitsPerSecond = 1
                    for _ in 0..<exponent { unitsPerSecond *= 10 }
                }
            case 14:  // if_tsoffset
                if let seconds = valueReader.readInteger(endianness: endianness, as: Int64.self) {
                    offsetSeconds = seconds
                }
            default:
                break
            }
        }
        let sectionIndex = self.tally.sections - 1
        let interfaceIndex = self.section.interfaces.count
        self.tally.interfaces.append(
            CaptureInterface(
                section: sectionIndex,
                index: interfaceIndex,
                linkType: LinkType(rawValue: UInt32(linkType)),
                snapLength: Int(snapLength),
                packets: 0
            )
        )
        self.section.interfaces.append(
            PcapngInterface(
                linkType: LinkType(rawValue: UInt32(linkType)),
                snapLength: Int(snapLength),
                unitsPerSecond: unitsPerSecond,
                offsetSeconds: offsetSeconds,
                statisticsIndex: self.tally.interfaces.count - 1
            )
        )
    }

    mutating func readPacketBlock(
        _ type: UInt32,
        body: UnsafeRawBufferPointer
    ) throws -> CapturedPacket? {
        let endianness = self.section.endianness
        var reader = ByteReader(body)
        let interfaceID: Int
        var ticks: UInt64 = 0
        var captured: Int
        let original: Int
        switch type {
        case PcapngBlockType.enhancedPacket, PcapngBlockType.obsoletePacket:
            let fixed = 20
            guard body.count >= fixed else {
                throw self.error(.badHeader, "packet block of type \(type) too short (\(body.count) bytes)")
            }
            if type == PcapngBlockType.enhancedPacket {
                interfaceID = Int(reader.readInteger(endianness: endianness, as: UInt32.self)!)
            } else {
                interfaceID = Int(reader.readInteger(endianness: endianness, as: UInt16.self)!)
                _ = reader.skip(2)  // drops count
            }
            let high = reader.readInteger(endianness: endianness, as: UInt32.self)!
            let low = reader.readInteger(endianness: endianness, as: UInt32.self)!
            ticks = UInt64(high) << 32 | UInt64(low)
            captured = Int(reader.readInteger(endianness: endianness, as: UInt32.self)!)
            original = Int(reader.readInteger(endianness: endianness, as: UInt32.self)!)
            guard captured <= reader.readableBytes else {
                throw self.error(
                    .badHeader,
                    "captured length \(captured) exceeds the block (\(reader.readableBytes) bytes)"
                )
            }
        case PcapngBlockType.simplePacket:
            guard let length = reader.readInteger(endianness: endianness, as: UInt32.self) else {
                throw self.error(.badHeader, "simple packet block too short")
            }
            interfaceID = 0
            original = Int(length)
            captured = min(original, reader.readableBytes)
        default:
            return nil
        }
        guard interfaceID < self.section.interfaces.count else {
            throw self.error(
                .undefinedInterface,
                "packet block names interface \(interfaceID) but the section defines \(self.section.interfaces.count)"
            )
        }
        let interface = self.section.interfaces[interfaceID]
        if type == PcapngBlockType.simplePacket, interface.snapLength > 0 {
            captured = min(captured, interface.snapLength)
        }
        guard captured <= self.limits.maximumRecordLength else {
            throw self.error(
                .recordTooLarge,
                "captured length \(captured) exceeds the limit \(self.limits.maximumRecordLength)"
            )
        }
        if interface.snapLength > 0 && captured > interface.snapLength { self.tally.snapLengthExceeded += 1 }
        if captured > original { self.tally.capturedExceedsOriginal += 1 }
        let timestamp: Timestamp
        if type == PcapngBlockType.simplePacket {
            // A simple packet block has no timestamp: keep the previous packet's time.
            timestamp = self.lastTimestamp
        } else {
            timestamp = Self.timestamp(ticks: ticks, interface: interface)
            self.lastTimestamp = timestamp
        }
        let data = reader.readSlice(length: captured)!
        self.tally.packets &+= 1
        self.tally.capturedBytes &+= Int64(captured)
        self.tally.originalBytes &+= Int64(original)
        self.tally.interfaces[interface.statisticsIndex].packets &+= 1
        return CapturedPacket(
            timestamp: timestamp,
            linkType: interface.linkType,
            interfaceIndex: interfaceID,
            originalLength: original,
            fileOffset: self.offset,
            index: self.tally.packets,
            data: data
        )
    }

    /// Converts interface clock ticks to a timestamp, wrapping (not trapping) for absurd values.
    @inline(__always)
    static func timestamp(ticks: UInt64, interface: PcapngInterface) -> Timestamp {
        let units = interface.unitsPerSecond
        let nanoseconds: Int64
        if units == 1_000_000 {
            nanoseconds = Int64(truncatingIfNeeded: ticks) &* 1000
        } else if units == 1_000_000_000 {
            nanoseconds = Int64(truncatingIfNeeded: ticks)
        } else {
            let seconds = ticks / units
            let fraction = ticks % units
            let product = fraction.multipliedFullWidth(by: 1_000_000_000)
            let fractionNanoseconds = units.dividingFullWidth(product).quotient
            nanoseconds = Int64(truncatingIfNeeded: seconds) &* 1_000_000_000 &+ Int64(fractionNanoseconds)
        }
        return Timestamp(nanoseconds: nanoseconds &+ interface.offsetSeconds &* 1_000_000_000)
    }
}
