import PaichaMining
import Testing

/// Builds TLS hello bytes for tests, field by field.
enum TLSTestBytes {
    static func u16(_ value: Int) -> [UInt8] { [UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
    static func u24(_ value: Int) -> [UInt8] { [UInt8(value >> 16 & 0xFF)] + u16(value) }
    static func vector16(_ bytes: [UInt8]) -> [UInt8] { u16(bytes.count) + bytes }
    static func vector8(_ bytes: [UInt8]) -> [UInt8] { [UInt8(bytes.count)] + bytes }
    static func ext(_ type: Int, _ body: [UInt8]) -> [UInt8] { u16(type) + vector16(body) }

    static func clientHelloBody(sni: String?, alpn: [String], versions: [Int]) -> [UInt8] {
        var extensions: [UInt8] = []
        extensions += ext(0x0A0A, [])  // GREASE
        if let sni { extensions += ext(0, vector16([0] + vector16(Array(sni.utf8)))) }
        extensions += ext(10, vector16(u16(0x001D)))  // supported_groups
        if !alpn.isEmpty { extensions += ext(16, vector16(alpn.flatMap { vector8(Array($0.utf8)) })) }
        if !versions.isEmpty { extensions += ext(43, vector8(versions.flatMap(u16))) }
        return u16(0x0303) + [UInt8](repeating: 0xAB, count: 32) + vector8([UInt8](repeating: 0x11, count: 32))
            + vector16(u16(0x1301) + u16(0xC02F)) + vector8([0]) + vector16(extensions)
    }

    /// Handshake message (type + u24 length + body) in one or more records of at most `recordSize` bytes.
    static func records(type: UInt8, body: [UInt8], recordSize: Int = 16_384) -> [UInt8] {
        let handshake = [type] + u24(body.count) + body
        var output: [UInt8] = []
        var start = 0
        while start < handshake.count {
            let end = min(handshake.count, start + recordSize)
            output += [0x16, 0x03, 0x01] + vector16(Array(handshake[start..<end]))
            start = end
        }
        return output
    }

    static let clientHello = records(
        type: 1,
        body: clientHelloBody(
            sni: "XMR-EU1.Nanopool.org",
            alpn: ["h2", "http/1.1"],
            versions: [0x0A0A, 0x0304, 0x0303]
        )
    )

    static let serverHelloBody: [UInt8] =
        u16(0x0303) + [UInt8](repeating: 0xCD, count: 32) + vector8([]) + u16(0x1301) + [0]
        + vector16(ext(43, u16(0x0304)) + ext(51, u16(0x001D) + vector16([UInt8](repeating: 7, count: 32))))
}

@Suite("TLS hello")
struct TLSHelloTests {
    static let expected = TLSClientHello(
        legacyVersion: 0x0303,
        serverName: "xmr-eu1.nanopool.org",
        alpn: ["h2", "http/1.1"],
        supportedVersions: [0x0A0A, 0x0304, 0x0303]
    )

    static func feed(
        _ bytes: [UInt8],
        chunk: Int,
        expecting: TLSHelloReader.Expecting = .clientHello
    )
        -> TLSHelloReader.Verdict
    {
        var reader = TLSHelloReader(expecting: expecting)
        var verdict = TLSHelloReader.Verdict.needMoreBytes
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + chunk)
            verdict = Array(bytes[start..<end]).withUnsafeBytes { reader.feed($0) }
            start = end
        }
        return verdict
    }

    @Test("record header of the vector")
    func recordHeader() {
        // Body 147 bytes (2 + 32 + 33 + 6 + 2 + 2 + extensions 70), handshake 151 = 0x97.
        #expect(Array(TLSTestBytes.clientHello.prefix(6)) == [0x16, 0x03, 0x01, 0x00, 0x97, 0x01])
    }

    @Test("ClientHello: whole value at every chunk size")
    func everyChunkSize() {
        for chunk in 1...TLSTestBytes.clientHello.count {
            #expect(Self.feed(TLSTestBytes.clientHello, chunk: chunk) == .clientHello(Self.expected), "chunk \(chunk)")
        }
    }

    @Test("ClientHello split over several records, at every chunk size", arguments: [1, 7, 50])
    func splitRecords(recordSize: Int) {
        let bytes = TLSTestBytes.records(
            type: 1,
            body: TLSTestBytes.clientHelloBody(
                sni: "XMR-EU1.Nanopool.org",
                alpn: ["h2", "http/1.1"],
                versions: [0x0A0A, 0x0304, 0x0303]
            ),
            recordSize: recordSize
        )
        for chunk in [1, 2, 3, 5, 13, 64, bytes.count] {
            #expect(Self.feed(bytes, chunk: chunk) == .clientHello(Self.expected), "chunk \(chunk)")
        }
    }

    @Test("ClientHello without extensions")
    func noExtensions() {
        let body =
            TLSTestBytes.u16(0x0301) + [UInt8](repeating: 0, count: 32) + [0] + TLSTestBytes.u16(2)
            + TLSTestBytes.u16(0x002F) + [1, 0]
        let bytes = TLSTestBytes.records(type: 1, body: body)
        #expect(Self.feed(bytes, chunk: 4) == .clientHello(TLSClientHello(legacyVersion: 0x0301)))
    }

    @Test("ServerHello confirms TLS 1.3")
    func serverHello() {
        let bytes = TLSTestBytes.records(type: 2, body: TLSTestBytes.serverHelloBody)
        for chunk in [1, 9, bytes.count] {
            let verdict = Self.feed(bytes, chunk: chunk, expecting: .serverHello)
            #expect(
                verdict
                    == .serverHello(TLSServerHello(legacyVersion: 0x0303, selectedVersion: 0x0304, cipherSuite: 0x1301))
            )
        }
    }

    @Test(
        "non-TLS is rejected from its first bytes",
        arguments: [
            ("GET / HTTP/1.1\r\n", TLSError.notHandshakeRecord(at: 0)),
            ("{\"id\":1,\"method\":\"login\"}\n", TLSError.notHandshakeRecord(at: 0)),
            ("\u{16}\u{02}\u{00}", TLSError.badRecordVersion(at: 1)),
            ("\u{16}\u{03}\u{09}", TLSError.badRecordVersion(at: 2)),
        ]
    )
    func rejectsNonTLS(text: String, error: TLSError) {
        #expect(Self.feed(Array(text.utf8), chunk: 1) == .notTLS(error))
    }

    @Test("a ClientHello where a ServerHello is expected")
    func wrongType() {
        #expect(
            Self.feed(TLSTestBytes.clientHello, chunk: 100, expecting: .serverHello)
                == .notTLS(.wrongHandshakeType(at: 5))
        )
    }

    @Test("a hello longer than the limit is refused and counted")
    func helloLimit() {
        var reader = TLSHelloReader(expecting: .clientHello, limits: TLSLimits(maximumHelloLength: 64))
        let verdict = TLSTestBytes.clientHello.withUnsafeBytes { reader.feed($0) }
        #expect(verdict == .notTLS(.tooLong(at: 3)))
        #expect(reader.limitsHit == [TLSLimits.Name.helloLength: 1])
    }

    @Test("a length running past its container is malformed, with position")
    func malformed() {
        var body = TLSTestBytes.clientHelloBody(sni: "a.b", alpn: [], versions: [])
        body[34] = 0xFF  // session id length beyond the body
        let verdict = Self.feed(TLSTestBytes.records(type: 1, body: body), chunk: 1000)
        #expect(verdict == .notTLS(.malformed(at: 43)))
    }

    @Test("seeded random mutations never crash", arguments: [11 as UInt64, 12, 13])
    func mutations(seed: UInt64) {
        var rng = IndicatorsRNG(seed: seed)
        var read = 0
        for _ in 0..<3_000 {
            let mutated = indicatorsMutate(TLSTestBytes.clientHello, count: 1 + Int(rng.next() % 3), using: &rng)
            if case .clientHello = Self.feed(mutated, chunk: 1 + Int(rng.next() % 40)) { read += 1 }
        }
        #expect(read > 0)
    }
}
