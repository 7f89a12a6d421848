import Foundation
import PaichaCore

extension FundsDocument {
    /// The document in `format`.
    public func rendered(as format: FundsOutputFormat) throws -> String {
        switch format {
        case .json:
            return String(decoding: try StableJSONEncoder().encode(self), as: UTF8.self) + "\n"
        case .csv:
            return self.csv()
        case .text:
            return self.text()
        case .dot:
            return self.dot()
        case .html:
            return self.html()
        }
    }

    func dot() -> String {
        func quoted(_ text: String) -> String {
            "\"" + text.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
        }
        var out = "digraph funds {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n"
        out += "  edge [fontname=\"Helvetica\", fontsize=10];\n"
        var clusters: [(String, [TransferDocument], String)] = []
        if let alerts = self.alerts {
            for (number, alert) in alerts.enumerated() {
                clusters.append(
                    (
                        "\(number + 1). \(alert.pattern) \(alert.account) (score \(alert.score))", alert.transfers,
                        alert.account
                    )
                )
            }
        }
        if let trace = self.trace {
            for policy in trace.policies {
                var seen = Set<String>()
                let hops = policy.paths.flatMap(\.hops).filter { seen.insert($0.id).inserted }
                clusters.append(("\(policy.policy): \(policy.tracedAmount) traced", hops, trace.source))
            }
        }
        for (index, cluster) in clusters.enumerated() {
            out += "  subgraph cluster_\(index) {\n    label=\(quoted(cluster.0));\n"
            out += "    \(quoted("\(index):\(cluster.2)")) [label=\(quoted(cluster.2)), style=bold];\n"
            for transfer in cluster.1 {
                for account in [transfer.from, transfer.to] where account != cluster.2 {
                    out += "    \(quoted("\(index):\(account)")) [label=\(quoted(account))];\n"
                }
                let label = "\(transfer.amount) \(transfer.time)"
                out +=
                    "    \(quoted("\(index):\(transfer.from)")) -> \(quoted("\(index):\(transfer.to)")) [label=\(quoted(label))];\n"
            }
            out += "  }\n"
        }
        return out + "}\n"
    }

    func csv() -> String {
        var out = ""
        if let alerts = self.alerts {
            out += FundsCSV.record([
                "alert", "pattern", "score", "account", "transferId", "from", "to", "time", "amount", "currency",
                "channel",
            ])
            for (number, alert) in alerts.enumerated() {
                for transfer in alert.transfers {
                    out += FundsCSV.record([
                        String(number + 1), alert.pattern, alert.score, alert.account, transfer.id, transfer.from,
                        transfer.to, transfer.time, transfer.amount, transfer.currency, transfer.channel,
                    ])
                }
            }
        }
        if let trace = self.trace {
            out += FundsCSV.record(["policy", "direction", "account", "amount", "held", "atDepthLimit"])
            for policy in trace.policies {
                for destination in policy.destinations {
                    out += FundsCSV.record([
                        policy.policy, trace.direction, destination.account, destination.amount, destination.held,
                        destination.atDepthLimit,
                    ])
                }
            }
        }
        return out
    }

    func text() -> String {
        var out = "paicha \(self.command): \(Units.count(Int64(self.ledger.transfers))) transfers among "
        out += "\(Units.count(Int64(self.ledger.accounts))) accounts"
        if let first = self.ledger.firstTime, let last = self.ledger.lastTime { out += ", \(first) – \(last)" }
        out += "\n"
        for input in self.inputs {
            out +=
                "  \(input.file)\(input.layout.isEmpty ? "" : " (\(input.layout))"): \(Units.count(input.transfers)) transfers"
            out += input.badRows > 0 ? ", \(Units.count(input.badRows)) bad rows" : ""
            out += input.error.map { ", stopped: \($0)" } ?? ""
            out += "\n"
        }
        for row in self.badRows.prefix(10) { out += "  bad row \(row)\n" }
        if self.badRowCount > 10 { out += "  … \(self.badRowCount - 10) more bad rows (see --format json)\n" }
        if let alerts = self.alerts {
            out += "\n\(alerts.count) alerts\n"
            if !alerts.isEmpty {
                var rows = [["pattern", "score", "account", "accounts", "transfers", "amount", "start", "end"]]
                for alert in alerts.prefix(200) {
                    rows.append([
                        alert.pattern, Units.fixed(Double(alert.score) ?? 0, decimals: 2), alert.account,
                        String(alert.accounts.count), String(alert.transfers.count), alert.totalAmount, alert.start,
                        alert.end,
                    ])
                }
                out += FundsTable.render(rows, rightAligned: [1, 3, 4, 5])
                if alerts.count > 200 { out += "… \(alerts.count - 200) more (see --format json)\n" }
            }
        }
        if let trace = self.trace {
            out += "\n\(trace.direction) trace from \(trace.sourceKind) \(trace.source): "
            out += "\(trace.seeds.count) seed transfers, \(trace.sourceAmount) \(trace.currency)\n"
            var rows = [["policy", "traced", "conserved", "destinations", "tainted transfers"]]
            for policy in trace.policies {
                rows.append([
                    policy.policy, policy.tracedAmount, policy.conserved ? "yes" : "no",
                    String(policy.destinations.count), String(policy.taintedTransfers),
                ])
            }
            out += "\n" + FundsTable.render(rows, rightAligned: [1, 3, 4])
            if !trace.comparison.isEmpty {
                let names = trace.policies.map(\.policy)
                var comparison = [["account"] + names]
                for row in trace.comparison.prefix(30) {
                    comparison.append([row.account] + names.map { row.amounts[$0] ?? "" })
                }
                out += "\ndestinations by policy\n" + FundsTable.render(comparison, rightAligned: Set(1...names.count))
            }
        }
        return out
    }
}

/// RFC 4180 CSV records.
enum FundsCSV {
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }

    static func record(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") + "\r\n" }
}

/// Aligned text tables.
enum FundsTable {
    static func render(_ rows: [[String]], rightAligned: Set<Int>) -> String {
        guard let header = rows.first else { return "" }
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        var out = ""
        for row in rows {
            var line = ""
            for (index, cell) in row.enumerated() {
                let pad = String(repeating: " ", count: max(0, widths[index] - cell.count))
                if index > 0 { line += "  " }
                line += rightAligned.contains(index) ? pad + cell : cell + (index == row.count - 1 ? "" : pad)
            }
            out += line + "\n"
        }
        return out
    }
}
