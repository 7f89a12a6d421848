/// How a trace decides which part of an account's outgoing money is the traced money.
public enum TracePolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Every transfer out of a tainted account, after it is first tainted, is tainted in full.
    case poison
    /// Each transfer out carries the account's tainted fraction at that moment (proportional).
    case haircut
    /// Transfers out spend the oldest money first.
    case fifo
    /// Transfers out spend the newest money first.
    case lifo
}

/// Which way a trace follows money.
public enum TraceDirection: String, Sendable, Hashable, Codable, CaseIterable {
    /// Where did the money go.
    case forward
    /// Where did the money come from (the forward trace on the time-reversed ledger).
    case backward
}

/// What a trace starts from.
public enum TraceSource: Sendable, Hashable {
    /// An account: forward, its debits within the time bounds; backward, its credits.
    case account(Int32)
    /// One transfer (ledger index).
    case transfer(Int32)
}

/// Bounds and limits of a trace.
public struct TraceParameters: Hashable, Sendable, Codable {
    /// Forward or backward.
    public var direction: TraceDirection = .forward
    /// The most hops from the source; money that has made this many hops stops where it is.
    public var maximumDepth: Int = 6
    /// Transfers before this time (nanoseconds since the epoch) are neither seeds nor hops.
    public var since: Int64?
    /// Transfers after this time are neither seeds nor hops.
    public var until: Int64?
    /// The most path nodes kept; beyond it hops extend their parent's path (counted).
    public var maximumPathNodes: Int = 5_000_000
    /// The most separately tracked tainted portions per account under haircut; beyond it new
    /// portions join the largest one (amounts stay exact, paths blur; counted).
    public var maximumPortionsPerAccount: Int = 64
    /// The most paths reported.
    public var maximumPaths: Int = 100

    /// The defaults.
    public init() {}
}

/// Where traced money ended.
public struct TraceDestination: Hashable, Sendable {
    /// The account.
    public var account: Int32
    /// Traced money still in the account at the end of the time bounds.
    public var held: Int64
    /// Traced money that reached the account after the maximum number of hops and was not followed further.
    public var atDepthLimit: Int64
    /// `held + atDepthLimit` (under poison: every tainted credit the account received).
    public var amount: Int64
}

/// One path traced money took to an end.
public struct TracePath: Hashable, Sendable {
    /// The transfers (ledger indices) from the source, in the direction traced.
    public var hops: [Int32]
    /// The traced amount that ended along this path.
    public var amount: Int64
    /// The account where it ended.
    public var account: Int32
    /// Whether it stopped at the depth limit (else it is held there).
    public var atDepthLimit: Bool
}

/// What a trace found under one policy.
public struct TraceResult: Sendable {
    /// The policy.
    public var policy: TracePolicy
    /// The direction.
    public var direction: TraceDirection
    /// The seed transfers (ledger indices).
    public var seeds: [Int32]
    /// The currency traced (seeds in other currencies are dropped, counted in `seedsSkipped`).
    public var currency: String
    /// Σ seed amounts.
    public var sourceAmount: Int64
    /// Destinations, largest amount first.
    public var destinations: [TraceDestination]
    /// The largest paths, largest first (at most ``TraceParameters/maximumPaths``).
    public var paths: [TracePath]
    /// Seeds not traced because their currency differs from the first seed's.
    public var seedsSkipped: Int
    /// Hops not given their own path node (``TraceParameters/maximumPathNodes``).
    public var pathNodesCut: Int64
    /// Haircut portions merged (``TraceParameters/maximumPortionsPerAccount``).
    public var portionsMerged: Int64
    /// Transfers that moved traced money.
    public var taintedTransfers: Int64

    /// Σ destination amounts: equal to `sourceAmount` under haircut, FIFO and LIFO.
    public var tracedAmount: Int64 { self.destinations.reduce(0) { $0 + $1.amount } }
}

/// The ledger seen in the direction of a trace: transfers in the order money moves.
struct TraceView {
    var from: [Int32]
    var to: [Int32]
    var time: [Int64]
    var amount: [Int64]
    var currency: [UInt16]
    var outOffsets: [Int32]
    var outEdges: [Int32]
    var inOffsets: [Int32]
    var inEdges: [Int32]
    let reversed: Bool
    let count: Int

    init(_ ledger: Ledger, direction: TraceDirection) {
        self.count = ledger.transferCount
        self.reversed = direction == .backward
        if self.reversed {
            self.from = ledger.to.reversed()
            self.to = ledger.from.reversed()
            self.time = ledger.time.reversed().map { -$0 }
            self.amount = ledger.amount.reversed()
            self.currency = ledger.currency.reversed()
            (self.outOffsets, self.outEdges) = LedgerBuilder.csr(keys: self.from, accounts: ledger.accountCount)
            (self.inOffsets, self.inEdges) = LedgerBuilder.csr(keys: self.to, accounts: ledger.accountCount)
        } else {
            self.from = ledger.from
            self.to = ledger.to
            self.time = ledger.time
            self.amount = ledger.amount
            self.currency = ledger.currency
            self.outOffsets = ledger.outOffsets
            self.outEdges = ledger.outEdges
            self.inOffsets = ledger.inOffsets
            self.inEdges = ledger.inEdges
        }
    }

    /// The ledger index of view transfer `edge` (and back: the map is its own inverse).
    func ledgerIndex(_ edge: Int32) -> Int32 { self.reversed ? Int32(self.count - 1) - edge : edge }

    /// The account's balance just before view transfer `edge`, derived from flows: starting at zero,
    /// never below zero (a debit larger than the balance is taken to be paid from unobserved money).
    func openingBalance(_ account: Int32, before edge: Int32) -> Int64 {
        var balance: Int64 = 0
        var i = Int(self.inOffsets[Int(account)])
        let iEnd = Int(self.inOffsets[Int(account) + 1])
        var o = Int(self.outOffsets[Int(account)])
        let oEnd = Int(self.outOffsets[Int(account) + 1])
        while true {
            let nextIn = i < iEnd ? self.inEdges[i] : Int32.max
            let nextOut = o < oEnd ? self.outEdges[o] : Int32.max
            let next = min(nextIn, nextOut)
            if next >= edge { break }
            if self.from[Int(next)] == self.to[Int(next)] {
                i += nextIn == next ? 1 : 0
                o += nextOut == next ? 1 : 0
                continue
            }
            if nextIn == next {
                balance &+= self.amount[Int(next)]
                i += 1
            } else {
                balance = max(0, balance &- self.amount[Int(next)])
                o += 1
            }
        }
        return balance
    }
}

/// A quantity of money in an account: clean (`node < 0`) or traced along path `node`.
struct Lot {
    var amount: Int64
    var node: Int32
    var depth: Int32
}

/// A step of a path: the transfer taken and the step before.
struct PathNode {
    var parent: Int32
    var edge: Int32
}

extension Ledger {
    /// The seed transfers of a source within the time bounds, self-transfers left out (ledger indices, time order).
    public func traceSeeds(_ source: TraceSource, _ parameters: TraceParameters) -> [Int32] {
        let since = parameters.since ?? Int64.min
        let until = parameters.until ?? Int64.max
        let candidates: ArraySlice<Int32>
        switch source {
        case .transfer(let edge):
            candidates = [edge]
        case .account(let account):
            candidates = parameters.direction == .forward ? self.outgoing(account) : self.incoming(account)
        }
        return candidates.filter { edge in
            let time = self.time[Int(edge)]
            return time >= since && time <= until && self.from[Int(edge)] != self.to[Int(edge)]
        }
    }

    /// Traces money from `source` under `policy` (see docs/funds.md for the exact rules).
    public func trace(_ source: TraceSource, policy: TracePolicy, _ parameters: TraceParameters) -> TraceResult {
        let view = TraceView(self, direction: parameters.direction)
        var engine = TraceEngine(view: view, policy: policy, parameters: parameters)
        let seeds = self.traceSeeds(source, parameters)
        engine.run(seeds: seeds.map(view.ledgerIndex).sorted())
        return engine.result(ledger: self, seeds: seeds)
    }

    /// Traces under every policy, for comparison.
    public func traceAllPolicies(_ source: TraceSource, _ parameters: TraceParameters) -> [TraceResult] {
        TracePolicy.allCases.map { self.trace(source, policy: $0, parameters) }
    }
}
