/// Shares a miner submitted in a session and how the pool answered them.
struct ShareTally: Hashable, Sendable {
    /// Shares submitted.
    var submitted = 0
    /// Shares the pool accepted.
    var accepted = 0
    /// Shares the pool rejected.
    var rejected = 0

    /// Counts one submitted share that the pool accepted or rejected.
    mutating func count(accepted: Bool) {
        self.submitted += 1
        if accepted { self.accepted += 1 } else { self.rejected += 1 }
    }
}
