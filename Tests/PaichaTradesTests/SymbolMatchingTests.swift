import PaichaCore
import PaichaTrades
import Testing

@Suite("Symbols across venues")
struct SymbolMatchingTests {
    @Test(
        "keys: letters and digits, asset aliases on base and quote, derivatives kept apart",
        arguments: [
            ("btc-usdt", "BTCUSDT"), ("BTC/USDT", "BTCUSDT"), ("XBTUSD", "BTCUSD"), ("XXBTZUSD", "BTCUSD"),
            ("XBT/EUR", "BTCEUR"), ("ETH/BTC", "ETHBTC"), ("ETH-XBT", "ETHBTC"), ("BTC-USDT-SWAP", "BTCUSDTSWAP"),
            ("TRXUSDT", "TRXUSDT"), ("BTC", "BTC"), ("XBT", "BTC"), ("XDGUSD", "DOGEUSD"), ("BTCFDUSD", "BTCFDUSD"),
            ("BTCTUSD", "BTCTUSD"),
        ]
    )
    func keys(symbol: String, key: String) {
        #expect(SymbolMatching().key(symbol) == key)
    }

    @Test(
        "with stablecoins as dollars, every dollar-like quote is USD; other quotes stay",
        arguments: [
            ("BTCUSDT", "BTCUSD"), ("BTC-USDC", "BTCUSD"), ("BTC-USD", "BTCUSD"), ("BTCFDUSD", "BTCUSD"),
            ("BTCTUSD", "BTCUSD"),
            ("XXBTZUSD", "BTCUSD"), ("ETHBTC", "ETHBTC"), ("BTCEUR", "BTCEUR"), ("BTC-USDT-SWAP", "BTCUSDTSWAP"),
        ]
    )
    func stablecoins(symbol: String, key: String) {
        #expect(SymbolMatching(stablecoinsAsUSD: true).key(symbol) == key)
    }

    @Test("the user's aliases come first, written any way")
    func aliases() {
        let matching = SymbolMatching(aliases: ["btc-perp": "BTC/USDT", "OLD": "NEW"])
        #expect(matching.key("BTC-PERP") == "BTCUSDT")
        #expect(matching.key("btcperp") == "BTCUSDT")
        #expect(matching.key("old") == "NEW")
        #expect(matching.key("BTC-PERPX") == "BTCPERPX")
    }

    @Test("supply figures match by key or by base asset, never by a longer base")
    func supply() {
        #expect(SupplyFigure(symbol: "XBT").matches("BTC-USDT"))
        #expect(SupplyFigure(symbol: "btc").matches("XXBTZUSD"))
        #expect(SupplyFigure(symbol: "BTCUSD").matches("BTCUSDT", using: SymbolMatching(stablecoinsAsUSD: true)))
        #expect(!SupplyFigure(symbol: "BTCUSD").matches("BTCUSDT"))
        #expect(!SupplyFigure(symbol: "BTC").matches("BTCDOMUSDT"))
    }

    /// alpha quotes `BTC-USD`, beta `BTCUSDT`, gamma `XBT/USDT`; alpha is down while beta pushes the price.
    static func spelledApart() -> MarketSimulator {
        var simulator = MarketSimulator()
        simulator.symbolByVenue = ["alpha": "BTC-USD", "gamma": "XBT/USDT"]
        simulator.manipulations = [.init(down: "alpha", mover: "beta", start: 2_000, end: 2_600, move: -0.08)]
        return simulator
    }

    @Test("an outage on a dollar market is compared with stablecoin markets only when asked")
    func outageAcrossQuotes() throws {
        let simulator = Self.spelledApart()
        let rows = simulator.rows(seed: 21)
        // By default BTC-USD is another instrument than BTCUSDT: the window has no other venue to compare.
        let (_, plain, _) = try simulator.audit(rows)
        let alphaPlain = try #require(plain.outages.first { $0.venue == "alpha" })
        #expect(alphaPlain.comparisons.isEmpty)
        #expect(plain.venues.flatMap(\.findings).filter { $0.kind == "trades.outage.priceMove" }.isEmpty)
        // With stablecoins as dollars, beta (BTCUSDT) and gamma (XBT/USDT) trade the same instrument.
        let (_, matched, _) = try simulator.audit(
            rows,
            configuration: AuditConfiguration(symbolMatching: SymbolMatching(stablecoinsAsUSD: true))
        )
        let alphaDown = try #require(matched.outages.first { $0.venue == "alpha" })
        #expect(alphaDown.comparisons.map(\.venue) == ["beta", "gamma"])
        #expect(alphaDown.comparisons.map(\.symbol) == ["BTCUSDT", "XBT/USDT"])
        #expect(alphaDown.comparisons[0].flagged)
        #expect(!alphaDown.comparisons[1].flagged)
        let findings = matched.venues.flatMap(\.findings).filter { $0.kind == "trades.outage.priceMove" }
        #expect(findings.map(\.subject) == ["beta/BTCUSDT"])
    }

    @Test("a user alias joins the markets just as well")
    func outageByAlias() throws {
        let simulator = Self.spelledApart()
        let (_, result, _) = try simulator.audit(
            simulator.rows(seed: 21),
            configuration: AuditConfiguration(symbolMatching: SymbolMatching(aliases: ["BTC-USD": "BTCUSDT"]))
        )
        let alphaDown = try #require(result.outages.first { $0.venue == "alpha" })
        #expect(alphaDown.comparisons.map(\.venue) == ["beta", "gamma"])
        #expect(alphaDown.comparisons[0].flagged)
    }
}
