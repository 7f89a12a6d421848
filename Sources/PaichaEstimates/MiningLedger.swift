public import PaichaCore

/// One mining session's (or host's) estimates, as input to a ledger.
public struct MiningHostEstimate: Hashable, Sendable, Codable {
    /// The mining host's address.
    public var address: IPAddress
    /// The algorithm family it mines (rates are only added within a family).
    public var family: AlgorithmFamily
    /// Its hash rate: low = interval's lower end, typical = point estimate, high = upper end; `nil` if unknown.
    public var hashesPerSecond: EstimateRange?
    /// Its power in kW (`PowerEstimate.kilowatts`), `nil` if unknown.
    public var kilowatts: EstimateRange?

    /// Makes a host estimate.
    public init(address: IPAddress, family: AlgorithmFamily, hashesPerSecond: EstimateRange?, kilowatts: EstimateRange?)
    {
        self.address = address
        self.family = family
        self.hashesPerSecond = hashesPerSecond
        self.kilowatts = kilowatts
    }

    /// Makes a host estimate from a session's hash-rate and power estimates.
    public init(address: IPAddress, family: AlgorithmFamily, hashrate: HashrateEstimate, power: PowerEstimate?) {
        var rates: EstimateRange?
        if let rate = hashrate.hashesPerSecond {
            rates = EstimateRange(
                low: hashrate.lowerHashesPerSecond ?? rate,
                typical: rate,
                high: hashrate.upperHashesPerSecond ?? rate
            )
        }
        self.init(address: address, family: family, hashesPerSecond: rates, kilowatts: power?.kilowatts)
    }
}

/// Who a ledger line is about: a directory organization, or an unattributed `/24` or `/48`.
public enum LedgerHolder: Hashable, Sendable, Codable {
    /// An organization from the directory.
    case organization(Organization)
    /// Addresses no directory block holds, grouped by `CIDRBlock.unattributedGroup(containing:)`.
    case unattributed(CIDRBlock)

    /// The holder's category (`unknown` for unattributed groups).
    public var category: OrganizationCategory {
        switch self {
        case .organization(let organization): organization.category
        case .unattributed: .unknown
        }
    }
}

/// One line of a ledger: a holder, its mining addresses, and their summed rates and power.
public struct LedgerLine: Hashable, Sendable, Codable {
    /// Who.
    public var holder: LedgerHolder
    /// The distinct mining addresses, sorted.
    public var addresses: [IPAddress]
    /// Summed hash rates per algorithm family (H/s; Sol/s for Equihash).
    public var hashesPerSecond: [AlgorithmFamily: EstimateRange]
    /// Summed power in kW.
    public var kilowatts: EstimateRange
    /// Sessions that contributed no power figure (rate unknown or no profile).
    public var sessionsWithoutPower: Int

    /// Summed energy per day in kWh (kW × 24).
    public var kilowattHoursPerDay: EstimateRange { self.kilowatts.scaled(by: 24) }
}

/// The published summary: mining addresses, rates, power and the institutional share, with a line per holder.
///
/// Rates and power are summed end by end: the low total is the sum of the low ends, and so on. The sum of
/// per-session interval ends is wider than a joint interval would be (it is conservative). Rates are summed
/// only within an algorithm family, since H/s of different algorithms measure different work.
public struct MiningLedger: Hashable, Sendable, Codable {
    /// One line per holder, by typical power (largest first), then by name.
    public var lines: [LedgerLine]
    /// The number of distinct mining addresses.
    public var hostCount: Int
    /// Distinct mining addresses per category (unattributed addresses count as `unknown`).
    public var hostsByCategory: [OrganizationCategory: Int]
    /// Distinct mining addresses held by government bodies, public institutions, schools and enterprises.
    public var institutionalHostCount: Int
    /// Total hash rate per algorithm family.
    public var hashesPerSecond: [AlgorithmFamily: EstimateRange]
    /// Total power in kW.
    public var kilowatts: EstimateRange

    /// The fraction (0…1) of mining addresses held by institutions (`OrganizationCategory.isInstitutional`), or
    /// `nil` when there are none.
    public var institutionalShare: Double? {
        self.hostCount > 0 ? Double(self.institutionalHostCount) / Double(self.hostCount) : nil
    }

    /// Total energy per day in kWh.
    public var kilowattHoursPerDay: EstimateRange { self.kilowatts.scaled(by: 24) }

    /// Builds the ledger; `hosts` may hold several sessions per address (their rates and power add up, the
    /// address counts once). An address's holder is its longest-prefix match in `directory`.
    public init(hosts: [MiningHostEstimate], directory: OrganizationDirectory) {
        var lines: [LedgerHolder: LedgerLine] = [:]
        var categoryOf: [IPAddress: OrganizationCategory] = [:]
        var totalRates: [AlgorithmFamily: EstimateRange] = [:]
        var totalPower = EstimateRange.zero
        for host in hosts {
            let holder: LedgerHolder =
                directory.organization(of: host.address).map { .organization($0) }
                ?? .unattributed(CIDRBlock.unattributedGroup(containing: host.address))
            categoryOf[host.address] = holder.category
            var line =
                lines[holder]
                ?? LedgerLine(
                    holder: holder,
                    addresses: [],
                    hashesPerSecond: [:],
                    kilowatts: .zero,
                    sessionsWithoutPower: 0
                )
            line.addresses.append(host.address)
            if let rate = host.hashesPerSecond {
                line.hashesPerSecond[host.family] = (line.hashesPerSecond[host.family] ?? .zero) + rate
                totalRates[host.family] = (totalRates[host.family] ?? .zero) + rate
            }
            if let power = host.kilowatts {
                line.kilowatts = line.kilowatts + power
                totalPower = totalPower + power
            } else {
                line.sessionsWithoutPower += 1
            }
            lines[holder] = line
        }
        self.lines = lines.values.map { line in
            var line = line
            line.addresses = Array(Set(line.addresses)).sorted()
            return line
        }.sorted { a, b in
            if a.kilowatts.typical != b.kilowatts.typical { return a.kilowatts.typical > b.kilowatts.typical }
            return Self.sortName(a.holder) < Self.sortName(b.holder)
        }
        self.hostCount = categoryOf.count
        var byCategory: [OrganizationCategory: Int] = [:]
        for category in categoryOf.values { byCategory[category, default: 0] += 1 }
        self.hostsByCategory = byCategory
        self.institutionalHostCount = categoryOf.values.filter(\.isInstitutional).count
        self.hashesPerSecond = totalRates
        self.kilowatts = totalPower
    }

    private static func sortName(_ holder: LedgerHolder) -> String {
        switch holder {
        case .organization(let organization): "0 " + organization.name
        case .unattributed(let block): "1 " + block.description
        }
    }
}
