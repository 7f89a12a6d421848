import Foundation
import PaichaCore

/// How a miner comes back after a reboot or a kill: cron jobs, systemd units, start-up scripts and SSH keys.
///
/// Every entry is judged by `HostIndicators.analyzeCommand`: a downloader piped into a shell, a program run
/// from a temporary or hidden path, a miner's name, a pool URL or domain, miner options, kill commands.
/// Ordinary entries (package cron jobs, distribution units, `acme.sh`, `certbot`) show none of these.
/// The programs that entries run are added to `SweepContext.persistencePaths` for the file checks.
public struct PersistenceChecks: HostCheckGroup {
    public let name = "persistence"

    /// System crontabs with a user field.
    static let systemCrontabs = ["/etc/crontab"]
    /// Directories of system crontabs with a user field.
    static let systemCrontabDirectories = ["/etc/cron.d"]
    /// Directories of scripts that `run-parts` runs.
    static let cronScriptDirectories = ["/etc/cron.hourly", "/etc/cron.daily", "/etc/cron.weekly", "/etc/cron.monthly"]
    /// Spool trees of user crontabs (Debian `crontabs/USER`, Red Hat `USER`, SUSE `tabs/USER`) and `at` jobs.
    static let spoolDirectories = ["/var/spool/cron", "/var/spool/at"]
    /// Directories of system and user units.
    static let unitDirectories = [
        "/etc/systemd/system", "/run/systemd/system", "/lib/systemd/system", "/usr/lib/systemd/system",
        "/usr/local/lib/systemd/system", "/etc/systemd/user", "/usr/lib/systemd/user", "/lib/systemd/user",
    ]
    /// Unit directories below a home directory.
    static let homeUnitDirectories = [".config/systemd/user", ".local/share/systemd/user"]
    /// Scripts run at boot or at every login.
    static let startupScripts = [
        "/etc/rc.local", "/etc/rc.d/rc.local", "/etc/profile", "/etc/bash.bashrc", "/etc/bashrc",
    ]
    /// Directories of scripts run at boot or at every login.
    static let startupScriptDirectories = ["/etc/init.d", "/etc/rc.d/init.d", "/etc/profile.d"]
    /// Shell start-up files in home directories.
    static let homeStartupScripts = [".bashrc", ".bash_profile", ".profile", ".bash_login", ".zshrc"]

    public let checks = [
        CheckDescription(
            name: "persistence.cron",
            severity: .high,
            summary: "a cron or anacron job or at job downloads and runs code, runs from a temporary or hidden path, "
                + "or names a miner, pool or miner options"
        ),
        CheckDescription(
            name: "persistence.systemd",
            severity: .high,
            summary: "a systemd unit's Exec line runs from a temporary or hidden path or names a miner or pool"
        ),
        CheckDescription(
            name: "persistence.startupScript",
            severity: .high,
            summary: "rc.local, an init script or a shell start-up file shows the same signs as a bad cron job"
        ),
        CheckDescription(
            name: "persistence.authorizedKeys",
            severity: .medium,
            summary: "an authorized SSH key is unexpected: a campaign's comment, not in the expected list, "
                + "a forced command, a no-login account, or the same key in several accounts"
        ),
    ]

    /// Makes the group.
    public init() {}

    public func run(_ context: inout SweepContext) -> [HostFinding] {
        var findings: [HostFinding] = []
        var examined: [(path: String, role: String)] = []
        findings += self.cron(&context, examined: &examined)
        let accounts = HostAccount.read(&context)
        findings += self.units(&context, accounts: accounts, examined: &examined)
        findings += self.startupScripts(&context, accounts: accounts, examined: &examined)
        findings += self.authorizedKeys(&context, accounts: accounts, examined: &examined)
        let flagged = Set(
            findings.filter { $0.severity >= .medium }.flatMap(\.artifacts).compactMap { artifact -> String? in
                if case .file(let path) = artifact { return path }
                return nil
            }
        )
        for role in Set(examined.map(\.role)).sorted() {
            let paths = examined.filter { $0.role == role }.map(\.path)
            findings += AttributeCheck.findings(paths, flagged: flagged, role: role, context: &context)
        }
        return findings
    }

    // MARK: - Cron

    /// How a crontab's lines are laid out.
    enum CrontabFormat {
        /// Five time fields (or `@reboot`), a user, the command (`/etc/crontab`, `/etc/cron.d`).
        case system
        /// Five time fields (or `@reboot`), the command (`crontab -e` files).
        case user
        /// Period, delay, job name, command (`/etc/anacrontab`).
        case anacron
        /// Every line a shell command (`run-parts` scripts, `at` jobs).
        case script
    }

    private func cron(_ context: inout SweepContext, examined: inout [(path: String, role: String)]) -> [HostFinding] {
        var files: [(path: String, format: CrontabFormat)] = Self.systemCrontabs.map { ($0, .system) }
        files.append(("/etc/anacrontab", .anacron))
        for directory in Self.systemCrontabDirectories {
            files += Self.listFiles(directory, context: &context).map { ($0, .system) }
        }
        for directory in Self.cronScriptDirectories {
            files += Self.listFiles(directory, context: &context).map { ($0, .script) }
        }
        for directory in Self.spoolDirectories {
            HostWalk(maximumDepth: 3).walk(directory, context: &context) { path, info, _ in
                guard info.kind == .regular else { return }
                let isAtJob =
                    path.contains("/atjobs/") || path.contains("/atspool/") || path.hasPrefix("/var/spool/at/")
                files.append((path, isAtJob ? .script : .user))
            }
        }
        var findings: [HostFinding] = []
        for (path, format) in files {
            guard let content = context.fileSystem.readText(path, statistics: &context.statistics) else { continue }
            examined.append((path, "cron file"))
            if format == .script {
                findings += self.script(content, check: "persistence.cron", role: "cron script", context: &context)
                continue
            }
            for (number, line) in content.numberedLines {
                guard let command = Self.cronCommand(line, format: format) else { continue }
                let analysis = context.indicators.analyzeCommand(command)
                context.persistencePaths += analysis.programs.filter { !HostIndicators.isSystemProgram($0) }
                guard let severity = analysis.severity else { continue }
                findings.append(
                    Self.finding(
                        check: "persistence.cron",
                        severity: severity,
                        analysis: analysis,
                        subject: "\(path):\(number)",
                        reason: "cron job in \(path) line \(number): \(analysis.summary)",
                        lines: [(number, line)],
                        path: path,
                        context: context
                    )
                )
            }
        }
        return findings
    }

    /// The command of a crontab line; nil for blank lines, comments and `NAME=value` settings.
    ///
    /// A line that does not parse as an entry is returned whole, so nothing is skipped unread.
    static func cronCommand(_ line: Substring, format: CrontabFormat) -> Substring? {
        let text = line.drop(while: { $0 == " " || $0 == "\t" })
        guard !text.isEmpty, !text.hasPrefix("#") else { return nil }
        let fields = text.split(
            maxSplits: 6,
            omittingEmptySubsequences: true,
            whereSeparator: { $0 == " " || $0 == "\t" }
        )
        guard let first = fields.first else { return nil }
        if let equals = first.firstIndex(of: "="), HostIndicators.isAssignment(String(first[...equals])) {
            return nil
        }
        let timeFields: Int
        switch format {
        case .anacron: timeFields = 3
        case .system, .user: timeFields = first.hasPrefix("@") ? 1 : 5
        case .script: return text
        }
        let skipped = timeFields + (format == .system ? 1 : 0)
        guard fields.count > skipped else { return text }
        if format != .anacron {
            let timeCharacters = Set("0123456789*/,-?LW#abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ@")
            guard fields.prefix(timeFields).allSatisfy({ $0.allSatisfy(timeCharacters.contains) }) else { return text }
        }
        // The command is the rest of the line from the first field after the schedule (and user).
        let commandStart = fields[skipped].startIndex
        return text[commandStart...]
    }

    // MARK: - Scripts

    /// Judges a script line by line (continuation lines joined); one finding for the file, or none.
    func script(
        _ content: FileContent,
        check: String,
        role: String,
        context: inout SweepContext
    ) -> [HostFinding] {
        var total = CommandAnalysis()
        var flaggedLines: [(number: Int, text: Substring)] = []
        for (number, line) in Self.logicalLines(content) {
            let analysis = context.indicators.analyzeCommand(line)
            context.persistencePaths += analysis.programs.filter { !HostIndicators.isSystemProgram($0) }
            guard analysis.severity != nil else { continue }
            total.merge(analysis)
            flaggedLines.append((number, line))
        }
        guard let severity = total.severity else { return [] }
        return [
            Self.finding(
                check: check,
                severity: severity,
                analysis: total,
                subject: content.path,
                reason: "\(role) \(content.path): \(total.summary)",
                lines: flaggedLines,
                path: content.path,
                context: context
            )
        ]
    }

    /// Lines with `\` continuations joined, numbered by their first line; comment lines dropped.
    static func logicalLines(_ content: FileContent) -> [(number: Int, text: Substring)] {
        var result: [(number: Int, text: Substring)] = []
        var pending: (number: Int, text: String)?
        for (number, line) in content.numberedLines {
            let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
            if pending == nil && (trimmed.isEmpty || trimmed.hasPrefix("#")) { continue }
            var text = pending.map { $0.text + " " } ?? ""
            let continues = trimmed.hasSuffix("\\")
            text += continues ? String(trimmed.dropLast()) : String(trimmed)
            if continues {
                pending = (pending?.number ?? number, text)
            } else {
                result.append((pending?.number ?? number, Substring(text)))
                pending = nil
            }
        }
        if let pending { result.append((pending.number, Substring(pending.text))) }
        return result
    }

    // MARK: - Shared

    /// The regular files (and links to them) directly in a directory, sorted; FIFOs, devices and link loops
    /// are recorded in the statistics.
    static func listFiles(_ directory: String, context: inout SweepContext) -> [String] {
        let names: [String]
        do {
            names = try context.fileSystem.list(directory, statistics: &context.statistics)
        } catch {
            context.statistics.record(error)
            return []
        }
        var files: [String] = []
        for path in names.map({ directory + "/" + $0 }) {
            do {
                switch try context.fileSystem.info(path, followLastLink: true).kind {
                case .regular: files.append(path)
                case .other: context.statistics.record(.notRegularFile(path))
                case .directory, .symbolicLink: break
                }
            } catch {
                // Loops and dangling links: counted, never followed further.
                context.statistics.record(error)
            }
        }
        return files
    }

    /// A finding for flagged lines of one file, with the lines quoted and each sign as evidence.
    static func finding(
        check: String,
        severity: Severity,
        analysis: CommandAnalysis,
        subject: String,
        reason: String,
        lines: [(number: Int, text: Substring)],
        path: String,
        context: SweepContext
    ) -> HostFinding {
        var evidence = lines.map { number, text in
            Evidence(
                label: "line \(number)",
                excerpt: context.excerpt(text),
                location: EvidenceLocation(file: path, record: Int64(number))
            )
        }
        evidence += analysis.signs.map { sign in
            Evidence(
                label: sign.kind.label,
                excerpt: context.excerpt(sign.detail),
                location: EvidenceLocation(file: path)
            )
        }
        var artifacts: [Artifact] = [.file(path: path)]
        for program in analysis.programs
        where !HostIndicators.isSystemProgram(program) && program != path && context.fileSystem.exists(program) {
            artifacts.append(.file(path: program))
        }
        return HostFinding(
            check: check,
            severity: severity,
            confidence: analysis.confidence,
            subject: subject,
            reason: reason,
            evidence: evidence,
            artifacts: artifacts
        )
    }
}
