import PaichaCore
import PaichaMining
import Testing

/// DNS, TLS and indicator matching on real captures from the shared corpus; skipped when absent.
@Suite("Indicators on real captures", .enabled(if: IndicatorsCorpus.isAvailable))
struct PoolIndicatorCorpusTests {
    @Test("TLS: every ClientHello's SNI and every ServerHello in the CoinHive browser capture")
    func tlsHellos() throws {
        let packets = try indicatorsReadPcap(IndicatorsCorpus.pcap("zeek-coinhive-browser-tls.pcap"))
        var readers: [String: TLSHelloReader] = [:]
        var clientHellos: [TLSClientHello] = []
        var serverHellos = 0
        for packet in packets where packet.isTCP && (packet.destination.port == 443 || packet.source.port == 443) {
            let key = "\(packet.source)>\(packet.destination)"
            var reader =
                readers[key] ?? TLSHelloReader(expecting: packet.destination.port == 443 ? .clientHello : .serverHello)
            guard case .needMoreBytes = reader.verdict else { continue }
            switch packet.payload.withUnsafeBytes({ reader.feed($0) }) {
            case .clientHello(let hello): clientHellos.append(hello)
            case .serverHello: serverHellos += 1
            case .needMoreBytes, .notTLS: break
            }
            readers[key] = reader
        }
        // Expected counts from: tshark -Y "tls.handshake.type==1" -T fields -e tls.handshake.extensions_server_name
        var counts: [String: Int] = [:]
        for hello in clientHellos { counts[hello.serverName ?? "-", default: 0] += 1 }
        #expect(
            counts == [
                "authedmine.com": 3, "blocklists.settings.services.mozilla.com": 1,
                "content-signature.cdn.mozilla.net": 2, "firefox.settings.services.mozilla.com": 1,
                "normandy-cloudfront.cdn.mozilla.net": 1, "normandy.cdn.mozilla.net": 1,
                "normandy.services.mozilla.com": 1, "safebrowsing.googleapis.com": 1,
                "services.addons.mozilla.org": 2, "tiles.services.mozilla.com": 1,
                "versioncheck-bg.addons.mozilla.org": 6, "ws027.authedmine.com": 1,
            ]
        )
        #expect(serverHellos == 21)
        let authedmine = try #require(clientHellos.first { $0.serverName == "authedmine.com" })
        #expect(authedmine.alpn == ["h2", "http/1.1"])
        #expect(authedmine.supportedVersions == [0x7F1C, 0x0303, 0x0302, 0x0301])

        let indicators = try PoolIndicators.bundled()
        let pools = Set(
            clientHellos.compactMap { $0.serverName }.compactMap { indicators.match(name: $0)?.entry.domain }
        )
        #expect(pools == ["authedmine.com"])
    }

    @Test("DNS: resolutions, CNAME to a CDN, and the CDN rule in the CoinHive Stratum capture")
    func dnsAndCDNRule() throws {
        let packets = try indicatorsReadPcap(IndicatorsCorpus.pcap("zeek-coinhive-stratum.pcap"))
        var table = NameTable()
        var resolved: [String: DNSResolution] = [:]
        var responses = 0
        for packet in packets where !packet.isTCP && packet.source.port == 53 {
            let message = try packet.payload.withUnsafeBytes { raw in
                try Result { () throws(DNSError) in try DNSMessage(udpPayload: raw) }.get()
            }
            responses += 1
            let resolutions = message.resolutions().resolutions
            table.record(resolutions)
            for resolution in resolutions where !resolution.addresses.isEmpty {
                resolved[resolution.name + "/" + (resolution.addresses[0].isV4 ? "A" : "AAAA")] = resolution
            }
        }
        #expect(responses == 9)  // tshark -Y "dns.flags.response==1"
        #expect(
            resolved["coinhive.com/A"]
                == DNSResolution(
                    name: "coinhive.com",
                    chain: [],
                    addresses: [IPAddress("104.20.208.59")!, IPAddress("104.20.209.59")!]
                )
        )
        #expect(
            resolved["www.supportxmr.com/A"]
                == DNSResolution(
                    name: "www.supportxmr.com",
                    chain: ["www.supportxmr.com.cdn.cloudflare.net"],
                    addresses: [IPAddress("104.20.123.34")!, IPAddress("104.20.122.34")!]
                )
        )
        #expect(
            resolved["www.supportxmr.com/AAAA"]?.addresses
                == [IPAddress("2400:cb00:2048:1::6814:7b22")!, IPAddress("2400:cb00:2048:1::6814:7a22")!]
        )
        #expect(
            resolved["la01.supportxmr.com/A"]
                == DNSResolution(name: "la01.supportxmr.com", chain: [], addresses: [IPAddress("192.110.160.114")!])
        )

        let indicators = try PoolIndicators.bundled()
        let pool = IPAddress("192.110.160.114")!
        let match = indicators.assess(address: pool, port: 3333, serverName: nil, names: table.names(for: pool))
        #expect(match?.entry.domain == "supportxmr.com")
        #expect(match?.confidence == .likely)
        for cdn in ["104.20.123.34", "104.20.208.59", "2400:cb00:2048:1::6814:7b22"] {
            let address = IPAddress(cdn)!
            #expect(!table.names(for: address).isEmpty)
            #expect(
                indicators.assess(address: address, port: 443, serverName: nil, names: table.names(for: address)) == nil
            )
        }
    }
}
