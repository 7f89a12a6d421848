import PaichaCore
import PaichaMining

/// What the indicator lists say of command lines and names, remembered across processes (many processes
/// share a command line: workers, shells, kernel threads), since the matching is string-heavy.
struct IndicatorMemo {
    /// What the lists say of one command line.
    struct LineMatches {
        var poolURLs: [String]
        var poolDomains: [String]
        var minerFlags: [HostIndicators.MinerFlag]
    }

    private var lines: [String: LineMatches] = [:]
    private var names: [String: HostIndicators.MinerName?] = [:]

    /// The matches of a command line.
    mutating func matches(_ line: String, _ indicators: HostIndicators) -> LineMatches {
        if let known = self.lines[line] { return known }
        let matches =
            line.isEmpty
            ? LineMatches(poolURLs: [], poolDomains: [], minerFlags: [])
            : LineMatches(
                poolURLs: indicators.poolURLs(in: line),
                poolDomains: indicators.poolDomains(in: line),
                minerFlags: indicators.minerFlags(in: line)
            )
        self.lines[line] = matches
        return matches
    }

    /// The miner name entry a name matches.
    mutating func minerName(_ name: String, _ indicators: HostIndicators) -> HostIndicators.MinerName? {
        if let known = self.names[name] { return known }
        let entry = indicators.minerName(matching: name)
        self.names[name] = .some(entry)
        return entry
    }
}

/// The process checks for one process, with the evidence and artifacts they share.
struct ProcessFacts {
    let process: ProcessRecord
    let sockets: [SocketRecord]
    let context: SweepContext
    /// The command line's matches (nil: match here).
    var lineMatches: IndicatorMemo.LineMatches? = nil
    /// The miner name entries of the process's names, by name (nil: match here).
    var nameMatches: [String: HostIndicators.MinerName]? = nil

    private var pid: Int32 { self.process.pid }
    private var indicators: HostIndicators { self.context.indicators }

    /// All process findings for this process (before corroboration).
    func findings() -> [HostFinding] {
        var findings: [HostFinding] = []
        findings += self.commandLineFindings()
        if let finding = self.minerName() { findings.append(finding) }
        findings += self.executableFindings()
        if let finding = self.preload() { findings.append(finding) }
        if let finding = self.sustainedCPU() { findings.append(finding) }
        if self.process.hiddenFromListing {
            findings.append(
                self.finding(
                    "process.hidden",
                    .critical,
                    .likely,
                    "\(self.process.label) answers at /proc/\(self.pid) but is missing from the /proc listing "
                        + "(probed directly, absent again from a second listing): something hides it.",
                    evidence: [
                        Evidence(
                            label: "probed",
                            excerpt: "/proc/\(self.pid)/status readable; /proc listing lacks \(self.pid)",
                            location: EvidenceLocation(file: "/proc/\(self.pid)/status")
                        )
                    ]
                )
            )
        }
        return findings
    }

    // MARK: - Command line

    private func commandLineFindings() -> [HostFinding] {
        let line = self.process.commandLine
        guard !line.isEmpty else { return [] }
        var findings: [HostFinding] = []
        var memo = IndicatorMemo()
        let matches = self.lineMatches ?? memo.matches(line, self.indicators)
        let urls = matches.poolURLs
        if !urls.isEmpty {
            findings.append(
                self.finding(
                    "process.poolURL",
                    .critical,
                    .confirmed,
                    "\(self.process.label) runs with a mining pool URL (\(urls.joined(separator: ", "))) "
                        + "on its command line.",
                    evidence: [self.commandLineEvidence]
                )
            )
        }
        let domains = matches.poolDomains
        if !domains.isEmpty {
            findings.append(
                self.finding(
                    "process.poolDomain",
                    .high,
                    .likely,
                    "\(self.process.label) names the mining pool \(domains.joined(separator: ", ")) "
                        + "on its command line (pool indicators \(self.indicators.pools.version)).",
                    evidence: [self.commandLineEvidence]
                )
            )
        }
        let flags = matches.minerFlags
        if !flags.isEmpty {
            let names = flags.map(\.flag).joined(separator: ", ")
            let several = flags.count >= 2
            findings.append(
                self.finding(
                    "process.minerFlags",
                    several ? .high : .low,
                    several ? .likely : .weak,
                    "\(self.process.label) has miner options on its command line: \(names).",
                    evidence: [self.commandLineEvidence]
                )
            )
        }
        return findings
    }

    // MARK: - Names

    /// The names a process goes by: executable base name, kernel name, and `argv[0]` base name.
    var names: [(source: String, name: String, file: String)] {
        var names: [(String, String, String)] = []
        if let executable = self.process.executable {
            names.append(("executable", Self.baseName(executable), "/proc/\(self.pid)/exe"))
        }
        names.append(("process name", self.process.name, "/proc/\(self.pid)/comm"))
        if let first = self.process.arguments.first {
            let argv0 = Self.baseName(String(first.prefix(while: { $0 != " " })))
            names.append(("argv[0]", argv0, "/proc/\(self.pid)/cmdline"))
        }
        return names
    }

    private func minerName() -> HostFinding? {
        for (source, name, file) in self.names {
            let found = self.nameMatches.map { $0[name] } ?? self.indicators.minerName(matching: name)
            guard let entry = found else { continue }
            // Kernel-thread names (kswapd0, kworker…) are suspicious only on a userland process.
            if entry.userland == true && self.process.isKernelThread { continue }
            let disguise = entry.userland == true ? " (a kernel thread's name worn by a userland process)" : ""
            return self.finding(
                "process.minerName",
                .high,
                .likely,
                "\(self.process.label): its \(source) \(name) is the name of the \(entry.family) miner\(disguise).",
                evidence: [Evidence(label: source, excerpt: self.context.excerpt(name), location: .init(file: file))]
                    + (self.process.arguments.isEmpty ? [] : [self.commandLineEvidence])
            )
        }
        return nil
    }

    // MARK: - Executable

    private func executableFindings() -> [HostFinding] {
        guard let path = self.process.executable else { return [] }
        var findings: [HostFinding] = []
        let shown = path + (self.process.executableDeleted ? " (deleted)" : "")
        let evidence = [
            Evidence(
                label: "executable",
                excerpt: self.context.excerpt(shown),
                location: .init(file: "/proc/\(self.pid)/exe")
            )
        ]
        if path.hasPrefix("/memfd:") {
            findings.append(
                self.finding(
                    "process.memfdExecutable",
                    .low,
                    .weak,
                    "\(self.process.label) runs from an anonymous memory file (\(path)): no file on disk holds "
                        + "its program (fileless malware does this; so do container runtimes that clone themselves).",
                    evidence: evidence
                )
            )
            return findings
        }
        let temporary = self.indicators.isTemporary(path: path)
        if temporary {
            findings.append(
                self.finding(
                    "process.temporaryExecutable",
                    .medium,
                    .likely,
                    "\(self.process.label) runs an executable from a temporary directory (\(path)).",
                    evidence: evidence
                )
            )
        }
        if self.process.executableDeleted {
            let hidden = HostIndicators.hasHiddenComponent(path)
            let (severity, confidence, place): (Severity, Confidence, String) =
                temporary
                ? (.high, .likely, "from a temporary directory")
                : hidden
                    ? (.medium, .likely, "from a hidden directory") : (.low, .weak, "(package upgrades do this too)")
            findings.append(
                self.finding(
                    "process.deletedExecutable",
                    severity,
                    confidence,
                    "\(self.process.label) runs an executable that was deleted after it started \(place): \(path).",
                    evidence: evidence
                )
            )
        }
        return findings
    }

    // MARK: - Environment and CPU

    private func preload() -> HostFinding? {
        guard let preload = self.process.environment["LD_PRELOAD"], !preload.isEmpty else { return nil }
        let libraries = preload.split(whereSeparator: { $0 == " " || $0 == ":" }).map(String.init)
        let odd = libraries.filter { self.indicators.isTemporary(path: $0) || HostIndicators.hasHiddenComponent($0) }
        let reason =
            odd.isEmpty
            ? "\(self.process.label) preloads \(preload) into itself (LD_PRELOAD), which can hide or alter it."
            : "\(self.process.label) preloads a library from a temporary or hidden directory "
                + "(\(odd.joined(separator: ", "))) through LD_PRELOAD."
        return self.finding(
            "process.ldPreload",
            odd.isEmpty ? .medium : .high,
            .likely,
            reason,
            evidence: [
                Evidence(
                    label: "LD_PRELOAD",
                    excerpt: self.context.excerpt(preload),
                    location: .init(file: "/proc/\(self.pid)/environ")
                )
            ]
        )
    }

    private func sustainedCPU() -> HostFinding? {
        let threshold = self.context.configuration.sustainedCPUShare
        guard let share = self.process.sampledCPUShare, share >= threshold else { return nil }
        let seconds = self.context.configuration.cpuSampleSeconds
        let percent = Int((min(share, 1e6) * 100).rounded())
        return self.finding(
            "process.sustainedCPU",
            .low,
            .weak,
            "\(self.process.label) used \(percent)% of a core over a \(seconds) s sample "
                + "(threshold \(Int((min(threshold, 1e6) * 100).rounded()))%).",
            evidence: [
                Evidence(
                    label: "CPU share",
                    excerpt: "\(percent)% of one core sampled; lifetime "
                        + (self.process.lifetimeCPUShare.map { "\(Int((min($0, 1e6) * 100).rounded()))%" } ?? "unknown"),
                    location: .init(file: "/proc/\(self.pid)/stat")
                )
            ]
        )
    }

    // MARK: - Building findings

    private var commandLineEvidence: Evidence {
        Evidence(
            label: "command line",
            excerpt: self.context.excerpt(self.process.commandLine),
            location: .init(file: "/proc/\(self.pid)/cmdline")
        )
    }

    /// What `--evidence` keeps for any process finding: the executable, the command line, the sockets.
    var artifacts: [Artifact] {
        var artifacts: [Artifact] = []
        if self.process.executable != nil { artifacts.append(.file(path: "/proc/\(self.pid)/exe")) }
        if !self.process.arguments.isEmpty {
            artifacts.append(
                .text(
                    name: "pid-\(self.pid)-cmdline.txt",
                    content: self.process.arguments.joined(separator: "\n") + "\n"
                )
            )
        }
        if !self.sockets.isEmpty {
            artifacts.append(
                .text(
                    name: "pid-\(self.pid)-sockets.txt",
                    content: self.sockets.map(SocketIndex.describe).joined(separator: "\n") + "\n"
                )
            )
        }
        return artifacts
    }

    private func finding(
        _ check: String,
        _ severity: Severity,
        _ confidence: Confidence,
        _ reason: String,
        evidence: [Evidence]
    ) -> HostFinding {
        HostFinding(
            check: check,
            severity: severity,
            confidence: confidence,
            subject: self.process.label,
            reason: reason,
            evidence: evidence,
            artifacts: self.artifacts,
            pid: self.pid,
            remoteEndpoints: SocketIndex.remoteEndpoints(self.sockets)
        )
    }

    static func baseName(_ path: String) -> String { HostIndicators.baseName(path) }
}
