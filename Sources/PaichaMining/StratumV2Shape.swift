public import PaichaCore

/// Bounds for the Stratum V2 shape detector; each is counted when hit.
public struct StratumV2ShapeLimits: Hashable, Sendable {
    /// The most bytes buffered per direction while waiting for a whole plain SetupConnection frame.
    public var maximumBufferedBytes: Int

    public init(maximumBufferedBytes: Int = 4096) {
        self.maximumBufferedBytes = maximumBufferedBytes
    }

    /// Names of the limits, as used in `limitsHit` counters.
    public enum Name {
        /// `StratumV2ShapeLimits.maximumBufferedBytes`.
        public static let bufferedBytes = "StratumV2ShapeLimits.maximumBufferedBytes"
    }
}

/// A Stratum V2 verdict for one connection.
public struct StratumV2Verdict: Hashable, Sendable {
    /// `confirmed` for a plain SetupConnection with the mining protocol; `likely` for the Noise handshake shape.
    public var confidence: Confidence
    /// Why, in one sentence.
    public var reason: String
    /// Whether the connection is encrypted (Noise NX) rather than plain frames.
    public var encrypted: Bool

    public init(confidence: Confidence, reason: String, encrypted: Bool) {
        self.confidence = confidence
        self.reason = reason
        self.encrypted = encrypted
    }
}

/// Recognises Stratum V2 by shape, fed the first segments of each direction of one TCP connection.
///
/// Encrypted (sv2-spec §4.5): the initiator's first flight is exactly the 64-byte ElligatorSwift ephemeral
/// key; the responder answers with exactly 64 (ephemeral key) + 64 + 16 (encrypted static key + MAC) +
/// 74 + 16 (encrypted SIGNATURE_NOISE_MESSAGE + MAC) = 234 bytes; then the initiator sends encrypted
/// frames of at least 22 (header ciphertext) + 16 (payload MAC) bytes. Plain (§3): a 6-byte frame header
/// (extension_type u16 LE, msg_type u8, msg_length u24 LE) with SetupConnection (0x00) first.
public struct StratumV2ShapeDetector: Sendable {
    /// Size of the initiator's Noise act 1 (ElligatorSwift public key).
    public static let initiatorHandshakeSize = 64
    /// Size of the responder's Noise act 2: ephemeral key, encrypted static key + MAC, signature message + MAC.
    public static let responderHandshakeSize = 64 + (64 + 16) + (74 + 16)
    /// Smallest encrypted frame: the 22-byte encrypted header plus a 16-byte MAC over the payload.
    public static let minimumEncryptedFrame = 22 + 16
    /// Ports Stratum V2 pools and template providers commonly use.
    public static let typicalPorts: Set<UInt16> = [3336, 34254]
    /// A random-looking 64-byte key has many distinct byte values (about 56 on average); text has few.
    public static let minimumDistinctKeyBytes = 40

    private enum State: Sendable {
        /// Nothing decided; counting flights.
        case watching
        /// Decided (or ruled out: `nil`).
        case finished(StratumV2Verdict?)
    }

    /// The limits in force.
    public let limits: StratumV2ShapeLimits
    /// Limits hit, by name.
    public private(set) var limitsHit: [String: Int] = [:]
    /// The responder port, for the reason text.
    public let responderPort: UInt16?
    private var state: State = .watching
    private var initiator: [UInt8] = []
    private var responder: [UInt8] = []
    /// Flights: the bytes a side sent before the other side spoke again.
    private var initiatorFlights: [Int] = []
    private var responderFlights: [Int] = []
    private var lastDirection: FlowDirection? = nil

    /// Makes a detector for one connection.
    public init(responderPort: UInt16? = nil, limits: StratumV2ShapeLimits = StratumV2ShapeLimits()) {
        self.responderPort = responderPort
        self.limits = limits
    }

    /// The verdict so far: `nil` while undecided or when ruled out.
    public var verdict: StratumV2Verdict? {
        if case .finished(let verdict) = self.state { return verdict }
        return nil
    }

    /// Whether the detector has decided (either way) and needs no more bytes.
    public var isFinished: Bool {
        if case .finished = self.state { return true }
        return false
    }

    /// Adds the next segment of `direction` and returns the verdict if one was reached.
    @discardableResult
    public mutating func feed(_ bytes: UnsafeRawBufferPointer, direction: FlowDirection) -> StratumV2Verdict? {
        guard case .watching = self.state, !bytes.isEmpty else { return self.verdict }
        if self.lastDirection != direction {
            switch direction {
            case .originatorToResponder: self.initiatorFlights.append(0)
            case .responderToOriginator: self.responderFlights.append(0)
            }
            self.lastDirection = direction
        }
        switch direction {
        case .originatorToResponder:
            self.initiatorFlights[self.initiatorFlights.count - 1] += bytes.count
            Self.keep(bytes, in: &self.initiator, limit: self.limits.maximumBufferedBytes, limitsHit: &self.limitsHit)
        case .responderToOriginator:
            self.responderFlights[self.responderFlights.count - 1] += bytes.count
            Self.keep(bytes, in: &self.responder, limit: self.limits.maximumBufferedBytes, limitsHit: &self.limitsHit)
        }
        self.parseStep()
        return self.verdict
    }

    private static func keep(
        _ bytes: UnsafeRawBufferPointer,
        in buffer: inout [UInt8],
        limit: Int,
        limitsHit: inout [String: Int]
    ) {
        let room = limit - buffer.count
        if bytes.count > room { limitsHit[StratumV2ShapeLimits.Name.bufferedBytes, default: 0] += 1 }
        buffer.append(contentsOf: bytes.prefix(max(0, room)))
    }

    private mutating func parseStep() {
        // Plain frames first: they decide from the initiator's bytes alone.
        let plain = self.initiator.withUnsafeBytes { Self.plainSetupConnection($0) }
        do {
            switch plain {
            case .needMore:
                break
            case .notPlain:
                if let noise = self.noiseStep() { self.state = .finished(noise.verdict) }
            case .setupConnection(let protocolNumber, let minVersion, let maxVersion, let host):
                let mining = protocolNumber == 0
                self.state = .finished(
                    StratumV2Verdict(
                        confidence: mining ? .confirmed : .likely,
                        reason: "plain Stratum V2 SetupConnection (protocol \(protocolNumber)"
                            + "\(mining ? " = mining" : ""), versions \(minVersion)…\(maxVersion), endpoint \"\(host)\")",
                        encrypted: false
                    )
                )
            }
        }
    }

    private enum NoiseStep {
        case decided(StratumV2Verdict?)
        var verdict: StratumV2Verdict? {
            switch self {
            case .decided(let verdict): verdict
            }
        }
    }

    /// Ends the connection: a complete 64 / 234-byte handshake with no later frame is still `likely`.
    @discardableResult
    public mutating func finish() -> StratumV2Verdict? {
        guard case .watching = self.state else { return self.verdict }
        if self.initiatorFlights == [Self.initiatorHandshakeSize],
            self.responderFlights == [Self.responderHandshakeSize], self.keysLookRandom
        {
            self.state = .finished(
                StratumV2Verdict(
                    confidence: .likely,
                    reason: "Stratum V2 Noise NX handshake shape: 64-byte ElligatorSwift key, 234-byte reply "
                        + "(64 + 80 + 90), connection ended before encrypted frames" + self.portNote,
                    encrypted: true
                )
            )
        } else {
            self.state = .finished(nil)
        }
        return self.verdict
    }

    private var keysLookRandom: Bool {
        Self.distinctBytes(self.initiator.prefix(64)) >= Self.minimumDistinctKeyBytes
            && Self.distinctBytes(self.responder.prefix(64)) >= Self.minimumDistinctKeyBytes
    }

    private var portNote: String {
        self.responderPort.map {
            Self.typicalPorts.contains($0) ? "; port \($0) is a typical Stratum V2 port" : "; port \($0)"
        } ?? ""
    }

    /// Judges the Noise NX flight sizes; `nil` while undecided.
    private func noiseStep() -> NoiseStep? {
        guard let first = self.initiatorFlights.first else { return nil }
        // The initiator must not exceed 64 bytes before the responder speaks.
        if first > Self.initiatorHandshakeSize { return .decided(nil) }
        guard self.responderFlights.count >= 1 else { return nil }
        guard first == Self.initiatorHandshakeSize else { return .decided(nil) }
        let reply = self.responderFlights[0]
        if reply > Self.responderHandshakeSize { return .decided(nil) }
        guard self.initiatorFlights.count >= 2 else { return nil }
        guard reply == Self.responderHandshakeSize, self.initiatorFlights[1] >= Self.minimumEncryptedFrame else {
            return .decided(nil)
        }
        guard self.keysLookRandom else { return .decided(nil) }
        let portNote = self.portNote
        return .decided(
            StratumV2Verdict(
                confidence: .likely,
                reason: "Stratum V2 Noise NX handshake shape: 64-byte ElligatorSwift key, 234-byte reply "
                    + "(64 + 80 + 90), then encrypted frames of \(self.initiatorFlights[1]) bytes" + portNote,
                encrypted: true
            )
        )
    }

    private static func distinctBytes(_ bytes: ArraySlice<UInt8>) -> Int {
        var seen = [Bool](repeating: false, count: 256)
        var count = 0
        for byte in bytes where !seen[Int(byte)] {
            seen[Int(byte)] = true
            count += 1
        }
        return count
    }

    // MARK: - Plain frames

    /// A plain SV2 frame header.
    struct FrameHeader {
        var extensionType: UInt16
        var messageType: UInt8
        var length: Int
    }

    static func frameHeader(_ bytes: UnsafeRawBufferPointer) -> FrameHeader? {
        var reader = ByteReader(bytes)
        guard let extensionType = reader.readInteger(endianness: .little, as: UInt16.self),
            let messageType = reader.readInteger(as: UInt8.self),
            let low = reader.readInteger(endianness: .little, as: UInt16.self),
            let high = reader.readInteger(as: UInt8.self)
        else { return nil }
        return FrameHeader(extensionType: extensionType, messageType: messageType, length: Int(high) << 16 | Int(low))
    }

    enum PlainResult {
        case needMore
        case notPlain
        case setupConnection(protocol: UInt8, minVersion: UInt16, maxVersion: UInt16, host: String)
    }

    /// Reads a plain SetupConnection (extension 0, msg_type 0x00) from the start of the initiator's bytes.
    static func plainSetupConnection(_ bytes: UnsafeRawBufferPointer) -> PlainResult {
        guard let header = frameHeader(bytes) else {
            // Decide early from the first bytes: SetupConnection starts 00 00 00 (extension 0, type 0).
            return bytes.prefix(3).allSatisfy({ $0 == 0 }) ? .needMore : .notPlain
        }
        // extension_type 0 (the channel_msg bit 0x8000 is not set for SetupConnection), msg_type 0.
        // Fields: protocol u8, min/max version u16, flags u32, endpoint_host STR0_255, port u16,
        // vendor, hardware_version, firmware, device_id STR0_255: at least 1+2+2+4+1+2+1+1+1+1 = 16 bytes.
        guard header.extensionType == 0, header.messageType == 0x00, (16...1300).contains(header.length) else {
            return .notPlain
        }
        var reader = ByteReader(bytes)
        reader.skip(6)
        guard let payload = reader.readSlice(length: header.length) else { return .needMore }
        var fields = ByteReader(payload)
        guard let protocolNumber = fields.readInteger(as: UInt8.self), protocolNumber <= 3,
            let minVersion = fields.readInteger(endianness: .little, as: UInt16.self),
            let maxVersion = fields.readInteger(endianness: .little, as: UInt16.self),
            minVersion <= maxVersion, maxVersion >= 2, minVersion <= 2,
            fields.skip(4),
            let host = fields.readLengthPrefixedSlice(as: UInt8.self),
            fields.skip(2),
            fields.readLengthPrefixedSlice(as: UInt8.self) != nil,
            fields.readLengthPrefixedSlice(as: UInt8.self) != nil,
            fields.readLengthPrefixedSlice(as: UInt8.self) != nil,
            fields.readLengthPrefixedSlice(as: UInt8.self) != nil,
            fields.readableBytes == 0
        else { return .notPlain }
        return .setupConnection(
            protocol: protocolNumber,
            minVersion: minVersion,
            maxVersion: maxVersion,
            host: TLSClientHello.lowercasedASCII(host)
        )
    }
}
