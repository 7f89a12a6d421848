public import PaichaCore

/// Where and when a scenario happens: its seed, start time, framing and capture interface.
public struct ScenarioSetup: Sendable {
    /// The scenario's random seed.
    public var seed: UInt64
    /// When its first packet is sent.
    public var start: Timestamp
    /// The framing of its packets (VLAN variants add tags when this is Ethernet).
    public var link: LinkLayer
    /// The capture interface index.
    public var interface: Int
    /// Replaces the scenario's client address (to spread flows over many hosts).
    public var clientAddress: IPAddress?
    /// Replaces the scenario's server address, except for DNS resolvers (port 53).
    public var serverAddress: IPAddress?

    /// Makes a setup.
    public init(
        seed: UInt64,
        start: Timestamp,
        link: LinkLayer = .plainEthernet,
        interface: Int = 0,
        clientAddress: IPAddress? = nil,
        serverAddress: IPAddress? = nil
    ) {
        self.seed = seed
        self.start = start
        self.link = link
        self.interface = interface
        self.clientAddress = clientAddress
        self.serverAddress = serverAddress
    }

    /// A path between two endpoints in this setup, with the address overrides applied.
    public func path(client: Endpoint, server: Endpoint) -> NetworkPath {
        var client = client
        var server = server
        if let address = self.clientAddress { client.ip = address }
        if let address = self.serverAddress, server.port != 53 { server.ip = address }
        return NetworkPath(client: client, server: server, link: self.link, interface: self.interface)
    }

    /// A path from `clientAddress` at a fresh ephemeral port drawn from `rng` to `server`, overrides applied.
    func path(client clientAddress: String, server: Endpoint, rng: inout SplitMix64) -> NetworkPath {
        self.path(client: endpoint(clientAddress, rng.ephemeralPort()), server: server)
    }
}

/// Shorthand for making endpoints from text.
func endpoint(_ ip: String, _ port: UInt16) -> Endpoint {
    Endpoint(ip: IPAddress(ip) ?? .v4(0), port: port)
}

extension SplitMix64 {
    /// A random ephemeral port.
    mutating func ephemeralPort() -> UInt16 {
        UInt16(self.int(32_768...60_999))
    }

    /// A random initial sequence number.
    mutating func isn() -> UInt32 {
        UInt32(truncatingIfNeeded: self.next())
    }
}

/// Runs a scripted TCP conversation with random ISNs and returns its frames.
func conversation(
    _ path: NetworkPath,
    start: Timestamp,
    messages: [TCPConversation.Message],
    rng: inout SplitMix64,
    mss: Int = 1460,
    perturbations: TCPConversation.Perturbations = TCPConversation.Perturbations(),
    acknowledgeEverySegments: Int = 0
) -> [Frame] {
    TCPConversation(
        path: path,
        start: start,
        messages: messages,
        mss: mss,
        rtt: Int64(rng.int(8...60)) * 1_000_000,
        clientISN: rng.isn(),
        serverISN: rng.isn(),
        perturbations: perturbations,
        acknowledgeEverySegments: acknowledgeEverySegments
    ).frames()
}

/// Merges frame lists by timestamp, keeping each list's own order.
public func mergeFrames(_ lists: [[Frame]]) -> [Frame] {
    var all: [(Int, Int, Frame)] = []
    for (listIndex, list) in lists.enumerated() {
        for (index, frame) in list.enumerated() { all.append((listIndex, index, frame)) }
    }
    all.sort { a, b in
        if a.2.timestamp != b.2.timestamp { return a.2.timestamp < b.2.timestamp }
        if a.0 != b.0 { return a.0 < b.0 }
        return a.1 < b.1
    }
    return all.map(\.2)
}

/// Nanoseconds in a millisecond and a second.
let millisecond: Int64 = 1_000_000
let second: Int64 = 1_000_000_000

/// Adds nanoseconds to a timestamp.
func after(_ t: Timestamp, _ ns: Int64) -> Timestamp {
    Timestamp(nanoseconds: t.nanoseconds + ns)
}
