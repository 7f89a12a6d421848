public import PaichaCore

extension Scenarios {
    /// HTTP GET and POST of JSON APIs, including a JSON-RPC body with a `method`.
    public static func httpJSONAPI(_ setup: ScenarioSetup) -> ScenarioOutput {
        var rng = SplitMix64(seed: setup.seed)
        let path = setup.path(client: "192.168.20.11", server: endpoint("140.82.112.6", 80), rng: &rng)
        var messages: [TCPConversation.Message] = []
        let headers: [(String, String)] = [
            ("User-Agent", "python-requests/2.31.0"), ("Accept-Encoding", "gzip, deflate"),
            ("Accept", "application/json"),
            ("Connection", "keep-alive"),
        ]
        for page in 1...3 {
            messages.append(
                .request(
                    "GET",
                    target: "/api/v2/orders?page=\(page)&per_page=50",
                    host: "api.shop.example",
                    headers: headers,
                    body: ""
                )
            )
            let items = (0..<rng.int(3...6)).map { _ in
                "{\"id\":\(rng.int(10_000...99_999)),\"status\":\"shipped\",\"total\":\"\(rng.int(5...500)).\(rng.int(10...99))\",\"currency\":\"EUR\"}"
            }.joined(separator: ",")
            messages.append(
                .response(
                    headers: [("Content-Type", "application/json; charset=utf-8"), ("Server", "nginx")],
                    body: "{\"page\":\(page),\"orders\":[\(items)]}"
                )
            )
        }
        messages.append(
            .request(
                target: "/rpc",
                host: "api.shop.example",
                headers: headers + [("Content-Type", "application/json")],
                body:
                    "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"inventory.reserve\",\"params\":{\"sku\":\"A-\(rng.int(100...999))\",\"quantity\":2}}"
            )
        )
        messages.append(
            .response(
                headers: [("Content-Type", "application/json")],
                body: "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"reserved\":true}}"
            )
        )
        return Self.output(
            "benign-http-json",
            path: path,
            start: setup.start,
            messages: messages,
            rng: &rng,
            truths: [.benign("benign-http-json", path, notes: "REST GETs and a JSON-RPC POST with a method")]
        )
    }

    /// TLS to a CDN name with DNS first.
    public static func tlsCDN(_ setup: ScenarioSetup, serverName: String = "www.cloudflare.com") -> ScenarioOutput {
        var rng = SplitMix64(seed: setup.seed)
        let path = setup.path(client: "192.168.20.12", server: endpoint("104.16.124.96", 443), rng: &rng)
        let dns = Self.lookup(
            serverName,
            by: path,
            at: endpoint("192.168.20.1", 53),
            setup: setup,
            start: setup.start,
            rng: &rng
        )
        var messages = Self.tlsOpening(serverName: serverName, firstRecord: 420, rng: &rng)
        for _ in 0..<rng.int(2...4) {
            messages.append(
                .init(.server, ApplicationPayloads.tlsApplicationData(length: rng.int(4_000...16_000), rng: &rng))
            )
        }
        return Self.output(
            "benign-tls-cdn",
            path: path,
            start: after(TCPConversation.end(of: dns), millisecond),
            messages: messages,
            rng: &rng,
            leading: dns,
            truths: [.benign("benign-tls-cdn", path, names: [serverName], notes: "TLS to a CDN name")]
        )
    }

    /// Ordinary DNS lookups of non-pool names.
    public static func benignDNS(_ setup: ScenarioSetup) -> ScenarioOutput {
        var rng = SplitMix64(seed: setup.seed)
        let path = setup.path(client: "192.168.20.13", server: endpoint("192.168.20.1", 53), rng: &rng)
        var frames = Self.dnsExchange(
            path,
            start: setup.start,
            name: "www.wikipedia.org",
            records: [
                .cname(name: "www.wikipedia.org", target: "dyna.wikimedia.org"),
                .a(name: "dyna.wikimedia.org", address: 0xD0_50_9A_E0),
            ],
            rng: &rng
        )
        frames += Self.dnsExchange(
            path,
            start: after(setup.start, 200 * millisecond),
            name: "github.com",
            records: [.a(name: "github.com", address: 0x8C_52_71_03)],
            rng: &rng
        )
        frames += Self.dnsExchange(
            path,
            start: after(setup.start, 400 * millisecond),
            name: "www.google.com",
            type: 28,
            records: [.aaaa(name: "www.google.com", address: IPAddress("2a00:1450:4001:80b::2004")!.bytes)],
            rng: &rng
        )
        return ScenarioOutput(
            name: "benign-dns",
            frames: frames,
            truths: [
                .benign(
                    "benign-dns",
                    path,
                    names: ["www.wikipedia.org", "github.com", "www.google.com"],
                    notes: "DNS"
                )
            ]
        )
    }

    /// Ethereum node JSON-RPC over HTTP on 8545 (eth_blockNumber, eth_getBalance).
    public static func ethereumNodeRPC(_ setup: ScenarioSetup) -> ScenarioOutput {
        var rng = SplitMix64(seed: setup.seed)
        let path = setup.path(client: "192.168.20.14", server: endpoint("192.168.20.200", 8545), rng: &rng)
        var messages: [TCPConversation.Message] = []
        let headers: [(String, String)] = [("Content-Type", "application/json"), ("User-Agent", "web3.py/6.15.1")]
        var id = 1
        for _ in 0..<rng.int(3...5) {
            messages.append(
                .request(
                    host: "192.168.20.200:8545",
                    headers: headers,
                    body: "{\"jsonrpc\":\"2.0\",\"method\":\"eth_blockNumber\",\"params\":[],\"id\":\(id)}",
                    delay: second
                )
            )
            messages.append(
                .response(
                    headers: [("Content-Type", "application/json"), ("Vary", "Origin")],
                    body:
                        "{\"jsonrpc\":\"2.0\",\"id\":\(id),\"result\":\"0x\(String(rng.int(19_000_000...21_000_000), radix: 16))\"}\n"
                )
            )
            id += 1
            messages.append(
                .request(
                    host: "192.168.20.200:8545",
                    headers: headers,
                    body:
                        "{\"jsonrpc\":\"2.0\",\"method\":\"eth_getBalance\",\"params\":[\"0x\(rng.hex(40))\",\"latest\"],\"id\":\(id)}"
                )
            )
            messages.append(
                .response(
                    headers: [("Content-Type", "application/json"), ("Vary", "Origin")],
                    body: "{\"jsonrpc\":\"2.0\",\"id\":\(id),\"result\":\"0x\(rng.hex(15))\"}\n"
                )
            )
            id += 1
        }
        return Self.output(
            "benign-ethereum-node-rpc",
            path: path,
            start: setup.start,
            messages: messages,
            rng: &rng,
            truths: [.benign("benign-ethereum-node-rpc", path, notes: "Ethereum node JSON-RPC on 8545, not eth-proxy")]
        )
    }

    /// Bitcoin Core RPC over HTTP on 8332 with Basic auth (getblockcount, getblockchaininfo).
    public static func bitcoinNodeRPC(_ setup: ScenarioSetup) -> ScenarioOutput {
        var rng = SplitMix64(seed: setup.seed)
        let path = setup.path(client: "192.168.20.15", server: endpoint("192.168.20.201", 8332), rng: &rng)
        let headers: [(String, String)] = [
            ("Authorization", "Basic " + ApplicationPayloads.base64("__cookie__:\(rng.hex(64))")),
            ("Content-Type", "application/json"), ("User-Agent", "bitcoin-cli/25.0"),
        ]
        let height = rng.int(850_000...900_000)
        let messages: [TCPConversation.Message] = [
            .request(
                host: "127.0.0.1",
                headers: headers,
                body: "{\"method\":\"getblockcount\",\"params\":[],\"id\":1}\n"
            ),
            .response(
                headers: [("Content-Type", "application/json"), ("Date", "Mon, 24 Nov 2025 10:00:00 GMT")],
                body: "{\"result\":\(height),\"error\":null,\"id\":1}\n"
            ),
            .request(
                host: "127.0.0.1",
                headers: headers,
                body: "{\"method\":\"getblockchaininfo\",\"params\":[],\"id\":2}\n",
                delay: second
            ),
            .response(
                headers: [("Content-Type", "application/json")],
                body:
                    "{\"result\":{\"chain\":\"main\",\"blocks\":\(height),\"headers\":\(height),\"bestblockhash\":\"00000000000000000001\(rng.hex(44))\",\"difficulty\":102289407543323.8,\"time\":1764000000,\"mediantime\":1763998000,\"verificationprogress\":0.9999987,\"initialblockdownload\":false,\"chainwork\":\"0000000000000000000000000000000000000000\(rng.hex(24))\",\"size_on_disk\":712345678901,\"pruned\":false,\"warnings\":\"\"},\"error\":null,\"id\":2}\n"
            ),
        ]
        return Self.output(
            "benign-bitcoin-node-rpc",
            path: path,
            start: setup.start,
            messages: messages,
            rng: &rng,
            truths: [.benign("benign-bitcoin-node-rpc", path, notes: "Bitcoin Core RPC on 8332 (not getwork)")]
        )
    }

    /// A log shipper sending newline-delimited JSON with "method" fields.
    public static func ndjsonLogShipper(_ setup: ScenarioSetup) -> ScenarioOutput {
        var rng = SplitMix64(seed: setup.seed)
        let path = setup.path(client: "192.168.20.16", server: endpoint("192.168.20.210", 5170), rng: &rng)
        var messages: [TCPConversation.Message] = []
        let methods = ["GET", "POST", "PUT", "DELETE"]
        for index in 0..<rng.int(20...40) {
            var batch = ""
            for _ in 0..<rng.int(1...4) {
                batch +=
                    "{\"ts\":\"2025-11-24T10:\(10 + index % 50):\(10 + rng.int(0...49)).\(rng.int(100...999))Z\",\"level\":\"info\",\"method\":\"\(rng.pick(methods))\",\"path\":\"/api/v1/items/\(rng.int(1...9_999))\",\"status\":\(rng.pick([200, 201, 204, 404])),\"duration_ms\":\(rng.int(1...250)),\"id\":\(rng.int(1...99_999)),\"params\":{\"user\":\"u\(rng.int(1...500))\"}}\n"
            }
            messages.append(.init(.client, batch, delay: Int64(rng.int(50...900)) * millisecond))
        }
        return Self.output(
            "benign-ndjson-logs",
            path: path,
            start: setup.start,
            messages: messages,
            rng: &rng,
            truths: [.benign("benign-ndjson-logs", path, notes: "NDJSON lines with method/id/params but no replies")]
        )
    }

    /// Bitcoin node P2P on 8333: version / verack both ways.
    public static func bitcoinNodeP2P(_ setup: ScenarioSetup) -> ScenarioOutput {
        var rng = SplitMix64(seed: setup.seed)
        let path = setup.path(client: "192.168.20.17", server: endpoint("95.216.24.88", 8333), rng: &rng)
        let seconds = setup.start.nanoseconds / second
        let height = Int32(rng.int(850_000...900_000))
        let clientVersion = ApplicationPayloads.bitcoinMessage(
            command: "version",
            payload: ApplicationPayloads.bitcoinVersionPayload(
                timestamp: seconds,
                receiver: path.server.ip.bytes,
                sender: path.client.ip.bytes,
                nonce: rng.next(),
                userAgent: "/Satoshi:27.0.0/",
                height: height
            )
        )
        let serverVersion = ApplicationPayloads.bitcoinMessage(
            command: "version",
            payload: ApplicationPayloads.bitcoinVersionPayload(
                timestamp: seconds,
                receiver: path.client.ip.bytes,
                sender: path.server.ip.bytes,
                nonce: rng.next(),
                userAgent: "/Satoshi:26.1.0/",
                height: height
            )
        )
        let verack = ApplicationPayloads.bitcoinMessage(command: "verack", payload: [])
        var ping: [UInt8] = []
        ping.appendInteger(rng.next())
        let messages: [TCPConversation.Message] = [
            .init(.client, clientVersion), .init(.server, serverVersion + verack), .init(.client, verack),
            .init(.client, ApplicationPayloads.bitcoinMessage(command: "ping", payload: ping), delay: 2 * second),
            .init(.server, ApplicationPayloads.bitcoinMessage(command: "pong", payload: ping)),
        ]
        return Self.output(
            "benign-bitcoin-node-p2p",
            path: path,
            start: setup.start,
            messages: messages,
            rng: &rng,
            truths: [
                .benign(
                    "benign-bitcoin-node-p2p",
                    path,
                    notes: "Bitcoin P2P node (may be noted as a node, not a miner)"
                )
            ]
        )
    }

    /// A CDN address that a pool name also resolves to, used for ordinary TLS to a non-pool name.
    public static func sharedCDNAddress(_ setup: ScenarioSetup) -> ScenarioOutput {
        var rng = SplitMix64(seed: setup.seed)
        let cdn = endpoint("172.67.182.33", 443)
        let lookerPath = setup.path(client: "192.168.20.19", server: endpoint("192.168.20.1", 53), rng: &rng)
        let poolLookup = Self.dnsExchange(
            lookerPath,
            start: setup.start,
            name: "xmr.2miners.com",
            records: [.a(name: "xmr.2miners.com", address: 0xAC_43_B6_21)],
            rng: &rng
        )
        let browser = setup.path(client: "192.168.20.18", server: cdn, rng: &rng)
        let name = "shop.example-store.com"
        let dns = Self.lookup(
            name,
            by: browser,
            at: endpoint("192.168.20.1", 53),
            setup: setup,
            start: after(setup.start, second),
            records: [.a(name: name, address: 0xAC_43_B6_21)],
            rng: &rng
        )
        let messages =
            Self.tlsOpening(serverName: name, firstRecord: 380, rng: &rng)
            + [TCPConversation.Message(.server, ApplicationPayloads.tlsApplicationData(length: 9_000, rng: &rng))]
        return Self.output(
            "benign-shared-cdn-address",
            path: browser,
            start: after(TCPConversation.end(of: dns), millisecond),
            messages: messages,
            rng: &rng,
            leading: poolLookup + dns,
            truths: [
                .benign(
                    "benign-shared-cdn-address",
                    browser,
                    names: [name],
                    notes: "TLS to a non-pool name on an address a pool name also resolves to"
                ),
                .indicator(
                    "benign-shared-cdn-address",
                    lookerPath,
                    names: ["xmr.2miners.com"],
                    notes: "only looked the pool name up"
                ),
            ]
        )
    }

    /// A bulk TCP transfer (a download) of `bytes` random bytes over HTTP.
    public static func bulkDownload(
        _ setup: ScenarioSetup,
        client: Endpoint,
        server: Endpoint,
        bytes: Int
    ) -> ScenarioOutput {
        var rng = SplitMix64(seed: setup.seed)
        let path = setup.path(client: client, server: server)
        let request = ApplicationPayloads.httpRequest(
            method: "GET",
            target: "/files/\(rng.hex(12)).bin",
            host: "downloads.example.net",
            headers: [("User-Agent", "curl/8.5.0"), ("Accept", "*/*")],
            body: ""
        )
        let header =
            "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: \(bytes)\r\n\r\n"
        let messages: [TCPConversation.Message] = [
            .init(.client, request), .init(.server, Array(header.utf8) + rng.bytes(bytes)),
        ]
        return Self.output(
            "benign-bulk-download",
            path: path,
            start: setup.start,
            messages: messages,
            rng: &rng,
            truths: [.benign("benign-bulk-download", path, notes: "bulk HTTP download")],
            acknowledgeEverySegments: 2
        )
    }
}
