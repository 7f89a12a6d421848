public import PaichaCore

/// A pool domain suffix with the coins mined there and where the entry came from.
public struct PoolIndicatorEntry: Hashable, Sendable, Codable {
    /// The domain suffix, lower-case, without a trailing dot (`nanopool.org`).
    public var domain: String
    /// Coins the pool serves (`XMR`, `ETH`), possibly empty.
    public var coins: [String]
    /// Where the entry came from (`pool-docs`, `corpus:FILE`, `user:FILE:LINE`).
    public var provenance: [String]
    /// Ports named for this pool (text form `domain:port`), possibly empty.
    public var ports: [UInt16]?

    public init(domain: String, coins: [String] = [], provenance: [String] = [], ports: [UInt16]? = nil) {
        self.domain = domain
        self.coins = coins
        self.provenance = provenance
        self.ports = ports
    }
}

/// A port pools commonly listen on: supporting evidence only, never a finding alone.
public struct PoolPortEntry: Hashable, Sendable, Codable {
    /// The TCP port.
    public var port: UInt16
    /// Who uses it.
    public var note: String?
    /// Where the entry came from.
    public var provenance: [String]

    public init(port: UInt16, note: String? = nil, provenance: [String] = []) {
        self.port = port
        self.note = note
        self.provenance = provenance
    }
}

/// A shared CDN / cloud front-end name suffix.
public struct CDNNameEntry: Hashable, Sendable, Codable {
    /// The name suffix (`cloudflare.net`).
    public var suffix: String
    /// The provider (`Cloudflare`).
    public var provider: String
    /// Where the entry came from.
    public var provenance: String

    public init(suffix: String, provider: String, provenance: String) {
        self.suffix = suffix
        self.provider = provider
        self.provenance = provenance
    }
}

/// A shared CDN / cloud front-end address range.
public struct CDNRangeEntry: Hashable, Sendable, Codable {
    /// The range as `address/prefix`.
    public var cidr: String
    /// The provider.
    public var provider: String
    /// Where the entry came from.
    public var provenance: String

    public init(cidr: String, provider: String, provenance: String) {
        self.cidr = cidr
        self.provider = provider
        self.provenance = provenance
    }
}

/// An address range: a network address and a prefix length.
public struct AddressRange: Hashable, Sendable, CustomStringConvertible {
    /// The network address (host bits cleared).
    public let network: IPAddress
    /// The prefix length (0…32 or 0…128).
    public let prefixLength: Int

    /// Parses `address/prefix`, or returns `nil`.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = IPAddress(parts[0]), let length = Int(parts[1]), length >= 0,
            length <= (address.isV4 ? 32 : 128)
        else { return nil }
        self.prefixLength = length
        self.network = AddressRange.mask(address, length)
    }

    /// Whether `address` lies in the range.
    public func contains(_ address: IPAddress) -> Bool {
        guard address.isV4 == self.network.isV4 else { return false }
        return AddressRange.mask(address, self.prefixLength) == self.network
    }

    public var description: String { "\(self.network)/\(self.prefixLength)" }

    private static func mask(_ address: IPAddress, _ length: Int) -> IPAddress {
        // Smart shifts: shifting by the full width or more gives 0.
        switch address {
        case .v4(let value):
            return .v4(value & (UInt32.max << (32 - length)))
        case .v6(let high, let low):
            let highMask = UInt64.max << (64 - min(length, 64))
            let lowMask = length <= 64 ? 0 : UInt64.max << (128 - length)
            return .v6(high & (length == 0 ? 0 : highMask), low & lowMask)
        }
    }
}

/// Why a name or address points at a pool.
public struct PoolIndicatorMatch: Hashable, Sendable {
    /// The name that matched (normalised).
    public var name: String
    /// The indicator entry it matched.
    public var entry: PoolIndicatorEntry
    /// How sure: `likely` for names (no protocol content was read).
    public var confidence: Confidence
    /// Why, in one sentence, citing the indicator list version.
    public var reason: String

    public init(name: String, entry: PoolIndicatorEntry, confidence: Confidence, reason: String) {
        self.name = name
        self.entry = entry
        self.confidence = confidence
        self.reason = reason
    }
}
