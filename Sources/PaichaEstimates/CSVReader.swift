/// One CSV record: its fields, the line it starts on, and what was wrong with it, if anything.
struct CSVRecord: Hashable, Sendable {
    /// The 1-based line the record starts on.
    var line: Int
    /// The fields, unquoted.
    var fields: [String]
    /// Why the record cannot be trusted, if it cannot.
    var problem: Problem?

    /// What was wrong with a record.
    struct Problem: Hashable, Sendable {
        var kind: OrganizationDirectoryError.Kind
        var detail: String
    }
}

/// Splits RFC 4180 CSV into records with the line each starts on, as an explicit state machine over bytes.
///
/// Fields are separated by `,`; records end at LF, CRLF or a lone CR; a field in double quotes may hold
/// commas, line breaks and `""` for a quote. A record whose closing quote is followed by other text, or whose
/// quote is never closed, is returned with a `badQuoting` problem rather than dropped, so the loader can report
/// it with its line. A quote inside an unquoted field is kept as text. Blank lines are skipped. A leading UTF-8
/// byte order mark is ignored.
struct CSVReader {
    private enum State {
        /// At the start of a field.
        case fieldStart
        /// Inside a field that did not start with a quote.
        case unquoted
        /// Inside a quoted field.
        case quoted
        /// Just after a quote inside a quoted field: either `""` or the closing quote.
        case quoteInQuoted
    }

    /// The longest field kept, in bytes; longer fields make the record a `limitExceeded` problem.
    var maximumFieldLength: Int

    private var state = State.fieldStart
    private var line = 1
    private var recordLine = 1
    private var field: [UInt8] = []
    private var fields: [String] = []
    private var problem: CSVRecord.Problem?
    private var records: [CSVRecord] = []
    private var pendingCR = false

    init(maximumFieldLength: Int) {
        self.maximumFieldLength = maximumFieldLength
    }

    /// Splits `bytes` into records.
    static func records(_ bytes: some Collection<UInt8>, maximumFieldLength: Int = 4096) -> [CSVRecord] {
        var reader = CSVReader(maximumFieldLength: maximumFieldLength)
        var skipped = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { skipped = 3 }
        for byte in bytes.dropFirst(skipped) { reader.parseStep(byte) }
        reader.finish()
        return reader.records
    }

    /// Feeds one byte.
    mutating func parseStep(_ byte: UInt8) {
        let quote = UInt8(ascii: "\"")
        let comma = UInt8(ascii: ",")
        let cr = UInt8(ascii: "\r")
        let lf = UInt8(ascii: "\n")
        if self.pendingCR {
            self.pendingCR = false
            if byte == lf {
                // CRLF: the CR already counted the line (and ended the record outside quotes).
                if self.state == .quoted { self.append(byte) }
                return
            }
        }
        switch self.state {
        case .fieldStart:
            switch byte {
            case quote: self.state = .quoted
            case comma: self.endField()
            case cr, lf: self.endRecord(byte)
            default:
                self.append(byte)
                self.state = .unquoted
            }
        case .unquoted:
            switch byte {
            case comma: self.endField()
            case cr, lf: self.endRecord(byte)
            default: self.append(byte)
            }
        case .quoted:
            switch byte {
            case quote: self.state = .quoteInQuoted
            case cr, lf:
                self.countLineBreak(byte)
                self.append(byte)
            default: self.append(byte)
            }
        case .quoteInQuoted:
            switch byte {
            case quote:
                self.append(quote)
                self.state = .quoted
            case comma: self.endField()
            case cr, lf: self.endRecord(byte)
            default:
                self.setProblem(.badQuoting, "text after a closing quote in field \(self.fields.count + 1)")
                self.append(byte)
                self.state = .unquoted
            }
        }
    }

    /// Ends the input: a record without a final line break is completed; an open quote is a problem.
    mutating func finish() {
        if self.state == .quoted {
            self.setProblem(
                .badQuoting,
                "quoted field \(self.fields.count + 1) is not closed before the end of the file"
            )
        }
        if self.state != .fieldStart || !self.fields.isEmpty || !self.field.isEmpty {
            self.fields.append(String(decoding: self.field, as: UTF8.self))
            self.emit()
        }
    }

    private mutating func append(_ byte: UInt8) {
        if self.field.count >= self.maximumFieldLength {
            self.setProblem(
                .limitExceeded,
                "field \(self.fields.count + 1) is longer than \(self.maximumFieldLength) bytes"
            )
            return
        }
        self.field.append(byte)
    }

    private mutating func endField() {
        self.fields.append(String(decoding: self.field, as: UTF8.self))
        self.field.removeAll(keepingCapacity: true)
        self.state = .fieldStart
    }

    private mutating func endRecord(_ lineBreak: UInt8) {
        let blank = self.fields.isEmpty && self.field.isEmpty && self.state == .fieldStart
        if blank {
            self.problem = nil
        } else {
            self.endField()
            self.emit()
        }
        self.countLineBreak(lineBreak)
        self.recordLine = self.line
    }

    private mutating func countLineBreak(_ byte: UInt8) {
        self.line += 1
        if byte == UInt8(ascii: "\r") { self.pendingCR = true }
    }

    private mutating func emit() {
        self.records.append(CSVRecord(line: self.recordLine, fields: self.fields, problem: self.problem))
        self.fields.removeAll(keepingCapacity: true)
        self.field.removeAll(keepingCapacity: true)
        self.problem = nil
        self.state = .fieldStart
    }

    private mutating func setProblem(_ kind: OrganizationDirectoryError.Kind, _ detail: String) {
        if self.problem == nil { self.problem = CSVRecord.Problem(kind: kind, detail: detail) }
    }
}
