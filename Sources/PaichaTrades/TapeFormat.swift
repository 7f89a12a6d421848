/// The column layouts a tape reader knows.
public enum TapeFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// Binance public-data trades: `id,price,qty,quote_qty,time,is_buyer_maker,is_best_match`.
    case binanceTrades
    /// Binance public-data aggTrades:
    /// `agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker,is_best_match`.
    case binanceAggTrades
    /// Tardis.dev trades: `exchange,symbol,timestamp,local_timestamp,id,side,price,amount` (µs times).
    case tardis
    /// Per-venue ticks: `exchange,symbol,timestamp_ms,iso_time,side,price,size,trade_id`.
    case venueTicks
    /// One market's ticks: `trade_id,time_utc,side,price,size,notional_usd` (RFC 3339 times).
    case timedTicks
    /// Columns found by name in the header, or given with a `ColumnMapping`.
    case generic

    /// The column mapping of a fixed layout (`nil` for `.generic`).
    public var columns: ColumnMapping? {
        switch self {
        case .binanceTrades:
            ColumnMapping(time: .index(4), price: .index(1), size: .index(2), buyerIsMaker: .index(5))
        case .binanceAggTrades:
            ColumnMapping(time: .index(5), price: .index(1), size: .index(2), buyerIsMaker: .index(6))
        case .tardis:
            ColumnMapping(
                time: .index(2),
                price: .index(6),
                size: .index(7),
                side: .index(5),
                venue: .index(0),
                symbol: .index(1)
            )
        case .venueTicks:
            ColumnMapping(
                time: .index(2),
                price: .index(5),
                size: .index(6),
                side: .index(4),
                venue: .index(0),
                symbol: .index(1)
            )
        case .timedTicks:
            ColumnMapping(time: .index(1), price: .index(3), size: .index(4), side: .index(2))
        case .generic:
            nil
        }
    }

    /// The header names of a fixed layout, as its files spell them.
    var headerNames: [String] {
        switch self {
        case .binanceTrades: ["id", "price", "qty", "quote_qty", "time", "is_buyer_maker", "is_best_match"]
        case .binanceAggTrades:
            [
                "agg_trade_id", "price", "quantity", "first_trade_id", "last_trade_id", "transact_time",
                "is_buyer_maker", "is_best_match",
            ]
        case .tardis: ["exchange", "symbol", "timestamp", "local_timestamp", "id", "side", "price", "amount"]
        case .venueTicks: ["exchange", "symbol", "timestamp_ms", "iso_time", "side", "price", "size", "trade_id"]
        case .timedTicks: ["trade_id", "time_utc", "side", "price", "size", "notional_usd"]
        case .generic: []
        }
    }

    /// Whether this layout comes from Binance (the venue is then `binance` unless given).
    public var isBinance: Bool { self == .binanceTrades || self == .binanceAggTrades }
}

/// Which column holds each field of a trade: `time=ts,price=px,size=qty,side=side,venue=ex,symbol=sym`.
public struct ColumnMapping: Hashable, Sendable, Codable {
    /// A column by 0-based position or by header name.
    public enum Column: Hashable, Sendable, Codable, CustomStringConvertible {
        /// The column at this 0-based position.
        case index(Int)
        /// The column with this header name (compared without case).
        case name(String)

        public var description: String {
            switch self {
            case .index(let i): "#\(i + 1)"
            case .name(let n): n
            }
        }
    }

    /// The trade time: integer seconds/ms/µs/ns since the epoch (told apart by magnitude), decimal seconds,
    /// or RFC 3339.
    public var time: Column?
    /// The price.
    public var price: Column
    /// The size in base units.
    public var size: Column
    /// The taker side: `buy`/`sell` (also `b`/`s`, `bid`/`ask`).
    public var side: Column?
    /// `true` when the buyer was the maker (the taker sold), as Binance writes it.
    public var buyerIsMaker: Column?
    /// The venue.
    public var venue: Column?
    /// The symbol.
    public var symbol: Column?
    /// The buying account.
    public var buyer: Column?
    /// The selling account.
    public var seller: Column?

    /// Makes a mapping.
    public init(
        time: Column? = nil,
        price: Column,
        size: Column,
        side: Column? = nil,
        buyerIsMaker: Column? = nil,
        venue: Column? = nil,
        symbol: Column? = nil,
        buyer: Column? = nil,
        seller: Column? = nil
    ) {
        self.time = time
        self.price = price
        self.size = size
        self.side = side
        self.buyerIsMaker = buyerIsMaker
        self.venue = venue
        self.symbol = symbol
        self.buyer = buyer
        self.seller = seller
    }

    /// The keys `parse` accepts.
    public static let keys = ["time", "price", "size", "side", "buyerIsMaker", "venue", "symbol", "buyer", "seller"]

    /// Parses `key=column,...`; a column is a header name or a 1-based position written `#3` or `3`.
    /// `price` and `size` are required.
    public static func parse(_ text: String) throws(TapeError) -> ColumnMapping {
        var columns: [String: Column] = [:]
        for part in text.split(separator: ",", omittingEmptySubsequences: true) {
            let pair = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2 else {
                throw TapeError(.badMapping, file: "--columns", detail: "'\(part)' is not key=column")
            }
            let key = pair[0].trimmingSpaces
            guard let canonical = keys.first(where: { $0.lowercased() == key.lowercased() }) else {
                throw TapeError(
                    .badMapping,
                    file: "--columns",
                    detail: "unknown key '\(key)'; keys: \(keys.joined(separator: ", "))"
                )
            }
            var value = pair[1].trimmingSpaces
            guard !value.isEmpty else {
                throw TapeError(.badMapping, file: "--columns", detail: "no column for '\(key)'")
            }
            guard columns[canonical] == nil else {
                throw TapeError(.badMapping, file: "--columns", detail: "'\(key)' given twice")
            }
            let numbered = value.hasPrefix("#")
            if numbered { value.removeFirst() }
            if let position = Int(value), position >= 1, position <= 4096 {
                columns[canonical] = .index(position - 1)
            } else if numbered {
                throw TapeError(.badMapping, file: "--columns", detail: "bad position '#\(value)'")
            } else {
                columns[canonical] = .name(value)
            }
        }
        guard let price = columns["price"], let size = columns["size"] else {
            throw TapeError(.badMapping, file: "--columns", detail: "price and size are required")
        }
        if columns["side"] != nil, columns["buyerIsMaker"] != nil {
            throw TapeError(.badMapping, file: "--columns", detail: "give side or buyerIsMaker, not both")
        }
        return ColumnMapping(
            time: columns["time"],
            price: price,
            size: size,
            side: columns["side"],
            buyerIsMaker: columns["buyerIsMaker"],
            venue: columns["venue"],
            symbol: columns["symbol"],
            buyer: columns["buyer"],
            seller: columns["seller"]
        )
    }

    /// Whether any column is given by name (the file must then have a header).
    public var usesNames: Bool {
        [
            self.time, self.price, self.size, self.side, self.buyerIsMaker, self.venue, self.symbol, self.buyer,
            self.seller,
        ]
        .contains { if case .name = $0 { true } else { false } }
    }

    /// A mapping guessed from header names (`timestamp`, `price`, `amount`/`size`/`qty` …), or `nil` if the
    /// header has no price or no size column.
    static func guessed(fromHeader names: [String]) -> ColumnMapping? {
        func find(_ candidates: [String]) -> Column? {
            for candidate in candidates {
                if let position = names.firstIndex(of: candidate) { return .index(position) }
            }
            return nil
        }
        guard let price = find(["price", "px", "trade_price"]),
            let size = find(["amount", "size", "qty", "quantity", "base_amount", "volume", "trade_size"])
        else { return nil }
        return ColumnMapping(
            time: find(["timestamp", "timestamp_ms", "time", "time_utc", "transact_time", "ts", "datetime", "date"]),
            price: price,
            size: size,
            side: find(["side", "taker_side", "takerside"]),
            buyerIsMaker: find(["side", "taker_side", "takerside"]) == nil
                ? find(["is_buyer_maker", "isbuyermaker"]) : nil,
            venue: find(["exchange", "venue"]),
            symbol: find(["symbol", "pair", "instrument", "market"]),
            buyer: find(["buyer", "buyer_id", "buyer_account", "buy_account"]),
            seller: find(["seller", "seller_id", "seller_account", "sell_account"])
        )
    }
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        String(self.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
