/// Which way bytes travel in a flow, relative to the side that opened it.
public enum FlowDirection: String, Sendable, Hashable, Codable, CaseIterable {
    /// From the side that opened the flow (sent the SYN, or the first packet seen) to the other.
    case originatorToResponder
    /// From the responder back to the originator.
    case responderToOriginator

    /// The other direction.
    @inlinable
    public var reversed: FlowDirection {
        self == .originatorToResponder ? .responderToOriginator : .originatorToResponder
    }
}

/// A transport protocol carried by IP.
public enum TransportProtocol: Hashable, Sendable {
    /// TCP (IP protocol 6).
    case tcp
    /// UDP (IP protocol 17).
    case udp
    /// Any other IP protocol, by number.
    case other(UInt8)

    /// The IP protocol number.
    public var number: UInt8 {
        switch self {
        case .tcp: 6
        case .udp: 17
        case .other(let n): n
        }
    }

    /// Makes the protocol from its IP protocol number.
    @inlinable
    public init(number: UInt8) {
        switch number {
        case 6: self = .tcp
        case 17: self = .udp
        default: self = .other(number)
        }
    }
}
