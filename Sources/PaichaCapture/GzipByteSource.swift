import CZlib

/// Decompresses a gzip stream (one or more concatenated members) read from another source.
public final class GzipByteSource: ByteSource {
    private var source: any ByteSource
    private let name: String
    private let stream: UnsafeMutablePointer<z_stream>
    private let input: UnsafeMutableRawBufferPointer
    /// Compressed bytes handed to zlib so far, including those still in `input`.
    private var compressedRead: Int64 = 0
    private var sourceEnded = false
    private var finished = false
    /// Whether the current member has produced or consumed anything (so an empty tail is not a member).
    private var memberStarted = false

    /// Makes a decompressor over `source`; `name` is used in errors.
    public init(source: any ByteSource, name: String, inputBufferSize: Int = 256 * 1024) throws {
        self.source = source
        self.name = name
        self.stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        self.stream.initialize(to: z_stream())
        self.input = UnsafeMutableRawBufferPointer.allocate(byteCount: max(inputBufferSize, 64), alignment: 16)
        let status = inflateInit2_(self.stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            self.stream.deinitialize(count: 1)
            self.stream.deallocate()
            self.input.deallocate()
            throw CaptureError(.io, file: name, offset: 0, detail: "inflateInit2 failed (\(status))")
        }
    }

    deinit {
        inflateEnd(self.stream)
        self.stream.deinitialize(count: 1)
        self.stream.deallocate()
        self.input.deallocate()
    }

    /// The offset in the compressed input of the next byte zlib will consume.
    private var compressedOffset: Int64 { self.compressedRead - Int64(self.stream.pointee.avail_in) }

    private func refill() throws {
        guard !self.sourceEnded, self.stream.pointee.avail_in == 0 else { return }
        let count = try self.source.read(into: self.input)
        if count == 0 {
            self.sourceEnded = true
            return
        }
        self.compressedRead += Int64(count)
        self.stream.pointee.next_in = self.input.baseAddress!.assumingMemoryBound(to: Bytef.self)
        self.stream.pointee.avail_in = uInt(count)
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard !self.finished, let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        let wanted = uInt(min(buffer.count, Int(UInt32.max)))
        self.stream.pointee.next_out = base.assumingMemoryBound(to: Bytef.self)
        self.stream.pointee.avail_out = wanted
        while self.stream.pointee.avail_out == wanted {
            try self.refill()
            if self.stream.pointee.avail_in == 0 && self.sourceEnded {
                if self.memberStarted {
                    throw CaptureError(
                        .truncated,
                        file: self.name,
                        offset: self.compressedOffset,
                        detail: "gzip stream ends inside a member"
                    )
                }
                self.finished = true
                return 0
            }
            let before = self.compressedOffset
            let status = inflate(self.stream, Z_NO_FLUSH)
            if self.compressedOffset != before || self.stream.pointee.avail_out != wanted {
                self.memberStarted = true
            }
            switch status {
            case Z_OK, Z_BUF_ERROR:
                continue
            case Z_STREAM_END:
                // Another member may follow; a new one starts with a fresh header.
                inflateReset(self.stream)
                self.memberStarted = false
                let produced = Int(wanted - self.stream.pointee.avail_out)
                if produced > 0 { return produced }
            default:
                let message = self.stream.pointee.msg.map { String(cString: $0) } ?? "status \(status)"
                throw CaptureError(
                    .corruptCompression,
                    file: self.name,
                    offset: self.compressedOffset,
                    detail: message
                )
            }
        }
        return Int(wanted - self.stream.pointee.avail_out)
    }
}
