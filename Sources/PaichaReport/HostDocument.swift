public import PaichaCore
public import PaichaHost
import PaichaMining

/// A host sweep's machine-readable document: the shared envelope, then `host`, `summary`, `findings`,
/// the flagged `processes` and `sockets`, and what the sweep could not see.
///
/// Field names are stable; times are RFC 3339 UTC. See `docs/host-json.md`. The `host.addresses` list is
/// what `paicha scan --report DIR --host-sweep FILE` joins on.
public struct HostDocument: Codable, Sendable, Hashable {
    public var tool = "paicha"
    public var version: String
    public var command = "host"
    /// When the document was made; absent under `--deterministic`.
    public var generatedAt: String?
    /// What was swept: the running system, or the image's directory.
    public var inputs: [Input]
    public var parameters: Parameters
    public var host: Machine
    public var summary: Summary
    /// Findings, most severe first.
    public var findings: [Item]
    /// The processes that findings name.
    public var processes: [ProcessRecord]
    /// The sockets of those processes, and sockets that findings name.
    public var sockets: [SocketRecord]
    public var statistics: SweepStatistics
    /// The evidence directory, when `--evidence` was given.
    public var evidence: EvidenceReference?

    /// A swept input.
    public struct Input: Codable, Sendable, Hashable {
        /// `live` or `offline`.
        public var mode: String
        /// `/` for the running system, else the image's directory as given.
        public var root: String
    }

    /// Every threshold and list the sweep used.
    public struct Parameters: Codable, Sendable, Hashable {
        public var limits: HostLimits
        public var cpuSampleSeconds: Double
        public var sustainedCPUShare: Double
        public var clearedLogBytes: Int64
        public var indicatorsVersion: String
        public var poolsVersion: String
        /// Pool addresses given from elsewhere (`--pool-addresses`, `--scan`).
        public var poolAddresses: Int
        /// The checks that ran.
        public var checks: [String]
    }

    /// The swept machine.
    public struct Machine: Codable, Sendable, Hashable {
        public var hostName: String?
        public var addresses: [String]
        public var operatingSystem: String?
        public var kernel: String?
        public var machineID: String?
        /// Whether the sweep ran as root (a live sweep without root cannot see every process's details).
        public var privileged: Bool
        /// When the sweep started and ended; absent under `--deterministic`.
        public var startedAt: String?
        public var finishedAt: String?
    }

    /// The verdict and counts.
    public struct Summary: Codable, Sendable, Hashable {
        /// `miner` (a critical finding, or high findings from two check families such as `files` and
        /// `persistence`), `suspicious` (other high or medium findings), or `clean`.
        public var verdict: String
        public var findings: Int
        /// Findings per severity.
        public var bySeverity: [String: Int]
        /// PIDs of processes with a high or critical finding.
        public var minerProcesses: [Int32]
        /// Remote pool endpoints the findings name.
        public var poolEndpoints: [String]
        /// Paths a live sweep could not read without root.
        public var notVisible: Int
    }

    /// One finding as the document shows it.
    public struct Item: Codable, Sendable, Hashable {
        public var check: String
        public var severity: Severity
        public var confidence: Confidence
        public var subject: String
        public var reason: String
        public var pid: Int32?
        public var remoteEndpoints: [String]
        public var evidence: [Line]
        /// What `--evidence` preserves for it: host paths, and `captured:NAME` for captured text.
        public var artifacts: [String]
    }

    /// One piece of evidence: what it is, the quoted text, and where it was (file and line).
    public struct Line: Codable, Sendable, Hashable {
        public var label: String
        public var excerpt: String
        public var file: String?
        public var line: Int64?
    }

    /// Where the evidence was preserved.
    public struct EvidenceReference: Codable, Sendable, Hashable {
        public var directory: String
        public var items: Int
        public var failures: Int

        /// Makes a reference.
        public init(directory: String, items: Int, failures: Int) {
            self.directory = directory
            self.items = items
            self.failures = failures
        }
    }
}

extension HostDocument {
    /// Builds the document from a sweep.
    public init(
        result: HostSweepResult,
        configuration: SweepConfiguration,
        checks: [String],
        version: String,
        deterministic: Bool,
        evidence: EvidenceReference? = nil
    ) {
        self.version = version
        self.generatedAt = deterministic ? nil : result.finishedAt.rfc3339(fractionDigits: 3)
        self.inputs = [Input(mode: result.isLive ? "live" : "offline", root: result.root)]
        self.parameters = Parameters(
            limits: configuration.limits,
            cpuSampleSeconds: configuration.cpuSampleSeconds,
            sustainedCPUShare: configuration.sustainedCPUShare,
            clearedLogBytes: configuration.clearedLogBytes,
            indicatorsVersion: configuration.indicators.version,
            poolsVersion: configuration.indicators.pools.version,
            poolAddresses: configuration.poolAddresses.count,
            checks: checks
        )
        self.host = Machine(
            hostName: result.identity.hostName,
            addresses: result.identity.addresses.map(\.description),
            operatingSystem: result.identity.operatingSystem,
            kernel: result.identity.kernel,
            machineID: result.identity.machineID,
            privileged: result.isPrivileged,
            startedAt: deterministic ? nil : result.startedAt.rfc3339(fractionDigits: 3),
            finishedAt: deterministic ? nil : result.finishedAt.rfc3339(fractionDigits: 3)
        )
        self.findings = result.findings.map(Self.item)
        var bySeverity: [String: Int] = [:]
        for finding in result.findings { bySeverity[finding.severity.rawValue, default: 0] += 1 }
        let flaggedPIDs = Set(result.findings.compactMap(\.pid))
        let minerPIDs = Set(result.findings.filter { $0.severity >= .high }.compactMap(\.pid))
        let endpoints = Set(result.findings.flatMap(\.remoteEndpoints))
        let verdict: String
        // High findings from two independent families (e.g. a miner binary and the cron job that starts it)
        // corroborate each other as much as one critical finding does.
        let highFamilies = Set(
            result.findings.filter { $0.severity >= .high }.map { $0.check.split(separator: ".").first ?? "" }
        )
        if result.findings.contains(where: { $0.severity == .critical }) || highFamilies.count >= 2 {
            verdict = "miner"
        } else if result.findings.contains(where: { $0.severity >= .medium }) {
            verdict = "suspicious"
        } else {
            verdict = "clean"
        }
        self.summary = Summary(
            verdict: verdict,
            findings: result.findings.count,
            bySeverity: bySeverity,
            minerProcesses: minerPIDs.sorted(),
            poolEndpoints: endpoints.sorted().map(\.description),
            notVisible: result.statistics.notVisible.count
        )
        self.processes = result.processes.filter { flaggedPIDs.contains($0.pid) }.sorted { $0.pid < $1.pid }
        self.sockets = result.sockets.filter { socket in
            endpoints.contains(socket.remote) || socket.pids.contains(where: flaggedPIDs.contains)
        }
        self.statistics = result.statistics
        self.evidence = evidence
    }

    static func item(_ finding: HostFinding) -> Item {
        Item(
            check: finding.check,
            severity: finding.severity,
            confidence: finding.confidence,
            subject: finding.subject,
            reason: finding.reason,
            pid: finding.pid,
            remoteEndpoints: finding.remoteEndpoints.map(\.description),
            evidence: finding.evidence.map {
                Line(label: $0.label, excerpt: $0.excerpt, file: $0.location?.file, line: $0.location?.record)
            },
            artifacts: finding.artifacts.map { artifact in
                switch artifact {
                case .file(let path): path
                case .text(let name, _): "captured:" + name
                }
            }
        )
    }
}
