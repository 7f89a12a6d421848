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
    public var secondOfMinute: [Int64] { (0..<60).map { self.secondCounts[$0] } }
    private var secondCounts = InlineArray<60, Int64>(repeating: 0)
    /// Trades whose buyer and seller are the same account.
    public private(set) var selfTrades: Int64 = 0
    /// Trades with both a buyer and a seller.
    public private(set) var tradesWithAccounts: Int64 = 0
    /// The first self-trades' lines and accounts.
    public private(set) var selfTradeExamples: [(file: Int32, line: Int64, account: String)] = []

    /// A uniform sample of sizes for the tail fit.
    public private(set) var sizeSample: ReservoirSample
    /// The longest pauses between consecutive trades (longest first), at most `TradeGap.kept`.
    public private(set) var gaps: [TradeGap] = []
    /// Trades whose time is earlier than the one before (the tape is not in time order there).
    public private(set) var outOfOrder: Int64 = 0
    private var previousTime: Int64?
    private var previousLine: Int64 = 0
    /// The second the last trade fell in, `secondStart..<secondStart + 1 s`, and its place in the minute, so that a
    /// trade in the same second is counted without dividing.
    private var secondStart: Int64 = .max
    private var secondIndex = 0

    /// Round trips: a trade from account A to B answered by one from B to A of about the same size within the
    /// window.
    public private(set) var roundTrips: Int64 = 0
    /// The first round trips: the answering trade's place and the pair.
    public private(set) var roundTripExamples: [(file: Int32, line: Int64, firstLine: Int64, accounts: String)] = []
    /// Account pairs not tracked because `maximumAccountPairs` was reached.
    public private(set) var untrackedPairs: Int64 = 0
    /// The last trade from each seller to each buyer (seller << 32 | buyer): time, size, line.
    private var lastByPair: [UInt64: (time: Int64, size: Double, line: Int64)] = [:]
    /// How far apart the two legs of a round trip may be, in nanoseconds.
    public let roundTripWindow: Int64
    /// How far apart their sizes may be, relative to the larger.
    public let roundTripSizeTolerance: Double
    /// The most account pairs remembered.
    public let maximumAccountPairs: Int

    /// The sum of sizes (base volume).
    public private(set) var baseVolume: Double = 0
    /// The sum of notional values (quote volume).
    public private(set) var quoteVolume: Double = 0
    /// The sum of sizes per first digit 1…9.
    public var firstDigitVolume: [Double] { (0..<9).map { self.firstDigitVolumes[$0] } }
    private var firstDigitVolumes = InlineArray<9, Double>(repeating: 0)
    /// Sizes exactly 1, 2 or 5 times a power of ten: their count…
    public var exactRoundCount: [Int64] { (0..<3).map { self.exactRoundCounts[$0] } }
    private var exactRoundCounts = InlineArray<3, Int64>(repeating: 0)
    /// …and the sum of those sizes.
    public var exactRoundVolume: [Double] { (0..<3).map { self.exactRoundVolumes[$0] } }
    private var exactRoundVolumes = InlineArray<3, Double>(repeating: 0)
    /// Groups of accounts whose trades cancel within a window.
    public private(set) var washGroups: WashGroupTracker
    /// Prices in time buckets, for outages and price moves.
    public private(set) var prices: PriceSeries
    /// Pauses of at least `outageMinimumGap`, longest first (at most `maximumOutageGaps`): candidate outages.
    public private(set) var outageGaps: [TradeGap] = []
    /// Pauses of at least `outageMinimumGap` beyond `maximumOutageGaps` (not kept).
    public private(set) var droppedOutageGaps: Int64 = 0
    private let outageMinimumGap: Int64
    private let maximumOutageGaps: Int

    /// Makes an empty tally with the thresholds of `configuration`.
    public init(market: Market, configuration: AuditConfiguration = AuditConfiguration()) {
        self.market = market
        self.sizeSample = ReservoirSample(capacity: configuration.tailSampleSize)
        self.roundTripWindow = Int64(configuration.roundTripWindow * 1e9)
        self.roundTripSizeTolerance = configuration.roundTripSizeTolerance
        self.maximumAccountPairs = configuration.maximumAccountPairs
        self.washGroups = WashGroupTracker(
            window: Int64(configuration.washGroupWindow * 1e9),
            netTolerance: configuration.washGroupNetTolerance,
            minimumTrades: configuration.washGroupMinimumTrades,
            maximumPeeled: configuration.washGroupMaximumPeeled,
            maximumEdges: configuration.limits.maximumWindowEdges,
            maximumKept: configuration.limits.maximumWashGroupsKept
        )
        self.prices = PriceSeries(
            resolution: Int64(configuration.priceSeriesResolution * 1e9),
            maximumBuckets: configuration.limits.maximumPriceBuckets
        )
        self.outageMinimumGap = Int64(configuration.outageMinimumGap * 1e9)
        self.maximumOutageGaps = configuration.limits.maximumOutageGaps
    }

    /// Closes the last wash-group window; call after the last trade, before scoring.
    public mutating func finish() {
        self.washGroups.finishWindow()
    }

    /// Counts one trade read from the caller's file number `file`; `accounts` names the reader's account
    /// indices (for self-trade evidence). With `notional` false the notional value is left out (its digits and
    /// the quote volume): it is counted elsewhere, in a `NotionalTally` merged with `merge(_:)`.
    public mutating func add(_ trade: Trade, file: Int32 = 0, accounts: [String] = [], notional: Bool = true) {
        withUnsafePointer(to: trade) {
            self.add(
                contentsOf: UnsafeBufferPointer(start: $0, count: 1),
                file: file,
                accounts: accounts,
                notional: notional
            )
        }
    }

    /// Counts trades as `add(_:file:accounts:notional:)` does, one after the other.
    public mutating func add(
        contentsOf trades: UnsafeBufferPointer<Trade>,
        file: Int32 = 0,
        accounts: [String] = [],
        notional: Bool = true
    ) {
        // Nothing copies this tally while its trades are counted: the digit tables are made unique once.
        self.sizes.makeTableUnique()
        if notional { self.notionals.makeTableUnique() }
        for trade in trades { self.count(trade, file: file, accounts: accounts, notional: notional) }
    }

    /// `add` once the digit tables are unique.
    @inline(__always)
    private mutating func count(_ trade: Trade, file: Int32, accounts: [String], notional: Bool) {
        self.trades &+= 1
        switch trade.side {
        case .buy: self.buys &+= 1
        case .sell: self.sells &+= 1
        case .unknown: break
        }
        if let time = trade.time {
            if self.firstTime.map({ time < $0 }) ?? true { self.firstTime = time }
            if self.lastTime.map({ time > $0 }) ?? true { self.lastTime = time }
            self.noteGap(time.nanoseconds, line: trade.line, file: file)
            let nanoseconds = time.nanoseconds
            if nanoseconds >= 0 {
                if nanoseconds < self.secondStart || nanoseconds &- self.secondStart >= 1_000_000_000 {
                    let seconds = nanoseconds / 1_000_000_000
                    self.secondStart = seconds * 1_000_000_000
                    self.secondIndex = Int(seconds % 60)
                }
                self.secondCounts[self.secondIndex] &+= 1
            } else {
                var second = nanoseconds / 1_000_000_000 % 60
                if second < 0 { second += 60 }
                self.secondCounts[Int(second)] &+= 1
            }
        }
        let sizePrefix = self.sizes.count(trade.size, line: trade.line, file: file)
        let size = trade.size.doubleValue
        self.baseVolume += size
        if notional {
            let value = trade.notional
            self.quoteVolume += value.doubleValue
            _ = self.notionals.count(value, line: trade.line, file: file)
        }
        if !trade.size.isZero {
            self.sizeSample.add(size)
            let first = sizePrefix / 100
            self.firstDigitVolumes[first &- 1] += size
            if trade.size.digitCount == 1, !trade.size.isInexact {
                let multiple = first == 1 ? 0 : first == 2 ? 1 : first == 5 ? 2 : -1
                if multiple >= 0 {
                    self.exactRoundCounts[multiple] &+= 1
                    self.exactRoundVolumes[multiple] += size
                }
            }
        }
        if let time = trade.time?.nanoseconds {
            self.prices.add(
                time: time,
                price: trade.price.doubleValue,
                size: size,
                side: trade.side,
                file: file,
                line: trade.line
            )
        }
        if let buyer = trade.buyer, let seller = trade.seller {
            self.tradesWithAccounts &+= 1
            if buyer != seller, let time = trade.time?.nanoseconds {
                self.checkRoundTrip(
                    buyer: buyer,
                    seller: seller,
                    time: time,
                    trade: trade,
                    file: file,
                    accounts: accounts
                )
            }
            if let time = trade.time?.nanoseconds {
                self.washGroups.add(
                    buyer: buyer,
                    seller: seller,
                    time: time,
                    size: size,
                    line: trade.line,
                    file: file,
                    accounts: accounts
                )
            }
            if buyer == seller {
                self.selfTrades &+= 1
                if self.selfTradeExamples.count < DigitAccumulator.evidencePerCell {
                    let name = Int(buyer) < accounts.count ? accounts[Int(buyer)] : "#\(buyer)"
                    self.selfTradeExamples.append((file, trade.line, name))
                }
            }
        }
    }

    /// Adds the notional values counted elsewhere for this market's trades (after those counted here).
    public mutating func merge(_ other: NotionalTally) {
        self.notionals.merge(other.digits)
        self.quoteVolume += other.quoteVolume
    }

    private mutating func checkRoundTrip(
        buyer: Int32,
        seller: Int32,
        time: Int64,
        trade: Trade,
        file: Int32,
        accounts: [String]
    ) {
        let size = trade.size.doubleValue
        let reverse = UInt64(UInt32(bitPattern: buyer)) << 32 | UInt64(UInt32(bitPattern: seller))
        if let previous = self.lastByPair[reverse], time >= previous.time, time - previous.time <= self.roundTripWindow,
            abs(size - previous.size) <= self.roundTripSizeTolerance * max(size, previous.size)
        {
            self.roundTrips &+= 1
            self.lastByPair[reverse] = nil
            if self.roundTripExamples.count < DigitAccumulator.evidencePerCell {
                func name(_ index: Int32) -> String { Int(index) < accounts.count ? accounts[Int(index)] : "#\(index)" }
                self.roundTripExamples.append(
                    (file, trade.line, previous.line, "\(name(buyer)) → \(name(seller)) → \(name(buyer))")
                )
            }
            return
        }
        let key = UInt64(UInt32(bitPattern: seller)) << 32 | UInt64(UInt32(bitPattern: buyer))
        if self.lastByPair[key] == nil, self.lastByPair.count >= self.maximumAccountPairs {
            self.untrackedPairs &+= 1
            return
        }
        self.lastByPair[key] = (time, size, trade.line)
    }

    private mutating func noteGap(_ time: Int64, line: Int64, file: Int32) {
        defer {
            self.previousTime = time
            self.previousLine = line
        }
        guard let previous = self.previousTime else { return }
        if time < previous {
            self.outOfOrder &+= 1
            return
        }
        let length = time - previous
        // Made only when kept (this runs for every trade).
        let lineBefore = self.previousLine
        func gap() -> TradeGap {
            TradeGap(
                start: Timestamp(nanoseconds: previous),
                nanoseconds: length,
                file: file,
                lineBefore: lineBefore,
                lineAfter: line
            )
        }
        if length >= self.outageMinimumGap {
            if self.outageGaps.count < self.maximumOutageGaps {
                self.outageGaps.append(gap())
            } else {
                self.droppedOutageGaps &+= 1
                if let shortest = self.outageGaps.indices.min(by: {
                    self.outageGaps[$0].nanoseconds < self.outageGaps[$1].nanoseconds
                }), self.outageGaps[shortest].nanoseconds < length {
                    self.outageGaps[shortest] = gap()
                }
            }
        }
        if self.gaps.count == TradeGap.kept, let shortest = self.gaps.last, shortest.nanoseconds >= length { return }
        let index = self.gaps.firstIndex { $0.nanoseconds < length } ?? self.gaps.count
        self.gaps.insert(gap(), at: index)
        if self.gaps.count > TradeGap.kept { self.gaps.removeLast() }
    }
}

/// A pause in a market's trades: a possible outage.
public struct TradeGap: Hashable, Sendable {
    /// Gaps kept per market.
    public static let kept = 5
    /// The time of the last trade before it.
    public var start: Timestamp
    /// Its length.
    public var nanoseconds: Int64
    /// The caller's file number.
    public var file: Int32
    /// The line of the trade before it.
    public var lineBefore: Int64
    /// The line of the trade after it.
    public var lineAfter: Int64
}

/// The notional values (price × size) of one market's trades: their digits and their sum, the quote volume.
///
/// Counted apart from the rest of `MarketTally` so that the reading thread can take this share of the work.
public struct NotionalTally: Sendable {
    /// The digits of the notional values.
    public private(set) var digits = DigitAccumulator()
    /// The sum of the notional values.
    public private(set) var quoteVolume: Double = 0

    /// Makes an empty tally.
    public init() {}

    /// Counts one trade's notional value; `file` is the caller's file number, for evidence.
    public mutating func add(_ trade: Trade, file: Int32) {
        self.digits.makeTableUnique()
        self.count(trade, file: file)
    }

    /// Copies shared digit counts, so that `count` may write them (see `DigitAccumulator.makeTableUnique`).
    @inline(__always)
    mutating func makeTableUnique() { self.digits.makeTableUnique() }

    /// `add` once the digit table is unique.
    @inline(__always)
    mutating func count(_ trade: Trade, file: Int32) {
        let value = trade.notional
        self.quoteVolume += value.doubleValue
        _ = self.digits.count(value, line: trade.line, file: file)
    }
}

/// The notional values of a tape's trades per market index, counted as the trades come, with the current market's
/// tally held apart from the array (most tapes have one market), so that counting a trade does not go through it.
struct NotionalCounter: Sendable {
    /// The caller's file number, for evidence.
    let file: Int32
    private var stored: [NotionalTally] = []
    private var market = -1
    private var current = NotionalTally()

    init(file: Int32) { self.file = file }

    /// Makes the current tally's digit counts unique: call before a run of `add`s (it stays so through them).
    mutating func prepare() { self.current.makeTableUnique() }

    /// Counts one trade's notional value (after `prepare`).
    @inline(__always)
    mutating func add(_ trade: Trade) {
        if Int(trade.market) != self.market { self.switchMarket(to: Int(trade.market)) }
        self.current.count(trade, file: self.file)
    }

    private mutating func switchMarket(to market: Int) {
        if self.market >= 0 { self.stored[self.market] = self.current }
        self.market = market
        while self.stored.count <= market { self.stored.append(NotionalTally()) }
        self.current = self.stored[market]
        self.stored[market] = NotionalTally()
        self.current.makeTableUnique()
    }

    /// The tallies, indexed by market.
    var tallies: [NotionalTally] {
        var all = self.stored
        if self.market >= 0 { all[self.market] = self.current }
        return all
    }
}
