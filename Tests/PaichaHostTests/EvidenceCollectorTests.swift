import Crypto
import Foundation
import PaichaCore
import PaichaTestSupport
import Testing

@testable import PaichaHost

@Suite("EvidenceCollector")
struct EvidenceCollectorTests {
    private func finding(_ check: String, _ artifacts: [Artifact]) -> HostFinding {
        HostFinding(
            check: check,
            severity: .high,
            confidence: .confirmed,
            subject: "s",
            reason: "r",
            artifacts: artifacts
        )
    }

    @Test("copies flagged files and captured text, hashes them, and seals a manifest that sha256sum verifies")
    func collectAndSeal() throws {
        let root = try TestRoot()
        try root.write("/tmp/.x/xmrig", bytes: Array("\u{7f}ELF miner".utf8), mode: 0o755)
        try root.write("/etc/cron.d/update", "* * * * * root /tmp/.x/xmrig\n")
        let output = try TemporaryDirectory()
        let fileSystem = HostFileSystem(root: root.path)
        var collector = try EvidenceCollector(directory: output.path("evidence"), fileSystem: fileSystem)
        var statistics = SweepStatistics()
        try collector.collect(
            [
                self.finding("files.minerBinary", [.file(path: "/tmp/.x/xmrig")]),
                self.finding("persistence.cron", [.file(path: "/etc/cron.d/update"), .file(path: "/tmp/.x/xmrig")]),
                self.finding(
                    "process.poolURL",
                    [.text(name: "pid-7-cmdline.txt", content: "xmrig -o stratum+tcp://p:3333")]
                ),
                self.finding("persistence.cron", [.file(path: "/etc/cron.d/missing")]),
            ],
            statistics: &statistics
        )
        try collector.write("host.json", Array("{}\n".utf8))
        let manifest = try collector.seal(
            version: "test",
            commandLine: ["paicha", "host"],
            host: HostIdentity(hostName: "image"),
            startedAt: Timestamp(nanoseconds: 0),
            finishedAt: Timestamp(nanoseconds: 1_000_000_000)
        )
        #expect(
            manifest.items.map(\.stored) == [
                "files/tmp/.x/xmrig", "files/etc/cron.d/update", "captured/pid-7-cmdline.txt",
            ]
        )
        #expect(manifest.items[0].checks == ["files.minerBinary", "persistence.cron"])
        #expect(manifest.items[0].bytes == 10)
        #expect(manifest.items[0].permissions == "755")
        let expected = SHA256.hash(data: Array("\u{7f}ELF miner".utf8)).map { String(format: "%02x", $0) }.joined()
        #expect(manifest.items[0].sha256 == expected)
        #expect(manifest.items[0].storedSHA256 == expected)
        #expect(manifest.failures == [.init(source: "/etc/cron.d/missing", reason: "not found")])
        #expect(manifest.mode == "offline")
        let sums = try String(contentsOfFile: output.path("evidence/SHA256SUMS"), encoding: .utf8)
        for line in sums.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            let name = String(parts[1].dropFirst())
            let data = try Data(contentsOf: URL(fileURLWithPath: output.path("evidence/" + name)))
            #expect(SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined() == String(parts[0]), "\(name)")
        }
        #expect(sums.split(separator: "\n").count == 5)
    }

    @Test("a copy cut at the limit keeps the whole file's hash beside the stored part's")
    func cut() throws {
        let root = try TestRoot()
        let bytes = (0..<5000).map { UInt8(truncatingIfNeeded: $0) }
        try root.write("/opt/big", bytes: bytes)
        var limits = HostLimits()
        limits.maximumEvidenceFileBytes = 1000
        let output = try TemporaryDirectory()
        var collector = try EvidenceCollector(
            directory: output.path("e"),
            fileSystem: HostFileSystem(root: root.path, limits: limits)
        )
        var statistics = SweepStatistics()
        try collector.collect(.file(path: "/opt/big"), check: "files.minerBinary", statistics: &statistics)
        let manifest = try collector.seal(
            version: "t",
            commandLine: [],
            host: HostIdentity(),
            startedAt: Timestamp(nanoseconds: 0),
            finishedAt: Timestamp(nanoseconds: 0)
        )
        let item = try #require(manifest.items.first)
        #expect(item.bytes == 5000)
        #expect(item.storedBytes == 1000)
        #expect(item.sha256 == EvidenceCollector.hex(SHA256.hash(data: bytes)))
        #expect(item.storedSHA256 == EvidenceCollector.hex(SHA256.hash(data: bytes.prefix(1000))))
        #expect(statistics.limitsHit["maximumEvidenceFileBytes"] == 1)
    }

    @Test("refuses a directory that holds files, and one inside the swept image")
    func refusals() throws {
        let root = try TestRoot()
        try root.write("/etc/hostname", "image\n")
        let output = try TemporaryDirectory()
        try Data("x".utf8).write(to: URL(fileURLWithPath: output.path("old.txt")))
        let fileSystem = HostFileSystem(root: root.path)
        #expect(throws: EvidenceError.notEmpty(output.url.path)) {
            try EvidenceCollector(directory: output.url.path, fileSystem: fileSystem)
        }
        #expect(throws: EvidenceError.insideSweptImage(root.path + "/evidence")) {
            try EvidenceCollector(directory: root.path + "/evidence", fileSystem: fileSystem)
        }
        #expect(!FileManager.default.fileExists(atPath: root.path + "/evidence"))
    }

    @Test("host paths become safe relative paths")
    func safePaths() {
        #expect(EvidenceCollector.safeRelative("/../../etc/./passwd") == "/etc/passwd")
        #expect(EvidenceCollector.safeName("pid-1/../x\n") == "pid-1_.._x_")
        #expect(EvidenceCollector.safeName("..") == "_")
    }
}
