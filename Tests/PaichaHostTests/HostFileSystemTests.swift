import Foundation
import Glibc
import Testing

@testable import PaichaHost

@Suite("HostFileSystem")
struct HostFileSystemTests {
    @Test("absolute and relative links resolve inside the image, never on the examiner's machine")
    func linksStayInside() throws {
        let root = try TestRoot()
        try root.write("/etc/passwd", "image-passwd\n")
        try root.link("/var/spool/cron/crontabs/root", to: "/etc/passwd")
        try root.link("/home/user/escape", to: "../../../../../../etc/passwd")
        let fileSystem = HostFileSystem(root: root.path)
        var statistics = SweepStatistics()
        let direct = try fileSystem.read("/var/spool/cron/crontabs/root", maximumBytes: 100, statistics: &statistics)
        #expect(direct.text == "image-passwd\n")
        let climbing = try fileSystem.read("/home/user/escape", maximumBytes: 100, statistics: &statistics)
        #expect(climbing.text == "image-passwd\n")
        #expect(try fileSystem.resolve("/home/user/escape") == "/etc/passwd")
    }

    @Test("a link loop is an error naming the path, not a hang")
    func loop() throws {
        let root = try TestRoot()
        try root.link("/a", to: "/b").link("/b", to: "/a")
        let fileSystem = HostFileSystem(root: root.path)
        var statistics = SweepStatistics()
        #expect(throws: HostFileError.symbolicLinkLoop("/a/file")) {
            try fileSystem.read("/a/file", maximumBytes: 10, statistics: &statistics)
        }
        #expect(fileSystem.readText("/a", statistics: &statistics) == nil)
        #expect(statistics.unreadable == [.init(path: "/a", reason: "symbolic link loop")])
    }

    @Test("a FIFO is refused without blocking, a directory is not read as a file")
    func oddFiles() throws {
        let root = try TestRoot()
        try root.directory("/run")
        #expect(mkfifo(root.path + "/run/pipe", 0o644) == 0)
        let fileSystem = HostFileSystem(root: root.path)
        var statistics = SweepStatistics()
        #expect(throws: HostFileError.notRegularFile("/run/pipe")) {
            try fileSystem.read("/run/pipe", maximumBytes: 10, statistics: &statistics)
        }
        #expect(throws: HostFileError.notRegularFile("/run")) {
            try fileSystem.read("/run", maximumBytes: 10, statistics: &statistics)
        }
    }

    @Test("a large file is cut at the limit, counted, and its size kept")
    func cut() throws {
        let root = try TestRoot()
        try root.write("/big", bytes: [UInt8](repeating: 0x41, count: 3 << 20))
        var limits = HostLimits()
        limits.maximumTextFileBytes = 1000
        let fileSystem = HostFileSystem(root: root.path, limits: limits)
        var statistics = SweepStatistics()
        let content = try #require(fileSystem.readText("/big", statistics: &statistics))
        #expect(content.bytes.count == 1000)
        #expect(content.isCut)
        #expect(content.size == 3 << 20)
        #expect(statistics.limitsHit == ["maximumTextFileBytes": 1])
    }

    @Test("an unreadable file is listed as not visible, with the path")
    func permission() throws {
        guard geteuid() != 0 else { return }  // root reads everything
        let root = try TestRoot()
        try root.write("/etc/shadow", "secret", mode: 0o000)
        let fileSystem = HostFileSystem(root: root.path)
        var statistics = SweepStatistics()
        #expect(fileSystem.readText("/etc/shadow", statistics: &statistics) == nil)
        #expect(statistics.notVisible == [.init(path: "/etc/shadow", reason: "permission denied")])
    }

    @Test("numbered lines keep blank lines and strip CR")
    func lines() {
        let content = FileContent(path: "/x", bytes: Array("a\r\n\nb\n".utf8), size: 6, isCut: false)
        #expect(content.numberedLines.map { "\($0.number):\($0.text)" } == ["1:a", "2:", "3:b"])
    }

    @Test("the running system is read directly; /proc/self answers")
    func live() throws {
        let fileSystem = HostFileSystem()
        #expect(fileSystem.isLive)
        var statistics = SweepStatistics()
        let status = try #require(fileSystem.readText("/proc/self/status", statistics: &statistics))
        #expect(status.text.hasPrefix("Name:"))
        #expect(status.size > 0)
    }
}
