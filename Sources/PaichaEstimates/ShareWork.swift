/// How a mining dialect states the work one share stands for; raw values match `PaichaMining.MiningDialect`.
public enum ShareDialect: String, Sendable, Hashable, Codable, CaseIterable {
    /// Stratum V1 as Bitcoin pools speak it; Zcash/Equihash and KawPow pools speak it too with `mining.set_target`.
    case stratumV1 = "stratum-v1"
    /// CryptoNote/Monero Stratum: the pool sends a `target` (8 or 16 hex digits, little-endian).
    case cryptonote = "cryptonote"
    /// Ethereum "eth-proxy": `eth_getWork` sends a 32-byte big-endian boundary.
    case ethProxy = "eth-proxy"
    /// EthereumStratum/1.0.0 (NiceHash): `mining.set_difficulty`, difficulty 1 = 2³² hashes.
    case ethereumStratum = "ethereum-stratum"
    /// Bitcoin `getwork` over HTTP: the `target` is 32 bytes little-endian.
    case getwork = "getwork"
    /// Bitcoin `getblocktemplate`: the `target` is 32 bytes big-endian.
    case getblocktemplate = "getblocktemplate"
    /// Stratum V2: work is not readable from outside the Noise channel; a difficulty, if supplied, is Bitcoin-style.
    case stratumV2 = "stratum-v2"
}

/// The expected number of hashes behind one share, from the difficulty or target a pool set, per dialect.
///
/// A share is a hash below the share target T; each hash falls below it with probability T / 2ᴺ for an
/// N-bit hash, so a share stands for 2ᴺ / T hashes on average. The formulas:
/// - **Bitcoin-style difficulty** (Stratum V1 `mining.set_difficulty`, EthereumStratum/1.0.0, Stratum V2,
///   getwork/GBT when a difficulty is given): hashes = difficulty × 2³². Difficulty 1 is the target
///   `0x00000000FFFF0000…`, so the exact factor is 2²⁵⁶ / (0xFFFF × 2²⁰⁸) = 2³² × 65536/65535 ≈ 2³² (1 + 1.5e-5);
///   pools and miners use 2³² and so does this code. For **scrypt** the pool difficulty-1 target is
///   `0x0000FFFF…` (2¹⁶ times larger, as cgminer's scrypt mode and Litecoin pools count it), so hashes =
///   difficulty × 2¹⁶; `hashesPerDifficultyOne(algorithm:)` chooses.
/// - **CryptoNote** `target` (XMRig `Job::setTarget`): 8 hex digits are a 32-bit little-endian compact target
///   t₃₂, expanded as target₆₄ = ⌊(2⁶⁴ − 1) / ⌊(2³² − 1) / t₃₂⌋⌋; 16 hex digits are target₆₄ directly,
///   little-endian. Hashes = 2⁶⁴ / target₆₄, which for a compact target is ≈ ⌊(2³² − 1) / t₃₂⌋ — the pool
///   difficulty XMRig shows. A CryptoNote *difficulty* is already in hashes: hashes = difficulty.
/// - **Ethereum getWork** boundary (32 bytes, big-endian hex) and **Zcash/KawPow `mining.set_target`**
///   (256-bit big-endian): hashes = 2²⁵⁶ / target. An Ethereum difficulty (eth-proxy) is already in hashes.
///   For Equihash the "hashes" are solutions (Sol), the unit Equihash hardware is rated in.
/// - **getwork** target: 32 bytes little-endian; hashes = 2²⁵⁶ / target.
///
/// The 256-bit division keeps the leading 128 bits of the target (its first non-zero 64-bit word and the
/// next), converts them to a `Double` (53-bit significand) and scales by a power of two, so the result has a
/// relative error below 2⁻⁵² — far below the Poisson uncertainty of any share count.
public enum ShareWork {
    /// Hashes per difficulty-1 share for a Bitcoin-style difficulty: 2¹⁶ for scrypt, otherwise 2³².
    public static func hashesPerDifficultyOne(algorithm: String?) -> Double {
        AlgorithmFamily(algorithmName: algorithm) == .scrypt ? 0x1p16 : 0x1p32
    }

    /// Hashes per share for a difficulty as `dialect` states it (see the type's formulas), or `nil` if not positive.
    public static func hashesPerShare(difficulty: Double, dialect: ShareDialect, algorithm: String?) -> Double? {
        guard difficulty > 0, difficulty.isFinite else { return nil }
        switch dialect {
        case .cryptonote, .ethProxy: return difficulty
        case .stratumV1, .ethereumStratum, .getwork, .getblocktemplate, .stratumV2:
            return difficulty * self.hashesPerDifficultyOne(algorithm: algorithm)
        }
    }

    /// Hashes per share for a target as `dialect` sends it (see the type's formulas), or `nil` if unreadable or zero.
    public static func hashesPerShare(target: String, dialect: ShareDialect) -> Double? {
        switch dialect {
        case .cryptonote: return self.cryptonoteHashesPerShare(target: target)
        case .getwork: return self.hashesPerShare(target256LittleEndian: target)
        case .stratumV1, .ethProxy, .ethereumStratum, .getblocktemplate, .stratumV2:
            return self.hashesPerShare(target256BigEndian: target)
        }
    }

    /// 2⁶⁴ / target₆₄ for a CryptoNote target of 8 (compact) or 16 hex digits, little-endian; `nil` otherwise.
    public static func cryptonoteHashesPerShare(target: String) -> Double? {
        guard let target64 = self.cryptonoteTarget64(target) else { return nil }
        return 0x1p64 / Double(target64)
    }

    /// The 64-bit CryptoNote target as XMRig expands it, or `nil` for bad hex, a zero target or another length.
    public static func cryptonoteTarget64(_ target: String) -> UInt64? {
        let hex = self.stripPrefix(target)
        guard let bytes = self.hexBytes(hex) else { return nil }
        switch bytes.count {
        case 4:
            var compact: UInt64 = 0
            for (index, byte) in bytes.enumerated() { compact |= UInt64(byte) << (8 * UInt64(index)) }
            guard compact != 0 else { return nil }
            return UInt64.max / (0xFFFF_FFFF / compact)
        case 8:
            var value: UInt64 = 0
            for (index, byte) in bytes.enumerated() { value |= UInt64(byte) << (8 * UInt64(index)) }
            return value == 0 ? nil : value
        default:
            return nil
        }
    }

    /// 2²⁵⁶ / target for a big-endian hex target of up to 64 digits (`0x` allowed), or `nil`.
    public static func hashesPerShare(target256BigEndian target: String) -> Double? {
        let hex = self.stripPrefix(target)
        guard !hex.isEmpty, hex.count <= 64 else { return nil }
        let padded = String(repeating: "0", count: 64 - hex.count) + hex
        guard let bytes = self.hexBytes(Substring(padded)) else { return nil }
        return self.twoTo256Over(bigEndianBytes: bytes)
    }

    /// 2²⁵⁶ / target for a little-endian hex target of exactly 64 digits (Bitcoin getwork), or `nil`.
    public static func hashesPerShare(target256LittleEndian target: String) -> Double? {
        let hex = self.stripPrefix(target)
        guard hex.count == 64, let bytes = self.hexBytes(hex) else { return nil }
        return self.twoTo256Over(bigEndianBytes: bytes.reversed())
    }

    /// 2²⁵⁶ / value for 32 big-endian bytes, from the leading 128 bits; `nil` for zero.
    static func twoTo256Over(bigEndianBytes bytes: [UInt8]) -> Double? {
        precondition(bytes.count == 32)
        var words = [UInt64](repeating: 0, count: 4)
        for (index, byte) in bytes.enumerated() { words[index / 8] = words[index / 8] << 8 | UInt64(byte) }
        guard let first = words.firstIndex(where: { $0 != 0 }) else { return nil }
        if first == 3 { return 0x1p256 / Double(words[3]) }
        // value ≈ (w[first]·2⁶⁴ + w[first+1]) · 2^(64·(2 − first)); the dropped words change it by < 2⁻⁶⁴ relative.
        let leading = Double(words[first]) * 0x1p64 + Double(words[first + 1])
        let exponent = 256 - 64 * (2 - first)
        return Double(sign: .plus, exponent: exponent, significand: 1) / leading
    }

    private static func stripPrefix(_ text: String) -> Substring {
        let trimmed = text.trimmedWhitespace
        if trimmed.hasPrefix("0x") || trimmed.hasPrefix("0X") { return trimmed.dropFirst(2) }
        return trimmed
    }

    private static func hexBytes(_ hex: Substring) -> [UInt8]? {
        let utf8 = Array(hex.utf8)
        guard !utf8.isEmpty, utf8.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = self.nibble(utf8[index]), let low = self.nibble(utf8[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
