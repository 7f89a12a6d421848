import PaichaCore

/// Reads the first hello of one direction of a TCP stream, segment by segment.
///
/// Feed the direction's bytes in order with `feed(_:)`; the reader buffers at most
/// `TLSLimits.maximumHelloLength` bytes, gathers the handshake fragments of consecutive handshake
/// records, and stops at the first verdict. Non-TLS streams are rejected from their first 3 bytes.
public struct TLSHelloReader: Sendable {
    /// Which hello to expect.
    public enum Expecting: Sendable, Hashable {
        /// A ClientHello (handshake type 1), from the originator.
        case clientHello
        /// A ServerHello (handshake type 2), from the responder.
        case serverHello
    }

    /// What the reader knows so far.
    public enum Verdict: Sendable, Hashable {
        /// More bytes are needed.
        case needMoreBytes
        /// A ClientHello was read.
        case clientHello(TLSClientHello)
        /// A ServerHello was read.
        case serverHello(TLSServerHello)
        /// The stream is not TLS, or the hello cannot be read (see the error).
        case notTLS(TLSError)
    }

    private enum State: Sendable {
        case reading
        case finished(Verdict)
    }

    /// Which hello this reader expects.
    public let expecting: Expecting
    /// The limits in force.
    public let limits: TLSLimits
    /// Limits hit, by name (see `TLSLimits.Name`).
    public private(set) var limitsHit: [String: Int] = [:]
    private var state: State = .reading
    private var buffer: [UInt8] = []
    /// The buffer length at which the next parse can make progress (the end of the record being read),
    /// so that a hello fed in tiny segments is not re-read from the start at every byte.
    private var nextParseAt = 0

    /// Makes a reader for one direction.
    public init(expecting: Expecting, limits: TLSLimits = TLSLimits()) {
        self.expecting = expecting
        self.limits = limits
    }

    /// The verdict so far.
    public var verdict: Verdict {
        switch self.state {
        case .reading: .needMoreBytes
        case .finished(let verdict): verdict
        }
    }

    /// Adds the next bytes of the direction and returns the verdict so far.
    @discardableResult
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) -> Verdict {
        guard case .reading = self.state else { return self.verdict }
        let room = self.limits.maximumHelloLength - self.buffer.count
        self.buffer.append(contentsOf: bytes.prefix(max(0, room)))
        let verdict =
            self.buffer.count >= self.nextParseAt
            ? self.buffer.withUnsafeBytes { self.parseStep($0) } : .needMoreBytes
        if case .needMoreBytes = verdict, bytes.count > room {
            self.limitsHit[TLSLimits.Name.helloLength, default: 0] += 1
            self.state = .finished(.notTLS(.tooLong(at: self.limits.maximumHelloLength)))
            return self.verdict
        }
        if case .needMoreBytes = verdict { return verdict }
        self.state = .finished(verdict)
        self.buffer = []
        return verdict
    }

    /// One attempt over everything buffered: walks the records, gathers handshake bytes, reads the hello.
    private mutating func parseStep(_ stream: UnsafeRawBufferPointer) -> Verdict {
        var reader = ByteReader(stream)
        var handshake: [UInt8] = []
        while true {
            let recordStart = reader.readerIndex
            // Reject cheaply: content type 0x16 and a 0x03 major version are known from 2 bytes.
            if let contentType = reader.getInteger(at: recordStart, as: UInt8.self), contentType != 0x16 {
                return .notTLS(.notHandshakeRecord(at: recordStart))
            }
            if let major = reader.getInteger(at: recordStart + 1, as: UInt8.self), major != 0x03 {
                return .notTLS(.badRecordVersion(at: recordStart + 1))
            }
            if let minor = reader.getInteger(at: recordStart + 2, as: UInt8.self), minor > 0x04 {
                return .notTLS(.badRecordVersion(at: recordStart + 2))
            }
            if let length = reader.getInteger(at: recordStart + 3, as: UInt16.self),
                recordStart + 5 + Int(length) > self.limits.maximumHelloLength
            {
                self.limitsHit[TLSLimits.Name.helloLength, default: 0] += 1
                return .notTLS(.tooLong(at: recordStart + 3))
            }
            guard reader.skip(3), let fragment = reader.readLengthPrefixedSlice(as: UInt16.self) else {
                let length = reader.getInteger(at: recordStart + 3, as: UInt16.self)
                self.nextParseAt = length.map { recordStart + 5 + Int($0) } ?? stream.count + 1
                break
            }
            guard !fragment.isEmpty, fragment.count <= 16_384 + 256 else {
                return .notTLS(.malformed(at: recordStart + 3))
            }
            handshake.append(contentsOf: fragment)
            if let verdict = self.readHandshake(handshake, recordStart: recordStart) { return verdict }
        }
        return .needMoreBytes
    }

    /// Reads the hello from the gathered handshake bytes, or `nil` if more are needed.
    private mutating func readHandshake(_ handshake: [UInt8], recordStart: Int) -> Verdict? {
        handshake.withUnsafeBytes { bytes -> Verdict? in
            var reader = ByteReader(bytes)
            guard let type = reader.readInteger(as: UInt8.self) else { return nil }
            let wanted: UInt8 = self.expecting == .clientHello ? 1 : 2
            guard type == wanted else { return .notTLS(.wrongHandshakeType(at: 5)) }
            guard let high = reader.readInteger(as: UInt8.self), let low = reader.readInteger(as: UInt16.self) else {
                return nil
            }
            let length = Int(high) << 16 | Int(low)
            guard length + 9 <= self.limits.maximumHelloLength else {
                self.limitsHit[TLSLimits.Name.helloLength, default: 0] += 1
                return .notTLS(.tooLong(at: 6))
            }
            guard let body = reader.readSlice(length: length) else { return nil }
            // Offsets of the body in the stream: after the first record header (5) and handshake header (4),
            // exact while the hello sits in one record.
            do throws(TLSError) {
                switch self.expecting {
                case .clientHello:
                    return .clientHello(
                        try TLSClientHello.parse(body: body, base: 9, limits: self.limits, limitsHit: &self.limitsHit)
                    )
                case .serverHello:
                    return .serverHello(try TLSServerHello.parse(body: body, base: 9))
                }
            } catch {
                return .notTLS(error)
            }
        }
    }
}
