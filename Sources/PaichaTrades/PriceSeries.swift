/// One bucket of a market's price series: prices, volume by side, and where its extremes were read.
public struct PriceBucket: Hashable, Sendable {
    /// The bucket's number: its start is `index × resolution` nanoseconds since the epoch.
    public var index: Int64
    /// The first price.
    public var open: Double
    /// The highest price.
    public var high: Double
    /// The lowest price.
    public var low: Double
    /// The last price.
    public var close: Double
    /// The sum of sizes.
    public var volume: Double
    /// The sum of sizes bought by takers.
    public var buyVolume: Double
    /// The sum of sizes sold by takers.
    public var sellVolume: Double
    /// Trades in it.
    public var trades: Int64
    /// Trades whose taker bought.
    public var buyTrades: Int64
    /// Trades whose taker sold.
    public var sellTrades: Int64
    /// The caller's file number of its first trade.
    public var file: Int32
    /// The line of its first trade.
    public var line: Int64
    /// The line of the trade at the highest price.
    public var highLine: Int64
    /// The line of the trade at the lowest price.
    public var lowLine: Int64

    init(index: Int64, price: Double, size: Double, side: TradeSide, file: Int32, line: Int64) {
        self.index = index
        self.open = price
        self.high = price
        self.low = price
        self.close = price
        self.volume = size
        self.buyVolume = side == .buy ? size : 0
        self.sellVolume = side == .sell ? size : 0
        self.trades = 1
        self.buyTrades = side == .buy ? 1 : 0
        self.sellTrades = side == .sell ? 1 : 0
        self.file = file
        self.line = line
        self.highLine = line
        self.lowLine = line
    }

    mutating func add(price: Double, size: Double, side: TradeSide, line: Int64) {
        if price > self.high {
            self.high = price
            self.highLine = line
        }
        if price < self.low {
            self.low = price
            self.lowLine = line
        }
        self.close = price
        self.volume += size
        if side == .buy {
            self.buyVolume += size
            self.buyTrades &+= 1
        }
        if side == .sell {
            self.sellVolume += size
            self.sellTrades &+= 1
        }
        self.trades &+= 1
    }

    /// Joins a later bucket into this one.
    mutating func merge(later other: PriceBucket) {
        if other.high > self.high {
            self.high = other.high
            self.highLine = other.highLine
        }
        if other.low < self.low {
            self.low = other.low
            self.lowLine = other.lowLine
        }
        self.close = other.close
        self.volume += other.volume
        self.buyVolume += other.buyVolume
        self.sellVolume += other.sellVolume
        self.trades &+= other.trades
        self.buyTrades &+= other.buyTrades
        self.sellTrades &+= other.sellTrades
    }
}

/// A market's prices in fixed-width time buckets, with bounded memory: when `maximumBuckets` is reached the
/// width doubles and neighbouring buckets are merged.
public struct PriceSeries: Sendable {
    /// The bucket width in nanoseconds.
    public private(set) var resolution: Int64
    /// The most buckets kept.
    public let maximumBuckets: Int
    /// Times the width was doubled.
    public private(set) var coarsenings: Int64 = 0
    private var stored: [Int64: PriceBucket] = [:]
    private var current: PriceBucket?
    /// The times the current bucket covers, `currentStart..<currentEnd` (empty while there is none), so that a
    /// trade in it is placed without a division.
    private var currentStart: Int64 = 0
    private var currentEnd: Int64 = 0

    /// Makes an empty series.
    public init(resolution: Int64, maximumBuckets: Int) {
        self.resolution = max(1, resolution)
        self.maximumBuckets = max(2, maximumBuckets)
    }

    /// Adds a trade.
    public mutating func add(time: Int64, price: Double, size: Double, side: TradeSide, file: Int32, line: Int64) {
        guard price > 0, price.isFinite else { return }
        if time >= self.currentStart, time < self.currentEnd {
            self.current!.add(price: price, size: size, side: side, line: line)
            return
        }
        if let current = self.current {
            self.current = nil
            self.store(current)
        }
        // Storing may have doubled the width: number the bucket afterwards.
        let index = Self.floorDivide(time, self.resolution)
        if var existing = self.stored.removeValue(forKey: index) {
            existing.add(price: price, size: size, side: side, line: line)
            self.current = existing
        } else {
            self.current = PriceBucket(index: index, price: price, size: size, side: side, file: file, line: line)
        }
        self.noteCurrentRange()
    }

    /// Sets the range of times the current bucket covers (empty when that range does not fit in `Int64`).
    private mutating func noteCurrentRange() {
        guard let current = self.current else {
            (self.currentStart, self.currentEnd) = (0, 0)
            return
        }
        let (start, overflow) = current.index.multipliedReportingOverflow(by: self.resolution)
        let (end, endOverflow) = start.addingReportingOverflow(self.resolution)
        (self.currentStart, self.currentEnd) = overflow || endOverflow ? (0, 0) : (start, end)
    }

    private mutating func store(_ bucket: PriceBucket) {
        self.stored[bucket.index] = bucket
        while self.stored.count >= self.maximumBuckets { self.coarsen() }
    }

    private mutating func coarsen() {
        self.coarsenings &+= 1
        self.resolution &*= 2
        var merged: [Int64: PriceBucket] = [:]
        for bucket in self.stored.values.sorted(by: { $0.index < $1.index }) {
            let index = Self.floorDivide(bucket.index, 2)
            if merged[index] != nil {
                merged[index]!.merge(later: bucket)
            } else {
                var moved = bucket
                moved.index = index
                merged[index] = moved
            }
        }
        self.stored = merged
        if var current = self.current {
            current.index = Self.floorDivide(current.index, 2)
            if var earlier = self.stored.removeValue(forKey: current.index) {
                earlier.merge(later: current)
                current = earlier
            }
            self.current = current
        }
        self.noteCurrentRange()
    }

    /// Every bucket, in time order.
    public var buckets: [PriceBucket] {
        var all = Array(self.stored.values)
        if let current = self.current {
            if let index = all.firstIndex(where: { $0.index == current.index }) {
                all[index].merge(later: current)
            } else {
                all.append(current)
            }
        }
        return all.sorted { $0.index < $1.index }
    }

    static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        value >= 0 ? value / divisor : -((-value - 1) / divisor) - 1
    }
}
