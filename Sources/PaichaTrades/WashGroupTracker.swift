/// Finds groups of accounts whose trades with each other cancel out within a window.
///
/// Trades are gathered per window (`washGroupWindow` seconds, consecutive, aligned to the epoch) as a graph
/// with an edge from seller to buyer. At the end of each window, Tarjan's algorithm splits the graph into
/// strongly connected components: sets of accounts in which every member both sold to and bought from the
/// others, directly or around a cycle. A component of two or more accounts is a wash-trade group when it has at
/// least `washGroupMinimumTrades` trades and every member's net position among the group (bought − sold) is
/// within `washGroupNetTolerance` of that member's own gross volume among the group (bought + sold) — and so
/// also within it of the group's gross volume, which is larger. (Against the group's gross alone, any large
/// group of honest traders would pass: each member's share of it is small.) A component that does not cancel is peeled: the
/// member with the largest net position is removed and the rest searched again, so that a ring hidden inside a
/// larger group of honest traders is still found.
public struct WashGroupTracker: Sendable {
    /// One seller→buyer edge of the current window.
    struct Edge: Sendable {
        var trades: Int64 = 0
        var volume: Double = 0
        var firstLine: Int64 = 0
        var lastLine: Int64 = 0
    }

    /// The window length in nanoseconds.
    public let window: Int64
    /// The largest net position per member, relative to the group's gross volume.
    public let netTolerance: Double
    /// The fewest trades among a group's members.
    public let minimumTrades: Int64
    /// The largest component peeled.
    public let maximumPeeled: Int
    /// The most edges kept per window.
    public let maximumEdges: Int
    /// The most groups kept with evidence.
    public let maximumKept: Int

    /// Groups found, each counted once per window.
    public private(set) var groupCount: Int64 = 0
    /// Trades among the members of the groups found.
    public private(set) var groupTrades: Int64 = 0
    /// Gross volume (sum of sizes) of those trades.
    public private(set) var groupVolume: Double = 0
    /// Windows with at least one trade between two accounts.
    public private(set) var windows: Int64 = 0
    /// Trades on pairs beyond `maximumEdges` in their window (not in the graph).
    public private(set) var untrackedTrades: Int64 = 0
    /// The first groups found, with their evidence.
    public private(set) var groups: [WashGroupRecord] = []

    private var windowIndex: Int64?
    private var windowFile: Int32 = 0
    private var windowAccounts: [String] = []
    private var edges: [UInt64: Edge] = [:]

    /// Makes a tracker.
    public init(
        window: Int64,
        netTolerance: Double,
        minimumTrades: Int64,
        maximumPeeled: Int,
        maximumEdges: Int,
        maximumKept: Int
    ) {
        self.window = max(1, window)
        self.netTolerance = netTolerance
        self.minimumTrades = minimumTrades
        self.maximumPeeled = maximumPeeled
        self.maximumEdges = maximumEdges
        self.maximumKept = maximumKept
    }

    /// Adds a trade from `seller` to `buyer` (reader account indices; `accounts` names them).
    public mutating func add(
        buyer: Int32,
        seller: Int32,
        time: Int64,
        size: Double,
        line: Int64,
        file: Int32,
        accounts: [String]
    ) {
        let index = time >= 0 ? time / self.window : -((-time - 1) / self.window) - 1
        let newFile = file != self.windowFile
        if index != self.windowIndex || newFile {
            self.finishWindow()
            self.windowIndex = index
            self.windowFile = file
        }
        // A reader's account table only grows: keep the latest (a retain per new account, not per trade).
        if newFile || accounts.count != self.windowAccounts.count { self.windowAccounts = accounts }
        guard buyer != seller else { return }
        let key = UInt64(UInt32(bitPattern: seller)) << 32 | UInt64(UInt32(bitPattern: buyer))
        if let index = self.edges.index(forKey: key) {
            self.edges.values[index].trades &+= 1
            self.edges.values[index].volume += size
            self.edges.values[index].lastLine = line
            return
        }
        guard self.edges.count < self.maximumEdges else {
            self.untrackedTrades &+= 1
            return
        }
        self.edges[key] = Edge(trades: 1, volume: size, firstLine: line, lastLine: line)
    }

    /// Examines the current window; call once after the last trade.
    public mutating func finishWindow() {
        defer { self.edges.removeAll(keepingCapacity: true) }
        guard !self.edges.isEmpty, let windowIndex = self.windowIndex else { return }
        self.windows &+= 1
        // Local numbering of the window's accounts, in a fixed order so that results are deterministic.
        var accountIDs: [Int32] = []
        var local: [Int32: Int] = [:]
        let keys = self.edges.keys.sorted()
        func id(_ account: Int32) -> Int {
            if let id = local[account] { return id }
            local[account] = accountIDs.count
            accountIDs.append(account)
            return accountIDs.count - 1
        }
        var list: [(from: Int, to: Int, edge: Edge)] = []
        list.reserveCapacity(keys.count)
        for key in keys {
            let seller = id(Int32(bitPattern: UInt32(truncatingIfNeeded: key >> 32)))
            let buyer = id(Int32(bitPattern: UInt32(truncatingIfNeeded: key)))
            list.append((seller, buyer, self.edges[key]!))
        }
        let graph = WindowGraph(count: accountIDs.count, edges: list)
        // Scratch space for the whole window: searches reset what they touch.
        var search = Tarjan(count: graph.count)
        var allowed = [Bool](repeating: true, count: graph.count)
        var position = [Int](repeating: -1, count: graph.count)
        let components = search.components(nodes: Array(0..<graph.count), graph: graph, allowed: allowed)
        for index in allowed.indices { allowed[index] = false }
        for component in components where component.count >= 2 {
            self.examine(
                component,
                graph: graph,
                accountIDs: accountIDs,
                windowIndex: windowIndex,
                scratch: &search,
                allowed: &allowed,
                position: &position
            )
        }
    }

    private mutating func examine(
        _ component: [Int],
        graph: WindowGraph,
        accountIDs: [Int32],
        windowIndex: Int64,
        scratch search: inout Tarjan,
        allowed: inout [Bool],
        position: inout [Int]
    ) {
        var pending = [component]
        var peels = 0
        while let members = pending.popLast() {
            for member in members { allowed[member] = true }
            defer { for member in members { allowed[member] = false } }
            let summary = graph.summary(members, allowed: allowed, position: &position)
            let cancels = zip(summary.nets, summary.grosses).allSatisfy { abs($0) <= self.netTolerance * $1 }
            if summary.trades >= self.minimumTrades, summary.gross > 0, cancels {
                let full = graph.summary(members, allowed: allowed, position: &position, withLines: true)
                self.record(members, summary: full, accountIDs: accountIDs, windowIndex: windowIndex)
                continue
            }
            guard members.count > 2, members.count <= self.maximumPeeled, peels < self.maximumPeeled else { continue }
            peels += 1
            let drop = members.indices.max {
                abs(summary.nets[$0]) / summary.grosses[$0] < abs(summary.nets[$1]) / summary.grosses[$1]
            }!
            var rest = members
            rest.remove(at: drop)
            allowed[members[drop]] = false
            for sub in search.components(nodes: rest, graph: graph, allowed: allowed) where sub.count >= 2 {
                pending.append(sub)
            }
        }
    }

    private mutating func record(
        _ members: [Int],
        summary: WindowGraph.Summary,
        accountIDs: [Int32],
        windowIndex: Int64
    ) {
        self.groupCount &+= 1
        self.groupTrades &+= summary.trades
        self.groupVolume += summary.gross
        guard self.groups.count < self.maximumKept else { return }
        func name(_ index: Int32) -> String {
            Int(index) < self.windowAccounts.count ? self.windowAccounts[Int(index)] : "#\(index)"
        }
        let order = members.indices.sorted { name(accountIDs[members[$0]]) < name(accountIDs[members[$1]]) }
        self.groups.append(
            WashGroupRecord(
                windowStart: windowIndex &* self.window,
                file: self.windowFile,
                accounts: order.map { name(accountIDs[members[$0]]) },
                nets: order.map { summary.nets[$0] },
                grosses: order.map { summary.grosses[$0] },
                trades: summary.trades,
                gross: summary.gross,
                lines: summary.lines
            )
        )
    }
}

/// A wash-trade group as found: its window, members, and the lines of its trades.
public struct WashGroupRecord: Hashable, Sendable {
    /// The window's start, nanoseconds since the epoch.
    public var windowStart: Int64
    /// The caller's file number.
    public var file: Int32
    /// The members, sorted by name.
    public var accounts: [String]
    /// Each member's net position among the group (bought − sold).
    public var nets: [Double]
    /// Each member's gross volume among the group (bought + sold).
    public var grosses: [Double]
    /// Trades among the members.
    public var trades: Int64
    /// Their gross volume (sum of sizes).
    public var gross: Double
    /// The first and last line of each edge between members, sorted.
    public var lines: [Int64]
}

/// A window's seller→buyer graph, as compressed rows: the edges of node n are at offsets[n]..<offsets[n + 1].
struct WindowGraph {
    struct Summary {
        var trades: Int64 = 0
        var gross: Double = 0
        var nets: [Double] = []
        var grosses: [Double] = []
        var lines: [Int64] = []
    }

    let offsets: [Int]
    let targets: [Int]
    let data: [WashGroupTracker.Edge]

    var count: Int { self.offsets.count - 1 }

    init(count: Int, edges: [(from: Int, to: Int, edge: WashGroupTracker.Edge)]) {
        var offsets = [Int](repeating: 0, count: count + 1)
        for edge in edges { offsets[edge.from + 1] += 1 }
        for node in 0..<count { offsets[node + 1] += offsets[node] }
        var cursor = offsets
        var targets = [Int](repeating: 0, count: edges.count)
        var data = [WashGroupTracker.Edge](repeating: WashGroupTracker.Edge(), count: edges.count)
        for edge in edges {
            targets[cursor[edge.from]] = edge.to
            data[cursor[edge.from]] = edge.edge
            cursor[edge.from] += 1
        }
        self.offsets = offsets
        self.targets = targets
        self.data = data
    }

    /// Trades, gross volume, nets and (`withLines`) lines among `members` (whose `allowed` entries are set);
    /// `position` is scratch space of −1s, left as found.
    func summary(_ members: [Int], allowed: [Bool], position: inout [Int], withLines: Bool = false) -> Summary {
        var summary = Summary()
        for (index, member) in members.enumerated() { position[member] = index }
        defer { for member in members { position[member] = -1 } }
        summary.nets = [Double](repeating: 0, count: members.count)
        summary.grosses = summary.nets
        var lines: Set<Int64> = []
        for (index, member) in members.enumerated() {
            for slot in self.offsets[member]..<self.offsets[member + 1] where allowed[self.targets[slot]] {
                let target = position[self.targets[slot]]
                guard target >= 0 else { continue }
                let edge = self.data[slot]
                summary.trades += edge.trades
                summary.gross += edge.volume
                summary.nets[index] -= edge.volume
                summary.nets[target] += edge.volume
                summary.grosses[index] += edge.volume
                summary.grosses[target] += edge.volume
                if withLines {
                    lines.insert(edge.firstLine)
                    lines.insert(edge.lastLine)
                }
            }
        }
        if withLines { summary.lines = lines.sorted() }
        return summary
    }
}

/// Strongly connected components (Tarjan 1972), iterative so that large windows cannot overflow the stack. Its
/// arrays are sized to the window once and reset after each search, so that peeling many small groups out of a
/// large window costs no more than the groups.
struct Tarjan {
    private var index: [Int]
    private var low: [Int]
    private var onStack: [Bool]

    init(count: Int) {
        self.index = [Int](repeating: -1, count: count)
        self.low = [Int](repeating: 0, count: count)
        self.onStack = [Bool](repeating: false, count: count)
    }

    /// The components of the subgraph of `nodes` whose `allowed` entry is set, each in discovery order.
    mutating func components(nodes: [Int], graph: WindowGraph, allowed: [Bool]) -> [[Int]] {
        var visited: [Int] = []
        defer { for node in visited { self.index[node] = -1 } }
        var stack: [Int] = []
        var counter = 0
        var result: [[Int]] = []
        for root in nodes where allowed[root] && self.index[root] < 0 {
            var calls: [(node: Int, next: Int)] = [(root, graph.offsets[root])]
            self.index[root] = counter
            self.low[root] = counter
            counter += 1
            visited.append(root)
            stack.append(root)
            self.onStack[root] = true
            while let (node, next) = calls.last {
                if next < graph.offsets[node + 1] {
                    calls[calls.count - 1].next = next + 1
                    let target = graph.targets[next]
                    guard allowed[target] else { continue }
                    if self.index[target] < 0 {
                        self.index[target] = counter
                        self.low[target] = counter
                        counter += 1
                        visited.append(target)
                        stack.append(target)
                        self.onStack[target] = true
                        calls.append((target, graph.offsets[target]))
                    } else if self.onStack[target] {
                        self.low[node] = min(self.low[node], self.index[target])
                    }
                    continue
                }
                calls.removeLast()
                if let parent = calls.last?.node { self.low[parent] = min(self.low[parent], self.low[node]) }
                if self.low[node] == self.index[node] {
                    var component: [Int] = []
                    while let top = stack.popLast() {
                        self.onStack[top] = false
                        component.append(top)
                        if top == node { break }
                    }
                    result.append(component)
                }
            }
        }
        return result
    }
}
