import PaichaCapture
import PaichaCore

/// Counts for one direction of a flow.
public struct DirectionCounters: Sendable, Hashable, Codable {
    /// Packets seen.
    public var packets: Int64 = 0
    /// IP bytes on the wire (headers included).
    public var bytes: Int64 = 0
    /// Transport payload bytes on the wire.
    public var payloadBytes: Int64 = 0

    public init() {}
}

/// One bidirectional conversation: its endpoints, times, counters, TCP stream state and what the
/// scanner made of it so far (`context`).
struct Flow<Context> {
    var key: FlowKey
    /// The side that opened the flow (sent the SYN, or the first packet seen).
    var originator: Endpoint
    /// The other side.
    var responder: Endpoint
    var transport: TransportProtocol
    var firstSeen: Timestamp
    var lastSeen: Timestamp
    var forward = DirectionCounters()
    var backward = DirectionCounters()
    var forwardStream = TCPReassembler()
    var backwardStream = TCPReassembler()
    /// When a FIN or RST closed the flow, if it did.
    var closedAt: Timestamp?
    var context: Context

    func direction(of packet: DecodedPacket) -> FlowDirection {
        packet.source == self.originator.ip && packet.sourcePort == self.originator.port
            ? .originatorToResponder : .responderToOriginator
    }
}
