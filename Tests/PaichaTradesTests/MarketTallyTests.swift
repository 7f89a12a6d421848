import Foundation
import PaichaCore
import PaichaTestSupport
import Testing

@testable import PaichaTrades

/// The per-market tally's counts that are kept without dividing per trade, against the plain arithmetic.
@Suite struct MarketTallyTests {
    static func trade(_ nanoseconds: Int64, line: Int64) -> Trade {
        Trade(
            time: Timestamp(nanoseconds: nanoseconds),
            price: TradeDecimal(significand: 12345, exponent: -2),
            size: TradeDecimal(significand: 25, exponent: -3),
            side: .buy,
            market: 0,
            line: line
        )
    }

    /// Times in order, out of order, across second and minute boundaries and before 1970 land in the same second
    /// of the minute as `nanoseconds / 10⁹ mod 60` puts them.
    @Test(arguments: [UInt64(1), 2, 3])
    func secondOfMinuteMatchesDivision(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var tally = MarketTally(market: Market(venue: "v", symbol: "s"))
        var expected = [Int64](repeating: 0, count: 60)
        var time: Int64 = seed == 3 ? -200_000_000_000 : 1_700_000_000_000_000_000
        for line in 1...5_000 {
            switch random.next() % 10 {
            case 0: time -= Int64(random.next() % 3_000_000_000)  // back, sometimes into the second before
            case 1: time += Int64(random.next() % 90_000_000_000)  // a pause, sometimes past the minute
            default: time += Int64(random.next() % 200_000_000)
            }
            tally.add(Self.trade(time, line: Int64(line)))
            var second = time / 1_000_000_000 % 60
            if second < 0 { second += 60 }
            expected[Int(second)] += 1
        }
        #expect(tally.secondOfMinute == expected)
        #expect(tally.trades == 5_000)
    }

    /// The first digit's share of volume uses the digits the size accumulator found.
    @Test func firstDigitVolumeFollowsTheSizes() {
        var tally = MarketTally(market: Market(venue: "v", symbol: "s"))
        for (index, text) in ["0.0025", "250", "31", "0.9", "9000", "0"].enumerated() {
            var trade = Self.trade(1_700_000_000_000_000_000, line: Int64(index + 1))
            trade.size = decimal(text)
            tally.add(trade)
        }
        #expect(tally.firstDigitVolume[1] == 250.0025)  // digit 2
        #expect(tally.firstDigitVolume[2] == 31)
        #expect(tally.firstDigitVolume[8] == 9000.9)
        #expect(tally.sizes.zeros == 1)
    }

    /// A tape read from a file counts notional values on the reading thread; the counts (digits, examples, quote
    /// volume) are those of counting each trade in its market's tally, with markets changing often, a last line
    /// without a newline, and more than one chunk.
    @Test func notionalsCountedWhileReadingMatchTheTally() throws {
        let directory = try TemporaryDirectory()
        var random = SplitMix64(seed: 11)
        var text = "exchange,symbol,timestamp,local_timestamp,id,side,price,amount\n"
        for line in 0..<3_000 {
            let venue = ["htx", "okx", "binance"][Int(random.next() % (line < 2_000 ? 2 : 3))]
            let price = "\(1 + random.next() % 90_000).\(random.next() % 100)"
            let size = "0.\(String(repeating: "0", count: Int(random.next() % 4)))\(1 + random.next() % 9_999)"
            text += "\(venue),TRXUSDT,\(1_700_000_000_000_000 + line * 1000),0,\(line),buy,\(price),\(size)\n"
        }
        text.removeLast()  // the last line without a newline
        let path = directory.path("tape.csv")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        var limits = TradeLimits()
        limits.readBufferSize = 4096  // many chunks
        var auditor = TradeAuditor()
        auditor.read(path: path, options: TapeOptions(limits: limits))

        var expected: [Market: MarketTally] = [:]
        let read = readTape(Array(text.utf8))
        for trade in read.trades {
            let market = read.markets[Int(trade.market)]
            expected[market, default: MarketTally(market: market)].add(trade, notional: true)
        }
        #expect(auditor.tallies.count == 3)
        for tally in auditor.tallies {
            let reference = try #require(expected[tally.market])
            #expect(tally.quoteVolume == reference.quoteVolume, "\(tally.market)")
            #expect(tally.notionals.firstTwo == reference.notionals.firstTwo)
            #expect(tally.notionals.lastTwo == reference.notionals.lastTwo)
            #expect(tally.notionals.values == reference.notionals.values)
            #expect(tally.notionals.firstDigitExamples == reference.notionals.firstDigitExamples)
            #expect(tally.notionals.values > 300)
        }
    }
}
