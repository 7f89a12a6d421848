import Foundation
import PaichaCore
import Synchronization
import Testing

@testable import PaichaFunds

/// Bytes handed out in chunks of at most `chunk` bytes, then, optionally, a failure.
private final class ChunkedBytes: Sendable {
    let bytes: [UInt8]
    let chunk: Int
    let failAfter: Int?
    private let position = Atomic<Int>(0)

    init(_ text: String, chunk: Int, failAfter: Int? = nil) {
        self.bytes = Array(text.utf8)
        self.chunk = chunk
        self.failAfter = failAfter
    }

    struct Failure: Error, Equatable {}

    func next(_ buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let start = self.position.load(ordering: .relaxed)
        if let failAfter, start >= failAfter { throw Failure() }
        let count = min(buffer.count, self.chunk, self.bytes.count - start)
        self.bytes[start..<(start + count)].withUnsafeBytes { buffer.copyMemory(from: $0) }
        self.position.store(start + count, ordering: .relaxed)
        return count
    }
}

@Suite("Ledgers read on two threads")
struct ConcurrentLedgerReadTests {
    /// A ledger of `rows` rows with a bad row every 37th, many chunks long.
    static func ledger(rows: Int) -> String {
        var text = "id,time,from,to,amount,currency\n"
        for row in 1...rows {
            let amount = row % 37 == 0 ? "x\(row)" : "\(row).\(row % 100)"
            text +=
                "\(row),2021-06-01T\(String(format: "%02d", row % 24)):00:00Z,a\(row % 97),b\(row % 89),\(amount),CNY\n"
        }
        return text
    }

    @Test(
        "the same transfers, bad rows and summaries as the one-thread read, at several chunk sizes",
        arguments: [7, 4096, 1 << 20]
    )
    func sameAsSequential(chunk: Int) throws {
        let text = Self.ledger(rows: 3_000)
        let expected = try read(text, chunk: 1 << 20)
        var reader = LedgerReader()
        let source = ChunkedBytes(text, chunk: chunk)
        try reader.read(file: "t.csv", chunkSize: 4096) { try source.next($0) }
        #expect(ReadOutcome(reader) == expected)
        #expect(expected.badRows.count == 81)
        #expect(expected.transfers.count == 3_000 - 81)
    }

    @Test("under strict, the first bad row stops the read with its line; rows before it are in the ledger")
    func strict() throws {
        var options = LedgerReadOptions()
        options.strict = true
        var reader = LedgerReader(options: options)
        let source = ChunkedBytes(Self.ledger(rows: 3_000), chunk: 100)
        #expect(throws: FundsError(.badRow, file: "t.csv", line: 38, "amount 'x37': not a decimal number")) {
            try reader.read(file: "t.csv", chunkSize: 4096) { try source.next($0) }
        }
        #expect(reader.builder.build().transferCount == 36)
        #expect(reader.inputs.isEmpty)
    }

    @Test("an error of the source ends the read after the rows read before it")
    func sourceFailure() throws {
        var reader = LedgerReader()
        let source = ChunkedBytes(Self.ledger(rows: 3_000), chunk: 1_000, failAfter: 20_000)
        #expect(throws: ChunkedBytes.Failure()) {
            try reader.read(file: "t.csv", chunkSize: 4096) { try source.next($0) }
        }
        let read = reader.builder.build().transferCount
        #expect(read > 200 && read < 1_000)
        #expect(reader.inputs.isEmpty)
    }

    @Test("a bad header and an empty input are errors naming the file, as in the one-thread read")
    func headers() {
        var reader = LedgerReader()
        let empty = ChunkedBytes("", chunk: 10)
        #expect(throws: FundsError(.badHeader, file: "e.csv", line: 1, "empty input: no header row")) {
            try reader.read(file: "e.csv") { try empty.next($0) }
        }
        let text = "\"unterminated,header\n1,2\n"
        let sequential = #expect(throws: FundsError.self) { try read(text, chunk: 4096) }
        let header = ChunkedBytes(text, chunk: 3)
        let concurrent = #expect(throws: FundsError.self) {
            try reader.read(file: "t.csv") { try header.next($0) }
        }
        #expect(sequential == concurrent)
    }
}
