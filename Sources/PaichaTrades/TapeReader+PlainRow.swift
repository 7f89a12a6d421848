import PaichaCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the one-pass row reader does with each field up to the last one the layout needs.
///
/// Four bits per field position, so layouts whose columns all lie within the first 16 fields have a plan.
struct PlainRowPlan: Sendable {
    /// A field's role.
    enum Role: UInt64 {
        case skip = 0
        case time
        case price
        case size
        case side
        case buyerIsMaker
        /// Venue, symbol, buyer or seller: its bounds are recorded for the general market and account lookups.
        case record
    }

    /// The most fields a plan covers.
    static let maximumNeeded = 16

    /// The roles, four bits per field, field 0 lowest.
    let roles: UInt64
    /// Fields read (the layout's `needed`).
    let needed: Int
    /// Whether any field is recorded (market or accounts from the row).
    let records: Bool
    /// Fields a line may have before it counts as having extra fields (`TradeLimits.maximumFields`).
    let maximumFields: Int
    /// For layouts of the shape of Binance's — `leading` skipped fields, price, size, `between` skipped fields,
    /// time, buyer-is-maker, and nothing else needed — the two counts, so that such rows are read in straight-line
    /// code rather than field by field through the roles.
    let straight: (leading: Int, between: Int)?

    /// The plan for `layout`, or nil when a column lies beyond the first 16 fields (the general reader reads
    /// those rows).
    init?(_ layout: TapeReader.Layout, maximumFields: Int) {
        guard layout.needed > 0, layout.needed <= Self.maximumNeeded, layout.price >= 0, layout.size >= 0 else {
            return nil
        }
        var roles: UInt64 = 0
        func set(_ position: Int, _ role: Role) {
            guard position >= 0 else { return }
            roles |= role.rawValue << (UInt64(position) * 4)
        }
        set(layout.time, .time)
        set(layout.price, .price)
        set(layout.size, .size)
        set(layout.side, .side)
        set(layout.buyerIsMaker, .buyerIsMaker)
        for position in [layout.venue, layout.symbol, layout.buyer, layout.seller] { set(position, .record) }
        self.roles = roles
        self.needed = layout.needed
        self.records = [layout.venue, layout.symbol, layout.buyer, layout.seller].contains { $0 >= 0 }
        self.maximumFields = maximumFields
        if !self.records, layout.side < 0, layout.size == layout.price + 1,
            layout.time > layout.size, layout.buyerIsMaker == layout.time + 1, layout.needed == layout.buyerIsMaker + 1
        {
            self.straight = (layout.price, layout.time - layout.size - 1)
        } else {
            self.straight = nil
        }
    }

    @inline(__always)
    func role(_ field: Int) -> UInt64 { (self.roles >> (UInt64(field) &* 4)) & 0xF }
}

extension TapeReader {
    /// Reads the rows at the start of `bytes` that are plain — no quotes, no spaces, no signs or exponents, sides
    /// and flags in their usual spelling — each in one pass over its bytes, and returns the bytes consumed
    /// (whole lines with their newlines). Stops, with that line unread, at the first line it cannot read that
    /// way or that has no newline yet; the general reader takes it from there.
    ///
    /// For every line it reads, the trade, the statistics and the line count are exactly those of the general
    /// reader (`handleLine`): anything this pass is unsure of is left to it.
    mutating func readPlainRows(_ bytes: UnsafeRawBufferPointer, _ sink: (Trade) -> Void) -> Int {
        guard let plan = self.plainPlan, let base = bytes.baseAddress else { return 0 }
        let count = bytes.count
        let maximumLine = self.options.limits.maximumLineLength
        var consumed = 0
        while consumed < count {
            let start = base + consumed
            guard let (trade, length) = self.plainTrade(start, count &- consumed, plan: plan, maximumLine: maximumLine)
            else { break }
            self.statistics.lines &+= 1
            consumed &+= length &+ 1
            if trade.market < 0 {
                self.statistics.untrackedMarketTrades &+= 1
                continue
            }
            self.statistics.trades &+= 1
            sink(trade)
        }
        return consumed
    }

    /// The trade on the line at `start` (at most `available` bytes, its newline among them) and the line's
    /// length up to its newline, or nil when the line is not plain, longer than `maximumLine` or its newline is
    /// not there. Only a market or account first named on this line is recorded before it returns; a nil leaves
    /// everything as it was. The trade's `market` is -1 for a market beyond `maximumMarkets`.
    @inline(__always)
    private mutating func plainTrade(
        _ start: UnsafeRawPointer,
        _ available: Int,
        plan: PlainRowPlan,
        maximumLine: Int
    ) -> (Trade, Int)? {
        var index = 0
        var price = TradeDecimal.zero
        var size = TradeDecimal.zero
        var time: Timestamp?
        var side = TradeSide.unknown
        // Where the line's content ends (before a "\r\n" or "\n"), once a field has met it.
        var end = -1
        if let (leading, between) = plan.straight {
            for _ in 0..<leading {
                guard Self.skipField(start, &index, available), Self.comma(start, &index, available) else { return nil }
            }
            guard let parsedPrice = Self.plainDecimal(start, &index, available), Self.comma(start, &index, available),
                let parsedSize = Self.plainDecimal(start, &index, available), Self.comma(start, &index, available)
            else { return nil }
            for _ in 0..<between {
                guard Self.skipField(start, &index, available), Self.comma(start, &index, available) else { return nil }
            }
            guard let parsedTime = Self.plainTime(start, &index, available), Self.comma(start, &index, available),
                let maker = Self.plainFlag(start, &index, available),
                Self.fieldEnd(start, &index, available, last: true, end: &end)
            else { return nil }
            (price, size, time, side) = (parsedPrice, parsedSize, parsedTime, maker ? .sell : .buy)
        } else {
            for field in 0..<plan.needed {
                let fieldStart = index
                switch plan.role(field) {
                case PlainRowPlan.Role.price.rawValue:
                    guard let value = Self.plainDecimal(start, &index, available) else { return nil }
                    price = value
                case PlainRowPlan.Role.size.rawValue:
                    guard let value = Self.plainDecimal(start, &index, available) else { return nil }
                    size = value
                case PlainRowPlan.Role.time.rawValue:
                    guard let value = Self.plainTime(start, &index, available) else { return nil }
                    time = value
                case PlainRowPlan.Role.buyerIsMaker.rawValue:
                    guard let maker = Self.plainFlag(start, &index, available) else { return nil }
                    side = maker ? .sell : .buy
                case PlainRowPlan.Role.side.rawValue:
                    guard let value = Self.plainSide(start, &index, available) else { return nil }
                    side = value
                default:
                    guard Self.skipField(start, &index, available) else { return nil }
                    if plan.records {
                        self.fieldStarts[field] = fieldStart
                        self.fieldEnds[field] = index
                    }
                }
                guard Self.fieldEnd(start, &index, available, last: field &+ 1 == plan.needed, end: &end) else {
                    return nil
                }
            }
        }
        // The fields after the needed ones: to the newline, without quotes, and with too few commas to pass the
        // field limit.
        if end < 0 {
            var fields = plan.needed &+ 1
            // Eight bytes at a time: the first newline or quote, and the commas before it.
            scan: while index &+ 8 <= available {
                let word = UInt64(littleEndian: start.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                let commas = Self.zeroBytes(word ^ 0x2C2C_2C2C_2C2C_2C2C)
                let stops = Self.zeroBytes(word ^ 0x0A0A_0A0A_0A0A_0A0A) | Self.zeroBytes(word ^ 0x2222_2222_2222_2222)
                // Commas counted one by one (few, and the baseline x86-64 target has no population count).
                var before = stops == 0 ? commas : commas & ((stops & (0 &- stops)) &- 1)
                while before != 0 {
                    fields &+= 1
                    before &= before &- 1
                }
                if stops == 0 {
                    index &+= 8
                    continue
                }
                index &+= stops.trailingZeroBitCount >> 3
                break scan
            }
            while true {
                guard index < available else { return nil }
                let byte = start.load(fromByteOffset: index, as: UInt8.self)
                if byte == 0x0A { break }
                if byte == 0x22 { return nil }
                if byte == 0x2C { fields &+= 1 }
                index &+= 1
            }
            guard fields < plan.maximumFields else { return nil }
            end = index > 0 && start.load(fromByteOffset: index &- 1, as: UInt8.self) == 0x0D ? index &- 1 : index
        }
        // `index` is at the newline. (A blank line never gets here: the price and size need digits.) A line over
        // the limit is the general reader's to report, before anything of it is recorded.
        guard index <= maximumLine else { return nil }
        var market = self.lastMarket
        var buyer: Int32?
        var seller: Int32?
        if plan.records || market < 0 {
            let line = UnsafeRawBufferPointer(start: start, count: end)
            market = self.market(line)
            if market >= 0 { (buyer, seller) = self.accounts(line) }
        }
        let trade = Trade(
            time: time,
            price: price,
            size: size,
            side: side,
            market: market,
            buyer: buyer,
            seller: seller,
            line: self.statistics.lines &+ 1
        )
        return (trade, index)
    }

    /// Moves past a comma at `index`; false (not moving) if there is none.
    @inline(__always)
    private static func comma(_ start: UnsafeRawPointer, _ index: inout Int, _ available: Int) -> Bool {
        guard index < available, start.load(fromByteOffset: index, as: UInt8.self) == 0x2C else { return false }
        index &+= 1
        return true
    }

    /// Moves past the byte that ends a field: a comma, or — for the last field read (`last`) — the line's end
    /// ("\n" or "\r\n"), whose position then goes to `end` (`index` stops at the "\n"). False for anything else.
    @inline(__always)
    private static func fieldEnd(
        _ start: UnsafeRawPointer,
        _ index: inout Int,
        _ available: Int,
        last: Bool,
        end: inout Int
    ) -> Bool {
        guard index < available else { return false }
        let terminator = start.load(fromByteOffset: index, as: UInt8.self)
        if terminator == 0x2C {
            index &+= 1
            return true
        }
        guard last else { return false }
        if terminator == 0x0A {
            end = index
            return true
        }
        guard terminator == 0x0D, index &+ 1 < available,
            start.load(fromByteOffset: index &+ 1, as: UInt8.self) == 0x0A
        else { return false }
        end = index
        index &+= 1
        return true
    }

    /// Moves to the end of a field that is not read (a comma, "\r" or "\n"), eight bytes at a time; false for a
    /// quote or a space in it (the general reader unquotes and trims) or no end before `available`.
    @inline(__always)
    private static func skipField(_ start: UnsafeRawPointer, _ index: inout Int, _ available: Int) -> Bool {
        while index &+ 8 <= available {
            let word = UInt64(littleEndian: start.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            // The first byte below 0x2D ("-"): every stop (",", "\r", "\n", quote, space) is one. (A borrow marks
            // only bytes after the first such byte, so the lowest mark is exact.)
            let below = (word &- 0x2D2D_2D2D_2D2D_2D2D) & ~word & 0x8080_8080_8080_8080
            if below == 0 {
                index &+= 8
                continue
            }
            index &+= below.trailingZeroBitCount >> 3
            let byte = start.load(fromByteOffset: index, as: UInt8.self)
            if byte == 0x2C || byte == 0x0A || byte == 0x0D { return true }
            if byte == 0x22 || byte == 0x20 { return false }
            index &+= 1  // another byte below "-" ("+", "#", a tab…): part of the field
        }
        while index < available {
            let byte = start.load(fromByteOffset: index, as: UInt8.self)
            if byte == 0x2C || byte == 0x0A || byte == 0x0D { return true }
            if byte == 0x22 || byte == 0x20 { return false }
            index &+= 1
        }
        return false
    }

    /// An integer time of 1…19 digits, as `TradeTime.parse` reads one; `index` moves past its digits. Eight
    /// digits are taken at a time while they are there.
    @inline(__always)
    private static func plainTime(_ start: UnsafeRawPointer, _ index: inout Int, _ available: Int) -> Timestamp? {
        let first = index
        var integer: UInt64 = 0
        while index &+ 8 <= available {
            let word = UInt64(littleEndian: start.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            guard word & 0xF0F0_F0F0_F0F0_F0F0 == 0x3030_3030_3030_3030,
                (word &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0 == 0x3030_3030_3030_3030
            else { break }
            integer = integer &* 100_000_000 &+ Self.eightDigits(word)
            index &+= 8
        }
        while index < available {
            let digit = start.load(fromByteOffset: index, as: UInt8.self) &- 0x30
            guard digit < 10 else { break }
            integer = integer &* 10 &+ UInt64(digit)
            index &+= 1
        }
        let digits = index &- first
        guard digits > 0, digits <= 19 else { return nil }
        return TradeTime.integer(integer)
    }

    /// The value of eight ASCII digits loaded little-endian (the first digit in the lowest byte).
    @inline(__always)
    static func eightDigits(_ word: UInt64) -> UInt64 {
        var value = ((word & 0x0F0F_0F0F_0F0F_0F0F) &* 2561) >> 8
        value = ((value & 0x00FF_00FF_00FF_00FF) &* 6_553_601) >> 16
        return ((value & 0x0000_FFFF_0000_FFFF) &* 42_949_672_960_001) >> 32
    }

    /// A decimal `digits[.digits]` of at most 19 digits ending at a comma or the line's end, as
    /// `TradeDecimal.plain` reads it; `index` moves past it (to the byte that ends it). Nil for anything else.
    @inline(__always)
    private static func plainDecimal(_ start: UnsafeRawPointer, _ index: inout Int, _ available: Int) -> TradeDecimal? {
        let first = index
        var significand: UInt64 = 0
        var point = -1
        while index < available {
            let byte = start.load(fromByteOffset: index, as: UInt8.self)
            let digit = byte &- 0x30
            if digit < 10 {
                significand = significand &* 10 &+ UInt64(digit)
            } else if byte == 0x2E, point < 0 {
                point = index
            } else if byte == 0x2C || byte == 0x0A || byte == 0x0D {
                break
            } else {
                return nil
            }
            index &+= 1
        }
        let length = index &- first
        let digits = point < 0 ? length : length &- 1
        guard digits > 0, digits <= 19 else { return nil }
        let fraction = point < 0 ? 0 : Int32(index &- 1 &- point)
        return TradeDecimal(significand: significand, exponent: -fraction)
    }

    /// Whether the byte after a field's text ends the field: a comma, or the line's end.
    @inline(__always)
    private static func ends(_ start: UnsafeRawPointer, at index: Int, _ available: Int) -> Bool {
        guard index < available else { return false }
        let byte = start.load(fromByteOffset: index, as: UInt8.self)
        return byte == 0x2C || byte == 0x0A || byte == 0x0D
    }

    /// `true`/`True` or `false`/`False` ending at a comma or the line's end.
    @inline(__always)
    private static func plainFlag(_ start: UnsafeRawPointer, _ index: inout Int, _ available: Int) -> Bool? {
        if Self.ends(start, at: index &+ 4, available) {
            let word = UInt32(littleEndian: start.loadUnaligned(fromByteOffset: index, as: UInt32.self)) | 0x20
            guard word == 0x6575_7274 else { return nil }  // "true" (little-endian), first letter either case
            index &+= 4
            return true
        }
        if Self.ends(start, at: index &+ 5, available) {
            let word = UInt32(littleEndian: start.loadUnaligned(fromByteOffset: index, as: UInt32.self)) | 0x20
            guard word == 0x736C_6166, start.load(fromByteOffset: index &+ 4, as: UInt8.self) == 0x65 else {
                return nil  // not "false"
            }
            index &+= 5
            return false
        }
        return nil
    }

    /// `buy` or `sell` (lowercase) ending at a comma or the line's end.
    @inline(__always)
    private static func plainSide(_ start: UnsafeRawPointer, _ index: inout Int, _ available: Int) -> TradeSide? {
        if Self.ends(start, at: index &+ 3, available) {
            guard start.load(fromByteOffset: index, as: UInt8.self) == 0x62,
                start.load(fromByteOffset: index &+ 1, as: UInt8.self) == 0x75,
                start.load(fromByteOffset: index &+ 2, as: UInt8.self) == 0x79
            else { return nil }
            index &+= 3
            return .buy
        }
        if Self.ends(start, at: index &+ 4, available) {
            guard UInt32(littleEndian: start.loadUnaligned(fromByteOffset: index, as: UInt32.self)) == 0x6C6C_6573
            else {
                return nil  // not "sell"
            }
            index &+= 4
            return .sell
        }
        return nil
    }
}
