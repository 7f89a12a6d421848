import PaichaCore

extension PersistenceChecks {
    /// The key files sshd reads by default, below a home directory.
    static let authorizedKeyFiles = [".ssh/authorized_keys", ".ssh/authorized_keys2"]

    /// A key and where it was found.
    struct KeyLine {
        var key: AuthorizedKey
        var account: HostAccount
        var path: String
        var number: Int
        var line: Substring
    }

    /// Reports unexpected `authorized_keys` entries. "Unexpected" is, conservatively:
    ///
    /// - the comment carries a known campaign's marker (`HostIndicators.sshKeyMarkers`): high;
    /// - `SweepConfiguration.expectedKeys` is given and the key's fingerprint is not in it: medium;
    /// - the account cannot log in (`nologin`, `false`) yet has keys (keys planted through a service): medium;
    /// - a forced command (`command="…"`): as serious as its command's signs, low when it shows none;
    /// - the same key in several accounts: low.
    ///
    /// A key in the expected list is never reported. A recent modification time alone is not reported (adding
    /// keys is ordinary administration); each finding quotes it as evidence.
    func authorizedKeys(
        _ context: inout SweepContext,
        accounts: [HostAccount],
        examined: inout [(path: String, role: String)]
    ) -> [HostFinding] {
        var keys: [KeyLine] = []
        var modified: [String: Timestamp] = [:]
        for account in accounts {
            for file in Self.authorizedKeyFiles {
                let path = account.home + "/" + file
                guard context.fileSystem.exists(path) else { continue }
                guard let content = context.fileSystem.readText(path, statistics: &context.statistics) else { continue }
                examined.append((path, "authorized_keys file"))
                modified[path] = (try? context.fileSystem.info(path, followLastLink: true))?.modified
                for (number, line) in content.numberedLines {
                    guard let key = AuthorizedKey(line: line) else { continue }
                    keys.append(KeyLine(key: key, account: account, path: path, number: number, line: line))
                }
            }
        }
        let expected = context.configuration.expectedKeys
        var findings: [HostFinding] = []
        for entry in keys where !expected.contains(entry.key.fingerprint) {
            var severity: Severity?
            var confidence = Confidence.weak
            var reasons: [String] = []
            var analysis = CommandAnalysis()
            if let marker = context.indicators.sshKeyMarker(inComment: entry.key.comment) {
                severity = .high
                confidence = .likely
                reasons.append("its comment carries the marker \"\(marker.marker)\" of \(marker.campaign)")
            }
            if !expected.isEmpty {
                severity = max(severity ?? .medium, .medium)
                confidence = .likely
                reasons.append("it is not among the \(expected.count) expected keys")
            }
            if entry.account.cannotLogIn {
                severity = max(severity ?? .medium, .medium)
                reasons.append("account \(entry.account.name) has the no-login shell \(entry.account.shell ?? "")")
            }
            if let command = entry.key.forcedCommand {
                analysis = context.indicators.analyzeCommand(command)
                let commandSeverity = analysis.severity ?? .low
                severity = max(severity ?? commandSeverity, commandSeverity)
                if commandSeverity >= .high { confidence = .likely }
                reasons.append(
                    "it forces the command \"\(context.excerpt(command))\""
                        + (analysis.signs.isEmpty ? "" : " (\(analysis.summary))")
                )
            }
            guard let severity else { continue }
            findings.append(
                self.keyFinding(
                    entry,
                    severity: severity,
                    confidence: confidence,
                    reason: reasons.joined(separator: "; "),
                    analysis: analysis,
                    modified: modified[entry.path],
                    context: context
                )
            )
        }
        findings += self.duplicateKeys(keys, expected: expected, modified: modified, context: context)
        return findings
    }

    private func duplicateKeys(
        _ keys: [KeyLine],
        expected: Set<String>,
        modified: [String: Timestamp],
        context: SweepContext
    ) -> [HostFinding] {
        var findings: [HostFinding] = []
        let byFingerprint = Dictionary(grouping: keys, by: \.key.fingerprint)
        for fingerprint in byFingerprint.keys.sorted() where !expected.contains(fingerprint) {
            guard let entries = byFingerprint[fingerprint] else { continue }
            let accountNames = Set(entries.map(\.account.name)).sorted()
            guard accountNames.count > 1, let first = entries.first else { continue }
            var finding = self.keyFinding(
                first,
                severity: .low,
                confidence: .weak,
                reason: "the same key is authorized for accounts \(accountNames.joined(separator: ", "))",
                analysis: CommandAnalysis(),
                modified: modified[first.path],
                context: context
            )
            finding.subject = fingerprint
            for entry in entries.dropFirst() {
                finding.evidence.append(
                    Evidence(
                        label: "key of \(entry.account.name)",
                        excerpt: context.excerpt(entry.line),
                        location: EvidenceLocation(file: entry.path, record: Int64(entry.number))
                    )
                )
                if !finding.artifacts.contains(.file(path: entry.path)) {
                    finding.artifacts.append(.file(path: entry.path))
                }
            }
            findings.append(finding)
        }
        return findings
    }

    private func keyFinding(
        _ entry: KeyLine,
        severity: Severity,
        confidence: Confidence,
        reason: String,
        analysis: CommandAnalysis,
        modified: Timestamp?,
        context: SweepContext
    ) -> HostFinding {
        var evidence = [
            Evidence(
                label: "key of \(entry.account.name)",
                excerpt: context.excerpt(entry.line),
                location: EvidenceLocation(file: entry.path, record: Int64(entry.number))
            ),
            Evidence(
                label: "fingerprint",
                excerpt: entry.key.fingerprint,
                location: EvidenceLocation(file: entry.path)
            ),
        ]
        if let modified {
            evidence.append(
                Evidence(
                    label: "file modified",
                    excerpt: modified.rfc3339(fractionDigits: 0),
                    location: EvidenceLocation(file: entry.path)
                )
            )
        }
        evidence += analysis.signs.map { sign in
            Evidence(
                label: sign.kind.label,
                excerpt: context.excerpt(sign.detail),
                location: EvidenceLocation(file: entry.path)
            )
        }
        return HostFinding(
            check: "persistence.authorizedKeys",
            severity: severity,
            confidence: confidence,
            subject: "\(entry.path):\(entry.number) \(entry.key.type) \(entry.key.fingerprint)",
            reason: "SSH key of \(entry.account.name) in \(entry.path) line \(entry.number) (\(entry.key.fingerprint) "
                + "\(entry.key.comment)): \(reason)",
            evidence: evidence,
            artifacts: [.file(path: entry.path)]
        )
    }
}
