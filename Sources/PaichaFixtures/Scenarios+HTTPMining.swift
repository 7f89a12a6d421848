import PaichaCore

extension Scenarios {
    /// getwork over HTTP POST (cgminer style) with Basic authorization, work replies and submissions.
    public static func getwork(_ setup: ScenarioSetup, options: MiningOptions = MiningOptions()) -> ScenarioOutput {
        var rng = SplitMix64(seed: setup.seed)
        let path = options.path(setup, client: "192.168.10.15", server: endpoint("74.84.128.158", 8332), rng: &rng)
        let agent = options.agent ?? "cgminer/4.10.0"
        let login = "miner\(rng.int(10...99)).worker1"
        let host = "\(path.server.ip):\(path.server.port)"
        let headers = Self.minerHeaders(login: login, password: "x", agent: agent)
        let target = "ffffffffffffffffffffffffffffffffffffffffffffffffffffffff00000000"
        var script = ConversationScript()
        var id = 0
        for round in 0..<rng.int(4...6) {
            script.append(
                .request(
                    host: host,
                    headers: headers,
                    body: "{\"method\": \"getwork\", \"params\": [], \"id\": \(id)}",
                    delay: Int64(rng.int(100...900)) * millisecond
                )
            )
            let data = "00000002" + rng.hex(248)
            let work =
                "{\"result\":{\"midstate\":\"\(rng.hex(64))\",\"data\":\"\(data)\",\"hash1\":\"00000000000000000000000000000000000000000000000000000000000000000000008000000000000000000000000000000000000000000000000000010000\",\"target\":\"\(target)\"},\"error\":null,\"id\":\(id)}"
            script.append(
                .response(
                    headers: [
                        ("Server", "Eloipool"), ("Content-Type", "application/json"), ("X-Long-Polling", "/LP"),
                        ("X-Roll-NTime", "expire=120"),
                    ],
                    body: work
                )
            )
            id += 1
            if round % 2 == 1 {
                let submit =
                    "{\"method\": \"getwork\", \"params\": [\"\(data.prefix(152))\(rng.hex(8))\(data.dropFirst(160))\"], \"id\": \(id)}"
                let ok = round != 3
                script.share(
                    .request(
                        host: host,
                        headers: headers,
                        body: submit,
                        delay: Int64(rng.int(1_000...5_000)) * millisecond
                    ),
                    reply: .response(
                        headers: [("Server", "Eloipool"), ("Content-Type", "application/json")]
                            + (ok ? [] : [("X-Reject-Reason", "stale-prevblk")]),
                        body: "{\"result\":\(ok),\"error\":null,\"id\":\(id)}"
                    ),
                    accepted: ok
                )
                id += 1
            }
        }
        let name = options.name("getwork-http")
        return Self.output(
            name,
            path: path,
            start: setup.start,
            messages: script.messages,
            rng: &rng,
            options: options,
            truths: [
                .miner(
                    name,
                    path,
                    dialect: "getwork",
                    login: login,
                    agent: agent,
                    shares: script.shares,
                    targets: [target],
                    notes: "HTTP/1.1 keep-alive POSTs with Authorization: Basic; login decoded from Basic credentials"
                )
            ]
        )
    }

    /// The request headers of a miner speaking JSON-RPC over HTTP: Basic credentials, agent, mining extensions.
    static func minerHeaders(login: String, password: String, agent: String) -> [(String, String)] {
        [
            ("Authorization", "Basic " + ApplicationPayloads.base64("\(login):\(password)")), ("Accept", "*/*"),
            ("Content-Type", "application/json"), ("User-Agent", agent),
            ("X-Mining-Extensions", "longpoll midstate rollntime submitold"),
        ]
    }

    /// getblocktemplate (BIP 22/23) over HTTP POST, then submitblock.
    public static func getblocktemplate(
        _ setup: ScenarioSetup,
        options: MiningOptions = MiningOptions()
    )
        -> ScenarioOutput
    {
        var rng = SplitMix64(seed: setup.seed)
        let path = options.path(setup, client: "192.168.10.16", server: endpoint("113.21.199.11", 8332), rng: &rng)
        let agent = options.agent ?? "bfgminer/5.5.0"
        let login = "solo\(rng.int(1...9))"
        let host = "\(path.server.ip):\(path.server.port)"
        let headers = Self.minerHeaders(login: login, password: "pass", agent: agent)
        let request =
            "{\"id\": 0, \"method\": \"getblocktemplate\", \"params\": [{\"capabilities\": [\"coinbasetxn\", \"workid\", \"coinbase/append\"], \"maxversion\": 4}]}"
        let bits = "17034219"
        let height = rng.int(800_000...900_000)
        let target = "0000000000000000000342190000000000000000000000000000000000000000"
        let template =
            "{\"result\":{\"version\":536870912,\"rules\":[\"csv\",\"!segwit\",\"taproot\"],\"previousblockhash\":\"00000000000000000002\(rng.hex(44))\",\"transactions\":[{\"data\":\"0200000001\(rng.hex(180))\",\"txid\":\"\(rng.hex(64))\",\"fee\":1420,\"sigops\":4,\"weight\":561}],\"coinbaseaux\":{},\"coinbasevalue\":312501420,\"longpollid\":\"\(rng.hex(64))\(height)\",\"target\":\"\(target)\",\"mintime\":1764000000,\"mutable\":[\"time\",\"transactions\",\"prevblock\"],\"noncerange\":\"00000000ffffffff\",\"sigoplimit\":80000,\"sizelimit\":4000000,\"weightlimit\":4000000,\"curtime\":1764003000,\"bits\":\"\(bits)\",\"height\":\(height)},\"error\":null,\"id\":0}"
        var script = ConversationScript()
        script.append(.request(host: host, headers: headers, body: request))
        script.append(
            .response(headers: [("Content-Type", "application/json"), ("X-Long-Polling", "/LP")], body: template)
        )
        let block = "{\"id\": 1, \"method\": \"submitblock\", \"params\": [\"00000020\(rng.hex(600))\"]}"
        script.share(
            .request(host: host, headers: headers, body: block, delay: 4 * second),
            reply: .response(
                headers: [("Content-Type", "application/json")],
                body: "{\"result\":null,\"error\":null,\"id\":1}"
            ),
            accepted: true
        )
        let name = options.name("getblocktemplate-http")
        return Self.output(
            name,
            path: path,
            start: setup.start,
            messages: script.messages,
            rng: &rng,
            options: options,
            truths: [
                .miner(
                    name,
                    path,
                    dialect: "getblocktemplate",
                    login: login,
                    agent: agent,
                    shares: script.shares,
                    targets: [target],
                    notes: "getblocktemplate with capabilities then submitblock (null result = accepted, BIP 22)"
                )
            ]
        )
    }

    /// Stratum V2: a Noise NX handshake (64-byte initiator message, 234-byte responder message) then encrypted frames.
    public static func stratumV2(_ setup: ScenarioSetup, options: MiningOptions = MiningOptions()) -> ScenarioOutput {
        var rng = SplitMix64(seed: setup.seed)
        let path = options.path(setup, client: "192.168.10.60", server: endpoint("75.119.150.111", 34254), rng: &rng)
        var messages: [TCPConversation.Message] = [
            .init(.client, rng.bytes(64)),
            .init(.server, rng.bytes(234)),
        ]
        func frame(_ rng: inout SplitMix64, payload: Int) -> [UInt8] {
            rng.bytes(22) + rng.bytes(payload + 16)
        }
        messages.append(.init(.client, frame(&rng, payload: 72)))
        messages.append(.init(.server, frame(&rng, payload: 10)))
        messages.append(.init(.client, frame(&rng, payload: 90)))
        messages.append(.init(.server, frame(&rng, payload: 70)))
        for _ in 0..<rng.int(6...12) {
            messages.append(
                .init(.server, frame(&rng, payload: rng.int(40...120)), delay: Int64(rng.int(2...20)) * second)
            )
            messages.append(.init(.client, frame(&rng, payload: 22), delay: Int64(rng.int(100...900)) * millisecond))
            messages.append(.init(.server, frame(&rng, payload: 12)))
        }
        let name = options.name("stratum-v2-noise")
        return Self.output(
            name,
            path: path,
            start: setup.start,
            messages: messages,
            rng: &rng,
            options: options,
            truths: [
                .miner(
                    name,
                    path,
                    confidence: "likely",
                    dialect: "stratum-v2",
                    notes:
                        "Noise_NX handshake: 64-byte ElligatorSwift key, 234-byte responder reply; encrypted frames (22-byte header + payload + 16-byte MAC)"
                )
            ]
        )
    }

    /// TLS-wrapped mining: DNS resolves a pool name, then TLS with that SNI and opaque application data.
    public static func tlsMining(
        _ setup: ScenarioSetup,
        poolName: String = "xmr.pool.minergate.com",
        options: MiningOptions = MiningOptions()
    ) -> ScenarioOutput {
        var rng = SplitMix64(seed: setup.seed)
        let path = options.path(setup, client: "192.168.10.120", server: endpoint("88.99.142.163", 443), rng: &rng)
        let dns = Self.lookup(
            poolName,
            by: path,
            at: endpoint("192.168.10.1", 53),
            setup: setup,
            start: setup.start,
            rng: &rng
        )
        var messages = Self.tlsOpening(serverName: poolName, firstRecord: 80, rng: &rng)
        for _ in 0..<rng.int(8...14) {
            messages.append(
                .init(
                    .client,
                    ApplicationPayloads.tlsApplicationData(length: rng.int(150...260), rng: &rng),
                    delay: Int64(rng.int(1...15)) * second
                )
            )
            messages.append(.init(.server, ApplicationPayloads.tlsApplicationData(length: rng.int(40...60), rng: &rng)))
            if rng.chance(0.4) {
                messages.append(
                    .init(
                        .server,
                        ApplicationPayloads.tlsApplicationData(length: rng.int(300...420), rng: &rng),
                        delay: second
                    )
                )
            }
        }
        let name = options.name("tls-mining")
        return Self.output(
            name,
            path: path,
            start: after(TCPConversation.end(of: dns), 5 * millisecond),
            messages: messages,
            rng: &rng,
            options: options,
            leading: dns,
            truths: [
                .miner(
                    name,
                    path,
                    confidence: "likely",
                    names: [poolName],
                    notes: "TLS only: the SNI and the DNS answer name a known pool; no cleartext protocol"
                )
            ]
        )
    }

    /// The DNS record type for an address.
    static func addressRecord(_ name: String, _ ip: IPAddress) -> ApplicationPayloads.DNSRecord {
        switch ip {
        case .v4(let value): .a(name: name, address: value)
        case .v6: .aaaa(name: name, address: ip.bytes)
        }
    }

    /// A DNS query and its answer over UDP.
    static func dnsExchange(
        _ path: NetworkPath,
        start: Timestamp,
        name: String,
        type: UInt16 = 1,
        records: [ApplicationPayloads.DNSRecord],
        rng: inout SplitMix64
    ) -> [Frame] {
        let id = UInt16(truncatingIfNeeded: rng.next())
        let query = path.udpFrames(
            payload: ApplicationPayloads.dnsQuery(id: id, name: name, type: type),
            fromClient: true,
            identification: UInt32(id),
            timestamp: start
        )
        let answer = path.udpFrames(
            payload: ApplicationPayloads.dnsResponse(id: id, name: name, type: type, answers: records),
            fromClient: false,
            identification: UInt32(id) &+ 1,
            timestamp: after(start, Int64(rng.int(2...40)) * millisecond)
        )
        return query + answer
    }

    /// DNS answers for pool names: A, AAAA and a CNAME chain; the host never connects (an indicator only).
    public static func dnsPoolNames(_ setup: ScenarioSetup) -> ScenarioOutput {
        var rng = SplitMix64(seed: setup.seed)
        let resolver = setup.path(client: "192.168.10.130", server: endpoint("192.168.10.1", 53), rng: &rng)
        var frames = Self.dnsExchange(
            resolver,
            start: setup.start,
            name: "pool.supportxmr.com",
            records: [
                .cname(name: "pool.supportxmr.com", target: "pool-lb.supportxmr.com"),
                .cname(name: "pool-lb.supportxmr.com", target: "fr.supportxmr.com"),
                .a(name: "fr.supportxmr.com", address: 0x5E_17_12_6B),
                .a(name: "fr.supportxmr.com", address: 0x5E_17_12_6C),
            ],
            rng: &rng
        )
        frames += Self.dnsExchange(
            resolver,
            start: after(setup.start, 300 * millisecond),
            name: "pool.supportxmr.com",
            type: 28,
            records: [
                .cname(name: "pool.supportxmr.com", target: "pool-lb.supportxmr.com"),
                .cname(name: "pool-lb.supportxmr.com", target: "fr.supportxmr.com"),
                .aaaa(name: "fr.supportxmr.com", address: IPAddress("2a01:4f8:1c17:a12d::1")!.bytes),
            ],
            rng: &rng
        )
        frames += Self.dnsExchange(
            resolver,
            start: after(setup.start, 900 * millisecond),
            name: "eu1.ethermine.org",
            records: [.a(name: "eu1.ethermine.org", address: 0x33_5B_4E_1F)],
            rng: &rng
        )
        return ScenarioOutput(
            name: "dns-pool-names",
            frames: frames,
            truths: [
                .indicator(
                    "dns-pool-names",
                    resolver,
                    names: ["pool.supportxmr.com", "pool-lb.supportxmr.com", "fr.supportxmr.com", "eu1.ethermine.org"],
                    notes: "pool names resolved (A, AAAA, two-step CNAME chain) but never connected to"
                )
            ]
        )
    }
}
