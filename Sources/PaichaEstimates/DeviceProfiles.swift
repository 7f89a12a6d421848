internal import Foundation

/// Low, typical and high values of one quantity (energy per hash, power, energy, cost).
public struct EstimateRange: Hashable, Sendable, Codable {
    /// The low end.
    public var low: Double
    /// The typical value.
    public var typical: Double
    /// The high end.
    public var high: Double

    /// Makes a range.
    public init(low: Double, typical: Double, high: Double) {
        self.low = low
        self.typical = typical
        self.high = high
    }

    /// Each value multiplied by `factor`.
    public func scaled(by factor: Double) -> EstimateRange {
        EstimateRange(low: self.low * factor, typical: self.typical * factor, high: self.high * factor)
    }

    /// Values added end by end (low to low, typical to typical, high to high), for totals over hosts.
    public static func + (lhs: EstimateRange, rhs: EstimateRange) -> EstimateRange {
        EstimateRange(low: lhs.low + rhs.low, typical: lhs.typical + rhs.typical, high: lhs.high + rhs.high)
    }

    /// All zero.
    public static let zero = EstimateRange(low: 0, typical: 0, high: 0)
}

/// Where each of a profile's three figures came from.
public struct ProfileSources: Hashable, Sendable, Codable {
    /// The source of the low figure (a named device and a document).
    public var low: String
    /// The source of the typical figure.
    public var typical: String
    /// The source of the high figure.
    public var high: String

    /// Makes sources.
    public init(low: String, typical: String, high: String) {
        self.low = low
        self.typical = typical
        self.high = high
    }
}

/// The energy one family of mining hardware spends per hash, low / typical / high, with sources.
public struct DeviceProfile: Hashable, Sendable, Codable {
    /// The algorithm family.
    public var family: AlgorithmFamily
    /// The hardware class (`ASIC`, `GPU`, `CPU`).
    public var hardware: String
    /// What one "hash" is: `H`, or `Sol` for Equihash.
    public var unit: String
    /// Extra algorithm names (lower case) that map to this family, beyond `AlgorithmFamily(algorithmName:)`.
    public var aliases: [String]
    /// Joules per hash (equivalently watts per H/s).
    public var joulesPerHash: EstimateRange
    /// Where each figure came from.
    public var sources: ProfileSources

    /// Makes a profile.
    public init(
        family: AlgorithmFamily,
        hardware: String,
        unit: String = "H",
        aliases: [String] = [],
        joulesPerHash: EstimateRange,
        sources: ProfileSources
    ) {
        self.family = family
        self.hardware = hardware
        self.unit = unit
        self.aliases = aliases
        self.joulesPerHash = joulesPerHash
        self.sources = sources
    }

    private enum CodingKeys: String, CodingKey {
        case family, hardware, unit, aliases, joulesPerHash, sources
    }

    /// Decodes a profile; `hardware`, `unit` and `aliases` may be left out (`""`, `H`, none).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.family = try container.decode(AlgorithmFamily.self, forKey: .family)
        self.hardware = try container.decodeIfPresent(String.self, forKey: .hardware) ?? ""
        self.unit = try container.decodeIfPresent(String.self, forKey: .unit) ?? "H"
        self.aliases = try container.decodeIfPresent([String].self, forKey: .aliases) ?? []
        self.joulesPerHash = try container.decode(EstimateRange.self, forKey: .joulesPerHash)
        self.sources = try container.decode(ProfileSources.self, forKey: .sources)
    }
}

/// A problem with a device profile file: which file and what is wrong.
public struct DeviceProfilesError: Error, Hashable, CustomStringConvertible, Sendable {
    /// The kind of problem, extensible without breaking callers that match on it.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case io
            case badJSON
            case badValue
            case missingBundle
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The file could not be read.
        public static let io = Kind(.io)
        /// The file is not JSON of the profile schema.
        public static let badJSON = Kind(.badJSON)
        /// A figure is not positive, or low ≤ typical ≤ high does not hold.
        public static let badValue = Kind(.badValue)
        /// The bundled `profiles.json` is missing from the package resources.
        public static let missingBundle = Kind(.missingBundle)

        public var description: String {
            switch self.base {
            case .io: "I/O error"
            case .badJSON: "bad profile JSON"
            case .badValue: "bad profile value"
            case .missingBundle: "bundled profiles missing"
            }
        }
    }

    /// What went wrong.
    public var kind: Kind
    /// The file's name.
    public var file: String
    /// A human explanation with the values involved.
    public var detail: String

    /// Makes an error.
    public init(_ kind: Kind, file: String, detail: String) {
        self.kind = kind
        self.file = file
        self.detail = detail
    }

    public var description: String { "\(self.file): \(self.kind): \(self.detail)" }
}

/// Energy-per-hash profiles for every algorithm family, from the bundled data file and optionally a user file.
///
/// The file schema (bundled `Resources/profiles.json`, and any override file):
/// ```json
/// {"version": "…", "note": "…", "profiles": [
///   {"family": "sha256d", "hardware": "ASIC", "unit": "H", "aliases": ["…"],
///    "joulesPerHash": {"low": 1.75e-11, "typical": 2.95e-11, "high": 9.8e-11},
///    "sources": {"low": "…", "typical": "…", "high": "…"}}]}
/// ```
/// `family` is an `AlgorithmFamily` raw value. An override file may list only some families; each listed
/// family replaces the bundled one whole.
public struct DeviceProfiles: Hashable, Sendable {
    /// The data version; after an override, `base + override`.
    public var version: String
    /// The profiles by family.
    public var profiles: [AlgorithmFamily: DeviceProfile]

    /// Makes profiles.
    public init(version: String, profiles: [AlgorithmFamily: DeviceProfile]) {
        self.version = version
        self.profiles = profiles
    }

    private struct File: Codable {
        var version: String
        var note: String?
        var profiles: [DeviceProfile]
    }

    /// The profiles shipped with Paicha (`Resources/profiles.json`).
    public static func bundled() throws(DeviceProfilesError) -> DeviceProfiles {
        guard let url = Bundle.module.url(forResource: "profiles", withExtension: "json") else {
            throw DeviceProfilesError(.missingBundle, file: "profiles.json", detail: "not found in the resource bundle")
        }
        return try self.load(path: url.path)
    }

    /// The bundled profiles, each family listed in the file at `overridePath` (if given) replacing its own.
    public static func load(overridePath: String?) throws(DeviceProfilesError) -> DeviceProfiles {
        let base = try self.bundled()
        guard let overridePath else { return base }
        return base.overridden(by: try self.load(path: overridePath))
    }

    /// Reads a profile file.
    public static func load(path: String) throws(DeviceProfilesError) -> DeviceProfiles {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DeviceProfilesError(.io, file: path, detail: "cannot read the file")
        }
        return try self.decode([UInt8](data), file: path)
    }

    /// Decodes and checks a profile file's bytes; `file` names it in errors.
    public static func decode(_ bytes: [UInt8], file: String) throws(DeviceProfilesError) -> DeviceProfiles {
        let decoded: File
        do {
            decoded = try JSONDecoder().decode(File.self, from: Data(bytes))
        } catch {
            throw DeviceProfilesError(.badJSON, file: file, detail: "\(error)")
        }
        var profiles: [AlgorithmFamily: DeviceProfile] = [:]
        for var profile in decoded.profiles {
            let j = profile.joulesPerHash
            guard j.low > 0, j.low.isFinite, j.typical.isFinite, j.high.isFinite, j.low <= j.typical,
                j.typical <= j.high
            else {
                throw DeviceProfilesError(
                    .badValue,
                    file: file,
                    detail:
                        "\(profile.family.rawValue): need 0 < low ≤ typical ≤ high, got \(j.low), \(j.typical), \(j.high)"
                )
            }
            guard profiles[profile.family] == nil else {
                throw DeviceProfilesError(.badValue, file: file, detail: "\(profile.family.rawValue) is listed twice")
            }
            profile.aliases = profile.aliases.map { $0.lowercased() }
            profiles[profile.family] = profile
        }
        return DeviceProfiles(version: decoded.version, profiles: profiles)
    }

    /// These profiles with each family `other` lists replaced by `other`'s; the version becomes `mine + other's`.
    public func overridden(by other: DeviceProfiles) -> DeviceProfiles {
        var profiles = self.profiles
        for (family, profile) in other.profiles { profiles[family] = profile }
        return DeviceProfiles(version: "\(self.version) + \(other.version)", profiles: profiles)
    }

    /// The profile for `family`, or the `unknown` profile if `family` has none (`nil` if neither exists).
    public func profile(for family: AlgorithmFamily) -> DeviceProfile? {
        self.profiles[family] ?? self.profiles[.unknown]
    }

    /// The profile for an algorithm name as a scanner reports it: a profile alias first, then
    /// `AlgorithmFamily(algorithmName:dialect:)` (the dialect fills in when the name is missing or unknown).
    public func profile(forAlgorithm name: String?, dialect: ShareDialect? = nil) -> DeviceProfile? {
        if let name {
            let lowered = name.lowercased()
            for family in AlgorithmFamily.allCases {
                if let profile = self.profiles[family], profile.aliases.contains(lowered) { return profile }
            }
        }
        let family =
            dialect.map { AlgorithmFamily(algorithmName: name, dialect: $0) } ?? AlgorithmFamily(algorithmName: name)
        return self.profile(for: family)
    }
}
