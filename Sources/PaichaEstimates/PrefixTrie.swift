/// A binary, path-compressed trie from address prefixes to integer values, answering longest-prefix matches.
///
/// Nodes live in one array and refer to their children by index, so a lookup touches no reference counts
/// and allocates nothing. Every node stores its prefix and mask; a lookup walks down from the root (the `/0`
/// node), checks each node's prefix with two masked XORs, remembers the deepest node that carries a value,
/// and steps to the child named by the next address bit. Chains of single-child nodes are never created
/// (path compression): a node exists only where a prefix ends or where two prefixes branch.
///
/// Large tries also get a jump table indexed by the address's first 16 bits (`makeJumpTable()`): each slot
/// holds the node where the walk continues and the best value found on the way there, so a lookup skips
/// the top levels, which for a large table are the ones most likely to miss the cache one after another.
struct PrefixTrie: Sendable {
    /// The number of leading address bits the jump table is indexed by.
    static let jumpBits = 16
    /// Tries with fewer nodes than this get no jump table (their nodes stay in cache anyway).
    static let jumpTableMinimumNodes = 64

    struct Node: Sendable {
        var key: PrefixKey
        var mask: PrefixKey
        var length: Int32
        var child0: Int32
        var child1: Int32
        var value: Int32
    }

    /// The nodes; index 0 is the root, the `/0` prefix.
    private(set) var nodes: [Node]
    /// The address width in bits: 32 for IPv4, 128 for IPv6.
    let width: Int
    /// For each value of the first `jumpBits` bits: the node to continue from (-1: stop) and the best value so far.
    private(set) var jumpTable: [JumpSlot] = []

    /// One slot of the jump table.
    struct JumpSlot: Sendable {
        var node: Int32
        var best: Int32
    }

    /// Makes an empty trie for addresses `width` bits long.
    init(width: Int) {
        self.width = width
        self.nodes = [
            Node(
                key: PrefixKey(high: 0, low: 0),
                mask: PrefixKey(high: 0, low: 0),
                length: 0,
                child0: -1,
                child1: -1,
                value: -1
            )
        ]
    }

    /// Adds `value` (≥ 0) for the prefix `key/length`; returns the value already there if the prefix was present.
    @discardableResult
    mutating func insert(_ key: PrefixKey, length: Int, value: Int32) -> Int32? {
        precondition(value >= 0 && (0...self.width).contains(length))
        let mask = PrefixKey.mask(length: length)
        let key = PrefixKey(high: key.high & mask.high, low: key.low & mask.low)
        var current = 0
        while true {
            let node = self.nodes[current]
            if Int(node.length) == length {
                if node.value >= 0 { return node.value }
                self.nodes[current].value = value
                return nil
            }
            let side = key.bit(Int(node.length))
            let childIndex = side == 0 ? node.child0 : node.child1
            if childIndex < 0 {
                let leaf = self.append(key: key, length: length, value: value)
                self.setChild(of: current, side: side, to: leaf)
                return nil
            }
            let child = self.nodes[Int(childIndex)]
            let common = min(key.commonPrefixLength(with: child.key), length, Int(child.length))
            if common == Int(child.length) {
                current = Int(childIndex)
                continue
            }
            if common == length {
                // The new prefix sits between the node and its child.
                let middle = self.append(key: key, length: length, value: value)
                self.setChild(of: Int(middle), side: child.key.bit(length), to: childIndex)
                self.setChild(of: current, side: side, to: middle)
                return nil
            }
            // The new prefix and the child part ways at bit `common`: add a branching node there.
            let branchMask = PrefixKey.mask(length: common)
            let branchKey = PrefixKey(high: key.high & branchMask.high, low: key.low & branchMask.low)
            let branch = self.append(key: branchKey, length: common, value: -1)
            let leaf = self.append(key: key, length: length, value: value)
            self.setChild(of: Int(branch), side: child.key.bit(common), to: childIndex)
            self.setChild(of: Int(branch), side: key.bit(common), to: leaf)
            self.setChild(of: current, side: side, to: branch)
            return nil
        }
    }

    /// Builds the jump table if the trie is large enough; call after the last insertion.
    mutating func makeJumpTable() {
        guard self.nodes.count >= Self.jumpTableMinimumNodes else {
            self.jumpTable = []
            return
        }
        let bits = Self.jumpBits
        var table: [JumpSlot] = []
        table.reserveCapacity(1 << bits)
        for slot in 0..<(1 << bits) {
            let key = PrefixKey(high: UInt64(slot) << UInt64(64 - bits), low: 0)
            var index = 0
            var best: Int32 = -1
            var start: Int32 = -1
            while true {
                let node = self.nodes[index]
                // A node longer than the slot's bits, or exactly as long, is checked again by the lookup.
                if Int(node.length) >= bits {
                    start = Int32(index)
                    break
                }
                guard (key.high ^ node.key.high) & node.mask.high == 0 else { break }
                if node.value >= 0 { best = node.value }
                let next = key.bit(Int(node.length)) == 0 ? node.child0 : node.child1
                guard next >= 0 else { break }
                index = Int(next)
            }
            table.append(JumpSlot(node: start, best: best))
        }
        self.jumpTable = table
    }

    /// The value of the longest prefix that contains `key`, or -1 if none does.
    @inline(__always)
    func longestMatch(_ key: PrefixKey) -> Int32 {
        var index = 0
        var best: Int32 = -1
        if !self.jumpTable.isEmpty {
            let slot = self.jumpTable[Int(truncatingIfNeeded: key.high >> UInt64(64 - Self.jumpBits))]
            guard slot.node >= 0 else { return slot.best }
            index = Int(slot.node)
            best = slot.best
        }
        return self.nodes.withUnsafeBufferPointer { nodes in
            var index = index
            var best = best
            while true {
                let node = nodes[index]
                guard (key.high ^ node.key.high) & node.mask.high == 0, (key.low ^ node.key.low) & node.mask.low == 0
                else { break }
                if node.value >= 0 { best = node.value }
                let length = Int(node.length)
                guard length < self.width else { break }
                let next = key.bit(length) == 0 ? node.child0 : node.child1
                guard next >= 0 else { break }
                index = Int(next)
            }
            return best
        }
    }

    private mutating func append(key: PrefixKey, length: Int, value: Int32) -> Int32 {
        let index = Int32(self.nodes.count)
        self.nodes.append(
            Node(
                key: key,
                mask: PrefixKey.mask(length: length),
                length: Int32(length),
                child0: -1,
                child1: -1,
                value: value
            )
        )
        return index
    }

    private mutating func setChild(of parent: Int, side: Int, to child: Int32) {
        if side == 0 { self.nodes[parent].child0 = child } else { self.nodes[parent].child1 = child }
    }
}
