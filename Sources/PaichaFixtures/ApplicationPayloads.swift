import PaichaCore

/// Builders for application-layer payloads: DNS, TLS handshakes, HTTP, Bitcoin P2P, Base64.
public enum ApplicationPayloads {
    /// A DNS resource record in an answer section.
    public enum DNSRecord: Hashable, Sendable {
        /// An IPv4 address record.
        case a(name: String, address: UInt32)
        /// An IPv6 address record (16 bytes).
        case aaaa(name: String, address: [UInt8])
        /// An alias.
        case cname(name: String, target: String)
    }

    /// A DNS name in wire form (no compression).
    public static func dnsName(_ name: String) -> [UInt8] {
        var bytes: [UInt8] = []
        for label in name.split(separator: ".") {
            let utf8 = Array(label.utf8)
            bytes.append(UInt8(utf8.count))
            bytes.append(contentsOf: utf8)
        }
        bytes.append(0)
        return bytes
    }

    /// A recursive query for `name` (type 1 = A, 28 = AAAA).
    public static func dnsQuery(id: UInt16, name: String, type: UInt16) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.appendInteger(id)
        bytes.appendInteger(UInt16(0x0100))
        bytes.appendInteger(UInt16(1))
        bytes.appendInteger(UInt16(0))
        bytes.appendInteger(UInt16(0))
        bytes.appendInteger(UInt16(0))
        bytes.append(contentsOf: Self.dnsName(name))
        bytes.appendInteger(type)
        bytes.appendInteger(UInt16(1))
        return bytes
    }

    /// The response to `dnsQuery(id:name:type:)` with `answers`.
    public static func dnsResponse(
        id: UInt16,
        name: String,
        type: UInt16,
        answers: [DNSRecord],
        ttl: UInt32 = 300
    )
        -> [UInt8]
    {
        var bytes: [UInt8] = []
        bytes.appendInteger(id)
        bytes.appendInteger(UInt16(0x8180))
        bytes.appendInteger(UInt16(1))
        bytes.appendInteger(UInt16(answers.count))
        bytes.appendInteger(UInt16(0))
        bytes.appendInteger(UInt16(0))
        bytes.append(contentsOf: Self.dnsName(name))
        bytes.appendInteger(type)
        bytes.appendInteger(UInt16(1))
        for answer in answers {
            let owner: String
            let rtype: UInt16
            let data: [UInt8]
            switch answer {
            case .a(let n, let address):
                owner = n
                rtype = 1
                var d: [UInt8] = []
                d.appendInteger(address)
                data = d
            case .aaaa(let n, let address):
                owner = n
                rtype = 28
                data = address
            case .cname(let n, let target):
                owner = n
                rtype = 5
                data = Self.dnsName(target)
            }
            bytes.append(contentsOf: Self.dnsName(owner))
            bytes.appendInteger(rtype)
            bytes.appendInteger(UInt16(1))
            bytes.appendInteger(ttl)
            bytes.appendInteger(UInt16(data.count))
            bytes.append(contentsOf: data)
        }
        return bytes
    }

    private static func record(_ type: UInt8, _ body: [UInt8], version: UInt16 = 0x0303) -> [UInt8] {
        var bytes: [UInt8] = [type]
        bytes.appendInteger(version)
        bytes.appendInteger(UInt16(body.count))
        return bytes + body
    }

    private static func handshake(_ type: UInt8, _ body: [UInt8]) -> [UInt8] {
        [type, UInt8(body.count >> 16), UInt8((body.count >> 8) & 0xFF), UInt8(body.count & 0xFF)] + body
    }

    private static func extensionBlock(_ type: UInt16, _ body: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.appendInteger(type)
        bytes.appendInteger(UInt16(body.count))
        return bytes + body
    }

    /// A TLS 1.3-style ClientHello record carrying `serverName` in SNI and ALPN h2/http/1.1.
    public static func tlsClientHello(serverName: String, rng: inout SplitMix64) -> [UInt8] {
        var body: [UInt8] = [0x03, 0x03]
        body += rng.bytes(32)
        body.append(32)
        body += rng.bytes(32)
        let suites: [UInt16] = [
            0x1301, 0x1302, 0x1303, 0xC02B, 0xC02F, 0xC02C, 0xC030, 0xCCA9, 0xCCA8, 0xC013, 0xC014, 0x009C, 0x009D,
            0x002F, 0x0035,
        ]
        body.appendInteger(UInt16(suites.count * 2))
        for suite in suites { body.appendInteger(suite) }
        body += [1, 0]
        let name = Array(serverName.utf8)
        var sni: [UInt8] = []
        sni.appendInteger(UInt16(name.count + 3))
        sni.append(0)
        sni.appendInteger(UInt16(name.count))
        sni += name
        var extensions = Self.extensionBlock(0x0000, sni)
        extensions += Self.extensionBlock(0x0017, [])
        extensions += Self.extensionBlock(0xFF01, [0])
        extensions += Self.extensionBlock(0x000A, [0, 8, 0x00, 0x1D, 0x00, 0x17, 0x00, 0x18, 0x00, 0x19])
        extensions += Self.extensionBlock(0x000B, [1, 0])
        extensions += Self.extensionBlock(0x0023, [])
        extensions += Self.extensionBlock(
            0x0010,
            [0, 12, 2] + Array("h2".utf8) + [8] + Array("http/1.1".utf8)
        )
        extensions += Self.extensionBlock(0x0005, [1, 0, 0, 0, 0])
        extensions += Self.extensionBlock(0x0033, [0, 36, 0x00, 0x1D, 0, 32] + rng.bytes(32))
        extensions += Self.extensionBlock(0x002B, [4, 0x03, 0x04, 0x03, 0x03])
        extensions += Self.extensionBlock(
            0x000D,
            [0, 16, 0x04, 0x03, 0x05, 0x03, 0x06, 0x03, 0x08, 0x04, 0x08, 0x05, 0x08, 0x06, 0x04, 0x01, 0x05, 0x01]
        )
        extensions += Self.extensionBlock(0x002D, [1, 1])
        body.appendInteger(UInt16(extensions.count))
        body += extensions
        return Self.record(0x16, Self.handshake(1, body), version: 0x0301)
    }

    /// A TLS 1.3 ServerHello, ChangeCipherSpec and an encrypted handshake record.
    public static func tlsServerHello(rng: inout SplitMix64) -> [UInt8] {
        var body: [UInt8] = [0x03, 0x03]
        body += rng.bytes(32)
        body.append(32)
        body += rng.bytes(32)
        body += [0x13, 0x01, 0]
        var extensions = Self.extensionBlock(0x002B, [0x03, 0x04])
        extensions += Self.extensionBlock(0x0033, [0x00, 0x1D, 0, 32] + rng.bytes(32))
        body.appendInteger(UInt16(extensions.count))
        body += extensions
        return Self.record(0x16, Self.handshake(2, body)) + Self.record(0x14, [1])
            + Self.tlsApplicationData(length: rng.int(2_000...4_000), rng: &rng)
    }

    /// One TLS application-data record of `length` random bytes.
    public static func tlsApplicationData(length: Int, rng: inout SplitMix64) -> [UInt8] {
        Self.record(0x17, rng.bytes(length))
    }

    /// An HTTP/1.1 request with a body and a correct Content-Length.
    public static func httpRequest(
        method: String,
        target: String,
        host: String,
        headers: [(String, String)],
        body: String
    ) -> String {
        var text = "\(method) \(target) HTTP/1.1\r\nHost: \(host)\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if method != "GET" || !body.isEmpty { text += "Content-Length: \(body.utf8.count)\r\n" }
        return text + "\r\n" + body
    }

    /// An HTTP/1.1 response with a body and a correct Content-Length.
    public static func httpResponse(status: String = "200 OK", headers: [(String, String)], body: String) -> String {
        var text = "HTTP/1.1 \(status)\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        return text + "Content-Length: \(body.utf8.count)\r\n\r\n" + body
    }

    /// Standard Base64 with padding.
    public static func base64(_ text: String) -> String {
        let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            var value: UInt32 = 0
            for (offset, byte) in chunk.enumerated() { value |= UInt32(byte) << (16 - 8 * offset) }
            for position in 0..<4 {
                if position <= chunk.count {
                    out.append(table[Int((value >> (18 - 6 * position)) & 63)])
                } else {
                    out.append(UInt8(ascii: "="))
                }
            }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A Bitcoin P2P message (mainnet magic f9beb4d9) with its double-SHA-256 checksum.
    public static func bitcoinMessage(command: String, payload: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = [0xF9, 0xBE, 0xB4, 0xD9]
        var name = Array(command.utf8.prefix(12))
        while name.count < 12 { name.append(0) }
        bytes += name
        bytes.appendInteger(UInt32(payload.count), endianness: .little)
        bytes += SHA256.hash(SHA256.hash(payload)).prefix(4)
        return bytes + payload
    }

    /// A Bitcoin `version` payload.
    public static func bitcoinVersionPayload(
        timestamp: Int64,
        receiver: [UInt8],
        sender: [UInt8],
        nonce: UInt64,
        userAgent: String,
        height: Int32
    ) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.appendInteger(Int32(70016), endianness: .little)
        bytes.appendInteger(UInt64(0x409), endianness: .little)
        bytes.appendInteger(timestamp, endianness: .little)
        for address in [receiver, sender] {
            bytes.appendInteger(UInt64(0x409), endianness: .little)
            bytes += [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] + address.prefix(4)
            bytes.appendInteger(UInt16(8333))
        }
        bytes.appendInteger(nonce, endianness: .little)
        let agent = Array(userAgent.utf8)
        bytes.append(UInt8(agent.count))
        bytes += agent
        bytes.appendInteger(height, endianness: .little)
        bytes.append(1)
        return bytes
    }
}

/// A small SHA-256 (FIPS 180-4) for Bitcoin message checksums.
public enum SHA256 {
    private static let k: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    /// The 32-byte digest of `message`.
    public static func hash(_ message: [UInt8]) -> [UInt8] {
        var h: [UInt32] = [
            0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
        ]
        var data = message
        data.append(0x80)
        while data.count % 64 != 56 { data.append(0) }
        data.appendInteger(UInt64(message.count) * 8)
        var w = [UInt32](repeating: 0, count: 64)
        for chunk in stride(from: 0, to: data.count, by: 64) {
            for i in 0..<16 {
                let j = chunk + i * 4
                w[i] =
                    UInt32(data[j]) << 24 | UInt32(data[j + 1]) << 16 | UInt32(data[j + 2]) << 8 | UInt32(data[j + 3])
            }
            for i in 16..<64 {
                let s0 = w[i - 15].rotateRight(7) ^ w[i - 15].rotateRight(18) ^ (w[i - 15] >> 3)
                let s1 = w[i - 2].rotateRight(17) ^ w[i - 2].rotateRight(19) ^ (w[i - 2] >> 10)
                w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
            }
            var (a, b, c, d, e, f, g, hh) = (h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7])
            for i in 0..<64 {
                let s1 = e.rotateRight(6) ^ e.rotateRight(11) ^ e.rotateRight(25)
                let ch = (e & f) ^ (~e & g)
                let t1 = hh &+ s1 &+ ch &+ Self.k[i] &+ w[i]
                let s0 = a.rotateRight(2) ^ a.rotateRight(13) ^ a.rotateRight(22)
                let maj = (a & b) ^ (a & c) ^ (b & c)
                let t2 = s0 &+ maj
                (hh, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ t2)
            }
            h[0] &+= a
            h[1] &+= b
            h[2] &+= c
            h[3] &+= d
            h[4] &+= e
            h[5] &+= f
            h[6] &+= g
            h[7] &+= hh
        }
        var out: [UInt8] = []
        for word in h { out.appendInteger(word) }
        return out
    }
}

extension UInt32 {
    fileprivate func rotateRight(_ n: UInt32) -> UInt32 { (self >> n) | (self << (32 - n)) }
}
