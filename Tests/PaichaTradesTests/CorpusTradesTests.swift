import Foundation
import PaichaCore
import PaichaTestSupport
import PaichaTrades
import Testing

@Suite("Real trade tapes", .enabled(if: TradesCorpus.isAvailable, "needs ../shared/corpus/trades"))
struct CorpusTradesTests {
    static func audit(_ name: String, options: TapeOptions = TapeOptions()) -> (TradeAuditor, [MarketScorecard]) {
        var auditor = TradeAuditor()
        auditor.read(path: TradesCorpus.path(name), options: options)
        return (auditor, auditor.scorecards())
    }

    @Test func everyRowOfBothTapesIsRead() {
        let (htx, cards) = Self.audit("dn-htx-okx-raw-trades.csv")
        // `wc -l`: 17,437 lines, one header; `cut -d, -f1,2 | sort | uniq -c` gives the markets.
        #expect(htx.inputs.map(\.statistics.trades) == [17_436])
        #expect(htx.inputs.map(\.statistics.badRows) == [0])
        #expect(htx.inputs.map(\.format) == ["venueTicks"])
        #expect(
            cards.map { "\($0.market) \($0.trades)" } == [
                "HTX/BTCUSDT 2303", "HTX/DOGEUSDT 2484", "HTX/ETHUSDT 2322", "HTX/SOLUSDT 2309", "HTX/TRXUSDT 3705",
                "HTX/XRPUSDT 2313", "OKX/DOGE-USDT 500", "OKX/SOL-USDT 500", "OKX/TRX-USDT 500", "OKX/XRP-USDT 500",
            ]
        )
        let (coinbase, single) = Self.audit(
            "dn-coinbase-btc-usd-trades.csv",
            options: TapeOptions(venue: "coinbase", symbol: "BTC-USD")
        )
        #expect(coinbase.inputs.map(\.statistics.trades) == [500])
        #expect(coinbase.inputs.map(\.format) == ["timedTicks"])
        #expect(single.map(\.market) == [Market(venue: "coinbase", symbol: "BTC-USD")])
        // `sha256sum`.
        #expect(coinbase.inputs[0].sha256?.count == 64)
    }

    @Test func htxTrxSpikeAtEightIsFlagged() throws {
        let (_, cards) = Self.audit("dn-htx-okx-raw-trades.csv")
        let trx = try #require(cards.first { $0.market == Market(venue: "HTX", symbol: "TRXUSDT") })
        let first = trx.size.digitTests[0]
        #expect(first.kind == .firstDigit)
        #expect(first.count == 3705)
        #expect(first.verdict == .nonconforming)
        #expect(first.madConformity == .nonconforming)
        #expect(first.spikes.first?.digit == 8)
        // Counted independently with Python's decimal module: 1,740 of 3,705 sizes start with 8.
        #expect(first.cells[7].count == 1740)
        let finding = try #require(trx.findings.first { $0.kind == "trades.benford.firstDigit" })
        #expect(finding.confidence == .likely)
        #expect(finding.reason.contains("digit 8 holds 47.0 % of first digits against 5.1 % under Benford"))
        #expect(finding.evidence.count == 3)
        #expect(finding.evidence.allSatisfy { $0.excerpt.hasPrefix("size 8") && $0.location?.record != nil })
    }

    /// Nigrini's fixed cut-offs condemn any 500-value first-two-digit test (sampling noise alone gives a MAD
    /// above 0.0022); the sample-size-aware excess does not, and OKX TRX-USDT's second digits show the
    /// difference on real data.
    @Test func smallSamplesAreJudgedBySampleSize() throws {
        let (_, cards) = Self.audit("dn-coinbase-btc-usd-trades.csv", options: TapeOptions(venue: "coinbase"))
        for test in cards[0].size.digitTests where test.kind == .firstTwoDigits {
            #expect(test.count == 500)
            #expect(test.expectedMAD > 0.0022)
            #expect(abs(test.excessMAD - (test.mad - test.expectedMAD)) < 1e-15)
        }
        let (_, htx) = Self.audit("dn-htx-okx-raw-trades.csv")
        let okx = try #require(htx.first { $0.market == Market(venue: "OKX", symbol: "TRX-USDT") })
        let second = okx.size.digitTests[1]
        #expect(second.kind == .secondDigit)
        #expect(second.madConformity == .nonconforming)
        #expect(second.verdict < .nonconforming)
        #expect(!okx.findings.contains { $0.kind == "trades.benford.secondDigit" })
    }

    @Test func coinbaseSampleVerdictsAreExplained() throws {
        let (_, cards) = Self.audit("dn-coinbase-btc-usd-trades.csv", options: TapeOptions(venue: "coinbase"))
        let size = cards[0].size
        // Its first digits are 232 ones in 500 (46.4 %): far beyond sampling noise (Z ≈ 8), so the
        // sample-size-aware measure still reports it, naming the digit.
        let first = size.digitTests[0]
        #expect(first.cells.map(\.count) == [232, 51, 60, 33, 27, 32, 18, 22, 25])
        #expect(first.spikes.first?.digit == 1)
        #expect(size.lotPrecisionExponent == -8)
    }

    /// HTX and OKX both trade TRX/USDT (`TRXUSDT`, `TRX-USDT`): HTX's long pauses are compared with OKX's prices,
    /// and nothing moved; HTX's digit-8 spike is the largest part of its fabricated-volume estimate.
    @Test func crossVenueChecksOnTheCorpus() throws {
        var auditor = TradeAuditor()
        auditor.read(path: TradesCorpus.path("dn-htx-okx-raw-trades.csv"), options: TapeOptions())
        let result = auditor.audit()
        // OKX's 500 TRX-USDT trades span 00:15–00:54; HTX pauses of at least 60 s and 20 × its mean interval in that
        // time are the only outages another venue traded through.
        let compared = result.outages.filter { !$0.comparisons.isEmpty }
        #expect(!compared.isEmpty)
        for report in compared {
            #expect(report.venue == "HTX")
            #expect(report.symbol == "TRXUSDT")
            #expect(report.comparisons.map(\.venue) == ["OKX"])
            #expect(report.comparisons.allSatisfy { $0.referenceKind == "downVenueLastPrice" && !$0.flagged })
            #expect(report.seconds >= 60)
        }
        #expect(!result.venues.flatMap(\.findings).contains { $0.kind == "trades.outage.priceMove" })
        let trx = try #require(result.venues.first { $0.market == Market(venue: "HTX", symbol: "TRXUSDT") })
        let estimate = try #require(trx.fabricatedVolume)
        #expect(estimate.benfordExcessDigits.first == 8)
        #expect(estimate.lower <= estimate.share && estimate.share <= estimate.upper)
        #expect(estimate.share > 0.05)
    }

    @Test func randomMutationsNeverCrash() {
        let original =
            Array(TradesCorpus.bytes("dn-coinbase-btc-usd-trades.csv").prefix(6000))
            + Array(TradesCorpus.bytes("dn-htx-okx-raw-trades.csv").prefix(6000))
        var random = SplitMix64(seed: 0x7A_DE5)
        for round in 0..<200 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...40, using: &random) {
                let position = Int.random(in: 0..<bytes.count, using: &random)
                bytes[position] = [
                    0x2C, 0x0A, 0x0D, 0x22, 0x2E, 0x65, 0x2D, 0x30, 0x39, UInt8.random(in: 0...255, using: &random),
                ]
                .randomElement(using: &random)!
            }
            if Bool.random(using: &random) { bytes.removeSubrange(Int.random(in: 0..<bytes.count, using: &random)...) }
            let chunk = Int.random(in: 1...600, using: &random)
            let result = readTape(bytes, chunk: chunk)
            let s = result.statistics
            if result.error == nil {
                #expect(s.trades + s.badRows + s.headerLines + s.blankLines == s.lines, "round \(round)")
            }
            #expect(result == readTape(bytes), "round \(round): chunking changed the result")
            var auditor = TradeAuditor()
            let file = auditor.fileNumber("mutated.csv")
            for trade in result.trades {
                let market = result.markets[Int(trade.market)]
                auditor.add(trade, slot: auditor.slot(for: market), file: file, accounts: result.accounts)
            }
            for card in auditor.scorecards() {
                #expect(
                    card.trades == Int64(result.trades.filter { result.markets[Int($0.market)] == card.market }.count)
                )
            }
        }
    }
}
