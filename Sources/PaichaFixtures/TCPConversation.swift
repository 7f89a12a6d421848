public import PaichaCore

/// Synthesizes a whole TCP conversation: handshake, scripted messages segmented at an MSS with ACKs,
/// FIN close, and on demand reordering, retransmission, loss and a capture that starts mid-stream.
public struct TCPConversation: Sendable {
    /// Which side sends a message.
    public enum Side: Hashable, Sendable {
        /// The connecting side.
        case client
        /// The accepting side.
        case server
    }

    /// One application message.
    public struct Message: Hashable, Sendable {
        /// Who sends it.
        public var side: Side
        /// Its bytes.
        public var bytes: [UInt8]
        /// Nanoseconds after the previous message.
        public var delay: Int64

        /// Makes a message.
        public init(_ side: Side, _ bytes: [UInt8], delay: Int64 = 20_000_000) {
            self.side = side
            self.bytes = bytes
            self.delay = delay
        }

        /// Makes a message from text.
        public init(_ side: Side, _ text: String, delay: Int64 = 20_000_000) {
            self.init(side, Array(text.utf8), delay: delay)
        }
    }

    /// Damage done to the conversation, by message index.
    public struct Perturbations: Hashable, Sendable {
        /// Messages whose first two segments arrive swapped.
        public var outOfOrder: Set<Int> = []
        /// Messages whose first segment is sent again, identical, afterwards.
        public var duplicated: Set<Int> = []
        /// Messages whose second segment is replaced by a retransmission overlapping the first.
        public var overlapping: Set<Int> = []
        /// Messages whose first segment is missing from the capture (a gap).
        public var lost: Set<Int> = []
        /// The capture misses the handshake (starts mid-stream).
        public var midStream: Bool = false

        /// No damage.
        public init(
            outOfOrder: Set<Int> = [],
            duplicated: Set<Int> = [],
            overlapping: Set<Int> = [],
            lost: Set<Int> = [],
            midStream: Bool = false
        ) {
            self.outOfOrder = outOfOrder
            self.duplicated = duplicated
            self.overlapping = overlapping
            self.lost = lost
            self.midStream = midStream
        }
    }

    /// The path the packets travel.
    public var path: NetworkPath
    /// When the first packet is sent.
    public var start: Timestamp
    /// The messages in order.
    public var messages: [Message]
    /// Maximum segment size.
    public var mss: Int
    /// Round-trip time in nanoseconds.
    public var rtt: Int64
    /// The client's initial sequence number.
    public var clientISN: UInt32
    /// The server's initial sequence number.
    public var serverISN: UInt32
    /// Close with FIN / FIN / ACK at the end.
    public var close: Bool
    /// The damage to apply.
    public var perturbations: Perturbations
    /// When positive, the receiver of a multi-segment message acknowledges every this many segments (delayed
    /// ACK, RFC 5681 §4.2: at least every second full-sized segment) and segments are paced at 1 Gbit/s; 0
    /// sends one ACK after the whole message.
    public var acknowledgeEverySegments: Int

    /// Makes a conversation.
    public init(
        path: NetworkPath,
        start: Timestamp,
        messages: [Message],
        mss: Int = 1460,
        rtt: Int64 = 30_000_000,
        clientISN: UInt32 = 0x1000_0000,
        serverISN: UInt32 = 0x2000_0000,
        close: Bool = true,
        perturbations: Perturbations = Perturbations(),
        acknowledgeEverySegments: Int = 0
    ) {
        self.path = path
        self.start = start
        self.messages = messages
        self.mss = mss
        self.rtt = rtt
        self.clientISN = clientISN
        self.serverISN = serverISN
        self.close = close
        self.perturbations = perturbations
        self.acknowledgeEverySegments = acknowledgeEverySegments
    }

    private struct Emitter {
        var path: NetworkPath
        var frames: [Frame] = []
        var time: Int64
        var ipID: UInt32

        mutating func send(
            fromClient: Bool,
            seq: UInt32,
            ack: UInt32,
            flags: TCPFlagBits,
            options: [UInt8] = [],
            payload: ArraySlice<UInt8> = []
        ) {
            let segment = TransportSegment.tcp(
                source: fromClient ? self.path.client : self.path.server,
                destination: fromClient ? self.path.server : self.path.client,
                sequence: seq,
                acknowledgement: ack,
                flags: flags,
                options: options,
                payload: payload
            )
            let produced = self.path.frames(
                segment: segment,
                protocol: IPPacket.tcp,
                fromClient: fromClient,
                identification: self.ipID,
                timestamp: Timestamp(nanoseconds: self.time)
            )
            self.ipID &+= 1
            self.frames.append(contentsOf: produced)
            self.time += Int64(produced.count) * 1_000 + 40_000
        }
    }

    /// The conversation's frames in capture order (timestamps never decrease).
    public func frames() -> [Frame] {
        var out = Emitter(path: self.path, time: self.start.nanoseconds, ipID: self.clientISN & 0xFFFF)
        var clientSeq = self.clientISN
        var serverSeq = self.serverISN
        let half = self.rtt / 2
        if !self.perturbations.midStream {
            out.send(
                fromClient: true,
                seq: clientSeq,
                ack: 0,
                flags: .syn,
                options: TransportSegment.synOptions(mss: UInt16(self.mss))
            )
            out.time += half
            out.send(
                fromClient: false,
                seq: serverSeq,
                ack: clientSeq &+ 1,
                flags: [.syn, .ack],
                options: TransportSegment.synOptions(mss: UInt16(self.mss))
            )
            out.time += half
            out.send(fromClient: true, seq: clientSeq &+ 1, ack: serverSeq &+ 1, flags: .ack)
        }
        clientSeq &+= 1
        serverSeq &+= 1
        for (index, message) in self.messages.enumerated() {
            out.time += message.delay
            let fromClient = message.side == .client
            let base = fromClient ? clientSeq : serverSeq
            let ack = fromClient ? serverSeq : clientSeq
            var pieces: [Range<Int>] = []
            var start = 0
            while start < message.bytes.count {
                let end = min(message.bytes.count, start + self.mss)
                pieces.append(start..<end)
                start = end
            }
            let needsTwo =
                self.perturbations.outOfOrder.contains(index) || self.perturbations.overlapping.contains(index)
            if needsTwo, pieces.count == 1, message.bytes.count >= 2 {
                let middle = message.bytes.count / 2
                pieces = [0..<middle, middle..<message.bytes.count]
            }
            var order = Array(pieces.indices)
            if self.perturbations.outOfOrder.contains(index), order.count >= 2 { order.swapAt(0, 1) }
            var sinceAcknowledged = 0
            for pieceIndex in order {
                if self.acknowledgeEverySegments > 0, pieceIndex > 0 {
                    // Serialisation of the previous segment at 1 Gbit/s, then the receiver's delayed ACK.
                    out.time += Int64(pieces[pieceIndex - 1].count) * 8
                    sinceAcknowledged += 1
                    if sinceAcknowledged == self.acknowledgeEverySegments {
                        sinceAcknowledged = 0
                        out.send(
                            fromClient: !fromClient,
                            seq: ack,
                            ack: base &+ UInt32(pieces[pieceIndex - 1].upperBound),
                            flags: .ack
                        )
                    }
                }
                if self.perturbations.lost.contains(index), pieceIndex == 0 { continue }
                var range = pieces[pieceIndex]
                if self.perturbations.overlapping.contains(index), pieceIndex == 1 {
                    range = (pieces[0].count / 2)..<range.upperBound
                }
                let flags: TCPFlagBits = pieceIndex == pieces.count - 1 ? [.psh, .ack] : .ack
                out.send(
                    fromClient: fromClient,
                    seq: base &+ UInt32(range.lowerBound),
                    ack: ack,
                    flags: flags,
                    payload: message.bytes[range]
                )
                if self.perturbations.duplicated.contains(index), pieceIndex == 0 {
                    out.time += 200_000_000
                    out.send(
                        fromClient: fromClient,
                        seq: base &+ UInt32(range.lowerBound),
                        ack: ack,
                        flags: flags,
                        payload: message.bytes[range]
                    )
                }
            }
            let end = base &+ UInt32(message.bytes.count)
            if fromClient { clientSeq = end } else { serverSeq = end }
            out.time += half
            out.send(fromClient: !fromClient, seq: fromClient ? serverSeq : clientSeq, ack: end, flags: .ack)
        }
        if self.close {
            out.time += 10_000_000
            out.send(fromClient: true, seq: clientSeq, ack: serverSeq, flags: [.fin, .ack])
            out.time += half
            out.send(fromClient: false, seq: serverSeq, ack: clientSeq &+ 1, flags: [.fin, .ack])
            out.time += half
            out.send(fromClient: true, seq: clientSeq &+ 1, ack: serverSeq &+ 1, flags: .ack)
        }
        return out.frames
    }

    /// The time just after the last frame.
    public static func end(of frames: [Frame]) -> Timestamp {
        frames.last.map { Timestamp(nanoseconds: $0.timestamp.nanoseconds + 1_000) } ?? Timestamp(nanoseconds: 0)
    }
}
