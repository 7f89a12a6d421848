import PaichaCore

/// A market's turnover under each common definition, against a benchmark venue.
///
/// Volumes are scaled to a day from the span of the market's own tape (volume × 86,400 s / span), so that tapes of
/// different lengths compare; `periodTurnover` is the unscaled ratio.
public struct TurnoverResult: Hashable, Sendable, Codable {
    /// The supply file's symbol that matched.
    public var supplySymbol: String
    /// The supply file's line.
    public var supplyLine: Int64
    /// The tape's span in seconds (first to last trade).
    public var spanSeconds: Double
    /// Base volume per day.
    public var dailyBaseVolume: Double
    /// Quote volume per day.
    public var dailyQuoteVolume: Double
    /// The benchmark venue, if one was named and has this symbol.
    public var benchmarkVenue: String?
    /// One entry per definition the supply figures allow.
    public var measures: [TurnoverMeasure]
}

/// One definition of turnover.
public struct TurnoverMeasure: Hashable, Sendable, Codable {
    /// `volume/marketCap` (quote volume), `volume/circulatingSupply` (base volume) or `volume/openInterest`
    /// (quote volume).
    public var definition: String
    /// The supply figure divided by.
    public var denominator: Double
    /// Volume over the tape's span / denominator.
    public var periodTurnover: Double
    /// Daily volume / denominator.
    public var dailyTurnover: Double
    /// The benchmark venue's daily turnover.
    public var benchmarkDailyTurnover: Double?
    /// dailyTurnover / benchmarkDailyTurnover.
    public var ratioToBenchmark: Double?
}

enum Turnover {
    /// The shortest span scaled to a day (shorter tapes are scaled as if one second long).
    static let minimumSpan = 1.0

    /// Fills in each scorecard's turnover from the supply figures, and raises `trades.turnover` findings against
    /// the benchmark venue (the figure's, else `benchmarkVenue`).
    static func apply(
        _ cards: inout [MarketScorecard],
        figures: [SupplyFigure],
        benchmarkVenue: String?,
        configuration: AuditConfiguration,
        supplyFile: String
    ) {
        guard !figures.isEmpty else { return }
        let matching = configuration.symbolMatching
        for index in cards.indices {
            guard let figure = figures.first(where: { $0.matches(cards[index].symbol, using: matching) }) else {
                continue
            }
            let card = cards[index]
            let span = max(Self.minimumSpan, card.spanSeconds)
            let scale = 86_400 / span
            var measures: [TurnoverMeasure] = []
            func add(_ name: String, _ denominator: Double?, _ volume: Double) {
                guard let denominator, denominator > 0 else { return }
                measures.append(
                    TurnoverMeasure(
                        definition: name,
                        denominator: denominator,
                        periodTurnover: volume / denominator,
                        dailyTurnover: volume * scale / denominator
                    )
                )
            }
            add("volume/marketCap", figure.marketCap, card.quoteVolume)
            add("volume/circulatingSupply", figure.circulatingSupply, card.baseVolume)
            add("volume/openInterest", figure.openInterest, card.quoteVolume)
            cards[index].turnover = TurnoverResult(
                supplySymbol: figure.symbol,
                supplyLine: figure.line,
                spanSeconds: card.spanSeconds,
                dailyBaseVolume: card.baseVolume * scale,
                dailyQuoteVolume: card.quoteVolume * scale,
                benchmarkVenue: nil,
                measures: measures
            )
        }
        for index in cards.indices {
            guard var turnover = cards[index].turnover,
                let figure = figures.first(where: { $0.matches(cards[index].symbol, using: matching) }),
                let venue = figure.benchmarkVenue ?? benchmarkVenue,
                let benchmark = cards.first(where: {
                    SideFile.sameVenue($0.venue, venue) && $0.turnover?.supplySymbol == turnover.supplySymbol
                })?.turnover
            else { continue }
            turnover.benchmarkVenue = venue
            for m in turnover.measures.indices {
                guard let other = benchmark.measures.first(where: { $0.definition == turnover.measures[m].definition })
                else { continue }
                turnover.measures[m].benchmarkDailyTurnover = other.dailyTurnover
                turnover.measures[m].ratioToBenchmark =
                    other.dailyTurnover > 0 ? turnover.measures[m].dailyTurnover / other.dailyTurnover : nil
            }
            cards[index].turnover = turnover
            guard !SideFile.sameVenue(cards[index].venue, venue), let first = turnover.measures.first,
                let ratio = first.ratioToBenchmark, let base = first.benchmarkDailyTurnover,
                ratio >= configuration.turnoverBenchmarkMultiple
            else { continue }
            cards[index].findings.append(
                Finding(
                    subject: cards[index].market.description,
                    kind: "trades.turnover",
                    confidence: .weak,
                    reason: "daily turnover (\(first.definition)) is \(percent(first.dailyTurnover)) against "
                        + "\(percent(base)) at the benchmark \(venue): \(Units.fixed(ratio, decimals: 1))× "
                        + "(tape span \(Units.duration(seconds: turnover.spanSeconds)), scaled to a day)",
                    evidence: [
                        Evidence(
                            label: "supply figures",
                            excerpt: "\(figure.symbol): \(first.definition.dropFirst(7)) \(number(first.denominator))",
                            location: EvidenceLocation(file: supplyFile, record: figure.line)
                        )
                    ]
                )
            )
        }
    }
}
