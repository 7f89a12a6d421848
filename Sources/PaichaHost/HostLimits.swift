/// Limits that keep a sweep bounded on hostile or odd systems; each is counted when hit.
public struct HostLimits: Sendable, Hashable, Codable {
    /// Bytes read from a text file (config, crontab, unit, script, `/proc` file) before it is cut.
    public var maximumTextFileBytes: Int = 1 << 20
    /// Bytes of an executable scanned for content signatures.
    public var maximumBinaryScanBytes: Int = 64 << 20
    /// Bytes of executables scanned for content signatures in one sweep, over all walked places (what
    /// persistence entries run is always scanned). Temporary directories are walked first; once the budget is
    /// spent, further executables are judged by name and place only, and the cut is counted.
    public var maximumBinaryScanTotalBytes: Int = 128 << 20
    /// Symbolic links followed while resolving one path (the kernel's own limit is 40).
    public var maximumSymbolicLinkHops: Int = 40
    /// Entries read from one directory.
    public var maximumDirectoryEntries: Int = 100_000
    /// Bytes of a file read as a possible miner configuration (`*.json`, `pools.txt`); larger files are skipped.
    public var maximumConfigFileBytes: Int = 1 << 20
    /// Accounts read from `/etc/passwd` (their home directories are searched for keys, units and histories).
    public var maximumAccounts: Int = 10_000
    /// Depth of a recursive walk (e.g. `/var/spool/cron/**`, home directories).
    public var maximumWalkDepth: Int = 12
    /// Files visited by one recursive walk (one tree such as `/home`), so one huge tree cannot use up the total.
    public var maximumWalkedFilesPerTree: Int = 50_000
    /// Files visited by all recursive walks together.
    public var maximumWalkedFiles: Int = 200_000
    /// Processes read from `/proc`.
    public var maximumProcesses: Int = 1 << 20
    /// Socket table lines read from `/proc/net/*`.
    public var maximumSockets: Int = 1 << 22
    /// Bytes of one line of a `/proc` table (`/proc/net/tcp`); longer lines are skipped and counted.
    public var maximumProcLineBytes: Int = 4096
    /// PIDs probed directly (`/proc/N` for N up to `pid_max`) looking for processes hidden from the listing.
    public var maximumProbedPIDs: Int = 4_194_304
    /// Files copied into the evidence directory.
    public var maximumEvidenceFiles: Int = 10_000
    /// Bytes of one file copied into the evidence directory (larger files are hashed whole, copied cut).
    public var maximumEvidenceFileBytes: Int = 256 << 20
    /// Characters of an excerpt quoted in a finding's evidence.
    public var maximumExcerptCharacters: Int = 512

    /// The defaults.
    public init() {}
}
