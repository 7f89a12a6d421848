import Foundation
import PaichaCore

extension PersistenceChecks {
    /// The unit keys whose values are command lines.
    static let execKeys: Set<String> = [
        "ExecStart", "ExecStartPre", "ExecStartPost", "ExecReload", "ExecStop", "ExecStopPost", "ExecCondition",
    ]

    func units(
        _ context: inout SweepContext,
        accounts: [HostAccount],
        examined: inout [(path: String, role: String)]
    ) -> [HostFinding] {
        var directories = Self.unitDirectories
        for account in accounts {
            directories += Self.homeUnitDirectories.map { account.home + "/" + $0 }
        }
        var unitFiles: [String] = []
        var seen = Set<String>()
        for directory in directories {
            // Units, drop-ins (`NAME.service.d/*.conf`) and the links in `*.wants/`.
            HostWalk(maximumDepth: 2).walk(directory, context: &context) { path, info, context in
                let isUnit = path.hasSuffix(".service")
                let isDropIn = path.hasSuffix(".conf") && path.contains(".service.d/")
                guard isUnit || isDropIn else { return }
                guard info.kind == .regular || info.kind == .symbolicLink else { return }
                // A linked unit is read where it points (inside the image); a masked one points to /dev/null.
                let resolved: String
                do throws(HostFileError) {
                    resolved = try context.fileSystem.resolve(path)
                } catch {
                    context.statistics.record(error)
                    return
                }
                guard resolved != "/dev/null", seen.insert(resolved).inserted else { return }
                unitFiles.append(info.kind == .regular ? path : resolved)
            }
        }
        var findings: [HostFinding] = []
        for path in unitFiles {
            guard let content = context.fileSystem.readText(path, statistics: &context.statistics) else { continue }
            var total = CommandAnalysis()
            var flaggedLines: [(number: Int, text: Substring)] = []
            for (number, line) in Self.logicalLines(content) {
                guard let command = Self.execCommand(line) else { continue }
                let analysis = context.indicators.analyzeCommand(command)
                context.persistencePaths += analysis.programs.filter { !HostIndicators.isSystemProgram($0) }
                guard analysis.severity != nil else { continue }
                total.merge(analysis)
                flaggedLines.append((number, line))
            }
            let unitName = HostIndicators.baseName(path)
            if unitName.hasSuffix(".service"),
                let miner = context.indicators.minerName(matching: String(unitName.dropLast(".service".count)))
            {
                total.add(.minerProgram, "unit \(unitName) (\(miner.family))")
            }
            guard let severity = total.severity else { continue }
            examined.append((path, "unit file"))
            findings.append(
                Self.finding(
                    check: "persistence.systemd",
                    severity: severity,
                    analysis: total,
                    subject: path,
                    reason: "systemd unit \(path): \(total.summary)",
                    lines: flaggedLines,
                    path: path,
                    context: context
                )
            )
        }
        return findings
    }

    /// The command of an `Exec…=` line, without systemd's prefixes (`-`, `@`, `+`, `!`, `:`); nil otherwise.
    static func execCommand(_ line: Substring) -> Substring? {
        guard let equals = line.firstIndex(of: "=") else { return nil }
        let key = line[..<equals].trimmingCharacters(in: .whitespaces)
        guard Self.execKeys.contains(key) else { return nil }
        let value = line[line.index(after: equals)...].drop(while: { " \t-@+!:".contains($0) })
        return value.isEmpty ? nil : value
    }

    func startupScripts(
        _ context: inout SweepContext,
        accounts: [HostAccount],
        examined: inout [(path: String, role: String)]
    ) -> [HostFinding] {
        var paths = Self.startupScripts
        for directory in Self.startupScriptDirectories {
            paths += Self.listFiles(directory, context: &context)
        }
        for account in accounts {
            paths += Self.homeStartupScripts.map { account.home + "/" + $0 }
        }
        var findings: [HostFinding] = []
        var seen = Set<String>()
        for path in paths {
            // `/etc/init.d` is often a link to `/etc/rc.d/init.d`: each script once.
            guard let resolved = try? context.fileSystem.resolve(path), seen.insert(resolved).inserted else { continue }
            guard let content = context.fileSystem.readText(path, statistics: &context.statistics) else { continue }
            if path.hasSuffix("rc.local") { examined.append((path, "start-up script")) }
            let found = self.script(
                content,
                check: "persistence.startupScript",
                role: "start-up script",
                context: &context
            )
            if !found.isEmpty { examined.append((path, "start-up script")) }
            findings += found
        }
        return findings
    }
}
