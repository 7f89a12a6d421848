import Foundation
import Glibc
import PaichaCore
import Testing

@testable import PaichaHost

/// Test groups that record what they saw of the context and report one finding each.
private struct RecordingGroup: HostCheckGroup {
    let name: String
    let lane: HostCheckLane
    var checks: [CheckDescription] { [] }

    func run(_ context: inout SweepContext) -> [HostFinding] {
        switch self.lane {
        case .processes:
            // Sees only what earlier groups of its own lane added.
            let before = context.processes.count
            context.processes.append(ProcessRecord(pid: Int32(100 + before), name: self.name))
            context.statistics.hit("fromProcesses")
            context.statistics.filesRead += 1
            return [self.finding(subject: "\(self.name) saw \(before) processes, \(context.walkedFiles) files")]
        case .files:
            let before = context.persistencePaths.count
            context.persistencePaths.append("/\(self.name)")
            context.walkedFiles += 10
            context.statistics.hit("fromFiles")
            context.statistics.filesRead += 2
            return [self.finding(subject: "\(self.name) saw \(before) paths, \(context.processes.count) processes")]
        }
    }

    func finding(subject: String) -> HostFinding {
        HostFinding(check: "test.\(self.name)", severity: .info, confidence: .weak, subject: subject, reason: "test")
    }
}

@Suite("Sweep lanes")
struct SweepLaneTests {
    @Test("the two lanes run apart and are merged: each lane sees only its own groups, every finding is kept")
    func lanes() throws {
        let groups: [any HostCheckGroup] = [
            RecordingGroup(name: "p1", lane: .processes), RecordingGroup(name: "f1", lane: .files),
            RecordingGroup(name: "p2", lane: .processes), RecordingGroup(name: "f2", lane: .files),
        ]
        let root = try TestRoot()
        var configuration = SweepConfiguration(indicators: try HostIndicators.bundled())
        configuration.root = root.path
        let result = HostSweep(configuration: configuration, groups: groups).run()
        // All four, in the report order (severity, confidence, check, subject).
        #expect(
            result.findings.map(\.subject) == [
                "f1 saw 0 paths, 0 processes", "f2 saw 1 paths, 0 processes",
                "p1 saw 0 processes, 0 files", "p2 saw 1 processes, 0 files",
            ]
        )
        #expect(result.processes.map(\.name) == ["p1", "p2"])
        #expect(result.statistics.limitsHit == ["fromProcesses": 2, "fromFiles": 2])
        #expect(result.statistics.filesRead == 6)
        #expect(result.statistics.processes == 2)
    }

    @Test("statistics merge: counts add up, listed paths stay within their bound and the rest is counted")
    func merge() {
        var left = SweepStatistics()
        left.filesRead = 3
        left.bytesRead = 100
        left.hit("maximumWalkDepth")
        var right = SweepStatistics()
        right.filesRead = 4
        right.bytesRead = 50
        right.hit("maximumWalkDepth")
        right.hit("maximumConfigFileBytes")
        for index in 0..<(SweepStatistics.maximumListedPaths - 1) {
            left.record(HostFileError.permissionDenied("/left/\(index)"))
        }
        right.record(HostFileError.permissionDenied("/right/0"))
        right.record(HostFileError.permissionDenied("/right/1"))
        right.record(HostFileError.symbolicLinkLoop("/right/loop"))
        left.merge(right)
        #expect(left.filesRead == 7)
        #expect(left.bytesRead == 150)
        #expect(
            left.limitsHit == ["maximumWalkDepth": 2, "maximumConfigFileBytes": 1, "listedNotVisiblePaths": 1]
        )
        #expect(left.notVisible.count == SweepStatistics.maximumListedPaths)
        #expect(left.notVisible.last?.path == "/right/0")
        #expect(left.unreadable == [.init(path: "/right/loop", reason: "symbolic link loop")])
    }
}

@Suite("HostFileSystem.listWithInfo")
struct ListWithInfoTests {
    @Test("entries sorted by name, links not followed, each with lstat's answer, inside the image")
    func entries() throws {
        let root = try TestRoot()
        try root.write("/d/b.txt", "bb").write("/d/a.sh", "#!/bin/sh\n", mode: 0o755).directory("/d/sub")
        try root.link("/d/c-link", to: "/etc/none")
        let fileSystem = HostFileSystem(root: root.path)
        var statistics = SweepStatistics()
        let entries = try fileSystem.listWithInfo("/d", statistics: &statistics)
        #expect(entries.map(\.name) == ["a.sh", "b.txt", "c-link", "sub"])
        let infos = try entries.map { try $0.info.get() }
        #expect(infos.map(\.kind) == [.regular, .regular, .symbolicLink, .directory])
        #expect(infos[0].permissions == 0o755)
        #expect(infos[1].size == 2)
        // The same answers as one `info` per path.
        for (entry, info) in zip(entries, infos) {
            #expect(try fileSystem.info("/d/" + entry.name) == info)
        }
    }

    @Test("a directory over maximumDirectoryEntries is cut and counted; a missing one is an error naming it")
    func limits() throws {
        let root = try TestRoot()
        for index in 0..<5 { try root.write("/many/f\(index)", "x") }
        var limits = HostLimits()
        limits.maximumDirectoryEntries = 3
        let fileSystem = HostFileSystem(root: root.path, limits: limits)
        var statistics = SweepStatistics()
        #expect(try fileSystem.listWithInfo("/many", statistics: &statistics).count == 3)
        #expect(statistics.limitsHit["maximumDirectoryEntries"] == 1)
        #expect(throws: HostFileError.notFound("/absent")) {
            try fileSystem.listWithInfo("/absent", statistics: &statistics)
        }
    }
}

@Suite("MinerConfig on bytes")
struct MinerConfigBytesTests {
    @Test(
        "quoted keys are found in one pass, in the keys' order, only when closed by a quote",
        arguments: [
            (#"{"pools":[], "donate-level": 1}"#, ["pools", "donate-level"]),
            (#"{"donate-level": 1, "pools":[]}"#, ["pools", "donate-level"]),
            (#"{"poolsx": 1, "pools"#, []),
            (#"""#, []),
            (#"x "randomx" y"#, ["randomx"]),
            (#""pool_address""wallet_address""#, ["wallet_address", "pool_address"]),
        ]
    )
    func quotedKeys(text: String, expected: [String]) {
        let keys = ["pools", "donate-level", "randomx", "wallet_address", "pool_address"]
        #expect(MinerConfig.quotedKeys(keys, in: Array(text.utf8)) == expected)
    }

    @Test(
        "string values after a quoted key and a colon",
        arguments: [
            (#""url" : "a:1", "url":"b:2""#, ["a:1", "b:2"]),
            ("\"url\"\t:\t\"tab\"", ["tab"]),
            (#""url" "no colon", "url": 5, "url": "ok""#, ["ok"]),
            (#""url": "unterminated"#, []),
            (#""url": """#, [""]),
            (#""url""#, []),
        ]
    )
    func values(text: String, expected: [String]) {
        #expect(MinerConfig.values(of: "url", in: Array(text.utf8)) == expected)
    }
}
