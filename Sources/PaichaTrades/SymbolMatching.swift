/// How the symbols of different venues are taken as the same instrument: for outages (which venues trade
/// the symbol of a window), reference prices and supply figures.
///
/// A symbol's key is its upper-case letters and digits (`btc-usdt`, `BTC/USDT` → `BTCUSDT`), after the user's
/// aliases; when it ends with a known quote currency, the base and the quote are each mapped through the
/// asset aliases (`XBT` → `BTC`, Kraken's `XXBT`/`ZUSD` → `BTC`/`USD`), and with `stablecoinsAsUSD` a quote in
/// a US-dollar stablecoin counts as `USD`. Perpetuals and futures keep their suffix (`BTCUSDTSWAP`): they are
/// other instruments.
public struct SymbolMatching: Hashable, Sendable, Codable {
    /// Whether a quote in a US-dollar stablecoin (USDT, USDC, …) counts as US dollars, so that `BTC-USD` on one
    /// venue and `BTCUSDT` on another are compared (their prices differ by the stablecoin's basis, usually well
    /// under 0.1 %, but more while one loses its peg). Off by default.
    public var stablecoinsAsUSD: Bool
    /// The user's aliases, symbol to symbol (`--symbol-alias`), applied first; both sides as keys are written
    /// (upper-case letters and digits).
    public var aliases: [String: String]

    /// Makes a matching.
    public init(stablecoinsAsUSD: Bool = false, aliases: [String: String] = [:]) {
        self.stablecoinsAsUSD = stablecoinsAsUSD
        self.aliases = [:]
        for (from, to) in aliases { self.aliases[Self.letters(from)] = Self.letters(to) }
    }

    /// Quote currencies recognised at the end of a symbol, longest first (so `USDT` before `USD`).
    public static let quoteCurrencies: [String] = [
        "FDUSD", "PYUSD", "BUSD", "TUSD", "USDT", "USDC", "USDP", "ZUSD", "ZEUR", "ZGBP", "ZJPY", "XXBT", "XETH",
        "USD", "DAI", "EUR", "GBP", "JPY", "KRW", "TRY", "BTC", "XBT", "ETH", "BNB",
    ].sorted { ($0.count, $1) > ($1.count, $0) }

    /// Other names of the same asset.
    public static let assetAliases: [String: String] = [
        "XBT": "BTC", "XXBT": "BTC", "XDG": "DOGE", "XXDG": "DOGE", "XETH": "ETH", "XXRP": "XRP", "XLTC": "LTC",
        "ZUSD": "USD", "ZEUR": "EUR", "ZGBP": "GBP", "ZJPY": "JPY",
    ]

    /// US-dollar stablecoins (and the dollar itself).
    public static let usdQuotes: Set<String> = ["USD", "USDT", "USDC", "BUSD", "FDUSD", "TUSD", "DAI", "USDP", "PYUSD"]

    /// The key under which markets of different venues are the same instrument.
    public func key(_ symbol: String) -> String {
        var text = Self.letters(symbol)
        if let alias = self.aliases[text] { text = alias }
        guard let (base, quote) = Self.split(text) else { return Self.assetAliases[text] ?? text }
        var mappedQuote = Self.assetAliases[quote] ?? quote
        if self.stablecoinsAsUSD, Self.usdQuotes.contains(mappedQuote) { mappedQuote = "USD" }
        return (Self.assetAliases[base] ?? base) + mappedQuote
    }

    /// The base and quote of a key-form symbol, when it ends with a known quote currency after a non-empty base:
    /// the longest such quote, unless a shorter one leaves a base with a known alias (`XBTUSD` is `XBT` + `USD`,
    /// not `XB` + `TUSD`).
    public static func split(_ text: String) -> (base: String, quote: String)? {
        var longest: (base: String, quote: String)?
        for quote in Self.quoteCurrencies where text.count > quote.count && text.hasSuffix(quote) {
            let base = String(text.dropLast(quote.count))
            if Self.assetAliases[base] != nil { return (base, quote) }
            if longest == nil { longest = (base, quote) }
        }
        return longest
    }

    /// Upper-case letters and digits only.
    static func letters(_ symbol: String) -> String {
        String(symbol.uppercased().filter { $0.isLetter || $0.isNumber })
    }
}
