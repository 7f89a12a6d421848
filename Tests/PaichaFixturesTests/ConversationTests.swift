import PaichaCore
import PaichaFixtures
import Testing

/// Decodes every frame of a conversation on plain Ethernet.
func segments(_ frames: [Frame]) -> [DecodedSegment] {
    frames.compactMap { frame in stripEthernet(frame.bytes).flatMap(decodeIP) }
}

struct ConversationTests {
    let path = NetworkPath(
        client: Endpoint(ip: IPAddress("10.1.1.1")!, port: 50_000),
        server: Endpoint(ip: IPAddress("10.2.2.2")!, port: 3333)
    )
    let start = Timestamp(seconds: 1_700_000_000, nanoseconds: 0)

    func script(_ rng: inout SplitMix64) -> [TCPConversation.Message] {
        (0..<8).map { index in
            TCPConversation.Message(index % 2 == 0 ? .client : .server, rng.bytes(index == 4 ? 4_000 : 30 + index * 20))
        }
    }

    func expectedStream(_ messages: [TCPConversation.Message], _ side: TCPConversation.Side) -> [UInt8] {
        messages.filter { $0.side == side }.flatMap(\.bytes)
    }

    @Test func handshakeDataAndClose() throws {
        var rng = SplitMix64(seed: 1)
        let messages = script(&rng)
        let frames = TCPConversation(path: path, start: start, messages: messages, mss: 1000, clientISN: 0xFFFF_FFF0)
            .frames()
        let decoded = segments(frames)
        #expect(decoded.count == frames.count)
        #expect(decoded[0].flags == 0x02)
        #expect(decoded[1].flags == 0x12)
        #expect(decoded[1].acknowledgement == 0xFFFF_FFF1)
        #expect(decoded[2].flags == 0x10)
        #expect(decoded.suffix(3).map(\.flags) == [0x11, 0x11, 0x10])
        let client = decoded.filter { $0.sourcePort == 50_000 }
        let server = decoded.filter { $0.sourcePort == 3333 }
        #expect(reassemble(client).bytes == expectedStream(messages, .client))
        #expect(reassemble(server).bytes == expectedStream(messages, .server))
        #expect(decoded.allSatisfy { $0.payload.count <= 1000 })
        #expect(zip(frames, frames.dropFirst()).allSatisfy { $0.timestamp <= $1.timestamp })
        // Every data segment's acknowledgement equals the peer's next sequence number so far.
        for segment in client where !segment.payload.isEmpty {
            #expect(segment.acknowledgement &- 0x2000_0001 <= UInt32(expectedStream(messages, .server).count))
        }
    }

    @Test func reorderDuplicateOverlapStillReassemble() {
        var rng = SplitMix64(seed: 2)
        let messages = script(&rng)
        let damaged = TCPConversation(
            path: path,
            start: start,
            messages: messages,
            perturbations: TCPConversation.Perturbations(outOfOrder: [0, 4], duplicated: [2], overlapping: [6])
        ).frames()
        let clean = TCPConversation(path: path, start: start, messages: messages).frames()
        let client = segments(damaged).filter { $0.sourcePort == 50_000 }
        #expect(reassemble(client).bytes == expectedStream(messages, .client))
        #expect(reassemble(client).holes == 0)
        // Message 0 and 6 are split in two, message 2's first segment is sent twice.
        #expect(damaged.count == clean.count + 3)
        let sequences = client.filter { !$0.payload.isEmpty }.map(\.sequence)
        #expect(sequences != sequences.sorted())
    }

    @Test func lostSegmentLeavesOneHole() {
        var rng = SplitMix64(seed: 3)
        let messages = script(&rng)
        let frames = TCPConversation(
            path: path,
            start: start,
            messages: messages,
            perturbations: TCPConversation.Perturbations(lost: [2])
        ).frames()
        let client = segments(frames).filter { $0.sourcePort == 50_000 }
        let result = reassemble(client)
        #expect(result.holes == 1)
        #expect(result.bytes.count == expectedStream(messages, .client).count)
        #expect(
            result.bytes.suffix(messages[4].bytes.count + messages[6].bytes.count)
                == (messages[4].bytes + messages[6].bytes)[...]
        )
    }

    @Test func midStreamHasNoSYN() {
        var rng = SplitMix64(seed: 4)
        let frames = TCPConversation(
            path: path,
            start: start,
            messages: script(&rng),
            perturbations: TCPConversation.Perturbations(midStream: true)
        ).frames()
        #expect(segments(frames).allSatisfy { $0.flags & 0x02 == 0 })
        #expect(segments(frames).first?.payload.isEmpty == false)
    }

    @Test func fragmentedPathProducesFragments() {
        var fragmented = path
        fragmented.fragmentation = NetworkPath.Fragmentation(count: 3, outOfOrder: true)
        var rng = SplitMix64(seed: 5)
        let frames = TCPConversation(path: fragmented, start: start, messages: script(&rng)).frames()
        let fragments = frames.filter { frame in
            let flags = UInt16(frame.bytes[20]) << 8 | UInt16(frame.bytes[21])
            return flags & 0x3FFF != 0
        }
        #expect(!fragments.isEmpty)
        #expect(frames.count > TCPConversation(path: path, start: start, messages: script(&rng)).frames().count)
    }
}
