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
        var onPath = [Bool](repeating: false, count: self.accountCount)
        var startsCut: Int64 = 0
        let window = parameters.windowSeconds * nanosecondsPerSecond
        let maximumLength = max(2, parameters.maximumLength)
        let minimumLength = max(2, parameters.minimumLength)
        // The path and the search stack, fixed size: frame d (d ≥ 1) is at the account the path's
        // d-th transfer reached, with the next position in `outEdges` to try and the end of its range.
        var path = [Int32](repeating: 0, count: maximumLength + 1)
        var frameAccount = [Int32](repeating: 0, count: maximumLength + 1)
        var frameNext = [Int](repeating: 0, count: maximumLength + 1)
        var frameEnd = [Int](repeating: 0, count: maximumLength + 1)
        let reasons = (0...maximumLength).map {
            "a \($0)-hop cycle back to its first account, each hop later than the last, within \(parameters.windowSeconds) s"
        }

        for start in 0..<Int32(self.transferCount) {
            if alerts.count >= parameters.maximumCycles { break }
            let origin = self.from[Int(start)]
            let first = self.to[Int(start)]
            if origin == first { continue }
            let startTime = self.time[Int(start)]
            // Prune: the cycle closes with a credit of the origin inside the window, so no hop can be
            // later than the origin's last credit there; none, no cycle.
            let closing = self.credits(origin, after: startTime, through: startTime + window)
            if closing.isEmpty { continue }
            let deadline = self.inTime[closing.upperBound - 1]

            var steps = 0
            var cut = false
            onPath[Int(origin)] = true
            onPath[Int(first)] = true
            path[1] = start
            var depth = 1
            // Each frame's range runs to the end of the account's debits; the loop stops at the deadline
            // (cheaper than searching for it: the ranges are short).
            frameAccount[1] = first
            frameNext[1] = self.firstDebit(of: first, after: startTime)
            frameEnd[1] = Int(self.outOffsets[Int(first) + 1])
            while depth > 0 {
                let position = frameNext[depth]
                if position >= frameEnd[depth] || cut {
                    if depth > 1 { onPath[Int(frameAccount[depth])] = false }
                    depth -= 1
                    continue
                }
                if self.outTime[position] > deadline {
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
                    let time = self.outTime[position]
                    onPath[Int(next)] = true
                    depth += 1
                    path[depth] = self.outEdges[position]
                    frameAccount[depth] = next
                    frameNext[depth] = self.firstDebit(of: next, after: time)
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
    func cycleAlert(_ path: [Int32], length: Int, _ parameters: CycleParameters, reasons: [String]) -> FundsAlert {
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
