import Foundation
import PaichaCore
import PaichaEstimates
import PaichaHost
import PaichaScan

extension ScreeningReport {
    /// The headline in the regulators' terms: IPs, pool traffic, hash rate, power, energy, institutional share.
    func headline() -> [String] {
        let s = self.document.summary
        var lines: [String] = []
        let bytes = Units.si(Double(s.poolTrafficBytes), "B")
        let span = Units.duration(seconds: self.observedSeconds)
        lines.append(
            self.language == .zh
                ? "\(s.miningHosts) 个挖矿IP（已确认 \(s.confirmedHosts) 个，疑似 \(s.likelyHosts) 个），矿池流量 "
                    + "\(Units.si(self.poolBitsPerSecond, "bit/s"))（\(bytes)，挖矿时长 \(span)）"
                : "\(s.miningHosts) mining IPs (\(s.confirmedHosts) confirmed, \(s.likelyHosts) likely), "
                    + "\(Units.si(self.poolBitsPerSecond, "bit/s")) of mining-pool traffic (\(bytes) in \(span) of mining)"
        )
        for (family, range) in s.hashesPerSecondByFamily.sorted(by: { $0.key < $1.key }) {
            lines.append(
                "\(self.label(.hashRate)) \(family): \(Units.si(range.typical, "H/s")) "
                    + "(\(Units.si(range.low, "H/s"))–\(Units.si(range.high, "H/s")))"
            )
        }
        lines.append(
            "\(self.label(.power)): \(Units.si(s.kilowatts.typical * 1000, "W")) "
                + "(\(Units.si(s.kilowatts.low * 1000, "W"))–\(Units.si(s.kilowatts.high * 1000, "W"))), "
                + "\(Units.si(s.kilowattHoursPerDay.typical * 1000, "Wh")) \(self.label(.energy))"
                + (s.costPerDay.flatMap { cost in
                    self.document.parameters.tariff.map {
                        ", \(Units.fixed(cost.typical, decimals: 2)) \($0.currency)/"
                            + (self.language == .zh ? "天" : "day")
                    }
                } ?? "")
        )
        if let ledger = self.document.ledger, let share = ledger.institutionalShare {
            lines.append(
                "\(Units.fixed(share * 100, decimals: 1)) % (\(ledger.institutionalHostCount)/\(ledger.hostCount)) "
                    + self.label(.institutional)
            )
        }
        if let sweeps = self.document.hostSweeps, !sweeps.isEmpty {
            let swept = Set(sweeps.map(\.ip)).count
            let miners = Set(sweeps.filter { $0.verdict == "miner" }.map(\.ip)).count
            lines.append(
                self.language == .zh
                    ? "\(swept)/\(s.miningHosts) \(self.label(.sweptMachines))，其中 \(miners) 台在主机上发现矿机进程"
                    : "\(swept) of \(s.miningHosts) \(self.label(.sweptMachines)); a miner was found on \(miners)"
            )
        }
        return lines
    }

    /// One line per host sweep joined to an IP, and its findings, for the evidence sections.
    func sweepLines(for ip: String) -> [(head: String, findings: [String])] {
        self.document.hostSweeps(for: ip).map { sweep in
            var head = "\(self.label(.onTheMachine)): \(sweep.hostName ?? ip) — \(sweep.verdict)"
            head += " (paicha host, \(sweep.mode)\(sweep.sweptAt.map { ", " + $0 } ?? ""), \(sweep.file))"
            if let directory = sweep.evidenceDirectory { head += "; evidence in \(directory)" }
            let findings = sweep.findings.map { item in
                "\(item.severity.rawValue) \(item.check) — \(item.subject): \(item.reason)"
            }
            return (head, findings)
        }
    }

    /// The report as Markdown.
    public func markdown() -> String {
        var out = "# \(self.label(.title))\n\n## \(self.label(.summary))\n\n"
        out += self.headline().map { "- \($0)\n" }.joined()
        func table(_ title: Label, _ rows: [Row]) {
            out +=
                "\n## \(self.label(title))\n\n| \(self.label(.label)) | \(self.label(.hosts)) | \(self.label(.sessions)) | H/s | kW |\n"
            out += "|---|---:|---:|---:|---:|\n"
            for row in rows {
                out +=
                    "| \(Self.cell(row.label)) | \(row.hosts) | \(row.sessions) | \(Units.si(row.hashesPerSecond, "H/s")) | "
                    + "\(Units.fixed(row.kilowatts, decimals: 3)) |\n"
            }
        }
        table(.byCategory, self.byCategory)
        table(.byRegion, self.byRegion)
        table(.byAlgorithm, self.byAlgorithm)
        table(.byPool, self.byPool)
        out += "\n## \(self.label(.ledger))\n\n"
        out +=
            "| \(self.label(.organization)) | \(self.label(.category)) | \(self.label(.hosts)) | H/s | kW | kWh/day | "
        out +=
            "\(self.label(.firstSeen)) | \(self.label(.lastSeen)) | \(self.label(.pools)) | \(self.label(.wallets)) |\n"
        out += "|---|---|---:|---|---:|---:|---|---|---|---|\n"
        for line in self.ledgerLines() {
            let rates = line.rates.map { "\($0.key) \(Units.si($0.value, "H/s"))" }.joined(separator: ", ")
            let category = self.language == .zh ? line.category.chineseLabel : line.category.englishLabel
            out += "| \(Self.cell(line.name)) | \(category) | \(line.hosts.count) | \(rates) | "
            out +=
                "\(Units.fixed(line.kilowatts.typical, decimals: 3)) | \(Units.fixed(line.kilowatts.typical * 24, decimals: 2)) | "
            out += "\(line.firstSeen) | \(line.lastSeen) | \(Self.cell(line.pools.joined(separator: " "))) | "
            out += "\(Self.cell(line.wallets.joined(separator: " "))) |\n"
        }
        out += "\n## \(self.label(.evidence))\n"
        for host in self.document.hosts {
            out += "\n### \(host.ip)\(host.organization.map { " — \($0.name)" } ?? "")\n\n"
            for session in host.sessions {
                out += "- \(session.dialect) → \(session.pool.ip):\(session.pool.port)"
                if let name = session.pool.names.first?.name { out += " (\(name))" }
                out += ", \(session.confidence.rawValue): \(session.reason)\n"
                if let line = Self.rateLine(session) { out += "  - \(line)\n" }
                if let login = session.login { out += "  - login `\(login)`\n" }
                if let agent = session.agent { out += "  - agent `\(agent)`\n" }
                for item in session.evidence.prefix(3) {
                    out += "  - \(item.label) (\(item.file ?? "")"
                    if let offset = item.offset { out += " @\(offset)" }
                    out += "): `\(item.excerpt.replacingOccurrences(of: "`", with: "'"))`\n"
                }
            }
            for sweep in self.sweepLines(for: host.ip) {
                out += "- **\(Self.cell(sweep.head))**\n"
                for finding in sweep.findings { out += "  - \(finding.replacingOccurrences(of: "`", with: "'"))\n" }
            }
        }
        out += "\n## \(self.label(.provenance))\n\n"
        for input in self.document.inputs {
            out += "- \(self.label(.file)) `\(input.file)`: \(input.bytes) B, SHA-256 `\(input.sha256 ?? "–")`\n"
        }
        out += "- \(self.label(.version)): \(self.document.version)\n"
        out += "- \(self.label(.indicators)): \(self.document.parameters.poolIndicators)\n"
        out += "- \(self.label(.profiles)): \(self.document.parameters.deviceProfiles)\n"
        if let generated = self.document.generatedAt { out += "- \(self.label(.generated)): \(generated)\n" }
        return out
    }

    /// `estimated 16.9 MH/s (428 kH/s–94.1 MH/s) from 1 share; the miner reports 30.4 MH/s`, or `nil`.
    static func rateLine(_ session: ScanDocument.Session) -> String? {
        guard let estimate = session.estimate, let rate = estimate.hashesPerSecond else { return nil }
        var line = "estimated \(Units.si(rate, "H/s"))"
        if let low = estimate.lowerHashesPerSecond, let high = estimate.upperHashesPerSecond {
            line += " (\(Units.si(low, "H/s"))–\(Units.si(high, "H/s")))"
        }
        line += " from \(estimate.countedShares) share\(estimate.countedShares == 1 ? "" : "s")"
        if let reported = estimate.reportedHashesPerSecond {
            line += "; the miner reports \(Units.si(reported, "H/s"))"
        }
        for caveat in estimate.caveats { line += "; " + caveat }
        return line
    }

    static func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }

    /// The report as one self-contained HTML page with SVG charts.
    public func html() -> String {
        let e = SVGChart.escape
        var out =
            "<!DOCTYPE html>\n<html lang=\"\(self.language == .zh ? "zh-CN" : "en")\"><head><meta charset=\"utf-8\">"
        out += "<title>\(e(self.label(.title)))</title><style>"
        out += "body{font-family:system-ui,'Noto Sans CJK SC',sans-serif;margin:2em auto;max-width:1100px;color:#222}"
        out += "h1{border-bottom:3px solid #c0392b}table{border-collapse:collapse;margin:.5em 0;font-size:14px}"
        out += "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}th{background:#f4f4f4}"
        out +=
            ".num{text-align:right}.headline li{font-size:17px;margin:.3em 0}code{font-size:12px;word-break:break-all}"
        out += ".charts{display:flex;flex-wrap:wrap;gap:2em}</style></head><body>"
        out += "<h1>\(e(self.label(.title)))</h1><h2>\(e(self.label(.summary)))</h2><ul class=\"headline\">"
        out += self.headline().map { "<li>\(e($0))</li>" }.joined() + "</ul><div class=\"charts\">"
        out += "<section><h3>\(e(self.label(.byCategory)))</h3>"
        out +=
            SVGChart.bars(self.byCategory.map { ($0.label, Double($0.hosts)) }, format: { "\(Int($0))" }) + "</section>"
        out += "<section><h3>\(e(self.label(.byAlgorithm)))</h3>"
        out +=
            SVGChart.bars(
                self.byAlgorithm.map { ($0.label, $0.hashesPerSecond) },
                format: { Units.si($0, "H/s") }
            ) + "</section></div>"
        out += "<h3>\(e(self.label(.activity)))</h3>"
        out += SVGChart.timeline(
            self.document.hosts.map { host in
                (
                    host.ip,
                    host.sessions.compactMap { session in
                        guard let start = Self.seconds(session.firstSeen), let end = Self.seconds(session.lastSeen)
                        else { return nil }
                        return (start, end)
                    }
                )
            }
        )
        func table(_ title: Label, _ rows: [Row]) {
            out += "<h3>\(e(self.label(title)))</h3><table><tr><th>\(e(self.label(.label)))</th>"
            out += "<th>\(e(self.label(.hosts)))</th><th>\(e(self.label(.sessions)))</th><th>H/s</th><th>kW</th></tr>"
            for row in rows {
                out +=
                    "<tr><td>\(e(row.label))</td><td class=\"num\">\(row.hosts)</td><td class=\"num\">\(row.sessions)</td>"
                out += "<td class=\"num\">\(e(Units.si(row.hashesPerSecond, "H/s")))</td>"
                out += "<td class=\"num\">\(Units.fixed(row.kilowatts, decimals: 3))</td></tr>"
            }
            out += "</table>"
        }
        table(.byRegion, self.byRegion)
        table(.byPool, self.byPool)
        out += "<h2>\(e(self.label(.ledger)))</h2><table><tr><th>\(e(self.label(.organization)))</th>"
        out += "<th>\(e(self.label(.category)))</th><th>\(e(self.label(.hosts)))</th><th>H/s</th><th>kW</th>"
        out += "<th>kWh/day</th><th>\(e(self.label(.firstSeen)))</th><th>\(e(self.label(.lastSeen)))</th>"
        out += "<th>\(e(self.label(.wallets)))</th></tr>"
        for line in self.ledgerLines() {
            let category = self.language == .zh ? line.category.chineseLabel : line.category.englishLabel
            out += "<tr><td>\(e(line.name))</td><td>\(e(category))</td><td class=\"num\">\(line.hosts.count)</td>"
            out += "<td>\(e(line.rates.map { "\($0.key) \(Units.si($0.value, "H/s"))" }.joined(separator: ", ")))</td>"
            out += "<td class=\"num\">\(Units.fixed(line.kilowatts.typical, decimals: 3))</td>"
            out += "<td class=\"num\">\(Units.fixed(line.kilowatts.typical * 24, decimals: 2))</td>"
            out += "<td>\(e(line.firstSeen))</td><td>\(e(line.lastSeen))</td>"
            out += "<td><code>\(e(line.wallets.joined(separator: " ")))</code></td></tr>"
        }
        out += "</table><h2>\(e(self.label(.evidence)))</h2>"
        for host in self.document.hosts {
            out += "<h3>\(e(host.ip))\(host.organization.map { " — " + e($0.name) } ?? "")</h3><ul>"
            for session in host.sessions {
                out += "<li><b>\(e(session.dialect))</b> → \(e(session.pool.ip)):\(session.pool.port)"
                if let name = session.pool.names.first?.name { out += " (\(e(name)))" }
                out += " — \(e(session.confidence.rawValue)): \(e(session.reason))<ul>"
                if let line = Self.rateLine(session) { out += "<li>\(e(line))</li>" }
                for item in session.evidence.prefix(3) {
                    out += "<li>\(e(item.label)): <code>\(e(item.excerpt))</code></li>"
                }
                out += "</ul></li>"
            }
            for sweep in self.sweepLines(for: host.ip) {
                out += "<li><b>\(e(sweep.head))</b><ul>"
                for finding in sweep.findings { out += "<li>\(e(finding))</li>" }
                out += "</ul></li>"
            }
            out += "</ul>"
        }
        out += "<h2>\(e(self.label(.provenance)))</h2><ul>"
        for input in self.document.inputs {
            out += "<li>\(e(self.label(.file))) <code>\(e(input.file))</code>: \(input.bytes) B, SHA-256 "
            out += "<code>\(e(input.sha256 ?? "–"))</code></li>"
        }
        out += "<li>\(e(self.label(.version))): \(e(self.document.version))</li>"
        out += "<li>\(e(self.label(.indicators))): \(e(self.document.parameters.poolIndicators))</li>"
        out += "<li>\(e(self.label(.profiles))): \(e(self.document.parameters.deviceProfiles))</li>"
        if let generated = self.document.generatedAt { out += "<li>\(e(self.label(.generated))): \(e(generated))</li>" }
        return out + "</ul></body></html>\n"
    }
}
