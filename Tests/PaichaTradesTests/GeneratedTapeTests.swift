import Foundation
import PaichaCore
import PaichaTestSupport
import PaichaTrades
import Testing

@Suite struct GeneratedTapeTests {
    /// Log-uniform sizes over five decades follow Benford; prices fixed at 2 decimals.
    static func cleanRows(count: Int, seed: UInt64) -> [(price: String, size: String)] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            (logUniform(&random, low: 1, high: 2, decimals: 2), logUniform(&random, low: -3, high: 2, decimals: 5))
        }
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func cleanTapesPass(_ seed: UInt64) throws {
        let card = try auditGenerated(Self.cleanRows(count: 20_000, seed: seed))
        #expect(card.trades == 20_000)
        for test in card.size.digitTests {
            #expect(test.verdict != .nonconforming, "\(test.kind) MAD \(test.mad)")
        }
        #expect(card.size.lastTwoDigitsApplicable)
        #expect(card.size.lotPrecisionExponent == -5)
        #expect(card.size.roundLots?.verdict != .nonconforming)
        #expect(card.findings.filter { $0.kind.hasPrefix("trades.benford") && !$0.kind.hasSuffix("notional") }.isEmpty)
        #expect(!card.findings.contains { $0.kind == "trades.roundLots" || $0.kind == "trades.lastTwoDigits" })
    }

    @Test(arguments: [UInt64(11), 12, 13, 14, 15])
    func smallHonestSamplesAreNotCondemned(_ seed: UInt64) throws {
        let card = try auditGenerated(Self.cleanRows(count: 500, seed: seed))
        let firstTwo = card.size.digitTests[2]
        #expect(firstTwo.madConformity == .nonconforming)  // Nigrini's fixed cut-off condemns it…
        #expect(firstTwo.verdict != .nonconforming)  // …the sample-size-aware measure does not.
        for test in card.size.digitTests { #expect(test.verdict != .nonconforming, "\(test.kind)") }
        #expect(card.findings.filter { !$0.kind.hasSuffix("notional") && $0.kind != "trades.timeOfTrade" }.isEmpty)
    }

    @Test func roundLotInjectionIsCaught() throws {
        var rows = Self.cleanRows(count: 20_000, seed: 7)
        var random = SplitMix64(seed: 77)
        // 3 % of trades replaced by round lots 0.1, 0.5, 1, 2, 5, 10.
        for _ in 0..<600 {
            let index = Int.random(in: 0..<rows.count, using: &random)
            rows[index].size = ["0.1", "0.5", "1", "2", "5", "10"].randomElement(using: &random)!
        }
        let card = try auditGenerated(rows)
        let round = try #require(card.size.roundLots)
        #expect(round.verdict == .nonconforming)
        #expect(round.ratio > 3)
        #expect(round.exactlyRound >= 600)
        let finding = try #require(card.findings.first { $0.kind == "trades.roundLots" })
        #expect(finding.confidence == .likely)
        #expect(finding.evidence.count == 5)
        #expect(
            finding.evidence.allSatisfy {
                ["size 0.1", "size 0.5", "size 1", "size 2", "size 5", "size 10"].contains($0.excerpt)
            }
        )
        // Round lots of sizes also surface in the last-two-digits test (00 at the lot precision).
        #expect(card.size.digitTests[3].spikes.first?.digit == 0)
    }

    @Test func digitSpikeInjectionIsNamed() throws {
        var rows = Self.cleanRows(count: 5_000, seed: 9)
        var random = SplitMix64(seed: 99)
        for index in stride(from: 0, to: rows.count, by: 3) {
            rows[index].size = "8.\(Int.random(in: 10...99, using: &random))"
        }
        let card = try auditGenerated(rows)
        let finding = try #require(card.findings.first { $0.kind == "trades.benford.firstDigit" })
        #expect(finding.reason.contains("digit 8 holds"))
        #expect(card.size.digitTests[0].spikes.first?.digit == 8)
    }

    @Test func selfTradesAreCaught() throws {
        let text = """
            time,price,size,buyer,seller,symbol
            1700000000,10,1.5,a,b,X
            1700000001,10,2.5,c,c,X
            1700000002,10,3.5,b,a,X
            1700000003,10,1.5,b,a,X
            1700000100,10,3.5,a,b,X
            """
        let directory = try TemporaryDirectory()
        let path = directory.path("accounts.csv")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        var auditor = TradeAuditor()
        auditor.read(path: path, options: TapeOptions(venue: "dex"))
        let card = try #require(auditor.scorecards().first)
        #expect(card.washTrades?.tradesWithAccounts == 5)
        #expect(card.washTrades?.selfTrades == 1)
        #expect(card.washTrades?.share == 1.0 / 5)
        // Line 5 sends 1.5 back from a to b three seconds after line 2 (b sold it to a); line 6 answers line 4 too late (97 s).
        #expect(card.washTrades?.roundTrips == 1)
        // The 97-second pause before line 6 is the longest gap.
        #expect(card.gaps.first?.seconds == 97)
        #expect(card.gaps.first.map { ($0.lineBefore, $0.lineAfter) } ?? (0, 0) == (5, 6))
        #expect(card.gaps.first?.from == "2023-11-14T22:13:23.000000Z")
        #expect(card.gaps.count == 4)
        #expect(card.outOfOrderTrades == 0)
        let roundTrip = try #require(card.findings.first { $0.kind == "trades.wash.roundTrip" })
        #expect(
            roundTrip.evidence == [
                Evidence(
                    label: "round trip",
                    excerpt: "b → a → b, first leg on line 2",
                    location: EvidenceLocation(file: path, record: 5)
                )
            ]
        )
        let finding = try #require(card.findings.first { $0.kind == "trades.wash.selfTrade" })
        #expect(
            finding.evidence == [
                Evidence(
                    label: "self-trade",
                    excerpt: "account c bought from itself",
                    location: EvidenceLocation(file: path, record: 3)
                )
            ]
        )
    }

    @Test func documentJSONIsStableAndComplete() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("BTCUSDT-trades-2024-01-01.csv")
        var text = ""
        for (index, row) in Self.cleanRows(count: 300, seed: 5).enumerated() {
            text += "\(index),\(row.price),\(row.size),1,\(1_704_067_200_000 + index),\(index % 2 == 0),true\n"
        }
        text += "bad,row\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        func document() -> TradeAuditDocument {
            var auditor = TradeAuditor()
            auditor.read(path: path, options: TapeOptions(symbol: "BTCUSDT"))
            return TradeAuditDocument(
                version: "0.1.0",
                generatedAt: nil,
                inputs: auditor.inputs,
                parameters: TradeAuditParameters(
                    format: nil,
                    columns: nil,
                    venue: nil,
                    symbol: "BTCUSDT",
                    configuration: auditor.configuration
                ),
                venues: auditor.scorecards(),
                badRows: auditor.badRows
            )
        }
        let first = try document().json()
        #expect(try document().json() == first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        #expect(
            Set(object.keys) == ["tool", "version", "command", "inputs", "parameters", "venues", "badRows", "outages"]
        )
        #expect(object["tool"] as? String == "paicha")
        #expect(object["command"] as? String == "trades audit")
        let inputs = try #require(object["inputs"] as? [[String: Any]])
        #expect(inputs[0]["format"] as? String == "binanceTrades")
        #expect((inputs[0]["sha256"] as? String)?.count == 64)
        let rows = try #require(object["badRows"] as? [[String: Any]])
        #expect(rows.first?["line"] as? Int == 301)
        let venues = try #require(object["venues"] as? [[String: Any]])
        #expect(venues[0]["venue"] as? String == "binance")
        #expect(venues[0]["symbol"] as? String == "BTCUSDT")
        let decoded = try JSONDecoder().decode(TradeAuditDocument.self, from: Data(first.utf8))
        #expect(decoded == document())
        #expect(document().text().contains("binance  BTCUSDT"))
    }
}
