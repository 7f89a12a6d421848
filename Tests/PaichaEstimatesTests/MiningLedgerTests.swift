import Foundation
import PaichaCore
import PaichaEstimates
import Testing

@Suite("Mining ledger")
struct MiningLedgerTests {
    static let university = Organization(name: "某某大学", category: .education)
    static let bureau = Organization(name: "某局", category: .government)
    static let isp = Organization(name: "Home ISP", category: .residentialBroadband)
    static let directory = OrganizationDirectory(entries: [
        OrganizationEntry(block: CIDRBlock("10.1.0.0/16")!, organization: university),
        OrganizationEntry(block: CIDRBlock("10.2.0.0/16")!, organization: bureau),
        OrganizationEntry(block: CIDRBlock("100.64.0.0/10")!, organization: isp),
    ])

    static func host(_ address: String, _ family: AlgorithmFamily, rate: Double?, kw: Double?) -> MiningHostEstimate {
        MiningHostEstimate(
            address: IPAddress(address)!,
            family: family,
            hashesPerSecond: rate.map { EstimateRange(low: $0 / 2, typical: $0, high: $0 * 2) },
            kilowatts: kw.map { EstimateRange(low: $0 / 2, typical: $0, high: $0 * 3) }
        )
    }

    @Test("counts, institutional share, totals per family, a line per holder")
    func ledger() {
        let ledger = MiningLedger(
            hosts: [
                Self.host("10.1.0.5", .randomx, rate: 10_000, kw: 0.1),
                Self.host("10.1.0.5", .randomx, rate: 5_000, kw: 0.05),  // a second session from the same host
                Self.host("10.1.9.9", .sha256d, rate: 100e12, kw: 3),
                Self.host("10.2.0.1", .randomx, rate: 20_000, kw: 0.2),
                Self.host("100.64.0.7", .ethash, rate: 60e6, kw: 0.12),
                Self.host("192.0.2.10", .randomx, rate: nil, kw: nil),
                Self.host("192.0.2.11", .randomx, rate: 1_000, kw: 0.01),
            ],
            directory: Self.directory
        )
        // 6 distinct addresses; 3 institutional (two university, one government): 50 %.
        #expect(ledger.hostCount == 6)
        #expect(ledger.institutionalHostCount == 3)
        #expect(ledger.institutionalShare == 0.5)
        #expect(ledger.hostsByCategory == [.education: 2, .government: 1, .residentialBroadband: 1, .unknown: 2])
        // RandomX total 10 000 + 5 000 + 20 000 + 1 000 = 36 000 H/s (low 18 000, high 72 000).
        #expect(ledger.hashesPerSecond[.randomx] == EstimateRange(low: 18_000, typical: 36_000, high: 72_000))
        #expect(ledger.hashesPerSecond[.sha256d]?.typical == 100e12)
        #expect(ledger.hashesPerSecond[.ethash]?.typical == 60e6)
        // Power: 0.1 + 0.05 + 3 + 0.2 + 0.12 + 0.01 = 3.48 kW; 83.52 kWh a day.
        #expect(close(ledger.kilowatts.typical, 3.48))
        #expect(close(ledger.kilowattHoursPerDay.typical, 83.52))
        // Lines by typical power: university 3.15 kW, bureau 0.2, ISP 0.12, then 192.0.2.0/24 with 0.01.
        #expect(
            ledger.lines.map(\.holder) == [
                .organization(Self.university), .organization(Self.bureau), .organization(Self.isp),
                .unattributed(CIDRBlock("192.0.2.0/24")!),
            ]
        )
        #expect(ledger.lines[0].addresses == [IPAddress("10.1.0.5")!, IPAddress("10.1.9.9")!])
        #expect(close(ledger.lines[0].kilowatts.typical, 3.15))
        #expect(ledger.lines[0].hashesPerSecond[.randomx]?.typical == 15_000)
        #expect(ledger.lines[3].sessionsWithoutPower == 1)
        #expect(ledger.lines[3].holder.category == .unknown)
        #expect(MiningLedger(hosts: [], directory: Self.directory).institutionalShare == nil)
        // The ledger round-trips through JSON, with families and categories as object keys.
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try! encoder.encode(ledger)
        #expect(try! JSONDecoder().decode(MiningLedger.self, from: data) == ledger)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""hostsByCategory":{"education":2,"#))
        #expect(text.contains(#""hashesPerSecond":{"ethash":{"#))
    }

    @Test("a host estimate from a session's estimates carries the interval as low and high")
    func fromEstimates() {
        let estimate = HashrateEstimate(
            hashesPerSecond: 2e12,
            lowerHashesPerSecond: 1e12,
            upperHashesPerSecond: 4e12,
            confidenceLevel: 0.95,
            countedShares: 10,
            totalHashes: 0,
            meanHashesPerShare: nil,
            durationSeconds: 600,
            isSmallSample: false
        )
        let power = PowerEstimate(
            family: .sha256d,
            usesFallbackProfile: false,
            profileVersion: "t",
            kilowatts: EstimateRange(low: 1, typical: 2, high: 3)
        )
        let host = MiningHostEstimate(
            address: IPAddress("10.0.0.1")!,
            family: .sha256d,
            hashrate: estimate,
            power: power
        )
        #expect(host.hashesPerSecond == EstimateRange(low: 1e12, typical: 2e12, high: 4e12))
        #expect(host.kilowatts == EstimateRange(low: 1, typical: 2, high: 3))
        var none = estimate
        none.hashesPerSecond = nil
        #expect(
            MiningHostEstimate(address: IPAddress("10.0.0.1")!, family: .sha256d, hashrate: none, power: nil)
                .hashesPerSecond == nil
        )
    }
}
