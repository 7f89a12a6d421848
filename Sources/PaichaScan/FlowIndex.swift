/// An open-addressing hash map from flow keys to flow-table slots, probed linearly.
///
/// The flow lookup runs once per packet; a `Dictionary` spent most of it in SipHash. Here a key's hash is
/// ``FlowKey/fold(_:_:_:)`` (one multiply–xorshift per field), kept beside the key so that growing and
/// deleting never hash again. Deletion shifts later entries of the same probe run back (no tombstones), so
/// lookups stay short however many flows come and go.
struct FlowIndex {
    private var keys: [FlowKey?]
    private var hashes: [UInt64]
    private var values: [Int32]
    private var mask: Int
    /// The number of keys held.
    private(set) var count = 0

    /// Makes an empty index with room for `capacity` keys before it grows.
    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        self.keys = Array(repeating: nil, count: size)
        self.hashes = Array(repeating: 0, count: size)
        self.values = Array(repeating: 0, count: size)
        self.mask = size - 1
    }

    /// The slot stored for `key`, or `nil`.
    func value(for key: FlowKey) -> Int? {
        let hash = FlowKey.fold(key.low, key.high, key.transport)
        var position = Int(truncatingIfNeeded: hash) & self.mask
        while let stored = self.keys[position] {
            // The stored hash first: a cheap word compare that rules out most other keys of the probe run.
            if self.hashes[position] == hash, stored == key { return Int(self.values[position]) }
            position = (position + 1) & self.mask
        }
        return nil
    }

    /// Stores `value` for `key`, replacing any earlier value.
    mutating func set(_ value: Int, for key: FlowKey) {
        if (self.count + 1) * 2 > self.keys.count { self.grow() }
        let hash = FlowKey.fold(key.low, key.high, key.transport)
        var position = Int(truncatingIfNeeded: hash) & self.mask
        while let stored = self.keys[position] {
            if stored == key {
                self.values[position] = Int32(value)
                return
            }
            position = (position + 1) & self.mask
        }
        self.keys[position] = key
        self.hashes[position] = hash
        self.values[position] = Int32(value)
        self.count += 1
    }

    /// Removes `key` if present, shifting the rest of its probe run back so that no lookup is cut short.
    mutating func remove(_ key: FlowKey) {
        var hole = Int(truncatingIfNeeded: FlowKey.fold(key.low, key.high, key.transport)) & self.mask
        while let stored = self.keys[hole] {
            if stored == key { break }
            hole = (hole + 1) & self.mask
        }
        guard self.keys[hole] != nil else { return }
        self.count -= 1
        var next = (hole + 1) & self.mask
        while self.keys[next] != nil {
            let home = Int(truncatingIfNeeded: self.hashes[next]) & self.mask
            // Move the entry back into the hole unless its home lies cyclically in (hole, next].
            let homeIsBetween = hole <= next ? (hole < home && home <= next) : (hole < home || home <= next)
            if !homeIsBetween {
                self.keys[hole] = self.keys[next]
                self.hashes[hole] = self.hashes[next]
                self.values[hole] = self.values[next]
                hole = next
            }
            next = (next + 1) & self.mask
        }
        self.keys[hole] = nil
    }

    private mutating func grow() {
        let old = (self.keys, self.hashes, self.values)
        let size = self.keys.count * 2
        self.keys = Array(repeating: nil, count: size)
        self.hashes = Array(repeating: 0, count: size)
        self.values = Array(repeating: 0, count: size)
        self.mask = size - 1
        for index in old.0.indices {
            guard let key = old.0[index] else { continue }
            var position = Int(truncatingIfNeeded: old.1[index]) & self.mask
            while self.keys[position] != nil { position = (position + 1) & self.mask }
            self.keys[position] = key
            self.hashes[position] = old.1[index]
            self.values[position] = old.2[index]
        }
    }
}
