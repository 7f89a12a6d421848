public import PaichaCore

/// One captured frame ready to be written: link-layer bytes, time and interface.
public struct Frame: Hashable, Sendable {
    /// When it was captured.
    public var timestamp: Timestamp
    /// The capture interface (pcapng IDB index; 0 for classic pcap).
    public var interface: Int
    /// The LINKTYPE_ of `bytes`.
    public var linkType: UInt32
    /// The frame from its link-layer header on.
    public var bytes: [UInt8]

    /// Makes a frame.
    public init(timestamp: Timestamp, interface: Int, linkType: UInt32, bytes: [UInt8]) {
        self.timestamp = timestamp
        self.interface = interface
        self.linkType = linkType
        self.bytes = bytes
    }
}
