import Glibc

/// Reads every process of `/proc`: name, command line, executable, working directory, owner, CPU use,
/// preload variables and socket descriptors, plus processes hidden from the `/proc` listing.
///
/// Runs on live sweeps only (an image's `/proc` is empty) unless `readsImageProc` is set, which tests use
/// on fake `/proc` trees (no CPU sampling and no hidden-PID probing there: both need a kernel).
/// Processes exit while they are read: a file that disappears is normal and drops only what it held.
/// What needs privilege (other users' `exe`, `environ`, `fd`) is listed in the statistics' `notVisible`.
///
/// CPU sampling: every process's `stat` is read once at the start, the rest of the inventory is read,
/// then ONE wait until `cpuSampleSeconds` after the first reading, and `stat` is read again; the CPU
/// ticks used between the two readings over the time between them is `sampledCPUShare`.
public struct ProcessInventory: HostCheckGroup {
    public var lane: HostCheckLane { .processes }

    public var name: String { "processes" }
    public var checks: [CheckDescription] { [] }
    /// Whether to read `/proc` inside an image (for fake trees built by tests).
    public var readsImageProc: Bool
    /// PIDs probed beyond the highest PID in use (listed or last allocated) when looking for hidden ones.
    public var probeMargin: Int

    /// Makes the inventory.
    /// Whether the second CPU reading is left to a later `CPUSampleCompletion` group (the standard sweep),
    /// rather than taken here after an idle wait.
    public let defersCPUSample: Bool

    public init(readsImageProc: Bool = false, probeMargin: Int = 4096, defersCPUSample: Bool = false) {
        self.readsImageProc = readsImageProc
        self.probeMargin = probeMargin
        self.defersCPUSample = defersCPUSample
    }

    public func run(_ context: inout SweepContext) -> [HostFinding] {
        let fileSystem = context.fileSystem
        guard fileSystem.isLive || self.readsImageProc else { return [] }
        var reader = ProcReader(fileSystem: fileSystem, statistics: context.statistics)
        defer { context.statistics = reader.statistics }
        // The kernel's task count before the listing and after the first pass brackets what the listing shows.
        let loadBefore = fileSystem.isLive ? reader.loadAverage() : nil
        guard var listed = reader.listPIDs() else { return [] }
        if listed.count > fileSystem.limits.maximumProcesses {
            listed.removeLast(listed.count - fileSystem.limits.maximumProcesses)
            reader.statistics.hit("maximumProcesses")
        }
        let sampling = fileSystem.isLive && context.configuration.cpuSampleSeconds > 0
        let sampleStart = Monotonic.now

        // First pass: stat only, so the CPU sample starts at nearly the same time for all.
        var entries: [Entry] = []
        entries.reserveCapacity(listed.count)
        for pid in listed {
            guard let stat = reader.stat(pid) else { continue }
            entries.append(Entry(stat: stat, readAt: Monotonic.now, hidden: false))
        }
        let loadAfter = fileSystem.isLive ? reader.loadAverage() : nil

        if fileSystem.isLive {
            let hidden = self.probeHidden(
                listed: listed,
                entries: entries,
                load: (loadBefore, loadAfter),
                reader: &reader
            )
            entries += hidden
        }

        var records: [ProcessRecord] = []
        records.reserveCapacity(entries.count)
        let uptime = reader.uptime()
        for entry in entries {
            records.append(reader.record(entry.stat, hidden: entry.hidden, uptime: uptime))
        }

        let first = context.processes.count
        context.processes += records
        if sampling {
            let pending = PendingCPUSample(
                start: sampleStart,
                firstRecord: first,
                readings: entries.map { ($0.stat, $0.readAt) }
            )
            if self.defersCPUSample {
                context.pendingCPUSample = pending
            } else {
                pending.complete(interval: context.configuration.cpuSampleSeconds, reader: &reader, into: &context)
            }
        }
        return []
    }

    /// One process between the passes.
    struct Entry {
        var stat: ProcessStat
        var readAt: Double
        var hidden: Bool
    }

    /// Probes PIDs directly for processes missing from the listing (see `HiddenProcessProbe`).
    private func probeHidden(
        listed: [Int32],
        entries: [Entry],
        load: (before: LoadAverage?, after: LoadAverage?),
        reader: inout ProcReader
    ) -> [Entry] {
        let limits = reader.fileSystem.limits
        let seenTasks = entries.reduce(Int64(0)) { $0 + max(1, $1.stat.threads) }
        let kernelTasks = [load.before?.tasks, load.after?.tasks].compactMap { $0 }.min()
        let tasksMissing = reader.isInitialPIDNamespace() && kernelTasks.map { $0 > seenTasks } ?? false
        let plan = HiddenProcessProbe.plan(
            listedMaximum: listed.last ?? 0,
            lastPID: [load.before?.lastPID, load.after?.lastPID].compactMap { $0 }.max() ?? 0,
            pidMaximum: reader.pidMaximum(),
            margin: self.probeMargin,
            limit: limits.maximumProbedPIDs,
            tasksMissing: tasksMissing
        )
        if plan.isCut { reader.statistics.hit("maximumProbedPIDs") }
        let listedSet = Set(listed)
        let candidates = HiddenProcessProbe.candidates(listed: listedSet, ceiling: plan.ceiling) { pid in
            HiddenProcessProbe.exists(pid) ? reader.threadGroupID(pid) : nil
        }
        guard !candidates.isEmpty else { return [] }
        // A process started after the listing is not hidden: list again, and keep those still absent and alive
        // as the same process (same start time: a PID reused meanwhile is another process).
        var before: [Int32: ProcessStat] = [:]
        for pid in candidates { before[pid] = reader.stat(pid) }
        let relisted = Set(reader.listPIDs() ?? [])
        var hidden: [Entry] = []
        for pid in HiddenProcessProbe.confirmed(
            candidates,
            relisted: relisted,
            threadGroupID: { reader.threadGroupID($0) }
        ) {
            guard let stat = reader.stat(pid), stat.startTicks == before[pid]?.startTicks else { continue }
            hidden.append(Entry(stat: stat, readAt: Monotonic.now, hidden: true))
        }
        return hidden
    }
}

/// How to find processes hidden from the `/proc` listing without probing millions of PIDs.
///
/// A rootkit that filters the listing (a `readdir` hook preloaded into every process, or a kernel
/// `getdents` hook) still lets the kernel answer for the PID. Each PID is first asked of the kernel with
/// `getpgid` (a query that changes nothing; ESRCH means no task), and only a PID that answers has its
/// `/proc/PID/status` read. Even so, probing every PID up to `pid_max` would take over a second for the
/// 4,194,304 of a 64-bit systemd host; so the probe covers PIDs up to
/// the highest one in use (listed, or last allocated per `/proc/loadavg`) plus a margin. A hidden process
/// above that (possible only after PIDs wrapped around) would leave the kernel's task count
/// (`/proc/loadavg`) above the tasks the listing shows; then the probe goes to `pid_max` (at most
/// `HostLimits.maximumProbedPIDs`, counted when cut). A PID that answers and is absent from the listing is a
/// candidate unless it is a thread (its `Tgid` differs: threads never appear in the listing); candidates
/// still absent from a second listing made after the probe and still alive are hidden.
enum HiddenProcessProbe {
    /// The PIDs to probe (`1...ceiling`) and whether `limit` cut them short of what was wanted.
    static func plan(
        listedMaximum: Int32,
        lastPID: Int32,
        pidMaximum: Int32?,
        margin: Int,
        limit: Int,
        tasksMissing: Bool
    ) -> (ceiling: Int32, isCut: Bool) {
        let inUse = Int(max(listedMaximum, lastPID)) + max(0, margin)
        let kernelMaximum = pidMaximum.map { Int($0) - 1 } ?? inUse
        let wanted = tasksMissing ? kernelMaximum : min(inUse, kernelMaximum)
        let ceiling = min(wanted, max(0, limit))
        return (Int32(clamping: max(0, ceiling)), ceiling < wanted)
    }

    /// Whether the kernel has a task (process or thread) with this PID in the sweep's PID namespace.
    static func exists(_ pid: Int32) -> Bool {
        getpgid(pid) >= 0 || errno != ESRCH
    }

    /// PIDs in `1...ceiling` that are not listed and whose status shows a process (not a thread).
    static func candidates(listed: Set<Int32>, ceiling: Int32, threadGroupID: (Int32) -> Int32?) -> [Int32] {
        guard ceiling >= 1 else { return [] }
        var found: [Int32] = []
        for pid in 1...ceiling where !listed.contains(pid) {
            guard let group = threadGroupID(pid), group == pid else { continue }
            found.append(pid)
        }
        return found
    }

    /// The candidates absent from the second listing and still alive as processes.
    static func confirmed(
        _ candidates: [Int32],
        relisted: Set<Int32>,
        threadGroupID: (Int32) -> Int32?
    ) -> [Int32] {
        candidates.filter { !relisted.contains($0) && threadGroupID($0) == $0 }
    }
}

/// A monotonic clock in seconds.
enum Monotonic {
    static var now: Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// Sleeps until the clock reads `deadline` (at once if it has passed).
    static func sleep(until deadline: Double) {
        while true {
            // At most a day per nap, so that an absurd configured interval never overflows the conversion.
            let left = min(deadline - Self.now, 86_400)
            guard left > 0 else { return }
            var request = timespec(tv_sec: Int(left), tv_nsec: Int((left - Double(Int(left))) * 1e9))
            var remaining = timespec()
            _ = nanosleep(&request, &remaining)
        }
    }
}

/// The first CPU reading of every process, waiting for the second.
struct PendingCPUSample: Sendable {
    var start: Double
    /// The index in `SweepContext.processes` of the first record the readings belong to.
    var firstRecord: Int
    var readings: [(stat: ProcessStat, readAt: Double)]

    /// Waits until `interval` after the first reading (if that has not passed yet), reads `stat` again and
    /// sets each process's `sampledCPUShare` to the CPU seconds it used over the time between its readings.
    func complete(interval: Double, reader: inout ProcReader, into context: inout SweepContext) {
        Monotonic.sleep(until: self.start + interval)
        for (offset, reading) in self.readings.enumerated() {
            let index = self.firstRecord + offset
            guard index < context.processes.count,
                let second = reader.stat(reading.stat.pid), second.startTicks == reading.stat.startTicks
            else { continue }
            let elapsed = Monotonic.now - reading.readAt
            guard elapsed > 0, second.cpuTicks >= reading.stat.cpuTicks else { continue }
            let seconds = Double(second.cpuTicks - reading.stat.cpuTicks) / reader.ticksPerSecond
            context.processes[index].sampledCPUShare = seconds / elapsed
        }
    }
}

/// Takes the second CPU reading that `ProcessInventory(defersCPUSample: true)` left pending; placed after the
/// file checks, whose work then fills the sample's interval.
public struct CPUSampleCompletion: HostCheckGroup {
    public var lane: HostCheckLane { .processes }

    public let name = "cpu-sample"
    public let checks: [CheckDescription] = []

    /// Makes the group.
    public init() {}

    public func run(_ context: inout SweepContext) -> [HostFinding] {
        guard let pending = context.pendingCPUSample else { return [] }
        context.pendingCPUSample = nil
        var reader = ProcReader(fileSystem: context.fileSystem, statistics: context.statistics)
        pending.complete(interval: context.configuration.cpuSampleSeconds, reader: &reader, into: &context)
        context.statistics = reader.statistics
        return []
    }
}
