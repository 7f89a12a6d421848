public import PaichaCore
public import PaichaMining

/// A pool endpoint as a session saw it: address, port and every name seen for it.
public struct PoolEndpoint: Sendable, Hashable, Codable {
    /// The pool's address.
    public var ip: IPAddress
    /// The pool's port.
    public var port: UInt16
    /// Names for the pool, each with where it was seen (`dns`, `sni`, `protocol`).
    public var names: [SeenName]

    public init(ip: IPAddress, port: UInt16, names: [SeenName]) {
        self.ip = ip
        self.port = port
        self.names = names
    }
}

/// A host name and where it was seen.
public struct SeenName: Sendable, Hashable, Codable, Comparable {
    /// The name, lower case, without a trailing dot.
    public var name: String
    /// Where it came from: `dns`, `sni` or `protocol`.
    public var source: String

    public init(name: String, source: String) {
        self.name = name
        self.source = source
    }

    public static func < (lhs: SeenName, rhs: SeenName) -> Bool { (lhs.name, lhs.source) < (rhs.name, rhs.source) }
}

/// One mining conversation between a miner and a pool.
public struct SessionRecord: Sendable, Hashable, Codable {
    /// The miner's address and port.
    public var miner: Endpoint
    /// The pool it spoke to.
    public var pool: PoolEndpoint
    /// The dialect (`stratum-v1`, `cryptonote`, …), or `tls` / `unknown` when only indicators speak.
    public var dialect: String
    /// What the protocol told, when it could be read.
    public var protocolDetails: MiningSession?
    /// Bytes and packets from the miner to the pool.
    public var toPool: DirectionCounters
    /// Bytes and packets from the pool to the miner.
    public var fromPool: DirectionCounters
    /// First packet of the connection.
    public var firstSeen: Timestamp
    /// Last packet of the connection.
    public var lastSeen: Timestamp
    /// How sure the scanner is.
    public var confidence: Confidence
    /// Why, in one sentence.
    public var reason: String
    /// What it rests on.
    public var evidence: [Evidence]

    public init(
        miner: Endpoint,
        pool: PoolEndpoint,
        dialect: String,
        protocolDetails: MiningSession?,
        toPool: DirectionCounters,
        fromPool: DirectionCounters,
        firstSeen: Timestamp,
        lastSeen: Timestamp,
        confidence: Confidence,
        reason: String,
        evidence: [Evidence]
    ) {
        self.miner = miner
        self.pool = pool
        self.dialect = dialect
        self.protocolDetails = protocolDetails
        self.toPool = toPool
        self.fromPool = fromPool
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.confidence = confidence
        self.reason = reason
        self.evidence = evidence
    }
}

/// A host that mines, with all its sessions.
public struct HostRecord: Sendable, Hashable, Codable {
    /// The miner's address.
    public var ip: IPAddress
    /// Its mining sessions, in order of first packet.
    public var sessions: [SessionRecord]

    public init(ip: IPAddress, sessions: [SessionRecord]) {
        self.ip = ip
        self.sessions = sessions
    }

    /// The strongest confidence of any session.
    public var confidence: Confidence { self.sessions.map(\.confidence).max() ?? .weak }
    /// The first packet of any session.
    public var firstSeen: Timestamp? { self.sessions.map(\.firstSeen).min() }
    /// The last packet of any session.
    public var lastSeen: Timestamp? { self.sessions.map(\.lastSeen).max() }
}

/// A cryptocurrency node (peer-to-peer traffic): reported, but not a miner.
public struct NodeRecord: Sendable, Hashable, Codable {
    /// The address that speaks the node protocol.
    public var ip: IPAddress
    /// The network (`bitcoin`, `monero`, `ethereum`, …).
    public var network: String
    /// Peers it spoke to, at most a bounded number.
    public var peers: [Endpoint]
    /// Why.
    public var reason: String
    /// How sure.
    public var confidence: Confidence

    public init(ip: IPAddress, network: String, peers: [Endpoint], reason: String, confidence: Confidence) {
        self.ip = ip
        self.network = network
        self.peers = peers
        self.reason = reason
        self.confidence = confidence
    }
}

/// An input file as scanned: its size and SHA-256, and the error that stopped it, if any.
public struct ScannedInput: Sendable, Hashable, Codable {
    /// The file name as given (`-` for standard input).
    public var file: String
    /// Bytes read from it (compressed size for gzip files).
    public var bytes: Int64
    /// SHA-256 of those bytes, hex; absent when hashing was turned off (`--no-hash`).
    public var sha256: String?
    /// Packets read from it.
    public var packets: Int64
    /// The capture format (`pcap`, `pcapng`, with `+gzip`).
    public var format: String
    /// The error that ended reading early, with file and byte offset; what was read before it is kept.
    public var error: String?

    public init(file: String, bytes: Int64, sha256: String?, packets: Int64, format: String, error: String?) {
        self.file = file
        self.bytes = bytes
        self.sha256 = sha256
        self.packets = packets
        self.format = format
        self.error = error
    }
}

/// A host that asked DNS for pool names, with no mining session of its own: a weak sign, reported apart.
public struct PoolLookupRecord: Sendable, Hashable, Codable {
    /// The client that asked.
    public var ip: IPAddress
    /// The pool names it asked for (at most 16).
    public var names: [String]
    /// The DNS answers, quoted with where they were seen.
    public var evidence: [Evidence]

    public init(ip: IPAddress, names: [String], evidence: [Evidence]) {
        self.ip = ip
        self.names = names
        self.evidence = evidence
    }
}

/// What a finished scan found.
public struct ScanResult: Sendable, Hashable {
    /// Hosts that mine, by address.
    public var hosts: [HostRecord]
    /// Cryptocurrency nodes (not miners).
    public var nodes: [NodeRecord]
    /// Hosts that only looked up pool names.
    public var poolLookups: [PoolLookupRecord]
    /// Counts of what was read and every limit hit.
    public var statistics: ScanStatistics

    public init(hosts: [HostRecord], nodes: [NodeRecord], poolLookups: [PoolLookupRecord], statistics: ScanStatistics) {
        self.hosts = hosts
        self.nodes = nodes
        self.poolLookups = poolLookups
        self.statistics = statistics
    }
}
