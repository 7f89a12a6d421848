/// Moves traced money through the ledger in time order under one policy.
struct TraceEngine {
    struct Holding {
        /// FIFO/LIFO: all money in arrival order from `head`. Haircut: traced portions only.
        var lots: [Lot] = []
        var head = 0
        /// Haircut: untraced money.
        var clean: Int64 = 0
        /// Poison: the path node that tainted the account, and its depth.
        var poison: Lot?
    }

    let view: TraceView
    let policy: TracePolicy
    let parameters: TraceParameters
    /// Tracked accounts' holdings; `slots[account]` indexes it (`-1`: not tracked).
    var holdings: [Holding] = []
    var slots: [Int32]
    var trackedAccounts: [Int32] = []
    var nodes: [PathNode] = []
    var ended: [(account: Int32, lot: Lot, atDepthLimit: Bool)] = []
    var poisonReceived: [Int32: Int64] = [:]
    var poisonPaths: [(account: Int32, lot: Lot)] = []
    var currency: UInt16 = 0
    var seedsSkipped = 0
    var pathNodesCut: Int64 = 0
    var portionsMerged: Int64 = 0
    var taintedTransfers: Int64 = 0
    var sourceAmount: Int64 = 0

    init(view: TraceView, policy: TracePolicy, parameters: TraceParameters) {
        self.view = view
        self.policy = policy
        self.parameters = parameters
        self.slots = [Int32](repeating: -1, count: view.outOffsets.count - 1)
    }

    /// Moves the account's holding out (so that it is mutated in place, without copying), or `nil`.
    mutating func takeHolding(_ account: Int32) -> Holding? {
        let slot = Int(self.slots[Int(account)])
        guard slot >= 0 else { return nil }
        var holding = Holding()
        swap(&holding, &self.holdings[slot])
        return holding
    }

    /// Puts a holding back (or in, for a newly tracked account).
    mutating func putHolding(_ account: Int32, _ holding: consuming Holding) {
        var holding = holding
        var slot = Int(self.slots[Int(account)])
        if slot < 0 {
            slot = self.holdings.count
            self.slots[Int(account)] = Int32(slot)
            self.holdings.append(Holding())
            self.trackedAccounts.append(account)
        }
        swap(&holding, &self.holdings[slot])
    }

    func isTracked(_ account: Int32) -> Bool { self.slots[Int(account)] >= 0 }

    mutating func node(parent: Int32, edge: Int32) -> Int32 {
        guard self.nodes.count < self.parameters.maximumPathNodes else {
            self.pathNodesCut += 1
            return parent
        }
        self.nodes.append(PathNode(parent: parent, edge: edge))
        return Int32(self.nodes.count - 1)
    }

    mutating func run(seeds: [Int32]) {
        guard let first = seeds.first else { return }
        self.currency = self.view.currency[Int(first)]
        var isSeed = Set<Int32>()
        for seed in seeds {
            if self.view.currency[Int(seed)] == self.currency {
                isSeed.insert(seed)
                self.sourceAmount += self.view.amount[Int(seed)]
            } else {
                self.seedsSkipped += 1
            }
        }
        // Time bounds in view time.
        let lower: Int64
        let upper: Int64
        if self.view.reversed {
            lower = self.parameters.until.map { -$0 } ?? Int64.min
            upper = self.parameters.since.map { -$0 } ?? Int64.max
        } else {
            lower = self.parameters.since ?? Int64.min
            upper = self.parameters.until ?? Int64.max
        }
        var edge = first
        while Int(edge) < self.view.count {
            defer { edge += 1 }
            let time = self.view.time[Int(edge)]
            if time > upper { break }
            if time < lower { continue }
            let sender = self.view.from[Int(edge)]
            let receiver = self.view.to[Int(edge)]
            if sender == receiver || self.view.currency[Int(edge)] != self.currency { continue }
            let amount = self.view.amount[Int(edge)]
            var moved: [Lot] = []
            if isSeed.contains(edge) {
                moved = [Lot(amount: amount, node: -1, depth: 0)]
            } else if self.isTracked(sender) {
                moved = self.debit(sender, amount)
            }
            if moved.isEmpty && !self.isTracked(receiver) { continue }
            if !moved.isEmpty { self.taintedTransfers += 1 }
            self.credit(receiver, edge, amount, moved)
        }
        for account in self.trackedAccounts.sorted() {
            let holding = self.holdings[Int(self.slots[Int(account)])]
            switch self.policy {
            case .poison:
                break
            case .haircut:
                for lot in holding.lots where lot.amount > 0 { self.ended.append((account, lot, false)) }
            case .fifo, .lifo:
                for lot in holding.lots[holding.head...] where lot.depth > 0 && lot.amount > 0 {
                    self.ended.append((account, lot, false))
                }
            }
        }
    }

    /// Takes `amount` out of `account`, returning the traced parts that leave.
    mutating func debit(_ account: Int32, _ amount: Int64) -> [Lot] {
        var holding = self.takeHolding(account)!
        defer { self.putHolding(account, holding) }
        var moved: [Lot] = []
        switch self.policy {
        case .poison:
            if let taint = holding.poison { moved.append(Lot(amount: amount, node: taint.node, depth: taint.depth)) }
        case .haircut:
            let traced = holding.lots.reduce(Int64(0)) { $0 + $1.amount }
            let balance = holding.clean + traced
            if traced == 0 { return [] }
            if amount >= balance {
                moved = holding.lots.filter { $0.amount > 0 }
                holding.lots.removeAll()
                holding.clean = 0
                return moved
            }
            var taken: Int64 = 0
            for index in holding.lots.indices {
                let part = Money.proportion(holding.lots[index].amount, amount, balance)
                if part > 0 {
                    moved.append(Lot(amount: part, node: holding.lots[index].node, depth: holding.lots[index].depth))
                    holding.lots[index].amount -= part
                    taken += part
                }
            }
            let fromClean = min(holding.clean, amount - taken)
            holding.clean -= fromClean
            var need = amount - taken - fromClean
            // Rounding left more than the clean money can cover: take the rest from traced portions in order.
            var index = 0
            while need > 0, index < holding.lots.count {
                let part = min(need, holding.lots[index].amount)
                if part > 0 {
                    moved.append(Lot(amount: part, node: holding.lots[index].node, depth: holding.lots[index].depth))
                    holding.lots[index].amount -= part
                    need -= part
                }
                index += 1
            }
            holding.lots.removeAll { $0.amount == 0 }
        case .fifo, .lifo:
            var need = amount
            while need > 0, holding.head < holding.lots.count {
                let index = self.policy == .fifo ? holding.head : holding.lots.count - 1
                let part = min(need, holding.lots[index].amount)
                if holding.lots[index].depth > 0 {
                    moved.append(Lot(amount: part, node: holding.lots[index].node, depth: holding.lots[index].depth))
                }
                holding.lots[index].amount -= part
                need -= part
                if holding.lots[index].amount == 0 {
                    if self.policy == .fifo { holding.head += 1 } else { holding.lots.removeLast() }
                }
            }
            if holding.head > 1024, holding.head * 2 > holding.lots.count {
                holding.lots.removeFirst(holding.head)
                holding.head = 0
            }
        }
        return moved
    }

    /// Puts `amount` into `account` by view transfer `edge`, of which `moved` is traced.
    mutating func credit(_ account: Int32, _ edge: Int32, _ amount: Int64, _ moved: [Lot]) {
        var arriving: [Lot] = []
        var stopped: Int64 = 0
        for lot in moved {
            let next = Lot(amount: lot.amount, node: self.node(parent: lot.node, edge: edge), depth: lot.depth + 1)
            if self.policy == .poison {
                self.poisonReceived[account, default: 0] += next.amount
                self.poisonPaths.append((account, next))
                if Int(next.depth) < self.parameters.maximumDepth { arriving.append(next) }
            } else if Int(next.depth) >= self.parameters.maximumDepth {
                self.ended.append((account, next, true))
                stopped += next.amount
            } else {
                arriving.append(next)
            }
        }
        var holding: Holding
        if let existing = self.takeHolding(account) {
            holding = existing
        } else {
            if arriving.isEmpty { return }
            holding = Holding()
            let opening = self.view.openingBalance(account, before: edge)
            switch self.policy {
            case .poison: break
            case .haircut: holding.clean = opening
            case .fifo, .lifo: if opening > 0 { holding.lots.append(Lot(amount: opening, node: -1, depth: 0)) }
            }
        }
        defer { self.putHolding(account, holding) }
        let traced = arriving.reduce(Int64(0)) { $0 + $1.amount }
        let clean = amount - traced
        switch self.policy {
        case .poison:
            if holding.poison == nil, let first = arriving.first { holding.poison = first }
        case .haircut:
            holding.clean += clean
            for lot in arriving {
                if holding.lots.count >= self.parameters.maximumPortionsPerAccount,
                    let largest = holding.lots.indices.max(by: { holding.lots[$0].amount < holding.lots[$1].amount })
                {
                    holding.lots[largest].amount += lot.amount
                    self.portionsMerged += 1
                } else {
                    holding.lots.append(lot)
                }
            }
        case .fifo, .lifo:
            if clean > 0 { holding.lots.append(Lot(amount: clean, node: -1, depth: 0)) }
            holding.lots += arriving
        }
        _ = stopped
    }

    func hops(_ node: Int32) -> [Int32] {
        var hops: [Int32] = []
        var current = node
        while current >= 0 {
            hops.append(self.view.ledgerIndex(self.nodes[Int(current)].edge))
            current = self.nodes[Int(current)].parent
        }
        return hops.reversed()
    }

    func result(ledger: Ledger, seeds: [Int32]) -> TraceResult {
        var byAccount: [Int32: TraceDestination] = [:]
        var pathAmounts: [Int32: (Int64, Int32, Bool)] = [:]
        if self.policy == .poison {
            for (account, received) in self.poisonReceived {
                byAccount[account] = TraceDestination(account: account, held: 0, atDepthLimit: 0, amount: received)
            }
            for (account, lot) in self.poisonPaths {
                pathAmounts[lot.node, default: (0, account, false)].0 += lot.amount
            }
        } else {
            for (account, lot, atLimit) in self.ended {
                var destination =
                    byAccount[account] ?? TraceDestination(account: account, held: 0, atDepthLimit: 0, amount: 0)
                if atLimit { destination.atDepthLimit += lot.amount } else { destination.held += lot.amount }
                destination.amount += lot.amount
                byAccount[account] = destination
                pathAmounts[lot.node, default: (0, account, atLimit)].0 += lot.amount
            }
        }
        let destinations = byAccount.values.sorted {
            ($0.amount, ledger.accountNames[Int($1.account)]) > ($1.amount, ledger.accountNames[Int($0.account)])
        }
        let paths = pathAmounts.sorted { ($0.value.0, $1.key) > ($1.value.0, $0.key) }
            .prefix(self.parameters.maximumPaths)
            .map {
                TracePath(hops: self.hops($0.key), amount: $0.value.0, account: $0.value.1, atDepthLimit: $0.value.2)
            }
        let currencyName = self.currency < ledger.currencies.count ? ledger.currencies[Int(self.currency)] : ""
        return TraceResult(
            policy: self.policy,
            direction: self.parameters.direction,
            seeds: seeds,
            currency: currencyName,
            sourceAmount: self.sourceAmount,
            destinations: destinations,
            paths: Array(paths),
            seedsSkipped: self.seedsSkipped,
            pathNodesCut: self.pathNodesCut,
            portionsMerged: self.portionsMerged,
            taintedTransfers: self.taintedTransfers
        )
    }
}
