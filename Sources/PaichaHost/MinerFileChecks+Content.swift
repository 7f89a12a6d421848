import PaichaCore

extension MinerFileChecks {
    /// A text every build of Paicha carries: a binary with it is this tool (its indicator strings match the
    /// signatures), reported as info rather than as a miner.
    static let selfMarker = "paicha-host-sweep:self-marker:a4f1c07e"

    /// The ELF magic number.
    static let elfMagic: [UInt8] = [0x7F, 0x45, 0x4C, 0x46]

    /// Streams an executable or script once: ELF files through the signature scanner (when `scanBinary`),
    /// scripts (`#!` or a script suffix) into text judged line by line; anything else stops after one chunk.
    func examineContent(
        _ path: String,
        info: FileInfo,
        scanBinary: Bool,
        scanScripts: Bool,
        minerName: HostIndicators.MinerName?,
        isScriptName: Bool,
        withinBudget: Bool = true,
        state: inout ScanState,
        context: inout SweepContext
    ) {
        enum Mode {
            case undecided, binary, script, done
        }
        let limits = context.configuration.limits
        // Cheap first: four bytes say whether the file is worth reading at all.
        guard let head = context.fileSystem.peek(path, count: 4, statistics: &context.statistics) else { return }
        let isELF = head.starts(with: Self.elfMagic)
        let isScript = !isELF && (head.starts(with: [0x23, 0x21]) || isScriptName)
        guard (isELF && scanBinary) || (isScript && scanScripts) else { return }
        if isELF && withinBudget && state.binaryBytesScanned >= limits.maximumBinaryScanTotalBytes {
            context.statistics.hit("maximumBinaryScanTotalBytes")
            return
        }
        var mode = Mode.undecided
        var scanner = SignatureScanner(
            signatures: state.indicators.binarySignatures,
            extraStrings: [Self.selfMarker]
        )
        var text: [UInt8] = []
        var scanned = 0
        var isCut = false
        do {
            try context.fileSystem.readChunks(path, statistics: &context.statistics) { chunk in
                if mode == .undecided {
                    if chunk.starts(with: Self.elfMagic) {
                        mode = scanBinary ? .binary : .done
                    } else if chunk.starts(with: [0x23, 0x21]) || isScriptName {
                        mode = scanScripts ? .script : .done
                    } else {
                        mode = .done
                    }
                }
                switch mode {
                case .binary:
                    let room = limits.maximumBinaryScanBytes - scanned
                    scanner.feed(chunk.prefix(room))
                    scanned += min(room, chunk.count)
                    if withinBudget { state.binaryBytesScanned += min(room, chunk.count) }
                    if scanner.isComplete { return false }
                    if scanned >= limits.maximumBinaryScanBytes {
                        isCut = true
                        return false
                    }
                    return true
                case .script:
                    let room = limits.maximumTextFileBytes - text.count
                    text += chunk.prefix(room)
                    if chunk.count > room {
                        isCut = true
                        return false
                    }
                    return true
                case .undecided, .done:
                    return false
                }
            }
        } catch {
            context.statistics.record(error)
            return
        }
        switch mode {
        case .binary:
            if isCut { context.statistics.hit("maximumBinaryScanBytes") }
            self.reportBinary(path, info: info, scanner: scanner, minerName: minerName, state: &state, context: context)
        case .script:
            if isCut { context.statistics.hit("maximumTextFileBytes") }
            let content = FileContent(path: path, bytes: text, size: info.size, isCut: isCut)
            self.reportScript(content, state: &state, context: context)
        case .undecided, .done:
            break
        }
    }

    private func reportBinary(
        _ path: String,
        info: FileInfo,
        scanner: SignatureScanner,
        minerName: HostIndicators.MinerName?,
        state: inout ScanState,
        context: SweepContext
    ) {
        let matches = scanner.matches(state.indicators.binarySignatures)
        guard !matches.isEmpty else { return }
        var evidence: [Evidence] = []
        for match in matches {
            for found in match.found {
                evidence.append(
                    Evidence(
                        label: "\(match.signature.family) string",
                        excerpt: found.string,
                        location: EvidenceLocation(file: path, offset: found.offset)
                    )
                )
            }
        }
        let families = matches.map(\.signature.family)
        // A build of Paicha carries the indicator strings it looks for, and its own marker.
        let isPaicha = scanner.offset(of: Self.selfMarker) != nil
        if let offset = scanner.offset(of: Self.selfMarker) {
            evidence.append(
                Evidence(
                    label: "Paicha's marker",
                    excerpt: Self.selfMarker,
                    location: EvidenceLocation(file: path, offset: offset)
                )
            )
        }
        // The binary finding names the miner name too; a separate name finding would repeat it.
        state.findings.removeAll { $0.check == "files.minerName" && $0.subject == path }
        state.findings.append(
            HostFinding(
                check: "files.minerBinary",
                severity: isPaicha ? .info : .high,
                confidence: isPaicha ? .weak : .likely,
                subject: path,
                reason: "\(path) carries the content signature of \(families.joined(separator: ", "))"
                    + (minerName.map { " and is named like \($0.family)" } ?? "")
                    + (isPaicha
                        ? ", and Paicha's own marker: a build of this tool, whose indicator strings match" : ""),
                evidence: evidence,
                artifacts: [.file(path: path)]
            )
        )
    }

    private func reportScript(_ content: FileContent, state: inout ScanState, context: SweepContext) {
        guard state.mayShowSigns(content.bytes) else { return }
        var mining = CommandAnalysis()
        var miningLines: [(number: Int, text: Substring)] = []
        var kills = CommandAnalysis()
        var killLines: [(number: Int, text: Substring)] = []
        for (number, line) in PersistenceChecks.logicalLines(content) {
            let analysis = state.indicators.analyzeCommand(line)
            let killSigns = analysis.signs.filter { $0.kind == .killPattern }
            let otherSigns = analysis.signs.filter { $0.kind != .killPattern }
            if !killSigns.isEmpty {
                for sign in killSigns { kills.add(sign.kind, sign.detail) }
                killLines.append((number, line))
            }
            if otherSigns.contains(where: { Self.miningSigns.contains($0.kind) || $0.kind == .poolDomain }) {
                for sign in otherSigns { mining.add(sign.kind, sign.detail) }
                miningLines.append((number, line))
            }
        }
        let path = content.path
        let launchesMiner = mining.signs.contains { Self.miningSigns.contains($0.kind) }
        if !miningLines.isEmpty {
            var finding = PersistenceChecks.finding(
                check: "files.minerScript",
                severity: launchesMiner ? .high : .medium,
                analysis: mining,
                subject: path,
                reason: "script \(path): \(mining.summary)",
                lines: miningLines,
                path: path,
                context: context
            )
            finding.confidence = launchesMiner ? .likely : .weak
            state.findings.append(finding)
        }
        if !killLines.isEmpty {
            let count = kills.signs.count
            let severity: Severity = launchesMiner || count >= 3 ? .high : count == 2 ? .medium : .low
            var finding = PersistenceChecks.finding(
                check: "files.killScript",
                severity: severity,
                analysis: kills,
                subject: path,
                reason: "script \(path) kills competitors or security agents with \(count) known "
                    + (count == 1 ? "pattern" : "patterns") + (launchesMiner ? " and starts a miner" : ""),
                lines: killLines,
                path: path,
                context: context
            )
            finding.confidence = severity >= .high ? .likely : .weak
            state.findings.append(finding)
        }
    }
}
