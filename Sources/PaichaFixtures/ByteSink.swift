import CZlib

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Somewhere capture bytes go: a file, memory, or a compressor in front of either.
public protocol ByteSink: AnyObject {
    /// Appends `bytes`.
    func write(_ bytes: UnsafeRawBufferPointer) throws
    /// Flushes and releases resources; further writes are invalid.
    func close() throws
}

extension ByteSink {
    /// Appends the bytes of an array.
    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try self.write($0) }
    }
}

/// A sink that keeps everything in memory.
public final class MemorySink: ByteSink {
    /// Everything written so far.
    public private(set) var bytes: [UInt8] = []

    /// Makes an empty sink.
    public init() {}

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        self.bytes.append(contentsOf: bytes)
    }

    public func close() throws {}
}

/// A sink that writes a file through POSIX `write`, buffering into large writes.
public final class FileSink: ByteSink {
    /// The size of the write buffer.
    public static let bufferSize = 1 << 20
    private let path: String
    private var descriptor: Int32
    private var buffer: [UInt8]
    /// The number of bytes written so far (including buffered ones).
    public private(set) var bytesWritten: Int64 = 0

    /// Creates (or truncates) the file at `path`.
    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw FixtureError.openFailed(path, errno: errno) }
        self.descriptor = fd
        self.buffer = []
        self.buffer.reserveCapacity(Self.bufferSize)
    }

    deinit {
        if self.descriptor >= 0 { _ = systemClose(self.descriptor) }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        self.bytesWritten += Int64(bytes.count)
        if self.buffer.count + bytes.count > Self.bufferSize {
            try self.flush()
        }
        if bytes.count >= Self.bufferSize {
            try self.writeAll(bytes)
        } else {
            self.buffer.append(contentsOf: bytes)
        }
    }

    /// Writes the buffered bytes to the file.
    public func flush() throws {
        guard !self.buffer.isEmpty else { return }
        try self.buffer.withUnsafeBytes { try self.writeAll($0) }
        self.buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let written = systemWrite(self.descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw FixtureError.writeFailed(self.path, errno: errno)
            }
            offset += written
        }
    }

    public func close() throws {
        guard self.descriptor >= 0 else { return }
        try self.flush()
        _ = systemClose(self.descriptor)
        self.descriptor = -1
    }
}

/// A sink that gzip-compresses (zlib, window bits 31) into another sink.
public final class GzipSink: ByteSink {
    private let downstream: any ByteSink
    private var stream = z_stream()
    private var output = [UInt8](repeating: 0, count: 1 << 16)
    private var open = false

    /// Wraps `downstream`; `level` is zlib's 0…9.
    public init(downstream: any ByteSink, level: Int32 = 6) throws {
        self.downstream = downstream
        let status = deflateInit2_(
            &self.stream,
            level,
            Z_DEFLATED,
            31,
            8,
            Z_DEFAULT_STRATEGY,
            zlibVersion(),
            Int32(MemoryLayout<z_stream>.size)
        )
        guard status == Z_OK else { throw FixtureError.compressionFailed("deflateInit2", code: status) }
        self.open = true
    }

    deinit {
        if self.open { deflateEnd(&self.stream) }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count > 0 else { return }
        try self.deflate(bytes, flush: Z_NO_FLUSH)
    }

    private func deflate(_ bytes: UnsafeRawBufferPointer, flush: Int32) throws {
        let input = UnsafeMutablePointer(mutating: bytes.baseAddress?.assumingMemoryBound(to: Bytef.self))
        self.stream.next_in = input
        self.stream.avail_in = uInt(bytes.count)
        while true {
            let capacity = self.output.count
            let (status, produced) = self.output.withUnsafeMutableBytes { out -> (Int32, Int) in
                self.stream.next_out = out.baseAddress!.assumingMemoryBound(to: Bytef.self)
                self.stream.avail_out = uInt(capacity)
                let status = CZlib.deflate(&self.stream, flush)
                return (status, capacity - Int(self.stream.avail_out))
            }
            guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                throw FixtureError.compressionFailed("deflate", code: status)
            }
            if produced > 0 {
                try self.output.withUnsafeBytes {
                    try self.downstream.write(UnsafeRawBufferPointer(rebasing: $0[0..<produced]))
                }
            }
            if flush == Z_FINISH {
                if status == Z_STREAM_END { break }
            } else if self.stream.avail_in == 0 && produced < capacity {
                break
            }
        }
        self.stream.next_in = nil
    }

    public func close() throws {
        guard self.open else { return }
        try self.deflate(UnsafeRawBufferPointer(start: nil, count: 0), flush: Z_FINISH)
        deflateEnd(&self.stream)
        self.open = false
        try self.downstream.close()
    }
}

#if canImport(Glibc)
private func systemClose(_ fd: Int32) -> Int32 { Glibc.close(fd) }
private func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { Glibc.write(fd, p, n) }
#elseif canImport(Musl)
private func systemClose(_ fd: Int32) -> Int32 { Musl.close(fd) }
private func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { Musl.write(fd, p, n) }
#elseif canImport(Darwin)
private func systemClose(_ fd: Int32) -> Int32 { Darwin.close(fd) }
private func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { Darwin.write(fd, p, n) }
#endif
