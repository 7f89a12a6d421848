/// Thresholds for collection-then-drain (分散转入、集中转出).
public struct CollectThenDrainParameters: Hashable, Sendable, Codable {
    /// How far before the first drain debit credits count as the collection, in seconds.
    public var collectionWindowSeconds: Int64 = 7 * secondsPerDay
    /// The fewest distinct senders in the collection.
    public var minimumSenders: Int = 5
    /// The most time from the first drain debit to the last, in seconds.
    public var drainWindowSeconds: Int64 = 2 * secondsPerDay
    /// The most debits in the drain.
    public var maximumDrainTransfers: Int = 3
    /// The balance after the drain is at most this fraction of the balance before it.
    public var residualFraction: Double = 0.05

    /// The defaults.
    public init() {}
}

extension Ledger {
    /// Collection then drain: an account receives credits from at least `minimumSenders` distinct
    /// senders within the collection window before its first drain debit, then at most
    /// `maximumDrainTransfers` debits within the drain window take its balance to at most
    /// `residualFraction` of what it was before the drain, and move at least `1 − residualFraction`
    /// of what the collection brought in.
    ///
    /// Balances come from the ledger's balance column when it has one; otherwise they are derived
    /// from flows: credits minus debits since the start of the collection window (opening balance
    /// taken as zero).
    public func collectThenDrainAlerts(_ parameters: CollectThenDrainParameters) -> [FundsAlert] {
        let collection = parameters.collectionWindowSeconds * nanosecondsPerSecond
        let drainWindow = parameters.drainWindowSeconds * nanosecondsPerSecond
        var counter = DistinctCounter(accounts: self.accountCount)
        var alerts: [FundsAlert] = []
        for account in 0..<Int32(self.accountCount) {
            let credits = self.incoming(account)
            let debits = self.outgoing(account)
            guard credits.count >= parameters.minimumSenders, !debits.isEmpty else { continue }
            // Sliding collection window [t_s − collection, t_s) over credits, and over debits for derived balances.
            var creditLo = credits.startIndex
            var creditHi = credits.startIndex
            var debitLo = debits.startIndex
            var credited: Int64 = 0
            var debited: Int64 = 0
            var start = debits.startIndex
            while start < debits.endIndex {
                let drainStart = self.outTime[start]
                while creditHi < credits.endIndex, self.inTime[creditHi] < drainStart {
                    let edge = Int(credits[creditHi])
                    if self.from[edge] != account { counter.add(self.from[edge]) }
                    credited &+= self.amount[edge]
                    creditHi += 1
                }
                while creditLo < creditHi, self.inTime[creditLo] < drainStart - collection {
                    let edge = Int(credits[creditLo])
                    if self.from[edge] != account { counter.remove(self.from[edge]) }
                    credited &-= self.amount[edge]
                    creditLo += 1
                }
                while debitLo < start, self.outTime[debitLo] < drainStart - collection {
                    debited &-= self.amount[Int(debits[debitLo])]
                    debitLo += 1
                }
                var matched: Int?
                var before: Int64 = 0
                var after: Int64 = 0
                if counter.distinct >= parameters.minimumSenders {
                    let balanceBefore: Int64
                    if let balances = self.fromBalanceAfter {
                        balanceBefore = balances[Int(debits[start])] &+ self.amount[Int(debits[start])]
                    } else {
                        balanceBefore = credited &- debited
                    }
                    var drained: Int64 = 0
                    var end = start
                    while end < debits.endIndex, end - start < parameters.maximumDrainTransfers,
                        self.outTime[end] <= drainStart + drainWindow
                    {
                        drained &+= self.amount[Int(debits[end])]
                        let balanceAfter: Int64
                        if let balances = self.fromBalanceAfter {
                            balanceAfter = balances[Int(debits[end])]
                        } else {
                            // Credits that arrived during the drain count too.
                            let during = credits[creditHi...].prefix {
                                self.time[Int($0)] <= self.outTime[end]
                            }
                            .reduce(Int64(0)) { $0 &+ self.amount[Int($1)] }
                            balanceAfter = balanceBefore &+ during &- drained
                        }
                        let emptied = Double(balanceAfter) <= parameters.residualFraction * Double(balanceBefore)
                        let movedCollection = Double(drained) >= (1 - parameters.residualFraction) * Double(credited)
                        if balanceBefore > 0, emptied, movedCollection {
                            matched = end
                            before = balanceBefore
                            after = balanceAfter
                            break
                        }
                        end += 1
                    }
                }
                if let end = matched {
                    let collected = credits[creditLo..<creditHi].filter { self.from[Int($0)] != account }
                    var senders: [Int32] = []
                    for edge in collected where !senders.contains(self.from[Int(edge)]) {
                        senders.append(self.from[Int(edge)])
                    }
                    let drain = Array(debits[start...end])
                    var receivers: [Int32] = []
                    for edge in drain where !receivers.contains(self.to[Int(edge)]) && self.to[Int(edge)] != account {
                        receivers.append(self.to[Int(edge)])
                    }
                    alerts.append(
                        FundsAlert(
                            pattern: .collectThenDrain,
                            accounts: [account] + senders + receivers,
                            transfers: collected + drain,
                            score: Double(senders.count) / Double(max(1, parameters.minimumSenders)),
                            reason:
                                "credits from \(senders.count) senders, then \(drain.count) debit(s) took the balance from \(self.amountText(before)) to \(self.amountText(after))",
                            ledger: self
                        )
                    )
                    for index in start...end { debited &+= self.amount[Int(debits[index])] }
                    start = end + 1
                } else {
                    debited &+= self.amount[Int(debits[start])]
                    start += 1
                }
            }
            for index in creditLo..<creditHi {
                let edge = Int(credits[index])
                if self.from[edge] != account { counter.remove(self.from[edge]) }
            }
        }
        return alerts
    }
}
