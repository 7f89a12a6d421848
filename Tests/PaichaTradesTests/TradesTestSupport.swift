import Foundation
import PaichaCore
import PaichaTestSupport
import PaichaTrades

/// Everything a reader gave for one input.
struct ReadResult: Equatable {
    var trades: [Trade] = []
    var markets: [Market] = []
    var accounts: [String] = []
    var badRows: [BadRow] = []
    var statistics = TapeStatistics()
    var format: TapeFormat?
    var error: TapeError?
}

/// Reads `bytes` in chunks of `chunk` bytes, with a reader `configure` may set up first.
func readTape(
    _ bytes: [UInt8],
    chunk: Int = 1 << 20,
    options: TapeOptions = TapeOptions(),
    file: String = "t.csv",
    configure: (inout TapeReader) -> Void = { _ in }
)
    -> ReadResult
{
    var reader = TapeReader(file: file, options: options)
    configure(&reader)
    var result = ReadResult()
    var start = 0
    while start < bytes.count {
        let end = min(bytes.count, start + max(1, chunk))
        bytes[start..<end].withUnsafeBytes { reader.consume($0) { result.trades.append($0) } }
        start = end
    }
    do throws(TapeError) {
        try reader.finish { result.trades.append($0) }
    } catch {
        result.error = error
    }
    result.markets = reader.markets
    result.accounts = reader.accounts
    result.badRows = reader.badRows
    result.statistics = reader.statistics
    result.format = reader.format
    return result
}

func readTape(_ text: String, chunk: Int = 1 << 20, options: TapeOptions = TapeOptions()) -> ReadResult {
    readTape(Array(text.utf8), chunk: chunk, options: options)
}

/// A decimal from text, for expectations.
func decimal(_ text: String) -> TradeDecimal {
    Array(text.utf8).withUnsafeBytes { TradeDecimal(ascii: $0)! }
}

/// SplitMix64: a small seeded generator so that random tests reproduce.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { self.state = seed }
    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The trade tapes in `../shared/corpus/trades`.
enum TradesCorpus {
    static let directory = Corpus.root.appendingPathComponent("trades")
    static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent("dn-htx-okx-raw-trades.csv").path)
    }
    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
    static func bytes(_ name: String) -> [UInt8] { Array(FileManager.default.contents(atPath: path(name)) ?? Data()) }
}

/// Writes a generated tape in the venue-ticks layout and audits it.
func auditGenerated(
    _ rows: [(price: String, size: String)],
    venue: String = "GEN",
    symbol: String = "AAAUSDT"
)
    throws -> MarketScorecard
{
    var text = "exchange,symbol,timestamp_ms,iso_time,side,price,size,trade_id\n"
    for (index, row) in rows.enumerated() {
        text +=
            "\(venue),\(symbol),\(1_700_000_000_000 + Int64(index) * 1_337),x,buy,\(row.price),\(row.size),\(index)\n"
    }
    let directory = try TemporaryDirectory()
    let path = directory.path("tape.csv")
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    var auditor = TradeAuditor()
    auditor.read(path: path, options: TapeOptions())
    return auditor.scorecards()[0]
}

/// A size drawn log-uniformly over [10^low, 10^high), written with `decimals` places: Benford by construction.
func logUniform(_ random: inout SplitMix64, low: Double, high: Double, decimals: Int) -> String {
    let exponent = Double.random(in: low..<high, using: &random)
    let value = pow(10, exponent)
    return String(format: "%.\(decimals)f", value)
}
