/// Thresholds for scatter-gather (source → many intermediates → one sink).
public struct ScatterGatherParameters: Hashable, Sendable, Codable {
    /// The most time from the first scatter transfer to the last gather transfer, in seconds.
    public var windowSeconds: Int64 = 30 * secondsPerDay
    /// The fewest distinct intermediates.
    public var minimumIntermediates: Int = 4
    /// The most two-hop paths examined from one source (counted when hit).
    public var maximumPathsPerSource: Int = 1_000_000

    /// The defaults.
    public init() {}
}

/// Thresholds for gather-scatter (many sources → one hub → many receivers).
public struct GatherScatterParameters: Hashable, Sendable, Codable {
    /// The gather phase's window before the hub's last gathered credit, and the scatter phase's window after it, in seconds.
    public var windowSeconds: Int64 = 7 * secondsPerDay
    /// The fewest distinct senders in the gather phase.
    public var minimumSenders: Int = 4
    /// The fewest distinct receivers in the scatter phase.
    public var minimumReceivers: Int = 4

    /// The defaults.
    public init() {}
}

extension Ledger {
    /// Scatter-gather: a source S pays distinct intermediates mᵢ (S→mᵢ at tᵢ) that each pay the same sink T
    /// later (mᵢ→T at uᵢ > tᵢ), at least `minimumIntermediates` of them, all within the window.
    public func scatterGatherAlerts(_ parameters: ScatterGatherParameters) -> (alerts: [FundsAlert], sourcesCut: Int64)
    {
        let window = parameters.windowSeconds * nanosecondsPerSecond
        let threshold = max(2, parameters.minimumIntermediates)
        var alerts: [FundsAlert] = []
        var sourcesCut: Int64 = 0
        struct Step {
            var sink: Int32
            var middle: Int32
            var first: Int32
            var second: Int32
            var firstTime: Int64
            var secondTime: Int64
        }
        var steps: [Step] = []
        var counter = DistinctCounter(accounts: self.accountCount)
        for source in 0..<Int32(self.accountCount) {
            let out = Int(self.outOffsets[Int(source)])..<Int(self.outOffsets[Int(source) + 1])
            guard out.count >= threshold else { continue }
            steps.removeAll(keepingCapacity: true)
            scan: for position in out {
                let middle = self.outTo[position]
                if middle == source { continue }
                let t1 = self.outTime[position]
                for onward in self.debits(middle, after: t1, through: t1 + window) {
                    let sink = self.outTo[onward]
                    if sink == middle || sink == source { continue }
                    if steps.count >= parameters.maximumPathsPerSource {
                        sourcesCut += 1
                        break scan
                    }
                    steps.append(
                        Step(
                            sink: sink,
                            middle: middle,
                            first: self.outEdges[position],
                            second: self.outEdges[onward],
                            firstTime: t1,
                            secondTime: self.outTime[onward]
                        )
                    )
                }
            }
            guard steps.count >= threshold else { continue }
            steps.sort { ($0.sink, $0.first, $0.second) < ($1.sink, $1.first, $1.second) }
            var groupStart = 0
            while groupStart < steps.count {
                var groupEnd = groupStart
                while groupEnd < steps.count, steps[groupEnd].sink == steps[groupStart].sink { groupEnd += 1 }
                // Fewer two-hop paths to this sink than intermediates needed: nothing to find.
                var lo = groupEnd - groupStart < threshold ? groupEnd : groupStart
                while lo < groupEnd {
                    let begin = steps[lo].firstTime
                    var members: [Int] = []
                    var hi = lo
                    while hi < groupEnd, steps[hi].firstTime <= begin + window {
                        if steps[hi].secondTime <= begin + window { members.append(hi) }
                        hi += 1
                    }
                    for member in members { counter.add(steps[member].middle) }
                    let distinct = counter.distinct
                    for member in members { counter.remove(steps[member].middle) }
                    if distinct >= threshold {
                        let sink = steps[lo].sink
                        var middles: [Int32] = []
                        var transfers = Set<Int32>()
                        for member in members {
                            if !middles.contains(steps[member].middle) { middles.append(steps[member].middle) }
                            transfers.insert(steps[member].first)
                            transfers.insert(steps[member].second)
                        }
                        alerts.append(
                            FundsAlert(
                                pattern: .scatterGather,
                                accounts: [source] + middles + [sink],
                                transfers: Array(transfers),
                                score: Double(distinct) / Double(threshold),
                                reason:
                                    "\(self.accountNames[Int(source)]) paid \(distinct) intermediates that paid \(self.accountNames[Int(sink)]) within \(parameters.windowSeconds) s",
                                ledger: self
                            )
                        )
                        lo = hi
                    } else {
                        lo += 1
                    }
                }
                groupStart = groupEnd
            }
        }
        return (alerts, sourcesCut)
    }

    /// Gather-scatter: a hub whose credits in `[τ − window, τ]` come from at least `minimumSenders`
    /// distinct senders and whose debits in `(τ, τ + window]` go to at least `minimumReceivers`
    /// distinct receivers, τ being the time of one of its credits; overlapping hits merge.
    public func gatherScatterAlerts(_ parameters: GatherScatterParameters) -> [FundsAlert] {
        let window = parameters.windowSeconds * nanosecondsPerSecond
        var senders = DistinctCounter(accounts: self.accountCount)
        var receivers = DistinctCounter(accounts: self.accountCount)
        var alerts: [FundsAlert] = []
        for hub in 0..<Int32(self.accountCount) {
            let credits = self.incoming(hub)
            let debits = self.outgoing(hub)
            guard credits.count >= parameters.minimumSenders, debits.count >= parameters.minimumReceivers else {
                continue
            }
            var creditLo = credits.startIndex
            var debitLo = debits.startIndex
            var debitHi = debits.startIndex
            var hits: [(Int, Int, Int, Int)] = []
            for creditHi in credits.indices {
                let sender = self.inFrom[creditHi]
                if sender != hub { senders.add(sender) }
                let tau = self.inTime[creditHi]
                while self.inTime[creditLo] < tau - window {
                    let old = self.inFrom[creditLo]
                    if old != hub { senders.remove(old) }
                    creditLo += 1
                }
                while debitHi < debits.endIndex, self.outTime[debitHi] <= tau + window {
                    let receiver = self.outTo[debitHi]
                    if receiver != hub { receivers.add(receiver) }
                    debitHi += 1
                }
                while debitLo < debitHi, self.outTime[debitLo] <= tau {
                    let old = self.outTo[debitLo]
                    if old != hub { receivers.remove(old) }
                    debitLo += 1
                }
                if senders.distinct >= parameters.minimumSenders, receivers.distinct >= parameters.minimumReceivers {
                    if let last = hits.last, creditLo <= last.1 {
                        hits[hits.count - 1] = (last.0, creditHi, last.2, debitHi)
                    } else {
                        hits.append((creditLo, creditHi, debitLo, debitHi))
                    }
                }
            }
            for index in creditLo..<credits.endIndex {
                let old = self.inFrom[index]
                if old != hub { senders.remove(old) }
            }
            for index in debitLo..<debitHi {
                let old = self.outTo[index]
                if old != hub { receivers.remove(old) }
            }
            for (c0, c1, d0, d1) in hits {
                let gathered = credits[c0...c1].filter { self.from[Int($0)] != hub }
                let scattered = debits[d0..<d1].filter { self.to[Int($0)] != hub }
                var members: [Int32] = []
                for edge in gathered where !members.contains(self.from[Int(edge)]) {
                    members.append(self.from[Int(edge)])
                }
                let sendersCount = members.count
                for edge in scattered where !members.contains(self.to[Int(edge)]) { members.append(self.to[Int(edge)]) }
                let receiversCount = members.count - sendersCount
                alerts.append(
                    FundsAlert(
                        pattern: .gatherScatter,
                        accounts: [hub] + members,
                        transfers: Array(gathered + scattered),
                        score: min(
                            Double(sendersCount) / Double(max(1, parameters.minimumSenders)),
                            Double(receiversCount) / Double(max(1, parameters.minimumReceivers))
                        ),
                        reason:
                            "gathered from \(sendersCount) senders, then paid \(receiversCount) receivers, each phase within \(parameters.windowSeconds) s",
                        ledger: self
                    )
                )
            }
        }
        return alerts
    }
}
