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

    /// Random trades of every shape (zero, round and inexact sizes, sizes far apart in magnitude, out-of-order
    /// times, pauses, accounts trading with themselves and back and forth).
    static func randomTrades(seed: UInt64, count: Int) -> [Trade] {
        var random = SplitMix64(seed: seed)
        var time: Int64 = 1_700_000_000_000_000_000
        return (1...count).map { line in
            time += Int64(random.next() % 2_000_000_000) - (random.next() % 20 == 0 ? 3_000_000_000 : 0)
            if random.next() % 500 == 0 { time += 900_000_000_000 }
            let size: TradeDecimal
            switch random.next() % 8 {
            case 0: size = .zero
            case 1: size = TradeDecimal(significand: [1, 2, 5][Int(random.next() % 3)], exponent: -2)
            case 2: size = TradeDecimal(significand: random.next() % 1_000_000, exponent: -40, isInexact: true)
            case 3: size = TradeDecimal(significand: 1 + random.next() % 999, exponent: 14)
            default:
                size = TradeDecimal(significand: 1 + random.next() % 10_000_000, exponent: -Int32(random.next() % 9))
            }
            let accounts = random.next() % 3 == 0
            return Trade(
                time: random.next() % 50 == 0 ? nil : Timestamp(nanoseconds: time),
                price: TradeDecimal(significand: 2_990_000 + random.next() % 20_000, exponent: -2),
                size: size,
                side: [.buy, .sell, .unknown][Int(random.next() % 3)],
                market: 0,
                buyer: accounts ? Int32(random.next() % 4) : nil,
                seller: accounts ? Int32(random.next() % 4) : nil,
                line: Int64(line)
            )
        }
    }

    /// Counting trades a run at a time (`add(contentsOf:)`, as the auditor does) counts exactly what counting them
    /// one by one does.
    @Test(arguments: [UInt64(1), 2, 3])
    func runsCountAsOneByOne(seed: UInt64) {
        let trades = Self.randomTrades(seed: seed, count: 4_000)
        let accounts = ["a", "b", "c", "d"]
        let market = Market(venue: "v", symbol: "s")
        var single = MarketTally(market: market)
        for trade in trades { single.add(trade, file: 2, accounts: accounts) }
        var runs = MarketTally(market: market)
        var random = SplitMix64(seed: seed &+ 100)
        var start = 0
        while start < trades.count {
            let end = min(trades.count, start + 1 + Int(random.next() % 700))
            trades[start..<end].withUnsafeBufferPointer { runs.add(contentsOf: $0, file: 2, accounts: accounts) }
            start = end
        }
        for tally in [single, runs] {
            #expect(tally.sizes.zeros > 0)
            #expect(tally.sizes.inexact > 0)
            #expect(tally.sizes.outOfRange > 0)
            #expect(tally.exactRoundCount.reduce(0, +) > 0)
            #expect(tally.selfTrades > 0)
            #expect(tally.outOfOrder > 0)
        }
        #expect(runs.trades == single.trades)
        #expect(runs.buys == single.buys)
        #expect(runs.sells == single.sells)
        #expect(runs.secondOfMinute == single.secondOfMinute)
        for (a, b) in [(runs.sizes, single.sizes), (runs.notionals, single.notionals)] {
            #expect(a.firstTwo == b.firstTwo)
            #expect(a.lastTwo == b.lastTwo)
            #expect(a.round == b.round)
            #expect(a.values == b.values)
            #expect(a.zeros == b.zeros)
            #expect(a.inexact == b.inexact)
            #expect(a.firstDigitExamples == b.firstDigitExamples)
            #expect(a.roundExamples == b.roundExamples)
            #expect(a.roundLotCounts(precision: -6) == b.roundLotCounts(precision: -6))
        }
        #expect(runs.baseVolume == single.baseVolume)
        #expect(runs.quoteVolume == single.quoteVolume)
        #expect(runs.firstDigitVolume == single.firstDigitVolume)
        #expect(runs.exactRoundCount == single.exactRoundCount)
        #expect(runs.exactRoundVolume == single.exactRoundVolume)
        #expect(runs.gaps == single.gaps)
        #expect(runs.outageGaps == single.outageGaps)
        #expect(runs.outOfOrder == single.outOfOrder)
        #expect(runs.selfTrades == single.selfTrades)
        #expect(runs.roundTrips == single.roundTrips)
        #expect(runs.firstTime == single.firstTime)
        #expect(runs.sizeSample.values == single.sizeSample.values)
    }

    /// Digit counts kept outside the value (last two digits, round lots) are still the value's own: a copy counts
    /// apart from the original, both ways round.
    @Test func copiedAccumulatorsCountApart() {
        var original = DigitAccumulator()
        for text in ["0.00253", "1.5", "200", "0.01"] { original.add(decimal(text), line: 1) }
        let before = (original.firstTwo, original.lastTwo, original.round)
        var copy = original
        for text in ["0.0255", "5", "100", "0.01"] { copy.add(decimal(text), line: 2) }
        #expect(original.firstTwo == before.0)
        #expect(original.lastTwo == before.1)
        #expect(original.round == before.2)
        #expect(copy.lastTwo != before.1)
        #expect(copy.round != before.2)
        #expect(copy.values == 8)
        let copied = (copy.lastTwo, copy.round)
        original.merge(copy)
        #expect(copy.lastTwo == copied.0)
        #expect(copy.round == copied.1)
        let merged: UInt32 = before.1.reduce(0, +) + copied.0.reduce(0, +)
        #expect(original.lastTwo.reduce(0, +) == merged)
        var tally = MarketTally(market: Market(venue: "v", symbol: "s"))
        tally.add(Self.trade(1_700_000_000_000_000_000, line: 1))
        let snapshot = tally
        tally.add(Self.trade(1_700_000_000_000_000_000, line: 2))
        #expect(snapshot.sizes.lastTwo.reduce(0, +) == 1)
        #expect(tally.sizes.lastTwo.reduce(0, +) == 2)
        #expect(
            snapshot.notionals.round != tally.notionals.round || snapshot.notionals.lastTwo != tally.notionals.lastTwo
        )
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
