import PaichaCore
import PaichaMining
import Testing

@Suite("Node P2P")
struct NodeP2PTests {
    static func recognise(_ bytes: [UInt8], ports: (UInt16, UInt16)? = nil) -> NodeP2PMatch? {
        bytes.withUnsafeBytes { raw in
            NodeP2P.recogniseTCP(raw, ports: ports.map { (source: $0.0, destination: $0.1) })
        }
    }

    /// First 24 bytes of frame 1 of ndpi-bitcoin-node-p2p.pcap (read with tshark).
    static let bitcoinVersion = indicatorsHex("f9beb4d9 76657273696f6e0000000000 55000000 017d0000")

    @Test("Bitcoin version header: whole value")
    func bitcoinVersion() {
        #expect(
            Self.recognise(Self.bitcoinVersion)
                == NodeP2PMatch(
                    network: .bitcoin,
                    message: "version",
                    confidence: .confirmed,
                    reason: "bitcoin P2P message header: magic f9beb4d9, command \"version\", payload 85 bytes"
                )
        )
    }

    @Test(
        "other Bitcoin-family magics",
        arguments: [
            ("0b110907", NodeNetwork.bitcoinTestnet), ("0a03cf40", .bitcoinSignet), ("fabfb5da", .bitcoinRegtest),
            ("e3e1f3e8", .bitcoinCash), ("fbc0b6db", .litecoin), ("c0c0c0c0", .dogecoin),
        ]
    )
    func magics(magic: String, network: NodeNetwork) {
        let bytes = indicatorsHex(magic + "76657261636b000000000000 00000000 5df6e0e2")
        #expect(Self.recognise(bytes)?.network == network)
        #expect(Self.recognise(bytes)?.message == "verack")
    }

    @Test(
        "bad commands and lengths are refused",
        arguments: [
            "f9beb4d9 56455253494f4e0000000000 55000000 017d0000",  // upper case
            "f9beb4d9 7665720073696f6e00000000 55000000 017d0000",  // byte after NUL
            "f9beb4d9 000000000000000000000000 55000000 017d0000",  // empty
            "f9beb4d9 76657273696f6e0000000000 00000010 017d0000",  // 256 MiB payload
            "f9beb4d9 76657273696f6e0000000000 550000",  // short
            "f9beb4d8 76657273696f6e0000000000 55000000 017d0000",  // unknown magic
        ]
    )
    func refused(hex: String) {
        #expect(Self.recognise(indicatorsHex(hex)) == nil)
    }

    /// First 33 bytes of frame 4 of ndpi-monero-node-p2p.pcap.
    static let levinHandshake = indicatorsHex(
        "0121010101010101 0601000000000000 01 e9030000 00000000 01000000 01000000"
    )

    @Test("Monero Levin handshake: whole value")
    func levin() {
        #expect(
            Self.recognise(Self.levinHandshake)
                == NodeP2PMatch(
                    network: .monero,
                    message: "1001 handshake",
                    confidence: .confirmed,
                    reason: "Monero Levin header: signature 0x0101010101012101, command 1001 handshake, "
                        + "body 262 bytes, flags 1, protocol version 1"
                )
        )
        var badCommand = Self.levinHandshake
        badCommand[17] = 0x00  // command 1000
        #expect(Self.recognise(badCommand) == nil)
        #expect(Self.recognise(Array(Self.levinHandshake.prefix(32))) == nil)
    }

    /// The UDP payload of frame 1 of ndpi-ethereum-node-p2p.pcap: a discovery v4 ping.
    static let discoveryPing = indicatorsHex(
        """
        1cccace90dbd00ea76d6bc296520d71118d36c8ce1c0da61d22742e640a457f1439e13943ff18c642f694358a4638b4a7e05
        6885125d0d5fe385d637264350f277e34e37929c6ec8c65cdbc752f6b713240030944c3e967d15c5bb3cf4dff21f0001dd04
        cb847f00000182765f82765fc9844f16cebd82e9f780845e16205e05
        """
    )

    @Test("Ethereum discovery v4: the keccak256 hash is checked")
    func discovery() {
        #expect(Self.discoveryPing.count == 128)
        let match = Self.discoveryPing.withUnsafeBytes { NodeP2P.discoveryV4($0) }
        #expect(
            match
                == NodeP2PMatch(
                    network: .ethereum,
                    message: "ping",
                    confidence: .confirmed,
                    reason: "Ethereum discovery v4 ping: keccak256(signature‖type‖data) equals the packet hash"
                )
        )
        for index in [0, 31, 32, 96, 127] {
            var changed = Self.discoveryPing
            changed[index] ^= 0x01
            #expect(changed.withUnsafeBytes { NodeP2P.discoveryV4($0) } == nil, "byte \(index)")
        }
    }

    @Test("RLPx handshake by shape, only on port 30303")
    func rlpx() {
        var eip8 = [UInt8](repeating: 0x5A, count: 495)
        eip8[0] = 0x01
        eip8[1] = 0xED
        eip8[2] = 0x04
        #expect(Self.recognise(eip8, ports: (56615, 30303))?.confidence == .likely)
        #expect(Self.recognise(eip8, ports: (56615, 443)) == nil)
        #expect(Self.recognise(eip8) == nil)
        var legacy = [UInt8](repeating: 0x33, count: 307)
        legacy[0] = 0x04
        #expect(Self.recognise(legacy, ports: (30303, 50000))?.message == "rlpx auth")
        eip8[1] = 0xEE
        #expect(Self.recognise(eip8, ports: (56615, 30303)) == nil)
    }

    @Test("seeded random mutations never crash", arguments: [31 as UInt64, 32])
    func mutations(seed: UInt64) {
        var rng = IndicatorsRNG(seed: seed)
        for _ in 0..<3_000 {
            for base in [Self.bitcoinVersion, Self.levinHandshake, Self.discoveryPing] {
                let bytes = indicatorsMutate(base, count: 1 + Int(rng.next() % 3), using: &rng)
                _ = Self.recognise(bytes, ports: (30303, 1))
                _ = bytes.withUnsafeBytes { NodeP2P.discoveryV4($0) }
            }
        }
    }
}
