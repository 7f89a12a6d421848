import PaichaCore

/// Everything the analyzer learnt from the messages of one connection so far.
struct StratumSessionState {
    // Recognition.
    var dialect: MiningDialect?
    var firstMiningMethod: String?
    var minerRequests: [FlowDirection: Int] = [:]
    var poolMessages: [FlowDirection: Int] = [:]
    var repliesMatched = 0
    var cryptonoteLoginPending = false
    // Bookkeeping.
    var messagesRead = 0
    var jsonErrors = 0
    var gaps = 0
    var httpMessages = 0
    var httpWithoutJSON = 0
    var limitsHit: [String: Int] = [:]
    var pending: [FlowDirection: [String: String]] = [:]
    var firstSeen: Timestamp?
    var lastSeen: Timestamp?
    // Identity.
    var login: String?
    var workerField: String?
    var agent: String?
    var httpAgent: String?
    var httpUser: String?
    var httpHost: String?
    var httpMethod: String?
    var longPolling: String?
    var poolNames: [String] = []
    // Work.
    var shares = ShareCounts()
    var shareAnswers: [ShareAnswer] = []
    var difficulty: [DifficultyChange] = []
    var hashrates: [ReportedHashrate] = []
    var methodCounts: [String: Int] = [:]
    var evidence: [Evidence] = []
    var evidenceLabels: Set<String> = []
    // Algorithm hints.
    var cryptonoteAlgorithm: String?
    var equihashHint = false
    var zcashNotify = false
    var bitcoinNotify = false

    /// Miner names (as `mining.subscribe` agents begin) that only mine Equihash.
    static let equihashMinerPrefixes = ["ewbf", "equihashminer", "nheqminer", "dstm", "zecminer", "zm "]

    mutating func hit(_ name: String) {
        self.limitsHit[name, default: 0] += 1
    }

    // MARK: - Reading one message

    /// Reads one JSON-RPC message (request, notification or reply).
    mutating func read(_ message: JSONValue, _ context: StratumMessageContext, limits: StratumLimits) {
        guard case .object = message else { return }
        self.messagesRead += 1
        self.seen(context.time)
        let method = message["method"]?.stringValue
        let idKey = message["id"]?.idKey
        if let method {
            self.count(method, limits: limits)
            let isRequest = idKey != nil
            let kept = self.readRequest(method, message, context, limits: limits)
            if let idKey, kept != nil || self.dialect != nil {
                self.remember(request: kept ?? method, id: idKey, from: context.direction, limits: limits)
            }
            if self.evidence.count < limits.maximumEvidence {
                self.quote("\(method) \(isRequest ? "request" : "notification")", context, limits: limits)
            }
        } else if message["result"] != nil || message["error"] != nil {
            var request: String?
            if let idKey {
                request = self.pending[context.direction.reversed]?.removeValue(forKey: idKey)
            }
            self.readReply(to: request, message, context, limits: limits)
            if self.evidence.count < limits.maximumEvidence, self.dialect != nil || request != nil {
                self.quote(request.map { "reply to \($0)" } ?? "reply", context, limits: limits)
            }
        }
    }

    private mutating func count(_ method: String, limits: StratumLimits) {
        // One lookup for a method already counted (the usual case).
        if let index = self.methodCounts.index(forKey: method) {
            self.methodCounts.values[index] += 1
            return
        }
        if self.methodCounts.count >= limits.maximumDistinctMethods {
            self.hit("StratumLimits.maximumDistinctMethods")
            return
        }
        self.methodCounts[method] = 1
    }

    private mutating func remember(
        request method: String,
        id: String,
        from direction: FlowDirection,
        limits: StratumLimits
    ) {
        // Mutated in place (no copy of the table per request).
        if self.pending[direction, default: [:]][id] == nil
            && self.pending[direction, default: [:]].count >= limits.maximumPendingRequests
        {
            self.hit("StratumLimits.maximumPendingRequests")
            return
        }
        self.pending[direction, default: [:]][id] = method
    }

    private mutating func quote(_ label: String, _ context: StratumMessageContext, limits: StratumLimits) {
        guard self.evidence.count < limits.maximumEvidence, !self.evidenceLabels.contains(label) else { return }
        self.evidenceLabels.insert(label)
        let cut = min(context.raw.count, limits.maximumExcerptLength)
        var excerpt = String(decoding: UnsafeRawBufferPointer(rebasing: context.raw[0..<cut]), as: UTF8.self)
        if cut < context.raw.count { excerpt += "…" }
        self.evidence.append(Evidence(label: label, excerpt: excerpt, location: context.location))
    }

    private mutating func seen(_ time: Timestamp) {
        if self.firstSeen.map({ time < $0 }) ?? true { self.firstSeen = time }
        if self.lastSeen.map({ time > $0 }) ?? true { self.lastSeen = time }
    }

    /// A miner request of `dialect` was read from `direction`.
    private mutating func miner(_ method: String, _ dialect: MiningDialect, _ context: StratumMessageContext) {
        if self.dialect == nil || (self.dialect == .stratumV1 && dialect == .ethereumStratum) { self.dialect = dialect }
        if self.firstMiningMethod == nil { self.firstMiningMethod = method }
        self.minerRequests[context.direction, default: 0] += 1
    }

    /// A pool notification or a pool reply that fits a miner request was read from `direction`.
    private mutating func pool(_ method: String, _ dialect: MiningDialect?, _ context: StratumMessageContext) {
        if self.dialect == nil, let dialect { self.dialect = dialect }
        if self.firstMiningMethod == nil { self.firstMiningMethod = method }
        self.poolMessages[context.direction, default: 0] += 1
    }

    private mutating func setLogin(_ value: JSONValue?) {
        guard self.login == nil, let text = value?.stringValue, !text.isEmpty else { return }
        self.login = text
    }

    private mutating func addPoolName(_ name: String, limits: StratumLimits) {
        guard !self.poolNames.contains(name) else { return }
        guard self.poolNames.count < limits.maximumPoolNames else {
            self.hit("StratumLimits.maximumPoolNames")
            return
        }
        self.poolNames.append(name)
    }

    private mutating func setWork(
        difficulty: Double? = nil,
        target: String? = nil,
        at time: Timestamp,
        limits: StratumLimits
    ) {
        guard difficulty != nil || target != nil else { return }
        if let last = self.difficulty.last, last.difficulty == difficulty, last.target == target { return }
        guard self.difficulty.count < limits.maximumDifficultyChanges else {
            self.hit("StratumLimits.maximumDifficultyChanges")
            return
        }
        self.difficulty.append(DifficultyChange(time: time, difficulty: difficulty, target: target))
    }

    // MARK: - Requests and notifications

    /// Every method `readRequest` acts on; any other method only counts (see `StratumAnalyzer.parseMessage`).
    static let recognisedMethods: Set<String> = [
        "mining.subscribe", "mining.authorize", "mining.submit", "mining.configure", "mining.extranonce.subscribe",
        "mining.get_transactions", "mining.suggest_difficulty", "mining.suggest_target", "mining.capabilities",
        "client.reconnect", "mining.notify", "mining.set_difficulty", "mining.set_target", "login", "submit", "job",
        "eth_submitLogin", "eth_getWork", "eth_submitWork", "eth_submitHashrate", "getwork", "getblocktemplate",
        "submitblock",
    ]

    /// Reads a message with a method; returns the name to remember for its reply, or `nil` if it is no mining method.
    private mutating func readRequest(
        _ method: String,
        _ message: JSONValue,
        _ context: StratumMessageContext,
        limits: StratumLimits
    ) -> String? {
        let params = message["params"]
        var recognised = true
        // Every method handled below must be in `recognisedMethods`, which decides which messages are parsed fully.
        defer { assert(recognised == Self.recognisedMethods.contains(method), "recognisedMethods lacks \(method)") }
        switch method {
        case "mining.subscribe":
            let isEthereumStratum = params?[1]?.stringValue?.hasPrefix("EthereumStratum/") ?? false
            self.miner(method, isEthereumStratum ? .ethereumStratum : .stratumV1, context)
            if self.agent == nil, let agent = params?[0]?.stringValue, !agent.isEmpty { self.agent = agent }
            if let host = params?[2]?.stringValue.flatMap(StratumLogin.hostName) {
                self.addPoolName(host, limits: limits)
            }
            if let agent = self.agent?.lowercased(), Self.equihashMinerPrefixes.contains(where: agent.hasPrefix) {
                self.equihashHint = true
            }
            return method
        case "mining.authorize":
            self.miner(method, .stratumV1, context)
            self.setLogin(params?[0])
            return method
        case "mining.submit":
            self.miner(method, .stratumV1, context)
            self.shares.submitted += 1
            self.setLogin(params?[0])
            if let solution = params?[4]?.stringValue, solution.hasPrefix("fd4005") { self.equihashHint = true }
            return method
        case "mining.configure", "mining.extranonce.subscribe", "mining.get_transactions", "mining.suggest_difficulty",
            "mining.suggest_target", "mining.capabilities":
            self.miner(method, .stratumV1, context)
            return method
        case "client.reconnect":
            // A pool sending the miner elsewhere names the next pool: [host, port, wait].
            if let host = params?[0]?.stringValue.flatMap(StratumLogin.hostName) {
                self.addPoolName(host, limits: limits)
            }
            return method
        case "mining.notify":
            guard let elements = params?.arrayValue else { return nil }
            self.pool(method, .stratumV1, context)
            if elements.count >= 9, elements[4].arrayValue != nil,
                let previous = elements[1].stringValue, StratumLogin.isHexString(previous, digits: 64)
            {
                self.bitcoinNotify = true
            }
            if elements.count == 8, elements[1].stringValue == "04000000" { self.zcashNotify = true }
            return method
        case "mining.set_difficulty":
            guard let value = params?[0]?.doubleValue else { return nil }
            self.pool(method, .stratumV1, context)
            self.setWork(difficulty: value, at: context.time, limits: limits)
            return method
        case "mining.set_target":
            guard let target = params?[0]?.stringValue, StratumLogin.isHexString(target) else { return nil }
            self.pool(method, .stratumV1, context)
            self.equihashHint = true
            self.setWork(target: target, at: context.time, limits: limits)
            return method
        case "login":
            guard let login = params?["login"]?.stringValue else { return nil }
            let agent = params?["agent"]?.stringValue
            if StratumLogin.coin(ofAddress: StratumLogin.split(login).wallet ?? "") == "XMR" || agent != nil {
                self.miner(method, .cryptonote, context)
            } else {
                self.cryptonoteLoginPending = true
            }
            self.setLogin(params?["login"])
            if self.agent == nil, let agent, !agent.isEmpty { self.agent = agent }
            return method
        case "submit":
            guard params?["job_id"] != nil, params?["nonce"]?.stringValue != nil else { return nil }
            self.miner(method, .cryptonote, context)
            self.shares.submitted += 1
            return method
        case "job":
            guard let params, self.readCryptonoteJob(params, context, limits: limits) else { return nil }
            self.pool(method, .cryptonote, context)
            return method
        case "eth_submitLogin":
            self.miner(method, .ethProxy, context)
            self.setLogin(params?[0])
            if let worker = message["worker"]?.stringValue, !worker.isEmpty { self.workerField = worker }
            return method
        case "eth_getWork":
            self.miner(method, .ethProxy, context)
            return method
        case "eth_submitWork":
            self.miner(method, .ethProxy, context)
            self.shares.submitted += 1
            return method
        case "eth_submitHashrate":
            self.miner(method, .ethProxy, context)
            if let text = params?[0]?.stringValue, let rate = Self.hexNumber(text) {
                if self.hashrates.count < limits.maximumReportedHashrates {
                    self.hashrates.append(ReportedHashrate(time: context.time, hashesPerSecond: rate))
                } else {
                    self.hit("StratumLimits.maximumReportedHashrates")
                }
            }
            return method
        case "getwork":
            self.miner(method, .getwork, context)
            if let submitted = params?.arrayValue, !submitted.isEmpty {
                self.shares.submitted += 1
                return "getwork submission"
            }
            return method
        case "getblocktemplate":
            self.miner(method, .getblocktemplate, context)
            return method
        case "submitblock":
            self.miner(method, .getblocktemplate, context)
            self.shares.submitted += 1
            return method
        default:
            recognised = false
            return nil
        }
    }

    /// Reads a CryptoNote job object; `false` unless it has a blob and a job id.
    private mutating func readCryptonoteJob(
        _ job: JSONValue,
        _ context: StratumMessageContext,
        limits: StratumLimits
    ) -> Bool {
        guard let blob = job["blob"]?.stringValue, StratumLogin.isHexString(blob), job["job_id"] != nil else {
            return false
        }
        if let algorithm = job["algo"]?.stringValue, !algorithm.isEmpty { self.cryptonoteAlgorithm = algorithm }
        if let target = job["target"]?.stringValue, StratumLogin.isHexString(target) {
            self.setWork(target: target, at: context.time, limits: limits)
        }
        return true
    }

    // MARK: - Replies

    /// Counts a pool's answer to a share and keeps its time while `maximumTimedShares` allows.
    private mutating func answerShare(accepted: Bool, _ context: StratumMessageContext, limits: StratumLimits) {
        if accepted { self.shares.accepted += 1 } else { self.shares.rejected += 1 }
        guard self.shareAnswers.count < limits.maximumTimedShares else {
            self.hit("StratumLimits.maximumTimedShares")
            return
        }
        self.shareAnswers.append(ShareAnswer(time: context.time, accepted: accepted))
    }

    private mutating func readReply(
        to request: String?,
        _ message: JSONValue,
        _ context: StratumMessageContext,
        limits: StratumLimits
    ) {
        let result = message["result"]
        let isError = !(message["error"]?.isNull ?? true)
        let isSuccess = !isError && result != nil && !(result?.isNull ?? true) && result != .bool(false)
        guard let request else {
            self.readUnmatchedReply(result, context, limits: limits)
            return
        }
        self.repliesMatched += 1
        switch request {
        case "mining.submit", "eth_submitWork", "getwork submission":
            self.answerShare(accepted: result == .bool(true), context, limits: limits)
            self.pool("reply to \(request)", nil, context)
        case "submit":
            let accepted = !isError && result?["status"]?.stringValue?.uppercased() == "OK"
            self.answerShare(accepted: accepted, context, limits: limits)
            self.pool("reply to submit", nil, context)
        case "submitblock":
            // BIP 22: null means accepted, a string is the reason for rejection.
            self.answerShare(accepted: !isError && (result?.isNull ?? true), context, limits: limits)
            self.pool("reply to submitblock", nil, context)
        case "login":
            guard isSuccess, let job = result?["job"], self.readCryptonoteJob(job, context, limits: limits) else {
                return
            }
            self.cryptonoteLoginPending = false
            self.pool("reply to login", .cryptonote, context)
        case "eth_getWork":
            guard isSuccess, let work = result?.arrayValue, work.count >= 3,
                let boundary = work[2].stringValue, StratumLogin.isHexString(boundary)
            else { return }
            self.setWork(target: boundary, at: context.time, limits: limits)
            self.pool("reply to eth_getWork", nil, context)
        case "getwork":
            guard isSuccess, result?["data"]?.stringValue != nil else { return }
            if let target = result?["target"]?.stringValue {
                self.setWork(target: target, at: context.time, limits: limits)
            }
            self.pool("reply to getwork", nil, context)
        case "getblocktemplate":
            guard isSuccess, result?["previousblockhash"] != nil || result?["target"] != nil else { return }
            if let target = result?["target"]?.stringValue {
                self.setWork(target: target, at: context.time, limits: limits)
            }
            self.pool("reply to getblocktemplate", nil, context)
        default:
            if isSuccess, self.dialect != nil { self.pool("reply to \(request)", nil, context) }
        }
    }

    /// A reply whose id matches no request: eth-proxy pools push new work as `{"id":0,"result":[header,seed,boundary]}`.
    private mutating func readUnmatchedReply(
        _ result: JSONValue?,
        _ context: StratumMessageContext,
        limits: StratumLimits
    ) {
        guard self.dialect == .ethProxy, let work = result?.arrayValue, work.count >= 3,
            work.prefix(3).allSatisfy({ $0.stringValue.map { StratumLogin.isHexString($0, digits: 64) } ?? false }),
            let boundary = work[2].stringValue
        else { return }
        self.setWork(target: boundary, at: context.time, limits: limits)
        self.pool("eth-proxy work", nil, context)
    }

    /// `0x`-prefixed (or bare) hexadecimal as a `Double`.
    static func hexNumber(_ text: String) -> Double? {
        var digits = Substring(text)
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") { digits = digits.dropFirst(2) }
        guard !digits.isEmpty, digits.utf8.allSatisfy(StratumLogin.isHex) else { return nil }
        var value = 0.0
        for byte in digits.utf8 {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            default: digit = byte - UInt8(ascii: "A") + 10
            }
            value = value * 16 + Double(digit)
        }
        return value
    }
}
