/// The laundering patterns `paicha funds scan` looks for.
public enum FundsPattern: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Many credits from distinct senders, then a few debits that take the balance near zero.
    case collectThenDrain
    /// Many distinct senders into one account within a window.
    case fanIn
    /// One account paying many distinct receivers within a window.
    case fanOut
    /// A time-respecting cycle: money returns to where it started, each hop later than the one before.
    case cycle
    /// An account through which money passes (in ≈ out) within a short time, with many counterparties.
    case passThrough
    /// Repeated transfers just below a reporting threshold.
    case structuring
    /// One source pays many intermediates that each pay the same sink.
    case scatterGather
    /// Many sources pay one hub that then pays many receivers.
    case gatherScatter
    /// Money passed along a chain of accounts, each passing on nearly all of it soon after.
    case layering
    /// Money moved through stacked groups of accounts (L0 → L1 → … → Lk), most transfers layer to layer.
    case layeredGroups

    /// The finding kind, `funds.<pattern>`.
    public var kind: String { "funds." + self.rawValue }

    public static func < (lhs: FundsPattern, rhs: FundsPattern) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One hit of a pattern: the accounts involved (the focus first), the transfers, a score.
public struct FundsAlert: Sendable, Hashable {
    /// The pattern.
    public var pattern: FundsPattern
    /// The accounts involved; the first is the focus (hub, drained account, cycle start, structurer).
    public var accounts: [Int32]
    /// The transfers (ledger indices), in time order.
    public var transfers: [Int32]
    /// How strongly the hit exceeds its thresholds (≥ 1 at the thresholds; see docs/funds.md).
    public var score: Double
    /// The hit's first transfer time (nanoseconds since the epoch).
    public var start: Int64
    /// The hit's last transfer time.
    public var end: Int64
    /// Why, in one sentence.
    public var reason: String
    /// For layered groups: the sizes of the consecutive layers that `accounts` holds (L0 first); else empty.
    public var layers: [Int] = []

    /// Makes an alert; `transfers` are put in time order and its time span taken from them.
    public init(
        pattern: FundsPattern,
        accounts: [Int32],
        transfers: [Int32],
        score: Double,
        reason: String,
        ledger: Ledger
    ) {
        self.pattern = pattern
        self.accounts = accounts
        // Most patterns collect their transfers in time order already: sort (a copy) only if not.
        self.transfers = zip(transfers, transfers.dropFirst()).allSatisfy { $0 <= $1 } ? transfers : transfers.sorted()
        self.score = score
        self.start = self.transfers.first.map { ledger.time[Int($0)] } ?? 0
        self.end = self.transfers.last.map { ledger.time[Int($0)] } ?? 0
        self.reason = reason
    }
}

/// Counts distinct accounts in a sliding window with one shared counter array (no per-window allocation).
struct DistinctCounter {
    var counts: [Int32]
    var distinct = 0

    init(accounts: Int) { self.counts = [Int32](repeating: 0, count: accounts) }

    mutating func add(_ account: Int32) {
        if self.counts[Int(account)] == 0 { self.distinct += 1 }
        self.counts[Int(account)] += 1
    }

    mutating func remove(_ account: Int32) {
        self.counts[Int(account)] -= 1
        if self.counts[Int(account)] == 0 { self.distinct -= 1 }
    }
}

/// Merges overlapping windows that meet a condition into one hit each.
struct WindowMerger {
    var start = -1
    var end = -1
    var hits: [(Int, Int)] = []

    /// The window `lo...hi` meets the condition.
    mutating func mark(_ lo: Int, _ hi: Int) {
        if self.start >= 0, lo <= self.end {
            self.end = hi
        } else {
            self.flush()
            self.start = lo
            self.end = hi
        }
    }

    mutating func flush() {
        if self.start >= 0 { self.hits.append((self.start, self.end)) }
        self.start = -1
        self.end = -1
    }

    mutating func take() -> [(Int, Int)] {
        self.flush()
        defer { self.hits.removeAll(keepingCapacity: true) }
        return self.hits
    }
}

extension Ledger {
    /// The first position in `times[lo..<hi]` (ascending) whose time is greater than `time`.
    ///
    /// Branch-free halving (the comparison picks the next base with a conditional move), because the
    /// searches' outcomes are unpredictable and mispredicted branches dominated the cycle search.
    @inline(__always)
    static func firstPosition(in times: [Int64], _ lo: Int, _ hi: Int, above time: Int64) -> Int {
        var length = hi - lo
        if length <= 0 { return lo }
        var base = lo
        while length > 1 {
            let half = length / 2
            base = times[base + half] <= time ? base + half : base
            length -= half
        }
        return times[base] <= time ? base + 1 : base
    }

    /// Positions in `outEdges` of `account`'s debits with time in `(after, through]`.
    @inline(__always)
    func debits(_ account: Int32, after: Int64, through: Int64) -> Range<Int> {
        let start = Int(self.outOffsets[Int(account)])
        let end = Int(self.outOffsets[Int(account) + 1])
        let lo = Self.firstPosition(in: self.outTime, start, end, above: after)
        let hi = Self.firstPosition(in: self.outTime, lo, end, above: through)
        return lo..<hi
    }

    /// Positions in `inEdges` of `account`'s credits with time in `(after, through]`.
    @inline(__always)
    func credits(_ account: Int32, after: Int64, through: Int64) -> Range<Int> {
        let start = Int(self.inOffsets[Int(account)])
        let end = Int(self.inOffsets[Int(account) + 1])
        let lo = Self.firstPosition(in: self.inTime, start, end, above: after)
        let hi = Self.firstPosition(in: self.inTime, lo, end, above: through)
        return lo..<hi
    }
}

/// Nanoseconds in a second.
let nanosecondsPerSecond: Int64 = 1_000_000_000
/// Seconds in a day.
let secondsPerDay: Int64 = 86_400
