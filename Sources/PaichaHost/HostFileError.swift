/// Why a file on the swept system could not be read, with its path.
public struct HostFileError: Error, Hashable, CustomStringConvertible {
    private enum Base: Hashable {
        case notFound
        case permissionDenied
        case symbolicLinkLoop
        case notRegularFile
        case notDirectory
        case system(Int32)
    }

    private let base: Base
    /// The path on the swept system (inside the root, as the system sees it).
    public let path: String

    private init(_ base: Base, path: String) {
        self.base = base
        self.path = path
    }

    /// Nothing is at the path (or a process exited while it was read).
    public static func notFound(_ path: String) -> HostFileError { .init(.notFound, path: path) }
    /// The sweep has no right to read it (run as root to see it).
    public static func permissionDenied(_ path: String) -> HostFileError { .init(.permissionDenied, path: path) }
    /// Symbolic links loop or chain longer than `HostLimits.maximumSymbolicLinkHops`.
    public static func symbolicLinkLoop(_ path: String) -> HostFileError { .init(.symbolicLinkLoop, path: path) }
    /// It is a device, FIFO or socket, which a sweep never opens.
    public static func notRegularFile(_ path: String) -> HostFileError { .init(.notRegularFile, path: path) }
    /// It was expected to be a directory.
    public static func notDirectory(_ path: String) -> HostFileError { .init(.notDirectory, path: path) }
    /// Another system error, by `errno`.
    public static func system(_ code: Int32, path: String) -> HostFileError { .init(.system(code), path: path) }

    /// Whether the error means the sweep lacked privileges (worth saying in the "could not see" list).
    public var isPermission: Bool { self.base == .permissionDenied }

    /// Whether the error means the thing is simply not there (not worth reporting).
    public var isNotFound: Bool { self.base == .notFound }

    /// A short reason without the path.
    public var reason: String {
        switch self.base {
        case .notFound: "not found"
        case .permissionDenied: "permission denied"
        case .symbolicLinkLoop: "symbolic link loop"
        case .notRegularFile: "not a regular file"
        case .notDirectory: "not a directory"
        case .system(let code): "system error \(code)"
        }
    }

    public var description: String { "\(self.path): \(self.reason)" }
}
