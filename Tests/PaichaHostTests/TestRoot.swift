import Foundation
import PaichaTestSupport

/// A small root filesystem tree built by a test, removed when the value goes away.
final class TestRoot {
    private let directory: TemporaryDirectory

    /// Its path on the examiner's machine (what `--root` gets).
    var path: String { self.directory.url.path }

    init() throws {
        self.directory = try TemporaryDirectory()
    }

    /// Writes a file at a path of the tree (`/etc/crontab`), creating directories, with permissions.
    @discardableResult
    func write(_ path: String, _ text: String, mode: Int = 0o644) throws -> TestRoot {
        try self.write(path, bytes: Array(text.utf8), mode: mode)
    }

    /// Writes bytes at a path of the tree.
    @discardableResult
    func write(_ path: String, bytes: [UInt8], mode: Int = 0o644) throws -> TestRoot {
        let url = URL(fileURLWithPath: self.path + path)
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(),
            withIntermediateDirectories: true
        )
        try Data(bytes).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path)
        return self
    }

    /// Makes a directory (and its parents).
    @discardableResult
    func directory(_ path: String) throws -> TestRoot {
        try FileManager.default.createDirectory(atPath: self.path + path, withIntermediateDirectories: true)
        return self
    }

    /// Makes a symbolic link at `path` whose content is `target` (as written, absolute or relative).
    @discardableResult
    func link(_ path: String, to target: String) throws -> TestRoot {
        let url = URL(fileURLWithPath: self.path + path)
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(),
            withIntermediateDirectories: true
        )
        try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: target)
        return self
    }
}
