import PaichaCore
import PaichaTrades
import Testing

@Suite struct TapeReaderTests {
    static let venueTicks = """
        exchange,symbol,timestamp_ms,iso_time,side,price,size,trade_id
        HTX,TRXUSDT,1779221464981,2026-05-19T20:11:04.981000+00:00,buy,0.28771,8.31,1
        HTX,TRXUSDT,1779221465553,2026-05-19T20:11:05.553000+00:00,sell,0.2877,1.6e-05,2
        HTX,TRXUSDT,oops,2026-05-19T20:11:05.553000+00:00,sell,0.2877,1,3
        OKX,TRX-USDT,1779221466000,2026-05-19T20:11:06.000000+00:00,sell,0.2878,abc,4
        OKX,TRX-USDT,1779221466001,2026-05-19T20:11:06.001000+00:00,sideways,0.2878,2,5

        OKX,TRX-USDT,1779221466002,x,sell,0.2878
        OKX,TRX-USDT,1779221466003,x,buy,0.2879,0,7
        """

    @Test func venueTicksWithLineNumberedBadRows() {
        let result = readTape(Self.venueTicks)
        #expect(result.error == nil)
        #expect(result.format == .venueTicks)
        #expect(result.markets == [Market(venue: "HTX", symbol: "TRXUSDT"), Market(venue: "OKX", symbol: "TRX-USDT")])
        #expect(
            result.trades == [
                Trade(
                    time: Timestamp(nanoseconds: 1_779_221_464_981_000_000),
                    price: decimal("0.28771"),
                    size: decimal("8.31"),
                    side: .buy,
                    market: 0,
                    line: 2
                ),
                Trade(
                    time: Timestamp(nanoseconds: 1_779_221_465_553_000_000),
                    price: decimal("0.2877"),
                    size: decimal("0.000016"),
                    side: .sell,
                    market: 0,
                    line: 3
                ),
                Trade(
                    time: Timestamp(nanoseconds: 1_779_221_466_003_000_000),
                    price: decimal("0.2879"),
                    size: .zero,
                    side: .buy,
                    market: 1,
                    line: 9
                ),
            ]
        )
        #expect(
            result.badRows == [
                BadRow(
                    file: "t.csv",
                    line: 4,
                    reason: "bad time",
                    excerpt: "HTX,TRXUSDT,oops,2026-05-19T20:11:05.553000+00:00,sell,0.2877,1,3"
                ),
                BadRow(
                    file: "t.csv",
                    line: 5,
                    reason: "bad size",
                    excerpt: "OKX,TRX-USDT,1779221466000,2026-05-19T20:11:06.000000+00:00,sell,0.2878,abc,4"
                ),
                BadRow(
                    file: "t.csv",
                    line: 6,
                    reason: "bad side",
                    excerpt: "OKX,TRX-USDT,1779221466001,2026-05-19T20:11:06.001000+00:00,sideways,0.2878,2,5"
                ),
                BadRow(
                    file: "t.csv",
                    line: 8,
                    reason: "expected at least 7 fields, found 6",
                    excerpt: "OKX,TRX-USDT,1779221466002,x,sell,0.2878"
                ),
            ]
        )
        var expected = TapeStatistics()
        expected.bytes = Int64(Self.venueTicks.utf8.count)
        expected.lines = 9
        expected.headerLines = 1
        expected.blankLines = 1
        expected.trades = 3
        expected.badRows = 4
        #expect(result.statistics == expected)
    }

    @Test func everyChunkSizeGivesTheSameResult() {
        let bytes = Array((Self.venueTicks + "\r\n" + Self.binanceHeaderless).utf8)
        let reference = readTape(bytes)
        for chunk in 1...bytes.count {
            #expect(readTape(bytes, chunk: chunk) == reference, "chunk \(chunk)")
        }
    }

    static let binanceHeaderless = """
        4046212071,67000.01000000,0.00150000,100.50001500,1712345678901,true,true
        4046212072,67000.02000000,0.10000000,6700.00200000,1712345678902123,false,true
        """

    @Test func binanceTradesHeaderlessMillisecondsAndMicroseconds() {
        let result = readTape(Self.binanceHeaderless, options: TapeOptions(symbol: "BTCUSDT"))
        #expect(result.format == .binanceTrades)
        #expect(result.markets == [Market(venue: "binance", symbol: "BTCUSDT")])
        #expect(
            result.trades == [
                Trade(
                    time: Timestamp(nanoseconds: 1_712_345_678_901_000_000),
                    price: decimal("67000.01"),
                    size: decimal("0.0015"),
                    side: .sell,
                    market: 0,
                    line: 1
                ),
                Trade(
                    time: Timestamp(nanoseconds: 1_712_345_678_902_123_000),
                    price: decimal("67000.02"),
                    size: decimal("0.1"),
                    side: .buy,
                    market: 0,
                    line: 2
                ),
            ]
        )
    }

    @Test func binanceAggTradesWithHeader() {
        let text = """
            agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker,is_best_match
            26129,0.01633102,4.70443515,27781,27781,1498793709153,true,true
            """
        let result = readTape(text, options: TapeOptions(symbol: "LTCBTC"))
        #expect(result.format == .binanceAggTrades)
        #expect(result.statistics.headerLines == 1)
        #expect(
            result.trades == [
                Trade(
                    time: Timestamp(nanoseconds: 1_498_793_709_153_000_000),
                    price: decimal("0.01633102"),
                    size: decimal("4.70443515"),
                    side: .sell,
                    market: 0,
                    line: 2
                )
            ]
        )
        #expect(result.markets == [Market(venue: "binance", symbol: "LTCBTC")])
        let headerless = readTape("26129,0.01633102,4.70443515,27781,27781,1498793709153,false,true\n")
        #expect(headerless.format == .binanceAggTrades)
        #expect(headerless.trades.map(\.side) == [.buy])
    }

    @Test func tardisTrades() {
        let text = """
            exchange,symbol,timestamp,local_timestamp,id,side,price,amount
            binance-futures,BTCUSDT,1585699209920000,1585699209934201,8399,sell,6368.36,0.009
            deribit,BTC-PERPETUAL,1585699209947000,1585699209950000,x,buy,6371.5,10
            """
        let result = readTape(text)
        #expect(result.format == .tardis)
        #expect(
            result.markets == [
                Market(venue: "binance-futures", symbol: "BTCUSDT"), Market(venue: "deribit", symbol: "BTC-PERPETUAL"),
            ]
        )
        #expect(
            result.trades.map(\.time)
                == [1_585_699_209_920_000_000, 1_585_699_209_947_000_000].map { Timestamp(nanoseconds: $0) }
        )
        #expect(result.trades.map(\.size) == [decimal("0.009"), decimal("10")])
        #expect(result.trades.map(\.side) == [.sell, .buy])
        #expect(result.trades.map(\.market) == [0, 1])
    }

    @Test func timedTicksWithRFC3339() {
        let text = """
            trade_id,time_utc,side,price,size,notional_usd
            1034491093,2026-06-08T17:51:35.689356+00:00,buy,63443.11,0.00000005,0.00317216
            """
        let result = readTape(text, options: TapeOptions(venue: "coinbase", symbol: "BTC-USD"))
        #expect(result.format == .timedTicks)
        #expect(
            result.trades == [
                Trade(
                    time: Timestamp(nanoseconds: 1_780_941_095_689_356_000),
                    price: decimal("63443.11"),
                    size: decimal("0.00000005"),
                    side: .buy,
                    market: 0,
                    line: 2
                )
            ]
        )
        #expect(result.markets == [Market(venue: "coinbase", symbol: "BTC-USD")])
    }

    @Test func genericMappingByNameAndByPosition() throws {
        let text = """
            ts;x,note,"px","qty",who_buys,who_sells,pair
            1700000000,"1,5",2.5,0.1,alice,bob,ETH/USD
            1700000001,,2.5,0.2,carol,carol,ETH/USD
            """
        let byName = try ColumnMapping.parse("time=ts;x, price=px,size=qty,buyer=who_buys,seller=who_sells,symbol=pair")
        let result = readTape(text, options: TapeOptions(columns: byName, venue: "dex"))
        #expect(result.format == .generic)
        #expect(result.accounts == ["alice", "bob", "carol"])
        #expect(
            result.trades == [
                Trade(
                    time: Timestamp(nanoseconds: 1_700_000_000_000_000_000),
                    price: decimal("2.5"),
                    size: decimal("0.1"),
                    side: .unknown,
                    market: 0,
                    buyer: 0,
                    seller: 1,
                    line: 2
                ),
                Trade(
                    time: Timestamp(nanoseconds: 1_700_000_001_000_000_000),
                    price: decimal("2.5"),
                    size: decimal("0.2"),
                    side: .unknown,
                    market: 0,
                    buyer: 2,
                    seller: 2,
                    line: 3
                ),
            ]
        )
        #expect(result.markets == [Market(venue: "dex", symbol: "ETH/USD")])
        let byPosition = try ColumnMapping.parse("price=#3,size=4")
        let positional = readTape("1,x,10,3\n2,y,11,4\n", options: TapeOptions(columns: byPosition))
        #expect(positional.trades.map(\.size) == [decimal("3"), decimal("4")])
        #expect(positional.statistics.headerLines == 0)
    }

    @Test func headerGuessedFromNames() {
        let result = readTape("Time,Price,Amount,Side\n2024-01-01T00:00:00Z,10,1,BUY\n")
        #expect(result.format == .generic)
        #expect(result.trades.map(\.side) == [.buy])
    }

    @Test(arguments: [
        ("price=p", "price and size are required"),
        (
            "price=p,size=s,colour=c",
            "unknown key 'colour'; keys: time, price, size, side, buyerIsMaker, venue, symbol, buyer, seller"
        ),
        ("price=p,size", "'size' is not key=column"),
        ("price=p,size=s,price=q", "'price' given twice"),
        ("price=#0,size=s", "bad position '#0'"),
        ("price=p,size=s,side=x,buyerIsMaker=y", "give side or buyerIsMaker, not both"),
    ])
    func badMappings(_ text: String, _ detail: String) {
        #expect(throws: TapeError(.badMapping, file: "--columns", detail: detail)) { try ColumnMapping.parse(text) }
    }

    @Test func layoutErrorsStopTheFile() {
        let unknown = readTape("hello,world\n1,2\n")
        #expect(
            unknown.error
                == TapeError(
                    .unknownLayout,
                    file: "t.csv",
                    line: 1,
                    detail: "first line is no known header or Binance row; give --layout or --columns"
                )
        )
        #expect(unknown.trades.isEmpty)
        let missing = readTape("a,b\n1,2\n", options: TapeOptions(columns: try? ColumnMapping.parse("price=a,size=c")))
        #expect(
            missing.error == TapeError(.missingColumn, file: "t.csv", line: 1, detail: "size=c not in header (a,b)")
        )
        #expect(readTape("").error == TapeError(.empty, file: "t.csv", detail: "no non-empty line"))
        #expect(readTape("\n\n").error?.code == .empty)
    }

    @Test(arguments: [1, 7, 64, 1 << 20])
    func longLinesAreReportedAndSkipped(_ chunk: Int) {
        var limits = TradeLimits()
        limits.maximumLineLength = 80
        limits.maximumExcerptLength = 20
        let long = "4046212073," + String(repeating: "9", count: 100) + ",1,1,1712345678901,true,true"
        let text = Self.binanceHeaderless + "\n" + long + "\n" + Self.binanceHeaderless
        let result = readTape(Array(text.utf8), chunk: chunk, options: TapeOptions(limits: limits))
        #expect(result.trades.map(\.line) == [1, 2, 4, 5])
        #expect(
            result.badRows == [
                BadRow(file: "t.csv", line: 3, reason: "line longer than 80 bytes", excerpt: String(long.prefix(20)))
            ]
        )
        #expect(result.statistics.longLines == 1)
        #expect(result.statistics.lines == 5)
        // A long last line without a newline is reported too.
        let tail = readTape(
            Array((Self.binanceHeaderless + "\n" + long).utf8),
            chunk: chunk,
            options: TapeOptions(limits: limits)
        )
        #expect(tail.badRows.map(\.line) == [3])
    }

    @Test func shortRowsAndTooManyFields() {
        var limits = TradeLimits()
        limits.maximumFields = 8
        let text =
            "exchange,symbol,timestamp_ms,iso_time,side,price,size,trade_id\nHTX,A,1,x,buy\nHTX,A,1700000000000,x,buy,1,2,3,4,5\n"
        let result = readTape(Array(text.utf8), options: TapeOptions(limits: limits))
        #expect(result.badRows.map(\.reason) == ["expected at least 7 fields, found 5"])
        #expect(result.trades.count == 1)
        #expect(result.statistics.extraFieldLines == 1)
    }

    @Test func untrackedMarketsAreCounted() {
        var limits = TradeLimits()
        limits.maximumMarkets = 1
        let text =
            "exchange,symbol,timestamp_ms,iso_time,side,price,size,trade_id\nA,X,1,x,buy,1,1,1\nB,X,1,x,buy,1,1,1\nA,X,1,x,buy,1,1,1\n"
        let result = readTape(Array(text.utf8), options: TapeOptions(limits: limits))
        #expect(result.trades.count == 2)
        #expect(result.statistics.untrackedMarketTrades == 1)
    }
}

/// The unquoted fast path of field splitting against the quoted path, on random tapes.
@Suite struct FieldSplittingTests {
    /// A random generic tape; with `quoted`, every field is written in double quotes (the slow path reads the
    /// same values).
    static func tape(seed: UInt64, quoted: Bool) -> String {
        var random = SplitMix64(seed: seed)
        func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
        let extraColumns = Int(random.next() % 4)
        var header = ["time", "price", "size", "side", "venue", "symbol", "buyer", "seller"]
        header += (0..<extraColumns).map { "extra\($0)" }
        func line(_ fields: [String]) -> String {
            (quoted ? fields.map { "\"\($0)\"" } : fields).joined(separator: ",")
                + (random.next() % 5 == 0 ? "\r\n" : "\n")
        }
        var text = line(header)
        for row in 0..<300 {
            var fields = [
                "\(1_700_000_000_000 + row * 1_000)",
                pick(["101.25", "7", "0.000123", "12345678.9", "x1", "", "1e3"]),
                pick(["0.5", "3", "0.00000042", "250000", "-1", "abc"]),
                pick(["buy", "sell", "B", "ask", "maybe"]),
                pick(["v", "venue-with-a-long-name", "x"]),
                pick(["BTCUSDT", "ETH-USD", "S"]),
                pick(["a", "account-number-0001", ""]),
                pick(["b", "z", "account-number-0002"]),
            ]
            fields += (0..<extraColumns).map { _ in pick(["", "e", "a-longer-extra-field-value"]) }
            // Sometimes fewer fields, sometimes more than the header.
            switch random.next() % 10 {
            case 0: fields.removeLast(Int(random.next() % 5))
            case 1: fields += (0..<Int(random.next() % 6)).map { "more\($0)" }
            default: break
            }
            text += line(fields)
        }
        return text
    }

    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6, 7, 8])
    func plainAndQuotedAgree(seed: UInt64) {
        var limits = TradeLimits()
        limits.maximumFields = 9 + Int(seed % 4)
        let options = TapeOptions(limits: limits)
        let plain = readTape(Self.tape(seed: seed, quoted: false), chunk: 1 + Int(seed) * 13, options: options)
        let quoted = readTape(Self.tape(seed: seed, quoted: true), options: options)
        #expect(plain.trades.count > 100)
        #expect(plain.trades == quoted.trades)
        #expect(plain.markets == quoted.markets)
        #expect(plain.accounts == quoted.accounts)
        #expect(plain.badRows.map(\.line) == quoted.badRows.map(\.line))
        #expect(plain.badRows.map(\.reason) == quoted.badRows.map(\.reason))
        #expect(plain.statistics.extraFieldLines == quoted.statistics.extraFieldLines)
        #expect(plain.statistics.trades == quoted.statistics.trades)
    }
}
