import Foundation
import PaichaTestSupport
import Testing

/// `paicha trades audit` and `paicha funds scan|trace` end to end: exit statuses, bad rows, JSON.
struct TradesAndFundsCommandTests {
    @Test func tradesAuditReportsBadRowsWithTheirLine() throws {
        let directory = try TemporaryDirectory()
        let tape = directory.path("ticks.csv")
        var lines = ["exchange,symbol,timestamp_ms,iso_time,side,price,size,trade_id"]
        for index in 0..<400 {
            // Log-uniform sizes follow Benford; one row is broken on purpose (line 202).
            let size = pow(10, Double((index * 7_919) % 400) / 100 - 2)
            lines.append("X,BTCUSDT,\(1_700_000_000_000 + index * 1000),t,buy,50000.0,\(size),\(index)")
            if index == 199 { lines.append("X,BTCUSDT,not-a-time,t,buy,,,") }
        }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: tape))
        let result = try runPaicha(["trades", "audit", "-f", "json", "--deterministic", tape])
        #expect(result.status == 0)
        let document = try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any]
        #expect(document?["tool"] as? String == "paicha")
        let bad = document?["badRows"] as? [[String: Any]]
        #expect(bad?.count == 1)
        #expect(bad?.first?["line"] as? Int == 202)
        #expect(bad?.first?["file"] as? String == tape)
        #expect(result.err.contains("1 bad rows"))
        let again = try runPaicha(["trades", "audit", "-f", "json", "--deterministic", tape])
        #expect(again.out == result.out)
        // A progress line on standard error only when asked for (standard error is not a terminal here).
        #expect(!result.err.contains("%"))
        let shown = try runPaicha(["trades", "audit", "-f", "json", "--deterministic", "--progress", tape])
        #expect(shown.err.contains("\(tape): "))
        #expect(shown.err.contains(" of "))
        #expect(shown.out == result.out)
        // Read by copy rather than in place: the same document.
        let copied = try runPaicha(["trades", "audit", "-f", "json", "--deterministic", "--no-mmap", tape])
        #expect(copied.status == 0)
        #expect(copied.out == result.out)
        // Without the SHA-256 (the notional values then counted on the calling thread): the same document but
        // for the input's hash.
        let unhashed = try runPaicha(["trades", "audit", "-f", "json", "--deterministic", "--no-hash", tape])
        #expect(unhashed.status == 0)
        func withoutHash(_ text: String) -> [String] {
            text.split(separator: "\n").map(String.init).filter { !$0.contains("\"sha256\"") }
        }
        #expect(withoutHash(unhashed.out) == withoutHash(result.out))
        #expect(result.out.contains("\"sha256\""))
        #expect(!unhashed.out.contains("\"sha256\""))
    }

    @Test func tradesAuditUsageAndMissingFiles() throws {
        #expect(try runPaicha(["trades", "audit"]).status == 2)
        #expect(try runPaicha(["trades", "audit", "--layout", "nonsense", "-"]).status == 2)
        for alias in ["XBTUSD", "=BTCUSD", "XBTUSD=", "?=BTC"] {
            let result = try runPaicha(["trades", "audit", "--symbol-alias", alias, "-"])
            #expect(result.status == 2)
            #expect(result.err.contains("--symbol-alias '\(alias)': write FROM=TO"))
        }
    }

    @Test func fundsScanFindsACycleAndTraceConservesTheAmount() throws {
        let directory = try TemporaryDirectory()
        let ledger = directory.path("ledger.csv")
        let rows = [
            "id,time,from,to,amount,currency",
            "1,2021-06-01T10:00:00Z,A,B,1000.00,CNY",
            "2,2021-06-01T11:00:00Z,B,C,990.00,CNY",
            "3,2021-06-01T12:00:00Z,C,A,980.00,CNY",
            "4,2021-06-02T09:00:00Z,A,D,500.00,CNY",
        ]
        try Data((rows.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: ledger))
        let scan = try runPaicha(["funds", "scan", "-f", "json", "--deterministic", ledger])
        let shown = try runPaicha(["funds", "scan", "-f", "json", "--deterministic", "--progress", ledger])
        #expect(shown.err.contains("\(ledger): "))
        #expect(!scan.err.contains("\(ledger): "))
        #expect(shown.out == scan.out)
        #expect(scan.status == 0)
        #expect(scan.out.contains("\"cycle\""))
        let trace = try runPaicha(["funds", "trace", "-f", "json", "--deterministic", "--from", "A", ledger])
        #expect(trace.status == 0)
        #expect(trace.out.contains("fifo") || trace.out.contains("FIFO"))
        let unknown = try runPaicha(["funds", "trace", "--from", "nobody", ledger])
        #expect(unknown.status == 1)
        #expect(try runPaicha(["funds", "scan", "/nonexistent.csv"]).status != 0)
    }
}
