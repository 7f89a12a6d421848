import PaichaCore

/// The same key for both directions of a conversation: its two endpoints in a fixed order and the protocol.
struct FlowKey: Hashable {
    var low: Endpoint
    var high: Endpoint
    var transport: UInt8

    init(_ a: Endpoint, _ b: Endpoint, transport: UInt8) {
        if Self.precedes(a, b) {
            self.low = a
            self.high = b
        } else {
            self.low = b
            self.high = a
        }
        self.transport = transport
    }

    /// `a < b`, with the usual IPv4 case compared inline (this runs once per packet).
    @inline(__always)
    private static func precedes(_ a: Endpoint, _ b: Endpoint) -> Bool {
        if case .v4(let x) = a.ip, case .v4(let y) = b.ip {
            return x != y ? x < y : a.port < b.port
        }
        return a < b
    }

    /// Feeds the hasher one 64-bit word folded from every field, instead of a dozen separate values: the flow
    /// lookup runs once per packet and SipHash rounds per `combine` dominated it.
    func hash(into hasher: inout Hasher) {
        hasher.combine(Self.fold(self.low, self.high, self.transport))
    }

    /// Mixes the key's fields into one word (multiply–xorshift; equal keys give equal words).
    @inline(__always)
    static func fold(_ low: Endpoint, _ high: Endpoint, _ transport: UInt8) -> UInt64 {
        var word = UInt64(transport) &* 0x9E37_79B9_7F4A_7C15
        Self.mix(&word, low)
        Self.mix(&word, high)
        return word
    }

    @inline(__always)
    private static func mix(_ word: inout UInt64, _ endpoint: Endpoint) {
        switch endpoint.ip {
        case .v4(let address):
            Self.mix(&word, UInt64(address) << 16 | UInt64(endpoint.port) | 1 << 63)
        case .v6(let upper, let lower):
            Self.mix(&word, upper)
            Self.mix(&word, lower)
            Self.mix(&word, UInt64(endpoint.port))
        }
    }

    @inline(__always)
    private static func mix(_ word: inout UInt64, _ value: UInt64) {
        word = (word ^ value) &* 0xBF58_476D_1CE4_E5B9
        word ^= word >> 31
    }
}
