import Foundation
import PaichaTestSupport
import PaichaTrades

/// A seeded simulation of several venues trading one symbol, with doctoring switched on one at a time.
///
/// Prices follow one shared random walk (each venue adds a little noise); trades arrive as a Poisson process per
/// venue; sizes are log-uniform over four decades (Benford by construction); buyers and sellers are drawn from a
/// pool of honest accounts, never the same one.
struct MarketSimulator {
    /// One simulated trade.
    struct Row {
        var milliseconds: Int64
        var price: Double
        var size: String
        var side: String
        var venue: String
        var buyer: String
        var seller: String
    }

    /// A venue down over [start, end) seconds while `mover` pushes its price by `move` with one-sided bursts.
    struct Manipulation {
        var down: String
        var mover: String
        var start: Double
        var end: Double
        var move: Double
    }

    static let epochMilliseconds: Int64 = 1_700_000_000_000
    var venues = ["alpha", "beta", "gamma"]
    var seconds = 7_200.0
    var tradesPerSecond = 1.0
    var accounts = 150
    var symbol = "BTCUSDT"
    /// Venues that spell the symbol their own way (`BTC-USD`, `XBT/USDT`).
    var symbolByVenue: [String: String] = [:]
    var manipulations: [Manipulation] = []

    func rows(seed: UInt64) -> [Row] {
        var random = SplitMix64(seed: seed)
        var walk: [Double] = []
        var price = 30_000.0
        for _ in 0..<Int(self.seconds) + 1 {
            price *= exp(Double.random(in: -0.0004...0.0004, using: &random))
            walk.append(price)
        }
        var rows: [Row] = []
        for venue in self.venues {
            var time = 0.0
            var lastBurst = -1.0
            while true {
                time += -log(Double.random(in: Double.ulpOfOne..<1, using: &random)) / self.tradesPerSecond
                guard time < self.seconds else { break }
                if self.manipulations.contains(where: { $0.down == venue && time >= $0.start && time < $0.end }) {
                    continue
                }
                var tradePrice = walk[Int(time)] * (1 + Double.random(in: -0.0002...0.0002, using: &random))
                var size = logUniform(&random, low: -2, high: 2, decimals: 4)
                var side = Bool.random(using: &random) ? "buy" : "sell"
                if let m = self.manipulations.first(where: { $0.mover == venue && time >= $0.start && time < $0.end }) {
                    let progress = min(1, (time - m.start) / ((m.end - m.start) / 2))
                    tradePrice *= 1 + m.move * progress
                    // A burst of one-sided prints every 10 s in the first half: liquidations in the move's direction.
                    if progress < 1, time - lastBurst >= 10 {
                        lastBurst = time
                        for k in 0..<6 {
                            rows.append(
                                Row(
                                    milliseconds: Self.epochMilliseconds + Int64(time * 1000) + Int64(k),
                                    price: tradePrice,
                                    size: logUniform(&random, low: 1.5, high: 2, decimals: 4),
                                    side: m.move < 0 ? "sell" : "buy",
                                    venue: venue,
                                    buyer: "u\(Int.random(in: 1...self.accounts, using: &random))",
                                    seller: "liquidated\(k)"
                                )
                            )
                        }
                    }
                    size = logUniform(&random, low: -1, high: 1, decimals: 4)
                    side = m.move < 0 ? "sell" : "buy"
                }
                let buyer = Int.random(in: 1...self.accounts, using: &random)
                var seller = Int.random(in: 1...(self.accounts - 1), using: &random)
                if seller >= buyer { seller += 1 }
                rows.append(
                    Row(
                        milliseconds: Self.epochMilliseconds + Int64(time * 1000),
                        price: tradePrice,
                        size: size,
                        side: side,
                        venue: venue,
                        buyer: "u\(buyer)",
                        seller: "u\(seller)"
                    )
                )
            }
        }
        return rows.sorted { ($0.milliseconds, $0.venue) < ($1.milliseconds, $1.venue) }
    }

    /// The rows as a generic CSV tape.
    func csv(_ rows: [Row]) -> String {
        var text = "time,price,size,side,venue,symbol,buyer,seller\n"
        for row in rows {
            text += "\(row.milliseconds),\(String(format: "%.2f", row.price)),\(row.size),\(row.side),\(row.venue),"
            text += "\(self.symbolByVenue[row.venue] ?? self.symbol),\(row.buyer),\(row.seller)\n"
        }
        return text
    }

    /// Writes the rows to a temporary tape and audits it.
    func audit(
        _ rows: [Row],
        context: TradeAuditContext = TradeAuditContext(),
        configuration: AuditConfiguration = AuditConfiguration()
    ) throws -> (TradeAuditor, TradeAuditResult, String) {
        let directory = try TemporaryDirectory()
        let path = directory.path("tape.csv")
        try Data(self.csv(rows).utf8).write(to: URL(fileURLWithPath: path))
        var auditor = TradeAuditor(configuration: configuration)
        auditor.read(path: path, options: TapeOptions())
        return (auditor, auditor.audit(context), path)
    }
}
