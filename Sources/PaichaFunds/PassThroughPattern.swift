/// Thresholds for pass-through (mule, score-running 跑分) accounts.
public struct PassThroughParameters: Hashable, Sendable, Codable {
    /// The window from a credit within which the money must leave again, in seconds.
    public var windowSeconds: Int64 = 2 * secondsPerDay
    /// `|in − out| ≤ tolerance × in` within the window.
    public var tolerance: Double = 0.1
    /// The fewest distinct counterparties (senders and receivers together) within the window.
    public var minimumCounterparties: Int = 6
    /// The fewest credits and the fewest debits within the window.
    public var minimumTransfersEachWay: Int = 2

    /// The defaults.
    public init() {}
}

extension Ledger {
    /// Pass-through: from one of an account's credits, within the window, money in and money out
    /// agree within the tolerance, with at least `minimumCounterparties` distinct counterparties and
    /// at least `minimumTransfersEachWay` credits and debits; a hit skips past its window.
    public func passThroughAlerts(_ parameters: PassThroughParameters) -> [FundsAlert] {
        let window = parameters.windowSeconds * nanosecondsPerSecond
        var counter = DistinctCounter(accounts: self.accountCount)
        var alerts: [FundsAlert] = []
        for account in 0..<Int32(self.accountCount) {
            let credits = self.incoming(account)
            let debits = self.outgoing(account)
            let each = max(1, parameters.minimumTransfersEachWay)
            guard credits.count >= each, debits.count >= each else { continue }
            var creditHi = credits.startIndex
            var debitLo = debits.startIndex
            var debitHi = debits.startIndex
            var inSum: Int64 = 0
            var outSum: Int64 = 0
            var anchor = credits.startIndex
            while anchor < credits.endIndex {
                let begin = self.inTime[anchor]
                while creditHi < credits.endIndex, self.inTime[creditHi] <= begin + window {
                    let edge = Int(credits[creditHi])
                    if self.from[edge] != account { counter.add(self.from[edge]) }
                    inSum &+= self.amount[edge]
                    creditHi += 1
                }
                while debitHi < debits.endIndex, self.outTime[debitHi] <= begin + window {
                    let edge = Int(debits[debitHi])
                    if self.to[edge] != account { counter.add(self.to[edge]) }
                    outSum &+= self.amount[edge]
                    debitHi += 1
                }
                while debitLo < debitHi, self.outTime[debitLo] < begin {
                    let edge = Int(debits[debitLo])
                    if self.to[edge] != account { counter.remove(self.to[edge]) }
                    outSum &-= self.amount[edge]
                    debitLo += 1
                }
                let matched =
                    creditHi - anchor >= each && debitHi - debitLo >= each
                    && counter.distinct >= parameters.minimumCounterparties && inSum > 0
                    && Double((inSum &- outSum).magnitude) <= parameters.tolerance * Double(inSum)
                if matched {
                    let transfers = Array(credits[anchor..<creditHi]) + Array(debits[debitLo..<debitHi])
                    var members: [Int32] = []
                    for edge in transfers {
                        let other = self.from[Int(edge)] == account ? self.to[Int(edge)] : self.from[Int(edge)]
                        if other != account, !members.contains(other) { members.append(other) }
                    }
                    let mismatch = Double((inSum &- outSum).magnitude) / Double(inSum)
                    alerts.append(
                        FundsAlert(
                            pattern: .passThrough,
                            accounts: [account] + members,
                            transfers: transfers,
                            score: Double(members.count) / Double(max(1, parameters.minimumCounterparties))
                                * (1 - mismatch),
                            reason:
                                "\(self.amountText(inSum)) in and \(self.amountText(outSum)) out within \(parameters.windowSeconds) s, \(members.count) counterparties",
                            ledger: self
                        )
                    )
                }
                let next = matched ? creditHi : anchor + 1
                while anchor < next {
                    let edge = Int(credits[anchor])
                    if self.from[edge] != account { counter.remove(self.from[edge]) }
                    inSum &-= self.amount[edge]
                    anchor += 1
                }
            }
            for index in debitLo..<debitHi {
                let edge = Int(debits[index])
                if self.to[edge] != account { counter.remove(self.to[edge]) }
            }
        }
        return alerts
    }
}
