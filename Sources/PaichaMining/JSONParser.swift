import PaichaCore

/// A strict RFC 8259 JSON parser over borrowed bytes, for one document (one JSON-RPC line or body).
///
/// It reads through `ByteReader` (reads that return `nil` and do not move), recurses at most
/// `JSONLimits.maximumDepth` deep, and keeps numbers as their source text.
public struct JSONParser {
    /// Which parts of a document are built into `JSONValue`s; the rest is validated exactly alike and
    /// stands as `.null`.
    enum Build {
        /// Everything.
        case everything
        /// The root of a JSON-RPC message line: an object (a message) or an array (a batch of messages).
        case messages
        /// An element of a batch: built if it is an object (a message).
        case batchElement
        /// A member of a message: its value is built if the member is one of ``JSONParser/outlineKeys`` and
        /// the value is a string, number or literal; arrays, objects and other members' values are not.
        case scalars
        /// Nothing.
        case nothing
    }

    private var reader: ByteReader
    private let limits: JSONLimits
    private var depth = 0
    private var members = 0

    private init(_ bytes: UnsafeRawBufferPointer, limits: JSONLimits) {
        self.reader = ByteReader(bytes)
        self.limits = limits
    }

    /// Parses `bytes` as one JSON object or array (surrounding whitespace allowed).
    ///
    /// Cheap reject: a first non-whitespace byte other than `{` or `[` throws `.notJSON` at once.
    public static func parse(
        _ bytes: UnsafeRawBufferPointer,
        limits: JSONLimits = JSONLimits()
    ) throws(JSONError)
        -> JSONValue
    {
        var parser = JSONParser(bytes, limits: limits)
        parser.skipWhitespace()
        guard let first = parser.peek(), first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else {
            throw JSONError(.notJSON, at: parser.reader.readerIndex)
        }
        let value = try parser.parseValue(.everything)
        parser.skipWhitespace()
        guard parser.reader.readableBytes == 0 else { throw JSONError(.trailingBytes, at: parser.reader.readerIndex) }
        return value
    }

    /// The members of a message whose values an outline keeps (when they are strings, numbers or literals).
    static let outlineKeys = ["method", "id", "result", "error"]

    /// Parses `bytes` exactly as ``parse(_:limits:)-(UnsafeRawBufferPointer,_)`` does — the same validation,
    /// limits and errors — but builds only the outline of a JSON-RPC line: the members of the message object
    /// (or of each object in a batch array), in order, with the values of ``outlineKeys`` that are strings,
    /// numbers or literals. Every other value — nested arrays and objects, other members' values — is read
    /// and validated but stands as `.null`, so nothing is allocated for it.
    ///
    /// Enough to tell a message's `method`, `id` and whether it has a `result` or `error`, cheaply.
    static func parseOutline(_ bytes: UnsafeRawBufferPointer, limits: JSONLimits) throws(JSONError) -> JSONValue {
        var parser = JSONParser(bytes, limits: limits)
        parser.skipWhitespace()
        guard let first = parser.peek(), first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else {
            throw JSONError(.notJSON, at: parser.reader.readerIndex)
        }
        let value = try parser.parseValue(.messages)
        parser.skipWhitespace()
        guard parser.reader.readableBytes == 0 else { throw JSONError(.trailingBytes, at: parser.reader.readerIndex) }
        return value
    }

    /// Parses a byte array (convenience for tests and non-hot code).
    public static func parse(_ bytes: [UInt8], limits: JSONLimits = JSONLimits()) throws(JSONError) -> JSONValue {
        let result: Result<JSONValue, JSONError> = bytes.withUnsafeBytes { buffer in
            do throws(JSONError) {
                return .success(try JSONParser.parse(buffer, limits: limits))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    // MARK: - Reading

    private func peek() -> UInt8? {
        self.reader.getInteger(at: self.reader.readerIndex, as: UInt8.self)
    }

    private mutating func next() throws(JSONError) -> UInt8 {
        guard let byte = self.reader.readInteger(as: UInt8.self) else {
            throw JSONError(.unexpectedEnd, at: self.reader.readerIndex)
        }
        return byte
    }

    private mutating func skipWhitespace() {
        while let byte = self.peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
            self.reader.skip(1)
        }
    }

    private mutating func expect(_ literal: StaticString, value: JSONValue) throws(JSONError) -> JSONValue {
        var index = 0
        let count = literal.utf8CodeUnitCount
        while index < count {
            let wanted = literal.utf8Start[index]
            guard let byte = self.peek() else { throw JSONError(.unexpectedEnd, at: self.reader.readerIndex) }
            guard byte == wanted else { throw JSONError(.unexpectedByte, at: self.reader.readerIndex) }
            self.reader.skip(1)
            index += 1
        }
        return value
    }

    private mutating func countMember() throws(JSONError) {
        self.members += 1
        if self.members > self.limits.maximumMembers {
            throw JSONError(.tooManyMembers, at: self.reader.readerIndex)
        }
    }

    // MARK: - Values

    private mutating func parseValue(_ build: Build) throws(JSONError) -> JSONValue {
        self.skipWhitespace()
        guard let byte = self.peek() else { throw JSONError(.unexpectedEnd, at: self.reader.readerIndex) }
        let scalar = build != .nothing
        switch byte {
        case UInt8(ascii: "{"):
            switch build {
            case .everything: return try self.parseObject(members: .everything)
            case .messages, .batchElement: return try self.parseObject(members: .scalars)
            case .scalars, .nothing: return try self.parseObject(members: .nothing)
            }
        case UInt8(ascii: "["):
            switch build {
            case .everything: return try self.parseArray(elements: .everything)
            case .messages: return try self.parseArray(elements: .batchElement)
            case .batchElement, .scalars, .nothing: return try self.parseArray(elements: .nothing)
            }
        case UInt8(ascii: "\""):
            let text = try self.parseString(build: scalar)
            return scalar ? .string(text) : .null
        case UInt8(ascii: "t"): return try self.expect("true", value: .bool(true))
        case UInt8(ascii: "f"): return try self.expect("false", value: .bool(false))
        case UInt8(ascii: "n"): return try self.expect("null", value: .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try self.parseNumber(build: scalar)
        default: throw JSONError(.unexpectedByte, at: self.reader.readerIndex)
        }
    }

    private mutating func enter() throws(JSONError) {
        self.depth += 1
        if self.depth > self.limits.maximumDepth { throw JSONError(.tooDeep, at: self.reader.readerIndex) }
    }

    /// Reads an object; it is built (its member values as `members` says) unless `members` is `.nothing`.
    private mutating func parseObject(members: Build) throws(JSONError) -> JSONValue {
        let build = members != .nothing
        try self.enter()
        self.reader.skip(1)
        var result: [JSONMember] = []
        self.skipWhitespace()
        if self.peek() == UInt8(ascii: "}") {
            self.reader.skip(1)
            self.depth -= 1
            return build ? .object(result) : .null
        }
        while true {
            self.skipWhitespace()
            guard let byte = self.peek() else { throw JSONError(.unexpectedEnd, at: self.reader.readerIndex) }
            guard byte == UInt8(ascii: "\"") else { throw JSONError(.unexpectedByte, at: self.reader.readerIndex) }
            try self.countMember()
            let key = try self.parseString(build: build)
            self.skipWhitespace()
            let colonAt = self.reader.readerIndex
            guard try self.next() == UInt8(ascii: ":") else { throw JSONError(.unexpectedByte, at: colonAt) }
            let valueBuild = members == .scalars && !Self.outlineKeys.contains(key) ? .nothing : members
            let value = try self.parseValue(valueBuild)
            if build { result.append(JSONMember(key, value)) }
            self.skipWhitespace()
            let separatorAt = self.reader.readerIndex
            switch try self.next() {
            case UInt8(ascii: ","): continue
            case UInt8(ascii: "}"):
                self.depth -= 1
                return build ? .object(result) : .null
            default: throw JSONError(.unexpectedByte, at: separatorAt)
            }
        }
    }

    /// Reads an array; it is built (its elements as `elements` says) unless `elements` is `.nothing`.
    private mutating func parseArray(elements: Build) throws(JSONError) -> JSONValue {
        let build = elements != .nothing
        try self.enter()
        self.reader.skip(1)
        var result: [JSONValue] = []
        self.skipWhitespace()
        if self.peek() == UInt8(ascii: "]") {
            self.reader.skip(1)
            self.depth -= 1
            return build ? .array(result) : .null
        }
        while true {
            try self.countMember()
            let element = try self.parseValue(elements)
            if build { result.append(element) }
            self.skipWhitespace()
            let separatorAt = self.reader.readerIndex
            switch try self.next() {
            case UInt8(ascii: ","): continue
            case UInt8(ascii: "]"):
                self.depth -= 1
                return build ? .array(result) : .null
            default: throw JSONError(.unexpectedByte, at: separatorAt)
            }
        }
    }

    /// Reads a number; its text is kept only when `build` is set (else `.null`).
    private mutating func parseNumber(build: Bool) throws(JSONError) -> JSONValue {
        let start = self.reader.readerIndex
        if self.peek() == UInt8(ascii: "-") { self.reader.skip(1) }
        guard let first = self.peek() else { throw JSONError(.unexpectedEnd, at: self.reader.readerIndex) }
        guard Self.isDigit(first) else { throw JSONError(.invalidNumber, at: self.reader.readerIndex) }
        self.reader.skip(1)
        if first != UInt8(ascii: "0") { self.skipDigits() }
        if self.peek() == UInt8(ascii: ".") {
            self.reader.skip(1)
            guard let digit = self.peek(), Self.isDigit(digit) else {
                throw JSONError(.invalidNumber, at: self.reader.readerIndex)
            }
            self.skipDigits()
        }
        if let e = self.peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            self.reader.skip(1)
            if let sign = self.peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { self.reader.skip(1) }
            guard let digit = self.peek(), Self.isDigit(digit) else {
                throw JSONError(.invalidNumber, at: self.reader.readerIndex)
            }
            self.skipDigits()
        }
        if let after = self.peek(), Self.isDigit(after) || after == UInt8(ascii: ".") {
            throw JSONError(.invalidNumber, at: self.reader.readerIndex)
        }
        guard build else { return .null }
        let text = UnsafeRawBufferPointer(rebasing: self.reader.bytes[start..<self.reader.readerIndex])
        return .number(String(decoding: text, as: UTF8.self))
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private mutating func skipDigits() {
        while let byte = self.peek(), Self.isDigit(byte) { self.reader.skip(1) }
    }

    // MARK: - Strings

    /// Reads a string; the text is made only when `build` is set (else `""`), the checks always.
    private mutating func parseString(build: Bool) throws(JSONError) -> String {
        self.reader.skip(1)
        let start = self.reader.readerIndex
        // Fast path: no escapes.
        while let byte = self.peek() {
            if byte == UInt8(ascii: "\"") {
                let length = self.reader.readerIndex - start
                guard length <= self.limits.maximumStringLength else { throw JSONError(.stringTooLong, at: start) }
                let text = UnsafeRawBufferPointer(rebasing: self.reader.bytes[start..<self.reader.readerIndex])
                self.reader.skip(1)
                return build ? String(decoding: text, as: UTF8.self) : ""
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw JSONError(.controlCharacter, at: self.reader.readerIndex) }
            self.reader.skip(1)
        }
        guard self.peek() != nil else { throw JSONError(.unexpectedEnd, at: self.reader.readerIndex) }
        var decoded = Array(UnsafeRawBufferPointer(rebasing: self.reader.bytes[start..<self.reader.readerIndex]))
        while true {
            if decoded.count > self.limits.maximumStringLength { throw JSONError(.stringTooLong, at: start) }
            let at = self.reader.readerIndex
            let byte = try self.next()
            switch byte {
            case UInt8(ascii: "\""):
                return build ? String(decoding: decoded, as: UTF8.self) : ""
            case UInt8(ascii: "\\"):
                try self.parseEscape(into: &decoded)
            case 0..<0x20:
                throw JSONError(.controlCharacter, at: at)
            default:
                decoded.append(byte)
            }
        }
    }

    private mutating func parseEscape(into decoded: inout [UInt8]) throws(JSONError) {
        let at = self.reader.readerIndex
        switch try self.next() {
        case UInt8(ascii: "\""): decoded.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): decoded.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "/"): decoded.append(UInt8(ascii: "/"))
        case UInt8(ascii: "b"): decoded.append(0x08)
        case UInt8(ascii: "f"): decoded.append(0x0C)
        case UInt8(ascii: "n"): decoded.append(0x0A)
        case UInt8(ascii: "r"): decoded.append(0x0D)
        case UInt8(ascii: "t"): decoded.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = UInt32(try self.parseHex4())
            if (0xD800...0xDBFF).contains(scalar) {
                let lowAt = self.reader.readerIndex
                guard self.reader.readInteger(as: UInt8.self) == UInt8(ascii: "\\"),
                    self.reader.readInteger(as: UInt8.self) == UInt8(ascii: "u")
                else { throw JSONError(.invalidSurrogate, at: lowAt) }
                let low = UInt32(try self.parseHex4())
                guard (0xDC00...0xDFFF).contains(low) else { throw JSONError(.invalidSurrogate, at: lowAt) }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw JSONError(.invalidSurrogate, at: at - 1)
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw JSONError(.invalidSurrogate, at: at - 1) }
            decoded.append(contentsOf: UTF8.encode(unicode)!)
        default:
            throw JSONError(.invalidEscape, at: at - 1)
        }
    }

    private mutating func parseHex4() throws(JSONError) -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            let at = self.reader.readerIndex
            let byte = try self.next()
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw JSONError(.invalidEscape, at: at)
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }
}
