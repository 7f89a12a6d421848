import PaichaCapture
import PaichaCore
import Testing

@Suite("Packet decoder")
struct PacketDecoderTests {
    /// One IPv4/TCP packet framed by every supported link layer.
    static let ipv4Framings: [(String, LinkType, [UInt8])] = [
        ("ethernet", .ethernet, Vectors.ethernet(0x0800)),
        ("802.1Q", .ethernet, Vectors.ethernet(0x8100) + [0x00, 0x64, 0x08, 0x00]),  // VLAN 100, then IPv4
        (
            "802.1ad QinQ", .ethernet,
            Vectors.ethernet(0x88A8) + [0x00, 0x0A, 0x81, 0x00] + [0x00, 0x14, 0x08, 0x00]  // S-tag 10, C-tag 20
        ),
        ("9100 QinQ", .ethernet, Vectors.ethernet(0x9100) + [0x00, 0x0A, 0x81, 0x00] + [0x00, 0x14, 0x08, 0x00]),
        (
            "Linux SLL", .linuxSLL,
            [0x00, 0x00, 0x00, 0x01, 0x00, 0x06]  // packet type host, ARPHRD_ETHER, address length 6
                + [0x66, 0x77, 0x88, 0x99, 0xAA, 0xBB, 0x00, 0x00] + [0x08, 0x00]  // address (8), protocol IPv4
        ),
        (
            "Linux SLL2", .linuxSLL2,
            [0x08, 0x00, 0x00, 0x00]  // protocol IPv4, reserved
                + [0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x00, 0x06]  // ifindex 2, ARPHRD_ETHER, host, length 6
                + [0x66, 0x77, 0x88, 0x99, 0xAA, 0xBB, 0x00, 0x00]  // address (8)
        ),
        ("raw", .raw, []),
        ("IPv4", .ipv4, []),
        ("null little-endian", .null, [0x02, 0x00, 0x00, 0x00]),  // AF_INET written by a little-endian host
        ("null big-endian", .null, [0x00, 0x00, 0x00, 0x02]),  // AF_INET written by a big-endian host
        ("loop", .loop, [0x00, 0x00, 0x00, 0x02]),  // AF_INET in network order
    ]

    @Test("IPv4/TCP under every link layer", arguments: 0..<ipv4Framings.count)
    func ipv4EveryLinkType(_ index: Int) {
        let (_, linkType, header) = Self.ipv4Framings[index]
        var decoder = PacketDecoder()
        let out = decodeFrame(header + Vectors.ipv4TCP, linkType: linkType, decoder: &decoder)
        #expect(out == [Vectors.ipv4TCPDecoded])
        #expect(decoder.statistics.decoded == 1)
    }

    /// One IPv6/UDP packet framed by every link layer that can carry IPv6.
    static let ipv6Framings: [(LinkType, [UInt8])] = [
        (.ethernet, Vectors.ethernet(0x86DD)),
        (.ethernet, Vectors.ethernet(0x8100) + [0x00, 0x64, 0x86, 0xDD]),
        (.linuxSLL, [0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0x86, 0xDD]),
        (.linuxSLL2, [0x86, 0xDD, 0x00, 0x00, 0, 0, 0, 1, 0x00, 0x01, 0x00, 0x06, 0, 0, 0, 0, 0, 0, 0, 0]),
        (.raw, []),
        (.ipv6, []),
        (.null, [0x1E, 0x00, 0x00, 0x00]),  // AF_INET6 = 30 (macOS), little-endian
        (.null, [0x00, 0x00, 0x00, 0x18]),  // AF_INET6 = 24 (NetBSD/OpenBSD), big-endian
        (.null, [0x1C, 0x00, 0x00, 0x00]),  // AF_INET6 = 28 (FreeBSD)
        (.loop, [0x00, 0x00, 0x00, 0x18]),
    ]

    @Test("IPv6/UDP under every link layer", arguments: 0..<ipv6Framings.count)
    func ipv6EveryLinkType(_ index: Int) {
        let (linkType, header) = Self.ipv6Framings[index]
        var decoder = PacketDecoder()
        #expect(
            decodeFrame(header + Vectors.ipv6UDP, linkType: linkType, decoder: &decoder) == [Vectors.ipv6UDPDecoded]
        )
    }

    @Test("non-IP, unsupported link types, VLAN depth and short frames are counted, not delivered")
    func countedFailures() {
        var decoder = PacketDecoder(limits: DecodeLimits(maximumVLANDepth: 2))
        let arp = Vectors.ethernet(0x0806) + [UInt8](repeating: 0, count: 28)
        #expect(decodeFrame(arp, linkType: .ethernet, decoder: &decoder).isEmpty)
        let wifi = LinkType(rawValue: 105)
        #expect(decodeFrame(Vectors.ipv4TCP, linkType: wifi, decoder: &decoder).isEmpty)
        #expect(decodeFrame(Vectors.ipv4TCP, linkType: wifi, decoder: &decoder).isEmpty)
        let threeTags =
            Vectors.ethernet(0x8100) + [0, 1, 0x81, 0x00] + [0, 2, 0x81, 0x00] + [0, 3, 0x08, 0x00] + Vectors.ipv4TCP
        #expect(decodeFrame(threeTags, linkType: .ethernet, decoder: &decoder).isEmpty)
        #expect(decodeFrame([0x00, 0x11, 0x22], linkType: .ethernet, decoder: &decoder).isEmpty)
        // IPv4 header cut after 10 bytes, and a version-5 header.
        #expect(decodeFrame(Array(Vectors.ipv4TCP[0..<10]), linkType: .raw, decoder: &decoder).isEmpty)
        #expect(decodeFrame([0x55] + Vectors.ipv4TCP.dropFirst(), linkType: .ipv4, decoder: &decoder).isEmpty)
        var expected = DecodeStatistics()
        expected.packets = 7
        expected.nonIP = 1
        expected.unsupportedLinkTypes = [wifi: 2]
        expected.vlanDepthExceeded = 1
        expected.truncated = 2
        expected.badHeader = 1
        #expect(decoder.statistics == expected)
    }

    @Test("a UDP header cut after 7 bytes is counted as truncated")
    func shortUDPHeader() {
        let packet: [UInt8] = [
            0x45, 0x00, 0x00, 0x1E,  // IPv4, total length 30
            0x00, 0x01, 0x00, 0x00, 0x40, 0x11, 0x00, 0x00,  // id 1, no fragment, TTL 64, UDP
            0x0A, 0x00, 0x00, 0x01, 0x0A, 0x00, 0x00, 0x02,  // 10.0.0.1 → 10.0.0.2
            0x13, 0x88, 0x00, 0x35, 0x00, 0x0A, 0x00,  // UDP 5000 → 53, length 10, half a checksum: cut
        ]
        var decoder = PacketDecoder()
        #expect(decodeFrame(packet, linkType: .raw, decoder: &decoder, originalLength: 30).isEmpty)
        #expect(decoder.statistics.truncated == 1)
    }

    @Test("an IPv4 total length of 0 (segmentation offload) uses the captured length")
    func segmentationOffloadZeroLength() {
        var packet = Vectors.ipv4TCP
        packet[2] = 0  // total length 0
        packet[3] = 0
        var decoder = PacketDecoder()
        #expect(decodeFrame(packet, linkType: .ipv4, decoder: &decoder) == [Vectors.ipv4TCPDecoded])
    }

    @Test("Ethernet padding after the IP total length is not payload")
    func ethernetPaddingTrimmed() {
        let udp: [UInt8] = [
            0x45, 0x00, 0x00, 0x1E,  // IPv4, total length 30
            0x00, 0x01, 0x00, 0x00, 0x40, 0x11, 0x00, 0x00,  // id 1, no fragment, TTL 64, UDP
            0x0A, 0x00, 0x00, 0x01, 0x0A, 0x00, 0x00, 0x02,  // 10.0.0.1 → 10.0.0.2
            0x13, 0x88, 0x00, 0x35, 0x00, 0x0A, 0x00, 0x00,  // UDP 5000 → 53, length 10
            0x68, 0x69,  // payload `hi`
        ]
        let frame = Vectors.ethernet(0x0800) + udp + [UInt8](repeating: 0, count: 16)  // padded to 60 bytes
        var decoder = PacketDecoder()
        let expected = DecodedRecord(
            source: IPAddress("10.0.0.1")!,
            destination: IPAddress("10.0.0.2")!,
            transport: .udp,
            sourcePort: 5000,
            destinationPort: 53,
            payload: [0x68, 0x69],
            wirePayloadLength: 2,
            ipLength: 30
        )
        #expect(decodeFrame(frame, linkType: .ethernet, decoder: &decoder) == [expected])
    }

    @Test("IPv4 options are skipped by the header length")
    func ipv4Options() {
        let packet: [UInt8] =
            [
                0x46, 0x00, 0x00, 0x30,  // IPv4, IHL 6 (24 bytes), total length 48
                0x12, 0x34, 0x40, 0x00, 0x40, 0x06, 0x00, 0x00,  // id, DF, TTL 64, TCP
                0xC0, 0xA8, 0x01, 0x02, 0x5E, 0x17, 0xC8, 0xBF,  // 192.168.1.2 → 94.23.200.191
                0x94, 0x04, 0x00, 0x00,  // option: router alert (4 bytes)
            ] + Vectors.tcpHeader + [0x7B, 0x22, 0x69, 0x64]
        var decoder = PacketDecoder()
        var expected = Vectors.ipv4TCPDecoded
        expected.ipLength = 48
        #expect(decodeFrame(packet, linkType: .raw, decoder: &decoder) == [expected])
    }

    @Test("TCP options are skipped by the data offset; a snap length cut keeps the wire length")
    func tcpOptionsAndSnapLength() {
        let packet: [UInt8] = [
            0x45, 0x00, 0x05, 0xDC,  // IPv4, total length 1500
            0x00, 0x07, 0x40, 0x00, 0x40, 0x06, 0x00, 0x00,  // id 7, DF, TCP
            0x0A, 0x00, 0x00, 0x01, 0x0A, 0x00, 0x00, 0x02,  // 10.0.0.1 → 10.0.0.2
            0x0D, 0x05, 0xC3, 0x50,  // TCP 3333 → 50000
            0xFF, 0xFF, 0xFF, 0xFF, 0x80, 0x00, 0x00, 0x00,  // seq 0xFFFFFFFF, ack 0x80000000
            0x80, 0x11,  // data offset 8 words (32 bytes), FIN|ACK
            0x01, 0x00, 0x00, 0x00, 0x00, 0x00,  // window, checksum, urgent
            0x01, 0x01, 0x08, 0x0A, 0, 0, 0, 1, 0, 0, 0, 2,  // NOP NOP timestamps
            0x41, 0x42, 0x43,  // first 3 payload bytes; the snap length cut the rest
        ]
        var decoder = PacketDecoder()
        let expected = DecodedRecord(
            source: IPAddress("10.0.0.1")!,
            destination: IPAddress("10.0.0.2")!,
            transport: .tcp,
            sourcePort: 3333,
            destinationPort: 50000,
            tcpFlags: [.fin, .ack],
            sequenceNumber: 0xFFFF_FFFF,
            acknowledgementNumber: 0x8000_0000,
            payload: [0x41, 0x42, 0x43],
            wirePayloadLength: 1448,
            ipLength: 1500
        )
        #expect(decodeFrame(packet, linkType: .raw, decoder: &decoder, originalLength: 1500) == [expected])
    }

    @Test("IPv6 hop-by-hop, routing, destination options and AH headers are followed")
    func ipv6ExtensionHeaders() {
        let tcp = Vectors.tcpHeader + [0x7A]  // TCP with payload `z`
        let extensions: [UInt8] = [
            0x2B, 0x00, 0x05, 0x02, 0x00, 0x00, 0x01, 0x00,  // hop-by-hop (8 bytes) → routing; router alert, PadN
            0x3C, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00,  // routing (8 bytes, segments left 0) → dest options
            0x33, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00,  // destination options (8 bytes) → AH; PadN
            0x06, 0x04, 0x00, 0x00,  // AH → TCP, length 4 → (4+2)*4 = 24 bytes
            0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x01,  // SPI 256, sequence 1
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  // ICV (12 bytes)
        ]
        let payloadLength = UInt16(extensions.count + tcp.count)
        let packet: [UInt8] =
            [0x60, 0x00, 0x00, 0x00] + be16(payloadLength) + [0x00, 0x40]  // next header hop-by-hop
            + Vectors.v6Source + Vectors.v6Destination + extensions + tcp
        var decoder = PacketDecoder()
        let expected = DecodedRecord(
            source: IPAddress("2001:db8::1")!,
            destination: IPAddress("2001:db8::2")!,
            transport: .tcp,
            sourcePort: 1234,
            destinationPort: 3333,
            tcpFlags: [.psh, .ack],
            sequenceNumber: 1,
            acknowledgementNumber: 2,
            payload: [0x7A],
            wirePayloadLength: 1,
            ipLength: 40 + Int(payloadLength)
        )
        #expect(decodeFrame(packet, linkType: .ipv6, decoder: &decoder) == [expected])

        // The same chain with a limit of 3 extension headers is counted and dropped.
        var limited = PacketDecoder(limits: DecodeLimits(maximumIPv6ExtensionHeaders: 3))
        #expect(decodeFrame(packet, linkType: .ipv6, decoder: &limited).isEmpty)
        #expect(limited.statistics.extensionChainTooLong == 1)
    }

    @Test("IPv6 no-next-header is delivered as protocol 59 with no payload")
    func ipv6NoNextHeader() {
        let packet: [UInt8] =
            [0x60, 0x00, 0x00, 0x00, 0x00, 0x00, 0x3B, 0x40]  // payload length 0 would mean jumbo: use 59 + 0
            + Vectors.v6Source + Vectors.v6Destination
        var decoder = PacketDecoder()
        let expected = DecodedRecord(
            source: IPAddress("2001:db8::1")!,
            destination: IPAddress("2001:db8::2")!,
            transport: .other(59),
            payload: [],
            wirePayloadLength: 0,
            ipLength: 40
        )
        #expect(decodeFrame(packet, linkType: .ipv6, decoder: &decoder) == [expected])
    }

    // MARK: - Fragments

    /// A UDP datagram 10.0.0.1:5000 → 10.0.0.2:53 with 30 payload bytes 0...29, split at `cuts` (multiples of 8).
    static func ipv4Fragments(id: UInt16 = 0x0101, cuts: [Int]) -> [[UInt8]] {
        let udp: [UInt8] = [0x13, 0x88, 0x00, 0x35, 0x00, 0x26, 0x00, 0x00] + (0..<30).map { UInt8($0) }  // 38 bytes
        let bounds = [0] + cuts + [udp.count]
        return (0..<(bounds.count - 1)).map { i in
            let part = Array(udp[bounds[i]..<bounds[i + 1]])
            let more: UInt16 = i < bounds.count - 2 ? 0x2000 : 0
            return [0x45, 0x00] + be16(UInt16(20 + part.count)) + be16(id)
                + be16(more | UInt16(bounds[i] / 8))  // MF flag and offset in 8-byte units
                + [0x40, 0x11, 0x00, 0x00, 0x0A, 0x00, 0x00, 0x01, 0x0A, 0x00, 0x00, 0x02] + part
        }
    }

    static let reassembledUDP = DecodedRecord(
        source: IPAddress("10.0.0.1")!,
        destination: IPAddress("10.0.0.2")!,
        transport: .udp,
        sourcePort: 5000,
        destinationPort: 53,
        payload: (0..<30).map { UInt8($0) },
        wirePayloadLength: 30,
        ipLength: 58
    )

    @Test(
        "IPv4 fragments reassemble in every arrival order",
        arguments: [[0, 1, 2], [2, 1, 0], [1, 2, 0], [0, 2, 1]]
    )
    func ipv4FragmentOrders(_ order: [Int]) {
        let fragments = Self.ipv4Fragments(cuts: [8, 24])
        var decoder = PacketDecoder()
        var out: [DecodedRecord] = []
        for (step, which) in order.enumerated() {
            out += decodeFrame(fragments[which], linkType: .raw, decoder: &decoder, index: Int64(step + 1))
        }
        var expected = Self.reassembledUDP
        expected.packetIndex = 3  // reported at the packet that completed it
        #expect(out == [expected])
        #expect(decoder.statistics.fragments == 3)
        #expect(decoder.statistics.reassembled == 1)
        #expect(decoder.pendingFragmentedDatagrams == 0)
    }

    @Test("Overlapping fragments keep the bytes that arrived first")
    func overlappingFragments() {
        let fragments = Self.ipv4Fragments(cuts: [16])
        // A rogue fragment at offset 8 with 8 bytes of 0xEE, sent before the true second half.
        var rogue = Self.ipv4Fragments(cuts: [8, 16])[1]
        for i in 20..<rogue.count { rogue[i] = 0xEE }
        var decoder = PacketDecoder()
        var out = decodeFrame(fragments[0], linkType: .raw, decoder: &decoder)
        out += decodeFrame(rogue, linkType: .raw, decoder: &decoder)
        out += decodeFrame(fragments[1], linkType: .raw, decoder: &decoder)
        #expect(out == [Self.reassembledUDP])
        #expect(decoder.statistics.fragmentOverlaps == 1)

        // A rogue fragment filling bytes 16..<24 before the true second half arrives wins those bytes.
        var early = Self.ipv4Fragments(cuts: [16, 24])[1]
        for i in 20..<early.count { early[i] = 0xEE }
        var second = PacketDecoder()
        var got = decodeFrame(fragments[0], linkType: .raw, decoder: &second)
        got += decodeFrame(early, linkType: .raw, decoder: &second)
        got += decodeFrame(fragments[1], linkType: .raw, decoder: &second)
        var expected = Self.reassembledUDP
        for i in 8..<16 { expected.payload[i] = 0xEE }  // payload starts after the 8-byte UDP header
        #expect(got == [expected])
        #expect(second.statistics.fragmentOverlaps == 1)
    }

    @Test("Fragment limits: timeout, pending datagrams and size are counted")
    func fragmentLimits() {
        let limits = IPFragmentLimits(maximumPendingDatagrams: 2, maximumDatagramSize: 20, timeoutNanoseconds: 1_000)
        var decoder = PacketDecoder(limits: DecodeLimits(fragments: limits))
        // Three first fragments with different ids: the third evicts the oldest.
        for id in UInt16(1)...3 {
            let first = Self.ipv4Fragments(id: id, cuts: [8])[0]
            #expect(decodeFrame(first, linkType: .raw, decoder: &decoder, nanoseconds: Int64(id)).isEmpty)
        }
        #expect(decoder.statistics.fragmentPendingLimitHits == 1)
        #expect(decoder.pendingFragmentedDatagrams == 2)
        // A later unrelated packet after the timeout expires both.
        #expect(decodeFrame(Vectors.ipv4TCP, linkType: .raw, decoder: &decoder, nanoseconds: 5_000).count == 1)
        #expect(decoder.statistics.fragmentTimeouts == 2)
        #expect(decoder.pendingFragmentedDatagrams == 0)
        // The last fragment reaches byte 38, past the 20-byte limit.
        let last = Self.ipv4Fragments(id: 9, cuts: [8])[1]
        #expect(decodeFrame(last, linkType: .raw, decoder: &decoder, nanoseconds: 6_000).isEmpty)
        #expect(decoder.statistics.fragmentOversize == 1)
    }

    @Test("IPv6 fragments reassemble, out of order")
    func ipv6Fragments() {
        let udp: [UInt8] = [0x00, 0x35, 0x14, 0xE9, 0x00, 0x1A, 0x00, 0x00] + (0..<18).map { UInt8($0) }  // 26 bytes
        func fragment(offset: Int, more: Bool, _ part: ArraySlice<UInt8>) -> [UInt8] {
            [0x60, 0x00, 0x00, 0x00] + be16(UInt16(8 + part.count)) + [0x2C, 0x40]  // next header: fragment
                + Vectors.v6Source + Vectors.v6Destination
                + [0x11, 0x00] + be16(UInt16(offset) | (more ? 1 : 0))  // → UDP, offset, M flag
                + [0xCA, 0xFE, 0xBA, 0xBE]  // identification
                + Array(part)
        }
        var decoder = PacketDecoder()
        var out = decodeFrame(fragment(offset: 16, more: false, udp[16...]), linkType: .ipv6, decoder: &decoder)
        out += decodeFrame(fragment(offset: 0, more: true, udp[0..<16]), linkType: .ipv6, decoder: &decoder)
        let expected = DecodedRecord(
            source: IPAddress("2001:db8::1")!,
            destination: IPAddress("2001:db8::2")!,
            transport: .udp,
            sourcePort: 53,
            destinationPort: 5353,
            payload: (0..<18).map { UInt8($0) },
            wirePayloadLength: 18,
            ipLength: 40 + 26
        )
        #expect(out == [expected])
        #expect(decoder.statistics.reassembled == 1)
    }

    @Test("seeded random mutations of every vector never crash and keep lengths consistent")
    func randomMutations() {
        var random = SplitMix64(seed: 0xDEC0DE)
        var frames: [(LinkType, [UInt8])] = Self.ipv4Framings.map { ($0.1, $0.2 + Vectors.ipv4TCP) }
        frames += Self.ipv6Framings.map { ($0.0, $0.1 + Vectors.ipv6UDP) }
        frames += Self.ipv4Fragments(cuts: [8, 24]).map { (LinkType.raw, $0) }
        var decoder = PacketDecoder(limits: DecodeLimits(fragments: IPFragmentLimits(maximumPendingDatagrams: 16)))
        var delivered = 0
        for step in 0..<20_000 {
            var (linkType, frame) = frames[Int.random(in: 0..<frames.count, using: &random)]
            for _ in 0..<Int.random(in: 0...4, using: &random) where !frame.isEmpty {
                frame[Int.random(in: 0..<frame.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
            if Bool.random(using: &random) { frame.removeLast(Int.random(in: 0...frame.count, using: &random)) }
            for decoded in decodeFrame(frame, linkType: linkType, decoder: &decoder, nanoseconds: Int64(step)) {
                delivered += 1
                #expect(decoded.payload.count <= decoded.wirePayloadLength)
                #expect(decoded.wirePayloadLength <= decoded.ipLength)
            }
        }
        #expect(delivered > 1000)
        #expect(decoder.statistics.packets == 20_000)
    }
}
