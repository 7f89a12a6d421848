import PaichaCore
import Testing

@testable import PaichaFunds

/// What an alert says, compared whole: focus account, member accounts (sorted), transfer ids.
struct Hit: Equatable, CustomStringConvertible {
    var pattern: FundsPattern
    var focus: String
    var accounts: [String]
    var transfers: [Int]

    init(_ pattern: FundsPattern, _ focus: String, _ accounts: [String], _ transfers: [Int]) {
        self.pattern = pattern
        self.focus = focus
        self.accounts = accounts.sorted()
        self.transfers = transfers.sorted()
    }

    init(_ alert: FundsAlert, _ ledger: Ledger) {
        self.init(
            alert.pattern,
            ledger.accountNames[Int(alert.accounts[0])],
            ledger.names(alert.accounts),
            ledger.ids(alert.transfers)
        )
    }

    var description: String { "\(self.pattern) \(self.focus) \(self.accounts) \(self.transfers)" }
}

func hits(
    _ ledger: Ledger,
    _ pattern: FundsPattern,
    _ configure: (inout FundsScanParameters) -> Void = { _ in }
)
    -> [Hit]
{
    var parameters = FundsScanParameters()
    parameters.patterns = [pattern]
    configure(&parameters)
    return ledger.scan(parameters).alerts.map { Hit($0, ledger) }
}

@Suite struct FanTests {
    @Test func fanInFiresOnFiveDistinctSendersWithinTheWindow() {
        let ledger = makeLedger([
            ("A", "H", day(1), 100), ("B", "H", day(2), 100), ("C", "H", day(3), 100), ("D", "H", day(4), 100),
            ("E", "H", day(5), 100), ("X", "Y", day(5), 100),
        ])
        #expect(hits(ledger, .fanIn) == [Hit(.fanIn, "H", ["H", "A", "B", "C", "D", "E"], [1, 2, 3, 4, 5])])
        #expect(hits(ledger, .fanOut) == [])
    }

    @Test func fanInNearMisses() {
        // Five senders, but never five within seven days.
        let spread = makeLedger([
            ("A", "H", day(1), 100), ("B", "H", day(3), 100), ("C", "H", day(5), 100), ("D", "H", day(7), 100),
            ("E", "H", day(9), 100),
        ])
        #expect(hits(spread, .fanIn) == [])
        // Five transfers in a day, but from four distinct senders.
        let repeated = makeLedger([
            ("A", "H", day(1), 100), ("B", "H", day(1), 100), ("C", "H", day(1), 100), ("D", "H", day(1), 100),
            ("A", "H", day(1), 100),
        ])
        #expect(hits(repeated, .fanIn) == [])
        // The same ledger fires when the threshold is lowered to four.
        #expect(hits(repeated, .fanIn) { $0.fanIn.minimumCounterparties = 4 }.count == 1)
    }

    @Test func fanOutAndMergingOfOverlappingWindows() {
        let ledger = makeLedger([
            ("H", "A", day(1), 100), ("H", "B", day(2), 100), ("H", "C", day(3), 100), ("H", "D", day(4), 100),
            ("H", "E", day(5), 100), ("H", "F", day(6), 100), ("H", "G", day(30), 100),
        ])
        #expect(
            hits(ledger, .fanOut) == [Hit(.fanOut, "H", ["H", "A", "B", "C", "D", "E", "F"], [1, 2, 3, 4, 5, 6])]
        )
    }
}

@Suite struct CycleTests {
    @Test func timeRespectingCycleFiresOnce() {
        let ledger = makeLedger([
            ("A", "B", day(1), 1000), ("B", "C", day(2), 990), ("C", "A", day(3), 980), ("A", "B", day(50), 10),
        ])
        #expect(hits(ledger, .cycle) == [Hit(.cycle, "A", ["A", "B", "C"], [1, 2, 3])])
    }

    @Test func cycleNearMisses() {
        // Not time-ordered: C→A happens before B→C.
        let unordered = makeLedger([("A", "B", day(1), 1000), ("B", "C", day(3), 990), ("C", "A", day(2), 980)])
        #expect(hits(unordered, .cycle) == [])
        // Same-time hops do not chain (times must strictly increase).
        let simultaneous = makeLedger([("A", "B", day(1), 1000), ("B", "C", day(1), 990), ("C", "A", day(1), 980)])
        #expect(hits(simultaneous, .cycle) == [])
        // Ordered but longer than the window.
        let slow = makeLedger([("A", "B", day(1), 1000), ("B", "C", day(20), 990), ("C", "A", day(40), 980)])
        #expect(hits(slow, .cycle) == [])
        #expect(hits(slow, .cycle) { $0.cycle.windowSeconds = 40 * 86_400 }.count == 1)
        // A loan and its repayment is a 2-cycle, below the minimum length.
        let loan = makeLedger([("A", "B", day(1), 1000), ("B", "A", day(2), 1000)])
        #expect(hits(loan, .cycle) == [])
        // Longer than the maximum length.
        let long = makeLedger([
            ("A", "B", day(1), 1), ("B", "C", day(2), 1), ("C", "D", day(3), 1), ("D", "A", day(4), 1),
        ])
        #expect(hits(long, .cycle) { $0.cycle.maximumLength = 3 } == [])
        #expect(hits(long, .cycle) { $0.cycle.maximumLength = 4 }.count == 1)
    }

    @Test func stepLimitIsCounted() {
        var rows: [(String, String, Int64, Int64)] = []
        for index in 0..<30 { rows.append(("A", "B\(index)", day(1), 1)) }
        for index in 0..<30 { rows.append(("B\(index)", "C", day(2), 1)) }
        rows.append(("C", "A", day(3), 1))
        let ledger = makeLedger(rows)
        var parameters = CycleParameters()
        parameters.maximumStepsPerStart = 1
        let result = ledger.cycleAlerts(parameters)
        #expect(result.startsCut > 0)
        #expect(ledger.cycleAlerts(CycleParameters()).alerts.count == 30)
    }
}

@Suite struct CycleSearchAgainstBruteForceTests {
    /// Every time-respecting simple cycle, by trying every later transfer at every step (no pruning).
    static func bruteForce(_ ledger: Ledger, _ parameters: CycleParameters) -> Set<[Int32]> {
        var found = Set<[Int32]>()
        let window = parameters.windowSeconds * 1_000_000_000
        func extend(_ path: [Int32], _ visited: Set<Int32>) {
            let last = path[path.count - 1]
            let origin = ledger.from[Int(path[0])]
            for edge in 0..<Int32(ledger.transferCount) where ledger.from[Int(edge)] == ledger.to[Int(last)] {
                let time = ledger.time[Int(edge)]
                guard time > ledger.time[Int(last)], time - ledger.time[Int(path[0])] <= window else { continue }
                let next = ledger.to[Int(edge)]
                if next == origin {
                    if path.count + 1 >= parameters.minimumLength, path.count + 1 <= parameters.maximumLength {
                        found.insert(path + [edge])
                    }
                } else if !visited.contains(next), path.count + 1 < parameters.maximumLength {
                    extend(path + [edge], visited.union([next]))
                }
            }
        }
        for start in 0..<Int32(ledger.transferCount) where ledger.from[Int(start)] != ledger.to[Int(start)] {
            extend([start], [ledger.from[Int(start)], ledger.to[Int(start)]])
        }
        return found
    }

    @Test(arguments: [2, 3, 4, 5])
    func sameCyclesAsBruteForceOnRandomLedgers(maximumLength: Int) {
        var random = SeededGenerator(seed: UInt64(maximumLength) * 31)
        var total = 0
        for round in 0..<20 {
            var rows: [(String, String, Int64, Int64)] = []
            let accounts = 3 + round % 5
            for _ in 0..<(10 + round * 2) {
                let a = Int(random.next() % UInt64(accounts))
                let b = Int(random.next() % UInt64(accounts))
                rows.append(("N\(a)", "N\(b)", day(Int64(random.next() % 40)), 100))
            }
            let ledger = makeLedger(rows)
            var parameters = CycleParameters()
            parameters.minimumLength = 2
            parameters.maximumLength = maximumLength
            parameters.windowSeconds = 20 * 86_400
            let cycles = Set(ledger.cycleAlerts(parameters).alerts.map(\.transfers))
            let expected = Set(Self.bruteForce(ledger, parameters).map { $0.sorted() })
            #expect(cycles == expected, "round \(round)")
            total += cycles.count
        }
        // The ledgers are dense enough that there is something to compare.
        #expect(total >= 20)
    }
}

@Suite struct CollectThenDrainTests {
    static let collection: [(String, String, Int64, Int64)] = [
        ("A", "H", day(1), 10_000), ("B", "H", day(1), 10_000), ("C", "H", day(2), 10_000),
        ("D", "H", day(2), 10_000), ("E", "H", day(3), 10_000),
    ]

    @Test func firesWhenADebitEmptiesTheAccount() {
        let ledger = makeLedger(Self.collection + [("H", "Z", day(4), 49_000)])
        #expect(
            hits(ledger, .collectThenDrain) == [
                Hit(.collectThenDrain, "H", ["H", "A", "B", "C", "D", "E", "Z"], [1, 2, 3, 4, 5, 6])
            ]
        )
    }

    @Test func firesWhenAFewDebitsEmptyItTogether() {
        let ledger = makeLedger(Self.collection + [("H", "Y", day(4), 25_000), ("H", "Z", day(4, hour: 5), 25_000)])
        #expect(hits(ledger, .collectThenDrain).map(\.transfers) == [[1, 2, 3, 4, 5, 6, 7]])
    }

    @Test func nearMisses() {
        // Leaves 20 % behind.
        let partial = makeLedger(Self.collection + [("H", "Z", day(4), 40_000)])
        #expect(hits(partial, .collectThenDrain) == [])
        // Only four distinct senders.
        let fewer = makeLedger(
            Array(Self.collection.prefix(4)) + [("A", "H", day(3), 10_000), ("H", "Z", day(4), 50_000)]
        )
        #expect(hits(fewer, .collectThenDrain) == [])
        // Drained in four debits, one more than allowed.
        let slow = makeLedger(
            Self.collection + (0..<4).map { ("H", "Z\($0)", day(4, hour: Int64($0)), Int64(12_500)) }
        )
        #expect(hits(slow, .collectThenDrain) == [])
        // Collected too long before the drain.
        let late = makeLedger(Self.collection + [("H", "Z", day(20), 50_000)])
        #expect(hits(late, .collectThenDrain) == [])
    }

    @Test func usesTheBalanceColumnWhenThereIsOne() {
        // The account had 1,000,000 before: paying out 50,000 leaves it far from empty.
        var builder = LedgerBuilder(scale: 2)
        for (index, row) in (Self.collection + [("H", "Z", day(4), 50_000)]).enumerated() {
            let isDrain = row.0 == "H"
            builder.add(
                LedgerBuilder.Transfer(
                    id: String(index + 1),
                    line: Int64(index + 2),
                    from: row.0,
                    to: row.1,
                    time: row.2,
                    amount: row.3,
                    fromBalanceAfter: isDrain ? 1_000_000 : 0,
                    toBalanceAfter: 0
                )
            )
        }
        let ledger = builder.build()
        #expect(ledger.collectThenDrainAlerts(CollectThenDrainParameters()).isEmpty)
    }
}

@Suite struct PassThroughTests {
    @Test func firesWhenMoneyLeavesAsFastAsItCame() {
        let ledger = makeLedger([
            ("A", "M", day(1), 30_000), ("B", "M", day(1, hour: 1), 30_000), ("C", "M", day(1, hour: 2), 40_000),
            ("M", "X", day(1, hour: 3), 50_000), ("M", "Y", day(1, hour: 4), 25_000), ("M", "Z", day(2), 24_000),
        ])
        #expect(
            hits(ledger, .passThrough) == [
                Hit(.passThrough, "M", ["M", "A", "B", "C", "X", "Y", "Z"], [1, 2, 3, 4, 5, 6])
            ]
        )
    }

    @Test func nearMisses() {
        // Half stays in the account.
        let keeps = makeLedger([
            ("A", "M", day(1), 30_000), ("B", "M", day(1), 30_000), ("C", "M", day(1), 40_000),
            ("M", "X", day(1, hour: 3), 20_000), ("M", "Y", day(1, hour: 4), 20_000),
            ("M", "Z", day(1, hour: 5), 10_000),
        ])
        #expect(hits(keeps, .passThrough) == [])
        // Out only after the window.
        let slow = makeLedger([
            ("A", "M", day(1), 30_000), ("B", "M", day(1), 30_000), ("C", "M", day(1), 40_000),
            ("M", "X", day(5), 50_000), ("M", "Y", day(5), 25_000), ("M", "Z", day(5), 25_000),
        ])
        #expect(hits(slow, .passThrough) == [])
        // Too few counterparties.
        let few = makeLedger([
            ("A", "M", day(1), 50_000), ("A", "M", day(1), 50_000), ("M", "X", day(1, hour: 3), 50_000),
            ("M", "X", day(1, hour: 4), 50_000),
        ])
        #expect(hits(few, .passThrough) == [])
    }
}

@Suite struct StructuringTests {
    func ledger(_ amounts: [Int64], channel: String = "", from: String = "S") -> Ledger {
        var builder = LedgerBuilder(scale: 2)
        for (index, amount) in amounts.enumerated() {
            builder.add(
                LedgerBuilder.Transfer(
                    id: String(index + 1),
                    line: Int64(index + 2),
                    from: from,
                    to: "R\(index)",
                    time: day(Int64(index)),
                    amount: amount * 100,
                    currency: "CNY",
                    channel: channel
                )
            )
        }
        return builder.build()
    }

    @Test func personalTransfersJustBelowHalfAMillion() {
        #expect(
            hits(self.ledger([480_000, 499_999, 455_000]), .structuring) == [
                Hit(.structuring, "S", ["S", "R0", "R1", "R2"], [1, 2, 3])
            ]
        )
    }

    @Test func cashJustBelowFiftyThousand() {
        #expect(
            hits(self.ledger([49_000, 48_000, 49_999], channel: "Cash"), .structuring).map(\.transfers) == [[1, 2, 3]]
        )
        // The same amounts by transfer are far below the personal threshold.
        #expect(hits(self.ledger([49_000, 48_000, 49_999]), .structuring) == [])
    }

    @Test func crossBorderAndCorporateThresholds() {
        #expect(
            hits(self.ledger([190_000, 195_000, 199_000], channel: "SWIFT"), .structuring).map(\.transfers) == [
                [1, 2, 3]
            ]
        )
        let corporate = self.ledger([1_900_000, 1_950_000, 1_999_999], from: "Corp")
        #expect(hits(corporate, .structuring) == [])
        #expect(hits(corporate, .structuring) { $0.structuring.corporateAccounts = ["Corp"] }.count == 1)
    }

    @Test func nearMisses() {
        // At the threshold is reported by the bank anyway; not structuring.
        #expect(hits(self.ledger([500_000, 500_000, 500_000]), .structuring) == [])
        // Below the band.
        #expect(hits(self.ledger([440_000, 449_999, 430_000]), .structuring) == [])
        // Only two.
        #expect(hits(self.ledger([480_000, 490_000]), .structuring) == [])
        // Three, but spread beyond the window (days 0, 1, then 20).
        var builder = LedgerBuilder(scale: 2)
        for (index, day) in [day(0), day(1), day(20)].enumerated() {
            builder.add(
                LedgerBuilder.Transfer(
                    id: String(index + 1),
                    line: 2,
                    from: "S",
                    to: "R",
                    time: day,
                    amount: 48_000_000
                )
            )
        }
        #expect(hits(builder.build(), .structuring) == [])
    }
}

@Suite struct ScatterGatherTests {
    @Test func scatterGatherFires() {
        let ledger = makeLedger([
            ("S", "M1", day(1), 1000), ("S", "M2", day(1), 1000), ("S", "M3", day(2), 1000), ("S", "M4", day(2), 1000),
            ("M1", "T", day(3), 1000), ("M2", "T", day(4), 1000), ("M3", "T", day(4), 1000), ("M4", "T", day(5), 1000),
        ])
        #expect(
            hits(ledger, .scatterGather) == [
                Hit(.scatterGather, "S", ["S", "M1", "M2", "M3", "M4", "T"], [1, 2, 3, 4, 5, 6, 7, 8])
            ]
        )
    }

    @Test func scatterGatherNearMisses() {
        // Three intermediates.
        let three = makeLedger([
            ("S", "M1", day(1), 1000), ("S", "M2", day(1), 1000), ("S", "M3", day(2), 1000), ("S", "M4", day(2), 1000),
            ("M1", "T", day(3), 1000), ("M2", "T", day(4), 1000), ("M3", "T", day(4), 1000), ("M4", "U", day(5), 1000),
        ])
        #expect(hits(three, .scatterGather) == [])
        // The gather happens before the scatter.
        let backwards = makeLedger([
            ("M1", "T", day(0), 1000), ("M2", "T", day(0), 1000), ("M3", "T", day(0), 1000), ("M4", "T", day(0), 1000),
            ("S", "M1", day(1), 1000), ("S", "M2", day(1), 1000), ("S", "M3", day(2), 1000), ("S", "M4", day(2), 1000),
        ])
        #expect(hits(backwards, .scatterGather) == [])
    }

    @Test func gatherScatterFires() {
        let ledger = makeLedger([
            ("A", "H", day(1), 1000), ("B", "H", day(1), 1000), ("C", "H", day(2), 1000), ("D", "H", day(2), 1000),
            ("H", "W", day(3), 1000), ("H", "X", day(3), 1000), ("H", "Y", day(4), 1000), ("H", "Z", day(4), 1000),
        ])
        #expect(
            hits(ledger, .gatherScatter) == [
                Hit(.gatherScatter, "H", ["H", "A", "B", "C", "D", "W", "X", "Y", "Z"], [1, 2, 3, 4, 5, 6, 7, 8])
            ]
        )
    }

    @Test func gatherScatterNearMisses() {
        // Only three receivers.
        let three = makeLedger([
            ("A", "H", day(1), 1000), ("B", "H", day(1), 1000), ("C", "H", day(2), 1000), ("D", "H", day(2), 1000),
            ("H", "W", day(3), 1000), ("H", "X", day(3), 1000), ("H", "Y", day(4), 1000), ("H", "Y", day(4), 1000),
        ])
        #expect(hits(three, .gatherScatter) == [])
        // Scatter first, then gather.
        let reversed = makeLedger([
            ("H", "W", day(1), 1000), ("H", "X", day(1), 1000), ("H", "Y", day(1), 1000), ("H", "Z", day(1), 1000),
            ("A", "H", day(2), 1000), ("B", "H", day(2), 1000), ("C", "H", day(3), 1000), ("D", "H", day(3), 1000),
        ])
        #expect(hits(reversed, .gatherScatter) == [])
    }
}

@Suite struct FindingTests {
    @Test func alertBecomesAFindingWithOneEvidencePerTransfer() {
        let ledger = makeLedger([("A", "B", day(1), 1000), ("B", "C", day(2), 990), ("C", "A", day(3), 980)])
        let alert = ledger.cycleAlerts(CycleParameters()).alerts[0]
        let finding = alert.finding(ledger: ledger, file: "l.csv")
        #expect(finding.subject == "A")
        #expect(finding.kind == "funds.cycle")
        #expect(finding.confidence == .weak)
        #expect(
            finding.evidence.map(\.label) + finding.evidence.map(\.excerpt) == [
                "transfer 1", "transfer 2", "transfer 3", "A → B 10.00 CNY", "B → C 9.90 CNY", "C → A 9.80 CNY",
            ]
        )
        #expect(finding.evidence[0].location == EvidenceLocation(file: "l.csv", timestamp: ledger.timestamp(0)))
    }
}

@Suite struct LayeringTests {
    @Test func chainIsReportedOnceFromItsStart() {
        let ledger = makeLedger([
            ("A", "B", day(1), 100_000), ("B", "C", day(1, hour: 6), 98_000), ("C", "D", day(2), 97_000),
            ("D", "E", day(3), 95_000), ("X", "Y", day(3), 5),
        ])
        #expect(hits(ledger, .layering) == [Hit(.layering, "A", ["A", "B", "C", "D", "E"], [1, 2, 3, 4])])
    }

    @Test func nearMisses() {
        // Held too long at C.
        let slow = makeLedger([("A", "B", day(1), 100_000), ("B", "C", day(2), 98_000), ("C", "D", day(6), 97_000)])
        #expect(hits(slow, .layering) == [])
        // C passes on more than it got.
        let grows = makeLedger([("A", "B", day(1), 100_000), ("B", "C", day(2), 98_000), ("C", "D", day(3), 99_000)])
        #expect(hits(grows, .layering) == [])
        // C keeps a fifth.
        let keeps = makeLedger([("A", "B", day(1), 100_000), ("B", "C", day(2), 98_000), ("C", "D", day(3), 78_000)])
        #expect(hits(keeps, .layering) == [])
        // Two hops only.
        let short = makeLedger([("A", "B", day(1), 100_000), ("B", "C", day(2), 98_000)])
        #expect(hits(short, .layering) == [])
        #expect(hits(short, .layering) { $0.layering.minimumHops = 2 }.count == 1)
    }
}

@Suite struct LayeredGroupsTests {
    /// Every account of `senders` pays every account of `receivers` `amount` at `time` (complete bipartite).
    static func block(
        _ senders: [String],
        _ receivers: [String],
        _ time: Int64,
        _ amount: Int64
    ) -> [(String, String, Int64, Int64)] {
        senders.flatMap { sender in receivers.map { (sender, $0, time, amount) } }
    }

    static let a = ["A1", "A2", "A3"]
    static let b = ["B1", "B2", "B3"]
    static let c = ["C1", "C2", "C3"]
    static let d = ["D1", "D2", "D3"]

    /// A → B on day 1, B → C on day 2 (2 % kept), with unrelated traffic beside it.
    static func stacked(secondHop: Int64 = day(2), secondAmount: Int64 = 98_000) -> Ledger {
        makeLedger(
            self.block(a, b, day(1), 100_000) + self.block(b, c, secondHop, secondAmount) + [
                ("X", "Y", day(1), 5), ("Y", "Z", day(3), 5),
            ]
        )
    }

    @Test func twoStackedBlocksFireOnceWithTheirLayers() {
        let ledger = Self.stacked()
        var parameters = FundsScanParameters()
        parameters.patterns = [.layeredGroups]
        let alerts = ledger.scan(parameters).alerts
        #expect(alerts.map { Hit($0, ledger) } == [Hit(.layeredGroups, "A1", Self.a + Self.b + Self.c, Array(1...18))])
        #expect(alerts.first?.layers == [3, 3, 3])
        #expect(alerts.first?.score == 1)
        #expect(
            alerts.first?.reason
                == "3 layers of 3, 3, 3 accounts, ≥ 100 % of each layer's transfers to the next, hop totals 9000.00 → 8820.00 within 604800 s"
        )
        let document = AlertDocument(alerts[0], ledger: ledger)
        #expect(document.layers == [Self.a, Self.b, Self.c])
    }

    @Test func threeHopsScoreHigher() {
        let ledger = makeLedger(
            Self.block(Self.a, Self.b, day(1), 100_000) + Self.block(Self.b, Self.c, day(2), 99_000)
                + Self.block(Self.c, Self.d, day(3), 98_000)
        )
        let alerts = ledger.scan(
            {
                var p = FundsScanParameters()
                p.patterns = [.layeredGroups]
                return p
            }()
        ).alerts
        #expect(
            alerts.map { Hit($0, ledger) } == [
                Hit(.layeredGroups, "A1", Self.a + Self.b + Self.c + Self.d, Array(1...27))
            ]
        )
        #expect(alerts.first?.layers == [3, 3, 3, 3])
        #expect(alerts.first?.score == 1.5)
    }

    @Test func nearMisses() {
        // The second hop leaves after the window.
        #expect(hits(Self.stacked(secondHop: day(9)), .layeredGroups) == [])
        // The second hop passes on 40 % of what arrived.
        #expect(hits(Self.stacked(secondAmount: 40_000), .layeredGroups) == [])
        // ... which a tolerance of 0.7 accepts.
        #expect(
            hits(Self.stacked(secondAmount: 40_000), .layeredGroups) { $0.layeredGroups.amountTolerance = 0.7 }.count
                == 1
        )
        // The second hop leaves before the money arrives.
        #expect(hits(Self.stacked(secondHop: day(0)), .layeredGroups) == [])
        // The last layer has two accounts; fires when two are enough.
        let small = makeLedger(
            Self.block(Self.a, Self.b, day(1), 100_000) + Self.block(Self.b, ["C1", "C2"], day(2), 147_000)
        )
        #expect(hits(small, .layeredGroups) == [])
        #expect(hits(small, .layeredGroups) { $0.layeredGroups.minimumLayerSize = 2 }.count == 1)
        // One hop only (A → B): a bipartite block is not yet layering.
        #expect(hits(makeLedger(Self.block(Self.a, Self.b, day(1), 100_000)), .layeredGroups) == [])
        #expect(
            hits(makeLedger(Self.block(Self.a, Self.b, day(1), 100_000)), .layeredGroups) {
                $0.layeredGroups.minimumHops = 1
            }.count == 1
        )
    }

    @Test func busyMiddleAccountsAreNotALayer() {
        // Each B also gets four credits in the window from busy payers (who mostly pay others), so A's
        // transfers are 3 of its 7 credits.
        var rows = Self.block(Self.a, Self.b, day(1), 100_000) + Self.block(Self.b, Self.c, day(2), 98_000)
        for account in Self.b {
            for n in 0..<4 {
                rows.append(("P\(account)\(n)", account, day(1, hour: 3), 10))
                for shop in 0..<5 { rows.append(("P\(account)\(n)", "S\(shop)", day(1, hour: 4), 10)) }
            }
        }
        #expect(hits(makeLedger(rows), .layeredGroups) == [])
        #expect(hits(makeLedger(rows), .layeredGroups) { $0.layeredGroups.minimumShare = 0.4 }.count == 1)
    }

    @Test func middleLayerPayingMostlyElsewhereIsNotALayer() {
        // Each B pays the Cs, and also pays three busy shops (which get many other credits).
        var rows = Self.block(Self.a, Self.b, day(1), 100_000) + Self.block(Self.b, Self.c, day(2), 98_000)
        for account in Self.b {
            for shop in ["S1", "S2", "S3"] { rows.append((account, shop, day(2, hour: 1), 1)) }
        }
        for shop in ["S1", "S2", "S3"] {
            for n in 0..<20 { rows.append(("Q\(n)", shop, day(2, hour: 2), 10)) }
        }
        #expect(hits(makeLedger(rows), .layeredGroups) == [])
    }

    @Test func sparseHopsAreNotGroups() {
        // A → B links 5 of the 9 pairs; B → C only 4 (three side-by-side chains and one cross link).
        let rows: [(String, String, Int64, Int64)] = [
            ("A1", "B1", day(1), 100_000), ("A1", "B2", day(1), 100_000), ("A1", "B3", day(1), 100_000),
            ("A2", "B1", day(1), 100_000), ("A3", "B2", day(1), 100_000),
            ("B1", "C1", day(2), 125_000), ("B2", "C2", day(2), 125_000), ("B3", "C3", day(2), 125_000),
            ("B1", "C2", day(2), 125_000),
        ]
        #expect(hits(makeLedger(rows), .layeredGroups) == [])
        #expect(hits(makeLedger(rows), .layeredGroups) { $0.layeredGroups.minimumDensity = 0.4 }.count == 1)
    }

    @Test func stepLimitIsCounted() {
        var parameters = FundsScanParameters()
        parameters.patterns = [.layeredGroups]
        parameters.layeredGroups.maximumStepsPerSeed = 5
        let result = Self.stacked().scan(parameters)
        #expect(result.alerts.isEmpty)
        #expect(result.statistics.layeredGroupSeedsCut > 0)
    }
}
