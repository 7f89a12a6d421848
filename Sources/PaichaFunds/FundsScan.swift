import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Every pattern's parameters, and which patterns run.
public struct FundsScanParameters: Hashable, Sendable, Codable {
    /// The patterns run.
    public var patterns: [FundsPattern] = FundsPattern.allCases
    /// Collection then drain.
    public var collectThenDrain = CollectThenDrainParameters()
    /// Fan-in.
    public var fanIn = FanParameters()
    /// Fan-out.
    public var fanOut = FanParameters()
    /// Cycles.
    public var cycle = CycleParameters()
    /// Pass-through.
    public var passThrough = PassThroughParameters()
    /// Structuring.
    public var structuring = StructuringParameters()
    /// Scatter-gather.
    public var scatterGather = ScatterGatherParameters()
    /// Gather-scatter.
    public var gatherScatter = GatherScatterParameters()
    /// Layering chains.
    public var layering = LayeringParameters()
    /// Layered groups.
    public var layeredGroups = LayeredGroupsParameters()

    /// The defaults.
    public init() {}
}

/// Limits the scan hit, counted.
public struct FundsScanStatistics: Hashable, Sendable, Codable {
    /// Cycle searches cut at ``CycleParameters/maximumStepsPerStart``.
    public var cycleStartsCut: Int64 = 0
    /// Whether the cycle search stopped at ``CycleParameters/maximumCycles``.
    public var cycleSearchStoppedAtMaximum = false
    /// Scatter-gather sources cut at ``ScatterGatherParameters/maximumPathsPerSource``.
    public var scatterGatherSourcesCut: Int64 = 0
    /// Layering searches cut at ``LayeringParameters/maximumStepsPerStart``.
    public var layeringStartsCut: Int64 = 0
    /// Layered-group seeds abandoned at ``LayeredGroupsParameters/maximumStepsPerSeed`` or
    /// ``LayeredGroupsParameters/maximumLayerSize``.
    public var layeredGroupSeedsCut: Int64 = 0
    /// Alerts per pattern.
    public var alertsByPattern: [String: Int] = [:]
}

extension Ledger {
    /// Runs the chosen patterns, concurrently (they only read the ledger); alerts come by pattern,
    /// then highest score, then time, then focus account, whatever the scheduling.
    ///
    /// `timing`, if given, is told how long each pattern took, in seconds of wall-clock and of its
    /// thread's CPU time (called from the worker threads).
    public func scan(
        _ parameters: FundsScanParameters,
        timing: (@Sendable (FundsPattern, _ wall: Double, _ cpu: Double) -> Void)? = nil
    ) -> (alerts: [FundsAlert], statistics: FundsScanStatistics) {
        let patterns = Set(parameters.patterns).sorted()
        let results = ScanResults(count: patterns.count)
        DispatchQueue.concurrentPerform(iterations: patterns.count) { index in
            let wall = FundsClock.wall()
            let cpu = FundsClock.threadCPU()
            results.set(index, self.run(patterns[index], parameters))
            timing?(patterns[index], FundsClock.wall() - wall, FundsClock.threadCPU() - cpu)
        }
        var alerts: [FundsAlert] = []
        var statistics = FundsScanStatistics()
        for (index, pattern) in patterns.enumerated() {
            let (found, patternStatistics) = results.get(index)
            statistics.cycleStartsCut += patternStatistics.cycleStartsCut
            statistics.cycleSearchStoppedAtMaximum =
                statistics.cycleSearchStoppedAtMaximum || patternStatistics.cycleSearchStoppedAtMaximum
            statistics.scatterGatherSourcesCut += patternStatistics.scatterGatherSourcesCut
            statistics.layeringStartsCut += patternStatistics.layeringStartsCut
            statistics.layeredGroupSeedsCut += patternStatistics.layeredGroupSeedsCut
            statistics.alertsByPattern[pattern.rawValue] = found.count
            alerts += found.sorted {
                ($0.score, -$0.start, -Int64($0.accounts[0])) > ($1.score, -$1.start, -Int64($1.accounts[0]))
                    || (($0.score, $0.start, $0.accounts[0]) == ($1.score, $1.start, $1.accounts[0])
                        && $0.transfers.lexicographicallyPrecedes($1.transfers))
            }
        }
        return (alerts, statistics)
    }

    func run(_ pattern: FundsPattern, _ parameters: FundsScanParameters) -> ([FundsAlert], FundsScanStatistics) {
        var statistics = FundsScanStatistics()
        let found: [FundsAlert]
        switch pattern {
        case .collectThenDrain: found = self.collectThenDrainAlerts(parameters.collectThenDrain)
        case .fanIn: found = self.fanAlerts(parameters.fanIn, incoming: true)
        case .fanOut: found = self.fanAlerts(parameters.fanOut, incoming: false)
        case .cycle:
            let result = self.cycleAlerts(parameters.cycle)
            statistics.cycleStartsCut = result.startsCut
            statistics.cycleSearchStoppedAtMaximum = result.stoppedAtMaximum
            found = result.alerts
        case .passThrough: found = self.passThroughAlerts(parameters.passThrough)
        case .structuring: found = self.structuringAlerts(parameters.structuring)
        case .scatterGather:
            let result = self.scatterGatherAlerts(parameters.scatterGather)
            statistics.scatterGatherSourcesCut = result.sourcesCut
            found = result.alerts
        case .gatherScatter: found = self.gatherScatterAlerts(parameters.gatherScatter)
        case .layering:
            let result = self.layeringAlerts(parameters.layering)
            statistics.layeringStartsCut = result.startsCut
            found = result.alerts
        case .layeredGroups:
            let result = self.layeredGroupAlerts(parameters.layeredGroups)
            statistics.layeredGroupSeedsCut = result.seedsCut
            found = result.alerts
        }
        return (found, statistics)
    }
}

/// Per-pattern results filled from concurrent workers, each slot written once under a lock.
final class ScanResults: @unchecked Sendable {
    private var slots: [([FundsAlert], FundsScanStatistics)]
    private let lock = NSLock()

    init(count: Int) { self.slots = Array(repeating: ([], FundsScanStatistics()), count: count) }

    func set(_ index: Int, _ value: ([FundsAlert], FundsScanStatistics)) {
        self.lock.lock()
        defer { self.lock.unlock() }
        self.slots[index] = value
    }

    func get(_ index: Int) -> ([FundsAlert], FundsScanStatistics) {
        self.lock.lock()
        defer { self.lock.unlock() }
        return self.slots[index]
    }
}

/// Clocks for `--timings`: wall-clock and the calling thread's CPU time, in seconds.
enum FundsClock {
    static func wall() -> Double { read(CLOCK_MONOTONIC) }
    static func threadCPU() -> Double { read(CLOCK_THREAD_CPUTIME_ID) }

    static func read(_ clock: clockid_t) -> Double {
        var time = timespec()
        clock_gettime(clock, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
