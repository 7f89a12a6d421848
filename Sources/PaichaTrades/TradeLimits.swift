/// Bounds a tape reader and the audit put on hostile or huge input. Each is counted when hit.
public struct TradeLimits: Hashable, Sendable, Codable {
    /// The longest line read, in bytes; longer lines are reported as bad rows and skipped.
    public var maximumLineLength: Int
    /// The most fields read from one line; further fields are ignored (and counted).
    public var maximumFields: Int
    /// Bad rows kept with their text for the report (all are counted).
    public var maximumBadRowsKept: Int
    /// Characters kept of each quoted excerpt.
    public var maximumExcerptLength: Int
    /// Distinct markets (venue/symbol pairs) tracked; trades of further markets are counted, not tested.
    public var maximumMarkets: Int
    /// Distinct accounts tracked (buyer/seller ids); trades naming further accounts are counted.
    public var maximumAccounts: Int
    /// The size of each read from a file, in bytes.
    public var readBufferSize: Int
    /// Buyer→seller edges kept per market and wash-group window; trades on further pairs are counted.
    public var maximumWindowEdges: Int
    /// Wash-trade groups kept with their evidence per market (all are counted).
    public var maximumWashGroupsKept: Int
    /// Price-series buckets per market; when reached, the bucket width doubles (counted in `coarsenings`).
    public var maximumPriceBuckets: Int
    /// Candidate outage gaps kept per market (the longest; further ones are counted).
    public var maximumOutageGaps: Int

    /// Makes limits with the given bounds.
    public init(
        maximumLineLength: Int = 16 * 1024,
        maximumFields: Int = 64,
        maximumBadRowsKept: Int = 20,
        maximumExcerptLength: Int = 200,
        maximumMarkets: Int = 10_000,
        maximumAccounts: Int = 1_000_000,
        readBufferSize: Int = 1 << 20,
        maximumWindowEdges: Int = 1_000_000,
        maximumWashGroupsKept: Int = 20,
        maximumPriceBuckets: Int = 20_000,
        maximumOutageGaps: Int = 200
    ) {
        self.maximumLineLength = maximumLineLength
        self.maximumFields = maximumFields
        self.maximumBadRowsKept = maximumBadRowsKept
        self.maximumExcerptLength = maximumExcerptLength
        self.maximumMarkets = maximumMarkets
        self.maximumAccounts = maximumAccounts
        self.readBufferSize = readBufferSize
        self.maximumWindowEdges = maximumWindowEdges
        self.maximumWashGroupsKept = maximumWashGroupsKept
        self.maximumPriceBuckets = maximumPriceBuckets
        self.maximumOutageGaps = maximumOutageGaps
    }
}
