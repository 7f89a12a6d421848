public import PaichaCapture
public import PaichaMining

/// Everything a scan is told: limits and the indicator list.
public struct ScanConfiguration: Sendable {
    /// Limits on flows and streams.
    public var streamLimits = StreamLimits()
    /// Limits on reading capture files.
    public var captureLimits = CaptureLimits()
    /// Limits on link-layer and IP decoding, fragment reassembly included.
    public var decodeLimits = DecodeLimits()
    /// Limits on Stratum parsing.
    public var stratumLimits = StratumLimits()
    /// Pool names, ports and shared CDN ranges.
    public var indicators: PoolIndicators
    /// Whether the inputs are consecutive parts of one capture (rotated files), so that flows go on
    /// across them; otherwise every flow ends with its file.
    public var inputsAreOneCapture = false
    /// Hosts remembered for looking up pool names (a weak sign, reported apart); past it they are counted.
    public var maximumPoolLookupHosts = 65_536
    /// Evidence excerpts kept per session.
    public var maximumEvidencePerSession = 8

    /// A configuration with default limits and the given indicators.
    public init(indicators: PoolIndicators) {
        self.indicators = indicators
    }
}
