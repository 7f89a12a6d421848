import Crypto
import Foundation
import PaichaCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What was read from one input file.
public struct TapeInput: Hashable, Sendable, Codable {
    /// The file name as given (`-` for standard input).
    public var file: String
    /// Bytes read.
    public var bytes: Int64
    /// SHA-256 of those bytes, hex; nil when not computed (`TapeOptions.hashInput`).
    public var sha256: String?
    /// The layout used (`binanceTrades`, `tardis` …), if the first line was read.
    public var format: String?
    /// Counts: lines, trades, bad rows, limits hit.
    public var statistics: TapeStatistics
    /// The error that stopped reading, with file and line; what was read before it is kept.
    public var error: String?
}

/// The markets and accounts that trades' indices refer to, as far as read.
public struct TapeTables: Sendable {
    /// Markets by index (`Trade.market`).
    public internal(set) var markets: [Market] = []
    /// Accounts by index (`Trade.buyer`, `Trade.seller`).
    public internal(set) var accounts: [String] = []
}

/// Reads tape files from disk or standard input in fixed-size chunks.
///
/// Two threads share the work: a reading thread reads each chunk and parses it into a batch of trades (and, if
/// asked, counts their notional values); the calling thread takes the batches in order, adds each chunk to the
/// SHA-256 and hands every trade to the caller. The chunks circulate through a fixed ring of `readAheadBatches`
/// + 1 buffers, so memory stays bounded by the read buffer size, not by the file. A regular file is by default
/// read in place (`TapeOptions.mapFiles`): chunks are cut from windows of it mapped into memory, each unmapped
/// once its last chunk is given back, so that its bytes are not copied — the kernel's copy was a seventh of the
/// reading thread's time.
public enum TapeFile {
    /// Chunks parsed ahead of the caller, at most.
    static let readAheadBatches = 4

    /// Reads `path` (`-` for standard input), handing each trade and the tables its indices refer to to
    /// `body`, in file order; `progress` gets the bytes read so far. Bad rows are kept in `badRows`.
    public static func read(
        path: String,
        options: TapeOptions,
        badRows: inout [BadRow],
        progress: (Int64) -> Void = { _ in },
        _ body: (Trade, TapeTables) -> Void
    ) -> TapeInput {
        var notionals: [NotionalTally]? = nil
        return Self.readBatches(
            path: path,
            options: options,
            badRows: &badRows,
            notionals: &notionals,
            progress: progress
        ) { trades, tables in
            for trade in trades { body(trade, tables) }
        }
    }

    /// Reads `path` as `read(path:options:badRows:progress:_:)` does, handing the trades to `body` a chunk at a
    /// time (in file order; a chunk may hold several markets' trades), so that the caller's per-trade work runs in
    /// its own loop. When `notionals` is not nil, every trade's notional value is also counted on the reading
    /// thread, per market (indexed as `TapeTables.markets`), with `file` as the file number of its evidence —
    /// work the caller then need not do.
    public static func readBatches(
        path: String,
        options: TapeOptions,
        file: Int32 = 0,
        badRows: inout [BadRow],
        notionals: inout [NotionalTally]?,
        progress: (Int64) -> Void = { _ in },
        _ body: (UnsafeBufferPointer<Trade>, TapeTables) -> Void
    ) -> TapeInput {
        let descriptor = path == "-" ? 0 : open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 {
            let error = TapeError(.io, file: path, detail: "cannot open: \(String(cString: strerror(errno)))")
            return TapeInput(
                file: path,
                bytes: 0,
                sha256: options.hashInput ? Self.hex(SHA256().finalize()) : nil,
                format: nil,
                statistics: TapeStatistics(),
                error: error.description
            )
        }
        defer { if path != "-" { close(descriptor) } }
        let worker = TapeParseWorker(
            path: path,
            descriptor: descriptor,
            options: options,
            notionalFile: notionals == nil ? nil : file
        )
        let thread = Thread { worker.run() }
        thread.stackSize = 1 << 20
        thread.start()
        var tables = TapeTables()
        var digest: SHA256? = options.hashInput ? SHA256() : nil
        while let batch = worker.batches.take() {
            tables.markets += batch.newMarkets
            tables.accounts += batch.newAccounts
            if let chunk = batch.chunk {
                digest?.update(bufferPointer: chunk.view)
                body(chunk.trades, tables)
                worker.free.put(chunk)
                progress(batch.total)
            }
            if !batch.trades.isEmpty { batch.trades.withUnsafeBufferPointer { body($0, tables) } }
        }
        let (reader, error) = worker.result()
        badRows.append(contentsOf: reader.badRows)
        if notionals != nil { notionals = worker.notionals?.tallies ?? [] }
        return TapeInput(
            file: path,
            bytes: reader.statistics.bytes,
            sha256: digest.map { Self.hex($0.finalize()) },
            format: reader.format?.rawValue,
            statistics: reader.statistics,
            error: error
        )
    }

    static func hex(_ digest: SHA256.Digest) -> String {
        digest.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}

/// Trades parsed from one chunk (in the chunk, which the caller hashes, then gives back) and the markets and
/// accounts first named in it.
struct TapeBatch: Sendable {
    /// The chunk's buffer; nil for the batch of the end.
    var chunk: ChunkBuffer?
    /// Bytes of the chunk.
    var count: Int
    /// Bytes read so far.
    var total: Int64
    /// Trades besides the chunk's: those of the last line, read at the end.
    var trades: [Trade]
    var newMarkets: [Market]
    var newAccounts: [String]
}

/// A read buffer and the trades parsed from it, passed between the two threads (one owner at a time: the reader
/// fills both, the caller hashes the bytes, takes the trades and gives it back). Both are reused, so that the
/// trades are written into memory already mapped and cached rather than into fresh pages every chunk.
final class ChunkBuffer: @unchecked Sendable {
    let bytes: UnsafeMutableRawBufferPointer
    /// The trades parsed from the bytes, in memory the chunk owns (taken out to be filled, put back after).
    var tradeBuffer = TradeBuffer()
    /// The trades parsed from the bytes.
    var trades: UnsafeBufferPointer<Trade> { self.tradeBuffer.trades }
    /// The chunk's bytes: the start of `bytes`, or part of `window` when the file is read in place.
    var view = UnsafeRawBufferPointer(start: nil, count: 0)
    /// The mapped window `view` lies in, kept mapped while the chunk is in use.
    var window: MappedWindow?

    init(size: Int) { self.bytes = .allocate(byteCount: size, alignment: 16) }

    deinit {
        self.bytes.deallocate()
        self.tradeBuffer.deallocate()
    }
}

/// Trades appended to memory that grows by doubling and is kept for the next chunk: an append is a store and a
/// count, with none of an array's uniqueness check (a call into the runtime per trade). Owned by its
/// `ChunkBuffer`, which frees it. A `Trade` is `BitwiseCopyable` (declared, so the compiler holds it to that):
/// nothing to release when trades are overwritten or freed.
struct TradeBuffer {
    private var storage: UnsafeMutablePointer<Trade>?
    private var capacity = 0
    private(set) var count = 0

    /// The trades appended since the last `removeAll`.
    var trades: UnsafeBufferPointer<Trade> { UnsafeBufferPointer(start: self.storage, count: self.count) }

    /// Appends a trade.
    @inline(__always)
    mutating func append(_ trade: Trade) {
        if self.count == self.capacity { self.grow() }
        self.storage.unsafelyUnwrapped.advanced(by: self.count).initialize(to: trade)
        self.count &+= 1
    }

    /// Forgets the trades, keeping the memory.
    mutating func removeAll() { self.count = 0 }

    @inline(never)
    private mutating func grow() {
        let capacity = max(4096, self.capacity * 2)
        let storage = UnsafeMutablePointer<Trade>.allocate(capacity: capacity)
        if let old = self.storage {
            storage.moveInitialize(from: old, count: self.count)
            old.deallocate()
        }
        (self.storage, self.capacity) = (storage, capacity)
    }

    /// Frees the memory (once, by the owner).
    func deallocate() { self.storage?.deallocate() }
}

/// Part of a regular file mapped into memory, unmapped when the last chunk that shows some of it lets go.
final class MappedWindow: @unchecked Sendable {
    let base: UnsafeMutableRawPointer
    let length: Int

    /// Maps `length` bytes of `descriptor` from `offset` (a multiple of the page size); nil if it cannot.
    init?(descriptor: Int32, offset: Int64, length: Int) {
        guard let address = mmap(nil, length, PROT_READ, MAP_SHARED, descriptor, off_t(offset)),
            address != MAP_FAILED
        else { return nil }
        _ = madvise(address, length, MADV_SEQUENTIAL)
        self.base = address
        self.length = length
    }

    deinit { _ = munmap(self.base, self.length) }
}

/// The reading thread's work: take a free buffer, read, parse, queue; its final state is taken after the queue
/// closes.
final class TapeParseWorker: @unchecked Sendable {
    let path: String
    let descriptor: Int32
    let options: TapeOptions
    /// Parsed chunks, in file order.
    let batches = BatchQueue<TapeBatch>(capacity: TapeFile.readAheadBatches)
    /// Buffers free to read into.
    let free = BatchQueue<ChunkBuffer>(capacity: TapeFile.readAheadBatches + 1)
    // Written by the reading thread only, read after the queue has closed (the queue's lock orders them).
    private var reader: TapeReader
    private var error: String?
    /// The notional values per market index; nil when they are not counted here.
    private(set) var notionals: NotionalCounter?

    /// Whether a regular file is read in place (mapped) rather than by copy.
    let mapping: Bool
    /// The size of a mapped window: `TapeOptions.mappedWindowBytes` in whole pages (mapped offsets are).
    let windowBytes: Int

    init(path: String, descriptor: Int32, options: TapeOptions, notionalFile: Int32?) {
        self.path = path
        self.mapping = options.mapFiles
        let page = max(Int(sysconf(Int32(_SC_PAGESIZE))), 4096)
        self.windowBytes = max(page, (options.mappedWindowBytes + page - 1) / page * page)
        self.descriptor = descriptor
        self.options = options
        self.notionals = notionalFile.map { NotionalCounter(file: $0) }
        self.reader = TapeReader(file: path, options: options)
        let size = max(4096, options.limits.readBufferSize)
        for _ in 0...TapeFile.readAheadBatches { self.free.put(ChunkBuffer(size: size)) }
    }

    /// The reader (statistics, bad rows, layout) and the error that stopped reading.
    func result() -> (TapeReader, String?) { (self.reader, self.error) }

    func run() {
        defer { self.batches.close() }
        var total: Int64 = 0
        var marketsSent = 0
        var accountsSent = 0
        func batch(_ chunk: ChunkBuffer?, count: Int, _ trades: [Trade]) -> TapeBatch {
            let markets = Array(self.reader.markets[marketsSent...])
            let accounts = Array(self.reader.accounts[accountsSent...])
            marketsSent = self.reader.markets.count
            accountsSent = self.reader.accounts.count
            return TapeBatch(
                chunk: chunk,
                count: count,
                total: total,
                trades: trades,
                newMarkets: markets,
                newAccounts: accounts
            )
        }
        // A regular file named on the command line is read in place, window by window, up to the size it has
        // now; what it has grown by meanwhile, and any other input (standard input even when it is a file, whose
        // position need not be its start), by copy.
        var status = stat()
        var mappedSize: Int64 =
            self.mapping && self.path != "-" && fstat(self.descriptor, &status) == 0
                && (status.st_mode & S_IFMT) == S_IFREG
            ? Int64(status.st_size) : 0
        var window: MappedWindow?
        var windowOffset: Int64 = 0
        while total < mappedSize, let chunk = self.free.take() {
            // A new window once the current one (if any) is used up.
            if window.map({ total >= windowOffset + Int64($0.length) }) ?? true {
                // The size again before each window: a file cut short meanwhile ends where it now ends (as a read
                // would), rather than faulting past its end. Only a cut into the few MiB mapped and not yet hashed
                // still faults: `--no-mmap` for files that may be cut while they are read.
                if fstat(self.descriptor, &status) == 0 { mappedSize = min(mappedSize, Int64(status.st_size)) }
                window =
                    total < mappedSize
                    ? MappedWindow(
                        descriptor: self.descriptor,
                        offset: total,
                        length: Int(min(Int64(self.windowBytes), mappedSize - total))
                    ) : nil
                windowOffset = total
            }
            guard let current = window else {
                // The end, or not mappable after all: by copy from here.
                self.free.put(chunk)
                break
            }
            let start = Int(total - windowOffset)
            let count = min(chunk.bytes.count, current.length - start)
            chunk.window = current
            chunk.view = UnsafeRawBufferPointer(start: current.base + start, count: count)
            self.parse(chunk)
            total += Int64(count)
            self.batches.put(batch(chunk, count: count, []))
        }
        window = nil
        if total > 0, lseek(self.descriptor, off_t(total), SEEK_SET) < 0 {
            self.error =
                TapeError(.io, file: self.path, detail: "seek failed: \(String(cString: strerror(errno)))")
                .description
        }
        while self.error == nil, let chunk = self.free.take() {
            chunk.window = nil
            let count = Glibc.read(self.descriptor, chunk.bytes.baseAddress, chunk.bytes.count)
            if count < 0 {
                if errno == EINTR {
                    self.free.put(chunk)
                    continue
                }
                self.error =
                    TapeError(.io, file: self.path, detail: "read failed: \(String(cString: strerror(errno)))")
                    .description
                break
            }
            if count == 0 { break }
            chunk.view = UnsafeRawBufferPointer(rebasing: chunk.bytes[0..<count])
            self.parse(chunk)
            total += Int64(count)
            self.batches.put(batch(chunk, count: count, []))
        }
        var last: [Trade] = []
        do {
            try self.reader.finish { last.append($0) }
        } catch let failure {
            if self.error == nil { self.error = failure.description }
        }
        self.notionals?.prepare()
        for trade in last { self.notionals?.add(trade) }
        self.batches.put(batch(nil, count: 0, last))
    }

    /// Parses the chunk's bytes into its trades (and counts their notional values if asked).
    private func parse(_ chunk: ChunkBuffer) {
        // Filled in a local copy, not through the class per trade.
        var trades = chunk.tradeBuffer
        trades.removeAll()
        defer { chunk.tradeBuffer = trades }
        if var notionals = self.notionals {
            // Counted in a local copy (taken out, so that it stays unique), not through the class per trade.
            self.notionals = nil
            notionals.prepare()
            self.reader.consume(chunk.view) { trade in
                trades.append(trade)
                notionals.add(trade)
            }
            self.notionals = notionals
        } else {
            self.reader.consume(chunk.view) { trades.append($0) }
        }
    }
}
