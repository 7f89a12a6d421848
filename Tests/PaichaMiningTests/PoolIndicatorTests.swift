import Foundation
import PaichaCore
import PaichaMining
import Testing

@Suite("Pool indicators")
struct PoolIndicatorTests {
    static let bundled: PoolIndicators = try! PoolIndicators.bundled()

    @Test("the bundled list loads, is broad, and carries provenance for every entry")
    func bundledList() {
        let list = Self.bundled
        #expect(list.version == "2026.11.24-1")
        #expect(list.entries.count >= 100)
        #expect(list.entries.allSatisfy { !$0.provenance.isEmpty })
        #expect(list.ports.allSatisfy { !$0.provenance.isEmpty })
        for domain in ["nanopool.org", "supportxmr.com", "2miners.com", "f2pool.com", "coinhive.com", "hiveon.net"] {
            #expect(list.match(name: domain)?.entry.domain == domain)
        }
    }

    @Test(
        "suffix matching on label boundaries, case-insensitive, trailing dot ignored",
        arguments: [
            ("xmr-eu1.nanopool.org", "nanopool.org"),
            ("XMR-EU1.NANOPOOL.ORG.", "nanopool.org"),
            ("nanopool.org", "nanopool.org"),
            ("la01.supportxmr.com", "supportxmr.com"),
            ("pool.binance.com", "pool.binance.com"),
            ("evilnanopool.org", nil),
            ("nanopool.org.evil.example", nil),
            ("binance.com", nil),
            ("org", nil),
            ("", nil),
        ] as [(String, String?)]
    )
    func suffixMatch(name: String, expected: String?) {
        let match = Self.bundled.match(name: name)
        #expect(match?.entry.domain == expected)
        if let match {
            #expect(match.confidence == .likely)
            #expect(match.reason.contains(Self.bundled.version))
        }
    }

    @Test("ports are known but are support only")
    func ports() {
        #expect(Self.bundled.isPoolPort(3333))
        #expect(Self.bundled.isPoolPort(14444))
        #expect(!Self.bundled.isPoolPort(443))
        let table = NameTable()
        let address = IPAddress("198.51.100.7")!
        #expect(
            Self.bundled.assess(address: address, port: 3333, serverName: nil, names: table.names(for: address)) == nil
        )
    }

    @Test("CDN ranges and names")
    func cdn() {
        #expect(Self.bundled.cdnProvider(address: IPAddress("104.20.208.59")!) == "Cloudflare")
        #expect(Self.bundled.isCDN(address: IPAddress("2400:cb00:2048:1::6814:7b22")!))
        #expect(Self.bundled.isCDN(address: IPAddress("151.101.1.69")!))
        #expect(!Self.bundled.isCDN(address: IPAddress("192.110.160.114")!))
        #expect(Self.bundled.isCDN(name: "www.supportxmr.com.cdn.cloudflare.net"))
        #expect(!Self.bundled.isCDN(name: "notcloudflare.net"))
    }

    @Test("CDN rule: an address behind a CDN is not a pool by DNS, only by SNI on the connection")
    func cdnRule() throws {
        let list = Self.bundled
        let cdnAddress = IPAddress("104.20.123.34")!
        var table = NameTable()
        table.record("www.supportxmr.com", for: cdnAddress, source: .dns)
        #expect(
            list.assess(address: cdnAddress, port: 443, serverName: nil, names: table.names(for: cdnAddress)) == nil
        )
        #expect(list.cdnReason(address: cdnAddress, names: table.names(for: cdnAddress)) != nil)
        let bySNI = try #require(
            list.assess(
                address: cdnAddress,
                port: 443,
                serverName: "www.supportxmr.com",
                names: table.names(for: cdnAddress)
            )
        )
        #expect(bySNI.entry.domain == "supportxmr.com")
        #expect(bySNI.reason.hasPrefix("SNI on this connection"))

        // The same DNS name for an address outside any CDN is a likely pool, port as support.
        let plain = IPAddress("192.110.160.114")!
        table.record("la01.supportxmr.com", for: plain, source: .dns)
        let byDNS = try #require(
            list.assess(address: plain, port: 3333, serverName: nil, names: table.names(for: plain))
        )
        #expect(byDNS.confidence == .likely)
        #expect(
            byDNS.reason
                == "address 192.110.160.114 known as la01.supportxmr.com (dns): name la01.supportxmr.com matches pool "
                + "suffix supportxmr.com (pool indicators \(list.version); source: "
                + "\(byDNS.entry.provenance.joined(separator: ", ")))"
                + "; port 3333 is a well-known pool port"
        )

        // A CDN name among the address's names also blocks the address match.
        let other = IPAddress("203.0.113.9")!
        table.record("pool.example.cdn.cloudflare.net", for: other, source: .dns)
        table.record("xmr.nanopool.org", for: other, source: .dns)
        #expect(list.assess(address: other, port: nil, serverName: nil, names: table.names(for: other)) == nil)
    }

    static func write(_ text: String, name: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("paicha-indicators-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("text user file: suffixes, ports, comments; merged with the bundled list")
    func textFile() throws {
        let path = try Self.write(
            """
            # my pools
            mypool.example:4242   # private pool
            NANOPOOL.org
            """,
            name: "pools.txt"
        )
        let user = try PoolIndicators(contentsOf: path)
        #expect(user.version == "user:pools.txt")
        #expect(
            user.entries == [
                PoolIndicatorEntry(domain: "mypool.example", provenance: ["user:pools.txt:2"], ports: [4242]),
                PoolIndicatorEntry(domain: "nanopool.org", provenance: ["user:pools.txt:3"]),
            ]
        )
        let merged = Self.bundled.merging(user)
        #expect(merged.version == "2026.11.24-1+user:pools.txt")
        #expect(merged.match(name: "a.mypool.example")?.entry.domain == "mypool.example")
        #expect(merged.isPoolPort(4242))
        let nanopool = try #require(merged.match(name: "nanopool.org")?.entry)
        #expect(nanopool.provenance.last == "user:pools.txt:3")
        #expect(nanopool.provenance.count == Self.bundled.match(name: "nanopool.org")!.entry.provenance.count + 1)
    }

    @Test("JSON user file in the bundled schema")
    func jsonFile() throws {
        let path = try Self.write(
            """
            {"version": "7", "pools": [{"domain": "jsonpool.example", "coins": ["XMR"], "provenance": ["mine"]}],
             "cdn": {"ranges": [{"cidr": "198.51.100.0/24", "provider": "Mine", "provenance": "mine"}]}}
            """,
            name: "extra.json"
        )
        let user = try PoolIndicators(contentsOf: path)
        #expect(user.version == "user:extra.json@7")
        #expect(user.entries == [PoolIndicatorEntry(domain: "jsonpool.example", coins: ["XMR"], provenance: ["mine"])])
        #expect(user.cdnProvider(address: IPAddress("198.51.100.200")!) == "Mine")
        #expect(!user.isCDN(address: IPAddress("198.51.101.1")!))
    }

    @Test(
        "bad user files name the file and line",
        arguments: [
            ("ok.example\nbad domain!\n", "bad1.txt", 2),
            ("ok.example\n\n# c\nx.example:99999\n", "bad2.txt", 4),
            (
                "{\"version\": \"1\", \"pools\": [\n {\"domain\": \"ok.example\", \"coins\": [], \"provenance\": []},\n {\"domain\": \"b@d\", \"coins\": [], \"provenance\": []}]}",
                "bad3.json", 3
            ),
        ]
    )
    func badFiles(text: String, name: String, line: Int) throws {
        let path = try Self.write(text, name: name)
        do {
            _ = try PoolIndicators(contentsOf: path)
            Issue.record("expected an error")
        } catch {
            #expect(error.file == path)
            #expect(error.line == line)
            #expect(error.description.hasPrefix("\(path):\(line): "))
        }
    }

    @Test("a missing file and broken JSON give errors with the file name")
    func unreadable() throws {
        #expect(throws: PoolIndicatorError.unreadable(file: "/nonexistent/pools.txt")) {
            try PoolIndicators(contentsOf: "/nonexistent/pools.txt")
        }
        let path = try Self.write("{\"version\": 1}", name: "broken.json")
        do {
            _ = try PoolIndicators(contentsOf: path)
            Issue.record("expected an error")
        } catch {
            #expect(error.file == path)
            #expect(error.description.contains("pool indicator JSON"))
        }
    }

    @Test("a JSON syntax error names the line")
    func jsonSyntax() throws {
        let path = try Self.write(
            "{\"version\": \"1\",\n \"pools\": [\n  {\"domain\": \"a.example\",, }\n]}",
            name: "syntax.json"
        )
        do {
            _ = try PoolIndicators(contentsOf: path)
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 3, "\(error)")
        }
    }

    @Test("a schema error names the line of the offending key")
    func jsonSchema() throws {
        let text =
            "{\"version\": \"1\", \"pools\": [\n {\"domain\": \"a.example\", \"coins\": [], \"provenance\": []},\n"
            + " {\"domain\": \"b.example\", \"coins\": 5, \"provenance\": []}]}"
        let path = try Self.write(text, name: "schema.json")
        do {
            _ = try PoolIndicators(contentsOf: path)
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 3, "\(error)")
            #expect(error.description.contains("pools[1].coins"), "\(error)")
        }
    }

    @Test("address ranges")
    func ranges() throws {
        let range = try #require(AddressRange("104.16.0.0/13"))
        #expect(range.contains(IPAddress("104.23.255.255")!))
        #expect(!range.contains(IPAddress("104.24.0.0")!))
        #expect(AddressRange("10.1.2.3/8")?.description == "10.0.0.0/8")
        #expect(AddressRange("2606:4700::/32")!.contains(IPAddress("2606:4700:10::6816:1")!))
        #expect(AddressRange("0.0.0.0/0")!.contains(IPAddress("8.8.8.8")!))
        #expect(!AddressRange("0.0.0.0/0")!.contains(IPAddress("::1")!))
        #expect(AddressRange("::/0")!.contains(IPAddress("::1")!))
        #expect(AddressRange("1.2.3.4/33") == nil)
        #expect(AddressRange("1.2.3.4") == nil)
    }
}
