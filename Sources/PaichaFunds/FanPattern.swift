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
        var merger = WindowMerger()
        var alerts: [FundsAlert] = []
        let window = parameters.windowSeconds * nanosecondsPerSecond
        let threshold = max(1, parameters.minimumCounterparties)
        let others = incoming ? self.from : self.to
        let offsets = incoming ? self.inOffsets : self.outOffsets
        // The adjacency list's own copies of time and counterpart: contiguous per account.
        let counterparts = incoming ? self.inFrom : self.outTo
        let times = incoming ? self.inTime : self.outTime
        // Per account: transfers with it in the current window (unchecked: the loop below is the
        // whole pattern, one pass over every transfer).
        let counts = UnsafeMutableBufferPointer<Int32>.allocate(capacity: self.accountCount)
        counts.initialize(repeating: 0)
        defer { counts.deallocate() }
        for account in 0..<Int32(self.accountCount) {
            let startIndex = Int(offsets[Int(account)])
            let endIndex = Int(offsets[Int(account) + 1])
            guard endIndex - startIndex >= threshold else { continue }
            let edges = (incoming ? self.inEdges : self.outEdges)[startIndex..<endIndex]
            var distinct = 0
            var lo = startIndex
            counterparts.withUnsafeBufferPointer { counterparts in
                times.withUnsafeBufferPointer { times in
                    for hi in startIndex..<endIndex {
                        let other = Int(counterparts[hi])
                        if other != Int(account) {
                            if counts[other] == 0 { distinct += 1 }
                            counts[other] += 1
                        }
                        let now = times[hi]
                        while times[lo] < now - window {
                            let old = Int(counterparts[lo])
                            if old != Int(account) {
                                counts[old] -= 1
                                if counts[old] == 0 { distinct -= 1 }
                            }
                            lo += 1
                        }
                        if distinct >= threshold { merger.mark(lo, hi) }
                    }
                    for index in lo..<endIndex { counts[Int(counterparts[index])] = 0 }
                }
            }
            for (start, end) in merger.take() {
                let transfers = edges[start...end].filter { others[Int($0)] != account }
                // Distinct counterparties in order of first transfer, marked in `counts` (all zero
                // between windows) and cleared again.
                var members: [Int32] = []
                for edge in transfers {
                    let other = others[Int(edge)]
                    if counts[Int(other)] == 0 {
                        counts[Int(other)] = 1
                        members.append(other)
                    }
                }
                for member in members { counts[Int(member)] = 0 }
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
