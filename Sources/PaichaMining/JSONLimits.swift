/// Bounds the JSON parser puts on hostile input.
public struct JSONLimits: Hashable, Sendable {
    /// The deepest nesting of arrays and objects accepted.
    public var maximumDepth: Int
    /// The longest string accepted, in bytes after decoding.
    public var maximumStringLength: Int
    /// The most array elements plus object members in one document.
    public var maximumMembers: Int

    /// Makes limits; the defaults suit one JSON-RPC line.
    public init(maximumDepth: Int = 32, maximumStringLength: Int = 64 * 1024, maximumMembers: Int = 16 * 1024) {
        self.maximumDepth = maximumDepth
        self.maximumStringLength = maximumStringLength
        self.maximumMembers = maximumMembers
    }
}
