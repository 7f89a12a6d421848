import PaichaFunds

/// SplitMix64: a seeded generator so that random tests reproduce.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { self.state = seed }

    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Day `n` (from 2021-01-01) at `hour`, in nanoseconds.
func day(_ n: Int64, hour: Int64 = 0) -> Int64 {
    (1_609_459_200 + n * 86_400 + hour * 3600) * 1_000_000_000
}

/// A ledger from `(from, to, time, amount in minor units)` rows, ids 1, 2, 3 … in the order given.
func makeLedger(_ rows: [(String, String, Int64, Int64)], scale: Int = 2) -> Ledger {
    var builder = LedgerBuilder(scale: scale)
    for (index, row) in rows.enumerated() {
        builder.add(
            LedgerBuilder.Transfer(
                id: String(index + 1),
                line: Int64(index + 2),
                from: row.0,
                to: row.1,
                time: row.2,
                amount: row.3,
                currency: "CNY"
            )
        )
    }
    return builder.build()
}

extension Ledger {
    /// The ids of `transfers`, as text, sorted numerically.
    func ids(_ transfers: [Int32]) -> [Int] { transfers.map { Int(self.transferID($0))! }.sorted() }

    /// The names of `accounts`.
    func names(_ accounts: [Int32]) -> [String] { accounts.map { self.accountNames[Int($0)] } }
}
