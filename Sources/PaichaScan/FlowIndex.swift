import PaichaCore

/// An open-addressing hash map from flow keys to flow-table slots, probed linearly.
///
/// The flow lookup runs once per packet; a `Dictionary` spent most of it in SipHash. Here a key's hash is
/// ``FlowKey/fold(_:_:_:)`` (one multiply–xorshift per field). Probing reads only a compact array of entries
/// (32 bytes a position): the hash, the value and, for the usual IPv4 key, the whole key packed into two
/// words, so that a lookup compares keys without another memory access. Other keys are kept in a parallel
/// array, read only where the hashes agree. Deletion shifts later entries of the same probe run back (no
/// tombstones), so lookups stay short however many flows come and go.
struct FlowIndex {
    /// One position of the table: the key's hash, its packed form and its value, or `value < 0` when empty.
    private struct Entry {
        var hash: UInt64
        var packed: PackedKey
        var value: Int32

        static let empty = Entry(hash: 0, packed: PackedKey(addresses: 0, rest: 0), value: -1)
        var isEmpty: Bool { self.value < 0 }
    }

    /// A key between two IPv4 endpoints, exactly, in two words; `rest == 0` for any other key.
    private struct PackedKey: Equatable {
        /// The low endpoint's address, then the high one's.
        var addresses: UInt64
        /// The low and high ports, the transport number and a set lowest bit.
        var rest: UInt64

        init(addresses: UInt64, rest: UInt64) {
            self.addresses = addresses
            self.rest = rest
        }

        init(_ key: FlowKey) {
            guard case .v4(let low) = key.low.ip, case .v4(let high) = key.high.ip else {
                self.init(addresses: 0, rest: 0)
                return
            }
            self.init(
                addresses: UInt64(low) << 32 | UInt64(high),
                rest: UInt64(key.low.port) << 48 | UInt64(key.high.port) << 32 | UInt64(key.transport) << 8 | 1
            )
        }

        /// Whether this packs a whole key (both endpoints IPv4).
        var isExact: Bool { self.rest != 0 }
    }

    private var entries: [Entry]
    /// The key at each occupied position (`nil` where empty).
    private var keys: [FlowKey?]
    private var mask: Int
    /// The number of keys held.
    private(set) var count = 0

    /// Makes an empty index with room for `capacity` keys before it grows.
    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        self.entries = Array(repeating: .empty, count: size)
        self.keys = Array(repeating: nil, count: size)
        self.mask = size - 1
    }

    /// The position holding `key`, or the empty position that ends its probe run.
    private func position(of key: FlowKey, hash: UInt64, packed: PackedKey) -> Int {
        var position = Int(truncatingIfNeeded: hash) & self.mask
        while true {
            let entry = self.entries[position]
            if entry.isEmpty { return position }
            if entry.hash == hash && entry.packed == packed && (packed.isExact || self.keys[position] == key) {
                return position
            }
            position = (position + 1) & self.mask
        }
    }

    /// The slot stored for `key`, or `nil`.
    func value(for key: FlowKey) -> Int? {
        let hash = FlowKey.fold(key.low, key.high, key.transport)
        let entry = self.entries[self.position(of: key, hash: hash, packed: PackedKey(key))]
        return entry.isEmpty ? nil : Int(entry.value)
    }

    /// Stores `value` for `key`, replacing any earlier value.
    mutating func set(_ value: Int, for key: FlowKey) {
        if (self.count + 1) * 2 > self.entries.count { self.grow() }
        let hash = FlowKey.fold(key.low, key.high, key.transport)
        let packed = PackedKey(key)
        let position = self.position(of: key, hash: hash, packed: packed)
        if self.entries[position].isEmpty {
            self.keys[position] = key
            self.count += 1
        }
        self.entries[position] = Entry(hash: hash, packed: packed, value: Int32(value))
    }

    /// Removes `key` if present, shifting the rest of its probe run back so that no lookup is cut short.
    mutating func remove(_ key: FlowKey) {
        let hash = FlowKey.fold(key.low, key.high, key.transport)
        var hole = self.position(of: key, hash: hash, packed: PackedKey(key))
        guard !self.entries[hole].isEmpty else { return }
        self.count -= 1
        var next = (hole + 1) & self.mask
        while !self.entries[next].isEmpty {
            let home = Int(truncatingIfNeeded: self.entries[next].hash) & self.mask
            // Move the entry back into the hole unless its home lies cyclically in (hole, next].
            let homeIsBetween = hole <= next ? (hole < home && home <= next) : (hole < home || home <= next)
            if !homeIsBetween {
                self.entries[hole] = self.entries[next]
                self.keys[hole] = self.keys[next]
                hole = next
            }
            next = (next + 1) & self.mask
        }
        self.entries[hole] = .empty
        self.keys[hole] = nil
    }

    private mutating func grow() {
        let old = (self.entries, self.keys)
        let size = self.entries.count * 2
        self.entries = Array(repeating: .empty, count: size)
        self.keys = Array(repeating: nil, count: size)
        self.mask = size - 1
        for index in old.0.indices where !old.0[index].isEmpty {
            var position = Int(truncatingIfNeeded: old.0[index].hash) & self.mask
            while !self.entries[position].isEmpty { position = (position + 1) & self.mask }
            self.entries[position] = old.0[index]
            self.keys[position] = old.1[index]
        }
    }
}
