import ArgumentParser
import Foundation
import PaichaCore
import PaichaFixtures

extension Paicha {
    /// `paicha sample`: writes the generated sample captures that the README scans.
    struct Sample: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sample",
            abstract:
                "Write generated sample captures of every mining dialect and ordinary traffic, with their truth, and two server images."
        )

        @Argument(help: "The directory to write the samples to.")
        var directory: String = "samples"

        @Option(help: "The seed that makes the captures; the same seed gives the same bytes.")
        var seed: UInt64 = 2025

        @Option(help: "Instead of the samples, write one large benchmark capture to this file.")
        var benchmark: String?

        @Option(help: "The benchmark capture's size in bytes.")
        var benchmarkBytes: Int64 = 1 << 30

        func validate() throws {
            if self.benchmarkBytes < 1 << 16 { throw ValidationError("--benchmark-bytes must be at least 65536.") }
        }

        func run() async throws {
            if let path = self.benchmark {
                let meter = ProgressMeter(
                    enabled: isatty(STDERR_FILENO) == 1,
                    name: path,
                    totalBytes: self.benchmarkBytes
                )
                let summary = try BenchmarkCapture.write(to: path, targetBytes: self.benchmarkBytes, seed: self.seed) {
                    written,
                    _ in meter.update(bytes: written)
                }
                meter.done()
                print(
                    "\(path): \(Units.si(Double(summary.bytes), "B")), \(Units.count(Int64(summary.frames))) packets, "
                        + "\(Units.count(Int64(summary.sessions))) sessions, "
                        + "\(Units.count(Int64(summary.miningTruths.count))) of them mining"
                )
                return
            }
            let files = try SampleCaptures.writeAll(to: self.directory, seed: self.seed)
            for file in files {
                let miners = Set(file.truths.filter { $0.verdict == Truth.miner }.map(\.host))
                print(
                    "\(self.directory)/\(file.name): \(file.truths.count) conversations, \(miners.count) mining hosts"
                )
            }
            let infected = self.directory + "/host-infected"
            let clean = self.directory + "/host-clean"
            for path in [infected, clean] { try? FileManager.default.removeItem(atPath: path) }
            for written in [try HostImages.writeInfected(to: infected), try HostImages.writeClean(to: clean)] {
                print(
                    "\(written.directory)/: a server image (\(written.hostName), \(written.address)) for "
                        + "'paicha host --root', \(written.planted.count) planted signs of mining"
                )
            }
        }
    }
}
