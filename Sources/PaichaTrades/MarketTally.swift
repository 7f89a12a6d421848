public import PaichaCore

/// Everything counted for one market while its trades stream by; memory does not grow with the trades.
public struct MarketTally: Sendable {
    /// The market.
    public let market: Market
    /// Trades seen.
    public private(set) var trades: Int64 = 0
    /// Taker buys.
    public private(set) var buys: Int64 = 0
    /// Taker sells.
    public private(set) var sells: Int64 = 0
    /// The earliest and latest trade time.
    public private(set) var firstTime: Timestamp?
    /// The latest trade time.
    public private(set) var lastTime: Timestamp?
    /// Size digits.
    public private(set) var sizes = DigitAccumulator()
    /// Notional (price × size) digits.
    public private(set) var notionals = DigitAccumulator()
    /// Trades per second of the minute.
    public private(set) var secondOfMinute = [Int64](repeating: 0, count: 60)
    /// Trades whose buyer and seller are the same account.
    public private(set) var selfTrades: Int64 = 0
    /// Trades with both a buyer and a seller.
    public private(set) var tradesWithAccounts: Int64 = 0
    /// The first self-trades' lines and accounts.
    public private(set) var selfTradeExamples: [(file: Int32, line: Int64, account: String)] = []

    /// Makes an empty tally.
    public init(market: Market) {
        self.market = market
    }

    /// Counts one trade read from the caller's file number `file`; `accounts` names the reader's account
    /// indices (for self-trade evidence).
    public mutating func add(_ trade: Trade, file: Int32 = 0, accounts: [String] = []) {
        self.trades &+= 1
        switch trade.side {
        case .buy: self.buys &+= 1
        case .sell: self.sells &+= 1
        case .unknown: break
        }
        if let time = trade.time {
            if self.firstTime.map({ time < $0 }) ?? true { self.firstTime = time }
            if self.lastTime.map({ time > $0 }) ?? true { self.lastTime = time }
            var second = time.nanoseconds / 1_000_000_000 % 60
            if second < 0 { second += 60 }
            self.secondOfMinute[Int(second)] &+= 1
        }
        self.sizes.add(trade.size, line: trade.line, file: file)
        self.notionals.add(trade.notional, line: trade.line, file: file)
        if let buyer = trade.buyer, let seller = trade.seller {
            self.tradesWithAccounts &+= 1
            if buyer == seller {
                self.selfTrades &+= 1
                if self.selfTradeExamples.count < DigitAccumulator.evidencePerCell {
                    let name = Int(buyer) < accounts.count ? accounts[Int(buyer)] : "#\(buyer)"
                    self.selfTradeExamples.append((file, trade.line, name))
                }
            }
        }
    }
}
