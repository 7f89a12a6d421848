import Foundation
import PaichaCore
import PaichaEstimates
import PaichaScan

/// The output forms of a scan.
public enum ScanOutputFormat: String, Sendable, CaseIterable {
    /// Aligned tables for a person.
    case text
    /// One JSON document.
    case json
    /// One JSON object per line: each session, each node, then the summary.
    case jsonl
    /// One CSV row per session.
    case csv
}

extension ScanDocument {
    /// The document in the given format.
    public func rendered(as format: ScanOutputFormat) throws -> String {
        switch format {
        case .text: self.text()
        case .json: try self.json()
        case .jsonl: try self.jsonLines()
        case .csv: self.csv()
        }
    }

    /// Sorted keys, slashes as they are, non-finite numbers as `Infinity`, `-Infinity` and `NaN`.
    static func encoder(pretty: Bool) -> StableJSONEncoder {
        StableJSONEncoder(
            prettyPrinted: pretty,
            nonConformingFloats: .init(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        )
    }

    /// The whole document as pretty, key-sorted JSON ending in a newline.
    public func json() throws -> String {
        String(decoding: try Self.encoder(pretty: true).encode(self), as: UTF8.self) + "\n"
    }

    /// Sessions, nodes and the summary as JSON lines, each with a `type`.
    public func jsonLines() throws -> String {
        struct SessionLine: Encodable {
            var type = "session"
            var host: String
            var session: ScanDocument.Session
        }
        struct NodeLine: Encodable {
            var type = "node"
            var node: ScanDocument.Node
        }
        struct SummaryLine: Encodable {
            var type = "summary"
            var tool: String
            var version: String
            var inputs: [String]
            var summary: ScanDocument.Summary
        }
        let encoder = Self.encoder(pretty: false)
        var lines: [String] = []
        for host in self.hosts {
            for session in host.sessions {
                lines.append(
                    String(decoding: try encoder.encode(SessionLine(host: host.ip, session: session)), as: UTF8.self)
                )
            }
        }
        for node in self.nodes {
            lines.append(String(decoding: try encoder.encode(NodeLine(node: node)), as: UTF8.self))
        }
        let summary = SummaryLine(
            tool: self.tool,
            version: self.version,
            inputs: self.inputs.map(\.file),
            summary: self.summary
        )
        lines.append(String(decoding: try encoder.encode(summary), as: UTF8.self))
        return lines.joined(separator: "\n") + "\n"
    }

    /// The CSV header row.
    public static let csvColumns = [
        "host", "minerPort", "poolIp", "poolPort", "poolNames", "dialect", "algorithm", "coin", "login", "wallet",
        "worker", "agent", "sharesSubmitted", "sharesAccepted", "sharesRejected", "lastDifficulty",
        "reportedHashesPerSecond", "firstSeen", "lastSeen", "bytesToPool", "bytesFromPool", "confidence", "reason",
    ]

    /// One CSV row per session, with a header.
    public func csv() -> String {
        var text = CSVWriter.record(Self.csvColumns)
        for host in self.hosts {
            for s in host.sessions {
                let lastDifficulty = s.difficulty.last.map { $0.difficulty.map { "\($0)" } ?? $0.target ?? "" } ?? ""
                text += CSVWriter.record([
                    host.ip, "\(s.minerPort)", s.pool.ip, "\(s.pool.port)",
                    s.pool.names.map(\.name).uniqued().joined(separator: " "), s.dialect, s.algorithm ?? "",
                    s.coin ?? "", s.login ?? "", s.wallet ?? "", s.worker ?? "", s.agent ?? "",
                    "\(s.shares.submitted)", "\(s.shares.accepted)", "\(s.shares.rejected)", lastDifficulty,
                    s.reportedHashrates.last.map { "\($0.hashesPerSecond)" } ?? "", s.firstSeen, s.lastSeen,
                    "\(s.bytesToPool)", "\(s.bytesFromPool)", s.confidence.rawValue, s.reason,
                ])
            }
        }
        return text
    }

    /// Aligned tables for a terminal: the summary, the sessions by host, nodes, and warnings.
    public func text() -> String {
        var out = ""
        let s = self.summary
        out += "paicha scan: \(self.inputs.count) input\(self.inputs.count == 1 ? "" : "s"), "
        out += "\(Units.count(self.statistics.packets)) packets, "
        out += "\(Units.si(Double(self.statistics.bytes), "B"))\n"
        out +=
            "\(s.miningHosts) mining host\(s.miningHosts == 1 ? "" : "s") (\(s.confirmedHosts) confirmed, \(s.likelyHosts) likely), "
        out +=
            "\(s.sessions) session\(s.sessions == 1 ? "" : "s") to \(s.poolEndpoints) pool endpoint\(s.poolEndpoints == 1 ? "" : "s"), "
        out += "\(Units.si(Double(s.poolTrafficBytes), "B")) of pool traffic, \(s.sharesSubmitted) shares submitted"
        if s.nodes > 0 { out += "; \(s.nodes) cryptocurrency node\(s.nodes == 1 ? "" : "s") (not miners)" }
        out += "\n"
        if !s.hashesPerSecondByFamily.isEmpty {
            let rates = s.hashesPerSecondByFamily.sorted { $0.key < $1.key }.map { family, range in
                "\(family) \(Units.si(range.typical, "H/s")) (\(Units.si(range.low, "H/s"))–\(Units.si(range.high, "H/s")))"
            }
            out += "estimated hash rate: " + rates.joined(separator: ", ")
            out += "; power \(Units.si(s.kilowatts.typical * 1000, "W")) (\(Units.si(s.kilowatts.low * 1000, "W"))–"
            out +=
                "\(Units.si(s.kilowatts.high * 1000, "W"))), \(Units.si(s.kilowattHoursPerDay.typical * 1000, "Wh")) a day"
            if let cost = s.costPerDay, let tariff = self.parameters.tariff {
                out += ", costing \(Units.fixed(cost.typical, decimals: 2)) \(tariff.currency) a day"
                out += " (\(Units.fixed(cost.low, decimals: 2))–\(Units.fixed(cost.high, decimals: 2)))"
            }
            out += "\n"
        }

        if !self.hosts.isEmpty {
            var table = TextTable(columns: [
                .init("HOST", maximumWidth: 39), .init("POOL", maximumWidth: 46), .init("NAME", maximumWidth: 28),
                .init("DIALECT"), .init("ALGO", maximumWidth: 12), .init("LOGIN", maximumWidth: 24),
                .init("AGENT", maximumWidth: 22), .init("SHARES", .right), .init("RATE (95 % interval)", .right),
                .init("REPORTED", .right), .init("POWER", .right), .init("TRAFFIC", .right),
                .init("DURATION", .right), .init("CONFIDENCE"),
            ])
            for host in self.hosts {
                for (index, session) in host.sessions.enumerated() {
                    let pool =
                        session.pool.ip.contains(":")
                        ? "[\(session.pool.ip)]:\(session.pool.port)" : "\(session.pool.ip):\(session.pool.port)"
                    let shares =
                        session.shares.submitted == 0 && session.dialect == "tls" || session.dialect == "unknown"
                        ? "–" : "\(session.shares.accepted)/\(session.shares.submitted)"
                    table.append([
                        index == 0 ? host.ip : "", pool, session.pool.names.first?.name ?? "", session.dialect,
                        session.algorithm ?? "", session.login ?? "", session.agent ?? "", shares,
                        Self.rate(session.estimate),
                        session.reportedHashrates.last.map { Units.si($0.hashesPerSecond, "H/s") } ?? "",
                        session.estimate?.kilowatts.map { Units.si($0.typical * 1000, "W") } ?? "",
                        Units.si(Double(session.bytesToPool + session.bytesFromPool), "B"),
                        Units.duration(seconds: session.durationSeconds), session.confidence.rawValue,
                    ])
                }
            }
            out += "\n" + table.render()
            out += "SHARES is accepted/submitted as the pool answered. RATE is estimated from the accepted shares "
            out +=
                "and their difficulty over the session; REPORTED is the miner's own figure; POWER from typical devices.\n"
        }
        if !self.nodes.isEmpty {
            var table = TextTable(columns: [
                .init("NODE"), .init("NETWORK"), .init("PEERS", .right), .init("REASON", maximumWidth: 100),
            ])
            for node in self.nodes { table.append([node.ip, node.network, "\(node.peers.count)", node.reason]) }
            out += "\n" + table.render()
        }
        if let ledger = self.ledger {
            out += "\n" + Self.ledgerText(ledger)
        }
        if !self.poolLookups.isEmpty {
            var table = TextTable(columns: [.init("LOOKED UP POOL NAMES"), .init("NAMES", maximumWidth: 90)])
            for lookup in self.poolLookups { table.append([lookup.ip, lookup.names.joined(separator: " ")]) }
            out += "\n" + table.render()
            out += "These hosts asked DNS for pool names but no mining connection of theirs was seen (weak).\n"
        }
        let warnings = self.warnings()
        if !warnings.isEmpty {
            out += "\n" + warnings.map { "warning: \($0)" }.joined(separator: "\n") + "\n"
        }
        return out
    }

    /// The regulators' summary by organization: the institutional share, hosts by category, and the ledger.
    static func ledgerText(_ ledger: MiningLedger) -> String {
        var out = ""
        if let share = ledger.institutionalShare {
            out +=
                "\(Units.fixed(share * 100, decimals: 1)) % of the mining hosts (\(ledger.institutionalHostCount) of "
            out += "\(ledger.hostCount)) belong to government bodies, public institutions, schools and enterprises.\n"
        }
        var categories = TextTable(columns: [.init("CATEGORY"), .init("类别"), .init("HOSTS", .right)])
        for category in OrganizationCategory.allCases {
            guard let count = ledger.hostsByCategory[category], count > 0 else { continue }
            categories.append([category.englishLabel, category.chineseLabel, "\(count)"])
        }
        out += "\n" + categories.render()
        var lines = TextTable(columns: [
            .init("ORGANIZATION", maximumWidth: 36), .init("CATEGORY"), .init("REGION", maximumWidth: 30),
            .init("HOSTS", .right), .init("HASH RATE", maximumWidth: 60), .init("POWER", .right),
            .init("PER DAY", .right),
        ])
        for line in ledger.lines {
            let name: String
            var region = ""
            switch line.holder {
            case .organization(let organization):
                name = organization.name
                region = [organization.province, organization.city, organization.county].compactMap { $0 }.joined(
                    separator: " "
                )
            case .unattributed(let block):
                name = "unattributed \(block)"
            }
            let rates = line.hashesPerSecond.sorted { $0.key.rawValue < $1.key.rawValue }.map {
                "\($0.key.rawValue) \(Units.si($0.value.typical, "H/s"))"
            }
            lines.append([
                name, line.holder.category.englishLabel, region, "\(line.addresses.count)",
                rates.joined(separator: ", "),
                Units.si(line.kilowatts.typical * 1000, "W"), Units.si(line.kilowattHoursPerDay.typical * 1000, "Wh"),
            ])
        }
        out += "\n" + lines.render()
        return out
    }

    /// `519 H/s (401–663)`: the point estimate and its interval, or the reason there is none.
    static func rate(_ estimate: SessionEstimate?) -> String {
        guard let estimate, let rate = estimate.hashesPerSecond else { return "" }
        guard let low = estimate.lowerHashesPerSecond, let high = estimate.upperHashesPerSecond else {
            return Units.si(rate, "H/s")
        }
        return
            "\(Units.si(rate, "H/s")) (\(Units.significant(low / Self.scale(rate)))–\(Units.significant(high / Self.scale(rate))))"
    }

    /// The SI scale `Units.si` picks for `value`, so that interval ends share the point estimate's prefix.
    static func scale(_ value: Double) -> Double {
        var scale = 1.0
        while value >= scale * 1000 * 0.9995, scale < 1e24 { scale *= 1000 }
        return scale
    }

    /// Problems a reader should know about: input errors, unsupported link types, limits hit.
    public func warnings() -> [String] {
        var result: [String] = []
        for input in self.inputs { if let error = input.error { result.append(error) } }
        result += self.organizationDirectoryErrors ?? []
        for (link, count) in self.statistics.unsupportedLinkTypes.sorted(by: { $0.key < $1.key }) {
            result.append("\(count) packets with unsupported link type \(link) were not decoded")
        }
        for (limit, count) in self.statistics.limitsHit.sorted(by: { $0.key < $1.key }) where count > 0 {
            result.append("limit \(limit) was hit \(count) time\(count == 1 ? "" : "s")")
        }
        return result
    }
}

extension Array where Element: Hashable {
    fileprivate func uniqued() -> [Element] {
        var seen = Set<Element>()
        return self.filter { seen.insert($0).inserted }
    }
}
