/// Why a DNS message could not be read, and at which byte.
public struct DNSError: Error, Hashable, CustomStringConvertible {
    private enum Base: Hashable {
        case truncated
        case pointerLoop
        case badPointer
        case nameTooLong
        case badLabelType
        case tooManyQuestions
        case lengthMismatch
    }

    private let base: Base
    /// The byte offset in the message where the problem was found.
    public let offset: Int

    private init(_ base: Base, offset: Int) {
        self.base = base
        self.offset = offset
    }

    /// The message ends before a field it announces.
    public static func truncated(at offset: Int) -> DNSError { DNSError(.truncated, offset: offset) }
    /// Compression pointers jump more often than `DNSLimits.maximumPointerJumps` (a loop, or abuse).
    public static func pointerLoop(at offset: Int) -> DNSError { DNSError(.pointerLoop, offset: offset) }
    /// A compression pointer points at or after itself, or outside the message.
    public static func badPointer(at offset: Int) -> DNSError { DNSError(.badPointer, offset: offset) }
    /// A name is longer than `DNSLimits.maximumNameLength`.
    public static func nameTooLong(at offset: Int) -> DNSError { DNSError(.nameTooLong, offset: offset) }
    /// A label length byte uses the reserved 01/10 prefixes.
    public static func badLabelType(at offset: Int) -> DNSError { DNSError(.badLabelType, offset: offset) }
    /// More questions than `DNSLimits.maximumQuestions`.
    public static func tooManyQuestions(at offset: Int) -> DNSError { DNSError(.tooManyQuestions, offset: offset) }
    /// A TCP length prefix that disagrees with the bytes given.
    public static func lengthMismatch(at offset: Int) -> DNSError { DNSError(.lengthMismatch, offset: offset) }

    public var description: String {
        let what: String
        switch self.base {
        case .truncated: what = "DNS message truncated"
        case .pointerLoop: what = "DNS compression pointer loop (too many jumps)"
        case .badPointer: what = "DNS compression pointer does not point backwards"
        case .nameTooLong: what = "DNS name too long"
        case .badLabelType: what = "DNS reserved label type"
        case .tooManyQuestions: what = "DNS message has too many questions"
        case .lengthMismatch: what = "DNS TCP length prefix does not match"
        }
        return "\(what) at byte \(self.offset)"
    }
}
