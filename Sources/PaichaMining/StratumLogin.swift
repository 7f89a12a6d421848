/// Reads the wallet and worker out of a mining login, and tells which coin a wallet address belongs to.
enum StratumLogin {
    /// The coin whose address format `text` has, or `nil` when it is no known address.
    static func coin(ofAddress text: String) -> String? {
        let bytes = Array(text.utf8)
        if bytes.count == 42, text.hasPrefix("0x"), bytes.dropFirst(2).allSatisfy(isHex) { return "ETH" }
        if bytes.count == 95 || bytes.count == 106, bytes[0] == UInt8(ascii: "4") || bytes[0] == UInt8(ascii: "8"),
            bytes.allSatisfy(isBase58)
        {
            return "XMR"
        }
        if bytes.count == 35, text.hasPrefix("t1") || text.hasPrefix("t3"), bytes.allSatisfy(isBase58) { return "ZEC" }
        if (26...35).contains(bytes.count), bytes[0] == UInt8(ascii: "1") || bytes[0] == UInt8(ascii: "3"),
            bytes.allSatisfy(isBase58)
        {
            return "BTC"
        }
        if (42...62).contains(bytes.count), text.hasPrefix("bc1"), bytes.dropFirst(3).allSatisfy(isBech32) {
            return "BTC"
        }
        return nil
    }

    /// Splits a login into wallet (when it looks like an address) and worker.
    ///
    /// Handles `wallet.worker`, `wallet/worker/email` (eth-proxy), `wallet.paymentID.worker` (Monero),
    /// `user.worker` (pool accounts: wallet `nil`), and a `+difficulty` suffix.
    static func split(_ login: String) -> (wallet: String?, worker: String?) {
        let separator: Character = login.contains("/") ? "/" : "."
        var parts = login.split(separator: separator, omittingEmptySubsequences: false).map { part in
            // `+difficulty` (or `+anything`) suffixes on any part are pool options, not names.
            String(part.prefix { $0 != "+" })
        }
        guard let first = parts.first, !first.isEmpty else { return (nil, nil) }
        parts.removeFirst()
        let wallet = coin(ofAddress: first) != nil ? first : nil
        if separator == "/" {
            // eth-proxy: wallet/worker[/email]
            let worker = parts.first.flatMap { $0.isEmpty ? nil : $0 }
            return (wallet, worker)
        }
        // Drop Monero payment IDs (16 or 64 hex digits) between wallet and worker.
        if wallet != nil {
            parts.removeAll { ($0.utf8.count == 64 || $0.utf8.count == 16) && $0.utf8.allSatisfy(isHex) }
        }
        let worker = parts.isEmpty ? nil : parts.joined(separator: ".")
        return (wallet, worker.flatMap { $0.isEmpty ? nil : $0 })
    }

    static func isHex(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
    }

    static func isBase58(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "1")...UInt8(ascii: "9"): return true
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return byte != UInt8(ascii: "I") && byte != UInt8(ascii: "O")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return byte != UInt8(ascii: "l")
        default: return false
        }
    }

    static func isBech32(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0"), UInt8(ascii: "2")...UInt8(ascii: "9"): return true
        case UInt8(ascii: "a")...UInt8(ascii: "z"):
            return byte != UInt8(ascii: "b") && byte != UInt8(ascii: "i") && byte != UInt8(ascii: "o")
        default: return false
        }
    }

    /// Whether `text` is a hexadecimal string (optionally `0x`-prefixed) of `count` digits (any when `nil`).
    static func isHexString(_ text: String, digits count: Int? = nil) -> Bool {
        var bytes = Substring(text).utf8[...]
        if text.hasPrefix("0x") { bytes = bytes.dropFirst(2) }
        guard !bytes.isEmpty, bytes.allSatisfy(isHex) else { return false }
        if let count { return bytes.count == count }
        return true
    }

    /// The host name in `text` if it looks like one (letters, digits, `-`, `.`, with a dot).
    static func hostName(_ text: String) -> String? {
        guard text.contains("."), text.utf8.count <= 253, !text.hasPrefix("."), !text.hasSuffix(".") else { return nil }
        let ok = text.utf8.allSatisfy {
            ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z"))
                || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "-")
                || $0 == UInt8(ascii: ".")
        }
        return ok ? text.lowercased() : nil
    }
}
