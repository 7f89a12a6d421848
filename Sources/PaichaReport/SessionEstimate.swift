import PaichaCore
public import PaichaEstimates
import PaichaMining
public import PaichaScan

/// A session's hash rate estimated from its accepted shares, with its interval, and the power it implies.
///
/// Estimates enrich a session; they never change whether it is reported. See `docs/scan-json.md`.
public struct SessionEstimate: Codable, Sendable, Hashable {
    /// The point estimate: Σ hashes per accepted share / observed seconds.
    public var hashesPerSecond: Double?
    /// The lower end of the exact (Garwood) Poisson interval on the share count.
    public var lowerHashesPerSecond: Double?
    /// The upper end of that interval.
    public var upperHashesPerSecond: Double?
    /// The interval's confidence level (0.95).
    public var confidenceLevel: Double
    /// Accepted shares the estimate rests on.
    public var countedShares: Int
    /// Sentences a reader must see beside the figure (few shares, unreadable targets …).
    public var caveats: [String]
    /// The rate the miner reported itself, last seen, for comparison.
    public var reportedHashesPerSecond: Double?
    /// The algorithm family whose device profile was used.
    public var family: AlgorithmFamily?
    /// Kilowatts: low (lower rate × low J/H), typical, high (upper rate × high J/H).
    public var kilowatts: EstimateRange?
    /// Kilowatt-hours a day at that power.
    public var kilowattHoursPerDay: EstimateRange?
    /// Kilowatt-hours over the session as observed (power × its duration).
    public var kilowattHoursObserved: EstimateRange?
    /// Whether no profile fitted the algorithm and the fallback profile was used.
    public var usesFallbackProfile: Bool?
}

extension SessionEstimate {
    /// Estimates a session from what its protocol told, or returns `nil` when the dialect carries no shares.
    public init?(
        _ record: SessionRecord,
        estimator: HashrateEstimator,
        profiles: DeviceProfiles
    ) {
        // getblocktemplate submits whole blocks (solo mining): one found block over a short capture says
        // next to nothing about the rate, and at the network target it would swamp every total.
        guard let session = record.protocolDetails, session.dialect != .getblocktemplate,
            let dialect = ShareDialect(rawValue: session.dialect.rawValue)
        else { return nil }
        let timed = session.shareAnswers.map { ShareEvent(time: $0.time, accepted: $0.accepted) }
        let timedAccepted = session.shareAnswers.filter(\.accepted).count
        let observation = ShareObservation(
            dialect: dialect,
            algorithm: session.algorithm,
            start: record.firstSeen,
            end: record.lastSeen,
            shares: timed,
            untimedAcceptedShares: session.shares.accepted - timedAccepted,
            untimedUnansweredShares: session.shares.unanswered,
            work: session.difficulty.map { WorkSetting(time: $0.time, difficulty: $0.difficulty, target: $0.target) },
            reportedHashesPerSecond: session.reportedHashrates.last?.hashesPerSecond
        )
        let estimate = estimator.estimate(observation)
        let power = PowerEstimate(estimate, algorithm: session.algorithm, dialect: dialect, profiles: profiles)
        self.init(
            hashesPerSecond: estimate.hashesPerSecond,
            lowerHashesPerSecond: estimate.lowerHashesPerSecond,
            upperHashesPerSecond: estimate.upperHashesPerSecond,
            confidenceLevel: estimate.confidenceLevel,
            countedShares: estimate.countedShares,
            caveats: estimate.caveats,
            reportedHashesPerSecond: estimate.reportedHashesPerSecond,
            family: power?.family,
            kilowatts: power?.kilowatts,
            kilowattHoursPerDay: power?.kilowattHoursPerDay,
            kilowattHoursObserved: power?.kilowattHours(
                overSeconds: Double(record.lastSeen.nanoseconds - record.firstSeen.nanoseconds) / 1e9
            ),
            usesFallbackProfile: power?.usesFallbackProfile
        )
    }
}
