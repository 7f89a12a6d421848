/// Every threshold an audit uses; all appear in the output's `parameters`.
public struct AuditConfiguration: Hashable, Sendable, Codable {
    /// Tests on fewer values than this are reported but raise no finding.
    public var minimumValues: Int64
    /// The finest share of values ignored when finding the lot precision (stray float noise).
    public var lotPrecisionIgnoredShare: Double
    /// The last-two-digits test needs at least this share of values written to the full lot precision;
    /// below it the tape mixes precisions (float noise) and the test is marked not applicable.
    public var lastTwoDigitsMinimumShareAtPrecision: Double
    /// The time-of-trade test raises a finding only on tapes spanning at least this many seconds.
    public var timeOfTradeMinimumSpan: Double
    /// Round lots must be traded at least this many times as often as their neighbours to be flagged.
    public var roundLotMinimumRatio: Double
    /// The longest time between the two legs of a round trip, in seconds.
    public var roundTripWindow: Double
    /// How far apart the sizes of a round trip's legs may be, relative to the larger.
    public var roundTripSizeTolerance: Double
    /// The most account pairs remembered per market for round trips.
    public var maximumAccountPairs: Int
    /// Sizes sampled per market (uniformly) for the power-law tail fit.
    public var tailSampleSize: Int
    /// A p-value below this makes a test's evidence `likely` rather than `weak`.
    public var likelyPValue: Double
    /// Evidence rows kept per finding.
    public var maximumEvidence: Int
    /// Wash-trade groups are looked for in consecutive windows of this many seconds.
    public var washGroupWindow: Double
    /// A group's members must each have a net position (bought − sold among the group) within this share of
    /// their own gross volume among the group (bought + sold).
    public var washGroupNetTolerance: Double
    /// A group needs at least this many trades among its members within the window.
    public var washGroupMinimumTrades: Int64
    /// Strongly connected groups of up to this many accounts that do not cancel are peeled (the member with
    /// the largest net position removed, the rest searched again), so that a cancelling ring inside a larger
    /// group is found.
    public var washGroupMaximumPeeled: Int
    /// A pause in a market's own trades is an outage when at least this many seconds…
    public var outageMinimumGap: Double
    /// …and at least this many times the market's mean time between trades.
    public var outageGapMultiple: Double
    /// A venue's price deviating from the reference by at least this share (beyond its usual basis) while
    /// another venue is down is flagged.
    public var outagePriceDeviation: Double
    /// A price-series bucket is a burst when its volume is at least this many times the market's median bucket
    /// volume…
    public var burstVolumeMultiple: Double
    /// …and at least this share of its volume, and of its trades, is on one side (taker buys or taker sells)…
    public var burstOneSidedShare: Double
    /// …and it holds at least this many trades.
    public var burstMinimumTrades: Int64
    /// Bursts during an outage count as a cluster when their number has a Poisson p-value below this, against the
    /// market's rate of bursts outside the outage.
    public var burstClusterPValue: Double
    /// The width of a price-series bucket in seconds (doubled whenever `limits.maximumPriceBuckets` is reached).
    public var priceSeriesResolution: Double
    /// A venue's turnover at least this many times the benchmark venue's is flagged.
    public var turnoverBenchmarkMultiple: Double
    /// The normal quantile of the fabricated-volume interval (1.96: 95 %).
    public var fabricatedIntervalZ: Double
    /// A component of the fabricated-volume estimate counts in the point estimate only with at least this
    /// one-sided z (3.29: p < 0.001).
    public var fabricatedMinimumZ: Double
    /// Which symbols of different venues are the same instrument.
    public var symbolMatching: SymbolMatching
    /// Bounds on the input.
    public var limits: TradeLimits

    /// Makes a configuration.
    public init(
        minimumValues: Int64 = 100,
        lotPrecisionIgnoredShare: Double = 0.001,
        lastTwoDigitsMinimumShareAtPrecision: Double = 0.5,
        timeOfTradeMinimumSpan: Double = 3600,
        roundLotMinimumRatio: Double = 1.5,
        roundTripWindow: Double = 60,
        roundTripSizeTolerance: Double = 0.01,
        maximumAccountPairs: Int = 1_000_000,
        tailSampleSize: Int = 20_000,
        likelyPValue: Double = 1e-6,
        maximumEvidence: Int = 5,
        washGroupWindow: Double = 300,
        washGroupNetTolerance: Double = 0.02,
        washGroupMinimumTrades: Int64 = 4,
        washGroupMaximumPeeled: Int = 200,
        outageMinimumGap: Double = 60,
        outageGapMultiple: Double = 20,
        outagePriceDeviation: Double = 0.02,
        burstVolumeMultiple: Double = 5,
        burstOneSidedShare: Double = 0.8,
        burstMinimumTrades: Int64 = 5,
        burstClusterPValue: Double = 0.01,
        priceSeriesResolution: Double = 1,
        turnoverBenchmarkMultiple: Double = 3,
        fabricatedIntervalZ: Double = 1.96,
        fabricatedMinimumZ: Double = 3.29,
        symbolMatching: SymbolMatching = SymbolMatching(),
        limits: TradeLimits = TradeLimits()
    ) {
        self.minimumValues = minimumValues
        self.lotPrecisionIgnoredShare = lotPrecisionIgnoredShare
        self.lastTwoDigitsMinimumShareAtPrecision = lastTwoDigitsMinimumShareAtPrecision
        self.timeOfTradeMinimumSpan = timeOfTradeMinimumSpan
        self.roundLotMinimumRatio = roundLotMinimumRatio
        self.roundTripWindow = roundTripWindow
        self.roundTripSizeTolerance = roundTripSizeTolerance
        self.maximumAccountPairs = maximumAccountPairs
        self.tailSampleSize = tailSampleSize
        self.likelyPValue = likelyPValue
        self.maximumEvidence = maximumEvidence
        self.washGroupWindow = washGroupWindow
        self.washGroupNetTolerance = washGroupNetTolerance
        self.washGroupMinimumTrades = washGroupMinimumTrades
        self.washGroupMaximumPeeled = washGroupMaximumPeeled
        self.outageMinimumGap = outageMinimumGap
        self.outageGapMultiple = outageGapMultiple
        self.outagePriceDeviation = outagePriceDeviation
        self.burstVolumeMultiple = burstVolumeMultiple
        self.burstOneSidedShare = burstOneSidedShare
        self.burstMinimumTrades = burstMinimumTrades
        self.burstClusterPValue = burstClusterPValue
        self.priceSeriesResolution = priceSeriesResolution
        self.turnoverBenchmarkMultiple = turnoverBenchmarkMultiple
        self.fabricatedIntervalZ = fabricatedIntervalZ
        self.fabricatedMinimumZ = fabricatedMinimumZ
        self.symbolMatching = symbolMatching
        self.limits = limits
    }
}
