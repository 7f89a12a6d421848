public import PaichaCapture

/// Counts of what a scan read and decoded, and of every named limit that was hit.
public struct ScanStatistics: Sendable, Hashable, Codable {
    /// Packets read from all inputs.
    public var packets: Int64 = 0
    /// Captured bytes of those packets.
    public var bytes: Int64 = 0
    /// Packets decoded down to IP (fragments completed count once).
    public var ipPackets: Int64 = 0
    /// Packets that were not IP (ARP, LLDP …).
    public var nonIPPackets: Int64 = 0
    /// Packets cut short by the snap length or otherwise truncated below a header.
    public var truncatedPackets: Int64 = 0
    /// Packets with a malformed IP, TCP or UDP header.
    public var badHeaders: Int64 = 0
    /// IP fragments seen, and datagrams completed from them.
    public var fragments: Int64 = 0
    /// Datagrams completed from fragments.
    public var reassembledDatagrams: Int64 = 0
    /// Packets per link type that could not be decoded, by link-type name.
    public var unsupportedLinkTypes: [String: Int64] = [:]
    /// pcapng blocks skipped, by block type (hex).
    public var skippedBlocks: [String: Int] = [:]
    /// DNS responses read.
    public var dnsResponses: Int64 = 0
    /// DNS-port datagrams that did not parse as DNS.
    public var malformedDNS: Int64 = 0
    /// Flow and stream counts.
    public var streams = StreamStatistics()
    /// Named limits hit, with counts (`maximumFlows`, `maximumOutOfOrderBytes`, `maximumPendingDatagrams` …).
    public var limitsHit: [String: Int64] = [:]

    public init() {}

    /// Adds one input's capture and decode counts.
    public mutating func add(capture: CaptureStatistics, decode: DecodeStatistics) {
        self.packets += capture.packets
        self.bytes += capture.capturedBytes
        self.nonIPPackets += decode.nonIP
        self.truncatedPackets += decode.truncated
        self.badHeaders += decode.badHeader
        self.fragments += decode.fragments
        self.reassembledDatagrams += decode.reassembled
        for (link, count) in decode.unsupportedLinkTypes {
            self.unsupportedLinkTypes[link.description, default: 0] += count
        }
        for (type, count) in capture.skippedBlocks {
            self.skippedBlocks["0x" + String(type, radix: 16, uppercase: true), default: 0] += count
        }
        self.count("maximumVLANDepth", decode.vlanDepthExceeded)
        self.count("maximumIPv6ExtensionHeaders", decode.extensionChainTooLong)
        self.count("fragmentTimeout", decode.fragmentTimeouts)
        self.count("maximumPendingDatagrams", decode.fragmentPendingLimitHits)
        self.count("maximumDatagramSize", decode.fragmentOversize)
        self.count("maximumFragmentsPerDatagram", decode.fragmentCountLimitHits)
        self.count("snapLengthExceeded", Int64(capture.snapLengthExceeded))
    }

    /// Copies the stream-level counts and their limits in.
    mutating func set(streams: StreamStatistics) {
        self.streams = streams
        self.limitsHit["maximumFlows"] = nil
        self.count("maximumFlows", Int64(streams.flowsEvicted))
        self.count("maximumOutOfOrderBytes/Segments", Int64(streams.outOfOrderLimitHits))
    }

    mutating func count(_ limit: String, _ value: Int64) {
        guard value > 0 else { return }
        self.limitsHit[limit, default: 0] += value
    }
}
