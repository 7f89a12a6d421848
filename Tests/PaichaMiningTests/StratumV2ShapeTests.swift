import PaichaCore
import PaichaMining
import Testing

@Suite("Stratum V2 shape")
struct StratumV2ShapeTests {
    /// Plain SetupConnection: header (extension 0, type 0x00, length 37), protocol 0 (mining), versions 2…2,
    /// flags 1, endpoint "10.0.0.1":3336, vendor "Bitmain", hardware "S19", firmware "", device "xyz".
    static let setupConnection = indicatorsHex(
        """
        0000 00 250000
        00 0200 0200 01000000 08 31302e302e302e31 080d 07 4269746d61696e 03 533139 00 03 78797a
        """
    )

    static func random(_ count: Int, seed: UInt64) -> [UInt8] {
        var rng = IndicatorsRNG(seed: seed)
        return (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
    }

    static func run(_ segments: [(FlowDirection, [UInt8])], port: UInt16? = 3336) -> (StratumV2Verdict?, Bool) {
        var detector = StratumV2ShapeDetector(responderPort: port)
        for (direction, bytes) in segments {
            bytes.withUnsafeBytes { _ = detector.feed($0, direction: direction) }
        }
        return (detector.verdict, detector.isFinished)
    }

    @Test("the responder's handshake size computed from the spec")
    func sizes() {
        #expect(StratumV2ShapeDetector.initiatorHandshakeSize == 64)
        #expect(StratumV2ShapeDetector.responderHandshakeSize == 234)
    }

    @Test("plain SetupConnection with the mining protocol is confirmed, at every chunk size")
    func plainEveryChunk() {
        let expected = StratumV2Verdict(
            confidence: .confirmed,
            reason: "plain Stratum V2 SetupConnection (protocol 0 = mining, versions 2…2, endpoint \"10.0.0.1\")",
            encrypted: false
        )
        for chunk in 1...Self.setupConnection.count {
            var segments: [(FlowDirection, [UInt8])] = []
            var start = 0
            while start < Self.setupConnection.count {
                let end = min(Self.setupConnection.count, start + chunk)
                segments.append((.originatorToResponder, Array(Self.setupConnection[start..<end])))
                start = end
            }
            let (verdict, finished) = Self.run(segments)
            #expect(verdict == expected, "chunk \(chunk)")
            #expect(finished)
        }
    }

    @Test("plain SetupConnection for another protocol is only likely")
    func plainOtherProtocol() {
        var bytes = Self.setupConnection
        bytes[6] = 2  // Template Distribution
        let (verdict, _) = Self.run([(.originatorToResponder, bytes)])
        #expect(verdict?.confidence == .likely)
    }

    static func noise(initiator: Int = 64, responder: Int = 234, next: Int = 22 + 16 + 50) -> [(FlowDirection, [UInt8])]
    {
        let reply = random(responder, seed: 2)
        return [
            (.originatorToResponder, random(initiator, seed: 1)),
            (.responderToOriginator, Array(reply.prefix(100))),
            (.responderToOriginator, Array(reply.dropFirst(100))),
            (.originatorToResponder, random(next, seed: 3)),
        ]
    }

    @Test("Noise NX handshake shape is likely, with the reason")
    func noiseShape() {
        let (verdict, finished) = Self.run(Self.noise())
        #expect(
            verdict
                == StratumV2Verdict(
                    confidence: .likely,
                    reason: "Stratum V2 Noise NX handshake shape: 64-byte ElligatorSwift key, 234-byte reply "
                        + "(64 + 80 + 90), then encrypted frames of 88 bytes; port 3336 is a typical Stratum V2 port",
                    encrypted: true
                )
        )
        #expect(finished)
    }

    @Test("a handshake with no later frame is decided at finish()")
    func finishAfterHandshake() {
        var detector = StratumV2ShapeDetector(responderPort: 34254)
        for (direction, bytes) in Self.noise().prefix(3) {
            bytes.withUnsafeBytes { _ = detector.feed($0, direction: direction) }
        }
        #expect(!detector.isFinished)
        #expect(
            detector.finish()
                == StratumV2Verdict(
                    confidence: .likely,
                    reason: "Stratum V2 Noise NX handshake shape: 64-byte ElligatorSwift key, 234-byte reply "
                        + "(64 + 80 + 90), connection ended before encrypted frames; port 34254 is a typical Stratum V2 port",
                    encrypted: true
                )
        )
        var short = StratumV2ShapeDetector()
        Self.random(64, seed: 9).withUnsafeBytes { _ = short.feed($0, direction: .originatorToResponder) }
        #expect(short.finish() == nil)
        #expect(short.isFinished)
    }

    @Test(
        "wrong flight sizes rule the shape out",
        arguments: [(65, 234, 88), (63, 234, 88), (64, 233, 88), (64, 235, 88), (64, 234, 37)]
    )
    func wrongSizes(initiator: Int, responder: Int, next: Int) {
        let (verdict, finished) = Self.run(Self.noise(initiator: initiator, responder: responder, next: next))
        #expect(verdict == nil)
        #expect(finished)
    }

    @Test("low-entropy keys of the right sizes are not a Noise handshake")
    func lowEntropy() {
        let segments: [(FlowDirection, [UInt8])] = [
            (.originatorToResponder, [UInt8](repeating: 0x41, count: 64)),
            (.responderToOriginator, [UInt8](repeating: 0x42, count: 234)),
            (.originatorToResponder, [UInt8](repeating: 0x43, count: 88)),
        ]
        #expect(Self.run(segments).0 == nil)
    }

    @Test("a TLS ClientHello or a JSON line is ruled out")
    func otherProtocols() {
        #expect(Self.run([(.originatorToResponder, TLSTestBytes.clientHello)]) == (nil, true))
        let json = Array("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}\n".utf8)
        // 50 bytes could still be the start of a 64-byte key: undecided until the responder speaks.
        #expect(Self.run([(.originatorToResponder, json)]) == (nil, false))
        #expect(
            Self.run([(.originatorToResponder, json), (.responderToOriginator, Array("{}\n".utf8))]) == (nil, true)
        )
    }

    @Test("seeded random segments never crash", arguments: [21 as UInt64, 22])
    func mutations(seed: UInt64) {
        var rng = IndicatorsRNG(seed: seed)
        for _ in 0..<2_000 {
            var detector = StratumV2ShapeDetector(limits: StratumV2ShapeLimits(maximumBufferedBytes: 128))
            for _ in 0..<(1 + rng.next() % 6) {
                let base =
                    rng.next() % 2 == 0 ? Self.setupConnection : Self.random(Int(rng.next() % 300), seed: rng.next())
                let bytes = indicatorsMutate(base, count: Int(rng.next() % 3), using: &rng)
                let direction: FlowDirection = rng.next() % 2 == 0 ? .originatorToResponder : .responderToOriginator
                bytes.withUnsafeBytes { _ = detector.feed($0, direction: direction) }
            }
        }
    }
}
