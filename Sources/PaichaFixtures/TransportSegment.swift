public import PaichaCore

/// TCP header flag bits.
public struct TCPFlagBits: OptionSet, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// FIN.
    public static let fin = TCPFlagBits(rawValue: 0x01)
    /// SYN.
    public static let syn = TCPFlagBits(rawValue: 0x02)
    /// RST.
    public static let rst = TCPFlagBits(rawValue: 0x04)
    /// PSH.
    public static let psh = TCPFlagBits(rawValue: 0x08)
    /// ACK.
    public static let ack = TCPFlagBits(rawValue: 0x10)
}

/// Builds TCP and UDP segments with correct checksums.
public enum TransportSegment {
    /// TCP options for a SYN: MSS, SACK permitted, window scale 7.
    public static func synOptions(mss: UInt16) -> [UInt8] {
        [2, 4, UInt8(mss >> 8), UInt8(mss & 0xFF), 4, 2, 3, 3, 7, 0, 0, 0]
    }

    /// A TCP segment (header + payload) with its checksum over the pseudo-header.
    public static func tcp(
        source: Endpoint,
        destination: Endpoint,
        sequence: UInt32,
        acknowledgement: UInt32,
        flags: TCPFlagBits,
        window: UInt16 = 502,
        options: [UInt8] = [],
        payload: ArraySlice<UInt8>
    ) -> [UInt8] {
        var padded = options
        padded.padToMultiple(of: 4)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20 + padded.count + payload.count)
        bytes.appendInteger(source.port)
        bytes.appendInteger(destination.port)
        bytes.appendInteger(sequence)
        bytes.appendInteger(flags.contains(.ack) ? acknowledgement : 0)
        bytes.append(UInt8((20 + padded.count) / 4) << 4)
        bytes.append(flags.rawValue)
        bytes.appendInteger(window)
        bytes.appendInteger(UInt16(0))
        bytes.appendInteger(UInt16(0))
        bytes.append(contentsOf: padded)
        bytes.append(contentsOf: payload)
        let checksum = IPPacket.transportChecksum(
            source: source.ip,
            destination: destination.ip,
            protocol: IPPacket.tcp,
            segment: bytes
        )
        bytes[16] = UInt8(checksum >> 8)
        bytes[17] = UInt8(checksum & 0xFF)
        return bytes
    }

    /// A UDP datagram with its checksum.
    public static func udp(source: Endpoint, destination: Endpoint, payload: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + payload.count)
        bytes.appendInteger(source.port)
        bytes.appendInteger(destination.port)
        bytes.appendInteger(UInt16(8 + payload.count))
        bytes.appendInteger(UInt16(0))
        bytes.append(contentsOf: payload)
        var checksum = IPPacket.transportChecksum(
            source: source.ip,
            destination: destination.ip,
            protocol: IPPacket.udp,
            segment: bytes
        )
        if checksum == 0 { checksum = 0xFFFF }
        bytes[6] = UInt8(checksum >> 8)
        bytes[7] = UInt8(checksum & 0xFF)
        return bytes
    }
}
