/// What a sweep read, what it could not read, and which limits it hit.
public struct SweepStatistics: Sendable, Hashable, Codable {
    /// Processes seen in `/proc`.
    public var processes = 0
    /// Socket table lines read.
    public var sockets = 0
    /// Files opened and read (whole or cut).
    public var filesRead = 0
    /// Bytes read from them.
    public var bytesRead: Int64 = 0
    /// Paths that could not be read for lack of privilege, with the check that wanted them (bounded).
    public var notVisible: [NotVisible] = []
    /// Paths that could not be read for another reason (bounded), e.g. loops or odd file types.
    public var unreadable: [NotVisible] = []
    /// How often each named limit was hit (`maximumTextFileBytes`, …).
    public var limitsHit: [String: Int] = [:]

    /// A path that could not be read, and why.
    public struct NotVisible: Sendable, Hashable, Codable {
        public var path: String
        public var reason: String

        public init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }
    }

    /// How many not-visible/unreadable paths are listed; more are only counted in `limitsHit`.
    public static let maximumListedPaths = 200

    /// Makes empty statistics.
    public init() {}

    /// Counts a hit of the named limit.
    public mutating func hit(_ limit: String) { self.limitsHit[limit, default: 0] += 1 }

    /// Adds another part's figures (a concurrent lane's): counts summed, listed paths appended within
    /// `maximumListedPaths` (the rest counted as hits).
    public mutating func merge(_ other: SweepStatistics) {
        self.processes += other.processes
        self.sockets += other.sockets
        self.filesRead += other.filesRead
        self.bytesRead += other.bytesRead
        for (limit, count) in other.limitsHit { self.limitsHit[limit, default: 0] += count }
        for entry in other.notVisible {
            if self.notVisible.count < Self.maximumListedPaths {
                self.notVisible.append(entry)
            } else {
                self.hit("listedNotVisiblePaths")
            }
        }
        for entry in other.unreadable {
            if self.unreadable.count < Self.maximumListedPaths {
                self.unreadable.append(entry)
            } else {
                self.hit("listedUnreadablePaths")
            }
        }
    }

    /// Records a read failure; not-found is not recorded (processes exit, files are optional).
    public mutating func record(_ error: HostFileError) {
        if error.isNotFound { return }
        let entry = NotVisible(path: error.path, reason: error.reason)
        if error.isPermission {
            if self.notVisible.count < Self.maximumListedPaths {
                self.notVisible.append(entry)
            } else {
                self.hit("listedNotVisiblePaths")
            }
        } else {
            if self.unreadable.count < Self.maximumListedPaths {
                self.unreadable.append(entry)
            } else {
                self.hit("listedUnreadablePaths")
            }
        }
    }
}
