import PaichaCore
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
}
