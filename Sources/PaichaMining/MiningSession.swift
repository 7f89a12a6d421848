public import PaichaCore

/// A mining protocol dialect.
public enum MiningDialect: String, Sendable, Hashable, Codable, CaseIterable {
    /// Stratum V1 as Bitcoin pools speak it (`mining.subscribe`, `mining.notify`, `mining.submit`).
    case stratumV1 = "stratum-v1"
    /// CryptoNote/Monero Stratum (`login`, `job`, `submit`, `keepalived`).
    case cryptonote = "cryptonote"
    /// Ethereum "eth-proxy" Stratum (`eth_submitLogin`, `eth_getWork`, `eth_submitWork`).
    case ethProxy = "eth-proxy"
    /// EthereumStratum/1.0.0 as NiceHash specified it (`mining.subscribe` with the protocol name, `mining.set_difficulty`).
    case ethereumStratum = "ethereum-stratum"
    /// Bitcoin `getwork` over HTTP POST.
    case getwork = "getwork"
    /// Bitcoin `getblocktemplate` over HTTP POST.
    case getblocktemplate = "getblocktemplate"
    /// Stratum V2 (binary frames inside a Noise handshake): recognised by shape only.
    case stratumV2 = "stratum-v2"
}

/// A value the pool set for the miner's work, and when.
public struct DifficultyChange: Hashable, Sendable, Codable {
    /// When it was set.
    public var time: Timestamp
    /// The share difficulty (Bitcoin-style: 1 = 2^32 hashes per share), if the dialect sends a difficulty.
    public var difficulty: Double?
    /// The target as sent (hex), if the dialect sends a target (`mining.set_target`, CryptoNote `target`, getWork boundary).
    public var target: String?
    /// The expected number of hashes (for Equihash: solutions tried) per share at this difficulty, where the
    /// dialect and algorithm fix its meaning (2^256 / target; CryptoNote 0xFFFFFFFF / compact target;
    /// Bitcoin-style difficulty × 2^32 for sha256d and EthereumStratum). Multiply by accepted shares and divide
    /// by time to estimate a hash rate.
    public var hashesPerShare: Double?

    public init(time: Timestamp, difficulty: Double? = nil, target: String? = nil, hashesPerShare: Double? = nil) {
        self.time = time
        self.difficulty = difficulty
        self.target = target
        self.hashesPerShare = hashesPerShare
    }
}

/// A hash rate the miner reported itself (e.g. `eth_submitHashrate`).
public struct ReportedHashrate: Hashable, Sendable, Codable {
    /// When it was reported.
    public var time: Timestamp
    /// Hashes per second as reported.
    public var hashesPerSecond: Double

    public init(time: Timestamp, hashesPerSecond: Double) {
        self.time = time
        self.hashesPerSecond = hashesPerSecond
    }
}

/// A share the pool answered, and when.
public struct ShareAnswer: Hashable, Sendable, Codable {
    /// When the answer was seen.
    public var time: Timestamp
    /// Whether the pool accepted the share.
    public var accepted: Bool

    public init(time: Timestamp, accepted: Bool) {
        self.time = time
        self.accepted = accepted
    }
}

/// Share submissions and the pool's answers.
public struct ShareCounts: Hashable, Sendable, Codable {
    /// Shares submitted by the miner.
    public var submitted: Int
    /// Submissions the pool answered as accepted.
    public var accepted: Int
    /// Submissions the pool answered as rejected (error or `false`).
    public var rejected: Int
    /// Submissions with no answer seen (capture ended, gap, or one-sided capture).
    public var unanswered: Int { max(0, self.submitted - self.accepted - self.rejected) }

    public init(submitted: Int = 0, accepted: Int = 0, rejected: Int = 0) {
        self.submitted = submitted
        self.accepted = accepted
        self.rejected = rejected
    }
}

/// What one mining conversation (a TCP connection) tells: who, to whom, how, how much.
public struct MiningSession: Hashable, Sendable, Codable {
    /// The protocol dialect.
    public var dialect: MiningDialect
    /// The algorithm, where the conversation names it (`rx/0`, `ethash`, `equihash`, `sha256d`) or the dialect implies it.
    public var algorithm: String?
    /// The coin, where it can be told (`XMR`, `ETH`, `ZEC`, `BTC`).
    public var coin: String?
    /// The login as sent (wallet, or wallet.worker, or user name).
    public var login: String?
    /// The wallet part of the login, where it looks like an address.
    public var wallet: String?
    /// The worker name, where the login carries one (`wallet.worker`, `eth_submitLogin` worker param).
    public var worker: String?
    /// The miner software as it names itself (`XMRig/6.21.0`, `bfgminer/5.4.2`).
    public var agent: String?
    /// Host names the miner named for the pool inside the protocol (e.g. `mining.subscribe` or `login` params).
    public var poolNames: [String]
    /// Which direction carries the miner's requests.
    public var minerDirection: FlowDirection
    /// First message time.
    public var firstSeen: Timestamp
    /// Last message time.
    public var lastSeen: Timestamp
    /// Share submissions and answers.
    public var shares: ShareCounts
    /// Difficulty / target over time, in the order the pool set them.
    public var difficulty: [DifficultyChange]
    /// Rates the miner reported itself.
    public var reportedHashrates: [ReportedHashrate]
    /// Each answered share with its time, in order (at most `StratumLimits.maximumTimedShares`).
    public var shareAnswers: [ShareAnswer]
    /// How many times each method was seen (requests and notifications), keyed by method name.
    public var methodCounts: [String: Int]
    /// Confirmed when requests and matching replies were both read; likely when only one side or only the shape.
    public var confidence: Confidence
    /// Why, in one sentence (nDPI style: `[PLAIN TEXT (mining.subscribe)] reply matched by id`).
    public var reason: String
    /// The first messages quoted, each with where it was seen.
    public var evidence: [Evidence]
    /// Named limits that were hit while reading this session, with how often.
    public var limitsHit: [String: Int]

    public init(
        dialect: MiningDialect,
        algorithm: String? = nil,
        coin: String? = nil,
        login: String? = nil,
        wallet: String? = nil,
        worker: String? = nil,
        agent: String? = nil,
        poolNames: [String] = [],
        minerDirection: FlowDirection,
        firstSeen: Timestamp,
        lastSeen: Timestamp,
        shares: ShareCounts = ShareCounts(),
        difficulty: [DifficultyChange] = [],
        reportedHashrates: [ReportedHashrate] = [],
        shareAnswers: [ShareAnswer] = [],
        methodCounts: [String: Int] = [:],
        confidence: Confidence,
        reason: String,
        evidence: [Evidence] = [],
        limitsHit: [String: Int] = [:]
    ) {
        self.dialect = dialect
        self.algorithm = algorithm
        self.coin = coin
        self.login = login
        self.wallet = wallet
        self.worker = worker
        self.agent = agent
        self.poolNames = poolNames
        self.minerDirection = minerDirection
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.shares = shares
        self.difficulty = difficulty
        self.reportedHashrates = reportedHashrates
        self.shareAnswers = shareAnswers
        self.methodCounts = methodCounts
        self.confidence = confidence
        self.reason = reason
        self.evidence = evidence
        self.limitsHit = limitsHit
    }
}
