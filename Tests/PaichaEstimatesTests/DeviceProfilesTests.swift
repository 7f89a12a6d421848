import Foundation
import PaichaEstimates
import PaichaTestSupport
import Testing

@Suite("Device profiles, power, energy, cost and traffic")
struct DeviceProfilesTests {
    @Test("the bundled file loads, covers every family, and every figure is ordered and sourced")
    func bundled() throws {
        let profiles = try DeviceProfiles.bundled()
        #expect(!profiles.version.isEmpty)
        #expect(Set(profiles.profiles.keys) == Set(AlgorithmFamily.allCases))
        for (family, profile) in profiles.profiles {
            #expect(profile.family == family)
            let j = profile.joulesPerHash
            #expect(j.low > 0 && j.low <= j.typical && j.typical <= j.high, "\(family)")
            #expect(!profile.sources.low.isEmpty && !profile.sources.typical.isEmpty && !profile.sources.high.isEmpty)
        }
        #expect(profiles.profile(for: .equihash)?.unit == "Sol")
        // The S19 Pro figure (110 TH/s at 3250 W) is the SHA-256d typical: 3250 / 110e12 ≈ 2.95e-11 J/H.
        #expect(close(profiles.profile(for: .sha256d)?.joulesPerHash.typical, 3250 / 110e12, relative: 0.01))
    }

    @Test(
        "algorithm names as scanners report them",
        arguments: [
            ("sha256d", AlgorithmFamily.sha256d), ("SHA-256", .sha256d), ("sha256", .sha256d), ("scrypt", .scrypt),
            ("rx/0", .randomx), ("RandomX", .randomx), ("rx/wow", .randomx), ("cn/r", .cryptonight),
            ("cn", .cryptonight), ("cryptonight-heavy", .cryptonight), ("ethash", .ethash), ("etchash", .ethash),
            ("equihash", .equihash), ("equihash144_5", .equihash), ("kawpow", .kawpow), ("KAWPOW", .kawpow),
            ("progpow", .kawpow), ("x11", .unknown), ("", .unknown),
        ]
    )
    func algorithmNames(_ name: String, _ family: AlgorithmFamily) {
        #expect(AlgorithmFamily(algorithmName: name) == family)
    }

    @Test("a missing algorithm falls back on what the dialect implies")
    func dialectFallback() {
        #expect(AlgorithmFamily(algorithmName: nil) == .unknown)
        #expect(AlgorithmFamily(algorithmName: nil, dialect: .cryptonote) == .randomx)
        #expect(AlgorithmFamily(algorithmName: "cn/r", dialect: .cryptonote) == .cryptonight)
        #expect(AlgorithmFamily(algorithmName: nil, dialect: .ethProxy) == .ethash)
        #expect(AlgorithmFamily(algorithmName: nil, dialect: .getwork) == .sha256d)
        #expect(AlgorithmFamily(algorithmName: "x11", dialect: .stratumV1) == .unknown)
    }

    static let overrideJSON = #"""
        {"version": "local-2026", "profiles": [
          {"family": "sha256d", "hardware": "ASIC", "unit": "H", "aliases": ["SHA256-ASICBOOST-X"],
           "joulesPerHash": {"low": 1e-11, "typical": 2e-11, "high": 4e-11},
           "sources": {"low": "l", "typical": "t", "high": "h"}},
          {"family": "unknown", "hardware": "?", "unit": "H", "aliases": ["x11"],
           "joulesPerHash": {"low": 1, "typical": 2, "high": 3},
           "sources": {"low": "l", "typical": "t", "high": "h"}}
        ]}
        """#

    @Test("a user file overrides the families it lists and keeps the rest; aliases map names")
    func override() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("mine.json")
        try Self.overrideJSON.write(toFile: path, atomically: true, encoding: .utf8)
        let bundled = try DeviceProfiles.bundled()
        let merged = try DeviceProfiles.load(overridePath: path)
        #expect(merged.version == "\(bundled.version) + local-2026")
        #expect(merged.profile(for: .sha256d)?.joulesPerHash == EstimateRange(low: 1e-11, typical: 2e-11, high: 4e-11))
        #expect(merged.profile(for: .scrypt) == bundled.profile(for: .scrypt))
        #expect(merged.profile(forAlgorithm: "sha256-asicboost-x")?.family == .sha256d)
        #expect(merged.profile(forAlgorithm: "X11")?.joulesPerHash.typical == 2)
        #expect(merged.profile(forAlgorithm: nil, dialect: .cryptonote)?.family == .randomx)
        #expect(try DeviceProfiles.load(overridePath: nil) == bundled)
        // hardware, unit and aliases may be left out.
        let minimal = try DeviceProfiles.decode(
            Array(
                #"""
                {"version": "m", "profiles": [{"family": "kawpow", "joulesPerHash": {"low": 1, "typical": 2, "high": 3},
                 "sources": {"low": "a", "typical": "b", "high": "c"}}]}
                """#.utf8
            ),
            file: "m.json"
        )
        #expect(minimal.profile(for: .kawpow)?.unit == "H")
        #expect(minimal.profile(for: .kawpow)?.aliases == [])
        // A file on its own without `unknown` has no fallback.
        let partial = try DeviceProfiles.decode(Array(#"{"version": "p", "profiles": []}"#.utf8), file: "p.json")
        #expect(partial.profile(for: .kawpow) == nil)
    }

    @Test(
        "bad profile files are errors naming the file",
        arguments: [
            (#"{"version": "v", "profiles": [{"family": "sha256d"}]}"#, DeviceProfilesError.Kind.badJSON),
            (#"{"version": "v", "profiles": "none"}"#, .badJSON),
            (#"not json"#, .badJSON),
            (
                #"{"version": "v", "profiles": [{"family": "martian", "hardware": "", "unit": "H", "aliases": [], "joulesPerHash": {"low": 1, "typical": 1, "high": 1}, "sources": {"low": "", "typical": "", "high": ""}}]}"#,
                .badJSON
            ),
            (
                #"{"version": "v", "profiles": [{"family": "scrypt", "hardware": "", "unit": "H", "aliases": [], "joulesPerHash": {"low": 2, "typical": 1, "high": 3}, "sources": {"low": "", "typical": "", "high": ""}}]}"#,
                .badValue
            ),
            (
                #"{"version": "v", "profiles": [{"family": "scrypt", "hardware": "", "unit": "H", "aliases": [], "joulesPerHash": {"low": 0, "typical": 1, "high": 3}, "sources": {"low": "", "typical": "", "high": ""}}]}"#,
                .badValue
            ),
        ]
    )
    func badFiles(_ text: String, _ kind: DeviceProfilesError.Kind) {
        do {
            _ = try DeviceProfiles.decode(Array(text.utf8), file: "bad.json")
            Issue.record("expected \(kind)")
        } catch {
            #expect(error.kind == kind)
            #expect(error.file == "bad.json")
        }
        #expect(throws: DeviceProfilesError.self) { try DeviceProfiles.load(path: "/nonexistent/profiles.json") }
    }

    static let testProfile = DeviceProfile(
        family: .sha256d,
        hardware: "ASIC",
        joulesPerHash: EstimateRange(low: 1.75e-11, typical: 2.95e-11, high: 9.8e-11),
        sources: ProfileSources(low: "S21", typical: "S19 Pro", high: "S9")
    )

    @Test("power, energy per day and over a period")
    func power() {
        // 110 TH/s × 29.5 J/TH = 3245 W = 3.245 kW; low 100 TH/s × 17.5 J/TH = 1.75 kW; high 120 TH/s × 98 = 11.76 kW.
        let power = PowerEstimate(
            hashesPerSecond: EstimateRange(low: 100e12, typical: 110e12, high: 120e12),
            profile: Self.testProfile,
            version: "t"
        )
        #expect(close(power.kilowatts.low, 1.75))
        #expect(close(power.kilowatts.typical, 3.245))
        #expect(close(power.kilowatts.high, 11.76))
        #expect(!power.usesFallbackProfile)
        // Per day: × 24 h → 42, 77.88, 282.24 kWh.
        #expect(close(power.kilowattHoursPerDay.typical, 77.88))
        #expect(close(power.kilowattHoursPerDay.low, 42))
        #expect(close(power.kilowattHoursPerDay.high, 282.24))
        // Over 600 s: 3.245 × 600 / 3600 = 0.540 833 kWh.
        #expect(close(power.kilowattHours(overSeconds: 600).typical, 0.5408333333333334))
    }

    @Test("power from a hash-rate estimate pairs the interval with the profile's range")
    func powerFromEstimate() throws {
        let estimate = HashrateEstimate(
            hashesPerSecond: 2e12,
            lowerHashesPerSecond: 1e12,
            upperHashesPerSecond: 4e12,
            confidenceLevel: 0.95,
            countedShares: 10,
            totalHashes: 0,
            meanHashesPerShare: nil,
            durationSeconds: 600,
            isSmallSample: false
        )
        let profiles = DeviceProfiles(version: "t", profiles: [.sha256d: Self.testProfile])
        let power = try #require(PowerEstimate(estimate, algorithm: "SHA-256", dialect: .stratumV1, profiles: profiles))
        // 1e12 × 1.75e-11 = 17.5 W; 2e12 × 2.95e-11 = 59 W; 4e12 × 9.8e-11 = 392 W.
        #expect(close(power.kilowatts.low, 0.0175))
        #expect(close(power.kilowatts.typical, 0.059))
        #expect(close(power.kilowatts.high, 0.392))
        #expect(power.profileVersion == "t")
        // No profile for the family and no `unknown`: nil. An estimate without a rate: nil.
        #expect(PowerEstimate(estimate, algorithm: "scrypt", dialect: nil, profiles: profiles) == nil)
        var none = estimate
        none.hashesPerSecond = nil
        #expect(PowerEstimate(none, algorithm: "sha256d", dialect: nil, profiles: profiles) == nil)
        // The fallback profile is flagged.
        let bundled = try DeviceProfiles.bundled()
        #expect(
            PowerEstimate(estimate, algorithm: "x11", dialect: .stratumV1, profiles: bundled)?.usesFallbackProfile
                == true
        )
    }

    @Test("cost with an additive surcharge and a multiplier")
    func cost() {
        // ¥0.50/kWh × 1.5 + ¥0.30/kWh = ¥1.05/kWh; 77.88 kWh a day costs ¥81.774.
        let punitive = Tariff(
            pricePerKilowattHour: 0.5,
            currency: "CNY",
            surchargePerKilowattHour: 0.3,
            multiplier: 1.5
        )
        #expect(close(punitive.effectivePricePerKilowattHour, 1.05))
        #expect(close(punitive.cost(kilowattHours: 77.88), 81.774))
        let range = punitive.cost(kilowattHours: EstimateRange(low: 42, typical: 77.88, high: 282.24))
        #expect(close(range.low, 44.1))
        #expect(close(range.high, 296.352))
        // Plain tariff: ¥0.6 × 100 kWh = ¥60.
        #expect(close(Tariff(pricePerKilowattHour: 0.6, currency: "CNY").cost(kilowattHours: 100), 60))
        #expect(
            EstimateRange(low: 1, typical: 2, high: 3) + EstimateRange(low: 10, typical: 20, high: 30)
                == EstimateRange(low: 11, typical: 22, high: 33)
        )
    }

    @Test("average traffic rate")
    func traffic() {
        // 75 000 000 bytes in 60 s = 600 000 000 bit / 60 s = 10 Mbit/s.
        #expect(TrafficRate.averageMegabitsPerSecond(bytes: 75_000_000, seconds: 60) == 10)
        #expect(TrafficRate.averageBitsPerSecond(bytes: 1, seconds: 8) == 1)
        #expect(TrafficRate.averageBitsPerSecond(bytes: 100, seconds: 0) == nil)
        #expect(TrafficRate.averageBitsPerSecond(bytes: -1, seconds: 1) == nil)
    }
}
