import PaichaCore

/// One unit the framer cut from a byte stream.
enum StratumFrame {
    /// A line that starts with `{` or `[` (newline and surrounding whitespace removed).
    case jsonLine(UnsafeRawBufferPointer)
    /// A complete HTTP/1.x message: its header block and its `Content-Length` body (maybe empty).
    case http(head: UnsafeRawBufferPointer, body: UnsafeRawBufferPointer)
}

/// Cuts one direction of a TCP stream into JSON lines and HTTP/1.x messages: an explicit state machine.
///
/// Chunks may split anywhere; a complete line inside one chunk is handed over without copying.
struct StratumLineFramer {
    /// What the framer expects next.
    enum State: Equatable {
        /// Nothing decided yet: waiting for the first line to tell JSON lines or HTTP from anything else.
        case start
        /// Newline-separated lines; each is JSON, an HTTP start line, or ignored.
        case lines
        /// Dropping bytes up to the next newline (after a gap or an overlong line).
        case discarding
        /// Just after a gap: a `{` or `[` is taken as a line start (segments are usually line-aligned), else discard.
        case resync
        /// Collecting an HTTP header block up to the empty line.
        case httpHead
        /// Collecting `remaining` more bytes of an HTTP body.
        case httpBody(remaining: Int)
        /// The first bytes were neither JSON nor HTTP: everything further is ignored.
        case notCandidate
    }

    /// The current state.
    private(set) var state: State = .start
    /// Bytes of the line being assembled across chunks.
    private var line: [UInt8] = []
    /// The HTTP header block being assembled.
    private var head: [UInt8] = []
    /// The HTTP body being assembled.
    private var body: [UInt8] = []
    /// Bytes received in this direction.
    private(set) var bytesSeen = 0
    /// Whether any JSON line or HTTP message was framed.
    private(set) var framedAny = false
    /// Non-empty lines that were neither JSON nor HTTP.
    private(set) var otherLines = 0
    /// Limits hit, by name.
    private(set) var limitsHit: [String: Int] = [:]

    let limits: StratumLimits

    init(limits: StratumLimits) {
        self.limits = limits
    }

    /// Whether bytes of an unfinished line or HTTP message are held (the next frame began in an earlier chunk).
    var hasPartial: Bool {
        switch self.state {
        case .httpHead, .httpBody: return true
        case .lines: return !self.line.isEmpty
        case .start, .discarding, .resync, .notCandidate: return false
        }
    }

    /// Whether the first bytes ruled this direction out.
    var isNotCandidate: Bool { self.state == .notCandidate }

    /// Forgets any partial line or message: bytes were lost; resynchronise at the next newline.
    mutating func gap() {
        self.line.removeAll(keepingCapacity: true)
        self.head.removeAll(keepingCapacity: true)
        self.body.removeAll(keepingCapacity: true)
        if self.state != .notCandidate { self.state = .resync }
    }

    private mutating func hit(_ name: String) {
        self.limitsHit[name, default: 0] += 1
    }

    /// Feeds in-order bytes, calling `emit` for every complete frame.
    mutating func feed(_ bytes: UnsafeRawBufferPointer, emit: (StratumFrame) -> Void) {
        self.bytesSeen &+= bytes.count
        var reader = ByteReader(bytes)
        while reader.readableBytes > 0 {
            if !self.parseStep(&reader, emit: emit) { return }
        }
    }

    /// Makes one step of progress; returns `false` when the rest of the input is to be ignored.
    private mutating func parseStep(_ reader: inout ByteReader, emit: (StratumFrame) -> Void) -> Bool {
        switch self.state {
        case .notCandidate:
            return false
        case .start:
            guard let first = reader.getInteger(at: reader.readerIndex, as: UInt8.self) else { return false }
            if Self.isWhitespace(first) {
                reader.skip(1)
            } else if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
                self.state = .lines
            } else if first >= UInt8(ascii: "A") && first <= UInt8(ascii: "Z") {
                // Maybe an HTTP start line: decided when the line is complete.
                self.state = .lines
            } else {
                self.state = .notCandidate
                return false
            }
            return true
        case .resync:
            guard let first = reader.getInteger(at: reader.readerIndex, as: UInt8.self) else { return false }
            self.state = first == UInt8(ascii: "{") || first == UInt8(ascii: "[") ? .lines : .discarding
            return true
        case .discarding:
            if let newline = Self.indexOfNewline(reader.remaining) {
                reader.skip(newline + 1)
                self.state = .lines
            } else {
                reader.skip(reader.readableBytes)
            }
            return true
        case .lines, .httpHead:
            let remaining = reader.remaining
            guard let newline = Self.indexOfNewline(remaining) else {
                if self.line.count + remaining.count > self.limits.maximumLineLength {
                    self.hit("StratumLimits.maximumLineLength")
                    self.line.removeAll(keepingCapacity: true)
                    self.leaveHTTPHeadOnOverflow()
                    self.state = .discarding
                } else {
                    self.line.append(contentsOf: remaining)
                }
                reader.skip(remaining.count)
                return true
            }
            let piece = UnsafeRawBufferPointer(rebasing: remaining[0..<newline])
            reader.skip(newline + 1)
            if self.line.isEmpty {
                self.completeLine(piece, emit: emit)
            } else if self.line.count + piece.count > self.limits.maximumLineLength {
                self.hit("StratumLimits.maximumLineLength")
                self.line.removeAll(keepingCapacity: true)
                self.leaveHTTPHeadOnOverflow()
            } else {
                self.line.append(contentsOf: piece)
                var whole: [UInt8] = []
                swap(&whole, &self.line)
                whole.withUnsafeBytes { self.completeLine($0, emit: emit) }
                whole.removeAll(keepingCapacity: true)
                swap(&whole, &self.line)
            }
            return true
        case .httpBody(let remaining):
            let available = min(remaining, reader.readableBytes)
            if let slice = reader.readSlice(length: available) { self.body.append(contentsOf: slice) }
            if available == remaining {
                self.emitHTTP(emit: emit)
            } else {
                self.state = .httpBody(remaining: remaining - available)
            }
            return true
        }
    }

    private mutating func leaveHTTPHeadOnOverflow() {
        if self.state == .httpHead {
            self.head.removeAll(keepingCapacity: true)
            self.state = .lines
        }
    }

    /// Handles one complete line (without its `\n`).
    private mutating func completeLine(_ raw: UnsafeRawBufferPointer, emit: (StratumFrame) -> Void) {
        let trimmed = Self.trim(raw)
        if self.state == .httpHead {
            if trimmed.isEmpty {
                self.finishHTTPHead(emit: emit)
            } else if self.head.count + raw.count + 1 > self.limits.maximumHeaderLength {
                self.hit("StratumLimits.maximumHeaderLength")
                self.head.removeAll(keepingCapacity: true)
                self.state = .lines
            } else {
                self.head.append(contentsOf: trimmed)
                self.head.append(0x0A)
            }
            return
        }
        guard let first = trimmed.first else { return }
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
            self.framedAny = true
            emit(.jsonLine(trimmed))
        } else if Self.isHTTPStartLine(trimmed) {
            self.head.removeAll(keepingCapacity: true)
            self.head.append(contentsOf: trimmed)
            self.head.append(0x0A)
            self.state = .httpHead
        } else {
            self.otherLines += 1
            if !self.framedAny && self.otherLines == 1 && self.head.isEmpty {
                // The very first line decides: neither JSON nor HTTP.
                self.state = .notCandidate
            }
        }
    }

    private mutating func finishHTTPHead(emit: (StratumFrame) -> Void) {
        let length = self.head.withUnsafeBytes { Self.contentLength(in: $0) }
        self.body.removeAll(keepingCapacity: true)
        switch length {
        case .some(let count) where count > self.limits.maximumBodyLength:
            self.hit("StratumLimits.maximumBodyLength")
            self.head.removeAll(keepingCapacity: true)
            self.state = .discarding
        case .some(let count) where count > 0:
            self.state = .httpBody(remaining: count)
        default:
            // No body, or no Content-Length: any JSON that follows is read as lines.
            self.emitHTTP(emit: emit)
        }
    }

    private mutating func emitHTTP(emit: (StratumFrame) -> Void) {
        self.framedAny = true
        self.state = .lines
        var head: [UInt8] = []
        var body: [UInt8] = []
        swap(&head, &self.head)
        swap(&body, &self.body)
        head.withUnsafeBytes { headBytes in
            body.withUnsafeBytes { bodyBytes in emit(.http(head: headBytes, body: bodyBytes)) }
        }
        head.removeAll(keepingCapacity: true)
        body.removeAll(keepingCapacity: true)
        swap(&head, &self.head)
        swap(&body, &self.body)
    }

    // MARK: - Byte helpers

    static func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }

    static func indexOfNewline(_ bytes: UnsafeRawBufferPointer) -> Int? {
        bytes.firstIndex(of: 0x0A)
    }

    static func trim(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var start = 0
        var end = bytes.count
        while start < end, isWhitespace(bytes[start]) { start += 1 }
        while end > start, isWhitespace(bytes[end - 1]) { end -= 1 }
        return UnsafeRawBufferPointer(rebasing: bytes[start..<end])
    }

    static func hasPrefix(_ bytes: UnsafeRawBufferPointer, _ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard bytes.count >= count else { return false }
        for index in 0..<count where bytes[index] != prefix.utf8Start[index] { return false }
        return true
    }

    static func isHTTPStartLine(_ line: UnsafeRawBufferPointer) -> Bool {
        hasPrefix(line, "HTTP/1.") || hasPrefix(line, "POST ") || hasPrefix(line, "GET ") || hasPrefix(line, "PUT ")
            || hasPrefix(line, "HEAD ") || hasPrefix(line, "OPTIONS ")
    }

    /// The `Content-Length` value in a header block, if present and valid.
    static func contentLength(in head: UnsafeRawBufferPointer) -> Int? {
        var result: Int?
        HTTPMiningHead.forEachHeader(in: head) { name, value in
            if HTTPMiningHead.equalsIgnoringCase(name, "content-length") {
                var total = 0
                guard !value.isEmpty else { return }
                for byte in value {
                    guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), total < 1 << 40 else { return }
                    total = total * 10 + Int(byte - UInt8(ascii: "0"))
                }
                result = total
            }
        }
        return result
    }
}
