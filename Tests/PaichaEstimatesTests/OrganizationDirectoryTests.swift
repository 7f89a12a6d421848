import PaichaCore
import Testing

@testable import PaichaEstimates

@Suite("CIDR blocks and longest-prefix lookup")
struct OrganizationDirectoryTests {
    static func entry(_ cidr: String, _ name: String, _ category: OrganizationCategory = .unknown) -> OrganizationEntry
    {
        OrganizationEntry(block: CIDRBlock(cidr)!, organization: Organization(name: name, category: category))
    }

    static func name(_ directory: OrganizationDirectory, _ address: String) -> String? {
        directory.organization(of: IPAddress(address)!)?.name
    }

    @Test("CIDR parsing: host bits cleared, bare addresses, bad input")
    func parsing() {
        #expect(CIDRBlock("10.1.2.3/8")?.description == "10.0.0.0/8")
        #expect(CIDRBlock(" 192.168.1.77 ")?.description == "192.168.1.77/32")
        #expect(CIDRBlock("2001:db8:ffff::1/33")?.description == "2001:db8:8000::/33")
        #expect(CIDRBlock("2001:db8::1")?.description == "2001:db8::1/128")
        #expect(CIDRBlock("0.0.0.0/0")?.description == "0.0.0.0/0")
        #expect(CIDRBlock("::/0")?.description == "::/0")
        #expect(CIDRBlock("255.255.255.255/1")?.description == "128.0.0.0/1")
        for bad in [
            "", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/-1", "10.0.0/8", "2001:db8::/129", "x/8", "10.0.0.0/8/8",
            "10.0.0.0/ 8", "10.0.0.0/0x8", "10.0.0.0/0008",
        ] {
            #expect(CIDRBlock(bad) == nil, "\(bad)")
        }
        #expect(CIDRBlock("10.0.0.0/8")!.contains(IPAddress("10.255.255.255")!))
        #expect(!CIDRBlock("10.0.0.0/8")!.contains(IPAddress("11.0.0.0")!))
        #expect(!CIDRBlock("0.0.0.0/0")!.contains(IPAddress("::1")!))
    }

    @Test("IPv4: overlapping prefixes, /0 and /32")
    func overlappingV4() {
        let directory = OrganizationDirectory(entries: [
            Self.entry("10.1.2.0/24", "lab"),
            Self.entry("0.0.0.0/0", "default"),
            Self.entry("10.0.0.0/8", "province"),
            Self.entry("10.1.2.3/32", "host"),
            Self.entry("10.1.0.0/16", "university"),
            Self.entry("10.1.2.128/25", "upper half"),
        ])
        #expect(Self.name(directory, "10.1.2.3") == "host")
        #expect(Self.name(directory, "10.1.2.4") == "lab")
        #expect(Self.name(directory, "10.1.2.200") == "upper half")
        #expect(Self.name(directory, "10.1.3.1") == "university")
        #expect(Self.name(directory, "10.2.0.0") == "province")
        #expect(Self.name(directory, "11.0.0.0") == "default")
        #expect(Self.name(directory, "255.255.255.255") == "default")
        #expect(directory.lookup(IPAddress("10.1.2.3")!)?.block.description == "10.1.2.3/32")
        #expect(directory.entryIndex(containing: IPAddress("10.1.2.3")!) == 3)
        #expect(directory.entryIndex(containing: IPAddress("2001:db8::1")!) == nil)
        // IPv4-mapped IPv6 is looked up as IPv4; other IPv6 finds no IPv4 block.
        #expect(Self.name(directory, "::ffff:10.1.2.3") == "host")
        #expect(directory.lookup(IPAddress("2001:db8::1")!) == nil)
        #expect(directory.count == 6)
    }

    @Test("IPv6: overlapping prefixes, /0 and /128, and no default")
    func overlappingV6() {
        let directory = OrganizationDirectory(entries: [
            Self.entry("2001:db8::/32", "isp"),
            Self.entry("2001:db8:1::/48", "campus"),
            Self.entry("2001:db8:1::1/128", "server"),
            Self.entry("2001:db8:8000::/33", "upper"),
            Self.entry("::/0", "default6"),
            Self.entry("10.0.0.0/8", "v4"),
        ])
        #expect(Self.name(directory, "2001:db8:1::1") == "server")
        #expect(Self.name(directory, "2001:db8:1::2") == "campus")
        #expect(Self.name(directory, "2001:db8:2::") == "isp")
        #expect(Self.name(directory, "2001:db8:8000::5") == "upper")
        #expect(Self.name(directory, "2001:db9::") == "default6")
        #expect(Self.name(directory, "10.9.9.9") == "v4")
        #expect(Self.name(directory, "11.0.0.1") == nil)
        let noDefault = OrganizationDirectory(entries: [Self.entry("2001:db8::/32", "isp")])
        #expect(Self.name(noDefault, "2001:db9::1") == nil)
        #expect(Self.name(noDefault, "::") == nil)
        #expect(OrganizationDirectory().lookup(IPAddress("1.2.3.4")!) == nil)
    }

    @Test("a block given twice keeps the first entry")
    func duplicates() {
        let directory = OrganizationDirectory(entries: [
            Self.entry("10.0.0.0/8", "first"), Self.entry("10.9.0.0/8", "second"),
        ])
        #expect(Self.name(directory, "10.0.0.1") == "first")
        #expect(directory.count == 1)
    }

    /// The longest containing block by a linear scan, as the reference for the trie.
    static func reference(_ entries: [OrganizationEntry], _ address: IPAddress) -> CIDRBlock? {
        var best: CIDRBlock?
        for entry in entries where entry.block.contains(address.unmappedV4) {
            if best == nil || entry.block.prefixLength > best!.prefixLength { best = entry.block }
        }
        return best
    }

    /// Seeds and block counts: small tries walk from the root; tries of 64 nodes or more use the 16-bit jump table.
    static let randomCases: [(seed: UInt64, blocks: Int)] = [(1, 20), (2, 400), (3, 3000), (4, 3000)]

    @Test("random prefixes and addresses agree with a linear scan", arguments: randomCases)
    func randomized(_ seed: UInt64, _ blocks: Int) {
        var generator = SplitMix64(seed: seed)
        // Addresses are drawn near a few bases so that prefixes nest and overlap.
        let v4Bases: [UInt32] = [0x0A00_0000, 0x0A01_0200, 0xC0A8_0000, 0xFFFF_FFFF, 0]
        let v6Bases: [(UInt64, UInt64)] = [(0x2001_0DB8_0000_0000, 0), (0x2001_0DB8_0001_0000, 1), (0, 0), (~0, ~0)]
        func randomAddress() -> IPAddress {
            if generator.next() % 2 == 0 {
                let base = v4Bases[Int(generator.next() % UInt64(v4Bases.count))]
                let flip =
                    UInt32(truncatingIfNeeded: generator.next())
                    >> UInt32(generator.next() % 33 == 32 ? 31 : generator.next() % 32)
                return .v4(base ^ flip)
            }
            let base = v6Bases[Int(generator.next() % UInt64(v6Bases.count))]
            let shift = generator.next() % 128
            let high = shift < 64 ? base.0 ^ (generator.next() >> shift) : base.0
            let low = shift < 64 ? base.1 ^ generator.next() : base.1 ^ (generator.next() >> (shift - 64))
            return .v6(high, low)
        }
        var entries: [OrganizationEntry] = []
        var seen: Set<CIDRBlock> = []
        for index in 0..<blocks {
            let address = randomAddress()
            let width = address.isV4 ? 32 : 128
            let length = Int(generator.next() % UInt64(width + 1))
            let block = CIDRBlock(address, prefixLength: length)!
            guard seen.insert(block).inserted else { continue }
            entries.append(
                OrganizationEntry(block: block, organization: Organization(name: "\(index)", category: .unknown))
            )
        }
        let directory = OrganizationDirectory(entries: entries)
        #expect(directory.count == entries.count)
        #expect(directory.usesJumpTables == (blocks >= 400, blocks >= 400))
        for _ in 0..<2000 {
            let address = randomAddress()
            #expect(directory.lookup(address)?.block == Self.reference(entries, address), "\(address)")
        }
        // Every block's own network address and its last address find that block or a longer one inside it.
        for entry in entries {
            let found = directory.lookup(entry.block.network)
            #expect(found != nil && found!.block.prefixLength >= entry.block.prefixLength)
        }
    }

    @Test("unattributed hosts group by /24 and /48")
    func grouping() {
        #expect(CIDRBlock.unattributedGroup(containing: IPAddress("192.0.2.77")!).description == "192.0.2.0/24")
        #expect(CIDRBlock.unattributedGroup(containing: IPAddress("2001:db8:1:2::9")!).description == "2001:db8:1::/48")
        #expect(CIDRBlock.unattributedGroup(containing: IPAddress("::ffff:192.0.2.77")!).description == "192.0.2.0/24")
        let directory = OrganizationDirectory(entries: [Self.entry("192.0.2.0/25", "known")])
        let groups = directory.groupUnattributed(
            [
                "192.0.2.1", "192.0.2.200", "192.0.2.130", "192.0.2.130", "198.51.100.7", "2001:db8:1:2::9",
                "2001:db8:1:ffff::1",
            ]
            .map { IPAddress($0)! }
        )
        #expect(
            groups == [
                CIDRBlock("192.0.2.0/24")!: [IPAddress("192.0.2.130")!, IPAddress("192.0.2.200")!],
                CIDRBlock("198.51.100.0/24")!: [IPAddress("198.51.100.7")!],
                CIDRBlock("2001:db8:1::/48")!: [IPAddress("2001:db8:1:2::9")!, IPAddress("2001:db8:1:ffff::1")!],
            ]
        )
    }
}
