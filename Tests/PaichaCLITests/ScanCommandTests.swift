import ArgumentParser
import Foundation
import PaichaReport
import PaichaTestSupport
import Testing

@testable import paicha

/// Runs the built `paicha` executable and returns its exit status, standard output and standard error.
func runPaicha(_ arguments: [String], standardInput: String? = nil) throws -> (status: Int32, out: String, err: String)
{
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("paicha")
    let candidates = [binary, Corpus.packageRoot.appendingPathComponent(".build/debug/paicha")]
    guard let executable = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
        throw CocoaError(.fileNoSuchFile)
    }
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    if let standardInput {
        process.standardInput = FileHandle(forReadingAtPath: standardInput)
    } else {
        process.standardInput = FileHandle.nullDevice
    }
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (
        process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self)
    )
}

struct ScanCommandTests {
    @Test func usageErrorsExitWithTwo() throws {
        let none = try runPaicha(["scan"])
        #expect(none.status == 2)
        #expect(none.err.contains("Missing expected argument"))
        let missing = try runPaicha(["scan", "/nonexistent/capture.pcap"])
        #expect(missing.status == 2)
        #expect(missing.err.contains("No such file: /nonexistent/capture.pcap"))
        let badFormat = try runPaicha(["scan", "-f", "xml", "-"])
        #expect(badFormat.status == 2)
    }

    @Test func parsesOptions() throws {
        let command = try Paicha.Scan.parse(["/dev/null", "-", "-f", "jsonl", "--max-flows", "1000", "--deterministic"])
        #expect(command.inputs == ["/dev/null", "-"])
        #expect(command.format == .jsonl)
        #expect(command.maxFlows == 1000)
        #expect(command.deterministic)
    }

    /// Every option's help is one sentence ending in a period; the whole text is pinned here.
    @Test func helpText() {
        let expected = """
            OVERVIEW: Find every host that mines in packet captures.

            Reads pcap and pcapng files, gzip-compressed or not, or standard input ('-'). Exit status: 0
            scanned, 1 bad input (the findings read before the fault are still reported), 2 usage.

            USAGE: paicha scan [<options>] <inputs> ...

            ARGUMENTS:
              <inputs>                Capture files to scan, or '-' for standard input.

            OPTIONS:
              -f, --format <format>   The output format. (values: text, json, jsonl, csv; default: text)
              -o, --output <output>   Write the result to this file instead of standard output.
              --report <report>       Also write the screening report to this directory: JSON, CSV (sessions,
                                      ledger), Markdown and HTML.
              --lang <lang>           The language of the screening report's labels. (values: en, zh; default:
                                      en)
              --host-sweep <host-sweep>
                                      A 'paicha host -f json' document to join to the mining IPs by address
                                      (repeatable).
              --pools <pools>         A pool indicator file to add to the bundled list (repeatable).
              --orgs <orgs>           A CSV or JSON file of CIDR blocks and the organizations that hold them
                                      (cidr,name,category,province,city,county,contact).
              --tariff <tariff>       The electricity price per kWh, to cost the estimated energy.
              --currency <currency>   The tariff's currency. (default: CNY)
              --surcharge <surcharge> A punitive surcharge per kWh added to the tariff (some provinces charge
                                      mining more). (default: 0.0)
              --tariff-multiplier <tariff-multiplier>
                                      A factor on the tariff before the surcharge (1.5 for a 50 % mark-up).
                                      (default: 1.0)
              --profiles <profiles>   A device-profile file (J/H per algorithm) that overrides the bundled
                                      profiles.
              --deterministic         Leave out the generation time so that the same inputs give byte-identical
                                      output.
              --rotated               Treat the inputs as consecutive parts of one capture (rotated files), so
                                      that flows go on across them.
              --no-hash               Do not compute the inputs' SHA-256 (faster on very large captures; the
                                      output then cannot identify them).
              --progress/--no-progress
                                      Show progress on standard error (default: when it is a terminal).
              --max-flows <max-flows> The most flows tracked at once. (default: 131072)
              --tcp-idle-timeout <tcp-idle-timeout>
                                      Seconds without packets after which a TCP flow ends. (default: 900.0)
              --max-line-length <max-line-length>
                                      The longest Stratum line read, in bytes. (default: 65536)
              --version               Show the version.
              -h, --help              Show help information.
            """
        #expect(Paicha.helpMessage(for: Paicha.Scan.self, columns: 100) == expected + "\n")
    }

    @Test func notACaptureIsBadInputWithTheOffset() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("notes.txt")
        try Data("this is not a capture file\n".utf8).write(to: URL(fileURLWithPath: path))
        let result = try runPaicha(["scan", path])
        #expect(result.status == 1)
        #expect(result.out.contains("warning: \(path): not a pcap or pcapng file at byte 0"))
    }

    @Test(.enabled(if: Corpus.isAvailable, "../shared/corpus is not beside the package"))
    func truncatedCaptureKeepsWhatWasReadAndExitsWithOne() throws {
        let directory = try TemporaryDirectory()
        let whole = try Data(contentsOf: URL(fileURLWithPath: Corpus.pcap("nesfit-zec-eu-suprnova.pcapng")))
        let path = directory.path("cut.pcapng")
        try whole.prefix(30_001).write(to: URL(fileURLWithPath: path))
        let result = try runPaicha(["scan", "-f", "json", "--deterministic", path])
        #expect(result.status == 1)
        let document = try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any]
        let inputs = document?["inputs"] as? [[String: Any]]
        let error = inputs?.first?["error"] as? String
        #expect(error?.hasPrefix("\(path): truncated at byte ") == true)
        let hosts = document?["hosts"] as? [[String: Any]]
        #expect(hosts?.first?["ip"] as? String == "147.229.13.222")
        #expect(result.err.contains("truncated at byte"))
    }

    @Test(.enabled(if: Corpus.isAvailable, "../shared/corpus is not beside the package"))
    func standardInputAndDeterministicOutput() throws {
        let file = Corpus.pcap("ndpi-mining.pcapng")
        let fromFile = try runPaicha(["scan", "-f", "json", "--deterministic", file])
        let again = try runPaicha(["scan", "-f", "json", "--deterministic", file])
        #expect(fromFile.status == 0)
        #expect(fromFile.out == again.out)
        let fromStdin = try runPaicha(["scan", "-f", "json", "--deterministic", "-"], standardInput: file)
        #expect(fromStdin.status == 0)
        #expect(
            fromStdin.out.replacingOccurrences(of: "\"file\" : \"-\"", with: "\"file\" : \"\(file)\"") == fromFile.out
        )
    }

    @Test(.enabled(if: Corpus.isAvailable, "../shared/corpus is not beside the package"))
    func csvAndJSONLinesHaveARowPerSession() throws {
        let file = Corpus.pcap("ndpi-mining.pcapng")
        let csv = try runPaicha(["scan", "-f", "csv", file])
        let rows = csv.out.split(separator: "\r\n")
        #expect(rows.first?.hasPrefix("host,minerPort,poolIp,poolPort") == true)
        #expect(rows.count == 5)
        let jsonl = try runPaicha(["scan", "-f", "jsonl", file])
        let lines = jsonl.out.split(separator: "\n")
        #expect(lines.count == 5)
        #expect(lines.filter { $0.contains("\"type\":\"session\"") }.count == 4)
        #expect(lines.last?.contains("\"type\":\"summary\"") == true)
    }
}

struct ScanOrganizationsTests {
    @Test(.enabled(if: Corpus.isAvailable, "../shared/corpus is not beside the package"))
    func hostsAreAttributedAndBadRowsReportedWithTheirLine() throws {
        let directory = try TemporaryDirectory()
        let orgs = directory.path("orgs.csv")
        try Data(
            """
            cidr,name,category,province,city,county,contact
            192.168.2.0/24,某大学网络中心,高校,江苏,南京,鼓楼区,noc@example.edu.cn
            192.168.2.92/32,某大学超算中心,university,江苏,南京,,
            not-a-block,broken,government,,,,

            """.utf8
        ).write(to: URL(fileURLWithPath: orgs))
        let result = try runPaicha(["scan", "-f", "json", "--orgs", orgs, Corpus.pcap("ndpi-mining.pcapng")])
        #expect(result.status == 0)
        #expect(result.err.contains("\(orgs):4"))
        let document = try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any]
        let hosts = document?["hosts"] as? [[String: Any]] ?? []
        let names = Dictionary(
            uniqueKeysWithValues: hosts.map {
                ($0["ip"] as? String ?? "", ($0["organization"] as? [String: Any])?["name"] as? String)
            }
        )
        // The longest prefix wins: the /32 inside the /24.
        #expect(names["192.168.2.92"] == "某大学超算中心")
        #expect(names["192.168.2.148"] == "某大学网络中心")
        #expect(names["147.229.13.222"] == .some(nil))
        let ledger = document?["ledger"] as? [String: Any]
        #expect(ledger?["hostCount"] as? Int == 3)
        #expect(ledger?["institutionalHostCount"] as? Int == 2)
        #expect((ledger?["lines"] as? [Any])?.count == 3)
    }
}
