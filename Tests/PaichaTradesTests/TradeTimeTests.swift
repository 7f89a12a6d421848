import PaichaCore
import PaichaTrades
import Testing

@Suite struct TradeTimeTests {
    func parse(_ text: String) -> Timestamp? {
        Array(text.utf8).withUnsafeBytes { TradeTime.parse($0) }
    }

    @Test(
        arguments: [
            ("1779221464", 1_779_221_464_000_000_000),
            ("1779221464981", 1_779_221_464_981_000_000),
            ("1779221464981123", 1_779_221_464_981_123_000),
            ("1779221464981123456", 1_779_221_464_981_123_456),
            ("1779221464.5", 1_779_221_464_500_000_000),
            ("2026-06-08T17:51:35.689356+00:00", 1_780_941_095_689_356_000),
            ("2026-06-08T19:51:35.689356+02:00", 1_780_941_095_689_356_000),
            ("2026-06-08 17:51:35Z", 1_780_941_095_000_000_000),
            ("2026-06-08T17:51:35", 1_780_941_095_000_000_000),
            ("1970-01-01T00:00:00Z", 0),
        ] as [(String, Int64)]
    )
    func readsEveryForm(_ text: String, _ nanoseconds: Int64) {
        #expect(parse(text) == Timestamp(nanoseconds: nanoseconds))
    }

    @Test(arguments: [
        "", "x", "12:00", "2026-13-01T00:00:00Z", "2026-06-08T17:51", "1.", "99999999999999999999",
        "2026-06-08T17:51:35+0",
        // Beyond 2262 in nanoseconds, at every unit.
        "99999999999999999", "99999999999999", "99999999999", "9999999999.5", "9223372036854775808",
    ])
    func refusesOthers(_ text: String) {
        #expect(parse(text) == nil)
    }

    @Test func roundTripsThroughRFC3339() throws {
        let time = try #require(parse("2026-05-19T20:11:04.981000+00:00"))
        #expect(time.rfc3339(fractionDigits: 3) == "2026-05-19T20:11:04.981Z")
        #expect(parse("1779221464981") == time)
    }
}
