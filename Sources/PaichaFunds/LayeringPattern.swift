import PaichaCore

/// Thresholds for layering chains (money passed on account to account, little kept at each).
public struct LayeringParameters: Hashable, Sendable, Codable {
    /// The fewest hops in a chain.
    public var minimumHops: Int = 3
    /// The most hops followed.
    public var maximumHops: Int = 8
    /// The longest an intermediate account may hold the money before passing it on, in seconds.
    public var maximumHoldSeconds: Int64 = 2 * secondsPerDay
    /// Each hop passes on at least `1 − maximumLossPerHop` of what arrived, and never more.
    public var maximumLossPerHop: Double = 0.1
    /// The most search steps from one starting transfer (counted when hit).
    public var maximumStepsPerStart: Int = 10_000

    /// The defaults.
    public init() {}
}

extension Ledger {
    /// Whether `next` passes on `previous`: it leaves the receiving account strictly later, within the
    /// hold time, with an amount in `[(1 − loss) × amount(previous), amount(previous)]`.
    func passesOn(_ previous: Int32, _ next: Int32, _ parameters: LayeringParameters) -> Bool {
        let arrived = self.time[Int(previous)]
        let left = self.time[Int(next)]
        let received = self.amount[Int(previous)]
        let sent = self.amount[Int(next)]
        return left > arrived && left - arrived <= parameters.maximumHoldSeconds * nanosecondsPerSecond
            && sent <= received && Double(sent) >= (1 - parameters.maximumLossPerHop) * Double(received)
            && self.from[Int(next)] != self.to[Int(next)]
    }

    /// Layering chains: transfers e₁…eₖ (k ≥ `minimumHops`) with to(eᵢ) = from(eᵢ₊₁), no account twice,
    /// each eᵢ₊₁ passing eᵢ on (see ``passesOn``). Only chains that no earlier transfer passes on to
    /// are reported (one alert per chain start: its longest chain).
    public func layeringAlerts(_ parameters: LayeringParameters) -> (alerts: [FundsAlert], startsCut: Int64) {
        var alerts: [FundsAlert] = []
        var startsCut: Int64 = 0
        var onPath = [Bool](repeating: false, count: self.accountCount)
        var path: [Int32] = []
        var best: [Int32] = []
        let hold = parameters.maximumHoldSeconds * nanosecondsPerSecond
        let maximumHops = max(2, parameters.maximumHops)
        var steps = 0
        var cut = false

        func extend(_ last: Int32) {
            if path.count > best.count {
                best.removeAll(keepingCapacity: true)
                best.append(contentsOf: path)
            }
            guard path.count < maximumHops else { return }
            let account = self.to[Int(last)]
            let arrived = self.time[Int(last)]
            for position in self.debits(account, after: arrived, through: arrived + hold) {
                steps += 1
                if steps > parameters.maximumStepsPerStart {
                    cut = true
                    return
                }
                let receiver = self.outTo[position]
                let next = self.outEdges[position]
                guard !onPath[Int(receiver)], self.passesOn(last, next, parameters) else { continue }
                onPath[Int(receiver)] = true
                path.append(next)
                extend(next)
                path.removeLast()
                onPath[Int(receiver)] = false
                if cut { return }
            }
        }

        for start in 0..<Int32(self.transferCount) {
            let origin = self.from[Int(start)]
            let first = self.to[Int(start)]
            if origin == first { continue }
            let time = self.time[Int(start)]
            // Cheapest test first: a receiver that pays nothing on within the hold ends every chain at one hop.
            if parameters.minimumHops >= 2, self.debits(first, after: time, through: time + hold).isEmpty { continue }
            // A chain start: nothing arriving at the origin just before is passed on by this transfer (the
            // credits' times already meet ``passesOn``; only the amounts are left to compare).
            let sent = self.amount[Int(start)]
            var continues = false
            for position in self.credits(origin, after: time - hold - 1, through: time - 1) {
                let received = self.amount[Int(self.inEdges[position])]
                if sent <= received, Double(sent) >= (1 - parameters.maximumLossPerHop) * Double(received) {
                    continues = true
                    break
                }
            }
            if continues { continue }
            steps = 0
            cut = false
            onPath[Int(origin)] = true
            onPath[Int(first)] = true
            path.removeAll(keepingCapacity: true)
            path.append(start)
            best.removeAll(keepingCapacity: true)
            extend(start)
            onPath[Int(origin)] = false
            onPath[Int(first)] = false
            if cut { startsCut += 1 }
            guard best.count >= parameters.minimumHops else { continue }
            let accounts = [self.from[Int(best[0])]] + best.map { self.to[Int($0)] }
            let kept = Double(self.amount[Int(best.last!)]) / Double(max(1, self.amount[Int(best[0])]))
            alerts.append(
                FundsAlert(
                    pattern: .layering,
                    accounts: accounts,
                    transfers: best,
                    score: Double(best.count) / Double(max(1, parameters.minimumHops)),
                    reason:
                        "passed through \(best.count - 1) accounts in \(best.count) hops, \(Units.fixed(kept * 100, decimals: 1)) % of the amount kept",
                    ledger: self
                )
            )
        }
        return (alerts, startsCut)
    }
}
