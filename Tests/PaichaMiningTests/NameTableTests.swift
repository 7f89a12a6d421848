import PaichaCore
import PaichaMining
import Testing

@Suite("Name table")
struct NameTableTests {
    let a = IPAddress("192.0.2.1")!
    let b = IPAddress("192.0.2.2")!
    let c = IPAddress("2001:db8::1")!

    @Test("names with sources, normalised, in deterministic order")
    func entries() {
        var table = NameTable()
        table.record("XMR.nanopool.org.", for: b, source: .sni)
        table.record("xmr.nanopool.org", for: b, source: .dns)
        table.record("alpha.example", for: b, source: .protocol)
        table.record("pool.example", for: c, source: .dns)
        table.record("pool.example", for: a, source: .dns)
        #expect(table.count == 3)
        #expect(table.entries.map(\.address) == [a, b, c])
        #expect(
            table.names(for: b) == [
                NameTable.Entry(name: "alpha.example", sources: [.protocol]),
                NameTable.Entry(name: "xmr.nanopool.org", sources: [.dns, .sni]),
            ]
        )
        #expect(table.limitsHit.isEmpty)
    }

    @Test("limits drop further addresses and names, counted")
    func limits() {
        var table = NameTable(limits: NameTableLimits(maximumAddresses: 2, maximumNamesPerAddress: 1))
        let kept = [
            table.record("one.example", for: a, source: .dns),
            table.record("two.example", for: a, source: .dns),
            table.record("one.example", for: a, source: .sni),  // same name: not a new name
            table.record("one.example", for: b, source: .dns),
            table.record("one.example", for: c, source: .dns),
            table.record("three.example", for: c, source: .dns),
        ]
        #expect(kept == [true, false, true, true, false, false])
        #expect(table.limitsHit == [NameTableLimits.Name.addresses: 2, NameTableLimits.Name.namesPerAddress: 1])
        #expect(table.names(for: a) == [NameTable.Entry(name: "one.example", sources: [.dns, .sni])])
    }

    @Test("DNS resolutions record the queried name and the chain for each address")
    func fromDNS() throws {
        let message = try DNSMessageTests.parse(DNSMessageTests.response)
        var table = NameTable()
        table.record(message.resolutions().resolutions)
        let expected = [
            NameTable.Entry(name: "xmr-eu1.nanopool.org", sources: [.dns]),
            NameTable.Entry(name: "xmr.nanopool.org", sources: [.dns]),
        ]
        #expect(table.names(for: IPAddress("1.2.3.4")!) == expected)
        #expect(table.names(for: IPAddress("5.6.7.8")!) == expected)
    }
}
