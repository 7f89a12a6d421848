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

    mutating func add(_ packet: DecodedPacket) {
        self.packets += 1
        self.bytes += Int64(packet.ipLength)
        self.payloadBytes += Int64(packet.wirePayloadLength)
    }
}

/// One bidirectional conversation: its endpoints, times, counters, TCP stream state and what the
/// scanner made of it so far (`context`).
///
/// Stored properties are laid out in declaration order: what every packet reads or writes (direction, times,
/// counters, FIN/RST, context, the peer's ACK in the streams) comes first so that it shares few cache lines.
struct Flow<Context> {
    /// The side that opened the flow (sent the SYN, or the first packet seen).
    var originator: Endpoint
    /// Whether the scanner decided all it wanted from the flow's payload (its context is ignored or a node,
    /// for good): its packets are then only counted, and the context object is not read for them.
    var settled = false
    var lastSeen: Timestamp
    var firstSeen: Timestamp
    var forward = DirectionCounters()
    var backward = DirectionCounters()
    /// When a FIN or RST closed the flow, if it did.
    var closedAt: Timestamp?
    var context: Context
    var forwardStream = TCPReassembler()
    var backwardStream = TCPReassembler()
    var key: FlowKey
    /// The other side.
    var responder: Endpoint
    var transport: TransportProtocol

    func direction(of packet: DecodedPacket) -> FlowDirection {
        packet.source == self.originator.ip && packet.sourcePort == self.originator.port
            ? .originatorToResponder : .responderToOriginator
    }

    /// Counts `packet` in the counters of `direction`.
    mutating func count(_ packet: DecodedPacket, direction: FlowDirection) {
        switch direction {
        case .originatorToResponder: self.forward.add(packet)
        case .responderToOriginator: self.backward.add(packet)
        }
    }

    /// Runs `body` on the reassembler of the bytes travelling in `direction`.
    mutating func withStream<R>(_ direction: FlowDirection, _ body: (inout TCPReassembler) -> R) -> R {
        switch direction {
        case .originatorToResponder: body(&self.forwardStream)
        case .responderToOriginator: body(&self.backwardStream)
        }
    }
}
