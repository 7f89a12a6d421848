import Foundation
import PaichaCapture
import PaichaCore
import Testing

@Suite("Gzip and input detection")
struct GzipTests {
    static let plain = CaptureVectors.pcapng(.big)

    @Test("a gzip member read at every chunk size gives the plain packets", arguments: [1, 2, 3, 5, 17, 64, 4096])
    func gzipChunks(_ chunk: Int) throws {
        let compressed = gzip(Self.plain)
        let source = try GzipByteSource(source: ChunkedByteSource(compressed, chunk: chunk), name: "test.pcap")
        let result = readAll(source)
        #expect(result.error == nil)
        #expect(result.packets == CaptureVectors.pcapngExpected)
    }

    @Test("concatenated gzip members decompress as one stream")
    func concatenatedMembers() throws {
        let compressed = gzip(Array(Self.plain[0..<100])) + gzip(Array(Self.plain[100...]))
        let detected = try CaptureInput.detectCompression(ChunkedByteSource(compressed, chunk: 13), name: "test.pcap")
        #expect(detected is GzipByteSource)
        let result = readAll(detected)
        #expect(result.error == nil)
        #expect(result.packets == CaptureVectors.pcapngExpected)
    }

    @Test("plain input passes through detection, even one byte at a time")
    func plainDetection() throws {
        let detected = try CaptureInput.detectCompression(ChunkedByteSource(Self.plain, chunk: 1), name: "test.pcap")
        #expect(!(detected is GzipByteSource))
        #expect(readAll(detected).packets == CaptureVectors.pcapngExpected)
    }

    @Test("a corrupt deflate stream is an error with the compressed offset; earlier packets are kept")
    func corrupt() throws {
        var compressed = gzip(Self.plain, level: 0)  // stored blocks: the bytes are visible
        // Damage the stored block's length check (LEN/NLEN after the 10-byte header and 1-byte block header).
        compressed[13] ^= 0xFF
        let source = try GzipByteSource(source: MemoryByteSource(compressed), name: "test.pcap")
        let result = readAll(source)
        #expect(result.error?.kind == .corruptCompression)
        #expect(result.error?.offset == 15)  // zlib reports it once LEN/NLEN (bytes 11..<15) are read
        #expect(result.packets.isEmpty)
        // Garbage after the member is a corrupt stream too, after all packets.
        let trailing = gzip(Self.plain) + [0x00, 0x01, 0x02, 0x03]
        let trailingResult = readAll(try GzipByteSource(source: MemoryByteSource(trailing), name: "test.pcap"))
        #expect(trailingResult.error?.kind == .corruptCompression)
        #expect(trailingResult.packets == CaptureVectors.pcapngExpected)
    }

    @Test("a gzip stream cut short is a truncation error")
    func truncatedGzip() throws {
        let compressed = gzip(Self.plain)
        for cut in stride(from: 1, to: compressed.count, by: 3) {
            let source = try GzipByteSource(source: MemoryByteSource(Array(compressed[0..<cut])), name: "test.pcap")
            let result = readAll(source)
            #expect(result.error != nil, "cut at \(cut)")
            #expect(result.packets == Array(CaptureVectors.pcapngExpected.prefix(result.packets.count)))
        }
    }

    @Test("CaptureInput.open reads plain and gzip files by magic, and reports missing files")
    func openFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("paicha-capture-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let plainPath = directory.appendingPathComponent("a.pcapng").path
        let gzipPath = directory.appendingPathComponent("b.bin").path
        try Data(Self.plain).write(to: URL(fileURLWithPath: plainPath))
        try Data(gzip(Self.plain)).write(to: URL(fileURLWithPath: gzipPath))
        for path in [plainPath, gzipPath] {
            #expect(readAll(try CaptureInput.open(path: path)).packets == CaptureVectors.pcapngExpected)
        }
        let missing = directory.appendingPathComponent("missing.pcap").path
        #expect(throws: CaptureError.self) { try CaptureInput.open(path: missing) }
    }
}
