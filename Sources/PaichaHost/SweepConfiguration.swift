public import PaichaCore

/// What a sweep looks at and the thresholds it uses; every value appears in the output's `parameters`.
public struct SweepConfiguration: Sendable {
    /// `/` for the running system, or the directory where an image is mounted.
    public var root: String = "/"
    public var limits = HostLimits()
    public var indicators: HostIndicators
    /// Pool addresses known from elsewhere (a `paicha scan` document, `--pool-addresses`): a socket to one is a finding.
    public var poolAddresses: Set<IPAddress> = []
    /// Seconds between the two CPU readings of a live sweep (0 turns sampling off).
    public var cpuSampleSeconds: Double = 0.5
    /// CPU share (1.0 = one core) above which a process's use counts as sustained.
    public var sustainedCPUShare: Double = 0.5
    /// Log files smaller than this many bytes while rotated copies exist count as cleared.
    public var clearedLogBytes: Int64 = 1
    /// Seconds an emptied log must have stayed unwritten (before the clock of a live sweep, or before the
    /// newest file in an image's `/var/log`) to count as cleared rather than just rotated.
    public var clearedLogQuietSeconds: Double = 86_400
    /// SSH key fingerprints (`SHA256:…`, as `ssh-keygen -l` prints them) the administrator expects in
    /// `authorized_keys`; when given, every other key is reported.
    public var expectedKeys: Set<String> = []

    /// A configuration with the given indicators and defaults for the rest.
    public init(indicators: HostIndicators) {
        self.indicators = indicators
    }

    /// Whether this sweeps the running system.
    public var isLive: Bool { HostFileSystem(root: self.root).isLive }
}

/// What every check group reads and adds to while a sweep runs.
public struct SweepContext: Sendable {
    /// The swept system, read-only.
    public let fileSystem: HostFileSystem
    public let configuration: SweepConfiguration
    /// Processes read so far (filled by the process inventory on a live sweep; empty offline).
    public var processes: [ProcessRecord] = []
    /// Sockets read so far, tied to their processes.
    public var sockets: [SocketRecord] = []
    public var statistics = SweepStatistics()
    /// Files visited by the recursive walks so far (bounded by `HostLimits.maximumWalkedFiles`).
    public var walkedFiles = 0
    /// Absolute paths of programs and scripts that persistence entries (cron, units, rc.local) run, for the
    /// file checks to examine wherever they are.
    public var persistencePaths: [String] = []
    /// The first CPU reading of a live sweep, finished by `CPUSampleCompletion` after the file checks, so that
    /// the sample's wait overlaps their work instead of idling.
    var pendingCPUSample: PendingCPUSample?

    /// Makes a context for a configuration.
    public init(configuration: SweepConfiguration) {
        self.configuration = configuration
        self.fileSystem = HostFileSystem(root: configuration.root, limits: configuration.limits)
    }

    /// The indicator lists.
    public var indicators: HostIndicators { self.configuration.indicators }

    /// Cuts a quoted excerpt to `maximumExcerptCharacters`, marking the cut.
    public func excerpt(_ text: some StringProtocol) -> String {
        let limit = self.configuration.limits.maximumExcerptCharacters
        guard text.count > limit else { return String(text) }
        return String(text.prefix(limit)) + "…"
    }
}

/// One named check, for documentation and `paicha host --list-checks`.
public struct CheckDescription: Sendable, Hashable, Codable {
    /// Dotted name (`process.poolURL`).
    public var name: String
    /// The severity its findings usually have.
    public var severity: Severity
    /// What it looks for, in one sentence.
    public var summary: String

    /// Makes a description.
    public init(name: String, severity: Severity, summary: String) {
        self.name = name
        self.severity = severity
        self.summary = summary
    }
}

/// A family of checks that reads part of the host and reports findings.
///
/// Groups run in order within their lane; a group may add what it read to the context (processes, sockets)
/// for later groups of its lane. A group never writes to the host and never throws: what it cannot read goes
/// into the statistics.
public protocol HostCheckGroup: Sendable {
    /// The group's name (`processes`, `persistence`).
    var name: String { get }
    /// The checks it can report.
    var checks: [CheckDescription] { get }
    /// The lane it runs in (the two lanes run at the same time, each with its own context).
    var lane: HostCheckLane { get }
    /// Reads and judges; returns its findings.
    func run(_ context: inout SweepContext) -> [HostFinding]
}

extension HostCheckGroup {
    /// File checks by default.
    public var lane: HostCheckLane { .files }
}

/// One of a sweep's two lanes, which run concurrently: what reads `/proc` and judges processes and their
/// sockets, and what reads files. Neither reads what the other adds to its context.
public enum HostCheckLane: Sendable, Hashable {
    /// Uses and fills `processes`, `sockets` and the CPU sample.
    case processes
    /// Uses and fills `persistencePaths` and `walkedFiles`.
    case files
}
