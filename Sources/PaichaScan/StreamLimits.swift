/// Named limits on flow and stream state, each with a default; every time one is hit it is counted.
public struct StreamLimits: Sendable, Hashable, Codable {
    /// How many flows are tracked at once; past it the longest-idle flows are finished early (`flowsEvicted`).
    public var maximumFlows: Int = 131_072
    /// Seconds of capture time without a packet after which a TCP flow is finished.
    public var tcpIdleTimeout: Double = 900
    /// Seconds of capture time after a FIN or RST after which a closed TCP flow is finished.
    public var tcpClosedTimeout: Double = 5
    /// Seconds of capture time without a packet after which a UDP flow is finished.
    public var udpIdleTimeout: Double = 120
    /// Seconds of capture time between sweeps for timed-out flows (each sweep visits every flow).
    public var sweepInterval: Double = 5
    /// Out-of-order bytes held per direction while waiting for a missing segment; past it the hole is a gap.
    public var maximumOutOfOrderBytes: Int = 256 * 1024
    /// Out-of-order segments held per direction; past it the hole is a gap.
    public var maximumOutOfOrderSegments: Int = 64
    /// A sequence number further ahead than this is a jump (new data after loss), taken as a gap at once.
    public var maximumSequenceJump: Int = 16 * 1024 * 1024
    /// Bytes of a direction inspected to decide what a TCP flow speaks before it is ignored.
    public var classificationBytes: Int = 4096

    /// The defaults.
    public init() {}
}

/// How often each named limit was hit, and other stream-level events worth reporting.
public struct StreamStatistics: Sendable, Hashable, Codable {
    /// Flows seen.
    public var flows: Int = 0
    /// TCP flows seen.
    public var tcpFlows: Int = 0
    /// UDP flows seen.
    public var udpFlows: Int = 0
    /// Flows finished early because `maximumFlows` was reached.
    public var flowsEvicted: Int = 0
    /// Most flows held at once.
    public var peakFlows: Int = 0
    /// TCP segments that were wholly retransmitted (already delivered).
    public var retransmittedSegments: Int = 0
    /// TCP segments that arrived ahead of a hole and were held.
    public var outOfOrderSegments: Int = 0
    /// Holes in TCP streams that were given up on (capture loss), each resynchronised at the next line.
    public var gaps: Int = 0
    /// Bytes known to be missing in those holes.
    public var gapBytes: Int64 = 0
    /// Times `maximumOutOfOrderBytes` or `maximumOutOfOrderSegments` forced a gap.
    public var outOfOrderLimitHits: Int = 0
    /// TCP flows whose capture started mid-stream (no SYN seen).
    public var midstreamFlows: Int = 0

    /// Zero counts.
    public init() {}
}
