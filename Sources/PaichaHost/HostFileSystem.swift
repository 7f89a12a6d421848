import Glibc
public import PaichaCore

/// Read-only access to the swept system: the running one (`/`) or a mounted image (`--root DIR`).
///
/// Paths are always written as the swept system sees them (`/etc/crontab`). In an image, symbolic
/// links are resolved inside the image, the way a `chroot` would, so an absolute link in a seized
/// disk never reaches the examiner's own files; loops and long chains stop at
/// `HostLimits.maximumSymbolicLinkHops`. Files are opened read-only, non-blocking and without
/// updating their access time where the kernel allows it; devices, FIFOs and sockets are never
/// opened. Nothing here writes.
public struct HostFileSystem: Sendable {
    /// The image's directory, or empty for the running system.
    public let root: String
    /// The limits reads obey.
    public let limits: HostLimits

    /// Whether this is the running system (so `/proc` describes live processes).
    public var isLive: Bool { self.root.isEmpty }

    /// Sweeps the running system (`root` is `/`) or the image mounted at `root`.
    public init(root: String = "/", limits: HostLimits = HostLimits()) {
        var trimmed = root
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.root = trimmed == "/" ? "" : trimmed
        self.limits = limits
    }

    // MARK: - Paths

    /// The path on the examiner's machine for a path of the swept system, symbolic links resolved inside it.
    ///
    /// On the running system the kernel resolves links itself; the path is returned as it is.
    public func realPath(_ path: String, followLastLink: Bool = true) throws(HostFileError) -> String {
        if self.isLive { return path }
        return self.root + (try self.resolve(path, followLastLink: followLastLink))
    }

    /// Resolves a path of the swept system inside the image: `..` stops at the image's root, absolute
    /// link targets start again from it.
    public func resolve(_ path: String, followLastLink: Bool = true) throws(HostFileError) -> String {
        var pending = Array(path.split(separator: "/", omittingEmptySubsequences: true).reversed().map(String.init))
        var resolved: [String] = []
        var hops = 0
        while let component = pending.popLast() {
            if component == "." { continue }
            if component == ".." {
                _ = resolved.popLast()
                continue
            }
            resolved.append(component)
            let isLast = pending.isEmpty
            if isLast && !followLastLink { break }
            let hostPath = self.root + "/" + resolved.joined(separator: "/")
            var status = stat()
            guard lstat(hostPath, &status) == 0 else {
                // A missing component: the rest cannot be links; keep it as written.
                continue
            }
            guard (status.st_mode & S_IFMT) == S_IFLNK else { continue }
            hops += 1
            guard hops <= self.limits.maximumSymbolicLinkHops else { throw .symbolicLinkLoop(path) }
            let target = try Self.readLinkTarget(hostPath, shownAs: path)
            resolved.removeLast()
            if target.hasPrefix("/") { resolved.removeAll() }
            pending.append(contentsOf: target.split(separator: "/").reversed().map(String.init))
        }
        return "/" + resolved.joined(separator: "/")
    }

    // MARK: - Metadata

    /// What a path is, without following a final symbolic link.
    public func info(_ path: String, followLastLink: Bool = false) throws(HostFileError) -> FileInfo {
        let hostPath = try self.realPath(path, followLastLink: followLastLink)
        var status = stat()
        let result = followLastLink ? stat(hostPath, &status) : lstat(hostPath, &status)
        guard result == 0 else { throw Self.error(errno, path: path) }
        return FileInfo(status)
    }

    /// Whether something (even a dangling link) is at the path.
    public func exists(_ path: String) -> Bool { (try? self.info(path)) != nil }

    /// The target of a symbolic link, as written in the link.
    public func readLink(_ path: String) throws(HostFileError) -> String {
        let hostPath = try self.realPath(path, followLastLink: false)
        return try Self.readLinkTarget(hostPath, shownAs: path)
    }

    /// The names in a directory, sorted; at most `maximumDirectoryEntries` (counted when cut).
    public func list(_ path: String, statistics: inout SweepStatistics) throws(HostFileError) -> [String] {
        let hostPath = try self.realPath(path)
        guard let directory = opendir(hostPath) else { throw Self.error(errno, path: path) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            guard names.count < self.limits.maximumDirectoryEntries else {
                statistics.hit("maximumDirectoryEntries")
                break
            }
            names.append(name)
        }
        return names.sorted()
    }

    /// The entries of a directory, sorted by name, each with what `lstat` says of it (or why it could
    /// not be said); at most `maximumDirectoryEntries` (counted when cut).
    ///
    /// Each entry is looked up relative to the open directory (`fstatat`), not by its whole path: a walk
    /// stats every file it passes, and the kernel's path walk was most of that cost.
    public func listWithInfo(
        _ path: String,
        statistics: inout SweepStatistics
    ) throws(HostFileError) -> [(name: String, info: Result<FileInfo, HostFileError>)] {
        let hostPath = try self.realPath(path)
        let descriptor = open(hostPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw Self.error(errno, path: path) }
        guard let directory = fdopendir(descriptor) else {
            let code = errno
            close(descriptor)
            throw Self.error(code, path: path)
        }
        defer { closedir(directory) }
        let prefix = path == "/" ? "/" : path + "/"
        var entries: [(name: String, info: Result<FileInfo, HostFileError>)] = []
        while let entry = readdir(directory) {
            var status = stat()
            var code: Int32 = 0
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw -> String? in
                let bytes = raw.prefix(while: { $0 != 0 })
                if bytes.elementsEqual([0x2E]) || bytes.elementsEqual([0x2E, 0x2E]) { return nil }
                let looked = raw.withMemoryRebound(to: CChar.self) {
                    fstatat(descriptor, $0.baseAddress!, &status, AT_SYMLINK_NOFOLLOW)
                }
                if looked != 0 { code = errno }
                return String(decoding: bytes, as: UTF8.self)
            }
            guard let name else { continue }
            guard entries.count < self.limits.maximumDirectoryEntries else {
                statistics.hit("maximumDirectoryEntries")
                break
            }
            entries.append(
                (name, code == 0 ? .success(FileInfo(status)) : .failure(Self.error(code, path: prefix + name)))
            )
        }
        return entries.sorted { $0.name < $1.name }
    }

    // MARK: - Reading

    /// Reads a regular file (or a `/proc` file) whole, or its first `maximumBytes` bytes.
    public func read(
        _ path: String,
        maximumBytes: Int,
        statistics: inout SweepStatistics
    ) throws(HostFileError) -> FileContent {
        var bytes: [UInt8] = []
        var isCut = false
        let size = try self.readChunks(path, statistics: &statistics) { chunk in
            let room = maximumBytes - bytes.count
            if chunk.count > room {
                bytes.append(contentsOf: chunk.prefix(room))
                isCut = true
                return false
            }
            bytes.append(contentsOf: chunk)
            return true
        }
        return FileContent(path: path, bytes: bytes, size: max(size, Int64(bytes.count)), isCut: isCut)
    }

    /// Reads a text file up to `maximumTextFileBytes`, recording failures and cuts in the statistics.
    ///
    /// Returns nil when the file is absent or unreadable (the reason is in `statistics`).
    public func readText(_ path: String, statistics: inout SweepStatistics) -> FileContent? {
        do {
            let content = try self.read(path, maximumBytes: self.limits.maximumTextFileBytes, statistics: &statistics)
            if content.isCut { statistics.hit("maximumTextFileBytes") }
            return content
        } catch {
            statistics.record(error)
            return nil
        }
    }

    /// Feeds a file to `body` in chunks until the end or until `body` returns false.
    ///
    /// Chunks are up to 1 MiB, 4 KiB for `/proc` files (whose size reads 0), or `chunkBytes` when given
    /// (e.g. 1 MiB for a large `/proc/net/tcp`, which the kernel makes anew for each read).
    /// Returns the file's size as `fstat` gives it (0 for most `/proc` files).
    @discardableResult
    public func readChunks(
        _ path: String,
        chunkBytes: Int? = nil,
        statistics: inout SweepStatistics,
        _ body: (ArraySlice<UInt8>) -> Bool
    ) throws(HostFileError) -> Int64 {
        let hostPath = try self.realPath(path)
        let descriptor = try Self.openReadOnly(hostPath, shownAs: path)
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw Self.error(errno, path: path) }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw .notRegularFile(path) }
        statistics.filesRead += 1
        // Small files (and `/proc` files, whose size reads 0) get a small buffer: a sweep reads thousands.
        let bufferSize =
            chunkBytes.map { max(1, $0) }
            ?? (status.st_size > 0 ? min(1 << 20, max(4096, Int(status.st_size) + 1)) : 4096)
        var buffer = [UInt8](repeating: 0, count: bufferSize)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                // A process that exits while its /proc file is read: keep what was read.
                if errno == ESRCH { break }
                throw Self.error(errno, path: path)
            }
            if count == 0 { break }
            statistics.bytesRead += Int64(count)
            if !body(buffer[0..<count]) { break }
        }
        return Int64(status.st_size)
    }

    // MARK: - System calls

    /// Linux's `O_NOATIME` (Glibc exports it only under `_GNU_SOURCE`); the same value on x86-64 and ARM64.
    private static let openNoAccessTime: Int32 = 0o1_000_000

    private static func openReadOnly(_ hostPath: String, shownAs path: String) throws(HostFileError) -> Int32 {
        let flags = O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC
        var descriptor = open(hostPath, flags | Self.openNoAccessTime)
        if descriptor < 0 && errno == EPERM {
            // O_NOATIME needs ownership of the file; without it, open normally.
            descriptor = open(hostPath, flags)
        }
        guard descriptor >= 0 else { throw Self.error(errno, path: path) }
        return descriptor
    }

    private static func readLinkTarget(_ hostPath: String, shownAs path: String) throws(HostFileError) -> String {
        // A sweep reads tens of thousands of links (`/proc/PID/fd/N`): no heap buffer, no copy.
        var code: Int32 = 0
        let target: String? = withUnsafeTemporaryAllocation(of: CChar.self, capacity: Int(PATH_MAX) + 1) { buffer in
            let count = readlink(hostPath, buffer.baseAddress!, buffer.count - 1)
            guard count >= 0 else {
                code = errno
                return nil
            }
            return UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[0..<count]).withMemoryRebound(
                to: UInt8.self
            ) { String(decoding: $0, as: UTF8.self) }
        }
        guard let target else { throw Self.error(code, path: path) }
        return target
    }

    static func error(_ code: Int32, path: String) -> HostFileError {
        switch code {
        case ENOENT, ESRCH, ENOTDIR: .notFound(path)
        case EACCES, EPERM: .permissionDenied(path)
        case ELOOP: .symbolicLinkLoop(path)
        case ENXIO, ENODEV: .notRegularFile(path)
        default: .system(code, path: path)
        }
    }
}

/// What `lstat` says of a path.
public struct FileInfo: Sendable, Hashable {
    /// What kind of thing it is.
    public enum Kind: String, Sendable, Hashable, Codable {
        case regular, directory, symbolicLink, other
    }

    public var kind: Kind
    /// Permission bits (and set-id bits), `st_mode & 0o7777`.
    public var permissions: UInt32
    public var userID: UInt32
    public var groupID: UInt32
    public var size: Int64
    public var modified: Timestamp
    public var inode: UInt64
    public var device: UInt64

    init(_ status: stat) {
        switch status.st_mode & S_IFMT {
        case S_IFREG: self.kind = .regular
        case S_IFDIR: self.kind = .directory
        case S_IFLNK: self.kind = .symbolicLink
        default: self.kind = .other
        }
        self.permissions = UInt32(status.st_mode & 0o7777)
        self.userID = status.st_uid
        self.groupID = status.st_gid
        self.size = Int64(status.st_size)
        self.modified = Timestamp(seconds: Int64(status.st_mtim.tv_sec), nanoseconds: Int64(status.st_mtim.tv_nsec))
        self.inode = UInt64(status.st_ino)
        self.device = UInt64(status.st_dev)
    }
}

/// The bytes of a file, and whether they were cut at a limit.
public struct FileContent: Sendable, Hashable {
    /// The path on the swept system.
    public var path: String
    public var bytes: [UInt8]
    /// The file's size (at least the bytes read; `/proc` files report 0).
    public var size: Int64
    /// Whether the read stopped at a limit before the end.
    public var isCut: Bool

    /// The bytes as UTF-8 text (invalid sequences replaced).
    public var text: String { String(decoding: self.bytes, as: UTF8.self) }

    /// The lines, 1-based number beside each, without their line ends (`\n` or `\r\n`).
    public var numberedLines: [(number: Int, text: Substring)] {
        var result: [(number: Int, text: Substring)] = []
        var number = 0
        for line in self.bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            number += 1
            let body = line.last == 0x0D ? line.dropLast() : line
            result.append((number, Substring(String(decoding: body, as: UTF8.self))))
        }
        if let last = result.last, last.text.isEmpty { result.removeLast() }
        return result
    }
}
