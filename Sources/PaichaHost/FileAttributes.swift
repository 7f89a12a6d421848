import Glibc

/// The inode flags `chattr` sets that keep a file from being changed or removed.
public struct FileAttributes: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32

    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `FS_IMMUTABLE_FL` (`chattr +i`): the file cannot be changed, renamed or removed, even by root.
    public static let immutable = FileAttributes(rawValue: 0x10)
    /// `FS_APPEND_FL` (`chattr +a`): the file can only be appended to.
    public static let appendOnly = FileAttributes(rawValue: 0x20)

    /// `FS_IOC_GETFLAGS`, `_IOR('f', 1, long)`, as on x86-64 and ARM64.
    static let getFlagsRequest: UInt = 0x8008_6601

    /// `chattr` letters for the flags set (`i`, `a`, `ia`).
    public var letters: String { (self.contains(.immutable) ? "i" : "") + (self.contains(.appendOnly) ? "a" : "") }

    /// Reads the flags of a regular file of the swept system; nil when the file system keeps none or
    /// the file is not a regular file (a failure to open is recorded).
    static func read(_ path: String, context: inout SweepContext) -> FileAttributes? {
        let fileSystem = context.fileSystem
        let hostPath: String
        do {
            guard try fileSystem.info(path, followLastLink: true).kind == .regular else { return nil }
            hostPath = try fileSystem.realPath(path)
        } catch {
            context.statistics.record(error)
            return nil
        }
        let descriptor = open(hostPath, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        guard descriptor >= 0 else {
            context.statistics.record(HostFileSystem.error(errno, path: path))
            return nil
        }
        defer { close(descriptor) }
        // The kernel writes an int; a long-sized buffer is safe either way.
        var flags = 0
        guard ioctl(descriptor, Self.getFlagsRequest, &flags) == 0 else {
            // ENOTTY, EOPNOTSUPP, EINVAL: the file system has no such flags (tmpfs, overlay, FUSE…).
            return nil
        }
        return FileAttributes(rawValue: UInt32(truncatingIfNeeded: flags)).intersection([.immutable, .appendOnly])
    }
}
