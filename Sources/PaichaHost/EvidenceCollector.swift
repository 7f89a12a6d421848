import Crypto
import Foundation
import Glibc
public import PaichaCore

/// Copies what a sweep flagged into an evidence directory, hashes it, and writes the chain-of-custody manifest.
///
/// It writes only inside its directory, which must be new or empty and must not lie inside a swept image.
/// Files are read through `HostFileSystem` (read-only, links resolved inside an image); each is hashed
/// whole even when its copy is cut at `HostLimits.maximumEvidenceFileBytes`. `seal` writes
/// `manifest.json` and `SHA256SUMS` (the format `sha256sum -c` checks) over every file in the directory.
public struct EvidenceCollector {
    /// The evidence directory on the examiner's machine.
    public let directory: String
    private let fileSystem: HostFileSystem
    private var items: [EvidenceManifest.Item] = []
    private var failures: [EvidenceManifest.Failure] = []
    private var storedBySource: [String: Int] = [:]
    private var writtenFiles: [String] = []

    /// Prepares the directory: creates it, or accepts it if empty.
    public init(directory: String, fileSystem: HostFileSystem) throws(EvidenceError) {
        var trimmed = directory
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.directory = trimmed
        self.fileSystem = fileSystem
        if !fileSystem.isLive {
            let absolute = Self.absolute(trimmed)
            let root = Self.absolute(fileSystem.root)
            if absolute == root || absolute.hasPrefix(root + "/") { throw .insideSweptImage(trimmed) }
        }
        var status = stat()
        if stat(trimmed, &status) == 0 {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: trimmed)) ?? ["?"]
            guard entries.isEmpty else { throw .notEmpty(trimmed) }
        } else {
            try Self.makeDirectories(trimmed)
        }
    }

    /// Copies every artifact of the findings (each source once; later findings add their check name).
    public mutating func collect(_ findings: [HostFinding], statistics: inout SweepStatistics) throws(EvidenceError) {
        for finding in findings {
            for artifact in finding.artifacts {
                try self.collect(artifact, check: finding.check, statistics: &statistics)
            }
        }
    }

    /// Copies one artifact.
    public mutating func collect(
        _ artifact: Artifact,
        check: String,
        statistics: inout SweepStatistics
    ) throws(EvidenceError) {
        let source: String
        switch artifact {
        case .file(let path): source = path
        case .text(let name, _): source = "captured:" + name
        }
        if let index = self.storedBySource[source] {
            if !self.items[index].checks.contains(check) { self.items[index].checks.append(check) }
            return
        }
        guard self.items.count < self.fileSystem.limits.maximumEvidenceFiles else {
            statistics.hit("maximumEvidenceFiles")
            return
        }
        switch artifact {
        case .file(let path): try self.copyFile(path, check: check, statistics: &statistics)
        case .text(let name, let content): try self.capture(name: name, content: content, check: check)
        }
    }

    private mutating func copyFile(
        _ path: String,
        check: String,
        statistics: inout SweepStatistics
    ) throws(EvidenceError) {
        let stored = "files" + Self.safeRelative(path)
        let target = self.directory + "/" + stored
        try Self.makeDirectories(String(target[..<(target.lastIndex(of: "/") ?? target.endIndex)]))
        let descriptor = open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o444)
        guard descriptor >= 0 else { throw .cannotWrite(target, errno: errno) }
        var whole = SHA256()
        var kept = SHA256()
        var total: Int64 = 0
        var storedBytes: Int64 = 0
        var writeError: Int32 = 0
        let limit = Int64(self.fileSystem.limits.maximumEvidenceFileBytes)
        do {
            try self.fileSystem.readChunks(path, statistics: &statistics) { chunk in
                whole.update(data: chunk)
                total += Int64(chunk.count)
                let room = max(0, limit - storedBytes)
                let part = chunk.prefix(Int(min(Int64(chunk.count), room)))
                if !part.isEmpty {
                    kept.update(data: part)
                    let written = part.withUnsafeBytes { Self.writeAll(descriptor, $0) }
                    if written != part.count { writeError = errno }
                    storedBytes += Int64(part.count)
                }
                return writeError == 0
            }
        } catch {
            close(descriptor)
            unlink(target)
            self.failures.append(.init(source: path, reason: error.reason))
            return
        }
        close(descriptor)
        guard writeError == 0 else { throw .cannotWrite(target, errno: writeError) }
        if total > storedBytes { statistics.hit("maximumEvidenceFileBytes") }
        let info = try? self.fileSystem.info(path, followLastLink: true)
        self.append(
            EvidenceManifest.Item(
                kind: "file",
                source: path,
                stored: stored,
                bytes: total,
                sha256: Self.hex(whole.finalize()),
                storedBytes: storedBytes,
                storedSHA256: Self.hex(kept.finalize()),
                modified: info.map { $0.modified.rfc3339(fractionDigits: 0) },
                permissions: info.map { String($0.permissions, radix: 8) },
                userID: info?.userID,
                checks: [check]
            )
        )
    }

    private mutating func capture(name: String, content: String, check: String) throws(EvidenceError) {
        let stored = "captured/" + Self.safeName(name)
        try self.writeFile(stored, Array(content.utf8))
        let digest = Self.hex(SHA256.hash(data: Array(content.utf8)))
        self.append(
            EvidenceManifest.Item(
                kind: "captured",
                source: name,
                stored: stored,
                bytes: Int64(content.utf8.count),
                sha256: digest,
                storedBytes: Int64(content.utf8.count),
                storedSHA256: digest,
                modified: nil,
                permissions: nil,
                userID: nil,
                checks: [check]
            )
        )
    }

    private mutating func append(_ item: EvidenceManifest.Item) {
        self.storedBySource[item.kind == "file" ? item.source : "captured:" + item.source] = self.items.count
        self.items.append(item)
        self.writtenFiles.append(item.stored)
    }

    /// Writes a report file (e.g. `host.json`) into the directory, to be covered by the seal.
    public mutating func write(_ name: String, _ bytes: [UInt8]) throws(EvidenceError) {
        try self.writeFile(Self.safeName(name), bytes)
        self.writtenFiles.append(Self.safeName(name))
    }

    /// Writes `manifest.json` (chain of custody) and `SHA256SUMS` over every file written; returns the manifest.
    @discardableResult
    public func seal(
        version: String,
        commandLine: [String],
        host: HostIdentity,
        startedAt: Timestamp,
        finishedAt: Timestamp
    ) throws(EvidenceError) -> EvidenceManifest {
        let manifest = EvidenceManifest(
            version: version,
            commandLine: commandLine,
            collectedBy: Self.collector(),
            collectedOn: HostIdentity.runningHostName(),
            host: host,
            mode: self.fileSystem.isLive ? "live" : "offline",
            root: self.fileSystem.isLive ? nil : self.fileSystem.root,
            startedAt: startedAt.rfc3339(fractionDigits: 3),
            finishedAt: finishedAt.rfc3339(fractionDigits: 3),
            items: self.items,
            failures: self.failures
        )
        let encoder = StableJSONEncoder()
        let manifestBytes: [UInt8]
        do { manifestBytes = Array(try encoder.encode(manifest)) + [0x0A] } catch {
            throw .cannotWrite(self.directory + "/manifest.json", errno: EINVAL)
        }
        try self.writeFile("manifest.json", manifestBytes)
        var sums = ""
        for stored in (self.writtenFiles + ["manifest.json"]).sorted() {
            guard let data = FileManager.default.contents(atPath: self.directory + "/" + stored) else {
                throw .cannotWrite(self.directory + "/" + stored, errno: EIO)
            }
            sums += Self.hex(SHA256.hash(data: data)) + "  " + stored + "\n"
        }
        try self.writeFile("SHA256SUMS", Array(sums.utf8))
        return manifest
    }

    // MARK: - Helpers

    private func writeFile(_ relative: String, _ bytes: [UInt8]) throws(EvidenceError) {
        let target = self.directory + "/" + relative
        try Self.makeDirectories(String(target[..<(target.lastIndex(of: "/") ?? target.endIndex)]))
        let descriptor = open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o444)
        guard descriptor >= 0 else { throw .cannotWrite(target, errno: errno) }
        defer { close(descriptor) }
        let written = bytes.withUnsafeBytes { Self.writeAll(descriptor, $0) }
        guard written == bytes.count else { throw .cannotWrite(target, errno: errno) }
    }

    private static func writeAll(_ descriptor: Int32, _ buffer: UnsafeRawBufferPointer) -> Int {
        var done = 0
        while done < buffer.count {
            let count = Glibc.write(descriptor, buffer.baseAddress! + done, buffer.count - done)
            if count < 0 {
                if errno == EINTR { continue }
                return done
            }
            done += count
        }
        return done
    }

    private static func makeDirectories(_ path: String) throws(EvidenceError) {
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o755) != 0 && errno != EEXIST { throw .cannotCreate(current, errno: errno) }
        }
    }

    /// A host path as a relative path under `files/`: `..` and empty components dropped.
    static func safeRelative(_ path: String) -> String {
        let parts = path.split(separator: "/").filter { $0 != ".." && $0 != "." }.map { Self.safeName(String($0)) }
        return "/" + parts.joined(separator: "/")
    }

    /// A file name with `/` and control characters replaced.
    static func safeName(_ name: String) -> String {
        let cleaned = String(name.unicodeScalars.map { $0 == "/" || $0.value < 0x20 ? "_" : Character($0) })
        return cleaned == "." || cleaned == ".." || cleaned.isEmpty ? "_" : cleaned
    }

    static func hex(_ digest: SHA256.Digest) -> String {
        digest.map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }

    private static func absolute(_ path: String) -> String {
        if let real = realpath(path, nil) {
            defer { free(real) }
            return String(cString: real)
        }
        return path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    private static func collector() -> EvidenceManifest.Collector {
        let uid = geteuid()
        var name: String?
        if let entry = getpwuid(uid), let pointer = entry.pointee.pw_name { name = String(cString: pointer) }
        return .init(userID: uid, userName: name, sudoUser: ProcessInfo.processInfo.environment["SUDO_USER"])
    }
}
