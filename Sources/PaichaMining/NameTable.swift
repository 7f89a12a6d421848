public import PaichaCore

/// Bounds on the address → names table; each is counted when hit.
public struct NameTableLimits: Hashable, Sendable {
    /// The most addresses kept; names for further addresses are dropped.
    public var maximumAddresses: Int
    /// The most names kept per address; further names are dropped.
    public var maximumNamesPerAddress: Int

    /// Makes limits.
    public init(maximumAddresses: Int = 65_536, maximumNamesPerAddress: Int = 16) {
        self.maximumAddresses = maximumAddresses
        self.maximumNamesPerAddress = maximumNamesPerAddress
    }

    /// Names of the limits, as used in `limitsHit` counters.
    public enum Name {
        /// `NameTableLimits.maximumAddresses`.
        public static let addresses = "NameTableLimits.maximumAddresses"
        /// `NameTableLimits.maximumNamesPerAddress`.
        public static let namesPerAddress = "NameTableLimits.maximumNamesPerAddress"
    }
}

/// Where a name for an address was learned.
public enum NameSource: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// A DNS answer resolved the name to the address (CNAME chains followed).
    case dns
    /// A TLS ClientHello to the address carried the name as SNI.
    case sni
    /// A mining protocol message named the host (e.g. a login or subscribe parameter).
    case `protocol`

    public static func < (lhs: NameSource, rhs: NameSource) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A bounded map from IP address to the names seen for it, with where each name came from.
public struct NameTable: Sendable {
    /// One name known for an address, with its sources.
    public struct Entry: Hashable, Sendable, Comparable {
        /// The name, lower-cased, without a trailing dot.
        public var name: String
        /// Every source that gave this name, sorted.
        public var sources: [NameSource]

        public init(name: String, sources: [NameSource]) {
            self.name = name
            self.sources = sources
        }

        public static func < (lhs: Entry, rhs: Entry) -> Bool { lhs.name < rhs.name }
    }

    /// The limits in force.
    public let limits: NameTableLimits
    /// Limits hit, by name (see `NameTableLimits.Name`).
    public private(set) var limitsHit: [String: Int] = [:]
    private var table: [IPAddress: [String: Set<NameSource>]] = [:]

    /// Makes an empty table.
    public init(limits: NameTableLimits = NameTableLimits()) {
        self.limits = limits
    }

    /// Records that `name` belongs to `address`, learned from `source`. Returns `false` if a limit dropped it.
    @discardableResult
    public mutating func record(_ name: String, for address: IPAddress, source: NameSource) -> Bool {
        let normalized = NameTable.normalize(name)
        guard !normalized.isEmpty else { return false }
        if self.table[address] == nil, self.table.count >= self.limits.maximumAddresses {
            self.limitsHit[NameTableLimits.Name.addresses, default: 0] += 1
            return false
        }
        var names = self.table[address, default: [:]]
        if names[normalized] == nil, names.count >= self.limits.maximumNamesPerAddress {
            self.limitsHit[NameTableLimits.Name.namesPerAddress, default: 0] += 1
            return false
        }
        names[normalized, default: []].insert(source)
        self.table[address] = names
        return true
    }

    /// Records every resolution of a DNS message (the queried name and each CNAME in the chain).
    public mutating func record(_ resolutions: [DNSResolution]) {
        for resolution in resolutions {
            for address in resolution.addresses {
                self.record(resolution.name, for: address, source: .dns)
                for alias in resolution.chain { self.record(alias, for: address, source: .dns) }
            }
        }
    }

    /// The names known for `address`, sorted by name.
    public func names(for address: IPAddress) -> [Entry] {
        guard let names = self.table[address] else { return [] }
        return names.map { Entry(name: $0.key, sources: $0.value.sorted()) }.sorted()
    }

    /// Every address with its names, addresses ascending, names sorted.
    public var entries: [(address: IPAddress, names: [Entry])] {
        self.table.keys.sorted().map { ($0, self.names(for: $0)) }
    }

    /// The number of addresses held.
    public var count: Int { self.table.count }

    /// Lower-cases ASCII letters and drops one trailing dot.
    public static func normalize(_ name: String) -> String {
        var bytes = Array(name.utf8)
        if bytes.last == UInt8(ascii: ".") { bytes.removeLast() }
        for index in bytes.indices where (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(bytes[index]) {
            bytes[index] |= 0x20
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
