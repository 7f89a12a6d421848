import Foundation
import PaichaCore
import PaichaHost
import PaichaTestSupport
import Testing

@testable import PaichaReport

/// The host sweep document, its forms, and its join to a scan's mining IPs.
struct HostDocumentTests {
    /// A sweep result built by hand: a miner process with its pool socket, and a cron line.
    static func result(addresses: [String]) throws -> (HostSweepResult, SweepConfiguration) {
        let pool = Endpoint(ip: try #require(IPAddress("203.0.113.9")), port: 3333)
        var process = ProcessRecord(pid: 4242, name: "xmrig")
        process.arguments = ["/tmp/.x/xmrig", "-o", "stratum+tcp://pool.example:3333"]
        process.socketInodes = [99]
        let socket = SocketRecord(
            table: "tcp",
            local: Endpoint(ip: try #require(IPAddress("192.168.10.5")), port: 40112),
            remote: pool,
            state: "ESTABLISHED",
            userID: 0,
            inode: 99,
            pids: [4242],
            line: 3
        )
        let other = SocketRecord(
            table: "tcp",
            local: Endpoint(ip: try #require(IPAddress("192.168.10.5")), port: 22),
            remote: Endpoint(ip: try #require(IPAddress("198.51.100.1")), port: 51000),
            state: "ESTABLISHED",
            userID: 0,
            inode: 7,
            pids: [1],
            line: 2
        )
        let findings = [
            HostFinding(
                check: "persistence.cron",
                severity: .high,
                confidence: .likely,
                subject: "/etc/cron.d/update",
                reason: "a cron job runs an executable from a hidden directory under /tmp",
                evidence: [
                    Evidence(
                        label: "cron line",
                        excerpt: "* * * * * root /tmp/.x/xmrig",
                        location: EvidenceLocation(file: "/etc/cron.d/update", record: 1)
                    )
                ],
                artifacts: [.file(path: "/etc/cron.d/update")]
            ),
            HostFinding(
                check: "process.poolURL",
                severity: .critical,
                confidence: .confirmed,
                subject: "pid 4242 (xmrig)",
                reason: "the command line names a Stratum pool",
                evidence: [
                    Evidence(
                        label: "command line",
                        excerpt: process.commandLine,
                        location: EvidenceLocation(file: "/proc/4242/cmdline")
                    )
                ],
                artifacts: [.text(name: "pid-4242-cmdline.txt", content: process.commandLine)],
                pid: 4242,
                remoteEndpoints: [pool]
            ),
            HostFinding(
                check: "hiding.hugePages",
                severity: .info,
                confidence: .weak,
                subject: "vm.nr_hugepages",
                reason: "huge pages are reserved"
            ),
        ]
        var statistics = SweepStatistics()
        statistics.processes = 2
        statistics.sockets = 2
        statistics.record(.permissionDenied("/proc/1/environ"))
        let result = HostSweepResult(
            identity: HostIdentity(
                hostName: "lab-07",
                addresses: addresses.compactMap { IPAddress($0) },
                operatingSystem: "Debian GNU/Linux 12 (bookworm)"
            ),
            isLive: true,
            root: "/",
            isPrivileged: false,
            startedAt: Timestamp(nanoseconds: 0),
            finishedAt: Timestamp(nanoseconds: 1_000_000_000),
            findings: HostSweepResult.ordered(findings),
            processes: [process, ProcessRecord(pid: 1, name: "systemd")],
            sockets: [socket, other],
            statistics: statistics
        )
        return (result, SweepConfiguration(indicators: try HostIndicators.bundled()))
    }

    static func document(addresses: [String] = ["192.168.10.5"]) throws -> HostDocument {
        let (result, configuration) = try Self.result(addresses: addresses)
        return HostDocument(
            result: result,
            configuration: configuration,
            checks: ["process.poolURL", "persistence.cron"],
            version: "golden",
            deterministic: true
        )
    }

    @Test func summaryCountsAndKeepsOnlyFlaggedProcessesAndSockets() throws {
        let document = try Self.document()
        #expect(document.findings.map(\.check) == ["process.poolURL", "persistence.cron", "hiding.hugePages"])
        #expect(document.summary.verdict == "miner")
        #expect(document.summary.bySeverity == ["critical": 1, "high": 1, "info": 1])
        #expect(document.summary.minerProcesses == [4242])
        #expect(document.summary.poolEndpoints == ["203.0.113.9:3333"])
        #expect(document.summary.notVisible == 1)
        #expect(document.processes.map(\.pid) == [4242])
        #expect(document.sockets.map(\.inode) == [99])
        #expect(document.generatedAt == nil && document.host.startedAt == nil)
        #expect(document.findings[0].artifacts == ["captured:pid-4242-cmdline.txt"])
        #expect(
            document.findings[1].evidence == [
                .init(label: "cron line", excerpt: "* * * * * root /tmp/.x/xmrig", file: "/etc/cron.d/update", line: 1)
            ]
        )
    }

    @Test func jsonRoundTripsAndFormsAgree() throws {
        let document = try Self.document()
        let decoded = try JSONDecoder().decode(HostDocument.self, from: Data(try document.json().utf8))
        #expect(decoded == document)
        let lines = try document.jsonLines().split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines.last?.contains("\"type\":\"summary\"") == true)
        let csv = document.csv().split(whereSeparator: \.isNewline)
        #expect(csv.count == 4)
        #expect(
            csv[1].hasPrefix(
                "lab-07,192.168.10.5,critical,confirmed,process.poolURL,pid 4242 (xmrig),4242,203.0.113.9:3333,"
            )
        )
        let text = document.text()
        #expect(
            text.hasPrefix(
                "paicha host: lab-07 (192.168.10.5) · Debian GNU/Linux 12 (bookworm) · live sweep without root\n"
            )
        )
        #expect(text.contains("verdict: miner — 1 critical, 1 high, 1 info; 2 processes, 2 sockets"))
        #expect(text.contains("Not visible without root (run with sudo to see them): 1 path (/proc/1/environ)"))
        #expect(text.contains("      cron line (/etc/cron.d/update:1): * * * * * root /tmp/.x/xmrig\n"))
    }

    @Test func sweepsJoinTheMiningIPsOfAScanAndShowInTheReport() throws {
        let report = try ScreeningReportTests.document(directory: nil)
        let ip = try #require(report.hosts.first?.ip)
        var joined = report
        let unmatched = joined.join(hostSweeps: [
            ("lab-07.json", try Self.document(addresses: [ip, "10.9.9.9"])),
            ("elsewhere.json", try Self.document(addresses: ["10.9.9.9"])),
        ])
        #expect(unmatched == ["elsewhere.json"])
        let links = joined.hostSweeps(for: ip)
        #expect(links.count == 1)
        #expect(links.first?.verdict == "miner")
        #expect(links.first?.findings.map(\.check) == ["process.poolURL", "persistence.cron"])
        let markdown = ScreeningReport(document: joined, language: .en).markdown()
        #expect(markdown.contains("- **On the machine: lab-07 — miner (paicha host, live, lab-07.json)**"))
        #expect(
            markdown.contains("  - critical process.poolURL — pid 4242 (xmrig): the command line names a Stratum pool")
        )
        #expect(
            markdown.contains(
                "1 of \(report.summary.miningHosts) mining IPs swept on the machine with paicha host; a miner was found on 1"
            )
        )
        let html = ScreeningReport(document: joined, language: .zh).html()
        #expect(html.contains("主机排查: lab-07 — miner"))
        // Without sweeps, the document and report are unchanged.
        #expect(report.hostSweeps == nil)
        #expect(!ScreeningReport(document: report, language: .en).markdown().contains("On the machine"))
    }
}
