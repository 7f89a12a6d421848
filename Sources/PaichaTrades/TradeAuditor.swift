import PaichaCore

/// Streams trades from any number of tapes into per-market tallies, then scores every market.
public struct TradeAuditor {
    /// The thresholds used.
    public let configuration: AuditConfiguration
    /// One tally per market, in order of first appearance.
    public private(set) var tallies: [MarketTally] = []
    /// The input files, numbered as in evidence.
    public private(set) var files: [String] = []
    /// What each input gave.
    public private(set) var inputs: [TapeInput] = []
    /// The first bad rows of every input.
    public private(set) var badRows: [BadRow] = []
    private var slots: [Market: Int] = [:]

    /// Makes an auditor.
    public init(configuration: AuditConfiguration = AuditConfiguration()) {
        self.configuration = configuration
    }

    /// The tally slot of `market`, made on first use.
    public mutating func slot(for market: Market) -> Int {
        if let slot = self.slots[market] { return slot }
        let slot = self.tallies.count
        self.tallies.append(self.newTally(market))
        self.slots[market] = slot
        return slot
    }

    private func newTally(_ market: Market) -> MarketTally {
        MarketTally(market: market, configuration: self.configuration)
    }

    /// Numbers a file name for evidence locations.
    public mutating func fileNumber(_ name: String) -> Int32 {
        self.files.append(name)
        return Int32(self.files.count - 1)
    }

    /// Counts one trade of `market` read from file number `file`.
    public mutating func add(_ trade: Trade, slot: Int, file: Int32, accounts: [String] = []) {
        self.tallies[slot].add(trade, file: file, accounts: accounts)
    }

    /// Reads a whole tape (`-` for standard input) and counts its trades; bad rows and errors are recorded in
    /// `inputs` and `badRows`, never thrown.
    @discardableResult
    public mutating func read(path: String, options: TapeOptions, progress: (Int64) -> Void = { _ in }) -> TapeInput {
        let file = self.fileNumber(path)
        var map: [Int] = []
        var rows: [BadRow] = []
        var tallies = self.tallies
        var slots = self.slots
        self.tallies = []
        // Notional values are counted on the reading thread, beside the parse, while the calling thread hashes;
        // without the hash, the calling thread has room for them and the reading thread is the one to spare.
        let notionalsHere = !options.hashInput
        var notionals: [NotionalTally]? = notionalsHere ? nil : []
        // The current market's tally is held apart from the others while its trades come (most tapes have one
        // market), so that counting does not go through the array.
        var currentIndex = -1
        var current = MarketTally(market: Market(venue: "", symbol: ""), configuration: self.configuration)
        let input = TapeFile.readBatches(
            path: path,
            options: options,
            file: file,
            badRows: &rows,
            notionals: &notionals,
            progress: progress
        ) { trades, tables in
            // Each run of trades of one market counted in one call.
            var start = 0
            while start < trades.count {
                let index = Int(trades[start].market)
                var end = start &+ 1
                while end < trades.count, trades[end].market == trades[start].market { end &+= 1 }
                if index != currentIndex {
                    while map.count <= index {
                        let market = tables.markets[map.count]
                        if let slot = slots[market] {
                            map.append(slot)
                        } else {
                            slots[market] = tallies.count
                            map.append(tallies.count)
                            tallies.append(self.newTally(market))
                        }
                    }
                    if currentIndex >= 0 { swap(&current, &tallies[map[currentIndex]]) }
                    currentIndex = index
                    swap(&current, &tallies[map[index]])
                }
                current.add(
                    contentsOf: UnsafeBufferPointer(rebasing: trades[start..<end]),
                    file: file,
                    accounts: tables.accounts,
                    notional: notionalsHere
                )
                start = end
            }
        }
        if currentIndex >= 0 { swap(&current, &tallies[map[currentIndex]]) }
        // Notional values counted on the reading thread join their markets; a market without trades has none.
        for (index, notional) in (notionals ?? []).enumerated() where index < map.count {
            tallies[map[index]].merge(notional)
        }
        self.tallies = tallies
        self.slots = slots
        self.badRows.append(contentsOf: rows)
        self.inputs.append(input)
        return input
    }

    /// Scores every market, sorted by venue then symbol.
    public func scorecards() -> [MarketScorecard] {
        self.finishedTallies().map { Scoring(configuration: self.configuration, files: self.files).score($0) }
            .sorted { ($0.venue, $0.symbol) < ($1.venue, $1.symbol) }
    }

    private func finishedTallies() -> [MarketTally] {
        self.tallies.map {
            var tally = $0
            tally.finish()
            return tally
        }
    }

    /// Scores every market, then looks across markets: outages (given, and gaps in each market's own tape) against
    /// the other venues' prices, and turnover against supply figures and a benchmark venue.
    public func audit(_ context: TradeAuditContext = TradeAuditContext()) -> TradeAuditResult {
        let tallies = self.finishedTallies()
        let scoring = Scoring(configuration: self.configuration, files: self.files)
        var cards = tallies.map { scoring.score($0) }
        var windows = context.outages
        if context.detectOutages {
            windows += OutageAnalyzer.detectedWindows(tallies, configuration: self.configuration, files: self.files)
        }
        let analyzer = OutageAnalyzer(
            configuration: self.configuration,
            files: self.files,
            referenceVenue: context.referenceVenue,
            markets: tallies.map {
                MarketPrices(market: $0.market, series: $0.prices, trades: $0.trades, configuration: self.configuration)
            }
        )
        windows.sort { ($0.start, $0.venue, $0.symbol ?? "", $0.end) < ($1.start, $1.venue, $1.symbol ?? "", $1.end) }
        let (reports, findings) = analyzer.analyze(windows)
        for index in cards.indices {
            cards[index].findings += findings[cards[index].market] ?? []
        }
        Turnover.apply(
            &cards,
            figures: context.supply,
            benchmarkVenue: context.benchmarkVenue,
            configuration: self.configuration,
            supplyFile: context.supplyFile ?? "supply"
        )
        cards.sort { ($0.venue, $0.symbol) < ($1.venue, $1.symbol) }
        return TradeAuditResult(venues: cards, outages: reports)
    }
}

/// What an audit looks at beyond the tapes.
public struct TradeAuditContext: Hashable, Sendable {
    /// Outage windows given by the user.
    public var outages: [OutageWindow]
    /// Whether gaps in each market's own tape are also outages.
    public var detectOutages: Bool
    /// Supply figures for turnover.
    public var supply: [SupplyFigure]
    /// The supply file's name, for evidence.
    public var supplyFile: String?
    /// The venue every venue's turnover is compared with (a figure's own benchmark wins).
    public var benchmarkVenue: String?
    /// The venue whose prices are the reference during outages (default: the busiest other venue).
    public var referenceVenue: String?

    /// Makes a context.
    public init(
        outages: [OutageWindow] = [],
        detectOutages: Bool = true,
        supply: [SupplyFigure] = [],
        supplyFile: String? = nil,
        benchmarkVenue: String? = nil,
        referenceVenue: String? = nil
    ) {
        self.outages = outages
        self.detectOutages = detectOutages
        self.supply = supply
        self.supplyFile = supplyFile
        self.benchmarkVenue = benchmarkVenue
        self.referenceVenue = referenceVenue
    }
}

/// Every market's scorecard and the outage reports.
public struct TradeAuditResult: Hashable, Sendable {
    /// One scorecard per venue and symbol, sorted.
    public var venues: [MarketScorecard]
    /// One report per outage window and symbol.
    public var outages: [OutageReport]
}
