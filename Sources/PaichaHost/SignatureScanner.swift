import Glibc

/// Finds the strings of the binary signatures in a file fed chunk by chunk, also across chunk boundaries.
///
/// It keeps the last `longest − 1` bytes of what it was fed, so a string split between two chunks is found;
/// each string's first offset is kept. Feeding stops mattering once every string is found (`isComplete`).
struct SignatureScanner {
    private enum State {
        /// Still looking for some strings.
        case scanning
        /// Every string found; further chunks are ignored.
        case complete
    }

    /// The distinct strings of all signatures, as bytes.
    let strings: [[UInt8]]
    /// First offset of each string in the stream, nil while not found.
    private(set) var offsets: [Int64?]
    private var state = State.scanning
    /// The end of the previous input, to catch strings across the boundary.
    private var carry: [UInt8] = []
    /// Stream offset of `carry`'s first byte.
    private var carryOffset: Int64 = 0
    private let longest: Int

    /// A scanner for the strings of `signatures` and `extraStrings`.
    init(signatures: [HostIndicators.BinarySignature], extraStrings: [String] = []) {
        var strings: [[UInt8]] = []
        for string in signatures.flatMap(\.strings) + extraStrings
        where !string.isEmpty && !strings.contains(Array(string.utf8)) {
            strings.append(Array(string.utf8))
        }
        self.strings = strings
        self.offsets = Array(repeating: nil, count: strings.count)
        self.longest = strings.map(\.count).max() ?? 1
    }

    /// Whether every string has been found.
    var isComplete: Bool { self.state == .complete }

    /// Looks for the strings in the next chunk of the stream.
    mutating func feed(_ chunk: ArraySlice<UInt8>) {
        guard self.state == .scanning, !chunk.isEmpty else { return }
        let window = self.carry + chunk
        window.withUnsafeBufferPointer { buffer in
            for (index, string) in self.strings.enumerated() where self.offsets[index] == nil {
                if let position = Self.find(string, in: buffer) {
                    self.offsets[index] = self.carryOffset + Int64(position)
                }
            }
        }
        if self.offsets.allSatisfy({ $0 != nil }) { self.state = .complete }
        let keep = min(self.longest - 1, window.count)
        self.carryOffset += Int64(window.count - keep)
        self.carry = Array(window.suffix(keep))
    }

    /// Where `string` was first found, if it was.
    func offset(of string: String) -> Int64? {
        self.strings.firstIndex(of: Array(string.utf8)).flatMap { self.offsets[$0] }
    }

    /// The signatures with at least `minimumMatches` of their strings found, with the strings and offsets.
    func matches(
        _ signatures: [HostIndicators.BinarySignature]
    ) -> [(signature: HostIndicators.BinarySignature, found: [(string: String, offset: Int64)])] {
        signatures.compactMap { signature in
            let found = signature.strings.compactMap { string -> (string: String, offset: Int64)? in
                guard let index = self.strings.firstIndex(of: Array(string.utf8)), let offset = self.offsets[index]
                else { return nil }
                return (string, offset)
            }
            return found.count >= signature.minimumMatches ? (signature, found) : nil
        }
    }

    /// The first position of `needle` in `haystack` (`memchr` for the first byte, then `memcmp`).
    static func find(_ needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let first = needle.first, let base = haystack.baseAddress, needle.count <= haystack.count else {
            return nil
        }
        let last = haystack.count - needle.count
        var start = 0
        return needle.withUnsafeBufferPointer { pattern -> Int? in
            guard let patternBase = pattern.baseAddress else { return nil }
            while start <= last {
                guard let hit = memchr(base + start, Int32(first), last - start + 1) else { return nil }
                let position = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if memcmp(base + position, patternBase, needle.count) == 0 { return position }
                start = position + 1
            }
            return nil
        }
    }
}
