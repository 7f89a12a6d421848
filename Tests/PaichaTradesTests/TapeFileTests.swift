import Foundation
import PaichaCore
import Testing

@testable import PaichaTrades

@Suite("TapeFile: the reading thread and the caller's")
struct TapeFileTests {
    /// A generic tape whose markets and accounts first appear all through the file (so in many chunks), with
    /// bad rows among the good ones.
    static func tape(rows: Int) -> String {
        var text = "time,price,size,side,venue,symbol,buyer,seller\n"
        var generator = SplitMix64(seed: 7)
        for row in 0..<rows {
            let venue = "v\(generator.next() % 3)"
            let symbol = "S\(row / 200)"
            let price = 100 + Int(generator.next() % 900)
            let size = Int(generator.next() % 100_000)
            if row % 97 == 0 {
                text += "\(1_700_000_000_000 + row),not-a-price,1,buy,\(venue),\(symbol),a,b\n"
            } else {
                text +=
                    "\(1_700_000_000_000 + row * 10),\(price).5,0.\(size),\(row % 2 == 0 ? "buy" : "sell"),"
                    + "\(venue),\(symbol),acct\(row % 450),acct\((row * 7) % 451)\n"
            }
        }
        return text
    }

    @Test(
        "a file read through a ring of small buffers gives every trade in order, the tables and the digest of one big read"
    )
    func smallBuffers() throws {
        let text = Self.tape(rows: 3_000)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("paicha-tapefile-\(getpid()).csv")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }

        // What the reader alone gives, fed the whole text at once.
        var direct = TapeReader(file: url.path)
        var expected: [Trade] = []
        Array(text.utf8).withUnsafeBytes { direct.consume($0) { expected.append($0) } }
        try direct.finish { expected.append($0) }

        func read(
            bufferSize: Int,
            mapped: Bool = false,
            window: Int = 8 << 20
        ) -> ([Trade], [(Market, String?, String?)], [BadRow], TapeInput, [Int64]) {
            var limits = TradeLimits()
            limits.readBufferSize = bufferSize
            var badRows: [BadRow] = []
            var trades: [Trade] = []
            var named: [(Market, String?, String?)] = []
            var progress: [Int64] = []
            let record: (Trade, TapeTables) -> Void = { trade, tables in
                trades.append(trade)
                named.append(
                    (
                        tables.markets[Int(trade.market)], trade.buyer.map { tables.accounts[Int($0)] },
                        trade.seller.map { tables.accounts[Int($0)] }
                    )
                )
            }
            let input = TapeFile.read(
                path: url.path,
                options: TapeOptions(limits: limits, mapFiles: mapped, mappedWindowBytes: window),
                badRows: &badRows,
                progress: { progress.append($0) },
                record
            )
            return (trades, named, badRows, input, progress)
        }
        let small = read(bufferSize: 4096)
        let big = read(bufferSize: 1 << 24)
        #expect(small.0 == expected)
        #expect(big.0 == expected)
        #expect(small.1.map(\.0) == expected.map { direct.markets[Int($0.market)] })
        #expect(small.1.map(\.1) == expected.map { $0.buyer.map { direct.accounts[Int($0)] } })
        #expect(small.1.map(\.2) == expected.map { $0.seller.map { direct.accounts[Int($0)] } })
        #expect(small.2 == direct.badRows)
        #expect(small.3.statistics.badRows == 31)
        #expect(small.3.sha256 == big.3.sha256)
        #expect(small.3.sha256?.count == 64)
        #expect(small.3.statistics == direct.statistics)
        #expect(small.3.bytes == Int64(text.utf8.count))
        // Progress once per chunk, growing to the file's size.
        #expect(small.4.count == (text.utf8.count + 4095) / 4096)
        #expect(small.4 == small.4.sorted())
        #expect(small.4.last == Int64(text.utf8.count))

        // Read in place: windows of one page, of three (chunks of 4 KiB cut from them), and one window of the
        // whole file read in chunks of 1000 bytes that do not divide it — everything as when read by copy.
        for (bufferSize, window) in [(4096, 1), (4096, 3 * 4096), (1000, 8 << 20), (1 << 24, 8 << 20)] {
            let mapped = read(bufferSize: bufferSize, mapped: true, window: window)
            #expect(mapped.0 == expected, "buffer \(bufferSize), window \(window)")
            #expect(mapped.1.map(\.0) == small.1.map(\.0))
            #expect(mapped.2 == direct.badRows)
            #expect(mapped.3.sha256 == small.3.sha256)
            #expect(mapped.3.statistics == direct.statistics)
            #expect(mapped.3.bytes == Int64(text.utf8.count))
            #expect(mapped.4 == mapped.4.sorted())
            #expect(mapped.4.last == Int64(text.utf8.count))
        }

        // Without the hash: the same trades, and no digest.
        var badRows: [BadRow] = []
        var unhashed: [Trade] = []
        let input = TapeFile.read(path: url.path, options: TapeOptions(hashInput: false), badRows: &badRows) {
            trade,
            _ in unhashed.append(trade)
        }
        #expect(unhashed == expected)
        #expect(input.sha256 == nil)
        #expect(input.statistics == direct.statistics)
    }

    @Test("standard input and other inputs that cannot be mapped are read by copy")
    func notMappable() throws {
        let text = Self.tape(rows: 500)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("paicha-tapefifo-\(getpid())")
        try? FileManager.default.removeItem(at: url)
        #expect(mkfifo(url.path, 0o600) == 0)
        defer { try? FileManager.default.removeItem(at: url) }
        let writer = Thread {
            let handle = FileHandle(forWritingAtPath: url.path)
            handle?.write(Data(text.utf8))
            try? handle?.close()
        }
        writer.start()
        var badRows: [BadRow] = []
        var count = 0
        let input = TapeFile.read(path: url.path, options: TapeOptions(), badRows: &badRows) { _, _ in count += 1 }
        #expect(input.error == nil)
        #expect(input.bytes == Int64(text.utf8.count))
        #expect(count == input.statistics.trades)
        #expect(input.statistics.trades > 400)
    }

    @Test("a missing file is an error naming it, with nothing read")
    func missing() {
        var badRows: [BadRow] = []
        var count = 0
        let input = TapeFile.read(path: "/nonexistent/tape.csv", options: TapeOptions(), badRows: &badRows) { _, _ in
            count += 1
        }
        #expect(count == 0)
        #expect(input.bytes == 0)
        #expect(input.error?.contains("/nonexistent/tape.csv") == true)
    }

    @Test("the queue hands items over in order between threads and ends after close")
    func queue() async {
        let queue = BatchQueue<Int>(capacity: 2)
        let producer = Task.detached {
            for value in 0..<1_000 { queue.put(value) }
            queue.close()
        }
        var taken: [Int] = []
        while let value = queue.take() { taken.append(value) }
        await producer.value
        #expect(taken == Array(0..<1_000))
        #expect(queue.take() == nil)
    }

    @Test("a chunk's trade buffer keeps every trade as it grows, and is reused after removeAll")
    func tradeBufferGrowsAndIsReused() {
        func trade(_ line: Int) -> Trade {
            Trade(
                time: line % 7 == 0 ? nil : Timestamp(nanoseconds: Int64(line) * 1_000),
                price: TradeDecimal(significand: UInt64(line), exponent: -2),
                size: TradeDecimal(significand: UInt64(line % 97 + 1), exponent: -3),
                side: line % 2 == 0 ? .buy : .sell,
                market: Int32(line % 3),
                buyer: line % 5 == 0 ? Int32(line) : nil,
                line: Int64(line)
            )
        }
        let chunk = ChunkBuffer(size: 4096)
        for round in [20_000, 3, 9_000] {
            var buffer = chunk.tradeBuffer
            buffer.removeAll()
            for line in 0..<round { buffer.append(trade(line)) }  // past the first capacity, and several doublings
            chunk.tradeBuffer = buffer
            #expect(Array(chunk.trades) == (0..<round).map(trade))
        }
    }
}
