import PaichaCore

/// Reports immutable or append-only files among those a group examined (`chattr +i` protects persistence).
///
/// The persistence, hiding and file groups each check their own files; the check is listed once, by `HidingChecks`.
enum AttributeCheck {
    static let description = CheckDescription(
        name: "hiding.immutable",
        severity: .medium,
        summary: "a miner, cron, unit, key or preload file carries the immutable or append-only attribute"
    )

    /// Findings for the paths with `i` or `a` set: high when the file was itself flagged, else medium.
    ///
    /// `role` names what the files are (`crontab`, `authorized_keys`); unsupported file systems are silent.
    static func findings(
        _ paths: [String],
        flagged: Set<String>,
        role: String,
        context: inout SweepContext
    ) -> [HostFinding] {
        var findings: [HostFinding] = []
        var seen = Set<String>()
        for path in paths where seen.insert(path).inserted {
            guard let attributes = FileAttributes.read(path, context: &context), !attributes.isEmpty else { continue }
            let isFlagged = flagged.contains(path)
            let words = [
                attributes.contains(.immutable) ? "immutable" : nil,
                attributes.contains(.appendOnly) ? "append-only" : nil,
            ].compactMap { $0 }.joined(separator: " and ")
            findings.append(
                HostFinding(
                    check: Self.description.name,
                    severity: isFlagged ? .high : .medium,
                    confidence: isFlagged ? .likely : .weak,
                    subject: path,
                    reason: "\(role) \(path) is \(words) (chattr +\(attributes.letters)), so it cannot be removed "
                        + "or changed until the attribute is cleared"
                        + (isFlagged ? "; the file itself was flagged" : ""),
                    evidence: [
                        Evidence(
                            label: "attributes",
                            excerpt: attributes.letters,
                            location: EvidenceLocation(file: path)
                        )
                    ],
                    artifacts: [.file(path: path)]
                )
            )
        }
        return findings
    }
}
