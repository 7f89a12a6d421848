import PaichaCore
import PaichaFixtures
import Testing

struct PacketTests {
    @Test func checksumKnownVector() {
        let header: [UInt8] = [
            0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0x00, 0x00, 0xC0, 0xA8, 0x00, 0x01, 0xC0, 0xA8,
            0x00, 0xC7,
        ]
        #expect(InternetChecksum.compute(header) == 0xB861)
        #expect(InternetChecksum.compute([0x00, 0x01, 0xF2]) == ~UInt16(0xF201 &+ 0x0000))
    }

    @Test func ipv4HeaderBytesAndChecksum() {
        let packet = IPPacket.ipv4(
            source: 0xC0A8_0001,
            destination: 0xC0A8_00C7,
            protocol: 17,
            payload: [1, 2, 3, 4][...],
            identification: 0x1234,
            ttl: 64
        )
        let expected: [UInt8] = [
            0x45, 0, 0, 24, 0x12, 0x34, 0x40, 0, 64, 17, 0, 0, 0xC0, 0xA8, 0, 1, 0xC0, 0xA8, 0, 0xC7, 1, 2, 3, 4,
        ]
        var withoutChecksum = packet
        withoutChecksum[10] = 0
        withoutChecksum[11] = 0
        #expect(withoutChecksum == expected)
        #expect(InternetChecksum.compute(packet[0..<20]) == 0)
    }

    @Test func ipv4OptionsChecksum() {
        let packet = IPPacket.ipv4(
            source: 1,
            destination: 2,
            protocol: 6,
            payload: [][...],
            identification: 1,
            options: IPPacket.recordRouteOption
        )
        #expect(packet[0] == 0x47)
        #expect(Array(packet[20..<28]) == IPPacket.recordRouteOption)
        #expect(InternetChecksum.compute(packet) == 0)
    }

    @Test(arguments: [1, 2, 3, 5, 8])
    func ipv4FragmentsReassemble(count: Int) {
        var rng = SplitMix64(seed: UInt64(count))
        let payload = rng.bytes(1_001)
        let fragments = IPPacket.ipv4Fragments(
            source: 1,
            destination: 2,
            protocol: 17,
            payload: payload,
            identification: 7,
            count: count,
            options: IPPacket.recordRouteOption
        )
        #expect(fragments.count == count)
        var rebuilt = [UInt8](repeating: 0, count: payload.count)
        for (index, fragment) in fragments.enumerated() {
            let headerLength = Int(fragment[0] & 0x0F) * 4
            #expect(headerLength == (index == 0 ? 28 : 20))
            #expect(InternetChecksum.compute(fragment[0..<headerLength]) == 0)
            let flags = UInt16(fragment[6]) << 8 | UInt16(fragment[7])
            #expect((flags & 0x2000 != 0) == (index < count - 1))
            let offset = Int(flags & 0x1FFF) * 8
            let body = fragment[headerLength...]
            rebuilt.replaceSubrange(offset..<(offset + body.count), with: body)
        }
        #expect(rebuilt == payload)
    }

    @Test func ipv6FragmentsWithExtensionHeadersReassemble() {
        var rng = SplitMix64(seed: 3)
        let payload = rng.bytes(777)
        let fragments = IPPacket.ipv6Fragments(
            source: (0x2001_0DB8_0000_0000, 1),
            destination: (0x2001_0DB8_0000_0000, 2),
            nextHeader: 6,
            payload: payload,
            identification: 0xABCD,
            count: 3,
            hopByHop: true,
            destinationOptions: true
        )
        var rebuilt: [UInt8] = []
        for (index, fragment) in fragments.enumerated() {
            #expect(fragment[6] == 0)
            #expect(Array(fragment[40..<48]) == [44, 0, 1, 4, 0, 0, 0, 0])
            #expect(fragment[48] == 60)
            let offsetField = UInt16(fragment[50]) << 8 | UInt16(fragment[51])
            #expect(Int(offsetField >> 3) * 8 == rebuilt.count)
            #expect((offsetField & 1 == 1) == (index < fragments.count - 1))
            #expect(Array(fragment[52..<56]) == [0, 0, 0xAB, 0xCD])
            let payloadLength = Int(fragment[4]) << 8 | Int(fragment[5])
            #expect(payloadLength == fragment.count - 40)
            rebuilt += fragment[56...]
        }
        #expect(Array(rebuilt[0..<8]) == [6, 0, 1, 4, 0, 0, 0, 0])
        #expect(Array(rebuilt[8...]) == payload)
    }

    @Test func tcpAndUDPChecksumsVerify() {
        let client = Endpoint(ip: IPAddress("10.0.0.1")!, port: 40_000)
        let server = Endpoint(ip: IPAddress("2001:db8::2")!, port: 3333)
        let v6client = Endpoint(ip: IPAddress("2001:db8::1")!, port: 40_000)
        let v4server = Endpoint(ip: IPAddress("10.0.0.2")!, port: 3333)
        for (a, b) in [(client, v4server), (v6client, server)] {
            let tcp = TransportSegment.tcp(
                source: a,
                destination: b,
                sequence: 1,
                acknowledgement: 2,
                flags: [.psh, .ack],
                options: TransportSegment.synOptions(mss: 1460),
                payload: Array("hello\n".utf8)[...]
            )
            #expect(IPPacket.transportChecksum(source: a.ip, destination: b.ip, protocol: 6, segment: tcp) == 0)
            #expect(tcp[12] >> 4 == 8)
            let udp = TransportSegment.udp(source: a, destination: b, payload: [1, 2, 3])
            #expect(IPPacket.transportChecksum(source: a.ip, destination: b.ip, protocol: 17, segment: udp) == 0)
        }
    }

    @Test func tcpHeaderBytes() {
        let segment = TransportSegment.tcp(
            source: Endpoint(ip: .v4(1), port: 0x1234),
            destination: Endpoint(ip: .v4(2), port: 3333),
            sequence: 0x0102_0304,
            acknowledgement: 0x0506_0708,
            flags: .syn,
            window: 0xFFFF,
            options: [2, 4, 5, 0xB4],
            payload: [][...]
        )
        var zeroed = segment
        zeroed[16] = 0
        zeroed[17] = 0
        #expect(
            zeroed == [
                0x12, 0x34, 0x0D, 0x05, 1, 2, 3, 4, 0, 0, 0, 0, 0x60, 0x02, 0xFF, 0xFF, 0, 0, 0, 0, 2, 4, 5, 0xB4,
            ]
        )
    }

    @Test func linkLayers() {
        let packet: [UInt8] = [0x45, 0xAA]
        let src: [UInt8] = [2, 0, 0, 0, 0, 1]
        let dst: [UInt8] = [2, 0, 0, 0, 0, 2]
        #expect(
            LinkLayer.ethernet(vlans: [100]).frame(
                packet,
                ipv6: false,
                sourceMAC: src,
                destinationMAC: dst,
                outgoing: true
            )
                == dst + src + [0x81, 0x00, 0x00, 100, 0x08, 0x00] + packet
        )
        #expect(
            LinkLayer.ethernet(vlans: [200, 10]).frame(
                packet,
                ipv6: true,
                sourceMAC: src,
                destinationMAC: dst,
                outgoing: true
            )
                == dst + src + [0x88, 0xA8, 0x00, 200, 0x81, 0x00, 0x00, 10, 0x86, 0xDD] + packet
        )
        #expect(
            LinkLayer.linuxSLL.frame(packet, ipv6: false, sourceMAC: src, destinationMAC: dst, outgoing: true)
                == [0, 4, 0, 1, 0, 6] + src + [0, 0, 0x08, 0x00] + packet
        )
        #expect(
            LinkLayer.linuxSLL2(interfaceIndex: 3).frame(
                packet,
                ipv6: false,
                sourceMAC: src,
                destinationMAC: dst,
                outgoing: false
            )
                == [0x08, 0x00, 0, 0, 0, 0, 0, 3, 0, 1, 0, 6] + src + [0, 0] + packet
        )
        #expect(
            LinkLayer.null(.little).frame(packet, ipv6: false, sourceMAC: src, destinationMAC: dst, outgoing: true)
                == [2, 0, 0, 0] + packet
        )
        #expect(
            LinkLayer.null(.big).frame(packet, ipv6: true, sourceMAC: src, destinationMAC: dst, outgoing: true)
                == [0, 0, 0, 24] + packet
        )
        #expect(LinkLayer.raw.frame(packet, ipv6: false, sourceMAC: src, destinationMAC: dst, outgoing: true) == packet)
        #expect(LinkLayer.rawVersioned(ipv6: true).linkType == 229)
        #expect(LinkLayer.linuxSLL2(interfaceIndex: 0).linkType == 276)
    }

    @Test func sha256AndBase64Vectors() {
        #expect(
            SHA256.hash(Array("abc".utf8)) == hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        )
        #expect(
            SHA256.hash([]) == hex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        )
        #expect(ApplicationPayloads.base64("user:pass") == "dXNlcjpwYXNz")
        #expect(ApplicationPayloads.base64("ab") == "YWI=")
        #expect(ApplicationPayloads.base64("a") == "YQ==")
        #expect(
            ApplicationPayloads.bitcoinMessage(command: "verack", payload: [])
                == hex("f9beb4d976657261636b000000000000000000005df6e0e2")
        )
    }

    @Test func dnsWireFormat() {
        let query = ApplicationPayloads.dnsQuery(id: 0xBEEF, name: "a.bc", type: 1)
        #expect(query == [0xBE, 0xEF, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0x61, 2, 0x62, 0x63, 0, 0, 1, 0, 1])
        let answer = ApplicationPayloads.dnsResponse(
            id: 1,
            name: "a",
            type: 1,
            answers: [.cname(name: "a", target: "b"), .a(name: "b", address: 0x0102_0304)],
            ttl: 60
        )
        #expect(
            answer == [0, 1, 0x81, 0x80, 0, 1, 0, 2, 0, 0, 0, 0, 1, 0x61, 0, 0, 1, 0, 1]
                + [1, 0x61, 0, 0, 5, 0, 1, 0, 0, 0, 60, 0, 3, 1, 0x62, 0]
                + [1, 0x62, 0, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 1, 2, 3, 4]
        )
    }

    @Test func tlsClientHelloCarriesSNI() {
        var rng = SplitMix64(seed: 1)
        let hello = ApplicationPayloads.tlsClientHello(serverName: "eu1.ethermine.org", rng: &rng)
        #expect(Array(hello[0..<3]) == [0x16, 0x03, 0x01])
        #expect(Int(hello[3]) << 8 | Int(hello[4]) == hello.count - 5)
        #expect(hello[5] == 1)
        let name = Array("eu1.ethermine.org".utf8)
        let sni: [UInt8] = [0, 0, 0, UInt8(name.count + 5), 0, UInt8(name.count + 3), 0, 0, UInt8(name.count)] + name
        #expect(hello.firstRange(of: sni) != nil)
    }
}

func hex(_ text: String) -> [UInt8] {
    var bytes: [UInt8] = []
    var iterator = text.utf8.makeIterator()
    while let high = iterator.next(), let low = iterator.next() {
        bytes.append(UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)!)
    }
    return bytes
}

struct TLSStructureTests {
    /// Walks a ClientHello's extensions, checking every length field nests exactly.
    @Test(arguments: ["www.cloudflare.com", "xmr.pool.minergate.com", "a"])
    func clientHelloLengthsNest(name: String) throws {
        var rng = SplitMix64(seed: 11)
        let hello = ApplicationPayloads.tlsClientHello(serverName: name, rng: &rng)
        try hello.withUnsafeBytes { raw in
            var reader = ByteReader(raw)
            let skippedHeader = reader.skip(5)
            let handshakeType = reader.readInteger(as: UInt8.self)
            #expect(skippedHeader && handshakeType == 1)
            let lengthBytes = reader.readSlice(length: 3)
            let length = try #require(lengthBytes)
            #expect(Int(length[0]) << 16 | Int(length[1]) << 8 | Int(length[2]) == reader.readableBytes)
            let skippedRandom = reader.skip(34)
            let session = reader.readLengthPrefixedSlice(as: UInt8.self)
            let suites = reader.readLengthPrefixedSlice(as: UInt16.self)
            let compression = reader.readLengthPrefixedSlice(as: UInt8.self)
            let extensionBlock = reader.readLengthPrefixedSlice(as: UInt16.self)
            #expect(skippedRandom && session?.count == 32 && suites != nil && compression?.count == 1)
            let extensions = try #require(extensionBlock)
            #expect(reader.readableBytes == 0)
            var inner = ByteReader(extensions)
            var types: [UInt16] = []
            while inner.readableBytes > 0 {
                let typeField = inner.readInteger(as: UInt16.self)
                let bodyField = inner.readLengthPrefixedSlice(as: UInt16.self)
                let type = try #require(typeField)
                let body = try #require(bodyField)
                types.append(type)
                var fields = ByteReader(body)
                switch type {
                case 0x0000, 0x000A, 0x000D, 0x0010, 0x0033:
                    let listField = fields.readLengthPrefixedSlice(as: UInt16.self)
                    let list = try #require(listField)
                    #expect(fields.readableBytes == 0)
                    if type == 0x0000 {
                        var entry = ByteReader(list)
                        let nameType = entry.readInteger(as: UInt8.self)
                        let hostField = entry.readLengthPrefixedSlice(as: UInt16.self)
                        #expect(nameType == 0)
                        let host = try #require(hostField)
                        #expect(String(decoding: host, as: UTF8.self) == name)
                    }
                case 0x002B, 0x000B, 0x002D:
                    let vector = fields.readLengthPrefixedSlice(as: UInt8.self)
                    #expect(vector != nil && fields.readableBytes == 0)
                default:
                    break
                }
            }
            #expect(types.first == 0 && types.contains(0x0033) && types.contains(0x002B))
        }
    }
}

struct ChecksumChunkTests {
    /// The sum is the same however the bytes are split (odd splits included) and through any collection.
    @Test(arguments: [1, 2, 3, 7, 64, 1_001])
    func everyChunkSize(chunk: Int) {
        var rng = SplitMix64(seed: UInt64(chunk))
        let bytes = rng.bytes(3_001)
        let whole = InternetChecksum.compute(bytes)
        var pieces = InternetChecksum()
        var offset = 0
        while offset < bytes.count {
            pieces.add(bytes[offset..<min(bytes.count, offset + chunk)])
            offset += chunk
        }
        #expect(pieces.value == whole)
        var lazy = InternetChecksum()
        lazy.add(bytes.lazy.map { $0 })
        #expect(lazy.value == whole)
    }
}
