public import PaichaCore

/// An IPv4 or IPv6 address block: a network address and a prefix length (`10.0.0.0/8`, `2001:db8::/32`).
public struct CIDRBlock: Hashable, Sendable, Comparable {
    /// The network address, with every bit past the prefix cleared.
    public let network: IPAddress
    /// The number of leading bits that are fixed (0…32 for IPv4, 0…128 for IPv6).
    public let prefixLength: Int

    /// Makes a block from an address and a prefix length, clearing host bits; `nil` if the length is out of range.
    public init?(_ address: IPAddress, prefixLength: Int) {
        let width = address.isV4 ? 32 : 128
        guard (0...width).contains(prefixLength) else { return nil }
        self.prefixLength = prefixLength
        let key = PrefixKey(address)
        let mask = PrefixKey.mask(length: prefixLength)
        let masked = PrefixKey(high: key.high & mask.high, low: key.low & mask.low)
        self.network = masked.address(isV4: address.isV4)
    }

    /// Parses `address/length`, or a bare address as a single host (`/32` or `/128`).
    ///
    /// Host bits past the prefix are cleared (`10.1.2.3/8` is `10.0.0.0/8`), as routers accept it.
    /// Whitespace around the text is ignored.
    public init?(_ text: some StringProtocol) {
        let trimmed = text.trimmedWhitespace
        let parts = trimmed.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let addressText = parts.first, let address = IPAddress(addressText) else { return nil }
        var length = address.isV4 ? 32 : 128
        if parts.count == 2 {
            let lengthText = parts[1]
            guard !lengthText.isEmpty, lengthText.count <= 3, lengthText.allSatisfy({ $0.isASCII && $0.isNumber }),
                let parsed = Int(lengthText)
            else { return nil }
            length = parsed
        }
        self.init(address, prefixLength: length)
    }

    /// Whether `address` lies inside the block (an IPv4 address is never inside an IPv6 block and back).
    public func contains(_ address: IPAddress) -> Bool {
        guard address.isV4 == self.network.isV4 else { return false }
        let mask = PrefixKey.mask(length: self.prefixLength)
        let key = PrefixKey(address)
        let net = PrefixKey(self.network)
        return (key.high ^ net.high) & mask.high == 0 && (key.low ^ net.low) & mask.low == 0
    }

    /// The block unattributed hosts are grouped by: the `/24` holding an IPv4 address, the `/48` holding an IPv6 one.
    ///
    /// An IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) is grouped by the `/24` of its IPv4 address.
    public static func unattributedGroup(containing address: IPAddress) -> CIDRBlock {
        let address = address.unmappedV4
        // Both lengths are in range for their family, so the initializer cannot fail.
        return CIDRBlock(address, prefixLength: address.isV4 ? 24 : 48)!
    }

    public static func < (lhs: CIDRBlock, rhs: CIDRBlock) -> Bool {
        (lhs.network, lhs.prefixLength) < (rhs.network, rhs.prefixLength)
    }
}

extension CIDRBlock: CustomStringConvertible {
    /// `10.0.0.0/8`, `2001:db8::/32`.
    public var description: String { "\(self.network)/\(self.prefixLength)" }
}

extension CIDRBlock: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let block = CIDRBlock(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a CIDR block: \(text)")
        }
        self = block
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.description)
    }
}

extension IPAddress {
    /// The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`), otherwise the address itself.
    public var unmappedV4: IPAddress {
        if case .v6(let high, let low) = self, high == 0, low >> 32 == 0xFFFF {
            return .v4(UInt32(truncatingIfNeeded: low))
        }
        return self
    }
}

/// An address as 128 bits, most significant first; IPv4 sits in the top 32 bits.
struct PrefixKey: Hashable, Sendable {
    var high: UInt64
    var low: UInt64

    init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    @inline(__always)
    init(_ address: IPAddress) {
        switch address {
        case .v4(let value):
            self.high = UInt64(value) << 32
            self.low = 0
        case .v6(let high, let low):
            self.high = high
            self.low = low
        }
    }

    /// The address these bits stand for.
    func address(isV4: Bool) -> IPAddress {
        isV4 ? .v4(UInt32(truncatingIfNeeded: self.high >> 32)) : .v6(self.high, self.low)
    }

    /// Ones in the first `length` bits (0…128).
    static func mask(length: Int) -> PrefixKey {
        let high: UInt64 = length <= 0 ? 0 : (length >= 64 ? ~0 : ~0 << UInt64(64 - length))
        let low: UInt64 = length <= 64 ? 0 : (length >= 128 ? ~0 : ~0 << UInt64(128 - length))
        return PrefixKey(high: high, low: low)
    }

    /// The bit at `index` (0 is the most significant).
    @inline(__always)
    func bit(_ index: Int) -> Int {
        index < 64
            ? Int(truncatingIfNeeded: (self.high >> UInt64(63 - index)) & 1)
            : Int(truncatingIfNeeded: (self.low >> UInt64(127 - index)) & 1)
    }

    /// How many leading bits two keys share.
    func commonPrefixLength(with other: PrefixKey) -> Int {
        let high = self.high ^ other.high
        if high != 0 { return high.leadingZeroBitCount }
        return 64 + (self.low ^ other.low).leadingZeroBitCount
    }
}
