/// The chain-of-custody record of an evidence directory: who collected what, when, on which host, with
/// which tool, and the SHA-256 of every item as it was on the host and as it was stored.
public struct EvidenceManifest: Sendable, Hashable, Codable {
    public var tool = "paicha"
    public var version: String
    /// The command line that collected it.
    public var commandLine: [String]
    /// Who ran it: the effective user, and the invoking user under sudo (`SUDO_USER`).
    public var collectedBy: Collector
    /// The examiner's machine (where the sweep ran).
    public var collectedOn: String?
    /// The swept host as it identifies itself.
    public var host: HostIdentity
    /// `live` or `offline`.
    public var mode: String
    /// The image's directory for an offline sweep.
    public var root: String?
    public var startedAt: String
    public var finishedAt: String
    /// Every item copied or captured, in the order collected.
    public var items: [Item]
    /// Items that could not be copied, with why.
    public var failures: [Failure]

    /// A user, by id and name.
    public struct Collector: Sendable, Hashable, Codable {
        public var userID: UInt32
        public var userName: String?
        public var sudoUser: String?

        public init(userID: UInt32, userName: String?, sudoUser: String?) {
            self.userID = userID
            self.userName = userName
            self.sudoUser = sudoUser
        }
    }

    /// One preserved item.
    public struct Item: Sendable, Hashable, Codable {
        /// `file` (copied from the host) or `captured` (text the sweep recorded, e.g. a command line).
        public var kind: String
        /// The path on the host for a file; the name for captured text.
        public var source: String
        /// Where it is stored, relative to the evidence directory.
        public var stored: String
        /// The size on the host (bytes read for `/proc` files).
        public var bytes: Int64
        /// SHA-256 of the whole source as read, hex.
        public var sha256: String
        /// Bytes stored (less than `bytes` when the copy was cut at `maximumEvidenceFileBytes`).
        public var storedBytes: Int64
        /// SHA-256 of the stored copy, hex (equals `sha256` unless cut).
        public var storedSHA256: String
        /// The file's metadata on the host, where it has some.
        public var modified: String?
        public var permissions: String?
        public var userID: UInt32?
        /// The checks whose findings asked for it.
        public var checks: [String]
    }

    /// An item that could not be preserved.
    public struct Failure: Sendable, Hashable, Codable {
        public var source: String
        public var reason: String
    }
}
