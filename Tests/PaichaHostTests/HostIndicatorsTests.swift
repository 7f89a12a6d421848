import Testing

@testable import PaichaHost

@Suite("HostIndicators")
struct HostIndicatorsTests {
    let indicators: HostIndicators

    init() throws { self.indicators = try HostIndicators.bundled() }

    @Test(
        "miner names match by prefix or exactly",
        arguments: [
            ("xmrig", "XMRig"), ("XMRig-6.21.0", "XMRig"), ("xmrig.exe", "XMRig"), ("kdevtmpfsi", "Kinsing"),
            ("xmr-stak-rx", "xmr-stak"), ("miner", "GMiner"),
        ]
    )
    func names(candidate: String, family: String) {
        #expect(self.indicators.minerName(matching: candidate)?.family == family)
    }

    @Test("ordinary names do not match", arguments: ["xmrigger", "minerva", "sshd", "kdevtmpfsi2", "mineral", ""])
    func notNames(candidate: String) {
        #expect(self.indicators.minerName(matching: candidate) == nil)
    }

    @Test("pool URLs, flags and pool domains are found in a command line")
    func commandLine() {
        let line = "./xmrig -o stratum+tcp://pool.supportxmr.com:3333 -u 4AbC --donate-level=1 --cpu-priority 5"
        #expect(self.indicators.poolURLs(in: line) == ["stratum+tcp://pool.supportxmr.com:3333"])
        #expect(self.indicators.minerFlags(in: line).map(\.flag) == ["--donate-level", "--cpu-priority", "-o stratum"])
        #expect(self.indicators.poolDomains(in: line) == ["pool.supportxmr.com"])
        #expect(self.indicators.poolURLs(in: "curl https://example.com/stratum") == [])
    }

    @Test("temporary directories")
    func temporary() {
        #expect(self.indicators.isTemporary(path: "/tmp/.x/xmrig"))
        #expect(self.indicators.isTemporary(path: "/dev/shm/a"))
        #expect(!self.indicators.isTemporary(path: "/tmpfoo/a"))
        #expect(!self.indicators.isTemporary(path: "/usr/bin/tmp"))
    }
}
