import PaichaCore

/// Streams a large, realistic capture for throughput benchmarks in constant memory.
public enum BenchmarkCapture {
    /// What was written.
    public struct Summary: Sendable {
        /// Bytes in the file.
        public var bytes: Int64
        /// Frames written.
        public var frames: Int
        /// Conversations (sessions) written.
        public var sessions: Int
        /// The truths about the mining sessions (benign sessions are not listed).
        public var miningTruths: [Truth]
    }

    /// Sessions generated together and merged by time before writing; bounds memory.
    public static let sessionsPerBatch = 16

    /// Writes a classic little-endian microsecond Ethernet pcap of at least `targetBytes` to `path`:
    /// mostly ordinary flows (bulk HTTP, JSON APIs, TLS, DNS) among many distinct hosts, with a
    /// sprinkling (about 4 %) of mining sessions. Calls `progress(written, target)` after each batch.
    @discardableResult
    public static func write(
        to path: String,
        targetBytes: Int64,
        seed: UInt64,
        progress: (Int64, Int64) -> Void = { _, _ in }
    ) throws -> Summary {
        let sink = try FileSink(path: path)
        let writer = try PcapWriter(sink: sink, linkType: LinkTypeNumber.ethernet)
        var rng = SplitMix64(seed: seed)
        var clock = Scenarios.defaultStart
        var summary = Summary(bytes: 24, frames: 0, sessions: 0, miningTruths: [])
        let mining = Scenarios.catalog.filter { $0.isMining && $0.interface != 5 }
        var hostCounter: UInt32 = 0
        while sink.bytesWritten < targetBytes {
            var batch: [[Frame]] = []
            for _ in 0..<Self.sessionsPerBatch {
                hostCounter &+= 1
                let client = IPAddress.v4(0x0A00_0000 | (hostCounter % 0x00FF_FFFF))
                let server = IPAddress.v4(
                    UInt32(rng.pick([23, 31, 45, 52, 64, 81, 91, 104, 142, 151, 172, 185])) << 24
                        | UInt32(truncatingIfNeeded: rng.next()) & 0x00FF_FFFF
                )
                let setup = ScenarioSetup(
                    seed: rng.next(),
                    start: after(clock, Int64(rng.int(0...2_000)) * millisecond),
                    clientAddress: client,
                    serverAddress: server
                )
                let roll = rng.int(0...99)
                let output: ScenarioOutput
                switch roll {
                case 0..<4:
                    output = rng.pick(mining).run(setup)
                    summary.miningTruths += output.truths
                case 4..<50:
                    output = Scenarios.bulkDownload(
                        setup,
                        client: Endpoint(ip: client, port: rng.ephemeralPort()),
                        server: Endpoint(ip: server, port: 80),
                        bytes: rng.int(20_000...900_000)
                    )
                case 50..<65: output = Scenarios.httpJSONAPI(setup)
                case 65..<80: output = Scenarios.tlsCDN(setup)
                case 80..<92: output = Scenarios.benignDNS(setup)
                case 92..<96: output = Scenarios.ethereumNodeRPC(setup)
                default: output = Scenarios.ndjsonLogShipper(setup)
                }
                batch.append(output.frames)
                summary.sessions += 1
            }
            let merged = mergeFrames(batch)
            batch.removeAll()
            for frame in merged { try writer.write(frame) }
            summary.frames += merged.count
            if let last = merged.last { clock = after(last.timestamp, millisecond) }
            progress(sink.bytesWritten, targetBytes)
        }
        summary.bytes = sink.bytesWritten
        try writer.close()
        return summary
    }
}
