import PaichaCore
import Testing

@testable import PaichaMining

@Suite struct StratumAnalyzerTests {
    typealias C = StratumConversations
    typealias F = StratumTestFeed

    static let zcashExpected: MiningSession = {
        let m = C.zcash
        return MiningSession(
            dialect: .stratumV1,
            algorithm: "equihash",
            coin: "ZEC",
            login: "t1fAhZF5aUJdY7CikGULHmeYk7id8qmvbAd.rig4",
            wallet: "t1fAhZF5aUJdY7CikGULHmeYk7id8qmvbAd",
            worker: "rig4",
            agent: "EWBF 0.3.4b",
            poolNames: ["eu1-zcash.flypool.org"],
            minerDirection: .originatorToResponder,
            firstSeen: F.time(0),
            lastSeen: F.time(11),
            shares: ShareCounts(submitted: 2, accepted: 1, rejected: 1),
            difficulty: [
                DifficultyChange(time: F.time(4), target: C.zcashTarget1, hashesPerShare: 16000),
                DifficultyChange(time: F.time(11), target: C.zcashTarget2, hashesPerShare: 7999.888005120648),
            ],
            shareAnswers: [
                ShareAnswer(time: F.time(8), accepted: true), ShareAnswer(time: F.time(10), accepted: false),
            ],
            methodCounts: [
                "mining.subscribe": 1, "mining.authorize": 1, "mining.set_target": 2, "mining.extranonce.subscribe": 1,
                "mining.notify": 1, "mining.submit": 2,
            ],
            confidence: .confirmed,
            reason:
                "[PLAIN TEXT (mining.subscribe)] stratum-v1, 2 submits (1 accepted, 1 rejected), 4 replies matched by id",
            evidence: [
                F.evidence("mining.subscribe request", m, 0), F.evidence("reply to mining.subscribe", m, 1),
                F.evidence("mining.authorize request", m, 2), F.evidence("reply to mining.authorize", m, 3),
                F.evidence("mining.set_target notification", m, 4),
                F.evidence("mining.extranonce.subscribe request", m, 5),
                F.evidence("mining.notify notification", m, 6), F.evidence("mining.submit request", m, 7),
                F.evidence("reply to mining.submit", m, 8),
            ]
        )
    }()

    static let cryptonoteExpected: MiningSession = {
        let m = C.cryptonote
        return MiningSession(
            dialect: .cryptonote,
            algorithm: "rx/0",
            coin: "XMR",
            login: C.moneroWallet + ".rig1+50000",
            wallet: C.moneroWallet,
            worker: "rig1",
            agent: "XMRig/6.21.0 (Linux x86_64) libuv/1.44.2 gcc/11.4.0",
            minerDirection: .originatorToResponder,
            firstSeen: F.time(0),
            lastSeen: F.time(8),
            shares: ShareCounts(submitted: 2, accepted: 1, rejected: 1),
            difficulty: [
                DifficultyChange(time: F.time(1), target: "dc460300", hashesPerShare: 20000),
                DifficultyChange(time: F.time(4), target: "b88d0600", hashesPerShare: 10000),
            ],
            shareAnswers: [
                ShareAnswer(time: F.time(3), accepted: true), ShareAnswer(time: F.time(6), accepted: false),
            ],
            methodCounts: ["login": 1, "submit": 2, "job": 1, "keepalived": 1],
            confidence: .confirmed,
            reason: "[PLAIN TEXT (login)] cryptonote, 2 submits (1 accepted, 1 rejected), 4 replies matched by id",
            evidence: [
                F.evidence("login request", m, 0), F.evidence("reply to login", m, 1),
                F.evidence("submit request", m, 2),
                F.evidence("reply to submit", m, 3), F.evidence("job notification", m, 4),
                F.evidence("keepalived request", m, 7), F.evidence("reply to keepalived", m, 8),
            ]
        )
    }()

    static let ethProxyExpected: MiningSession = {
        let m = C.ethProxy
        return MiningSession(
            dialect: .ethProxy,
            algorithm: "ethash",
            coin: "ETH",
            login: "0x9c99d212f7e5daa18ab50810e0fd255d1f04303b/tester.worker1/vvesely@mailinator",
            wallet: "0x9c99d212f7e5daa18ab50810e0fd255d1f04303b",
            worker: "tester.worker1",
            minerDirection: .originatorToResponder,
            firstSeen: F.time(0),
            lastSeen: F.time(8),
            shares: ShareCounts(submitted: 1, accepted: 1, rejected: 0),
            difficulty: [
                DifficultyChange(
                    time: F.time(2),
                    target: "0x00000000dbe6fecebdedd5beb573440e5a884d1b2fbf06fcce912adcb8d8422e",
                    hashesPerShare: 5e9
                )
            ],
            reportedHashrates: [ReportedHashrate(time: F.time(5), hashesPerSecond: 30_444_129)],
            shareAnswers: [ShareAnswer(time: F.time(8), accepted: true)],
            methodCounts: ["eth_submitLogin": 1, "eth_getWork": 1, "eth_submitHashrate": 1, "eth_submitWork": 1],
            confidence: .confirmed,
            reason:
                "[PLAIN TEXT (eth_submitLogin)] eth-proxy, 1 submit (1 accepted, 0 rejected), 3 replies matched by id",
            evidence: [
                F.evidence("eth_submitLogin request", m, 0), F.evidence("reply to eth_submitLogin", m, 1),
                F.evidence("reply", m, 2), F.evidence("eth_getWork request", m, 3),
                F.evidence("eth_submitHashrate request", m, 5), F.evidence("reply to eth_submitHashrate", m, 6),
                F.evidence("eth_submitWork request", m, 7), F.evidence("reply to eth_submitWork", m, 8),
            ]
        )
    }()

    static let ethereumStratumExpected: MiningSession = {
        let m = C.ethereumStratum
        return MiningSession(
            dialect: .ethereumStratum,
            algorithm: "ethash",
            coin: "ETH",
            login: "0x9c99d212f7e5daa18ab50810e0fd255d1f04303b.rig1",
            wallet: "0x9c99d212f7e5daa18ab50810e0fd255d1f04303b",
            worker: "rig1",
            agent: "ethminer/0.19.0",
            minerDirection: .originatorToResponder,
            firstSeen: F.time(0),
            lastSeen: F.time(8),
            shares: ShareCounts(submitted: 1, accepted: 1, rejected: 0),
            difficulty: [
                DifficultyChange(time: F.time(4), difficulty: 0.5, hashesPerShare: 2_147_483_648),
                DifficultyChange(time: F.time(8), difficulty: 1, hashesPerShare: 4_294_967_296),
            ],
            shareAnswers: [ShareAnswer(time: F.time(7), accepted: true)],
            methodCounts: [
                "mining.subscribe": 1, "mining.authorize": 1, "mining.set_difficulty": 2, "mining.notify": 1,
                "mining.submit": 1,
            ],
            confidence: .confirmed,
            reason:
                "[PLAIN TEXT (mining.subscribe)] ethereum-stratum, 1 submit (1 accepted, 0 rejected), 3 replies matched by id",
            evidence: [
                F.evidence("mining.subscribe request", m, 0), F.evidence("reply to mining.subscribe", m, 1),
                F.evidence("mining.authorize request", m, 2), F.evidence("reply to mining.authorize", m, 3),
                F.evidence("mining.set_difficulty notification", m, 4), F.evidence("mining.notify notification", m, 5),
                F.evidence("mining.submit request", m, 6), F.evidence("reply to mining.submit", m, 7),
            ]
        )
    }()

    static let bitcoinExpected: MiningSession = {
        let m = C.bitcoin
        return MiningSession(
            dialect: .stratumV1,
            algorithm: "sha256d",
            coin: "BTC",
            login: C.bitcoinWallet + ".w1",
            wallet: C.bitcoinWallet,
            worker: "w1",
            agent: "cgminer/3.7.2",
            minerDirection: .originatorToResponder,
            firstSeen: F.time(0),
            lastSeen: F.time(8),
            shares: ShareCounts(submitted: 1, accepted: 0, rejected: 1),
            difficulty: [DifficultyChange(time: F.time(3), difficulty: 64, hashesPerShare: 274_877_906_944)],
            shareAnswers: [ShareAnswer(time: F.time(7), accepted: false)],
            methodCounts: [
                "mining.subscribe": 1, "mining.authorize": 1, "mining.set_difficulty": 1, "mining.notify": 1,
                "mining.submit": 1, "client.show_message": 1,
            ],
            confidence: .confirmed,
            reason:
                "[PLAIN TEXT (mining.subscribe)] stratum-v1, 1 submit (0 accepted, 1 rejected), 3 replies matched by id",
            evidence: [
                F.evidence("mining.subscribe request", m, 0), F.evidence("reply to mining.subscribe", m, 1),
                F.evidence("mining.authorize request", m, 2), F.evidence("mining.set_difficulty notification", m, 3),
                F.evidence("mining.notify notification", m, 4), F.evidence("reply to mining.authorize", m, 5),
                F.evidence("mining.submit request", m, 6), F.evidence("reply to mining.submit", m, 7),
                F.evidence("client.show_message notification", m, 8),
            ]
        )
    }()

    static let getworkExpected: MiningSession = {
        let m = C.getwork
        return MiningSession(
            dialect: .getwork,
            algorithm: "sha256d",
            login: "Bigsky",
            agent: "bfgminer/5.2.0",
            poolNames: ["us1.bitminter.com"],
            minerDirection: .originatorToResponder,
            firstSeen: F.time(0),
            lastSeen: F.time(3),
            shares: ShareCounts(submitted: 1, accepted: 1, rejected: 0),
            difficulty: [
                DifficultyChange(
                    time: F.time(1),
                    target: "ffffffffffffffffffffffffffffffffffffffffffffffffffffffff00000000",
                    hashesPerShare: 4_294_967_296
                )
            ],
            shareAnswers: [ShareAnswer(time: F.time(3), accepted: true)],
            methodCounts: ["getwork": 2],
            confidence: .confirmed,
            reason:
                "[HTTP POST (getwork)] getwork, 1 submit (1 accepted, 0 rejected), 2 replies matched by id, long polling offered",
            evidence: [
                F.evidence("getwork request", m, 0, body: true), F.evidence("reply to getwork", m, 1, body: true),
                F.evidence("reply to getwork submission", m, 3, body: true),
            ]
        )
    }()

    static let cases: [(String, [StratumTestMessage], MiningSession)] = [
        ("zcash", C.zcash, zcashExpected),
        ("cryptonote", C.cryptonote, cryptonoteExpected),
        ("eth-proxy", C.ethProxy, ethProxyExpected),
        ("ethereum-stratum", C.ethereumStratum, ethereumStratumExpected),
        ("bitcoin", C.bitcoin, bitcoinExpected),
        ("getwork", C.getwork, getworkExpected),
    ]

    @Test(arguments: 0..<cases.count)
    func wholeSession(_ index: Int) {
        let (_, messages, expected) = Self.cases[index]
        #expect(F.session(messages) == expected)
    }

    @Test(arguments: 0..<cases.count)
    func everyChunkSizeGivesTheSameSession(_ index: Int) {
        let (_, messages, expected) = Self.cases[index]
        let longest = messages.map(\.bytes.count).max() ?? 1
        for size in 1...min(longest, 97) {
            let session = F.session(messages, chunkSize: size)
            #expect(session == expected, "chunk size \(size)")
            if session != expected { return }
        }
        #expect(F.session(messages, chunkSize: longest) == expected)
    }

    @Test(arguments: 0..<cases.count)
    func oneSidedCaptureIsLikely(_ index: Int) {
        let (_, messages, expected) = Self.cases[index]
        let minerOnly = messages.filter { $0.direction == .originatorToResponder }
        let session = F.session(minerOnly)
        #expect(session?.dialect == expected.dialect)
        #expect(session?.confidence == .likely)
        #expect(session?.minerDirection == .originatorToResponder)
        #expect(session?.shares.accepted == 0)
        #expect(session?.shares.submitted == expected.shares.submitted)
    }

    @Test func poolSideOnlyIsLikelyWithMinerOppositeDirection() {
        let poolOnly = C.zcash.filter { $0.direction == .responderToOriginator }
        let session = F.session(poolOnly)
        #expect(session?.dialect == .stratumV1)
        #expect(session?.confidence == .likely)
        #expect(session?.minerDirection == .originatorToResponder)
        #expect(session?.difficulty.count == 2)
    }

    @Test func gapDropsThePartialLineAndResynchronises() {
        let messages = C.zcash
        // Cut message 7 (a submit) in half with a gap: the rest of the conversation must still be read.
        var analyzer = StratumAnalyzer()
        for (index, message) in messages.enumerated() {
            if index == 7 {
                let half = message.bytes.count / 2
                message.bytes[0..<half].withUnsafeBytes {
                    analyzer.receive($0, direction: message.direction, at: F.time(index), location: F.location(index))
                }
                analyzer.gap(direction: message.direction, at: F.time(index))
                continue
            }
            message.bytes.withUnsafeBytes {
                analyzer.receive($0, direction: message.direction, at: F.time(index), location: F.location(index))
            }
        }
        var withoutSeven = messages
        withoutSeven.remove(at: 7)
        var expected = F.session(withoutSeven)
        // Message indices after 7 shift back by one in the reference; re-feed it with the original timing instead.
        var reference = StratumAnalyzer()
        for (index, message) in messages.enumerated() where index != 7 {
            message.bytes.withUnsafeBytes {
                reference.receive($0, direction: message.direction, at: F.time(index), location: F.location(index))
            }
        }
        expected = reference.session()
        expected?.reason += ", 1 gap"
        #expect(analyzer.session() == expected)
        #expect(analyzer.session()?.shares == ShareCounts(submitted: 1, accepted: 0, rejected: 1))
    }

    @Test func gapInsideTheSecondHalfOfALineResumesAtTheNextLine() {
        // The gap comes after the partial line; the bytes right after the gap continue some unknown line.
        var analyzer = StratumAnalyzer()
        let first = Array(#"{"id":1,"method":"mining.subscr"#.utf8)
        let afterGap = Array(#"ibe","params":[]}"#.utf8) + [0x0A] + C.zcash[2].bytes
        first.withUnsafeBytes { analyzer.receive($0, direction: .originatorToResponder, at: F.time(0), location: nil) }
        analyzer.gap(direction: .originatorToResponder, at: F.time(1))
        afterGap.withUnsafeBytes {
            analyzer.receive($0, direction: .originatorToResponder, at: F.time(2), location: nil)
        }
        let session = analyzer.session()
        #expect(session?.methodCounts == ["mining.authorize": 1])
        #expect(session?.login == "t1fAhZF5aUJdY7CikGULHmeYk7id8qmvbAd.rig4")
    }

    @Test func ethGetWorkToANodeOverHTTPIsSoloMining() {
        let body = #"{"jsonrpc":"2.0","method":"eth_getWork","params":[],"id":1}"#
        let reply = #"{"jsonrpc":"2.0","id":1,"result":\#(C.ethWork)}"#
        let messages: [StratumTestMessage] = [
            .minerRaw(
                "POST / HTTP/1.1\r\nHost: 127.0.0.1:8545\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n"
                    + body
            ),
            .poolRaw(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(reply.utf8.count)\r\n\r\n"
                    + reply
            ),
        ]
        let session = F.session(messages)
        #expect(session?.dialect == .ethProxy)
        #expect(session?.confidence == .confirmed)
        #expect(session?.reason == "[HTTP POST (eth_getWork)] eth-proxy, 1 reply matched by id")
    }

    @Test func getblocktemplateAndSubmitblockOverHTTP() {
        let request =
            #"{"id": 0, "method": "getblocktemplate", "params": [{"capabilities": ["coinbasetxn", "workid", "longpoll"], "maxversion": 4}]}"#
        let template =
            #"{"result":{"version":536870912,"previousblockhash":"00000000000000000024a2d4b7a1c0e3b8d6e6d2f0a5b4c3d2e1f0a9b8c7d6e5","target":"00000000000000000024a2d40000000000000000000000000000000000000000","bits":"1725ab2d","height":540000},"error":null,"id":0}"#
        let submit = #"{"id": 1, "method": "submitblock", "params": ["0000002012ab"]}"#
        let submitted = #"{"result":null,"error":null,"id":1}"#
        let messages: [StratumTestMessage] = [
            .minerRaw(C.post(request)), .poolRaw(C.response(template)), .minerRaw(C.post(submit)),
            .poolRaw(C.response(submitted)),
        ]
        let session = F.session(messages)
        #expect(session?.dialect == .getblocktemplate)
        #expect(session?.confidence == .confirmed)
        #expect(session?.shares == ShareCounts(submitted: 1, accepted: 1, rejected: 0))
        #expect(
            session?.difficulty.map(\.target) == ["00000000000000000024a2d40000000000000000000000000000000000000000"]
        )
        #expect(session?.methodCounts == ["getblocktemplate": 1, "submitblock": 1])
    }

    @Test func pendingRequestLimitIsCounted() {
        var messages: [StratumTestMessage] = [C.zcash[0]]
        for id in 0..<10 {
            messages.append(.miner(#"{"id":\#(1000 + id),"method":"mining.extranonce.subscribe","params":[]}"#))
        }
        var limits = StratumLimits()
        limits.maximumPendingRequests = 4
        let session = F.analyze(messages, limits: limits).session()
        #expect(session?.limitsHit == ["StratumLimits.maximumPendingRequests": 7])
    }

    @Test func overlongLineIsSkippedAndCounted() {
        var limits = StratumLimits()
        limits.maximumLineLength = 200
        let session = F.analyze(C.zcash, chunkSize: 7, limits: limits).session()
        // Message 6 (notify, 310 bytes) and the submits 7 and 9 are longer than 200 bytes.
        #expect(session?.limitsHit == ["StratumLimits.maximumLineLength": 3])
        #expect(session?.methodCounts["mining.notify"] == nil)
        #expect(session?.methodCounts["mining.submit"] == nil)
        #expect(session?.shares == ShareCounts(submitted: 0, accepted: 0, rejected: 0))
    }

    @Test func clientReconnectNamesTheNextPool() {
        let messages =
            Array(C.bitcoin.prefix(2)) + [
                .pool(#"{"id": null, "method": "client.reconnect", "params": ["stratum.Example-Pool.com", 3333, 0]}"#)
            ]
        #expect(F.session(messages)?.poolNames == ["stratum.example-pool.com"])
    }

    @Test func aSplitLineIsDatedAndLocatedWhereItBegan() {
        let line = C.zcash[0].bytes
        var analyzer = StratumAnalyzer()
        line[0..<10].withUnsafeBytes {
            analyzer.receive($0, direction: .originatorToResponder, at: F.time(0), location: F.location(0))
        }
        // The rest of the line and the whole next line arrive in one later segment.
        (Array(line[10...]) + C.zcash[2].bytes).withUnsafeBytes {
            analyzer.receive($0, direction: .originatorToResponder, at: F.time(5), location: F.location(5))
        }
        let session = analyzer.session()
        #expect(session?.firstSeen == F.time(0))
        #expect(session?.lastSeen == F.time(5))
        #expect(session?.evidence.map(\.location) == [F.location(0), F.location(5)])
    }
}
