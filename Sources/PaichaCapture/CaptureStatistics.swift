/// The capture file format, once known.
public enum CaptureFormat: String, Hashable, Sendable {
    /// Classic libpcap (micro- or nanosecond, either byte order).
    case pcap
    /// pcapng.
    case pcapng
}

/// One interface of a capture: a pcapng Interface Description Block, or the classic pcap header.
public struct CaptureInterface: Hashable, Sendable {
    /// The 0-based pcapng section (always 0 for classic pcap).
    public var section: Int
    /// The interface index within its section.
    public var index: Int
    /// How its packets are framed.
    public var linkType: LinkType
    /// The declared snap length (0 = unlimited).
    public var snapLength: Int
    /// Packets read from it.
    public var packets: Int64

    /// Makes an interface description.
    public init(section: Int, index: Int, linkType: LinkType, snapLength: Int, packets: Int64) {
        self.section = section
        self.index = index
        self.linkType = linkType
        self.snapLength = snapLength
        self.packets = packets
    }
}

/// What a `CaptureReader` has read so far.
public struct CaptureStatistics: Hashable, Sendable {
    /// The file format, once the header was read.
    public var format: CaptureFormat?
    /// Packets delivered.
    public var packets: Int64 = 0
    /// Captured bytes delivered (link layer included).
    public var capturedBytes: Int64 = 0
    /// Bytes on the wire of the delivered packets, from their original lengths.
    public var originalBytes: Int64 = 0
    /// pcapng sections seen (1 for classic pcap).
    public var sections: Int = 0
    /// Every interface seen, in order, with its link type and packet count.
    public var interfaces: [CaptureInterface] = []
    /// pcapng blocks skipped (name resolution, statistics, secrets, custom, unknown), by block type.
    public var skippedBlocks: [UInt32: Int] = [:]
    /// Records whose captured length exceeded the interface's declared snap length (accepted, counted).
    public var snapLengthExceeded: Int = 0
    /// Records whose captured length exceeded their original length (accepted, counted).
    public var capturedExceedsOriginal: Int = 0

    /// Makes empty statistics.
    public init() {}

    /// Packets read per link type, summed over interfaces.
    public var packetsByLinkType: [LinkType: Int64] {
        var result: [LinkType: Int64] = [:]
        for interface in self.interfaces { result[interface.linkType, default: 0] += interface.packets }
        return result
    }
}
