import PaichaEstimates
import PaichaMining
import PaichaScan

@testable import PaichaReport

extension ScanDocument {
    /// Scans `inputs` (each a path and the name to show for it) with default limits and builds the document as
    /// `paicha scan --deterministic` would, with the bundled indicators and device profiles.
    static func scanning(
        _ inputs: [(path: String, name: String)],
        hashing: Bool = true,
        organizations: OrganizationDirectory? = nil,
        tariff: Tariff? = nil
    ) throws -> ScanDocument {
        var scanner = Scanner(configuration: ScanConfiguration(indicators: try PoolIndicators.bundled()))
        var scanned: [ScannedInput] = []
        for input in inputs {
            scanned.append(scanner.scan(input: try ScanInput(path: input.path, name: input.name, hashing: hashing)))
        }
        let profiles = try DeviceProfiles.bundled()
        return ScanDocument(
            version: "golden",
            generatedAt: nil,
            inputs: scanned,
            parameters: ScanParameters(
                streamLimits: scanner.configuration.streamLimits,
                poolIndicators: scanner.configuration.indicators.version,
                evidencePerSession: scanner.configuration.maximumEvidencePerSession,
                deviceProfiles: profiles.version,
                confidenceLevel: 0.95,
                tariff: tariff,
                inputsAreOneCapture: scanner.configuration.inputsAreOneCapture
            ),
            result: scanner.finish(),
            profiles: profiles,
            directory: organizations
        )
    }
}
