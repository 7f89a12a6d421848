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
        self.limits = limits
    }
}
