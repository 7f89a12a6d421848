import Testing

@testable import PaichaTrades

@Suite struct TradeDecimalTests {
    func parse(_ text: String) -> TradeDecimal? {
        Array(text.utf8).withUnsafeBytes { TradeDecimal(ascii: $0) }
    }

    @Test(arguments: [
        ("0.00832", TradeDecimal(significand: 832, exponent: -5)),
        ("1.6e-05", TradeDecimal(significand: 16, exponent: -6)),
        ("2.5995544883517e-05", TradeDecimal(significand: 25_995_544_883_517, exponent: -18)),
        ("1.500", TradeDecimal(significand: 15, exponent: -1)),
        ("1500", TradeDecimal(significand: 15, exponent: 2)),
        ("0", TradeDecimal.zero),
        ("0.000", TradeDecimal.zero),
        ("-2.5", TradeDecimal(significand: 25, exponent: -1, isNegative: true)),
        ("+7", TradeDecimal(significand: 7, exponent: 0)),
        (".5", TradeDecimal(significand: 5, exponent: -1)),
        ("5.", TradeDecimal(significand: 5, exponent: 0)),
        (" \"63443.11\" ", TradeDecimal(significand: 6_344_311, exponent: -2)),
        ("1E3", TradeDecimal(significand: 1, exponent: 3)),
        ("0.023395990395166075", TradeDecimal(significand: 23_395_990_395_166_075, exponent: -18)),
        (
            "1234567890123456789012",
            TradeDecimal(significand: 1_234_567_890_123_456_789, exponent: 3, isInexact: true)
        ),
        ("12345678901234567890000", TradeDecimal(significand: 1_234_567_890_123_456_789, exponent: 4)),
    ])
    func parsesExactly(_ text: String, _ expected: TradeDecimal) {
        #expect(parse(text) == expected)
    }

    @Test(arguments: ["", "-", ".", "1e", "1e+", "1.2.3", "abc", "1e999", "12a", "0x10", "1,5", "--1", "e5"])
    func refusesNonNumbers(_ text: String) {
        #expect(parse(text) == nil)
    }

    @Test func digitsScaleByTheExponent() throws {
        let small = try #require(parse("0.00832"))
        #expect(small.leadingDigits(1) == 8)
        #expect(small.leadingDigits(2) == 83)
        #expect(small.leadingDigits(3) == 832)
        #expect(small.leadingDigits(4) == 8320)
        #expect(small.magnitude == -3)
        #expect(small.description == "0.00832")
        let one = try #require(parse("8"))
        #expect(one.leadingDigits(2) == 80)
        #expect(try #require(parse("1500")).description == "1500")
        #expect(try #require(parse("-12.5")).description == "-12.5")
    }

    @Test func productsAreExactUntilNineteenDigits() throws {
        let price = try #require(parse("63443.11"))
        let size = try #require(parse("0.00391398"))
        #expect(price.multiplied(by: size) == TradeDecimal(significand: 2_483_150_636_778, exponent: -10))
        #expect(price.multiplied(by: size).description == "248.3150636778")
        let long = try #require(parse("0.023395990395166075"))
        let product = long.multiplied(by: try #require(parse("0.28771")))
        #expect(product.isInexact)
        #expect(product.leadingDigits(4) == 6731)  // 0.006731…
        #expect(price.multiplied(by: .zero) == .zero)
    }
}

@Suite struct DigitCountTests {
    @Test func digitCountAtEveryPowerOfTen() {
        #expect(TradeDecimal.digits(in: 0) == 0)
        var power: UInt64 = 1
        for digits in Int32(1)...19 {
            #expect(TradeDecimal.digits(in: power) == digits)
            #expect(TradeDecimal.digits(in: power - 1) == digits - 1)
            #expect(TradeDecimal.digits(in: power * 9) == digits)
            if digits < 19 { power *= 10 }
        }
        #expect(TradeDecimal.digits(in: UInt64.max) == 20)
        #expect(TradeDecimal.digits(in: 10_000_000_000_000_000_000) == 20)
    }
}

/// The one-pass path for plain decimals against the full parser.
@Suite struct PlainDecimalTests {
    static func parse(_ text: String, _ parser: (UnsafeRawBufferPointer) -> TradeDecimal?) -> TradeDecimal? {
        Array(text.utf8).withUnsafeBytes { parser($0) }
    }

    @Test(
        "forms it reads give what the full parser gives; other forms are left to it",
        arguments: [
            ("0.00253", true), ("30007.73", true), ("2.17760", true), ("5.", true), (".5", true), ("000123", true),
            ("0", true), ("0.0", true), ("1234567890123456789", true), ("0.000000000000000001", true),
            ("12345678901234567890", false), ("-1", false), ("+1", false), ("1e3", false), (" 1", false),
            ("\"1\"", false), ("", false), (".", false), ("1.2.3", false), ("x", false),
        ]
    )
    func vectors(text: String, plain: Bool) {
        let fast = Self.parse(text, TradeDecimal.plain)
        #expect((fast != nil) == plain)
        if let fast { #expect(fast == Self.parse(text, TradeDecimal.full)) }
        #expect(Self.parse(text) { TradeDecimal(ascii: $0) } == Self.parse(text, TradeDecimal.full))
    }

    @Test("random plain decimals: both paths agree", arguments: [UInt64(1), 2, 3])
    func random(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        for _ in 0..<5_000 {
            let length = 1 + Int(random.next() % 21)
            var text = (0..<length).map { _ in String(random.next() % 10) }.joined()
            if random.next() % 3 != 0 {
                let point = Int(random.next() % UInt64(length + 1))
                text.insert(".", at: text.index(text.startIndex, offsetBy: point))
            }
            let fast = Self.parse(text, TradeDecimal.plain)
            let full = Self.parse(text, TradeDecimal.full)
            if let fast { #expect(fast == full, "\(text)") }
            #expect(Self.parse(text) { TradeDecimal(ascii: $0) } == full, "\(text)")
        }
    }
}
