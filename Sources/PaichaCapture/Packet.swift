public import PaichaCore

/// A data-link type as numbered by tcpdump's LINKTYPE_ registry.
public struct LinkType: Hashable, Sendable, RawRepresentable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// BSD loopback / null (4-byte address family in host order of the writer).
    public static let null = LinkType(rawValue: 0)
    /// Ethernet II, with 802.1Q and QinQ tags.
    public static let ethernet = LinkType(rawValue: 1)
    /// Raw IP, version from the first nibble (LINKTYPE_RAW).
    public static let raw = LinkType(rawValue: 101)
    /// OpenBSD loopback (4-byte address family in network order).
    public static let loop = LinkType(rawValue: 108)
    /// Linux cooked capture v1.
    public static let linuxSLL = LinkType(rawValue: 113)
    /// Raw IPv4.
    public static let ipv4 = LinkType(rawValue: 228)
    /// Raw IPv6.
    public static let ipv6 = LinkType(rawValue: 229)
    /// Linux cooked capture v2.
    public static let linuxSLL2 = LinkType(rawValue: 276)

    public var description: String {
        switch self {
        case .null: "NULL"
        case .ethernet: "EN10MB"
        case .raw: "RAW"
        case .loop: "LOOP"
        case .linuxSLL: "LINUX_SLL"
        case .ipv4: "IPV4"
        case .ipv6: "IPV6"
        case .linuxSLL2: "LINUX_SLL2"
        default: "LINKTYPE_\(self.rawValue)"
        }
    }
}

/// One packet as read from a capture file; `data` is borrowed and valid only inside the callback.
public struct CapturedPacket {
    /// When the packet was captured.
    public var timestamp: Timestamp
    /// How the bytes are framed.
    public var linkType: LinkType
    /// The pcapng interface index (0 for classic pcap).
    public var interfaceIndex: Int
    /// The length of the packet on the wire, which may exceed `data.count` when the snap length cut it.
    public var originalLength: Int
    /// The byte offset of the packet's record in the (decompressed) input.
    public var fileOffset: Int64
    /// The 1-based number of the packet in the file.
    public var index: Int64
    /// The captured bytes, starting at the link-layer header.
    public var data: UnsafeRawBufferPointer

    public init(
        timestamp: Timestamp,
        linkType: LinkType,
        interfaceIndex: Int,
        originalLength: Int,
        fileOffset: Int64,
        index: Int64,
        data: UnsafeRawBufferPointer
    ) {
        self.timestamp = timestamp
        self.linkType = linkType
        self.interfaceIndex = interfaceIndex
        self.originalLength = originalLength
        self.fileOffset = fileOffset
        self.index = index
        self.data = data
    }
}

/// TCP header flags.
///
/// The flags are inlinable computed constants rather than stored `static let`s, so that testing one in another
/// module is a bit test, not a call to a lazily initialised global (the scanner tests them on every segment).
public struct TCPFlags: OptionSet, Hashable, Sendable {
    public var rawValue: UInt8
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }
    @inlinable public static var fin: TCPFlags { TCPFlags(rawValue: 0x01) }
    @inlinable public static var syn: TCPFlags { TCPFlags(rawValue: 0x02) }
    @inlinable public static var rst: TCPFlags { TCPFlags(rawValue: 0x04) }
    @inlinable public static var psh: TCPFlags { TCPFlags(rawValue: 0x08) }
    @inlinable public static var ack: TCPFlags { TCPFlags(rawValue: 0x10) }
    @inlinable public static var urg: TCPFlags { TCPFlags(rawValue: 0x20) }
}

/// A packet decoded down to its transport payload; `payload` is borrowed and valid only inside the callback.
public struct DecodedPacket {
    /// When the packet (or the last fragment completing it) was captured.
    public var timestamp: Timestamp
    /// IP source address.
    public var source: IPAddress
    /// IP destination address.
    public var destination: IPAddress
    /// The transport protocol.
    public var transport: TransportProtocol
    /// Source port (0 for protocols without ports).
    public var sourcePort: UInt16
    /// Destination port (0 for protocols without ports).
    public var destinationPort: UInt16
    /// TCP flags (empty for other protocols).
    public var tcpFlags: TCPFlags
    /// TCP sequence number (0 for other protocols).
    public var sequenceNumber: UInt32
    /// TCP acknowledgement number (0 for other protocols).
    public var acknowledgementNumber: UInt32
    /// The transport payload as captured (may be shorter than on the wire if the snap length cut it).
    public var payload: UnsafeRawBufferPointer
    /// The transport payload length on the wire, from the IP and TCP/UDP headers.
    public var wirePayloadLength: Int
    /// The IP packet's length on the wire (header included), for traffic accounting.
    public var ipLength: Int
    /// The byte offset of the packet's record in the input (of the last fragment, if reassembled).
    public var fileOffset: Int64
    /// The 1-based packet number in the input (of the last fragment, if reassembled).
    public var packetIndex: Int64

    public init(
        timestamp: Timestamp,
        source: IPAddress,
        destination: IPAddress,
        transport: TransportProtocol,
        sourcePort: UInt16,
        destinationPort: UInt16,
        tcpFlags: TCPFlags,
        sequenceNumber: UInt32,
        acknowledgementNumber: UInt32,
        payload: UnsafeRawBufferPointer,
        wirePayloadLength: Int,
        ipLength: Int,
        fileOffset: Int64,
        packetIndex: Int64
    ) {
        self.timestamp = timestamp
        self.source = source
        self.destination = destination
        self.transport = transport
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
        self.tcpFlags = tcpFlags
        self.sequenceNumber = sequenceNumber
        self.acknowledgementNumber = acknowledgementNumber
        self.payload = payload
        self.wirePayloadLength = wirePayloadLength
        self.ipLength = ipLength
        self.fileOffset = fileOffset
        self.packetIndex = packetIndex
    }
}
