import PaichaCapture
import PaichaCore

/// A bounded table of bidirectional flows with idle timeouts.
///
/// Flows live in an array indexed from a ``FlowIndex``, so a packet costs one hash lookup. Flows are
/// finished (handed to `finish`) when idle past their timeout, when closed and lingered, when the
/// table is full (longest idle first, counted), and at the end of the capture.
struct FlowTable<Context> {
    private(set) var flows: [Flow<Context>?] = []
    private var index = FlowIndex()
    private var free: [Int] = []
    private var nextSweep: Int64 = .min
    let limits: StreamLimits
    var statistics = StreamStatistics()

    init(limits: StreamLimits) {
        self.limits = limits
    }

    /// Finds or makes the flow for `packet` and returns its slot.
    mutating func slot(
        for packet: DecodedPacket,
        makeContext: () -> Context,
        finish: (inout Flow<Context>, inout StreamStatistics) -> Void
    ) -> Int {
        let a = Endpoint(ip: packet.source, port: packet.sourcePort)
        let b = Endpoint(ip: packet.destination, port: packet.destinationPort)
        let key = FlowKey(a, b, transport: packet.transport.number)
        if let slot = self.index.value(for: key) { return slot }

        if self.index.count >= self.limits.maximumFlows {
            self.evictOldest(finish: finish)
        }
        var originator = a
        var responder = b
        if packet.transport == .tcp {
            if packet.tcpFlags.contains(.syn) && packet.tcpFlags.contains(.ack) {
                swap(&originator, &responder)
            } else if !packet.tcpFlags.contains(.syn), a.port < 1024, b.port >= 1024 {
                swap(&originator, &responder)
            }
            self.statistics.tcpFlows += 1
        } else if packet.transport == .udp {
            if a.port < 1024, b.port >= 1024 { swap(&originator, &responder) }
            self.statistics.udpFlows += 1
        }
        self.statistics.flows += 1
        let flow = Flow(
            originator: originator,
            lastSeen: packet.timestamp,
            firstSeen: packet.timestamp,
            context: makeContext(),
            key: key,
            responder: responder,
            transport: packet.transport
        )
        let slot: Int
        if let reused = self.free.popLast() {
            self.flows[reused] = flow
            slot = reused
        } else {
            slot = self.flows.count
            self.flows.append(flow)
        }
        self.index.set(slot, for: key)
        self.statistics.peakFlows = max(self.statistics.peakFlows, self.index.count)
        return slot
    }

    /// Runs `body` on the flow in `slot`.
    mutating func withFlow<R>(_ slot: Int, _ body: (inout Flow<Context>) -> R) -> R {
        body(&self.flows[slot]!)
    }

    /// Runs `body` on the flow in `slot` and the stream statistics together.
    mutating func withFlowAndStatistics<R>(
        _ slot: Int,
        _ body: (inout Flow<Context>, inout StreamStatistics) -> R
    ) -> R {
        body(&self.flows[slot]!, &self.statistics)
    }

    /// Whether `expire(now:finish:)` would sweep at `now` (a sweep is due every `sweepInterval` of capture time).
    @inline(__always)
    func isSweepDue(now: Timestamp) -> Bool {
        now.nanoseconds >= self.nextSweep
    }

    /// Finishes flows that timed out by `now`; cheap unless a sweep is due (every `sweepInterval` of capture time).
    mutating func expire(now: Timestamp, finish: (inout Flow<Context>, inout StreamStatistics) -> Void) {
        guard now.nanoseconds >= self.nextSweep else { return }
        self.nextSweep = now.nanoseconds + Int64(self.limits.sweepInterval * 1e9)
        let tcpIdle = Int64(self.limits.tcpIdleTimeout * 1e9)
        let udpIdle = Int64(self.limits.udpIdleTimeout * 1e9)
        let closed = Int64(self.limits.tcpClosedTimeout * 1e9)
        for slot in self.flows.indices {
            guard let flow = self.flows[slot] else { continue }
            let idle = now.nanoseconds - flow.lastSeen.nanoseconds
            let expired: Bool
            if let closedAt = flow.closedAt {
                expired = now.nanoseconds - closedAt.nanoseconds > closed
            } else {
                expired = idle > (flow.transport == .tcp ? tcpIdle : udpIdle)
            }
            if expired { self.remove(slot, finish: finish) }
        }
    }

    /// Finishes every flow (end of capture), oldest first so that output order is stable.
    mutating func finishAll(finish: (inout Flow<Context>, inout StreamStatistics) -> Void) {
        let order = self.flows.indices.filter { self.flows[$0] != nil }.sorted {
            self.flows[$0]!.firstSeen < self.flows[$1]!.firstSeen
        }
        for slot in order { self.remove(slot, finish: finish) }
    }

    private mutating func evictOldest(finish: (inout Flow<Context>, inout StreamStatistics) -> Void) {
        // Finish the longest-idle eighth at once so that eviction stays rare under a flood of new flows.
        var candidates: [(Int64, Int)] = []
        candidates.reserveCapacity(self.index.count)
        for slot in self.flows.indices {
            if let flow = self.flows[slot] { candidates.append((flow.lastSeen.nanoseconds, slot)) }
        }
        candidates.sort { $0 < $1 }
        let victims = max(1, candidates.count / 8)
        for (_, slot) in candidates.prefix(victims) {
            self.statistics.flowsEvicted += 1
            self.remove(slot, finish: finish)
        }
    }

    private mutating func remove(_ slot: Int, finish: (inout Flow<Context>, inout StreamStatistics) -> Void) {
        guard var flow = self.flows[slot] else { return }
        self.flows[slot] = nil
        self.index.remove(flow.key)
        self.free.append(slot)
        finish(&flow, &self.statistics)
    }
}
