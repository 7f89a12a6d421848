import PaichaCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads packets from a pcap or pcapng stream with a fixed, reused buffer.
///
/// Memory stays bounded by `CaptureLimits.bufferSize` (or the largest single record or block, up to
/// the limits) whatever the file size. Each delivered `CapturedPacket.data` borrows the buffer and
/// is valid only until the next call to `next()`.
public struct CaptureReader {
    enum State {
        case fileHeader
        case pcap(PcapFormat)
        case pcapng
        case finished
        case failed(CaptureError)
    }

    struct PcapFormat {
        var endianness: Endianness
        var nanosecond: Bool
        var linkType: LinkType
        var snapLength: Int
    }

    struct PcapngInterface {
        var linkType: LinkType
        var snapLength: Int
        var unitsPerSecond: UInt64
        var offsetSeconds: Int64
        /// Index into `CaptureStatistics.interfaces`.
        var statisticsIndex: Int
    }

    struct PcapngSection {
        var endianness: Endianness
        var interfaces: [PcapngInterface]
    }

    /// Owns the buffer so it is freed with the last copy of the reader; the reader caches the pointer.
    final class Storage {
        var base: UnsafeMutableRawPointer

        init(capacity: Int) {
            self.base = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        }

        deinit { self.base.deallocate() }
    }

    /// The input's name, used in errors.
    public let name: String
    /// The limits in force.
    public let limits: CaptureLimits
    /// What has been read so far.
    public var statistics: CaptureStatistics {
        var result = self.tally
        // Classic pcap has one interface, which every record belongs to: counted here rather than per packet.
        if result.format == .pcap, !result.interfaces.isEmpty { result.interfaces[0].packets = result.packets }
        return result
    }
    /// The counts behind `statistics` (a classic pcap interface's packet count is filled in on reading them).
    var tally = CaptureStatistics()

    var source: any ByteSource
    let storage: Storage
    /// The buffer (`storage.base`, cached here to keep class accesses off the per-packet path).
    var base: UnsafeMutableRawPointer
    /// The buffer's size in bytes.
    var capacity: Int
    /// The first unread byte in the buffer.
    var start = 0
    /// One past the last valid byte in the buffer.
    var end = 0
    /// The stream offset of `base + start`.
    var offset: Int64 = 0
    var sourceEnded = false
    var state = State.fileHeader
    var lastTimestamp = Timestamp(nanoseconds: 0)
    /// The current pcapng section's byte order and interfaces.
    var section = PcapngSection(endianness: .little, interfaces: [])

    /// Makes a reader over `source`; `name` appears in errors.
    public init(source: any ByteSource, name: String, limits: CaptureLimits = .init()) {
        self.source = source
        self.name = name
        self.limits = limits
        self.capacity = max(limits.bufferSize, 4096)
        self.storage = Storage(capacity: self.capacity)
        self.base = self.storage.base
    }

    /// The next packet, or `nil` at the end; throws `CaptureError` (again on later calls) on a bad input.
    public mutating func next() throws -> CapturedPacket? {
        // The common case first: the next record of a classic pcap file.
        if case .pcap(let format) = self.state {
            do {
                return try self.nextPcapRecord(format)
            } catch let error as CaptureError {
                self.state = .failed(error)
                throw error
            }
        }
        while true {
            do {
                switch self.state {
                case .pcap(let format):
                    return try self.nextPcapRecord(format)
                case .pcapng:
                    if let packet = try self.nextPcapngPacket() { return packet }
                case .fileHeader:
                    try self.readFileHeader()
                case .finished:
                    return nil
                case .failed(let error):
                    throw error
                }
            } catch let error as CaptureError {
                self.state = .failed(error)
                throw error
            }
        }
    }

    /// Calls `body` with every remaining packet in order.
    public mutating func forEach(_ body: (CapturedPacket) throws -> Void) throws {
        while let packet = try self.next() {
            try body(packet)
        }
    }

    // MARK: - Buffer

    /// The buffered, unread bytes.
    var available: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: self.base + self.start, count: self.end - self.start)
    }

    /// Makes at least `count` bytes available; `false` if the input ends first.
    @inline(__always)
    mutating func ensure(_ count: Int) throws -> Bool {
        if self.end - self.start >= count { return true }
        return try self.fill(count)
    }

    @inline(never)
    mutating func fill(_ count: Int) throws -> Bool {
        let buffered = self.end - self.start
        if count > self.capacity {
            let capacity = max(count, self.capacity)
            let base = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
            base.copyMemory(from: self.base + self.start, byteCount: buffered)
            self.storage.base.deallocate()
            self.storage.base = base
            self.base = base
            self.capacity = capacity
            self.start = 0
            self.end = buffered
        } else if self.start + count > self.capacity {
            memmove(self.base, self.base + self.start, buffered)
            self.start = 0
            self.end = buffered
        }
        while self.end - self.start < count {
            if self.sourceEnded { return false }
            let room = UnsafeMutableRawBufferPointer(
                start: self.base + self.end,
                count: self.capacity - self.end
            )
            let read = try self.source.read(into: room)
            if read == 0 {
                self.sourceEnded = true
                return false
            }
            self.end += read
        }
        return true
    }

    /// Consumes `count` buffered bytes.
    @inline(__always)
    mutating func consume(_ count: Int) {
        self.start &+= count
        self.offset &+= Int64(count)
    }

    /// Consumes `count` bytes, reading and dropping them if they are not buffered; `false` at the end.
    mutating func discard(_ count: Int) throws -> Bool {
        var remaining = count
        while remaining > 0 {
            if self.end == self.start {
                self.start = 0
                self.end = 0
                guard try self.ensure(1) else { return false }
            }
            let step = min(remaining, self.end - self.start)
            self.consume(step)
            remaining -= step
        }
        return true
    }

    /// Whether the input has ended with nothing left over.
    mutating func atCleanEnd() throws -> Bool {
        if self.end > self.start { return false }
        return try !self.ensure(1)
    }

    func error(_ kind: CaptureError.Kind, at offset: Int64? = nil, _ detail: String) -> CaptureError {
        CaptureError(kind, file: self.name, offset: offset ?? self.offset, detail: detail)
    }

    // MARK: - File header

    mutating func readFileHeader() throws {
        guard try self.ensure(4) else {
            if self.end == self.start {
                throw self.error(.truncated, "empty input: no capture file header")
            }
            throw self.error(.truncated, "input ends inside the file header")
        }
        let magic = ByteReader(self.available).getInteger(at: 0, endianness: .little, as: UInt32.self)!
        switch magic {
        case 0xA1B2_C3D4, 0xD4C3_B2A1, 0xA1B2_3C4D, 0x4D3C_B2A1:
            try self.readPcapHeader(magic: magic)
        case PcapngBlockType.sectionHeader:
            self.tally.format = .pcapng
            self.state = .pcapng
        default:
            let hex = String(magic.byteSwapped, radix: 16)
            throw self.error(.badMagic, "unknown magic 0x\(hex) (not pcap or pcapng)")
        }
    }
}
