import PaichaCore

extension Truth {
    /// What a scanner must conclude about the client of `path`, a miner talking to its server.
    static func miner(
        _ scenario: String,
        _ path: NetworkPath,
        confidence: String = "confirmed",
        dialect: String? = nil,
        login: String? = nil,
        worker: String? = nil,
        agent: String? = nil,
        shares: ShareTally = ShareTally(),
        difficulties: [Double] = [],
        targets: [String] = [],
        reportedHashRate: Double? = nil,
        names: [String] = [],
        notes: String
    ) -> Truth {
        Truth(
            scenario: scenario,
            verdict: Truth.miner,
            confidence: confidence,
            host: "\(path.client.ip)",
            server: "\(path.server)",
            dialect: dialect,
            login: login,
            worker: worker,
            agent: agent,
            submitted: shares.submitted,
            accepted: shares.accepted,
            rejected: shares.rejected,
            difficulties: difficulties,
            targets: targets,
            reportedHashRate: reportedHashRate,
            names: names,
            notes: notes
        )
    }

    /// What a scanner must conclude about the client of `path` that only looked pool names up at its resolver:
    /// a weak indicator, not a mining session.
    static func indicator(_ scenario: String, _ path: NetworkPath, names: [String], notes: String) -> Truth {
        Truth(
            scenario: scenario,
            verdict: Truth.indicator,
            confidence: "weak",
            host: "\(path.client.ip)",
            server: "\(path.server)",
            names: names,
            notes: notes
        )
    }

    /// What a scanner must conclude about the client of `path`, ordinary traffic: not a miner.
    static func benign(_ scenario: String, _ path: NetworkPath, names: [String] = [], notes: String) -> Truth {
        Truth(
            scenario: scenario,
            verdict: Truth.notAMiner,
            host: "\(path.client.ip)",
            server: "\(path.server)",
            names: names,
            notes: notes
        )
    }
}
