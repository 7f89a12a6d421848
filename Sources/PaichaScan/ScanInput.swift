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

    /// Counts bytes as they pass and hashes them on a second thread, so that SHA-256 (about
    /// 1.5 GB/s with SHA extensions) does not hold up the scan.
    ///
    /// Read chunks are copied into a small ring of reusable buffers (`ringSlots` of `slotBytes`);
    /// a slot is reused only after the hasher is done with it, so memory stays fixed.
    final class Meter: @unchecked Sendable {
        /// How many copies may wait for the hasher.
        static let ringSlots = 4
        /// The size of one copy; larger reads are hashed in several pieces.
        static let slotBytes = 1 << 20
        var bytes: Int64 = 0
        let hashing: Bool
        // `hasher` is touched only on `queue`; a ring slot only by the side that holds its semaphore turn.
        private var hasher = SHA256()
        private let queue = DispatchQueue(label: "paicha.input-hash")
        private let free = DispatchSemaphore(value: Meter.ringSlots)
        private let ring: UnsafeMutableRawBufferPointer
        private var nextSlot = 0

        init(hashing: Bool) {
            self.hashing = hashing
            self.ring = .allocate(byteCount: hashing ? Meter.ringSlots * Meter.slotBytes : 0, alignment: 64)
        }

        deinit {
            self.queue.sync {}
            self.ring.deallocate()
        }

        func add(_ bytes: UnsafeRawBufferPointer) {
            self.bytes += Int64(bytes.count)
            guard self.hashing else { return }
            var offset = 0
            while offset < bytes.count {
                let length = min(Meter.slotBytes, bytes.count - offset)
                self.free.wait()
                let start = self.nextSlot * Meter.slotBytes
                self.nextSlot = (self.nextSlot + 1) % Meter.ringSlots
                UnsafeMutableRawBufferPointer(rebasing: self.ring[start..<(start + length)])
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + length)]))
                offset += length
                self.queue.async {
                    self.hasher.update(
                        bufferPointer: UnsafeRawBufferPointer(rebasing: self.ring[start..<(start + length)])
                    )
                    self.free.signal()
                }
            }
        }

        /// The digest of everything added so far, hex; waits for the hasher to catch up.
        func digest() -> String? {
            guard self.hashing else { return nil }
            return self.queue.sync {
                self.hasher.finalize().map { byte in
                    let hex = String(byte, radix: 16)
                    return byte < 16 ? "0" + hex : hex
                }.joined()
            }
        }
    }

    /// A byte source that counts and hashes what it reads.
    struct MeteredSource: ByteSource {
        var base: any ByteSource
        let meter: Meter

        mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            let count = try self.base.read(into: buffer)
            if count > 0 {
                self.meter.add(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[..<count]))
            }
            return count
        }
    }

    /// Opens `path` (or standard input for `-`), detecting gzip by its magic bytes.
    /// - Throws: ``CaptureError`` if the file cannot be opened or its first bytes cannot be read.
    /// - Parameters:
    ///   - path: The file to read, or `-` for standard input.
    ///   - name: The name to show in output and evidence; the path if not given.
    ///   - hashing: Whether to compute the input's SHA-256 (on a second thread).
    public init(path: String, name: String? = nil, hashing: Bool = true) throws {
        self.name = name ?? path
        let meter = Meter(hashing: hashing)
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

    /// SHA-256 (hex) of the bytes read so far (after a full read, of the whole file), or `nil` when not hashing.
    public func sha256() -> String? {
        self.meter.digest()
    }
}
