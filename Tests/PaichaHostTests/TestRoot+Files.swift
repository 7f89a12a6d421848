import Foundation
import Glibc

extension TestRoot {
    /// Sets a path's modification (and access) time, not following a final link.
    @discardableResult
    func touch(_ path: String, seconds: Int) throws -> TestRoot {
        var times = [timespec(tv_sec: seconds, tv_nsec: 0), timespec(tv_sec: seconds, tv_nsec: 0)]
        guard utimensat(AT_FDCWD, self.path + path, &times, AT_SYMLINK_NOFOLLOW) == 0 else {
            throw CocoaError(.fileWriteUnknown)
        }
        return self
    }

    /// Sets every file, link and directory of the tree to the same time, so outputs are reproducible.
    func touchAll(seconds: Int) throws {
        let enumerator = FileManager.default.enumerator(atPath: self.path)
        while let relative = enumerator?.nextObject() as? String {
            try self.touch("/" + relative, seconds: seconds)
        }
    }

    /// Makes a FIFO.
    @discardableResult
    func fifo(_ path: String) throws -> TestRoot {
        try self.directory(String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)]))
        guard mkfifo(self.path + path, 0o644) == 0 else { throw CocoaError(.fileWriteUnknown) }
        return self
    }

    /// A fake ELF executable carrying `strings` between filler bytes.
    static func elf(_ strings: [String], filler: Int = 4096) -> [UInt8] {
        var bytes: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00]
        bytes += [UInt8](repeating: 0, count: filler)
        for string in strings {
            bytes += Array(string.utf8) + [0]
            bytes += [UInt8](repeating: 0x90, count: filler)
        }
        return bytes
    }
}
