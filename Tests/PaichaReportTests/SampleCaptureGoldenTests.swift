import Foundation
import PaichaCore
import PaichaEstimates
import PaichaFixtures
import PaichaMining
import PaichaReport
import PaichaScan
import PaichaTestSupport
import Testing

/// Scans the generated sample captures and checks every session against the generator's truth,
/// and the whole JSON document against the committed example (`docs/examples/scan-sample.json`).
///
/// Set `PAICHA_UPDATE_GOLDEN=1` to rewrite the example after an intended change.
@Suite struct SampleCaptureGoldenTests {
    static let seed: UInt64 = 2025

    static func scan(
        _ files: [String],
        in directory: TemporaryDirectory,
        organizations: OrganizationDirectory? = nil
    ) throws -> ScanDocument {
        try ScanDocument.scanning(files.map { (directory.path($0), $0) }, organizations: organizations)
    }

    static func endpoint(_ pool: ScanDocument.Pool) -> String {
        pool.ip.contains(":") ? "[\(pool.ip)]:\(pool.port)" : "\(pool.ip):\(pool.port)"
    }

    @Test(arguments: ["mixed.pcapng", "classic.pcap", "mining-be-ns.pcap.gz", "benign.pcapng"])
    func everySessionMatchesTheTruth(file: String) throws {
        let directory = try TemporaryDirectory()
        let written = try SampleCaptures.writeAll(to: directory.url.path, seed: Self.seed)
        let truths = try #require(written.first { $0.name == file }).truths
        let document = try Self.scan([file], in: directory)
        #expect(document.inputs.first?.error == nil)

        var sessions: [String: [ScanDocument.Session]] = [:]
        for host in document.hosts {
            for session in host.sessions {
                sessions["\(host.ip) \(Self.endpoint(session.pool))", default: []].append(session)
            }
        }
        for truth in truths where truth.verdict == Truth.miner {
            let found = sessions.removeValue(forKey: "\(truth.host) \(truth.server)") ?? []
            #expect(found.count == 1, "\(truth.scenario): \(found.count) sessions for \(truth.host) → \(truth.server)")
            guard let session = found.first else { continue }
            #expect(session.confidence.rawValue == truth.confidence, "\(truth.scenario)")
            if let dialect = truth.dialect {
                #expect(session.dialect == dialect, "\(truth.scenario)")
                #expect(session.shares.submitted == truth.submitted, "\(truth.scenario)")
                #expect(session.shares.accepted == truth.accepted, "\(truth.scenario)")
                #expect(session.shares.rejected == truth.rejected, "\(truth.scenario)")
                #expect(session.login == truth.login, "\(truth.scenario)")
                if let agent = truth.agent { #expect(session.agent == agent, "\(truth.scenario)") }
                // CryptoNote pools send a target; its difficulty is the expected hashes per share.
                let difficulties =
                    dialect == "cryptonote"
                    ? session.difficulty.compactMap { $0.hashesPerShare?.rounded() }
                    : session.difficulty.compactMap(\.difficulty)
                if !truth.difficulties.isEmpty { #expect(difficulties == truth.difficulties, "\(truth.scenario)") }
                let targets = session.difficulty.compactMap(\.target)
                if !truth.targets.isEmpty { #expect(targets == truth.targets, "\(truth.scenario)") }
                if let rate = truth.reportedHashRate {
                    #expect(session.reportedHashrates.last?.hashesPerSecond == rate, "\(truth.scenario)")
                }
            }
            for name in truth.names {
                #expect(session.pool.names.contains { $0.name == name }, "\(truth.scenario): pool name \(name)")
            }
        }
        // Hosts that only asked DNS for pool names are weak signs, listed apart from the miners.
        let lookups = Set(document.poolLookups.map(\.ip))
        for truth in truths where truth.verdict == Truth.indicator {
            #expect(lookups.contains(truth.host), "\(truth.scenario): \(truth.host) looked up a pool name")
        }
        #expect(lookups.isDisjoint(with: document.hosts.map(\.ip)))
        // Nothing else is reported: ordinary traffic, node P2P, shared CDN addresses and DNS look-ups are not mining.
        #expect(sessions.isEmpty, "unexpected sessions: \(sessions.keys.sorted())")
        let benignHosts = Set(truths.filter { $0.verdict == Truth.notAMiner }.map(\.host))
        #expect(document.hosts.allSatisfy { !benignHosts.contains($0.ip) })
    }

    @Test func jsonDocumentMatchesTheCommittedExample() throws {
        let directory = try TemporaryDirectory()
        try SampleCaptures.writeAll(to: directory.url.path, seed: Self.seed)
        let document = try Self.scan(["mixed.pcapng"], in: directory)
        let json = try document.json()
        let golden = Corpus.packageRoot.appendingPathComponent("docs/examples/scan-sample.json")
        if ProcessInfo.processInfo.environment["PAICHA_UPDATE_GOLDEN"] == "1" {
            try Data(json.utf8).write(to: golden)
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(json == expected)
        // Decoding gives the same document back: the schema is complete and stable.
        let decoded = try JSONDecoder().decode(ScanDocument.self, from: Data(json.utf8))
        #expect(decoded == document)
    }

    /// The screening report with organizations (`docs/examples/orgs-sample.csv`): the JSON with its ledger,
    /// and the ledger CSV, against `docs/examples/report-sample.json` and `docs/examples/ledger-sample.csv`.
    @Test func screeningReportMatchesTheCommittedExample() throws {
        let directory = try TemporaryDirectory()
        try SampleCaptures.writeAll(to: directory.url.path, seed: Self.seed)
        let examples = Corpus.packageRoot.appendingPathComponent("docs/examples")
        let loaded = try OrganizationDirectory.load(path: examples.appendingPathComponent("orgs-sample.csv").path)
        #expect(loaded.errors.isEmpty)
        let document = try Self.scan(["mixed.pcapng"], in: directory, organizations: loaded.directory)
        let json = try document.json()
        let ledger = ScreeningReport(document: document).ledgerCSV()
        let goldenJSON = examples.appendingPathComponent("report-sample.json")
        let goldenLedger = examples.appendingPathComponent("ledger-sample.csv")
        if ProcessInfo.processInfo.environment["PAICHA_UPDATE_GOLDEN"] == "1" {
            try Data(json.utf8).write(to: goldenJSON)
            try Data(ledger.utf8).write(to: goldenLedger)
        }
        #expect(json == (try String(contentsOf: goldenJSON, encoding: .utf8)))
        #expect(ledger == (try String(contentsOf: goldenLedger, encoding: .utf8)))
        #expect(document.ledger?.hostCount == document.hosts.count)
    }

    @Test func sameInputsGiveIdenticalBytes() throws {
        let first = try TemporaryDirectory()
        let second = try TemporaryDirectory()
        try SampleCaptures.writeAll(to: first.url.path, seed: Self.seed)
        try SampleCaptures.writeAll(to: second.url.path, seed: Self.seed)
        let files = ["mixed.pcapng", "classic.pcap", "mining-be-ns.pcap.gz", "benign.pcapng"]
        for file in files {
            #expect(FileManager.default.contentsEqual(atPath: first.path(file), andPath: second.path(file)))
        }
        let a = try Self.scan(files, in: first)
        let b = try Self.scan(files, in: second)
        // Each input is identified by the SHA-256 of its bytes as stored (hashed on a second thread).
        for input in a.inputs {
            let bytes = try [UInt8](Data(contentsOf: first.url.appendingPathComponent(input.file)))
            let expected = PaichaFixtures.SHA256.hash(bytes).map { String(format: "%02x", $0) }.joined()
            #expect(input.sha256 == expected, "\(input.file)")
            #expect(input.bytes == Int64(bytes.count))
        }
        let (jsonA, jsonB) = (try a.json(), try b.json())
        #expect(jsonA == jsonB)
        #expect(a.csv() == b.csv())
    }
}
