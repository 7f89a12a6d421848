/// Encodes `Encodable` values as stable JSON — keys sorted, slashes not escaped, optionally indented — byte for
/// byte as Foundation's `JSONEncoder` with `[.sortedKeys, .withoutEscapingSlashes]` (and `.prettyPrinted`) writes
/// them, several times faster.
///
/// The value is first gathered into a tree whose numbers, booleans and strings are held inline (no object per
/// value), then written out once. Keys are sorted by their UTF-8 bytes; a key encoded twice in one object keeps
/// its last value. Numbers are written as Swift describes them, less a trailing `.0`. Non-finite floating-point
/// values are written as the strings given in `nonConformingFloats`, or are an `EncodingError` when it is nil.
///
/// Types that `JSONEncoder` treats specially (`Date`, `Data`, `URL`, `Decimal`) are encoded here as they encode
/// themselves, which for `Date` is the same and for the others is not; the documents of this project have none.
public struct StableJSONEncoder: Sendable {
    /// The strings written for +∞, −∞ and NaN.
    public struct NonConformingFloats: Sendable, Hashable {
        /// For +∞.
        public var positiveInfinity: String
        /// For −∞.
        public var negativeInfinity: String
        /// For NaN.
        public var nan: String

        /// Names the three strings.
        public init(positiveInfinity: String, negativeInfinity: String, nan: String) {
            self.positiveInfinity = positiveInfinity
            self.negativeInfinity = negativeInfinity
            self.nan = nan
        }
    }

    /// Whether to indent: two spaces per level, `"key" : value`, one member or element per line.
    public var prettyPrinted: Bool
    /// The strings for non-finite values; nil makes them an error.
    public var nonConformingFloats: NonConformingFloats?

    /// Makes an encoder.
    public init(prettyPrinted: Bool = true, nonConformingFloats: NonConformingFloats? = nil) {
        self.prettyPrinted = prettyPrinted
        self.nonConformingFloats = nonConformingFloats
    }

    /// The JSON text of `value`, without a final newline.
    /// - Throws: `EncodingError.invalidValue` for a non-finite number without `nonConformingFloats`, for a
    ///   top-level value that encodes nothing, or whatever the value's own `encode(to:)` throws.
    public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONTreeEncoder(options: self, path: nil)
        try value.encode(to: encoder)
        guard let root = encoder.node else {
            throw EncodingError.invalidValue(
                value,
                EncodingError.Context(
                    codingPath: [],
                    debugDescription: "Top-level \(T.self) did not encode any values."
                )
            )
        }
        var writer = JSONTextWriter(pretty: self.prettyPrinted)
        writer.write(root, depth: 0)
        return writer.bytes
    }

    /// The JSON text of `value` as a string, without a final newline.
    public func encodeToString<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try self.encode(value), as: UTF8.self)
    }
}

/// A gathered JSON value: scalars inline, objects and arrays in shared boxes (so that containers handed out
/// earlier keep filling them).
enum JSONNode {
    case null
    case bool(Bool)
    case integer(Int64)
    case unsigned(UInt64)
    /// A finite number already written as text.
    case number(String)
    case string(String)
    case object(JSONObjectBox)
    case array(JSONArrayBox)
}

/// An object's members in the order they were encoded.
final class JSONObjectBox {
    var keys: [String] = []
    var values: [JSONNode] = []
    /// The coding key type that filled it, if one did: objects of one type usually have the same keys, so the
    /// writer sorts them once per type and key list.
    var keyType: ObjectIdentifier?

    init(keyType: ObjectIdentifier? = nil) {
        self.keyType = keyType
    }
}

/// An array's elements.
final class JSONArrayBox {
    var values: [JSONNode] = []
}

/// The coding path, kept as a chain and turned into an array only when asked for.
final class JSONCodingPath {
    let key: any CodingKey
    let parent: JSONCodingPath?

    init(_ key: any CodingKey, parent: JSONCodingPath?) {
        self.key = key
        self.parent = parent
    }

    static func array(_ path: JSONCodingPath?) -> [any CodingKey] {
        var keys: [any CodingKey] = []
        var node = path
        while let current = node {
            keys.append(current.key)
            node = current.parent
        }
        return keys.reversed()
    }
}

/// A coding key for array positions and `super`.
struct JSONIndexKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    init(intValue: Int) {
        self.stringValue = "Index \(intValue)"
        self.intValue = intValue
    }

    static let superKey = JSONIndexKey(stringValue: "super")
}

/// The `Encoder` one value is encoded with; `node` is what it encoded.
final class JSONTreeEncoder: Encoder {
    let options: StableJSONEncoder
    let path: JSONCodingPath?
    /// Where a `superEncoder`'s node goes as soon as it is set (its parent's slot); nil for the others, whose
    /// node their caller takes when `encode(to:)` returns.
    private let store: ((JSONNode) -> Void)?
    var node: JSONNode? {
        didSet { if let node, let store { store(node) } }
    }

    init(options: StableJSONEncoder, path: JSONCodingPath?, store: ((JSONNode) -> Void)? = nil) {
        self.options = options
        self.path = path
        self.store = store
    }

    /// The encoder `superEncoder` hands out for slot `index` of `values` (filled with an empty object, what
    /// JSONEncoder leaves when nothing is encoded there): what it encodes replaces that.
    static func referencing(
        _ append: (JSONNode) -> Int,
        _ replace: @escaping (Int, JSONNode) -> Void,
        options: StableJSONEncoder,
        path: JSONCodingPath
    ) -> JSONTreeEncoder {
        let index = append(.object(JSONObjectBox()))
        return JSONTreeEncoder(options: options, path: path) { replace(index, $0) }
    }

    var codingPath: [any CodingKey] { JSONCodingPath.array(self.path) }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let box: JSONObjectBox
        if case .object(let existing) = self.node {
            box = existing
        } else {
            box = JSONObjectBox(keyType: ObjectIdentifier(Key.self))
            self.node = .object(box)
        }
        return KeyedEncodingContainer(JSONKeyedContainer<Key>(box: box, options: self.options, path: self.path))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let box: JSONArrayBox
        if case .array(let existing) = self.node {
            box = existing
        } else {
            box = JSONArrayBox()
            self.node = .array(box)
        }
        return JSONUnkeyedContainer(box: box, options: self.options, path: self.path)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        JSONSingleValueContainer(encoder: self)
    }

    /// The node for `value`, encoded at `path`.
    static func node<T: Encodable>(
        _ value: T,
        options: StableJSONEncoder,
        path: @autoclosure () -> JSONCodingPath?
    ) throws -> JSONNode {
        // The common leaves without an encoder of their own.
        if T.self == String.self { return .string(value as! String) }
        if T.self == Int.self { return .integer(Int64(value as! Int)) }
        if T.self == Double.self { return try Self.number(value as! Double, options: options, path: path()) }
        if T.self == Bool.self { return .bool(value as! Bool) }
        let encoder = JSONTreeEncoder(options: options, path: path())
        try value.encode(to: encoder)
        // A value that encoded nothing is an empty object, as with JSONEncoder.
        return encoder.node ?? .object(JSONObjectBox())
    }

    /// A floating-point number's node: its text, or the non-conforming string.
    static func number<F: BinaryFloatingPoint & LosslessStringConvertible>(
        _ value: F,
        options: StableJSONEncoder,
        path: JSONCodingPath?
    ) throws -> JSONNode {
        guard value.isFinite else {
            guard let strings = options.nonConformingFloats else {
                throw EncodingError.invalidValue(
                    value,
                    EncodingError.Context(
                        codingPath: JSONCodingPath.array(path),
                        debugDescription: "Unable to encode \(F.self).\(value) directly in JSON."
                    )
                )
            }
            if value.isNaN { return .string(strings.nan) }
            return .string(value > 0 ? strings.positiveInfinity : strings.negativeInfinity)
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return .number(text)
    }
}

/// A keyed container filling an object box.
struct JSONKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: JSONObjectBox
    let options: StableJSONEncoder
    let path: JSONCodingPath?

    var codingPath: [any CodingKey] { JSONCodingPath.array(self.path) }

    private func add(_ node: JSONNode, _ key: Key) {
        self.box.keys.append(key.stringValue)
        self.box.values.append(node)
    }

    mutating func encodeNil(forKey key: Key) throws { self.add(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { self.add(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { self.add(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        self.add(try JSONTreeEncoder.number(value, options: self.options, path: self.path), key)
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        self.add(try JSONTreeEncoder.number(value, options: self.options, path: self.path), key)
    }
    mutating func encode(_ value: Int, forKey key: Key) throws { self.add(.integer(Int64(value)), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { self.add(.integer(Int64(value)), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { self.add(.integer(Int64(value)), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { self.add(.integer(Int64(value)), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { self.add(.integer(value), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { self.add(.unsigned(UInt64(value)), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { self.add(.unsigned(UInt64(value)), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { self.add(.unsigned(UInt64(value)), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { self.add(.unsigned(UInt64(value)), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { self.add(.unsigned(value), key) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        let path = self.path
        self.add(try JSONTreeEncoder.node(value, options: self.options, path: JSONCodingPath(key, parent: path)), key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type,
        forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let nested = JSONObjectBox(keyType: ObjectIdentifier(NestedKey.self))
        self.add(.object(nested), key)
        return KeyedEncodingContainer(
            JSONKeyedContainer<NestedKey>(
                box: nested,
                options: self.options,
                path: JSONCodingPath(key, parent: self.path)
            )
        )
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = JSONArrayBox()
        self.add(.array(nested), key)
        return JSONUnkeyedContainer(box: nested, options: self.options, path: JSONCodingPath(key, parent: self.path))
    }

    mutating func superEncoder() -> any Encoder {
        self.superEncoder(named: JSONIndexKey.superKey)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        self.superEncoder(named: key)
    }

    private func superEncoder(named key: any CodingKey) -> any Encoder {
        let box = self.box
        return JSONTreeEncoder.referencing(
            { node in
                box.keys.append(key.stringValue)
                box.values.append(node)
                return box.values.count - 1
            },
            { box.values[$0] = $1 },
            options: self.options,
            path: JSONCodingPath(key, parent: self.path)
        )
    }
}

/// An unkeyed container filling an array box.
struct JSONUnkeyedContainer: UnkeyedEncodingContainer {
    let box: JSONArrayBox
    let options: StableJSONEncoder
    let path: JSONCodingPath?

    var codingPath: [any CodingKey] { JSONCodingPath.array(self.path) }
    var count: Int { self.box.values.count }

    private func elementPath() -> JSONCodingPath {
        JSONCodingPath(JSONIndexKey(intValue: self.box.values.count), parent: self.path)
    }

    mutating func encodeNil() throws { self.box.values.append(.null) }
    mutating func encode(_ value: Bool) throws { self.box.values.append(.bool(value)) }
    mutating func encode(_ value: String) throws { self.box.values.append(.string(value)) }
    mutating func encode(_ value: Double) throws {
        self.box.values.append(try JSONTreeEncoder.number(value, options: self.options, path: self.elementPath()))
    }
    mutating func encode(_ value: Float) throws {
        self.box.values.append(try JSONTreeEncoder.number(value, options: self.options, path: self.elementPath()))
    }
    mutating func encode(_ value: Int) throws { self.box.values.append(.integer(Int64(value))) }
    mutating func encode(_ value: Int8) throws { self.box.values.append(.integer(Int64(value))) }
    mutating func encode(_ value: Int16) throws { self.box.values.append(.integer(Int64(value))) }
    mutating func encode(_ value: Int32) throws { self.box.values.append(.integer(Int64(value))) }
    mutating func encode(_ value: Int64) throws { self.box.values.append(.integer(value)) }
    mutating func encode(_ value: UInt) throws { self.box.values.append(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt8) throws { self.box.values.append(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt16) throws { self.box.values.append(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt32) throws { self.box.values.append(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt64) throws { self.box.values.append(.unsigned(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let path = self.path
        let index = self.box.values.count
        self.box.values.append(
            try JSONTreeEncoder.node(
                value,
                options: self.options,
                path: JSONCodingPath(JSONIndexKey(intValue: index), parent: path)
            )
        )
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    )
        -> KeyedEncodingContainer<NestedKey>
    {
        let nested = JSONObjectBox(keyType: ObjectIdentifier(NestedKey.self))
        let path = self.elementPath()
        self.box.values.append(.object(nested))
        return KeyedEncodingContainer(JSONKeyedContainer<NestedKey>(box: nested, options: self.options, path: path))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = JSONArrayBox()
        let path = self.elementPath()
        self.box.values.append(.array(nested))
        return JSONUnkeyedContainer(box: nested, options: self.options, path: path)
    }

    mutating func superEncoder() -> any Encoder {
        let box = self.box
        return JSONTreeEncoder.referencing(
            { node in
                box.values.append(node)
                return box.values.count - 1
            },
            { box.values[$0] = $1 },
            options: self.options,
            path: self.elementPath()
        )
    }
}

/// A single-value container: sets its encoder's node.
struct JSONSingleValueContainer: SingleValueEncodingContainer {
    let encoder: JSONTreeEncoder

    var codingPath: [any CodingKey] { self.encoder.codingPath }

    private func set(_ node: JSONNode) { self.encoder.node = node }

    mutating func encodeNil() throws { self.set(.null) }
    mutating func encode(_ value: Bool) throws { self.set(.bool(value)) }
    mutating func encode(_ value: String) throws { self.set(.string(value)) }
    mutating func encode(_ value: Double) throws {
        self.set(try JSONTreeEncoder.number(value, options: self.encoder.options, path: self.encoder.path))
    }
    mutating func encode(_ value: Float) throws {
        self.set(try JSONTreeEncoder.number(value, options: self.encoder.options, path: self.encoder.path))
    }
    mutating func encode(_ value: Int) throws { self.set(.integer(Int64(value))) }
    mutating func encode(_ value: Int8) throws { self.set(.integer(Int64(value))) }
    mutating func encode(_ value: Int16) throws { self.set(.integer(Int64(value))) }
    mutating func encode(_ value: Int32) throws { self.set(.integer(Int64(value))) }
    mutating func encode(_ value: Int64) throws { self.set(.integer(value)) }
    mutating func encode(_ value: UInt) throws { self.set(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt8) throws { self.set(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt16) throws { self.set(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt32) throws { self.set(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt64) throws { self.set(.unsigned(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        self.set(try JSONTreeEncoder.node(value, options: self.encoder.options, path: self.encoder.path))
    }
}
