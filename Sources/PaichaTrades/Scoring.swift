import PaichaCore

/// Turns a tally into a scorecard with findings.
struct Scoring {
    let configuration: AuditConfiguration
    let files: [String]

    func score(_ tally: MarketTally) -> MarketScorecard {
        let subject = tally.market.description
        let size = self.measure("size", tally.sizes)
        let notional = self.measure("notional", tally.notionals)
        var findings: [Finding] = []
        findings += self.findings(subject: subject, measure: size, accumulator: tally.sizes, noun: "trade sizes")
        findings += self.findings(
            subject: subject,
            measure: notional,
            accumulator: tally.notionals,
            noun: "notional values"
        )
        var timeOfTrade: TimeOfTradeResult?
        let seconds = tally.secondOfMinute  // derived from the tally's counters: built once here
        let timed = seconds.reduce(0, +)
        if timed > 0 {
            let expected = Double(timed) / 60
            let chi = seconds.reduce(0.0) {
                $0 + (Double($1) - expected) * (Double($1) - expected) / expected
            }
            let busiest = seconds.indices.max { seconds[$0] < seconds[$1] } ?? 0
            let result = TimeOfTradeResult(
                count: timed,
                counts: seconds,
                chiSquare: chi,
                pValue: Distributions.chiSquareSurvival(chi, degreesOfFreedom: 59),
                busiestSecond: busiest,
                busiestShare: Double(seconds[busiest]) / Double(timed)
            )
            timeOfTrade = result
            let span = Double(((tally.lastTime?.nanoseconds ?? 0) - (tally.firstTime?.nanoseconds ?? 0))) / 1e9
            if timed >= self.configuration.minimumValues, span >= self.configuration.timeOfTradeMinimumSpan,
                result.pValue < self.configuration.likelyPValue
            {
                findings.append(
                    Finding(
                        subject: subject,
                        kind: "trades.timeOfTrade",
                        confidence: .weak,
                        reason: "trades bunch within the minute: second \(busiest) holds "
                            + "\(percent(result.busiestShare)) of trades against 1.7 % if spread evenly "
                            + "(χ² = \(Units.fixed(chi, decimals: 1)), 59 df, \(pText(result.pValue)))"
                    )
                )
            }
        }
        var washTrades: WashTradeResult?
        if tally.tradesWithAccounts > 0 {
            let share = Double(tally.selfTrades) / Double(tally.tradesWithAccounts)
            washTrades = WashTradeResult(
                tradesWithAccounts: tally.tradesWithAccounts,
                selfTrades: tally.selfTrades,
                share: share,
                roundTrips: tally.roundTrips,
                roundTripWindowSeconds: Double(tally.roundTripWindow) / 1e9,
                roundTripSizeTolerance: tally.roundTripSizeTolerance,
                untrackedPairs: tally.untrackedPairs,
                groupWindowSeconds: Double(tally.washGroups.window) / 1e9,
                groupWindows: tally.washGroups.windows,
                groups: tally.washGroups.groupCount,
                groupTrades: tally.washGroups.groupTrades,
                groupVolume: tally.washGroups.groupVolume,
                groupVolumeShare: tally.baseVolume > 0 ? tally.washGroups.groupVolume / tally.baseVolume : 0,
                untrackedGroupTrades: tally.washGroups.untrackedTrades,
                groupExamples: tally.washGroups.groups.map { self.groupResult($0, window: tally.washGroups.window) }
            )
            if tally.washGroups.groupCount > 0 {
                findings.append(self.groupFinding(subject: subject, tally: tally))
            }
            if tally.roundTrips > 0 {
                findings.append(
                    Finding(
                        subject: subject,
                        kind: "trades.wash.roundTrip",
                        confidence: .weak,
                        reason: "\(Units.count(tally.roundTrips)) trades send the same size back between two accounts "
                            + "within \(Units.duration(seconds: Double(tally.roundTripWindow) / 1e9))",
                        evidence: tally.roundTripExamples.prefix(self.configuration.maximumEvidence).map {
                            Evidence(
                                label: "round trip",
                                excerpt: "\($0.accounts), first leg on line \($0.firstLine)",
                                location: self.location($0.file, $0.line)
                            )
                        }
                    )
                )
            }
            if tally.selfTrades > 0 {
                findings.append(
                    Finding(
                        subject: subject,
                        kind: "trades.wash.selfTrade",
                        confidence: .likely,
                        reason: "\(Units.count(tally.selfTrades)) trades (\(percent(share))) have the same account "
                            + "as buyer and seller",
                        evidence: tally.selfTradeExamples.prefix(self.configuration.maximumEvidence).map {
                            Evidence(
                                label: "self-trade",
                                excerpt: "account \($0.account) bought from itself",
                                location: self.location($0.file, $0.line)
                            )
                        }
                    )
                )
            }
        }
        return MarketScorecard(
            venue: tally.market.venue,
            symbol: tally.market.symbol,
            trades: tally.trades,
            buys: tally.buys,
            sells: tally.sells,
            firstTime: tally.firstTime?.rfc3339(),
            lastTime: tally.lastTime?.rfc3339(),
            spanSeconds: Double((tally.lastTime?.nanoseconds ?? 0) - (tally.firstTime?.nanoseconds ?? 0)) / 1e9,
            baseVolume: tally.baseVolume,
            quoteVolume: tally.quoteVolume,
            size: size,
            notional: notional,
            timeOfTrade: timeOfTrade,
            sizeTail: TailResult(values: tally.sizeSample.values),
            gaps: tally.gaps.map {
                GapResult(
                    from: $0.start.rfc3339(),
                    to: Timestamp(nanoseconds: $0.start.nanoseconds + $0.nanoseconds).rfc3339(),
                    seconds: Double($0.nanoseconds) / 1e9,
                    file: Int($0.file) < self.files.count ? self.files[Int($0.file)] : "?",
                    lineBefore: $0.lineBefore,
                    lineAfter: $0.lineAfter
                )
            },
            outOfOrderTrades: tally.outOfOrder,
            washTrades: washTrades,
            fabricatedVolume: FabricatedVolumeEstimate.estimate(
                tally: tally,
                size: size,
                configuration: self.configuration
            ),
            turnover: nil,
            priceSeries: tally.firstTime == nil
                ? nil
                : PriceSeriesSummary(
                    buckets: tally.prices.buckets.count,
                    resolutionSeconds: Double(tally.prices.resolution) / 1e9,
                    coarsenings: tally.prices.coarsenings,
                    droppedOutageGaps: tally.droppedOutageGaps
                ),
            findings: findings
        )
    }

    func groupResult(_ group: WashGroupRecord, window: Int64) -> WashGroupResult {
        WashGroupResult(
            windowStart: Timestamp(nanoseconds: group.windowStart).rfc3339(),
            windowEnd: Timestamp(nanoseconds: group.windowStart &+ window).rfc3339(),
            accounts: group.accounts,
            nets: group.nets,
            grosses: group.grosses,
            trades: group.trades,
            gross: group.gross,
            largestNetShare: group.gross > 0 ? (group.nets.map { abs($0) }.max() ?? 0) / group.gross : 0,
            file: Int(group.file) < self.files.count ? self.files[Int(group.file)] : "?",
            lines: group.lines
        )
    }

    func groupFinding(subject: String, tally: MarketTally) -> Finding {
        let tracker = tally.washGroups
        var reason = tracker.groupCount == 1 ? "1 group" : "\(Units.count(tracker.groupCount)) groups"
        reason += " of accounts traded with each other and ended "
        reason += "within \(percent(self.configuration.washGroupNetTolerance)) of where they started in a "
        reason += "\(Units.duration(seconds: Double(tracker.window) / 1e9)) window: "
        reason += "\(Units.count(tracker.groupTrades)) trades, \(number(tracker.groupVolume)) gross"
        if tally.baseVolume > 0 { reason += " (\(percent(tracker.groupVolume / tally.baseVolume)) of volume)" }
        let evidence = tracker.groups.prefix(self.configuration.maximumEvidence).map { group in
            var nets = zip(group.accounts, group.nets).prefix(8).map { "\($0) \(number($1))" }.joined(separator: ", ")
            if group.accounts.count > 8 { nets += " … (\(group.accounts.count) accounts)" }
            var members = group.accounts.prefix(8).joined(separator: " ⇄ ")
            if group.accounts.count > 8 { members += " …" }
            let lines = group.lines.prefix(6).map(String.init).joined(separator: ", ")
            return Evidence(
                label: "cancelling group",
                excerpt: "\(members): \(group.trades) trades, gross "
                    + "\(number(group.gross)), nets \(nets); lines \(lines)"
                    + (group.lines.count > 6 ? " …" : ""),
                location: self.location(group.file, group.lines.first ?? 0)
            )
        }
        return Finding(
            subject: subject,
            kind: "trades.wash.group",
            confidence: .likely,
            reason: reason,
            evidence: Array(evidence)
        )
    }

    func measure(_ name: String, _ accumulator: DigitAccumulator) -> MeasureScorecard {
        let precision = accumulator.lotPrecision(ignoredShare: self.configuration.lotPrecisionIgnoredShare)
        var tests = [
            DigitTestResult(kind: .firstDigit, counts: accumulator.firstDigitCounts),
            DigitTestResult(kind: .secondDigit, counts: accumulator.secondDigitCounts),
            DigitTestResult(kind: .firstTwoDigits, counts: accumulator.firstTwo),
        ]
        var excluded = accumulator.values - accumulator.zeros
        var roundLots: RoundLotResult?
        var share = 0.0
        if let precision {
            share = accumulator.shareAtPrecision(precision)
            let lastTwo = accumulator.lastTwoDigitCounts(precision: precision)
            tests.append(DigitTestResult(kind: .lastTwoDigits, counts: lastTwo.counts))
            excluded = lastTwo.excluded + accumulator.inexact + accumulator.outOfRange
            roundLots = self.roundLots(accumulator.roundLotCounts(precision: precision))
        } else {
            tests.append(DigitTestResult(kind: .lastTwoDigits, counts: [Int64](repeating: 0, count: 100)))
        }
        return MeasureScorecard(
            measure: name,
            values: accumulator.values,
            zeros: accumulator.zeros,
            inexact: accumulator.inexact,
            lotPrecisionExponent: precision.map(Int.init),
            shareAtLotPrecision: share,
            // The last two digits of a product of two lot-quantised numbers are not uniform even for honest
            // trades (a product of two uniform residues mod 100 is 0 mod 100 with probability 5.2 %, and even
            // three times in four), so the test applies to sizes only.
            lastTwoDigitsApplicable: name == "size" && precision != nil
                && share >= self.configuration.lastTwoDigitsMinimumShareAtPrecision,
            lastTwoDigitsExcluded: excluded,
            digitTests: tests,
            roundLots: roundLots
        )
    }

    func roundLots(_ counts: (buckets: [[Int64]], exact: [Int64])) -> RoundLotResult {
        let w = DigitAccumulator.roundWindow
        var at: Int64 = 0
        var neighbours: Int64 = 0
        for buckets in counts.buckets {
            for (index, count) in buckets.enumerated() {
                if index == w { at += count } else { neighbours += count }
            }
        }
        let n = Double(at + neighbours)
        let p0 = 1 / Double(2 * w + 1)
        let expected = Double(neighbours) / Double(2 * w)
        var z = 0.0
        var pValue = 1.0
        if n > 0 {
            z = (Double(at) - n * p0 - 0.5) / (n * p0 * (1 - p0)).squareRoot()
            pValue = Distributions.normalSurvival(z)
        }
        let ratio = expected > 0 ? Double(at) / expected : (at > 0 ? Double(at) : 0)
        var verdict = Conformity.level(pValue: pValue)
        if ratio < self.configuration.roundLotMinimumRatio { verdict = .conforms }
        return RoundLotResult(
            window: w,
            atRoundLots: at,
            exactlyRound: counts.exact.reduce(0, +),
            neighbours: neighbours,
            expectedAtRoundLots: expected,
            ratio: ratio,
            excess: max(0, Double(at) - expected),
            z: z,
            pValue: pValue,
            verdict: verdict,
            lots: DigitAccumulator.roundMultiples.enumerated().map {
                RoundLotCell(
                    multiple: $0.element,
                    buckets: counts.buckets[$0.offset],
                    exactlyRound: counts.exact[$0.offset]
                )
            }
        )
    }

    func findings(subject: String, measure: MeasureScorecard, accumulator: DigitAccumulator, noun: String) -> [Finding]
    {
        var findings: [Finding] = []
        let suffix = measure.measure == "size" ? "" : ".\(measure.measure)"
        for test in measure.digitTests where test.count >= self.configuration.minimumValues && test.isNonconforming {
            if test.kind == .lastTwoDigits, !measure.lastTwoDigitsApplicable { continue }
            var reason = "\(self.digitNoun(test.kind)) of \(noun) do not follow "
            reason += test.kind == .lastTwoDigits ? "a uniform distribution" : "Benford's law"
            if let spike = test.spikes.first {
                reason += ": \(self.cellName(test.kind, spike.digit)) holds \(percent(spike.found)) of "
                reason += "\(self.digitNoun(test.kind)) against \(percent(spike.expected))"
                reason += test.kind == .lastTwoDigits ? " if uniform" : " under Benford"
            }
            reason += " (n = \(Units.count(test.count)), MAD \(Units.fixed(test.mad, decimals: 4)) against "
            reason += "\(Units.fixed(test.expectedMAD, decimals: 4)) expected from sample size, "
            reason += "χ² = \(Units.fixed(test.chiSquare, decimals: 1)), \(pText(test.chiSquarePValue)))"
            var evidence: [Evidence] = []
            if test.kind == .firstDigit, let spike = test.spikes.first {
                evidence = accumulator.firstDigitExamples[spike.digit - 1].prefix(self.configuration.maximumEvidence)
                    .map {
                        Evidence(
                            label: "\(measure.measure) starting with \(spike.digit)",
                            excerpt: "\(measure.measure) \($0.value)",
                            location: self.location($0.file, $0.line)
                        )
                    }
            }
            findings.append(
                Finding(
                    subject: subject,
                    kind: test.kind.findingKind + suffix,
                    confidence: self.confidence(test.chiSquarePValue, test.count),
                    reason: reason,
                    evidence: evidence
                )
            )
        }
        if let round = measure.roundLots, round.verdict == .nonconforming,
            round.atRoundLots + round.neighbours >= self.configuration.minimumValues
        {
            var reason = "\(noun.prefix(1).uppercased() + noun.dropFirst()) cluster at round lots (1, 2, 5 × 10^k): "
            reason += "\(Units.count(round.atRoundLots)) within 1 % of a round lot against "
            reason += "\(Units.fixed(round.expectedAtRoundLots, decimals: 1)) expected from their neighbours "
            reason += "(\(Units.fixed(round.ratio, decimals: 1))×; \(Units.count(round.exactlyRound)) exactly round; "
            reason += "z = \(Units.fixed(round.z, decimals: 1)), \(pText(round.pValue)))"
            let evidence = accumulator.roundExamples.flatMap { $0 }.prefix(self.configuration.maximumEvidence).map {
                Evidence(
                    label: "round \(measure.measure)",
                    excerpt: "\(measure.measure) \($0.value)",
                    location: self.location($0.file, $0.line)
                )
            }
            findings.append(
                Finding(
                    subject: subject,
                    kind: "trades.roundLots" + suffix,
                    confidence: self.confidence(round.pValue, round.atRoundLots + round.neighbours),
                    reason: reason,
                    evidence: Array(evidence)
                )
            )
        }
        return findings
    }

    func confidence(_ pValue: Double, _ n: Int64) -> Confidence {
        pValue < self.configuration.likelyPValue && n >= 1000 ? .likely : .weak
    }

    func location(_ file: Int32, _ line: Int64) -> EvidenceLocation {
        EvidenceLocation(file: Int(file) < self.files.count ? self.files[Int(file)] : "?", record: line)
    }

    func digitNoun(_ kind: DigitTestKind) -> String {
        switch kind {
        case .firstDigit: "first digits"
        case .secondDigit: "second digits"
        case .firstTwoDigits: "first-two-digit pairs"
        case .lastTwoDigits: "last-two-digit pairs"
        }
    }

    func cellName(_ kind: DigitTestKind, _ digit: Int) -> String {
        switch kind {
        case .firstDigit, .secondDigit: "digit \(digit)"
        case .firstTwoDigits: "\(digit)"
        case .lastTwoDigits: digit < 10 ? "0\(digit)" : "\(digit)"
        }
    }
}

/// `47.1 %`.
func percent(_ share: Double) -> String { "\(Units.fixed(share * 100, decimals: 1)) %" }

/// `p = 0.0312`, `p = 3.1e-12`, `p < 1e-300`.
func pText(_ p: Double) -> String {
    if p >= 0.001 { return "p = \(Units.fixed(p, decimals: 4))" }
    if !(p > 1e-300) { return "p < 1e-300" }
    var exponent = 0
    var mantissa = p
    while mantissa < 1 {
        mantissa *= 10
        exponent -= 1
    }
    return "p = \(Units.fixed(mantissa, decimals: 1))e\(exponent)"
}
