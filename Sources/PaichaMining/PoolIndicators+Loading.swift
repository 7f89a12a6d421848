import Foundation

/// The JSON schema of `pools.json` and of user files given with `--pools`.
struct PoolIndicatorDocument: Codable {
    struct CDN: Codable {
        var names: [CDNNameEntry]?
        var ranges: [CDNRangeEntry]?
    }

    var version: String
    var generated: String?
    var pools: [PoolIndicatorEntry]
    var ports: [PoolPortEntry]?
    var cdn: CDN?
}

extension PoolIndicators {
    /// The list bundled with Paicha (`Resources/pools.json`).
    public static func bundled() throws(PoolIndicatorError) -> PoolIndicators {
        guard let url = Bundle.module.url(forResource: "pools", withExtension: "json"),
            let data = try? Data(contentsOf: url)
        else { throw .unreadable(file: "pools.json") }
        return try PoolIndicators(bytes: Array(data), fileName: "pools.json", isBundled: true)
    }

    /// Loads a user file: the JSON schema of `pools.json`, or text with one domain suffix per line
    /// (optionally `:port`, `#` comments). Its version is `user:FILENAME`, plus the JSON version if given.
    public init(contentsOf path: String) throws(PoolIndicatorError) {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(file: path) }
        try self.init(bytes: Array(data), fileName: path, isBundled: false)
    }

    /// Loads indicators from the bytes of a file named `fileName` (JSON if it starts with `{`, else text).
    public init(bytes: [UInt8], fileName: String, isBundled: Bool = false) throws(PoolIndicatorError) {
        let data = Data(bytes)
        let text = String(decoding: bytes, as: UTF8.self)
        let baseName = fileName.split(separator: "/").last.map(String.init) ?? fileName
        if text.first(where: { !$0.isWhitespace }) == "{" {
            self = try PoolIndicators.fromJSON(data: data, text: text, fileName: fileName)
            if !isBundled { self.version = "user:\(baseName)@\(self.version)" }
        } else {
            self = try PoolIndicators.fromText(text, fileName: fileName)
            self.version = "user:\(baseName)"
        }
    }

    private static func fromJSON(
        data: Data,
        text: String,
        fileName: String
    ) throws(PoolIndicatorError)
        -> PoolIndicators
    {
        let document: PoolIndicatorDocument
        do {
            document = try JSONDecoder().decode(PoolIndicatorDocument.self, from: data)
        } catch {
            throw .badJSON(describe(error), file: fileName, line: lineOf(error, data: data, text: text))
        }
        for entry in document.pools where !isDomainSuffix(entry.domain) {
            throw .badDomain(entry.domain, file: fileName, line: line(of: "\"\(entry.domain)\"", in: text))
        }
        for name in document.cdn?.names ?? [] where !isDomainSuffix(name.suffix) {
            throw .badDomain(name.suffix, file: fileName, line: line(of: "\"\(name.suffix)\"", in: text))
        }
        for port in document.ports ?? [] where port.port == 0 {
            throw .badPort("0", file: fileName, line: line(of: "\"port\": 0", in: text))
        }
        for range in document.cdn?.ranges ?? [] where AddressRange(range.cidr) == nil {
            throw .badRange(range.cidr, file: fileName, line: line(of: "\"\(range.cidr)\"", in: text))
        }
        return PoolIndicators(
            version: document.version,
            generated: document.generated,
            entries: document.pools,
            ports: document.ports ?? [],
            cdnNames: document.cdn?.names ?? [],
            cdnRanges: document.cdn?.ranges ?? []
        )
    }

    private static func fromText(_ text: String, fileName: String) throws(PoolIndicatorError) -> PoolIndicators {
        let baseName = fileName.split(separator: "/").last.map(String.init) ?? fileName
        var entries: [PoolIndicatorEntry] = []
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = number + 1
            let content = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let trimmed = content.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            let parts = trimmed.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count <= 2 else { throw .badDomain(trimmed, file: fileName, line: lineNumber) }
            let domain = String(parts[0])
            guard isDomainSuffix(domain) else { throw .badDomain(domain, file: fileName, line: lineNumber) }
            var ports: [UInt16]? = nil
            if parts.count == 2 {
                guard let port = UInt16(parts[1]), port > 0 else {
                    throw .badPort(String(parts[1]), file: fileName, line: lineNumber)
                }
                ports = [port]
            }
            entries.append(
                PoolIndicatorEntry(domain: domain, provenance: ["user:\(baseName):\(lineNumber)"], ports: ports)
            )
        }
        return PoolIndicators(version: "user:\(baseName)", entries: entries)
    }

    /// Whether `text` is a plausible domain suffix: labels of letters, digits, `-`, `_`; an optional trailing dot.
    static func isDomainSuffix(_ text: String) -> Bool {
        let name = NameTable.normalize(text)
        guard !name.isEmpty, name.utf8.count <= 253 else { return false }
        return name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63
                && label.utf8.allSatisfy { byte in
                    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                        || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                        || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
                }
        }
    }

    private static func line(of needle: String, in text: String) -> Int? {
        guard let range = text.range(of: needle) else { return nil }
        return text[..<range.lowerBound].reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
    }

    private static func describe(_ error: any Error) -> String {
        guard let decoding = error as? DecodingError else { return "\(error)" }
        switch decoding {
        case .dataCorrupted(let context):
            let underlying = context.underlyingError.map { " (\($0))" } ?? ""
            return context.debugDescription + underlying
        case .keyNotFound(let key, let context):
            return "missing \"\(key.stringValue)\" at \(path(context.codingPath))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return context.debugDescription + " at \(path(context.codingPath))"
        @unknown default:
            return "\(error)"
        }
    }

    private static func path(_ codingPath: [any CodingKey]) -> String {
        codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }

    /// The line of a JSON error: for syntax errors, where JSONSerialization stops ("around character N");
    /// for schema errors, the line of the deepest key named in the coding path (its n-th occurrence for the
    /// n-th array element), or `nil` when the key is absent.
    private static func lineOf(_ error: any Error, data: Data, text: String) -> Int? {
        guard let decoding = error as? DecodingError else { return nil }
        let codingPath: [any CodingKey]
        switch decoding {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            do {
                _ = try JSONSerialization.jsonObject(with: data)
                return nil
            } catch {
                let message = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? ""
                guard let range = message.range(of: "character ") else { return nil }
                guard let offset = Int(message[range.upperBound...].prefix { $0.isNumber }) else { return nil }
                return data.prefix(offset).reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
            }
        case .dataCorrupted(let context), .typeMismatch(_, let context), .valueNotFound(_, let context):
            codingPath = context.codingPath
        case .keyNotFound(_, let context):
            codingPath = context.codingPath
        @unknown default:
            return nil
        }
        guard let key = codingPath.last(where: { $0.intValue == nil })?.stringValue else { return nil }
        let occurrence = codingPath.last(where: { $0.intValue != nil })?.intValue ?? 0
        var searchStart = text.startIndex
        var found: Range<String.Index>? = nil
        for _ in 0...occurrence {
            guard let range = text.range(of: "\"\(key)\"", range: searchStart..<text.endIndex) else { return nil }
            found = range
            searchStart = range.upperBound
        }
        return found.map { text[..<$0.lowerBound].reduce(1) { $1 == "\n" ? $0 + 1 : $0 } }
    }
}
