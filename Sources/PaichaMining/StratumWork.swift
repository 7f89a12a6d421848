/// Turns the difficulties and targets pools send into expected hashes per share.
enum StratumWork {
    /// Hashes per share for one change, given the dialect and the algorithm the session settled on; `nil` when unknown.
    static func hashesPerShare(_ change: DifficultyChange, dialect: MiningDialect, algorithm: String?) -> Double? {
        if let target = change.target {
            switch dialect {
            case .cryptonote: return cryptonote(target)
            case .getwork: return bigTarget(target, littleEndian: true)
            case .ethProxy, .getblocktemplate, .stratumV1, .ethereumStratum:
                return bigTarget(target, littleEndian: false)
            case .stratumV2: return nil
            }
        }
        if let difficulty = change.difficulty, difficulty > 0 {
            if algorithm == "sha256d" || dialect == .ethereumStratum { return difficulty * 4_294_967_296 }
        }
        return nil
    }

    /// CryptoNote targets: 8 hex digits (little-endian 32-bit) → 0xFFFFFFFF / t; 16 digits (64-bit) → 2^64-1 / t.
    static func cryptonote(_ target: String) -> Double? {
        guard let bytes = hexBytes(target) else { return nil }
        switch bytes.count {
        case 4:
            let value = bytes.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            return value == 0 ? nil : Double(UInt64(0xFFFF_FFFF) / value)
        case 8:
            let value = bytes.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            return value == 0 ? nil : Double(UInt64.max / value)
        default:
            return nil
        }
    }

    /// A 256-bit target (optionally `0x`-prefixed) → 2^256 / target.
    static func bigTarget(_ target: String, littleEndian: Bool) -> Double? {
        guard var bytes = hexBytes(target), bytes.count == 32 else { return nil }
        if littleEndian { bytes.reverse() }
        let value = bytes.reduce(0.0) { $0 * 256 + Double($1) }
        guard value > 0 else { return nil }
        return 0x1p256 / value
    }

    /// Hex digits (optionally `0x`-prefixed, even count) as bytes.
    static func hexBytes(_ text: String) -> [UInt8]? {
        var digits = Array(text.utf8)
        if digits.count >= 2, digits[0] == UInt8(ascii: "0"), digits[1] == UInt8(ascii: "x") { digits.removeFirst(2) }
        guard !digits.isEmpty, digits.count % 2 == 0 else { return nil }
        var result: [UInt8] = []
        result.reserveCapacity(digits.count / 2)
        var index = 0
        while index + 1 < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            result.append(high << 4 | low)
            index += 2
        }
        return result
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
