/// What the other venues' prices did while one venue was down.
public struct OutageReport: Hashable, Sendable, Codable {
    /// The venue that was down.
    public var venue: String
    /// The symbol compared across venues.
    public var symbol: String
    /// The outage's start, RFC 3339.
    public var start: String
    /// Its end, RFC 3339.
    public var end: String
    /// Its length in seconds.
    public var seconds: Double
    /// `user` (from `--outages`) or `gap` (a pause in the venue's own tape).
    public var source: String
    /// Where it was read: the outages file or the tape.
    public var file: String
    /// The outages file's line, or the line of the last trade before the gap.
    public var line: Int64
    /// For gaps, the line of the first trade after it.
    public var lineAfter: Int64?
    /// The down venue's last price before the outage, if its tape has this symbol.
    public var downVenuePriceBefore: Double?
    /// Its first price after the outage.
    public var downVenuePriceAfter: Double?
    /// One comparison per other venue trading the symbol during the outage.
    public var comparisons: [OutageComparison]
    /// Prices of every venue with this symbol around the outage (for the chart).
    public var chart: [PriceLine]
}

/// One venue's prices while another was down.
public struct OutageComparison: Hashable, Sendable, Codable {
    /// The venue compared.
    public var venue: String
    /// Its symbol.
    public var symbol: String
    /// `venue` (a third venue's tape), `downVenueLastPrice` (the down venue's last price, carried forward), or
    /// `ownPriceBefore` (this venue's own price before the outage: only its move is measured).
    public var referenceKind: String
    /// The reference venue, for `venue` and `downVenueLastPrice`.
    public var referenceVenue: String?
    /// Trades during the outage.
    public var tradesInWindow: Int64
    /// Their volume (sum of sizes).
    public var volumeInWindow: Double
    /// The last price before the outage.
    public var priceBefore: Double?
    /// The last price during it.
    public var lastPriceInWindow: Double
    /// lastPriceInWindow / priceBefore − 1.
    public var move: Double?
    /// The largest deviation from the reference during the outage (signed, relative).
    public var maximumDeviation: Double
    /// The median deviation from the reference over as long before the outage: the usual basis.
    public var baselineDeviation: Double
    /// maximumDeviation − baselineDeviation: the deviation the outage window adds.
    public var excessDeviation: Double
    /// For `ownPriceBefore`: the 95th percentile of this venue's absolute moves over windows as long.
    public var typicalMove: Double?
    /// When the extreme price was traded (its bucket's start), RFC 3339.
    public var extremeTime: String
    /// The extreme price.
    public var extremePrice: Double
    /// The file of the extreme trade.
    public var extremeFile: String
    /// Its line.
    public var extremeLine: Int64
    /// The largest move of this venue's own price during the outage from its price before (signed).
    public var extremeMove: Double
    /// Buckets of large, one-sided volume during the outage (liquidation-like bursts): how many…
    public var burstCount: Int64
    /// …how many the market's rate of bursts outside the outage predicts…
    public var expectedBursts: Double
    /// …P(at least burstCount) under that Poisson rate…
    public var burstPValue: Double
    /// …whether that makes a cluster (p below `burstClusterPValue`)…
    public var burstCluster: Bool
    /// …and the first of them.
    public var bursts: [PriceBurst]
    /// Whether the pattern "venue A down while venue B moves the price" is flagged: the deviation from the reference
    /// beyond the usual basis and this venue's own move both reach `outagePriceDeviation` (and, without a
    /// reference, exceed its typical move over as long).
    public var flagged: Bool
}

/// A bucket of unusually large, one-sided volume.
public struct PriceBurst: Hashable, Sendable, Codable {
    /// The bucket's start, RFC 3339.
    public var time: String
    /// Its width in seconds.
    public var seconds: Double
    /// `buy` or `sell`: the side that dominated.
    public var side: String
    /// Its volume (sum of sizes).
    public var volume: Double
    /// The dominating side's share of the volume.
    public var oneSidedShare: Double
    /// volume / the market's median bucket volume.
    public var multipleOfMedian: Double
    /// Trades in it.
    public var trades: Int64
    /// The price change within it (close / open − 1).
    public var priceChange: Double
    /// The file of its first trade.
    public var file: String
    /// Its first trade's line.
    public var line: Int64
}

/// A market's prices for a chart: seconds from the outage's start, and the bucket's last price.
public struct PriceLine: Hashable, Sendable, Codable {
    /// The venue.
    public var venue: String
    /// The symbol.
    public var symbol: String
    /// Points as [seconds from the outage's start, price].
    public var points: [[Double]]
}
