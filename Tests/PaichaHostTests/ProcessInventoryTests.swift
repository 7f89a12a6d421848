import PaichaCore
import Testing

@testable import PaichaHost

/// Builds fake `/proc` entries inside a `TestRoot`.
extension TestRoot {
    /// Writes `/proc/PID/…` for one process; `exe == nil` leaves no executable link (kernel threads).
    @discardableResult
    func process(
        _ pid: Int,
        name: String,
        arguments: [String] = [],
        exe: String? = nil,
        cwd: String? = "/",
        environment: [String] = [],
        fds: [Int: String] = [:],
        userID: Int = 0,
        flags: Int = 4_194_560,
        ticks: (user: Int, system: Int) = (10, 5)
    ) throws -> TestRoot {
        let base = "/proc/\(pid)"
        try self.write(
            base + "/stat",
            "\(pid) (\(name)) S 1 \(pid) \(pid) 0 -1 \(flags) 0 0 0 0 \(ticks.user) \(ticks.system) 0 0 20 0 1 0 500 "
                + "1000 10 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n"
        )
        try self.write(
            base + "/status",
            "Name:\t\(name)\nTgid:\t\(pid)\nPid:\t\(pid)\nPPid:\t1\nUid:\t\(userID)\t\(userID)\t\(userID)\t\(userID)\n"
                + "Threads:\t1\n"
        )
        try self.write(base + "/cmdline", bytes: arguments.flatMap { Array($0.utf8) + [0] })
        try self.write(base + "/environ", bytes: environment.flatMap { Array($0.utf8) + [0] })
        if let exe { try self.link(base + "/exe", to: exe) }
        if let cwd { try self.link(base + "/cwd", to: cwd) }
        try self.directory(base + "/fd")
        for (descriptor, target) in fds { try self.link(base + "/fd/\(descriptor)", to: target) }
        return self
    }

    /// An ordinary system: init, a kernel thread named like a miner's disguise, sshd with a listening socket.
    func cleanSystem() throws -> TestRoot {
        try self.write("/proc/uptime", "10000.50 19000.00\n")
        try self.write("/proc/loadavg", "0.10 0.20 0.30 1/120 900\n")
        try self.process(1, name: "systemd", arguments: ["/sbin/init", "splash"], exe: "/usr/lib/systemd/systemd")
        try self.process(2, name: "kthreadd", exe: nil, cwd: nil, flags: 2_129_984)
        try self.process(77, name: "kswapd0", exe: nil, cwd: nil, flags: 2_129_984)
        try self.process(
            310,
            name: "sshd",
            arguments: ["sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups"],
            exe: "/usr/sbin/sshd",
            fds: [0: "/dev/null", 3: "socket:[888]", 4: "socket:[889]", 5: "socket:[890]"]
        )
        try self.write(
            "/proc/net/tcp",
            """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 888 1 0000000000000000 100 0 0 10 0
               1: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 889 1 0000000000000000 100 0 0 10 0
               2: 0500000A:1F90 04030201:0D05 01 00000000:00000000 00:00000000 00000000     0        0 890 1 0000000000000000 100 0 0 10 0

            """
        )
        try self.write("/etc/hosts", "127.0.0.1 localhost\n::1 localhost ip6-localhost\n")
        return self
    }
}

@Suite("Process and socket inventory on fake /proc trees")
struct ProcessInventoryTests {
    let indicators: HostIndicators

    init() throws { self.indicators = try HostIndicators.bundled() }

    private func sweep(_ root: TestRoot, readsImageProc: Bool = true) -> HostSweepResult {
        var configuration = SweepConfiguration(indicators: self.indicators)
        configuration.root = root.path
        let groups: [any HostCheckGroup] = [
            ProcessInventory(readsImageProc: readsImageProc), SocketInventory(readsImageProc: readsImageProc),
            ProcessChecks(),
        ]
        return HostSweep(configuration: configuration, groups: groups).run()
    }

    /// `check severity confidence pid` per finding, in the result's order.
    private func summary(_ result: HostSweepResult) -> [String] {
        result.findings.map { "\($0.check) \($0.severity) \($0.confidence) \($0.pid.map(String.init) ?? "-")" }
    }

    @Test("a clean tree: processes and sockets read, tied together, no findings")
    func clean() throws {
        let root = try TestRoot().cleanSystem()
        let result = self.sweep(root)
        #expect(result.findings == [])
        #expect(result.processes.map(\.pid) == [1, 2, 77, 310])
        #expect(result.processes.map(\.isKernelThread) == [false, true, true, false])
        let sshd = try #require(result.processes.last)
        #expect(sshd.arguments == ["sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups"])
        #expect(sshd.executable == "/usr/sbin/sshd")
        #expect(sshd.socketInodes == [888, 889, 890])
        #expect(sshd.cpuSeconds == 0.15)
        #expect(sshd.elapsedSeconds == 10000.50 - 5)
        // An accepted connection whose client happens to use port 3333 is inbound, not a pool connection.
        #expect(result.sockets.map(\.pids) == [[310], [310], [310]])
        #expect(result.sockets.map(\.state) == ["LISTEN", "LISTEN", "ESTABLISHED"])
    }

    @Test("an image without readsImageProc reads no processes")
    func offline() throws {
        let root = try TestRoot().cleanSystem()
        let result = self.sweep(root, readsImageProc: false)
        #expect(result.processes == [])
        #expect(result.sockets == [])
    }

    @Test("an infected tree: each process and socket check, corroborated, with the process–socket link")
    func infected() throws {
        let root = try TestRoot().cleanSystem()
        try root.process(
            4242,
            name: "xmrig",
            arguments: ["/tmp/.x/xmrig", "-o", "stratum+tcp://pool.supportxmr.com:3333", "--donate-level=1"],
            exe: "/tmp/.x/xmrig (deleted)",
            cwd: "/tmp/.x",
            environment: ["PATH=/bin", "LD_PRELOAD=/tmp/.x/libhide.so"],
            fds: [0: "/dev/null", 3: "socket:[777]", 4: "pipe:[5]"],
            userID: 33
        )
        try root.process(900, name: "kswapd0", arguments: ["kswapd0"], exe: "/var/lib/.cache/kswapd0", cwd: "/")
        try root.process(901, name: "helper", arguments: ["/usr/bin/helper"], exe: "/memfd:x (deleted)")
        try root.write(
            "/proc/net/tcp",
            """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 888 1 0000000000000000 100 0 0 10 0
               1: 0500000A:9CB0 04030201:0D05 01 00000000:00000000 02:000A7D8B 00000000    33        0 777 2 0000000000000000 20 4 30 10 -1
               2: 0500000A:9CB2 08080808:0D05 01 00000000:00000000 02:000A7D8B 00000000     0        0 999 2 0000000000000000 20 4 30 10 -1

            """
        )
        try root.write("/etc/hosts", "127.0.0.1 localhost\n1.2.3.4 pool.supportxmr.com # pinned\n")
        let result = self.sweep(root)
        #expect(
            self.summary(result) == [
                "process.poolURL critical confirmed 4242",
                "process.deletedExecutable high likely 4242",
                "process.ldPreload high likely 4242",
                "process.minerFlags high likely 4242",
                "process.minerName high likely 4242",
                "process.minerName high likely 900",
                "process.poolDomain high likely 4242",
                "process.temporaryExecutable high likely 4242",
                "socket.poolName high likely 4242",
                "socket.poolPort high likely 4242",
                "socket.poolPort medium likely -",
                "process.memfdExecutable low weak 901",
            ]
        )
        let socket = try #require(result.findings.first { $0.check == "socket.poolPort" && $0.pid == 4242 })
        #expect(socket.subject == "pid 4242 (xmrig): tcp 10.0.0.5:40112 → 1.2.3.4:3333")
        #expect(socket.remoteEndpoints == [Endpoint(ip: IPAddress("1.2.3.4")!, port: 3333)])
        #expect(socket.reason.contains("Corroborated on the same process by"))
        #expect(
            socket.evidence.map(\.location) == [
                EvidenceLocation(file: "/proc/net/tcp", record: 3), EvidenceLocation(file: "/proc/4242/cmdline"),
            ]
        )
        #expect(
            socket.artifacts == [
                .file(path: "/proc/4242/exe"),
                .text(
                    name: "pid-4242-cmdline.txt",
                    content: "/tmp/.x/xmrig\n-o\nstratum+tcp://pool.supportxmr.com:3333\n--donate-level=1\n"
                ),
                .text(
                    name: "pid-4242-sockets.txt",
                    content: "tcp 10.0.0.5:40112 → 1.2.3.4:3333 ESTABLISHED uid=33 inode=777 pids=4242 "
                        + "(/proc/net/tcp line 3)\n"
                ),
            ]
        )
        let hosts = try #require(result.findings.first { $0.check == "socket.poolName" })
        #expect(
            hosts.evidence[1]
                == Evidence(
                    label: "hosts entry",
                    excerpt: "1.2.3.4 pool.supportxmr.com # pinned",
                    location: EvidenceLocation(file: "/etc/hosts", record: 2)
                )
        )
        let url = try #require(result.findings.first { $0.check == "process.poolURL" })
        #expect(url.remoteEndpoints == [Endpoint(ip: IPAddress("1.2.3.4")!, port: 3333)])
        #expect(
            url.evidence == [
                Evidence(
                    label: "command line",
                    excerpt: "/tmp/.x/xmrig -o stratum+tcp://pool.supportxmr.com:3333 --donate-level=1",
                    location: EvidenceLocation(file: "/proc/4242/cmdline")
                )
            ]
        )
        let orphan = try #require(result.findings.first { $0.pid == nil })
        #expect(orphan.subject == "socket tcp 10.0.0.5:40114 → 8.8.8.8:3333")
        #expect(result.isSuspicious)
    }

    @Test("pool addresses from elsewhere mark connections to them; IPv4-mapped peers count as IPv4")
    func poolAddresses() throws {
        let root = try TestRoot().cleanSystem()
        try root.process(
            500,
            name: "curl",
            arguments: ["curl", "https://example.com"],
            exe: "/usr/bin/curl",
            fds: [5: "socket:[222]"]
        )
        try root.write("/proc/net/tcp6", ProcSamples.tcp6)
        var configuration = SweepConfiguration(indicators: self.indicators)
        configuration.root = root.path
        configuration.poolAddresses = [IPAddress("1.2.3.4")!]
        let groups: [any HostCheckGroup] = [
            ProcessInventory(readsImageProc: true), SocketInventory(readsImageProc: true), ProcessChecks(),
        ]
        let result = HostSweep(configuration: configuration, groups: groups).run()
        #expect(
            self.summary(result) == [
                "socket.poolAddress high likely 500", "socket.poolPort high likely 500",
                "socket.poolPort medium likely -",
            ]
        )
        #expect(result.findings.first?.remoteEndpoints == [Endpoint(ip: IPAddress("1.2.3.4")!, port: 4444)])
    }

    @Test("a malformed stat line and socket row are listed, the sweep goes on")
    func malformed() throws {
        let root = try TestRoot().cleanSystem()
        try root.write("/proc/600/stat", "600 (broken\n")
        try root.write("/proc/net/udp", "  sl  local_address\n   0: nonsense\n")
        let result = self.sweep(root)
        #expect(result.processes.map(\.pid) == [1, 2, 77, 310])
        #expect(
            result.statistics.unreadable == [
                .init(path: "/proc/600/stat:1", reason: "malformed stat line"),
                .init(path: "/proc/net/udp:2", reason: "malformed socket row"),
            ]
        )
    }
}

@Suite("Hidden processes and corroboration")
struct HiddenAndCorroborationTests {
    @Test("the probe covers PIDs in use plus a margin, or pid_max when the kernel counts more tasks")
    func plan() {
        let normal = HiddenProcessProbe.plan(
            listedMaximum: 900,
            lastPID: 1200,
            pidMaximum: 32768,
            margin: 100,
            limit: 4_194_304,
            tasksMissing: false
        )
        #expect(normal.ceiling == 1300 && !normal.isCut)
        let missing = HiddenProcessProbe.plan(
            listedMaximum: 900,
            lastPID: 1200,
            pidMaximum: 4_194_304,
            margin: 100,
            limit: 100_000,
            tasksMissing: true
        )
        #expect(missing.ceiling == 100_000 && missing.isCut)
        let small = HiddenProcessProbe.plan(
            listedMaximum: 32000,
            lastPID: 32700,
            pidMaximum: 32768,
            margin: 4096,
            limit: 4_194_304,
            tasksMissing: false
        )
        #expect(small.ceiling == 32767 && !small.isCut)
    }

    @Test("unlisted PIDs that are processes (not threads) and stay unlisted are hidden")
    func candidates() {
        // 1, 2, 10 listed; 11 is a thread of 10; 12 is hidden; 13 started after the listing.
        let alive: [Int32: Int32] = [1: 1, 2: 2, 10: 10, 11: 10, 12: 12, 13: 13]
        let found = HiddenProcessProbe.candidates(listed: [1, 2, 10], ceiling: 20) { alive[$0] }
        #expect(found == [12, 13])
        let confirmed = HiddenProcessProbe.confirmed(found, relisted: [1, 2, 10, 13]) { alive[$0] }
        #expect(confirmed == [12])
        #expect(HiddenProcessProbe.candidates(listed: [], ceiling: 0) { _ in 1 } == [])
    }

    @Test("low and medium findings are raised when another check on the same PID is medium or above")
    func corroboration() {
        func finding(_ check: String, _ severity: Severity, pid: Int32?) -> HostFinding {
            HostFinding(check: check, severity: severity, confidence: .weak, subject: "s", reason: "r.", pid: pid)
        }
        let input = [
            finding("process.sustainedCPU", .low, pid: 1),
            finding("process.temporaryExecutable", .medium, pid: 1),
            finding("process.sustainedCPU", .low, pid: 2),
            finding("process.deletedExecutable", .low, pid: 2),
            finding("socket.poolPort", .low, pid: nil),
            finding("process.poolURL", .critical, pid: 3),
            finding("socket.poolPort", .low, pid: 3),
            finding("process.memfdExecutable", .low, pid: 4),
            finding("process.sustainedCPU", .low, pid: 4),
        ]
        let output = ProcessChecks.corroborated(input)
        #expect(output.map(\.severity) == [.high, .medium, .low, .low, .low, .critical, .high, .high, .high])
        #expect(output[0].reason == "r. Corroborated on the same process by process.temporaryExecutable.")
        #expect(output[0].confidence == .likely)
        #expect(output[1].reason == "r.")
    }
}
