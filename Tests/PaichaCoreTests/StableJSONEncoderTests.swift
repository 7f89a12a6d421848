import Foundation
import PaichaCore
import PaichaFixtures
import Testing

/// A JSON value of any shape, encodable, for comparing encoders on random documents.
private indirect enum AnyJSON: Encodable {
    case null
    case bool(Bool)
    case int(Int)
    case int8(Int8)
    case uint64(UInt64)
    case int64(Int64)
    case double(Double)
    case float(Float)
    case string(String)
    case optional(String?)
    case array([AnyJSON])
    case object([(String, AnyJSON)])
    /// Members written through a nested keyed container and a nested unkeyed one, interleaved.
    case nested(String, [AnyJSON])
    /// Values written through `superEncoder()`, `superEncoder(forKey:)` and an unkeyed container's
    /// `superEncoder()`, as classes encode their superclass; the last one encodes nothing.
    case inheriting(AnyJSON, AnyJSON, AnyJSON)

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .int(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .int8(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .uint64(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .int64(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .double(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .float(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .string(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .optional(let value):
            var container = encoder.container(keyedBy: Key.self)
            try container.encodeIfPresent(value, forKey: Key(stringValue: "maybe"))
            try container.encode(value, forKey: Key(stringValue: "always"))
        case .array(let values):
            var container = encoder.unkeyedContainer()
            for value in values { try container.encode(value) }
        case .object(let members):
            var container = encoder.container(keyedBy: Key.self)
            for (key, value) in members { try container.encode(value, forKey: Key(stringValue: key)) }
        case .nested(let key, let values):
            var container = encoder.container(keyedBy: Key.self)
            var inner = container.nestedContainer(keyedBy: Key.self, forKey: Key(stringValue: key))
            var list = container.nestedUnkeyedContainer(forKey: Key(stringValue: key + "s"))
            for (index, value) in values.enumerated() {
                try inner.encode(value, forKey: Key(stringValue: "v\(index)"))
                try list.encode(value)
                try container.encode(index, forKey: Key(stringValue: "after\(index)"))
            }
        case .inheriting(let first, let second, let third):
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(1, forKey: Key(stringValue: "own"))
            try first.encode(to: container.superEncoder())
            try second.encode(to: container.superEncoder(forKey: Key(stringValue: "base")))
            var list = container.nestedUnkeyedContainer(forKey: Key(stringValue: "list"))
            try third.encode(to: list.superEncoder())
            _ = list.superEncoder()
            try list.encode(2)
        }
    }

    /// A random value at most `depth` containers deep.
    static func random(_ generator: inout SplitMix64, depth: Int) -> AnyJSON {
        let kind = generator.int(0...(depth > 0 ? 16 : 10))
        switch kind {
        case 0: return .null
        case 1: return .bool(generator.int(0...1) == 1)
        case 2: return .int(Int(truncatingIfNeeded: generator.next()) >> generator.int(0...63))
        case 3: return .int8(Int8(truncatingIfNeeded: generator.next()))
        case 4: return .uint64(generator.next() >> generator.int(0...63))
        case 5: return .int64(Int64(truncatingIfNeeded: generator.next()))
        case 6: return .double(randomDouble(&generator))
        case 7: return .float(Float(randomDouble(&generator)))
        case 8, 9: return .string(randomString(&generator))
        case 10: return .optional(generator.int(0...1) == 0 ? nil : randomString(&generator))
        case 11, 12:
            return .array((0..<generator.int(0...5)).map { _ in random(&generator, depth: depth - 1) })
        case 13, 14:
            return .object(
                (0..<generator.int(0...6)).map { _ in
                    // Short keys from a small alphabet, so that some repeat (the last value is kept).
                    (randomKey(&generator), random(&generator, depth: depth - 1))
                }
            )
        case 15:
            return .nested(randomKey(&generator), (0..<generator.int(0...3)).map { _ in random(&generator, depth: 0) })
        default:
            return .inheriting(
                random(&generator, depth: depth - 1),
                random(&generator, depth: depth - 1),
                random(&generator, depth: depth - 1)
            )
        }
    }

    static func randomDouble(_ generator: inout SplitMix64) -> Double {
        switch generator.int(0...5) {
        case 0: return Double(bitPattern: generator.next())  // any value, NaN and infinities among them
        case 1:
            return [Double.infinity, -.infinity, .nan, 0, -0.0, 1e16, 1e15, .leastNonzeroMagnitude][
                generator.int(0...7)
            ]
        case 2: return Double(generator.int(-1_000_000...1_000_000))
        default:
            return Double(generator.int(-1_000_000_000...1_000_000_000)) / pow(10, Double(generator.int(0...12)))
        }
    }

    static func randomString(_ generator: inout SplitMix64) -> String {
        let pieces: [String] = [
            "a", "Z", "0", "9", "_", "-", " ", "/", "\\", "\"", "\n", "\r", "\t", "\u{8}", "\u{C}", "\u{0}", "\u{1}",
            "\u{1F}", "\u{7F}", "é", "e\u{301}", "矿", "池", "😇", "\u{2028}", "\u{FEFF}", "Ä", "ß",
        ]
        return String((0..<generator.int(0...8)).map { _ in pieces[generator.int(0...(pieces.count - 1))] }.joined())
    }

    static func randomKey(_ generator: inout SplitMix64) -> String {
        let pieces = ["a", "b", "B", "_", "1", "10", "9", "é", "z", "Ä", "矿", "aB", "ab", "e\u{301}"]
        return (0..<generator.int(0...2)).map { _ in pieces[generator.int(0...(pieces.count - 1))] }.joined()
    }
}

@Suite("Stable JSON encoder")
struct StableJSONEncoderTests {
    struct Sample: Encodable {
        var name = "pool/1 \"x\""
        var count = 3
        var ratio = 0.5
        var whole = 2.0
        var missing: Int? = nil
        var list = [1, 2]
        var empty: [String: Int] = [:]
        var nested = ["b": [true], "a": []]
    }

    @Test("pretty output, whole")
    func prettyVector() throws {
        let text = try StableJSONEncoder().encodeToString(Sample())
        #expect(
            text == """
                {
                  "count" : 3,
                  "empty" : {

                  },
                  "list" : [
                    1,
                    2
                  ],
                  "name" : "pool/1 \\"x\\"",
                  "nested" : {
                    "a" : [

                    ],
                    "b" : [
                      true
                    ]
                  },
                  "ratio" : 0.5,
                  "whole" : 2
                }
                """
        )
    }

    @Test("compact output, whole")
    func compactVector() throws {
        let text = try StableJSONEncoder(prettyPrinted: false).encodeToString(Sample())
        #expect(
            text
                == #"{"count":3,"empty":{},"list":[1,2],"name":"pool/1 \"x\"","nested":{"a":[],"b":[true]},"ratio":0.5,"whole":2}"#
        )
    }

    @Test("non-finite numbers: the given strings, or an error naming the path")
    func nonFinite() throws {
        struct Values: Encodable { var values: [Double] }
        let strings = StableJSONEncoder.NonConformingFloats(
            positiveInfinity: "inf",
            negativeInfinity: "-inf",
            nan: "nan"
        )
        let encoder = StableJSONEncoder(prettyPrinted: false, nonConformingFloats: strings)
        #expect(
            try encoder.encodeToString(Values(values: [.infinity, -.infinity, .nan]))
                == #"{"values":["inf","-inf","nan"]}"#
        )
        do {
            _ = try StableJSONEncoder().encode(Values(values: [1, .nan]))
            Issue.record("NaN encoded without a strategy")
        } catch EncodingError.invalidValue(_, let context) {
            #expect(context.codingPath.map(\.stringValue) == ["values", "Index 1"])
        }
    }

    @Test("a top-level value that encodes nothing is an error")
    func nothingEncoded() {
        struct Nothing: Encodable { func encode(to encoder: any Encoder) throws {} }
        #expect(throws: EncodingError.self) { try StableJSONEncoder().encode(Nothing()) }
    }

    @Test("random documents: byte for byte what JSONEncoder writes", arguments: [false, true])
    func matchesFoundation(pretty: Bool) throws {
        var generator = SplitMix64(seed: pretty ? 0x5EED_0001 : 0x5EED_0002)
        let reference = JSONEncoder()
        reference.outputFormatting =
            pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        reference.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "+",
            negativeInfinity: "-",
            nan: "?"
        )
        let encoder = StableJSONEncoder(
            prettyPrinted: pretty,
            nonConformingFloats: .init(positiveInfinity: "+", negativeInfinity: "-", nan: "?")
        )
        var compared = 0
        for _ in 0..<2000 {
            let document = AnyJSON.array([AnyJSON.random(&generator, depth: 4)])
            let expected = try reference.encode(document)
            let actual = try encoder.encode(document)
            if Array(expected) != actual {
                let offset = zip(expected, actual).prefix { $0 == $1 }.count
                Issue.record(
                    """
                    differs at byte \(offset): \(Array(expected.dropFirst(max(offset - 8, 0)).prefix(24))) against \
                    \(Array(actual.dropFirst(max(offset - 8, 0)).prefix(24)))
                    \(String(decoding: expected, as: UTF8.self))
                    """
                )
                return
            }
            compared += 1
        }
        #expect(compared == 2000)
    }
}
