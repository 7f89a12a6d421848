import Foundation
import PaichaCore

extension HidingChecks {
    /// Reports cleared logs and histories by a conservative rule:
    ///
    /// - a log or a shell history that is a symbolic link to `/dev/null`: medium (likely for logs);
    /// - a log smaller than `clearedLogBytes` (default: empty) while a non-empty rotated copy exists
    ///   (`NAME.1`, `NAME.0`, `NAME.1.gz`, `NAME-20261101.gz`) and nothing has written it for
    ///   `clearedLogQuietSeconds` before the reference time (the clock on a live sweep, the newest file in an
    ///   image's `/var/log`): medium for logs a running system writes all the time (`auth.log`, `secure`,
    ///   `syslog`, `messages`), low for login records that may stay quiet (`wtmp`, `btmp`, `lastlog`).
    ///
    /// A log emptied by rotation is written again within the hour on a running system, so the quiet time
    /// keeps rotation from counting. An empty history alone is not reported (many accounts never log in).
    func clearedLogs(_ context: inout SweepContext, accounts: [HostAccount]) -> [HostFinding] {
        let fileSystem = context.fileSystem
        let logNames = (try? fileSystem.list("/var/log", statistics: &context.statistics)) ?? []
        var newest: Timestamp?
        var infos: [String: FileInfo] = [:]
        for name in logNames {
            guard let info = try? fileSystem.info("/var/log/" + name) else { continue }
            infos[name] = info
            if info.kind == .regular { newest = max(newest ?? info.modified, info.modified) }
        }
        let reference = fileSystem.isLive ? Timestamp.now : newest
        var findings: [HostFinding] = []
        for path in Self.busyLogs + Self.quietLogs {
            let name = HostIndicators.baseName(path)
            guard let info = infos[name] else { continue }
            if info.kind == .symbolicLink {
                if let finding = self.nullLink(path, role: "log", context: &context) { findings.append(finding) }
                continue
            }
            guard info.kind == .regular, info.size < context.configuration.clearedLogBytes, let reference else {
                continue
            }
            let rotated = logNames.filter { Self.isRotatedCopy($0, of: name) && (infos[$0]?.size ?? 0) > 0 }
            guard !rotated.isEmpty else { continue }
            let quiet = Double(reference.nanoseconds - info.modified.nanoseconds) / 1e9
            guard quiet >= context.configuration.clearedLogQuietSeconds else { continue }
            let isBusy = Self.busyLogs.contains(path)
            var evidence = [
                Evidence(
                    label: "size",
                    excerpt: "\(info.size) bytes, last written \(info.modified.rfc3339(fractionDigits: 0))",
                    location: EvidenceLocation(file: path)
                )
            ]
            evidence += rotated.map { name in
                let rotatedInfo = infos[name]
                return Evidence(
                    label: "rotated copy",
                    excerpt: "\(rotatedInfo?.size ?? 0) bytes, last written "
                        + (rotatedInfo?.modified.rfc3339(fractionDigits: 0) ?? "?"),
                    location: EvidenceLocation(file: "/var/log/" + name)
                )
            }
            findings.append(
                HostFinding(
                    check: "hiding.clearedLog",
                    severity: isBusy ? .medium : .low,
                    confidence: .weak,
                    subject: path,
                    reason: "\(path) is empty while \(rotated.count) rotated "
                        + (rotated.count == 1 ? "copy exists" : "copies exist")
                        + ", and nothing has written it for \(Int(quiet / 3600)) hours",
                    evidence: evidence,
                    artifacts: [.file(path: path)] + rotated.map { .file(path: "/var/log/" + $0) }
                )
            )
        }
        for account in accounts {
            for history in Self.histories {
                let path = account.home + "/" + history
                guard (try? fileSystem.info(path))?.kind == .symbolicLink else { continue }
                if let finding = self.nullLink(path, role: "shell history of \(account.name)", context: &context) {
                    findings.append(finding)
                }
            }
        }
        return findings
    }

    /// A finding when `path` is a link to `/dev/null`.
    private func nullLink(_ path: String, role: String, context: inout SweepContext) -> HostFinding? {
        let target: String
        do {
            target = try context.fileSystem.readLink(path)
        } catch {
            context.statistics.record(error)
            return nil
        }
        guard target == "/dev/null" || (try? context.fileSystem.resolve(path)) == "/dev/null" else { return nil }
        return HostFinding(
            check: "hiding.clearedLog",
            severity: .medium,
            confidence: role == "log" ? .likely : .weak,
            subject: path,
            reason: "\(role) \(path) is a link to /dev/null, so nothing is kept",
            evidence: [
                Evidence(label: "link", excerpt: "\(path) -> \(target)", location: EvidenceLocation(file: path))
            ],
            artifacts: [
                .text(
                    name: "link" + path.replacingOccurrences(of: "/", with: "-") + ".txt",
                    content: "\(path) -> \(target)\n"
                )
            ]
        )
    }

    /// Whether `name` is a rotated copy of `log` (`log.1`, `log.2.gz`, `log-20261101`, `log-20261101.xz`).
    static func isRotatedCopy(_ name: String, of log: String) -> Bool {
        guard name.count > log.count + 1, name.hasPrefix(log) else { return false }
        var rest = name.dropFirst(log.count)
        guard let separator = rest.first, separator == "." || separator == "-" else { return false }
        rest = rest.dropFirst()
        for suffix in [".gz", ".xz", ".bz2", ".zst"] where rest.hasSuffix(suffix) {
            rest = rest.dropLast(suffix.count)
            break
        }
        return !rest.isEmpty && rest.allSatisfy(\.isNumber)
    }

    /// Reports shell start-up files that turn the history off.
    func historyOff(_ context: inout SweepContext, accounts: [HostAccount]) -> [HostFinding] {
        var paths = ["/etc/profile", "/etc/bash.bashrc", "/etc/bashrc"]
        paths += PersistenceChecks.listFiles("/etc/profile.d", context: &context)
        for account in accounts {
            paths += PersistenceChecks.homeStartupScripts.map { account.home + "/" + $0 }
        }
        var findings: [HostFinding] = []
        for path in paths {
            guard context.fileSystem.exists(path),
                let content = context.fileSystem.readText(path, statistics: &context.statistics)
            else { continue }
            var evidence: [Evidence] = []
            for (number, line) in content.numberedLines {
                let text = line.trimmingCharacters(in: .whitespaces)
                guard !text.hasPrefix("#"), Self.historyOffSettings.contains(where: { text.contains($0) }) else {
                    continue
                }
                evidence.append(
                    Evidence(
                        label: "line \(number)",
                        excerpt: context.excerpt(line),
                        location: EvidenceLocation(file: path, record: Int64(number))
                    )
                )
            }
            guard !evidence.isEmpty else { continue }
            findings.append(
                HostFinding(
                    check: "hiding.historyOff",
                    severity: .low,
                    confidence: .weak,
                    subject: path,
                    reason: "\(path) turns the shell history off",
                    evidence: evidence,
                    artifacts: [.file(path: path)]
                )
            )
        }
        return findings
    }
}
