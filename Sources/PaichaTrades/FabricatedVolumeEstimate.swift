import Foundation

/// An estimate of the share of a market's volume that the round-size and Benford evidence points to as
/// fabricated.
///
/// Method `roundLotExcess+benfordFirstDigitExcess`, on trade sizes:
/// 1. Round lots: for each multiple R (1, 2, 5), the trades in the round-lot buckets beyond the mean of their 2w
///    neighbouring buckets (the smoothed expectation), `excessR = atR − neighboursR / 2w`, counted when its
///    one-sided z = excessR / √(atR + neighboursR / (2w)²) reaches `fabricatedMinimumZ`; its volume is the excess
///    times the mean size of the exactly round trades at R.
/// 2. First digits: for each digit d, the trades beyond Benford's expectation, `c_d − n·p_d`, less the round-lot
///    excess already counted for R = d (round lots start with 1, 2 or 5), counted when its z = excess / √(n·p_d(1 −
///    p_d)) reaches `fabricatedMinimumZ`; its volume is the excess times the mean size of trades starting with d.
/// The point estimate is the counted volume over the total volume, never below 0. The interval is the point ± z ·
/// σ of the counted components (Poisson / binomial variances, independent), and its upper end adds every
/// component that did not reach significance, at its excess + z·σ: a clean tape gets 0 with a small upper bound.
/// It is an estimate of volume that departs from round-free, Benford-conforming trading, not proof of fabrication.
public struct FabricatedVolumeEstimate: Hashable, Sendable, Codable {
    /// The method's name.
    public var method: String
    /// Total base volume (sum of sizes).
    public var totalVolume: Double
    /// Round-lot trades beyond the neighbour expectation (significant multiples only).
    public var roundLotExcessTrades: Double
    /// Their volume.
    public var roundLotExcessVolume: Double
    /// First-digit trades beyond Benford (significant digits only, round-lot excess removed).
    public var benfordExcessTrades: Double
    /// Their volume.
    public var benfordExcessVolume: Double
    /// The digits counted, most over-represented first.
    public var benfordExcessDigits: [Int]
    /// (round-lot + Benford excess volume) / total volume.
    public var share: Double
    /// The interval's lower end.
    public var lower: Double
    /// The interval's upper end.
    public var upper: Double
    /// The normal quantile of the interval.
    public var intervalZ: Double

    /// Estimates from a market's size counts, or `nil` without sizes.
    static func estimate(
        tally: MarketTally,
        size: MeasureScorecard,
        configuration: AuditConfiguration
    ) -> FabricatedVolumeEstimate? {
        let total = tally.baseVolume
        guard total > 0, let firstDigit = size.digitTests.first(where: { $0.kind == .firstDigit }), firstDigit.count > 0
        else { return nil }
        let z = configuration.fabricatedIntervalZ
        let minimumZ = configuration.fabricatedMinimumZ
        var point = 0.0
        var variance = 0.0
        var upperExtra = 0.0
        var roundTrades = 0.0
        var roundVolume = 0.0
        var roundByDigit = [Double](repeating: 0, count: 10)
        let w = Double(DigitAccumulator.roundWindow)
        // Derived from the tally's counters: built once here, not per subscript.
        let (exactCounts, exactVolumes, digitVolumes) =
            (tally.exactRoundCount, tally.exactRoundVolume, tally.firstDigitVolume)
        for cell in size.roundLots?.lots ?? [] {
            let at = Double(cell.buckets[DigitAccumulator.roundWindow])
            let neighbours = Double(cell.buckets.reduce(0, +)) - at
            let excess = at - neighbours / (2 * w)
            let sigma = (at + neighbours / (4 * w * w)).squareRoot()
            let index = DigitAccumulator.roundMultiples.firstIndex(of: cell.multiple) ?? 0
            let count = Double(exactCounts[index])
            let meanSize = count > 0 ? exactVolumes[index] / count : 0
            if sigma > 0, excess / sigma >= minimumZ {
                roundTrades += excess
                roundVolume += excess * meanSize
                roundByDigit[cell.multiple] = excess
                variance += sigma * sigma * meanSize * meanSize
            } else {
                upperExtra += max(0, excess + z * sigma) * meanSize
            }
        }
        point += roundVolume
        let n = Double(firstDigit.count)
        var benfordTrades = 0.0
        var benfordVolume = 0.0
        var digits: [(digit: Int, excess: Double)] = []
        for cell in firstDigit.cells {
            let count = Double(cell.count)
            let excess = count - n * cell.expected - roundByDigit[cell.digit]
            let sigma = (n * cell.expected * (1 - cell.expected)).squareRoot()
            let meanSize = count > 0 ? digitVolumes[cell.digit - 1] / count : 0
            if sigma > 0, excess / sigma >= minimumZ {
                benfordTrades += excess
                benfordVolume += excess * meanSize
                digits.append((cell.digit, excess))
                variance += sigma * sigma * meanSize * meanSize
            } else {
                upperExtra += max(0, excess + z * sigma) * meanSize
            }
        }
        point += benfordVolume
        let sigma = variance.squareRoot()
        return FabricatedVolumeEstimate(
            method: "roundLotExcess+benfordFirstDigitExcess",
            totalVolume: total,
            roundLotExcessTrades: roundTrades,
            roundLotExcessVolume: roundVolume,
            benfordExcessTrades: benfordTrades,
            benfordExcessVolume: benfordVolume,
            benfordExcessDigits: digits.sorted { $0.excess > $1.excess }.map(\.digit),
            share: min(1, max(0, point / total)),
            lower: min(1, max(0, (point - z * sigma) / total)),
            upper: min(1, max(0, (point + z * sigma + upperExtra) / total)),
            intervalZ: z
        )
    }
}

/// Six significant digits, as `%g` writes them: `0.00832`, `43250.1`, `1.5e+09`.
func number(_ value: Double) -> String { String(format: "%.6g", value) }
