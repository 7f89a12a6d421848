import Foundation
import PaichaCore
import PaichaTestSupport
import PaichaTrades
import Testing

/// Simulated venues with known doctoring: each manipulation is caught, and clean simulations raise nothing.
@Suite struct DoctoredTapeTests {
    @Test(arguments: [UInt64(1), 2, 3])
    func cleanVenuesPass(_ seed: UInt64) throws {
        let simulator = MarketSimulator()
        let (_, result, _) = try simulator.audit(
            simulator.rows(seed: seed),
            context: TradeAuditContext(
                supply: [
                    SupplyFigure(symbol: "BTC", circulatingSupply: 19e6, marketCap: 5.7e11, benchmarkVenue: "gamma")
                ]
            )
        )
        #expect(result.venues.map(\.venue) == ["alpha", "beta", "gamma"])
        for card in result.venues {
            // No finding at all, notional values included.
            #expect(card.findings.isEmpty, "\(card.venue): \(card.findings.map(\.kind))")
            #expect(card.notional.lastTwoDigitsApplicable == false)
            let wash = try #require(card.washTrades)
            #expect(wash.selfTrades == 0)
            #expect(wash.groups == 0)
            // 7,200 s from 22:13:20 in windows of 300 s aligned to the epoch (22:10, 22:15 … 00:10).
            #expect(wash.groupWindows == 25)
            let estimate = try #require(card.fabricatedVolume)
            #expect(estimate.share == 0)
            #expect(estimate.lower == 0)
            #expect(estimate.upper < 0.1)
            let turnover = try #require(card.turnover)
            #expect(turnover.benchmarkVenue == "gamma")
            #expect(turnover.measures.map(\.definition) == ["volume/marketCap", "volume/circulatingSupply"])
            for measure in turnover.measures { #expect(abs((measure.ratioToBenchmark ?? 0) - 1) < 0.25) }
        }
        // Poisson arrivals at 1/s leave no pause of 60 s: no outage is detected.
        #expect(result.outages.isEmpty)
    }

    @Test func outageManipulationIsCaughtBothWaysRound() throws {
        var simulator = MarketSimulator()
        simulator.manipulations = [
            .init(down: "alpha", mover: "beta", start: 2_000, end: 2_600, move: -0.08),
            .init(down: "beta", mover: "alpha", start: 5_000, end: 5_400, move: 0.06),
        ]
        let (_, result, path) = try simulator.audit(simulator.rows(seed: 21))
        // Both outages are seen as gaps in the down venue's own tape.
        #expect(result.outages.map { "\($0.venue) \($0.source)" } == ["alpha gap", "beta gap"])
        let alphaDown = try #require(result.outages.first { $0.venue == "alpha" })
        #expect(alphaDown.seconds > 590 && alphaDown.seconds < 610)
        #expect(alphaDown.comparisons.map(\.venue) == ["beta", "gamma"])
        let beta = alphaDown.comparisons[0]
        #expect(beta.flagged)
        #expect(beta.referenceKind == "venue")
        #expect(beta.referenceVenue == "gamma")
        #expect(beta.excessDeviation < -0.07 && beta.excessDeviation > -0.09)
        #expect(beta.extremeMove < -0.07)
        #expect(beta.burstCluster)
        #expect(beta.bursts.allSatisfy { $0.side == "sell" })
        let gamma = alphaDown.comparisons[1]
        #expect(!gamma.flagged)  // gamma deviates from its reference (beta) but did not move itself
        #expect(abs(gamma.extremeMove) < 0.02)
        // Each way round, only the mover gets the finding.
        let findings = result.venues.flatMap(\.findings).filter { $0.kind == "trades.outage.priceMove" }
        #expect(findings.map(\.subject) == ["alpha/BTCUSDT", "beta/BTCUSDT"])
        let betaFinding = try #require(findings.last)
        #expect(betaFinding.confidence == .likely)
        #expect(betaFinding.reason.hasPrefix("beta moved the BTCUSDT price while alpha was down: -"))
        #expect(betaFinding.evidence.first?.label == "outage (gap in the tape)")
        #expect(betaFinding.evidence.first?.location?.file == path)
        #expect(betaFinding.evidence[1].label == "extreme print")
        #expect(betaFinding.evidence.count == 5)
        let alphaFinding = try #require(findings.first)
        #expect(alphaFinding.reason.contains("while beta was down: +"))
    }

    @Test func outageWithoutThirdVenueUsesTheDownVenuesLastPrice() throws {
        var simulator = MarketSimulator()
        simulator.venues = ["alpha", "beta"]
        simulator.manipulations = [.init(down: "alpha", mover: "beta", start: 3_000, end: 3_600, move: -0.05)]
        let (_, result, _) = try simulator.audit(simulator.rows(seed: 5))
        let report = try #require(result.outages.first)
        let comparison = try #require(report.comparisons.first)
        #expect(comparison.referenceKind == "downVenueLastPrice")
        #expect(comparison.referenceVenue == "alpha")
        #expect(comparison.flagged)
        #expect(report.downVenuePriceBefore != nil && report.downVenuePriceAfter != nil)
        // The down venue resumes near the walk, not at beta's pushed price.
        #expect(abs(report.downVenuePriceAfter! / report.downVenuePriceBefore! - 1) < 0.02)
    }

    @Test func givenOutagesAreReadAndCompared() throws {
        let text = """
            venue,start,end
            # beta says it was down; nobody moved
            Beta,2023-11-14T22:30:00Z,2023-11-14T22:40:00Z
            alpha,1700003000,1700003600.5,BTCUSDT
            """
        let windows = try OutageWindow.parse(text, file: "outages.csv")
        #expect(
            windows == [
                OutageWindow(
                    venue: "Beta",
                    start: 1_700_001_000_000_000_000,
                    end: 1_700_001_600_000_000_000,
                    file: "outages.csv",
                    line: 3
                ),
                OutageWindow(
                    venue: "alpha",
                    symbol: "BTCUSDT",
                    start: 1_700_003_000_000_000_000,
                    end: 1_700_003_600_500_000_000,
                    file: "outages.csv",
                    line: 4
                ),
            ]
        )
        #expect(throws: TapeError.self) { try OutageWindow.parse("a,1,2\nb,x,3\n", file: "o.csv") }
        #expect {
            try OutageWindow.parse("a,1700000000,1600000000\n", file: "o.csv")
        } throws: { ($0 as? TapeError)?.line == 1 }
        let simulator = MarketSimulator()
        let (_, result, _) = try simulator.audit(
            simulator.rows(seed: 8),
            context: TradeAuditContext(outages: windows, detectOutages: false)
        )
        #expect(result.outages.map { "\($0.venue) \($0.source) \($0.line)" } == ["Beta user 3", "alpha user 4"])
        // The venues kept trading (the outages are made up): nothing moved, nothing is flagged.
        #expect(result.outages.allSatisfy { $0.comparisons.count == 2 && $0.comparisons.allSatisfy { !$0.flagged } })
        // Venue names match without regard to case: "Beta" is the tape's beta, left out of its own comparisons.
        #expect(result.outages[0].comparisons.map(\.venue) == ["alpha", "gamma"])
        #expect(result.outages[0].downVenuePriceBefore != nil)
        #expect(result.outages[0].chart.map(\.venue) == ["alpha", "beta", "gamma"])
    }

    @Test func cancellingRingIsFoundInsideHonestTrading() throws {
        let simulator = MarketSimulator()
        var rows = simulator.rows(seed: 31)
        // Four honest-looking accounts pass 2.5 around a cycle every 20 s between 1,000 s and 1,200 s, while also
        // trading at random with everyone else (they are u1…u4 of the pool).
        let ring = ["u1", "u2", "u3", "u4"]
        var injected: [Int64] = []
        for step in 0..<10 {
            for k in 0..<4 {
                let time = MarketSimulator.epochMilliseconds + Int64(1_000_000 + step * 20_000 + k * 500)
                injected.append(time)
                rows.append(
                    MarketSimulator.Row(
                        milliseconds: time,
                        price: 30_000,
                        size: "2.5",
                        side: "buy",
                        venue: "gamma",
                        buyer: ring[(k + 1) % 4],
                        seller: ring[k]
                    )
                )
            }
        }
        rows.sort { ($0.milliseconds, $0.venue) < ($1.milliseconds, $1.venue) }
        let (_, result, _) = try simulator.audit(rows)
        let gamma = try #require(result.venues.first { $0.venue == "gamma" })
        let wash = try #require(gamma.washTrades)
        #expect(wash.groups == 1)
        let group = try #require(wash.groupExamples.first)
        #expect(group.accounts == ring)
        #expect(group.windowStart == "2023-11-14T22:30:00.000000Z")
        #expect(group.trades >= 40)
        #expect(group.largestNetShare <= 0.02)
        let finding = try #require(gamma.findings.first { $0.kind == "trades.wash.group" })
        #expect(finding.evidence.first?.excerpt.hasPrefix("u1 ⇄ u2 ⇄ u3 ⇄ u4: ") == true)
        for other in result.venues where other.venue != "gamma" { #expect(other.washTrades?.groups == 0) }
    }

    @Test func trackerPeelsUnbalancedMembersAndKeepsTheRing() {
        var tracker = WashGroupTracker(
            window: 300_000_000_000,
            netTolerance: 0.02,
            minimumTrades: 4,
            maximumPeeled: 200,
            maximumEdges: 1000,
            maximumKept: 5
        )
        let names = ["a", "b", "c", "x"]
        var line: Int64 = 1
        func trade(_ seller: Int32, _ buyer: Int32, _ size: Double) {
            tracker.add(
                buyer: buyer,
                seller: seller,
                time: line * 1_000_000_000,
                size: size,
                line: line,
                file: 0,
                accounts: names
            )
            line += 1
        }
        // a → b → c → a twice, and x buys 5 from a and sells 1 back: {a, b, c, x} is one component, x is not
        // balanced; peeling x leaves a, b, c, whose trades among themselves cancel.
        for _ in 0..<2 {
            trade(0, 1, 1)
            trade(1, 2, 1)
            trade(2, 0, 1)
        }
        trade(0, 3, 5)
        trade(3, 0, 1)
        tracker.finishWindow()
        #expect(tracker.groupCount == 1)
        #expect(tracker.groups.map(\.accounts) == [["a", "b", "c"]])
        #expect(tracker.groups.first?.nets == [0, 0, 0])
        #expect(tracker.groups.first?.trades == 6)
        #expect(tracker.groups.first?.lines == [1, 2, 3, 4, 5, 6])
        #expect(tracker.windows == 1)
    }

    @Test func selfTradeInjectionIsCaught() throws {
        let simulator = MarketSimulator()
        var rows = simulator.rows(seed: 41)
        var random = SplitMix64(seed: 410)
        var injected = 0
        for index in rows.indices where rows[index].venue == "beta" && Double.random(in: 0..<1, using: &random) < 0.02 {
            rows[index].seller = rows[index].buyer
            injected += 1
        }
        let (_, result, _) = try simulator.audit(rows)
        let beta = try #require(result.venues.first { $0.venue == "beta" })
        #expect(beta.washTrades?.selfTrades == Int64(injected))
        #expect(beta.findings.contains { $0.kind == "trades.wash.selfTrade" })
        #expect(result.venues.filter { $0.findings.contains { $0.kind == "trades.wash.selfTrade" } }.count == 1)
    }

    @Test func roundLotVolumeIsEstimated() throws {
        var rows = GeneratedTapeTests.cleanRows(count: 20_000, seed: 7)
        var random = SplitMix64(seed: 77)
        var injectedVolume = 0.0
        for _ in 0..<600 {
            let index = Int.random(in: 0..<rows.count, using: &random)
            let size = ["0.1", "0.5", "1", "2", "5", "10"].randomElement(using: &random)!
            rows[index].size = size
        }
        let total = rows.reduce(0.0) { $0 + Double($1.size)! }
        for row in rows where ["0.1", "0.5", "1", "2", "5", "10"].contains(row.size) {
            injectedVolume += Double(row.size)!
        }
        let card = try auditGenerated(rows)
        let estimate = try #require(card.fabricatedVolume)
        #expect(estimate.method == "roundLotExcess+benfordFirstDigitExcess")
        #expect(abs(estimate.totalVolume - total) < 1e-6 * total)
        let truth = injectedVolume / total
        #expect(estimate.share > 0)
        #expect(estimate.lower <= truth && truth <= estimate.upper, "\(estimate.lower) \(truth) \(estimate.upper)")
        #expect(estimate.share > truth / 2 && estimate.share < truth * 2)
        #expect(estimate.roundLotExcessTrades > 400 && estimate.roundLotExcessTrades < 700)
    }

    @Test func digitSpikeVolumeIsEstimated() throws {
        var rows = GeneratedTapeTests.cleanRows(count: 5_000, seed: 9)
        var random = SplitMix64(seed: 99)
        var injected = 0.0
        for index in stride(from: 0, to: rows.count, by: 3) {
            rows[index].size = "8.\(Int.random(in: 10...99, using: &random))"
            injected += Double(rows[index].size)!
        }
        let total = rows.reduce(0.0) { $0 + Double($1.size)! }
        let card = try auditGenerated(rows)
        let estimate = try #require(card.fabricatedVolume)
        #expect(estimate.benfordExcessDigits.first == 8)
        // 1,667 trades of about 8.5 replaced trades of every first digit; the excess at 8 is about 1,667 − 5 % of them.
        #expect(estimate.benfordExcessTrades > 1_400 && estimate.benfordExcessTrades < 1_800)
        #expect(estimate.share > 0.5 * injected / total && estimate.share < 1.5 * injected / total)
    }

    @Test(arguments: [UInt64(1), 2, 3, 4, 5])
    func cleanSizesEstimateNoFabrication(_ seed: UInt64) throws {
        let card = try auditGenerated(GeneratedTapeTests.cleanRows(count: 20_000, seed: seed))
        let estimate = try #require(card.fabricatedVolume)
        #expect(estimate.share == 0)
        #expect(estimate.upper > 0 && estimate.upper < 0.1)
    }

    @Test func turnoverAgainstTheBenchmark() throws {
        let simulator = MarketSimulator()
        var rows = simulator.rows(seed: 51)
        // beta reports every trade five times: five times the turnover.
        let beta = rows.filter { $0.venue == "beta" }
        for _ in 0..<4 { rows += beta }
        rows.sort { ($0.milliseconds, $0.venue) < ($1.milliseconds, $1.venue) }
        let supply = try SupplyFigure.parse(
            "symbol,circulating_supply,market_cap,open_interest,benchmark\nBTC,19000000,570000000000,,alpha\n",
            file: "supply.csv"
        )
        #expect(
            supply == [
                SupplyFigure(
                    symbol: "BTC",
                    circulatingSupply: 19e6,
                    marketCap: 5.7e11,
                    benchmarkVenue: "alpha",
                    line: 2
                )
            ]
        )
        let (_, result, _) = try simulator.audit(
            rows,
            context: TradeAuditContext(supply: supply, supplyFile: "supply.csv")
        )
        let card = try #require(result.venues.first { $0.venue == "beta" })
        let turnover = try #require(card.turnover)
        // Independently: quote volume of beta's rows (prices as written) × 86,400 / span / market cap.
        let betaRows = rows.filter { $0.venue == "beta" }
        let quote = betaRows.reduce(0.0) {
            $0 + (String(format: "%.2f", $1.price) as NSString).doubleValue * Double($1.size)!
        }
        let span = Double(betaRows.last!.milliseconds - betaRows.first!.milliseconds) / 1000
        let daily = try #require(turnover.measures.first { $0.definition == "volume/marketCap" })
        #expect(abs(daily.dailyTurnover - quote * 86_400 / span / 5.7e11) < 1e-9 * daily.dailyTurnover)
        #expect(abs(daily.ratioToBenchmark! - 5) < 1)
        let finding = try #require(card.findings.first { $0.kind == "trades.turnover" })
        #expect(finding.evidence.first?.location == EvidenceLocation(file: "supply.csv", record: 2))
        #expect(!result.venues.contains { $0.venue != "beta" && $0.findings.contains { $0.kind == "trades.turnover" } })
        #expect(try SupplyFigure.parse("BTC,19000000,1e12\n", file: "s").first?.marketCap == 1e12)
        #expect(throws: TapeError.self) { try SupplyFigure.parse("BTC,lots\n", file: "s") }
        #expect(SupplyFigure(symbol: "btc").matches("BTC-USDT"))
        #expect(!SupplyFigure(symbol: "BTC").matches("BTCDOMUSDT"))
    }

    /// Side files are small and hand-written: random bytes give rows or a `TapeError` with a line, never a crash.
    @Test func sideFileMutationsNeverCrash() {
        let outages = Array(
            "venue,start,end\nBeta,2023-11-14T22:30:00Z,2023-11-14T22:40:00Z\nalpha,1700003000,1700003600\n".utf8
        )
        let supply = Array(
            "symbol,circulating_supply,market_cap,open_interest,benchmark\nBTC,19000000,5.7e11,,alpha\n".utf8
        )
        var random = SplitMix64(seed: 0x51DE)
        for round in 0..<500 {
            for original in [outages, supply] {
                var bytes = original
                for _ in 0..<Int.random(in: 1...8, using: &random) {
                    let position = Int.random(in: 0..<bytes.count, using: &random)
                    bytes[position] = [0x2C, 0x0A, 0x22, 0x2E, 0x2D, 0x3A, UInt8.random(in: 0...255, using: &random)]
                        .randomElement(using: &random)!
                }
                let text = String(decoding: bytes, as: UTF8.self)
                do throws(TapeError) {
                    for window in try OutageWindow.parse(text, file: "o.csv") { #expect(window.end > window.start) }
                } catch {
                    #expect(error.line != nil, "round \(round)")
                }
                do throws(TapeError) {
                    _ = try SupplyFigure.parse(text, file: "s.csv")
                } catch {
                    #expect(error.line != nil, "round \(round)")
                }
            }
        }
    }

    @Test func priceSeriesStaysBoundedWhenCoarsened() {
        var series = PriceSeries(resolution: 1_000_000_000, maximumBuckets: 100)
        var volume = 0.0
        for second in 0..<1_000 {
            series.add(
                time: Int64(second) * 1_000_000_000,
                price: Double(100 + second),
                size: 1,
                side: .buy,
                file: 0,
                line: Int64(second + 1)
            )
            volume += 1
        }
        let buckets = series.buckets
        #expect(buckets.count <= 100)
        #expect(series.coarsenings == 4)  // 1 s → 16 s: 1,000 seconds in 63 buckets
        #expect(series.resolution == 16_000_000_000)
        #expect(buckets.reduce(0) { $0 + $1.volume } == volume)
        #expect(buckets.first?.open == 100)
        #expect(buckets.last?.close == 1_099)
        #expect(buckets.first?.high == 115)
        #expect(buckets.first?.highLine == 16)
    }
}
