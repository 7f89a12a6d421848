import PaichaMining
import Testing

@Suite struct JSONParserTests {
    func parse(_ text: String, limits: JSONLimits = JSONLimits()) -> Result<JSONValue, JSONError> {
        do throws(JSONError) {
            return .success(try JSONParser.parse(Array(text.utf8), limits: limits))
        } catch {
            return .failure(error)
        }
    }

    @Test func wholeDocumentWithEveryKindOfValue() throws {
        let text =
            #" {"a":[1,-2.5e+3,0.10,"x\u00e9\ud83d\ude00\n\"\\\/\b\f\r\t"],"b":{"c":null,"d":true,"e":false},"big":123456789012345678901234567890,"a":{}} "#
        let expected: JSONValue = .object([
            JSONMember(
                "a",
                .array([
                    .number("1"), .number("-2.5e+3"), .number("0.10"), .string("x\u{e9}\u{1F600}\n\"\\/\u{8}\u{C}\r\t"),
                ])
            ),
            JSONMember(
                "b",
                .object([JSONMember("c", .null), JSONMember("d", .bool(true)), JSONMember("e", .bool(false))])
            ),
            JSONMember("big", .number("123456789012345678901234567890")),
            JSONMember("a", .object([])),
        ])
        #expect(parse(text) == .success(expected))
        #expect(try parse(text).get()["big"] == .number("123456789012345678901234567890"))
        #expect(try parse(text).get()["a"]?[1]?.doubleValue == -2500)
    }

    @Test func batchesAndEmptyContainers() {
        #expect(parse("[]") == .success(.array([])))
        #expect(parse("\r\n\t{}") == .success(.object([])))
        #expect(
            parse(#"[{"id":1},{"id":"x"}]"#)
                == .success(
                    .array([.object([JSONMember("id", .number("1"))]), .object([JSONMember("id", .string("x"))])])
                )
        )
        #expect(parse(#"["\u0041\u00DF"]"#) == .success(.array([.string("A\u{DF}")])))
    }

    @Test(arguments: [
        ("x", JSONError(.notJSON, at: 0)),
        ("  1", JSONError(.notJSON, at: 2)),
        ("", JSONError(.notJSON, at: 0)),
        (#"{"a":}"#, JSONError(.unexpectedByte, at: 5)),
        (#"{"a":1,}"#, JSONError(.unexpectedByte, at: 7)),
        (#"{"a" 1}"#, JSONError(.unexpectedByte, at: 5)),
        (#"{a:1}"#, JSONError(.unexpectedByte, at: 1)),
        (#"{"a":01}"#, JSONError(.invalidNumber, at: 6)),
        (#"{"a":-}"#, JSONError(.invalidNumber, at: 6)),
        (#"{"a":1.}"#, JSONError(.invalidNumber, at: 7)),
        (#"{"a":1e}"#, JSONError(.invalidNumber, at: 7)),
        (#"{"a":0x1}"#, JSONError(.unexpectedByte, at: 6)),
        (#"{"a":"\x"}"#, JSONError(.invalidEscape, at: 6)),
        (#"{"a":"\u12G4"}"#, JSONError(.invalidEscape, at: 10)),
        (#"{"a":"\ud800"}"#, JSONError(.invalidSurrogate, at: 12)),
        (#"{"a":"\udc00"}"#, JSONError(.invalidSurrogate, at: 6)),
        (#"{"a":"\ud800\u0041"}"#, JSONError(.invalidSurrogate, at: 12)),
        ("{\"a\":\"\u{1}\"}", JSONError(.controlCharacter, at: 6)),
        (#"{"a":1} x"#, JSONError(.trailingBytes, at: 8)),
        (#"{"a":tru}"#, JSONError(.unexpectedByte, at: 8)),
        (#"{"a":"abc"#, JSONError(.unexpectedEnd, at: 9)),
        ("[1,2", JSONError(.unexpectedEnd, at: 4)),
        (#"{"a":nul"#, JSONError(.unexpectedEnd, at: 8)),
    ])
    func errorsCarryTheirByteOffset(_ text: String, _ error: JSONError) {
        #expect(parse(text) == .failure(error))
    }

    @Test func limitsAreEnforcedWithOffsets() {
        #expect(parse("[[[[]]]]", limits: JSONLimits(maximumDepth: 3)) == .failure(JSONError(.tooDeep, at: 3)))
        #expect(parse("[[[]]]", limits: JSONLimits(maximumDepth: 3)) == .success(.array([.array([.array([])])])))
        #expect(
            parse(#"["abcde"]"#, limits: JSONLimits(maximumStringLength: 4))
                == .failure(JSONError(.stringTooLong, at: 2))
        )
        #expect(
            parse(#"["ab\ncde"]"#, limits: JSONLimits(maximumStringLength: 4))
                == .failure(JSONError(.stringTooLong, at: 2))
        )
        #expect(parse(#"["abcd"]"#, limits: JSONLimits(maximumStringLength: 4)) == .success(.array([.string("abcd")])))
        #expect(parse("[1,2,3]", limits: JSONLimits(maximumMembers: 2)) == .failure(JSONError(.tooManyMembers, at: 5)))
        #expect(
            parse(#"{"a":1,"b":2,"c":3}"#, limits: JSONLimits(maximumMembers: 2))
                == .failure(JSONError(.tooManyMembers, at: 13))
        )
        #expect(JSONError.Code.tooDeep.isLimit && !JSONError.Code.notJSON.isLimit)
        #expect(JSONError(.tooDeep, at: 3).description == "JSON: nesting deeper than JSONLimits.maximumDepth at byte 3")
    }

    @Test func idKeysTellNumbersFromStrings() {
        #expect(JSONValue.number("1").idKey == "1")
        #expect(JSONValue.string("1").idKey == "\"1\"")
        #expect(JSONValue.null.idKey == nil)
    }

    @Test func randomMutationsNeverCrash() {
        var random = StratumSplitMix(state: 0x5EED_0001)
        let seeds = StratumConversations.zcash + StratumConversations.cryptonote + StratumConversations.ethProxy
        var parsed = 0
        for round in 0..<4000 {
            var bytes = seeds[round % seeds.count].bytes
            for _ in 0..<(1 + Int(random.next() % 4)) {
                guard !bytes.isEmpty else { break }
                let at = Int(random.next() % UInt64(bytes.count))
                switch random.next() % 4 {
                case 0: bytes[at] = UInt8(truncatingIfNeeded: random.next())
                case 1: bytes.remove(at: at)
                case 2:
                    let alphabet = Array(#"{}[]",:\"#.utf8)
                    bytes.insert(alphabet[Int(random.next() % UInt64(alphabet.count))], at: at)
                default: bytes.removeLast(bytes.count - at)
                }
            }
            if (try? JSONParser.parse(bytes, limits: JSONLimits(maximumDepth: 8))) != nil { parsed += 1 }
        }
        // Some mutations leave valid JSON (e.g. a changed hex digit), most do not.
        #expect(parsed > 0 && parsed < 4000)
    }
}
