public import ArgumentParser
import Foundation
import PaichaCapture
import PaichaCore
import PaichaEstimates
import PaichaMining
import PaichaReport
import PaichaScan

extension ScanOutputFormat: ExpressibleByArgument {}

extension Paicha {
    /// `paicha scan`: every host that mines in packet captures, with the evidence.
    struct Scan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "scan",
            abstract: "Find every host that mines in packet captures.",
            discussion: """
                Reads pcap and pcapng files, gzip-compressed or not, or standard input ('-'). \
                Exit status: 0 scanned, 1 bad input (the findings read before the fault are still reported), 2 usage.
                """
        )

        @Argument(help: "Capture files to scan, or '-' for standard input.")
        var inputs: [String]

        @Option(name: .shortAndLong, help: "The output format.")
        var format: ScanOutputFormat = .text

        @Option(name: .shortAndLong, help: "Write the result to this file instead of standard output.")
        var output: String?

        @Option(
            help: "Also write the screening report to this directory: JSON, CSV (sessions, ledger), Markdown and HTML."
        )
        var report: String?

        @Option(help: "The language of the screening report's labels.")
        var lang: ScreeningReport.Language = .en

        @Option(
            name: .customLong("host-sweep"),
            help: "A 'paicha host -f json' document to join to the mining IPs by address (repeatable)."
        )
        var hostSweepFiles: [String] = []

        @Option(name: .customLong("pools"), help: "A pool indicator file to add to the bundled list (repeatable).")
        var poolFiles: [String] = []

        @Option(
            help:
                "A CSV or JSON file of CIDR blocks and the organizations that hold them (cidr,name,category,province,city,county,contact)."
        )
        var orgs: String?

        @Option(help: "The electricity price per kWh, to cost the estimated energy.")
        var tariff: Double?

        @Option(help: "The tariff's currency.")
        var currency = "CNY"

        @Option(help: "A punitive surcharge per kWh added to the tariff (some provinces charge mining more).")
        var surcharge: Double = 0

        @Option(help: "A factor on the tariff before the surcharge (1.5 for a 50 % mark-up).")
        var tariffMultiplier: Double = 1

        @Option(help: "A device-profile file (J/H per algorithm) that overrides the bundled profiles.")
        var profiles: String?

        @Flag(help: "Leave out the generation time so that the same inputs give byte-identical output.")
        var deterministic = false

        @Flag(
            help:
                "Treat the inputs as consecutive parts of one capture (rotated files), so that flows go on across them."
        )
        var rotated = false

        @Flag(
            help:
                "Do not compute the inputs' SHA-256 (faster on very large captures; the output then cannot identify them)."
        )
        var noHash = false

        @Flag(inversion: .prefixedNo, help: "Show progress on standard error (default: when it is a terminal).")
        var progress: Bool?

        @Option(help: "The most flows tracked at once.")
        var maxFlows: Int = StreamLimits().maximumFlows

        @Option(help: "Seconds without packets after which a TCP flow ends.")
        var tcpIdleTimeout: Double = StreamLimits().tcpIdleTimeout

        @Option(help: "The longest Stratum line read, in bytes.")
        var maxLineLength: Int = StratumLimits().maximumLineLength

        func validate() throws {
            if self.inputs.isEmpty {
                throw ValidationError("Name at least one capture file, or '-' for standard input.")
            }
            if self.inputs.filter({ $0 == "-" }).count > 1 {
                throw ValidationError("Standard input ('-') can be read once.")
            }
            if self.maxFlows < 16 { throw ValidationError("--max-flows must be at least 16.") }
            if !(self.tcpIdleTimeout > 0) { throw ValidationError("--tcp-idle-timeout must be positive.") }
            if let tariff = self.tariff, !(tariff >= 0) { throw ValidationError("--tariff must be zero or more.") }
            if !(self.surcharge >= 0) || !(self.tariffMultiplier > 0) {
                throw ValidationError("--surcharge must be zero or more and --tariff-multiplier positive.")
            }
            if self.maxLineLength < 256 { throw ValidationError("--max-line-length must be at least 256.") }
            for file in self.inputs where file != "-" {
                if !FileManager.default.fileExists(atPath: file) { throw ValidationError("No such file: \(file)") }
            }
        }

        func run() async throws {
            var indicators = try PoolIndicators.bundled()
            for file in self.poolFiles {
                do {
                    indicators = indicators.merging(try PoolIndicators(contentsOf: file))
                } catch {
                    throw ValidationError("\(error)")
                }
            }
            let profiles: DeviceProfiles
            do {
                profiles = try DeviceProfiles.load(overridePath: self.profiles)
            } catch {
                throw ValidationError("\(error)")
            }
            let estimator = HashrateEstimator()
            var directory: OrganizationDirectory?
            var directoryErrors: [String]?
            if let orgs = self.orgs {
                do {
                    let loaded = try OrganizationDirectory.load(path: orgs)
                    directory = loaded.directory
                    directoryErrors = loaded.errors.map(\.description)
                } catch {
                    throw ValidationError("\(error)")
                }
            }
            var configuration = ScanConfiguration(indicators: indicators)
            configuration.inputsAreOneCapture = self.rotated
            configuration.streamLimits.maximumFlows = self.maxFlows
            configuration.streamLimits.tcpIdleTimeout = self.tcpIdleTimeout
            configuration.stratumLimits.maximumLineLength = self.maxLineLength

            let showProgress = self.progress ?? (isatty(STDERR_FILENO) == 1)
            var scanner = Scanner(configuration: configuration)
            var scanned: [ScannedInput] = []
            for name in self.inputs {
                let input: ScanInput
                do {
                    input = try ScanInput(path: name, hashing: !self.noHash)
                } catch {
                    scanned.append(
                        ScannedInput(file: name, bytes: 0, sha256: nil, packets: 0, format: "", error: "\(error)")
                    )
                    continue
                }
                let meter = ProgressMeter(enabled: showProgress, name: name, totalBytes: input.fileSize)
                scanned.append(scanner.scan(input: input) { meter.update(bytes: $0) })
                meter.done()
            }
            let result = scanner.finish()
            var document = ScanDocument(
                version: PaichaVersion.current,
                generatedAt: self.deterministic ? nil : Timestamp.now(),
                inputs: scanned,
                parameters: ScanParameters(
                    streamLimits: configuration.streamLimits,
                    poolIndicators: indicators.version,
                    evidencePerSession: configuration.maximumEvidencePerSession,
                    deviceProfiles: profiles.version,
                    confidenceLevel: estimator.confidenceLevel,
                    tariff: self.tariff.map {
                        Tariff(
                            pricePerKilowattHour: $0,
                            currency: self.currency,
                            surchargePerKilowattHour: self.surcharge,
                            multiplier: self.tariffMultiplier
                        )
                    },
                    inputsAreOneCapture: configuration.inputsAreOneCapture
                ),
                result: result,
                estimator: estimator,
                profiles: profiles,
                directory: directory,
                directoryErrors: directoryErrors
            )
            var hostSweeps: [(file: String, document: HostDocument)] = []
            for file in self.hostSweepFiles {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw ValidationError("--host-sweep: cannot read \(file)")
                }
                do {
                    hostSweeps.append((file, try JSONDecoder().decode(HostDocument.self, from: data)))
                } catch {
                    throw ValidationError("--host-sweep: \(file) is not a 'paicha host -f json' document: \(error)")
                }
            }
            if !hostSweeps.isEmpty {
                for file in document.join(hostSweeps: hostSweeps) {
                    writeToStandardError("paicha: warning: \(file): the swept machine has none of the mining IPs\n")
                }
            }
            if let directory = self.report {
                try Self.writeReport(document, language: self.lang, to: directory)
            }
            let text = try document.rendered(as: self.format)
            if let output = self.output {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output))
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
            if self.format != .text {
                for warning in document.warnings() { writeToStandardError("paicha: warning: \(warning)\n") }
            }
            if scanned.contains(where: { $0.error != nil }) {
                throw ExitCode(1)
            }
        }
    }
}

extension Paicha.Scan {
    /// Writes `report.json`, `sessions.csv`, `ledger.csv`, `report.md` and `report.html` into `directory`.
    static func writeReport(_ document: ScanDocument, language: ScreeningReport.Language, to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let report = ScreeningReport(document: document, language: language)
        let files: [(String, String)] = [
            ("report.json", try document.json()), ("sessions.csv", document.csv()), ("ledger.csv", report.ledgerCSV()),
            ("report.md", report.markdown()), ("report.html", report.html()),
        ]
        for (name, text) in files {
            try Data(text.utf8).write(to: URL(fileURLWithPath: directory).appendingPathComponent(name))
        }
    }
}

extension ScreeningReport.Language: ExpressibleByArgument {}

extension Timestamp {
    /// The current time.
    static func now() -> Timestamp {
        Timestamp(nanoseconds: Int64(Date().timeIntervalSince1970 * 1e9))
    }
}
