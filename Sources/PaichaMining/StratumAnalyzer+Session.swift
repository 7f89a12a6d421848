import PaichaCore

extension StratumAnalyzer {
    /// The mining session read so far, or `nil` unless a mining protocol was recognised.
    ///
    /// Confidence is `.confirmed` when miner requests and pool messages answering them (replies matched by
    /// id, or notifications of the same dialect) were both read; `.likely` when only one side was.
    public func session() -> MiningSession? {
        let state = self.state
        guard let dialect = state.dialect, let firstSeen = state.firstSeen, let lastSeen = state.lastSeen else {
            return nil
        }
        let fromOriginator = state.minerRequests[.originatorToResponder] ?? 0
        let fromResponder = state.minerRequests[.responderToOriginator] ?? 0
        let minerDirection: FlowDirection
        if fromOriginator + fromResponder > 0 {
            minerDirection = fromOriginator >= fromResponder ? .originatorToResponder : .responderToOriginator
        } else {
            let poolOriginator = state.poolMessages[.originatorToResponder] ?? 0
            let poolResponder = state.poolMessages[.responderToOriginator] ?? 0
            minerDirection = poolResponder >= poolOriginator ? .originatorToResponder : .responderToOriginator
        }
        let minerSpoke = (state.minerRequests[minerDirection] ?? 0) > 0
        let poolSpoke = (state.poolMessages[minerDirection.reversed] ?? 0) > 0
        let confidence: Confidence = minerSpoke && poolSpoke ? .confirmed : .likely

        var login = state.login
        var wallet: String?
        var worker: String?
        if let text = login {
            (wallet, worker) = StratumLogin.split(text)
        }
        if worker == nil, let field = state.workerField { worker = field }
        if login == nil, let user = state.httpUser {
            // getwork/getblocktemplate miners log in with HTTP Basic authentication.
            login = user
            (wallet, worker) = StratumLogin.split(user)
        }
        let walletCoin = wallet.flatMap(StratumLogin.coin(ofAddress:))
        let agent = state.agent ?? state.httpAgent
        let (algorithm, coin) = Self.algorithm(
            dialect: dialect,
            state: state,
            agent: agent,
            walletCoin: walletCoin
        )
        var poolNames = state.poolNames
        if let host = state.httpHost, !poolNames.contains(host), poolNames.count < self.limits.maximumPoolNames {
            poolNames.append(host)
        }
        var limitsHit = state.limitsHit
        limitsHit.merge(self.originator.limitsHit, uniquingKeysWith: +)
        limitsHit.merge(self.responder.limitsHit, uniquingKeysWith: +)

        return MiningSession(
            dialect: dialect,
            algorithm: algorithm,
            coin: coin,
            login: login,
            wallet: wallet,
            worker: worker,
            agent: agent,
            poolNames: poolNames,
            minerDirection: minerDirection,
            firstSeen: firstSeen,
            lastSeen: lastSeen,
            shares: state.shares,
            difficulty: state.difficulty.map { change in
                var change = change
                change.hashesPerShare = StratumWork.hashesPerShare(change, dialect: dialect, algorithm: algorithm)
                return change
            },
            reportedHashrates: state.hashrates,
            shareAnswers: state.shareAnswers,
            methodCounts: state.methodCounts,
            confidence: confidence,
            reason: Self.reason(state: state, dialect: dialect, confidence: confidence),
            evidence: state.evidence,
            limitsHit: limitsHit
        )
    }

    /// The algorithm and coin: explicit fields first, then what the dialect and message shapes imply; `nil` when unknown.
    static func algorithm(
        dialect: MiningDialect,
        state: StratumSessionState,
        agent: String?,
        walletCoin: String?
    ) -> (String?, String?) {
        let lowerAgent = agent?.lowercased() ?? ""
        let bitcoinMiner = ["bfgminer", "cgminer", "bmminer", "cpuminer"].contains(where: lowerAgent.contains)
        switch dialect {
        case .cryptonote:
            if let algorithm = state.cryptonoteAlgorithm {
                return (algorithm, Self.cryptonoteCoin(algorithm) ?? (walletCoin == "XMR" ? "XMR" : nil))
            }
            return (nil, walletCoin == "XMR" ? "XMR" : nil)
        case .ethProxy:
            return ("ethash", "ETH")
        case .ethereumStratum:
            return ("ethash", walletCoin == "ETH" ? "ETH" : nil)
        case .stratumV1:
            if state.equihashHint || state.zcashNotify {
                return ("equihash", walletCoin == "ZEC" || state.zcashNotify ? "ZEC" : nil)
            }
            if state.bitcoinNotify && (bitcoinMiner || walletCoin == "BTC") {
                return ("sha256d", walletCoin == "BTC" ? "BTC" : nil)
            }
            return (nil, nil)
        case .getwork, .getblocktemplate:
            if bitcoinMiner || walletCoin == "BTC" { return ("sha256d", walletCoin == "BTC" ? "BTC" : nil) }
            return (nil, nil)
        case .stratumV2:
            return (nil, nil)
        }
    }

    /// The coin an XMRig-style algorithm name belongs to, where it names one coin.
    static func cryptonoteCoin(_ algorithm: String) -> String? {
        switch algorithm.lowercased() {
        case "rx/0", "randomx", "cn/r", "cn/2", "cn/1", "cryptonight/r", "cryptonight/2", "cryptonight/1": return "XMR"
        case "rx/wow": return "WOW"
        case "rx/arq": return "ARQ"
        case "rx/graft": return "GRFT"
        case "rx/sfx": return "SFX"
        case "rx/keva": return "KVA"
        case "cn/half", "cryptonight/half": return "MSR"
        case "cn-lite/1", "cryptonight-lite/1": return "AEON"
        case "argon2/chukwa", "argon2/chukwav2": return "TRTL"
        case "kawpow": return "RVN"
        case "ghostrider": return "RTM"
        default: return nil
        }
    }

    /// One nDPI-style sentence: `[PLAIN TEXT (mining.subscribe)] stratum-v1: 46 submits (45 accepted, 1 rejected), …`.
    static func reason(state: StratumSessionState, dialect: MiningDialect, confidence: Confidence) -> String {
        let method = state.firstMiningMethod ?? dialect.rawValue
        let transport = state.httpMessages > 0 ? "HTTP \(state.httpMethod ?? "POST")" : "PLAIN TEXT"
        var parts: [String] = []
        let shares = state.shares
        if shares.submitted > 0 {
            var text = "\(shares.submitted) submit\(shares.submitted == 1 ? "" : "s")"
            if shares.accepted + shares.rejected > 0 {
                text += " (\(shares.accepted) accepted, \(shares.rejected) rejected)"
            }
            parts.append(text)
        }
        if state.repliesMatched > 0 {
            parts.append("\(state.repliesMatched) repl\(state.repliesMatched == 1 ? "y" : "ies") matched by id")
        }
        if confidence == .likely { parts.append("no mining reply from the other side") }
        if state.longPolling != nil { parts.append("long polling offered") }
        if state.gaps > 0 { parts.append("\(state.gaps) gap\(state.gaps == 1 ? "" : "s")") }
        let tail = parts.isEmpty ? "" : ", " + parts.joined(separator: ", ")
        return "[\(transport) (\(method))] \(dialect.rawValue)\(tail)"
    }
}
