public import PaichaCore

extension Scenarios {
    /// Options shared by the mining scenarios.
    public struct MiningOptions: Sendable {
        /// The client and server endpoints (nil = the scenario's default).
        public var client: Endpoint?
        /// The pool endpoint.
        public var server: Endpoint?
        /// VLAN tags when the setup's link is Ethernet.
        public var vlans: [UInt16]
        /// IP fragmentation.
        public var fragmentation: NetworkPath.Fragmentation?
        /// IPv4 options / IPv6 extension headers.
        public var ipOptions: Bool
        /// TCP damage.
        public var perturbations: TCPConversation.Perturbations
        /// The MSS.
        public var mss: Int
        /// The miner's agent where the dialect has one.
        public var agent: String?
        /// A name for the variant, appended to the scenario name.
        public var variant: String?

        /// Default options.
        public init(
            client: Endpoint? = nil,
            server: Endpoint? = nil,
            vlans: [UInt16] = [],
            fragmentation: NetworkPath.Fragmentation? = nil,
            ipOptions: Bool = false,
            perturbations: TCPConversation.Perturbations = TCPConversation.Perturbations(),
            mss: Int = 1460,
            agent: String? = nil,
            variant: String? = nil
        ) {
            self.client = client
            self.server = server
            self.vlans = vlans
            self.fragmentation = fragmentation
            self.ipOptions = ipOptions
            self.perturbations = perturbations
            self.mss = mss
            self.agent = agent
            self.variant = variant
        }

        /// The path between the endpoints (unless overridden) with the VLANs, fragmentation and IP options applied.
        func path(_ setup: ScenarioSetup, client: Endpoint, server: Endpoint) -> NetworkPath {
            var path = setup.path(client: self.client ?? client, server: self.server ?? server)
            if case .ethernet = setup.link, !self.vlans.isEmpty { path.link = .ethernet(vlans: self.vlans) }
            path.fragmentation = self.fragmentation
            if path.client.ip.isV4 {
                path.ipv4Options = self.ipOptions
            } else {
                path.ipv6ExtensionHeaders = self.ipOptions
            }
            return path
        }

        /// The path from `clientAddress` at a fresh ephemeral port drawn from `rng` (even when overridden) to `server`.
        func path(
            _ setup: ScenarioSetup,
            client clientAddress: String,
            server: Endpoint,
            rng: inout SplitMix64
        ) -> NetworkPath {
            self.path(setup, client: endpoint(clientAddress, rng.ephemeralPort()), server: server)
        }

        /// The scenario's name: `base`, followed by the variant when there is one.
        func name(_ base: String) -> String {
            self.variant.map { "\(base)-\($0)" } ?? base
        }
    }
}
