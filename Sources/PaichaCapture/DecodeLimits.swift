/// Bounds on IP fragment reassembly, each overridable and counted in `DecodeStatistics` when hit.
public struct IPFragmentLimits: Hashable, Sendable {
    /// Datagrams waiting for fragments at once; a new one beyond this evicts the oldest (default 1024).
    public var maximumPendingDatagrams: Int
    /// The largest reassembled IP payload; a fragment reaching past it drops its datagram (default 65535).
    public var maximumDatagramSize: Int
    /// Fragments accepted per datagram; more drop the datagram (default 256).
    public var maximumFragmentsPerDatagram: Int
    /// Capture-time nanoseconds a datagram may wait for its missing fragments (default 30 s).
    public var timeoutNanoseconds: Int64

    /// Makes limits, with defaults for anything not given.
    public init(
        maximumPendingDatagrams: Int = 1024,
        maximumDatagramSize: Int = 65535,
        maximumFragmentsPerDatagram: Int = 256,
        timeoutNanoseconds: Int64 = 30_000_000_000
    ) {
        self.maximumPendingDatagrams = maximumPendingDatagrams
        self.maximumDatagramSize = maximumDatagramSize
        self.maximumFragmentsPerDatagram = maximumFragmentsPerDatagram
        self.timeoutNanoseconds = timeoutNanoseconds
    }
}

/// Bounds on packet decoding, each overridable and counted in `DecodeStatistics` when hit.
public struct DecodeLimits: Hashable, Sendable {
    /// 802.1Q / 802.1ad tags followed before giving up on a frame (default 8).
    public var maximumVLANDepth: Int
    /// IPv6 extension headers followed before giving up on a packet (default 16).
    public var maximumIPv6ExtensionHeaders: Int
    /// Fragment reassembly bounds.
    public var fragments: IPFragmentLimits

    /// Makes limits, with defaults for anything not given.
    public init(
        maximumVLANDepth: Int = 8,
        maximumIPv6ExtensionHeaders: Int = 16,
        fragments: IPFragmentLimits = .init()
    ) {
        self.maximumVLANDepth = maximumVLANDepth
        self.maximumIPv6ExtensionHeaders = maximumIPv6ExtensionHeaders
        self.fragments = fragments
    }
}

/// What a `PacketDecoder` has seen, including every packet it could not decode and why.
public struct DecodeStatistics: Hashable, Sendable {
    /// Packets given to the decoder.
    public var packets: Int64 = 0
    /// Packets (or reassembled datagrams) delivered.
    public var decoded: Int64 = 0
    /// Frames carrying something other than IP (ARP, LLDP, 802.3, ...).
    public var nonIP: Int64 = 0
    /// Packets cut off (by the snap length or a short record) before a header was complete.
    public var truncated: Int64 = 0
    /// Packets with an impossible header (wrong version, lengths that contradict each other).
    public var badHeader: Int64 = 0
    /// Packets of link types the decoder does not know, by link type.
    public var unsupportedLinkTypes: [LinkType: Int64] = [:]
    /// Frames with more VLAN tags than `DecodeLimits.maximumVLANDepth`.
    public var vlanDepthExceeded: Int64 = 0
    /// IPv6 packets with more extension headers than `DecodeLimits.maximumIPv6ExtensionHeaders`.
    public var extensionChainTooLong: Int64 = 0
    /// IP fragments received.
    public var fragments: Int64 = 0
    /// Datagrams completed from fragments.
    public var reassembled: Int64 = 0
    /// Fragments that overlapped bytes already received (the earlier bytes are kept).
    public var fragmentOverlaps: Int64 = 0
    /// Datagrams dropped because they waited longer than the timeout.
    public var fragmentTimeouts: Int64 = 0
    /// Datagrams evicted because `maximumPendingDatagrams` was reached.
    public var fragmentPendingLimitHits: Int64 = 0
    /// Datagrams dropped for reaching past `maximumDatagramSize`.
    public var fragmentOversize: Int64 = 0
    /// Datagrams dropped for exceeding `maximumFragmentsPerDatagram`.
    public var fragmentCountLimitHits: Int64 = 0
    /// Datagrams dropped because their fragments disagreed on the total length.
    public var fragmentInconsistent: Int64 = 0

    /// Makes empty statistics (datagrams still waiting are `PacketDecoder.pendingFragmentedDatagrams`).
    public init() {}
}
