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
