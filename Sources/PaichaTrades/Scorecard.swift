public import PaichaCore

/// The round-lot test: trades at 1, 2 and 5 times a power of ten against their unrounded neighbours.
///
/// Around each round lot R·10^m the values are bucketed on a grid of width 10^(m−2) (R ± 1 %, ± 2 % …). With a
/// smooth size distribution the bucket holding the lot gets about the mean of its 2w neighbours; a binomial
/// test (normal approximation with continuity correction, one-sided) asks whether it gets more. Only lots
/// whose grid is no finer than the tape's lot precision are used.
public struct RoundLotResult: Hashable, Sendable, Codable {
    /// Neighbouring buckets on each side.
    public var window: Int
    /// Values in the round-lot buckets.
    public var atRoundLots: Int64
    /// Values exactly at a round lot (a subset of `atRoundLots`).
    public var exactlyRound: Int64
    /// Values in the neighbouring buckets.
    public var neighbours: Int64
    /// The count expected in the round-lot buckets from the neighbours: neighbours / (2w).
    public var expectedAtRoundLots: Double
    /// atRoundLots / expectedAtRoundLots (0 when nothing is expected).
    public var ratio: Double
    /// Values in the round-lot buckets beyond the expectation: an estimate of the round lots added.
    public var excess: Double
    /// The binomial z, p0 = 1/(2w+1).
    public var z: Double
    /// One-sided p-value.
    public var pValue: Double
    /// By p-value level, but `conforms` whenever the ratio is below the configured minimum.
    public var verdict: Conformity
    /// Per multiple: `1`, `2`, `5` with its bucket counts (−w…w) and exact count.
    public var lots: [RoundLotCell]
}

/// One round multiple's buckets.
public struct RoundLotCell: Hashable, Sendable, Codable {
    /// 1, 2 or 5.
    public var multiple: Int
    /// Counts in the buckets −w…w around the lot.
    public var buckets: [Int64]
    /// Values exactly at the lot.
    public var exactlyRound: Int64
}

/// The tests on one measure (sizes or notional values) of one market.
public struct MeasureScorecard: Hashable, Sendable, Codable {
    /// `size` or `notional`.
    public var measure: String
    /// Values seen.
    public var values: Int64
    /// Zero values, excluded from every test.
    public var zeros: Int64
    /// Values whose digits were cut to 19 (excluded from last-two-digits and round lots).
    public var inexact: Int64
    /// The lot precision as a power of ten (`-8` for 0.00000001), if any value was kept.
    public var lotPrecisionExponent: Int?
    /// The share of values whose last digit is at the lot precision.
    public var shareAtLotPrecision: Double
    /// Whether the last-two-digits test applies: the values are sizes (not notional values: the last digits of a
    /// product of two lot-quantised numbers are not uniform) written to one lot precision (`shareAtLotPrecision` ≥
    /// the configured minimum). When not, it raises no finding.
    public var lastTwoDigitsApplicable: Bool
    /// Values left out of the last-two-digits test (fewer than 1000 lots, finer than the precision, out of range).
    public var lastTwoDigitsExcluded: Int64
    /// First digit, second digit, first two digits, last two digits.
    public var digitTests: [DigitTestResult]
    /// Round lots against their neighbours.
    public var roundLots: RoundLotResult?
}

/// A uniformity test of trade times over the 60 seconds of a minute.
public struct TimeOfTradeResult: Hashable, Sendable, Codable {
    /// Trades with a time.
    public var count: Int64
    /// Trades per second of the minute, 0…59.
    public var counts: [Int64]
    /// Pearson's χ² against 1/60 each.
    public var chiSquare: Double
    /// P(χ² ≥ chiSquare) with 59 degrees of freedom.
    public var pValue: Double
    /// The busiest second and its share.
    public var busiestSecond: Int
    /// The busiest second's share of trades.
    public var busiestShare: Double
}

/// Wash trades at account level: self-trades, and round trips between two accounts.
public struct WashTradeResult: Hashable, Sendable, Codable {
    /// Trades naming both accounts.
    public var tradesWithAccounts: Int64
    /// Trades whose buyer is the seller.
    public var selfTrades: Int64
    /// selfTrades / tradesWithAccounts.
    public var share: Double
    /// Trades from B back to A answering one from A to B of the same size (± tolerance) within the window.
    public var roundTrips: Int64
    /// The round-trip window in seconds.
    public var roundTripWindowSeconds: Double
    /// The relative size tolerance of a round trip.
    public var roundTripSizeTolerance: Double
    /// Account pairs not tracked (limit reached).
    public var untrackedPairs: Int64
    /// The wash-group window in seconds.
    public var groupWindowSeconds: Double
    /// Windows with trades between accounts.
    public var groupWindows: Int64
    /// Groups of accounts whose trades with each other cancel within a window (counted once per window).
    public var groups: Int64
    /// Trades among the groups' members.
    public var groupTrades: Int64
    /// Their gross volume (sum of sizes).
    public var groupVolume: Double
    /// groupVolume / the market's volume.
    public var groupVolumeShare: Double
    /// Trades left out of the group search (edge limit per window reached).
    public var untrackedGroupTrades: Int64
    /// The first groups, with their evidence.
    public var groupExamples: [WashGroupResult]
}

/// A group of accounts whose trades with each other cancel within a window.
public struct WashGroupResult: Hashable, Sendable, Codable {
    /// The window's start, RFC 3339.
    public var windowStart: String
    /// Its end, RFC 3339.
    public var windowEnd: String
    /// The members, sorted.
    public var accounts: [String]
    /// Each member's net position among the group (bought − sold), in the order of `accounts`.
    public var nets: [Double]
    /// Each member's gross volume among the group (bought + sold).
    public var grosses: [Double]
    /// Trades among the members.
    public var trades: Int64
    /// Their gross volume.
    public var gross: Double
    /// The largest |net| / gross.
    public var largestNetShare: Double
    /// The file.
    public var file: String
    /// The first and last line of each pair's trades.
    public var lines: [Int64]
}

/// Every test on one venue and symbol, with the findings they raise.
public struct MarketScorecard: Hashable, Sendable, Codable {
    /// The exchange.
    public var venue: String
    /// The instrument.
    public var symbol: String
    /// Trades read.
    public var trades: Int64
    /// Taker buys.
    public var buys: Int64
    /// Taker sells.
    public var sells: Int64
    /// The first trade's time, RFC 3339.
    public var firstTime: String?
    /// The last trade's time, RFC 3339.
    public var lastTime: String?
    /// Seconds from the first to the last trade.
    public var spanSeconds: Double
    /// The sum of sizes (base volume).
    public var baseVolume: Double
    /// The sum of notional values (quote volume).
    public var quoteVolume: Double
    /// Tests on trade sizes.
    public var size: MeasureScorecard
    /// Tests on notional values (price × size, exact).
    public var notional: MeasureScorecard
    /// Second-of-minute concentration.
    public var timeOfTrade: TimeOfTradeResult?
    /// The power-law fit to the tail of trade sizes, with a lognormal comparison (context only).
    public var sizeTail: TailResult?
    /// The longest pauses between consecutive trades, longest first: possible outages.
    public var gaps: [GapResult]
    /// Trades earlier than the trade before them (gaps are measured on the tape's order).
    public var outOfOrderTrades: Int64
    /// Self-trades, round trips and cancelling groups, when the tape names accounts.
    public var washTrades: WashTradeResult?
    /// The share of volume the round-size and Benford evidence points to as fabricated.
    public var fabricatedVolume: FabricatedVolumeEstimate?
    /// Turnover under each definition, when `--supply` gives figures for this symbol.
    public var turnover: TurnoverResult?
    /// Price-series buckets kept, their width in seconds, and times the width was doubled.
    public var priceSeries: PriceSeriesSummary?
    /// What the tests point to.
    public var findings: [Finding]

    /// The market.
    public var market: Market { Market(venue: self.venue, symbol: self.symbol) }
}

/// A pause between consecutive trades of a market.
public struct GapResult: Hashable, Sendable, Codable {
    /// The last trade before it, RFC 3339.
    public var from: String
    /// The first trade after it, RFC 3339.
    public var to: String
    /// Its length in seconds.
    public var seconds: Double
    /// The file.
    public var file: String
    /// The line of the trade before it.
    public var lineBefore: Int64
    /// The line of the trade after it.
    public var lineAfter: Int64
}

/// The size of a market's price series.
public struct PriceSeriesSummary: Hashable, Sendable, Codable {
    /// Buckets kept.
    public var buckets: Int
    /// Their width in seconds.
    public var resolutionSeconds: Double
    /// Times the width was doubled to stay within `maximumPriceBuckets`.
    public var coarsenings: Int64
    /// Pauses of at least `outageMinimumGap` not kept (beyond `maximumOutageGaps`).
    public var droppedOutageGaps: Int64
}
