/// A failure reading a capture: what went wrong, in which file, at which byte offset.
public struct CaptureError: Error, Hashable, CustomStringConvertible, Sendable {
    /// The kind of failure, extensible without breaking callers that match on it.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case io
            case truncated
            case badMagic
            case badBlockLength
            case blockTooLarge
            case trailerMismatch
            case undefinedInterface
            case recordTooLarge
            case badHeader
            case corruptCompression
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The file could not be opened or read.
        public static let io = Kind(.io)
        /// The input ended inside a record or block.
        public static let truncated = Kind(.truncated)
        /// The file does not start with a pcap or pcapng magic number.
        public static let badMagic = Kind(.badMagic)
        /// A pcapng block length is below the minimum or not a multiple of 4.
        public static let badBlockLength = Kind(.badBlockLength)
        /// A pcapng block is longer than `CaptureLimits.maximumBlockLength`.
        public static let blockTooLarge = Kind(.blockTooLarge)
        /// A pcapng block's trailing length differs from its leading length.
        public static let trailerMismatch = Kind(.trailerMismatch)
        /// A packet block names an interface that no Interface Description Block defined.
        public static let undefinedInterface = Kind(.undefinedInterface)
        /// A record's captured length exceeds `CaptureLimits.maximumRecordLength`.
        public static let recordTooLarge = Kind(.recordTooLarge)
        /// A header or block body is malformed (bad version, bad field inside a block).
        public static let badHeader = Kind(.badHeader)
        /// The gzip stream is corrupt; the offset is in the compressed input.
        public static let corruptCompression = Kind(.corruptCompression)

        public var description: String {
            switch self.base {
            case .io: "I/O error"
            case .truncated: "truncated"
            case .badMagic: "not a pcap or pcapng file"
            case .badBlockLength: "bad block length"
            case .blockTooLarge: "block too large"
            case .trailerMismatch: "block trailer length mismatch"
            case .undefinedInterface: "undefined interface"
            case .recordTooLarge: "record too large"
            case .badHeader: "bad header"
            case .corruptCompression: "corrupt gzip stream"
            }
        }
    }

    /// What went wrong.
    public var kind: Kind
    /// The input's name as given by the user (`-` for standard input).
    public var file: String
    /// The byte offset of the failing record or block (in the compressed input for `corruptCompression`).
    public var offset: Int64
    /// A human explanation with the values involved.
    public var detail: String

    /// Makes an error.
    public init(_ kind: Kind, file: String, offset: Int64, detail: String) {
        self.kind = kind
        self.file = file
        self.offset = offset
        self.detail = detail
    }

    public var description: String {
        "\(self.file): \(self.kind) at byte \(self.offset): \(self.detail)"
    }
}
