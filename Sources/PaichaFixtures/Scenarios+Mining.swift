import PaichaCore

/// Scenarios: deterministic conversations with the truth about them.
public enum Scenarios {}

/// Formats a difficulty like a JSON number: integers without a fraction.
func jsonNumber(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return String(value)
}

extension Scenarios {
    /// Stratum V1 Bitcoin (ASIC): configure, subscribe, extranonce.subscribe, authorize, difficulty change,
    /// notify, get_transactions, submits with accepted and rejected replies.
    public static func stratumV1Bitcoin(
        _ setup: ScenarioSetup,
        options: MiningOptions = MiningOptions()
    )
        -> ScenarioOutput
    {
        var rng = SplitMix64(seed: setup.seed)
        let path = options.path(setup, client: "192.168.10.21", server: endpoint("51.81.56.14", 3333), rng: &rng)
        let agent = options.agent ?? "bmminer/2.0.0"
        let wallet = "bc1q" + rng.bech32(38)
        let worker = "rig\(rng.int(1...40))"
        let login = "\(wallet).\(worker)"
        let extranonce1 = rng.hex(8)
        var script = ConversationScript()
        var id = 1
        script.client(
            "{\"id\":\(id),\"method\":\"mining.configure\",\"params\":[[\"version-rolling\"],{\"version-rolling.mask\":\"1fffe000\",\"version-rolling.min-bit-count\":2}]}"
        )
        script.server(
            "{\"id\":\(id),\"result\":{\"version-rolling\":true,\"version-rolling.mask\":\"1fffe000\"},\"error\":null}"
        )
        id += 1
        script.client("{\"id\":\(id),\"method\":\"mining.subscribe\",\"params\":[\"\(agent)\"]}")
        let subscription = rng.hex(16)
        script.server(
            "{\"id\":\(id),\"result\":[[[\"mining.set_difficulty\",\"\(subscription)\"],[\"mining.notify\",\"\(subscription)\"]],\"\(extranonce1)\",8],\"error\":null}"
        )
        id += 1
        script.client("{\"id\":\(id),\"method\":\"mining.extranonce.subscribe\",\"params\":[]}")
        script.server("{\"id\":\(id),\"result\":true,\"error\":null}")
        id += 1
        script.client("{\"id\":\(id),\"method\":\"mining.authorize\",\"params\":[\"\(login)\",\"x\"]}")
        script.server("{\"id\":\(id),\"result\":true,\"error\":null}")
        id += 1
        var difficulties: [Double] = [Double(1 << rng.int(10...16))]
        script.server("{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":[\(jsonNumber(difficulties[0]))]}")
        var jobs: [String] = []
        func notify(_ script: inout ConversationScript, _ rng: inout SplitMix64, clean: Bool) -> String {
            let job = rng.hex(8)
            let merkle = (0..<rng.int(6...11)).map { _ in "\"\(rng.hex(64))\"" }.joined(separator: ",")
            let coinbase1 =
                "01000000010000000000000000000000000000000000000000000000000000000000000000ffffffff4b03"
                + rng.hex(6) + "fabe6d6d" + rng.hex(64) + "0100000000000000"
            let coinbase2 = rng.hex(16) + "ffffffff02" + rng.hex(120) + "00000000"
            script.server(
                "{\"id\":null,\"method\":\"mining.notify\",\"params\":[\"\(job)\",\"\(rng.hex(56))00000000\",\"\(coinbase1)\",\"\(coinbase2)\",[\(merkle)],\"20000000\",\"17034219\",\"\(rng.hex(8))\",\(clean)]}",
                delay: Int64(rng.int(1...30)) * millisecond
            )
            return job
        }
        jobs.append(notify(&script, &rng, clean: true))
        script.client("{\"id\":\(id),\"method\":\"mining.get_transactions\",\"params\":[\"\(jobs[0])\"]}")
        let transactions = (0..<rng.int(2...4)).map { _ in "\"0200000001\(rng.hex(140))\"" }.joined(separator: ",")
        script.server("{\"id\":\(id),\"result\":[\(transactions)],\"error\":null}")
        id += 1
        let total = rng.int(7...10)
        let changeAt = total / 2
        for index in 0..<total {
            if index == changeAt {
                difficulties.append(difficulties[0] * 2)
                script.server(
                    "{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":[\(jsonNumber(difficulties[1]))]}",
                    delay: 2 * second
                )
                jobs.append(notify(&script, &rng, clean: true))
            }
            let job = jobs.last!
            let error: String? =
                switch index {
                case 1: "[23,\"Low difficulty share\",null]"
                case changeAt + 1: "[21,\"Job not found\",null]"
                default: nil
                }
            script.share(
                "{\"id\":\(id),\"method\":\"mining.submit\",\"params\":[\"\(login)\",\"\(job)\",\"\(rng.hex(16))\",\"\(rng.hex(8))\",\"\(rng.hex(8))\",\"\(rng.hex(3))0000\"]}",
                delay: Int64(rng.int(500...3_000)) * millisecond,
                reply: "{\"id\":\(id),\"result\":\(error == nil ? "true" : "null"),\"error\":\(error ?? "null")}",
                accepted: error == nil
            )
            id += 1
        }
        let name = options.name("stratum-v1-bitcoin")
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
                    dialect: "stratum-v1",
                    login: login,
                    worker: worker,
                    agent: agent,
                    shares: script.shares,
                    difficulties: difficulties,
                    notes:
                        "configure, subscribe, extranonce.subscribe, authorize, get_transactions; difficulty changes mid-session"
                )
            ]
        )
    }

    /// Zcash Stratum as spoken by EWBF: subscribe with host and port, authorize, set_target, notify, submits.
    public static func zcashStratum(_ setup: ScenarioSetup, options: MiningOptions = MiningOptions()) -> ScenarioOutput
    {
        var rng = SplitMix64(seed: setup.seed)
        let path = options.path(setup, client: "192.168.10.48", server: endpoint("37.187.149.70", 3333), rng: &rng)
        let agent = options.agent ?? "EWBF 0.3.4b"
        let login = "t1" + rng.base58(33) + ".rig4"
        let nonce1 = rng.hex(10)
        var script = ConversationScript()
        script.client(
            "{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"\(agent)\",null,\"zec-eu.suprnova.cc\",\"3333\"]}"
        )
        script.server("{\"id\":1,\"result\":[\"\(nonce1)\", \"\(nonce1)\"], \"error\": null}")
        script.client("{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"\(login)\",\"x\"]}")
        script.server("{\"id\":2,\"result\":true, \"error\": null}")
        script.client("{\"id\":3,\"method\":\"mining.extranonce.subscribe\",\"params\":[]}")
        script.server("{\"id\":3,\"result\":true, \"error\": null}")
        var targets: [String] = ["0004189374bc6a7ef9db22d0e5604189374bc6a7ef9db22d0e5604189374bc6a"]
        script.server("{\"id\":null,\"method\":\"mining.set_target\",\"params\":[\"\(targets[0])\"]}")
        func notify(_ script: inout ConversationScript, _ rng: inout SplitMix64) -> (String, String) {
            let job = rng.hex(20)
            let time = rng.hex(8)
            script.server(
                "{\"id\":null,\"method\":\"mining.notify\",\"params\":[\"\(job)\",\"04000000\",\"\(rng.hex(56))00000000\",\"\(rng.hex(64))\",\"0000000000000000000000000000000000000000000000000000000000000000\",\"\(time)\",\"\(rng.hex(8))\",true]}",
                delay: Int64(rng.int(5...40)) * millisecond
            )
            return (job, time)
        }
        var job = notify(&script, &rng)
        var id = 100
        let total = rng.int(6...9)
        for index in 0..<total {
            if index == 3 {
                targets.append("0008312e9e2fbaa0f4e8b3cfa8a86aa4e3eb9bd5e1bd3ae2b78a6e85d2fbc7c0")
                script.server(
                    "{\"id\":null,\"method\":\"mining.set_target\",\"params\":[\"\(targets[1])\"]}",
                    delay: second
                )
                job = notify(&script, &rng)
            }
            let solution = "fd4005" + rng.hex(2688)
            let accepted = index != total - 2
            script.share(
                "{\"id\":\(id),\"method\":\"mining.submit\",\"params\":[\"\(login)\",\"\(job.0)\",\"\(job.1)\",\"\(rng.hex(54))\",\"\(solution)\"]}",
                delay: Int64(rng.int(1_000...8_000)) * millisecond,
                reply: accepted
                    ? "{\"id\":\(id),\"result\":true}"
                    : "{\"id\":\(id),\"result\":null,\"error\":[23,\"Low difficulty share\",null]}",
                accepted: accepted
            )
            id += 1
        }
        let name = options.name("zcash-stratum")
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
                    dialect: "stratum-v1",
                    login: login,
                    worker: "rig4",
                    agent: agent,
                    shares: script.shares,
                    targets: targets,
                    notes:
                        "EWBF-style Zcash Stratum: set_target instead of set_difficulty, 1347-byte Equihash solutions"
                )
            ]
        )
    }

    /// The XMRig `algo` list sent at login.
    static let xmrigAlgorithms =
        "[\"rx/0\",\"cn/2\",\"cn/r\",\"cn/fast\",\"cn/half\",\"cn/xao\",\"cn/rto\",\"cn/rwz\",\"cn/zls\",\"cn/double\",\"cn/ccx\",\"cn-lite/1\",\"cn-heavy/0\",\"cn-heavy/tube\",\"cn-heavy/xhv\",\"cn-pico\",\"cn-pico/tlo\",\"cn/upx2\",\"rx/wow\",\"rx/arq\",\"rx/graft\",\"rx/sfx\",\"rx/keva\",\"argon2/chukwa\",\"argon2/chukwav2\",\"argon2/ninja\",\"ghostrider\"]"

    /// A CryptoNote compact target (4 bytes little-endian, hex) for a difficulty.
    static func cryptonoteTarget(difficulty: UInt64) -> (String, Double) {
        let value = UInt32(0xFFFF_FFFF / difficulty)
        let hex = withUnsafeBytes(of: value.littleEndian) { bytes in
            bytes.map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
        }
        return (hex, Double(0xFFFF_FFFF / UInt64(value)))
    }

    /// CryptoNote (XMRig): login with agent and algo list, job, submits with OK and errors, keepalived.
    public static func cryptonoteXMRig(
        _ setup: ScenarioSetup,
        options: MiningOptions = MiningOptions()
    )
        -> ScenarioOutput
    {
        var rng = SplitMix64(seed: setup.seed)
        let path = options.path(setup, client: "192.168.10.77", server: endpoint("94.130.12.27", 3333), rng: &rng)
        let agent = options.agent ?? "XMRig/6.21.0 (Linux x86_64) libuv/1.44.2 gcc/12.2.0"
        let wallet = "4" + rng.pick(["3", "4", "5", "6", "7", "8", "9", "A", "B"]) + rng.base58(93)
        let worker = "worker-\(rng.int(1...99))"
        let login = "\(wallet).\(worker)"
        let session = "\(rng.hex(8))-\(rng.hex(4))-\(rng.hex(4))-\(rng.hex(4))-\(rng.hex(12))"
        var script = ConversationScript()
        script.client(
            "{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"login\",\"params\":{\"login\":\"\(login)\",\"pass\":\"x\",\"agent\":\"\(agent)\",\"algo\":\(Self.xmrigAlgorithms)}}"
        )
        let first = Self.cryptonoteTarget(difficulty: UInt64(rng.int(50_000...250_000)))
        var targets = [first.0]
        var difficulties = [first.1]
        let seedHash = rng.hex(64)
        var height = rng.int(3_000_000...3_200_000)
        func job(_ rng: inout SplitMix64, _ target: String) -> (String, String) {
            let id = rng.hex(8)
            let body =
                "{\"blob\":\"1010\(rng.hex(148))\",\"job_id\":\"\(id)\",\"target\":\"\(target)\",\"algo\":\"rx/0\",\"height\":\(height),\"seed_hash\":\"\(seedHash)\"}"
            height += 1
            return (id, body)
        }
        var current = job(&rng, targets[0])
        script.server(
            "{\"id\":1,\"jsonrpc\":\"2.0\",\"error\":null,\"result\":{\"id\":\"\(session)\",\"job\":\(current.1),\"extensions\":[\"algo\",\"nicehash\",\"connect\",\"tls\",\"keepalive\"],\"status\":\"OK\"}}"
        )
        var id = 2
        let total = rng.int(8...12)
        for index in 0..<total {
            if index == total / 2 {
                let next = Self.cryptonoteTarget(difficulty: UInt64(difficulties[0] * 1.5))
                targets.append(next.0)
                difficulties.append(next.1)
                current = job(&rng, next.0)
                script.server("{\"jsonrpc\":\"2.0\",\"method\":\"job\",\"params\":\(current.1)}", delay: 3 * second)
            }
            if index == 4 {
                script.client(
                    "{\"id\":\(id),\"jsonrpc\":\"2.0\",\"method\":\"keepalived\",\"params\":{\"id\":\"\(session)\"}}",
                    delay: 60 * second
                )
                script.server(
                    "{\"id\":\(id),\"jsonrpc\":\"2.0\",\"error\":null,\"result\":{\"status\":\"KEEPALIVED\"}}"
                )
                id += 1
            }
            let error: String? =
                switch index {
                case 2: "Low difficulty share"
                case total - 1: "Block expired"
                default: nil
                }
            script.share(
                "{\"id\":\(id),\"jsonrpc\":\"2.0\",\"method\":\"submit\",\"params\":{\"id\":\"\(session)\",\"job_id\":\"\(current.0)\",\"nonce\":\"\(rng.hex(8))\",\"result\":\"\(rng.hex(60))0000\",\"algo\":\"rx/0\"}}",
                delay: Int64(rng.int(2_000...20_000)) * millisecond,
                reply: error.map { "{\"id\":\(id),\"jsonrpc\":\"2.0\",\"error\":{\"code\":-1,\"message\":\"\($0)\"}}" }
                    ?? "{\"id\":\(id),\"jsonrpc\":\"2.0\",\"error\":null,\"result\":{\"status\":\"OK\"}}",
                accepted: error == nil
            )
            id += 1
        }
        let name = options.name("cryptonote-xmrig")
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
                    dialect: "cryptonote",
                    login: login,
                    worker: worker,
                    agent: agent,
                    shares: script.shares,
                    difficulties: difficulties,
                    targets: targets,
                    notes: "difficulty = floor(0xFFFFFFFF / target as little-endian UInt32); one keepalived"
                )
            ]
        )
    }

    /// CryptoNote login without an agent (CoinHive-style browser/proxy miner) and job replies.
    public static func cryptonoteNoAgent(
        _ setup: ScenarioSetup,
        options: MiningOptions = MiningOptions()
    )
        -> ScenarioOutput
    {
        var rng = SplitMix64(seed: setup.seed)
        let path = options.path(setup, client: "192.168.10.90", server: endpoint("192.110.160.114", 3333), rng: &rng)
        let login = "4" + rng.pick(["3", "4", "5", "6", "7", "8", "9", "A", "B"]) + rng.base58(93)
        var script = ConversationScript()
        script.client("{\"id\":1,\"method\":\"login\",\"params\":{\"login\":\"\(login)\",\"pass\":\"donations\"}}")
        let session = "\(rng.hex(8))-\(rng.hex(4))-\(rng.hex(4))-\(rng.hex(4))-\(rng.hex(12))"
        let target = Self.cryptonoteTarget(difficulty: UInt64(rng.int(5_000...20_000)))
        script.server(
            "{\"id\":1,\"jsonrpc\":\"2.0\",\"error\":null,\"result\":{\"id\":\"\(session)\",\"job\":{\"blob\":\"0707\(rng.hex(148))\",\"job_id\":\"\(rng.hex(28))\",\"target\":\"\(target.0)\",\"id\":\"\(session)\"},\"status\":\"OK\"}}"
        )
        for index in 0..<rng.int(2...4) {
            script.share(
                "{\"id\":\(index + 2),\"method\":\"submit\",\"params\":{\"id\":\"\(session)\",\"job_id\":\"\(rng.hex(28))\",\"nonce\":\"\(rng.hex(8))\",\"result\":\"\(rng.hex(60))0000\"}}",
                delay: Int64(rng.int(3_000...15_000)) * millisecond,
                reply: "{\"id\":\(index + 2),\"jsonrpc\":\"2.0\",\"error\":null,\"result\":{\"status\":\"OK\"}}",
                accepted: true
            )
        }
        let name = options.name("cryptonote-no-agent")
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
                    dialect: "cryptonote",
                    login: login,
                    shares: script.shares,
                    difficulties: [target.1],
                    targets: [target.0],
                    notes: "login without agent (CoinHive style)"
                )
            ]
        )
    }

    /// eth-proxy (ethminer/Claymore style): eth_submitLogin, eth_getWork, eth_submitWork, eth_submitHashrate.
    public static func ethProxy(_ setup: ScenarioSetup, options: MiningOptions = MiningOptions()) -> ScenarioOutput {
        var rng = SplitMix64(seed: setup.seed)
        let path = options.path(setup, client: "192.168.10.33", server: endpoint("185.71.66.39", 9999), rng: &rng)
        let wallet = "0x" + rng.hex(40)
        let worker = "rig\(rng.int(1...9))"
        let login = "\(wallet)/\(worker)"
        let boundary = "0x00000000" + rng.hex(56)
        var script = ConversationScript()
        script.client(
            "{\"worker\": \"\(worker)\", \"jsonrpc\": \"2.0\", \"params\": [\"\(login)\", \"x\"], \"id\": 2, \"method\": \"eth_submitLogin\"}"
        )
        script.server("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":true}")
        var header = "0x" + rng.hex(64)
        let seed = "0x" + rng.hex(64)
        var id = 3
        let hashRate = Double(rng.int(25...95)) * 1_000_000 + Double(rng.int(0...999_999))
        let rateHex =
            "0x" + String(repeating: "0", count: 64 - String(UInt64(hashRate), radix: 16).count)
            + String(UInt64(hashRate), radix: 16)
        let clientID = "0x" + rng.hex(64)
        var rates = 0
        for round in 0..<rng.int(8...12) {
            script.client(
                "{\"worker\": \"\", \"jsonrpc\": \"2.0\", \"params\": [], \"id\": \(id), \"method\": \"eth_getWork\"}",
                delay: Int64(rng.int(200...2_000)) * millisecond
            )
            script.server("{\"jsonrpc\":\"2.0\",\"id\":\(id),\"result\":[\"\(header)\",\"\(seed)\",\"\(boundary)\"]}")
            id += 1
            if round % 3 == 1 {
                script.client(
                    "{\"worker\": \"\", \"jsonrpc\": \"2.0\", \"params\": [\"\(rateHex)\", \"\(clientID)\"], \"id\": \(id), \"method\": \"eth_submitHashrate\"}"
                )
                script.server("{\"jsonrpc\":\"2.0\",\"id\":\(id),\"result\":true}")
                rates += 1
                id += 1
            }
            if round % 4 == 2 {
                script.share(
                    "{\"worker\": \"\", \"jsonrpc\": \"2.0\", \"params\": [\"0x\(rng.hex(16))\", \"\(header)\", \"0x\(rng.hex(64))\"], \"id\": \(id), \"method\": \"eth_submitWork\"}",
                    reply: "{\"jsonrpc\":\"2.0\",\"id\":\(id),\"result\":\(round != 6)}",
                    accepted: round != 6
                )
                id += 1
            }
            if round % 2 == 0 {
                header = "0x" + rng.hex(64)
                script.server(
                    "{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":[\"\(header)\",\"\(seed)\",\"\(boundary)\"]}",
                    delay: Int64(rng.int(3_000...14_000)) * millisecond
                )
            }
        }
        let name = options.name("eth-proxy")
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
                    dialect: "eth-proxy",
                    login: login,
                    worker: worker,
                    shares: script.shares,
                    targets: [boundary],
                    reportedHashRate: hashRate,
                    notes: "\(rates) eth_submitHashrate; pool pushes new work with id 0"
                )
            ]
        )
    }

    /// EthereumStratum/1.0.0 (NiceHash): subscribe with protocol name, extranonce, set_difficulty, notify, submit.
    public static func ethereumStratumNiceHash(
        _ setup: ScenarioSetup,
        options: MiningOptions = MiningOptions()
    )
        -> ScenarioOutput
    {
        var rng = SplitMix64(seed: setup.seed)
        let path = options.path(setup, client: "192.168.10.54", server: endpoint("34.149.22.7", 3353), rng: &rng)
        let agent = options.agent ?? "NiceMiner/1.0"
        let login = "0x" + rng.hex(40) + ".nh\(rng.int(1...9))"
        var script = ConversationScript()
        script.client(
            "{\"id\": 1, \"method\": \"mining.subscribe\", \"params\": [\"\(agent)\", \"EthereumStratum/1.0.0\"]}"
        )
        script.server(
            "{\"id\": 1, \"result\": [[\"mining.notify\", \"\(rng.hex(32))\", \"EthereumStratum/1.0.0\"], \"\(rng.hex(4))\"], \"error\": null}"
        )
        script.client("{\"id\": 2, \"method\": \"mining.extranonce.subscribe\", \"params\": []}")
        script.server("{\"id\": 2, \"result\": true, \"error\": null}")
        script.client("{\"id\": 3, \"method\": \"mining.authorize\", \"params\": [\"\(login)\", \"x\"]}")
        script.server("{\"id\": 3, \"result\": true, \"error\": null}")
        let difficulties: [Double] = [0.5, 1]
        script.server(
            "{\"id\": null, \"method\": \"mining.set_difficulty\", \"params\": [\(jsonNumber(difficulties[0]))]}"
        )
        var job = rng.hex(8)
        script.server(
            "{\"id\": null, \"method\": \"mining.notify\", \"params\": [\"\(job)\", \"\(rng.hex(64))\", \"\(rng.hex(64))\", true]}"
        )
        let total = rng.int(5...8)
        for index in 0..<total {
            if index == 3 {
                script.server(
                    "{\"id\": null, \"method\": \"mining.set_difficulty\", \"params\": [\(jsonNumber(difficulties[1]))]}",
                    delay: second
                )
                job = rng.hex(8)
                script.server(
                    "{\"id\": null, \"method\": \"mining.notify\", \"params\": [\"\(job)\", \"\(rng.hex(64))\", \"\(rng.hex(64))\", true]}"
                )
            }
            script.share(
                "{\"id\": \(index + 4), \"method\": \"mining.submit\", \"params\": [\"\(login)\", \"\(job)\", \"\(rng.hex(12))\"]}",
                delay: Int64(rng.int(1_000...9_000)) * millisecond,
                reply: index == 4
                    ? "{\"id\": \(index + 4), \"result\": false, \"error\": [21, \"Job not found\", null]}"
                    : "{\"id\": \(index + 4), \"result\": true, \"error\": null}",
                accepted: index != 4
            )
        }
        let name = options.name("ethereum-stratum-nicehash")
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
                    dialect: "ethereum-stratum",
                    login: login,
                    agent: agent,
                    shares: script.shares,
                    difficulties: difficulties,
                    notes: "EthereumStratum/1.0.0: 3-parameter notify, 3-parameter submit"
                )
            ]
        )
    }
}
