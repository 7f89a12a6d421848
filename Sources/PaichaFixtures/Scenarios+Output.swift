import PaichaCore

extension Scenarios {
    /// Runs `messages` on `path` from `start` (random RTT and ISNs from `rng`, the options' MSS and damage)
    /// and returns the output named `name`: the `leading` frames (DNS lookups, say), the conversation's, and `truths`.
    static func output(
        _ name: String,
        path: NetworkPath,
        start: Timestamp,
        messages: [TCPConversation.Message],
        rng: inout SplitMix64,
        options: MiningOptions = MiningOptions(),
        leading: [Frame] = [],
        truths: [Truth],
        acknowledgeEverySegments: Int = 0
    ) -> ScenarioOutput {
        let frames = conversation(
            path,
            start: start,
            messages: messages,
            rng: &rng,
            mss: options.mss,
            perturbations: options.perturbations,
            acknowledgeEverySegments: acknowledgeEverySegments
        )
        return ScenarioOutput(name: name, frames: leading + frames, truths: truths)
    }
}
