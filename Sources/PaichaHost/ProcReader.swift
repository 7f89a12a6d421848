import Glibc
import PaichaCore

/// Reads the files of `/proc` for `ProcessInventory`, recording what it cannot read in its statistics.
struct ProcReader {
    let fileSystem: HostFileSystem
    var statistics: SweepStatistics
    /// Clock ticks per second for `stat` times (`sysconf(_SC_CLK_TCK)`, 100 on Linux).
    let ticksPerSecond: Double

    /// The environment variables a sweep keeps (the others are never copied out of `environ`).
    static let keptVariables = ["LD_PRELOAD", "LD_LIBRARY_PATH"]

    init(fileSystem: HostFileSystem, statistics: SweepStatistics) {
        self.fileSystem = fileSystem
        self.statistics = statistics
        let ticks = sysconf(Int32(_SC_CLK_TCK))
        self.ticksPerSecond = ticks > 0 ? Double(ticks) : 100
    }

    // MARK: - Whole files

    /// A file's bytes (cut at `maximumBytes`, counted under `limit`), or nil when it cannot be read.
    mutating func bytes(_ path: String, maximumBytes: Int, limit: String) -> [UInt8]? {
        do {
            let content = try self.fileSystem.read(path, maximumBytes: maximumBytes, statistics: &self.statistics)
            if content.isCut { self.statistics.hit(limit) }
            return content.bytes
        } catch {
            self.statistics.record(error)
            return nil
        }
    }

    /// A `/proc` line-sized file (`stat`, `loadavg`, `uptime`).
    mutating func line(_ path: String) -> [UInt8]? {
        self.bytes(path, maximumBytes: self.fileSystem.limits.maximumProcLineBytes, limit: "maximumProcLineBytes")
    }

    /// A symbolic link's target, or nil when it cannot be read.
    mutating func link(_ path: String) -> String? {
        do {
            return try self.fileSystem.readLink(path)
        } catch {
            self.statistics.record(error)
            return nil
        }
    }

    // MARK: - System-wide files

    /// The numeric entries of `/proc`, in increasing order.
    mutating func listPIDs() -> [Int32]? {
        do {
            let names = try self.fileSystem.list("/proc", statistics: &self.statistics)
            return names.compactMap { name in
                guard let first = name.utf8.first, first >= 0x31, first <= 0x39 else { return nil }
                return Int32(name)
            }
            .sorted()
        } catch {
            self.statistics.record(error)
            return nil
        }
    }

    /// `/proc/loadavg`: tasks in the kernel and the last PID allocated.
    mutating func loadAverage() -> LoadAverage? {
        guard let bytes = self.line("/proc/loadavg") else { return nil }
        return bytes.withUnsafeBytes { LoadAverage.parse($0) }
    }

    /// Seconds since boot (`/proc/uptime`).
    mutating func uptime() -> Double? {
        guard let bytes = self.line("/proc/uptime") else { return nil }
        return bytes.withUnsafeBytes { raw in
            var reader = ByteReader(raw)
            guard let whole = reader.readDecimal(as: Int64.self) else { return nil }
            var seconds = Double(whole)
            if reader.readByte(0x2E) {
                let start = reader.readerIndex
                if let fraction = reader.readDecimal(as: Int64.self) {
                    let digits = reader.readerIndex - start
                    seconds += Double(fraction) / Glibc.pow(10, Double(min(digits, 18)))
                }
            }
            return seconds
        }
    }

    /// `/proc/sys/kernel/pid_max`.
    mutating func pidMaximum() -> Int32? {
        guard let bytes = self.line("/proc/sys/kernel/pid_max") else { return nil }
        return bytes.withUnsafeBytes { raw in
            var reader = ByteReader(raw)
            return reader.readDecimal(as: Int32.self)
        }
    }

    /// Whether the sweep runs in the initial PID namespace (`NSpid:` of `/proc/self/status` has one number),
    /// so that the kernel's task count describes the PIDs it can see.
    mutating func isInitialPIDNamespace() -> Bool {
        guard let bytes = self.line("/proc/self/status") else { return false }
        return bytes.withUnsafeBytes { raw in
            var reader = ByteReader(raw)
            while let line = reader.readLine() {
                var fields = ByteReader(line)
                guard fields.readToken()?.equals("NSpid:") ?? false else { continue }
                var count = 0
                while true {
                    fields.skipBlanks()
                    guard fields.readDecimal(as: Int32.self) != nil else { break }
                    count += 1
                }
                return count == 1
            }
            return true
        }
    }

    // MARK: - One process

    /// `/proc/PID/stat`, parsed.
    mutating func stat(_ pid: Int32) -> ProcessStat? {
        guard let bytes = self.line("/proc/\(pid)/stat") else { return nil }
        let stat = bytes.withUnsafeBytes { ProcessStat.parse($0) }
        if stat == nil, !bytes.isEmpty {
            self.statistics.recordMalformed(path: "/proc/\(pid)/stat", line: 1, what: "stat line")
        }
        return stat
    }

    /// The thread group of a PID probed directly (`Tgid:`), or nil when nothing answers at that PID.
    mutating func threadGroupID(_ pid: Int32) -> Int32? {
        let path = "/proc/\(pid)/status"
        guard let bytes = try? self.fileSystem.read(path, maximumBytes: 4096, statistics: &self.statistics) else {
            return nil
        }
        return bytes.bytes.withUnsafeBytes { ProcessStatus.parse($0).threadGroupID } ?? pid
    }

    /// Everything else of a process whose `stat` was read.
    mutating func record(_ stat: ProcessStat, hidden: Bool, uptime: Double?) -> ProcessRecord {
        let pid = stat.pid
        var record = ProcessRecord(pid: pid, name: stat.name)
        record.parentPID = stat.parentPID
        record.isKernelThread = stat.isKernelThread
        record.hiddenFromListing = hidden
        record.cpuSeconds = Double(stat.cpuTicks) / self.ticksPerSecond
        if let uptime {
            let started = Double(stat.startTicks) / self.ticksPerSecond
            if uptime >= started { record.elapsedSeconds = uptime - started }
        }
        let base = "/proc/\(pid)/"
        if let status = self.bytes(base + "status", maximumBytes: 64 << 10, limit: "maximumTextFileBytes") {
            let parsed = status.withUnsafeBytes { ProcessStatus.parse($0) }
            record.userID = parsed.userID
            record.parentPID = parsed.parentPID ?? stat.parentPID
        }
        // Kernel threads and zombies have no command line, executable, environment or descriptors.
        guard !stat.isKernelThread, stat.state != UInt8(ascii: "Z") else { return record }
        let limit = self.fileSystem.limits.maximumTextFileBytes
        if let cmdline = self.bytes(base + "cmdline", maximumBytes: limit, limit: "maximumTextFileBytes") {
            record.arguments = Self.arguments(cmdline)
        }
        if let target = self.link(base + "exe") {
            let (path, deleted) = Self.executable(target)
            record.executable = path
            record.executableDeleted = deleted
        }
        record.workingDirectory = self.link(base + "cwd")
        if let environ = self.bytes(base + "environ", maximumBytes: limit, limit: "maximumTextFileBytes") {
            record.environment = Self.keptEnvironment(environ)
        }
        record.socketInodes = self.socketInodes(pid)
        return record
    }

    /// The inodes of the sockets among a process's descriptors (`/proc/PID/fd/N` → `socket:[INODE]`).
    mutating func socketInodes(_ pid: Int32) -> [UInt64] {
        let directory = "/proc/\(pid)/fd"
        let names: [String]
        do {
            names = try self.fileSystem.list(directory, statistics: &self.statistics)
        } catch {
            self.statistics.record(error)
            return []
        }
        var inodes: [UInt64] = []
        for name in names {
            guard let target = self.link(directory + "/" + name), let inode = Self.socketInode(target) else {
                continue
            }
            inodes.append(inode)
        }
        return inodes.sorted()
    }

    // MARK: - Parsing

    /// The arguments of a `cmdline` file: NUL-separated, the last NUL optional.
    static func arguments(_ bytes: [UInt8]) -> [String] {
        guard !bytes.isEmpty else { return [] }
        var parts = bytes.split(separator: 0, omittingEmptySubsequences: false)
        if bytes.last == 0 { parts.removeLast() }
        return parts.map { String(decoding: $0, as: UTF8.self) }
    }

    /// The executable path of an `exe` link and whether ` (deleted)` marked it as deleted.
    static func executable(_ target: String) -> (path: String, deleted: Bool) {
        let marker = " (deleted)"
        guard target.hasSuffix(marker) else { return (target, false) }
        return (String(target.dropLast(marker.count)), true)
    }

    /// `socket:[12345]` → 12345.
    static func socketInode(_ target: String) -> UInt64? {
        guard target.hasPrefix("socket:["), target.hasSuffix("]") else { return nil }
        return UInt64(target.dropFirst("socket:[".count).dropLast())
    }

    /// The kept variables (`LD_PRELOAD`, `LD_LIBRARY_PATH`) of an `environ` file; the rest is not copied.
    static func keptEnvironment(_ bytes: [UInt8]) -> [String: String] {
        var kept: [String: String] = [:]
        for entry in bytes.split(separator: 0) {
            guard let first = entry.first, first == UInt8(ascii: "L") else { continue }
            for name in Self.keptVariables {
                let key = Array((name + "=").utf8)
                if entry.starts(with: key) {
                    kept[name] = String(decoding: entry.dropFirst(key.count), as: UTF8.self)
                }
            }
        }
        return kept
    }
}

/// The fields of `/proc/loadavg` a sweep uses (`0.52 0.58 0.59 3/467 12345`).
struct LoadAverage: Sendable, Hashable {
    /// Tasks (processes and threads) the kernel has.
    var tasks: Int64
    /// The PID allocated last.
    var lastPID: Int32

    static func parse(_ bytes: UnsafeRawBufferPointer) -> LoadAverage? {
        var reader = ByteReader(bytes)
        for _ in 0..<3 {
            reader.skipBlanks()
            guard reader.readToken() != nil else { return nil }
        }
        reader.skipBlanks()
        guard reader.readDecimal(as: Int64.self) != nil, reader.readByte(0x2F),
            let tasks = reader.readDecimal(as: Int64.self)
        else { return nil }
        reader.skipBlanks()
        guard let last = reader.readDecimal(as: Int32.self) else { return nil }
        return LoadAverage(tasks: tasks, lastPID: last)
    }
}
