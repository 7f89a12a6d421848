import Foundation
import PaichaTestSupport
import Testing

@testable import PaichaFunds

/// The AMLSim typologies run in `../shared/corpus/aml/amlsim-typologies`.
enum AMLSimCorpus {
    static let directory = Corpus.root.appendingPathComponent("aml/amlsim-typologies")
    static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent("transactions.csv").path)
    }

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// The ledger of `transactions.csv`.
    static func ledger() throws -> Ledger {
        var reader = LedgerReader()
        try reader.read(path: path("transactions.csv"))
        #expect(reader.badRowCount == 0)
        return reader.builder.build()
    }

    /// Alert id → AMLSim typology name, from `alert_accounts.csv` (every alert, labelled or not).
    static func alertTypes() throws -> [Int32: String] {
        let text = try String(contentsOfFile: path("alert_accounts.csv"), encoding: .utf8)
        var types: [Int32: String] = [:]
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            if fields.count > 1, let id = Int32(fields[0]) { types[id] = String(fields[1]) }
        }
        return types
    }

    /// Typology name → the accounts of its alerts, from `alert_accounts.csv`.
    static func alertAccounts() throws -> [String: Set<String>] {
        let text = try String(contentsOfFile: path("alert_accounts.csv"), encoding: .utf8)
        var accounts: [String: Set<String>] = [:]
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            if fields.count > 2 { accounts[String(fields[1]), default: []].insert(String(fields[2])) }
        }
        return accounts
    }

    /// Which AMLSim typology each pattern is scored against.
    static let typology: [FundsPattern: String] = [
        .fanIn: "fan_in", .fanOut: "fan_out", .cycle: "cycle", .scatterGather: "scatter_gather",
        .gatherScatter: "gather_scatter",
    ]
}

/// Recall and precision of one pattern against the labelled alert transactions of its typology.
struct Score: CustomStringConvertible {
    var pattern: FundsPattern
    var labelled: Int
    var found: Int
    var flagged: Int
    var correct: Int

    var recall: Double { self.labelled == 0 ? 0 : Double(self.found) / Double(self.labelled) }
    var precision: Double { self.flagged == 0 ? 0 : Double(self.correct) / Double(self.flagged) }

    var description: String {
        "\(self.pattern.rawValue): recall \(self.found)/\(self.labelled) = \(Int((self.recall * 100).rounded()))%, "
            + "precision \(self.correct)/\(self.flagged) = \(Int((self.precision * 100).rounded()))%"
    }
}

func scores(_ ledger: Ledger, _ parameters: FundsScanParameters, types: [Int32: String]) -> [FundsPattern: Score] {
    let labels = ledger.labels!
    let alerts = ledger.scan(parameters).alerts
    var result: [FundsPattern: Score] = [:]
    for (pattern, typology) in AMLSimCorpus.typology {
        let truth = Set(
            (0..<Int32(ledger.transferCount)).filter { labels[Int($0)] >= 0 && types[labels[Int($0)]] == typology }
        )
        let flagged = Set(alerts.filter { $0.pattern == pattern }.flatMap(\.transfers))
        result[pattern] = Score(
            pattern: pattern,
            labelled: truth.count,
            found: truth.intersection(flagged).count,
            flagged: flagged.count,
            correct: flagged.intersection(truth).count
        )
    }
    return result
}

@Suite(.enabled(if: AMLSimCorpus.isAvailable, "../shared/corpus/aml/amlsim-typologies is not beside the package"))
struct AMLSimCorpusTests {
    @Test func readsEveryRowAndTheLabels() throws {
        let ledger = try AMLSimCorpus.ledger()
        #expect(ledger.transferCount == 9910)
        #expect(ledger.labels!.filter { $0 >= 0 }.count == 33)
        // tx_log.csv is the same run in the same order: its row numbers are transactions.csv's tran_ids.
        var reader = LedgerReader()
        try reader.read(path: AMLSimCorpus.path("tx_log.csv"))
        let log = reader.builder.build()
        #expect(log.transferCount == 9910)
        for edge in stride(from: Int32(0), to: 9910, by: 97) {
            let other = log.transfer(withID: ledger.transferID(edge))!
            #expect(log.amount[Int(other)] == ledger.amount[Int(edge)])
            #expect(log.accountNames[Int(log.from[Int(other)])] == ledger.accountNames[Int(ledger.from[Int(edge)])])
        }
    }

    @Test func recallAndPrecisionWithDefaults() throws {
        let ledger = try AMLSimCorpus.ledger()
        let result = scores(ledger, FundsScanParameters(), types: try AMLSimCorpus.alertTypes())
        for pattern in result.keys.sorted() { print("AMLSim defaults    \(result[pattern]!)") }
        // Scatter-gather and gather-scatter are found whole, and what is flagged is the alert.
        #expect(result[.scatterGather]!.recall == 1)
        #expect(result[.scatterGather]!.precision >= 0.9)
        #expect(result[.gatherScatter]!.recall == 1)
        #expect(result[.gatherScatter]!.precision >= 0.9)
        // AMLSim spreads its fan-in/fan-out alerts over months: a week's window cannot see them.
        #expect(result[.fanIn]!.recall == 0)
        #expect(result[.fanOut]!.recall == 0)
        // AMLSim's cycle is not time-ordered (see the next test): no time-respecting cycle holds it.
        #expect(result[.cycle]!.recall == 0)
    }

    @Test func recallAndPrecisionWithWindowsWideEnoughForAMLSim() throws {
        let ledger = try AMLSimCorpus.ledger()
        var parameters = FundsScanParameters()
        parameters.fanIn.windowSeconds = 180 * 86_400
        parameters.fanIn.minimumCounterparties = 4
        parameters.fanOut = parameters.fanIn
        parameters.fanOut.windowSeconds = 250 * 86_400
        let result = scores(ledger, parameters, types: try AMLSimCorpus.alertTypes())
        for pattern in result.keys.sorted() { print("AMLSim wide fans   \(result[pattern]!)") }
        // With windows of months every labelled fan is found, but so is nearly every busy account.
        #expect(result[.fanIn]!.recall == 1)
        #expect(result[.fanOut]!.recall == 1)
        #expect(result[.fanIn]!.precision < 0.05)
    }

    @Test func theLabelledCycleIsNotTimeOrdered() throws {
        let ledger = try AMLSimCorpus.ledger()
        let types = try AMLSimCorpus.alertTypes()
        let labels = ledger.labels!
        let cycle = (0..<Int32(ledger.transferCount)).filter {
            labels[Int($0)] >= 0 && types[labels[Int($0)]] == "cycle"
        }
        #expect(cycle.count == 5)
        // Follow the cycle's accounts; count the hops that go back in time. A time-respecting
        // rotation exists only when at most one hop does.
        var next: [Int32: Int32] = [:]
        for edge in cycle { next[ledger.from[Int(edge)]] = edge }
        var edge = cycle[0]
        var descents = 0
        for _ in 0..<cycle.count {
            let following = next[ledger.to[Int(edge)]]!
            if ledger.time[Int(following)] <= ledger.time[Int(edge)] { descents += 1 }
            edge = following
        }
        #expect(descents > 1)
    }

    @Test func bipartiteStackAndRandomAlertsAreWrittenUnlabelled() throws {
        let ledger = try AMLSimCorpus.ledger()
        let types = try AMLSimCorpus.alertTypes()
        let labelledTypes = Set(ledger.labels!.filter { $0 >= 0 }.compactMap { types[$0] })
        #expect(labelledTypes == ["fan_in", "fan_out", "cycle", "scatter_gather", "gather_scatter"])
        #expect(Set(types.values).subtracting(labelledTypes) == ["bipartite", "stack", "random"])
    }

    @Test func layeredGroupsAgainstTheBipartiteAndStackAccounts() throws {
        let ledger = try AMLSimCorpus.ledger()
        let groups = try AMLSimCorpus.alertAccounts()
        let truth = groups["bipartite", default: []].union(groups["stack", default: []])
        #expect(truth.count == 10)
        func score(_ configure: (inout LayeredGroupsParameters) -> Void) -> (found: Int, flagged: Int, alerts: Int) {
            var parameters = FundsScanParameters()
            parameters.patterns = [.layeredGroups]
            configure(&parameters.layeredGroups)
            let alerts = ledger.scan(parameters).alerts
            let flagged = Set(alerts.flatMap { ledger.names($0.accounts) })
            return (truth.intersection(flagged).count, flagged.count, alerts.count)
        }
        let defaults = score { _ in }
        print(
            "AMLSim layeredGroups defaults: recall \(defaults.found)/\(truth.count) accounts, \(defaults.alerts) alerts"
        )
        // Nothing among AMLSim's normal accounts looks like stacked groups.
        #expect(defaults.alerts == 0)
        // Why the alerts cannot be found: among each alert's accounts AMLSim's transfers have a single
        // sender (183 → {29, 37, 50}; 103 → 229), so there is no group of senders and no second hop.
        for typology in ["bipartite", "stack"] {
            let members = groups[typology, default: []]
            let inside = (0..<Int32(ledger.transferCount)).filter {
                members.contains(ledger.accountNames[Int(ledger.from[Int($0)])])
                    && members.contains(ledger.accountNames[Int(ledger.to[Int($0)])])
            }
            let senders = Set(inside.map { ledger.from[Int($0)] })
            let receivers = Set(inside.map { ledger.to[Int($0)] })
            print(
                "AMLSim \(typology): \(inside.count) transfers among its accounts, senders \(senders.count), receivers \(receivers.count)"
            )
            #expect(senders.count == 1)
            #expect(senders.isDisjoint(with: receivers))
        }
        // Layers of one account and a single hop (no longer layering) reach most of them, among
        // hundreds of normal accounts.
        let loose = score {
            $0.minimumLayerSize = 1
            $0.minimumHops = 1
            $0.minimumSeedReceivers = 3
            $0.windowSeconds = 14 * 86_400
        }
        print(
            "AMLSim layeredGroups 1-account layers, 1 hop: recall \(loose.found)/\(truth.count), precision \(loose.found)/\(loose.flagged)"
        )
        #expect(loose.found >= 6)
        #expect(Double(loose.found) / Double(loose.flagged) < 0.1)
    }
}
