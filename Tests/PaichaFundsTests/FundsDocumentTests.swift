import Foundation
import Testing

@testable import PaichaFunds

@Suite struct FundsDocumentTests {
    static let csv = """
        id,time,from,to,amount,currency
        1,2021-06-01T00:00:00Z,A,B,10.00,CNY
        2,2021-06-02T00:00:00Z,B,C,9.90,CNY
        3,2021-06-03T00:00:00Z,C,A,9.80,CNY
        4,2021-06-03T00:00:00Z,C,A,x,CNY

        """

    func scanDocument() throws -> FundsDocument<ScanParametersDocument> {
        var reader = LedgerReader()
        try reader.read(bytes: Array(Self.csv.utf8), file: "l.csv")
        let ledger = reader.builder.build()
        var parameters = FundsScanParameters()
        parameters.patterns = [.cycle]
        let (alerts, statistics) = ledger.scan(parameters)
        return FundsDocument(
            version: "0.1.0",
            command: "funds scan",
            generatedAt: nil,
            inputs: [
                FundsInputDocument(
                    file: "l.csv",
                    bytes: Int64(Self.csv.utf8.count),
                    sha256: "",
                    layout: reader.inputs[0].layout,
                    rows: reader.inputs[0].rows,
                    transfers: reader.inputs[0].transfers,
                    badRows: reader.inputs[0].badRows
                )
            ],
            parameters: ScanParametersDocument(read: ReadParametersDocument(reader.options), patterns: parameters),
            ledger: LedgerSummaryDocument(ledger),
            badRows: reader.badRows,
            badRowCount: reader.badRowCount,
            statistics: statistics,
            alerts: alerts.map { AlertDocument($0, ledger: ledger) }
        )
    }

    @Test func csvHasOneRowPerAlertTransfer() throws {
        #expect(
            try self.scanDocument().rendered(as: .csv)
                == "alert,pattern,score,account,transferId,from,to,time,amount,currency,channel\r\n"
                + "1,cycle,1.480000,A,1,A,B,2021-06-01T00:00:00Z,10.00,CNY,\r\n"
                + "1,cycle,1.480000,A,2,B,C,2021-06-02T00:00:00Z,9.90,CNY,\r\n"
                + "1,cycle,1.480000,A,3,C,A,2021-06-03T00:00:00Z,9.80,CNY,\r\n"
        )
    }

    @Test func jsonIsTheEnvelopeThenAlertsAndIsDeterministic() throws {
        let document = try self.scanDocument()
        let text = try document.rendered(as: .json)
        #expect(text == (try self.scanDocument().rendered(as: .json)))
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        #expect(
            object.keys.sorted() == [
                "alerts", "badRowCount", "badRows", "command", "inputs", "ledger", "parameters", "statistics", "tool",
                "version",
            ]
        )
        #expect(object["tool"] as? String == "paicha")
        let badRows = object["badRows"] as! [[String: Any]]
        #expect(badRows.count == 1 && badRows[0]["line"] as? Int == 5 && badRows[0]["file"] as? String == "l.csv")
        let alert = (object["alerts"] as! [[String: Any]])[0]
        #expect(alert["kind"] as? String == "funds.cycle")
        #expect(alert["totalAmount"] as? String == "29.70")
        let patterns = (object["parameters"] as! [String: Any])["patterns"] as! [String: Any]
        #expect((patterns["cycle"] as! [String: Any])["windowSeconds"] as? Int == 2_592_000)
        #expect((patterns["structuring"] as! [String: Any])["cashThreshold"] as? Int == 50_000)
    }

    @Test func textAndDot() throws {
        let document = try self.scanDocument()
        let text = try document.rendered(as: .text)
        #expect(
            text == """
                paicha funds scan: 3 transfers among 3 accounts, 2021-06-01T00:00:00Z – 2021-06-03T00:00:00Z
                  l.csv (generic): 3 transfers, 1 bad rows
                  bad row l.csv:5: amount 'x': not a decimal number

                1 alerts
                pattern  score  account  accounts  transfers  amount  start                 end
                cycle     1.48  A               3          3   29.70  2021-06-01T00:00:00Z  2021-06-03T00:00:00Z

                """
        )
        let dot = try document.rendered(as: .dot)
        #expect(dot.hasPrefix("digraph funds {"))
        #expect(dot.contains("\"0:A\" -> \"0:B\" [label=\"10.00 2021-06-01T00:00:00Z\"];"))
    }

    @Test func traceDocumentComparesPolicies() throws {
        let ledger = TraceTests.ledger
        let source = TraceSource.account(ledger.account(named: "S")!)
        let document = TraceDocument(
            source: source,
            results: ledger.traceAllPolicies(source, TraceParameters()),
            ledger: ledger
        )
        #expect(document.policies.map(\.policy) == ["poison", "haircut", "fifo", "lifo"])
        #expect(document.policies.map(\.conserved) == [false, true, true, true])
        #expect(document.sourceAmount == "1.00")
        let c = document.comparison.first { $0.account == "C" }
        #expect(c?.amounts == ["poison": "0.90", "haircut": "0.60", "fifo": "0.40", "lifo": "0.90"])
    }
}

@Suite struct FundsHTMLTests {
    func scanPage() throws -> String {
        try FundsDocumentTests().scanDocument().html()
    }

    @Test func scanPageIsOneSelfContainedDeterministicPage() throws {
        let page = try self.scanPage()
        #expect(page == (try self.scanPage()))
        #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">\n"))
        #expect(page.hasSuffix("</body>\n</html>\n"))
        // Nothing fetched from elsewhere, no script.
        #expect(!page.contains("<script") && !page.contains("src=") && !page.contains("<link"))
        #expect(page.components(separatedBy: "<svg ").count == 2)
        #expect(page.contains("<h3>1. cycle · A · score 1.480000</h3>"))
        // The bad row is listed with its line.
        #expect(
            page.contains(
                "<tr><td>l.csv</td><td class=\"n\">5</td><td>amount &#39;x&#39;: not a decimal number</td></tr>"
            )
        )
    }

    @Test func cycleIsDrawnLeftToRightWithABackEdge() throws {
        let page = try self.scanPage()
        let svg = String(page[page.range(of: "<svg ")!.lowerBound..<page.range(of: "</svg>")!.upperBound])
        // A, B, C in columns 0, 1, 2 (x = 24, 254, 484); A is the focus.
        #expect(svg.contains("<g class=\"node focus\"><title>A</title><rect x=\"24\" y=\"24\""))
        #expect(svg.contains("<g class=\"node\"><title>B</title><rect x=\"254\" y=\"24\""))
        #expect(svg.contains("<g class=\"node\"><title>C</title><rect x=\"484\" y=\"24\""))
        // A → B and B → C go right; C → A returns as an arc.
        #expect(
            svg.contains(
                "<line x1=\"156\" y1=\"37\" x2=\"254\" y2=\"37\" class=\"edge\" marker-end=\"url(#arrow)\"><title>A → B: 10.00</title></line>"
            )
        )
        #expect(svg.contains("<title>C → A: 9.80</title></path>"))
        #expect(svg.contains("<text x=\"185\" y=\"33\" class=\"amount\">10.00</text>"))
    }

    @Test func layeredGroupsAreDrawnLayerByLayerWithSummedEdges() throws {
        let ledger = LayeredGroupsTests.stacked()
        var parameters = FundsScanParameters()
        parameters.patterns = [.layeredGroups]
        let alert = AlertDocument(ledger.scan(parameters).alerts[0], ledger: ledger)
        let graph = FundsGraphSVG(
            transfers: alert.transfers,
            focus: alert.account,
            scale: 2,
            limits: FundsHTMLLimits(),
            layers: alert.layers
        )
        #expect(graph.columns == [LayeredGroupsTests.a, LayeredGroupsTests.b, LayeredGroupsTests.c])
        #expect(graph.edges.count == 18)
        #expect(graph.edges.allSatisfy { $0.transfers == 1 })
        // Repeated transfers between the same two accounts become one edge with their sum.
        let repeated = makeLedger([("A", "B", day(1), 100), ("A", "B", day(2), 250), ("B", "C", day(3), 300)])
        let documents = (0..<Int32(3)).map { TransferDocument(repeated, $0) }
        let summed = FundsGraphSVG(transfers: documents, focus: "A", scale: 2, limits: FundsHTMLLimits())
        #expect(summed.columns == [["A"], ["B"], ["C"]])
        #expect(summed.edges.map { "\($0.from)>\($0.to) \($0.amount) \($0.transfers)" } == ["A>B 350 2", "B>C 300 1"])
        #expect(summed.render().contains(">3.50 (2×)</text>"))
    }

    @Test func graphLimitIsSaidOnThePage() {
        var limits = FundsHTMLLimits()
        limits.maximumAccountsPerGraph = 2
        let ledger = makeLedger([("A", "B", day(1), 100), ("B", "C", day(2), 100), ("C", "D", day(3), 100)])
        let graph = FundsGraphSVG(
            transfers: (0..<Int32(3)).map { TransferDocument(ledger, $0) },
            focus: "A",
            scale: 2,
            limits: limits
        )
        #expect(graph.columns == [["A"], ["B"]])
        #expect(graph.accountsLeftOut == 2 && graph.transfersLeftOut == 2)
        var page = HTMLPage(title: "t")
        page.graph(graph)
        #expect(page.body.contains("Drawing cut: 2 accounts and 2 transfers not drawn."))
    }

    @Test func namesAreEscaped() {
        #expect(HTML.escape("<a href=\"x\">&'") == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;")
        let ledger = makeLedger([("<b>", "B&C", day(1), 100)])
        let svg = FundsGraphSVG(transfers: [TransferDocument(ledger, 0)], focus: "<b>", scale: 2, limits: .init())
            .render()
        #expect(svg.contains("<title>&lt;b&gt;</title>") && svg.contains("<title>B&amp;C</title>"))
        #expect(!svg.contains("<b>"))
    }

    @Test func tracePageDrawsEachPolicyByHop() throws {
        let ledger = TraceTests.ledger
        let source = TraceSource.account(ledger.account(named: "S")!)
        let trace = TraceDocument(
            source: source,
            results: ledger.traceAllPolicies(source, TraceParameters()),
            ledger: ledger
        )
        let document = FundsDocument(
            version: "0.1.0",
            command: "funds trace",
            generatedAt: nil,
            inputs: [],
            parameters: TraceParameters(),
            ledger: LedgerSummaryDocument(ledger),
            badRows: [],
            badRowCount: 0,
            trace: trace
        )
        let page = document.html()
        #expect(page == document.html())
        #expect(page.components(separatedBy: "<svg ").count == 5)
        for policy in ["poison", "haircut", "fifo", "lifo"] { #expect(page.contains("<section id=\"\(policy)\">")) }
        // The source is drawn in the first column, as the focus.
        #expect(page.contains("<g class=\"node focus\"><title>S</title><rect x=\"24\""))
        #expect(page.contains("<h3>Destinations by policy</h3>"))
    }
}

extension FundsHTMLTests {
    @Test func everyPatternIsDrawnUpToItsLimit() {
        // Two cycles and a fan-in; with one alert drawn per pattern, the second cycle is only listed.
        let ledger = makeLedger([
            ("A", "B", day(1), 100), ("B", "C", day(2), 100), ("C", "A", day(3), 100),
            ("D", "E", day(1), 100), ("E", "F", day(2), 100), ("F", "D", day(3), 100),
            ("P1", "H", day(1), 1), ("P2", "H", day(1), 1), ("P3", "H", day(1), 1), ("P4", "H", day(1), 1),
            ("P5", "H", day(1), 1),
        ])
        var parameters = FundsScanParameters()
        parameters.patterns = [.cycle, .fanIn]
        let alerts = ledger.scan(parameters).alerts.map { AlertDocument($0, ledger: ledger) }
        #expect(alerts.map(\.pattern) == ["fanIn", "cycle", "cycle"])
        let document = FundsDocument(
            version: "0.1.0",
            command: "funds scan",
            generatedAt: nil,
            inputs: [],
            parameters: FundsScanParameters(),
            ledger: LedgerSummaryDocument(ledger),
            badRows: [],
            badRowCount: 0,
            alerts: alerts
        )
        var limits = FundsHTMLLimits()
        limits.maximumAlertsDrawnPerPattern = 1
        let page = document.html(limits: limits)
        #expect(page.components(separatedBy: "<svg ").count == 3)
        #expect(page.contains("<section id=\"a1\">") && page.contains("<section id=\"a2\">"))
        #expect(!page.contains("<section id=\"a3\">"))
        #expect(page.contains("<td class=\"n\"><a href=\"#a2\">2</a></td>") && page.contains("<td class=\"n\">3</td>"))
        #expect(page.contains("1 more alerts not drawn (only the first 1 of each pattern are)."))
    }
}
