public import PaichaCore

/// The cryptocurrency node networks `NodeP2P` recognises (nodes, never miners).
public enum NodeNetwork: String, Sendable, Hashable, Codable, CaseIterable {
    /// Bitcoin mainnet (magic f9beb4d9).
    case bitcoin
    /// Bitcoin testnet3 (0b110907).
    case bitcoinTestnet = "bitcoin-testnet"
    /// Bitcoin signet (0a03cf40).
    case bitcoinSignet = "bitcoin-signet"
    /// Bitcoin regtest (fabfb5da).
    case bitcoinRegtest = "bitcoin-regtest"
    /// Bitcoin Cash mainnet (e3e1f3e8).
    case bitcoinCash = "bitcoin-cash"
    /// Litecoin mainnet (fbc0b6db).
    case litecoin
    /// Dogecoin mainnet (c0c0c0c0).
    case dogecoin
    /// Monero (Levin, 0x0101010101012101).
    case monero
    /// Ethereum devp2p (discovery v4 over UDP, RLPx over TCP).
    case ethereum

    /// The finding kind, dotted (`node.bitcoin`).
    public var kind: String { "node." + self.rawValue }
}

/// What `NodeP2P` recognised in a payload, with how sure and why.
public struct NodeP2PMatch: Hashable, Sendable {
    /// The network.
    public var network: NodeNetwork
    /// The message or packet name (`version`, `1001 handshake`, `ping`, `rlpx auth`).
    public var message: String
    /// `confirmed` for checked structure (magic + command, Levin header, discovery hash), `likely` for RLPx by size.
    public var confidence: Confidence
    /// Why, in one sentence.
    public var reason: String

    public init(network: NodeNetwork, message: String, confidence: Confidence, reason: String) {
        self.network = network
        self.message = message
        self.confidence = confidence
        self.reason = reason
    }
}

/// Bounds for node recognition; the header checks reject anything larger.
public struct NodeP2PLimits: Hashable, Sendable {
    /// The largest Bitcoin-family payload length accepted in a header (Bitcoin Core: 32 MiB).
    public var maximumBitcoinPayload: UInt32
    /// The largest Levin body length accepted (monerod: 100 MB for a whole packet).
    public var maximumLevinBody: UInt64
    /// The largest discovery v4 packet (the spec's 1280 bytes).
    public var maximumDiscoveryPacket: Int

    public init(
        maximumBitcoinPayload: UInt32 = 32 * 1024 * 1024,
        maximumLevinBody: UInt64 = 100_000_000,
        maximumDiscoveryPacket: Int = 1280
    ) {
        self.maximumBitcoinPayload = maximumBitcoinPayload
        self.maximumLevinBody = maximumLevinBody
        self.maximumDiscoveryPacket = maximumDiscoveryPacket
    }
}

/// Recognises cryptocurrency node P2P traffic from the first payload of a direction.
public enum NodeP2P {
    /// Bitcoin-family network magics, in wire order, read as a big-endian `UInt32`.
    public static let magics: [(magic: UInt32, network: NodeNetwork)] = [
        (0xF9BE_B4D9, .bitcoin), (0x0B11_0907, .bitcoinTestnet), (0x0A03_CF40, .bitcoinSignet),
        (0xFABF_B5DA, .bitcoinRegtest), (0xE3E1_F3E8, .bitcoinCash), (0xFBC0_B6DB, .litecoin),
        (0xC0C0_C0C0, .dogecoin),
    ]

    /// The Levin signature 0x0101010101012101 (stored little-endian).
    public static let levinSignature: UInt64 = 0x0101_0101_0101_2101

    /// Levin command ids and their names (monerod `p2p_protocol_defs.h`, `cryptonote_protocol_defs.h`).
    public static let levinCommandNames: [UInt32: String] = [
        1001: "handshake", 1002: "timed_sync", 1003: "ping", 1004: "stat_info", 1005: "network_state",
        1006: "peer_id", 1007: "support_flags", 2001: "new_block", 2002: "new_transactions",
        2003: "request_get_objects", 2004: "response_get_objects", 2006: "request_chain",
        2007: "response_chain_entry", 2008: "new_fluffy_block", 2009: "request_fluffy_missing_tx",
        2010: "get_txpool_complement",
    ]

    /// The default RLPx TCP / discovery UDP port.
    public static let ethereumPort: UInt16 = 30303

    /// Recognises the first bytes of a TCP direction (Bitcoin family, Levin, or RLPx on `ports`).
    public static func recogniseTCP(
        _ bytes: UnsafeRawBufferPointer,
        ports: (source: UInt16, destination: UInt16)? = nil,
        limits: NodeP2PLimits = NodeP2PLimits()
    ) -> NodeP2PMatch? {
        if let match = bitcoinHeader(bytes, limits: limits) { return match }
        if let match = levinHeader(bytes, limits: limits) { return match }
        if let ports, ports.source == ethereumPort || ports.destination == ethereumPort {
            return rlpxHandshake(bytes)
        }
        return nil
    }

    /// A Bitcoin-family message header: known magic, NUL-padded lower-case ASCII command, bounded length.
    public static func bitcoinHeader(
        _ bytes: UnsafeRawBufferPointer,
        limits: NodeP2PLimits = NodeP2PLimits()
    )
        -> NodeP2PMatch?
    {
        var reader = ByteReader(bytes)
        guard let magic = reader.readInteger(endianness: .big, as: UInt32.self),
            let network = magics.first(where: { $0.magic == magic })?.network,
            let command = reader.readSlice(length: 12),
            let length = reader.readInteger(endianness: .little, as: UInt32.self),
            reader.skip(4),
            length <= limits.maximumBitcoinPayload
        else { return nil }
        var name: [UInt8] = []
        var ended = false
        for byte in command {
            if byte == 0 {
                ended = true
            } else if ended {
                return nil
            } else if (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            {
                name.append(byte)
            } else {
                return nil
            }
        }
        guard !name.isEmpty else { return nil }
        let text = String(decoding: name, as: UTF8.self)
        return NodeP2PMatch(
            network: network,
            message: text,
            confidence: .confirmed,
            reason:
                "\(network.rawValue) P2P message header: magic \(hex8(magic)), command \"\(text)\", payload \(length) bytes"
        )
    }

    private static func hex8(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }

    /// A Monero Levin header: signature, body length, command id 1001… (P2P) or 2001… (protocol).
    public static func levinHeader(
        _ bytes: UnsafeRawBufferPointer,
        limits: NodeP2PLimits = NodeP2PLimits()
    )
        -> NodeP2PMatch?
    {
        var reader = ByteReader(bytes)
        guard let signature = reader.readInteger(endianness: .little, as: UInt64.self), signature == levinSignature,
            let bodyLength = reader.readInteger(endianness: .little, as: UInt64.self),
            bodyLength <= limits.maximumLevinBody,
            let haveToReturn = reader.readInteger(as: UInt8.self), haveToReturn <= 1,
            let command = reader.readInteger(endianness: .little, as: UInt32.self),
            (1001...1010).contains(command) || (2001...2012).contains(command),
            reader.skip(4),
            let flags = reader.readInteger(endianness: .little, as: UInt32.self),
            let version = reader.readInteger(endianness: .little, as: UInt32.self)
        else { return nil }
        let message = "\(command) \(levinCommandNames[command] ?? "unknown")"
        return NodeP2PMatch(
            network: .monero,
            message: message,
            confidence: .confirmed,
            reason: "Monero Levin header: signature 0x0101010101012101, command \(message), "
                + "body \(bodyLength) bytes, flags \(flags), protocol version \(version)"
        )
    }

    /// An Ethereum discovery v4 packet whose leading hash is keccak256 of the rest (a real check).
    public static func discoveryV4(
        _ bytes: UnsafeRawBufferPointer,
        limits: NodeP2PLimits = NodeP2PLimits()
    )
        -> NodeP2PMatch?
    {
        var reader = ByteReader(bytes)
        guard bytes.count <= limits.maximumDiscoveryPacket,
            let hash = reader.readSlice(length: 32),
            reader.readableBytes >= 65 + 1 + 1,
            let type = reader.getInteger(at: 32 + 65, as: UInt8.self),
            (1...6).contains(type)
        else { return nil }
        let computed = Keccak256.hash(reader.remaining)
        guard computed.elementsEqual(hash) else { return nil }
        let names = ["", "ping", "pong", "findnode", "neighbors", "enrrequest", "enrresponse"]
        return NodeP2PMatch(
            network: .ethereum,
            message: names[Int(type)],
            confidence: .confirmed,
            reason: "Ethereum discovery v4 \(names[Int(type)]): keccak256(signature‖type‖data) equals the packet hash"
        )
    }

    /// The first message of an RLPx connection by shape: EIP-8 size prefix with an ECIES body starting 0x04,
    /// or the 307-byte pre-EIP-8 auth / 210-byte ack. Encrypted: `likely` only.
    public static func rlpxHandshake(_ bytes: UnsafeRawBufferPointer) -> NodeP2PMatch? {
        var reader = ByteReader(bytes)
        // ECIES overhead: 65-byte public key + 16-byte IV + 32-byte MAC.
        let eciesOverhead = 113
        if let size = reader.readInteger(endianness: .big, as: UInt16.self), Int(size) == bytes.count - 2,
            Int(size) > eciesOverhead, reader.readInteger(as: UInt8.self) == 0x04
        {
            return NodeP2PMatch(
                network: .ethereum,
                message: "rlpx eip-8 handshake",
                confidence: .likely,
                reason: "port 30303 and an RLPx EIP-8 handshake shape: size prefix \(size) = rest, ECIES key 0x04"
            )
        }
        if bytes.count == 307 || bytes.count == 210, bytes.first == 0x04 {
            return NodeP2PMatch(
                network: .ethereum,
                message: bytes.count == 307 ? "rlpx auth" : "rlpx ack",
                confidence: .likely,
                reason: "port 30303 and a pre-EIP-8 RLPx \(bytes.count == 307 ? "auth" : "ack") of \(bytes.count) bytes"
            )
        }
        return nil
    }
}
