import Foundation
import PaichaFixtures
import PaichaHost
import PaichaTestSupport
import Testing

@testable import PaichaReport

/// Sweeps the generated server images offline: the hijacked one against the committed example
/// (`docs/examples/host-sample.json`), every planted sign found; the clean one with no finding of
/// medium severity or above. Set `PAICHA_UPDATE_GOLDEN=1` to rewrite the example after an intended change.
@Suite struct HostSampleGoldenTests {
    /// Sweeps `directory` as `paicha host --root samples/NAME -f json --deterministic` would.
    static func sweep(_ directory: String, shownAs name: String) throws -> HostDocument {
        var configuration = SweepConfiguration(indicators: try HostIndicators.bundled())
        configuration.root = directory
        configuration.cpuSampleSeconds = 0
        let sweep = HostSweep(configuration: configuration)
        var result = sweep.run()
        // The examiner's privilege is not the image's property; fix it so the example does not depend on who runs it.
        result.isPrivileged = false
        result.root = name
        let document = HostDocument(
            result: result,
            configuration: configuration,
            checks: sweep.checks.map(\.name),
            version: "golden",
            deterministic: true
        )
        // The temporary directory's path must not reach the example.
        let json = try document.json().replacingOccurrences(of: directory, with: name)
        return try JSONDecoder().decode(HostDocument.self, from: Data(json.utf8))
    }

    @Test func infectedImageMatchesTheCommittedExampleAndEveryPlantedSignIsFound() throws {
        let directory = try TemporaryDirectory()
        let written = try HostImages.writeInfected(to: directory.path("host-infected"))
        let document = try Self.sweep(written.directory, shownAs: "samples/host-infected")
        #expect(document.summary.verdict != "clean")
        let flaggedPaths = Set(
            document.findings.flatMap { item in item.evidence.compactMap(\.file) + item.artifacts + [item.subject] }
        )
        for path in written.planted {
            #expect(flaggedPaths.contains(path), "planted \(path) was not flagged")
        }
        let json = try document.json()
        let golden = Corpus.packageRoot.appendingPathComponent("docs/examples/host-sample.json")
        if ProcessInfo.processInfo.environment["PAICHA_UPDATE_GOLDEN"] == "1" {
            try Data(json.utf8).write(to: golden)
        }
        #expect(json == (try String(contentsOf: golden, encoding: .utf8)))
    }

    @Test func cleanImageHasNoFindingOfMediumSeverityOrAbove() throws {
        let directory = try TemporaryDirectory()
        let written = try HostImages.writeClean(to: directory.path("host-clean"))
        let document = try Self.sweep(written.directory, shownAs: "samples/host-clean")
        #expect(document.summary.verdict == "clean")
        #expect(document.findings.filter { $0.severity >= .medium }.map(\.check) == [])
        #expect(document.host.hostName == "web-01")
        #expect(document.host.addresses == ["10.20.0.80"])
    }
}
