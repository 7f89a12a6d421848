/// Counts the digits of a stream of decimals (sizes, or notional values) with fixed memory.
///
/// First and second digits come from first-two-digit counts. Last-two-digit and round-lot counts are kept per
/// power of ten, because which of them count depends on the tape's lot precision, known only at the end.
public struct DigitAccumulator: Sendable {
    /// The smallest power of ten kept per exponent; values outside are counted in `outOfRange`.
    public static let minimumExponent: Int32 = -24
    /// The largest power of ten kept per exponent.
    public static let maximumExponent: Int32 = 15
    static let exponentCount = Int(maximumExponent - minimumExponent + 1)
    /// Round lots: 1, 2 and 5 times a power of ten.
    public static let roundMultiples: [Int] = [1, 2, 5]
    /// Neighbouring buckets on each side of a round lot.
    public static let roundWindow = 5
    static let roundCells = 2 * roundWindow + 1
    /// Line numbers kept per first digit and per round multiple, for evidence.
    public static let evidencePerCell = 3

    /// Values seen (zeros included).
    public private(set) var values: Int64 = 0
    /// Zero values (excluded from every test).
    public private(set) var zeros: Int64 = 0
    /// Values whose digits were cut (excluded from the last-two-digits and round-lot tests).
    public private(set) var inexact: Int64 = 0
    /// Values whose power of ten is outside the kept range (excluded from last-two-digits and round lots).
    public private(set) var outOfRange: Int64 = 0
    /// Counts of the first two digits 10…99 (index d − 10).
    public var firstTwo: [Int64] { (0..<90).map { self.firstTwoCounts[$0] } }
    /// The same counts, kept in the value itself (counting touches no shared storage).
    private var firstTwoCounts = InlineArray<90, Int64>(repeating: 0)
    /// Per magnitude, per multiple: values exactly at the round lot.
    private var exactRound = InlineArray<120, Int64>(repeating: 0)
    /// The counts too many to keep in the value: last two digits and round-lot neighbourhoods.
    private var table = DigitTable()
    /// Per exponent of the last significant digit, per significand length (1, 2, 3, ≥ 4 digits), per
    /// significand mod 100.
    var lastTwo: [UInt32] { Array(UnsafeBufferPointer(start: self.table.lastTwo, count: DigitTable.lastTwoCount)) }
    /// Per magnitude of the round lot, per multiple (1, 2, 5), per bucket −w…w.
    var round: [Int64] { Array(UnsafeBufferPointer(start: self.table.round, count: DigitTable.roundCount)) }
    /// The first lines whose value starts with each digit 1…9, with the value.
    public private(set) var firstDigitExamples: [[DigitExample]] = Array(repeating: [], count: 9)
    /// The first lines whose value is exactly 1, 2 or 5 times a power of ten.
    public private(set) var roundExamples: [[DigitExample]] = Array(repeating: [], count: 3)
    /// Bit d − 1 set once the examples of first digit d are complete (so that a value need not look at them).
    private var firstDigitExamplesFull: UInt16 = 0

    /// Makes an empty accumulator.
    public init() {}

    /// Counts one value found on `line` of the file numbered `file` (the caller's numbering); returns its
    /// first three digits (`leadingDigits(3)`, 0 for zero), which callers may use rather than divide again.
    @discardableResult
    public mutating func add(_ value: TradeDecimal, line: Int64, file: Int32 = 0) -> Int {
        self.makeTableUnique()
        return self.count(value, line: line, file: file)
    }

    /// Copies the counts kept out of line if another accumulator (a copy of this one) shares them, so that
    /// `count` may write them: call before a run of `count`s, with no copy made of this accumulator during it.
    @inline(__always)
    mutating func makeTableUnique() {
        if !isKnownUniquelyReferenced(&self.table) { self.table = DigitTable(copying: self.table) }
    }

    /// `add` without making the table unique first (`makeTableUnique` has, for a run of values).
    @inline(__always)
    mutating func count(_ value: TradeDecimal, line: Int64, file: Int32) -> Int {
        self.values &+= 1
        if value.isZero {
            self.zeros &+= 1
            return 0
        }
        // The first three digits once (a division by a power of ten); the first two from them.
        let prefix = Int(value.leadingDigits(3))
        let two = prefix / 10
        self.firstTwoCounts[two &- 10] &+= 1
        let first = two / 10
        if self.firstDigitExamplesFull & (1 << (first &- 1)) == 0 {
            self.firstDigitExamples[first &- 1].append(DigitExample(file: file, line: line, value: value))
            if self.firstDigitExamples[first &- 1].count >= Self.evidencePerCell {
                self.firstDigitExamplesFull |= 1 << (first &- 1)
            }
        }
        if value.isInexact {
            self.inexact &+= 1
            return prefix
        }
        let e = value.exponent
        let magnitude = value.magnitude
        guard e >= Self.minimumExponent, magnitude < Self.maximumExponent else {
            self.outOfRange &+= 1
            return prefix
        }
        let length = Int(min(value.digitCount, 4))
        // In bounds: e ≥ minimumExponent and e ≤ magnitude < maximumExponent (the guard), 1 ≤ length ≤ 4.
        let lastTwoIndex = (Int(e - Self.minimumExponent) * 4 + length - 1) * 100 + Int(value.significand % 100)
        assert(lastTwoIndex >= 0 && lastTwoIndex < DigitTable.lastTwoCount)
        self.table.lastTwo[lastTwoIndex] &+= 1
        // Round lots: the three-digit prefix P locates the value on the grid of width 10^(m−2) around
        // R·10^m (R = 1, 2, 5); just below 10^(m+1) it is a left neighbour of 1·10^(m+1).
        // (The windows around 100, 200 and 500 — `roundMultiples` — written out: this runs for every value.)
        var multiple = -1
        var bucket = 0
        var roundMagnitude = magnitude
        if prefix <= 100 + Self.roundWindow {
            multiple = 0
            bucket = prefix - 100
        } else if abs(prefix - 200) <= Self.roundWindow {
            multiple = 1
            bucket = prefix - 200
        } else if abs(prefix - 500) <= Self.roundWindow {
            multiple = 2
            bucket = prefix - 500
        } else if prefix >= 1000 - 10 * Self.roundWindow {
            multiple = 0
            bucket = prefix / 10 - 100
            roundMagnitude = magnitude + 1
        }
        guard multiple >= 0, roundMagnitude >= Self.minimumExponent + 2, roundMagnitude <= Self.maximumExponent
        else { return prefix }
        let slot = Int(roundMagnitude - Self.minimumExponent) * 3 + multiple
        // In bounds: minimumExponent + 2 ≤ roundMagnitude ≤ maximumExponent (the guard), |bucket| ≤ roundWindow.
        let roundIndex = slot * Self.roundCells + bucket + Self.roundWindow
        assert(roundIndex >= 0 && roundIndex < DigitTable.roundCount)
        self.table.round[roundIndex] &+= 1
        if bucket == 0, value.digitCount == 1 {
            self.exactRound[slot] &+= 1
            if self.roundExamples[multiple].count < Self.evidencePerCell {
                self.roundExamples[multiple].append(DigitExample(file: file, line: line, value: value))
            }
        }
        return prefix
    }

    /// Adds another accumulator's counts (examples are kept from `self` first).
    public mutating func merge(_ other: DigitAccumulator) {
        self.values += other.values
        self.zeros += other.zeros
        self.inexact += other.inexact
        self.outOfRange += other.outOfRange
        for i in self.firstTwoCounts.indices { self.firstTwoCounts[i] += other.firstTwoCounts[i] }
        for i in self.exactRound.indices { self.exactRound[i] += other.exactRound[i] }
        self.makeTableUnique()
        for i in 0..<DigitTable.lastTwoCount { self.table.lastTwo[i] &+= other.table.lastTwo[i] }
        for i in 0..<DigitTable.roundCount { self.table.round[i] += other.table.round[i] }
        for d in 0..<9 {
            self.firstDigitExamples[d] = Array(
                (self.firstDigitExamples[d] + other.firstDigitExamples[d]).prefix(Self.evidencePerCell)
            )
            if self.firstDigitExamples[d].count >= Self.evidencePerCell { self.firstDigitExamplesFull |= 1 << d }
        }
        for m in 0..<3 {
            self.roundExamples[m] = Array((self.roundExamples[m] + other.roundExamples[m]).prefix(Self.evidencePerCell))
        }
    }

    // MARK: - Derived counts

    /// Counts of the first digit 1…9.
    public var firstDigitCounts: [Int64] {
        (0..<9).map { d in (d * 10..<d * 10 + 10).reduce(Int64(0)) { $0 + self.firstTwoCounts[$1] } }
    }

    /// Counts of the second digit 0…9.
    public var secondDigitCounts: [Int64] {
        (0..<10).map { s in stride(from: s, to: 90, by: 10).reduce(Int64(0)) { $0 + self.firstTwoCounts[$1] } }
    }

    /// The values counted per exponent of their last significant digit (`minimumExponent` first).
    public var lastDigitExponentCounts: [Int64] {
        (0..<Self.exponentCount).map { e in
            (e * 400..<e * 400 + 400).reduce(Int64(0)) { $0 + Int64(self.table.lastTwo[$1]) }
        }
    }

    /// The lot precision: the finest power of ten 10^p that the values' last significant digits reach,
    /// ignoring the finest `ignoredShare` of values (stray float noise). `nil` when no value was kept.
    public func lotPrecision(ignoredShare: Double) -> Int32? {
        let counts = self.lastDigitExponentCounts
        let total = counts.reduce(0, +)
        guard total > 0 else { return nil }
        var cumulative: Int64 = 0
        for (index, count) in counts.enumerated() {
            cumulative += count
            if Double(cumulative) > ignoredShare * Double(total) {
                return Self.minimumExponent + Int32(index)
            }
        }
        return nil
    }

    /// The share of kept values whose last significant digit sits exactly at `precision` (about 90 % for an
    /// honest tape written to a fixed lot; far less for a mixture of precisions, such as float noise).
    public func shareAtPrecision(_ precision: Int32) -> Double {
        let counts = self.lastDigitExponentCounts
        let total = counts.reduce(0, +)
        let index = Int(precision - Self.minimumExponent)
        guard total > 0, index >= 0, index < counts.count else { return 0 }
        return Double(counts[index]) / Double(total)
    }

    /// Counts of the last two digits 00…99 of the value written as an integer number of lots (10^precision),
    /// for values of at least 1000 lots; and how many values were left out (too few digits, or finer than the
    /// precision).
    public func lastTwoDigitCounts(precision: Int32) -> (counts: [Int64], excluded: Int64) {
        var counts = [Int64](repeating: 0, count: 100)
        var excluded: Int64 = 0
        for exponentIndex in 0..<Self.exponentCount {
            let e = Self.minimumExponent + Int32(exponentIndex)
            let shift = Int(e - precision)
            for length in 1...4 {
                let base = (exponentIndex * 4 + length - 1) * 100
                for remainder in 0..<100 {
                    let count = Int64(self.table.lastTwo[base + remainder])
                    if count == 0 { continue }
                    // The number of lots has `length + shift` digits (length 4 means at least 4).
                    guard shift >= 0, length + shift >= 4 else {
                        excluded += count
                        continue
                    }
                    let digits: Int
                    switch shift {
                    case 0: digits = remainder
                    case 1: digits = (remainder % 10) * 10
                    default: digits = 0
                    }
                    counts[digits] += count
                }
            }
        }
        return (counts, excluded)
    }

    /// Round-lot counts for lots whose grid (10^(m−2)) is no finer than the precision: per multiple (1, 2,
    /// 5), the counts in buckets −w…w, and the values exactly at the lot.
    public func roundLotCounts(precision: Int32) -> (buckets: [[Int64]], exact: [Int64]) {
        var buckets = [[Int64]](repeating: [Int64](repeating: 0, count: Self.roundCells), count: 3)
        var exact = [Int64](repeating: 0, count: 3)
        for magnitudeIndex in 0..<Self.exponentCount {
            let magnitude = Self.minimumExponent + Int32(magnitudeIndex)
            guard magnitude - 2 >= precision else { continue }
            for multiple in 0..<3 {
                let slot = magnitudeIndex * 3 + multiple
                exact[multiple] += self.exactRound[slot]
                for cell in 0..<Self.roundCells {
                    buckets[multiple][cell] += self.table.round[slot * Self.roundCells + cell]
                }
            }
        }
        return (buckets, exact)
    }
}

/// A value kept as evidence: where it was read.
public struct DigitExample: Hashable, Sendable {
    /// The caller's file number.
    public var file: Int32
    /// The 1-based line.
    public var line: Int64
    /// The value.
    public var value: TradeDecimal
}

/// The last-two-digit and round-lot counts of a `DigitAccumulator`, in one allocation shared by copies until one
/// of them counts (copy on write, checked by the accumulator).
final class DigitTable: @unchecked Sendable {
    /// Per exponent, per significand length, per significand mod 100.
    static let lastTwoCount = DigitAccumulator.exponentCount * 4 * 100
    /// Per magnitude, per multiple, per bucket.
    static let roundCount = DigitAccumulator.exponentCount * 3 * DigitAccumulator.roundCells

    /// `lastTwoCount` counts (index as in `DigitAccumulator.add`).
    let lastTwo: UnsafeMutablePointer<UInt32>
    /// `roundCount` counts.
    let round: UnsafeMutablePointer<Int64>

    /// Zero counts.
    init() {
        self.lastTwo = .allocate(capacity: Self.lastTwoCount)
        self.lastTwo.initialize(repeating: 0, count: Self.lastTwoCount)
        self.round = .allocate(capacity: Self.roundCount)
        self.round.initialize(repeating: 0, count: Self.roundCount)
    }

    /// The counts of `other`.
    init(copying other: DigitTable) {
        self.lastTwo = .allocate(capacity: Self.lastTwoCount)
        self.lastTwo.initialize(from: other.lastTwo, count: Self.lastTwoCount)
        self.round = .allocate(capacity: Self.roundCount)
        self.round.initialize(from: other.round, count: Self.roundCount)
    }

    deinit {
        self.lastTwo.deallocate()
        self.round.deallocate()
    }
}
