import Foundation
import PaichaCore
import PaichaFixtures
import Testing

/// The client→server bytes of a scenario's TCP flow to its truth's server, reassembled.
func clientStream(_ output: ScenarioOutput, truth: Truth) -> [UInt8] {
    let decoded = output.frames.compactMap { frame -> DecodedSegment? in
        switch frame.linkType {
        case LinkTypeNumber.ethernet: stripEthernet(frame.bytes).flatMap(decodeIP)
        default: decodeIP(frame.bytes)
        }
    }
    return reassemble(decoded.filter { $0.isTCP && "\($0.source)" == truth.host && $0.destinationPort != 53 }).bytes
}

func serverStream(_ output: ScenarioOutput, truth: Truth) -> [UInt8] {
    let decoded = output.frames.compactMap { frame -> DecodedSegment? in
        stripEthernet(frame.bytes).flatMap(decodeIP)
    }
    return reassemble(decoded.filter { $0.isTCP && "\($0.destination)" == truth.host }).bytes
}

func count(_ needle: String, in bytes: [UInt8]) -> Int {
    String(decoding: bytes, as: UTF8.self).components(separatedBy: needle).count - 1
}

struct ScenarioTests {
    let setup = ScenarioSetup(seed: 42, start: Scenarios.defaultStart)

    @Test func everyCatalogEntryIsDeterministicAndTruthful() {
        for entry in Scenarios.catalog {
            let a = entry.run(setup)
            let b = entry.run(setup)
            #expect(a.frames == b.frames, "\(entry.name)")
            #expect(a.name == entry.name)
            #expect(!a.frames.isEmpty)
            #expect(!a.truths.isEmpty)
            #expect(zip(a.frames, a.frames.dropFirst()).allSatisfy { $0.timestamp <= $1.timestamp }, "\(entry.name)")
            let c = entry.run(ScenarioSetup(seed: 43, start: Scenarios.defaultStart))
            #expect(a.frames != c.frames, "\(entry.name)")
            for truth in a.truths {
                #expect(truth.accepted + truth.rejected == truth.submitted, "\(entry.name)")
                if let dialect = truth.dialect {
                    #expect(
                        [
                            "stratum-v1", "cryptonote", "eth-proxy", "ethereum-stratum", "getwork", "getblocktemplate",
                            "stratum-v2",
                        ].contains(dialect)
                    )
                }
                #expect((truth.verdict == Truth.notAMiner) == !entry.isMining || truth.verdict == Truth.indicator)
            }
        }
    }

    @Test(arguments: [
        // (scenario, submit marker, accept marker, accept markers that are not share replies)
        ("stratum-v1-bitcoin", "\"mining.submit\"", "\"result\":true", 2),
        ("ethereum-stratum-nicehash", "\"mining.submit\"", "\"result\": true", 2),
        ("cryptonote-xmrig", "\"method\":\"submit\"", "\"status\":\"OK\"", 1),
        ("eth-proxy", "\"eth_submitWork\"", "", 0),
        ("zcash-stratum", "\"mining.submit\"", "\"result\":true", 2),
    ])
    func submitCountsMatchTheWire(name: String, submit: String, accept: String, otherAccepts: Int) throws {
        let output: ScenarioOutput
        switch name {
        case "stratum-v1-bitcoin": output = Scenarios.stratumV1Bitcoin(setup)
        case "ethereum-stratum-nicehash": output = Scenarios.ethereumStratumNiceHash(setup)
        case "cryptonote-xmrig": output = Scenarios.cryptonoteXMRig(setup)
        case "eth-proxy": output = Scenarios.ethProxy(setup)
        default: output = Scenarios.zcashStratum(setup)
        }
        let truth = output.truths[0]
        let up = clientStream(output, truth: truth)
        let down = serverStream(output, truth: truth)
        #expect(count(submit, in: up) == truth.submitted)
        #expect(truth.rejected > 0)
        if !accept.isEmpty {
            #expect(count(accept, in: down) == truth.accepted + otherAccepts)
        }
        for stream in [up, down] {
            let lines = String(decoding: stream, as: UTF8.self).split(separator: "\n")
            #expect(lines.count > truth.submitted)
            for line in lines {
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
                #expect(object is [String: Any], "\(line)")
            }
        }
        if let login = truth.login { #expect(count(login, in: up) >= 1) }
        if let agent = truth.agent { #expect(count(agent, in: up) == 1) }
    }

    @Test func stratumV1HasEveryMethodAndTwoDifficulties() {
        let output = Scenarios.stratumV1Bitcoin(setup)
        let truth = output.truths[0]
        let up = String(decoding: clientStream(output, truth: truth), as: UTF8.self)
        let down = String(decoding: serverStream(output, truth: truth), as: UTF8.self)
        for method in [
            "mining.configure", "mining.subscribe", "mining.extranonce.subscribe", "mining.authorize",
            "mining.get_transactions",
        ] {
            #expect(up.contains("\"method\":\"\(method)\""))
        }
        #expect(truth.difficulties.count == 2)
        for difficulty in truth.difficulties {
            #expect(down.contains("\"mining.set_difficulty\",\"params\":[\(Int(difficulty))]"))
        }
        #expect(down.contains("Low difficulty share"))
    }

    @Test func cryptonoteTargetsMatchDifficulties() {
        let truth = Scenarios.cryptonoteXMRig(setup).truths[0]
        #expect(truth.targets.count == truth.difficulties.count)
        for (target, difficulty) in zip(truth.targets, truth.difficulties) {
            let bytes = hex(target)
            let value = UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24
            #expect(Double(0xFFFF_FFFF / UInt64(value)) == difficulty)
        }
    }

    @Test func stratumV2HandshakeSizes() {
        let output = Scenarios.stratumV2(setup)
        let decoded = segments(output.frames).filter { !$0.payload.isEmpty }
        #expect(decoded[0].payload.count == 64)
        #expect(decoded[1].payload.count == 234)
        #expect(output.truths[0].dialect == "stratum-v2")
    }

    @Test func ethProxyHashRateIsOnTheWire() throws {
        let output = Scenarios.ethProxy(setup)
        let truth = output.truths[0]
        let rate = try #require(truth.reportedHashRate)
        let hexRate = String(UInt64(rate), radix: 16)
        #expect(count(hexRate + "\"", in: clientStream(output, truth: truth)) >= 1)
    }

    @Test func overridesMoveHosts() {
        let moved = ScenarioSetup(
            seed: 1,
            start: Scenarios.defaultStart,
            clientAddress: IPAddress("10.9.9.9"),
            serverAddress: IPAddress("203.0.113.5")
        )
        let output = Scenarios.tlsMining(moved)
        #expect(output.truths[0].host == "10.9.9.9")
        #expect(output.truths[0].server == "203.0.113.5:443")
        let addresses = Set(segments(output.frames).flatMap { ["\($0.source)", "\($0.destination)"] })
        #expect(addresses == ["10.9.9.9", "203.0.113.5", "192.168.10.1"])
    }

    @Test func mergeKeepsOrderAndSortsByTime() {
        let a = Scenarios.benignDNS(setup).frames
        let b = Scenarios.httpJSONAPI(setup).frames
        let merged = mergeFrames([a, b])
        #expect(merged.count == a.count + b.count)
        #expect(zip(merged, merged.dropFirst()).allSatisfy { $0.timestamp <= $1.timestamp })
    }
}

struct SampleAndBenchmarkTests {
    @Test func samplesAreWrittenDeterministically() throws {
        let base = NSTemporaryDirectory() + "paicha-fixtures-samples-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: base) }
        let first = try SampleCaptures.writeAll(to: base + "/a")
        try SampleCaptures.writeAll(to: base + "/b")
        #expect(first.map(\.name) == ["mixed.pcapng", "classic.pcap", "mining-be-ns.pcap.gz", "benign.pcapng"])
        for file in first {
            let a = try Data(contentsOf: URL(fileURLWithPath: base + "/a/" + file.name))
            let b = try Data(contentsOf: URL(fileURLWithPath: base + "/b/" + file.name))
            #expect(a == b, "\(file.name)")
            let truth = try JSONDecoder().decode(
                SampleCaptures.TruthFile.self,
                from: Data(contentsOf: URL(fileURLWithPath: base + "/a/" + file.name + ".truth.json"))
            )
            #expect(truth.truths == file.truths)
        }
        let mixed = try #require(
            readPcapng(Array(try Data(contentsOf: URL(fileURLWithPath: base + "/a/mixed.pcapng"))))
        )
        #expect(mixed.linkTypes == [1, 276, 101, 113, 0, 229])
        #expect(Set(mixed.records.map(\.interface)) == [0, 1, 2, 3, 4, 5])
        #expect(mixed.blockTypes.contains(3) && mixed.blockTypes.contains(2) && mixed.blockTypes.contains(0xBAD))
        let classic = try #require(
            readClassicPcap(Array(try Data(contentsOf: URL(fileURLWithPath: base + "/a/classic.pcap"))))
        )
        #expect(classic.magic == 0xA1B2_C3D4)
        #expect(classic.records.count > 100)
        let gz = try gunzip(Array(try Data(contentsOf: URL(fileURLWithPath: base + "/a/mining-be-ns.pcap.gz"))))
        let gzPcap = try #require(readClassicPcap(gz))
        #expect(gzPcap.magic == 0xA1B2_3C4D)
        #expect(gzPcap.linkType == 276)
        let benign = try #require(first.last)
        #expect(benign.truths.allSatisfy { $0.verdict != Truth.miner })
    }

    @Test func benchmarkReachesTargetWithManyHosts() throws {
        let path = NSTemporaryDirectory() + "paicha-fixtures-bench-\(getpid()).pcap"
        defer { try? FileManager.default.removeItem(atPath: path) }
        var calls = 0
        let summary = try BenchmarkCapture.write(to: path, targetBytes: 3_000_000, seed: 7) { written, target in
            calls += 1
            #expect(target == 3_000_000)
            #expect(written > 0)
        }
        let data = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(Int64(data.count) == summary.bytes)
        #expect(summary.bytes >= 3_000_000)
        #expect(calls >= 1)
        let parsed = try #require(readClassicPcap(data))
        #expect(parsed.records.count == summary.frames)
        #expect(zip(parsed.records, parsed.records.dropFirst()).allSatisfy { $0.units <= $1.units })
        let hosts = Set(parsed.records.compactMap { stripEthernet($0.bytes).flatMap(decodeIP).map { "\($0.source)" } })
        #expect(hosts.count > 20)
        let again = NSTemporaryDirectory() + "paicha-fixtures-bench2-\(getpid()).pcap"
        defer { try? FileManager.default.removeItem(atPath: again) }
        try BenchmarkCapture.write(to: again, targetBytes: 3_000_000, seed: 7)
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: again))) == data)
    }
}
