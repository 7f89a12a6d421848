import Foundation
import PaichaCore
import Testing

@testable import PaichaHost

/// Sweeps of whole trees with the persistence, hiding and file groups.
@Suite("File sweeps")
struct FileSweepTests {
    let indicators: HostIndicators

    init() throws { self.indicators = try HostIndicators.bundled() }

    static let groups: [any HostCheckGroup] = [PersistenceChecks(), HidingChecks(), MinerFileChecks()]

    func sweep(_ root: TestRoot, _ configure: (inout SweepConfiguration) -> Void = { _ in }) -> HostSweepResult {
        var configuration = SweepConfiguration(indicators: self.indicators)
        configuration.root = root.path
        configure(&configuration)
        return HostSweep(configuration: configuration, groups: Self.groups).run()
    }

    @Test("a clean server has no finding of medium severity or above")
    func clean() throws {
        let root = try HostTrees.clean()
        let result = self.sweep(root)
        let serious = result.findings.filter { $0.severity >= .medium }
        #expect(serious.isEmpty, "\(serious.map { "\($0.check) \($0.subject): \($0.reason)" })")
        #expect(!result.isSuspicious)
        #expect(
            result.findings.map { "\($0.severity) \($0.check) \($0.subject)" } == [
                "low hiding.clearedLog /var/log/btmp",
                "low persistence.authorizedKeys /home/alice/.ssh/authorized_keys:2 ssh-ed25519 \(HostTrees.backupFingerprint)",
                "info hiding.hugePages vm.nr_hugepages",
            ]
        )
        #expect(result.statistics.unreadable.isEmpty)
    }

    @Test("an infected server: every way of infection is found")
    func infected() throws {
        let root = try HostTrees.infected()
        let result = self.sweep(root)
        let found = Set(result.findings.map { "\($0.severity) \($0.check) \($0.subject)" })
        let expected: Set<String> = [
            "high persistence.cron /etc/crontab:11",
            "high persistence.cron /etc/cron.d/sysupdate:1",
            "high persistence.cron /var/spool/cron/crontabs/root:2",
            "high persistence.cron /var/spool/cron/crontabs/root:3",
            "high persistence.cron /var/spool/cron/www-data:1",
            "high persistence.cron /etc/cron.hourly/sync",
            "high persistence.cron /var/spool/cron/atjobs/a0000101b2c3d4",
            "high persistence.systemd /etc/systemd/system/sysupdate.service",
            "high persistence.systemd /root/.config/systemd/user/dbus-helper.service",
            "high persistence.startupScript /etc/rc.local",
            "high persistence.authorizedKeys /root/.ssh/authorized_keys:2 ssh-rsa \(HostTrees.outlawFingerprint)",
            "high persistence.authorizedKeys /root/.ssh/authorized_keys:3 ssh-ed25519 \(HostTrees.aliceFingerprint)",
            "medium persistence.authorizedKeys /var/lib/redis/.ssh/authorized_keys:3 ssh-ed25519 "
                + HostTrees.adminFingerprint,
            "low persistence.authorizedKeys \(HostTrees.adminFingerprint)",
            "low persistence.authorizedKeys \(HostTrees.aliceFingerprint)",
            "low persistence.authorizedKeys /home/alice/.ssh/authorized_keys:2 ssh-ed25519 \(HostTrees.backupFingerprint)",
            "high hiding.ldPreload /etc/ld.so.preload",
            "high hiding.msrTweak msr allow_writes",
            "medium hiding.clearedLog /var/log/auth.log",
            "medium hiding.clearedLog /var/log/wtmp",
            "medium hiding.clearedLog /root/.bash_history",
            "low hiding.historyOff /root/.bashrc",
            "high files.minerConfig /tmp/.X11-unix/.rsync/config.json",
            "high files.minerConfig /root/xmr-stak/pools.txt",
            "high files.minerBinary /tmp/.X11-unix/.rsync/sysupdate",
            "high files.minerBinary /var/tmp/.cache/kdevtmpfsi",
            "low hiding.clearedLog /var/log/btmp",
            "high files.minerScript /tmp/ldr.sh",
            "high files.killScript /tmp/ldr.sh",
        ]
        #expect(expected.subtracting(found).isEmpty, "missing: \(expected.subtracting(found).sorted())")
        #expect(found.subtracting(expected).isEmpty, "unexpected: \(found.subtracting(expected).sorted())")
        #expect(result.isSuspicious)
    }

    @Test("an infected finding quotes the line with file and line number and lists the files")
    func evidence() throws {
        let root = try HostTrees.infected()
        let result = self.sweep(root)
        let cron = try #require(result.findings.first { $0.subject == "/etc/cron.d/sysupdate:1" })
        #expect(
            cron.evidence.first
                == Evidence(
                    label: "line 1",
                    excerpt: "@reboot root /tmp/.X11-unix/.rsync/sysupdate -c /tmp/.X11-unix/.rsync/config.json",
                    location: EvidenceLocation(file: "/etc/cron.d/sysupdate", record: 1)
                )
        )
        #expect(
            cron.artifacts == [.file(path: "/etc/cron.d/sysupdate"), .file(path: "/tmp/.X11-unix/.rsync/sysupdate")]
        )
        let config = try #require(
            result.findings.first { $0.check == "files.minerConfig" && $0.subject.hasSuffix("json") }
        )
        #expect(
            config.evidence.map(\.excerpt) == [
                "pool.supportxmr.com:443", "44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft",
                "donate-level, pools, randomx",
            ]
        )
    }

    @Test("every check is listed once, and every finding's check is listed")
    func checkNames() throws {
        let names = HostSweep.standardGroups.flatMap(\.checks).map(\.name)
        #expect(names.count == Set(names).count, "\(names.sorted())")
        let root = try HostTrees.infected()
        let unlisted = Set(self.sweep(root).findings.map(\.check)).subtracting(names)
        #expect(unlisted.isEmpty, "\(unlisted.sorted())")
    }

    @Test("expected key fingerprints: others are reported, the expected ones never")
    func expectedKeys() throws {
        let root = try HostTrees.clean()
        let result = self.sweep(root) { $0.expectedKeys = [HostTrees.adminFingerprint] }
        let keys = result.findings.filter { $0.check == "persistence.authorizedKeys" }
        #expect(
            keys.map { "\($0.severity) \($0.subject)" } == [
                "medium /home/alice/.ssh/authorized_keys:1 ssh-ed25519 \(HostTrees.aliceFingerprint)",
                "medium /home/alice/.ssh/authorized_keys:2 ssh-ed25519 \(HostTrees.backupFingerprint)",
            ]
        )
    }

    @Test("golden JSON of the clean and the infected tree", arguments: ["clean", "infected"])
    func golden(name: String) throws {
        let root = try name == "clean" ? HostTrees.clean() : HostTrees.infected()
        let result = self.sweep(root)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(result.findings), as: UTF8.self) + "\n"
        #expect(!json.contains(root.path))
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Golden/files-\(name).json")
        if ProcessInfo.processInfo.environment["PAICHA_UPDATE_GOLDEN"] == "1" {
            try Data(json.utf8).write(to: url)
        }
        let golden = try String(contentsOf: url, encoding: .utf8)
        #expect(json == golden)
    }
}

@Suite("File sweeps, single signs")
struct FileSweepSingleSignTests {
    func sweep(_ root: TestRoot) throws -> HostSweepResult {
        var configuration = SweepConfiguration(indicators: try HostIndicators.bundled())
        configuration.root = root.path
        return HostSweep(configuration: configuration, groups: FileSweepTests.groups).run()
    }

    func summary(_ result: HostSweepResult) -> [String] {
        result.findings.map { "\($0.severity) \($0.check) \($0.subject)" }
    }

    @Test("a preloaded library in a hidden temporary path is critical and named")
    func preloadHidden() throws {
        let root = try TestRoot()
        try root.write("/etc/ld.so.preload", "# comment\n/usr/lib/libx.so /tmp/.l/libhide.so\n")
        let result = try self.sweep(root)
        #expect(self.summary(result) == ["critical hiding.ldPreload /etc/ld.so.preload"])
        #expect(
            result.findings.first?.reason
                == "/etc/ld.so.preload loads /usr/lib/libx.so, /tmp/.l/libhide.so into every program started; "
                + "/tmp/.l/libhide.so lies in a temporary or hidden path"
        )
    }

    @Test("MSR writes alone are medium; huge pages alone are info")
    func msrAlone() throws {
        let root = try TestRoot()
        try root.write("/etc/modules", "msr allow_writes=on\n")
        #expect(self.summary(try self.sweep(root)) == ["medium hiding.msrTweak msr allow_writes"])
        let other = try TestRoot()
        try other.write("/etc/sysctl.conf", "# x\nvm/nr_hugepages = 0\n")
        #expect(self.summary(try self.sweep(other)) == [])
    }

    @Test("a build of Paicha (its own marker beside the indicator strings) is info, not a miner")
    func paichaItself() throws {
        let root = try TestRoot()
        try root.write(
            "/tmp/build/paicha",
            bytes: TestRoot.elf(["XMRig", "randomx", MinerFileChecks.selfMarker]),
            mode: 0o755
        )
        let result = try self.sweep(root)
        #expect(self.summary(result) == ["info files.minerBinary /tmp/build/paicha"])
        #expect(result.findings.first?.evidence.last?.label == "Paicha's marker")
    }

    @Test("a script a cron job runs is examined wherever it lies")
    func referencedScript() throws {
        let root = try TestRoot()
        try root.write("/etc/cron.d/update", "*/30 * * * * root /usr/games/.u/update.sh\n")
        try root.write(
            "/usr/games/.u/update.sh",
            "#!/bin/sh\nkillall -9 xmrig\npkill -f kdevtmpfsi\nsystemctl stop aliyun-service\n",
            mode: 0o755
        )
        #expect(
            self.summary(try self.sweep(root)) == [
                "high files.killScript /usr/games/.u/update.sh", "medium persistence.cron /etc/cron.d/update:1",
            ]
        )
    }
}
