import PaichaCore

/// Thresholds and limits for layered groups: money moved through stacked sets of accounts
/// (bipartite blocks chained layer to layer, L0 → L1 → … → Lk).
public struct LayeredGroupsParameters: Hashable, Sendable, Codable {
    /// The fewest hops from layer to layer (k in L0 → … → Lk).
    public var minimumHops: Int = 2
    /// The most hops followed.
    public var maximumHops: Int = 6
    /// The fewest accounts in every layer.
    public var minimumLayerSize: Int = 3
    /// The seed: an account that pays at least this many distinct accounts within the window.
    public var minimumSeedReceivers: Int = 2
    /// The whole structure, from the seed transfer to the last transfer into Lk, in seconds.
    public var windowSeconds: Int64 = 7 * secondsPerDay
    /// "Most": the least share of a layer's transfers that go to the next layer, and of a member's
    /// credits (debits for L0) that come from the layer before (go to L1).
    public var minimumShare: Double = 0.8
    /// Each hop's total is within `amountTolerance` × the previous hop's total.
    public var amountTolerance: Double = 0.2
    /// Each hop links at least this share of the possible (sender, receiver) pairs of its two layers:
    /// groups, not chains that happen to run side by side (on a random ledger of 10 million
    /// transfers, a few sparse 3-3-3 "layers" of one-transfer accounts pass every other condition).
    public var minimumDensity: Double = 0.5
    /// The most candidate accounts considered for one layer; a seed beyond it is abandoned (counted).
    public var maximumLayerSize: Int = 1_000
    /// The most transfers examined from one seed; a seed beyond it is abandoned (counted).
    public var maximumStepsPerSeed: Int = 100_000

    /// The defaults.
    public init() {}
}

/// What the layered-group search found and which limits it hit.
public struct LayeredGroupsResult: Sendable {
    /// One alert per structure.
    public var alerts: [FundsAlert]
    /// Seeds abandoned at ``LayeredGroupsParameters/maximumStepsPerSeed`` or
    /// ``LayeredGroupsParameters/maximumLayerSize``.
    public var seedsCut: Int64
}

extension Ledger {
    /// Layered groups: disjoint account sets L0 … Lk (k ≥ `minimumHops`, each of at least
    /// `minimumLayerSize` accounts) within a window, where most transfers go from one layer to the
    /// next and each hop's total stays within the tolerance of the hop before. See docs/funds.md.
    public func layeredGroupAlerts(_ parameters: LayeredGroupsParameters) -> LayeredGroupsResult {
        var search = LayeredGroupSearch(ledger: self, parameters: parameters)
        for seed in 0..<Int32(self.transferCount) { search.run(seed: seed) }
        return LayeredGroupsResult(alerts: search.alerts, seedsCut: search.seedsCut)
    }
}

/// The search's state: per-account scratch arrays shared by every seed (nothing allocated per seed
/// beyond the layers themselves).
struct LayeredGroupSearch {
    let ledger: Ledger
    let parameters: LayeredGroupsParameters
    let window: Int64
    let layerSize: Int
    /// The layer an account is in for the current seed, or -1.
    var layerOf: [Int32]
    /// When money first reached a layer member from the layer before (L0: just before the seed).
    var arrival: [Int64]
    /// Candidate sets: `stamp[a] == generation` marks a candidate; `hits[a]` counts its transfers.
    var stamp: [UInt32]
    var hits: [Int32]
    var generation: UInt32 = 0
    /// Seeds are skipped for an account while it is in a reported structure.
    var coveredUntil: [Int64]
    var candidates: [Int32] = []
    var layers: [[Int32]] = []
    var hops: [[Int32]] = []
    var hopAmounts: [Int64] = []
    var shares: [Double] = []
    var steps = 0
    var cut = false
    var deadline: Int64 = 0
    var start: Int64 = 0
    var alerts: [FundsAlert] = []
    var seedsCut: Int64 = 0

    init(ledger: Ledger, parameters: LayeredGroupsParameters) {
        self.ledger = ledger
        self.parameters = parameters
        self.window = parameters.windowSeconds * nanosecondsPerSecond
        self.layerSize = max(1, parameters.minimumLayerSize)
        let accounts = ledger.accountCount
        self.layerOf = [Int32](repeating: -1, count: accounts)
        self.arrival = [Int64](repeating: 0, count: accounts)
        self.stamp = [UInt32](repeating: 0, count: accounts)
        self.hits = [Int32](repeating: 0, count: accounts)
        self.coveredUntil = [Int64](repeating: .min, count: accounts)
    }

    mutating func nextGeneration() {
        self.generation &+= 1
        if self.generation == 0 {
            for index in self.stamp.indices { self.stamp[index] = 0 }
            self.generation = 1
        }
        self.candidates.removeAll(keepingCapacity: true)
    }

    /// Counts `account` as a candidate once more.
    mutating func hit(_ account: Int32) {
        if self.stamp[Int(account)] != self.generation {
            self.stamp[Int(account)] = self.generation
            self.hits[Int(account)] = 0
            self.candidates.append(account)
        }
        self.hits[Int(account)] += 1
    }

    /// One step of the search; false (and `cut`) past the limit.
    mutating func step() -> Bool {
        self.steps += 1
        if self.steps > self.parameters.maximumStepsPerSeed { self.cut = true }
        return !self.cut
    }

    func meetsShare(_ part: Int, of whole: Int) -> Bool {
        whole > 0 && Double(part) >= self.parameters.minimumShare * Double(whole)
    }

    mutating func run(seed: Int32) {
        let ledger = self.ledger
        let origin = ledger.from[Int(seed)]
        let time = ledger.time[Int(seed)]
        if origin == ledger.to[Int(seed)] || self.coveredUntil[Int(origin)] >= time { return }
        // One seed per (account, time): the account's first debit at this time.
        let debits = ledger.debits(origin, after: time - 1, through: time + self.window)
        guard debits.count >= self.parameters.minimumSeedReceivers, ledger.outEdges[debits.lowerBound] == seed
        else { return }
        self.start = time
        self.deadline = time + self.window
        self.steps = 0
        self.cut = false
        // R: the seed account's receivers within the window, provisionally layer 1.
        self.nextGeneration()
        for position in debits {
            let receiver = ledger.outTo[position]
            if receiver != origin { self.hit(receiver) }
            if !self.step() { break }
        }
        let receivers = self.candidates
        guard !self.cut, receivers.count >= max(self.layerSize, self.parameters.minimumSeedReceivers) else {
            self.finish()
            return
        }
        for receiver in receivers { self.layerOf[Int(receiver)] = 1 }
        // L0: senders into R within the window whose debits there mostly go to R.
        self.nextGeneration()
        for receiver in receivers {
            for position in ledger.credits(receiver, after: time - 1, through: self.deadline) {
                guard self.step() else { break }
                let sender = ledger.inFrom[position]
                if self.layerOf[Int(sender)] < 0 { self.hit(sender) }
            }
        }
        for receiver in receivers { self.layerOf[Int(receiver)] = -1 }
        if self.cut || self.candidates.count > self.parameters.maximumLayerSize {
            self.cut = true
            self.finish()
            return
        }
        var layer0: [Int32] = [origin]
        for sender in self.candidates where sender != origin {
            let out = ledger.debits(sender, after: time - 1, through: self.deadline)
            if self.meetsShare(Int(self.hits[Int(sender)]), of: out.count) {
                layer0.append(sender)
            }
        }
        guard layer0.count >= self.layerSize else {
            self.finish()
            return
        }
        for account in layer0 {
            self.layerOf[Int(account)] = 0
            self.arrival[Int(account)] = time - 1
        }
        self.layers = [layer0]
        self.hops = []
        self.hopAmounts = []
        self.shares = []
        while self.hops.count < max(1, self.parameters.maximumHops), self.nextLayer() {}
        if self.cut || self.hops.count < max(1, self.parameters.minimumHops) {
            self.finish()
            return
        }
        self.report()
        self.finish()
    }

    /// Adds the layer after the last one, if there is one that meets every condition.
    mutating func nextLayer() -> Bool {
        let ledger = self.ledger
        let index = Int32(self.layers.count)
        let current = self.layers[self.layers.count - 1]
        self.nextGeneration()
        var debitCount = 0
        for account in current {
            for position in ledger.debits(account, after: self.arrival[Int(account)], through: self.deadline) {
                guard self.step() else { return false }
                let receiver = ledger.outTo[position]
                if receiver == account { continue }
                debitCount += 1
                if self.layerOf[Int(receiver)] < 0 { self.hit(receiver) }
            }
        }
        if self.candidates.count > self.parameters.maximumLayerSize {
            self.cut = true
            return false
        }
        // Members: most of their credits within the window come from the current layer.
        var next: [Int32] = []
        for candidate in self.candidates {
            let credits = ledger.credits(candidate, after: self.start - 1, through: self.deadline)
            if self.meetsShare(Int(self.hits[Int(candidate)]), of: credits.count) {
                next.append(candidate)
            }
        }
        guard next.count >= self.layerSize else { return false }
        for account in next {
            self.layerOf[Int(account)] = index
            self.arrival[Int(account)] = .max
        }
        var hop: [Int32] = []
        var total: Int64 = 0
        for account in current {
            for position in ledger.debits(account, after: self.arrival[Int(account)], through: self.deadline) {
                let receiver = ledger.outTo[position]
                guard self.layerOf[Int(receiver)] == index else { continue }
                let edge = ledger.outEdges[position]
                hop.append(edge)
                total &+= ledger.amount[Int(edge)]
                self.arrival[Int(receiver)] = min(self.arrival[Int(receiver)], ledger.time[Int(edge)])
            }
        }
        var pairs = Set<Int64>()
        for edge in hop { pairs.insert(Int64(ledger.from[Int(edge)]) << 32 | Int64(ledger.to[Int(edge)])) }
        let dense = Double(pairs.count) >= self.parameters.minimumDensity * Double(current.count * next.count)
        var preserved = true
        if let previous = self.hopAmounts.last {
            let tolerance = self.parameters.amountTolerance * Double(previous)
            preserved = abs(Double(total) - Double(previous)) <= tolerance
        }
        guard self.meetsShare(hop.count, of: debitCount), preserved, dense else {
            for account in next { self.layerOf[Int(account)] = -1 }
            return false
        }
        self.layers.append(next)
        self.hops.append(hop)
        self.hopAmounts.append(total)
        self.shares.append(Double(hop.count) / Double(debitCount))
        return true
    }

    mutating func report() {
        let ledger = self.ledger
        let sizes = self.layers.map(\.count)
        let smallest = sizes.min() ?? 0
        let share = self.shares.min() ?? 0
        var alert = FundsAlert(
            pattern: .layeredGroups,
            accounts: self.layers.flatMap { $0 },
            transfers: self.hops.flatMap { $0 },
            score: Double(self.hops.count) / Double(max(1, self.parameters.minimumHops)) * Double(smallest)
                / Double(self.layerSize),
            reason:
                "\(self.layers.count) layers of \(sizes.map(String.init).joined(separator: ", ")) accounts, "
                + "≥ \(Units.fixed(share * 100, decimals: 0)) % of each layer's transfers to the next, hop totals "
                + self.hopAmounts.map { ledger.amountText($0) }.joined(separator: " → ")
                + " within \(self.parameters.windowSeconds) s",
            ledger: ledger
        )
        alert.layers = sizes
        for account in alert.accounts {
            self.coveredUntil[Int(account)] = max(self.coveredUntil[Int(account)], alert.end)
        }
        self.alerts.append(alert)
    }

    /// Clears the layer marks; counts the seed when a limit stopped it.
    mutating func finish() {
        if self.cut { self.seedsCut += 1 }
        for layer in self.layers {
            for account in layer { self.layerOf[Int(account)] = -1 }
        }
        self.layers.removeAll(keepingCapacity: true)
        self.hops.removeAll(keepingCapacity: true)
    }
}
