/// Thresholds for structuring (splitting to stay just below reporting thresholds).
///
/// Defaults are the People's Bank of China large-value transaction reporting thresholds (大额交易报告,
/// PBoC Order 2016 No. 3, art. 5): cash ¥50,000; personal transfers ¥500,000 domestic and ¥200,000
/// cross-border; corporate transfers ¥2,000,000. They are applied to amounts in the ledger's units
/// whatever its currency; set them for other jurisdictions.
public struct StructuringParameters: Hashable, Sendable, Codable {
    /// Cash threshold, in major units.
    public var cashThreshold: Int64 = 50_000
    /// Personal domestic transfer threshold.
    public var personalDomesticThreshold: Int64 = 500_000
    /// Personal cross-border transfer threshold.
    public var personalCrossBorderThreshold: Int64 = 200_000
    /// Corporate transfer threshold.
    public var corporateThreshold: Int64 = 2_000_000
    /// A transfer is "just below" when it is in `[threshold × (1 − margin), threshold)`.
    public var margin: Double = 0.1
    /// The fewest such transfers by one sender within the window.
    public var minimumCount: Int = 3
    /// The window, in seconds.
    public var windowSeconds: Int64 = 7 * secondsPerDay
    /// Channels (case-insensitive) that are cash.
    public var cashChannels: [String] = ["cash", "cash-in", "cash-out", "cash_in", "cash_out", "deposit", "withdrawal"]
    /// Channels (case-insensitive) that are cross-border.
    public var crossBorderChannels: [String] = ["cross-border", "cross_border", "crossborder", "swift"]
    /// Accounts that are corporate (others are personal).
    public var corporateAccounts: [String] = []

    /// The defaults.
    public init() {}
}

extension Ledger {
    /// Structuring: a sender makes at least `minimumCount` transfers within the window, each just
    /// below the threshold for its kind (cash by channel; corporate by sender; cross-border by channel;
    /// otherwise personal domestic); overlapping windows merge.
    public func structuringAlerts(_ parameters: StructuringParameters) -> [FundsAlert] {
        let power = Money.powersOfTen[self.scale]
        let cash = Set(parameters.cashChannels.map { $0.lowercased() })
        let crossBorder = Set(parameters.crossBorderChannels.map { $0.lowercased() })
        let channelKind: [UInt8] = self.channels.map { name in
            let lowered = name.lowercased()
            return cash.contains(lowered) ? 1 : crossBorder.contains(lowered) ? 2 : 0
        }
        let corporate = Set(parameters.corporateAccounts.compactMap { self.account(named: $0) })
        func band(_ threshold: Int64) -> (Int64, Int64) {
            let upper = threshold.multipliedReportingOverflow(by: power)
            let top = upper.overflow ? Int64.max : upper.partialValue
            return (Int64((Double(top) * (1 - parameters.margin)).rounded(.up)), top)
        }
        let bands = [
            band(parameters.personalDomesticThreshold), band(parameters.cashThreshold),
            band(parameters.personalCrossBorderThreshold), band(parameters.corporateThreshold),
        ]
        let window = parameters.windowSeconds * nanosecondsPerSecond
        var alerts: [FundsAlert] = []
        var near: [Int32] = []
        var merger = WindowMerger()
        for account in 0..<Int32(self.accountCount) {
            near.removeAll(keepingCapacity: true)
            let isCorporate = corporate.contains(account)
            for edge in self.outgoing(account) {
                let kind = Int(channelKind.isEmpty ? 0 : channelKind[Int(self.channel[Int(edge)])])
                let (low, high) = kind == 1 ? bands[1] : isCorporate ? bands[3] : kind == 2 ? bands[2] : bands[0]
                let value = self.amount[Int(edge)]
                if value >= low, value < high { near.append(edge) }
            }
            guard near.count >= parameters.minimumCount else { continue }
            var lo = 0
            for hi in near.indices {
                while self.time[Int(near[lo])] < self.time[Int(near[hi])] - window { lo += 1 }
                if hi - lo + 1 >= parameters.minimumCount { merger.mark(lo, hi) }
            }
            for (start, end) in merger.take() {
                let transfers = Array(near[start...end])
                var members = [account]
                for edge in transfers where !members.contains(self.to[Int(edge)]) { members.append(self.to[Int(edge)]) }
                let total = transfers.reduce(Int64(0)) { $0 &+ self.amount[Int($1)] }
                alerts.append(
                    FundsAlert(
                        pattern: .structuring,
                        accounts: members,
                        transfers: transfers,
                        score: Double(transfers.count) / Double(max(1, parameters.minimumCount)),
                        reason:
                            "\(transfers.count) transfers just below a reporting threshold (total \(self.amountText(total))) within \(parameters.windowSeconds) s",
                        ledger: self
                    )
                )
            }
        }
        return alerts
    }
}
