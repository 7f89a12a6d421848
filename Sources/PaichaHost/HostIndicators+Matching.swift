import Foundation
import PaichaMining

extension HostIndicators {
    /// The miner name entry matching an executable's base name or a process name, if any.
    ///
    /// Matching ignores case; `prefix` entries match `xmrig`, `xmrig-6.21.0`, `xmrig.exe`.
    public func minerName(matching candidate: String) -> MinerName? {
        // Byte-wise on ASCII-lowered UTF-8: this runs for every file a sweep walks.
        let name = Self.asciiLowered(candidate)
        guard let first = name.first else { return nil }
        var best: MinerName?
        var bestLength = 0
        for entry in self.minerNames {
            let key = Self.asciiLowered(entry.name)
            guard key.first == first, key.count <= name.count, name.starts(with: key) else { continue }
            let hit: Bool
            if entry.match == "exact" {
                hit = name.count == key.count
            } else {
                hit = name.count == key.count || Self.isSeparator(byte: name[key.count])
            }
            if hit, best == nil || key.count > bestLength {
                best = entry
                bestLength = key.count
            }
        }
        return best
    }

    private static func asciiLowered(_ text: String) -> [UInt8] {
        text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
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
