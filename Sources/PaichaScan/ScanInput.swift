import Crypto
import Foundation
public import PaichaCapture

/// One input to a scan: a file or standard input, decompressed if gzip, counted and hashed as it is read.
///
/// The SHA-256 and byte count are of the bytes as stored (compressed, for a gzip file), so that
/// they identify the evidence file itself.
public final class ScanInput {
    /// The name as given (`-` for standard input).
    public let name: String
    /// The file's size if it is a regular file.
    public let fileSize: Int64?
    /// The source to read packets from (decompressing if needed).
    public private(set) var source: any ByteSource
    private let meter: Meter
    /// Whether the stored bytes are gzip-compressed.
    public let isCompressed: Bool

    /// Counts and hashes bytes as they pass.
    final class Meter {
        var bytes: Int64 = 0
        var hasher = SHA256()
    }

    /// A byte source that counts and hashes what it reads.
    struct MeteredSource: ByteSource {
        var base: any ByteSource
        let meter: Meter

        mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            let count = try self.base.read(into: buffer)
            if count > 0 {
                let filled = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[..<count])
                self.meter.hasher.update(bufferPointer: filled)
                self.meter.bytes += Int64(count)
            }
            return count
        }
    }

    /// Opens `path` (or standard input for `-`), detecting gzip by its magic bytes.
    /// - Throws: ``CaptureError`` if the file cannot be opened or its first bytes cannot be read.
    /// - Parameters:
    ///   - path: The file to read, or `-` for standard input.
    ///   - name: The name to show in output and evidence; the path if not given.
    public init(path: String, name: String? = nil) throws {
        self.name = name ?? path
        let meter = Meter()
        self.meter = meter
        let raw: any ByteSource = path == "-" ? FileByteSource.standardInput() : try FileByteSource(path: path)
        self.fileSize =
            path == "-"
            ? nil : (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value
        let metered = MeteredSource(base: raw, meter: meter)
        self.source = try CaptureInput.detectCompression(metered, name: self.name)
        self.isCompressed = self.source is GzipByteSource
    }

    /// Bytes read from the stored file so far.
    public var bytesRead: Int64 { self.meter.bytes }

    /// SHA-256 (hex) of the bytes read so far; after a full read, of the whole file.
    public func sha256() -> String {
        self.meter.hasher.finalize().map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
