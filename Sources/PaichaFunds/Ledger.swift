public import PaichaCore

/// A ledger of transfers as a compact temporal multigraph.
///
/// Accounts are interned to dense `Int32` ids. Transfers are held as parallel arrays (struct of
/// arrays) sorted by time, then by the order they were read; `outEdges`/`inEdges` are CSR adjacency
/// lists (per account, its transfers in time order) with their own copies of each transfer's time and
/// counterpart. A transfer costs 4+4+8+8+8+2+2 bytes in the arrays plus 8+24 in the adjacency lists
/// (about 68 bytes; 10 million transfers ≈ 680 MB).
public struct Ledger: Sendable {
    /// Account names by id.
    public internal(set) var accountNames: [String] = []
    /// Currency codes by id.
    public internal(set) var currencies: [String] = []
    /// Channel names (transfer types, payment formats) by id.
    public internal(set) var channels: [String] = []
    /// Amounts are minor units: `amount / 10^scale` in the currency.
    public internal(set) var scale: Int

    /// Sender of each transfer.
    public internal(set) var from: [Int32] = []
    /// Receiver of each transfer.
    public internal(set) var to: [Int32] = []
    /// Time of each transfer, nanoseconds since the epoch.
    public internal(set) var time: [Int64] = []
    /// Amount of each transfer in minor units.
    public internal(set) var amount: [Int64] = []
    /// Each transfer's id as the ledger gave it (numeric), or its line number when it had none.
    public internal(set) var ids: [Int64] = []
    /// Textual ids, when the ledger's ids are not integers (`ids` then index this array).
    public internal(set) var textIDs: [String]?
    /// Currency id of each transfer.
    public internal(set) var currency: [UInt16] = []
    /// Channel id of each transfer.
    public internal(set) var channel: [UInt16] = []
    /// The sender's balance after each transfer, if the ledger has it.
    public internal(set) var fromBalanceAfter: [Int64]?
    /// The receiver's balance after each transfer, if the ledger has it.
    public internal(set) var toBalanceAfter: [Int64]?
    /// A label per transfer (AMLSim alert id, AMLworld `Is Laundering`), `-1` when unlabelled, if any.
    public internal(set) var labels: [Int32]?

    /// CSR offsets into `outEdges`, one more than the number of accounts.
    public internal(set) var outOffsets: [Int32] = [0]
    /// Transfer indices grouped by sender, each group in time order.
    public internal(set) var outEdges: [Int32] = []
    /// CSR offsets into `inEdges`.
    public internal(set) var inOffsets: [Int32] = [0]
    /// Transfer indices grouped by receiver, each group in time order.
    public internal(set) var inEdges: [Int32] = []
    /// Per position of `outEdges`: that transfer's time and receiver. The adjacency lists carry their
    /// own copies so that a search over one account's transfers reads contiguous memory instead of
    /// jumping across the time-ordered arrays (12 bytes per transfer each way).
    public internal(set) var outTime: [Int64] = []
    /// Per position of `outEdges`: the receiver.
    public internal(set) var outTo: [Int32] = []
    /// Per position of `inEdges`: that transfer's time.
    public internal(set) var inTime: [Int64] = []
    /// Per position of `inEdges`: the sender.
    public internal(set) var inFrom: [Int32] = []

    /// The number of transfers.
    public var transferCount: Int { self.from.count }
    /// The number of accounts.
    public var accountCount: Int { self.accountNames.count }

    /// Account `account`'s outgoing transfers (indices), in time order.
    @inlinable
    public func outgoing(_ account: Int32) -> ArraySlice<Int32> {
        self.outEdges[Int(self.outOffsets[Int(account)])..<Int(self.outOffsets[Int(account) + 1])]
    }

    /// Account `account`'s incoming transfers (indices), in time order.
    @inlinable
    public func incoming(_ account: Int32) -> ArraySlice<Int32> {
        self.inEdges[Int(self.inOffsets[Int(account)])..<Int(self.inOffsets[Int(account) + 1])]
    }

    /// The transfer's id as text (the ledger's id, or its line number).
    public func transferID(_ edge: Int32) -> String {
        let value = self.ids[Int(edge)]
        if let texts = self.textIDs { return texts[Int(value)] }
        return String(value)
    }

    /// The transfer's amount as a decimal string.
    public func amountText(_ minorUnits: Int64) -> String { Money.format(minorUnits, scale: self.scale) }

    /// The id of the account named `name`, if it is in the ledger.
    public func account(named name: String) -> Int32? {
        self.accountIndex.find(name)
    }

    /// The transfer with the ledger id `id`, if there is one.
    public func transfer(withID id: String) -> Int32? {
        if let texts = self.textIDs {
            guard let index = texts.firstIndex(of: id) else { return nil }
            return self.ids.firstIndex(of: Int64(index)).map(Int32.init)
        }
        guard let number = Int64(id) else { return nil }
        return self.ids.firstIndex(of: number).map(Int32.init)
    }

    /// The transfer's time as a timestamp.
    public func timestamp(_ edge: Int32) -> Timestamp { Timestamp(nanoseconds: self.time[Int(edge)]) }

    var accountIndex = NameIndex()

    /// Makes an empty ledger with amounts at `scale` decimal places.
    public init(scale: Int) {
        self.scale = scale
    }
}

/// Builds a ``Ledger`` one transfer at a time, then sorts it and makes the adjacency lists.
public struct LedgerBuilder: Sendable {
    var ledger: Ledger
    var order: [Int64] = []
    var currencyIndex: [String: UInt16] = [:]
    var channelIndex: [String: UInt16] = [:]
    var textIDIndex: [String: Int64] = [:]

    /// Starts an empty ledger with amounts at `scale` decimal places (0…18).
    public init(scale: Int) {
        self.ledger = Ledger(scale: max(0, min(18, scale)))
    }

    /// The number of transfers added.
    public var count: Int { self.ledger.from.count }

    /// The amounts' scale.
    public var scale: Int { self.ledger.scale }

    /// Interns an account name.
    public mutating func account(_ name: String) -> Int32 {
        self.ledger.accountIndex.intern(name, in: &self.ledger.accountNames)
    }

    /// One transfer.
    public struct Transfer: Sendable {
        /// The ledger's id, or `nil` to use `line`.
        public var id: String?
        /// The 1-based line it was read from.
        public var line: Int64
        /// Sender.
        public var from: String
        /// Receiver.
        public var to: String
        /// Nanoseconds since the epoch.
        public var time: Int64
        /// Minor units at the ledger's scale.
        public var amount: Int64
        /// Currency code.
        public var currency: String
        /// Channel (transfer type / payment format), empty if unknown.
        public var channel: String
        /// Sender's balance after, in minor units.
        public var fromBalanceAfter: Int64?
        /// Receiver's balance after, in minor units.
        public var toBalanceAfter: Int64?
        /// Label (`-1` unlabelled), if the ledger carries labels.
        public var label: Int32?

        /// Makes a transfer.
        public init(
            id: String? = nil,
            line: Int64,
            from: String,
            to: String,
            time: Int64,
            amount: Int64,
            currency: String = "",
            channel: String = "",
            fromBalanceAfter: Int64? = nil,
            toBalanceAfter: Int64? = nil,
            label: Int32? = nil
        ) {
            self.id = id
            self.line = line
            self.from = from
            self.to = to
            self.time = time
            self.amount = amount
            self.currency = currency
            self.channel = channel
            self.fromBalanceAfter = fromBalanceAfter
            self.toBalanceAfter = toBalanceAfter
            self.label = label
        }
    }

    /// Adds a transfer.
    public mutating func add(_ transfer: Transfer) {
        let index = self.ledger.from.count
        self.ledger.from.append(self.account(transfer.from))
        self.ledger.to.append(self.account(transfer.to))
        self.ledger.time.append(transfer.time)
        self.ledger.amount.append(transfer.amount)
        self.ledger.currency.append(Self.intern(transfer.currency, &self.currencyIndex, &self.ledger.currencies))
        self.ledger.channel.append(Self.intern(transfer.channel, &self.channelIndex, &self.ledger.channels))
        let id = transfer.id ?? String(transfer.line)
        if self.ledger.textIDs == nil, let number = Int64(id) {
            self.ledger.ids.append(number)
        } else {
            if self.ledger.textIDs == nil {
                self.ledger.textIDs = self.ledger.ids.map(String.init)
                for (position, text) in self.ledger.textIDs!.enumerated() { self.textIDIndex[text] = Int64(position) }
                self.ledger.ids = (0..<Int64(self.ledger.ids.count)).map { $0 }
            }
            self.ledger.ids.append(Int64(self.ledger.textIDs!.count))
            self.ledger.textIDs!.append(id)
        }
        Self.appendOptional(transfer.fromBalanceAfter, to: &self.ledger.fromBalanceAfter, at: index, missing: 0)
        Self.appendOptional(transfer.toBalanceAfter, to: &self.ledger.toBalanceAfter, at: index, missing: 0)
        Self.appendOptional(transfer.label, to: &self.ledger.labels, at: index, missing: -1)
    }

    static func appendOptional<T>(_ value: T?, to array: inout [T]?, at index: Int, missing: T) {
        if let value {
            if array == nil { array = [T](repeating: missing, count: index) }
            array!.append(value)
        } else if array != nil {
            array!.append(missing)
        }
    }

    static func intern(_ name: String, _ index: inout [String: UInt16], _ names: inout [String]) -> UInt16 {
        // Most ledgers have one currency and a few channels: the last one is checked first.
        if let last = names.last, last == name { return UInt16(names.count - 1) }
        if let id = index[name] { return id }
        let id = UInt16(truncatingIfNeeded: min(names.count, Int(UInt16.max)))
        if names.count < Int(UInt16.max) {
            names.append(name)
            index[name] = id
        }
        return id
    }

    /// Sorts the transfers by time (stable: ties keep their reading order) and builds the adjacency lists.
    public consuming func build() -> Ledger {
        var ledger = self.ledger
        let times = ledger.time
        if zip(times, times.dropFirst()).contains(where: { $0 > $1 }) {
            let permutation = Self.stableOrder(times)
            func apply<T>(_ array: inout [T]) { array = permutation.map { array[Int($0)] } }
            apply(&ledger.from)
            apply(&ledger.to)
            apply(&ledger.time)
            apply(&ledger.amount)
            apply(&ledger.ids)
            apply(&ledger.currency)
            apply(&ledger.channel)
            if ledger.fromBalanceAfter != nil { apply(&ledger.fromBalanceAfter!) }
            if ledger.toBalanceAfter != nil { apply(&ledger.toBalanceAfter!) }
            if ledger.labels != nil { apply(&ledger.labels!) }
        }
        let accounts = ledger.accountNames.count
        (ledger.outOffsets, ledger.outEdges) = Self.csr(keys: ledger.from, accounts: accounts)
        (ledger.inOffsets, ledger.inEdges) = Self.csr(keys: ledger.to, accounts: accounts)
        ledger.outTime = ledger.outEdges.map { ledger.time[Int($0)] }
        ledger.outTo = ledger.outEdges.map { ledger.to[Int($0)] }
        ledger.inTime = ledger.inEdges.map { ledger.time[Int($0)] }
        ledger.inFrom = ledger.inEdges.map { ledger.from[Int($0)] }
        return ledger
    }

    /// The indices of `times` in ascending order of time, ties in index order: an LSD radix sort
    /// (16-bit digits over the span of the times, so stable), linear in the count.
    static func stableOrder(_ times: [Int64]) -> [Int32] {
        guard let lowest = times.min(), let highest = times.max() else { return [] }
        let span = UInt64(bitPattern: highest &- lowest)
        var keys = times.map { UInt64(bitPattern: $0 &- lowest) }
        var order = Array(0..<Int32(times.count))
        var nextKeys = keys
        var nextOrder = order
        var counts = [Int](repeating: 0, count: 1 << 16)
        var shift: UInt64 = 0
        while shift < 64, span >> shift != 0 {
            for index in counts.indices { counts[index] = 0 }
            for key in keys { counts[Int((key >> shift) & 0xFFFF)] += 1 }
            var total = 0
            for index in counts.indices {
                let count = counts[index]
                counts[index] = total
                total += count
            }
            for position in keys.indices {
                let digit = Int((keys[position] >> shift) & 0xFFFF)
                let target = counts[digit]
                counts[digit] = target + 1
                nextKeys[target] = keys[position]
                nextOrder[target] = order[position]
            }
            swap(&keys, &nextKeys)
            swap(&order, &nextOrder)
            shift += 16
        }
        return order
    }

    static func csr(keys: [Int32], accounts: Int) -> ([Int32], [Int32]) {
        var offsets = [Int32](repeating: 0, count: accounts + 1)
        for key in keys { offsets[Int(key) + 1] += 1 }
        for index in 0..<accounts { offsets[index + 1] += offsets[index] }
        var cursor = offsets
        var edges = [Int32](repeating: 0, count: keys.count)
        for (edge, key) in keys.enumerated() {
            edges[Int(cursor[Int(key)])] = Int32(edge)
            cursor[Int(key)] += 1
        }
        return (offsets, edges)
    }
}
