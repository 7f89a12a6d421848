/// A failure reading a ledger or running a funds command, with the file and line it concerns.
public struct FundsError: Error, Hashable, CustomStringConvertible, Sendable {
    /// The kind of failure, extensible without breaking callers that match on it.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case io
            case badHeader
            case missingColumn
            case badRow
            case unknownAccount
            case unknownTransfer
            case badParameter
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The file could not be opened or read.
        public static let io = Kind(.io)
        /// The header row is missing or is not the expected layout.
        public static let badHeader = Kind(.badHeader)
        /// A column named in the mapping is not in the header.
        public static let missingColumn = Kind(.missingColumn)
        /// A data row could not be read (too few fields, bad amount, bad time, overflow).
        public static let badRow = Kind(.badRow)
        /// A trace names an account that is not in the ledger.
        public static let unknownAccount = Kind(.unknownAccount)
        /// A trace names a transfer that is not in the ledger.
        public static let unknownTransfer = Kind(.unknownTransfer)
        /// A parameter is out of range.
        public static let badParameter = Kind(.badParameter)

        public var description: String {
            switch self.base {
            case .io: "I/O error"
            case .badHeader: "bad header"
            case .missingColumn: "missing column"
            case .badRow: "bad row"
            case .unknownAccount: "unknown account"
            case .unknownTransfer: "unknown transfer"
            case .badParameter: "bad parameter"
            }
        }
    }

    /// What went wrong.
    public var kind: Kind
    /// The input's name as given by the user.
    public var file: String
    /// The 1-based line number, when the failure concerns one line.
    public var line: Int64?
    /// Details, in a few words.
    public var detail: String

    /// Makes an error.
    public init(_ kind: Kind, file: String = "", line: Int64? = nil, _ detail: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.detail = detail
    }

    public var description: String {
        var place = self.file
        if let line = self.line { place += place.isEmpty ? "line \(line)" : ":\(line)" }
        return (place.isEmpty ? "" : place + ": ") + "\(self.kind): \(self.detail)"
    }
}
