import PaichaCore

extension PacketDecoder {
    /// Decodes the transport header in `payload` (the IP payload as captured) and delivers the packet.
    ///
    /// `wireLength` is the IP payload length on the wire, which may exceed `payload.count`.
    @inline(__always)
    mutating func transport(
        _ proto: UInt8,
        _ payload: UnsafeRawBufferPointer,
        wireLength: Int,
        ipLength: Int,
        source: IPAddress,
        destination: IPAddress,
        _ packet: CapturedPacket,
        _ body: (DecodedPacket) throws -> Void
    ) rethrows {
        let reader = ByteReader(payload)
        var decoded = DecodedPacket(
            timestamp: packet.timestamp,
            source: source,
            destination: destination,
            transport: TransportProtocol(number: proto),
            sourcePort: 0,
            destinationPort: 0,
            tcpFlags: [],
            sequenceNumber: 0,
            acknowledgementNumber: 0,
            payload: payload,
            wirePayloadLength: wireLength,
            ipLength: ipLength,
            fileOffset: packet.fileOffset,
            packetIndex: packet.index
        )
        switch proto {
        case 6:
            guard let sourcePort = reader.getInteger(at: 0, as: UInt16.self),
                let destinationPort = reader.getInteger(at: 2, as: UInt16.self),
                let sequence = reader.getInteger(at: 4, as: UInt32.self),
                let acknowledgement = reader.getInteger(at: 8, as: UInt32.self),
                let offsetByte = reader.getInteger(at: 12, as: UInt8.self),
                let flags = reader.getInteger(at: 13, as: UInt8.self)
            else {
                self.countShort(payload.count < wireLength)
                return
            }
            let headerLength = Int(offsetByte >> 4) &* 4
            guard headerLength >= 20, headerLength <= wireLength else {
                self.statistics.badHeader &+= 1
                return
            }
            guard headerLength <= payload.count else {
                self.statistics.truncated &+= 1
                return
            }
            decoded.sourcePort = sourcePort
            decoded.destinationPort = destinationPort
            decoded.sequenceNumber = sequence
            decoded.acknowledgementNumber = acknowledgement
            decoded.tcpFlags = TCPFlags(rawValue: flags & 0x3F)
            decoded.wirePayloadLength = wireLength &- headerLength
            decoded.payload = UnsafeRawBufferPointer(rebasing: payload[headerLength...])
        case 17:
            guard let sourcePort = reader.getInteger(at: 0, as: UInt16.self),
                let destinationPort = reader.getInteger(at: 2, as: UInt16.self),
                let length = reader.getInteger(at: 4, as: UInt16.self),
                reader.getInteger(at: 6, as: UInt16.self) != nil  // the checksum: the header is complete
            else {
                self.countShort(payload.count < wireLength)
                return
            }
            guard wireLength >= 8 else {
                self.statistics.badHeader &+= 1
                return
            }
            // The UDP length wins when it is consistent; 0 (jumbograms) or nonsense falls back to IP's.
            let udpLength = Int(length)
            let wirePayload = udpLength >= 8 && udpLength <= wireLength ? udpLength &- 8 : wireLength &- 8
            decoded.sourcePort = sourcePort
            decoded.destinationPort = destinationPort
            decoded.wirePayloadLength = wirePayload
            let capturedEnd = min(payload.count, 8 &+ wirePayload)
            decoded.payload = UnsafeRawBufferPointer(rebasing: payload[8..<capturedEnd])
        default:
            break
        }
        self.statistics.decoded &+= 1
        try body(decoded)
    }
}
