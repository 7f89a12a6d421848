import PaichaCore

/// A small drawing of accounts and transfers as inline SVG, laid out left to right in columns
/// (by time or hop), with amounts on the edges. Only integer coordinates: the same graph gives
/// the same bytes.
struct FundsGraphSVG {
    /// One drawn edge: every transfer from one account to another, summed.
    struct Edge {
        var from: String
        var to: String
        var amount: Int64
        var transfers: Int
    }

    /// Accounts per column, left to right, each column top to bottom.
    var columns: [[String]] = []
    var edges: [Edge] = []
    /// The account drawn in bold (the alert's focus, the trace's source).
    var focus: String?
    /// Decimal places of amounts.
    var scale: Int
    /// Accounts and transfers left out by ``FundsHTMLLimits/maximumAccountsPerGraph``.
    var accountsLeftOut = 0
    var transfersLeftOut = 0

    static let nodeWidth = 132
    static let nodeHeight = 26
    static let columnGap = 230
    static let rowGap = 46
    static let margin = 24
    /// Above this many edges between two adjacent columns, they share one label (their total).
    static let maximumEdgeLabelsPerGap = 6

    /// Lays out `transfers` (in time order): each account's column is fixed when it first appears —
    /// a receiver one column right of its sender, a sender first seen as such in column 0 — unless
    /// `columns` is given (layered groups), or `column` places it (traces: the hop).
    init(
        transfers: [TransferDocument],
        focus: String?,
        scale: Int,
        limits: FundsHTMLLimits,
        layers: [[String]]? = nil,
        column: ((Int, TransferDocument) -> (from: Int, to: Int))? = nil
    ) {
        self.focus = focus
        self.scale = scale
        var place: [String: Int] = [:]
        var order: [String] = []
        func put(_ account: String, _ at: Int) {
            if place[account] == nil {
                place[account] = at
                order.append(account)
            }
        }
        if let layers {
            for (index, layer) in layers.enumerated() {
                for account in layer { put(account, index) }
            }
        }
        if let focus, layers == nil, column == nil {
            // The focus goes first so that a fan-in's hub sits right of its senders.
            if let first = transfers.first(where: { $0.from == focus || $0.to == focus }), first.to == focus,
                first.from != focus
            {
                put(first.from, 0)
                put(focus, 1)
            } else {
                put(focus, 0)
            }
        }
        for (index, transfer) in transfers.enumerated() {
            if let column {
                let (from, to) = column(index, transfer)
                put(transfer.from, from)
                put(transfer.to, to)
            } else {
                put(transfer.from, 0)
                put(transfer.to, place[transfer.from]! + 1)
            }
        }
        var kept = Set<String>()
        for account in order {
            if kept.count < limits.maximumAccountsPerGraph {
                kept.insert(account)
            } else {
                self.accountsLeftOut += 1
            }
        }
        let lowest = place.values.min() ?? 0
        var columns: [[String]] = []
        for account in order where kept.contains(account) {
            let at = place[account]! - lowest
            while columns.count <= at { columns.append([]) }
            columns[at].append(account)
        }
        self.columns = columns.filter { !$0.isEmpty }
        var edgeIndex: [String: Int] = [:]
        for transfer in transfers {
            guard kept.contains(transfer.from), kept.contains(transfer.to) else {
                self.transfersLeftOut += 1
                continue
            }
            let amount = (try? Money.parse(transfer.amount, scale: scale).get()) ?? 0
            let key = transfer.from + "\u{0}" + transfer.to
            if let index = edgeIndex[key] {
                self.edges[index].amount &+= amount
                self.edges[index].transfers += 1
            } else {
                edgeIndex[key] = self.edges.count
                self.edges.append(Edge(from: transfer.from, to: transfer.to, amount: amount, transfers: 1))
            }
        }
    }

    /// The SVG element.
    func render() -> String {
        var position: [String: (x: Int, y: Int)] = [:]
        var columnOf: [String: Int] = [:]
        for (column, accounts) in self.columns.enumerated() {
            for (row, account) in accounts.enumerated() {
                columnOf[account] = column
                position[account] = (
                    Self.margin + column * Self.columnGap, Self.margin + row * Self.rowGap
                )
            }
        }
        let rows = self.columns.map(\.count).max() ?? 0
        let width = 2 * Self.margin + max(0, self.columns.count - 1) * Self.columnGap + Self.nodeWidth
        let height = 2 * Self.margin + max(0, rows - 1) * Self.rowGap + Self.nodeHeight + 24
        var out =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"graph\" width=\"\(width)\" height=\"\(height)\" "
            + "viewBox=\"0 0 \(width) \(height)\" role=\"img\">\n"
        out +=
            "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" "
            + "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0L10,5L0,10z\" fill=\"#555\"/></marker></defs>\n"
        var labels = ""
        var outDegree: [String: Int] = [:]
        var inDegree: [String: Int] = [:]
        // Between two columns with many edges (a bipartite block) the amounts would overlap: one
        // label above the gap gives the gap's total; each edge's amount stays in its tooltip.
        var gaps: [Int: (edges: Int, amount: Int64)] = [:]
        for edge in self.edges {
            outDegree[edge.from, default: 0] += 1
            inDegree[edge.to, default: 0] += 1
            if let a = columnOf[edge.from], let b = columnOf[edge.to], b == a + 1 {
                gaps[a, default: (0, 0)].edges += 1
                gaps[a, default: (0, 0)].amount &+= edge.amount
            }
        }
        let crowded = Set(gaps.filter { $0.value.edges > Self.maximumEdgeLabelsPerGap }.keys)
        for gap in crowded.sorted() {
            let x = Self.margin + gap * Self.columnGap + (Self.nodeWidth + Self.columnGap) / 2
            let text = "\(gaps[gap]!.edges) edges, \(Money.format(gaps[gap]!.amount, scale: self.scale))"
            labels += "<text x=\"\(x)\" y=\"\(Self.margin - 8)\" class=\"amount\">\(HTML.escape(text))</text>\n"
        }
        for edge in self.edges {
            guard let a = position[edge.from], let b = position[edge.to] else { continue }
            let y1 = a.y + Self.nodeHeight / 2
            let y2 = b.y + Self.nodeHeight / 2
            let label =
                Money.format(edge.amount, scale: self.scale) + (edge.transfers > 1 ? " (\(edge.transfers)×)" : "")
            let title = "\(edge.from) → \(edge.to): \(label)"
            let lx: Int
            let ly: Int
            if b.x > a.x {
                let x1 = a.x + Self.nodeWidth
                let x2 = b.x
                out +=
                    "<line x1=\"\(x1)\" y1=\"\(y1)\" x2=\"\(x2)\" y2=\"\(y2)\" class=\"edge\" marker-end=\"url(#arrow)\">"
                    + "<title>\(HTML.escape(title))</title></line>\n"
                // The label sits where the edges spread out: near the receiver when the sender has more
                // edges than the receiver (a fan-out), else near the sender (a fan-in).
                let share = outDegree[edge.from, default: 0] > inDegree[edge.to, default: 0] ? 70 : 30
                (lx, ly) = (x1 + (x2 - x1) * share / 100, y1 + (y2 - y1) * share / 100 - 4)
            } else {
                // Back or same-column edge: an arc below the nodes, right side to left side.
                let x1 = a.x + Self.nodeWidth / 2
                let x2 = b.x + Self.nodeWidth / 2
                let bottom = max(a.y, b.y) + Self.nodeHeight + Self.rowGap / 2 + 10
                out +=
                    "<path d=\"M\(x1),\(a.y + Self.nodeHeight) C\(x1),\(bottom) \(x2),\(bottom) \(x2),\(b.y + Self.nodeHeight)\" "
                    + "class=\"edge back\" marker-end=\"url(#arrow)\"><title>\(HTML.escape(title))</title></path>\n"
                (lx, ly) = ((x1 + x2) / 2, bottom - 6)
            }
            if b.x > a.x, let column = columnOf[edge.from], crowded.contains(column), columnOf[edge.to] == column + 1 {
                continue
            }
            labels += "<text x=\"\(lx)\" y=\"\(ly)\" class=\"amount\">\(HTML.escape(label))</text>\n"
        }
        for column in self.columns {
            for account in column {
                let p = position[account]!
                let name = account.count > 17 ? String(account.prefix(16)) + "…" : account
                let focus = account == self.focus ? " focus" : ""
                out +=
                    "<g class=\"node\(focus)\"><title>\(HTML.escape(account))</title>"
                    + "<rect x=\"\(p.x)\" y=\"\(p.y)\" width=\"\(Self.nodeWidth)\" height=\"\(Self.nodeHeight)\" rx=\"4\"/>"
                    + "<text x=\"\(p.x + Self.nodeWidth / 2)\" y=\"\(p.y + Self.nodeHeight / 2 + 4)\">\(HTML.escape(name))</text></g>\n"
            }
        }
        out += labels
        return out + "</svg>\n"
    }
}

/// HTML text escaping.
enum HTML {
    static func escape(_ text: String) -> String {
        Markup.escape(text)
    }
}
