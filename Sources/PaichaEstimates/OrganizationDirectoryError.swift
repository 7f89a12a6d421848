/// A row of an organization directory that could not be used: which file, which line, what was wrong.
public struct OrganizationDirectoryError: Error, Hashable, CustomStringConvertible, Sendable {
    /// The kind of problem, extensible without breaking callers that match on it.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case io
            case missingColumn
            case badQuoting
            case fieldCount
            case missingField
            case badCIDR
            case unknownCategory
            case duplicateBlock
            case badJSON
            case limitExceeded
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The file could not be read.
        public static let io = Kind(.io)
        /// The CSV header lacks a required column (`cidr`, `name`).
        public static let missingColumn = Kind(.missingColumn)
        /// A quoted CSV field is not closed, or text follows its closing quote.
        public static let badQuoting = Kind(.badQuoting)
        /// A CSV row has a different number of fields than the header.
        public static let fieldCount = Kind(.fieldCount)
        /// A required field (`cidr`, `name`) is empty or missing.
        public static let missingField = Kind(.missingField)
        /// The `cidr` field is not an address block.
        public static let badCIDR = Kind(.badCIDR)
        /// The `category` field names no known category.
        public static let unknownCategory = Kind(.unknownCategory)
        /// The same block appears again; the first row is kept.
        public static let duplicateBlock = Kind(.duplicateBlock)
        /// The JSON is malformed or an element is not an object of strings.
        public static let badJSON = Kind(.badJSON)
        /// A `DirectoryLimits` bound was hit (field length, row count).
        public static let limitExceeded = Kind(.limitExceeded)

        public var description: String {
            switch self.base {
            case .io: "I/O error"
            case .missingColumn: "missing column"
            case .badQuoting: "bad quoting"
            case .fieldCount: "wrong number of fields"
            case .missingField: "missing field"
            case .badCIDR: "bad CIDR"
            case .unknownCategory: "unknown category"
            case .duplicateBlock: "duplicate block"
            case .badJSON: "bad JSON"
            case .limitExceeded: "limit exceeded"
            }
        }
    }

    /// What went wrong.
    public var kind: Kind
    /// The file's name as given.
    public var file: String
    /// The 1-based line the row starts on (0 when the whole file is at fault).
    public var line: Int
    /// A human explanation with the values involved.
    public var detail: String

    /// Makes an error.
    public init(_ kind: Kind, file: String, line: Int, detail: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.detail = detail
    }

    /// `orgs.csv:12: bad CIDR: "10.0.0.0/33"`.
    public var description: String { "\(self.file):\(self.line): \(self.kind): \(self.detail)" }
}

/// Bounds on what a directory file may make the loader do, each overridable; hits are reported as row errors.
public struct DirectoryLimits: Hashable, Sendable {
    /// The longest field, in UTF-8 bytes; a longer field makes its row an error (default 4 KiB).
    public var maximumFieldLength: Int
    /// The most rows read; rows past it are reported once and not read (default 10 million).
    public var maximumRows: Int
    /// The largest file read, in bytes; a larger one is an error (default 1 GiB).
    public var maximumFileSize: Int

    /// Makes limits, with defaults for anything not given.
    public init(maximumFieldLength: Int = 4096, maximumRows: Int = 10_000_000, maximumFileSize: Int = 1 << 30) {
        self.maximumFieldLength = maximumFieldLength
        self.maximumRows = maximumRows
        self.maximumFileSize = maximumFileSize
    }
}
