public import PaichaCore

/// Known mining-pool names, pool ports and shared CDN fronts, with a version outputs can cite.
///
/// Names are matched as suffixes on label boundaries, case-insensitively, ignoring a trailing dot:
/// `xmr-eu1.nanopool.org` matches `nanopool.org`; `evilnanopool.org` does not. Ports are supporting
/// evidence only. Addresses inside a CDN range (or known only by CDN names) are never made a pool by
/// an address match: only a pool name sent on that very connection (SNI) counts there.
public struct PoolIndicators: Sendable {
    /// The version of the list(s) loaded, e.g. `2026.11.24-1` or `2026.11.24-1+user:pools.txt`.
    public internal(set) var version: String
    /// The generation date of the bundled list, if given.
    public private(set) var generated: String?
    /// The pool entries, sorted by domain.
    public private(set) var entries: [PoolIndicatorEntry]
    /// The well-known pool ports, sorted by port.
    public private(set) var ports: [PoolPortEntry]
    /// CDN name suffixes.
    public private(set) var cdnNames: [CDNNameEntry]
    /// CDN address ranges.
    public private(set) var cdnRanges: [CDNRangeEntry]

    private var entryIndex: [String: Int] = [:]
    private var portIndex: [UInt16: Int] = [:]
    private var cdnNameIndex: [String: Int] = [:]
    private var parsedRanges: [(range: AddressRange, index: Int)] = []

    /// Makes indicators from parts (already validated).
    public init(
        version: String,
        generated: String? = nil,
        entries: [PoolIndicatorEntry],
        ports: [PoolPortEntry] = [],
        cdnNames: [CDNNameEntry] = [],
        cdnRanges: [CDNRangeEntry] = []
    ) {
        self.version = version
        self.generated = generated
        self.entries = []
        self.ports = []
        self.cdnNames = []
        self.cdnRanges = []
        self.add(entries: entries, ports: ports, cdnNames: cdnNames, cdnRanges: cdnRanges)
    }

    /// These indicators together with `other`'s; entries for the same domain are merged.
    public func merging(_ other: PoolIndicators) -> PoolIndicators {
        var merged = self
        merged.version = self.version + "+" + other.version
        merged.add(entries: other.entries, ports: other.ports, cdnNames: other.cdnNames, cdnRanges: other.cdnRanges)
        return merged
    }

    private mutating func add(
        entries: [PoolIndicatorEntry],
        ports: [PoolPortEntry],
        cdnNames: [CDNNameEntry],
        cdnRanges: [CDNRangeEntry]
    ) {
        var byDomain = Dictionary(self.entries.map { ($0.domain, $0) }, uniquingKeysWith: { a, _ in a })
        for var entry in entries {
            entry.domain = NameTable.normalize(entry.domain)
            if var existing = byDomain[entry.domain] {
                existing.coins = PoolIndicators.union(existing.coins, entry.coins)
                existing.provenance = PoolIndicators.union(existing.provenance, entry.provenance)
                if let extra = entry.ports {
                    existing.ports = PoolIndicators.union(existing.ports ?? [], extra).sorted()
                }
                byDomain[entry.domain] = existing
            } else {
                byDomain[entry.domain] = entry
            }
        }
        self.entries = byDomain.values.sorted { $0.domain < $1.domain }
        self.entryIndex = Dictionary(uniqueKeysWithValues: self.entries.enumerated().map { ($1.domain, $0) })

        var byPort = Dictionary(self.ports.map { ($0.port, $0) }, uniquingKeysWith: { a, _ in a })
        let namedPorts = entries.flatMap { entry in
            (entry.ports ?? []).map { PoolPortEntry(port: $0, note: entry.domain, provenance: entry.provenance) }
        }
        for port in ports + namedPorts {
            if var existing = byPort[port.port] {
                existing.provenance = PoolIndicators.union(existing.provenance, port.provenance)
                byPort[port.port] = existing
            } else {
                byPort[port.port] = port
            }
        }
        self.ports = byPort.values.sorted { $0.port < $1.port }
        self.portIndex = Dictionary(uniqueKeysWithValues: self.ports.enumerated().map { ($1.port, $0) })

        for name in cdnNames {
            let suffix = NameTable.normalize(name.suffix)
            guard self.cdnNameIndex[suffix] == nil else { continue }
            self.cdnNameIndex[suffix] = self.cdnNames.count
            self.cdnNames.append(CDNNameEntry(suffix: suffix, provider: name.provider, provenance: name.provenance))
        }
        for range in cdnRanges {
            guard let parsed = AddressRange(range.cidr), !self.parsedRanges.contains(where: { $0.range == parsed })
            else { continue }
            self.parsedRanges.append((parsed, self.cdnRanges.count))
            self.cdnRanges.append(range)
        }
    }

    private static func union<T: Hashable>(_ a: [T], _ b: [T]) -> [T] {
        var seen = Set(a)
        return a + b.filter { seen.insert($0).inserted }
    }

    // MARK: - Matching

    /// The longest pool suffix `name` ends with on a label boundary, as a `likely` match with a reason.
    public func match(name: String) -> PoolIndicatorMatch? {
        let normalized = NameTable.normalize(name)
        guard let index = PoolIndicators.longestSuffix(of: normalized, in: self.entryIndex) else { return nil }
        let entry = self.entries[index]
        let reason =
            "name \(normalized) matches pool suffix \(entry.domain) "
            + "(pool indicators \(self.version); source: \(entry.provenance.joined(separator: ", ")))"
        return PoolIndicatorMatch(name: normalized, entry: entry, confidence: .likely, reason: reason)
    }

    /// The CDN provider whose name suffix `name` ends with, if any.
    public func cdnProvider(name: String) -> String? {
        PoolIndicators.longestSuffix(of: NameTable.normalize(name), in: self.cdnNameIndex).map {
            self.cdnNames[$0].provider
        }
    }

    /// The CDN provider whose range holds `address`, if any.
    public func cdnProvider(address: IPAddress) -> String? {
        self.parsedRanges.first { $0.range.contains(address) }.map { self.cdnRanges[$0.index].provider }
    }

    /// Whether `name` is a shared CDN / cloud front-end name.
    public func isCDN(name: String) -> Bool { self.cdnProvider(name: name) != nil }

    /// Whether `address` lies in a shared CDN / cloud front-end range.
    public func isCDN(address: IPAddress) -> Bool { self.cdnProvider(address: address) != nil }

    /// Whether `port` is a well-known pool port (supporting evidence only).
    public func isPoolPort(_ port: UInt16) -> Bool { self.portIndex[port] != nil }

    /// The well-known pool port entry for `port`, if any.
    public func poolPort(_ port: UInt16) -> PoolPortEntry? { self.portIndex[port].map { self.ports[$0] } }

    /// Judges one connection to `address` from the names known: SNI on the connection first, then
    /// names learned for the address (DNS, protocol), unless the address is CDN-hosted.
    ///
    /// - Parameters:
    ///   - address: The responder's address.
    ///   - port: The responder's port (mentioned as support when it is a pool port; never decisive).
    ///   - serverName: The SNI sent on this very connection, if any.
    ///   - names: Names known for the address (from a `NameTable`).
    /// - Returns: A `likely` match with a reason, or `nil`.
    public func assess(
        address: IPAddress,
        port: UInt16?,
        serverName: String?,
        names: [NameTable.Entry]
    ) -> PoolIndicatorMatch? {
        let portNote = port.flatMap { self.isPoolPort($0) ? "; port \($0) is a well-known pool port" : nil } ?? ""
        if let serverName, var match = self.match(name: serverName) {
            match.reason = "SNI on this connection: " + match.reason + portNote
            return match
        }
        // Behind a shared front, a pool name resolving to the address says nothing about this connection.
        if self.cdnReason(address: address, names: names) != nil { return nil }
        for entry in names {
            guard var match = self.match(name: entry.name) else { continue }
            let sources = entry.sources.map(\.rawValue).joined(separator: "+")
            match.reason = "address \(address) known as \(entry.name) (\(sources)): " + match.reason + portNote
            return match
        }
        return nil
    }

    /// Why `assess` refused an address match for a CDN-hosted address, or `nil` when it is not CDN-hosted.
    public func cdnReason(address: IPAddress, names: [NameTable.Entry]) -> String? {
        if let provider = self.cdnProvider(address: address) {
            return "\(address) is in a \(provider) range: a pool name resolving to it is not evidence"
        }
        if let name = names.first(where: { self.isCDN(name: $0.name) }) {
            return "\(address) is known as \(name.name), a shared CDN name: a pool name resolving to it is not evidence"
        }
        return nil
    }

    /// The index of the longest suffix of `name` (on a label boundary) present in `index`.
    static func longestSuffix(of name: String, in index: [String: Int]) -> Int? {
        guard !name.isEmpty else { return nil }
        if let hit = index[name] { return hit }
        var rest = Substring(name)
        while let dot = rest.firstIndex(of: ".") {
            rest = rest[rest.index(after: dot)...]
            if let hit = index[String(rest)] { return hit }
        }
        return nil
    }
}
