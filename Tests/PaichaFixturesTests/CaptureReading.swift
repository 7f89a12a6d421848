import PaichaCore
import PaichaFixtures

/// A record read back from a capture in a test.
struct ReadRecord: Equatable {
    var interface: Int
    var units: UInt64
    var bytes: [UInt8]
    var blockType: UInt32
}

/// Reads classic pcap records (test helper; the real reader lives in PaichaCapture).
func readClassicPcap(_ data: [UInt8]) -> (magic: UInt32, linkType: UInt32, records: [ReadRecord])? {
    data.withUnsafeBytes { raw -> (UInt32, UInt32, [ReadRecord])? in
        var reader = ByteReader(raw)
        guard let magicLE = reader.getInteger(at: 0, endianness: .little, as: UInt32.self) else { return nil }
        let endianness: Endianness = (magicLE == 0xA1B2_C3D4 || magicLE == 0xA1B2_3C4D) ? .little : .big
        guard let magic = reader.readInteger(endianness: endianness, as: UInt32.self), reader.skip(16),
            let linkType = reader.readInteger(endianness: endianness, as: UInt32.self)
        else { return nil }
        var records: [ReadRecord] = []
        while reader.readableBytes > 0 {
            guard let seconds = reader.readInteger(endianness: endianness, as: UInt32.self),
                let fraction = reader.readInteger(endianness: endianness, as: UInt32.self),
                let captured = reader.readInteger(endianness: endianness, as: UInt32.self),
                reader.skip(4), let body = reader.readSlice(length: Int(captured))
            else { return nil }
            let perSecond: UInt64 = magic == 0xA1B2_3C4D ? 1_000_000_000 : 1_000_000
            records.append(
                ReadRecord(
                    interface: 0,
                    units: UInt64(seconds) * perSecond + UInt64(fraction),
                    bytes: Array(body),
                    blockType: 0
                )
            )
        }
        return (magic, linkType, records)
    }
}

/// Reads pcapng blocks: packet-carrying blocks become records; returns the link types of the IDBs.
func readPcapng(_ data: [UInt8]) -> (linkTypes: [UInt32], records: [ReadRecord], blockTypes: [UInt32])? {
    data.withUnsafeBytes { raw -> ([UInt32], [ReadRecord], [UInt32])? in
        var reader = ByteReader(raw)
        guard let magic = reader.getInteger(at: 8, endianness: .little, as: UInt32.self) else { return nil }
        let endianness: Endianness = magic == 0x1A2B_3C4D ? .little : .big
        var linkTypes: [UInt32] = []
        var records: [ReadRecord] = []
        var types: [UInt32] = []
        while reader.readableBytes > 0 {
            guard let type = reader.readInteger(endianness: endianness, as: UInt32.self),
                let length = reader.readInteger(endianness: endianness, as: UInt32.self), length >= 12,
                length % 4 == 0,
                let body = reader.readSlice(length: Int(length) - 12),
                let trailer = reader.readInteger(endianness: endianness, as: UInt32.self), trailer == length
            else { return nil }
            types.append(type)
            var inner = ByteReader(body)
            switch type {
            case 1:
                guard let link = inner.readInteger(endianness: endianness, as: UInt16.self) else { return nil }
                linkTypes.append(UInt32(link))
            case 6:
                guard let interface = inner.readInteger(endianness: endianness, as: UInt32.self),
                    let high = inner.readInteger(endianness: endianness, as: UInt32.self),
                    let low = inner.readInteger(endianness: endianness, as: UInt32.self),
                    let captured = inner.readInteger(endianness: endianness, as: UInt32.self), inner.skip(4),
                    let packet = inner.readSlice(length: Int(captured))
                else { return nil }
                records.append(
                    ReadRecord(
                        interface: Int(interface),
                        units: UInt64(high) << 32 | UInt64(low),
                        bytes: Array(packet),
                        blockType: 6
                    )
                )
            default:
                break
            }
        }
        return (linkTypes, records, types)
    }
}

/// A TCP or UDP segment decoded from an Ethernet / raw IP frame.
struct DecodedSegment {
    var source: IPAddress
    var destination: IPAddress
    var sourcePort: UInt16
    var destinationPort: UInt16
    var sequence: UInt32
    var acknowledgement: UInt32
    var flags: UInt8
    var payload: [UInt8]
    var isTCP: Bool
}

/// Decodes an unfragmented IPv4 or IPv6 packet carrying TCP or UDP, or nil.
func decodeIP(_ packet: [UInt8]) -> DecodedSegment? {
    packet.withUnsafeBytes { raw -> DecodedSegment? in
        var reader = ByteReader(raw)
        guard let first = reader.getInteger(at: 0, as: UInt8.self) else { return nil }
        var source: IPAddress
        var destination: IPAddress
        var proto: UInt8
        var transport: ByteReader
        if first >> 4 == 4 {
            let headerLength = Int(first & 0x0F) * 4
            guard let total = reader.getInteger(at: 2, as: UInt16.self),
                let flags = reader.getInteger(at: 6, as: UInt16.self),
                flags & 0x3FFF == 0, let p = reader.getInteger(at: 9, as: UInt8.self),
                reader.skip(12), let s = reader.readSlice(length: 4), let d = reader.readSlice(length: 4),
                let src = IPAddress(v4: s), let dst = IPAddress(v4: d), reader.skip(headerLength - 20),
                let body = reader.readSlice(length: Int(total) - headerLength)
            else { return nil }
            (source, destination, proto, transport) = (src, dst, p, ByteReader(body))
        } else if first >> 4 == 6 {
            guard reader.skip(6), var next = reader.readInteger(as: UInt8.self), reader.skip(1),
                let s = reader.readSlice(length: 16), let d = reader.readSlice(length: 16),
                let src = IPAddress(v6: s), let dst = IPAddress(v6: d)
            else { return nil }
            while next == 0 || next == 60 {
                guard let n = reader.readInteger(as: UInt8.self), let l = reader.readInteger(as: UInt8.self),
                    reader.skip(Int(l) * 8 + 6)
                else { return nil }
                next = n
            }
            guard next == 6 || next == 17 else { return nil }
            (source, destination, proto, transport) = (src, dst, next, ByteReader(reader.remaining))
        } else {
            return nil
        }
        guard let sp = transport.readInteger(as: UInt16.self), let dp = transport.readInteger(as: UInt16.self)
        else { return nil }
        if proto == 6 {
            guard let seq = transport.readInteger(as: UInt32.self), let ack = transport.readInteger(as: UInt32.self),
                let offset = transport.readInteger(as: UInt8.self), let flags = transport.readInteger(as: UInt8.self),
                transport.skip(Int(offset >> 4) * 4 - 14)
            else { return nil }
            return DecodedSegment(
                source: source,
                destination: destination,
                sourcePort: sp,
                destinationPort: dp,
                sequence: seq,
                acknowledgement: ack,
                flags: flags,
                payload: Array(transport.remaining),
                isTCP: true
            )
        }
        guard transport.skip(4) else { return nil }
        return DecodedSegment(
            source: source,
            destination: destination,
            sourcePort: sp,
            destinationPort: dp,
            sequence: 0,
            acknowledgement: 0,
            flags: 0,
            payload: Array(transport.remaining),
            isTCP: false
        )
    }
}

/// Strips an Ethernet header (with any VLAN tags) and returns the IP packet.
func stripEthernet(_ frame: [UInt8]) -> [UInt8]? {
    var offset = 12
    while offset + 2 <= frame.count {
        let type = UInt16(frame[offset]) << 8 | UInt16(frame[offset + 1])
        if type == 0x8100 || type == 0x88A8 {
            offset += 4
            continue
        }
        return Array(frame[(offset + 2)...])
    }
    return nil
}

/// Reassembles one direction of TCP by sequence number (ignoring duplicates), returning the bytes
/// and the number of holes.
func reassemble(_ segments: [DecodedSegment]) -> (bytes: [UInt8], holes: Int) {
    let carrying = segments.filter { !$0.payload.isEmpty }
    guard let reference = carrying.first?.sequence else { return ([], 0) }
    var pieces = carrying.map { (Int(Int32(bitPattern: $0.sequence &- reference)), $0.payload) }
    let lowest = pieces.map(\.0).min() ?? 0
    pieces = pieces.map { ($0.0 - lowest, $0.1) }.sorted { $0.0 < $1.0 }
    var bytes: [UInt8] = []
    var holes = 0
    for (offset, payload) in pieces {
        if offset > bytes.count {
            holes += 1
            bytes += [UInt8](repeating: 0, count: offset - bytes.count)
        }
        let end = offset + payload.count
        if end > bytes.count { bytes += payload[(bytes.count - offset)...] }
    }
    return (bytes, holes)
}
