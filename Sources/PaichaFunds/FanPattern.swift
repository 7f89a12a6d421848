/// Thresholds for fan-in and fan-out.
public struct FanParameters: Hashable, Sendable, Codable {
    /// The window, in seconds.
    public var windowSeconds: Int64 = 7 * secondsPerDay
    /// The fewest distinct counterparties within the window.
    public var minimumCounterparties: Int = 5

    /// The defaults.
    public init() {}
}

extension Ledger {
    /// Fan-in (`incoming: true`) or fan-out hits: windows in which an account trades with at least
    /// `minimumCounterparties` distinct accounts; overlapping windows merge into one hit.
    public func fanAlerts(_ parameters: FanParameters, incoming: Bool) -> [FundsAlert] {
        var counter = DistinctCounter(accounts: self.accountCount)
        var merger = WindowMerger()
        var alerts: [FundsAlert] = []
        let window = parameters.windowSeconds * nanosecondsPerSecond
        let threshold = max(1, parameters.minimumCounterparties)
        for account in 0..<Int32(self.accountCount) {
            let edges = incoming ? self.incoming(account) : self.outgoing(account)
            guard edges.count >= threshold else { continue }
            let others = incoming ? self.from : self.to
            // The adjacency list's own copies of time and counterpart: contiguous per account.
            let counterparts = incoming ? self.inFrom : self.outTo
            let times = incoming ? self.inTime : self.outTime
            var lo = edges.startIndex
            for hi in edges.indices {
                let other = counterparts[hi]
                if other != account { counter.add(other) }
                let now = times[hi]
                while times[lo] < now - window {
                    let old = counterparts[lo]
                    if old != account { counter.remove(old) }
                    lo += 1
                }
                if counter.distinct >= threshold { merger.mark(lo, hi) }
            }
            for index in lo..<edges.endIndex {
                let old = counterparts[index]
                if old != account { counter.remove(old) }
            }
            for (start, end) in merger.take() {
                let transfers = edges[start...end].filter { others[Int($0)] != account }
                var members: [Int32] = []
                var seen = Set<Int32>()
                for edge in transfers where seen.insert(others[Int(edge)]).inserted {
                    members.append(others[Int(edge)])
                }
                let direction = incoming ? "from" : "to"
                alerts.append(
                    FundsAlert(
                        pattern: incoming ? .fanIn : .fanOut,
                        accounts: [account] + members,
                        transfers: Array(transfers),
                        score: Double(members.count) / Double(threshold),
                        reason:
                            "\(transfers.count) transfers \(direction) \(members.count) distinct accounts, at least \(threshold) within \(parameters.windowSeconds) s",
                        ledger: self
                    )
                )
            }
        }
        return alerts
    }
}
