/// Bounds on what the DNS parser accepts from hostile input; each is counted when hit.
public struct DNSLimits: Hashable, Sendable {
    /// The most compression pointers followed while reading one name (RFC 1035 names have at most 127 labels).
    public var maximumPointerJumps: Int
    /// The longest name in presentation-free wire length (RFC 1035: 255 bytes).
    public var maximumNameLength: Int
    /// The most questions read from one message; more are a format error.
    public var maximumQuestions: Int
    /// The most resource records read from one message (answer + authority + additional); the rest are ignored.
    public var maximumRecords: Int
    /// The longest CNAME chain followed when resolving a queried name to addresses.
    public var maximumCNAMEChain: Int

    /// Makes limits; the defaults suit real traffic.
    public init(
        maximumPointerJumps: Int = 32,
        maximumNameLength: Int = 255,
        maximumQuestions: Int = 16,
        maximumRecords: Int = 256,
        maximumCNAMEChain: Int = 16
    ) {
        self.maximumPointerJumps = maximumPointerJumps
        self.maximumNameLength = maximumNameLength
        self.maximumQuestions = maximumQuestions
        self.maximumRecords = maximumRecords
        self.maximumCNAMEChain = maximumCNAMEChain
    }

    /// Names of the limits, as used in `limitsHit` counters.
    public enum Name {
        /// `DNSLimits.maximumPointerJumps`.
        public static let pointerJumps = "DNSLimits.maximumPointerJumps"
        /// `DNSLimits.maximumNameLength`.
        public static let nameLength = "DNSLimits.maximumNameLength"
        /// `DNSLimits.maximumQuestions`.
        public static let questions = "DNSLimits.maximumQuestions"
        /// `DNSLimits.maximumRecords`.
        public static let records = "DNSLimits.maximumRecords"
        /// `DNSLimits.maximumCNAMEChain`.
        public static let cnameChain = "DNSLimits.maximumCNAMEChain"
    }
}
