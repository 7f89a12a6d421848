import Crypto
import Foundation

/// One line of an `authorized_keys` file: options, key type, key blob and comment (sshd(8) AUTHORIZED_KEYS FORMAT).
public struct AuthorizedKey: Sendable, Hashable, Codable {
    /// The options before the key (`command="…"`, `no-pty`, `from="…"`), as written.
    public var options: [String]
    /// The key type (`ssh-ed25519`, `ssh-rsa`, `ecdsa-sha2-nistp256`, `sk-ssh-ed25519@openssh.com`, …).
    public var type: String
    /// The key blob, base64 as written.
    public var blob: String
    /// The comment after the key (often `user@host`), possibly empty.
    public var comment: String
    /// `SHA256:` and the unpadded base64 of the SHA-256 of the decoded blob, as `ssh-keygen -l` prints it.
    public var fingerprint: String

    /// The forced command (`command="…"`), if any.
    public var forcedCommand: String? {
        for option in self.options where option.lowercased().hasPrefix("command=") {
            var value = option.dropFirst("command=".count)
            if value.hasPrefix("\"") { value = value.dropFirst() }
            if value.hasSuffix("\"") { value = value.dropLast() }
            return value.replacingOccurrences(of: "\\\"", with: "\"")
        }
        return nil
    }

    /// Parses a line; nil for blank lines, comments and lines without a recognisable key.
    public init?(line: some StringProtocol) {
        let text = line.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty, !text.hasPrefix("#") else { return nil }
        var rest = Substring(text)
        var options: [String] = []
        if !Self.isKeyType(Self.firstField(rest)) {
            let (parsed, remainder) = Self.splitOptions(rest)
            options = parsed
            rest = remainder
        }
        let fields = rest.split(maxSplits: 2, whereSeparator: { $0 == " " || $0 == "\t" })
        guard fields.count >= 2, Self.isKeyType(fields[0]) else { return nil }
        guard let decoded = Data(base64Encoded: String(fields[1])), !decoded.isEmpty else { return nil }
        self.options = options
        self.type = String(fields[0])
        self.blob = String(fields[1])
        self.comment = fields.count > 2 ? fields[2].trimmingCharacters(in: .whitespaces) : ""
        self.fingerprint = Self.fingerprint(of: Array(decoded))
    }

    /// The OpenSSH SHA-256 fingerprint of a key blob.
    public static func fingerprint(of blob: [UInt8]) -> String {
        let digest = SHA256.hash(data: blob)
        var encoded = Data(digest).base64EncodedString()
        while encoded.hasSuffix("=") { encoded.removeLast() }
        return "SHA256:" + encoded
    }

    static func isKeyType(_ field: some StringProtocol) -> Bool {
        field.hasPrefix("ssh-") || field.hasPrefix("ecdsa-sha2-") || field.hasPrefix("sk-ssh-")
            || field.hasPrefix("sk-ecdsa-")
    }

    private static func firstField(_ text: Substring) -> Substring {
        text.prefix(while: { $0 != " " && $0 != "\t" })
    }

    /// Splits the comma-separated options (quotes may hold spaces and commas) from the rest of the line.
    private static func splitOptions(_ text: Substring) -> (options: [String], rest: Substring) {
        var options: [String] = []
        var current = ""
        var inQuotes = false
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "\\", inQuotes, text.index(after: index) < text.endIndex {
                current.append(character)
                index = text.index(after: index)
                current.append(text[index])
            } else if character == "\"" {
                inQuotes.toggle()
                current.append(character)
            } else if !inQuotes && character == "," {
                options.append(current)
                current = ""
            } else if !inQuotes && (character == " " || character == "\t") {
                break
            } else {
                current.append(character)
            }
            index = text.index(after: index)
        }
        if !current.isEmpty { options.append(current) }
        let rest = text[index...].drop(while: { $0 == " " || $0 == "\t" })
        return (options, rest)
    }
}
