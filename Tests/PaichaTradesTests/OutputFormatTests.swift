import Foundation
import PaichaCore
import PaichaTestSupport
import PaichaTrades
import Testing

/// CSV, Markdown and HTML forms of an audit with every section filled.
@Suite struct OutputFormatTests {
    static func document() throws -> TradeAuditDocument { try self.documentAndPath().document }

    static func documentAndPath() throws -> (document: TradeAuditDocument, path: String) {
        var simulator = MarketSimulator()
        simulator.seconds = 3_600
        simulator.manipulations = [.init(down: "alpha", mover: "beta", start: 1_000, end: 1_600, move: -0.08)]
        let (auditor, result, path) = try simulator.audit(
            simulator.rows(seed: 61),
            context: TradeAuditContext(
                supply: [
                    SupplyFigure(symbol: "BTC", circulatingSupply: 19e6, marketCap: 5.7e11, benchmarkVenue: "gamma")
                ]
            )
        )
        let document = TradeAuditDocument(
            version: "0.1.0",
            generatedAt: nil,
            inputs: auditor.inputs.map {
                var input = $0
                input.file = "tape.csv"
                return input
            },
            parameters: TradeAuditParameters(
                format: nil,
                columns: nil,
                venue: nil,
                symbol: nil,
                configuration: auditor.configuration
            ),
            venues: result.venues,
            badRows: auditor.badRows,
            outages: result.outages
        )
        return (document, path)
    }

    @Test func everyFormIsDeterministic() throws {
        // Evidence names the temporary file, which differs between runs; nothing else may.
        let (first, firstPath) = try Self.documentAndPath()
        let (second, secondPath) = try Self.documentAndPath()
        func same(_ a: String, _ b: String) -> Bool {
            a.replacingOccurrences(of: firstPath, with: "T") == b.replacingOccurrences(of: secondPath, with: "T")
        }
        #expect(firstPath != secondPath)
        #expect(same(first.csv(), second.csv()))
        #expect(same(first.markdown(), second.markdown()))
        #expect(same(first.html(), second.html()))
        #expect(same(try first.json(), try second.json()))
        #expect(first.html().count > 10_000)
    }

    @Test func csvHasOneRowPerStatistic() throws {
        let document = try Self.document()
        let lines = document.csv().split(separator: "\n")
        #expect(lines.first == "venue,symbol,measure,test,n,statistic,value,p_value,verdict,detail")
        // Per market and measure: 4 digit tests × 4 statistics + round lots.
        let digitRows = lines.filter { $0.hasPrefix("alpha,BTCUSDT,size,firstDigit,") }
        #expect(digitRows.count == 4)
        #expect(lines.contains { $0.hasPrefix("beta,BTCUSDT,price,outage,") && $0.contains(",flagged,") })
        #expect(lines.contains { $0.hasPrefix("beta,BTCUSDT,,finding,,trades.outage.priceMove,") })
        #expect(lines.contains { $0.hasPrefix("gamma,BTCUSDT,volume,turnover,") })
        #expect(lines.contains { $0.hasPrefix("alpha,BTCUSDT,size,fabricatedVolume,") })
        // Every row has the header's ten fields (quoted fields may hold commas).
        for line in lines { #expect(Self.fields(String(line)) == 10, "\(line)") }
    }

    @Test func markdownHasTheTablesAndFindings() throws {
        let markdown = try Self.document().markdown()
        #expect(markdown.hasPrefix("# paicha trades audit\n\n| venue | symbol | measure |"))
        for heading in [
            "## Fabricated volume (roundLotExcess+benfordFirstDigitExcess)", "## Wash trades", "## Turnover",
            "## Outages", "## Findings", "## Inputs",
        ] {
            #expect(markdown.contains(heading), "\(heading)")
        }
        #expect(markdown.contains("`trades.outage.priceMove`"))
    }

    @Test func htmlIsOneSelfContainedPageWithCharts() throws {
        let document = try Self.document()
        let html = document.html()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.hasSuffix("</html>\n"))
        // Three charts per market (first digits, first two digits, round lots), one per outage with a chart.
        let charts = html.components(separatedBy: "<svg ").count - 1
        #expect(charts == 3 * document.venues.count + document.outages.filter { !$0.chart.isEmpty }.count)
        #expect(document.outages.count == 1)
        #expect(!html.contains("<script"))
        #expect(!html.contains("src="))
        #expect(!html.contains("href="))
        #expect(html.contains("against Benford"))
        #expect(html.contains("alpha BTCUSDT down"))
        // Every opened tag of the charts is closed.
        #expect(html.components(separatedBy: "<svg ").count == html.components(separatedBy: "</svg>").count)
    }

    static func fields(_ line: String) -> Int {
        var count = 1
        var quoted = false
        for character in line {
            if character == "\"" { quoted.toggle() }
            if character == ",", !quoted { count += 1 }
        }
        return count
    }
}
