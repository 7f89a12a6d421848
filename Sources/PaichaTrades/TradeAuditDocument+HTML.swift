import PaichaCore

extension TradeAuditDocument {
    /// One self-contained page: the tables, the findings, and per market inline SVG charts (first digits against
    /// Benford, sizes by their first two digits with round lots marked, round lots against their neighbours), then
    /// prices around each outage. No script, no external resource; deterministic when `generatedAt` is absent.
    public func html() -> String {
        let e = TradeChart.escape
        var page = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>paicha trades audit</title>"
        page += "<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222}"
        page += "table{border-collapse:collapse;margin:0.5em 0 1.5em}td,th{border:1px solid #ccc;padding:2px 6px;"
        page += "font-size:13px;text-align:left}th{background:#eee}.nonconforming,.flag{color:#c0392b;font-weight:bold}"
        page += "li{margin:0.3em 0}code{font-size:12px}svg{display:block;margin:0.5em 0}</style></head><body>\n"
        page += "<h1>paicha trades audit</h1>\n<p>\(e(self.tool)) \(e(self.version))"
        if let generatedAt = self.generatedAt { page += ", \(e(generatedAt))" }
        page +=
            "; \(self.inputs.count) input(s), \(self.venues.count) market(s), \(self.findings.count) finding(s).</p>\n"
        let table = self.scorecardRows(explained: false)
        page += Self.htmlTable(table)
        for section in self.summaryTables() {
            page += "<h2>\(e(section.title.hasSuffix(":") ? String(section.title.dropLast()) : section.title))</h2>\n"
            page += Self.htmlTable(section.rows)
            if let note = section.note { page += "<p>\(e(note))</p>\n" }
        }
        page += "<h2>Findings</h2>\n<ul>\n"
        for finding in self.findings {
            page +=
                "<li><b>\(e(finding.subject))</b> <code>\(e(finding.kind))</code> (\(e(finding.confidence.rawValue))): "
            page += "\(e(finding.reason))<ul>"
            for piece in finding.evidence {
                var place = ""
                if let location = piece.location {
                    place = " — \(location.file)" + (location.record.map { ":\($0)" } ?? "")
                }
                page += "<li>\(e(piece.label)): <code>\(e(piece.excerpt))</code>\(e(place))</li>"
            }
            page += "</ul></li>\n"
        }
        page += "</ul>\n"
        for card in self.venues {
            page += "<h2>\(e(card.venue)) \(e(card.symbol))</h2>\n"
            page += self.charts(card)
        }
        if !self.outages.isEmpty { page += "<h2>Prices around outages</h2>\n" }
        for report in self.outages where !report.chart.isEmpty {
            page += TradeChart.prices(
                report.chart,
                outageSeconds: report.seconds,
                title: "\(report.venue) \(report.symbol) down \(report.start) for "
                    + "\(Units.duration(seconds: report.seconds)) (\(report.source)); seconds from its start"
            )
            page += "\n"
        }
        return page + "</body></html>\n"
    }

    private func charts(_ card: MarketScorecard) -> String {
        var out = ""
        let tests = card.size.digitTests
        if let first = tests.first(where: { $0.kind == .firstDigit }), first.count > 0 {
            out += TradeChart.bars(
                labels: first.cells.map { "\($0.digit)" },
                found: first.cells.map(\.found),
                expected: first.cells.map(\.expected),
                marked: Set(first.spikes.map { $0.digit - 1 }),
                title: "First digits of sizes (bars) against Benford (line), n = \(first.count); spikes in red"
            )
        }
        if let two = tests.first(where: { $0.kind == .firstTwoDigits }), two.count > 0 {
            out += TradeChart.bars(
                labels: two.cells.map { "\($0.digit)" },
                found: two.cells.map(\.found),
                expected: two.cells.map(\.expected),
                marked: [0, 10, 40],
                title: "Sizes by first two digits (a histogram folded over powers of ten); round lots 10, 20, 50 in red"
            )
        }
        if let round = card.size.roundLots, round.atRoundLots + round.neighbours > 0 {
            let w = round.window
            var labels: [String] = []
            var counts: [Double] = []
            var marked: Set<Int> = []
            for lot in round.lots {
                for (index, count) in lot.buckets.enumerated() {
                    if index == w { marked.insert(labels.count) }
                    labels.append(index == w ? "\(lot.multiple)" : (index - w > 0 ? "+\(index - w)" : "\(index - w)"))
                    counts.append(Double(count))
                }
            }
            let total = max(1, counts.reduce(0, +))
            out += TradeChart.bars(
                labels: labels,
                found: counts.map { $0 / total },
                expected: nil,
                marked: marked,
                title: "Round lots 1, 2, 5 × 10^k (red) and their neighbours at ±1 % steps: ratio "
                    + "\(Units.fixed(round.ratio, decimals: 2))×, \(round.verdict.rawValue)"
            )
        }
        return out + "\n"
    }

    static func htmlTable(_ rows: [[String]]) -> String {
        guard let header = rows.first else { return "" }
        var out = "<table><tr>" + header.map { "<th>\(TradeChart.escape($0))</th>" }.joined() + "</tr>\n"
        for row in rows.dropFirst() {
            out += "<tr>"
            for cell in row {
                let style =
                    cell.hasPrefix("nonconforming")
                    ? " class=\"nonconforming\"" : cell == "FLAGGED" ? " class=\"flag\"" : ""
                out += "<td\(style)>\(TradeChart.escape(cell))</td>"
            }
            out += "</tr>\n"
        }
        return out + "</table>\n"
    }
}
