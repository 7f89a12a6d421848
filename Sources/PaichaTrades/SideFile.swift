import PaichaCore

/// Reads the small CSV files that go with an audit (`--outages`, `--supply`): one record per line, fields split
/// on commas, surrounding spaces and double quotes removed, `#` comments and blank lines skipped.
enum SideFile {
    /// The lines of `text` as (1-based line number, fields).
    static func rows(_ text: String) -> [(line: Int64, fields: [String])] {
        var rows: [(Int64, [String])] = []
        var number: Int64 = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) || line.first == "#" { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { field -> String in
                var text = Substring(field)
                while text.first == " " || text.first == "\t" || text.first == "\"" { text = text.dropFirst() }
                while text.last == " " || text.last == "\t" || text.last == "\"" { text = text.dropLast() }
                return String(text)
            }
            rows.append((number, fields))
        }
        return rows
    }

    /// A time field as `TradeTime` reads it.
    static func time(_ field: String) -> Int64? {
        let bytes = Array(field.utf8)
        return bytes.withUnsafeBytes { TradeTime.parse($0)?.nanoseconds }
    }

    /// A number field (`1.5e9`, `1,000` is not accepted: commas split fields); empty is `nil`.
    static func number(_ field: String) -> Double?? {
        if field.isEmpty { return .some(nil) }
        guard let value = Double(field), value.isFinite, value >= 0 else { return nil }
        return .some(value)
    }

    /// Whether two venue names are the same, ignoring case (`Binance` in an outages file is `binance` on a tape).
    static func sameVenue(_ a: String, _ b: String) -> Bool { a.lowercased() == b.lowercased() }

}

/// A time when a venue was down, given by the user or seen as a gap in the venue's own tape.
public struct OutageWindow: Hashable, Sendable, Codable {
    /// The venue that was down.
    public var venue: String
    /// The symbol, when the outage concerns one market (gaps); `nil` for the whole venue.
    public var symbol: String?
    /// The start, nanoseconds since the epoch.
    public var start: Int64
    /// The end, nanoseconds since the epoch.
    public var end: Int64
    /// `user` (from `--outages`) or `gap` (from the tape).
    public var source: String
    /// Where it was read: the outages file, or the tape with the gap.
    public var file: String
    /// The outages file's line, or the line of the last trade before the gap.
    public var line: Int64
    /// For gaps, the line of the first trade after it.
    public var lineAfter: Int64?

    /// Makes a window.
    public init(
        venue: String,
        symbol: String? = nil,
        start: Int64,
        end: Int64,
        source: String = "user",
        file: String = "",
        line: Int64 = 0,
        lineAfter: Int64? = nil
    ) {
        self.venue = venue
        self.symbol = symbol
        self.start = start
        self.end = end
        self.source = source
        self.file = file
        self.line = line
        self.lineAfter = lineAfter
    }

    /// Reads an outages file: `venue,start,end[,symbol]` per line, times as on tapes (epoch integers, decimal
    /// seconds, RFC 3339); a first line whose start is not a time is a header.
    public static func parse(_ text: String, file: String) throws(TapeError) -> [OutageWindow] {
        var windows: [OutageWindow] = []
        for (index, row) in SideFile.rows(text).enumerated() {
            let fields = row.fields
            guard fields.count >= 3 else {
                throw TapeError(.badSideFile, file: file, line: row.line, detail: "expected venue,start,end")
            }
            guard let start = SideFile.time(fields[1]), let end = SideFile.time(fields[2]) else {
                if index == 0 { continue }
                throw TapeError(.badSideFile, file: file, line: row.line, detail: "bad time")
            }
            guard end > start, !fields[0].isEmpty else {
                throw TapeError(.badSideFile, file: file, line: row.line, detail: "empty venue, or end not after start")
            }
            let symbol = fields.count > 3 && !fields[3].isEmpty ? fields[3] : nil
            windows.append(
                OutageWindow(venue: fields[0], symbol: symbol, start: start, end: end, file: file, line: row.line)
            )
        }
        return windows
    }
}

/// Supply figures for one asset or market, from `--supply`.
public struct SupplyFigure: Hashable, Sendable, Codable {
    /// The symbol as written (`BTC`, `BTCUSDT`).
    public var symbol: String
    /// Coins in circulation (base units).
    public var circulatingSupply: Double?
    /// Market capitalisation in quote units (e.g. USD).
    public var marketCap: Double?
    /// Open interest in quote units.
    public var openInterest: Double?
    /// The venue to compare every venue with, for this symbol.
    public var benchmarkVenue: String?
    /// The supply file's line.
    public var line: Int64

    /// Makes a figure.
    public init(
        symbol: String,
        circulatingSupply: Double? = nil,
        marketCap: Double? = nil,
        openInterest: Double? = nil,
        benchmarkVenue: String? = nil,
        line: Int64 = 0
    ) {
        self.symbol = symbol
        self.circulatingSupply = circulatingSupply
        self.marketCap = marketCap
        self.openInterest = openInterest
        self.benchmarkVenue = benchmarkVenue
        self.line = line
    }

    /// Whether this figure is for `symbol`: the same key (`SymbolMatching.key`), or a base asset followed by a
    /// quote currency (`BTC` and `XBT` match `BTCUSDT` and `BTC-USD`, not `BTCDOMUSDT`).
    public func matches(_ symbol: String, using matching: SymbolMatching = SymbolMatching()) -> Bool {
        let mine = matching.key(self.symbol)
        let theirs = matching.key(symbol)
        if mine == theirs { return true }
        return SymbolMatching.split(theirs)?.base == mine
    }

    /// Reads a supply file: a header naming `symbol` and any of `circulating_supply` (or `supply`),
    /// `market_cap`, `open_interest`, `benchmark`; without a header the columns are in that order.
    public static func parse(_ text: String, file: String) throws(TapeError) -> [SupplyFigure] {
        var rows = SideFile.rows(text)
        var columns = ["symbol": 0, "supply": 1, "cap": 2, "oi": 3, "benchmark": 4]
        if let first = rows.first, first.fields.contains(where: { $0.lowercased() == "symbol" }) {
            columns = [:]
            for (index, name) in first.fields.enumerated() {
                let key = name.lowercased().filter { $0.isLetter }
                switch key {
                case "symbol", "asset": columns["symbol"] = index
                case "circulatingsupply", "supply", "circulating": columns["supply"] = index
                case "marketcap", "cap", "marketcapitalization": columns["cap"] = index
                case "openinterest", "oi": columns["oi"] = index
                case "benchmark", "benchmarkvenue": columns["benchmark"] = index
                default: break
                }
            }
            rows.removeFirst()
        }
        var figures: [SupplyFigure] = []
        for row in rows {
            func field(_ key: String) -> String {
                guard let index = columns[key], index < row.fields.count else { return "" }
                return row.fields[index]
            }
            guard !field("symbol").isEmpty, let supply = SideFile.number(field("supply")),
                let cap = SideFile.number(field("cap")), let interest = SideFile.number(field("oi"))
            else {
                throw TapeError(.badSideFile, file: file, line: row.line, detail: "expected symbol and numbers")
            }
            let benchmark = field("benchmark")
            figures.append(
                SupplyFigure(
                    symbol: field("symbol"),
                    circulatingSupply: supply,
                    marketCap: cap,
                    openInterest: interest,
                    benchmarkVenue: benchmark.isEmpty ? nil : benchmark,
                    line: row.line
                )
            )
        }
        return figures
    }
}
