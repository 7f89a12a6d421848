/// Why a byte string is not the JSON document expected, and where.
public struct JSONError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case notJSON = "does not start with { or ["
            case unexpectedEnd = "unexpected end of input"
            case unexpectedByte = "unexpected byte"
            case invalidEscape = "invalid escape"
            case invalidSurrogate = "invalid UTF-16 surrogate"
            case invalidNumber = "invalid number"
            case controlCharacter = "control character in string"
            case tooDeep = "nesting deeper than JSONLimits.maximumDepth"
            case stringTooLong = "string longer than JSONLimits.maximumStringLength"
            case tooManyMembers = "more members than JSONLimits.maximumMembers"
            case trailingBytes = "bytes after the value"
        }
        private let base: Base

        /// The first non-whitespace byte is neither `{` nor `[` (cheap reject).
        public static let notJSON = Code(base: .notJSON)
        /// The input ended inside a value.
        public static let unexpectedEnd = Code(base: .unexpectedEnd)
        /// A byte that cannot start or continue the value here.
        public static let unexpectedByte = Code(base: .unexpectedByte)
        /// A backslash escape that RFC 8259 does not define.
        public static let invalidEscape = Code(base: .invalidEscape)
        /// A lone or misordered UTF-16 surrogate in a `\u` escape.
        public static let invalidSurrogate = Code(base: .invalidSurrogate)
        /// A number outside the RFC 8259 grammar.
        public static let invalidNumber = Code(base: .invalidNumber)
        /// An unescaped byte below 0x20 inside a string.
        public static let controlCharacter = Code(base: .controlCharacter)
        /// `JSONLimits.maximumDepth` was exceeded.
        public static let tooDeep = Code(base: .tooDeep)
        /// `JSONLimits.maximumStringLength` was exceeded.
        public static let stringTooLong = Code(base: .stringTooLong)
        /// `JSONLimits.maximumMembers` was exceeded.
        public static let tooManyMembers = Code(base: .tooManyMembers)
        /// Something other than whitespace follows the value.
        public static let trailingBytes = Code(base: .trailingBytes)

        /// Whether this code is one of the `JSONLimits` bounds.
        public var isLimit: Bool {
            self.base == .tooDeep || self.base == .stringTooLong || self.base == .tooManyMembers
        }

        public var description: String { self.base.rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// The byte offset in the input where it went wrong.
    public var offset: Int

    /// Makes an error.
    public init(_ code: Code, at offset: Int) {
        self.code = code
        self.offset = offset
    }

    public var description: String { "JSON: \(self.code) at byte \(self.offset)" }
}
