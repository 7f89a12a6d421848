/// Reads the socket tables of `/proc/net` (`tcp`, `tcp6`, `udp`, `udp6`) and ties each socket to the
/// processes holding it (through the socket inodes `ProcessInventory` found among their descriptors).
///
/// Runs on live sweeps only (an image's `/proc` is empty) unless `readsImageProc` is set, which tests use
/// on fake `/proc` trees. Adds to `context.sockets`; reports no findings itself (`ProcessChecks` judges).
/// Stops at `HostLimits.maximumSockets` rows in all (counted); malformed rows are listed in the
/// statistics' `unreadable` paths as `/proc/net/tcp:LINE`.
public struct SocketInventory: HostCheckGroup {
    public var lane: HostCheckLane { .processes }

    public var name: String { "sockets" }
    public var checks: [CheckDescription] { [] }
    /// Whether to read `/proc/net` inside an image (for fake trees built by tests).
    public var readsImageProc: Bool

    /// The tables read, in order.
    public static let tables = ["tcp", "tcp6", "udp", "udp6"]

    /// Makes the inventory; `readsImageProc` reads `/proc/net` even in an image.
    public init(readsImageProc: Bool = false) {
        self.readsImageProc = readsImageProc
    }

    public func run(_ context: inout SweepContext) -> [HostFinding] {
        let fileSystem = context.fileSystem
        guard fileSystem.isLive || self.readsImageProc else { return [] }
        let limits = fileSystem.limits
        var owners: [UInt64: [Int32]] = [:]
        for process in context.processes {
            for inode in process.socketInodes where inode != 0 {
                owners[inode, default: []].append(process.pid)
            }
        }
        var statistics = context.statistics
        var sockets: [SocketRecord] = []
        for table in Self.tables {
            let path = "/proc/net/" + table
            let room = limits.maximumSockets - sockets.count
            guard room > 0 else { break }
            var parser = SocketTableParser(
                table: table,
                maximumLineBytes: limits.maximumProcLineBytes,
                maximumRows: room
            )
            do {
                try fileSystem.readChunks(path, chunkBytes: 1 << 20, statistics: &statistics) { parser.feed($0) }
                parser.finish()
            } catch {
                statistics.record(error)
            }
            for line in parser.malformedLines { statistics.recordMalformed(path: path, line: line, what: "socket row") }
            if parser.longLines > 0 { statistics.limitsHit["maximumProcLineBytes", default: 0] += parser.longLines }
            if parser.isFull { statistics.hit("maximumSockets") }
            for var record in parser.records {
                if record.inode != 0, let pids = owners[record.inode] { record.pids = pids }
                sockets.append(record)
            }
        }
        context.sockets += sockets
        context.statistics = statistics
        return []
    }
}

extension SweepStatistics {
    /// Lists a malformed line of a file (`/proc/net/tcp:17`) among the unreadable paths (bounded).
    mutating func recordMalformed(path: String, line: Int, what: String) {
        guard self.unreadable.count < Self.maximumListedPaths else {
            self.hit("listedUnreadablePaths")
            return
        }
        self.unreadable.append(NotVisible(path: "\(path):\(line)", reason: "malformed \(what)"))
    }
}
