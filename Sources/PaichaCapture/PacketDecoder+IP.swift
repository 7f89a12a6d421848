import PaichaCore

extension PacketDecoder {
    /// Decodes an IPv4 packet starting at `bytes`.
    mutating func ipv4(
        _ bytes: UnsafeRawBufferPointer,
        _ packet: CapturedPacket,
        _ body: (DecodedPacket) throws -> Void
    ) rethrows {
        let reader = ByteReader(bytes)
        guard let versionAndLength = reader.getInteger(at: 0, as: UInt8.self),
            let totalField = reader.getInteger(at: 2, as: UInt16.self),
            let identification = reader.getInteger(at: 4, as: UInt16.self),
            let fragmentField = reader.getInteger(at: 6, as: UInt16.self),
            let proto = reader.getInteger(at: 9, as: UInt8.self),
            let sourceBits = reader.getInteger(at: 12, as: UInt32.self),
            let destinationBits = reader.getInteger(at: 16, as: UInt32.self)
        else {
            self.statistics.truncated &+= 1
            return
        }
        let headerLength = Int(versionAndLength & 0x0F) &* 4
        guard versionAndLength >> 4 == 4, headerLength >= 20 else {
            self.statistics.badHeader &+= 1
            return
        }
        // A zero total length comes from TCP segmentation offload: use what was captured.
        let totalLength = totalField == 0 ? bytes.count : Int(totalField)
        guard totalLength >= headerLength else {
            self.statistics.badHeader &+= 1
            return
        }
        guard bytes.count >= headerLength else {
            self.statistics.truncated &+= 1
            return
        }
        // Trailing bytes beyond the total length are link-layer padding.
        let captured = min(totalLength, bytes.count)
        let payload = UnsafeRawBufferPointer(rebasing: bytes[headerLength..<captured])
        let source = IPAddress.v4(sourceBits)
        let destination = IPAddress.v4(destinationBits)
        let more = fragmentField & 0x2000 != 0
        let fragmentOffset = Int(fragmentField & 0x1FFF) &* 8
        if more || fragmentOffset != 0 {
            guard captured == totalLength else {
                self.statistics.fragments &+= 1
                self.statistics.truncated &+= 1
                return
            }
            let key = FragmentKey(
                source: source,
                destination: destination,
                identification: UInt32(identification),
                proto: proto,
                isV6: false
            )
            guard
                let datagram = self.reassembler.add(
                    key: key,
                    offset: fragmentOffset,
                    more: more,
                    payload: payload,
                    headerLength: headerLength,
                    now: packet.timestamp.nanoseconds,
                    statistics: &self.statistics
                )
            else { return }
            try datagram.buffer.withUnsafeBytes { whole in
                try self.transport(
                    proto,
                    whole,
                    wireLength: whole.count,
                    ipLength: datagram.headerLength &+ whole.count,
                    source: source,
                    destination: destination,
                    packet,
                    body
                )
            }
            return
        }
        try self.transport(
            proto,
            payload,
            wireLength: totalLength &- headerLength,
            ipLength: totalLength,
            source: source,
            destination: destination,
            packet,
            body
        )
    }

    /// Decodes an IPv6 packet starting at `bytes`, following its extension headers.
    mutating func ipv6(
        _ bytes: UnsafeRawBufferPointer,
        _ packet: CapturedPacket,
        _ body: (DecodedPacket) throws -> Void
    ) rethrows {
        let reader = ByteReader(bytes)
        guard let first = reader.getInteger(at: 0, as: UInt8.self),
            let payloadField = reader.getInteger(at: 4, as: UInt16.self),
            let next = reader.getInteger(at: 6, as: UInt8.self),
            bytes.count >= 40
        else {
            self.statistics.truncated &+= 1
            return
        }
        guard first >> 4 == 6 else {
            self.statistics.badHeader &+= 1
            return
        }
        let source = IPAddress(v6: UnsafeRawBufferPointer(rebasing: bytes[8..<24]))!
        let destination = IPAddress(v6: UnsafeRawBufferPointer(rebasing: bytes[24..<40]))!
        // A zero payload length means a jumbogram (or offload): use what was captured.
        let totalLength = payloadField == 0 ? bytes.count : 40 &+ Int(payloadField)
        let captured = min(totalLength, bytes.count)
        let packetBytes = UnsafeRawBufferPointer(rebasing: bytes[0..<captured])
        try self.ipv6Chain(
            packetBytes,
            start: 40,
            next: next,
            wireLength: totalLength,
            ipLength: totalLength,
            fragmentAllowed: true,
            source: source,
            destination: destination,
            packet,
            body
        )
    }

    /// Walks IPv6 extension headers in `bytes` from `start`, then decodes the transport.
    mutating func ipv6Chain(
        _ bytes: UnsafeRawBufferPointer,
        start: Int,
        next firstNext: UInt8,
        wireLength: Int,
        ipLength: Int,
        fragmentAllowed: Bool,
        source: IPAddress,
        destination: IPAddress,
        _ packet: CapturedPacket,
        _ body: (DecodedPacket) throws -> Void
    ) rethrows {
        let reader = ByteReader(bytes)
        var offset = start
        var next = firstNext
        var count = 0
        chain: while true {
            switch next {
            case 0, 43, 60, 51, 44:
                count += 1
                guard count <= self.limits.maximumIPv6ExtensionHeaders else {
                    self.statistics.extensionChainTooLong &+= 1
                    return
                }
                guard let following = reader.getInteger(at: offset, as: UInt8.self),
                    let lengthField = reader.getInteger(at: offset &+ 1, as: UInt8.self)
                else {
                    self.countShort(bytes.count < wireLength)
                    return
                }
                if next == 44 {
                    guard fragmentAllowed,
                        let fragmentField = reader.getInteger(at: offset &+ 2, as: UInt16.self),
                        let identification = reader.getInteger(at: offset &+ 4, as: UInt32.self)
                    else {
                        if fragmentAllowed {
                            self.countShort(bytes.count < wireLength)
                        } else {
                            self.statistics.badHeader &+= 1
                        }
                        return
                    }
                    let fragmentOffset = Int(fragmentField & 0xFFF8)
                    let more = fragmentField & 1 != 0
                    let unfragmentable = offset
                    offset &+= 8
                    next = following
                    if fragmentOffset == 0 && !more { continue chain }  // an atomic fragment
                    guard bytes.count == wireLength, offset <= bytes.count else {
                        self.statistics.fragments &+= 1
                        self.countShort(true)
                        return
                    }
                    let key = FragmentKey(
                        source: source,
                        destination: destination,
                        identification: identification,
                        proto: next,
                        isV6: true
                    )
                    guard
                        let datagram = self.reassembler.add(
                            key: key,
                            offset: fragmentOffset,
                            more: more,
                            payload: UnsafeRawBufferPointer(rebasing: bytes[offset...]),
                            headerLength: unfragmentable,
                            now: packet.timestamp.nanoseconds,
                            statistics: &self.statistics
                        )
                    else { return }
                    try datagram.buffer.withUnsafeBytes { whole in
                        try self.ipv6Chain(
                            whole,
                            start: 0,
                            next: next,
                            wireLength: whole.count,
                            ipLength: datagram.headerLength &+ whole.count,
                            fragmentAllowed: false,
                            source: source,
                            destination: destination,
                            packet,
                            body
                        )
                    }
                    return
                }
                let length = next == 51 ? (Int(lengthField) &+ 2) &* 4 : (Int(lengthField) &+ 1) &* 8
                offset &+= length
                next = following
                guard offset <= bytes.count else {
                    self.countShort(bytes.count < wireLength)
                    return
                }
            default:
                break chain
            }
        }
        let payload = UnsafeRawBufferPointer(rebasing: bytes[offset...])
        try self.transport(
            next,
            payload,
            wireLength: wireLength &- offset,
            ipLength: ipLength,
            source: source,
            destination: destination,
            packet,
            body
        )
    }

    /// Counts a header that did not fit: truncated if the capture was cut, otherwise a bad header.
    @inline(__always)
    mutating func countShort(_ cut: Bool) {
        if cut { self.statistics.truncated &+= 1 } else { self.statistics.badHeader &+= 1 }
    }
}
