/// Thresholds and limits for the time-respecting cycle search.
public struct CycleParameters: Hashable, Sendable, Codable {
    /// The shortest cycle reported (2 would report every loan and its repayment).
    public var minimumLength: Int = 3
    /// The longest cycle searched.
    public var maximumLength: Int = 6
    /// The most time from a cycle's first transfer to its last, in seconds.
    public var windowSeconds: Int64 = 30 * secondsPerDay
    /// The most search steps from one starting transfer; the search from it stops there (counted).
    public var maximumStepsPerStart: Int = 100_000
    /// The most cycles reported; the search stops there (counted).
    public var maximumCycles: Int = 100_000

    /// The defaults.
    public init() {}
}

/// What the cycle search found and which limits it hit.
public struct CycleSearchResult: Sendable {
    /// One alert per cycle.
    public var alerts: [FundsAlert]
    /// Starting transfers whose search stopped at ``CycleParameters/maximumStepsPerStart``.
    public var startsCut: Int64
    /// Whether the search stopped at ``CycleParameters/maximumCycles``.
    public var stoppedAtMaximum: Bool
}

extension Ledger {
    /// Time-respecting cycles: transfers e₁…eₖ with `to(eᵢ) = from(eᵢ₊₁)`, `to(eₖ) = from(e₁)`, no account
    /// visited twice, times strictly increasing and `time(eₖ) − time(e₁) ≤ window`.
    ///
    /// A depth-first search from every transfer as the cycle's first (earliest) transfer, following
    /// only later transfers inside the window; each cycle is found once, from its first transfer.
    public func cycleAlerts(_ parameters: CycleParameters) -> CycleSearchResult {
        var alerts: [FundsAlert] = []
        var startsCut: Int64 = 0
        let window = parameters.windowSeconds * nanosecondsPerSecond
        let maximumLength = max(2, parameters.maximumLength)
        let minimumLength = max(2, parameters.minimumLength)
        let reasons = (0...maximumLength).map {
            "a \($0)-hop cycle back to its first account, each hop later than the last, within \(parameters.windowSeconds) s"
        }
        let search = CycleSearch(ledger: self, maximumLength: maximumLength)
        defer { search.deallocate() }
        // The path and the search stack: frame d (d ≥ 1) is at the account the path's d-th transfer
        // reached, with the next position in `outEdges` to try and the end of its debits.
        let path = search.path
        let frameAccount = search.frameAccount
        let frameNext = search.frameNext
        let frameEnd = search.frameEnd
        let onPath = search.onPath
        let closesBy = search.closesBy
        let closerStamp = search.closerStamp

        for start in 0..<Int32(self.transferCount) {
            if alerts.count >= parameters.maximumCycles { break }
            let origin = self.from[Int(start)]
            let first = self.to[Int(start)]
            if origin == first { continue }
            let startTime = self.time[Int(start)]
            // Prune: the cycle closes with a credit of the origin inside the window, so no hop can be
            // later than the origin's last credit there; none, no cycle.
            let closing = search.credits(origin, after: startTime, through: startTime + window)
            if closing.isEmpty { continue }
            let deadline = self.inTime[closing.upperBound - 1]
            // The latest time each account pays the origin inside the window: an account entered with
            // one hop left must pay the origin after it was reached, or the search there cannot close a
            // cycle (the deepest level is the widest, so this prunes most of the search).
            for position in closing {
                let payer = Int(self.inFrom[position])
                closerStamp[payer] = start
                closesBy[payer] = self.inTime[position]
            }

            var steps = 0
            var cut = false
            onPath[Int(origin)] = true
            onPath[Int(first)] = true
            path[1] = start
            var depth = 1
            // Each frame's range runs to the end of the account's debits; the loop stops at the deadline
            // (cheaper than searching for it: the ranges are short).
            frameAccount[1] = first
            frameNext[1] = search.firstDebit(of: first, after: startTime, startTime: startTime)
            frameEnd[1] = Int(self.outOffsets[Int(first) + 1])
            while depth > 0 {
                let position = frameNext[depth]
                if position >= frameEnd[depth] || cut {
                    if depth > 1 { onPath[Int(frameAccount[depth])] = false }
                    depth -= 1
                    continue
                }
                let time = self.outTime[position]
                if time > deadline {
                    frameNext[depth] = frameEnd[depth]
                    continue
                }
                frameNext[depth] = position + 1
                steps += 1
                if steps > parameters.maximumStepsPerStart {
                    cut = true
                    continue
                }
                let next = self.outTo[position]
                if next == origin {
                    if depth + 1 >= minimumLength, alerts.count < parameters.maximumCycles {
                        path[depth + 1] = self.outEdges[position]
                        alerts.append(self.cycleAlert(path, length: depth + 1, parameters, reasons: reasons))
                    }
                } else if depth + 1 < maximumLength, !onPath[Int(next)] {
                    if depth + 2 == maximumLength, closerStamp[Int(next)] != start || closesBy[Int(next)] <= time {
                        continue
                    }
                    onPath[Int(next)] = true
                    depth += 1
                    path[depth] = self.outEdges[position]
                    frameAccount[depth] = next
                    frameNext[depth] = search.firstDebit(of: next, after: time, startTime: startTime)
                    frameEnd[depth] = Int(self.outOffsets[Int(next) + 1])
                }
            }
            onPath[Int(origin)] = false
            onPath[Int(first)] = false
            if cut { startsCut += 1 }
        }
        return CycleSearchResult(
            alerts: alerts,
            startsCut: startsCut,
            stoppedAtMaximum: alerts.count >= parameters.maximumCycles
        )
    }

    /// The alert for a cycle `path[1...length]`; `reasons[length]` is its reason (made once per length).
    func cycleAlert(
        _ path: UnsafeMutableBufferPointer<Int32>,
        length: Int,
        _ parameters: CycleParameters,
        reasons: [String]
    ) -> FundsAlert {
        var smallest = Int64.max
        var largest: Int64 = 1
        var accounts: [Int32] = []
        accounts.reserveCapacity(length)
        for index in 1...length {
            let edge = Int(path[index])
            smallest = min(smallest, self.amount[edge])
            largest = max(largest, self.amount[edge])
            accounts.append(self.from[edge])
        }
        return FundsAlert(
            pattern: .cycle,
            accounts: accounts,
            transfers: Array(path[1...length]),
            score: Double(smallest) / Double(largest) + Double(length) / Double(max(2, parameters.maximumLength)),
            reason: reasons[length],
            ledger: self
        )
    }
}

/// The cycle search's working memory, allocated once per search (unchecked buffers: the search
/// writes them millions of times): the path and its stack, the closing times, and per-account cursors
/// that only move forward because the starting transfers come in time order.
struct CycleSearch {
    let ledger: Ledger
    /// Whether each account is on the current path.
    let onPath: UnsafeMutableBufferPointer<Bool>
    /// The path's transfers, `path[1...depth]`.
    let path: UnsafeMutableBufferPointer<Int32>
    /// Per frame d ≥ 1: the account the path's d-th transfer reached, the next position in `outEdges`
    /// to try, and the end of its debits.
    let frameAccount: UnsafeMutableBufferPointer<Int32>
    let frameNext: UnsafeMutableBufferPointer<Int>
    let frameEnd: UnsafeMutableBufferPointer<Int>
    /// For the current start: the latest time each account pays the origin inside the window, valid
    /// where `closerStamp` holds the start.
    let closesBy: UnsafeMutableBufferPointer<Int64>
    let closerStamp: UnsafeMutableBufferPointer<Int32>
    /// Per account: a position in `outEdges` no later than its first debit after the current start's time.
    let debitCursor: UnsafeMutableBufferPointer<Int32>
    /// Per account: positions in `inEdges` no later than its first credit after the current start's
    /// time, and after that time plus the window.
    let creditLow: UnsafeMutableBufferPointer<Int32>
    let creditHigh: UnsafeMutableBufferPointer<Int32>

    init(ledger: Ledger, maximumLength: Int) {
        self.ledger = ledger
        let accounts = ledger.accountCount
        func make<T>(_ count: Int, _ value: T) -> UnsafeMutableBufferPointer<T> {
            let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: count)
            buffer.initialize(repeating: value)
            return buffer
        }
        self.onPath = make(accounts, false)
        self.path = make(maximumLength + 1, 0)
        self.frameAccount = make(maximumLength + 1, 0)
        self.frameNext = make(maximumLength + 1, 0)
        self.frameEnd = make(maximumLength + 1, 0)
        self.closesBy = make(accounts, 0)
        self.closerStamp = make(accounts, -1)
        self.debitCursor = make(accounts, 0)
        self.creditLow = make(accounts, 0)
        self.creditHigh = make(accounts, 0)
        for account in 0..<accounts {
            self.debitCursor[account] = ledger.outOffsets[account]
            self.creditLow[account] = ledger.inOffsets[account]
            self.creditHigh[account] = ledger.inOffsets[account]
        }
    }

    /// Frees the buffers.
    func deallocate() {
        self.onPath.deallocate()
        self.path.deallocate()
        self.frameAccount.deallocate()
        self.frameNext.deallocate()
        self.frameEnd.deallocate()
        self.closesBy.deallocate()
        self.closerStamp.deallocate()
        self.debitCursor.deallocate()
        self.creditLow.deallocate()
        self.creditHigh.deallocate()
    }

    /// Positions in `inEdges` of `account`'s credits with time in `(after, through]`; both bounds no
    /// earlier than in the last call for this account.
    @inline(__always)
    func credits(_ account: Int32, after: Int64, through: Int64) -> Range<Int> {
        let end = Int(self.ledger.inOffsets[Int(account) + 1])
        var low = Int(self.creditLow[Int(account)])
        while low < end, self.ledger.inTime[low] <= after { low += 1 }
        self.creditLow[Int(account)] = Int32(low)
        var high = max(low, Int(self.creditHigh[Int(account)]))
        while high < end, self.ledger.inTime[high] <= through { high += 1 }
        self.creditHigh[Int(account)] = Int32(high)
        return low..<high
    }

    /// The position in `outEdges` of `account`'s first debit later than `after` (≥ `startTime`, which
    /// is no earlier than in the last call): the account's cursor moves up to `startTime`, then a
    /// galloping search from there finds `after`, usually within a step or two.
    @inline(__always)
    func firstDebit(of account: Int32, after: Int64, startTime: Int64) -> Int {
        let end = Int(self.ledger.outOffsets[Int(account) + 1])
        var low = Int(self.debitCursor[Int(account)])
        while low < end, self.ledger.outTime[low] <= startTime { low += 1 }
        self.debitCursor[Int(account)] = Int32(low)
        if after == startTime || low >= end || self.ledger.outTime[low] > after { return low }
        // outTime[low] ≤ after: gallop to a bound above, then halve.
        var step = 1
        var high = low + 1
        while high < end, self.ledger.outTime[high] <= after {
            low = high
            step *= 2
            high = low + step
        }
        return Ledger.firstPosition(in: self.ledger.outTime, low + 1, min(high, end), above: after)
    }
}
