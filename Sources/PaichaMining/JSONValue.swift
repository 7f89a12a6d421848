/// A parsed JSON value. Numbers keep their exact text so big integers and exact decimals survive.
public enum JSONValue: Hashable, Sendable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number, as its exact source text (RFC 8259 grammar, already validated).
    case number(String)
    /// A string with all escapes decoded.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object's members in source order (duplicate keys kept).
    case object([JSONMember])

    /// The member named `key` (the first one, if repeated), or `nil` when absent or not an object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        for member in members where member.key == key { return member.value }
        return nil
    }

    /// The element at `index`, or `nil` when out of range or not an array.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let elements) = self, index >= 0, index < elements.count else { return nil }
        return elements[index]
    }

    /// The string, when this is a string.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The number as a `Double`, when this is a number.
    public var doubleValue: Double? {
        if case .number(let text) = self { return Double(text) }
        return nil
    }

    /// The Boolean, when this is `true` or `false`.
    public var boolValue: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    /// The elements, when this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// Whether this is `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// A canonical short text for matching JSON-RPC ids: numbers by text, strings quoted, `nil` for null.
    public var idKey: String? {
        switch self {
        case .number(let text): return text
        case .string(let text): return "\"" + text + "\""
        default: return nil
        }
    }
}

/// One member of a JSON object.
public struct JSONMember: Hashable, Sendable {
    /// The member name.
    public var key: String
    /// The member value.
    public var value: JSONValue

    /// Makes a member.
    public init(_ key: String, _ value: JSONValue) {
        self.key = key
        self.value = value
    }
}
