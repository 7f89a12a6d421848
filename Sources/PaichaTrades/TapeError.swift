/// Why a tape cannot be read at all (as opposed to one bad row, which is a `BadRow`).
public struct TapeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case io = "cannot read"
            case unknownLayout = "unknown column layout"
            case missingColumn = "missing column"
            case badMapping = "bad column mapping"
            case empty = "no rows"
            case badSideFile = "bad row in an outage or supply file"
        }
        private let base: Base

        /// The file could not be opened or read.
        public static let io = Code(base: .io)
        /// The first line matches no known layout and no `--columns` mapping was given.
        public static let unknownLayout = Code(base: .unknownLayout)
        /// A column named in the mapping is not in the header.
        public static let missingColumn = Code(base: .missingColumn)
        /// The `--columns` text is not `key=column,...` with known keys.
        public static let badMapping = Code(base: .badMapping)
        /// The file has no line at all.
        public static let empty = Code(base: .empty)
        /// A row of an `--outages` or `--supply` file cannot be read.
        public static let badSideFile = Code(base: .badSideFile)

        public var description: String { self.base.rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// The file's name as given.
    public var file: String
    /// The 1-based line where it went wrong, if any.
    public var line: Int64?
    /// More about it.
    public var detail: String

    /// Makes an error.
    public init(_ code: Code, file: String, line: Int64? = nil, detail: String = "") {
        self.code = code
        self.file = file
        self.line = line
        self.detail = detail
    }

    public var description: String {
        var text = "\(self.file)"
        if let line = self.line { text += ":\(line)" }
        text += ": \(self.code)"
        if !self.detail.isEmpty { text += ": \(self.detail)" }
        return text
    }
}

/// A row that could not be read as a trade: where it is, why, and its text.
public struct BadRow: Hashable, Sendable, Codable {
    /// The file's name as given.
    public var file: String
    /// The 1-based line number.
    public var line: Int64
    /// Why it was refused (`bad price`, `line too long` …).
    public var reason: String
    /// The start of the line's text.
    public var excerpt: String

    /// Makes a bad-row record.
    public init(file: String, line: Int64, reason: String, excerpt: String) {
        self.file = file
        self.line = line
        self.reason = reason
        self.excerpt = excerpt
    }
}
