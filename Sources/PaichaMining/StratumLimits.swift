/// Bounds the Stratum analyzer puts on one TCP connection's hostile input. Each is counted when hit.
public struct StratumLimits: Hashable, Sendable {
    /// The longest JSON line (or HTTP header line) kept; longer lines are skipped to the next newline.
    public var maximumLineLength: Int
    /// The longest HTTP header block (request/status line plus headers).
    public var maximumHeaderLength: Int
    /// The longest HTTP body parsed as JSON.
    public var maximumBodyLength: Int
    /// Requests awaiting a reply, per direction; further requests are not tracked.
    public var maximumPendingRequests: Int
    /// Evidence pieces kept per session.
    public var maximumEvidence: Int
    /// Characters kept of each quoted excerpt.
    public var maximumExcerptLength: Int
    /// Difficulty/target changes kept.
    public var maximumDifficultyChanges: Int
    /// Reported hash rates kept.
    public var maximumReportedHashrates: Int
    /// Answered shares whose times are kept for rate estimates; later ones are still counted.
    public var maximumTimedShares: Int
    /// Distinct method names counted.
    public var maximumDistinctMethods: Int
    /// Pool host names kept.
    public var maximumPoolNames: Int
    /// JSON messages read without any mining method before the connection is judged hopeless.
    public var maximumMessagesWithoutMining: Int
    /// HTTP messages, or non-empty lines that are neither JSON nor HTTP, read without any mining method
    /// before the connection is judged hopeless (ordinary web traffic).
    public var maximumOtherMessagesWithoutMining: Int
    /// Bytes one direction may send without a single JSON or HTTP start before it is judged not a candidate.
    public var maximumBytesWithoutStart: Int
    /// Bounds for each JSON document.
    public var json: JSONLimits

    /// Makes limits with the given bounds (defaults suit real pools: Equihash submits are ~1.5 KiB lines).
    public init(
        maximumLineLength: Int = 64 * 1024,
        maximumHeaderLength: Int = 8 * 1024,
        maximumBodyLength: Int = 1024 * 1024,
        maximumPendingRequests: Int = 256,
        maximumEvidence: Int = 12,
        maximumExcerptLength: Int = 300,
        maximumDifficultyChanges: Int = 256,
        maximumReportedHashrates: Int = 1024,
        maximumTimedShares: Int = 100_000,
        maximumDistinctMethods: Int = 64,
        maximumPoolNames: Int = 8,
        maximumMessagesWithoutMining: Int = 32,
        maximumOtherMessagesWithoutMining: Int = 16,
        maximumBytesWithoutStart: Int = 4096,
        json: JSONLimits = JSONLimits()
    ) {
        self.maximumLineLength = maximumLineLength
        self.maximumHeaderLength = maximumHeaderLength
        self.maximumBodyLength = maximumBodyLength
        self.maximumPendingRequests = maximumPendingRequests
        self.maximumEvidence = maximumEvidence
        self.maximumExcerptLength = maximumExcerptLength
        self.maximumDifficultyChanges = maximumDifficultyChanges
        self.maximumReportedHashrates = maximumReportedHashrates
        self.maximumTimedShares = maximumTimedShares
        self.maximumDistinctMethods = maximumDistinctMethods
        self.maximumPoolNames = maximumPoolNames
        self.maximumMessagesWithoutMining = maximumMessagesWithoutMining
        self.maximumOtherMessagesWithoutMining = maximumOtherMessagesWithoutMining
        self.maximumBytesWithoutStart = maximumBytesWithoutStart
        self.json = json
    }
}
