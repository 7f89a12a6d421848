/// How sure a detector is of a finding.
public enum Confidence: String, Sendable, Hashable, Codable, Comparable, CaseIterable {
    /// Weak: a hint that needs other evidence.
    case weak
    /// Likely: strong circumstantial evidence (a pool name, a protocol shape), no protocol content.
    case likely
    /// Confirmed: the protocol itself was read in both directions.
    case confirmed

    private var rank: Int {
        switch self {
        case .weak: 0
        case .likely: 1
        case .confirmed: 2
        }
    }

    public static func < (lhs: Confidence, rhs: Confidence) -> Bool { lhs.rank < rhs.rank }
}

/// Where a piece of evidence came from: a file and a place in it.
public struct EvidenceLocation: Hashable, Sendable, Codable {
    /// The input file's name as given by the user (`-` for standard input).
    public var file: String
    /// The byte offset in the (decompressed) input of the record that carried it, if known.
    public var offset: Int64?
    /// The 1-based packet (or line) number, if known.
    public var record: Int64?
    /// When it was seen.
    public var timestamp: Timestamp?

    /// Makes a location.
    public init(file: String, offset: Int64? = nil, record: Int64? = nil, timestamp: Timestamp? = nil) {
        self.file = file
        self.offset = offset
        self.record = record
        self.timestamp = timestamp
    }
}

/// The exact bytes or lines a finding rests on, with where they came from.
public struct Evidence: Hashable, Sendable, Codable {
    /// What this piece shows, in a few words (e.g. `mining.subscribe request`).
    public var label: String
    /// The quoted content (a JSON line, a DNS answer, an SNI), cut to a bounded length.
    public var excerpt: String
    /// Where it was seen.
    public var location: EvidenceLocation?

    /// Makes a piece of evidence.
    public init(label: String, excerpt: String, location: EvidenceLocation? = nil) {
        self.label = label
        self.excerpt = excerpt
        self.location = location
    }
}

/// A detector's conclusion about a subject, with its confidence, reason and evidence.
public struct Finding: Hashable, Sendable, Codable {
    /// What the finding is about (a host IP, a venue/symbol, an account, a file).
    public var subject: String
    /// The kind, dotted (`mining.stratum`, `mining.indicator`, `node.bitcoin`).
    public var kind: String
    /// How sure the detector is.
    public var confidence: Confidence
    /// Why, in one human sentence.
    public var reason: String
    /// What it rests on.
    public var evidence: [Evidence]

    /// Makes a finding.
    public init(subject: String, kind: String, confidence: Confidence, reason: String, evidence: [Evidence] = []) {
        self.subject = subject
        self.kind = kind
        self.confidence = confidence
        self.reason = reason
        self.evidence = evidence
    }
}
