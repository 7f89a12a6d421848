/// Bounds on what the TLS hello reader buffers and reads from hostile input; each is counted when hit.
public struct TLSLimits: Hashable, Sendable {
    /// The most stream bytes buffered while waiting for a whole hello (records + handshake header + body).
    public var maximumHelloLength: Int
    /// The most ALPN protocol names kept.
    public var maximumALPNNames: Int
    /// The most supported_versions entries kept.
    public var maximumSupportedVersions: Int

    /// Makes limits; the defaults hold every real hello (post-quantum key shares included).
    public init(maximumHelloLength: Int = 16 * 1024, maximumALPNNames: Int = 16, maximumSupportedVersions: Int = 16) {
        self.maximumHelloLength = maximumHelloLength
        self.maximumALPNNames = maximumALPNNames
        self.maximumSupportedVersions = maximumSupportedVersions
    }

    /// Names of the limits, as used in `limitsHit` counters.
    public enum Name {
        /// `TLSLimits.maximumHelloLength`.
        public static let helloLength = "TLSLimits.maximumHelloLength"
        /// `TLSLimits.maximumALPNNames`.
        public static let alpnNames = "TLSLimits.maximumALPNNames"
        /// `TLSLimits.maximumSupportedVersions`.
        public static let supportedVersions = "TLSLimits.maximumSupportedVersions"
    }
}
