public import PaichaCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Scenarios {
    /// A Stratum V1 (Bitcoin-style) miner hashing at a known rate, for testing hash-rate estimates.
    ///
    /// At difficulty `difficulty` a share takes `difficulty × 2³²` hashes on average, so a miner doing
    /// `hashesPerSecond` finds shares as a Poisson process of rate `hashesPerSecond / (difficulty × 2³²)`;
    /// the gaps between submissions are drawn from that exponential distribution with `seed`. The
    /// conversation runs for `seconds` after the pool set the difficulty (a final `mining.notify` marks the
    /// end, whatever the last share's time), and every share is accepted.
    /// - Returns: The frames and the number of shares submitted.
    public static func stratumAtKnownRate(
        hashesPerSecond: Double,
        difficulty: Double,
        seconds: Double,
        seed: UInt64,
        start: Timestamp = Scenarios.defaultStart
    ) -> (frames: [Frame], shares: Int) {
        var rng = SplitMix64(seed: seed)
        let setup = ScenarioSetup(seed: seed, start: start)
        let path = setup.path(
            client: Endpoint(ip: IPAddress("10.77.0.2")!, port: 40_000 + UInt16(seed % 20_000)),
            server: Endpoint(ip: IPAddress("198.51.100.77")!, port: 3333)
        )
        let rate = hashesPerSecond / (difficulty * 4_294_967_296)
        let nanosecondsPerSecond = 1e9
        var messages: [TCPConversation.Message] = [
            .init(.client, "{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"cgminer/4.10.0\"]}\n"),
            .init(
                .server,
                "{\"id\":1,\"result\":[[[\"mining.notify\",\"ae6812eb4cd7735a302a8a9dd95cf71f\"]],\"08000002\",4],\"error\":null}\n"
            ),
            .init(.client, "{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"rate.test\",\"x\"]}\n"),
            .init(.server, "{\"id\":2,\"result\":true,\"error\":null}\n"),
            .init(.server, "{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":[\(difficulty)]}\n"),
        ]
        var elapsed = 0.0
        var shares = 0
        var id = 3
        while true {
            // Exponential gap: −ln(U) / rate, with U in (0, 1].
            let uniform = (Double(rng.next() >> 11) + 1) / 9_007_199_254_740_992
            let gap = -log(uniform) / rate
            guard elapsed + gap < seconds else { break }
            elapsed += gap
            messages.append(
                .init(
                    .client,
                    "{\"id\":\(id),\"method\":\"mining.submit\",\"params\":[\"rate.test\",\"1\",\"00000000\",\"5a000000\",\"\(String(rng.next() & 0xFFFF_FFFF, radix: 16))\"]}\n",
                    delay: Int64(gap * nanosecondsPerSecond)
                )
            )
            messages.append(.init(.server, "{\"id\":\(id),\"result\":true,\"error\":null}\n", delay: 1_000_000))
            shares += 1
            id += 1
        }
        messages.append(
            .init(
                .server,
                "{\"id\":null,\"method\":\"mining.notify\",\"params\":[\"2\",\"00\",\"00\",\"00\",[],\"20000000\",\"1d00ffff\",\"5a000000\",true]}\n",
                delay: Int64((seconds - elapsed) * nanosecondsPerSecond)
            )
        )
        let frames = TCPConversation(path: path, start: start, messages: messages, close: false).frames()
        return (frames, shares)
    }
}
