import Foundation
import Glibc

/// A row that could not be read, with where it was.
public struct BadRow: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The input's name.
    public var file: String
    /// The 1-based line where the row begins.
    public var line: Int64
    /// Why it could not be read.
    public var reason: String

    public var description: String { "\(self.file):\(self.line): \(self.reason)" }
}

/// How ledgers are read.
public struct LedgerReadOptions: Hashable, Sendable {
    /// The layout, or `nil` to detect it from the header (AMLSim, AMLworld, else generic with aliases).
    public var layout: LedgerLayout?
    /// Decimal places kept in amounts; finer amounts are bad rows, never rounded.
    public var scale: Int = 2
    /// The currency of transfers whose ledger names none.
    public var defaultCurrency: String = ""
    /// Limits on rows.
    public var csvLimits = CSVLimits()
    /// The most bad rows kept with their reasons (all are counted).
    public var maximumBadRowsKept: Int = 1000
    /// Stop at the first bad row instead of reporting it and going on.
    public var strict = false

    /// The defaults.
    public init(layout: LedgerLayout? = nil, scale: Int = 2) {
        self.layout = layout
        self.scale = scale
    }
}

/// What reading one input found.
public struct LedgerInputSummary: Hashable, Sendable, Codable {
    /// The input's name.
    public var file: String
    /// The layout read.
    public var layout: String
    /// Data rows seen (good and bad).
    public var rows: Int64
    /// Transfers added to the ledger.
    public var transfers: Int64
    /// Rows that could not be read.
    public var badRows: Int64
}

/// Reads ledger CSV files as a stream into a ``LedgerBuilder``, reporting bad rows by line.
public struct LedgerReader: Sendable {
    enum State: Sendable {
        case header
        case rows(ResolvedColumns)
    }

    /// The options in force.
    public let options: LedgerReadOptions
    /// The transfers read so far.
    public var builder: LedgerBuilder
    /// Bad rows kept (up to ``LedgerReadOptions/maximumBadRowsKept``).
    public private(set) var badRows: [BadRow] = []
    /// Every bad row, counted.
    public private(set) var badRowCount: Int64 = 0
    /// One summary per input finished.
    public internal(set) var inputs: [LedgerInputSummary] = []

    var state = State.header
    var splitter: CSVSplitter
    var file = ""
    var layout: LedgerLayout = .generic(nil)
    var rows: Int64 = 0
    var added: Int64 = 0
    var bad: Int64 = 0

    /// Makes a reader.
    public init(options: LedgerReadOptions = LedgerReadOptions()) {
        self.options = options
        self.builder = LedgerBuilder(scale: options.scale)
        self.splitter = CSVSplitter(limits: options.csvLimits)
    }

    /// Starts reading a new input named `file`.
    public mutating func begin(file: String) {
        self.file = file
        self.state = .header
        self.splitter = CSVSplitter(limits: self.options.csvLimits)
        self.rows = 0
        self.added = 0
        self.bad = 0
    }

    /// Feeds the next bytes of the current input.
    /// - Throws: ``FundsError`` for a bad header, or for a bad row under ``LedgerReadOptions/strict``.
    public mutating func feed(_ chunk: UnsafeRawBufferPointer) throws(FundsError) {
        var splitter = self.splitter
        defer { self.splitter = splitter }
        do {
            try splitter.feed(chunk) { record in try self.take(record) }
        } catch let error as FundsError {
            throw error
        } catch {
            throw FundsError(.io, file: self.file, "\(error)")
        }
    }

    /// Ends the current input.
    public mutating func end() throws(FundsError) {
        var splitter = self.splitter
        defer { self.splitter = splitter }
        do {
            try splitter.finish { record in try self.take(record) }
        } catch let error as FundsError {
            throw error
        } catch {
            throw FundsError(.io, file: self.file, "\(error)")
        }
        if case .header = self.state {
            throw FundsError(.badHeader, file: self.file, line: 1, "empty input: no header row")
        }
        self.summarizeInput()
    }

    /// Records the summary of the input just finished.
    mutating func summarizeInput() {
        self.inputs.append(
            LedgerInputSummary(
                file: self.file,
                layout: self.layout.name,
                rows: self.rows,
                transfers: self.added,
                badRows: self.bad
            )
        )
    }

    /// Reads a whole file in 1 MiB chunks, parsing on a second thread (`read(file:chunkSize:from:)`).
    public mutating func read(path: String) throws(FundsError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw FundsError(.io, file: path, "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        do {
            try self.read(file: path) { buffer in
                while true {
                    let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
                    if count >= 0 { return count }
                    if errno != EINTR {
                        throw FundsError(.io, file: path, "read failed: \(String(cString: strerror(errno)))")
                    }
                }
            }
        } catch let error as FundsError {
            throw error
        } catch {
            throw FundsError(.io, file: path, "\(error)")
        }
    }

    /// Reads `bytes` as one whole input named `file`.
    public mutating func read(bytes: [UInt8], file: String) throws(FundsError) {
        self.begin(file: file)
        var failure: FundsError?
        bytes.withUnsafeBytes { buffer in
            do throws(FundsError) { try self.feed(buffer) } catch { failure = error }
        }
        if let failure { throw failure }
        try self.end()
    }

    mutating func take(_ record: CSVRecord) throws(FundsError) {
        if let row = try self.parse(record) { try self.apply(row) }
    }

    /// What a data row became: a transfer, or a bad row with its line and reason.
    enum ParsedRow: Sendable {
        case transfer(LedgerBuilder.Transfer)
        case bad(line: Int64, reason: String)
    }

    /// The parsing half of `take`: reads the header (nil), or turns a data row into a transfer or a bad row. It
    /// touches only the header state and the row count, never the ledger, so it can run on another thread
    /// than `apply`.
    mutating func parse(_ record: CSVRecord) throws(FundsError) -> ParsedRow? {
        switch self.state {
        case .header:
            if let fault = record.fault {
                throw FundsError(.badHeader, file: self.file, line: record.line, fault)
            }
            let header = record.strings
            let layout = self.options.layout ?? LedgerLayout.detect(header: header)
            self.layout = layout
            self.state = .rows(try ResolvedColumns.resolve(layout, header: header, file: self.file))
            return nil
        case .rows(let columns):
            self.rows += 1
            if let fault = record.fault { return .bad(line: record.line, reason: fault) }
            switch Self.transfer(from: record, row: self.rows, columns: columns, options: self.options) {
            case .success(let transfer): return .transfer(transfer)
            case .failure(let reason): return .bad(line: record.line, reason: reason.text)
            }
        }
    }

    /// The building half of `take`: adds the transfer, or counts (and keeps, or under `strict` throws) the bad
    /// row.
    mutating func apply(_ row: ParsedRow) throws(FundsError) {
        switch row {
        case .transfer(let transfer):
            self.builder.add(transfer)
            self.added += 1
        case .bad(let line, let reason):
            try self.reject(line, reason)
        }
    }

    mutating func reject(_ line: Int64, _ reason: String) throws(FundsError) {
        self.bad += 1
        self.badRowCount += 1
        if self.options.strict { throw FundsError(.badRow, file: self.file, line: line, reason) }
        if self.badRows.count < self.options.maximumBadRowsKept {
            self.badRows.append(BadRow(file: self.file, line: line, reason: reason))
        }
    }

    struct Reason: Error { var text: String }

    static func transfer(
        from record: CSVRecord,
        row: Int64,
        columns: ResolvedColumns,
        options: LedgerReadOptions
    ) -> Result<LedgerBuilder.Transfer, Reason> {
        guard record.count == columns.fieldCount else {
            return .failure(Reason(text: "\(record.count) fields, expected \(columns.fieldCount)"))
        }
        let scale = options.scale
        func amount(_ index: Int, _ what: String) -> Result<Int64, Reason> {
            record.withField(index) { bytes in
                switch Money.parse(bytes, scale: scale) {
                case .success(let value): .success(value)
                case .failure(let failure):
                    .failure(Reason(text: "\(what) '\(String(decoding: bytes, as: UTF8.self))': \(failure)"))
                }
            }
        }
        let value: Int64
        switch amount(columns.amount, "amount") {
        case .success(let parsed): value = parsed
        case .failure(let reason): return .failure(reason)
        }
        if value < 0 { return .failure(Reason(text: "negative amount \(record.string(columns.amount))")) }
        guard let time = record.withField(columns.time, { columns.timeFormat.parse($0) }) else {
            return .failure(Reason(text: "time '\(record.string(columns.time))' is not a recognised time"))
        }
        var from = record.string(columns.from)
        var to = record.string(columns.to)
        if from.isEmpty || to.isEmpty { return .failure(Reason(text: "empty account")) }
        if let prefix = columns.fromPrefix { from = record.string(prefix) + "/" + from }
        if let prefix = columns.toPrefix { to = record.string(prefix) + "/" + to }
        var fromBalance: Int64?
        var toBalance: Int64?
        if let column = columns.fromBalanceAfter {
            switch amount(column, "sender balance") {
            case .success(let parsed): fromBalance = parsed
            case .failure(let reason): return .failure(reason)
            }
        }
        if let column = columns.toBalanceAfter {
            switch amount(column, "receiver balance") {
            case .success(let parsed): toBalance = parsed
            case .failure(let reason): return .failure(reason)
            }
        }
        var label: Int32?
        if let column = columns.label {
            let flag = record.string(column).lowercased()
            let positive = flag == "true" || flag == "1" || flag == "yes"
            if let alert = columns.labelAlert {
                label = positive ? Int32(record.string(alert)) ?? 0 : -1
            } else {
                label = positive ? 1 : -1
            }
        }
        let currency = columns.currency.map { record.string($0) } ?? options.defaultCurrency
        return .success(
            LedgerBuilder.Transfer(
                id: columns.id.map { record.string($0) } ?? (columns.idIsRowNumber ? String(row) : nil),
                line: record.line,
                from: from,
                to: to,
                time: time,
                amount: value,
                currency: currency,
                channel: columns.channel.map { record.string($0) } ?? "",
                fromBalanceAfter: fromBalance,
                toBalanceAfter: toBalance,
                label: label
            )
        )
    }
}
