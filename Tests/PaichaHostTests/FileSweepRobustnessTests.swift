import Foundation
import Glibc
import PaichaCore
import PaichaFixtures
import Testing

@testable import PaichaHost

@Suite("File sweep robustness")
struct FileSweepRobustnessTests {
    let indicators: HostIndicators

    init() throws { self.indicators = try HostIndicators.bundled() }

    func sweep(_ root: TestRoot, limits: HostLimits = HostLimits()) -> HostSweepResult {
        var configuration = SweepConfiguration(indicators: self.indicators)
        configuration.root = root.path
        configuration.limits = limits
        return HostSweep(configuration: configuration, groups: FileSweepTests.groups).run()
    }

    /// Files every check reads as text.
    static let textFiles = [
        "/etc/crontab", "/etc/cron.d/job", "/var/spool/cron/crontabs/root", "/etc/anacrontab",
        "/etc/systemd/system/x.service", "/etc/rc.local", "/root/.ssh/authorized_keys", "/etc/ld.so.preload",
        "/etc/sysctl.conf", "/etc/modprobe.d/m.conf", "/etc/modules", "/tmp/config.json", "/tmp/pools.txt",
        "/tmp/run.sh", "/root/.bashrc", "/etc/passwd",
    ]

    @Test("random bytes in every file a check reads never crash a sweep", arguments: 0..<8)
    func randomBytes(seed: UInt64) throws {
        var generator = SplitMix64(seed: seed)
        let root = try TestRoot()
        for path in Self.textFiles {
            let count = Int.random(in: 0..<4096, using: &generator)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            try root.write(path, bytes: bytes, mode: 0o755)
        }
        try root.write(
            "/tmp/bin",
            bytes: [0x7F, 0x45, 0x4C, 0x46] + (0..<5000).map { _ in UInt8.random(in: 0...255, using: &generator) },
            mode: 0o755
        )
        let result = self.sweep(root)
        #expect(result.statistics.filesRead > 0)
    }

    @Test("mutated infected files (bytes flipped, lines cut) never crash a sweep", arguments: 0..<6)
    func mutations(seed: UInt64) throws {
        var generator = SplitMix64(seed: seed)
        let root = try HostTrees.infected()
        let paths = [
            "/etc/crontab", "/etc/cron.d/sysupdate", "/var/spool/cron/crontabs/root",
            "/etc/systemd/system/sysupdate.service",
            "/root/.ssh/authorized_keys", "/tmp/.X11-unix/.rsync/config.json", "/root/xmr-stak/pools.txt",
            "/tmp/ldr.sh",
        ]
        for path in paths {
            var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: root.path + path)))
            for _ in 0..<8 where !bytes.isEmpty {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[index] = UInt8.random(in: 0...255, using: &generator)
                case 1: bytes.removeSubrange(index...)
                default: bytes.insert(contentsOf: [0x22, 0x27, 0x5C, 0x28, 0x7C, 0x0A], at: index)
                }
            }
            try root.write(path, bytes: bytes, mode: 0o755)
        }
        _ = self.sweep(root)
    }

    @Test("odd files: link loops, FIFOs, dangling links, devices are skipped without blocking, and counted")
    func oddFiles() throws {
        let root = try HostTrees.clean()
        try root.link("/tmp/a", to: "/tmp/b").link("/tmp/b", to: "/tmp/a")
        try root.link("/etc/cron.d/loop", to: "/etc/cron.d/loop")
        try root.link("/etc/systemd/system/loop.service", to: "/etc/systemd/system/loop.service")
        try root.link("/root/.ssh/authorized_keys2", to: "/nonexistent")
        try root.fifo("/tmp/fifo")
        try root.fifo("/etc/cron.d/fifo")
        try root.fifo("/etc/ld.so.preload")
        try root.fifo("/root/.ssh/authorized_keys2x")
        try root.link("/var/log/syslog.2", to: "/var/log/syslog.2")
        let result = self.sweep(root)
        #expect(result.findings.filter { $0.severity >= .medium }.isEmpty)
        let unreadable = Set(result.statistics.unreadable.map { "\($0.path): \($0.reason)" })
        let expected: Set<String> = [
            "/etc/ld.so.preload: not a regular file", "/etc/cron.d/fifo: not a regular file",
            "/etc/cron.d/loop: symbolic link loop", "/etc/systemd/system/loop.service: symbolic link loop",
        ]
        #expect(expected.subtracting(unreadable).isEmpty, "\(unreadable.sorted())")
    }

    @Test("deep trees, many files, big binaries and configs stop at their limits, counted")
    func limits() throws {
        let root = try TestRoot()
        var deep = "/tmp"
        for level in 0..<30 { deep += "/d\(level)" }
        try root.write(deep + "/x", "deep")
        for index in 0..<50 { try root.write("/var/tmp/many/f\(index)", "x") }
        for index in 0..<20 { try root.write("/root/many/f\(index)", "x") }
        // A miner whose signature lies beyond the scanned prefix is not read further.
        try root.write("/tmp/big", bytes: TestRoot.elf(["XMRig", "randomx"], filler: 300_000), mode: 0o755)
        try root.write("/tmp/huge.json", bytes: [UInt8](repeating: 0x20, count: 300_000))
        var limits = HostLimits()
        limits.maximumWalkDepth = 10
        limits.maximumWalkedFiles = 40
        limits.maximumWalkedFilesPerTree = 30
        limits.maximumBinaryScanBytes = 200_000
        limits.maximumConfigFileBytes = 100_000
        let result = self.sweep(root, limits: limits)
        #expect(result.statistics.limitsHit["maximumWalkDepth"] == 1)
        #expect(result.statistics.limitsHit["maximumWalkedFilesPerTree"] == 1)
        #expect(result.statistics.limitsHit["maximumWalkedFiles"] == 1)
        #expect(result.statistics.limitsHit["maximumBinaryScanBytes"] == 1)
        #expect(result.statistics.limitsHit["maximumConfigFileBytes"] == 1)
        #expect(!result.findings.contains { $0.check == "files.minerBinary" })
    }

    @Test("an unreadable directory or file is listed as not visible (when not root)")
    func permissions() throws {
        guard geteuid() != 0 else { return }  // root reads everything
        let root = try HostTrees.clean()
        try root.write("/var/spool/cron/crontabs/bob", "* * * * * /tmp/x\n", mode: 0o000)
        let result = self.sweep(root)
        #expect(
            result.statistics.notVisible.contains(
                .init(path: "/var/spool/cron/crontabs/bob", reason: "permission denied")
            )
        )
    }

    /// `FS_IOC_SETFLAGS`, `_IOW('f', 2, long)`.
    static let setFlags: UInt = 0x4008_6602

    static func setAttributes(_ path: String, _ flags: Int) -> Bool {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var current = 0
        guard ioctl(descriptor, FileAttributes.getFlagsRequest, &current) == 0 else { return false }
        var wanted = (current & ~0x30) | flags
        return ioctl(descriptor, Self.setFlags, &wanted) == 0
    }

    @Test("immutable and append-only files are reported (root on a file system with inode flags)")
    func immutable() throws {
        let root = try HostTrees.infected()
        let cron = root.path + "/etc/cron.d/sysupdate"
        let keys = root.path + "/home/alice/.ssh/authorized_keys"
        let miner = root.path + "/tmp/.X11-unix/.rsync/sysupdate"
        guard Self.setAttributes(cron, 0x10) else { return }  // not root, or no inode flags here
        defer {
            _ = Self.setAttributes(cron, 0)
            _ = Self.setAttributes(keys, 0)
            _ = Self.setAttributes(miner, 0)
        }
        #expect(Self.setAttributes(keys, 0x20))
        #expect(Self.setAttributes(miner, 0x30))
        let result = self.sweep(root)
        let found = result.findings.filter { $0.check == "hiding.immutable" }.map {
            "\($0.severity) \($0.subject) \($0.evidence.first?.excerpt ?? "")"
        }
        #expect(
            found == [
                "high /etc/cron.d/sysupdate i", "high /tmp/.X11-unix/.rsync/sysupdate ia",
                "medium /home/alice/.ssh/authorized_keys a",
            ]
        )
    }

    @Test(
        "the running system is swept the same way, without crashing",
        .enabled(if: ProcessInfo.processInfo.environment["PAICHA_LIVE_FILES"] == "1")
    )
    func live() throws {
        var configuration = SweepConfiguration(indicators: self.indicators)
        configuration.root = "/"
        let started = Date()
        let result = HostSweep(configuration: configuration, groups: FileSweepTests.groups).run()
        print("live file sweep: \(Date().timeIntervalSince(started)) s, \(result.statistics.filesRead) files read,")
        print("limits: \(result.statistics.limitsHit), unreadable: \(result.statistics.unreadable.prefix(5))")
        for finding in result.findings {
            print("\(finding.severity) \(finding.check) \(finding.subject): \(finding.reason)")
        }
    }
}
