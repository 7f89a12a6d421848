import Foundation

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
        let present = keyNames.filter { key in
            bytes.withUnsafeBufferPointer { SignatureScanner.find(Array("\"\(key)\"".utf8), in: $0) != nil }
        }
        guard !present.isEmpty else { return nil }
        var config = MinerConfig()
        if Self.nestingDepth(bytes) <= Self.maximumDepth,
            let object = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        {
            config.collect(object, keyNames: Set(keyNames), depth: 0)
        } else {
            config.collectFromText(String(decoding: bytes, as: UTF8.self), keyNames: present)
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
    private mutating func collectFromText(_ text: String, keyNames: [String]) {
        self.keys = keyNames
        let addresses = Self.values(of: "pool_address", in: text) + Self.values(of: "url", in: text)
        let wallets = Self.values(of: "wallet_address", in: text) + Self.values(of: "user", in: text)
        for (index, address) in addresses.prefix(Self.maximumPools).enumerated() {
            self.pools.append(Pool(url: address, user: index < wallets.count ? wallets[index] : nil))
        }
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
    static func values(of key: String, in text: String) -> [String] {
        var values: [String] = []
        var rest = Substring(text)
        while values.count < Self.maximumPools, let range = rest.range(of: "\"\(key)\"") {
            rest = rest[range.upperBound...]
            let afterColon = rest.drop(while: { $0 == " " || $0 == "\t" })
            guard afterColon.first == ":" else { continue }
            let value = afterColon.dropFirst().drop(while: { $0 == " " || $0 == "\t" })
            guard value.first == "\"" else { continue }
            let body = value.dropFirst()
            guard let end = body.firstIndex(of: "\"") else { break }
            values.append(String(body[..<end]))
            rest = body[end...]
        }
        return values
    }
}
