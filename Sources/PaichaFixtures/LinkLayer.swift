public import PaichaCore

/// LINKTYPE_ numbers this package writes (the same values as PaichaCapture's `LinkType`).
public enum LinkTypeNumber {
    /// BSD loopback.
    public static let null: UInt32 = 0
    /// Ethernet II.
    public static let ethernet: UInt32 = 1
    /// Raw IP.
    public static let raw: UInt32 = 101
    /// Linux cooked v1.
    public static let linuxSLL: UInt32 = 113
    /// Raw IPv4.
    public static let ipv4: UInt32 = 228
    /// Raw IPv6.
    public static let ipv6: UInt32 = 229
    /// Linux cooked v2.
    public static let linuxSLL2: UInt32 = 276
}

/// How an IP packet is framed on a capture interface.
public enum LinkLayer: Hashable, Sendable {
    /// Ethernet II; `vlans` are 802.1Q tags outermost first (two = QinQ, outer TPID 0x88A8).
    case ethernet(vlans: [UInt16])
    /// Linux cooked capture v1.
    case linuxSLL
    /// Linux cooked capture v2 with an interface index.
    case linuxSLL2(interfaceIndex: UInt32)
    /// BSD loopback: a 4-byte address family in the writer's byte order.
    case null(Endianness)
    /// Raw IP (LINKTYPE_RAW).
    case raw
    /// Raw IPv4 or IPv6 (LINKTYPE_IPV4 / LINKTYPE_IPV6, by the packet's version).
    case rawVersioned(ipv6: Bool)

    /// Ethernet without VLAN tags.
    public static let plainEthernet = LinkLayer.ethernet(vlans: [])

    /// The LINKTYPE_ number of this framing.
    public var linkType: UInt32 {
        switch self {
        case .ethernet: LinkTypeNumber.ethernet
        case .linuxSLL: LinkTypeNumber.linuxSLL
        case .linuxSLL2: LinkTypeNumber.linuxSLL2
        case .null: LinkTypeNumber.null
        case .raw: LinkTypeNumber.raw
        case .rawVersioned(let ipv6): ipv6 ? LinkTypeNumber.ipv6 : LinkTypeNumber.ipv4
        }
    }

    /// Frames `packet` (an IPv4 or IPv6 packet) sent from a host with `sourceMAC` to `destinationMAC`.
    public func frame(
        _ packet: [UInt8],
        ipv6: Bool,
        sourceMAC: [UInt8],
        destinationMAC: [UInt8],
        outgoing: Bool
    ) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(packet.count + 24)
        let etherType: UInt16 = ipv6 ? 0x86DD : 0x0800
        switch self {
        case .ethernet(let vlans):
            bytes.append(contentsOf: destinationMAC)
            bytes.append(contentsOf: sourceMAC)
            for (index, vlan) in vlans.enumerated() {
                let tpid: UInt16 = vlans.count > 1 && index == 0 ? 0x88A8 : 0x8100
                bytes.appendInteger(tpid)
                bytes.appendInteger(vlan & 0x0FFF)
            }
            bytes.appendInteger(etherType)
        case .linuxSLL:
            bytes.appendInteger(UInt16(outgoing ? 4 : 0))
            bytes.appendInteger(UInt16(1))
            bytes.appendInteger(UInt16(6))
            bytes.append(contentsOf: sourceMAC)
            bytes.append(contentsOf: [0, 0])
            bytes.appendInteger(etherType)
        case .linuxSLL2(let interfaceIndex):
            bytes.appendInteger(etherType)
            bytes.appendInteger(UInt16(0))
            bytes.appendInteger(interfaceIndex)
            bytes.appendInteger(UInt16(1))
            bytes.append(outgoing ? 4 : 0)
            bytes.append(6)
            bytes.append(contentsOf: sourceMAC)
            bytes.append(contentsOf: [0, 0])
        case .null(let endianness):
            bytes.appendInteger(UInt32(ipv6 ? 24 : 2), endianness: endianness)
        case .raw, .rawVersioned:
            break
        }
        bytes.append(contentsOf: packet)
        return bytes
    }
}
