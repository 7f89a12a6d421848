/// What a correct scanner must conclude about one scenario.
public struct Truth: Hashable, Sendable, Codable {
    /// The verdict for benign scenarios.
    public static let notAMiner = "not a miner"
    /// The verdict for mining scenarios.
    public static let miner = "miner"
    /// The verdict for a host that only looked up a pool name (an indicator, not a session).
    public static let indicator = "indicator"

    /// The scenario's name.
    public var scenario: String
    /// `miner` or `not a miner`.
    public var verdict: String
    /// How sure a scanner can be (`confirmed`, `likely`, `weak`, as `Confidence` raw values); nil when benign.
    public var confidence: String?
    /// The client host.
    public var host: String
    /// The server endpoint (`ip:port` or `[ip]:port`).
    public var server: String
    /// The `MiningDialect` raw value (`stratum-v1`, `cryptonote`, …), nil for benign traffic.
    public var dialect: String?
    /// The login / wallet (with worker) the miner used.
    public var login: String?
    /// The worker name, when the dialect carries one separately.
    public var worker: String?
    /// The miner's user agent.
    public var agent: String?
    /// Shares submitted.
    public var submitted: Int
    /// Shares accepted.
    public var accepted: Int
    /// Shares rejected.
    public var rejected: Int
    /// Difficulty values the pool set, in order.
    public var difficulties: [Double]
    /// Targets the pool set (hex), in order.
    public var targets: [String]
    /// The hash rate the miner reported (H/s).
    public var reportedHashRate: Double?
    /// DNS names / SNI tied to the server.
    public var names: [String]
    /// What is special about this scenario.
    public var notes: String

    /// Makes a truth.
    public init(
        scenario: String,
        verdict: String,
        confidence: String? = nil,
        host: String,
        server: String,
        dialect: String? = nil,
        login: String? = nil,
        worker: String? = nil,
        agent: String? = nil,
        submitted: Int = 0,
        accepted: Int = 0,
        rejected: Int = 0,
        difficulties: [Double] = [],
        targets: [String] = [],
        reportedHashRate: Double? = nil,
        names: [String] = [],
        notes: String = ""
    ) {
        self.scenario = scenario
        self.verdict = verdict
        self.confidence = confidence
        self.host = host
        self.server = server
        self.dialect = dialect
        self.login = login
        self.worker = worker
        self.agent = agent
        self.submitted = submitted
        self.accepted = accepted
        self.rejected = rejected
        self.difficulties = difficulties
        self.targets = targets
        self.reportedHashRate = reportedHashRate
        self.names = names
        self.notes = notes
    }
}

/// A scenario's output: its frames in capture order and the truths about it.
public struct ScenarioOutput: Sendable {
    /// The scenario's name.
    public var name: String
    /// The frames, timestamps non-decreasing.
    public var frames: [Frame]
    /// What a scanner must conclude.
    public var truths: [Truth]

    /// Makes an output.
    public init(name: String, frames: [Frame], truths: [Truth]) {
        self.name = name
        self.frames = frames
        self.truths = truths
    }
}

extension ScenarioOutput {
    /// The same output with `note` appended to every truth's notes.
    public func annotated(_ note: String) -> ScenarioOutput {
        var copy = self
        copy.truths = self.truths.map { truth in
            var truth = truth
            truth.notes = truth.notes.isEmpty ? note : truth.notes + "; " + note
            return truth
        }
        return copy
    }
}
