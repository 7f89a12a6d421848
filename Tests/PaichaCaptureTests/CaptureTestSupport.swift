import CZlib
import Foundation
import PaichaCapture
import PaichaCore
import Testing

/// A source that returns at most `chunk` bytes per read, to test every way input can be split.
struct ChunkedByteSource: ByteSource {
    let bytes: [UInt8]
    let chunk: Int
    var position = 0

    init(_ bytes: [UInt8], chunk: Int) {
        self.bytes = bytes
        self.chunk = chunk
    }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = min(self.chunk, buffer.count, self.bytes.count - self.position)
        guard count > 0 else { return 0 }
        for i in 0..<count { buffer[i] = self.bytes[self.position + i] }
        self.position += count
        return count
    }
}

/// A `CapturedPacket` copied out of the reader's buffer, comparable as a whole.
struct PacketRecord: Equatable, CustomStringConvertible {
    var nanoseconds: Int64
    var linkType: UInt32
    var interface: Int
    var originalLength: Int
    var fileOffset: Int64
    var index: Int64
    var data: [UInt8]

    init(
        nanoseconds: Int64,
        linkType: UInt32,
        interface: Int,
        originalLength: Int,
        fileOffset: Int64,
        index: Int64,
        data: [UInt8]
    ) {
        self.nanoseconds = nanoseconds
        self.linkType = linkType
        self.interface = interface
        self.originalLength = originalLength
        self.fileOffset = fileOffset
        self.index = index
        self.data = data
    }

    init(_ packet: CapturedPacket) {
        self.init(
            nanoseconds: packet.timestamp.nanoseconds,
            linkType: packet.linkType.rawValue,
            interface: packet.interfaceIndex,
            originalLength: packet.originalLength,
            fileOffset: packet.fileOffset,
            index: packet.index,
            data: Array(packet.data)
        )
    }

    var description: String {
        "#\(index)@\(fileOffset) t=\(nanoseconds) lt=\(linkType) if=\(interface) orig=\(originalLength) \(data)"
    }
}

/// A `DecodedPacket` copied out, comparable as a whole.
struct DecodedRecord: Equatable {
    var nanoseconds: Int64
    var source: IPAddress
    var destination: IPAddress
    var transport: TransportProtocol
    var sourcePort: UInt16
    var destinationPort: UInt16
    var tcpFlags: TCPFlags
    var sequenceNumber: UInt32
    var acknowledgementNumber: UInt32
    var payload: [UInt8]
    var wirePayloadLength: Int
    var ipLength: Int
    var fileOffset: Int64
    var packetIndex: Int64

    init(
        nanoseconds: Int64 = 0,
        source: IPAddress,
        destination: IPAddress,
        transport: TransportProtocol,
        sourcePort: UInt16 = 0,
        destinationPort: UInt16 = 0,
        tcpFlags: TCPFlags = [],
        sequenceNumber: UInt32 = 0,
        acknowledgementNumber: UInt32 = 0,
        payload: [UInt8],
        wirePayloadLength: Int,
        ipLength: Int,
        fileOffset: Int64 = 0,
        packetIndex: Int64 = 1
    ) {
        self.nanoseconds = nanoseconds
        self.source = source
        self.destination = destination
        self.transport = transport
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
        self.tcpFlags = tcpFlags
        self.sequenceNumber = sequenceNumber
        self.acknowledgementNumber = acknowledgementNumber
        self.payload = payload
        self.wirePayloadLength = wirePayloadLength
        self.ipLength = ipLength
        self.fileOffset = fileOffset
        self.packetIndex = packetIndex
    }

    init(_ packet: DecodedPacket) {
        self.init(
            nanoseconds: packet.timestamp.nanoseconds,
            source: packet.source,
            destination: packet.destination,
            transport: packet.transport,
            sourcePort: packet.sourcePort,
            destinationPort: packet.destinationPort,
            tcpFlags: packet.tcpFlags,
            sequenceNumber: packet.sequenceNumber,
            acknowledgementNumber: packet.acknowledgementNumber,
            payload: Array(packet.payload),
            wirePayloadLength: packet.wirePayloadLength,
            ipLength: packet.ipLength,
            fileOffset: packet.fileOffset,
            packetIndex: packet.packetIndex
        )
    }
}

/// The outcome of reading a whole input: the packets delivered, the statistics, and the error if any.
struct ReadResult {
    var packets: [PacketRecord] = []
    var statistics = CaptureStatistics()
    var error: CaptureError?
}

/// Reads every packet from `source`, keeping packets delivered before an error.
func readAll(_ source: any ByteSource, limits: CaptureLimits = .init()) -> ReadResult {
    var reader = CaptureReader(source: source, name: "test.pcap", limits: limits)
    var result = ReadResult()
    do {
        while let packet = try reader.next() { result.packets.append(PacketRecord(packet)) }
    } catch let error as CaptureError {
        result.error = error
    } catch {
        Issue.recordUnexpected(error)
    }
    result.statistics = reader.statistics
    return result
}

/// Reads `bytes` delivered at most `chunk` bytes at a time.
func readAll(_ bytes: [UInt8], chunk: Int = .max, limits: CaptureLimits = .init()) -> ReadResult {
    readAll(ChunkedByteSource(bytes, chunk: chunk), limits: limits)
}

/// Decodes one frame of `linkType` at time `nanoseconds`, returning what the decoder delivered.
func decodeFrame(
    _ frame: [UInt8],
    linkType: LinkType,
    decoder: inout PacketDecoder,
    nanoseconds: Int64 = 0,
    index: Int64 = 1,
    originalLength: Int? = nil
) -> [DecodedRecord] {
    var out: [DecodedRecord] = []
    frame.withUnsafeBytes { data in
        let packet = CapturedPacket(
            timestamp: Timestamp(nanoseconds: nanoseconds),
            linkType: linkType,
            interfaceIndex: 0,
            originalLength: originalLength ?? frame.count,
            fileOffset: 0,
            index: index,
            data: data
        )
        decoder.decode(packet) { out.append(DecodedRecord($0)) }
    }
    return out
}

extension Issue {
    static func recordUnexpected(_ error: any Error) {
        Issue.record("unexpected error \(error)")
    }
}

// MARK: - Byte helpers

func be16(_ value: UInt16) -> [UInt8] { [UInt8(value >> 8), UInt8(value & 0xFF)] }
func be32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) } }
func le16(_ value: UInt16) -> [UInt8] { be16(value).reversed() }
func le32(_ value: UInt32) -> [UInt8] { be32(value).reversed() }
func u16(_ value: UInt16, _ endianness: Endianness) -> [UInt8] { endianness == .big ? be16(value) : le16(value) }
func u32(_ value: UInt32, _ endianness: Endianness) -> [UInt8] { endianness == .big ? be32(value) : le32(value) }

/// Compresses `bytes` as one gzip member (zlib deflate with windowBits 31).
func gzip(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8] {
    var stream = z_stream()
    let status = deflateInit2_(
        &stream,
        level,
        Z_DEFLATED,
        31,
        8,
        Z_DEFAULT_STRATEGY,
        ZLIB_VERSION,
        Int32(MemoryLayout<z_stream>.size)
    )
    precondition(status == Z_OK)
    defer { deflateEnd(&stream) }
    var input = bytes
    var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))) + 64)
    let written = input.withUnsafeMutableBufferPointer { inBuffer in
        output.withUnsafeMutableBufferPointer { outBuffer in
            stream.next_in = inBuffer.baseAddress
            stream.avail_in = uInt(inBuffer.count)
            stream.next_out = outBuffer.baseAddress
            stream.avail_out = uInt(outBuffer.count)
            let result = deflate(&stream, Z_FINISH)
            precondition(result == Z_STREAM_END)
            return outBuffer.count - Int(stream.avail_out)
        }
    }
    return Array(output[0..<written])
}

/// A small deterministic PRNG (SplitMix64) so randomized tests reproduce.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { self.state = seed }
    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The shared corpus beside the package (`../shared/corpus`), absent on a fresh clone.
enum CaptureCorpus {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/corpus/pcap")

    static var isAvailable: Bool { FileManager.default.fileExists(atPath: root.path) }

    static func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    static func bytes(_ name: String) -> [UInt8] {
        (try? [UInt8](Data(contentsOf: root.appendingPathComponent(name)))) ?? []
    }
}
