import Glibc
import PaichaCore

/// Judges the processes and sockets that `ProcessInventory` and `SocketInventory` read.
///
/// Severity and confidence of each check on its own:
///
/// | check | severity | confidence |
/// |---|---|---|
/// | `process.poolURL` — a `stratum+tcp://…` URL in a running command line | critical | confirmed |
/// | `process.poolDomain` — a known pool domain in a command line | high | likely |
/// | `process.minerName` — executable, `comm` or `argv[0]` named like a miner | high | likely |
/// | `process.minerFlags` — two or more miner options (one alone: low, weak; some are generic) | high | likely |
/// | `process.hidden` — answers at `/proc/PID` but missing from the listing | critical | likely |
/// | `process.memfdExecutable` — runs from an anonymous `memfd:` file (container runtimes such as runc, and some sandboxes, clone themselves into sealed memfds: low alone) | low | weak |
/// | `process.temporaryExecutable` — executable under `/tmp`, `/var/tmp`, `/dev/shm`, … | medium | likely |
/// | `process.deletedExecutable` — deleted while running, from a temporary / a hidden / any other directory (package upgrades do the last) | high / medium / low | likely / likely / weak |
/// | `process.ldPreload` — `LD_PRELOAD` set; the library in a temporary or hidden directory raises it | medium / high | likely |
/// | `process.sustainedCPU` — sampled CPU share ≥ `sustainedCPUShare` | low | weak |
/// | `socket.poolPort` — an outgoing ESTABLISHED/SYN_SENT connection to a well-known pool port (loopback peer: low, weak) | medium | likely |
/// | `socket.poolAddress` — an outgoing connection to an address of `poolAddresses` | high | likely |
/// | `socket.poolName` — an outgoing connection to an address `/etc/hosts` gives a pool name | high | likely |
///
/// Corroboration rule: a finding of low or medium severity is raised to high (confidence at least likely)
/// when another check reports the same PID at medium severity or above (judged on the severities before
/// raising, so raising never cascades); its reason names the corroborating checks. A busy process (low)
/// becomes high when it also runs from `/tmp` (medium); a loopback pool-port connection becomes high when
/// its process carries a pool URL. Two low findings together stay low (an upgraded, busy daemon), except
/// the pairs of `corroboratingPairs`, which raise each other: a `memfd:` program keeping a core busy.
///
/// Every finding about a process carries its PID and the remote endpoints of its connected sockets
/// (IPv4-mapped IPv6 addresses written as IPv4), so that it can be joined with network findings by IP.
public struct ProcessChecks: HostCheckGroup {
    public var lane: HostCheckLane { .processes }

    public var name: String { "process-checks" }
    public var checks: [CheckDescription] { Self.descriptions }

    /// Makes the group.
    public init() {}

    /// The checks this group reports.
    public static let descriptions: [CheckDescription] = [
        .init(name: "process.poolURL", severity: .critical, summary: "a pool URL (stratum+tcp://…) in a command line"),
        .init(name: "process.poolDomain", severity: .high, summary: "a known pool domain in a command line"),
        .init(name: "process.minerName", severity: .high, summary: "an executable or process named like a miner"),
        .init(name: "process.minerFlags", severity: .high, summary: "miner options (--donate-level, -a rx/0, …)"),
        .init(name: "process.hidden", severity: .critical, summary: "a process missing from the /proc listing"),
        .init(name: "process.memfdExecutable", severity: .low, summary: "a process running from a memfd: file"),
        .init(
            name: "process.temporaryExecutable",
            severity: .medium,
            summary: "an executable under /tmp, /var/tmp, /dev/shm"
        ),
        .init(name: "process.deletedExecutable", severity: .medium, summary: "an executable deleted while running"),
        .init(name: "process.ldPreload", severity: .medium, summary: "LD_PRELOAD in a process's environment"),
        .init(name: "process.sustainedCPU", severity: .low, summary: "a process using CPU steadily"),
        .init(name: "socket.poolPort", severity: .medium, summary: "a connection to a well-known pool port"),
        .init(name: "socket.poolAddress", severity: .high, summary: "a connection to a known pool address"),
        .init(name: "socket.poolName", severity: .high, summary: "a connection to an address /etc/hosts names a pool"),
    ]

    public func run(_ context: inout SweepContext) -> [HostFinding] {
        let sockets = SocketIndex(context.sockets)
        var findings: [HostFinding] = []
        var memo = IndicatorMemo()
        // The sweeping process itself is not a subject: it runs from wherever it was built or copied (often
        // /tmp on a test machine) and uses CPU while it sweeps.
        let sweeper = context.fileSystem.isLive ? getpid() : -1
        for process in context.processes where process.pid != sweeper {
            var facts = ProcessFacts(process: process, sockets: sockets.byPID[process.pid] ?? [], context: context)
            facts.lineMatches = memo.matches(process.commandLine, context.indicators)
            var names: [String: HostIndicators.MinerName] = [:]
            for (_, name, _) in facts.names {
                if let entry = memo.minerName(name, context.indicators) { names[name] = entry }
            }
            facts.nameMatches = names
            findings += facts.findings()
        }
        let hosts = HostsFile.read(context.fileSystem, statistics: &context.statistics)
        findings += SocketJudge(context: context, sockets: sockets, hosts: hosts).findings()
        return Self.corroborated(findings)
    }

    /// Checks that corroborate each other whatever their severities: a program with no file on disk that
    /// keeps a core busy is a fileless miner's shape.
    static let corroboratingPairs: [(String, String)] = [("process.memfdExecutable", "process.sustainedCPU")]

    /// Applies the corroboration rule (see the type's documentation).
    static func corroborated(_ findings: [HostFinding]) -> [HostFinding] {
        var strongChecks: [Int32: Set<String>] = [:]
        var checksByPID: [Int32: Set<String>] = [:]
        for finding in findings {
            guard let pid = finding.pid else { continue }
            checksByPID[pid, default: []].insert(finding.check)
            if finding.severity >= .medium { strongChecks[pid, default: []].insert(finding.check) }
        }
        for (pid, checks) in checksByPID {
            for pair in Self.corroboratingPairs where checks.contains(pair.0) && checks.contains(pair.1) {
                strongChecks[pid, default: []].formUnion([pair.0, pair.1])
            }
        }
        return findings.map { finding in
            guard finding.severity < .high, let pid = finding.pid,
                let others = strongChecks[pid]?.subtracting([finding.check]), !others.isEmpty
            else { return finding }
            var raised = finding
            raised.severity = .high
            raised.confidence = max(raised.confidence, .likely)
            raised.reason += " Corroborated on the same process by \(others.sorted().joined(separator: ", "))."
            return raised
        }
    }
}

/// Sockets by the PIDs holding them.
struct SocketIndex {
    var all: [SocketRecord]
    var byPID: [Int32: [SocketRecord]] = [:]

    init(_ sockets: [SocketRecord]) {
        self.all = sockets
        for socket in sockets {
            for pid in socket.pids { self.byPID[pid, default: []].append(socket) }
        }
    }

    /// Whether a socket has a peer (an outgoing or accepted connection, TCP or connected UDP).
    static func isConnected(_ socket: SocketRecord) -> Bool {
        guard !socket.remote.ip.isUnspecified else { return false }
        return socket.state == "ESTABLISHED" || socket.state == "SYN_SENT"
    }

    /// The peers of a process's connected sockets, IPv4-mapped addresses as IPv4, sorted.
    static func remoteEndpoints(_ sockets: [SocketRecord]) -> [Endpoint] {
        Array(Set(sockets.filter(Self.isConnected).map { Endpoint(ip: $0.remote.ip.unmapped, port: $0.remote.port) }))
            .sorted()
    }

    /// A socket as one line of text for evidence (`tcp 10.0.0.5:40112 → 1.2.3.4:3333 ESTABLISHED …`).
    static func describe(_ socket: SocketRecord) -> String {
        let holders = socket.pids.isEmpty ? "?" : socket.pids.map(String.init).joined(separator: ",")
        return
            "\(socket.table) \(socket.label) \(socket.state) uid=\(socket.userID) inode=\(socket.inode) "
            + "pids=\(holders) (/proc/net/\(socket.table) line \(socket.line))"
    }
}

extension IPAddress {
    /// Whether this is `0.0.0.0` or `::`.
    var isUnspecified: Bool {
        switch self {
        case .v4(let value): value == 0
        case .v6(let high, let low): high == 0 && low == 0
        }
    }

    /// Whether this is a loopback address (`127/8`, `::1`, or `::ffff:127.x.x.x`).
    var isLoopback: Bool {
        switch self.unmapped {
        case .v4(let value): value >> 24 == 127
        case .v6(let high, let low): high == 0 && low == 1
        }
    }

    /// An IPv4-mapped IPv6 address (`::ffff:1.2.3.4`) as IPv4; other addresses unchanged.
    var unmapped: IPAddress {
        guard case .v6(let high, let low) = self, high == 0, low >> 32 == 0xFFFF else { return self }
        return .v4(UInt32(truncatingIfNeeded: low))
    }
}
