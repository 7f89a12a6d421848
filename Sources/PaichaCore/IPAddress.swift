/// An IPv4 or IPv6 address, stored by value without allocation.
public enum IPAddress: Hashable, Sendable, Comparable {
    /// An IPv4 address in host order (`0x7F000001` is 127.0.0.1).
    case v4(UInt32)
    /// An IPv6 address as its high and low 64 bits in host order.
    case v6(UInt64, UInt64)

    /// Makes an IPv4 address from four bytes in network order at the start of `bytes`, or `nil` if fewer.
    @inlinable
    public init?(v4 bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= 4 else { return nil }
        self = .v4(UInt32(bigEndian: bytes.loadUnaligned(as: UInt32.self)))
    }

    /// Makes an IPv6 address from sixteen bytes in network order at the start of `bytes`, or `nil` if fewer.
    @inlinable
    public init?(v6 bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= 16 else { return nil }
        self = .v6(
            UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
            UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        )
    }

    /// Whether this is an IPv4 address.
    public var isV4: Bool {
        if case .v4 = self { return true }
        return false
    }

    /// The address's bytes in network order (4 or 16).
    public var bytes: [UInt8] {
        switch self {
        case .v4(let a):
            return withUnsafeBytes(of: a.bigEndian, Array.init)
        case .v6(let hi, let lo):
            return withUnsafeBytes(of: hi.bigEndian, Array.init) + withUnsafeBytes(of: lo.bigEndian, Array.init)
        }
    }

    public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        switch (lhs, rhs) {
        case (.v4(let a), .v4(let b)): return a < b
        case (.v4, .v6): return true
        case (.v6, .v4): return false
        case (.v6(let a, let b), .v6(let c, let d)): return (a, b) < (c, d)
        }
    }
}

extension IPAddress: CustomStringConvertible {
    /// The address in its usual text form: dotted quad, or RFC 5952 IPv6 with the longest zero run compressed.
    public var description: String {
        switch self {
        case .v4(let a):
            return "\(a >> 24).\((a >> 16) & 0xFF).\((a >> 8) & 0xFF).\(a & 0xFF)"
        case .v6(let hi, let lo):
            var groups = [UInt16](repeating: 0, count: 8)
            for i in 0..<4 {
                groups[i] = UInt16(truncatingIfNeeded: hi >> (48 - 16 * UInt64(i)))
                groups[i + 4] = UInt16(truncatingIfNeeded: lo >> (48 - 16 * UInt64(i)))
            }
            if hi == 0, lo >> 32 == 0xFFFF {
                return "::ffff:" + IPAddress.v4(UInt32(truncatingIfNeeded: lo)).description
            }
            var bestStart = -1
            var bestLength = 1
            var i = 0
            while i < 8 {
                if groups[i] == 0 {
                    var j = i
                    while j < 8, groups[j] == 0 { j += 1 }
                    if j - i > bestLength {
                        bestStart = i
                        bestLength = j - i
                    }
                    i = j
                } else {
                    i += 1
                }
            }
            func hex(_ range: Range<Int>) -> String {
                groups[range].map { String($0, radix: 16) }.joined(separator: ":")
            }
            if bestStart < 0 { return hex(0..<8) }
            return hex(0..<bestStart) + "::" + hex((bestStart + bestLength)..<8)
        }
    }
}

extension IPAddress {
    /// Parses a dotted-quad IPv4 or an IPv6 address (with `::` compression and an optional embedded IPv4 tail).
    public init?(_ text: some StringProtocol) {
        if text.contains(":") {
            guard let parsed = Self.parseV6(Substring(text)) else { return nil }
            self = parsed
        } else {
            guard let parsed = Self.parseV4(Substring(text)) else { return nil }
            self = .v4(parsed)
        }
    }

    private static func parseV4(_ text: Substring) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), let octet = UInt32(part), octet <= 255
            else { return nil }
            value = value << 8 | octet
        }
        return value
    }

    private static func parseV6(_ text: Substring) -> IPAddress? {
        var head: [UInt16] = []
        var tail: [UInt16] = []
        var halves: [String] = []
        if let range = text.firstRange(of: "::") {
            halves = [String(text[..<range.lowerBound]), String(text[range.upperBound...])]
            guard !halves[1].contains("::") else { return nil }
        } else {
            halves = [String(text)]
        }
        func groups(_ part: String) -> [UInt16]? {
            if part.isEmpty { return [] }
            var result: [UInt16] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if index == pieces.count - 1, piece.contains(".") {
                    guard let v4 = parseV4(piece) else { return nil }
                    result.append(UInt16(v4 >> 16))
                    result.append(UInt16(v4 & 0xFFFF))
                } else {
                    guard (1...4).contains(piece.count), let group = UInt16(piece, radix: 16) else { return nil }
                    result.append(group)
                }
            }
            return result
        }
        guard let first = groups(halves[0]) else { return nil }
        head = first
        if halves.count == 2 {
            guard let second = groups(halves[1]) else { return nil }
            tail = second
            guard head.count + tail.count <= 7 else { return nil }
        } else {
            guard head.count == 8 else { return nil }
        }
        let all = head + [UInt16](repeating: 0, count: 8 - head.count - tail.count) + tail
        var hi: UInt64 = 0
        var lo: UInt64 = 0
        for i in 0..<4 {
            hi = hi << 16 | UInt64(all[i])
            lo = lo << 16 | UInt64(all[i + 4])
        }
        return .v6(hi, lo)
    }
}

extension IPAddress: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let address = IPAddress(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an IP address: \(text)")
        }
        self = address
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.description)
    }
}

/// An IP address and a transport port.
public struct Endpoint: Hashable, Sendable, Comparable, Codable {
    /// The address.
    public var ip: IPAddress
    /// The TCP or UDP port (0 where there is none).
    public var port: UInt16

    /// Makes an endpoint.
    public init(ip: IPAddress, port: UInt16) {
        self.ip = ip
        self.port = port
    }

    public static func < (lhs: Endpoint, rhs: Endpoint) -> Bool {
        (lhs.ip, lhs.port) < (rhs.ip, rhs.port)
    }
}

extension Endpoint: CustomStringConvertible {
    /// `1.2.3.4:3333` or `[2001:db8::1]:3333`.
    public var description: String {
        self.ip.isV4 ? "\(self.ip):\(self.port)" : "[\(self.ip)]:\(self.port)"
    }
}
