public import PaichaCore

/// How serious a host finding is, in the order an administrator should act on them.
public enum Severity: String, Sendable, Hashable, Codable, Comparable, CaseIterable {
    /// Context worth knowing (e.g. huge pages configured), not a sign by itself.
    case info
    /// Unusual, worth a look.
    case low
    /// Typical of a compromise, not proof.
    case medium
    /// A miner or its persistence, very likely.
    case high
    /// A miner running now, or hiding itself.
    case critical

    private var rank: Int {
        switch self {
        case .info: 0
        case .low: 1
        case .medium: 2
        case .high: 3
        case .critical: 4
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// Something on the swept host that `--evidence` copies: a file of the host, or text the sweep captured.
public enum Artifact: Sendable, Hashable, Codable {
    /// A file on the swept system (its path as the system sees it; for a process, `/proc/PID/exe` works).
    case file(path: String)
    /// Text the sweep captured (a command line, a socket table), saved under `name`.
    case text(name: String, content: String)
}

/// One check's conclusion about one thing on the host, with severity, confidence, reason and evidence.
public struct HostFinding: Sendable, Hashable, Codable {
    /// The check's dotted name (`process.poolURL`, `persistence.cron`, `hiding.ldPreload`).
    public var check: String
    public var severity: Severity
    public var confidence: Confidence
    /// What it is about: `pid 4242 (xmrig)`, `/etc/crontab`, `socket 10.0.0.5:40112 → 1.2.3.4:3333`.
    public var subject: String
    /// Why, in one human sentence.
    public var reason: String
    /// The lines, bytes or fields it rests on, each with where it came from (file and line).
    public var evidence: [Evidence]
    /// What `--evidence` should preserve for it.
    public var artifacts: [Artifact]
    /// The process involved, if any.
    public var pid: Int32?
    /// Remote endpoints involved (pool connections), for joining with network findings.
    public var remoteEndpoints: [Endpoint]

    /// Makes a finding.
    public init(
        check: String,
        severity: Severity,
        confidence: Confidence,
        subject: String,
        reason: String,
        evidence: [Evidence] = [],
        artifacts: [Artifact] = [],
        pid: Int32? = nil,
        remoteEndpoints: [Endpoint] = []
    ) {
        self.check = check
        self.severity = severity
        self.confidence = confidence
        self.subject = subject
        self.reason = reason
        self.evidence = evidence
        self.artifacts = artifacts
        self.pid = pid
        self.remoteEndpoints = remoteEndpoints
    }

    /// The shared finding form (kind `host.CHECK`), for the case layer.
    public var finding: Finding {
        Finding(
            subject: self.subject,
            kind: "host." + self.check,
            confidence: self.confidence,
            reason: self.reason,
            evidence: self.evidence
        )
    }
}
