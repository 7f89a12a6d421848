import PaichaCore
import PaichaMining
import Testing

@Suite("DNS message")
struct DNSMessageTests {
    /// Response for `XMR.nanopool.org` A: CNAME → `xmr-eu1.nanopool.org` (compressed twice), two A records
    /// whose owner is a pointer to the CNAME target, and an MX record that is skipped.
    static let response: [UInt8] = indicatorsHex(
        """
        1234 8180 0001 0004 0000 0000
        03 584d52 08 6e616e6f706f6f6c 03 6f7267 00 0001 0001
        c00c 0005 0001 0000012c 000a 07 786d722d657531 c010
        c02e 0001 0001 0000003c 0004 01020304
        c02e 0001 0001 0000003c 0004 05060708
        c00c 000f 0001 0000003c 0004 000a c00c
        """
    )

    static let expected = DNSMessage(
        id: 0x1234,
        flags: 0x8180,
        questions: [DNSQuestion(name: "xmr.nanopool.org", type: 1, recordClass: 1)],
        answers: [
            DNSRecord(name: "xmr.nanopool.org", ttl: 300, data: .cname("xmr-eu1.nanopool.org")),
            DNSRecord(name: "xmr-eu1.nanopool.org", ttl: 60, data: .a(IPAddress("1.2.3.4")!)),
            DNSRecord(name: "xmr-eu1.nanopool.org", ttl: 60, data: .a(IPAddress("5.6.7.8")!)),
        ],
        skippedRecords: 1
    )

    static func parse(_ bytes: [UInt8], limits: DNSLimits = DNSLimits()) throws(DNSError) -> DNSMessage {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(DNSError) in try DNSMessage(udpPayload: raw, limits: limits) }
        }
        return try result.get()
    }

    static func error(_ bytes: [UInt8], limits: DNSLimits = DNSLimits()) -> DNSError? {
        do {
            _ = try parse(bytes, limits: limits)
            return nil
        } catch {
            return error
        }
    }

    @Test("compressed response with CNAME chain: whole message")
    func compressedResponse() throws {
        let message = try Self.parse(Self.response)
        #expect(message == Self.expected)
        #expect(message.isResponse)
        #expect(message.responseCode == 0)
    }

    @Test("resolution follows the CNAME chain to the final addresses")
    func resolution() throws {
        let (resolutions, hits) = try Self.parse(Self.response).resolutions()
        #expect(
            resolutions == [
                DNSResolution(
                    name: "xmr.nanopool.org",
                    chain: ["xmr-eu1.nanopool.org"],
                    addresses: [IPAddress("1.2.3.4")!, IPAddress("5.6.7.8")!]
                )
            ]
        )
        #expect(hits.isEmpty)
    }

    @Test("TCP form with the 2-byte length prefix")
    func tcpForm() throws {
        let framed = [UInt8(Self.response.count >> 8), UInt8(Self.response.count & 0xFF)] + Self.response
        func parseTCP(_ bytes: [UInt8]) -> Result<DNSMessage, DNSError> {
            bytes.withUnsafeBytes { raw in Result { () throws(DNSError) in try DNSMessage(tcpPayload: raw) } }
        }
        #expect(parseTCP(framed) == .success(Self.expected))
        #expect(parseTCP(Array(framed.dropLast())) == .failure(.lengthMismatch(at: 0)))
    }

    @Test("a CNAME loop in the answers stops at the loop and is counted")
    func cnameLoop() throws {
        // a.example CNAME b.example, b.example CNAME a.example.
        let bytes = indicatorsHex(
            """
            0001 8180 0001 0002 0000 0000
            01 61 07 6578616d706c65 00 0001 0001
            c00c 0005 0001 00000001 0004 01 62 c00e
            c027 0005 0001 00000001 0002 c00c
            """
        )
        let message = try Self.parse(bytes)
        #expect(
            message.answers == [
                DNSRecord(name: "a.example", ttl: 1, data: .cname("b.example")),
                DNSRecord(name: "b.example", ttl: 1, data: .cname("a.example")),
            ]
        )
        let (resolutions, hits) = message.resolutions()
        #expect(resolutions == [DNSResolution(name: "a.example", chain: ["b.example"], addresses: [])])
        #expect(hits == [DNSLimits.Name.cnameChain: 1])
    }

    @Test("a pointer to itself is a loop, with its byte position")
    func selfPointer() {
        let bytes = indicatorsHex("0001 0100 0001 0000 0000 0000 c00c 0001 0001")
        #expect(Self.error(bytes) == .pointerLoop(at: 12))
    }

    @Test("a forward pointer (two names pointing at each other) is refused")
    func forwardPointer() {
        // Name at 12: label "a" then pointer to 16, where a pointer goes back to 12.
        let bytes = indicatorsHex("0001 0100 0001 0000 0000 0000 01 61 c010 c00c 0001 0001")
        #expect(Self.error(bytes) == .pointerLoop(at: 14))
    }

    @Test("a pointer outside the message")
    func pointerOutside() {
        let bytes = indicatorsHex("0001 0100 0001 0000 0000 0000 01 61 c3ff 0001 0001")
        #expect(Self.error(bytes) == .badPointer(at: 14))
    }

    @Test("jump limit: two jumps allowed by default, refused with a limit of one")
    func jumpLimit() {
        #expect(Self.error(Self.response, limits: DNSLimits(maximumPointerJumps: 1)) == .pointerLoop(at: 54))
    }

    @Test("name length limit")
    func nameLength() {
        #expect(Self.error(Self.response, limits: DNSLimits(maximumNameLength: 10)) == .nameTooLong(at: 16))
    }

    @Test("reserved label type")
    func reservedLabel() {
        let bytes = indicatorsHex("0001 0100 0001 0000 0000 0000 41 61 00 0001 0001")
        #expect(Self.error(bytes) == .badLabelType(at: 12))
    }

    @Test("too many questions")
    func tooManyQuestions() {
        let bytes = indicatorsHex("0001 0100 0011 0000 0000 0000")
        #expect(Self.error(bytes) == .tooManyQuestions(at: 4))
    }

    @Test("record limit: answers beyond it are ignored and counted")
    func recordLimit() throws {
        let message = try Self.parse(Self.response, limits: DNSLimits(maximumRecords: 2))
        #expect(message.answers == Array(Self.expected.answers.prefix(2)))
        #expect(message.limitsHit == [DNSLimits.Name.records: 1])
    }

    @Test("every truncation is an error, never a crash or a partial success")
    func everyTruncation() {
        for length in 0..<Self.response.count {
            #expect(Self.error(Array(Self.response.prefix(length))) != nil, "prefix \(length)")
        }
    }

    @Test("seeded random mutations never crash", arguments: [1 as UInt64, 2, 3, 4])
    func mutations(seed: UInt64) {
        var rng = IndicatorsRNG(seed: seed)
        var parsed = 0
        for _ in 0..<5_000 {
            let mutated = indicatorsMutate(Self.response, count: 1 + Int(rng.next() % 4), using: &rng)
            if let message = try? Self.parse(mutated) {
                parsed += 1
                _ = message.resolutions()
            }
        }
        // Overwrites of TTLs and addresses keep the message valid: some parse, some do not.
        #expect(parsed > 0 && parsed < 5_000)
    }
}
