import PaichaCore
import PaichaMining

/// What the scanner made of one flow so far; a class so that stream callbacks can update it in place.
final class FlowContext {
    enum Kind {
        /// No payload seen yet.
        case undecided
        /// JSON lines or HTTP: a Stratum analyzer reads both directions.
        case stratum
        /// TLS: reading the ClientHello for its SNI.
        case tls
        /// A Noise-handshake-shaped binary conversation: Stratum V2 by shape.
        case stratumV2
        /// Cryptocurrency node peer-to-peer traffic.
        case node
        /// Nothing of interest: only counted.
        case ignored
    }

    var kind: Kind = .undecided
    var stratum: StratumAnalyzer?
    var tls: TLSHelloReader?
    var stratumV2: StratumV2ShapeDetector?
    var stratumV2Verdict: StratumV2Verdict?
    var node: NodeP2PMatch?
    /// The SNI the client sent, if it was TLS.
    var serverName: String?
    /// Where the SNI was seen.
    var serverNameLocation: EvidenceLocation?
    /// Payload bytes seen per direction while the kind was being decided.
    var inspectedBytes = (0, 0)

    /// Whether a flow of `kind` still needs its TCP streams reassembled.
    static func wantsStream(_ kind: Kind) -> Bool {
        switch kind {
        case .undecided, .stratum, .tls, .stratumV2: true
        case .node, .ignored: false
        }
    }
}
