public import PaichaCore

/// What became of a submitted share.
public enum ShareOutcome: String, Sendable, Hashable, Codable {
    /// The pool answered that it accepted the share.
    case accepted
    /// The pool answered with an error or `false`.
    case rejected
    /// No answer was seen (capture ended, a gap, or only the miner's side was captured).
    case unanswered
}

/// One share submission and its outcome.
public struct ShareEvent: Hashable, Sendable, Codable {
    /// When the miner submitted it.
    public var time: Timestamp
    /// What the pool answered.
    public var outcome: ShareOutcome

    /// Makes a share event.
    public init(time: Timestamp, outcome: ShareOutcome) {
        self.time = time
        self.outcome = outcome
    }

    /// Makes a share event from an accepted flag (`false` is `rejected`).
    public init(time: Timestamp, accepted: Bool) {
        self.init(time: time, outcome: accepted ? .accepted : .rejected)
    }
}

/// A difficulty or target the pool set, and when (mirrors `PaichaMining.DifficultyChange`).
public struct WorkSetting: Hashable, Sendable, Codable {
    /// When it was set.
    public var time: Timestamp
    /// The difficulty, if the dialect sends one (meaning per `ShareWork`).
    public var difficulty: Double?
    /// The target as sent (hex), if the dialect sends one; used when there is no difficulty.
    public var target: String?

    /// Makes a setting.
    public init(time: Timestamp, difficulty: Double? = nil, target: String? = nil) {
        self.time = time
        self.difficulty = difficulty
        self.target = target
    }
}

/// What one mining session shows about its hash rate: shares, the work each stood for, and its time span.
public struct ShareObservation: Hashable, Sendable {
    /// How the dialect states work.
    public var dialect: ShareDialect
    /// The algorithm as the scanner reports it, if known (selects 2¹⁶ per difficulty for scrypt).
    public var algorithm: String?
    /// The first message of the session.
    public var start: Timestamp
    /// The last message of the session.
    public var end: Timestamp
    /// The share submissions with their times.
    public var shares: [ShareEvent]
    /// Accepted shares known only by count (no times: e.g. past a per-session limit on kept events, or a scanner
    /// that only counts); each is weighted by the session's time-weighted mean hashes per share.
    public var untimedAcceptedShares: Int
    /// Unanswered shares known only by count; counted like timed ones when the estimator counts unanswered shares.
    public var untimedUnansweredShares: Int
    /// The difficulty/target history, in time order.
    public var work: [WorkSetting]
    /// The miner's own report of its rate in H/s, if it sent one; carried to the estimate unchanged.
    public var reportedHashesPerSecond: Double?

    /// Makes an observation.
    public init(
        dialect: ShareDialect,
        algorithm: String? = nil,
        start: Timestamp,
        end: Timestamp,
        shares: [ShareEvent],
        untimedAcceptedShares: Int = 0,
        untimedUnansweredShares: Int = 0,
        work: [WorkSetting],
        reportedHashesPerSecond: Double? = nil
    ) {
        self.dialect = dialect
        self.algorithm = algorithm
        self.start = start
        self.end = end
        self.shares = shares
        self.untimedAcceptedShares = max(0, untimedAcceptedShares)
        self.untimedUnansweredShares = max(0, untimedUnansweredShares)
        self.work = work
        self.reportedHashesPerSecond = reportedHashesPerSecond
    }
}

/// A hash rate estimated from shares, with its exact Poisson confidence interval.
public struct HashrateEstimate: Hashable, Sendable, Codable {
    /// The point estimate in H/s (Sol/s for Equihash), or `nil` when there is no duration or no readable work.
    public var hashesPerSecond: Double?
    /// The lower end of the interval in H/s, when there is an estimate.
    public var lowerHashesPerSecond: Double?
    /// The upper end of the interval in H/s, when there is an estimate.
    public var upperHashesPerSecond: Double?
    /// The interval's confidence level (0.95 for 95 %).
    public var confidenceLevel: Double
    /// The shares counted (accepted, plus unanswered when the estimator counts those).
    public var countedShares: Int
    /// The sum of hashes per share over counted shares.
    public var totalHashes: Double
    /// The time-weighted harmonic mean of hashes per share, T / ∫dt/h(t), that scales the interval.
    public var meanHashesPerShare: Double?
    /// The observed duration in seconds (first to last message).
    public var durationSeconds: Double
    /// Counted shares submitted before the first readable setting, weighted by that first setting.
    public var sharesBeforeFirstSetting: Int
    /// Settings whose difficulty and target could not be read (ignored).
    public var unreadableSettings: Int
    /// Whether fewer than the small-sample threshold of shares were counted, so the interval is wide.
    public var isSmallSample: Bool
    /// Sentences a report should show beside the figure (small sample, assumptions made).
    public var caveats: [String]
    /// The miner's own report of its rate in H/s, carried unchanged for comparison.
    public var reportedHashesPerSecond: Double?

    /// Makes an estimate.
    public init(
        hashesPerSecond: Double?,
        lowerHashesPerSecond: Double?,
        upperHashesPerSecond: Double?,
        confidenceLevel: Double,
        countedShares: Int,
        totalHashes: Double,
        meanHashesPerShare: Double?,
        durationSeconds: Double,
        sharesBeforeFirstSetting: Int = 0,
        unreadableSettings: Int = 0,
        isSmallSample: Bool,
        caveats: [String] = [],
        reportedHashesPerSecond: Double? = nil
    ) {
        self.hashesPerSecond = hashesPerSecond
        self.lowerHashesPerSecond = lowerHashesPerSecond
        self.upperHashesPerSecond = upperHashesPerSecond
        self.confidenceLevel = confidenceLevel
        self.countedShares = countedShares
        self.totalHashes = totalHashes
        self.meanHashesPerShare = meanHashesPerShare
        self.durationSeconds = durationSeconds
        self.sharesBeforeFirstSetting = sharesBeforeFirstSetting
        self.unreadableSettings = unreadableSettings
        self.isSmallSample = isSmallSample
        self.caveats = caveats
        self.reportedHashesPerSecond = reportedHashesPerSecond
    }
}

/// Estimates a miner's hash rate from the shares a pool accepted and the work each stood for.
///
/// **Point estimate.** R̂ = Σᵢ hᵢ / T over counted shares i, where hᵢ is the hashes per share (`ShareWork`)
/// of the setting in force when share i was submitted (the latest setting at or before its time; shares
/// before the first setting use the first) and T is the observed duration. Shares known only by count
/// (`ShareObservation.untimedAcceptedShares`) weigh H̃ each (below); with only such shares R̂ = k·H̃ / T, the
/// maximum-likelihood estimate.
///
/// **Duration.** T runs from the session's first message to its last (`ShareObservation.start`/`end`), not
/// from the first share: the miner is hashing from the moment it has a job, and starting at the first share
/// would drop the wait for it and bias R̂ upward (a session with one share would have T ≈ 0). A session that
/// ends long after its last share (a stalled miner) is measured to its last message, which biases R̂ low; the
/// caller can pass a shorter `end` if it knows better.
///
/// **Interval.** The count k of counted shares is Poisson with mean R·E, where the exposure
/// E = ∫ dt / h(t) over [start, end] is the number of shares one hash per second would yield (the first
/// setting extends back to `start`). The exact (Garwood) interval [L, U] for that mean (`PoissonInterval`)
/// gives R in [L / E, U / E] = [L·H̃ / T, U·H̃ / T], where H̃ = T / E is the time-weighted harmonic mean of the
/// hashes per share (`meanHashesPerShare`). With a constant difficulty H̃ is simply h, E = T / h, and the
/// interval is the Poisson interval of k scaled by h / T. Scaling by the arithmetic mean of the shares' hᵢ
/// instead would be too narrow after a difficulty change (shares at a high difficulty are few and each weighs
/// much): in simulation with a four-fold vardiff step it covered the true rate in under 90 % of sessions; the
/// exposure form is exact. The point estimate Σhᵢ / T is unbiased either way (with a changing difficulty it
/// differs a little from the maximum-likelihood k·H̃ / T, and can in rare sessions fall outside the interval).
/// With k = 0 the interval is [0, 3.689·H̃ / T] at 95 %.
/// When fewer than `smallSampleThreshold` shares are counted, `isSmallSample` is set and a caveat says how wide
/// the interval is.
public struct HashrateEstimator: Hashable, Sendable {
    /// The interval's confidence level (default 0.95).
    public var confidenceLevel: Double
    /// Counts below this make the estimate a small sample (default 10).
    public var smallSampleThreshold: Int
    /// Whether shares with no answer count as accepted (default `false`: only accepted shares count).
    ///
    /// Set it for one-sided captures, where only the miner's submissions were seen.
    public var countsUnansweredShares: Bool

    /// Makes an estimator.
    public init(confidenceLevel: Double = 0.95, smallSampleThreshold: Int = 10, countsUnansweredShares: Bool = false) {
        precondition(confidenceLevel > 0 && confidenceLevel < 1)
        self.confidenceLevel = confidenceLevel
        self.smallSampleThreshold = smallSampleThreshold
        self.countsUnansweredShares = countsUnansweredShares
    }

    /// Estimates the rate for one session.
    public func estimate(_ observation: ShareObservation) -> HashrateEstimate {
        // Readable settings, in time order (stable for equal times: the later one given wins).
        var settings: [(time: Timestamp, hashes: Double)] = []
        var unreadable = 0
        for setting in observation.work {
            if let hashes = self.hashesPerShare(setting, observation) {
                settings.append((setting.time, hashes))
            } else {
                unreadable += 1
            }
        }
        settings = settings.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
            .map(\.element)
        let duration = Double(observation.end.nanoseconds - observation.start.nanoseconds) / 1e9
        var caveats: [String] = []
        if unreadable > 0 {
            caveats.append("\(unreadable) difficulty/target setting(s) could not be read and were ignored.")
        }

        // Weight each counted share by the setting in force at its time.
        var counted = 0
        var total = 0.0
        var beforeFirst = 0
        var cursor = 0
        let shares = observation.shares.sorted { $0.time < $1.time }
        for share in shares {
            let counts = share.outcome == .accepted || (self.countsUnansweredShares && share.outcome == .unanswered)
            guard counts else { continue }
            counted += 1
            guard !settings.isEmpty else { continue }
            while cursor + 1 < settings.count, settings[cursor + 1].time <= share.time { cursor += 1 }
            if share.time < settings[0].time { beforeFirst += 1 }
            total += settings[cursor].hashes
        }
        let untimed =
            observation.untimedAcceptedShares + (self.countsUnansweredShares ? observation.untimedUnansweredShares : 0)
        counted += untimed
        let mean =
            settings.isEmpty ? nil : self.harmonicMeanHashes(settings, start: observation.start, end: observation.end)
        if let mean, untimed > 0 {
            total += Double(untimed) * mean
            if Set(settings.map(\.hashes)).count > 1 {
                caveats.append(
                    "\(untimed) share(s) without times were weighted by the session's time-weighted mean difficulty."
                )
            }
        }
        let isSmall = counted < self.smallSampleThreshold
        var estimate = HashrateEstimate(
            hashesPerSecond: nil,
            lowerHashesPerSecond: nil,
            upperHashesPerSecond: nil,
            confidenceLevel: self.confidenceLevel,
            countedShares: counted,
            totalHashes: total,
            meanHashesPerShare: nil,
            durationSeconds: duration,
            sharesBeforeFirstSetting: beforeFirst,
            unreadableSettings: unreadable,
            isSmallSample: isSmall,
            caveats: caveats,
            reportedHashesPerSecond: observation.reportedHashesPerSecond
        )
        guard let mean else {
            estimate.caveats.append("No readable difficulty or target was seen, so the work per share is unknown.")
            estimate.totalHashes = 0
            return estimate
        }
        if beforeFirst > 0 {
            estimate.caveats.append(
                "\(beforeFirst) share(s) came before the first difficulty/target seen and were weighted by it."
            )
        }
        guard duration > 0 else {
            estimate.caveats.append("The session has no duration, so no rate can be given.")
            return estimate
        }
        let interval = PoissonInterval.garwood(count: counted, confidence: self.confidenceLevel)
        estimate.meanHashesPerShare = mean
        estimate.hashesPerSecond = total / duration
        estimate.lowerHashesPerSecond = interval.lower * mean / duration
        estimate.upperHashesPerSecond = interval.upper * mean / duration
        if isSmall {
            let percent = Self.percent(self.confidenceLevel)
            if counted == 0 {
                estimate.caveats.append(
                    "No share was counted: the rate is below \(Units.si(interval.upper * mean / duration, "H/s")) "
                        + "at \(percent) % confidence."
                )
            } else {
                estimate.caveats.append(
                    "Only \(counted) share(s) were counted, so the \(percent) % interval is wide: "
                        + "\(Units.significant(interval.lower / Double(counted)))× to "
                        + "\(Units.significant(interval.upper / Double(counted)))× the estimate."
                )
            }
        }
        return estimate
    }

    /// `95` for 0.95, `99.5` for 0.995.
    private static func percent(_ level: Double) -> String {
        let value = level * 100
        return value == value.rounded() ? String(Int(value)) : Units.fixed(value, decimals: 1)
    }

    private func hashesPerShare(_ setting: WorkSetting, _ observation: ShareObservation) -> Double? {
        if let difficulty = setting.difficulty,
            let hashes = ShareWork.hashesPerShare(
                difficulty: difficulty,
                dialect: observation.dialect,
                algorithm: observation.algorithm
            )
        {
            return hashes
        }
        if let target = setting.target {
            return ShareWork.hashesPerShare(target: target, dialect: observation.dialect)
        }
        return nil
    }

    /// H̃ = T / ∫ dt / h(t) over [start, end], the first setting extending back to `start`.
    private func harmonicMeanHashes(
        _ settings: [(time: Timestamp, hashes: Double)],
        start: Timestamp,
        end: Timestamp
    )
        -> Double
    {
        var integral = 0.0
        for (index, setting) in settings.enumerated() {
            let from = index == 0 ? start : max(start, setting.time)
            let to = index + 1 < settings.count ? min(end, settings[index + 1].time) : end
            let seconds = Double(to.nanoseconds - from.nanoseconds) / 1e9
            if seconds > 0 { integral += seconds / setting.hashes }
        }
        let total = Double(end.nanoseconds - start.nanoseconds) / 1e9
        return integral > 0 ? total / integral : settings[settings.count - 1].hashes
    }
}
