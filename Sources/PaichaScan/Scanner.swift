public import PaichaCapture
import PaichaCore
import PaichaMining

/// The network scan pipeline: packets → flows → TCP streams → protocol recognisers → hosts and sessions.
///
/// Feed it decoded packets (or whole capture files with ``scan(input:progress:)``), then call ``finish()``. It
/// holds bounded state: a flow table, per-flow stream state, a name table; results grow only with
/// the number of mining sessions and nodes found.
public struct Scanner {
    public let configuration: ScanConfiguration
    private var flows: FlowTable<FlowContext>
    private var names: NameTable
    private var nameEvidence: [IPAddress: Evidence] = [:]
    private var sessions: [IPAddress: [SessionRecord]] = [:]
    private var nodes: [IPAddress: NodeRecord] = [:]
    private var lookups: [IPAddress: PoolLookupRecord] = [:]
    private var currentFile = ""
    /// Counts of everything the decoders and flow layer saw, and of every limit hit.
    public private(set) var statistics = ScanStatistics()

    /// Makes a scanner.
    public init(configuration: ScanConfiguration) {
        self.configuration = configuration
        self.flows = FlowTable(limits: configuration.streamLimits)
        self.names = NameTable()
    }

    /// Takes one decoded packet of the named input file.
    public mutating func process(_ packet: DecodedPacket, file: String) {
        if file != self.currentFile { self.currentFile = file }
        self.processPacket(packet)
    }

    /// Takes one decoded packet of the current input file.
    ///
    /// The flow is looked up once and updated in one access (times, counters, FIN/RST, the peer's ACK). Once
    /// its context has settled (ignored, or a node) the context object is not read again: most packets belong
    /// to such flows. Otherwise the context is fetched again only for the segments that still need reading.
    private mutating func processPacket(_ packet: DecodedPacket) {
        self.statistics.ipPackets += 1
        var finished: [Flow<FlowContext>] = []
        if self.flows.isSweepDue(now: packet.timestamp) {
            self.flows.expire(now: packet.timestamp) { flow, statistics in
                Scanner.flushStreams(&flow, statistics: &statistics)
                finished.append(flow)
            }
        }
        let slot = self.flows.slot(for: packet, makeContext: FlowContext.init) { flow, statistics in
            Scanner.flushStreams(&flow, statistics: &statistics)
            finished.append(flow)
        }
        if !finished.isEmpty {
            for flow in finished { self.conclude(flow) }
        }
        let isTCP = packet.transport == .tcp
        let (direction, kind) = self.flows.withFlow(slot) { flow -> (FlowDirection, FlowContext.Kind?) in
            let direction = flow.direction(of: packet)
            if packet.timestamp > flow.lastSeen { flow.lastSeen = packet.timestamp }
            if packet.timestamp < flow.firstSeen { flow.firstSeen = packet.timestamp }
            flow.count(packet, direction: direction)
            if isTCP, packet.tcpFlags.contains(.rst) || packet.tcpFlags.contains(.fin) {
                flow.closedAt = flow.closedAt ?? packet.timestamp
            }
            if !flow.settled && !FlowContext.wantsStream(flow.context.kind) { flow.settled = true }
            // A settled flow's streams are never read again, so only the others note the peer's ACK.
            guard !flow.settled else { return (direction, nil) }
            if isTCP, packet.tcpFlags.contains(.ack) {
                // The ACK number speaks of the bytes travelling the other way.
                flow.withStream(direction.reversed) { $0.peerAcknowledged(packet.acknowledgementNumber) }
            }
            return (direction, flow.context.kind)
        }
        switch packet.transport {
        case .tcp:
            // A segment without payload matters to the stream only for its SYN; nothing else in it is delivered.
            guard kind != nil, !packet.payload.isEmpty || packet.tcpFlags.contains(.syn) else { return }
            self.processTCP(packet, slot: slot, direction: direction)
        case .udp: self.processUDP(packet, slot: slot, kind: kind)
        case .other: break
        }
    }

    /// Hands a segment of a flow whose streams are still read to its reassembler and analyzer.
    private mutating func processTCP(_ packet: DecodedPacket, slot: Int, direction: FlowDirection) {
        let context = self.flows.withFlow(slot) { $0.context }
        let limits = self.configuration.streamLimits
        let stratumLimits = self.configuration.stratumLimits
        let hadServerName = context.serverName != nil
        let location = EvidenceLocation(
            file: self.currentFile,
            offset: packet.fileOffset,
            record: packet.packetIndex,
            timestamp: packet.timestamp
        )
        let responder = self.flows.withFlowAndStatistics(slot) { flow, statistics -> IPAddress in
            let ports = (source: packet.sourcePort, destination: packet.destinationPort)
            let responderPort = flow.responder.port
            flow.withStream(direction) { stream in
                stream.segment(
                    sequence: packet.sequenceNumber,
                    flags: packet.tcpFlags,
                    payload: packet.payload,
                    limits: limits,
                    statistics: &statistics
                ) { event in
                    Scanner.deliver(
                        event,
                        direction: direction,
                        context: context,
                        time: packet.timestamp,
                        location: location,
                        ports: ports,
                        responderPort: responderPort,
                        limits: limits,
                        stratumLimits: stratumLimits
                    )
                }
            }
            return flow.responder.ip
        }
        if !hadServerName, let name = context.serverName {
            self.names.record(name, for: responder, source: .sni)
        }
    }

    // swift-format-ignore: FunctionParameterCount
    private static func deliver(
        _ event: TCPReassembler.Event,
        direction: FlowDirection,
        context: FlowContext,
        time: Timestamp,
        location: EvidenceLocation,
        ports: (source: UInt16, destination: UInt16),
        responderPort: UInt16,
        limits: StreamLimits,
        stratumLimits: StratumLimits
    ) {
        guard case .data(let bytes) = event else {
            if context.kind == .stratum { context.stratum?.gap(direction: direction, at: time) }
            return
        }
        if context.kind == .undecided {
            Scanner.classify(
                bytes,
                direction: direction,
                ports: ports,
                responderPort: responderPort,
                context: context,
                limits: stratumLimits
            )
        }
        switch context.kind {
        case .stratum:
            context.stratum!.receive(bytes, direction: direction, at: time, location: location)
            if context.stratum!.isHopeless {
                context.stratum = nil
                context.kind = .ignored
            }
        case .tls:
            guard direction == .originatorToResponder else { return }
            switch context.tls!.feed(bytes) {
            case .needMoreBytes:
                break
            case .clientHello(let hello):
                context.serverName = hello.serverName.map(NameTable.normalize)
                context.serverNameLocation = location
                context.tls = nil
                context.kind = .ignored
            case .serverHello, .notTLS:
                context.tls = nil
                context.kind = .ignored
            }
        case .stratumV2:
            if let verdict = context.stratumV2!.feed(bytes, direction: direction) {
                context.stratumV2Verdict = verdict
                context.stratumV2 = nil
                context.kind = .ignored
            } else if context.stratumV2!.isFinished {
                context.stratumV2 = nil
                context.kind = .ignored
            }
        case .undecided, .node, .ignored:
            break
        }
        if context.kind == .undecided {
            switch direction {
            case .originatorToResponder: context.inspectedBytes.0 += bytes.count
            case .responderToOriginator: context.inspectedBytes.1 += bytes.count
            }
            if max(context.inspectedBytes.0, context.inspectedBytes.1) > limits.classificationBytes {
                context.kind = .ignored
            }
        }
    }

    /// Decides from the first bytes of a TCP stream what it speaks: cheap tests first.
    private static func classify(
        _ bytes: UnsafeRawBufferPointer,
        direction: FlowDirection,
        ports: (source: UInt16, destination: UInt16),
        responderPort: UInt16,
        context: FlowContext,
        limits: StratumLimits
    ) {
        guard let first = bytes.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D && $0 != 0x0A }) else {
            return
        }
        // getwork and getblocktemplate are HTTP POSTs from the miner; other HTTP is left alone (cheap reject).
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
            || (direction == .originatorToResponder && Scanner.looksLikeHTTPPost(bytes))
        {
            context.kind = .stratum
            context.stratum = StratumAnalyzer(limits: limits)
            return
        }
        if let match = NodeP2P.recogniseTCP(bytes, ports: ports) {
            context.node = match
            context.kind = .node
            return
        }
        if direction == .originatorToResponder, first == 0x16 {
            context.kind = .tls
            context.tls = TLSHelloReader(expecting: .clientHello)
            return
        }
        if direction == .originatorToResponder, bytes.count <= StratumV2ShapeDetector.initiatorHandshakeSize {
            context.kind = .stratumV2
            context.stratumV2 = StratumV2ShapeDetector(responderPort: responderPort)
            return
        }
        context.kind = .ignored
    }

    /// Whether a stream starts with an HTTP/1.x POST request line.
    static func looksLikeHTTPPost(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let post: [UInt8] = [0x50, 0x4F, 0x53, 0x54, 0x20]  // "POST "
        return bytes.count >= post.count && zip(bytes, post).allSatisfy { $0 == $1 }
    }

    /// Reads DNS answers, and the first payload of an undecided flow (`kind` is `nil` once the flow is settled).
    private mutating func processUDP(_ packet: DecodedPacket, slot: Int, kind: FlowContext.Kind?) {
        if packet.sourcePort == 53 || packet.sourcePort == 5353 {
            guard let message = try? DNSMessage(udpPayload: packet.payload), message.isResponse else {
                self.statistics.malformedDNS += 1
                return
            }
            self.statistics.dnsResponses += 1
            let resolutions = message.resolutions().resolutions
            self.names.record(resolutions)
            self.notePoolLookups(message, client: packet.destination, packet: packet)
            for resolution in resolutions {
                for address in resolution.addresses where self.nameEvidence[address] == nil {
                    guard self.nameEvidence.count < self.names.limits.maximumAddresses else { break }
                    let chain = ([resolution.name] + resolution.chain).joined(separator: " → ")
                    self.nameEvidence[address] = Evidence(
                        label: "DNS answer",
                        excerpt: "\(chain) → \(address)",
                        location: EvidenceLocation(
                            file: self.currentFile,
                            offset: packet.fileOffset,
                            record: packet.packetIndex,
                            timestamp: packet.timestamp
                        )
                    )
                }
            }
            return
        }
        if kind == .undecided {
            let context = self.flows.withFlow(slot) { $0.context }
            if let match = NodeP2P.discoveryV4(packet.payload) {
                context.node = match
                context.kind = .node
            } else if !packet.payload.isEmpty {
                context.kind = .ignored
            }
        }
    }

    /// Remembers a client that asked for a pool name: a weak sign by itself, reported apart from miners.
    private mutating func notePoolLookups(_ message: DNSMessage, client: IPAddress, packet: DecodedPacket) {
        for question in message.questions {
            guard let match = self.configuration.indicators.match(name: question.name) else { continue }
            if self.lookups[client] == nil {
                guard self.lookups.count < self.configuration.maximumPoolLookupHosts else {
                    self.statistics.count("maximumPoolLookupHosts", 1)
                    return
                }
                self.lookups[client] = PoolLookupRecord(ip: client, names: [], evidence: [])
            }
            guard !self.lookups[client]!.names.contains(match.name), self.lookups[client]!.names.count < 16 else {
                continue
            }
            self.lookups[client]!.names.append(match.name)
            self.lookups[client]!.evidence.append(
                Evidence(
                    label: "DNS answer for a pool name",
                    excerpt: "\(question.name): \(match.reason)",
                    location: EvidenceLocation(
                        file: self.currentFile,
                        offset: packet.fileOffset,
                        record: packet.packetIndex,
                        timestamp: packet.timestamp
                    )
                )
            )
        }
    }

    /// Reads a whole capture input, decoding and scanning every packet.
    ///
    /// An error in the file ends that file only; what was read before it is kept and the error is
    /// returned in the input's record.
    public mutating func scan(
        input: ScanInput,
        progress: ((Int64) -> Void)? = nil
    ) -> ScannedInput {
        var decoder = PacketDecoder(limits: self.configuration.decodeLimits)
        var reader = CaptureReader(source: input.source, name: input.name, limits: self.configuration.captureLimits)
        var failure: String?
        var packets: Int64 = 0
        self.currentFile = input.name
        do {
            while let packet = try reader.next() {
                packets += 1
                if packets & 0xFFFF == 0 { progress?(input.bytesRead) }
                decoder.decode(packet) { decoded in self.processPacket(decoded) }
            }
        } catch {
            failure = String(describing: error)
        }
        self.statistics.add(capture: reader.statistics, decode: decoder.statistics)
        if !self.configuration.inputsAreOneCapture { self.finishFlows() }
        return ScannedInput(
            file: input.name,
            bytes: input.bytesRead,
            sha256: input.sha256(),
            packets: packets,
            format: (reader.statistics.format?.rawValue ?? "unknown") + (input.isCompressed ? "+gzip" : ""),
            error: failure
        )
    }

    /// Finishes every flow and returns the hosts that mine, the nodes seen, the hosts that only
    /// looked up pool names, and the statistics.
    public mutating func finish() -> ScanResult {
        self.finishFlows()
        self.statistics.set(streams: self.flows.statistics)
        let hosts = self.sessions.keys.sorted().map { ip in
            HostRecord(
                ip: ip,
                sessions: self.sessions[ip]!.sorted {
                    ($0.firstSeen, $0.miner, $0.pool.ip) < ($1.firstSeen, $1.miner, $1.pool.ip)
                }
            )
        }
        let nodes = self.nodes.keys.sorted().map { self.nodes[$0]! }
        let lookups = self.lookups.keys.sorted().compactMap { ip in
            self.sessions[ip] == nil ? self.lookups[ip] : nil
        }
        return ScanResult(hosts: hosts, nodes: nodes, poolLookups: lookups, statistics: self.statistics)
    }

    /// Finishes every open flow, oldest first.
    private mutating func finishFlows() {
        var finished: [Flow<FlowContext>] = []
        self.flows.finishAll { flow, statistics in
            Scanner.flushStreams(&flow, statistics: &statistics)
            finished.append(flow)
        }
        for flow in finished { self.conclude(flow) }
    }

    // MARK: - Verdicts

    /// Gives up on the holes of a finishing flow and hands the held bytes to its analyzer.
    private static func flushStreams(_ flow: inout Flow<FlowContext>, statistics: inout StreamStatistics) {
        let context = flow.context
        guard context.kind == .stratum else { return }
        let time = flow.lastSeen
        for direction in FlowDirection.allCases {
            flow.withStream(direction) { stream in
                stream.flush(statistics: &statistics) { event in
                    switch event {
                    case .data(let bytes):
                        context.stratum?.receive(bytes, direction: direction, at: time, location: nil)
                    case .gap: context.stratum?.gap(direction: direction, at: time)
                    }
                }
            }
        }
    }

    /// Turns a finished flow into a session, a node, or nothing.
    private mutating func conclude(_ flow: Flow<FlowContext>) {
        let context = flow.context
        if context.kind == .stratumV2, context.stratumV2Verdict == nil {
            context.stratumV2Verdict = context.stratumV2?.finish()
        }
        if let session = context.stratum?.session() {
            self.record(flow: flow, session: session)
        } else if let verdict = context.stratumV2Verdict {
            self.recordIndicatorSession(
                flow: flow,
                dialect: MiningDialect.stratumV2.rawValue,
                confidence: verdict.confidence,
                reason: verdict.reason,
                evidence: []
            )
        } else if let node = context.node {
            self.recordNode(flow: flow, match: node)
        } else if flow.transport == .tcp, flow.forward.payloadBytes > 0 || context.serverName != nil {
            self.considerIndicators(flow: flow, serverName: context.serverName, location: context.serverNameLocation)
        }
    }

    /// A connection whose content could not be read: a pool name in its SNI, or an address DNS named for a pool.
    private mutating func considerIndicators(flow: Flow<FlowContext>, serverName: String?, location: EvidenceLocation?)
    {
        let pool = flow.responder
        let names = self.names.names(for: pool.ip)
        guard serverName != nil || !names.isEmpty else { return }
        guard
            let match = self.configuration.indicators.assess(
                address: pool.ip,
                port: pool.port,
                serverName: serverName,
                names: names
            )
        else { return }
        var evidence: [Evidence] = []
        if let serverName {
            evidence.append(Evidence(label: "TLS ClientHello SNI", excerpt: serverName, location: location))
        }
        if let dns = self.nameEvidence[pool.ip] { evidence.append(dns) }
        self.recordIndicatorSession(
            flow: flow,
            dialect: serverName != nil ? "tls" : "unknown",
            confidence: match.confidence,
            reason: match.reason + "; content not readable",
            evidence: evidence
        )
    }

    /// The pool's endpoint with every name seen for it: DNS, SNI, and names inside the protocol.
    private static func poolEndpoint(
        _ endpoint: Endpoint,
        protocolNames: [String],
        names table: NameTable
    ) -> PoolEndpoint {
        var names = Set(
            table.names(for: endpoint.ip).flatMap { entry in
                entry.sources.map { SeenName(name: entry.name, source: $0.rawValue) }
            }
        )
        // A literal address named in the protocol (an HTTP Host header, say) is not a name.
        for name in protocolNames where IPAddress(name) == nil {
            names.insert(SeenName(name: name.lowercased(), source: "protocol"))
        }
        return PoolEndpoint(ip: endpoint.ip, port: endpoint.port, names: names.sorted())
    }

    private mutating func record(flow: Flow<FlowContext>, session: MiningSession) {
        let minerIsOriginator = session.minerDirection == .originatorToResponder
        let miner = minerIsOriginator ? flow.originator : flow.responder
        let pool = minerIsOriginator ? flow.responder : flow.originator
        let record = SessionRecord(
            miner: miner,
            pool: Self.poolEndpoint(pool, protocolNames: session.poolNames, names: self.names),
            dialect: session.dialect.rawValue,
            protocolDetails: session,
            toPool: minerIsOriginator ? flow.forward : flow.backward,
            fromPool: minerIsOriginator ? flow.backward : flow.forward,
            firstSeen: flow.firstSeen,
            lastSeen: flow.lastSeen,
            confidence: session.confidence,
            reason: session.reason,
            evidence: Array(session.evidence.prefix(self.configuration.maximumEvidencePerSession))
        )
        self.sessions[miner.ip, default: []].append(record)
    }

    private mutating func recordIndicatorSession(
        flow: Flow<FlowContext>,
        dialect: String,
        confidence: Confidence,
        reason: String,
        evidence: [Evidence]
    ) {
        let record = SessionRecord(
            miner: flow.originator,
            pool: Self.poolEndpoint(flow.responder, protocolNames: [], names: self.names),
            dialect: dialect,
            protocolDetails: nil,
            toPool: flow.forward,
            fromPool: flow.backward,
            firstSeen: flow.firstSeen,
            lastSeen: flow.lastSeen,
            confidence: confidence,
            reason: reason,
            evidence: evidence
        )
        self.sessions[flow.originator.ip, default: []].append(record)
    }

    private mutating func recordNode(flow: Flow<FlowContext>, match: NodeP2PMatch) {
        for (ip, peer) in [(flow.originator.ip, flow.responder), (flow.responder.ip, flow.originator)] {
            var node =
                self.nodes[ip]
                ?? NodeRecord(
                    ip: ip,
                    network: match.network.rawValue,
                    peers: [],
                    reason: match.reason,
                    confidence: match.confidence
                )
            if node.peers.count < 32, !node.peers.contains(peer) { node.peers.append(peer) }
            self.nodes[ip] = node
        }
    }
}
