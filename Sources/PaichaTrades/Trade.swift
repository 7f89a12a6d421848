public import PaichaCore

/// Which side took liquidity in a trade.
public enum TradeSide: String, Sendable, Hashable, Codable, CaseIterable, BitwiseCopyable {
    /// The taker bought (lifted an offer).
    case buy
    /// The taker sold (hit a bid).
    case sell
    /// The tape does not say.
    case unknown
}

/// A venue and a symbol: the unit every test is run on.
public struct Market: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The exchange (`HTX`, `binance`), or the name given with `--venue`.
    public var venue: String
    /// The instrument (`TRXUSDT`, `BTC-USD`).
    public var symbol: String

    /// Makes a market.
    public init(venue: String, symbol: String) {
        self.venue = venue
        self.symbol = symbol
    }

    public static func < (lhs: Market, rhs: Market) -> Bool { (lhs.venue, lhs.symbol) < (rhs.venue, rhs.symbol) }

    /// `venue/symbol`.
    public var description: String { "\(self.venue)/\(self.symbol)" }
}

/// One trade read from a tape. Markets and accounts are indices into the reader's tables.
public struct Trade: Hashable, Sendable, BitwiseCopyable {
    /// When it happened, if the tape says.
    public var time: Timestamp?
    /// The price in quote units.
    public var price: TradeDecimal
    /// The size in base units.
    public var size: TradeDecimal
    /// Which side took liquidity.
    public var side: TradeSide
    /// The index of its market in `TapeReader.markets`.
    public var market: Int32
    /// The index of the buying account in `TapeReader.accounts`, if the tape has one.
    public var buyer: Int32?
    /// The index of the selling account in `TapeReader.accounts`, if the tape has one.
    public var seller: Int32?
    /// The 1-based line number in its file.
    public var line: Int64

    /// Makes a trade.
    public init(
        time: Timestamp?,
        price: TradeDecimal,
        size: TradeDecimal,
        side: TradeSide,
        market: Int32,
        buyer: Int32? = nil,
        seller: Int32? = nil,
        line: Int64
    ) {
        self.time = time
        self.price = price
        self.size = size
        self.side = side
        self.market = market
        self.buyer = buyer
        self.seller = seller
        self.line = line
    }

    /// The notional value, price × size, in quote units (exact unless marked inexact).
    @inlinable
    public var notional: TradeDecimal { self.price.multiplied(by: self.size) }
}
