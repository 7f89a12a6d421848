public import PaichaCore

/// Address blocks and the organizations that hold them, answering "whose is this address?" by longest prefix.
///
/// Blocks may overlap (a university's `/16` inside a province network's `/8`); the most specific block wins.
/// IPv4 and IPv6 blocks live in two binary path-compressed tries (see `PrefixTrie`), so a lookup costs a few
/// masked compares per branching level and allocates nothing. An IPv4-mapped IPv6 address (`::ffff:a.b.c.d`)
/// is looked up as its IPv4 address.
public struct OrganizationDirectory: Sendable {
    /// Every entry, in the order given; a lookup returns one of these.
    public let entries: [OrganizationEntry]
    private let v4: PrefixTrie
    private let v6: PrefixTrie

    /// An empty directory: every lookup answers `nil`.
    public init() {
        self.init(entries: [])
    }

    /// Makes a directory from entries; where the same block is given more than once, the first entry is used.
    public init(entries: [OrganizationEntry]) {
        self = Self.build(entries).directory
    }

    private init(entries: [OrganizationEntry], v4: PrefixTrie, v6: PrefixTrie) {
        self.entries = entries
        self.v4 = v4
        self.v6 = v6
    }

    /// Builds the tries; returns the directory (holding only the first entry of each block) and the repeats.
    static func build(_ entries: [OrganizationEntry]) -> (directory: OrganizationDirectory, duplicates: [Int]) {
        var v4 = PrefixTrie(width: 32)
        var v6 = PrefixTrie(width: 128)
        var kept: [OrganizationEntry] = []
        var duplicates: [Int] = []
        kept.reserveCapacity(entries.count)
        for (index, entry) in entries.enumerated() {
            let key = PrefixKey(entry.block.network)
            let value = Int32(kept.count)
            let existing =
                entry.block.network.isV4
                ? v4.insert(key, length: entry.block.prefixLength, value: value)
                : v6.insert(key, length: entry.block.prefixLength, value: value)
            if existing == nil {
                kept.append(entry)
            } else {
                duplicates.append(index)
            }
        }
        v4.makeJumpTable()
        v6.makeJumpTable()
        return (OrganizationDirectory(entries: kept, v4: v4, v6: v6), duplicates)
    }

    /// Whether the IPv4 and IPv6 tries have jump tables (for tests).
    var usesJumpTables: (v4: Bool, v6: Bool) { (!self.v4.jumpTable.isEmpty, !self.v6.jumpTable.isEmpty) }

    /// The number of blocks.
    public var count: Int { self.entries.count }

    /// The entry of the most specific block containing `address`, or `nil` if none does.
    @inlinable
    public func lookup(_ address: IPAddress) -> OrganizationEntry? {
        let index = self.entryIndex(of: address)
        return index >= 0 ? self.entries[index] : nil
    }

    /// The organization holding `address`, or `nil` if no block contains it.
    @inlinable
    public func organization(of address: IPAddress) -> Organization? {
        self.lookup(address)?.organization
    }

    /// The index in `entries` of the most specific block containing `address`, or `nil`; copies nothing, for hot paths.
    @inlinable
    public func entryIndex(containing address: IPAddress) -> Int? {
        let index = self.entryIndex(of: address)
        return index >= 0 ? index : nil
    }

    /// The index in `entries` of the most specific block containing `address`, or -1.
    @usableFromInline
    func entryIndex(of address: IPAddress) -> Int {
        switch address {
        case .v4:
            return Int(self.v4.longestMatch(PrefixKey(address)))
        case .v6(let high, let low):
            if high == 0, low >> 32 == 0xFFFF {
                return Int(self.v4.longestMatch(PrefixKey(high: low << 32, low: 0)))
            }
            return Int(self.v6.longestMatch(PrefixKey(address)))
        }
    }

    /// The addresses no block contains, grouped by their `/24` (IPv4) or `/48` (IPv6), each group sorted.
    ///
    /// See `CIDRBlock.unattributedGroup(containing:)`. Repeated addresses are kept once.
    public func groupUnattributed(_ addresses: some Sequence<IPAddress>) -> [CIDRBlock: [IPAddress]] {
        var groups: [CIDRBlock: Set<IPAddress>] = [:]
        for address in addresses where self.entryIndex(of: address) < 0 {
            groups[CIDRBlock.unattributedGroup(containing: address), default: []].insert(address)
        }
        return groups.mapValues { $0.sorted() }
    }
}
