import PaichaCore

/// The same key for both directions of a conversation: its two endpoints in a fixed order and the protocol.
struct FlowKey: Hashable {
    var low: Endpoint
    var high: Endpoint
    var transport: UInt8

    init(_ a: Endpoint, _ b: Endpoint, transport: UInt8) {
        if a < b {
            self.low = a
            self.high = b
        } else {
            self.low = b
            self.high = a
        }
        self.transport = transport
    }
}
