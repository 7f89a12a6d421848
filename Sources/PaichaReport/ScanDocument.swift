public import PaichaCore
public import PaichaEstimates
import PaichaMining
public import PaichaScan

/// The scan's machine-readable document: the shared envelope, then `summary`, `hosts` and `nodes`.
///
/// Field names are stable; times are RFC 3339 UTC; units are in the names. See `docs/scan-json.md`.
public struct ScanDocument: Codable, Sendable, Hashable {
    public var tool = "paicha"
    public var version: String
    public var command = "scan"
    /// When the document was made; absent under `--deterministic`.
    public var generatedAt: String?
    public var inputs: [ScannedInput]
    public var parameters: ScanParameters
    public var statistics: ScanStatistics
    public var summary: Summary
    public var hosts: [Host]
    public var nodes: [Node]
    /// Hosts that asked DNS for pool names but had no mining session: a weak sign, not counted as mining.
    public var poolLookups: [PoolLookup]
    /// One line per organization (or unattributed /24, /48) with hosts, rates and power; with `--orgs` only.
    public var ledger: MiningLedger?
    /// Rows of the `--orgs` file that could not be used, each with file and line.
    public var organizationDirectoryErrors: [String]?
    /// What `paicha host` found on the machines of mining IPs (`--host-sweep`), joined by address.
    public var hostSweeps: [HostSweepLink]?

    /// The figures regulators quote.
    public struct Summary: Codable, Sendable, Hashable {
        /// Hosts that mine (any confidence).
        public var miningHosts: Int
        /// Hosts with at least one confirmed session.
        public var confirmedHosts: Int
        /// Hosts with only likely (indicator or shape) sessions.
        public var likelyHosts: Int
        /// Mining sessions.
        public var sessions: Int
        /// Distinct pool endpoints.
        public var poolEndpoints: Int
        /// IP bytes exchanged with pools, both ways.
        public var poolTrafficBytes: Int64
        /// Shares submitted in all sessions.
        public var sharesSubmitted: Int
        /// Sessions per dialect.
        public var dialects: [String: Int]
        /// Cryptocurrency nodes seen (not miners).
        public var nodes: Int
        /// Hosts that only looked up pool names.
        public var poolLookupHosts: Int
        /// Estimated hash rate per algorithm family, summed over sessions (never added across families).
        public var hashesPerSecondByFamily: [String: EstimateRange]
        /// Estimated power of all sessions with a profile, in kW.
        public var kilowatts: EstimateRange
        /// Estimated energy a day, in kWh.
        public var kilowattHoursPerDay: EstimateRange
        /// The cost of a day's energy at `--tariff`, in its currency; absent without a tariff.
        public var costPerDay: EstimateRange?
    }

    /// A host that looked up pool names, with the answers quoted.
    public struct PoolLookup: Codable, Sendable, Hashable {
        public var ip: String
        public var names: [String]
        public var confidence: Confidence
        public var evidence: [EvidenceItem]
    }

    /// A host that mines.
    public struct Host: Codable, Sendable, Hashable {
        public var ip: String
        /// The organization whose block holds the address (longest prefix), with `--orgs`.
        public var organization: Organization?
        /// Bytes exchanged with pools, both ways, over all sessions.
        public var poolBytes: Int64
        /// Average pool traffic while the host's sessions were open, in bits per second.
        public var poolBitsPerSecond: Double
        /// The host's estimated hash rate per algorithm family (its sessions summed).
        public var hashesPerSecondByFamily: [String: EstimateRange]
        /// The host's estimated power, in kW (its sessions summed).
        public var kilowatts: EstimateRange
        public var confidence: Confidence
        public var firstSeen: String
        public var lastSeen: String
        public var sessions: [Session]
    }

    /// One mining session.
    public struct Session: Codable, Sendable, Hashable {
        public var minerPort: UInt16
        public var pool: Pool
        public var dialect: String
        public var algorithm: String?
        public var coin: String?
        public var login: String?
        public var wallet: String?
        public var worker: String?
        public var agent: String?
        public var shares: Shares
        public var difficulty: [Difficulty]
        public var reportedHashrates: [Hashrate]
        public var methods: [String: Int]
        public var firstSeen: String
        public var lastSeen: String
        /// Seconds from the first to the last packet of the connection.
        public var durationSeconds: Double
        public var bytesToPool: Int64
        public var bytesFromPool: Int64
        public var packetsToPool: Int64
        public var packetsFromPool: Int64
        public var confidence: Confidence
        public var reason: String
        public var evidence: [EvidenceItem]
        public var limitsHit: [String: Int]
        /// Hash rate from the accepted shares, with its interval, and the power it implies.
        public var estimate: SessionEstimate?
    }

    /// A pool endpoint.
    public struct Pool: Codable, Sendable, Hashable {
        public var ip: String
        public var port: UInt16
        public var names: [SeenName]
    }

    /// Share counts.
    public struct Shares: Codable, Sendable, Hashable {
        public var submitted: Int
        public var accepted: Int
        public var rejected: Int
        public var unanswered: Int
    }

    /// A difficulty or target the pool set.
    public struct Difficulty: Codable, Sendable, Hashable {
        public var time: String
        public var difficulty: Double?
        public var target: String?
        /// Expected hashes per share at this difficulty or target, by the dialect's formula.
        public var hashesPerShare: Double?
    }

    /// A rate the miner reported itself.
    public struct Hashrate: Codable, Sendable, Hashable {
        public var time: String
        public var hashesPerSecond: Double
    }

    /// A quoted piece of evidence and where it was seen.
    public struct EvidenceItem: Codable, Sendable, Hashable {
        public var label: String
        public var excerpt: String
        public var file: String?
        public var offset: Int64?
        public var packet: Int64?
        public var time: String?
    }

    /// A cryptocurrency node.
    public struct Node: Codable, Sendable, Hashable {
        public var ip: String
        public var network: String
        public var peers: [String]
        public var confidence: Confidence
        public var reason: String
    }
}

/// Every threshold a scan used, defaults included, and the data versions it relied on.
public struct ScanParameters: Codable, Sendable, Hashable {
    public var streamLimits: StreamLimits
    public var poolIndicators: String
    public var evidencePerSession: Int
    /// The device-profile data behind the power estimates.
    public var deviceProfiles: String
    /// The confidence level of hash-rate intervals.
    public var confidenceLevel: Double
    /// The electricity tariff used for costs (`--tariff`, `--surcharge`, `--tariff-multiplier`).
    public var tariff: Tariff?
    /// Whether the inputs were read as parts of one capture (`--rotated`).
    public var inputsAreOneCapture: Bool

    public init(
        streamLimits: StreamLimits,
        poolIndicators: String,
        evidencePerSession: Int,
        deviceProfiles: String,
        confidenceLevel: Double,
        tariff: Tariff? = nil,
        inputsAreOneCapture: Bool
    ) {
        self.streamLimits = streamLimits
        self.poolIndicators = poolIndicators
        self.evidencePerSession = evidencePerSession
        self.deviceProfiles = deviceProfiles
        self.confidenceLevel = confidenceLevel
        self.tariff = tariff
        self.inputsAreOneCapture = inputsAreOneCapture
    }
}

extension ScanDocument {
    /// Builds the document from a finished scan.
    public init(
        version: String,
        generatedAt: Timestamp?,
        inputs: [ScannedInput],
        parameters: ScanParameters,
        result: ScanResult,
        estimator: HashrateEstimator = HashrateEstimator(),
        profiles: DeviceProfiles,
        directory: OrganizationDirectory? = nil,
        directoryErrors: [String]? = nil
    ) {
        self.organizationDirectoryErrors = directoryErrors
        let hosts = result.hosts
        let nodes = result.nodes
        self.version = version
        self.generatedAt = generatedAt?.rfc3339(fractionDigits: 0)
        self.inputs = inputs
        self.parameters = parameters
        self.statistics = result.statistics
        self.hosts = hosts.map { Host($0, estimator: estimator, profiles: profiles) }
        self.ledger = nil
        if let directory {
            var estimates: [MiningHostEstimate] = []
            for (index, host) in self.hosts.enumerated() {
                self.hosts[index].organization = directory.organization(of: hosts[index].ip)
                for session in host.sessions {
                    let estimate = session.estimate
                    let rate = estimate?.hashesPerSecond.map { rate in
                        EstimateRange(
                            low: estimate?.lowerHashesPerSecond ?? rate,
                            typical: rate,
                            high: estimate?.upperHashesPerSecond ?? rate
                        )
                    }
                    estimates.append(
                        MiningHostEstimate(
                            address: hosts[index].ip,
                            family: estimate?.family ?? .unknown,
                            hashesPerSecond: rate,
                            kilowatts: estimate?.kilowatts
                        )
                    )
                }
            }
            self.ledger = MiningLedger(hosts: estimates, directory: directory)
        }
        self.poolLookups = result.poolLookups.map {
            PoolLookup(
                ip: $0.ip.description,
                names: $0.names,
                confidence: .weak,
                evidence: $0.evidence.map(EvidenceItem.init)
            )
        }
        self.nodes = nodes.map {
            Node(
                ip: $0.ip.description,
                network: $0.network,
                peers: $0.peers.map(\.description),
                confidence: $0.confidence,
                reason: $0.reason
            )
        }
        let sessions = hosts.flatMap(\.sessions)
        var dialects: [String: Int] = [:]
        for session in sessions { dialects[session.dialect, default: 0] += 1 }
        self.summary = Summary(
            miningHosts: hosts.count,
            confirmedHosts: hosts.filter { $0.confidence == .confirmed }.count,
            likelyHosts: hosts.filter { $0.confidence != .confirmed }.count,
            sessions: sessions.count,
            poolEndpoints: Set(sessions.map { Endpoint(ip: $0.pool.ip, port: $0.pool.port) }).count,
            poolTrafficBytes: sessions.reduce(0) { $0 + $1.toPool.bytes + $1.fromPool.bytes },
            sharesSubmitted: sessions.reduce(0) { $0 + ($1.protocolDetails?.shares.submitted ?? 0) },
            dialects: dialects,
            nodes: nodes.count,
            poolLookupHosts: result.poolLookups.count,
            hashesPerSecondByFamily: [:],
            kilowatts: .zero,
            kilowattHoursPerDay: .zero,
            costPerDay: nil
        )
        for host in self.hosts {
            for (family, range) in host.hashesPerSecondByFamily {
                self.summary.hashesPerSecondByFamily[family] =
                    (self.summary.hashesPerSecondByFamily[family] ?? .zero) + range
            }
            self.summary.kilowatts = self.summary.kilowatts + host.kilowatts
        }
        self.summary.kilowattHoursPerDay = self.summary.kilowatts.scaled(by: 24)
        if let tariff = parameters.tariff {
            self.summary.costPerDay = tariff.cost(kilowattHours: self.summary.kilowattHoursPerDay)
        }
    }
}

extension ScanDocument.Host {
    init(_ host: HostRecord, estimator: HashrateEstimator, profiles: DeviceProfiles) {
        self.ip = host.ip.description
        self.organization = nil
        self.poolBytes = host.sessions.reduce(0) { $0 + $1.toPool.bytes + $1.fromPool.bytes }
        let open = Self.openSeconds(host.sessions.map { ($0.firstSeen.nanoseconds, $0.lastSeen.nanoseconds) })
        self.poolBitsPerSecond = open > 0 ? Double(self.poolBytes) * 8 / open : 0
        self.confidence = host.confidence
        self.firstSeen = host.firstSeen?.rfc3339() ?? ""
        self.lastSeen = host.lastSeen?.rfc3339() ?? ""
        self.sessions = host.sessions.map {
            var session = ScanDocument.Session($0)
            session.estimate = SessionEstimate($0, estimator: estimator, profiles: profiles)
            return session
        }
        self.hashesPerSecondByFamily = [:]
        self.kilowatts = .zero
        for estimate in self.sessions.compactMap(\.estimate) {
            if let family = estimate.family, let rate = estimate.hashesPerSecond {
                let range = EstimateRange(
                    low: estimate.lowerHashesPerSecond ?? rate,
                    typical: rate,
                    high: estimate.upperHashesPerSecond ?? rate
                )
                self.hashesPerSecondByFamily[family.rawValue] =
                    (self.hashesPerSecondByFamily[family.rawValue] ?? .zero) + range
            }
            if let kilowatts = estimate.kilowatts { self.kilowatts = self.kilowatts + kilowatts }
        }
    }
}

extension ScanDocument.Host {
    /// Seconds covered by the union of `spans` (nanosecond start and end pairs).
    static func openSeconds(_ spans: [(Int64, Int64)]) -> Double {
        var covered: Int64 = 0
        var current: (Int64, Int64)?
        for span in spans.sorted(by: { $0.0 < $1.0 }) {
            if let open = current, span.0 <= open.1 {
                current = (open.0, max(open.1, span.1))
            } else {
                if let open = current { covered += open.1 - open.0 }
                current = (span.0, max(span.0, span.1))
            }
        }
        if let open = current { covered += open.1 - open.0 }
        return Double(covered) / 1e9
    }
}

extension ScanDocument.Session {
    init(_ record: SessionRecord) {
        let details = record.protocolDetails
        self.minerPort = record.miner.port
        self.pool = ScanDocument.Pool(ip: record.pool.ip.description, port: record.pool.port, names: record.pool.names)
        self.dialect = record.dialect
        self.algorithm = details?.algorithm
        self.coin = details?.coin
        self.login = details?.login
        self.wallet = details?.wallet
        self.worker = details?.worker
        self.agent = details?.agent
        let shares = details?.shares ?? ShareCounts()
        self.shares = ScanDocument.Shares(
            submitted: shares.submitted,
            accepted: shares.accepted,
            rejected: shares.rejected,
            unanswered: shares.unanswered
        )
        self.difficulty = (details?.difficulty ?? []).map {
            ScanDocument.Difficulty(
                time: $0.time.rfc3339(),
                difficulty: $0.difficulty,
                target: $0.target,
                hashesPerShare: $0.hashesPerShare
            )
        }
        self.reportedHashrates = (details?.reportedHashrates ?? []).map {
            ScanDocument.Hashrate(time: $0.time.rfc3339(), hashesPerSecond: $0.hashesPerSecond)
        }
        self.methods = details?.methodCounts ?? [:]
        self.firstSeen = record.firstSeen.rfc3339()
        self.lastSeen = record.lastSeen.rfc3339()
        self.durationSeconds = Double(record.lastSeen.nanoseconds - record.firstSeen.nanoseconds) / 1e9
        self.bytesToPool = record.toPool.bytes
        self.bytesFromPool = record.fromPool.bytes
        self.packetsToPool = record.toPool.packets
        self.packetsFromPool = record.fromPool.packets
        self.confidence = record.confidence
        self.reason = record.reason
        self.evidence = record.evidence.map(ScanDocument.EvidenceItem.init)
        self.limitsHit = details?.limitsHit ?? [:]
        self.estimate = nil
    }
}

extension ScanDocument.EvidenceItem {
    init(_ evidence: Evidence) {
        self.label = evidence.label
        self.excerpt = evidence.excerpt
        self.file = evidence.location?.file
        self.offset = evidence.location?.offset
        self.packet = evidence.location?.record
        self.time = evidence.location?.timestamp?.rfc3339()
    }
}
