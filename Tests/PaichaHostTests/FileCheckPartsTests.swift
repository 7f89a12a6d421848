import Foundation
import Testing

@testable import PaichaHost

@Suite("File check parts")
struct FileCheckPartsTests {
    let indicators: HostIndicators

    init() throws { self.indicators = try HostIndicators.bundled() }

    @Test(
        "cron lines: the command after the schedule (and user), nothing for settings and comments",
        arguments: [
            ("*/5 * * * * root /usr/bin/x -a", PersistenceChecks.CrontabFormat.system, "/usr/bin/x -a"),
            ("@reboot root  /tmp/x", .system, "/tmp/x"),
            ("0 3 * * mon-fri /opt/job", .user, "/opt/job"),
            ("@daily\t/opt/job arg", .user, "/opt/job arg"),
            ("1\t5\tcron.daily\trun-parts /etc/cron.daily", .anacron, "run-parts /etc/cron.daily"),
            ("garbage line here", .user, "garbage line here"),
            ("x y", .system, "x y"),
            ("curl x | sh", .script, "curl x | sh"),
        ]
    )
    func cronCommand(line: String, format: PersistenceChecks.CrontabFormat, command: String) {
        #expect(PersistenceChecks.cronCommand(Substring(line), format: format).map(String.init) == command)
    }

    @Test(
        "settings, comments and blank lines are not commands",
        arguments: ["MAILTO=root", "# m h", "   ", "PATH=/bin:/usr/bin"]
    )
    func cronSettings(line: String) {
        #expect(PersistenceChecks.cronCommand(Substring(line), format: .user) == nil)
    }

    @Test(
        "Exec lines of units, prefixes removed",
        arguments: [
            ("ExecStart=-/usr/bin/x a", "/usr/bin/x a"), ("ExecStartPre=+@/bin/y", "/bin/y"),
            ("ExecStart = !!/z", "/z"),
        ]
    )
    func exec(line: String, command: String) {
        #expect(PersistenceChecks.execCommand(Substring(line)).map(String.init) == command)
    }

    @Test(
        "lines that are not Exec lines",
        arguments: ["Description=ExecStart=/tmp/x", "ExecStart=", "[Service]", "Restart"]
    )
    func notExec(line: String) {
        #expect(PersistenceChecks.execCommand(Substring(line)) == nil)
    }

    @Test(
        "rotated copies of a log",
        arguments: [
            ("auth.log.1", true), ("auth.log.2.gz", true), ("auth.log-20261101", true), ("auth.log-20261101.xz", true),
            ("auth.log", false), ("auth.log.old", false), ("auth.logx.1", false), ("auth.log.1.tar", false),
        ]
    )
    func rotated(name: String, isCopy: Bool) {
        #expect(HidingChecks.isRotatedCopy(name, of: "auth.log") == isCopy)
    }

    @Test("MinerConfig: XMRig JSON, cgminer JSON, xmr-stak fragments; ordinary JSON is none")
    func configs() throws {
        let xmrig = try #require(
            MinerConfig.parse(
                Array(
                    #"{"pools":[{"url":"a.example:3333","user":"W1","pass":"x"},{"url":"b:1"}],"donate-level":0}"#.utf8
                ),
                indicators: self.indicators
            )
        )
        #expect(xmrig.pools == [.init(url: "a.example:3333", user: "W1"), .init(url: "b:1", user: nil)])
        #expect(xmrig.keys == ["donate-level", "pools"])
        #expect(xmrig.isMinerConfig(indicators: self.indicators))
        let stak = try #require(
            MinerConfig.parse(
                Array(#"/* x */ "pool_list" : [ {"pool_address" : "p:1", "wallet_address" : "W2" }, ],"#.utf8),
                indicators: self.indicators
            )
        )
        #expect(stak.pools == [.init(url: "p:1", user: "W2")])
        #expect(
            MinerConfig.parse(Array(#"{"database":{"url":"x","user":"y"}}"#.utf8), indicators: self.indicators) == nil
        )
        let dhcp = try #require(
            MinerConfig.parse(Array(#"{"pools":[{"pool":"10.0.0.1-10.0.0.9"}]}"#.utf8), indicators: self.indicators)
        )
        #expect(!dhcp.isMinerConfig(indicators: self.indicators))
    }

    @Test("deeply nested JSON is not given to the parser; its pools are still read as text")
    func deepJSON() throws {
        let bytes =
            Array(#"{"pools":[{"url":"p.example:3333","user":"W9"}], "x": "#.utf8)
            + [UInt8](repeating: 0x5B, count: 200_000)
        let config = try #require(MinerConfig.parse(bytes, indicators: self.indicators))
        #expect(config.pools == [.init(url: "p.example:3333", user: "W9")])
    }

    @Test("signature strings are found at the same offsets whatever the chunk size", arguments: [1, 2, 3, 7, 64, 4096])
    func scannerChunks(size: Int) {
        let bytes = TestRoot.elf(["XMRig", "donate.v2.xmrig.com", "randomx"], filler: 100)
        var scanner = SignatureScanner(signatures: self.indicators.binarySignatures)
        var start = 0
        while start < bytes.count {
            scanner.feed(bytes[start..<min(start + size, bytes.count)])
            start += size
        }
        let matches = scanner.matches(self.indicators.binarySignatures)
        #expect(matches.map(\.signature.family) == ["XMRig"])
        #expect(matches.first?.found.map(\.string) == ["XMRig", "donate.v2.xmrig.com", "randomx"])
        #expect(matches.first?.found.map(\.offset) == [108, 214, 334])
    }
}
