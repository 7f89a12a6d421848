public import PaichaCore

/// A process as `/proc/PID` describes it; fields it could not read are nil.
public struct ProcessRecord: Sendable, Hashable, Codable {
    public var pid: Int32
    public var parentPID: Int32?
    /// The kernel's short name (`/proc/PID/comm`, at most 15 bytes).
    public var name: String
    /// The command line (`/proc/PID/cmdline`, NUL-separated arguments).
    public var arguments: [String]
    /// Where the executable is (`/proc/PID/exe`), with ` (deleted)` removed.
    public var executable: String?
    /// Whether the executable was deleted after the process started.
    public var executableDeleted: Bool
    /// The working directory (`/proc/PID/cwd`).
    public var workingDirectory: String?
    /// Real user id (`/proc/PID/status` `Uid:`).
    public var userID: UInt32?
    /// User plus system CPU time so far, in seconds.
    public var cpuSeconds: Double?
    /// Seconds since the process started.
    public var elapsedSeconds: Double?
    /// CPU share over the short sampling interval of a live sweep (1.0 is one core).
    public var sampledCPUShare: Double?
    /// Interesting environment variables (`LD_PRELOAD`, `LD_LIBRARY_PATH`), when readable.
    public var environment: [String: String]
    /// Inodes of the sockets among its open descriptors.
    public var socketInodes: [UInt64]
    /// Whether the PID answered when probed directly but was missing from the `/proc` listing.
    public var hiddenFromListing: Bool
    /// Whether it is a kernel thread (`PF_KTHREAD` in `/proc/PID/stat`): no executable, no command line.
    public var isKernelThread: Bool

    /// Makes a record with only the PID and name known.
    public init(pid: Int32, name: String) {
        self.pid = pid
        self.parentPID = nil
        self.name = name
        self.arguments = []
        self.executable = nil
        self.executableDeleted = false
        self.workingDirectory = nil
        self.userID = nil
        self.cpuSeconds = nil
        self.elapsedSeconds = nil
        self.sampledCPUShare = nil
        self.environment = [:]
        self.socketInodes = []
        self.hiddenFromListing = false
        self.isKernelThread = false
    }

    /// The command line as one string, arguments separated by spaces.
    public var commandLine: String { self.arguments.joined(separator: " ") }

    /// Average CPU share over the process's life (1.0 is one core).
    public var lifetimeCPUShare: Double? {
        guard let cpu = self.cpuSeconds, let elapsed = self.elapsedSeconds, elapsed > 0 else { return nil }
        return cpu / elapsed
    }

    /// `pid 4242 (xmrig)`.
    public var label: String { "pid \(self.pid) (\(self.name))" }
}

/// A socket from `/proc/net/{tcp,tcp6,udp,udp6}`, with the processes that hold it.
public struct SocketRecord: Sendable, Hashable, Codable {
    /// `tcp`, `tcp6`, `udp` or `udp6`.
    public var table: String
    public var local: Endpoint
    public var remote: Endpoint
    /// The TCP state by name (`ESTABLISHED`, `SYN_SENT`, `LISTEN`, …); UDP sockets show the kernel's code name.
    public var state: String
    public var userID: UInt32
    public var inode: UInt64
    /// The processes with a descriptor on it (empty if none could be seen).
    public var pids: [Int32]
    /// The table file and 1-based line it came from.
    public var line: Int

    /// Makes a record.
    public init(
        table: String,
        local: Endpoint,
        remote: Endpoint,
        state: String,
        userID: UInt32,
        inode: UInt64,
        pids: [Int32] = [],
        line: Int
    ) {
        self.table = table
        self.local = local
        self.remote = remote
        self.state = state
        self.userID = userID
        self.inode = inode
        self.pids = pids
        self.line = line
    }

    /// `10.0.0.5:40112 → 1.2.3.4:3333`.
    public var label: String { "\(self.local) → \(self.remote)" }
}
