import PaichaCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a tape is to be read: its layout (or detection) and the names for what the file does not say.
public struct TapeOptions: Hashable, Sendable {
    /// The layout; `nil` detects it from the first line.
    public var format: TapeFormat?
    /// Columns to use instead of a fixed layout.
    public var columns: ColumnMapping?
    /// The venue of trades whose row names none (default: `binance` for Binance layouts, else `unknown`).
    public var venue: String?
    /// The symbol of trades whose row names none (default: `unknown`).
    public var symbol: String?
    /// Bounds on the input.
    public var limits: TradeLimits
    /// Whether `TapeFile` reads a regular file in place, mapped into memory, rather than by copy (faster; a file
    /// that another process truncates while it is read then ends the process with `SIGBUS`, as in every tool that
    /// maps files).
    public var mapFiles: Bool
    /// The size of each window of a mapped file (rounded up to whole pages; default 4 MiB): chunks of
    /// `limits.readBufferSize` are cut from it, and at most two are mapped at a time.
    public var mappedWindowBytes: Int
    /// Whether `TapeFile` computes the input's SHA-256 (on the calling thread, beside the tally; about a third of
    /// that thread's time).
    public var hashInput: Bool

    /// Makes options.
    public init(
        format: TapeFormat? = nil,
        columns: ColumnMapping? = nil,
        venue: String? = nil,
        symbol: String? = nil,
        limits: TradeLimits = TradeLimits(),
        mapFiles: Bool = true,
        mappedWindowBytes: Int = 4 << 20,
        hashInput: Bool = true
    ) {
        self.format = format
        self.columns = columns
        self.venue = venue
        self.symbol = symbol
        self.limits = limits
        self.mapFiles = mapFiles
        self.mappedWindowBytes = mappedWindowBytes
        self.hashInput = hashInput
    }
}

/// What a tape reader saw: lines, trades, bad rows and limits hit.
public struct TapeStatistics: Hashable, Sendable, Codable {
    /// Bytes read.
    public var bytes: Int64 = 0
    /// Lines seen (the last one counts even without a newline).
    public var lines: Int64 = 0
    /// Header lines skipped (0 or 1).
    public var headerLines: Int64 = 0
    /// Empty lines skipped.
    public var blankLines: Int64 = 0
    /// Trades delivered.
    public var trades: Int64 = 0
    /// Rows that could not be read as trades (each is reported; the first few are kept with their text).
    public var badRows: Int64 = 0
    /// Lines longer than `TradeLimits.maximumLineLength` (also counted as bad rows).
    public var longLines: Int64 = 0
    /// Lines with more than `TradeLimits.maximumFields` fields (the rest ignored).
    public var extraFieldLines: Int64 = 0
    /// Trades of markets beyond `TradeLimits.maximumMarkets` (read, not tested).
    public var untrackedMarketTrades: Int64 = 0
    /// Accounts beyond `TradeLimits.maximumAccounts` (their trades carry no account).
    public var untrackedAccounts: Int64 = 0

    /// Makes empty statistics.
    public init() {}
}

/// Reads a CSV trade tape fed in chunks of any size, one line at a time, without holding the file.
///
/// A state machine: the first non-empty line decides the layout (a header is recognised by name, a
/// headerless Binance file by its shape); every later line is one trade or one `BadRow`.
public struct TapeReader {
    private enum State {
        /// Waiting for the first non-empty line.
        case firstLine
        /// Reading trades.
        case rows
        /// Inside a line longer than the limit, until its newline; then back to `next`.
        case skippingLongLine(lineStart: Int64, excerpt: [UInt8], resume: Resume)
        /// The layout could not be found; nothing more is read.
        case failed
    }

    private enum Resume {
        case firstLine
        case rows
    }

    /// Column positions for one file, `-1` for absent.
    struct Layout {
        var time = -1
        var price = -1
        var size = -1
        var side = -1
        var buyerIsMaker = -1
        var venue = -1
        var symbol = -1
        var buyer = -1
        var seller = -1
        var needed = 0
    }

    /// The file's name as given (used in bad rows and errors).
    public let file: String
    /// The options it reads with.
    public let options: TapeOptions
    /// The layout in use, once the first line has been read.
    public private(set) var format: TapeFormat?
    /// Every market seen, indexed by `Trade.market`.
    public private(set) var markets: [Market] = []
    /// Every account seen, indexed by `Trade.buyer` / `Trade.seller`.
    public private(set) var accounts: [String] = []
    /// Counts.
    public internal(set) var statistics = TapeStatistics()
    /// The first `TradeLimits.maximumBadRowsKept` bad rows.
    public private(set) var badRows: [BadRow] = []
    /// Why the file could not be read, if it could not.
    public private(set) var error: TapeError?

    private var state: State = .firstLine
    var layout = Layout()
    private var carry: [UInt8] = []
    var fieldStarts: [Int]
    var fieldEnds: [Int]
    /// The one-pass row reader's plan for this layout (`PlainRowPlan`), once the layout is known.
    var plainPlan: PlainRowPlan?
    /// Whether plain rows go through the one-pass reader (tests turn it off to compare with the general one).
    var usesPlainRows = true
    private var marketIndex: [Market: Int32] = [:]
    private var accountIndex: [String: Int32] = [:]
    private var lastVenue: [UInt8] = []
    private var lastSymbol: [UInt8] = []
    var lastMarket: Int32 = -1
    private var defaultVenue: String
    private let defaultSymbol: String

    /// Makes a reader for the file named `file`.
    public init(file: String, options: TapeOptions = TapeOptions()) {
        self.file = file
        self.options = options
        let fields = max(1, options.limits.maximumFields)
        self.fieldStarts = [Int](repeating: 0, count: fields)
        self.fieldEnds = [Int](repeating: 0, count: fields)
        self.defaultVenue = options.venue ?? ((options.format?.isBinance ?? false) ? "binance" : "unknown")
        self.defaultSymbol = options.symbol ?? "unknown"
    }

    /// Reads `bytes`, handing each complete trade to `sink`. A line cut at the end is kept for the next call.
    public mutating func consume(_ bytes: UnsafeRawBufferPointer, _ sink: (Trade) -> Void) {
        self.statistics.bytes &+= Int64(bytes.count)
        var reader = ByteReader(bytes)
        while reader.readableBytes > 0 {
            if case .failed = self.state { return }
            if self.usesPlainRows, self.plainPlan != nil, self.carry.isEmpty, case .rows = self.state {
                reader.skip(self.readPlainRows(reader.remaining, sink))
                if reader.readableBytes == 0 { return }
            }
            let rest = reader.remaining
            let newline = Self.indexOfNewline(rest)
            if case .skippingLongLine(let start, let excerpt, let resume) = self.state {
                guard let newline else { return }
                reader.skip(newline + 1)
                self.statistics.lines &+= 1
                self.reportLongLine(line: start, excerpt: excerpt)
                self.state = resume == .rows ? .rows : .firstLine
                continue
            }
            guard let newline else {
                if self.carry.count + rest.count > self.options.limits.maximumLineLength {
                    self.startSkipping(rest)
                } else {
                    self.carry.append(contentsOf: rest)
                }
                return
            }
            guard let line = reader.readSlice(length: newline) else { return }
            reader.skip(1)
            if self.carry.isEmpty {
                if line.count > self.options.limits.maximumLineLength {
                    self.statistics.lines &+= 1
                    self.reportLongLine(
                        line: self.statistics.lines,
                        excerpt: Array(line.prefix(self.options.limits.maximumExcerptLength))
                    )
                } else {
                    self.handleLine(line, sink)
                }
            } else if self.carry.count + line.count > self.options.limits.maximumLineLength {
                self.statistics.lines &+= 1
                self.reportLongLine(line: self.statistics.lines, excerpt: self.carry)
                self.carry.removeAll(keepingCapacity: true)
            } else {
                self.carry.append(contentsOf: line)
                let joined = self.carry
                self.carry.removeAll(keepingCapacity: true)
                joined.withUnsafeBytes { self.handleLine($0, sink) }
            }
        }
    }

    /// Reads the last line if it had no newline, and throws if the file could not be read at all.
    public mutating func finish(_ sink: (Trade) -> Void) throws(TapeError) {
        switch self.state {
        case .skippingLongLine(let start, let excerpt, let resume):
            self.statistics.lines &+= 1
            self.reportLongLine(line: start, excerpt: excerpt)
            self.state = resume == .rows ? .rows : .firstLine
        default:
            if !self.carry.isEmpty {
                let last = self.carry
                self.carry.removeAll()
                last.withUnsafeBytes { self.handleLine($0, sink) }
            }
        }
        if let error = self.error { throw error }
        if case .firstLine = self.state {
            throw TapeError(.empty, file: self.file, detail: "no non-empty line")
        }
    }

    // MARK: - Lines

    private mutating func startSkipping(_ rest: UnsafeRawBufferPointer) {
        var excerpt = self.carry
        let room = max(0, self.options.limits.maximumExcerptLength - excerpt.count)
        excerpt.append(contentsOf: rest.prefix(room))
        self.carry.removeAll(keepingCapacity: true)
        let resume: Resume
        if case .rows = self.state { resume = .rows } else { resume = .firstLine }
        self.state = .skippingLongLine(lineStart: self.statistics.lines &+ 1, excerpt: excerpt, resume: resume)
    }

    private mutating func reportLongLine(line: Int64, excerpt: [UInt8]) {
        self.statistics.longLines &+= 1
        excerpt.withUnsafeBytes {
            self.reportBad(
                line: line,
                reason: "line longer than \(self.options.limits.maximumLineLength) bytes",
                text: $0
            )
        }
    }

    private mutating func reportBad(line: Int64, reason: String, text: UnsafeRawBufferPointer) {
        self.statistics.badRows &+= 1
        guard self.badRows.count < self.options.limits.maximumBadRowsKept else { return }
        let excerpt = String(decoding: text.prefix(self.options.limits.maximumExcerptLength), as: UTF8.self)
        self.badRows.append(BadRow(file: self.file, line: line, reason: reason, excerpt: excerpt))
    }

    @inline(__always)
    private static func indexOfNewline(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return nil }
        guard let found = memchr(base, 0x0A, bytes.count) else { return nil }
        return base.distance(to: UnsafeRawPointer(found))
    }

    private mutating func handleLine(_ raw: UnsafeRawBufferPointer, _ sink: (Trade) -> Void) {
        self.statistics.lines &+= 1
        var line = raw
        if let last = line.last, last == 0x0D { line = UnsafeRawBufferPointer(rebasing: line.dropLast()) }
        if line.isEmpty || line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
            self.statistics.blankLines &+= 1
            return
        }
        let fieldCount = self.splitFields(line)
        switch self.state {
        case .firstLine:
            self.detectLayout(line, fieldCount: fieldCount, sink)
        case .rows:
            self.readRow(line, fieldCount: fieldCount, sink)
        case .skippingLongLine, .failed:
            return
        }
    }

    /// Splits a line at commas (a field in double quotes may hold commas); returns the field count.
    private mutating func splitFields(_ line: UnsafeRawBufferPointer) -> Int {
        if let count = self.splitPlainFields(line) { return count }
        let maximum = self.fieldStarts.count
        var count = 0
        var index = 0
        let end = line.count
        var reader = ByteReader(line)
        while count < maximum {
            var start = index
            var stop: Int
            if reader.getInteger(at: index, as: UInt8.self) == 0x22 {
                // Quoted: to the closing quote (a doubled quote is part of the text), then to the comma.
                start = index + 1
                var position = start
                while position < end {
                    if reader.getInteger(at: position, as: UInt8.self) == 0x22 {
                        if reader.getInteger(at: position + 1, as: UInt8.self) == 0x22 {
                            position += 2
                            continue
                        }
                        break
                    }
                    position += 1
                }
                stop = position
                position = min(end, position + 1)
                while position < end, reader.getInteger(at: position, as: UInt8.self) != 0x2C { position += 1 }
                index = position
            } else {
                // Fields are short: a byte loop (bounded by `end`, the line's length) beats a `memchr` call
                // per field.
                while index < end, line[index] != 0x2C { index += 1 }
                stop = index
            }
            self.fieldStarts[count] = start
            self.fieldEnds[count] = max(start, stop)
            count += 1
            if index >= end { return count }
            index += 1  // the comma
            reader.skip(0)
        }
        self.statistics.extraFieldLines &+= 1
        return count
    }

    /// The fast path of `splitFields` for a line without quotes (nearly every line of every tape): commas are
    /// found eight bytes at a time; nil, with nothing changed, when the line has a quote.
    @inline(__always)
    private mutating func splitPlainFields(_ line: UnsafeRawBufferPointer) -> Int? {
        guard let base = line.baseAddress else { return nil }
        let end = line.count
        var extra = false
        let count = self.fieldStarts.withUnsafeMutableBufferPointer { starts -> Int? in
            self.fieldEnds.withUnsafeMutableBufferPointer { ends -> Int? in
                let maximum = starts.count
                var count = 0
                var start = 0
                var index = 0
                /// Ends the current field at the comma at `position`; false once past the maximum (another field
                /// follows a comma: it is counted, not kept).
                func comma(at position: Int) -> Bool {
                    starts[count] = start
                    ends[count] = position
                    count &+= 1
                    start = position &+ 1
                    if count == maximum { extra = true }
                    return count < maximum
                }
                // Eight bytes at a time while they lie inside the line.
                while index &+ 8 <= end {
                    let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                    if Self.zeroBytes(word ^ 0x2222_2222_2222_2222) != 0 { return nil }
                    var commas = Self.zeroBytes(word ^ 0x2C2C_2C2C_2C2C_2C2C)
                    while commas != 0 {
                        guard comma(at: index &+ commas.trailingZeroBitCount >> 3) else { return count }
                        commas &= commas &- 1
                    }
                    index &+= 8
                }
                while index < end {
                    let byte = line[index]
                    if byte == 0x22 { return nil }
                    if byte == 0x2C, !comma(at: index) { return count }
                    index &+= 1
                }
                starts[count] = start
                ends[count] = end
                return count &+ 1
            }
        }
        if extra { self.statistics.extraFieldLines &+= 1 }
        return count
    }

    /// 0x80 in each byte of `word` that is zero, 0 elsewhere (exact: no borrow crosses bytes).
    @inline(__always)
    static func zeroBytes(_ word: UInt64) -> UInt64 {
        ~(((word & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | word | 0x7F7F_7F7F_7F7F_7F7F)
    }

    @inline(__always)
    func field(_ index: Int, _ line: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: line[self.fieldStarts[index]..<self.fieldEnds[index]])
    }

    private func fieldString(_ index: Int, _ line: UnsafeRawBufferPointer, count: Int) -> String? {
        guard index < count else { return nil }
        let text = String(decoding: self.field(index, line), as: UTF8.self)
        return String(text.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }

    // MARK: - Layout

    private mutating func detectLayout(_ line: UnsafeRawBufferPointer, fieldCount: Int, _ sink: (Trade) -> Void) {
        let names = (0..<fieldCount).map { (self.fieldString($0, line, count: fieldCount) ?? "").lowercased() }
        var mapping: ColumnMapping?
        var format = self.options.format
        var isHeader = false
        if let columns = self.options.columns {
            mapping = columns
            format = .generic
            isHeader = columns.usesNames
        } else if let given = format, let columns = given.columns {
            mapping = columns
        } else if let known = TapeFormat.allCases.first(where: { !$0.headerNames.isEmpty && $0.headerNames == names }) {
            format = known
            mapping = known.columns
            isHeader = true
        } else if let guessed = ColumnMapping.guessed(fromHeader: names), format == nil || format == .generic {
            format = .generic
            mapping = guessed
            isHeader = true
        } else if format == nil, let shape = Self.binanceShape(names) {
            format = shape
            mapping = shape.columns
        }
        guard let mapping, let format else {
            self.fail(
                TapeError(
                    .unknownLayout,
                    file: self.file,
                    line: self.statistics.lines,
                    detail: "first line is no known header or Binance row; give --layout or --columns"
                )
            )
            return
        }
        self.format = format
        if self.options.venue == nil, format.isBinance { self.defaultVenue = "binance" }
        guard self.resolve(mapping, names: names) else { return }
        self.state = .rows
        if !isHeader {
            // A header of a fixed layout (or numbered columns) is told from a row by its price field.
            let price =
                self.layout.price < fieldCount
                ? self.field(self.layout.price, line) : UnsafeRawBufferPointer(start: nil, count: 0)
            isHeader = TradeDecimal(ascii: price) == nil && names.contains("price")
        }
        if isHeader {
            self.statistics.headerLines &+= 1
        } else {
            self.readRow(line, fieldCount: fieldCount, sink)
        }
    }

    private static func binanceShape(_ fields: [String]) -> TapeFormat? {
        func isBool(_ s: String) -> Bool { s == "true" || s == "false" }
        if fields.count == 7, isBool(fields[5]) { return .binanceTrades }
        if fields.count == 8, isBool(fields[6]) { return .binanceAggTrades }
        return nil
    }

    private mutating func fail(_ error: TapeError) {
        self.error = error
        self.state = .failed
    }

    private mutating func resolve(_ mapping: ColumnMapping, names: [String]) -> Bool {
        var missing: [String] = []
        func position(_ column: ColumnMapping.Column?, _ key: String) -> Int {
            switch column {
            case nil: return -1
            case .index(let i): return i
            case .name(let name):
                if let i = names.firstIndex(of: name.lowercased()) { return i }
                missing.append("\(key)=\(name)")
                return -1
            }
        }
        var layout = Layout()
        layout.time = position(mapping.time, "time")
        layout.price = position(mapping.price, "price")
        layout.size = position(mapping.size, "size")
        layout.side = position(mapping.side, "side")
        layout.buyerIsMaker = position(mapping.buyerIsMaker, "buyerIsMaker")
        layout.venue = position(mapping.venue, "venue")
        layout.symbol = position(mapping.symbol, "symbol")
        layout.buyer = position(mapping.buyer, "buyer")
        layout.seller = position(mapping.seller, "seller")
        guard missing.isEmpty else {
            self.fail(
                TapeError(
                    .missingColumn,
                    file: self.file,
                    line: self.statistics.lines,
                    detail: "\(missing.joined(separator: ", ")) not in header (\(names.joined(separator: ",")))"
                )
            )
            return false
        }
        layout.needed =
            [
                layout.time, layout.price, layout.size, layout.side, layout.buyerIsMaker, layout.venue, layout.symbol,
                layout.buyer, layout.seller,
            ].max()! + 1
        guard layout.needed <= self.fieldStarts.count else {
            self.fail(TapeError(.badMapping, file: self.file, detail: "a column is beyond TradeLimits.maximumFields"))
            return false
        }
        self.layout = layout
        self.plainPlan = PlainRowPlan(layout, maximumFields: self.fieldStarts.count)
        return true
    }

    // MARK: - Rows

    private mutating func readRow(_ line: UnsafeRawBufferPointer, fieldCount: Int, _ sink: (Trade) -> Void) {
        let lineNumber = self.statistics.lines
        guard fieldCount >= self.layout.needed else {
            self.reportBad(
                line: lineNumber,
                reason: "expected at least \(self.layout.needed) fields, found \(fieldCount)",
                text: line
            )
            return
        }
        guard let price = TradeDecimal(ascii: self.field(self.layout.price, line)) else {
            self.reportBad(line: lineNumber, reason: "bad price", text: line)
            return
        }
        guard let size = TradeDecimal(ascii: self.field(self.layout.size, line)) else {
            self.reportBad(line: lineNumber, reason: "bad size", text: line)
            return
        }
        guard !price.isNegative, !size.isNegative else {
            self.reportBad(line: lineNumber, reason: price.isNegative ? "negative price" : "negative size", text: line)
            return
        }
        var time: Timestamp?
        if self.layout.time >= 0 {
            guard let parsed = TradeTime.parse(self.field(self.layout.time, line)) else {
                self.reportBad(line: lineNumber, reason: "bad time", text: line)
                return
            }
            time = parsed
        }
        var side = TradeSide.unknown
        if self.layout.side >= 0 {
            guard let parsed = Self.side(self.field(self.layout.side, line)) else {
                self.reportBad(line: lineNumber, reason: "bad side", text: line)
                return
            }
            side = parsed
        } else if self.layout.buyerIsMaker >= 0 {
            guard let maker = Self.boolean(self.field(self.layout.buyerIsMaker, line)) else {
                self.reportBad(line: lineNumber, reason: "bad is_buyer_maker", text: line)
                return
            }
            side = maker ? .sell : .buy
        }
        let market = self.market(line)
        guard market >= 0 else {
            self.statistics.untrackedMarketTrades &+= 1
            return
        }
        let (buyer, seller) = self.accounts(line)
        self.statistics.trades &+= 1
        sink(
            Trade(
                time: time,
                price: price,
                size: size,
                side: side,
                market: market,
                buyer: buyer,
                seller: seller,
                line: lineNumber
            )
        )
    }

    /// The bytes of a field without surrounding spaces, lowercased into a small integer key (up to 8 bytes).
    @inline(__always)
    private static func lowercaseKey(_ bytes: UnsafeRawBufferPointer) -> UInt64? {
        let reader = ByteReader(bytes)
        var start = 0
        var end = bytes.count
        while start < end, reader.getInteger(at: start, as: UInt8.self) == 0x20 { start += 1 }
        while end > start, reader.getInteger(at: end - 1, as: UInt8.self) == 0x20 { end -= 1 }
        guard end - start <= 8 else { return nil }
        var key: UInt64 = 0
        for index in start..<end {
            guard var byte = reader.getInteger(at: index, as: UInt8.self) else { return nil }
            if byte >= 0x41, byte <= 0x5A { byte |= 0x20 }
            key = key << 8 | UInt64(byte)
        }
        return key
    }

    // Field texts as big-endian integer keys (`lowercaseKey`), written out so that no global is touched per row.
    private static let keyBuy: UInt64 = 0x62_75_79  // "buy"
    private static let keyB: UInt64 = 0x62  // "b"
    private static let keyBid: UInt64 = 0x62_69_64  // "bid"
    private static let keyBuyer: UInt64 = 0x62_75_79_65_72  // "buyer"
    private static let keySell: UInt64 = 0x73_65_6C_6C  // "sell"
    private static let keyS: UInt64 = 0x73  // "s"
    private static let keyAsk: UInt64 = 0x61_73_6B  // "ask"
    private static let keySeller: UInt64 = 0x73_65_6C_6C_65_72  // "seller"
    private static let keyUnknown: UInt64 = 0x75_6E_6B_6E_6F_77_6E  // "unknown"
    private static let keyNone: UInt64 = 0x6E_6F_6E_65  // "none"
    private static let keyTrue: UInt64 = 0x74_72_75_65  // "true"
    private static let keyOne: UInt64 = 0x31  // "1"
    private static let keyT: UInt64 = 0x74  // "t"
    private static let keyFalse: UInt64 = 0x66_61_6C_73_65  // "false"
    private static let keyZero: UInt64 = 0x30  // "0"
    private static let keyF: UInt64 = 0x66  // "f"

    private static func side(_ bytes: UnsafeRawBufferPointer) -> TradeSide? {
        switch lowercaseKey(bytes) {
        case keyBuy, keyB, keyBid, keyBuyer: .buy
        case keySell, keyS, keyAsk, keySeller: .sell
        case 0, keyUnknown, keyNone: .unknown
        default: nil
        }
    }

    private static func boolean(_ bytes: UnsafeRawBufferPointer) -> Bool? {
        switch lowercaseKey(bytes) {
        case keyTrue, keyOne, keyT: true
        case keyFalse, keyZero, keyF: false
        default: nil
        }
    }

    mutating func market(_ line: UnsafeRawBufferPointer) -> Int32 {
        let venue =
            self.layout.venue >= 0 ? self.field(self.layout.venue, line) : UnsafeRawBufferPointer(start: nil, count: 0)
        let symbol =
            self.layout.symbol >= 0
            ? self.field(self.layout.symbol, line) : UnsafeRawBufferPointer(start: nil, count: 0)
        if self.lastMarket >= 0, Self.equal(venue, self.lastVenue), Self.equal(symbol, self.lastSymbol) {
            return self.lastMarket
        }
        let key = Market(
            venue: venue.isEmpty ? self.defaultVenue : String(decoding: venue, as: UTF8.self),
            symbol: symbol.isEmpty ? self.defaultSymbol : String(decoding: symbol, as: UTF8.self)
        )
        let index: Int32
        if let known = self.marketIndex[key] {
            index = known
        } else {
            guard self.markets.count < self.options.limits.maximumMarkets else { return -1 }
            index = Int32(self.markets.count)
            self.markets.append(key)
            self.marketIndex[key] = index
        }
        self.lastVenue.removeAll(keepingCapacity: true)
        self.lastVenue.append(contentsOf: venue)
        self.lastSymbol.removeAll(keepingCapacity: true)
        self.lastSymbol.append(contentsOf: symbol)
        self.lastMarket = index
        return index
    }

    @inline(__always)
    private static func equal(_ bytes: UnsafeRawBufferPointer, _ array: [UInt8]) -> Bool {
        guard bytes.count == array.count else { return false }
        if bytes.isEmpty { return true }
        return array.withUnsafeBytes { memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }
    }

    /// The buyer and seller of the row `line` (its fields split), as account indices, when the layout has them.
    mutating func accounts(_ line: UnsafeRawBufferPointer) -> (buyer: Int32?, seller: Int32?) {
        let buyer = self.layout.buyer >= 0 ? self.account(self.field(self.layout.buyer, line)) : nil
        let seller = self.layout.seller >= 0 ? self.account(self.field(self.layout.seller, line)) : nil
        return (buyer, seller)
    }

    private mutating func account(_ bytes: UnsafeRawBufferPointer) -> Int32? {
        guard !bytes.isEmpty else { return nil }
        let name = String(decoding: bytes, as: UTF8.self)
        if let known = self.accountIndex[name] { return known }
        guard self.accounts.count < self.options.limits.maximumAccounts else {
            self.statistics.untrackedAccounts &+= 1
            return nil
        }
        let index = Int32(self.accounts.count)
        self.accounts.append(name)
        self.accountIndex[name] = index
        return index
    }
}
