/// Writes a gathered JSON tree as text: keys sorted by their UTF-8 bytes, strings escaped as `JSONEncoder`
/// escapes them (slashes left alone), two-space indentation when pretty.
struct JSONTextWriter {
    let pretty: Bool
    var bytes: [UInt8] = []
    /// The member order last worked out for each coding key type, with the keys it was worked out for.
    private var orders: [ObjectIdentifier: (keys: [String], order: [(key: Int, value: Int)])] = [:]

    init(pretty: Bool) {
        self.pretty = pretty
        self.bytes.reserveCapacity(1 << 16)
    }

    mutating func write(_ node: JSONNode, depth: Int) {
        switch node {
        case .null: self.bytes.append(contentsOf: "null".utf8)
        case .bool(let value): self.bytes.append(contentsOf: value ? "true".utf8 : "false".utf8)
        case .integer(let value): self.writeInteger(value)
        case .unsigned(let value): self.bytes.append(contentsOf: String(value).utf8)
        case .number(let text): self.bytes.append(contentsOf: text.utf8)
        case .string(let text): self.writeString(text)
        case .object(let box): self.writeObject(box, depth: depth)
        case .array(let box): self.writeArray(box, depth: depth)
        }
    }

    private mutating func writeObject(_ box: JSONObjectBox, depth: Int) {
        let order: [(key: Int, value: Int)]
        if let type = box.keyType, let cached = self.orders[type], cached.keys == box.keys {
            order = cached.order
        } else {
            order = Self.memberOrder(box.keys)
            if let type = box.keyType { self.orders[type] = (box.keys, order) }
        }
        self.writeContainer(UInt8(ascii: "{"), UInt8(ascii: "}"), count: order.count, depth: depth) {
            writer,
            position in
            let member = order[position]
            writer.writeString(box.keys[member.key])
            writer.bytes.append(contentsOf: writer.pretty ? " : ".utf8 : ":".utf8)
            writer.write(box.values[member.value], depth: depth + 1)
        }
    }

    private mutating func writeArray(_ box: JSONArrayBox, depth: Int) {
        self.writeContainer(UInt8(ascii: "["), UInt8(ascii: "]"), count: box.values.count, depth: depth) {
            writer,
            position in
            writer.write(box.values[position], depth: depth + 1)
        }
    }

    /// An object or array of `count` members or elements, each written by `item` after its separator and
    /// indentation; an empty one pretty-printed as `JSONEncoder` writes it (a blank line inside).
    private mutating func writeContainer(
        _ open: UInt8,
        _ close: UInt8,
        count: Int,
        depth: Int,
        item: (inout JSONTextWriter, Int) -> Void
    ) {
        self.bytes.append(open)
        if count == 0 {
            if self.pretty {
                self.bytes.append(contentsOf: [0x0A, 0x0A])
                self.indent(depth)
            }
            self.bytes.append(close)
            return
        }
        for position in 0..<count {
            if position > 0 { self.bytes.append(UInt8(ascii: ",")) }
            if self.pretty {
                self.bytes.append(0x0A)
                self.indent(depth + 1)
            }
            item(&self, position)
        }
        if self.pretty {
            self.bytes.append(0x0A)
            self.indent(depth)
        }
        self.bytes.append(close)
    }

    /// The members to write, in key order: for each distinct key, where its spelling and its value are. A key
    /// encoded twice keeps its first spelling and its last value, as in a dictionary (keys are distinct as
    /// `String`s are: canonically equivalent spellings are one key). Sorted by the bytes of that spelling.
    static func memberOrder(_ keys: [String]) -> [(key: Int, value: Int)] {
        var members: [(key: Int, value: Int)] = []
        members.reserveCapacity(keys.count)
        if keys.allSatisfy({ $0.utf8.allSatisfy { $0 < 0x80 } }) {
            // ASCII keys (every key of this project's documents): equal only when their bytes are, and `String`
            // order is byte order.
            let sorted = keys.indices.sorted { a, b in keys[a] == keys[b] ? a < b : keys[a] < keys[b] }
            for index in sorted {
                if let last = members.last, keys[last.key] == keys[index] {
                    members[members.count - 1].value = index
                } else {
                    members.append((index, index))
                }
            }
            return members
        }
        var slots: [String: Int] = [:]
        for (index, key) in keys.enumerated() {
            if let slot = slots[key] {
                members[slot].value = index
            } else {
                slots[key] = members.count
                members.append((index, index))
            }
        }
        return members.sorted { keys[$0.key].utf8.lexicographicallyPrecedes(keys[$1.key].utf8) }
    }

    private static let spaces = [UInt8](repeating: 0x20, count: 64)

    private mutating func indent(_ depth: Int) {
        var remaining = 2 * depth
        while remaining > 0 {
            let step = min(remaining, Self.spaces.count)
            self.bytes.append(contentsOf: Self.spaces[0..<step])
            remaining -= step
        }
    }

    private mutating func writeInteger(_ value: Int64) {
        if value >= 0 && value < 10 {
            self.bytes.append(UInt8(0x30 + value))
        } else {
            self.bytes.append(contentsOf: String(value).utf8)
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A quoted string: `"` and `\` escaped, control characters as `\b \f \n \r \t` or `\u00XX`; everything else
    /// (slashes, DEL, non-ASCII) as it is.
    private mutating func writeString(_ text: String) {
        self.bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            var index = 0
            let count = utf8.count
            while index < count {
                // Eight bytes at a time while none needs escaping.
                if index &+ 8 <= count {
                    let word = UInt64(
                        littleEndian: UnsafeRawPointer(utf8.baseAddress!).loadUnaligned(
                            fromByteOffset: index,
                            as: UInt64.self
                        )
                    )
                    if !Self.needsEscape(word) {
                        index &+= 8
                        continue
                    }
                }
                let byte = utf8[index]
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C else {
                    index &+= 1
                    continue
                }
                if runStart < index { self.bytes.append(contentsOf: utf8[runStart..<index]) }
                index &+= 1
                runStart = index
                switch byte {
                case 0x22: self.bytes.append(contentsOf: [0x5C, 0x22])
                case 0x5C: self.bytes.append(contentsOf: [0x5C, 0x5C])
                case 0x08: self.bytes.append(contentsOf: [0x5C, UInt8(ascii: "b")])
                case 0x0C: self.bytes.append(contentsOf: [0x5C, UInt8(ascii: "f")])
                case 0x0A: self.bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                case 0x0D: self.bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                case 0x09: self.bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                default:
                    self.bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30])
                    self.bytes.append(Self.hexDigits[Int(byte >> 4)])
                    self.bytes.append(Self.hexDigits[Int(byte & 0xF)])
                }
            }
            if runStart < count { self.bytes.append(contentsOf: utf8[runStart...]) }
        }
        self.bytes.append(UInt8(ascii: "\""))
    }

    /// Whether any of the eight bytes of `word` is below 0x20, a quote or a backslash (false positives allowed
    /// only for bytes that are checked again one by one: none here, the tests are exact).
    @inline(__always)
    static func needsEscape(_ word: UInt64) -> Bool {
        let high: UInt64 = 0x8080_8080_8080_8080
        let low: UInt64 = 0x0101_0101_0101_0101
        // A byte below 0x20: (b - 0x20) borrows into its high bit while b's own high bit is clear.
        let control = (word &- 0x2020_2020_2020_2020) & ~word & high
        let quote = word ^ 0x2222_2222_2222_2222
        let backslash = word ^ 0x5C5C_5C5C_5C5C_5C5C
        let zeroQuote = (quote &- low) & ~quote & high
        let zeroBackslash = (backslash &- low) & ~backslash & high
        return control | zeroQuote | zeroBackslash != 0
    }
}
