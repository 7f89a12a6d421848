/// What a TLS ClientHello tells: the name asked for, the protocols offered, the versions.
public struct TLSClientHello: Hashable, Sendable {
    /// The legacy_version field (0x0303 for TLS 1.2 and 1.3).
    public var legacyVersion: UInt16
    /// The server_name (SNI, extension 0) host name, lower-cased, if sent.
    public var serverName: String?
    /// The ALPN protocol names offered (extension 16), in order.
    public var alpn: [String]
    /// The supported_versions offered (extension 43), in order, GREASE values included as sent.
    public var supportedVersions: [UInt16]

    public init(legacyVersion: UInt16, serverName: String? = nil, alpn: [String] = [], supportedVersions: [UInt16] = [])
    {
        self.legacyVersion = legacyVersion
        self.serverName = serverName
        self.alpn = alpn
        self.supportedVersions = supportedVersions
    }
}

/// What a TLS ServerHello tells: the version and cipher suite chosen.
public struct TLSServerHello: Hashable, Sendable {
    /// The legacy_version field.
    public var legacyVersion: UInt16
    /// The version chosen via supported_versions (TLS 1.3), if present.
    public var selectedVersion: UInt16?
    /// The cipher suite chosen.
    public var cipherSuite: UInt16

    public init(legacyVersion: UInt16, selectedVersion: UInt16? = nil, cipherSuite: UInt16) {
        self.legacyVersion = legacyVersion
        self.selectedVersion = selectedVersion
        self.cipherSuite = cipherSuite
    }

    /// The negotiated version: supported_versions if present, else legacy_version.
    public var version: UInt16 { self.selectedVersion ?? self.legacyVersion }
}

/// Why bytes are not (or not readable as) a TLS hello, and at which stream byte.
public struct TLSError: Error, Hashable, CustomStringConvertible {
    private enum Base: Hashable {
        case notHandshakeRecord
        case badRecordVersion
        case wrongHandshakeType
        case malformed
        case tooLong
    }

    private let base: Base
    /// The byte offset in the direction's stream where the problem was found.
    public let offset: Int

    private init(_ base: Base, offset: Int) {
        self.base = base
        self.offset = offset
    }

    /// The first record is not a handshake record (content type 0x16).
    public static func notHandshakeRecord(at offset: Int) -> TLSError { TLSError(.notHandshakeRecord, offset: offset) }
    /// The record version is not 0x0300…0x0304.
    public static func badRecordVersion(at offset: Int) -> TLSError { TLSError(.badRecordVersion, offset: offset) }
    /// The handshake message is not the hello expected.
    public static func wrongHandshakeType(at offset: Int) -> TLSError { TLSError(.wrongHandshakeType, offset: offset) }
    /// A length inside the hello runs past its container.
    public static func malformed(at offset: Int) -> TLSError { TLSError(.malformed, offset: offset) }
    /// The hello is longer than `TLSLimits.maximumHelloLength`.
    public static func tooLong(at offset: Int) -> TLSError { TLSError(.tooLong, offset: offset) }

    public var description: String {
        let what: String
        switch self.base {
        case .notHandshakeRecord: what = "not a TLS handshake record"
        case .badRecordVersion: what = "not a TLS record version"
        case .wrongHandshakeType: what = "not the expected TLS hello"
        case .malformed: what = "malformed TLS hello"
        case .tooLong: what = "TLS hello longer than TLSLimits.maximumHelloLength"
        }
        return "\(what) at byte \(self.offset)"
    }
}
