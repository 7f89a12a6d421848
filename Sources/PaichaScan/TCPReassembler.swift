import PaichaCapture
import PaichaCore

/// Puts one direction of a TCP connection back in order: holds segments that arrive early, drops
/// what was already delivered, and declares a gap when a hole will not be filled.
///
/// A hole is given up on when the peer acknowledges bytes beyond it (the capture lost them), when
/// a sequence number jumps too far, or when held data exceeds its limits; the consumer is then told
/// of the gap and resynchronises (for line protocols: at the next newline).
struct TCPReassembler {
    /// What the reassembler hands on, in stream order.
    enum Event {
        /// The next bytes of the stream.
        case data(UnsafeRawBufferPointer)
        /// Bytes were lost (`length` of them if known; 0 when the stream was joined mid-way).
        case gap(length: Int)
    }

    private struct Held {
        var sequence: UInt32
        var bytes: [UInt8]
    }

    /// The highest sequence number the peer has acknowledged for this direction (first: updated on every ACK).
    private var acknowledgedByPeer: UInt32?
    /// The sequence number of the next byte to deliver, once known.
    private(set) var nextSequence: UInt32?
    private var held: [Held] = []
    private var heldBytes = 0
    /// Bytes delivered so far.
    private(set) var deliveredBytes: Int64 = 0

    init() {}

    /// Notes an acknowledgement the peer sent for this direction's bytes.
    mutating func peerAcknowledged(_ ack: UInt32) {
        if let current = self.acknowledgedByPeer, Int32(bitPattern: ack &- current) <= 0 { return }
        self.acknowledgedByPeer = ack
    }

    /// Takes one segment of this direction and delivers whatever can be delivered.
    mutating func segment(
        sequence: UInt32,
        flags: TCPFlags,
        payload: UnsafeRawBufferPointer,
        limits: StreamLimits,
        statistics: inout StreamStatistics,
        deliver: (Event) -> Void
    ) {
        var sequence = sequence
        if flags.contains(.syn) {
            sequence &+= 1
            if self.nextSequence == nil { self.nextSequence = sequence }
        }
        guard !payload.isEmpty else { return }
        guard let next = self.nextSequence else {
            // Joined mid-stream: start here, but tell the consumer it may be mid-message.
            self.nextSequence = sequence
            statistics.midstreamFlows += 1
            deliver(.gap(length: 0))
            self.deliverInOrder(payload, deliver: deliver)
            return
        }
        let distance = Int(Int32(bitPattern: sequence &- next))
        if distance <= 0 {
            let overlap = -distance
            guard overlap < payload.count else {
                statistics.retransmittedSegments += 1
                return
            }
            self.deliverInOrder(UnsafeRawBufferPointer(rebasing: payload[overlap...]), deliver: deliver)
            self.drainHeld(statistics: &statistics, deliver: deliver)
            return
        }
        // A hole before this segment.
        let peerHasIt = self.acknowledgedByPeer.map { Int32(bitPattern: $0 &- sequence) >= 0 } ?? false
        if peerHasIt || distance > limits.maximumSequenceJump {
            self.hold(sequence: sequence, payload: payload)
            self.skipToFirstHeld(statistics: &statistics, deliver: deliver)
            return
        }
        statistics.outOfOrderSegments += 1
        self.hold(sequence: sequence, payload: payload)
        if self.heldBytes > limits.maximumOutOfOrderBytes || self.held.count > limits.maximumOutOfOrderSegments {
            statistics.outOfOrderLimitHits += 1
            self.skipToFirstHeld(statistics: &statistics, deliver: deliver)
        }
    }

    /// Gives up on every hole and delivers all held data (the flow is ending).
    mutating func flush(statistics: inout StreamStatistics, deliver: (Event) -> Void) {
        while !self.held.isEmpty {
            self.skipToFirstHeld(statistics: &statistics, deliver: deliver)
        }
    }

    private mutating func hold(sequence: UInt32, payload: UnsafeRawBufferPointer) {
        let index =
            self.held.firstIndex { Int32(bitPattern: $0.sequence &- sequence) > 0 } ?? self.held.endIndex
        self.held.insert(Held(sequence: sequence, bytes: Array(payload)), at: index)
        self.heldBytes += payload.count
    }

    private mutating func skipToFirstHeld(statistics: inout StreamStatistics, deliver: (Event) -> Void) {
        guard let first = self.held.first, let next = self.nextSequence else { return }
        let missing = Int(Int32(bitPattern: first.sequence &- next))
        if missing > 0 {
            statistics.gaps += 1
            statistics.gapBytes += Int64(missing)
            deliver(.gap(length: missing))
            self.nextSequence = first.sequence
        }
        self.drainHeld(statistics: &statistics, deliver: deliver)
    }

    private mutating func drainHeld(statistics: inout StreamStatistics, deliver: (Event) -> Void) {
        while let first = self.held.first, let next = self.nextSequence {
            let distance = Int(Int32(bitPattern: first.sequence &- next))
            guard distance <= 0 else { return }
            self.held.removeFirst()
            self.heldBytes -= first.bytes.count
            let overlap = -distance
            if overlap >= first.bytes.count {
                statistics.retransmittedSegments += 1
                continue
            }
            first.bytes.withUnsafeBytes { bytes in
                self.deliverInOrder(UnsafeRawBufferPointer(rebasing: bytes[overlap...]), deliver: deliver)
            }
        }
    }

    private mutating func deliverInOrder(_ bytes: UnsafeRawBufferPointer, deliver: (Event) -> Void) {
        guard !bytes.isEmpty else { return }
        self.nextSequence = (self.nextSequence ?? 0) &+ UInt32(truncatingIfNeeded: bytes.count)
        self.deliveredBytes += Int64(bytes.count)
        deliver(.data(bytes))
    }
}
