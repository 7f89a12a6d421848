import PaichaCore

/// A market's finished price series, with look-ups by time.
struct MarketPrices {
    let market: Market
    let symbol: String
    let resolution: Int64
    let buckets: [PriceBucket]
    let trades: Int64
    let medianVolume: Double
    /// Buckets that qualify as bursts, by index into `buckets`.
    let burstIndices: [Int]

    init(market: Market, series: PriceSeries, trades: Int64, configuration: AuditConfiguration) {
        self.market = market
        self.symbol = configuration.symbolMatching.key(market.symbol)
        self.resolution = series.resolution
        self.buckets = series.buckets
        self.trades = trades
        let volumes = self.buckets.map(\.volume).filter { $0 > 0 }.sorted()
        let median = volumes.isEmpty ? 0 : volumes[volumes.count / 2]
        self.medianVolume = median
        let buckets = self.buckets
        self.burstIndices = buckets.indices.filter { index in
            let bucket = buckets[index]
            return median > 0 && bucket.trades >= configuration.burstMinimumTrades
                && bucket.volume >= configuration.burstVolumeMultiple * median
                && max(bucket.buyVolume, bucket.sellVolume) >= configuration.burstOneSidedShare * bucket.volume
                && Double(max(bucket.buyTrades, bucket.sellTrades))
                    >= configuration.burstOneSidedShare * Double(bucket.trades)
        }
    }

    func start(_ bucket: PriceBucket) -> Int64 { bucket.index &* self.resolution }

    /// The index of the first bucket starting at or after `time`.
    func firstIndex(atOrAfter time: Int64) -> Int {
        var low = 0
        var high = self.buckets.count
        while low < high {
            let middle = (low + high) / 2
            if self.start(self.buckets[middle]) < time { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The last price of the last bucket starting before `time`.
    func price(before time: Int64) -> Double? {
        let index = self.firstIndex(atOrAfter: time)
        return index > 0 ? self.buckets[index - 1].close : nil
    }

    /// The buckets starting in [from, to).
    func buckets(from: Int64, to: Int64) -> ArraySlice<PriceBucket> {
        self.buckets[self.firstIndex(atOrAfter: from)..<self.firstIndex(atOrAfter: to)]
    }
}

/// Measures each venue's price against a reference while another venue is down, and flags the pattern "venue A
/// down while venue B moves the price".
struct OutageAnalyzer {
    let configuration: AuditConfiguration
    let files: [String]
    let referenceVenue: String?
    let markets: [MarketPrices]

    /// The points kept per chart line.
    static let chartPoints = 200
    /// The lines kept per chart.
    static let chartLines = 6

    /// Outage windows seen as gaps in each market's own tape.
    static func detectedWindows(
        _ tallies: [MarketTally],
        configuration: AuditConfiguration,
        files: [String]
    )
        -> [OutageWindow]
    {
        var windows: [OutageWindow] = []
        for tally in tallies {
            guard tally.trades > 1, let first = tally.firstTime, let last = tally.lastTime else { continue }
            let meanInterval = Double(last.nanoseconds - first.nanoseconds) / Double(tally.trades - 1)
            let threshold = max(configuration.outageMinimumGap * 1e9, configuration.outageGapMultiple * meanInterval)
            for gap in tally.outageGaps.sorted(by: { $0.start < $1.start }) where Double(gap.nanoseconds) >= threshold {
                windows.append(
                    OutageWindow(
                        venue: tally.market.venue,
                        symbol: tally.market.symbol,
                        start: gap.start.nanoseconds,
                        end: gap.start.nanoseconds + gap.nanoseconds,
                        source: "gap",
                        file: Int(gap.file) < files.count ? files[Int(gap.file)] : "?",
                        line: gap.lineBefore,
                        lineAfter: gap.lineAfter
                    )
                )
            }
        }
        return windows
    }

    /// Reports on every window, and the findings for the venues that moved.
    func analyze(_ windows: [OutageWindow]) -> (reports: [OutageReport], findings: [Market: [Finding]]) {
        var reports: [OutageReport] = []
        var findings: [Market: [Finding]] = [:]
        let allSymbols = Array(Set(self.markets.map(\.symbol))).sorted()
        for window in windows {
            var symbols: [String]
            if let symbol = window.symbol {
                symbols = [self.configuration.symbolMatching.key(symbol)]
            } else {
                symbols = Array(
                    Set(self.markets.filter { SideFile.sameVenue($0.market.venue, window.venue) }.map(\.symbol))
                ).sorted()
                if symbols.isEmpty { symbols = allSymbols }
            }
            for symbol in symbols {
                let report = self.report(window, symbol: symbol)
                for comparison in report.comparisons where comparison.flagged {
                    let market = Market(venue: comparison.venue, symbol: comparison.symbol)
                    findings[market, default: []].append(self.finding(report, comparison))
                }
                reports.append(report)
            }
        }
        return (reports, findings)
    }

    private func report(_ window: OutageWindow, symbol: String) -> OutageReport {
        let markets = self.markets.filter { $0.symbol == symbol }
            .sorted { ($0.market.venue, $0.market.symbol) < ($1.market.venue, $1.market.symbol) }
        let down = markets.first { SideFile.sameVenue($0.market.venue, window.venue) }
        let length = window.end - window.start
        let lookaround = max(length, Int64(self.configuration.outageMinimumGap * 1e9))
        var comparisons: [OutageComparison] = []
        for market in markets where !SideFile.sameVenue(market.market.venue, window.venue) {
            if let comparison = self.compare(market, window: window, down: down, among: markets, lookaround: lookaround)
            {
                comparisons.append(comparison)
            }
        }
        let charted = markets.sorted { ($0.trades, $1.market.venue) > ($1.trades, $0.market.venue) }
            .prefix(Self.chartLines)
            .sorted { ($0.market.venue, $0.market.symbol) < ($1.market.venue, $1.market.symbol) }
        let chart = charted.map { market -> PriceLine in
            let slice = market.buckets(from: window.start - lookaround, to: window.end + lookaround)
            let stride = max(1, (slice.count + Self.chartPoints - 1) / Self.chartPoints)
            var points: [[Double]] = []
            for (offset, bucket) in slice.enumerated() where offset % stride == 0 || offset == slice.count - 1 {
                points.append([Double(market.start(bucket) - window.start) / 1e9, bucket.close])
            }
            return PriceLine(venue: market.market.venue, symbol: market.market.symbol, points: points)
        }
        return OutageReport(
            venue: window.venue,
            symbol: down?.market.symbol ?? markets.first?.market.symbol ?? window.symbol ?? symbol,
            start: Timestamp(nanoseconds: window.start).rfc3339(),
            end: Timestamp(nanoseconds: window.end).rfc3339(),
            seconds: Double(length) / 1e9,
            source: window.source,
            file: window.file,
            line: window.line,
            lineAfter: window.lineAfter,
            downVenuePriceBefore: down?.price(before: window.start),
            downVenuePriceAfter: down.flatMap { $0.buckets(from: window.end, to: Int64.max).first?.open },
            comparisons: comparisons,
            chart: chart
        )
    }

    private func compare(
        _ market: MarketPrices,
        window: OutageWindow,
        down: MarketPrices?,
        among markets: [MarketPrices],
        lookaround: Int64
    ) -> OutageComparison? {
        let inWindow = market.buckets(from: window.start, to: window.end)
        guard let lastBucket = inWindow.last else { return nil }
        let before = market.buckets(from: window.start - lookaround, to: window.start)
        // The reference: a third venue active around the outage, else the down venue's own prices carried
        // forward, else this venue's price before the outage.
        let candidates = markets.filter {
            !SideFile.sameVenue($0.market.venue, window.venue) && $0.market.venue != market.market.venue
                && !$0.buckets(from: window.start - lookaround, to: window.end).isEmpty
        }
        let third =
            candidates.first { SideFile.sameVenue($0.market.venue, self.referenceVenue ?? "") }
            ?? candidates.max { ($0.trades, $1.market.venue) < ($1.trades, $0.market.venue) }
        let priceBefore = market.price(before: window.start)
        var kind = "ownPriceBefore"
        var referenceName: String?
        var reference: (Int64) -> Double? = { _ in priceBefore }
        if let third {
            kind = "venue"
            referenceName = third.market.venue
            reference = { third.price(before: $0 + 1) }
        } else if let down, down.price(before: window.start) != nil {
            kind = "downVenueLastPrice"
            referenceName = down.market.venue
            reference = { down.price(before: $0 + 1) }
        }
        var baseline = 0.0
        if kind != "ownPriceBefore" {
            var deviations: [Double] = []
            for bucket in before {
                if let price = reference(market.start(bucket) + market.resolution - 1), price > 0 {
                    deviations.append(bucket.close / price - 1)
                }
            }
            deviations.sort()
            if !deviations.isEmpty { baseline = deviations[deviations.count / 2] }
        }
        var extremeMove = 0.0
        if let priceBefore, priceBefore > 0 {
            for bucket in inWindow {
                for value in [bucket.high, bucket.low] where abs(value / priceBefore - 1) > abs(extremeMove) {
                    extremeMove = value / priceBefore - 1
                }
            }
        }
        var extreme = 0.0
        var extremeBucket = lastBucket
        var extremePrice = lastBucket.close
        var extremeLine = lastBucket.line
        var trades: Int64 = 0
        var volume = 0.0
        for bucket in inWindow {
            trades += bucket.trades
            volume += bucket.volume
            guard let price = reference(market.start(bucket) + market.resolution - 1), price > 0 else { continue }
            for (value, line) in [(bucket.high, bucket.highLine), (bucket.low, bucket.lowLine)] {
                let deviation = value / price - 1
                if abs(deviation - baseline) > abs(extreme - baseline) {
                    extreme = deviation
                    extremeBucket = bucket
                    extremePrice = value
                    extremeLine = line
                }
            }
        }
        if extreme == 0 { extreme = baseline }
        var typicalMove: Double?
        if kind == "ownPriceBefore" {
            typicalMove = self.typicalMove(market, length: window.end - window.start, excluding: window)
        }
        let excess = extreme - baseline
        let bursts = self.bursts(market, window: window)
        let flagged =
            abs(excess) >= self.configuration.outagePriceDeviation
            && abs(extremeMove) >= self.configuration.outagePriceDeviation
            && (typicalMove.map { abs(excess) > $0 } ?? true)
        return OutageComparison(
            venue: market.market.venue,
            symbol: market.market.symbol,
            referenceKind: kind,
            referenceVenue: referenceName,
            tradesInWindow: trades,
            volumeInWindow: volume,
            priceBefore: priceBefore,
            lastPriceInWindow: lastBucket.close,
            move: priceBefore.map { lastBucket.close / $0 - 1 },
            maximumDeviation: extreme,
            baselineDeviation: baseline,
            excessDeviation: excess,
            typicalMove: typicalMove,
            extremeTime: Timestamp(nanoseconds: market.start(extremeBucket)).rfc3339(),
            extremePrice: extremePrice,
            extremeFile: self.fileName(extremeBucket.file),
            extremeLine: extremeLine,
            extremeMove: extremeMove,
            burstCount: bursts.count,
            expectedBursts: bursts.expected,
            burstPValue: bursts.pValue,
            burstCluster: bursts.count > 0 && bursts.pValue < self.configuration.burstClusterPValue,
            bursts: bursts.kept,
            flagged: flagged
        )
    }

    /// The 95th percentile of the market's absolute relative moves over `length`, outside the window.
    private func typicalMove(_ market: MarketPrices, length: Int64, excluding window: OutageWindow) -> Double? {
        let starts = market.buckets.filter {
            let time = market.start($0)
            return time + length < window.start || time > window.end
        }
        let step = max(1, starts.count / 2000)
        var moves: [Double] = []
        for (offset, bucket) in starts.enumerated() where offset % step == 0 {
            let time = market.start(bucket)
            guard time + length <= market.start(market.buckets[market.buckets.count - 1]),
                let later = market.price(before: time + length + 1), bucket.close > 0
            else { continue }
            moves.append(abs(later / bucket.close - 1))
        }
        guard moves.count >= 20 else { return nil }
        moves.sort()
        return moves[min(moves.count - 1, Int(0.95 * Double(moves.count)))]
    }

    /// The bursts during the window, the number expected from the market's rate outside it, and the Poisson
    /// probability of at least as many.
    private func bursts(
        _ market: MarketPrices,
        window: OutageWindow
    )
        -> (count: Int64, expected: Double, pValue: Double, kept: [PriceBurst])
    {
        let first = market.firstIndex(atOrAfter: window.start)
        let end = market.firstIndex(atOrAfter: window.end)
        let inside = market.burstIndices.filter { $0 >= first && $0 < end }
        let outside = market.burstIndices.count - inside.count
        guard let firstBucket = market.buckets.first, let lastBucket = market.buckets.last else { return (0, 0, 1, []) }
        let span = Double(market.start(lastBucket) - market.start(firstBucket) + market.resolution) / 1e9
        let length = Double(window.end - window.start) / 1e9
        let outsideSpan = max(Double(market.resolution) / 1e9, span - length)
        // With no burst outside, assume half of one: a rate of zero would make any burst infinitely unlikely.
        let expected = max(0.5, Double(outside)) / outsideSpan * length
        let count = Int64(inside.count)
        let pValue =
            count == 0 ? 1 : 1 - Distributions.chiSquareSurvival(2 * expected, degreesOfFreedom: Int(2 * count))
        let kept = inside.prefix(self.configuration.maximumEvidence).map { index -> PriceBurst in
            let bucket = market.buckets[index]
            let buys = bucket.buyVolume >= bucket.sellVolume
            return PriceBurst(
                time: Timestamp(nanoseconds: market.start(bucket)).rfc3339(),
                seconds: Double(market.resolution) / 1e9,
                side: buys ? "buy" : "sell",
                volume: bucket.volume,
                oneSidedShare: max(bucket.buyVolume, bucket.sellVolume) / bucket.volume,
                multipleOfMedian: bucket.volume / market.medianVolume,
                trades: bucket.trades,
                priceChange: bucket.close / bucket.open - 1,
                file: self.fileName(bucket.file),
                line: bucket.line
            )
        }
        return (count, expected, max(0, pValue), Array(kept))
    }

    private func fileName(_ file: Int32) -> String { Int(file) < self.files.count ? self.files[Int(file)] : "?" }

    private func finding(_ report: OutageReport, _ comparison: OutageComparison) -> Finding {
        let signed = (comparison.excessDeviation >= 0 ? "+" : "") + percent(comparison.excessDeviation)
        var reason = "\(comparison.venue) moved the \(comparison.symbol) price while \(report.venue) was down: "
        switch comparison.referenceKind {
        case "venue":
            reason += "\(signed) from \(comparison.referenceVenue ?? "?") (the reference) beyond the usual basis"
        case "downVenueLastPrice":
            reason += "\(signed) from \(report.venue)'s last price before the outage, beyond the usual basis"
        default:
            reason += "\(signed) from its own price before the outage"
            if let typical = comparison.typicalMove {
                reason += " (95 % of its moves that long stay within \(percent(typical)))"
            }
        }
        reason += ", during \(Units.duration(seconds: report.seconds)) from \(report.start) ("
        reason += report.source == "gap" ? "a gap in \(report.venue)'s own tape" : "outage given in \(report.file)"
        reason += ")"
        reason += "; its own price moved \(comparison.extremeMove >= 0 ? "+" : "")\(percent(comparison.extremeMove))"
        if comparison.burstCount > 0 {
            reason +=
                "; \(comparison.burstCount) one-sided bursts against \(Units.fixed(comparison.expectedBursts, decimals: 1))"
            reason += " expected from its rate outside the outage (\(pText(comparison.burstPValue)))"
        }
        if let before = report.downVenuePriceBefore, let after = report.downVenuePriceAfter, before > 0 {
            reason += "; \(report.venue) resumed \(after / before >= 1 ? "+" : "")\(percent(after / before - 1)) "
            reason += "from its last price"
        }
        var evidence = [
            Evidence(
                label: report.source == "gap" ? "outage (gap in the tape)" : "outage (given)",
                excerpt: report.source == "gap"
                    ? "no \(report.venue) \(report.symbol) trade between lines \(report.line) and \(report.lineAfter ?? 0), "
                        + "\(report.start) – \(report.end)"
                    : "\(report.venue) down \(report.start) – \(report.end)",
                location: EvidenceLocation(file: report.file, record: report.line)
            ),
            Evidence(
                label: "extreme print",
                excerpt: "price \(Units.significant(comparison.extremePrice)) at \(comparison.extremeTime) "
                    + "(\(comparison.maximumDeviation >= 0 ? "+" : "")\(percent(comparison.maximumDeviation)) "
                    + "from the reference)",
                location: EvidenceLocation(file: comparison.extremeFile, record: comparison.extremeLine)
            ),
        ]
        for burst in comparison.bursts.prefix(
            comparison.burstCluster ? max(0, self.configuration.maximumEvidence - 2) : 0
        ) {
            evidence.append(
                Evidence(
                    label: "one-sided burst",
                    excerpt:
                        "\(burst.side) \(Units.significant(burst.volume)) in \(Units.significant(burst.seconds)) s "
                        + "from \(burst.time) (\(percent(burst.oneSidedShare)) one side, "
                        + "\(Units.fixed(burst.multipleOfMedian, decimals: 1))× the median; price "
                        + "\(burst.priceChange >= 0 ? "+" : "")\(percent(burst.priceChange)))",
                    location: EvidenceLocation(file: burst.file, record: burst.line)
                )
            )
        }
        let strong =
            comparison.burstCluster && abs(comparison.excessDeviation) >= 2 * self.configuration.outagePriceDeviation
        return Finding(
            subject: "\(comparison.venue)/\(comparison.symbol)",
            kind: "trades.outage.priceMove",
            confidence: strong ? .likely : .weak,
            reason: reason,
            evidence: evidence
        )
    }
}
