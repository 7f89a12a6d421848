import PaichaCore

/// Output formats of `paicha funds`.
public enum FundsOutputFormat: String, Sendable, Hashable, CaseIterable {
    /// An aligned summary for people.
    case text
    /// The whole document, keys sorted.
    case json
    /// One row per alert transfer (scan) or per policy destination (trace).
    case csv
    /// Graphviz DOT: one cluster per alert (scan) or per policy's paths (trace).
    case dot
    /// One self-contained page with each alert or policy drawn as inline SVG, and the tables.
    case html
}

/// One transfer as written in outputs.
public struct TransferDocument: Encodable, Hashable, Sendable {
    /// The ledger's id (or line number).
    public var id: String
    /// Sender.
    public var from: String
    /// Receiver.
    public var to: String
    /// RFC 3339 UTC.
    public var time: String
    /// Decimal string.
    public var amount: String
    /// Currency code (empty if the ledger names none).
    public var currency: String
    /// Channel (empty if none).
    public var channel: String

    init(_ ledger: Ledger, _ edge: Int32) {
        let index = Int(edge)
        self.id = ledger.transferID(edge)
        self.from = ledger.accountNames[Int(ledger.from[index])]
        self.to = ledger.accountNames[Int(ledger.to[index])]
        self.time = FundsDocumentTime.format(ledger.time[index])
        self.amount = ledger.amountText(ledger.amount[index])
        self.currency = ledger.currencies[Int(ledger.currency[index])]
        self.channel = ledger.channels[Int(ledger.channel[index])]
    }
}

/// One alert as written in outputs.
public struct AlertDocument: Encodable, Hashable, Sendable {
    /// Pattern name.
    public var pattern: String
    /// `funds.<pattern>`.
    public var kind: String
    /// The focus account.
    public var account: String
    /// Every account involved, the focus first.
    public var accounts: [String]
    /// Score (≥ 1 at the thresholds), six decimals.
    public var score: String
    /// First transfer time.
    public var start: String
    /// Last transfer time.
    public var end: String
    /// Σ transfer amounts.
    public var totalAmount: String
    /// Why.
    public var reason: String
    /// The transfers.
    public var transfers: [TransferDocument]
    /// Layered groups: the accounts of each layer, L0 first (absent for other patterns).
    public var layers: [[String]]?

    /// Makes the document form of `alert`.
    public init(_ alert: FundsAlert, ledger: Ledger) {
        self.pattern = alert.pattern.rawValue
        self.kind = alert.pattern.kind
        self.account = ledger.accountNames[Int(alert.accounts[0])]
        self.accounts = alert.accounts.map { ledger.accountNames[Int($0)] }
        self.score = Units.fixed(alert.score, decimals: 6)
        self.start = FundsDocumentTime.format(alert.start)
        self.end = FundsDocumentTime.format(alert.end)
        self.totalAmount = ledger.amountText(alert.transfers.reduce(Int64(0)) { $0 &+ ledger.amount[Int($1)] })
        self.reason = alert.reason
        self.transfers = alert.transfers.map { TransferDocument(ledger, $0) }
        if !alert.layers.isEmpty {
            var layers: [[String]] = []
            var next = 0
            for size in alert.layers {
                layers.append(
                    self.accounts[min(next, self.accounts.count)..<min(next + size, self.accounts.count)].map { $0 }
                )
                next += size
            }
            self.layers = layers
        }
    }
}

/// One policy's trace as written in outputs.
public struct PolicyTraceDocument: Encodable, Hashable, Sendable {
    /// One destination.
    public struct Destination: Encodable, Hashable, Sendable {
        /// The account.
        public var account: String
        /// `held + atDepthLimit`.
        public var amount: String
        /// Still there at the end of the time bounds.
        public var held: String
        /// Stopped there at the depth limit.
        public var atDepthLimit: String
    }

    /// One path.
    public struct Path: Encodable, Hashable, Sendable {
        /// Where it ended.
        public var account: String
        /// The amount that ended along it.
        public var amount: String
        /// Stopped at the depth limit (else held).
        public var atDepthLimit: Bool
        /// The hops, in the direction traced.
        public var hops: [TransferDocument]
    }

    /// The policy.
    public var policy: String
    /// Σ destination amounts.
    public var tracedAmount: String
    /// Whether traced amount = source amount (always, except under poison).
    public var conserved: Bool
    /// Transfers that moved traced money.
    public var taintedTransfers: Int64
    /// Limits hit.
    public var pathNodesCut: Int64
    /// Haircut portions merged.
    public var portionsMerged: Int64
    /// Destinations, largest first.
    public var destinations: [Destination]
    /// The largest paths.
    public var paths: [Path]

    init(_ result: TraceResult, ledger: Ledger, maximumDestinations: Int) {
        self.policy = result.policy.rawValue
        self.tracedAmount = ledger.amountText(result.tracedAmount)
        self.conserved = result.tracedAmount == result.sourceAmount
        self.taintedTransfers = result.taintedTransfers
        self.pathNodesCut = result.pathNodesCut
        self.portionsMerged = result.portionsMerged
        self.destinations = result.destinations.prefix(maximumDestinations).map {
            Destination(
                account: ledger.accountNames[Int($0.account)],
                amount: ledger.amountText($0.amount),
                held: ledger.amountText($0.held),
                atDepthLimit: ledger.amountText($0.atDepthLimit)
            )
        }
        self.paths = result.paths.map { path in
            Path(
                account: ledger.accountNames[Int(path.account)],
                amount: ledger.amountText(path.amount),
                atDepthLimit: path.atDepthLimit,
                hops: path.hops.map { TransferDocument(ledger, $0) }
            )
        }
    }
}

/// A trace under every policy, as written in outputs.
public struct TraceDocument: Encodable, Hashable, Sendable {
    /// `account` or `transfer`.
    public var sourceKind: String
    /// The account name or transfer id.
    public var source: String
    /// Forward or backward.
    public var direction: String
    /// The currency traced.
    public var currency: String
    /// Σ seed amounts.
    public var sourceAmount: String
    /// Seed transfers.
    public var seeds: [TransferDocument]
    /// Seeds dropped for another currency.
    public var seedsSkipped: Int
    /// One per policy.
    public var policies: [PolicyTraceDocument]
    /// Per destination account, its amount under each policy (the union of every policy's top destinations).
    public var comparison: [ComparisonRow]

    /// One row of the policy comparison.
    public struct ComparisonRow: Encodable, Hashable, Sendable {
        /// The account.
        public var account: String
        /// Policy → amount.
        public var amounts: [String: String]
    }

    /// Makes the document of `results` (one per policy) traced from `source`.
    public init(source: TraceSource, results: [TraceResult], ledger: Ledger, maximumDestinations: Int = 50) {
        switch source {
        case .account(let account):
            self.sourceKind = "account"
            self.source = ledger.accountNames[Int(account)]
        case .transfer(let edge):
            self.sourceKind = "transfer"
            self.source = ledger.transferID(edge)
        }
        let first = results.first
        self.direction = first?.direction.rawValue ?? TraceDirection.forward.rawValue
        self.currency = first?.currency ?? ""
        self.sourceAmount = ledger.amountText(first?.sourceAmount ?? 0)
        self.seeds = (first?.seeds ?? []).map { TransferDocument(ledger, $0) }
        self.seedsSkipped = first?.seedsSkipped ?? 0
        self.policies = results.map {
            PolicyTraceDocument($0, ledger: ledger, maximumDestinations: maximumDestinations)
        }
        var accounts: [Int32] = []
        for result in results {
            for destination in result.destinations.prefix(maximumDestinations)
            where !accounts.contains(destination.account) {
                accounts.append(destination.account)
            }
        }
        self.comparison = accounts.map { account in
            var amounts: [String: String] = [:]
            for result in results {
                let amount = result.destinations.first { $0.account == account }?.amount ?? 0
                amounts[result.policy.rawValue] = ledger.amountText(amount)
            }
            return ComparisonRow(account: ledger.accountNames[Int(account)], amounts: amounts)
        }
    }
}

/// One input as written in outputs.
public struct FundsInputDocument: Encodable, Hashable, Sendable {
    /// As given.
    public var file: String
    /// Bytes as stored.
    public var bytes: Int64
    /// SHA-256 of the bytes as stored (hex).
    public var sha256: String
    /// The layout read.
    public var layout: String
    /// Data rows seen.
    public var rows: Int64
    /// Transfers read.
    public var transfers: Int64
    /// Rows that could not be read.
    public var badRows: Int64
    /// The error that stopped reading, if any.
    public var error: String?

    /// Makes an input entry.
    public init(
        file: String,
        bytes: Int64,
        sha256: String,
        layout: String,
        rows: Int64,
        transfers: Int64,
        badRows: Int64,
        error: String? = nil
    ) {
        self.file = file
        self.bytes = bytes
        self.sha256 = sha256
        self.layout = layout
        self.rows = rows
        self.transfers = transfers
        self.badRows = badRows
        self.error = error
    }
}

/// A summary of the ledger read.
public struct LedgerSummaryDocument: Encodable, Hashable, Sendable {
    /// Transfers.
    public var transfers: Int
    /// Accounts.
    public var accounts: Int
    /// Currencies named.
    public var currencies: [String]
    /// Decimal places of amounts.
    public var scale: Int
    /// First transfer time.
    public var firstTime: String?
    /// Last transfer time.
    public var lastTime: String?

    /// Summarises `ledger`.
    public init(_ ledger: Ledger) {
        self.transfers = ledger.transferCount
        self.accounts = ledger.accountCount
        self.currencies = ledger.currencies
        self.scale = ledger.scale
        self.firstTime = ledger.time.first.map(FundsDocumentTime.format)
        self.lastTime = ledger.time.last.map(FundsDocumentTime.format)
    }
}

/// How the ledger was read, reported in `parameters`.
public struct ReadParametersDocument: Encodable, Hashable, Sendable {
    /// The layout forced, or `auto`.
    public var layout: String
    /// Decimal places kept.
    public var scale: Int
    /// The currency given to transfers without one.
    public var defaultCurrency: String
    /// CSV limits.
    public var csvLimits: CSVLimits
    /// Bad rows kept with reasons.
    public var maximumBadRowsKept: Int

    /// Describes `options`.
    public init(_ options: LedgerReadOptions) {
        self.layout = options.layout?.name ?? "auto"
        self.scale = options.scale
        self.defaultCurrency = options.defaultCurrency
        self.csvLimits = options.csvLimits
        self.maximumBadRowsKept = options.maximumBadRowsKept
    }
}

/// Parameters of a trace as reported.
public struct TraceParametersDocument: Encodable, Hashable, Sendable {
    /// How the ledger was read.
    public var read: ReadParametersDocument
    /// Bounds and limits.
    public var trace: TraceParameters
    /// `since` as RFC 3339, if set.
    public var since: String?
    /// `until` as RFC 3339, if set.
    public var until: String?

    /// Makes it.
    public init(read: ReadParametersDocument, trace: TraceParameters) {
        self.read = read
        self.trace = trace
        self.since = trace.since.map(FundsDocumentTime.format)
        self.until = trace.until.map(FundsDocumentTime.format)
    }
}

/// Parameters of a scan as reported.
public struct ScanParametersDocument: Encodable, Hashable, Sendable {
    /// How the ledger was read.
    public var read: ReadParametersDocument
    /// Every pattern's thresholds.
    public var patterns: FundsScanParameters

    /// Makes it.
    public init(read: ReadParametersDocument, patterns: FundsScanParameters) {
        self.read = read
        self.patterns = patterns
    }
}

/// The `paicha funds` document: the Paicha envelope, then `alerts` (scan) or `trace`.
public struct FundsDocument<Parameters: Encodable & Sendable>: Encodable, Sendable {
    /// Always `paicha`.
    public var tool = "paicha"
    /// Paicha's version.
    public var version: String
    /// `funds scan` or `funds trace`.
    public var command: String
    /// When made; absent under `--deterministic`.
    public var generatedAt: String?
    /// The inputs.
    public var inputs: [FundsInputDocument]
    /// Every parameter in force.
    public var parameters: Parameters
    /// The ledger read.
    public var ledger: LedgerSummaryDocument
    /// Bad rows (the first kept), with file and line.
    public var badRows: [BadRow]
    /// All bad rows, counted.
    public var badRowCount: Int64
    /// Scan: limits hit and counts.
    public var statistics: FundsScanStatistics?
    /// Scan: alerts.
    public var alerts: [AlertDocument]?
    /// Trace: the trace.
    public var trace: TraceDocument?

    /// Makes a document.
    public init(
        version: String,
        command: String,
        generatedAt: String?,
        inputs: [FundsInputDocument],
        parameters: Parameters,
        ledger: LedgerSummaryDocument,
        badRows: [BadRow],
        badRowCount: Int64,
        statistics: FundsScanStatistics? = nil,
        alerts: [AlertDocument]? = nil,
        trace: TraceDocument? = nil
    ) {
        self.version = version
        self.command = command
        self.generatedAt = generatedAt
        self.inputs = inputs
        self.parameters = parameters
        self.ledger = ledger
        self.badRows = badRows
        self.badRowCount = badRowCount
        self.statistics = statistics
        self.alerts = alerts
        self.trace = trace
    }

}

/// Times in outputs: RFC 3339 UTC, with a fraction only when the time has one.
enum FundsDocumentTime {
    static func format(_ nanoseconds: Int64) -> String {
        Timestamp(nanoseconds: nanoseconds).rfc3339(fractionDigits: nanoseconds % 1_000_000_000 == 0 ? 0 : 9)
    }
}
