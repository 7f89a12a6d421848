import PaichaCore
import Testing

@testable import PaichaMining

@Suite struct StratumNegativeTests {
    typealias F = StratumTestFeed

    static func http(_ request: String, _ reply: String, host: String = "127.0.0.1:8545") -> [StratumTestMessage] {
        [
            .minerRaw(
                "POST / HTTP/1.1\r\nHost: \(host)\r\nContent-Type: application/json\r\nContent-Length: \(request.utf8.count)\r\n\r\n"
                    + request
            ),
            .poolRaw(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(reply.utf8.count)\r\n\r\n"
                    + reply
            ),
        ]
    }

    static let ethereumNodeRPC: [StratumTestMessage] =
        http(
            #"{"jsonrpc":"2.0","method":"eth_blockNumber","params":[],"id":1}"#,
            #"{"jsonrpc":"2.0","id":1,"result":"0x10d4f"}"#
        )
        + http(
            #"{"jsonrpc":"2.0","method":"eth_getBlockByNumber","params":["latest",false],"id":2}"#,
            #"{"jsonrpc":"2.0","id":2,"result":{"number":"0x10d4f","hash":"0x4155559c31768833f25b6dbfbb39be72e71375e14a3a711e589696850bc9431ec","transactions":[]}}"#
        )
        + http(
            #"{"jsonrpc":"2.0","method":"eth_call","params":[{"to":"0x9c99d212f7e5daa18ab50810e0fd255d1f04303b","data":"0x70a08231"},"latest"],"id":3}"#,
            #"{"jsonrpc":"2.0","id":3,"result":"0x0000000000000000000000000000000000000000000000000000000000000000"}"#
        )

    static let bitcoinNodeRPC: [StratumTestMessage] =
        http(
            #"{"jsonrpc":"1.0","id":"curltest","method":"getblockcount","params":[]}"#,
            #"{"result":540000,"error":null,"id":"curltest"}"#,
            host: "127.0.0.1:8332"
        )
        + http(
            #"{"jsonrpc":"1.0","id":"curltest","method":"getblockchaininfo","params":[]}"#,
            #"{"result":{"chain":"main","blocks":540000,"difficulty":6727225469722.534},"error":null,"id":"curltest"}"#,
            host: "127.0.0.1:8332"
        )

    static let genericJSONLines: [StratumTestMessage] = [
        .miner(#"{"id":1,"method":"subscribe","params":{"channel":"ticker","symbol":"BTC-USD"}}"#),
        .pool(#"{"id":1,"result":{"subscribed":true}}"#),
        .pool(#"{"method":"ticker","params":{"price":"43000.12","difficulty":1}}"#),
        .miner(#"{"id":2,"method":"login","params":{"login":"alice","pass":"secret"}}"#),
        .pool(#"{"id":2,"result":{"token":"abc","status":"OK"}}"#),
        .miner(#"{"id":3,"method":"submit","params":{"form":"contact","text":"hello"}}"#),
        .pool(#"{"id":3,"result":true}"#),
    ]

    static let jsonLogLines: [StratumTestMessage] = [
        .miner(#"{"level":"info","ts":1514196000.1,"msg":"mining.subscribe is not a method here","job":"backup"}"#),
        .miner(#"{"level":"warn","ts":1514196001.2,"msg":"connection reset","id":7,"result":true}"#),
        .miner(#"[{"event":"job","target":"dc460300"}]"#),
    ]

    static let languageServer: [StratumTestMessage] = [
        .minerRaw(
            "Content-Length: 58\r\n\r\n" + #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#
        ),
        .poolRaw("Content-Length: 42\r\n\r\n" + #"{"jsonrpc":"2.0","id":1,"result":{"x":1}}"#),
    ]

    static let tlsAndSSH: [StratumTestMessage] = [
        StratumTestMessage(
            direction: .originatorToResponder,
            bytes: [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC]
        ),
        .poolRaw("SSH-2.0-OpenSSH_8.9p1\r\n"),
    ]

    static let cases: [(String, [StratumTestMessage])] = [
        ("ethereum node RPC", ethereumNodeRPC), ("bitcoin node RPC", bitcoinNodeRPC),
        ("generic JSON", genericJSONLines), ("JSON logs", jsonLogLines), ("LSP", languageServer),
        ("TLS/SSH", tlsAndSSH),
    ]

    @Test(arguments: 0..<cases.count)
    func ordinaryTrafficIsNotMining(_ index: Int) {
        let messages = Self.cases[index].1
        #expect(F.session(messages) == nil, "\(Self.cases[index].0)")
        #expect(F.session(messages, chunkSize: 3) == nil, "\(Self.cases[index].0)")
    }

    @Test func binaryBothWaysIsHopelessAtOnce() {
        let analyzer = F.analyze(Self.tlsAndSSH)
        #expect(analyzer.isHopeless)
        #expect(F.analyze(Self.languageServer).isHopeless)
    }

    @Test func miningIsNeverHopeless() {
        #expect(!F.analyze(StratumConversations.zcash).isHopeless)
        #expect(!F.analyze(Array(StratumConversations.zcash.prefix(1))).isHopeless)
    }

    @Test func oneSilentSideWaitsUntilTheOtherSentEnough() {
        var analyzer = StratumAnalyzer()
        let hello = [UInt8](repeating: 0x16, count: 600)
        hello.withUnsafeBytes { analyzer.receive($0, direction: .originatorToResponder, at: F.time(0), location: nil) }
        #expect(!analyzer.isHopeless)
        let more = [UInt8](repeating: 0x17, count: 4000)
        more.withUnsafeBytes { analyzer.receive($0, direction: .originatorToResponder, at: F.time(1), location: nil) }
        #expect(analyzer.isHopeless)
    }

    @Test func manyJSONMessagesWithoutMiningAreHopeless() {
        var messages: [StratumTestMessage] = []
        for id in 0..<40 {
            messages.append(.miner(#"{"jsonrpc":"2.0","id":\#(id),"method":"eth_blockNumber","params":[]}"#))
        }
        let analyzer = F.analyze(messages)
        #expect(analyzer.isHopeless)
        #expect(analyzer.session() == nil)
    }

    @Test func seededMutationsOfEveryConversationNeverCrash() {
        var random = StratumSplitMix(state: 0xC0FF_EE00)
        let conversations =
            StratumAnalyzerTests.cases.map(\.1) + Self.cases.map(\.1)
        var recognised = 0
        for round in 0..<600 {
            var messages = conversations[round % conversations.count]
            for _ in 0..<(1 + Int(random.next() % 6)) {
                let which = Int(random.next() % UInt64(messages.count))
                var bytes = messages[which].bytes
                guard !bytes.isEmpty else { continue }
                let at = Int(random.next() % UInt64(bytes.count))
                switch random.next() % 5 {
                case 0: bytes[at] = UInt8(truncatingIfNeeded: random.next())
                case 1: bytes.remove(at: at)
                case 2:
                    let alphabet = Array("{}[]\",:\n\\0 ".utf8)
                    bytes.insert(alphabet[Int(random.next() % UInt64(alphabet.count))], at: at)
                case 3: bytes.removeLast(bytes.count - at)
                default: bytes.insert(contentsOf: bytes[at...].prefix(40), at: at)
                }
                messages[which].bytes = bytes
            }
            var analyzer = StratumAnalyzer()
            for (index, message) in messages.enumerated() {
                let size = 1 + Int(random.next() % 64)
                var offset = 0
                while offset < message.bytes.count {
                    let end = min(message.bytes.count, offset + size)
                    message.bytes[offset..<end].withUnsafeBytes {
                        analyzer.receive($0, direction: message.direction, at: F.time(index), location: nil)
                    }
                    offset = end
                    if random.next() % 50 == 0 { analyzer.gap(direction: message.direction, at: F.time(index)) }
                }
            }
            _ = analyzer.isHopeless
            if let session = analyzer.session() {
                recognised += 1
                #expect(session.shares.accepted + session.shares.rejected <= session.shares.submitted)
                #expect(session.evidence.count <= StratumLimits().maximumEvidence)
            }
        }
        #expect(recognised > 0)
    }

    @Test func ordinaryWebTrafficBecomesHopeless() {
        var analyzer = StratumAnalyzer()
        let page = "<html><body>hello</body></html>"
        for index in 0..<8 {
            let request = Array("GET /page\(index) HTTP/1.1\r\nHost: example.com\r\nUser-Agent: curl/8.0\r\n\r\n".utf8)
            let response = Array(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: \(page.utf8.count)\r\n\r\n\(page)".utf8
            )
            #expect(!analyzer.isHopeless)
            request.withUnsafeBytes {
                analyzer.receive($0, direction: .originatorToResponder, at: F.time(index), location: nil)
            }
            response.withUnsafeBytes {
                analyzer.receive($0, direction: .responderToOriginator, at: F.time(index), location: nil)
            }
        }
        #expect(analyzer.isHopeless)
        #expect(analyzer.session() == nil)
    }

    @Test func basicAuthenticationUserIsTheLogin() {
        #expect(HTTPMiningHead.base64Decode("Qmlnc2t5OjEyMw==".utf8) == Array("Bigsky:123".utf8))
        #expect(HTTPMiningHead.base64Decode("YQ".utf8) == Array("a".utf8))
        #expect(HTTPMiningHead.base64Decode("a b".utf8) == nil)
    }
}
