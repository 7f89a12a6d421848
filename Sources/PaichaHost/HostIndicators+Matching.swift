import Foundation
import PaichaMining

extension HostIndicators {
    /// The miner name entry matching an executable's base name or a process name, if any.
    ///
    /// Matching ignores case; `prefix` entries match `xmrig`, `xmrig-6.21.0`, `xmrig.exe`.
    public func minerName(matching candidate: String) -> MinerName? {
        // Byte-wise on ASCII-lowered UTF-8, only against the entries with the same first byte: this runs
        // for every file a sweep walks.
        var candidate = candidate
        let index = self.nameIndex
        let found: Int? = candidate.withUTF8 { name in
            guard let head = name.first else { return nil }
            var best: Int?
            var bestLength = 0
            for entry in index.byFirstByte[Int(MinerNameIndex.lowered(head))] {
                let key = index.keys[entry]
                guard key.count <= name.count, key.count > bestLength else { continue }
                var equal = true
                for position in 1..<key.count where MinerNameIndex.lowered(name[position]) != key[position] {
                    equal = false
                    break
                }
                guard equal else { continue }
                let hit =
                    name.count == key.count
                    || (!index.isExact[entry] && Self.isSeparator(byte: name[key.count]))
                if hit {
                    best = entry
                    bestLength = key.count
                }
            }
            return best
        }
        return found.map { self.minerNames[$0] }
    }

    private static func isSeparator(byte: UInt8) -> Bool {
        byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    /// The pool URL schemes that occur in a text, with the URL each introduces (`stratum+tcp://pool:3333`).
    public func poolURLs(in text: String) -> [String] {
        let lowered = text.lowercased()
        var urls: [String] = []
        for scheme in self.poolSchemes {
            var searchStart = lowered.startIndex
            while let range = lowered.range(of: scheme.scheme.lowercased(), range: searchStart..<lowered.endIndex) {
                let end =
                    lowered[range.upperBound...].firstIndex(where: { " \t\n\"',;".contains($0) }) ?? lowered.endIndex
                let url = String(text[range.lowerBound..<end])
                if !urls.contains(url) { urls.append(url) }
                searchStart = range.upperBound
            }
        }
        return urls.sorted()
    }

    /// The miner flags present in a command line or script text.
    public func minerFlags(in text: String) -> [MinerFlag] {
        self.minerFlags.filter { flag in
            guard let range = text.range(of: flag.flag) else { return false }
            // A flag must start a word (`--pool` must not match `--pooled`… is allowed as a prefix only).
            let before = range.lowerBound == text.startIndex ? " " : text[text.index(before: range.lowerBound)]
            return before == " " || before == "\t" || before == "\"" || before == "'" || before == "\n"
        }
    }

    /// The kill-script patterns present in a text.
    public func killPatterns(in text: String) -> [KillPattern] {
        self.killPatterns.filter { text.contains($0.pattern) }
    }

    /// Whether a path lies in a temporary or shared-memory directory.
    public func isTemporary(path: String) -> Bool {
        self.temporaryDirectories.contains { path == $0 || path.hasPrefix($0 + "/") }
    }

    /// Pool domain names among the host names of a text (`-o pool.supportxmr.com:3333`), longest entry first.
    public func poolDomains(in text: String) -> [String] {
        var found: [String] = []
        let separators = Set(" \t\n\"',;=/@:()[]{}".unicodeScalars)
        let tokens = text.lowercased().unicodeScalars.split(whereSeparator: { separators.contains($0) })
        for token in tokens {
            let name = String(String.UnicodeScalarView(token))
            guard name.contains("."), self.pools.match(name: name) != nil, !found.contains(name) else { continue }
            found.append(name)
        }
        return found.sorted()
    }

    private static func isSeparator(_ character: Character?) -> Bool {
        guard let character else { return true }
        return character == "-" || character == "_" || character == "." || character.isNumber
    }
}

/// Miner names prepared for matching: ASCII-lowered keys, whether each matches exactly, and for each
/// first byte the entries that start with it.
struct MinerNameIndex: Sendable {
    var keys: [[UInt8]] = []
    var isExact: [Bool] = []
    var byFirstByte = [[Int]](repeating: [], count: 256)

    init(names: [HostIndicators.MinerName]) {
        for (position, entry) in names.enumerated() {
            let key = entry.name.utf8.map(Self.lowered)
            self.keys.append(key)
            self.isExact.append(entry.match == "exact")
            if let first = key.first { self.byFirstByte[Int(first)].append(position) }
        }
    }

    @inline(__always)
    static func lowered(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
}
