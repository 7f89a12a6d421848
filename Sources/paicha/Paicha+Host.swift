import ArgumentParser
import Foundation
import PaichaCore
import PaichaHost
import PaichaMining
import PaichaReport

extension Paicha {
    /// `paicha host`: sweep a Linux server, or an image of one, for miners and cryptojacking.
    struct Host: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "host",
            abstract: "Sweep a Linux server or a mounted disk image for miners and cryptojacking.",
            discussion: """
                Without --root it sweeps the running system through /proc (run with sudo to see every process; \
                unprivileged it says what it could not see). With --root it sweeps a mounted image read-only. \
                It never changes the host: no kill, no delete, no write outside the output file and --evidence. \
                Exit status: 0 swept, 1 bad input, 2 usage.
                """
        )

        @Option(help: "Sweep the image mounted at this directory instead of the running system.")
        var root: String?

        @Option(name: .shortAndLong, help: "The output format.")
        var format: ScanOutputFormat = .text

        @Option(name: .shortAndLong, help: "Write the result to this file instead of standard output.")
        var output: String?

        @Option(
            help:
                "Copy what was flagged into this new directory, with SHA-256 and a chain-of-custody manifest."
        )
        var evidence: String?

        @Option(
            name: .customLong("indicators"),
            help: "A host indicator file to add to the bundled lists (repeatable)."
        )
        var indicatorFiles: [String] = []

        @Option(name: .customLong("pools"), help: "A pool indicator file to add to the bundled list (repeatable).")
        var poolFiles: [String] = []

        @Option(
            name: .customLong("pool-addresses"),
            help: "Pool IP addresses, one per line, or a 'paicha scan -f json' document (repeatable)."
        )
        var poolAddressFiles: [String] = []

        @Option(help: "Seconds between the two CPU readings of a live sweep (0 turns sampling off).")
        var cpuSample: Double = 0.5

        @Option(help: "The CPU share (1 = one core) above which a process's use counts as sustained.")
        var sustainedCPU: Double = 0.5

        @Option(
            name: .customLong("expected-keys"),
            help:
                "SSH key fingerprints (SHA256:…) or authorized_keys lines that are expected; any other key is reported."
        )
        var expectedKeysFile: String?

        @Option(help: "Seconds an empty log must have gone unwritten, while rotated copies exist, to count as cleared.")
        var clearedLogQuiet: Double = 86_400

        @Option(help: "The most bytes of an executable scanned for miner signatures.")
        var maxBinaryScanBytes: Int = HostLimits().maximumBinaryScanBytes

        @Option(help: "The most bytes of executables scanned for miner signatures in the whole sweep.")
        var maxBinaryScanTotalBytes: Int = HostLimits().maximumBinaryScanTotalBytes

        @Flag(help: "Leave out times so that the same host state gives byte-identical output.")
        var deterministic = false

        @Flag(help: "List the checks with their usual severity, then exit.")
        var listChecks = false

        func validate() throws {
            if let root = self.root {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue
                else { throw ValidationError("--root: no such directory: \(root)") }
            }
            if !(self.cpuSample >= 0) || self.cpuSample > 60 {
                throw ValidationError("--cpu-sample must be between 0 and 60 seconds.")
            }
            if !(self.sustainedCPU > 0) { throw ValidationError("--sustained-cpu must be positive.") }
            if self.maxBinaryScanBytes < 4096 {
                throw ValidationError("--max-binary-scan-bytes must be at least 4096.")
            }
        }

        func run() async throws {
            var indicators: HostIndicators
            do {
                indicators = try HostIndicators.bundled()
                for file in self.indicatorFiles { try indicators.merge(contentsOf: file) }
                var pools = indicators.pools
                for file in self.poolFiles { pools = pools.merging(try PoolIndicators(contentsOf: file)) }
                indicators.setPools(pools)
            } catch {
                throw ValidationError("\(error)")
            }
            var configuration = SweepConfiguration(indicators: indicators)
            configuration.root = self.root ?? "/"
            configuration.cpuSampleSeconds = self.root == nil ? self.cpuSample : 0
            configuration.sustainedCPUShare = self.sustainedCPU
            configuration.limits.maximumBinaryScanBytes = self.maxBinaryScanBytes
            configuration.limits.maximumBinaryScanTotalBytes = self.maxBinaryScanTotalBytes
            configuration.clearedLogQuietSeconds = self.clearedLogQuiet
            if let file = self.expectedKeysFile {
                configuration.expectedKeys = try Self.expectedKeys(from: file)
            }
            for file in self.poolAddressFiles {
                configuration.poolAddresses.formUnion(try Self.poolAddresses(from: file))
            }
            let sweep = HostSweep(configuration: configuration)
            if self.listChecks {
                var table = TextTable(columns: [
                    .init("CHECK", maximumWidth: 32), .init("SEVERITY"), .init("WHAT IT LOOKS FOR", maximumWidth: 200),
                ])
                for check in sweep.checks { table.append([check.name, check.severity.rawValue, check.summary]) }
                FileHandle.standardOutput.write(Data(table.render().utf8))
                return
            }
            // Refuse a bad evidence directory before sweeping, so nothing is half done.
            var collector: EvidenceCollector?
            if let directory = self.evidence {
                do {
                    collector = try EvidenceCollector(
                        directory: directory,
                        fileSystem: HostFileSystem(root: configuration.root, limits: configuration.limits)
                    )
                } catch {
                    throw ValidationError("--evidence: \(error)")
                }
            }
            var result = sweep.run()
            let checks = sweep.checks.map(\.name)
            var reference: HostDocument.EvidenceReference?
            if var evidenceCollector = collector {
                try evidenceCollector.collect(result.findings, statistics: &result.statistics)
                let preliminary = HostDocument(
                    result: result,
                    configuration: configuration,
                    checks: checks,
                    version: PaichaVersion.current,
                    deterministic: self.deterministic
                )
                try evidenceCollector.write("host.json", Array(try preliminary.json().utf8))
                try evidenceCollector.write("host.txt", Array(preliminary.text().utf8))
                let manifest = try evidenceCollector.seal(
                    version: PaichaVersion.current,
                    commandLine: CommandLine.arguments,
                    host: result.identity,
                    startedAt: result.startedAt,
                    finishedAt: result.finishedAt
                )
                reference = .init(
                    directory: evidenceCollector.directory,
                    items: manifest.items.count,
                    failures: manifest.failures.count
                )
            }
            let document = HostDocument(
                result: result,
                configuration: configuration,
                checks: checks,
                version: PaichaVersion.current,
                deterministic: self.deterministic,
                evidence: reference
            )
            let text = try document.rendered(as: self.format)
            if let output = self.output {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output))
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }

        /// Expected key fingerprints from a file: `SHA256:…` fingerprints, or authorized_keys lines (fingerprinted here).
        static func expectedKeys(from path: String) throws -> Set<String> {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("--expected-keys: cannot read \(path)")
            }
            var keys: Set<String> = []
            for (index, line) in String(decoding: data, as: UTF8.self).split(
                separator: "\n",
                omittingEmptySubsequences: false
            ).enumerated() {
                let text = line.trimmingCharacters(in: .whitespaces)
                if text.isEmpty || text.hasPrefix("#") { continue }
                if text.hasPrefix("SHA256:") {
                    keys.insert(String(text.split(separator: " ").first ?? ""))
                } else if let key = AuthorizedKey(line: text) {
                    keys.insert(key.fingerprint)
                } else {
                    throw ValidationError(
                        "--expected-keys: \(path):\(index + 1): neither a SHA256 fingerprint nor a key line"
                    )
                }
            }
            return keys
        }

        /// Pool addresses from a text file (one IP per line, `#` comments) or a `paicha scan -f json` document.
        static func poolAddresses(from path: String) throws -> Set<IPAddress> {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("--pool-addresses: cannot read \(path)")
            }
            if data.first(where: { !Character(UnicodeScalar($0)).isWhitespace }) == UInt8(ascii: "{") {
                do {
                    let document = try JSONDecoder().decode(ScanDocument.self, from: data)
                    return Set(document.hosts.flatMap(\.sessions).compactMap { IPAddress($0.pool.ip) })
                } catch {
                    throw ValidationError("--pool-addresses: \(path) is not a 'paicha scan -f json' document: \(error)")
                }
            }
            var addresses: Set<IPAddress> = []
            for (index, line) in String(decoding: data, as: UTF8.self).split(
                separator: "\n",
                omittingEmptySubsequences: false
            ).enumerated() {
                let text =
                    line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first
                    .map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
                if text.isEmpty { continue }
                guard let address = IPAddress(text) else {
                    throw ValidationError("--pool-addresses: \(path):\(index + 1): not an IP address: \(text)")
                }
                addresses.insert(address)
            }
            return addresses
        }
    }
}
