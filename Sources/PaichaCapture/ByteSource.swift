#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A stream of bytes read in pieces, such as a file, standard input or a decompressor.
public protocol ByteSource {
    /// Fills the start of `buffer` with up to `buffer.count` bytes and returns how many; 0 means the end.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// Reads a file or an inherited descriptor (standard input) with POSIX `read`.
public final class FileByteSource: ByteSource {
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    /// The name used in errors.
    public let name: String

    /// Opens `path` for reading.
    public init(path: String) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw CaptureError(.io, file: path, offset: 0, detail: "cannot open: \(errnoDescription())")
        }
        self.descriptor = descriptor
        self.ownsDescriptor = true
        self.name = path
    }

    /// Reads an already open descriptor, which is not closed at the end (e.g. 0 for standard input).
    public init(fileDescriptor: Int32, name: String) {
        self.descriptor = fileDescriptor
        self.ownsDescriptor = false
        self.name = name
    }

    /// Standard input, named `-`.
    public static func standardInput() -> FileByteSource {
        FileByteSource(fileDescriptor: 0, name: "-")
    }

    deinit {
        if self.ownsDescriptor { _ = close(self.descriptor) }
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            #if canImport(Glibc) || canImport(Musl)
            let count = Glibc.read(self.descriptor, base, buffer.count)
            #else
            let count = Darwin.read(self.descriptor, base, buffer.count)
            #endif
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw CaptureError(.io, file: self.name, offset: 0, detail: "read failed: \(errnoDescription())")
        }
    }
}

/// Serves bytes from memory, for tests and for bytes already peeked from another source.
public struct MemoryByteSource: ByteSource {
    private let bytes: [UInt8]
    private var position = 0

    /// Makes a source that yields `bytes` and then ends.
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = min(buffer.count, self.bytes.count - self.position)
        guard count > 0 else { return 0 }
        self.bytes.withUnsafeBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[self.position..<(self.position + count)]))
        }
        self.position += count
        return count
    }
}

/// Yields some already read bytes first, then the rest of another source.
struct PrefixedByteSource: ByteSource {
    var prefix: MemoryByteSource
    var prefixDone = false
    var rest: any ByteSource

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if !self.prefixDone {
            let count = try self.prefix.read(into: buffer)
            if count > 0 { return count }
            self.prefixDone = true
        }
        return try self.rest.read(into: buffer)
    }
}

func errnoDescription() -> String {
    let code = errno
    guard let text = strerror(code) else { return "errno \(code)" }
    return String(cString: text) + " (errno \(code))"
}
