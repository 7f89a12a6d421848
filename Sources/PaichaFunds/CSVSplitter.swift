/// Limits on CSV rows read from untrusted ledgers; each is counted when hit.
public struct CSVLimits: Hashable, Sendable, Codable {
    /// The longest row kept, in bytes (longer rows are reported as bad rows and skipped).
    public var maximumRowLength: Int = 64 * 1024
    /// The most fields a row may have.
    public var maximumFields: Int = 256

    /// The defaults.
    public init() {}
}

/// One CSV row: its fields' bytes (unquoted) and the physical line where it began.
public struct CSVRecord: Sendable {
    /// The 1-based line where the row begins.
    public internal(set) var line: Int64 = 1
    /// The fields' bytes, back to back.
    var bytes: [UInt8] = []
    /// Where each field ends in `bytes`.
    var ends: [Int] = []
    /// Why the row is unusable (too long, too many fields, unterminated quote), if it is.
    public internal(set) var fault: String?

    /// The number of fields.
    public var count: Int { self.ends.count }

    /// Calls `body` with field `index`'s bytes (empty if there is no such field).
    public func withField<T>(_ index: Int, _ body: (UnsafeRawBufferPointer) -> T) -> T {
        guard index >= 0, index < self.ends.count else { return body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        let start = index == 0 ? 0 : self.ends[index - 1]
        return self.bytes.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[start..<self.ends[index]])) }
    }

    /// Field `index` as text (empty if there is no such field).
    public func string(_ index: Int) -> String {
        self.withField(index) { String(decoding: $0, as: UTF8.self) }
    }

    /// All fields as text.
    public var strings: [String] { (0..<self.count).map(self.string) }
}

/// Splits a byte stream into RFC 4180 rows, a state machine fed chunk by chunk.
///
/// Quoted fields may hold commas, doubled quotes and line breaks; a CR before LF is dropped; blank
/// lines are skipped. Rows over ``CSVLimits`` are delivered with a ``CSVRecord/fault``, never dropped.
public struct CSVSplitter: Sendable {
    enum State: Sendable {
        case fieldStart
        case unquoted
        case quoted
        case quoteInQuoted
        case skippingRow
    }

    /// The limits in force.
    public let limits: CSVLimits
    var state = State.fieldStart
    var record = CSVRecord()
    var line: Int64 = 1
    /// Rows cut for exceeding a limit.
    public private(set) var rowsOverLimits: Int64 = 0

    /// Makes a splitter.
    public init(limits: CSVLimits = CSVLimits()) {
        self.limits = limits
    }

    /// Feeds `chunk`, calling `onRow` for every row completed in it.
    public mutating func feed(_ chunk: UnsafeRawBufferPointer, _ onRow: (CSVRecord) throws -> Void) rethrows {
        for byte in chunk {
            try self.parseStep(byte, onRow)
        }
    }

    /// Ends the input, delivering a last row without a line break.
    public mutating func finish(_ onRow: (CSVRecord) throws -> Void) rethrows {
        switch self.state {
        case .quoted:
            self.record.fault = "unterminated quoted field"
            try self.endRow(onRow)
        case .fieldStart where self.record.ends.isEmpty:
            break
        default:
            try self.endRow(onRow)
        }
    }

    mutating func parseStep(_ byte: UInt8, _ onRow: (CSVRecord) throws -> Void) rethrows {
        let quote = UInt8(ascii: "\"")
        let comma = UInt8(ascii: ",")
        let newline = UInt8(ascii: "\n")
        let carriageReturn = UInt8(ascii: "\r")
        switch self.state {
        case .skippingRow:
            if byte == newline { try self.endRow(onRow) }
        case .fieldStart, .unquoted:
            switch byte {
            case quote where self.state == .fieldStart: self.state = .quoted
            case comma: self.endField()
            case newline: try self.endRow(onRow)
            case carriageReturn: break
            default:
                self.append(byte)
                if self.state != .skippingRow { self.state = .unquoted }
            }
        case .quoted:
            if byte == quote {
                self.state = .quoteInQuoted
            } else {
                if byte == newline { self.line += 1 }
                self.append(byte)
            }
        case .quoteInQuoted:
            switch byte {
            case quote:
                self.append(quote)
                if self.state != .skippingRow { self.state = .quoted }
            case comma: self.endField()
            case newline: try self.endRow(onRow)
            case carriageReturn: break
            default:
                self.append(byte)
                if self.state != .skippingRow { self.state = .unquoted }
            }
        }
    }

    mutating func append(_ byte: UInt8) {
        guard self.record.bytes.count < self.limits.maximumRowLength else {
            self.overLimit("row longer than \(self.limits.maximumRowLength) bytes")
            return
        }
        self.record.bytes.append(byte)
    }

    mutating func endField() {
        guard self.record.ends.count + 1 < self.limits.maximumFields else {
            self.overLimit("more than \(self.limits.maximumFields) fields")
            return
        }
        self.record.ends.append(self.record.bytes.count)
        self.state = .fieldStart
    }

    mutating func overLimit(_ reason: String) {
        self.record.fault = reason
        self.rowsOverLimits += 1
        self.state = .skippingRow
    }

    mutating func endRow(_ onRow: (CSVRecord) throws -> Void) rethrows {
        let blank = self.record.ends.isEmpty && self.record.bytes.isEmpty && self.state == .fieldStart
        if self.state != .skippingRow { self.record.ends.append(self.record.bytes.count) }
        if !blank || self.record.fault != nil {
            try onRow(self.record)
        }
        self.line += 1
        self.record.line = self.line
        self.record.bytes.removeAll(keepingCapacity: true)
        self.record.ends.removeAll(keepingCapacity: true)
        self.record.fault = nil
        self.state = .fieldStart
    }
}
