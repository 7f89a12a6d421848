import Foundation
import PaichaCore
import PaichaEstimates
import PaichaFixtures
import PaichaMining
import PaichaScan
import PaichaTestSupport
import Testing

@testable import PaichaReport

/// The screening report built from the generated sample capture.
struct ScreeningReportTests {
    static func document(directory: OrganizationDirectory?, tariff: Tariff? = nil) throws -> ScanDocument {
        let folder = try TemporaryDirectory()
        try SampleCaptures.writeAll(to: folder.url.path, seed: 2025)
        return try ScanDocument.scanning(
            [(folder.path("mixed.pcapng"), "mixed.pcapng")],
            organizations: directory,
            tariff: tariff
        )
    }

    static let directory: OrganizationDirectory = {
        let csv = """
            cidr,name,category,province,city,county,contact
            192.168.10.0/24,示例大学,高校,江苏,南京,,
            10.20.0.0/16,示例国企,国企,北京,北京,,
            """
        return OrganizationDirectory.parse(csv: Array(csv.utf8), file: "orgs.csv").directory
    }()

    @Test func rfc3339ParsesBackToTheSameInstant() {
        for nanoseconds: Int64 in [0, 951_782_400_000_000_000, 1_520_000_000_123_456_000, 4_102_444_800_000_000_000] {
            let text = Timestamp(nanoseconds: nanoseconds).rfc3339()
            #expect(ScreeningReport.seconds(text) == Double(nanoseconds / 1000) / 1e6)
        }
        #expect(ScreeningReport.seconds("not a time") == nil)
    }

    @Test func breakdownsCountHostsOnceAndSessionsEach() throws {
        let document = try Self.document(directory: Self.directory)
        let report = ScreeningReport(document: document, language: .en)
        #expect(report.byCategory.reduce(0) { $0 + $1.hosts } == document.hosts.count)
        #expect(report.byCategory.reduce(0) { $0 + $1.sessions } == document.summary.sessions)
        let education = try #require(
            report.byCategory.first { $0.label == "University or school" || $0.label.hasPrefix("Education") }
        )
        #expect(education.hosts == document.hosts.filter { $0.ip.hasPrefix("192.168.10.") }.count)
        #expect(report.byPool.reduce(0) { $0 + $1.sessions } == document.summary.sessions)
        #expect(report.observedSeconds > 0)
        #expect(report.poolBitsPerSecond == Double(document.summary.poolTrafficBytes) * 8 / report.observedSeconds)
    }

    /// Cost = kWh × (price × multiplier + surcharge), at each end of the energy range.
    @Test func tariffCostsTheDailyEnergy() throws {
        let tariff = Tariff(pricePerKilowattHour: 0.6, currency: "CNY", surchargePerKilowattHour: 0.3, multiplier: 1.5)
        let document = try Self.document(directory: nil, tariff: tariff)
        let energy = document.summary.kilowattHoursPerDay
        let cost = try #require(document.summary.costPerDay)
        #expect(energy.typical > 0)
        #expect(abs(cost.typical - energy.typical * 1.2) < 1e-9 * energy.typical)
        #expect(abs(cost.high - energy.high * 1.2) < 1e-9 * energy.high)
        #expect(try Self.document(directory: nil).summary.costPerDay == nil)
        // Every host's pool traffic is its sessions' bytes over the time they were open.
        for host in document.hosts {
            #expect(host.poolBytes == host.sessions.reduce(0) { $0 + $1.bytesToPool + $1.bytesFromPool })
            #expect(host.poolBitsPerSecond > 0)
        }
    }

    @Test func ledgerCSVHasARowPerOrganizationAndUnattributedBlock() throws {
        let document = try Self.document(directory: Self.directory)
        let csv = ScreeningReport(document: document).ledgerCSV()
        let rows = csv.split(separator: "\r\n").map(String.init)
        #expect(rows.first?.hasPrefix("organization,category,province,city,county,contact,hosts,addresses") == true)
        let body = rows.dropFirst()
        #expect(body.contains { $0.hasPrefix("示例大学,education,江苏,南京,") })
        #expect(body.contains { $0.hasPrefix("示例国企,stateOwnedEnterprise,北京,北京,") })
        // Hosts outside every block are grouped by /24 or /48, never dropped.
        let listed = body.flatMap { row in
            row.split(separator: ",", omittingEmptySubsequences: false)[7].split(separator: " ").map(String.init)
        }
        #expect(Set(listed) == Set(document.hosts.map(\.ip)))
    }

    @Test func htmlIsSelfContainedWithChartsAndEscapedEvidence() throws {
        let document = try Self.document(directory: Self.directory)
        let html = ScreeningReport(document: document, language: .zh).html()
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"zh-CN\">"))
        #expect(html.contains("虚拟货币挖矿排查报告"))
        #expect(html.components(separatedBy: "<svg ").count - 1 == 3)
        #expect(!html.contains("<script"))
        // Nothing is fetched from elsewhere: the only URLs are the three SVG namespaces.
        #expect(html.components(separatedBy: "http://").count - 1 == 3)
        #expect(html.hasSuffix("</body></html>\n"))
        let english = ScreeningReport(document: document, language: .en).markdown()
        #expect(english.hasPrefix("# Cryptocurrency mining screening report\n"))
        #expect(english.contains("## Ledger by organization"))
        #expect(english.contains("SHA-256 `\(document.inputs[0].sha256 ?? "")`"))
    }
}
