import Foundation
import Glibc
import PaichaCore
import PaichaMining

/// Miner files where dropped miners live: configurations, binaries (by content), scripts that launch miners
/// or kill competitors, and files named like miners.
///
/// Walked places (each bounded by `HostLimits` walk limits; other file systems, `skippedTrees` and
/// `skippedNames` are not entered): the temporary directories of the indicator list, `/root` and `/home` with
/// everything examined by content; `/opt`, `/usr/local`, `/srv`, `/var/www`, `/var/lib` and `/etc` for
/// configurations and scripts, and binaries only in hidden directories or with a miner's name. The programs
/// that persistence entries run are examined wherever they are. `/usr/bin`, `/usr/sbin`, `/bin` and `/sbin` are
/// only listed, for miner names. Cheap tests come first: names and sizes, then the first bytes (ELF magic or
/// `#!`), then a quoted config key, and only then a full read or a streamed signature scan.
public struct MinerFileChecks: HostCheckGroup {
    public let name = "files"

    /// A place walked, and how deep.
    struct Place {
        var path: String
        var depth: Int
        /// Whether every executable is scanned by content (else only hidden or miner-named ones).
        var scanAllBinaries: Bool
        /// Whether scripts are judged (not in `/etc`, whose start-up and cron scripts the persistence checks judge).
        var scanScripts = true
    }

    /// Places outside the temporary directories, in the order they are walked (temporary directories first).
    static let places = [
        Place(path: "/root", depth: 8, scanAllBinaries: true),
        Place(path: "/etc", depth: 4, scanAllBinaries: false, scanScripts: false),
        Place(path: "/usr/local", depth: 6, scanAllBinaries: false),
        Place(path: "/opt", depth: 6, scanAllBinaries: false),
        Place(path: "/home", depth: 8, scanAllBinaries: true),
        Place(path: "/srv", depth: 6, scanAllBinaries: false),
        Place(path: "/var/www", depth: 6, scanAllBinaries: false),
        Place(path: "/var/lib", depth: 5, scanAllBinaries: false),
    ]
    /// Directories listed (not walked) for executables named like miners.
    static let programDirectories = ["/usr/bin", "/usr/sbin", "/bin", "/sbin"]
    /// Trees never entered: container layers and package, database and snap stores (huge; images of their own).
    public static let skippedTrees: Set<String> = [
        "/var/lib/docker", "/var/lib/containerd", "/var/lib/containers", "/var/lib/snapd", "/var/lib/flatpak",
        "/var/lib/dpkg", "/var/lib/rpm", "/var/lib/apt", "/var/lib/yum", "/var/lib/dnf", "/var/lib/mysql",
        "/var/lib/postgresql", "/var/lib/pgsql", "/var/lib/mongodb", "/var/lib/elasticsearch", "/var/lib/kubelet",
        "/var/lib/lxcfs", "/var/lib/lxd", "/var/lib/libvirt",
    ]
    /// Directory names never entered anywhere (dependency trees and repositories).
    public static let skippedNames: Set<String> = [
        "node_modules", ".git", "__pycache__", "site-packages", "dist-packages",
    ]
    /// File name endings read as possible configurations.
    static let configSuffixes = [".json", ".conf", ".txt", ".cfg"]
    /// File name endings read as scripts even without the executable bit.
    static let scriptSuffixes = [".sh", ".bash"]
    /// Sign kinds that make a script a miner launcher.
    static let miningSigns: Set<CommandSign.Kind> = [.poolURL, .minerFlag, .minerProgram]

    public let checks = [
        CheckDescription(
            name: "files.minerConfig",
            severity: .high,
            summary: "a miner configuration: pools with a URL and a wallet login, or XMRig's donate-level"
        ),
        CheckDescription(
            name: "files.minerBinary",
            severity: .high,
            summary: "an executable that carries a miner's content signature (strings of XMRig, xmr-stak, …)"
        ),
        CheckDescription(
            name: "files.minerName",
            severity: .medium,
            summary: "a file named like a miner (xmrig, kdevtmpfsi, …) where dropped miners live"
        ),
        CheckDescription(
            name: "files.minerScript",
            severity: .high,
            summary: "a script that starts a miner: pool URLs, miner options or a miner program"
        ),
        CheckDescription(
            name: "files.killScript",
            severity: .medium,
            summary: "a script that kills competing miners or stops security agents; high with several "
                + "patterns or beside mining signs"
        ),
    ]

    /// Makes the group.
    public init() {}

    public func run(_ context: inout SweepContext) -> [HostFinding] {
        var state = ScanState(indicators: context.indicators, selfIdentity: Self.selfIdentity(context))
        let walk = HostWalk(skippedPaths: Self.skippedTrees, skippedNames: Self.skippedNames)
        var places = context.indicators.temporaryDirectories.map { Place(path: $0, depth: 8, scanAllBinaries: true) }
        places += Self.places
        // A temporary directory inside another (`/tmp/.X11-unix`) is walked with its parent.
        places = places.filter { place in
            !places.contains { $0.path != place.path && place.path.hasPrefix($0.path + "/") }
        }
        // What persistence entries run is examined first and fully, wherever it lies.
        for path in context.persistencePaths {
            guard let info = try? context.fileSystem.info(path, followLastLink: true) else { continue }
            self.examine(
                path,
                info: info,
                scanBinary: true,
                scanScripts: true,
                withinBudget: false,
                state: &state,
                context: &context
            )
        }
        for place in places {
            var walk = walk
            walk.maximumDepth = place.depth
            walk.walk(place.path, context: &context) { path, info, context in
                self.examine(
                    path,
                    info: info,
                    scanBinary: place.scanAllBinaries,
                    scanScripts: place.scanScripts,
                    state: &state,
                    context: &context
                )
            }
        }
        var listed = Set<String>()
        for directory in Self.programDirectories {
            guard let resolved = try? context.fileSystem.resolve(directory), listed.insert(resolved).inserted else {
                continue
            }
            for path in PersistenceChecks.listFiles(directory, context: &context) {
                guard let info = try? context.fileSystem.info(path, followLastLink: true) else { continue }
                self.examineName(path, info: info, state: &state, context: &context)
            }
        }
        var findings = state.findings
        let flagged = Set(
            findings.filter { $0.severity >= .medium }.flatMap(\.artifacts).compactMap { artifact -> String? in
                if case .file(let path) = artifact { return path }
                return nil
            }
        )
        findings += AttributeCheck.findings(flagged.sorted(), flagged: flagged, role: "miner file", context: &context)
        return findings
    }

    /// What the walk has found so far.
    struct ScanState {
        let indicators: HostIndicators
        /// The sweeping program's own executable (device, inode), never judged: it carries the indicators.
        let selfIdentity: (device: UInt64, inode: UInt64)?
        /// Lowercased texts without which no line of a script can show a sign the file checks report
        /// (kill patterns, miner flags and names, pool schemes and domains): a script is judged line by line
        /// only when one occurs.
        let scriptTriggers: [[UInt8]]
        /// Per two-byte start (first byte × 256 + second): 1 + the position in `pairTriggers` of the
        /// triggers that start so, or 0 when none does.
        let triggerPairs: [Int32]
        /// Positions in `scriptTriggers`, one list per two-byte start some trigger has.
        let pairTriggers: [[Int]]
        var examined = Set<String>()
        /// Bytes of executables scanned so far in walked places (against `maximumBinaryScanTotalBytes`).
        var binaryBytesScanned = 0
        var findings: [HostFinding] = []

        init(indicators: HostIndicators, selfIdentity: (device: UInt64, inode: UInt64)?) {
            self.indicators = indicators
            self.selfIdentity = selfIdentity
            var triggers = indicators.killPatterns.map(\.pattern) + indicators.minerFlags.map(\.flag)
            triggers += indicators.poolSchemes.map(\.scheme) + indicators.minerNames.map(\.name)
            triggers += indicators.pools.entries.map(\.domain)
            self.scriptTriggers = Set(triggers.map { Array($0.lowercased().utf8) }).filter { !$0.isEmpty }.sorted {
                $0.lexicographicallyPrecedes($1)
            }
            var pairs = [Int32](repeating: 0, count: 1 << 16)
            var lists: [[Int]] = []
            for (position, trigger) in self.scriptTriggers.enumerated() where trigger.count >= 2 {
                let pair = Int(trigger[0]) << 8 | Int(trigger[1])
                if pairs[pair] == 0 {
                    lists.append([])
                    pairs[pair] = Int32(lists.count)
                }
                lists[Int(pairs[pair]) - 1].append(position)
            }
            self.triggerPairs = pairs
            self.pairTriggers = lists
        }

        /// Whether a script's bytes contain any trigger (ASCII case ignored).
        func mayShowSigns(_ bytes: [UInt8]) -> Bool {
            // One pass: a trigger can start only where the first two (lowered) bytes agree with one's.
            guard bytes.count >= 2 else { return false }
            let lowered = bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
            return lowered.withUnsafeBufferPointer { buffer in
                for index in 0..<(buffer.count - 1) {
                    let list = Int(self.triggerPairs[Int(buffer[index]) << 8 | Int(buffer[index + 1])])
                    guard list != 0 else { continue }
                    for position in self.pairTriggers[list - 1] {
                        let trigger = self.scriptTriggers[position]
                        if index + trigger.count <= buffer.count,
                            memcmp(buffer.baseAddress! + index, trigger, trigger.count) == 0
                        {
                            return true
                        }
                    }
                }
                // One-byte triggers (none in the bundled lists) are looked for directly.
                return self.scriptTriggers.contains { $0.count == 1 && buffer.contains($0[0]) }
            }
        }
    }

    /// Whether a file name ends with one of the (lowercase ASCII) suffixes, ignoring ASCII case.
    static func hasSuffix(_ name: String, among suffixes: [String]) -> Bool {
        let bytes = name.utf8
        return suffixes.contains { suffix in
            let tail = suffix.utf8
            guard tail.count <= bytes.count else { return false }
            return zip(bytes.suffix(tail.count), tail).allSatisfy { MinerNameIndex.lowered($0) == $1 }
        }
    }

    /// The running executable's identity on a live sweep.
    static func selfIdentity(_ context: SweepContext) -> (device: UInt64, inode: UInt64)? {
        guard context.fileSystem.isLive, let info = try? context.fileSystem.info("/proc/self/exe", followLastLink: true)
        else { return nil }
        return (info.device, info.inode)
    }

    // MARK: - One file

    private func examine(
        _ path: String,
        info: FileInfo,
        scanBinary: Bool,
        scanScripts: Bool,
        withinBudget: Bool = true,
        state: inout ScanState,
        context: inout SweepContext
    ) {
        guard info.kind == .regular, state.examined.insert(path).inserted else { return }
        if let identity = state.selfIdentity, identity.device == info.device, identity.inode == info.inode { return }
        let name = HostIndicators.baseName(path)
        let limits = context.configuration.limits
        let isExecutable = info.permissions & 0o111 != 0
        let minerName = self.examineName(path, name: name, info: info, state: &state, context: &context)
        if Self.hasSuffix(name, among: Self.configSuffixes) {
            if info.size <= Int64(limits.maximumConfigFileBytes) {
                self.examineConfig(path, state: &state, context: &context)
            } else {
                context.statistics.hit("maximumConfigFileBytes")
            }
        }
        let isScriptName = Self.hasSuffix(name, among: Self.scriptSuffixes)
        guard isExecutable || isScriptName else { return }
        let scanBinary = scanBinary || minerName != nil || HostIndicators.hasHiddenComponent(path)
        self.examineContent(
            path,
            info: info,
            scanBinary: scanBinary,
            scanScripts: scanScripts,
            minerName: minerName,
            isScriptName: isScriptName,
            withinBudget: withinBudget,
            state: &state,
            context: &context
        )
    }

    /// Reports a file named like a miner (exact-name entries only when executable); returns the entry.
    @discardableResult
    private func examineName(
        _ path: String,
        name: String? = nil,
        info: FileInfo,
        state: inout ScanState,
        context: inout SweepContext
    ) -> HostIndicators.MinerName? {
        guard info.kind == .regular else { return nil }
        let isExecutable = info.permissions & 0o111 != 0
        guard let entry = state.indicators.minerName(matching: name ?? HostIndicators.baseName(path)),
            entry.match != "exact" || isExecutable
        else { return nil }
        guard !state.findings.contains(where: { $0.check == "files.minerName" && $0.subject == path }) else {
            return entry
        }
        state.findings.append(
            HostFinding(
                check: "files.minerName",
                severity: .medium,
                confidence: .weak,
                subject: path,
                reason: "\(path) is named like \(entry.family) (\(entry.name))"
                    + (isExecutable ? " and is executable" : ""),
                evidence: [
                    Evidence(
                        label: "name",
                        excerpt: HostIndicators.baseName(path),
                        location: EvidenceLocation(file: path)
                    ),
                    Evidence(
                        label: "file",
                        excerpt: "\(info.size) bytes, mode \(String(info.permissions, radix: 8)), modified "
                            + info.modified.rfc3339(fractionDigits: 0),
                        location: EvidenceLocation(file: path)
                    ),
                ],
                artifacts: [.file(path: path)]
            )
        )
        return entry
    }

    private func examineConfig(_ path: String, state: inout ScanState, context: inout SweepContext) {
        let content: FileContent
        do {
            content = try context.fileSystem.read(
                path,
                maximumBytes: context.configuration.limits.maximumConfigFileBytes,
                statistics: &context.statistics
            )
        } catch {
            context.statistics.record(error)
            return
        }
        guard let config = MinerConfig.parse(content.bytes, indicators: state.indicators),
            config.isMinerConfig(indicators: state.indicators)
        else { return }
        var evidence: [Evidence] = []
        for pool in config.pools {
            evidence.append(
                Evidence(label: "pool", excerpt: context.excerpt(pool.url), location: EvidenceLocation(file: path))
            )
            if let user = pool.user {
                evidence.append(
                    Evidence(
                        label: "wallet login",
                        excerpt: context.excerpt(user),
                        location: EvidenceLocation(file: path)
                    )
                )
            }
        }
        if !config.keys.isEmpty {
            evidence.append(
                Evidence(
                    label: "miner keys",
                    excerpt: config.keys.joined(separator: ", "),
                    location: EvidenceLocation(file: path)
                )
            )
        }
        let pools = config.pools.map(\.url)
        state.findings.append(
            HostFinding(
                check: "files.minerConfig",
                severity: .high,
                confidence: .likely,
                subject: path,
                reason: "\(path) is a miner configuration"
                    + (pools.isEmpty ? "" : " for \(pools.prefix(3).joined(separator: ", "))")
                    + (config.keys.contains("donate-level") ? " (XMRig's donate-level)" : ""),
                evidence: evidence,
                artifacts: [.file(path: path)]
            )
        )
    }
}
