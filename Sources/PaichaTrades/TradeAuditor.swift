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
        MarketTally(
            market: market,
            roundTripWindow: Int64(self.configuration.roundTripWindow * 1e9),
            roundTripSizeTolerance: self.configuration.roundTripSizeTolerance,
            maximumAccountPairs: self.configuration.maximumAccountPairs,
            tailSampleSize: self.configuration.tailSampleSize
        )
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
        let input = TapeFile.read(path: path, options: options, badRows: &rows, progress: progress) { trade, reader in
            let index = Int(trade.market)
            while map.count <= index {
                let market = reader.markets[map.count]
                if let slot = slots[market] {
                    map.append(slot)
                } else {
                    slots[market] = tallies.count
                    map.append(tallies.count)
                    tallies.append(self.newTally(market))
                }
            }
            tallies[map[index]].add(trade, file: file, accounts: trade.buyer == nil ? [] : reader.accounts)
        }
        self.tallies = tallies
        self.slots = slots
        self.badRows.append(contentsOf: rows)
        self.inputs.append(input)
        return input
    }

    /// Scores every market, sorted by venue then symbol.
    public func scorecards() -> [MarketScorecard] {
        self.tallies.map { Scoring(configuration: self.configuration, files: self.files).score($0) }
            .sorted { ($0.venue, $0.symbol) < ($1.venue, $1.symbol) }
    }
}
