import Glibc

extension HostFileSystem {
    /// The first bytes of a regular file (at most `count`), read with one small `read`, so deciding what a file
    /// is (ELF, `#!`) costs a few bytes rather than a whole chunk; failures are recorded.
    func peek(_ path: String, count: Int, statistics: inout SweepStatistics) -> [UInt8]? {
        let hostPath: String
        do {
            hostPath = try self.realPath(path)
        } catch {
            statistics.record(error)
            return nil
        }
        let descriptor = open(hostPath, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            statistics.record(Self.error(errno, path: path))
            return nil
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            statistics.record(.notRegularFile(path))
            return nil
        }
        var buffer = [UInt8](repeating: 0, count: max(count, 0))
        var got = 0
        repeat {
            got = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
        } while got < 0 && errno == EINTR
        guard got >= 0 else {
            statistics.record(Self.error(errno, path: path))
            return nil
        }
        statistics.filesRead += 1
        statistics.bytesRead += Int64(got)
        return Array(buffer.prefix(got))
    }
}
