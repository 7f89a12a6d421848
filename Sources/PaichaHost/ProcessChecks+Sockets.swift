import PaichaCore
import PaichaMining

/// The socket checks: connections to pool ports, to known pool addresses, and to addresses `/etc/hosts`
/// gives a pool name; one finding per socket and holding process (or one without a PID when the holder
/// could not be seen). Only outgoing connections are judged: a connection accepted on a local listening
/// port is inbound (a miner connects out to its pool), and its peer's port is the peer's own ephemeral
/// choice, which may happen to be a pool port.
struct SocketJudge {
    let context: SweepContext
    let sockets: SocketIndex
    let hosts: HostsFile

    private var pools: PoolIndicators { self.context.indicators.pools }

    func findings() -> [HostFinding] {
        var findings: [HostFinding] = []
        // Connections accepted by a local listener are inbound.
        var listening: Set<Endpoint> = []
        for socket in self.sockets.all where socket.table.hasPrefix("tcp") && socket.state == "LISTEN" {
            listening.insert(Endpoint(ip: socket.local.ip.unmapped, port: socket.local.port))
        }
        let processes = Dictionary(self.context.processes.map { ($0.pid, $0) }, uniquingKeysWith: { first, _ in first })
        for socket in self.sockets.all where SocketIndex.isConnected(socket) {
            let local = socket.local.ip.unmapped
            let inbound =
                listening.contains(Endpoint(ip: local, port: socket.local.port))
                || listening.contains(Endpoint(ip: local.isV4 ? .v4(0) : .v6(0, 0), port: socket.local.port))
                || listening.contains(Endpoint(ip: .v6(0, 0), port: socket.local.port))
            guard !inbound else { continue }
            for judgement in self.judge(socket) {
                let holders: [Int32?] = socket.pids.isEmpty ? [nil] : socket.pids.map { $0 }
                for pid in holders {
                    findings.append(self.finding(judgement, socket: socket, process: pid.flatMap { processes[$0] }))
                }
            }
        }
        return findings
    }

    /// One conclusion about a socket before it is tied to a process.
    struct Judgement {
        var check: String
        var severity: Severity
        var confidence: Confidence
        var reason: String
        var evidence: [Evidence]
    }

    private func judge(_ socket: SocketRecord) -> [Judgement] {
        var judgements: [Judgement] = []
        let remote = socket.remote.ip.unmapped
        let peer = Endpoint(ip: remote, port: socket.remote.port)
        if socket.table.hasPrefix("tcp"), let port = self.pools.poolPort(socket.remote.port) {
            let loopback = remote.isLoopback
            let note = port.note.map { " (\($0))" } ?? ""
            judgements.append(
                Judgement(
                    check: "socket.poolPort",
                    severity: loopback ? .low : .medium,
                    confidence: loopback ? .weak : .likely,
                    reason: "a \(socket.state) connection to \(peer), a well-known mining pool port\(note)"
                        + (loopback ? "; the peer is this machine (a local proxy or service)" : "") + ".",
                    evidence: []
                )
            )
        }
        if self.context.configuration.poolAddresses.contains(remote) {
            judgements.append(
                Judgement(
                    check: "socket.poolAddress",
                    severity: .high,
                    confidence: .likely,
                    reason: "a \(socket.state) connection to \(peer), an address known as a mining pool "
                        + "(pool addresses given to the sweep).",
                    evidence: []
                )
            )
        }
        for entry in self.hosts.entries(for: remote) {
            guard let match = self.pools.match(name: entry.name) else { continue }
            judgements.append(
                Judgement(
                    check: "socket.poolName",
                    severity: .high,
                    confidence: .likely,
                    reason: "a \(socket.state) connection to \(peer), which /etc/hosts names \(entry.name): "
                        + match.reason + ".",
                    evidence: [
                        Evidence(
                            label: "hosts entry",
                            excerpt: self.context.excerpt(entry.text),
                            location: .init(file: "/etc/hosts", record: Int64(entry.line))
                        )
                    ]
                )
            )
            break
        }
        return judgements
    }

    private func finding(_ judgement: Judgement, socket: SocketRecord, process: ProcessRecord?) -> HostFinding {
        let line = SocketIndex.describe(socket)
        var evidence = [
            Evidence(
                label: "socket",
                excerpt: line,
                location: .init(file: "/proc/net/\(socket.table)", record: Int64(socket.line))
            )
        ]
        evidence += judgement.evidence
        var artifacts: [Artifact] = []
        let subject: String
        let endpoints: [Endpoint]
        if let process {
            let facts = ProcessFacts(
                process: process,
                sockets: self.sockets.byPID[process.pid] ?? [socket],
                context: self.context
            )
            subject = "\(process.label): \(socket.table) \(socket.label)"
            if !process.arguments.isEmpty {
                evidence.append(
                    Evidence(
                        label: "command line",
                        excerpt: self.context.excerpt(process.commandLine),
                        location: .init(file: "/proc/\(process.pid)/cmdline")
                    )
                )
            }
            artifacts = facts.artifacts
            endpoints = SocketIndex.remoteEndpoints(facts.sockets)
        } else {
            subject = "socket \(socket.table) \(socket.label)"
            artifacts = [.text(name: "socket-\(socket.inode)-\(socket.table)-\(socket.line).txt", content: line + "\n")]
            endpoints = SocketIndex.remoteEndpoints([socket])
        }
        let holder = process.map { "\($0.label) holds " } ?? "a process that could not be seen holds "
        return HostFinding(
            check: judgement.check,
            severity: judgement.severity,
            confidence: judgement.confidence,
            subject: subject,
            reason: holder + judgement.reason,
            evidence: evidence,
            artifacts: artifacts,
            pid: process?.pid,
            remoteEndpoints: endpoints
        )
    }
}

/// The address-to-name lines of the swept system's `/etc/hosts`.
struct HostsFile {
    /// One name an address is given, with its line.
    struct Entry: Hashable {
        var name: String
        var line: Int
        var text: String
    }

    var names: [IPAddress: [Entry]] = [:]

    /// The names given to an address (IPv4-mapped addresses as IPv4).
    func entries(for address: IPAddress) -> [Entry] { self.names[address.unmapped] ?? [] }

    /// Reads `/etc/hosts` (absent: no names).
    static func read(_ fileSystem: HostFileSystem, statistics: inout SweepStatistics) -> HostsFile {
        guard let content = fileSystem.readText("/etc/hosts", statistics: &statistics) else { return HostsFile() }
        return Self.parse(content)
    }

    /// Parses `ADDRESS NAME [ALIAS…]` lines; `#` starts a comment; malformed lines are skipped.
    static func parse(_ content: FileContent) -> HostsFile {
        var hosts = HostsFile()
        for (number, line) in content.numberedLines {
            let body = line.prefix(while: { $0 != "#" })
            let fields = body.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 2, let address = IPAddress(fields[0]) else { continue }
            for name in fields.dropFirst() {
                hosts.names[address.unmapped, default: []].append(
                    Entry(name: String(name), line: number, text: String(line))
                )
            }
        }
        return hosts
    }
}
