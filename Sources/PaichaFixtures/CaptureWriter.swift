public import PaichaCore

/// The resolution of timestamps in a capture.
public enum TimestampResolution: Hashable, Sendable {
    /// 10^-6 s (classic pcap's default; pcapng's default when no if_tsresol).
    case microseconds
    /// 10^-9 s.
    case nanoseconds
    /// 2^-n s (pcapng only).
    case binary(UInt8)

    /// Converts a timestamp to units of this resolution since the epoch.
    public func units(_ timestamp: Timestamp) -> UInt64 {
        let ns = UInt64(clamping: max(0, timestamp.nanoseconds))
        switch self {
        case .microseconds: return ns / 1_000
        case .nanoseconds: return ns
        case .binary(let n):
            let seconds = ns / 1_000_000_000
            let fraction = ns % 1_000_000_000
            return (seconds << UInt64(n)) + (fraction << UInt64(n)) / 1_000_000_000
        }
    }

    /// The pcapng `if_tsresol` option byte.
    public var optionByte: UInt8 {
        switch self {
        case .microseconds: 6
        case .nanoseconds: 9
        case .binary(let n): 0x80 | n
        }
    }
}

/// Something that records captured frames: a pcap or pcapng writer.
public protocol CaptureWriter: AnyObject {
    /// Records one frame (link-layer bytes) captured at `timestamp` on interface `interface`.
    func write(frame: UnsafeRawBufferPointer, timestamp: Timestamp, interface: Int, originalLength: Int?) throws
    /// Flushes and closes the underlying sink.
    func close() throws
}

extension CaptureWriter {
    /// Records a ready-made frame.
    public func write(_ frame: Frame) throws {
        try frame.bytes.withUnsafeBytes {
            try self.write(frame: $0, timestamp: frame.timestamp, interface: frame.interface, originalLength: nil)
        }
    }
}
