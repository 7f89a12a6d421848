import PaichaEstimates
import Testing

@Suite("Hashes per share by dialect")
struct ShareWorkTests {
    @Test("dialect raw values match PaichaMining.MiningDialect's, so the lead can convert by raw value")
    func dialectRawValues() {
        #expect(
            ShareDialect.allCases.map(\.rawValue) == [
                "stratum-v1", "cryptonote", "eth-proxy", "ethereum-stratum", "getwork", "getblocktemplate",
                "stratum-v2",
            ]
        )
    }

    @Test("Bitcoin-style difficulty: d × 2³², scrypt d × 2¹⁶, native difficulty for CryptoNote and eth-proxy")
    func difficulty() {
        // 65536 × 2³² = 2⁴⁸ = 281 474 976 710 656.
        #expect(ShareWork.hashesPerShare(difficulty: 65536, dialect: .stratumV1, algorithm: "sha256d") == 0x1p48)
        #expect(ShareWork.hashesPerShare(difficulty: 65536, dialect: .stratumV1, algorithm: nil) == 0x1p48)
        #expect(ShareWork.hashesPerShare(difficulty: 0.5, dialect: .ethereumStratum, algorithm: "ethash") == 0x1p31)
        // Scrypt pools count difficulty 1 as target 0x0000FFFF…: 512 × 2¹⁶ = 2²⁵.
        #expect(ShareWork.hashesPerShare(difficulty: 512, dialect: .stratumV1, algorithm: "scrypt") == 0x1p25)
        // CryptoNote and Ethereum difficulties are already hashes per share.
        #expect(ShareWork.hashesPerShare(difficulty: 480_045, dialect: .cryptonote, algorithm: "rx/0") == 480_045)
        #expect(ShareWork.hashesPerShare(difficulty: 4e9, dialect: .ethProxy, algorithm: nil) == 4e9)
        #expect(ShareWork.hashesPerShare(difficulty: 0, dialect: .stratumV1, algorithm: nil) == nil)
        #expect(ShareWork.hashesPerShare(difficulty: -1, dialect: .stratumV1, algorithm: nil) == nil)
        #expect(ShareWork.hashesPerShare(difficulty: .infinity, dialect: .stratumV1, algorithm: nil) == nil)
    }

    @Test("CryptoNote compact target f3220000 (XMRig expansion)")
    func cryptonoteCompact() {
        // Little-endian f3 22 00 00 = 0x22F3 = 8947; ⌊(2³² − 1) / 8947⌋ = 480 045;
        // target₆₄ = ⌊(2⁶⁴ − 1) / 480 045⌋ = 38 427 114 278 264 (0x22F3027F0D78);
        // 2⁶⁴ / target₆₄ = 480 045.000 000 008 03.
        #expect(ShareWork.cryptonoteTarget64("f3220000") == 38_427_114_278_264)
        #expect(close(ShareWork.cryptonoteHashesPerShare(target: "f3220000"), 480_045.00000000803, relative: 1e-15))
        #expect(close(ShareWork.hashesPerShare(target: "F3220000", dialect: .cryptonote), 480_045.00000000803))
        // The easiest compact target: ⌊(2³² − 1) / (2³² − 1)⌋ = 1, target₆₄ = 2⁶⁴ − 1, one hash per share.
        #expect(ShareWork.cryptonoteHashesPerShare(target: "ffffffff") == 1)
    }

    @Test("CryptoNote 64-bit target, little-endian")
    func cryptonote64() {
        // target₆₄ = ⌊(2⁶⁴ − 1) / 10⁶⌋ = 18 446 744 073 709 = 0x10C6F7A0B5ED, little-endian edb5a0f7c6100000;
        // 2⁶⁴ / target₆₄ = 1 000 000.000 000 029 9.
        #expect(ShareWork.cryptonoteTarget64("edb5a0f7c6100000") == 18_446_744_073_709)
        #expect(close(ShareWork.cryptonoteHashesPerShare(target: "edb5a0f7c6100000"), 1_000_000.0000000299))
    }

    @Test(
        "unreadable CryptoNote targets",
        arguments: ["", "f322000", "f32200", "00000000", "0000000000000000", "zz220000", "f3220000aa"]
    )
    func cryptonoteBad(_ target: String) {
        #expect(ShareWork.cryptonoteHashesPerShare(target: target) == nil)
    }

    @Test("Ethereum getWork boundary: 2²⁵⁶ / boundary")
    func ethereumBoundary() {
        // boundary = ⌊2²⁵⁶ / (4 × 10⁹)⌋; 2²⁵⁶ / boundary = 4 × 10⁹ to 16 digits.
        let boundary = "0x0000000112e0be826d694b2e62d01511f12a6061fbaec8bc02357593e70e52ba"
        #expect(close(ShareWork.hashesPerShare(target: boundary, dialect: .ethProxy), 4e9, relative: 1e-15))
        // Without the 0x and in upper case.
        #expect(
            close(
                ShareWork.hashesPerShare(target256BigEndian: String(boundary.dropFirst(2)).uppercased()),
                4e9,
                relative: 1e-15
            )
        )
    }

    @Test("Zcash-style mining.set_target and short or tiny targets")
    func setTarget() {
        // 0xFFFF × 2²⁰⁸ (Bitcoin difficulty 1): 2²⁵⁶ / (0xFFFF × 2²⁰⁸) = 2⁴⁸ / 65535 = 4 295 032 833.000 015.
        let difficultyOne = "00000000ffff0000000000000000000000000000000000000000000000000000"
        #expect(close(ShareWork.hashesPerShare(target: difficultyOne, dialect: .stratumV1), 4_295_032_833.000015))
        // All words after the leading 128 bits set: 2²⁵⁶ / (2²²⁴ − 1) = 2³² (1 + 2⁻²²⁴) → 2³² in a Double.
        let full = "00000000" + String(repeating: "f", count: 56)
        #expect(ShareWork.hashesPerShare(target256BigEndian: full) == 0x1p32)
        // Only the last word non-zero: 2²⁵⁶ / 0x12345 = 1.552 901 351 000 016 × 10⁷².
        #expect(close(ShareWork.hashesPerShare(target256BigEndian: "12345"), 1.552901351000016e72))
        #expect(ShareWork.hashesPerShare(target256BigEndian: String(repeating: "0", count: 64)) == nil)
        #expect(ShareWork.hashesPerShare(target256BigEndian: String(repeating: "1", count: 65)) == nil)
        #expect(ShareWork.hashesPerShare(target256BigEndian: "0xg0") == nil)
    }

    @Test("getwork target is 32 bytes little-endian")
    func getwork() {
        // ff…ff 00000000 little-endian is 2²²⁴ − 1; 2²⁵⁶ / (2²²⁴ − 1) → 2³² in a Double.
        let target = String(repeating: "f", count: 56) + "00000000"
        #expect(ShareWork.hashesPerShare(target: target, dialect: .getwork) == 0x1p32)
        #expect(ShareWork.hashesPerShare(target: "ffff", dialect: .getwork) == nil)
    }

    @Test("2²⁵⁶ / target agrees with exact big-integer division for random targets")
    func randomTargets() {
        var generator = SplitMix64(seed: 0x5EED_0256)
        for _ in 0..<2000 {
            // A random 256-bit value with a random number of leading zero bits.
            var words = (0..<4).map { _ in generator.next() }
            let zeros = Int(generator.next() % 250)
            for bit in 0..<zeros { words[bit / 64] &= ~(UInt64(1) << UInt64(63 - bit % 64)) }
            guard words.contains(where: { $0 != 0 }) else { continue }
            let hex = words.map { word -> String in
                let digits = String(word, radix: 16)
                return String(repeating: "0", count: 16 - digits.count) + digits
            }.joined()
            // Reference: value as a sum of exactly scaled words in extended precision is not available, so check
            // the product instead: (2²⁵⁶ / v) × v ≈ 2²⁵⁶ within Double rounding.
            guard let quotient = ShareWork.hashesPerShare(target256BigEndian: hex) else {
                Issue.record("nil for \(hex)")
                continue
            }
            var value = 0.0
            for word in words { value = value * 0x1p64 + Double(word) }
            #expect(close(quotient * value, 0x1p256, relative: 4e-16), "\(hex)")
        }
    }
}
