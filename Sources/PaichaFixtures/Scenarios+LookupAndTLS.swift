import PaichaCore

extension Scenarios {
    /// A DNS lookup of `name` by the client of `path` from a fresh ephemeral port to `resolver`, sent at `start`;
    /// the answer is `records`, by default the address of `path`'s server.
    static func lookup(
        _ name: String,
        by path: NetworkPath,
        at resolver: Endpoint,
        setup: ScenarioSetup,
        start: Timestamp,
        records: [ApplicationPayloads.DNSRecord]? = nil,
        rng: inout SplitMix64
    ) -> [Frame] {
        let resolverPath = setup.path(client: Endpoint(ip: path.client.ip, port: rng.ephemeralPort()), server: resolver)
        return Self.dnsExchange(
            resolverPath,
            start: start,
            name: name,
            records: records ?? [Self.addressRecord(name, path.server.ip)],
            rng: &rng
        )
    }

    /// A TLS opening for `serverName`: ClientHello, ServerHello and the client's first application-data record.
    static func tlsOpening(
        serverName: String,
        firstRecord length: Int,
        rng: inout SplitMix64
    )
        -> [TCPConversation.Message]
    {
        [
            TCPConversation.Message(.client, ApplicationPayloads.tlsClientHello(serverName: serverName, rng: &rng)),
            TCPConversation.Message(.server, ApplicationPayloads.tlsServerHello(rng: &rng)),
            TCPConversation.Message(.client, ApplicationPayloads.tlsApplicationData(length: length, rng: &rng)),
        ]
    }
}
