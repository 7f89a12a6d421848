import Testing

@testable import PaichaFunds

/// Destinations as `account → amount` (minor units), for whole-value comparison.
func amounts(_ result: TraceResult, _ ledger: Ledger) -> [String: Int64] {
    var out: [String: Int64] = [:]
    for destination in result.destinations { out[ledger.accountNames[Int(destination.account)]] = destination.amount }
    return out
}

@Suite struct TraceTests {
    /// S pays A 100; X pays A 50; A pays B 60, then C 90.
    static let ledger = makeLedger([
        ("S", "A", day(1), 100), ("X", "A", day(2), 50), ("A", "B", day(3), 60), ("A", "C", day(4), 90),
    ])

    func trace(
        _ source: TraceSource,
        _ policy: TracePolicy,
        _ configure: (inout TraceParameters) -> Void = { _ in }
    )
        -> [String: Int64]
    {
        var parameters = TraceParameters()
        configure(&parameters)
        return amounts(Self.ledger.trace(source, policy: policy, parameters), Self.ledger)
    }

    var s: TraceSource { .account(Self.ledger.account(named: "S")!) }
    var c: TraceSource { .account(Self.ledger.account(named: "C")!) }

    @Test func forwardUnderEachPolicy() {
        #expect(self.trace(self.s, .fifo) == ["B": 60, "C": 40])
        #expect(self.trace(self.s, .lifo) == ["B": 10, "C": 90])
        #expect(self.trace(self.s, .haircut) == ["B": 40, "C": 60])
        #expect(self.trace(self.s, .poison) == ["A": 100, "B": 60, "C": 90])
    }

    @Test func backwardUnderEachPolicy() {
        let backward: (inout TraceParameters) -> Void = { $0.direction = .backward }
        #expect(self.trace(self.c, .fifo, backward) == ["X": 50, "S": 40])
        #expect(self.trace(self.c, .lifo, backward) == ["S": 90])
        #expect(self.trace(self.c, .haircut, backward) == ["X": 30, "S": 60])
        // B got money from A but gave none: it is not a source.
        #expect(self.trace(self.c, .poison, backward) == ["A": 90, "X": 50, "S": 100])
    }

    @Test func depthAndTimeBounds() {
        #expect(self.trace(self.s, .fifo) { $0.maximumDepth = 1 } == ["A": 100])
        let atLimit = Self.ledger.trace(
            self.s,
            policy: .fifo,
            {
                var p = TraceParameters()
                p.maximumDepth = 2
                return p
            }()
        )
        #expect(atLimit.destinations.map(\.atDepthLimit).sorted() == [40, 60])
        #expect(self.trace(self.s, .fifo) { $0.until = day(3, hour: 12) } == ["A": 40, "B": 60])
        // Seeds before `since` are not traced.
        #expect(self.trace(self.s, .fifo) { $0.since = day(2) } == [:])
    }

    @Test func fromOneTransferWithItsPaths() {
        let result = Self.ledger.trace(.transfer(0), policy: .fifo, TraceParameters())
        #expect(result.sourceAmount == 100)
        #expect(
            result.paths.map { (Self.ledger.ids($0.hops), Self.ledger.accountNames[Int($0.account)], $0.amount) }
                .map { "\($0.0) \($0.1) \($0.2)" } == ["[1, 3] B 60", "[1, 4] C 40"]
        )
    }

    @Test func anOpeningBalanceFromEarlierFlowsIsSpentFirstUnderFIFO() {
        // A already held 100 of clean money from Y before the traced 100 arrived.
        let ledger = makeLedger([("Y", "A", day(0), 100), ("S", "A", day(1), 100), ("A", "B", day(2), 100)])
        let source = TraceSource.account(ledger.account(named: "S")!)
        #expect(amounts(ledger.trace(source, policy: .fifo, TraceParameters()), ledger) == ["A": 100])
        #expect(amounts(ledger.trace(source, policy: .lifo, TraceParameters()), ledger) == ["B": 100])
        #expect(amounts(ledger.trace(source, policy: .haircut, TraceParameters()), ledger) == ["A": 50, "B": 50])
    }

    static let seeds: [UInt64] = [1, 2, 3, 4, 5, 6, 7, 8]

    @Test(arguments: Self.seeds)
    func conservationOnRandomLedgers(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let accounts = Int.random(in: 3...40, using: &generator)
        var rows: [(String, String, Int64, Int64)] = []
        for _ in 0..<Int.random(in: 10...600, using: &generator) {
            let from = Int.random(in: 0..<accounts, using: &generator)
            var to = Int.random(in: 0..<accounts, using: &generator)
            if Int.random(in: 0..<20, using: &generator) == 0 { to = from }
            rows.append(
                (
                    "a\(from)", "a\(to)",
                    day(Int64.random(in: 0..<60, using: &generator), hour: Int64.random(in: 0..<3, using: &generator)),
                    Int64.random(in: 0...1_000_000_000_000, using: &generator)
                )
            )
        }
        let ledger = makeLedger(rows)
        for _ in 0..<12 {
            var parameters = TraceParameters()
            parameters.direction = Bool.random(using: &generator) ? .forward : .backward
            parameters.maximumDepth = Int.random(in: 1...8, using: &generator)
            if Bool.random(using: &generator) { parameters.since = day(Int64.random(in: 0..<30, using: &generator)) }
            if Bool.random(using: &generator) { parameters.until = day(Int64.random(in: 30..<60, using: &generator)) }
            if Bool.random(using: &generator) { parameters.maximumPortionsPerAccount = 2 }
            if Bool.random(using: &generator) { parameters.maximumPathNodes = 5 }
            parameters.maximumPaths = Int.max
            let source: TraceSource =
                Bool.random(using: &generator)
                ? .account(Int32.random(in: 0..<Int32(ledger.accountCount), using: &generator))
                : .transfer(Int32.random(in: 0..<Int32(ledger.transferCount), using: &generator))
            for policy in [TracePolicy.haircut, .fifo, .lifo] {
                let result = ledger.trace(source, policy: policy, parameters)
                #expect(result.tracedAmount == result.sourceAmount, "seed \(seed) \(policy) \(parameters)")
                #expect(result.destinations.allSatisfy { $0.amount > 0 && $0.held + $0.atDepthLimit == $0.amount })
                #expect(result.paths.reduce(0) { $0 + $1.amount } == result.sourceAmount)
                for path in result.paths where parameters.maximumPathNodes > 1000 {
                    #expect(path.hops.count <= parameters.maximumDepth)
                    for (hop, next) in zip(path.hops, path.hops.dropFirst()) {
                        if parameters.direction == .forward {
                            #expect(
                                ledger.to[Int(hop)] == ledger.from[Int(next)]
                                    && ledger.time[Int(hop)] <= ledger.time[Int(next)]
                            )
                        } else {
                            #expect(
                                ledger.from[Int(hop)] == ledger.to[Int(next)]
                                    && ledger.time[Int(hop)] >= ledger.time[Int(next)]
                            )
                        }
                    }
                    if let last = path.hops.last {
                        let end = parameters.direction == .forward ? ledger.to[Int(last)] : ledger.from[Int(last)]
                        #expect(end == path.account)
                    }
                }
            }
        }
    }
}
