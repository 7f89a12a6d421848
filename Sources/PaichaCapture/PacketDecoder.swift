import PaichaCore

/// Decodes captured frames down to IPv4/IPv6 and TCP/UDP, reassembling IP fragments.
///
/// The decoder keeps only fragment state between packets; everything it cannot decode is counted
/// in `statistics`, never silently dropped.
public struct PacketDecoder {
    /// The limits in force.
    public let limits: DecodeLimits
    /// What the decoder has seen.
    public internal(set) var statistics = DecodeStatistics()
    var reassembler: IPFragmentReassembler

    /// Makes a decoder.
    public init(limits: DecodeLimits = .init()) {
        self.limits = limits
        self.reassembler = IPFragmentReassembler(limits: limits.fragments)
    }

    /// Datagrams still waiting for fragments.
    public var pendingFragmentedDatagrams: Int { self.reassembler.pending.count }

    /// Decodes `packet`, calling `body` once with the result, or not at all when it is not IP, cannot be
    /// decoded (counted in `statistics`), or is a fragment waiting for others.
    public mutating func decode(_ packet: CapturedPacket, _ body: (DecodedPacket) throws -> Void) rethrows {
        self.statistics.packets &+= 1
        if !self.reassembler.pending.isEmpty {
            self.reassembler.expire(now: packet.timestamp.nanoseconds, statistics: &self.statistics)
        }
        var network = packet.data
        let version: UInt8
        switch packet.linkType {
        case .ethernet:
            guard let (payload, found) = self.ethernet(packet.data) else { return }
            network = payload
            version = found
        case .linuxSLL, .linuxSLL2:
            let headerLength = packet.linkType == .linuxSLL ? 16 : 20
            let typeOffset = packet.linkType == .linuxSLL ? 14 : 0
            let reader = ByteReader(packet.data)
            guard let etherType = reader.getInteger(at: typeOffset, as: UInt16.self),
                reader.bytes.count >= headerLength
            else {
                self.statistics.truncated &+= 1
                return
            }
            guard let found = self.ipVersion(etherType: etherType) else { return }
            network = UnsafeRawBufferPointer(rebasing: packet.data[headerLength...])
            version = found
        case .null, .loop:
            let reader = ByteReader(packet.data)
            guard var family = reader.getInteger(at: 0, endianness: .little, as: UInt32.self) else {
                self.statistics.truncated &+= 1
                return
            }
            // Written in the capturing host's byte order (null) or network order (loop): accept both.
            if family > 0xFFFF { family = family.byteSwapped }
            switch family {
            case 2: version = 4
            case 24, 28, 30: version = 6
            default:
                self.statistics.nonIP &+= 1
                return
            }
            network = UnsafeRawBufferPointer(rebasing: packet.data[4...])
        case .raw:
            guard let first = packet.data.first else {
                self.statistics.truncated &+= 1
                return
            }
            version = first >> 4
        case .ipv4:
            version = 4
        case .ipv6:
            version = 6
        default:
            self.statistics.unsupportedLinkTypes[packet.linkType, default: 0] += 1
            return
        }
        switch version {
        case 4: try self.ipv4(network, packet, body)
        case 6: try self.ipv6(network, packet, body)
        default: self.statistics.badHeader &+= 1
        }
    }

    /// The IP version an EtherType names, or `nil` (counted as non-IP).
    @inline(__always)
    mutating func ipVersion(etherType: UInt16) -> UInt8? {
        switch etherType {
        case 0x0800: return 4
        case 0x86DD: return 6
        default:
            self.statistics.nonIP &+= 1
            return nil
        }
    }

    /// Skips the Ethernet header and any VLAN tags; returns the network layer and its IP version.
    @inline(__always)
    mutating func ethernet(_ frame: UnsafeRawBufferPointer) -> (UnsafeRawBufferPointer, UInt8)? {
        var reader = ByteReader(frame)
        guard reader.skip(12), var etherType = reader.readInteger(as: UInt16.self) else {
            self.statistics.truncated &+= 1
            return nil
        }
        var depth = 0
        while etherType == 0x8100 || etherType == 0x88A8 || etherType == 0x9100 {
            depth += 1
            guard depth <= self.limits.maximumVLANDepth else {
                self.statistics.vlanDepthExceeded &+= 1
                return nil
            }
            guard reader.skip(2), let inner = reader.readInteger(as: UInt16.self) else {
                self.statistics.truncated &+= 1
                return nil
            }
            etherType = inner
        }
        guard let version = self.ipVersion(etherType: etherType) else { return nil }
        return (reader.remaining, version)
    }
}
