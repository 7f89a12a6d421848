public import PaichaCore

/// Which columns of a generic CSV ledger hold what (names matched case-insensitively).
public struct ColumnMapping: Hashable, Sendable, Codable {
    /// Transfer id column (optional: the line number is used without it).
    public var id: String?
    /// Time column.
    public var time: String
    /// Sender column.
    public var from: String
    /// Receiver column.
    public var to: String
    /// Amount column.
    public var amount: String
    /// Currency column (optional).
    public var currency: String?
    /// Channel / transfer type column (optional).
    public var channel: String?
    /// Sender's balance after the transfer (optional).
    public var fromBalanceAfter: String?
    /// Receiver's balance after the transfer (optional).
    public var toBalanceAfter: String?

    /// Makes a mapping.
    public init(
        id: String? = "id",
        time: String = "time",
        from: String = "from",
        to: String = "to",
        amount: String = "amount",
        currency: String? = "currency",
        channel: String? = "channel",
        fromBalanceAfter: String? = "from_balance_after",
        toBalanceAfter: String? = "to_balance_after"
    ) {
        self.id = id
        self.time = time
        self.from = from
        self.to = to
        self.amount = amount
        self.currency = currency
        self.channel = channel
        self.fromBalanceAfter = fromBalanceAfter
        self.toBalanceAfter = toBalanceAfter
    }

    /// Names tried for each role when a generic ledger is read without an explicit mapping.
    public static let aliases: [String: [String]] = [
        "id": ["id", "tran_id", "transaction_id", "tx_id", "txid", "hash"],
        "time": ["time", "timestamp", "tran_timestamp", "date", "datetime", "block_timestamp"],
        "from": ["from", "sender", "source", "orig_acct", "from_account", "payer", "from_address"],
        "to": ["to", "receiver", "target", "bene_acct", "to_account", "payee", "to_address"],
        "amount": ["amount", "value", "base_amt"],
        "currency": ["currency", "asset", "token", "ccy"],
        "channel": ["channel", "type", "tx_type", "payment_format"],
        "fromBalanceAfter": ["from_balance_after", "newbalanceorig"],
        "toBalanceAfter": ["to_balance_after", "newbalancedest"],
    ]
}

/// The layout of a ledger file.
public enum LedgerLayout: Hashable, Sendable {
    /// Any CSV with a header, read through a column mapping (`nil`: guessed from ``ColumnMapping/aliases``).
    case generic(ColumnMapping?)
    /// IBM AMLSim `transactions.csv`: `tran_id,orig_acct,bene_acct,tx_type,base_amt,tran_timestamp,is_sar,alert_id`.
    case amlsimTransactions
    /// IBM AMLSim `tx_log.csv`: `step,type,amount,nameOrig,oldbalanceOrig,newbalanceOrig,nameDest,...`;
    /// steps are days from `base` (AMLSim's `base_date`); ids are 1-based row numbers, which match
    /// `tran_id` in the `transactions.csv` of the same run.
    case amlsimTxLog(base: Timestamp)
    /// IBM AMLworld `*_Trans.csv`: `Timestamp,From Bank,Account,To Bank,Account,Amount Received,...`;
    /// accounts are `bank/account`, the amount is `Amount Paid` in `Payment Currency`.
    case amlworld

    /// The name used in outputs.
    public var name: String {
        switch self {
        case .generic: "generic"
        case .amlsimTransactions: "amlsim-transactions"
        case .amlsimTxLog: "amlsim-tx-log"
        case .amlworld: "amlworld"
        }
    }

    static let amlsimTransactionsHeader = [
        "tran_id", "orig_acct", "bene_acct", "tx_type", "base_amt", "tran_timestamp", "is_sar", "alert_id",
    ]
    static let amlsimTxLogHeader = [
        "step", "type", "amount", "nameOrig", "oldbalanceOrig", "newbalanceOrig", "nameDest", "oldbalanceDest",
        "newbalanceDest", "isSAR", "alertID",
    ]
    static let amlworldHeader = [
        "Timestamp", "From Bank", "Account", "To Bank", "Account", "Amount Received", "Receiving Currency",
        "Amount Paid", "Payment Currency", "Payment Format", "Is Laundering",
    ]
    /// AMLSim's `base_date` in the shipped configurations (2017-01-01).
    public static let amlsimBaseDate = Timestamp(nanoseconds: 1_483_228_800 * 1_000_000_000)

    /// The layout a header names, when it is one of the known ones; otherwise a generic layout.
    public static func detect(header: [String]) -> LedgerLayout {
        let trimmed = header.map { $0.trimmingSpaces() }
        if trimmed == amlsimTransactionsHeader { return .amlsimTransactions }
        if trimmed == amlsimTxLogHeader { return .amlsimTxLog(base: amlsimBaseDate) }
        if trimmed == amlworldHeader { return .amlworld }
        return .generic(nil)
    }
}

/// Column positions resolved from a header.
struct ResolvedColumns: Sendable {
    var id: Int?
    var time: Int
    var from: Int
    var to: Int
    var fromPrefix: Int?
    var toPrefix: Int?
    var amount: Int
    var currency: Int?
    var channel: Int?
    var fromBalanceAfter: Int?
    var toBalanceAfter: Int?
    var label: Int?
    var labelAlert: Int?
    var timeFormat: LedgerTimeFormat
    var fieldCount: Int
    /// Without an id column, use the 1-based data row number (else the line number).
    var idIsRowNumber = false

    static func resolve(_ layout: LedgerLayout, header: [String], file: String) throws(FundsError) -> ResolvedColumns {
        let names = header.map { $0.trimmingSpaces() }
        switch layout {
        case .amlsimTransactions:
            guard names == LedgerLayout.amlsimTransactionsHeader else {
                throw FundsError(.badHeader, file: file, line: 1, "not an AMLSim transactions.csv header")
            }
            return ResolvedColumns(
                id: 0,
                time: 5,
                from: 1,
                to: 2,
                amount: 4,
                channel: 3,
                label: 6,
                labelAlert: 7,
                timeFormat: .automatic,
                fieldCount: 8
            )
        case .amlsimTxLog(let base):
            guard names == LedgerLayout.amlsimTxLogHeader else {
                throw FundsError(.badHeader, file: file, line: 1, "not an AMLSim tx_log.csv header")
            }
            return ResolvedColumns(
                time: 0,
                from: 3,
                to: 6,
                amount: 2,
                channel: 1,
                fromBalanceAfter: 5,
                toBalanceAfter: 8,
                label: 9,
                labelAlert: 10,
                timeFormat: .step(base: base, secondsPerStep: 86_400),
                fieldCount: 11,
                idIsRowNumber: true
            )
        case .amlworld:
            guard names == LedgerLayout.amlworldHeader else {
                throw FundsError(.badHeader, file: file, line: 1, "not an AMLworld *_Trans.csv header")
            }
            return ResolvedColumns(
                time: 0,
                from: 2,
                to: 4,
                fromPrefix: 1,
                toPrefix: 3,
                amount: 7,
                currency: 8,
                channel: 9,
                label: 10,
                timeFormat: .automatic,
                fieldCount: 11
            )
        case .generic(let mapping):
            let lowered = names.map { $0.lowercased() }
            func find(_ role: String, _ explicit: String?, required: Bool) throws(FundsError) -> Int? {
                let candidates: [String]
                if mapping != nil {
                    guard let explicit else { return nil }
                    candidates = [explicit.lowercased()]
                } else {
                    candidates = ColumnMapping.aliases[role] ?? [role]
                }
                for candidate in candidates {
                    if let index = lowered.firstIndex(of: candidate) { return index }
                }
                if required {
                    throw FundsError(
                        .missingColumn,
                        file: file,
                        line: 1,
                        "no \(role) column (tried \(candidates.joined(separator: ", ")))"
                    )
                }
                return nil
            }
            let m = mapping
            guard let time = try find("time", m?.time, required: true),
                let from = try find("from", m?.from, required: true),
                let to = try find("to", m?.to, required: true),
                let amount = try find("amount", m?.amount, required: true)
            else { throw FundsError(.missingColumn, file: file, line: 1, "missing column") }
            return ResolvedColumns(
                id: try find("id", m?.id, required: false),
                time: time,
                from: from,
                to: to,
                amount: amount,
                currency: try find("currency", m?.currency, required: false),
                channel: try find("channel", m?.channel, required: false),
                fromBalanceAfter: try find("fromBalanceAfter", m?.fromBalanceAfter, required: false),
                toBalanceAfter: try find("toBalanceAfter", m?.toBalanceAfter, required: false),
                timeFormat: .automatic,
                fieldCount: names.count
            )
        }
    }
}

extension String {
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        while scalars.first == " " { scalars = scalars.dropFirst() }
        while scalars.last == " " { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
