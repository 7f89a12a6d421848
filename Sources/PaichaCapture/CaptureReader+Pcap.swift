import CPaichaSupport
import PaichaCore

extension CaptureReader {
    /// The length of the classic pcap file header.
    static let pcapHeaderLength = 24
    /// The length of a classic pcap record header.
    static let pcapRecordHeaderLength = 16

    mutating func readPcapHeader(magic: UInt32) throws {
        guard try self.ensure(Self.pcapHeaderLength) else {
            throw self.error(.truncated, "input ends inside the 24-byte pcap file header")
        }
        let endianness: Endianness = (magic == 0xA1B2_C3D4 || magic == 0xA1B2_3C4D) ? .little : .big
        let nanosecond = magic == 0xA1B2_3C4D || magic == 0x4D3C_B2A1
        var reader = ByteReader(self.available)
        _ = reader.skip(4)
        let major = reader.readInteger(endianness: endianness, as: UInt16.self)!
        _ = reader.skip(2 + 4 + 4)
        let snapLength = reader.readInteger(endianness: endianness, as: UInt32.self)!
        let linkField = reader.readInteger(endianness: endianness, as: UInt32.self)!
        guard major == 2 else {
            throw self.error(.badHeader, "unsupported pcap version \(major) (expected 2)")
        }
        // The upper bits carry the FCS length and flags; the link type is the low 16 bits.
        let linkType = LinkType(rawValue: linkField & 0xFFFF)
        let format = PcapFormat(
            endianness: endianness,
            nanosecond: nanosecond,
            linkType: linkType,
            snapLength: Int(snapLength)
        )
        self.consume(Self.pcapHeaderLength)
        self.tally.format = .pcap
        self.tally.sections = 1
        self.tally.interfaces = [
            CaptureInterface(section: 0, index: 0, linkType: linkType, snapLength: Int(snapLength), packets: 0)
        ]
        self.state = .pcap(format)
    }

    mutating func nextPcapRecord(_ format: PcapFormat) throws -> CapturedPacket? {
        let headerLength = Self.pcapRecordHeaderLength
        guard try self.ensure(headerLength) else {
            if self.end == self.start {
                self.state = .finished
                return nil
            }
            throw self.error(
                .truncated,
                "input ends inside a pcap record header (\(self.end - self.start) of 16 bytes)"
            )
        }
        let header = ByteReader(self.available)
        let endianness = format.endianness
        let seconds = header.getInteger(at: 0, endianness: endianness, as: UInt32.self)!
        let fraction = header.getInteger(at: 4, endianness: endianness, as: UInt32.self)!
        let captured = Int(header.getInteger(at: 8, endianness: endianness, as: UInt32.self)!)
        let original = Int(header.getInteger(at: 12, endianness: endianness, as: UInt32.self)!)
        guard captured <= self.limits.maximumRecordLength else {
            throw self.error(
                .recordTooLarge,
                "captured length \(captured) exceeds the limit \(self.limits.maximumRecordLength)"
            )
        }
        guard try self.ensure(headerLength + captured) else {
            throw self.error(
                .truncated,
                "input ends inside a pcap record (\(self.end - self.start) of \(headerLength + captured) bytes)"
            )
        }
        if format.snapLength > 0 && captured > format.snapLength { self.tally.snapLengthExceeded += 1 }
        if captured > original { self.tally.capturedExceedsOriginal += 1 }
        let nanoseconds = format.nanosecond ? Int64(fraction) : Int64(fraction) &* 1000
        let timestamp = Timestamp(seconds: Int64(seconds), nanoseconds: nanoseconds)
        let data = UnsafeRawBufferPointer(start: self.base + self.start + headerLength, count: captured)
        // The next record's header and the start of its packet, asked for now so that they are in cache when it
        // is read (a hint; past the buffered bytes it does nothing).
        paicha_prefetch(data.baseAddress! + captured)
        paicha_prefetch(data.baseAddress! + captured + 64)
        self.tally.packets &+= 1
        self.tally.capturedBytes &+= Int64(captured)
        self.tally.originalBytes &+= Int64(original)
        let packet = CapturedPacket(
            timestamp: timestamp,
            linkType: format.linkType,
            interfaceIndex: 0,
            originalLength: original,
            fileOffset: self.offset,
            index: self.tally.packets,
            data: data
        )
        self.consume(headerLength + captured)
        return packet
    }
}
