/// Bounds on what a capture file may make the reader do, each overridable.
public struct CaptureLimits: Hashable, Sendable {
    /// The largest captured length of one packet record; longer is an error (default 256 KiB).
    public var maximumRecordLength: Int
    /// The largest pcapng block; longer is an error (default 16 MiB, for large options or custom blocks).
    public var maximumBlockLength: Int
    /// The reader's usual buffer size; it grows past this only for a single larger record (default 1 MiB).
    public var bufferSize: Int

    /// Makes limits, with defaults for anything not given.
    public init(
        maximumRecordLength: Int = 256 * 1024,
        maximumBlockLength: Int = 16 * 1024 * 1024,
        bufferSize: Int = 1024 * 1024
    ) {
        self.maximumRecordLength = maximumRecordLength
        self.maximumBlockLength = maximumBlockLength
        self.bufferSize = bufferSize
    }
}
