/// The parts of an HTTP/1.x header block that matter for getwork/getblocktemplate mining.
struct HTTPMiningHead: Hashable, Sendable {
    /// Whether this is a request (else a response).
    var isRequest: Bool
    /// The request method (`POST`) or `nil` for a response.
    var method: String?
    /// The response status code, or `nil` for a request.
    var status: Int?
    /// `User-Agent`, if sent.
    var userAgent: String?
    /// `Host` without its port, if sent.
    var host: String?
    /// `X-Long-Polling` (the long-poll URL a pool offers), if sent.
    var longPolling: String?
    /// `X-Mining-Extensions`, if sent.
    var miningExtensions: String?
    /// The user name of `Authorization: Basic`, if sent.
    var basicUser: String?

    /// Parses a header block (lines separated by `\n`); `nil` when the start line is not HTTP/1.x.
    init?(_ head: UnsafeRawBufferPointer) {
        let firstLineEnd = head.firstIndex(of: 0x0A) ?? head.count
        let startLine = UnsafeRawBufferPointer(rebasing: head[0..<firstLineEnd])
        if StratumLineFramer.hasPrefix(startLine, "HTTP/1.") {
            self.isRequest = false
            let parts = startLine.split(separator: 0x20, maxSplits: 2)
            guard parts.count >= 2 else { return nil }
            self.status = Int(String(decoding: parts[1], as: UTF8.self))
        } else {
            let parts = startLine.split(separator: 0x20)
            guard parts.count == 3, StratumLineFramer.hasPrefix(UnsafeRawBufferPointer(rebasing: parts[2]), "HTTP/1.")
            else { return nil }
            self.isRequest = true
            self.method = String(decoding: parts[0], as: UTF8.self)
        }
        var userAgent: String?
        var host: String?
        var longPolling: String?
        var extensions: String?
        var basicUser: String?
        // A value becomes a `String` only for the few headers kept, not for every header of every message.
        Self.forEachHeader(in: head) { name, value in
            if Self.equalsIgnoringCase(name, "user-agent") {
                userAgent = String(decoding: value, as: UTF8.self)
            } else if Self.equalsIgnoringCase(name, "host") {
                host = Self.stripPort(String(decoding: value, as: UTF8.self))
            } else if Self.equalsIgnoringCase(name, "x-long-polling") {
                longPolling = String(decoding: value, as: UTF8.self)
            } else if Self.equalsIgnoringCase(name, "x-mining-extensions") {
                extensions = String(decoding: value, as: UTF8.self)
            } else if Self.equalsIgnoringCase(name, "authorization") {
                let text = String(decoding: value, as: UTF8.self)
                guard text.hasPrefix("Basic ") else { return }
                let decoded = Self.base64Decode(text.dropFirst(6).utf8)
                basicUser = decoded.map { String(decoding: $0.prefix { $0 != UInt8(ascii: ":") }, as: UTF8.self) }
            }
        }
        self.userAgent = userAgent
        self.host = host
        self.longPolling = longPolling
        self.miningExtensions = extensions
        self.basicUser = basicUser
    }

    /// Calls `body` with each header's name and trimmed value (the start line is skipped).
    static func forEachHeader(
        in head: UnsafeRawBufferPointer,
        _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> Void
    ) {
        var lineStart = 0
        var isFirst = true
        while lineStart < head.count {
            let rest = UnsafeRawBufferPointer(rebasing: head[lineStart...])
            let length = rest.firstIndex(of: 0x0A) ?? rest.count
            let line = UnsafeRawBufferPointer(rebasing: rest[0..<length])
            lineStart += length + 1
            if isFirst {
                isFirst = false
                continue
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let name = StratumLineFramer.trim(UnsafeRawBufferPointer(rebasing: line[0..<colon]))
            let value = StratumLineFramer.trim(UnsafeRawBufferPointer(rebasing: line[(colon + 1)...]))
            body(name, value)
        }
    }

    /// ASCII case-insensitive comparison with a lower-case literal.
    static func equalsIgnoringCase(_ bytes: UnsafeRawBufferPointer, _ lower: StaticString) -> Bool {
        guard bytes.count == lower.utf8CodeUnitCount else { return false }
        for index in 0..<bytes.count {
            var byte = bytes[index]
            if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { byte += 32 }
            if byte != lower.utf8Start[index] { return false }
        }
        return true
    }

    private static func stripPort(_ host: String) -> String {
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") {
            return String(host[host.index(after: host.startIndex)..<close])
        }
        if let colon = host.firstIndex(of: ":"), host.filter({ $0 == ":" }).count == 1 {
            return String(host[..<colon])
        }
        return host
    }

    /// Decodes standard base64 (padding optional), or `nil` on any other byte.
    static func base64Decode(_ text: some Sequence<UInt8>) -> [UInt8]? {
        var result: [UInt8] = []
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in text {
            let value: UInt32
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = UInt32(byte - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = UInt32(byte - UInt8(ascii: "a")) + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt32(byte - UInt8(ascii: "0")) + 52
            case UInt8(ascii: "+"): value = 62
            case UInt8(ascii: "/"): value = 63
            case UInt8(ascii: "="): return result
            default: return nil
            }
            accumulator = accumulator << 6 | value
            bits += 6
            if bits >= 8 {
                bits -= 8
                result.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        return result
    }
}
