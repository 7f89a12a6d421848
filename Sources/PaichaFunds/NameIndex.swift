/// Interns names to dense `Int32` ids: open addressing with each slot holding the name itself (a
/// short name is stored inline in a `String`) beside its id, and a 64-bit FNV-1a hash of the UTF-8
/// bytes. Reading a ledger looks two names up per transfer among up to millions of accounts, so
/// every lookup is a cache miss; this makes it one (the slot), where a `Dictionary<String, Int32>`
/// reads its bitmap, its keys and its values apart.
struct NameIndex: Sendable {
    struct Slot: Sendable {
        var name: String
        /// `-1` empty.
        var id: Int32
        /// The high half of the name's hash, to skip most comparisons.
        var tag: UInt32
    }

    private var slots = [Slot](repeating: Slot(name: "", id: -1, tag: 0), count: 16)
    private var count = 0

    static func hash(_ name: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        // Spread the low bits too: slots are taken from the low bits, tags from the high ones.
        hash ^= hash >> 29
        hash = hash &* 0xbf58_476d_1ce4_e5b9
        return hash ^ (hash >> 32)
    }

    /// The slot holding `name`, or the empty slot where it would go.
    private func slot(of name: String, hash: UInt64) -> Int {
        let tag = UInt32(truncatingIfNeeded: hash >> 32)
        let mask = self.slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = self.slots[slot]
            if entry.id < 0 || (entry.tag == tag && entry.name == name) { return slot }
            slot = (slot + 1) & mask
        }
    }

    /// The id of `name`, if it was interned.
    func find(_ name: String) -> Int32? {
        let id = self.slots[self.slot(of: name, hash: Self.hash(name))].id
        return id < 0 ? nil : id
    }

    /// The id of `name`, appending it to `names` when it is new.
    mutating func intern(_ name: String, in names: inout [String]) -> Int32 {
        let hash = Self.hash(name)
        let slot = self.slot(of: name, hash: hash)
        if self.slots[slot].id >= 0 { return self.slots[slot].id }
        let id = Int32(names.count)
        names.append(name)
        self.slots[slot] = Slot(name: name, id: id, tag: UInt32(truncatingIfNeeded: hash >> 32))
        self.count += 1
        if self.count * 2 > self.slots.count { self.grow() }
        return id
    }

    /// Doubles the table, placing every name again.
    private mutating func grow() {
        let old = self.slots
        self.slots = [Slot](repeating: Slot(name: "", id: -1, tag: 0), count: old.count * 2)
        let mask = self.slots.count - 1
        for entry in old where entry.id >= 0 {
            var slot = Int(truncatingIfNeeded: Self.hash(entry.name)) & mask
            while self.slots[slot].id >= 0 { slot = (slot + 1) & mask }
            self.slots[slot] = entry
        }
    }
}
