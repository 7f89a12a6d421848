import Foundation
import PaichaFixtures
import PaichaReport
import PaichaTestSupport
import Testing

struct HostCommandTests {
    @Test func usageErrorsExitWithTwo() throws {
        let missing = try runPaicha(["host", "--root", "/nonexistent/image"])
        #expect(missing.status == 2)
        #expect(missing.err.contains("--root: no such directory: /nonexistent/image"))
        #expect(try runPaicha(["host", "--cpu-sample", "-1"]).status == 2)
        #expect(try runPaicha(["host", "--format", "yaml"]).status == 2)
    }

    @Test func poolAddressFileErrorsNameTheLine() throws {
        let directory = try TemporaryDirectory()
        try Data("# pools\n203.0.113.9\nnot-an-ip\n".utf8).write(to: URL(fileURLWithPath: directory.path("pools.txt")))
        try HostImages.writeClean(to: directory.path("image"))
        let result = try runPaicha([
            "host", "--root", directory.path("image"), "--pool-addresses", directory.path("pools.txt"),
        ])
        #expect(result.status == 2)
        #expect(result.err.contains("pools.txt:3: not an IP address: not-an-ip"))
    }

    @Test func evidenceIsNeverMixedWithOtherFilesNorWrittenIntoTheImage() throws {
        let directory = try TemporaryDirectory()
        let image = directory.path("image")
        try HostImages.writeInfected(to: image)
        try Data("x".utf8).write(to: URL(fileURLWithPath: directory.path("old.txt")))
        let mixed = try runPaicha(["host", "--root", image, "--evidence", directory.url.path])
        #expect(mixed.status == 2)
        #expect(mixed.err.contains("evidence directory is not empty"))
        let inside = try runPaicha(["host", "--root", image, "--evidence", image + "/evidence"])
        #expect(inside.status == 2)
        #expect(!FileManager.default.fileExists(atPath: image + "/evidence"))
    }

    @Test func offlineSweepWritesJSONAndSealsEvidence() throws {
        let directory = try TemporaryDirectory()
        let image = directory.path("image")
        try HostImages.writeInfected(to: image)
        let evidence = directory.path("evidence")
        let result = try runPaicha([
            "host", "--root", image, "-f", "json", "--deterministic", "--evidence", evidence, "-o",
            directory.path("host.json"),
        ])
        #expect(result.status == 0, "\(result.err)")
        let document = try JSONDecoder().decode(
            HostDocument.self,
            from: Data(contentsOf: URL(fileURLWithPath: directory.path("host.json")))
        )
        #expect(document.host.hostName == "lab-07")
        #expect(document.host.addresses == ["10.20.0.5"])
        #expect(document.inputs.first?.mode == "offline")
        #expect(document.evidence?.directory == evidence)
        let names = try FileManager.default.contentsOfDirectory(atPath: evidence).sorted()
        #expect(names.contains("manifest.json") && names.contains("SHA256SUMS") && names.contains("host.json"))
        let manifest = try JSONDecoder().decode(
            EvidenceManifestProbe.self,
            from: Data(contentsOf: URL(fileURLWithPath: evidence + "/manifest.json"))
        )
        #expect(manifest.mode == "offline")
        #expect(manifest.commandLine.contains("--evidence"))
        #expect(manifest.host.hostName == "lab-07")
        #expect(manifest.items.count == document.evidence?.items)
    }

    /// The parts of the manifest this test reads.
    struct EvidenceManifestProbe: Decodable {
        struct Host: Decodable { var hostName: String? }
        struct Item: Decodable { var stored: String }
        var mode: String
        var commandLine: [String]
        var host: Host
        var items: [Item]
    }
}
