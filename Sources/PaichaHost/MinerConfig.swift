import Foundation
import Glibc

/// What a miner's configuration file says: its pools, wallet logins and the miner-only keys it has.
///
/// XMRig's `config.json` (`pools: [{url, user}]`, `donate-level`), cgminer/bfgminer's JSON `.conf`
/// (`pools: [{url, user}]`) and xmr-stak's `pools.txt` (`pool_list: [{pool_address, wallet_address}]`, a
/// JSON fragment with comments) are read.
struct MinerConfig: Sendable, Hashable {
    /// A pool entry.
    struct Pool: Sendable, Hashable {
        var url: String
        var user: String?
    }

    var pools: [Pool] = []
    /// Config keys (`HostIndicators.configKeys`) found as keys.
    var keys: [String] = []

    /// The keys whose arrays list pools.
    static let poolListKeys = ["pools", "pool_list"]
    /// How deep nested objects are searched.
    static let maximumDepth = 16
    /// Pool entries kept from one file.
    static let maximumPools = 64

    /// Whether the file is a miner's configuration: XMRig's `donate-level`, or a pool entry with a URL and a
    /// login, or with a URL that is a pool URL.
    func isMinerConfig(indicators: HostIndicators) -> Bool {
        if self.keys.contains("donate-level") { return true }
        return self.pools.contains { pool in
            pool.user != nil || !indicators.poolURLs(in: pool.url).isEmpty
                || !indicators.poolDomains(in: pool.url).isEmpty
        }
    }

    /// Reads a possible configuration; nil when none of the config keys occurs quoted in the bytes (checked first,
    /// so most files cost one search).
    static func parse(_ bytes: [UInt8], indicators: HostIndicators) -> MinerConfig? {
        let keyNames = indicators.configKeys.map(\.key)
        let present = Self.quotedKeys(keyNames, in: bytes)
        guard !present.isEmpty else { return nil }
        var config = MinerConfig()
        if Self.nestingDepth(bytes) <= Self.maximumDepth,
            let object = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        {
            config.collect(object, keyNames: Set(keyNames), depth: 0)
        } else {
            config.collectFromText(bytes, keyNames: present)
        }
        return config
    }

    private mutating func collect(_ value: Any, keyNames: Set<String>, depth: Int) {
        guard depth < Self.maximumDepth else { return }
        if let array = value as? [Any] {
            for element in array { self.collect(element, keyNames: keyNames, depth: depth + 1) }
            return
        }
        guard let object = value as? [String: Any] else { return }
        for key in object.keys.sorted() where keyNames.contains(key) && !self.keys.contains(key) {
            self.keys.append(key)
        }
        for listKey in Self.poolListKeys {
            guard let entries = object[listKey] as? [Any] else { continue }
            for case let entry as [String: Any] in entries {
                guard self.pools.count < Self.maximumPools,
                    let url = (entry["url"] as? String) ?? (entry["pool_address"] as? String), !url.isEmpty
                else { continue }
                let pool = Pool(url: url, user: (entry["user"] as? String) ?? (entry["wallet_address"] as? String))
                if !self.pools.contains(pool) { self.pools.append(pool) }
            }
        }
        for key in object.keys.sorted() {
            if let nested = object[key] { self.collect(nested, keyNames: keyNames, depth: depth + 1) }
        }
    }

    /// For text that is not JSON (xmr-stak's fragments with comments): quoted keys and the string after them.
    private mutating func collectFromText(_ bytes: [UInt8], keyNames: [String]) {
        self.keys = keyNames
        let addresses = Self.values(of: "pool_address", in: bytes) + Self.values(of: "url", in: bytes)
        let wallets = Self.values(of: "wallet_address", in: bytes) + Self.values(of: "user", in: bytes)
        for (index, address) in addresses.prefix(Self.maximumPools).enumerated() {
            self.pools.append(Pool(url: address, user: index < wallets.count ? wallets[index] : nil))
        }
    }

    /// The keys (in their order) that occur quoted (`"key"`) in the bytes: one pass over the quotes.
    static func quotedKeys(_ keys: [String], in bytes: [UInt8]) -> [String] {
        let patterns = keys.map { Array($0.utf8) + [0x22] }
        var found = [Bool](repeating: false, count: keys.count)
        var remaining = keys.count
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var start = 0
            while remaining > 0, start < buffer.count,
                let hit = memchr(base + start, 0x22, buffer.count - start)
            {
                let after = base.distance(to: hit.assumingMemoryBound(to: UInt8.self)) + 1
                for (index, pattern) in patterns.enumerated()
                where !found[index] && pattern.count <= buffer.count - after
                    && memcmp(base + after, pattern, pattern.count) == 0
                {
                    found[index] = true
                    remaining -= 1
                }
                start = after
            }
        }
        return zip(keys, found).filter(\.1).map(\.0)
    }

    /// The deepest `[`/`{` nesting, strings included (an over-estimate is harmless): deeper text is not given to
    /// the JSON parser, so hostile nesting cannot exhaust the stack.
    static func nestingDepth(_ bytes: [UInt8]) -> Int {
        var depth = 0
        var deepest = 0
        for byte in bytes {
            if byte == 0x5B || byte == 0x7B {
                depth += 1
                deepest = max(deepest, depth)
            } else if byte == 0x5D || byte == 0x7D {
                depth = max(0, depth - 1)
            }
        }
        return deepest
    }

    /// The string values that follow `"key"` and a colon.
    static func values(of key: String, in bytes: [UInt8]) -> [String] {
        let needle = Array("\"\(key)\"".utf8)
        var values: [String] = []
        bytes.withUnsafeBufferPointer { buffer in
            var start = 0
            while values.count < Self.maximumPools,
                let found = SignatureScanner.find(needle, in: UnsafeBufferPointer(rebasing: buffer[start...]))
            {
                var position = start + found + needle.count
                start = position
                while position < buffer.count, buffer[position] == 0x20 || buffer[position] == 0x09 { position += 1 }
                guard position < buffer.count, buffer[position] == 0x3A else { continue }
                position += 1
                while position < buffer.count, buffer[position] == 0x20 || buffer[position] == 0x09 { position += 1 }
                guard position < buffer.count, buffer[position] == 0x22 else { continue }
                let body = position + 1
                guard let end = buffer[body...].firstIndex(of: 0x22) else { break }
                values.append(String(decoding: buffer[body..<end], as: UTF8.self))
                start = end
            }
        }
        return values
    }
}
