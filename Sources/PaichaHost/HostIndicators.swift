import Foundation
public import PaichaMining

/// The data a host sweep matches against: miner names, flags, pool URL schemes, kill-script patterns,
/// binary signatures and config keys (`Resources/host-indicators.json`, each entry with provenance),
/// plus the pool domains and ports that `paicha scan` uses.
public struct HostIndicators: Sendable {
    /// The version of the host list, with `+user:FILE` for each user file merged in.
    public private(set) var version: String
    public private(set) var minerNames: [MinerName]
    public private(set) var minerFlags: [MinerFlag]
    public private(set) var poolSchemes: [PoolScheme]
    /// Directories where an executable is suspicious (`/tmp`, `/dev/shm`, …).
    public private(set) var temporaryDirectories: [String]
    public private(set) var killPatterns: [KillPattern]
    public private(set) var binarySignatures: [BinarySignature]
    public private(set) var configKeys: [ConfigKey]
    /// Texts in `authorized_keys` comments that known campaigns leave.
    public private(set) var sshKeyMarkers: [SSHKeyMarker]
    /// Pool domains, ports and CDN lists shared with `paicha scan`.
    public private(set) var pools: PoolIndicators
    /// `minerNames` prepared for matching (rebuilt whenever they change).
    private(set) var nameIndex = MinerNameIndex(names: [])

    /// A miner's executable or process name.
    public struct MinerName: Sendable, Hashable, Codable {
        public var name: String
        public var family: String
        /// `prefix` (default: `xmrig` matches `xmrig-6.21`) or `exact`.
        public var match: String?
        /// The name is also a kernel thread's; suspicious only for a userland process (one with an executable).
        public var userland: Bool?
        public var note: String?
        public var provenance: [String]
    }

    /// A command-line option typical of miners.
    public struct MinerFlag: Sendable, Hashable, Codable {
        public var flag: String
        public var note: String?
        public var provenance: [String]
    }

    /// A pool URL scheme (`stratum+tcp://`).
    public struct PoolScheme: Sendable, Hashable, Codable {
        public var scheme: String
        public var provenance: [String]
    }

    /// A text found in scripts that kill competing miners or security agents.
    public struct KillPattern: Sendable, Hashable, Codable {
        public var pattern: String
        public var meaning: String
        public var provenance: [String]
    }

    /// Strings whose presence together marks a miner binary.
    public struct BinarySignature: Sendable, Hashable, Codable {
        public var family: String
        public var strings: [String]
        public var minimumMatches: Int
        public var provenance: [String]
    }

    /// A key of a miner's configuration file.
    public struct ConfigKey: Sendable, Hashable, Codable {
        public var key: String
        public var note: String?
        public var provenance: [String]
    }

    struct Document: Codable {
        var version: String
        var minerNames: [MinerName]?
        var minerFlags: [MinerFlag]?
        var poolSchemes: [PoolScheme]?
        var temporaryDirectories: [String]?
        var killPatterns: [KillPattern]?
        var binarySignatures: [BinarySignature]?
        var configKeys: [ConfigKey]?
        var sshKeyMarkers: [SSHKeyMarker]?
    }

    /// The lists bundled with Paicha, with the bundled pool list.
    public static func bundled() throws(HostIndicatorError) -> HostIndicators {
        guard let url = Bundle.module.url(forResource: "host-indicators", withExtension: "json"),
            let data = try? Data(contentsOf: url)
        else { throw .unreadable(file: "host-indicators.json") }
        let document = try Self.decode(Array(data), fileName: "host-indicators.json")
        let pools: PoolIndicators
        do { pools = try PoolIndicators.bundled() } catch { throw .pools(error.description) }
        return HostIndicators(document: document, pools: pools)
    }

    init(document: Document, pools: PoolIndicators) {
        self.version = document.version
        self.minerNames = document.minerNames ?? []
        self.minerFlags = document.minerFlags ?? []
        self.poolSchemes = document.poolSchemes ?? []
        self.temporaryDirectories = document.temporaryDirectories ?? []
        self.killPatterns = document.killPatterns ?? []
        self.binarySignatures = document.binarySignatures ?? []
        self.configKeys = document.configKeys ?? []
        self.sshKeyMarkers = document.sshKeyMarkers ?? []
        self.pools = pools
        self.nameIndex = MinerNameIndex(names: self.minerNames)
    }

    /// Adds the entries of a user file in the same JSON schema (`--indicators FILE`).
    public mutating func merge(contentsOf path: String) throws(HostIndicatorError) {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(file: path) }
        let document = try Self.decode(Array(data), fileName: path)
        self.minerNames += document.minerNames ?? []
        self.minerFlags += document.minerFlags ?? []
        self.poolSchemes += document.poolSchemes ?? []
        self.temporaryDirectories += document.temporaryDirectories ?? []
        self.killPatterns += document.killPatterns ?? []
        self.binarySignatures += document.binarySignatures ?? []
        self.configKeys += document.configKeys ?? []
        self.sshKeyMarkers += document.sshKeyMarkers ?? []
        self.nameIndex = MinerNameIndex(names: self.minerNames)
        let baseName = path.split(separator: "/").last.map(String.init) ?? path
        self.version += "+user:\(baseName)@\(document.version)"
    }

    /// Replaces the pool list (e.g. with the bundled one merged with `--pools FILE`).
    public mutating func setPools(_ pools: PoolIndicators) { self.pools = pools }

    private static func decode(_ bytes: [UInt8], fileName: String) throws(HostIndicatorError) -> Document {
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: Data(bytes))
        } catch let DecodingError.dataCorrupted(context) {
            throw .badJSON(Self.describe(context), file: fileName)
        } catch let DecodingError.keyNotFound(key, context) {
            throw .badJSON("missing \(key.stringValue) at \(Self.describe(context))", file: fileName)
        } catch let DecodingError.typeMismatch(_, context) {
            throw .badJSON("wrong type at \(Self.describe(context))", file: fileName)
        } catch {
            throw .badJSON("\(error)", file: fileName)
        }
        for signature in document.binarySignatures ?? []
        where signature.minimumMatches < 1 || signature.minimumMatches > signature.strings.count {
            throw .badJSON("binary signature \(signature.family): minimumMatches out of range", file: fileName)
        }
        return document
    }

    private static func describe(_ context: DecodingError.Context) -> String {
        let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
    }
}

/// Why an indicator file could not be loaded.
public struct HostIndicatorError: Error, Hashable, CustomStringConvertible {
    private enum Base: Hashable {
        case unreadable
        case badJSON(String)
        case pools(String)
    }

    private let base: Base
    /// The file name as given.
    public let file: String

    private init(_ base: Base, file: String) {
        self.base = base
        self.file = file
    }

    /// The file could not be read.
    public static func unreadable(file: String) -> HostIndicatorError { .init(.unreadable, file: file) }
    /// The JSON does not follow the schema.
    public static func badJSON(_ detail: String, file: String) -> HostIndicatorError {
        .init(.badJSON(detail), file: file)
    }
    /// The pool list could not be loaded.
    public static func pools(_ detail: String) -> HostIndicatorError { .init(.pools(detail), file: "pools.json") }

    public var description: String {
        switch self.base {
        case .unreadable: "\(self.file): cannot read indicator file"
        case .badJSON(let detail): "\(self.file): indicator JSON: \(detail)"
        case .pools(let detail): detail
        }
    }
}
