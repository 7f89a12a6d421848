import Foundation
import Glibc
import PaichaCore

/// How a miner hides and tunes itself: `/etc/ld.so.preload`, the RandomX MSR tweak with huge pages,
/// cleared logs and histories, and shell history turned off.
public struct HidingChecks: HostCheckGroup {
    public let name = "hiding"

    /// Kernel parameter files (sysctl.d(5)).
    static let sysctlFiles = ["/etc/sysctl.conf"]
    static let sysctlDirectories = [
        "/etc/sysctl.d", "/run/sysctl.d", "/usr/local/lib/sysctl.d", "/usr/lib/sysctl.d", "/lib/sysctl.d",
    ]
    /// Modules loaded at boot (modules-load.d(5), Debian's `/etc/modules`).
    static let moduleFiles = ["/etc/modules"]
    static let moduleDirectories = [
        "/etc/modules-load.d", "/run/modules-load.d", "/usr/local/lib/modules-load.d", "/usr/lib/modules-load.d",
        "/lib/modules-load.d",
    ]
    /// Module options (modprobe.d(5)).
    static let modprobeDirectories = ["/etc/modprobe.d", "/run/modprobe.d", "/usr/lib/modprobe.d", "/lib/modprobe.d"]
    /// Login records and logs that a running system writes; the first four are written all the time.
    static let busyLogs = ["/var/log/auth.log", "/var/log/secure", "/var/log/syslog", "/var/log/messages"]
    static let quietLogs = ["/var/log/wtmp", "/var/log/btmp", "/var/log/lastlog"]
    /// Shell histories below a home directory.
    static let histories = [".bash_history", ".zsh_history", ".ash_history", ".sh_history", ".history"]
    /// Shell settings that stop a history from being kept.
    static let historyOffSettings = ["HISTFILE=/dev/null", "unset HISTFILE", "HISTSIZE=0", "HISTFILESIZE=0"]

    public let checks = [
        CheckDescription(
            name: "hiding.ldPreload",
            severity: .high,
            summary: "/etc/ld.so.preload loads a library into every program (process hiders); critical from a "
                + "temporary or hidden path"
        ),
        CheckDescription(
            name: "hiding.msrTweak",
            severity: .high,
            summary: "the msr module is loaded with writes allowed (XMRig's RandomX MSR tweak); high together with "
                + "vm.nr_hugepages"
        ),
        CheckDescription(
            name: "hiding.hugePages",
            severity: .info,
            summary: "vm.nr_hugepages is set (miners use huge pages; so do databases)"
        ),
        CheckDescription(
            name: "hiding.clearedLog",
            severity: .medium,
            summary: "a log or shell history is linked to /dev/null, or is empty while rotated copies exist and "
                + "nothing has written it for clearedLogQuietSeconds"
        ),
        CheckDescription(
            name: "hiding.historyOff",
            severity: .low,
            summary: "a shell start-up file turns the history off (HISTFILE=/dev/null, HISTSIZE=0)"
        ),
        AttributeCheck.description,
    ]

    /// Makes the group.
    public init() {}

    public func run(_ context: inout SweepContext) -> [HostFinding] {
        var findings = self.preload(&context)
        findings += self.msrTweak(&context)
        let accounts = HostAccount.read(&context)
        findings += self.clearedLogs(&context, accounts: accounts)
        findings += self.historyOff(&context, accounts: accounts)
        return findings
    }

    // MARK: - ld.so.preload

    private func preload(_ context: inout SweepContext) -> [HostFinding] {
        let path = "/etc/ld.so.preload"
        guard let content = context.fileSystem.readText(path, statistics: &context.statistics) else { return [] }
        var evidence: [Evidence] = []
        var libraries: [String] = []
        for (number, line) in content.numberedLines {
            let text = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let names = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == ":" }).map(String.init)
            guard !names.isEmpty else { continue }
            libraries += names
            evidence.append(
                Evidence(
                    label: "line \(number)",
                    excerpt: context.excerpt(line),
                    location: EvidenceLocation(file: path, record: Int64(number))
                )
            )
        }
        guard !libraries.isEmpty else { return [] }
        let suspicious = libraries.filter {
            context.indicators.isTemporary(path: $0) || HostIndicators.hasHiddenComponent($0)
        }
        var artifacts: [Artifact] = [.file(path: path)]
        artifacts += libraries.filter { context.fileSystem.exists($0) }.map { .file(path: $0) }
        var reason = "/etc/ld.so.preload loads \(libraries.joined(separator: ", ")) into every program started"
        if !suspicious.isEmpty {
            reason += "; \(suspicious.joined(separator: ", ")) lies in a temporary or hidden path"
        }
        var findings = [
            HostFinding(
                check: "hiding.ldPreload",
                severity: suspicious.isEmpty ? .high : .critical,
                confidence: .likely,
                subject: path,
                reason: reason,
                evidence: evidence,
                artifacts: artifacts
            )
        ]
        findings += AttributeCheck.findings(
            [path] + libraries,
            flagged: Set([path] + libraries),
            role: "preload file",
            context: &context
        )
        return findings
    }

    // MARK: - MSR and huge pages

    /// A setting and the evidence of where it was seen.
    private struct Setting {
        var evidence: [Evidence] = []
        var artifacts: [String] = []

        var isSet: Bool { !self.evidence.isEmpty }

        mutating func add(
            _ label: String,
            _ excerpt: some StringProtocol,
            path: String,
            line: Int?,
            context: SweepContext
        ) {
            self.evidence.append(
                Evidence(
                    label: label,
                    excerpt: context.excerpt(excerpt),
                    location: EvidenceLocation(file: path, record: line.map(Int64.init))
                )
            )
            if !path.hasPrefix("/proc/"), !path.hasPrefix("/sys/"), !self.artifacts.contains(path) {
                self.artifacts.append(path)
            }
        }
    }

    private func configLines(
        files: [String],
        directories: [String],
        context: inout SweepContext,
        _ body: (String, Int, Substring, inout SweepContext) -> Void
    ) {
        var paths = files
        for directory in directories {
            paths += PersistenceChecks.listFiles(directory, context: &context).filter { $0.hasSuffix(".conf") }
        }
        for path in paths {
            guard let content = context.fileSystem.readText(path, statistics: &context.statistics) else { continue }
            for (number, line) in content.numberedLines {
                let text = line.trimmingCharacters(in: .whitespaces)
                guard !text.isEmpty, !text.hasPrefix("#"), !text.hasPrefix(";") else { continue }
                body(path, number, Substring(text), &context)
            }
        }
    }

    private func msrTweak(_ context: inout SweepContext) -> [HostFinding] {
        var hugePages = Setting()
        var msrLoaded = Setting()
        var msrWrites = Setting()
        self.configLines(files: Self.sysctlFiles, directories: Self.sysctlDirectories, context: &context) {
            path,
            number,
            line,
            context in
            let parts = line.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { return }
            let key = parts[0].trimmingCharacters(in: .whitespaces).trimmingCharacters(
                in: CharacterSet(charactersIn: "-")
            )
            .replacingOccurrences(of: "/", with: ".")
            if key == "vm.nr_hugepages", let count = Int(parts[1].trimmingCharacters(in: .whitespaces)), count > 0 {
                hugePages.add("vm.nr_hugepages", line, path: path, line: number, context: context)
            }
        }
        self.configLines(files: Self.moduleFiles, directories: Self.moduleDirectories, context: &context) {
            path,
            number,
            line,
            context in
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard words.first == "msr" else { return }
            msrLoaded.add("msr loaded at boot", line, path: path, line: number, context: context)
            if words.dropFirst().contains(where: Self.allowsWrites) {
                msrWrites.add("msr writes allowed", line, path: path, line: number, context: context)
            }
        }
        self.configLines(files: [], directories: Self.modprobeDirectories, context: &context) {
            path,
            number,
            line,
            context in
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard words.count >= 3, words[0] == "options", words[1] == "msr" else { return }
            if words.dropFirst(2).contains(where: Self.allowsWrites) {
                msrWrites.add("msr writes allowed", line, path: path, line: number, context: context)
            }
        }
        if context.fileSystem.isLive {
            self.liveMSR(&context, hugePages: &hugePages, msrLoaded: &msrLoaded, msrWrites: &msrWrites)
        }
        var findings: [HostFinding] = []
        if msrWrites.isSet {
            let together = hugePages.isSet
            findings.append(
                HostFinding(
                    check: "hiding.msrTweak",
                    severity: together ? .high : .medium,
                    confidence: together ? .likely : .weak,
                    subject: "msr allow_writes",
                    reason: "the msr module is allowed to write model-specific registers"
                        + (together
                            ? " and vm.nr_hugepages is set: XMRig's RandomX tuning"
                            : ", as XMRig's RandomX "
                                + "tuning does"),
                    evidence: msrWrites.evidence + msrLoaded.evidence + hugePages.evidence,
                    artifacts: (msrWrites.artifacts + msrLoaded.artifacts + hugePages.artifacts).map { .file(path: $0) }
                )
            )
        } else if hugePages.isSet {
            findings.append(
                HostFinding(
                    check: "hiding.hugePages",
                    severity: .info,
                    confidence: .weak,
                    subject: "vm.nr_hugepages",
                    reason: "huge pages are reserved (miners use them for RandomX; databases do too)",
                    evidence: hugePages.evidence + msrLoaded.evidence,
                    artifacts: hugePages.artifacts.map { .file(path: $0) }
                )
            )
        }
        return findings
    }

    private func liveMSR(
        _ context: inout SweepContext,
        hugePages: inout Setting,
        msrLoaded: inout Setting,
        msrWrites: inout Setting
    ) {
        let fileSystem = context.fileSystem
        if let content = fileSystem.readText("/proc/sys/vm/nr_hugepages", statistics: &context.statistics) {
            let value = content.text.trimmingCharacters(in: .whitespacesAndNewlines)
            if let count = Int(value), count > 0 {
                hugePages.add("vm.nr_hugepages now", value, path: content.path, line: nil, context: context)
            }
        }
        let gigabytePages = "/sys/kernel/mm/hugepages/hugepages-1048576kB/nr_hugepages"
        if fileSystem.exists(gigabytePages),
            let content = fileSystem.readText(gigabytePages, statistics: &context.statistics)
        {
            let value = content.text.trimmingCharacters(in: .whitespacesAndNewlines)
            if let count = Int(value), count > 0 {
                hugePages.add("1 GiB huge pages now", value, path: gigabytePages, line: nil, context: context)
            }
        }
        if let modules = fileSystem.readText("/proc/modules", statistics: &context.statistics) {
            for (number, line) in modules.numberedLines where line.hasPrefix("msr ") {
                msrLoaded.add("msr loaded now", line, path: modules.path, line: number, context: context)
            }
        }
        let parameter = "/sys/module/msr/parameters/allow_writes"
        if let content = fileSystem.readText(parameter, statistics: &context.statistics) {
            let value = content.text.trimmingCharacters(in: .whitespacesAndNewlines)
            if Self.allowsWrites("allow_writes=" + value) {
                msrWrites.add("msr writes allowed now", value, path: parameter, line: nil, context: context)
            }
        }
    }

    /// Whether a module option allows MSR writes (`allow_writes=on`, `=1`, `=y`).
    static func allowsWrites(_ option: some StringProtocol) -> Bool {
        let lowered = option.lowercased()
        guard lowered.hasPrefix("allow_writes=") else { return false }
        return ["on", "1", "y", "yes", "true"].contains(String(lowered.dropFirst("allow_writes=".count)))
    }
}
