public import PaichaCore

/// Recognises JSON-line and HTTP mining protocols in the two reassembled byte streams of ONE TCP connection.
///
/// Feed each direction's in-order bytes with `receive(_:direction:at:location:)` (chunks may split anywhere),
/// report lost bytes with `gap(direction:at:)`, stop early when `isHopeless`, and ask `session()` at the end.
/// Stratum V1 (Bitcoin and Zcash style), EthereumStratum/1.0.0, eth-proxy, CryptoNote and HTTP
/// getwork/getblocktemplate are read by parsing every JSON message; replies are matched to requests by `id`.
///
/// Recognition rules (no substring matching; every message is parsed):
/// - Miner methods: `mining.subscribe/authorize/submit/configure/extranonce.subscribe/get_transactions/
///   suggest_difficulty`, CryptoNote `login` (only with a Monero-shaped wallet or an `agent`, or once the
///   reply carries a job with `blob` and `job_id`), `submit` (with `job_id` and `nonce`), `eth_submitLogin`,
///   `eth_getWork`, `eth_submitWork`, `eth_submitHashrate`, `getwork`, `getblocktemplate`, `submitblock`.
/// - Pool messages: `mining.notify` (array params), `mining.set_difficulty` (number), `mining.set_target`
///   (hex), CryptoNote `job` (blob + job_id), and replies matched by id to miner requests; eth-proxy work
///   pushed as `{"id":0,"result":[header,seed,boundary]}` (nanopool) counts as a pool message.
/// - `eth_getWork` sent to an Ethereum node over HTTP (port 8545) IS reported: it is solo mining, and no
///   ordinary wallet or explorer calls it. Node RPC such as `eth_blockNumber` or `getblockcount` is not.
/// - `.confirmed` needs a miner request and a pool message in the other direction; `.likely` otherwise
///   (one-sided capture, or a pool that only answered with errors).
public struct StratumAnalyzer {
    /// The bounds in force.
    public let limits: StratumLimits
    var originator: StratumLineFramer
    var responder: StratumLineFramer
    var state = StratumSessionState()
    /// When and where the unfinished frame of the originator's direction began.
    var originatorPartialStart: (Timestamp, EvidenceLocation?)?
    /// When and where the unfinished frame of the responder's direction began.
    var responderPartialStart: (Timestamp, EvidenceLocation?)?

    /// Makes an analyzer for one connection.
    public init(limits: StratumLimits = StratumLimits()) {
        self.limits = limits
        self.originator = StratumLineFramer(limits: limits)
        self.responder = StratumLineFramer(limits: limits)
    }

    /// Reads in-order stream bytes sent in `direction`.
    public mutating func receive(
        _ bytes: UnsafeRawBufferPointer,
        direction: FlowDirection,
        at time: Timestamp,
        location: EvidenceLocation?
    ) {
        var framer = StratumLineFramer(limits: self.limits)
        switch direction {
        case .originatorToResponder: swap(&framer, &self.originator)
        case .responderToOriginator: swap(&framer, &self.responder)
        }
        // A frame is dated and located where its first byte arrived: the first frame of this chunk may have
        // begun in an earlier one.
        let carried: (Timestamp, EvidenceLocation?)?
        if framer.hasPartial {
            switch direction {
            case .originatorToResponder: carried = self.originatorPartialStart
            case .responderToOriginator: carried = self.responderPartialStart
            }
        } else {
            carried = nil
        }
        var framesEmitted = 0
        framer.feed(bytes) { frame in
            framesEmitted += 1
            // Passed on as they are (no tuple built per frame): only a carried start is copied out.
            if framesEmitted == 1, let carried {
                self.read(frame, direction: direction, time: carried.0, location: carried.1)
            } else {
                self.read(frame, direction: direction, time: time, location: location)
            }
        }
        if framer.hasPartial && (carried == nil || framesEmitted > 0) {
            switch direction {
            case .originatorToResponder: self.originatorPartialStart = (time, location)
            case .responderToOriginator: self.responderPartialStart = (time, location)
            }
        }
        switch direction {
        case .originatorToResponder: swap(&framer, &self.originator)
        case .responderToOriginator: swap(&framer, &self.responder)
        }
    }

    /// Notes that bytes were lost in `direction`: the partial line is dropped and reading resumes after the next newline.
    public mutating func gap(direction: FlowDirection, at time: Timestamp) {
        switch direction {
        case .originatorToResponder: self.originator.gap()
        case .responderToOriginator: self.responder.gap()
        }
        self.state.gaps += 1
    }

    /// Whether this connection can no longer turn out to be a JSON-line or HTTP mining protocol.
    ///
    /// True when both directions started with bytes that are neither JSON nor HTTP; when one did and sent
    /// `maximumBytesWithoutStart` while the other stayed silent; or when `maximumMessagesWithoutMining`
    /// JSON messages were read without any mining method.
    public var isHopeless: Bool {
        if self.state.dialect != nil { return false }
        if self.originator.isNotCandidate && self.responder.isNotCandidate { return true }
        if self.originator.isNotCandidate && self.responder.bytesSeen == 0
            && self.originator.bytesSeen >= self.limits.maximumBytesWithoutStart
        {
            return true
        }
        if self.responder.isNotCandidate && self.originator.bytesSeen == 0
            && self.responder.bytesSeen >= self.limits.maximumBytesWithoutStart
        {
            return true
        }
        if self.state.messagesRead >= self.limits.maximumMessagesWithoutMining && !self.state.cryptonoteLoginPending {
            return true
        }
        let other = self.state.httpWithoutJSON + self.originator.otherLines + self.responder.otherLines
        if other >= self.limits.maximumOtherMessagesWithoutMining && self.state.messagesRead == 0 {
            return true
        }
        return false
    }

    // MARK: - Frames

    private mutating func read(
        _ frame: StratumFrame,
        direction: FlowDirection,
        time: Timestamp,
        location: EvidenceLocation?
    ) {
        switch frame {
        case .jsonLine(let line):
            self.readJSON(line, direction: direction, time: time, location: location, http: nil)
        case .http(let head, let body):
            self.readHTTP(head: head, body: body, direction: direction, time: time, location: location)
        }
    }

    private mutating func readJSON(
        _ line: UnsafeRawBufferPointer,
        direction: FlowDirection,
        time: Timestamp,
        location: EvidenceLocation?,
        http: HTTPMiningHead?
    ) {
        let value: JSONValue
        do {
            value = try self.parseMessage(line)
        } catch {
            self.state.jsonErrors += 1
            if error.code == .tooDeep { self.state.hit("JSONLimits.maximumDepth") }
            if error.code == .stringTooLong { self.state.hit("JSONLimits.maximumStringLength") }
            if error.code == .tooManyMembers { self.state.hit("JSONLimits.maximumMembers") }
            return
        }
        let context = StratumMessageContext(
            direction: direction,
            time: time,
            location: location,
            raw: line,
            viaHTTP: http != nil
        )
        if case .array(let batch) = value {
            for element in batch { self.state.read(element, context, limits: self.limits) }
        } else {
            self.state.read(value, context, limits: self.limits)
        }
    }

    /// Parses one JSON line or body: in outline first (``JSONParser/parseOutline(_:limits:)``) while nothing
    /// mining was read, fully only when a message names a method the analyzer recognises.
    ///
    /// Until a dialect is known and while no request awaits its reply, a message whose method is not one
    /// of ``StratumSessionState/recognisedMethods`` is read only for its `method`, `id` and whether it has a
    /// `result` or `error` — all in the outline — so ordinary JSON traffic (APIs, logs, node RPC) is not
    /// built value by value. Both parses validate alike, so errors and limits are the same.
    private func parseMessage(_ line: UnsafeRawBufferPointer) throws(JSONError) -> JSONValue {
        guard self.state.dialect == nil, self.state.pending.values.allSatisfy(\.isEmpty) else {
            return try JSONParser.parse(line, limits: self.limits.json)
        }
        let outline = try JSONParser.parseOutline(line, limits: self.limits.json)
        let messages: [JSONValue]
        switch outline {
        case .array(let batch): messages = batch
        default: messages = [outline]
        }
        for message in messages {
            if let method = message["method"]?.stringValue, StratumSessionState.recognisedMethods.contains(method) {
                return try JSONParser.parse(line, limits: self.limits.json)
            }
        }
        return outline
    }

    private mutating func readHTTP(
        head: UnsafeRawBufferPointer,
        body: UnsafeRawBufferPointer,
        direction: FlowDirection,
        time: Timestamp,
        location: EvidenceLocation?
    ) {
        guard let parsed = HTTPMiningHead(head) else { return }
        self.state.httpMessages += 1
        if parsed.isRequest {
            if let agent = parsed.userAgent, !agent.isEmpty { self.state.httpAgent = agent }
            if let user = parsed.basicUser, !user.isEmpty, self.state.httpUser == nil { self.state.httpUser = user }
            if let host = parsed.host.flatMap(StratumLogin.hostName) { self.state.httpHost = host }
            if let method = parsed.method { self.state.httpMethod = method }
        } else if let longPolling = parsed.longPolling {
            self.state.longPolling = longPolling
        }
        let trimmed = StratumLineFramer.trim(body)
        if let first = trimmed.first, first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
            self.readJSON(trimmed, direction: direction, time: time, location: location, http: parsed)
        } else {
            self.state.httpWithoutJSON += 1
        }
    }
}

/// Where and when one JSON message was read.
struct StratumMessageContext {
    var direction: FlowDirection
    var time: Timestamp
    var location: EvidenceLocation?
    var raw: UnsafeRawBufferPointer
    var viaHTTP: Bool
}
