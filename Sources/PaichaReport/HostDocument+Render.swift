import Foundation
import PaichaCore
import PaichaHost

extension HostDocument {
    /// The document in the given format (`text`, `json`, `jsonl`: one line per finding then the summary,
    /// `csv`: one row per finding).
    public func rendered(as format: ScanOutputFormat) throws -> String {
        switch format {
        case .text: self.text()
        case .json: try self.json()
        case .jsonl: try self.jsonLines()
        case .csv: self.csv()
        }
    }

    /// The whole document as pretty, key-sorted JSON ending in a newline.
    public func json() throws -> String {
        String(decoding: try ScanDocument.encoder(pretty: true).encode(self), as: UTF8.self) + "\n"
    }

    /// Findings as JSON lines (`type: finding`, with the host name and addresses), then a `summary` line.
    public func jsonLines() throws -> String {
        struct FindingLine: Encodable {
            var type = "finding"
            var hostName: String?
            var addresses: [String]
            var finding: HostDocument.Item
        }
        struct SummaryLine: Encodable {
            var type = "summary"
            var tool: String
            var version: String
            var host: HostDocument.Machine
            var summary: HostDocument.Summary
        }
        let encoder = ScanDocument.encoder(pretty: false)
        var out = ""
        for item in self.findings {
            let line = FindingLine(hostName: self.host.hostName, addresses: self.host.addresses, finding: item)
            out += String(decoding: try encoder.encode(line), as: UTF8.self) + "\n"
        }
        let summary = SummaryLine(tool: self.tool, version: self.version, host: self.host, summary: self.summary)
        out += String(decoding: try encoder.encode(summary), as: UTF8.self) + "\n"
        return out
    }

    /// One CSV row per finding.
    public func csv() -> String {
        var out = CSVWriter.record([
            "host", "addresses", "severity", "confidence", "check", "subject", "pid", "remoteEndpoints", "reason",
            "evidence",
        ])
        for item in self.findings {
            let evidence = item.evidence.map { line in
                let place = line.file.map { file in line.line.map { "\(file):\($0)" } ?? file } ?? ""
                return place.isEmpty ? line.excerpt : "\(place): \(line.excerpt)"
            }
            out += CSVWriter.record([
                self.host.hostName ?? "", self.host.addresses.joined(separator: " "), item.severity.rawValue,
                item.confidence.rawValue, item.check, item.subject, item.pid.map(String.init) ?? "",
                item.remoteEndpoints.joined(separator: " "), item.reason, evidence.joined(separator: " | "),
            ])
        }
        return out
    }

    /// The terminal summary: who was swept, the verdict, a table of findings, their evidence, and what was not seen.
    public func text() -> String {
        var out = "paicha host: "
        out += self.host.hostName ?? "(unnamed host)"
        if !self.host.addresses.isEmpty { out += " (" + self.host.addresses.joined(separator: ", ") + ")" }
        if let system = self.host.operatingSystem { out += " · \(system)" }
        if let input = self.inputs.first {
            out +=
                input.mode == "live"
                ? " · live sweep" + (self.host.privileged ? " as root" : " without root")
                : " · offline sweep of \(input.root)"
        }
        out += "\n"
        let counts = Severity.allCases.reversed().compactMap { severity in
            self.summary.bySeverity[severity.rawValue].map { "\($0) \(severity.rawValue)" }
        }
        out += "verdict: \(self.summary.verdict)"
        out += counts.isEmpty ? " — no findings" : " — " + counts.joined(separator: ", ")
        out += "; \(Units.count(Int64(self.statistics.processes))) processes, "
        out +=
            "\(Units.count(Int64(self.statistics.sockets))) sockets, \(Units.count(Int64(self.statistics.filesRead))) files read"
        out += "\n"
        if !self.findings.isEmpty {
            // Process and pool columns only when some finding has one (an offline sweep has none).
            let hasProcesses = self.findings.contains { $0.pid != nil || !$0.remoteEndpoints.isEmpty }
            var columns: [TextTable.Column] = [
                .init("#", .right), .init("SEVERITY"), .init("CONFIDENCE"), .init("CHECK", maximumWidth: 28),
                .init("SUBJECT", maximumWidth: 60),
            ]
            if hasProcesses { columns += [.init("PID", .right), .init("POOL", maximumWidth: 30)] }
            var table = TextTable(columns: columns)
            for (index, item) in self.findings.enumerated() {
                var row = [
                    "\(index + 1)", item.severity.rawValue, item.confidence.rawValue, item.check, item.subject,
                ]
                if hasProcesses {
                    row += [item.pid.map(String.init) ?? "", item.remoteEndpoints.joined(separator: " ")]
                }
                table.append(row)
            }
            out += "\n" + table.render()
            out += "\nFindings and their evidence\n"
            for (index, item) in self.findings.enumerated() {
                out += "  [\(index + 1)] \(item.severity.rawValue) \(item.check) — \(item.subject)\n"
                out += "      \(item.reason)\n"
                for line in item.evidence {
                    let place = line.file.map { file in line.line.map { "\(file):\($0)" } ?? file }
                    out += "      \(line.label)" + (place.map { " (\($0))" } ?? "") + ": "
                    out += TextTable.shorten(line.excerpt.replacingOccurrences(of: "\n", with: "⏎"), to: 160) + "\n"
                }
                if !item.remoteEndpoints.isEmpty {
                    out += "      pool endpoints: " + item.remoteEndpoints.joined(separator: ", ") + "\n"
                }
            }
        }
        if !self.statistics.notVisible.isEmpty {
            out += "\nNot visible"
            out += self.host.privileged ? ":" : " without root (run with sudo to see them):"
            out += " \(self.statistics.notVisible.count) path\(self.statistics.notVisible.count == 1 ? "" : "s")"
            let sample = self.statistics.notVisible.prefix(5).map(\.path)
            out += " (" + sample.joined(separator: ", ") + (self.statistics.notVisible.count > 5 ? ", …" : "") + ")\n"
        }
        if !self.statistics.unreadable.isEmpty {
            out += "Unreadable: "
            out += self.statistics.unreadable.prefix(5).map { "\($0.path) (\($0.reason))" }.joined(separator: ", ")
            out += self.statistics.unreadable.count > 5 ? ", … \(self.statistics.unreadable.count) in all\n" : "\n"
        }
        if !self.statistics.limitsHit.isEmpty {
            out += "Limits hit: "
            out += self.statistics.limitsHit.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(
                separator: ", "
            )
            out += "\n"
        }
        if let evidence = self.evidence {
            out +=
                "Evidence preserved in \(evidence.directory): \(evidence.items) item\(evidence.items == 1 ? "" : "s")"
            out += evidence.failures > 0 ? ", \(evidence.failures) could not be copied" : ""
            out += " (manifest.json, SHA256SUMS)\n"
        }
        return out
    }
}
