import Foundation
import PaichaCore
import Synchronization

extension LedgerReader {
    /// Batches of parsed rows waiting between the two threads, at most.
    static let readAheadBatches = 4

    /// Reads one whole input named `file` whose bytes `next` supplies (it fills the buffer it is given and returns
    /// how many bytes, 0 at the end): a second thread reads and parses the rows while this one builds the ledger,
    /// in the input's order.
    ///
    /// The result is that of `begin`, `feed` for every chunk and `end`: the same transfers, bad rows, summary and
    /// errors — a header error, a bad row under `strict`, or the error `next` throws — each after everything that
    /// came before it in the input.
    public mutating func read(
        file: String,
        chunkSize: Int = 1 << 20,
        from next: @escaping @Sendable (UnsafeMutableRawBufferPointer) throws -> Int
    ) throws {
        self.begin(file: file)
        let worker = LedgerParseWorker(
            options: self.options,
            file: file,
            chunkSize: max(4096, chunkSize),
            next: next
        )
        let thread = Thread { worker.run() }
        thread.stackSize = 1 << 20
        thread.start()
        var failure: FundsError?
        while let batch = worker.batches.take() {
            // After a failure the rest is only drained, so that the reading thread can finish.
            guard failure == nil else { continue }
            do throws(FundsError) {
                for row in batch { try self.apply(row) }
            } catch {
                failure = error
                worker.cancel()
            }
        }
        if let failure { throw failure }
        let (parser, error) = worker.result()
        self.state = parser.state
        self.layout = parser.layout
        self.rows = parser.rows
        if let error { throw error }
        self.summarizeInput()
    }
}

/// The reading thread of `LedgerReader.read(file:chunkSize:from:)`: reads, splits and parses, and queues the
/// parsed rows; its final state is taken after the queue has closed.
final class LedgerParseWorker: @unchecked Sendable {
    let batches = BatchQueue<[LedgerReader.ParsedRow]>(capacity: LedgerReader.readAheadBatches)
    private let chunkSize: Int
    private let next: @Sendable (UnsafeMutableRawBufferPointer) throws -> Int
    private let cancelled = Atomic<Bool>(false)
    // Written by the reading thread only, read after the queue has closed (the queue's lock orders them).
    private var parser: LedgerReader
    private var error: (any Error)?

    init(
        options: LedgerReadOptions,
        file: String,
        chunkSize: Int,
        next: @escaping @Sendable (UnsafeMutableRawBufferPointer) throws -> Int
    ) {
        // A reader of its own, with an empty ledger: only its header state, splitter and row count are used.
        self.parser = LedgerReader(options: options)
        self.parser.begin(file: file)
        self.chunkSize = chunkSize
        self.next = next
    }

    /// Stops reading at the next chunk (the caller met an error).
    func cancel() { self.cancelled.store(true, ordering: .relaxed) }

    /// The parser's final state and the error that stopped it.
    func result() -> (LedgerReader, (any Error)?) { (self.parser, self.error) }

    func run() {
        defer { self.batches.close() }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: self.chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        do {
            while !self.cancelled.load(ordering: .relaxed) {
                let count = try self.next(buffer)
                if count == 0 { break }
                self.batches.put(
                    try self.parse { splitter, body in
                        try splitter.feed(UnsafeRawBufferPointer(rebasing: buffer[..<count]), body)
                    }
                )
            }
            if self.cancelled.load(ordering: .relaxed) { return }
            self.batches.put(try self.parse { splitter, body in try splitter.finish(body) })
            if case .header = self.parser.state {
                throw FundsError(.badHeader, file: self.parser.file, line: 1, "empty input: no header row")
            }
        } catch let failure as FundsError {
            self.error = failure
        } catch {
            self.error = error
        }
    }

    /// Runs the splitter over some input through `step`, parsing each record; the rows in order.
    private func parse(
        _ step: (inout CSVSplitter, (CSVRecord) throws -> Void) throws -> Void
    ) throws -> [LedgerReader.ParsedRow] {
        var rows: [LedgerReader.ParsedRow] = []
        var splitter = self.parser.splitter
        defer { self.parser.splitter = splitter }
        try step(&splitter) { record in
            if let row = try self.parser.parse(record) { rows.append(row) }
        }
        return rows
    }
}
