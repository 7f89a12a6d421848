/// Opens capture inputs: files, standard input, gzip-compressed or not.
public enum CaptureInput {
    /// Opens `path` (`-` for standard input), decompressing it when it starts with the gzip magic 1f 8b.
    public static func open(path: String) throws -> any ByteSource {
        let raw: any ByteSource = path == "-" ? FileByteSource.standardInput() : try FileByteSource(path: path)
        return try detectCompression(raw, name: path)
    }

    /// Wraps `source` in a decompressor when its first bytes are the gzip magic, without seeking.
    public static func detectCompression(_ source: any ByteSource, name: String) throws -> any ByteSource {
        var source = source
        var peeked = [UInt8](repeating: 0, count: 2)
        var filled = 0
        while filled < 2 {
            let count = try peeked.withUnsafeMutableBytes { buffer in
                try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            }
            if count == 0 { break }
            filled += count
        }
        peeked.removeSubrange(filled...)
        let replay = PrefixedByteSource(prefix: MemoryByteSource(peeked), rest: source)
        if peeked == [0x1F, 0x8B] {
            return try GzipByteSource(source: replay, name: name)
        }
        return replay
    }
}
