import PaichaHost

extension ScanDocument {
    /// What `paicha host` found on a mining IP's machine, joined by address.
    public struct HostSweepLink: Codable, Sendable, Hashable {
        /// The mining IP, as in `hosts`.
        public var ip: String
        /// The host sweep document it came from.
        public var file: String
        public var hostName: String?
        /// `live` or `offline`.
        public var mode: String
        /// When the sweep ended (absent if the sweep was deterministic).
        public var sweptAt: String?
        /// `miner`, `suspicious` or `clean`.
        public var verdict: String
        /// The sweep's findings of medium severity and above.
        public var findings: [HostDocument.Item]
        /// Paths the sweep could not read without root.
        public var notVisible: Int
        /// The evidence directory, when the sweep preserved evidence.
        public var evidenceDirectory: String?
    }

    /// Joins host sweep documents to the mining hosts whose IP the swept machine has; returns the
    /// sweeps that matched no mining IP (by file name), for a warning.
    @discardableResult
    public mutating func join(hostSweeps: [(file: String, document: HostDocument)]) -> [String] {
        var links: [HostSweepLink] = []
        var unmatched: [String] = []
        let miningIPs = Set(self.hosts.map(\.ip))
        for (file, sweep) in hostSweeps {
            let matched = sweep.host.addresses.filter { miningIPs.contains($0) }
            if matched.isEmpty { unmatched.append(file) }
            for ip in matched {
                links.append(
                    HostSweepLink(
                        ip: ip,
                        file: file,
                        hostName: sweep.host.hostName,
                        mode: sweep.inputs.first?.mode ?? "live",
                        sweptAt: sweep.host.finishedAt,
                        verdict: sweep.summary.verdict,
                        findings: sweep.findings.filter { $0.severity >= .medium },
                        notVisible: sweep.summary.notVisible,
                        evidenceDirectory: sweep.evidence?.directory
                    )
                )
            }
        }
        self.hostSweeps = links.sorted { ($0.ip, $0.file) < ($1.ip, $1.file) }
        return unmatched
    }

    /// The sweeps joined to a mining IP.
    public func hostSweeps(for ip: String) -> [HostSweepLink] {
        (self.hostSweeps ?? []).filter { $0.ip == ip }
    }
}
