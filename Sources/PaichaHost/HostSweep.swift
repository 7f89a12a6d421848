import Dispatch
import Foundation
import Glibc
public import PaichaCore

/// Runs the check groups over the running system or an image and gathers what they found.
public struct HostSweep: Sendable {
    public var configuration: SweepConfiguration
    public var groups: [any HostCheckGroup]

    /// The groups a sweep runs by default, in order: processes and sockets first (later groups use them), the
    /// file checks while the CPU sample runs, then the second CPU reading and the process and socket checks.
    public static let standardGroups: [any HostCheckGroup] = [
        ProcessInventory(defersCPUSample: true), SocketInventory(), PersistenceChecks(), HidingChecks(),
        MinerFileChecks(), HostsFileChecks(), CPUSampleCompletion(), ProcessChecks(),
    ]

    /// A sweep with the standard groups.
    public init(configuration: SweepConfiguration, groups: [any HostCheckGroup] = HostSweep.standardGroups) {
        self.configuration = configuration
        self.groups = groups
    }

    /// Every check the groups can report, each once (a check that several groups share is listed where it first appears).
    public var checks: [CheckDescription] {
        var seen: Set<String> = []
        return self.groups.flatMap(\.checks).filter { seen.insert($0.name).inserted }
    }

    /// Sweeps; never throws: what could not be read is in the result's statistics.
    public func run() -> HostSweepResult {
        let started = Timestamp.now
        // The two lanes run at the same time, each with its own context, merged after: processes and
        // sockets from the process lane, the walk's counts from the file lane, statistics added up.
        let initial = SweepContext(configuration: self.configuration)
        let groups = self.groups
        let lanes: [[Int]] = [HostCheckLane.processes, .files].map { lane in
            groups.indices.filter { groups[$0].lane == lane }
        }
        let results = LaneResults(lanes: lanes.count, groups: groups.count, initial: initial)
        DispatchQueue.concurrentPerform(iterations: lanes.count) { lane in
            var context = initial
            for index in lanes[lane] { results.setFindings(index, groups[index].run(&context)) }
            results.setContext(lane, context)
        }
        var context = results.context(0)
        let files = results.context(1)
        context.statistics.merge(files.statistics)
        context.walkedFiles = files.walkedFiles
        context.persistencePaths = files.persistencePaths
        // Findings in the order of the groups, whichever lane finished first.
        let findings = (0..<groups.count).flatMap { results.findings($0) }
        let identity = HostIdentity.read(context.fileSystem, statistics: &context.statistics)
        context.statistics.processes = context.processes.count
        context.statistics.sockets = context.sockets.count
        return HostSweepResult(
            identity: identity,
            isLive: context.fileSystem.isLive,
            root: self.configuration.root,
            isPrivileged: geteuid() == 0,
            startedAt: started,
            finishedAt: Timestamp.now,
            findings: HostSweepResult.ordered(findings),
            processes: context.processes,
            sockets: context.sockets,
            statistics: context.statistics
        )
    }
}

/// What a sweep found, with the host it ran on and what it could not see.
public struct HostSweepResult: Sendable {
    public var identity: HostIdentity
    /// Whether the running system was swept (else an image at `root`).
    public var isLive: Bool
    public var root: String
    /// Whether the sweep ran as root (offline sweeps see what the examiner can read).
    public var isPrivileged: Bool
    public var startedAt: Timestamp
    public var finishedAt: Timestamp
    /// Findings, most severe first.
    public var findings: [HostFinding]
    public var processes: [ProcessRecord]
    public var sockets: [SocketRecord]
    public var statistics: SweepStatistics

    /// Makes a result (sweeps make theirs; reports and tests may build one).
    public init(
        identity: HostIdentity,
        isLive: Bool,
        root: String,
        isPrivileged: Bool,
        startedAt: Timestamp,
        finishedAt: Timestamp,
        findings: [HostFinding],
        processes: [ProcessRecord],
        sockets: [SocketRecord],
        statistics: SweepStatistics
    ) {
        self.identity = identity
        self.isLive = isLive
        self.root = root
        self.isPrivileged = isPrivileged
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.findings = findings
        self.processes = processes
        self.sockets = sockets
        self.statistics = statistics
    }

    /// Sorts findings most severe first, then by confidence, check and subject, so output is stable.
    public static func ordered(_ findings: [HostFinding]) -> [HostFinding] {
        findings.sorted { lhs, rhs in
            if lhs.severity != rhs.severity { return lhs.severity > rhs.severity }
            if lhs.confidence != rhs.confidence { return lhs.confidence > rhs.confidence }
            if lhs.check != rhs.check { return lhs.check < rhs.check }
            return lhs.subject < rhs.subject
        }
    }

    /// Whether anything suggests a miner (a finding of medium severity or above).
    public var isSuspicious: Bool { self.findings.contains { $0.severity >= .medium } }
}

extension Timestamp {
    /// The current time (wall clock).
    static var now: Timestamp {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Timestamp(seconds: Int64(time.tv_sec), nanoseconds: Int64(time.tv_nsec))
    }
}

/// What the lanes of a sweep hand back, filled from their threads.
final class LaneResults: @unchecked Sendable {
    private let lock = NSLock()
    private var contexts: [SweepContext]
    private var findingsByGroup: [[HostFinding]]

    init(lanes: Int, groups: Int, initial: SweepContext) {
        self.contexts = Array(repeating: initial, count: lanes)
        self.findingsByGroup = Array(repeating: [], count: groups)
    }

    func setFindings(_ group: Int, _ findings: [HostFinding]) {
        self.lock.withLock { self.findingsByGroup[group] = findings }
    }

    func setContext(_ lane: Int, _ context: SweepContext) {
        self.lock.withLock { self.contexts[lane] = context }
    }

    func findings(_ group: Int) -> [HostFinding] { self.lock.withLock { self.findingsByGroup[group] } }

    func context(_ lane: Int) -> SweepContext { self.lock.withLock { self.contexts[lane] } }
}
