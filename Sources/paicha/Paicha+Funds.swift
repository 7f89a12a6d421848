import ArgumentParser
import Foundation
import PaichaCapture
import PaichaCore
import PaichaFunds
import PaichaScan

extension Paicha {
    /// `paicha funds`: laundering patterns in ledgers, and tracing funds.
    struct Funds: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "funds",
            abstract: "Find laundering patterns in ledgers and trace funds.",
            discussion: """
                Reads ledgers as CSV: IBM AMLSim transactions.csv and tx_log.csv and IBM AMLworld *_Trans.csv are \
                recognised by their headers; any other CSV is read through a column mapping. See docs/funds.md.
                """,
            subcommands: [Scan.self, Trace.self]
        )
    }
}

/// Options shared by `funds scan` and `funds trace`: inputs, layout, output.
struct FundsLedgerOptions: ParsableArguments {
    @Argument(help: "Ledger CSV files (optionally gzip-compressed), or '-' for standard input.")
    var inputs: [String] = []

    @Option(help: "The layout: auto, generic, amlsim, amlsim-tx-log, amlworld.")
    var layout: String = "auto"

    @Option(help: "Decimal places kept in amounts (finer amounts are bad rows, never rounded).")
    var scale: Int?

    @Option(help: "The currency of transfers whose ledger names none.")
    var currency: String = ""

    @Option(help: "Generic layout: the id column.") var idColumn: String?
    @Option(help: "Generic layout: the time column.") var timeColumn: String?
    @Option(help: "Generic layout: the sender column.") var fromColumn: String?
    @Option(help: "Generic layout: the receiver column.") var toColumn: String?
    @Option(help: "Generic layout: the amount column.") var amountColumn: String?
    @Option(help: "Generic layout: the currency column.") var currencyColumn: String?
    @Option(help: "Generic layout: the channel (transfer type) column.") var channelColumn: String?

    @Flag(help: "Stop at the first bad row instead of reporting it and going on.")
    var strict = false

    @Option(name: .shortAndLong, help: "The output format: text, json, csv, dot, html.")
    var format: String = "text"

    @Option(help: "Also write the result as one self-contained HTML page (SVG graphs and tables) to this file.")
    var html: String?

    @Option(name: .shortAndLong, help: "Write the result to this file instead of standard output.")
    var output: String?

    @Flag(help: "Leave out the generation time so that the same inputs give byte-identical output.")
    var deterministic = false

    @Flag(help: "Write the time each stage took (read, scan or trace) to standard error.")
    var timings = false

    @Flag(inversion: .prefixedNo, help: "Show progress on standard error (default: when it is a terminal).")
    var progress: Bool?

    func validate() throws {
        if self.inputs.isEmpty { throw ValidationError("Name at least one ledger file, or '-' for standard input.") }
        if self.inputs.filter({ $0 == "-" }).count > 1 {
            throw ValidationError("Standard input ('-') can be read once.")
        }
        if FundsOutputFormat(rawValue: self.format) == nil {
            throw ValidationError("--format must be text, json, csv, dot or html.")
        }
        if let scale = self.scale, !(0...18).contains(scale) { throw ValidationError("--scale must be 0…18.") }
        _ = try self.readOptions()
        for file in self.inputs where file != "-" {
            if !FileManager.default.fileExists(atPath: file) { throw ValidationError("No such file: \(file)") }
        }
    }

    func readOptions() throws -> LedgerReadOptions {
        let mapped = [
            self.idColumn, self.timeColumn, self.fromColumn, self.toColumn, self.amountColumn,
            self.currencyColumn, self.channelColumn,
        ].contains { $0 != nil }
        var layout: LedgerLayout?
        switch self.layout {
        case "auto": layout = mapped ? .generic(self.mapping()) : nil
        case "generic": layout = .generic(mapped ? self.mapping() : nil)
        case "amlsim": layout = .amlsimTransactions
        case "amlsim-tx-log": layout = .amlsimTxLog(base: LedgerLayout.amlsimBaseDate)
        case "amlworld": layout = .amlworld
        default: throw ValidationError("--layout must be auto, generic, amlsim, amlsim-tx-log or amlworld.")
        }
        var options = LedgerReadOptions(layout: layout, scale: self.scale ?? (self.layout == "amlworld" ? 6 : 2))
        options.defaultCurrency = self.currency
        options.strict = self.strict
        return options
    }

    func mapping() -> ColumnMapping {
        let base = ColumnMapping()
        return ColumnMapping(
            id: self.idColumn ?? base.id,
            time: self.timeColumn ?? base.time,
            from: self.fromColumn ?? base.from,
            to: self.toColumn ?? base.to,
            amount: self.amountColumn ?? base.amount,
            currency: self.currencyColumn ?? base.currency,
            channel: self.channelColumn ?? base.channel,
            fromBalanceAfter: nil,
            toBalanceAfter: nil
        )
    }

    /// Reads every input; a failure in one input is reported in its entry and ends the command with status 1.
    func read() throws -> (Ledger, LedgerReader, [FundsInputDocument], failed: Bool) {
        var reader = LedgerReader(options: try self.readOptions())
        var documents: [FundsInputDocument] = []
        var failed = false
        let showProgress = self.progress ?? (isatty(STDERR_FILENO) == 1)
        for name in self.inputs {
            let before = reader.inputs.count
            var failure: String?
            var input: ScanInput?
            do {
                let opened = try ScanInput(path: name)
                input = opened
                // Read and parsed on a second thread while this one builds the ledger.
                let meter = ProgressMeter(enabled: showProgress, name: name, totalBytes: opened.fileSize)
                defer { meter.done() }
                let source = SourceBox(opened, meter: meter)
                try reader.read(file: name) { try source.read(into: $0) }
            } catch {
                failed = true
                var text = "\(error)"
                if !text.hasPrefix(name) { text = name + ": " + text }
                failure = text
            }
            let summary = reader.inputs.count > before ? reader.inputs.last : nil
            documents.append(
                FundsInputDocument(
                    file: name,
                    bytes: input?.bytesRead ?? 0,
                    sha256: input?.sha256() ?? "",
                    layout: summary?.layout ?? "",
                    rows: summary?.rows ?? 0,
                    transfers: summary?.transfers ?? 0,
                    badRows: summary?.badRows ?? 0,
                    error: failure
                )
            )
        }
        return (reader.builder.build(), reader, documents, failed)
    }

    /// Runs `body`, writing how long it took to standard error under `--timings`.
    func timed<T>(_ stage: String, _ body: () throws -> T) rethrows -> T {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try body()
        if self.timings {
            let elapsed = clock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            writeToStandardError("paicha: \(stage): \(Units.fixed(seconds, decimals: 3)) s\n")
        }
        return result
    }

    /// Writes `document` in the chosen format, and as HTML under `--html`.
    func write<P>(_ document: FundsDocument<P>) throws {
        if let html = self.html {
            try Data(document.html().utf8).write(to: URL(fileURLWithPath: html))
        }
        try self.write(try document.rendered(as: FundsOutputFormat(rawValue: self.format)!))
    }

    func write(_ text: String) throws {
        if let output = self.output {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output))
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    var generatedAt: String? {
        self.deterministic ? nil : Timestamp.now().rfc3339(fractionDigits: 0)
    }
}

/// Parses a duration: `90` or `90s`, `15m`, `6h`, `7d`, `2w`.
func fundsDuration(_ text: String, option: String) throws -> Int64 {
    let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
    var digits = Substring(text)
    var unit: Int64 = 1
    if let last = digits.last, let scale = units[last] {
        unit = scale
        digits = digits.dropLast()
    }
    guard let value = Int64(digits), value >= 0 else {
        throw ValidationError("\(option) must be a duration such as 90s, 15m, 6h, 7d or 2w.")
    }
    return value * unit
}

extension Paicha.Funds {
    /// `paicha funds scan`: every pattern hit, with its accounts, transfers and score.
    struct Scan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "scan",
            abstract:
                "Find laundering patterns: collection then drain, fans, cycles, pass-through, structuring, layering, layered groups.",
            discussion: "Exit status: 0 scanned, 1 bad input (what was read is still scanned and reported), 2 usage."
        )

        @OptionGroup var ledger: FundsLedgerOptions

        @Option(
            parsing: .upToNextOption,
            help: "Patterns to run (default all): \(FundsPattern.allCases.map(\.rawValue).joined(separator: ", "))."
        )
        var patterns: [String] = []

        @Option(help: "Fan-in/fan-out window (e.g. 7d).") var fanWindow: String?
        @Option(help: "Fan-in/fan-out: fewest distinct counterparties.") var fanMinimum: Int?
        @Option(help: "Cycles: longest cycle.") var cycleMaxLength: Int?
        @Option(help: "Cycles: shortest cycle.") var cycleMinLength: Int?
        @Option(help: "Cycles: window from first to last transfer (e.g. 30d).") var cycleWindow: String?
        @Option(help: "Collection then drain: collection window.") var collectionWindow: String?
        @Option(help: "Collection then drain: fewest distinct senders.") var collectionSenders: Int?
        @Option(help: "Collection then drain: drain window.") var drainWindow: String?
        @Option(help: "Collection then drain: most drain debits.") var drainTransfers: Int?
        @Option(help: "Collection then drain: balance left after the drain, as a fraction of before.")
        var drainResidual: Double?
        @Option(help: "Pass-through: window.") var passWindow: String?
        @Option(help: "Pass-through: |in − out| tolerance as a fraction of in.") var passTolerance: Double?
        @Option(help: "Pass-through: fewest distinct counterparties.") var passCounterparties: Int?
        @Option(help: "Structuring: cash threshold (major units).") var cashThreshold: Int64?
        @Option(help: "Structuring: personal domestic transfer threshold.") var personalThreshold: Int64?
        @Option(help: "Structuring: personal cross-border transfer threshold.") var crossBorderThreshold: Int64?
        @Option(help: "Structuring: corporate transfer threshold.") var corporateThreshold: Int64?
        @Option(help: "Structuring: corporate account (repeatable).") var corporateAccount: [String] = []
        @Option(help: "Structuring: margin below a threshold, as a fraction.") var structuringMargin: Double?
        @Option(help: "Structuring: fewest transfers in the window.") var structuringCount: Int?
        @Option(help: "Structuring: window.") var structuringWindow: String?
        @Option(help: "Scatter-gather: window.") var scatterWindow: String?
        @Option(help: "Scatter-gather: fewest intermediates.") var scatterMinimum: Int?
        @Option(help: "Gather-scatter: window of each phase.") var gatherWindow: String?
        @Option(help: "Gather-scatter: fewest senders and fewest receivers.") var gatherMinimum: Int?
        @Option(help: "Layering: fewest hops in a chain.") var layeringHops: Int?
        @Option(help: "Layering: longest hold at each account (e.g. 2d).") var layeringHold: String?
        @Option(help: "Layering: most of the amount lost per hop, as a fraction.") var layeringLoss: Double?
        @Option(help: "Layered groups: fewest hops from layer to layer.") var groupHops: Int?
        @Option(help: "Layered groups: fewest accounts in each layer.") var groupSize: Int?
        @Option(help: "Layered groups: window of the whole structure (e.g. 7d).") var groupWindow: String?
        @Option(help: "Layered groups: least share of transfers going layer to layer, as a fraction.")
        var groupShare: Double?
        @Option(help: "Layered groups: how far a hop's total may differ from the hop before, as a fraction.")
        var groupTolerance: Double?
        @Option(help: "Layered groups: least share of a hop's possible sender-receiver pairs that it links.")
        var groupDensity: Double?

        func validate() throws {
            _ = try self.parameters()
        }

        func parameters() throws -> FundsScanParameters {
            var p = FundsScanParameters()
            if !self.patterns.isEmpty {
                p.patterns = try self.patterns.flatMap { $0.split(separator: ",") }.map { name in
                    guard let pattern = FundsPattern(rawValue: String(name)) else {
                        throw ValidationError(
                            "Unknown pattern \(name); use \(FundsPattern.allCases.map(\.rawValue).joined(separator: ", "))."
                        )
                    }
                    return pattern
                }
            }
            func positive(_ value: Int?, _ option: String, minimum: Int = 1) throws -> Int? {
                guard let value else { return nil }
                if value < minimum { throw ValidationError("\(option) must be at least \(minimum).") }
                return value
            }
            func fraction(_ value: Double?, _ option: String) throws -> Double? {
                guard let value else { return nil }
                if !(0...1).contains(value) { throw ValidationError("\(option) must be between 0 and 1.") }
                return value
            }
            func window(_ text: String?, _ option: String) throws -> Int64? {
                try text.map { try fundsDuration($0, option: option) }
            }
            if let v = try window(self.fanWindow, "--fan-window") {
                (p.fanIn.windowSeconds, p.fanOut.windowSeconds) = (v, v)
            }
            if let v = try positive(self.fanMinimum, "--fan-minimum", minimum: 2) {
                (p.fanIn.minimumCounterparties, p.fanOut.minimumCounterparties) = (v, v)
            }
            if let v = try positive(self.cycleMaxLength, "--cycle-max-length", minimum: 2) { p.cycle.maximumLength = v }
            if let v = try positive(self.cycleMinLength, "--cycle-min-length", minimum: 2) { p.cycle.minimumLength = v }
            if let v = try window(self.cycleWindow, "--cycle-window") { p.cycle.windowSeconds = v }
            if let v = try window(self.collectionWindow, "--collection-window") {
                p.collectThenDrain.collectionWindowSeconds = v
            }
            if let v = try positive(self.collectionSenders, "--collection-senders") {
                p.collectThenDrain.minimumSenders = v
            }
            if let v = try window(self.drainWindow, "--drain-window") { p.collectThenDrain.drainWindowSeconds = v }
            if let v = try positive(self.drainTransfers, "--drain-transfers") {
                p.collectThenDrain.maximumDrainTransfers = v
            }
            if let v = try fraction(self.drainResidual, "--drain-residual") { p.collectThenDrain.residualFraction = v }
            if let v = try window(self.passWindow, "--pass-window") { p.passThrough.windowSeconds = v }
            if let v = try fraction(self.passTolerance, "--pass-tolerance") { p.passThrough.tolerance = v }
            if let v = try positive(self.passCounterparties, "--pass-counterparties") {
                p.passThrough.minimumCounterparties = v
            }
            for (value, option) in [
                (self.cashThreshold, "--cash-threshold"), (self.personalThreshold, "--personal-threshold"),
                (self.crossBorderThreshold, "--cross-border-threshold"),
                (self.corporateThreshold, "--corporate-threshold"),
            ] where value.map({ $0 <= 0 }) ?? false {
                throw ValidationError("\(option) must be positive.")
            }
            if let v = self.cashThreshold { p.structuring.cashThreshold = v }
            if let v = self.personalThreshold { p.structuring.personalDomesticThreshold = v }
            if let v = self.crossBorderThreshold { p.structuring.personalCrossBorderThreshold = v }
            if let v = self.corporateThreshold { p.structuring.corporateThreshold = v }
            if !self.corporateAccount.isEmpty { p.structuring.corporateAccounts = self.corporateAccount }
            if let v = try fraction(self.structuringMargin, "--structuring-margin") { p.structuring.margin = v }
            if let v = try positive(self.structuringCount, "--structuring-count") { p.structuring.minimumCount = v }
            if let v = try window(self.structuringWindow, "--structuring-window") { p.structuring.windowSeconds = v }
            if let v = try window(self.scatterWindow, "--scatter-window") { p.scatterGather.windowSeconds = v }
            if let v = try positive(self.scatterMinimum, "--scatter-minimum", minimum: 2) {
                p.scatterGather.minimumIntermediates = v
            }
            if let v = try window(self.gatherWindow, "--gather-window") { p.gatherScatter.windowSeconds = v }
            if let v = try positive(self.gatherMinimum, "--gather-minimum") {
                (p.gatherScatter.minimumSenders, p.gatherScatter.minimumReceivers) = (v, v)
            }
            if let v = try positive(self.layeringHops, "--layering-hops", minimum: 2) { p.layering.minimumHops = v }
            if let v = try window(self.layeringHold, "--layering-hold") { p.layering.maximumHoldSeconds = v }
            if let v = try fraction(self.layeringLoss, "--layering-loss") { p.layering.maximumLossPerHop = v }
            if let v = try positive(self.groupHops, "--group-hops") { p.layeredGroups.minimumHops = v }
            if let v = try positive(self.groupSize, "--group-size") { p.layeredGroups.minimumLayerSize = v }
            if let v = try window(self.groupWindow, "--group-window") { p.layeredGroups.windowSeconds = v }
            if let v = try fraction(self.groupShare, "--group-share") { p.layeredGroups.minimumShare = v }
            if let v = try fraction(self.groupTolerance, "--group-tolerance") { p.layeredGroups.amountTolerance = v }
            if let v = try fraction(self.groupDensity, "--group-density") { p.layeredGroups.minimumDensity = v }
            return p
        }

        func run() async throws {
            let parameters = try self.parameters()
            let (ledger, reader, inputs, failed) = try self.ledger.timed("read") { try self.ledger.read() }
            let timings = self.ledger.timings
            let (alerts, statistics) = self.ledger.timed("scan") {
                ledger.scan(parameters) { pattern, wall, cpu in
                    guard timings else { return }
                    writeToStandardError(
                        "paicha: scan \(pattern.rawValue): \(Units.fixed(wall, decimals: 6)) s (CPU \(Units.fixed(cpu, decimals: 6)) s)\n"
                    )
                }
            }
            let document = FundsDocument(
                version: PaichaVersion.current,
                command: "funds scan",
                generatedAt: self.ledger.generatedAt,
                inputs: inputs,
                parameters: ScanParametersDocument(read: ReadParametersDocument(reader.options), patterns: parameters),
                ledger: LedgerSummaryDocument(ledger),
                badRows: reader.badRows,
                badRowCount: reader.badRowCount,
                statistics: statistics,
                alerts: alerts.map { AlertDocument($0, ledger: ledger) }
            )
            try self.ledger.write(document)
            if failed { throw ExitCode(1) }
        }
    }

    /// `paicha funds trace`: where money from an account or transfer went (or came from), under each policy.
    struct Trace: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "trace",
            abstract: "Trace funds forward or backward under poison, haircut, FIFO and LIFO.",
            discussion: """
                --from ACCOUNT traces its debits forward; --to ACCOUNT traces its credits backward; \
                --transfer ID traces one transfer (forward, or backward with --backward). \
                Exit status: 0 traced, 1 bad input or unknown account/transfer, 2 usage.
                """
        )

        @OptionGroup var ledger: FundsLedgerOptions

        @Option(help: "Trace this account's debits forward.") var from: String?
        @Option(help: "Trace this account's credits backward.") var to: String?
        @Option(help: "Trace this transfer (by the ledger's id, or line number when it has none).") var transfer:
            String?
        @Flag(help: "With --transfer: trace backward.") var backward = false
        @Option(help: "Only transfers at or after this time (RFC 3339 or YYYY-MM-DD).") var since: String?
        @Option(help: "Only transfers at or before this time.") var until: String?
        @Option(help: "The most hops followed.") var depth: Int = TraceParameters().maximumDepth
        @Option(help: "The most paths reported per policy.") var maxPaths: Int = TraceParameters().maximumPaths
        @Option(
            parsing: .upToNextOption,
            help: "Policies (default all): \(TracePolicy.allCases.map(\.rawValue).joined(separator: ", "))."
        )
        var policies: [String] = []

        func validate() throws {
            let chosen = [self.from, self.to, self.transfer].compactMap { $0 }
            if chosen.count != 1 { throw ValidationError("Give exactly one of --from, --to and --transfer.") }
            if self.backward, self.transfer == nil { throw ValidationError("--backward goes with --transfer.") }
            if self.depth < 1 { throw ValidationError("--depth must be at least 1.") }
            if self.maxPaths < 0 { throw ValidationError("--max-paths must not be negative.") }
            _ = try self.parameters()
            _ = try self.chosenPolicies()
        }

        func chosenPolicies() throws -> [TracePolicy] {
            if self.policies.isEmpty { return TracePolicy.allCases }
            return try self.policies.flatMap { $0.split(separator: ",") }.map { name in
                guard let policy = TracePolicy(rawValue: String(name)) else {
                    throw ValidationError("Unknown policy \(name); use poison, haircut, fifo or lifo.")
                }
                return policy
            }
        }

        func parameters() throws -> TraceParameters {
            var parameters = TraceParameters()
            parameters.direction = self.to != nil || self.backward ? .backward : .forward
            parameters.maximumDepth = self.depth
            parameters.maximumPaths = self.maxPaths
            for (text, option) in [(self.since, "--since"), (self.until, "--until")] {
                guard let text else { continue }
                guard let time = LedgerTimeFormat.automatic.parse(text) else {
                    throw ValidationError("\(option) must be a time such as 2021-06-01 or 2021-06-01T08:00:00Z.")
                }
                if option == "--since" { parameters.since = time } else { parameters.until = time }
            }
            if let since = parameters.since, let until = parameters.until, since > until {
                throw ValidationError("--since is after --until.")
            }
            return parameters
        }

        func run() async throws {
            let parameters = try self.parameters()
            let (ledger, reader, inputs, failed) = try self.ledger.timed("read") { try self.ledger.read() }
            let source: TraceSource
            if let name = self.from ?? self.to {
                guard let account = ledger.account(named: name) else {
                    throw FundsError(.unknownAccount, "no account \(name) in the ledger")
                }
                source = .account(account)
            } else {
                guard let edge = ledger.transfer(withID: self.transfer!) else {
                    throw FundsError(.unknownTransfer, "no transfer \(self.transfer!) in the ledger")
                }
                source = .transfer(edge)
            }
            let policies = try self.chosenPolicies()
            let results = self.ledger.timed("trace") { policies.map { ledger.trace(source, policy: $0, parameters) } }
            let document = FundsDocument(
                version: PaichaVersion.current,
                command: "funds trace",
                generatedAt: self.ledger.generatedAt,
                inputs: inputs,
                parameters: TraceParametersDocument(read: ReadParametersDocument(reader.options), trace: parameters),
                ledger: LedgerSummaryDocument(ledger),
                badRows: reader.badRows,
                badRowCount: reader.badRowCount,
                trace: TraceDocument(source: source, results: results, ledger: ledger)
            )
            try self.ledger.write(document)
            if failed { throw ExitCode(1) }
        }
    }
}

/// An input's byte source and its progress line, handed to the reading thread of
/// `LedgerReader.read(file:chunkSize:from:)`, which is their only user until the read returns.
private final class SourceBox: @unchecked Sendable {
    private var source: any ByteSource
    private let input: ScanInput
    private let meter: ProgressMeter

    init(_ input: ScanInput, meter: ProgressMeter) {
        self.source = input.source
        self.input = input
        self.meter = meter
    }

    /// Reads the next bytes, and redraws the progress line with the bytes read from the stored file so far.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = try self.source.read(into: buffer)
        self.meter.update(bytes: self.input.bytesRead)
        return count
    }
}
