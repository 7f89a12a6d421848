import Testing

@testable import PaichaTrades

/// The one-pass row reader (`readPlainRows`) against the general reader, on random and mutated tapes: every
/// trade, bad row, statistic, market and account must be the same, at every chunk size.
@Suite struct PlainRowTests {
    /// Reads `bytes` twice, with and without the one-pass reader.
    static func both(_ bytes: [UInt8], chunk: Int, options: TapeOptions) -> (plain: ReadResult, general: ReadResult) {
        (
            readTape(bytes, chunk: chunk, options: options),
            readTape(bytes, chunk: chunk, options: options) { $0.usesPlainRows = false }
        )
    }

    /// Layouts the tests write: a header (or none) and a row maker.
    enum Shape: CaseIterable {
        case binanceTrades, binanceAggTrades, tardis, accounts, makerFlagged

        /// The column mapping the shape is read with, when it is not a known layout.
        var columns: ColumnMapping? {
            guard self == .makerFlagged else { return nil }
            return ColumnMapping(
                time: .name("time"),
                price: .name("price"),
                size: .name("size"),
                buyerIsMaker: .name("is_buyer_maker"),
                symbol: .name("symbol")
            )
        }

        var header: String? {
            switch self {
            case .binanceTrades: nil
            case .binanceAggTrades:
                "agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker,is_best_match"
            case .tardis: "exchange,symbol,timestamp,local_timestamp,id,side,price,amount"
            case .accounts: "time,price,size,side,buyer,seller,venue,symbol"
            case .makerFlagged: "is_buyer_maker,time,price,size,symbol"
            }
        }

        func row(_ random: inout SplitMix64, line: Int) -> String {
            let price = Self.decimal(&random)
            let size = Self.decimal(&random)
            let millis = 1_700_000_000_000 + Int(random.next() % 10_000_000)
            let flag = ["true", "false", "True", "False"][Int(random.next() % 4)]
            let side = ["buy", "sell"][Int(random.next() % 2)]
            switch self {
            case .binanceTrades:
                return
                    "\(line),\(price),\(size),\(Int(random.next() % 99_999)).\(random.next() % 100),\(millis),\(flag),True"
            case .binanceAggTrades:
                return "\(line),\(price),\(size),\(line * 3),\(line * 3 + 2),\(millis * 1000),\(flag),true"
            case .tardis:
                let exchange = ["binance", "okx", "htx"][Int(random.next() % 3)]
                let symbol = ["BTCUSDT", "TRXUSDT"][Int(random.next() % 2)]
                return "\(exchange),\(symbol),\(millis * 1000),\(millis * 1000 + 5),\(line),\(side),\(price),\(size)"
            case .accounts:
                let buyer = "a\(random.next() % 20)"
                let seller = "a\(random.next() % 20)"
                return "\(millis),\(price),\(size),\(side),\(buyer),\(seller),v\(random.next() % 2),S"
            case .makerFlagged:
                return "\(flag),\(millis),\(price),\(size),S\(random.next() % 3)"
            }
        }

        static func decimal(_ random: inout SplitMix64) -> String {
            switch random.next() % 6 {
            case 0: return "\(random.next() % 100_000)"
            case 1: return "0.\(String(repeating: "0", count: Int(random.next() % 6)))\(1 + random.next() % 999)"
            case 2: return "\(random.next() % 100_000).\(random.next() % 100_000)"
            case 3: return "\(1 + random.next() % 9)00.000"
            case 4: return "\(random.next() % 10_000_000_000_000_000_000)"  // up to 19 digits
            default: return "\(random.next() % 1000)."
            }
        }
    }

    /// Bytes a mutation writes: everything the one-pass reader must hand over to the general one.
    static let noise: [[UInt8]] = [
        [0x22], [0x20], [0x2C], [0x0D], [0x0A], [0x2D], [0x2B], [0x65], [0x2E], [0x09], [0x0D, 0x0A], [0x41],
        Array("TRUE".utf8), Array("1e5".utf8), Array("12345678901234567890".utf8), [0xFF],
    ]

    /// A random tape of `shape`, with about one line in `mutationRate` changed at a random place.
    static func tape(_ shape: Shape, seed: UInt64, lines: Int, mutationRate: UInt64) -> [UInt8] {
        var random = SplitMix64(seed: seed)
        var bytes: [UInt8] = []
        if let header = shape.header { bytes += Array((header + "\n").utf8) }
        for line in 1...lines {
            var row = Array(shape.row(&random, line: line).utf8)
            // The first line stays whole: it decides the layout.
            if mutationRate > 0, line > 1, random.next() % mutationRate == 0 {
                let place = Int(random.next() % UInt64(row.count + 1))
                switch random.next() % 3 {
                case 0: row.insert(contentsOf: Self.noise[Int(random.next() % UInt64(Self.noise.count))], at: place)
                case 1: if place < row.count { row.remove(at: place) }
                default: if place < row.count { row[place] = Self.noise[Int(random.next() % 4)][0] }
                }
            }
            bytes += row
            bytes += random.next() % 10 == 0 ? [0x0D, 0x0A] : [0x0A]
        }
        if random.next() % 2 == 0, bytes.last == 0x0A { bytes.removeLast() }  // a last line without a newline
        return bytes
    }

    @Test(arguments: Shape.allCases, [UInt64(1), 2, 3, 4, 5, 6])
    func oneEqualsGeneralOnMutatedTapes(shape: Shape, seed: UInt64) {
        var limits = TradeLimits()
        limits.maximumFields = 9 + Int(seed % 3)
        limits.maximumLineLength = 75 + Int(seed) * 15
        let options = TapeOptions(columns: shape.columns, limits: limits)
        let bytes = Self.tape(shape, seed: seed, lines: 600, mutationRate: 4)
        for chunk in [1, 5, 64, 1000, 1 << 20] {
            let (plain, general) = Self.both(bytes, chunk: chunk, options: options)
            #expect(Self.firstDifference(plain, general) == nil, "\(shape) seed \(seed) chunk \(chunk)")
            #expect(general.trades.count > 100)
        }
    }

    /// The first thing two reads disagree on, briefly; nil when they agree.
    static func firstDifference(_ a: ReadResult, _ b: ReadResult) -> String? {
        for (x, y) in zip(a.trades, b.trades) where x != y { return "trade \(x) against \(y)" }
        if a.trades.count != b.trades.count { return "\(a.trades.count) trades against \(b.trades.count)" }
        for (x, y) in zip(a.badRows, b.badRows) where x != y { return "bad row \(x) against \(y)" }
        if a.badRows.count != b.badRows.count { return "\(a.badRows.count) bad rows against \(b.badRows.count)" }
        if a.statistics != b.statistics { return "statistics \(a.statistics) against \(b.statistics)" }
        if a.markets != b.markets { return "markets \(a.markets) against \(b.markets)" }
        if a.accounts != b.accounts { return "accounts \(a.accounts) against \(b.accounts)" }
        if a.error != b.error || a.format != b.format { return "error or format" }
        return nil
    }

    @Test(arguments: Shape.allCases)
    func cleanTapesGoThroughTheOnePassReader(shape: Shape) {
        let bytes = Self.tape(shape, seed: 9, lines: 300, mutationRate: 0)
        var reader = TapeReader(file: "t.csv", options: TapeOptions(columns: shape.columns))
        var trades = 0
        bytes.withUnsafeBytes { reader.consume($0) { _ in trades += 1 } }
        #expect(reader.plainPlan != nil)
        #expect(reader.badRows.isEmpty)
        // Layouts of Binance's shape are read in straight-line code.
        let straight = shape == .binanceTrades || shape == .binanceAggTrades
        #expect((reader.plainPlan?.straight != nil) == straight)
        let (plain, general) = Self.both(bytes, chunk: 1 << 20, options: TapeOptions(columns: shape.columns))
        #expect(plain == general)
        #expect(plain.trades.count == 300)
    }

    /// Times of every length from 1 to 21 digits, alone or followed by other bytes, and decimals of every shape,
    /// read alike by both readers.
    @Test func timesAndDecimalsOfEveryLength() {
        var random = SplitMix64(seed: 5)
        var text = "time,price,size\n"
        let tails = ["", ".5", "x", "-", ":", "\u{7F}", "/", "e3"]
        let decimals = [
            "0", "00", "0.0", "000.000", "1", "10", "100.000", "0.00253", "30007.73", "5.", ".5", "1234567890123456789",
            "12345678901234567890", "0.1234567890123456789", "9999999999999999999", "100", "1.0", "0010",
        ]
        for length in 1...21 {
            for tail in tails {
                var digits = ""
                for _ in 0..<length { digits += String(random.next() % 10) }
                let decimal = decimals[Int(random.next() % UInt64(decimals.count))]
                text += "\(digits)\(tail),\(decimal),\(decimals[length % decimals.count])\n"
            }
        }
        for chunk in [3, 17, 1 << 20] {
            let (plain, general) = Self.both(Array(text.utf8), chunk: chunk, options: TapeOptions())
            #expect(Self.firstDifference(plain, general) == nil)
            #expect(general.trades.count > 20)
        }
    }

    /// Every byte value, at the start, middle and end of the fields the one-pass reader skips (a Binance row's id
    /// and quote quantity, long enough to be scanned eight bytes at a time), read alike by both readers: the
    /// skip finds its stop among the bytes below "-" and must tell the field's ends from quotes, spaces and
    /// other such bytes.
    @Test func everyByteInSkippedFields() {
        var text = ""
        for byte in 0...255 where byte != 0x0A {
            let b = String(decoding: [UInt8(byte)], as: UTF8.self)
            for (id, quote) in [
                ("\(b)12345678901", "75.91955716"), ("1234\(b)5678901", "75.919\(b)55716123"),
                ("123456789012\(b)", "75.9195571612345\(b)"), ("12345678901", "\(b)75.91955716"),
            ] {
                text += "\(id),30007.73,0.00253,\(quote),1700000000005,True,True\n"
            }
        }
        for chunk in [13, 1 << 20] {
            let (plain, general) = Self.both(Array(text.utf8), chunk: chunk, options: TapeOptions())
            #expect(Self.firstDifference(plain, general) == nil)
            #expect(general.trades.count > 500)
            #expect(!general.badRows.isEmpty)  // a comma or a carriage return inside a field
        }
    }

    /// Rows with more fields than they need, up to and past `maximumFields`: the lines over the limit are counted
    /// alike (the one-pass reader counts the commas after the needed fields eight bytes at a time).
    @Test(arguments: Shape.allCases)
    func extraFieldsAreCountedAlike(shape: Shape) {
        var limits = TradeLimits()
        limits.maximumFields = 12
        var random = SplitMix64(seed: 21)
        var text = shape.header.map { $0 + "\n" } ?? ""
        for line in 1...200 {
            let extra = line == 1 ? 0 : Int(random.next() % 10)  // the first line decides the layout
            let filler = (0..<extra).map { _ in ["", "x", "12345678", "ab,cd"][Int(random.next() % 4)] }
            text += shape.row(&random, line: line) + filler.map { "," + $0 }.joined() + "\n"
        }
        for chunk in [7, 1 << 20] {
            let (plain, general) = Self.both(
                Array(text.utf8),
                chunk: chunk,
                options: TapeOptions(columns: shape.columns, limits: limits)
            )
            #expect(Self.firstDifference(plain, general) == nil)
            #expect(general.statistics.extraFieldLines > 10)
            #expect(general.trades.count == 200)
        }
    }

    @Test func eightDigitsAtOnce() {
        for text in ["00000000", "12345678", "99999999", "17000000", "00000001"] {
            let word = Array(text.utf8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
            #expect(TapeReader.eightDigits(UInt64(littleEndian: word)) == UInt64(text)!)
        }
    }
}
