import PaichaCore

/// Limits of the HTML page, so that a scan with many alerts still gives a page a browser opens.
/// What they leave out is said on the page.
public struct FundsHTMLLimits: Hashable, Sendable, Codable {
    /// Alerts drawn (and listed with their transfers) per pattern, the highest scores first; the
    /// rest are only in the summary table.
    public var maximumAlertsDrawnPerPattern: Int = 50
    /// Accounts drawn in one graph; transfers of the others are left out of the drawing.
    public var maximumAccountsPerGraph: Int = 60
    /// Rows in one alert's or path's transfer table.
    public var maximumTransfersListed: Int = 200
    /// Rows in the alert summary table.
    public var maximumAlertsListed: Int = 5_000

    /// The defaults.
    public init() {}
}

extension FundsDocument {
    /// One self-contained HTML page (no scripts, no external files): the inputs, then each alert (scan)
    /// or each policy's paths (trace) drawn as an inline SVG graph beside its tables. Byte-identical
    /// for the same document.
    public func html(limits: FundsHTMLLimits = FundsHTMLLimits()) -> String {
        var page = HTMLPage(title: "paicha \(self.command)")
        page.add("<h1>paicha \(HTML.escape(self.command))</h1>\n")
        var about =
            "\(self.ledger.transfers) transfers among \(self.ledger.accounts) accounts"
            + (self.ledger.firstTime.map { ", \($0)" } ?? "") + (self.ledger.lastTime.map { " – \($0)" } ?? "")
        about += "; paicha \(self.version)" + (self.generatedAt.map { ", generated \($0)" } ?? "")
        page.add("<p>\(HTML.escape(about))</p>\n")
        var inputs = [["file", "layout", "bytes", "sha256", "rows", "transfers", "bad rows", "error"]]
        for input in self.inputs {
            inputs.append([
                input.file, input.layout, String(input.bytes), input.sha256, String(input.rows),
                String(input.transfers),
                String(input.badRows), input.error ?? "",
            ])
        }
        page.table(inputs, numeric: [2, 4, 5, 6])
        if !self.badRows.isEmpty {
            page.add("<details><summary>\(self.badRowCount) bad rows</summary>\n")
            page.table(
                [["file", "line", "reason"]] + self.badRows.map { [$0.file, String($0.line), $0.reason] },
                numeric: [1]
            )
            page.add("</details>\n")
        }
        if let alerts = self.alerts { self.alertsHTML(alerts, into: &page, limits: limits) }
        if let trace = self.trace { self.traceHTML(trace, into: &page, limits: limits) }
        return page.finish()
    }

    func alertsHTML(_ alerts: [AlertDocument], into page: inout HTMLPage, limits: FundsHTMLLimits) {
        page.add("<h2>\(alerts.count) alerts</h2>\n")
        if let statistics = self.statistics, !statistics.alertsByPattern.isEmpty {
            let counts = statistics.alertsByPattern.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            page.add("<p>\(HTML.escape(counts.joined(separator: ", ")))</p>\n")
        }
        // Which alerts are drawn: the first (highest scoring) of each pattern.
        var drawn = Set<Int>()
        var perPattern: [String: Int] = [:]
        for (index, alert) in alerts.enumerated() {
            perPattern[alert.pattern, default: 0] += 1
            if perPattern[alert.pattern]! <= limits.maximumAlertsDrawnPerPattern { drawn.insert(index + 1) }
        }
        var rows = [["#", "pattern", "score", "account", "accounts", "transfers", "amount", "start", "end"]]
        for (number, alert) in alerts.prefix(limits.maximumAlertsListed).enumerated() {
            rows.append([
                String(number + 1), alert.pattern, alert.score, alert.account, String(alert.accounts.count),
                String(alert.transfers.count), alert.totalAmount, alert.start, alert.end,
            ])
        }
        page.table(rows, numeric: [0, 2, 4, 5, 6], link: 0, linked: drawn)
        if alerts.count > limits.maximumAlertsListed {
            page.add("<p class=\"cut\">\(alerts.count - limits.maximumAlertsListed) more alerts not listed.</p>\n")
        }
        for (number, alert) in alerts.enumerated() where drawn.contains(number + 1) {
            page.add(
                "<section id=\"a\(number + 1)\"><h3>\(number + 1). \(HTML.escape(alert.pattern)) · "
                    + "\(HTML.escape(alert.account)) · score \(HTML.escape(alert.score))</h3>\n"
            )
            page.add(
                "<p>\(HTML.escape(alert.reason)). \(alert.totalAmount) in \(alert.transfers.count) transfers.</p>\n"
            )
            if let layers = alert.layers {
                let text = layers.enumerated().map { "L\($0.offset): \($0.element.joined(separator: ", "))" }
                page.add("<p class=\"layers\">\(HTML.escape(text.joined(separator: " → ")))</p>\n")
            }
            let graph = FundsGraphSVG(
                transfers: alert.transfers,
                focus: alert.account,
                scale: self.ledger.scale,
                limits: limits,
                layers: alert.layers
            )
            page.graph(graph)
            page.transfers(alert.transfers, limit: limits.maximumTransfersListed)
            page.add("</section>\n")
        }
        if drawn.count < alerts.count {
            page.add(
                "<p class=\"cut\">\(alerts.count - drawn.count) more alerts not drawn (only the first "
                    + "\(limits.maximumAlertsDrawnPerPattern) of each pattern are).</p>\n"
            )
        }
    }

    func traceHTML(_ trace: TraceDocument, into page: inout HTMLPage, limits: FundsHTMLLimits) {
        page.add(
            "<h2>\(HTML.escape(trace.direction)) trace from \(HTML.escape(trace.sourceKind)) "
                + "\(HTML.escape(trace.source))</h2>\n"
        )
        page.add(
            "<p>\(trace.seeds.count) seed transfers, \(HTML.escape(trace.sourceAmount)) \(HTML.escape(trace.currency))"
                + (trace.seedsSkipped > 0 ? "; \(trace.seedsSkipped) seeds in other currencies skipped" : "")
                + ".</p>\n"
        )
        var summary = [["policy", "traced", "conserved", "destinations", "tainted transfers"]]
        for policy in trace.policies {
            summary.append([
                policy.policy, policy.tracedAmount, policy.conserved ? "yes" : "no", String(policy.destinations.count),
                String(policy.taintedTransfers),
            ])
        }
        page.table(summary, numeric: [1, 3, 4])
        if !trace.comparison.isEmpty {
            let names = trace.policies.map(\.policy)
            page.add("<h3>Destinations by policy</h3>\n")
            page.table(
                [["account"] + names]
                    + trace.comparison.map { row in [row.account] + names.map { row.amounts[$0] ?? "" } },
                numeric: Set(1...max(1, names.count))
            )
        }
        page.add("<h3>Seeds</h3>\n")
        page.transfers(trace.seeds, limit: limits.maximumTransfersListed)
        let backward = trace.direction == TraceDirection.backward.rawValue
        for policy in trace.policies {
            page.add("<section id=\"\(HTML.escape(policy.policy))\"><h3>\(HTML.escape(policy.policy))</h3>\n")
            page.add(
                "<p>\(policy.tracedAmount) traced to \(policy.destinations.count) destinations; "
                    + "the \(policy.paths.count) largest paths drawn.</p>\n"
            )
            // Every hop of the largest paths, once, each at its hop from the source.
            var seen = Set<String>()
            var hops: [TransferDocument] = []
            var depths: [Int] = []
            for path in policy.paths {
                for (depth, hop) in path.hops.enumerated() where seen.insert(hop.id).inserted {
                    hops.append(hop)
                    depths.append(depth)
                }
            }
            let graph = FundsGraphSVG(
                transfers: hops,
                focus: trace.source,
                scale: self.ledger.scale,
                limits: limits,
                column: { index, _ in
                    backward ? (-(depths[index] + 1), -depths[index]) : (depths[index], depths[index] + 1)
                }
            )
            page.graph(graph)
            page.table(
                [["account", "amount", "held", "at depth limit"]]
                    + policy.destinations.map { [$0.account, $0.amount, $0.held, $0.atDepthLimit] },
                numeric: [1, 2, 3]
            )
            var rows = [["#", "ends at", "amount", "stopped", "hops"]]
            for (number, path) in policy.paths.prefix(limits.maximumTransfersListed).enumerated() {
                let route =
                    path.hops.map { "\($0.from) → \($0.to) \($0.amount) (\($0.id), \($0.time))" }.joined(
                        separator: "; "
                    )
                rows.append([
                    String(number + 1), path.account, path.amount, path.atDepthLimit ? "depth limit" : "held", route,
                ])
            }
            page.table(rows, numeric: [0, 2])
            page.add("</section>\n")
        }
    }
}

/// An HTML page being written.
struct HTMLPage {
    var body = ""
    let title: String

    init(title: String) { self.title = title }

    mutating func add(_ text: String) { self.body += text }

    /// A table; cells of column `link` in rows whose value is in `linked` link to `#a<value>`.
    mutating func table(_ rows: [[String]], numeric: Set<Int>, link: Int? = nil, linked: Set<Int> = []) {
        guard let header = rows.first else { return }
        self.body += "<table>\n<tr>" + header.map { "<th>\(HTML.escape($0))</th>" }.joined() + "</tr>\n"
        for row in rows.dropFirst() {
            self.body += "<tr>"
            for (index, cell) in row.enumerated() {
                let text =
                    index == link && Int(cell).map(linked.contains) == true
                    ? "<a href=\"#a\(HTML.escape(cell))\">\(HTML.escape(cell))</a>" : HTML.escape(cell)
                self.body += numeric.contains(index) ? "<td class=\"n\">\(text)</td>" : "<td>\(text)</td>"
            }
            self.body += "</tr>\n"
        }
        self.body += "</table>\n"
    }

    mutating func transfers(_ transfers: [TransferDocument], limit: Int) {
        var rows = [["id", "time", "from", "to", "amount", "currency", "channel"]]
        for transfer in transfers.prefix(limit) {
            rows.append([
                transfer.id, transfer.time, transfer.from, transfer.to, transfer.amount, transfer.currency,
                transfer.channel,
            ])
        }
        self.table(rows, numeric: [4])
        if transfers.count > limit { self.body += "<p class=\"cut\">\(transfers.count - limit) more transfers.</p>\n" }
    }

    mutating func graph(_ graph: FundsGraphSVG) {
        self.body += "<div class=\"figure\">\n" + graph.render() + "</div>\n"
        if graph.accountsLeftOut > 0 {
            self.body +=
                "<p class=\"cut\">Drawing cut: \(graph.accountsLeftOut) accounts and \(graph.transfersLeftOut) "
                + "transfers not drawn.</p>\n"
        }
    }

    func finish() -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>\(HTML.escape(self.title))</title>
        <style>
        body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }
        table { border-collapse: collapse; margin: 0.5em 0 1em; }
        th, td { border: 1px solid #ccc; padding: 2px 6px; text-align: left; vertical-align: top; }
        td.n { text-align: right; font-variant-numeric: tabular-nums; }
        section { border-top: 2px solid #888; margin-top: 1.5em; }
        .figure { overflow-x: auto; }
        .cut { color: #a40; }
        svg.graph .node rect { fill: #eef3fb; stroke: #4a6fa5; }
        svg.graph .node.focus rect { fill: #fde8c8; stroke: #c06000; stroke-width: 2; }
        svg.graph .node text { font-size: 12px; text-anchor: middle; }
        svg.graph .edge { stroke: #555; fill: none; stroke-width: 1.2; }
        svg.graph .edge.back { stroke-dasharray: 4 3; }
        svg.graph .amount { font-size: 11px; text-anchor: middle; fill: #036; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
        </style>
        </head>
        <body>

        """ + self.body + "</body>\n</html>\n"
    }
}
