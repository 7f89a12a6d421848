import Crypto
import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What was read from one input file.
public struct TapeInput: Hashable, Sendable, Codable {
    /// The file name as given (`-` for standard input).
    public var file: String
    /// Bytes read.
    public var bytes: Int64
    /// SHA-256 of those bytes, hex.
    public var sha256: String
    /// The layout used (`binanceTrades`, `tardis` …), if the first line was read.
    public var format: String?
    /// Counts: lines, trades, bad rows, limits hit.
    public var statistics: TapeStatistics
    /// The error that stopped reading, with file and line; what was read before it is kept.
    public var error: String?
}

/// Reads tape files from disk or standard input in fixed-size chunks.
public enum TapeFile {
    /// Reads `path` (`-` for standard input), handing each trade and the reader (for its markets and accounts)
    /// to `body`; `progress` gets the bytes read so far. Bad rows are kept in `badRows`.
    public static func read(
        path: String,
        options: TapeOptions,
        badRows: inout [BadRow],
        progress: (Int64) -> Void = { _ in },
        _ body: (Trade, TapeReader) -> Void
    ) -> TapeInput {
        var reader = TapeReader(file: path, options: options)
        let hasher = Hasher256()
        let group = DispatchGroup()
        var error: String?
        let descriptor = path == "-" ? 0 : open(path, O_RDONLY)
        if descriptor < 0 {
            error = TapeError(.io, file: path, detail: "cannot open: \(String(cString: strerror(errno)))").description
        } else {
            defer { if path != "-" { close(descriptor) } }
            let size = max(4096, options.limits.readBufferSize)
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
            defer { buffer.deallocate() }
            var total: Int64 = 0
            var pending: [Trade] = []
            while true {
                let count = Glibc.read(descriptor, buffer.baseAddress, size)
                if count < 0 {
                    if errno == EINTR { continue }
                    error =
                        TapeError(.io, file: path, detail: "read failed: \(String(cString: strerror(errno)))")
                        .description
                    break
                }
                if count == 0 { break }
                let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
                // The digest runs on the other core while this one parses the same bytes.
                let job = HashJob(hasher: hasher, bytes: chunk)
                DispatchQueue.global().async(group: group) { job.run() }
                defer { group.wait() }
                pending.removeAll(keepingCapacity: true)
                reader.consume(chunk) { pending.append($0) }
                for trade in pending { body(trade, reader) }
                total += Int64(count)
                progress(total)
            }
            do {
                pending.removeAll(keepingCapacity: true)
                try reader.finish { pending.append($0) }
                for trade in pending { body(trade, reader) }
            } catch let failure {
                if error == nil { error = failure.description }
            }
        }
        badRows.append(contentsOf: reader.badRows)
        return TapeInput(
            file: path,
            bytes: reader.statistics.bytes,
            sha256: hasher.digest.finalize().map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined(),
            format: reader.format?.rawValue,
            statistics: reader.statistics,
            error: error
        )
    }
}

/// A digest shared with the hashing thread; only one thread touches it at a time (the reader waits for each
/// chunk's hash before reading the next).
private final class Hasher256: @unchecked Sendable {
    var digest = SHA256()
}

/// One chunk to hash: the buffer stays valid until the reader waits for the job.
private struct HashJob: @unchecked Sendable {
    let hasher: Hasher256
    let bytes: UnsafeRawBufferPointer
    func run() { self.hasher.digest.update(bufferPointer: self.bytes) }
}
