import Foundation
import Glibc
import PaichaCore
import PaichaMining
import PaichaTestSupport
import Testing

@testable import PaichaHost

/// Live sweeps of the machine the tests run on.
///
/// The test machine must be clean for the first half; a lock file keeps two test runs on the same machine
/// from seeing each other's stand-in miner.
@Suite("Live sweep of this machine", .serialized)
struct LiveSweepTests {
    static var isLinuxWithProc: Bool {
        FileManager.default.fileExists(atPath: "/proc/self/stat") && FileManager.default.fileExists(atPath: "/bin/bash")
    }

    @Test(
        "a clean sweep reports no miner; a stand-in miner holding a pool-port connection is found with its socket",
        .enabled(if: LiveSweepTests.isLinuxWithProc)
    )
    func cleanThenStandIn() throws {
        let lock = try LiveTestLock(path: "/tmp/paicha-host-live-test.lock")
        defer { lock.release() }
        let indicators = try HostIndicators.bundled()
        var configuration = SweepConfiguration(indicators: indicators)
        configuration.cpuSampleSeconds = 0.2

        let clean = HostSweep(configuration: configuration).run()
        let suspicious = clean.findings.filter {
            ($0.check.hasPrefix("process.") || $0.check.hasPrefix("socket.")) && $0.severity >= .medium
        }
        #expect(suspicious.isEmpty, "\(suspicious.map { "\($0.check) \($0.subject): \($0.reason)" })")
        let me = try #require(clean.processes.first { $0.pid == getpid() })
        #expect(me.executable != nil && !me.arguments.isEmpty && me.sampledCPUShare != nil)
        #expect(clean.processes.count >= 2)
        #expect(!clean.processes.contains { $0.hiddenFromListing })

        let listener = try LoopbackListener(ports: indicators.pools.ports.map(\.port))
        defer { listener.close() }
        let directory = try TemporaryDirectory()
        let miner = directory.path("xmrig")
        try FileManager.default.copyItem(atPath: "/bin/bash", toPath: miner)
        let child = Process()
        child.executableURL = URL(fileURLWithPath: miner)
        child.arguments = [
            "-c", "exec 3<>/dev/tcp/127.0.0.1/\(listener.port); read -t 30 -u 3", "xmrig", "-o",
            "stratum+tcp://127.0.0.1:\(listener.port)", "--donate-level", "1",
        ]
        try child.run()
        defer {
            child.terminate()
            child.waitUntilExit()
        }
        #expect(listener.acceptOne(timeoutMilliseconds: 10_000), "the stand-in never connected")

        let infected = HostSweep(configuration: configuration).run()
        let pid = child.processIdentifier
        let checks = Set(infected.findings.filter { $0.pid == pid }.map(\.check))
        #expect(
            checks.isSuperset(of: [
                "process.poolURL", "process.minerName", "process.minerFlags", "process.temporaryExecutable",
                "socket.poolPort",
            ]),
            "\(checks.sorted())"
        )
        let socket = try #require(infected.findings.first { $0.check == "socket.poolPort" && $0.pid == pid })
        let pool = Endpoint(ip: .v4(0x7F00_0001), port: listener.port)
        #expect(socket.severity == .high, "a loopback pool-port connection of a process with a pool URL")
        #expect(socket.remoteEndpoints == [pool])
        #expect(socket.subject.hasPrefix("pid \(pid) (xmrig): tcp 127.0.0.1:"))
        #expect(socket.artifacts.contains(.file(path: "/proc/\(pid)/exe")))
        let url = try #require(infected.findings.first { $0.check == "process.poolURL" && $0.pid == pid })
        #expect(url.severity == .critical && url.remoteEndpoints == [pool])
        let record = try #require(infected.sockets.first { $0.remote == pool && $0.pids == [pid] })
        #expect(record.state == "ESTABLISHED")
    }

    @Test(
        "processes exiting while the inventory reads them never break it",
        .enabled(if: LiveSweepTests.isLinuxWithProc)
    )
    func races() throws {
        var configuration = SweepConfiguration(indicators: try HostIndicators.bundled())
        configuration.cpuSampleSeconds = 0.05
        let churn = Process()
        churn.executableURL = URL(fileURLWithPath: "/bin/bash")
        churn.arguments = ["-c", "for i in $(seq 400); do /bin/true & done; wait"]
        try churn.run()
        defer {
            churn.terminate()
            churn.waitUntilExit()
        }
        for _ in 0..<5 {
            var context = SweepContext(configuration: configuration)
            _ = ProcessInventory().run(&context)
            _ = SocketInventory().run(&context)
            #expect(context.processes.contains { $0.pid == getpid() })
            #expect(!context.processes.contains { $0.hiddenFromListing })
        }
    }

    @Test(
        "benchmark: a full live sweep, timed (PAICHA_HOST_BENCHMARK=1; no time limit asserted)",
        .enabled(if: ProcessInfo.processInfo.environment["PAICHA_HOST_BENCHMARK"] == "1")
    )
    func benchmark() throws {
        var configuration = SweepConfiguration(indicators: try HostIndicators.bundled())
        if let seconds = ProcessInfo.processInfo.environment["PAICHA_HOST_CPU_SAMPLE"].flatMap(Double.init) {
            configuration.cpuSampleSeconds = seconds
        }
        let sweep = HostSweep(configuration: configuration)
        // Where the time goes: each group alone, then the inventory's phases.
        var context = SweepContext(configuration: configuration)
        for group in HostSweep.standardGroups {
            let started = Monotonic.now
            _ = group.run(&context)
            print("host-sweep group \(group.name): \(String(format: "%.3f", Monotonic.now - started)) s")
        }
        var reader = ProcReader(fileSystem: context.fileSystem, statistics: SweepStatistics())
        var started = Monotonic.now
        let pids = reader.listPIDs() ?? []
        let stats = pids.compactMap { reader.stat($0) }
        print("host-sweep phase list+stat: \(String(format: "%.3f", Monotonic.now - started)) s")
        started = Monotonic.now
        for stat in stats { _ = reader.record(stat, hidden: false, uptime: nil) }
        print("host-sweep phase records: \(String(format: "%.3f", Monotonic.now - started)) s")
        started = Monotonic.now
        let found = HiddenProcessProbe.candidates(listed: Set(pids), ceiling: (pids.last ?? 0) + 4096) {
            HiddenProcessProbe.exists($0) ? reader.threadGroupID($0) : nil
        }
        print(
            "host-sweep phase probe to \((pids.last ?? 0) + 4096): \(String(format: "%.3f", Monotonic.now - started)) s, \(found.count) candidates"
        )
        func cpuSeconds() -> Double {
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            return user + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        }
        for round in 1...3 {
            let started = Monotonic.now
            let cpuStarted = cpuSeconds()
            let result = sweep.run()
            let elapsed = Monotonic.now - started
            let cpu = cpuSeconds() - cpuStarted
            let descriptors = result.processes.reduce(0) { $0 + $1.socketInodes.count }
            print(
                "host-sweep round \(round): \(String(format: "%.3f", elapsed)) s (CPU \(String(format: "%.3f", cpu)) s), "
                    + "\(result.processes.count) processes, "
                    + "\(result.sockets.count) sockets, \(descriptors) socket descriptors, "
                    + "\(result.statistics.filesRead) files, \(result.findings.count) findings, "
                    + "cpu sample \(configuration.cpuSampleSeconds) s"
            )
            #expect(result.processes.count > 0)
            if round == 1 {
                let statistics = result.statistics
                print(
                    "host-sweep statistics: \(statistics.notVisible.count) paths not visible "
                        + "(first: \(statistics.notVisible.first.map { "\($0.path): \($0.reason)" } ?? "none")), "
                        + "\(statistics.unreadable.count) unreadable, limits hit \(statistics.limitsHit)"
                )
                for finding in result.findings {
                    print("host-sweep finding: \(finding.severity) \(finding.check) \(finding.subject)")
                }
            }
        }
    }
}

/// An exclusive `flock` on a file, held until released.
final class LiveTestLock {
    private let descriptor: Int32

    init(path: String) throws {
        self.descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o666)
        guard self.descriptor >= 0, flock(self.descriptor, LOCK_EX) == 0 else {
            throw POSIXError(.EACCES)
        }
    }

    func release() {
        flock(self.descriptor, LOCK_UN)
        Glibc.close(self.descriptor)
    }
}

/// A TCP listener on 127.0.0.1 at the first free port of a list.
final class LoopbackListener {
    private let descriptor: Int32
    let port: UInt16
    private var accepted: [Int32] = []

    init(ports: [UInt16]) throws {
        for port in ports {
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard descriptor >= 0 else { break }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            address.sin_addr = in_addr(s_addr: UInt32(0x7F00_0001).bigEndian)
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            if bound == 0, listen(descriptor, 8) == 0 {
                self.descriptor = descriptor
                self.port = port
                return
            }
            Glibc.close(descriptor)
        }
        throw POSIXError(.EADDRINUSE)
    }

    /// Waits for one connection and keeps it open; false on timeout.
    func acceptOne(timeoutMilliseconds: Int32) -> Bool {
        var poller = pollfd(fd: self.descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, timeoutMilliseconds) == 1 else { return false }
        let connection = accept(self.descriptor, nil, nil)
        guard connection >= 0 else { return false }
        self.accepted.append(connection)
        return true
    }

    func close() {
        for connection in self.accepted { Glibc.close(connection) }
        Glibc.close(self.descriptor)
    }
}
