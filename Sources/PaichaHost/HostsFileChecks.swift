import PaichaCore
import PaichaMining

/// Reports `/etc/hosts` lines that pin a pool domain to an address.
///
/// Mining malware writes pool names into `/etc/hosts` so that the miner reaches its pool even where DNS
/// filtering blocks pool domains; an administrator has little reason to pin a pool's address. The
/// finding is medium and likely: it shows intent, not a miner running. On a live sweep a connection to
/// such an address is reported by `socket.poolName` as well.
public struct HostsFileChecks: HostCheckGroup {
    public let name = "names"

    public let checks = [
        CheckDescription(
            name: "names.hostsPool",
            severity: .medium,
            summary: "/etc/hosts pins a pool domain to an address (a way to get past DNS blocking of pools)"
        )
    ]

    /// Makes the group.
    public init() {}

    public func run(_ context: inout SweepContext) -> [HostFinding] {
        guard let content = context.fileSystem.readText("/etc/hosts", statistics: &context.statistics) else {
            return []
        }
        var findings: [HostFinding] = []
        for (number, line) in content.numberedLines {
            let body = line.prefix(while: { $0 != "#" })
            let fields = body.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 2, let address = IPAddress(fields[0]) else { continue }
            let pools = fields.dropFirst().map { $0.lowercased() }.filter {
                context.indicators.pools.match(name: $0) != nil
            }
            guard !pools.isEmpty else { continue }
            findings.append(
                HostFinding(
                    check: "names.hostsPool",
                    severity: .medium,
                    confidence: .likely,
                    subject: "/etc/hosts:\(number)",
                    reason: "/etc/hosts pins the pool domain\(pools.count == 1 ? "" : "s") "
                        + pools.joined(separator: ", ") + " to \(address)",
                    evidence: [
                        Evidence(
                            label: "hosts line",
                            excerpt: context.excerpt(line),
                            location: EvidenceLocation(file: "/etc/hosts", record: Int64(number))
                        )
                    ],
                    artifacts: [.file(path: "/etc/hosts")],
                    remoteEndpoints: []
                )
            )
        }
        return findings
    }
}
