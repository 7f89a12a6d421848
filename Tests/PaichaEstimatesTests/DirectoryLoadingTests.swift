import Foundation
import PaichaCore
import PaichaTestSupport
import Testing

@testable import PaichaEstimates

@Suite("Directory files: CSV and JSON")
struct DirectoryLoadingTests {
    static func kindsAndLines(_ errors: [OrganizationDirectoryError]) -> [String] {
        errors.map { "\($0.line) \($0.kind)" }
    }

    @Test("CSV reader: quoting, doubled quotes, line breaks in fields, CRLF, BOM, blank lines")
    func csvReader() {
        let text = "\u{FEFF}a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\r\nlines\"\n\n1,,3\rlast,row"
        let records = CSVReader.records(Array(text.utf8))
        #expect(
            records == [
                CSVRecord(line: 1, fields: ["a", "b", "c"], problem: nil),
                CSVRecord(line: 2, fields: ["x, y", "say \"hi\"", "two\r\nlines"], problem: nil),
                CSVRecord(line: 5, fields: ["1", "", "3"], problem: nil),
                CSVRecord(line: 6, fields: ["last", "row"], problem: nil),
            ]
        )
    }

    @Test("CSV reader: bad quoting is kept as a problem with its line")
    func csvReaderProblems() {
        let records = CSVReader.records(Array("a,\"b\"x,c\nok\n\"open,\nnever closed".utf8))
        #expect(
            records == [
                CSVRecord(
                    line: 1,
                    fields: ["a", "bx", "c"],
                    problem: CSVRecord.Problem(kind: .badQuoting, detail: "text after a closing quote in field 2")
                ),
                CSVRecord(line: 2, fields: ["ok"], problem: nil),
                CSVRecord(
                    line: 3,
                    fields: ["open,\nnever closed"],
                    problem: CSVRecord.Problem(
                        kind: .badQuoting,
                        detail: "quoted field 1 is not closed before the end of the file"
                    )
                ),
            ]
        )
        let long = CSVReader.records(Array("abcdef,g".utf8), maximumFieldLength: 4)
        #expect(long.first?.problem?.kind == .limitExceeded)
        #expect(long.first?.fields == ["abcd", "g"])
    }

    static let goodCSV = #"""
        Name,CIDR,Category,Province,City,County,Contact,Notes
        某某大学,10.1.0.0/16,高校/学校,北京,北京,海淀区,"网络中心, 010-1234",extra
        "Ministry ""A""",10.2.0.0/16,government,,,,,
        数据中心,2001:db8::/32,数据中心/云,广东,深圳,,,
        Home ISP,100.64.0.0/10,residential_broadband,,,,,
        SOE,10.3.0.0/16,国企,,,,,
        Private Co,10.4.0.0/16,Private enterprise,,,,,
        Institute,10.5.0.0/16,事业单位,,,,,
        Nobody,10.6.0.0/16,,,,,,

        """#

    @Test("good CSV rows: columns by header name in any order, Chinese and English categories")
    func goodCSV() {
        let load = OrganizationDirectory.parse(csv: Array(Self.goodCSV.utf8), file: "orgs.csv")
        #expect(load.errors.isEmpty)
        #expect(load.directory.count == 8)
        let university = load.directory.lookup(IPAddress("10.1.2.3")!)
        #expect(
            university
                == OrganizationEntry(
                    block: CIDRBlock("10.1.0.0/16")!,
                    organization: Organization(
                        name: "某某大学",
                        category: .education,
                        province: "北京",
                        city: "北京",
                        county: "海淀区",
                        contact: "网络中心, 010-1234"
                    ),
                    file: "orgs.csv",
                    line: 2
                )
        )
        let categories = load.directory.entries.map(\.organization.category)
        #expect(
            categories == [
                .education, .government, .dataCenter, .residentialBroadband, .stateOwnedEnterprise, .privateEnterprise,
                .publicInstitution, .unknown,
            ]
        )
        #expect(load.directory.organization(of: IPAddress("10.2.0.1")!)?.name == "Ministry \"A\"")
        #expect(load.directory.organization(of: IPAddress("10.2.0.1")!)?.province == nil)
    }

    @Test("bad CSV rows are all reported with file and line; good rows still load")
    func badCSV() {
        let text = #"""
            cidr,name,category
            10.0.0.0/8,Good,government
            10.0.0.0/33,Bad prefix,government
            ,No block,government
            10.1.0.0/16,,government
            10.2.0.0/16,Odd,ministry of fun
            10.3.0.0/16,Too,many,fields
            10.4.0.0/16,"Quote"d,government
            10.0.0.0/8,Again,education
            10.5.0.0/16,"Multi
            line",government
            10.6.0.0/16,Short
            192.0.2.0/24,Last good,dataCenter
            10.7.0.0/16,"never closed,government
            """#
        let load = OrganizationDirectory.parse(csv: Array(text.utf8), file: "bad.csv")
        #expect(
            Self.kindsAndLines(load.errors) == [
                "3 bad CIDR", "4 missing field", "5 missing field", "6 unknown category", "7 wrong number of fields",
                "8 bad quoting", "9 duplicate block", "12 wrong number of fields", "14 bad quoting",
            ]
        )
        #expect(load.errors[0].description == "bad.csv:3: bad CIDR: \"10.0.0.0/33\"")
        #expect(
            load.errors[6].description
                == "bad.csv:9: duplicate block: 10.0.0.0/8 was already given on line 2; this row is not used"
        )
        #expect(load.errors.allSatisfy { $0.file == "bad.csv" })
        #expect(load.directory.entries.map(\.organization.name) == ["Good", "Multi\nline", "Last good"])
        #expect(load.directory.entries.map(\.line) == [2, 10, 13])
    }

    @Test("a header without cidr or name is one error and no rows")
    func badHeader() {
        let load = OrganizationDirectory.parse(csv: Array("network,owner\n10.0.0.0/8,A\n".utf8), file: "h.csv")
        #expect(Self.kindsAndLines(load.errors) == ["1 missing column"])
        #expect(load.errors[0].detail == "the header lacks cidr and name (found: network,owner)")
        #expect(load.directory.count == 0)
        #expect(Self.kindsAndLines(OrganizationDirectory.parse(csv: [], file: "e.csv").errors) == ["1 missing column"])
    }

    @Test("row limit is reported once")
    func rowLimit() {
        let text = "cidr,name\n10.0.0.0/8,A\n10.1.0.0/16,B\n10.2.0.0/16,C\n"
        let load = OrganizationDirectory.parse(
            csv: Array(text.utf8),
            file: "l.csv",
            limits: DirectoryLimits(maximumRows: 2)
        )
        #expect(Self.kindsAndLines(load.errors) == ["4 limit exceeded"])
        #expect(load.directory.count == 2)
    }

    static let json = #"""
        [
          {"cidr": "10.1.0.0/16", "name": "某某大学", "category": "education", "province": "北京", "contact": null},
          {"cidr": "10.0.0.0/33", "name": "Bad"},
          {
            "cidr": "2001:db8::/32",
            "name": "Cloud \"X\" [a,b] {c}",
            "category": "数据中心/云"
          },
          ["not", "an", "object"],
          {"cidr": "10.2.0.0/16", "name": 7},
          {"cidr": "10.3.0.0/16", "name": "Unknown kind", "category": "martian"},
          {"cidr": "10.4.0.0/16", "name": "Extra keys ignored", "asn": "AS1"}
        ]
        """#

    @Test("JSON: the same fields, errors with the line of each element")
    func jsonRows() {
        let load = OrganizationDirectory.parse(json: Array(Self.json.utf8), file: "orgs.json")
        #expect(
            Self.kindsAndLines(load.errors) == ["3 bad CIDR", "9 bad JSON", "10 bad JSON", "11 unknown category"]
        )
        #expect(load.directory.entries.map(\.line) == [2, 4, 12])
        #expect(load.directory.organization(of: IPAddress("2001:db8::5")!)?.name == "Cloud \"X\" [a,b] {c}")
        #expect(load.directory.organization(of: IPAddress("10.1.0.5")!)?.province == "北京")
        #expect(load.directory.organization(of: IPAddress("10.1.0.5")!)?.contact == nil)
        let broken = OrganizationDirectory.parse(json: Array("[{\"cidr\": ".utf8), file: "b.json")
        #expect(Self.kindsAndLines(broken.errors) == ["0 bad JSON"])
        let notArray = OrganizationDirectory.parse(json: Array("{\"cidr\": \"10.0.0.0/8\"}".utf8), file: "o.json")
        #expect(Self.kindsAndLines(notArray.errors) == ["1 bad JSON"])
    }

    @Test("files: CSV and JSON chosen by extension or first byte; unreadable files throw")
    func files() throws {
        let directory = try TemporaryDirectory()
        let csvPath = directory.path("orgs.csv")
        try Self.goodCSV.write(toFile: csvPath, atomically: true, encoding: .utf8)
        let jsonPath = directory.path("orgs.txt")
        try Self.json.write(toFile: jsonPath, atomically: true, encoding: .utf8)
        let csv = try OrganizationDirectory.load(path: csvPath)
        #expect(csv.directory.count == 8 && csv.errors.isEmpty)
        #expect(csv.directory.entries.first?.file == csvPath)
        let json = try OrganizationDirectory.load(path: jsonPath)
        #expect(json.directory.count == 3 && json.errors.count == 4)
        #expect(
            throws: OrganizationDirectoryError(
                .io,
                file: directory.path("missing.csv"),
                line: 0,
                detail: "cannot read the file"
            )
        ) {
            try OrganizationDirectory.load(path: directory.path("missing.csv"))
        }
        do {
            _ = try OrganizationDirectory.load(path: csvPath, limits: DirectoryLimits(maximumFileSize: 10))
            Issue.record("expected a size error")
        } catch {
            #expect(error.kind == .limitExceeded && error.line == 0)
        }
    }

    @Test("category names: raw values, labels, synonyms", arguments: OrganizationCategory.allCases)
    func categories(_ category: OrganizationCategory) {
        #expect(OrganizationCategory(parsing: category.rawValue) == category)
        #expect(OrganizationCategory(parsing: category.rawValue.uppercased()) == category)
        #expect(OrganizationCategory(parsing: category.chineseLabel) == category)
        #expect(OrganizationCategory(parsing: " \(category.englishLabel) ") == category)
    }

    @Test("category synonyms and rejects")
    func categorySynonyms() {
        #expect(OrganizationCategory(parsing: "高校") == .education)
        #expect(OrganizationCategory(parsing: "学校") == .education)
        #expect(OrganizationCategory(parsing: "国有企业") == .stateOwnedEnterprise)
        #expect(OrganizationCategory(parsing: "state_owned_enterprise") == .stateOwnedEnterprise)
        #expect(OrganizationCategory(parsing: "cloud") == .dataCenter)
        #expect(OrganizationCategory(parsing: "") == .unknown)
        #expect(OrganizationCategory(parsing: "martian") == nil)
        #expect(OrganizationCategory.government.isInstitutional)
        #expect(!OrganizationCategory.residentialBroadband.isInstitutional)
    }

    @Test(
        "mutated CSV and JSON never crash, and every row is a block or an error",
        arguments: [11, 12, 13] as [UInt64]
    )
    func mutation(_ seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        let sources = [Array(Self.goodCSV.utf8), Array(Self.json.utf8)]
        let alphabet = Array("\",\r\n[]{}:/0123456789abcdef.校 ".utf8)
        for round in 0..<300 {
            var bytes = sources[round % 2]
            for _ in 0..<(1 + Int(generator.next() % 8)) {
                let position = Int(generator.next() % UInt64(bytes.count + 1))
                switch generator.next() % 3 {
                case 0: bytes.insert(alphabet[Int(generator.next() % UInt64(alphabet.count))], at: position)
                case 1: if position < bytes.count { bytes.remove(at: position) }
                default: if position < bytes.count { bytes[position] = UInt8(truncatingIfNeeded: generator.next()) }
                }
            }
            let load =
                round % 2 == 0
                ? OrganizationDirectory.parse(csv: bytes, file: "m.csv")
                : OrganizationDirectory.parse(json: bytes, file: "m.json")
            let lineCount = bytes.filter { $0 == 0x0A || $0 == 0x0D }.count + 1
            #expect(load.errors.allSatisfy { $0.line >= 0 && $0.line <= lineCount })
            #expect(load.directory.entries.allSatisfy { $0.line >= 1 && $0.line <= lineCount })
            if round % 2 == 0 {
                // Every CSV record after the header becomes an entry or an error.
                let records = CSVReader.records(bytes).count
                if load.errors.allSatisfy({ $0.kind != .missingColumn }) {
                    #expect(load.directory.count + load.errors.count == records - 1)
                }
            }
        }
    }
}
