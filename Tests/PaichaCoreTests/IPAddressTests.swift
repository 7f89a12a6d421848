import PaichaCore
import Testing

struct IPAddressTests {
    @Test(arguments: [
        ("1.2.3.4", "1.2.3.4"),
        ("2001:db8::1", "2001:db8::1"),
        ("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
        ("::", "::"),
        ("::1", "::1"),
        ("fe80::1:0:0:1", "fe80::1:0:0:1"),
        ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
        ("::ffff:10.0.0.1", "::ffff:10.0.0.1"),
    ])
    func roundTrip(input: String, expected: String) {
        #expect(IPAddress(input)?.description == expected)
    }

    @Test(arguments: ["1.2.3", "256.1.1.1", "1.2.3.4.5", "1::2::3", "12345::", "", "a.b.c.d", "1.2.3.-1"])
    func rejects(input: String) {
        #expect(IPAddress(input) == nil)
    }

    @Test func bytesAreNetworkOrder() {
        #expect(IPAddress("10.1.2.3")?.bytes == [10, 1, 2, 3])
        #expect(
            IPAddress("2001:db8::ff")?.bytes == [0x20, 0x01, 0x0D, 0xB8] + [UInt8](repeating: 0, count: 11) + [0xFF]
        )
    }
}

struct TimestampTests {
    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000000Z"),
        (Int64(1_520_000_000_123_456_789), "2018-03-02T14:13:20.123456Z"),
        (Int64(951_782_400_000_000_000), "2000-02-29T00:00:00.000000Z"),
        (Int64(-1_000), "1969-12-31T23:59:59.999999Z"),
    ])
    func rfc3339(nanoseconds: Int64, expected: String) {
        #expect(Timestamp(nanoseconds: nanoseconds).rfc3339() == expected)
    }
}

struct UnitsTests {
    @Test(arguments: [
        (12_300_000.0, "H/s", "12.3 MH/s"),
        (4560.0, "W", "4.56 kW"),
        (950.0, "B", "950 B"),
        (999_999.0, "B", "1.00 MB"),
        (0.0, "B", "0 B"),
        (1.5e15, "H/s", "1.50 PH/s"),
    ])
    func si(value: Double, unit: String, expected: String) {
        #expect(Units.si(value, unit) == expected)
    }
}

struct CountFormatTests {
    @Test(arguments: [(Int64(0), "0"), (999, "999"), (1000, "1,000"), (1_234_567, "1,234,567"), (-45_000, "-45,000")])
    func groups(value: Int64, expected: String) {
        #expect(Units.count(value) == expected)
    }
}
