import PaichaCore
import PaichaEstimates
import Testing

/// Sessions from the shared corpus (`../shared/corpus/pcap`), reduced to the values the estimator needs.
///
/// The values were read once with tshark (TCP payloads, retransmissions excluded) and are written here so that
/// the tests need neither the corpus nor a capture reader; times are seconds after the session's first message.
@Suite("Real sessions from the corpus")
struct RealSessionTests {
    /// `ndpi-mining.pcapng`, 192.168.2.92 → 178.32.196.217:9050, xmr-stak-cpu/1.3.0 (CryptoNight, December 2017):
    /// every job carries target `dc460300`; 30 submits (each answered `OK`) with their result hashes; the session
    /// runs from the `login` (0 s) to the last reply (1154.460324 s).
    static let xmrStakSubmits: [(Double, String)] = [
        (12.233790, "c9be9381a68d533c059d614d961e0534d7d8785dd5c339c2f9596eb95f320100"),
        (14.964360, "f84596a48e57683f6b5608cc5d34f4ea1f64dbfa2ba397b9142626b9d9b90100"),
        (22.009085, "c811131a6b977c72f0b0f9cdc848973ce4be8fbd286f3583fde0eaefa8f70000"),
        (78.756979, "34906d8560e40212805f06a75747909ece0e79f74c139b0f939bc91115840000"),
        (93.071914, "c523b506646944b5a2ed59ccde4dbe52063cb900290a0fe92362e2d4d8f30100"),
        (94.272472, "6150294805f8465b918838236735d3b9f2c7babc7a84a608076bedad49d30100"),
        (133.530736, "da38f2ec4b98a3cdd840a39c36a565fd050a3f475ab2990eeac0512e6d3a0200"),
        (136.191194, "fea0a41a6e8400c52702e2ac5928806f02ae079a17a7139d66ffc6793cdf0100"),
        (207.227831, "fbc5fd268f0974511a70f9dfeec6fdea62fba7fa64a83735899a57b25a380200"),
        (219.848314, "2e22abd78ae801df13d2b02f0e21f2f655ac3197b377813bc83aaf02a69c0000"),
        (236.655008, "2888e356ec04c966135293d0fbf5667da183c5f8ca89273010d6e8b391510000"),
        (301.512011, "88feb55c47a298812630630fecb3492094d5a2b5a8ab2cfc92c55fb0eebe0100"),
        (351.224525, "c79cf7883b41c0c62ba4a35ce81e36aa67558d2ccfd505f472d2c4c4682f0300"),
        (364.359760, "a2825fa100222a6db2cf003f1333031106028e6af1b70fa0980865d4fb280200"),
        (374.365001, "516d8d61947a1c7a7e9c8f088e3c6469357fa101bc64d6b3dc7c1bee275c0100"),
        (472.072526, "a700dfc0db851d0282b2259280482d3613000d6cdb5c5419022e6a3d89800100"),
        (553.529039, "17ea018c35ae7b73dfb6d9bb78664009053177a817428e2ad508f38f77250200"),
        (575.970388, "194e48ca0c4649be63366df60308f4c66ec099d006e98e3798eb132159360300"),
        (728.596353, "cfecd9b3d3dc20a902396bf0785b33ca60c54ac743af26660fa1a4b8275a0200"),
        (771.033645, "a7df67aed84c5e8c8e9d80cd5058043303e58f11bf03ce7f59eddbfb48210200"),
        (776.145220, "10b7d27fe836666b103f664fb813f8e84d64de99d10735c290e8cd13c81c0300"),
        (802.250989, "3cd6aa865dcf371b251f5829019ce62781625e94fac41e63d6d5d6a424300200"),
        (902.349407, "d0180471fa93b27ebb1634ac11455e8d2313db1e4e9a53cdb2eb8a6c68100200"),
        (948.903946, "a40fcca4cfa38632aa8ee02ad570a12a20f583a5002e394ec82fa34ff7bc0200"),
        (964.196944, "d2dec0bc487206643d4447e4412f6029eb05e6df1b52868fa306c4a9a0840200"),
        (985.294471, "5a07b7fc41f9770bfa998cd507eca5f62138d19ca691498395d72b62de260000"),
        (992.094897, "0451cf98fde655905901ab648e9c382395d9fa9ed792aa78fecc16ef04740100"),
        (1010.935688, "a2418d12ac3fb56df4d93712ac3d10f1b110c8a05d19bac370b8f0730bc70000"),
        (1056.395708, "94d9e2df3442a936fc2421a8d08dd853a22a29063a5eb87954a6e41f36550000"),
        (1154.376189, "ac8dea998077bc877856db955ac9fa9c76534b420a4610ceb535118df9390000"),
    ]

    @Test("xmr-stak-cpu: every accepted share's hash is below the expanded target, and the rate is 519.7 H/s")
    func cryptonoteSession() {
        // dc460300 little-endian = 0x000346DC = 214 748; ⌊(2³² − 1) / 214 748⌋ = 20 000;
        // target₆₄ = ⌊(2⁶⁴ − 1) / 20 000⌋ = 922 337 203 685 477 (0x346DC5D638865).
        let target64 = ShareWork.cryptonoteTarget64("dc460300")
        #expect(target64 == 922_337_203_685_477)
        // CryptoNote compares the last 8 bytes of the result, little-endian, with target₆₄: all 30 are below it,
        // and the largest is 98 % of it, so the target is neither too small nor much too large.
        var largest = 0.0
        for (_, result) in Self.xmrStakSubmits {
            let tail = result.suffix(16)
            var value: UInt64 = 0
            var index = tail.startIndex
            for byte in 0..<8 {
                let next = tail.index(index, offsetBy: 2)
                value |= UInt64(tail[index..<next], radix: 16)! << UInt64(8 * byte)
                index = next
            }
            #expect(value < target64!, "\(result)")
            largest = max(largest, Double(value) / Double(target64!))
        }
        #expect(largest > 0.5)
        let observation = ShareObservation(
            dialect: .cryptonote,
            algorithm: nil,
            start: at(0),
            end: at(1154.460324),
            shares: Self.xmrStakSubmits.map { ShareEvent(time: at($0.0), accepted: true) },
            work: [WorkSetting(time: at(0.083881), target: "dc460300")]
        )
        let estimate = HashrateEstimator().estimate(observation)
        // 30 × 2⁶⁴ / target₆₄ (= 20 000.000 000 000 01) / 1154.460324 s = 519.72 H/s, a desktop CPU of 2017.
        #expect(close(estimate.hashesPerSecond, 519.7233612335043, relative: 1e-9))
        // Garwood k = 30 (scipy gamma.ppf): [20.2409, 42.8269] × 20 000 / 1154.46 s = [350.66, 741.94] H/s.
        #expect(close(estimate.lowerHashesPerSecond, 20.240874021420915 * 20_000 / 1154.460324, relative: 1e-10))
        #expect(close(estimate.upperHashesPerSecond, 42.82686539480766 * 20_000 / 1154.460324, relative: 1e-10))
        #expect(AlgorithmFamily(algorithmName: nil, dialect: .cryptonote) == .randomx)
    }

    @Test("EWBF Zcash miner on suprnova: two set_target values, 11 accepted shares, 334 Sol/s")
    func zcashSession() {
        // `nesfit-zec-eu-suprnova.pcapng`, 147.229.13.222 → 37.187.149.70:2142; all 11 submits answered `true`.
        let submits = [
            6.705196, 8.152890, 13.131968, 13.778490, 18.081722, 38.131058, 39.980681, 51.123501,
            79.160176, 84.894493, 87.347085,
        ]
        let observation = ShareObservation(
            dialect: .stratumV1,
            algorithm: "equihash",
            start: at(0),
            end: at(87.372086),
            shares: submits.map { ShareEvent(time: at($0), accepted: true) },
            work: [
                WorkSetting(
                    time: at(0.246451),
                    target: "003c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c"
                ),
                WorkSetting(
                    time: at(19.276130),
                    target: "00109090908fbb214df51f331a60b637a845c0fe1b104533aabd89f827efee2a"
                ),
            ]
        )
        // 2²⁵⁶ / target = 1088 and 3956.363 636 41 solutions per share.
        #expect(close(ShareWork.hashesPerShare(target256BigEndian: observation.work[0].target!), 1088))
        #expect(
            close(
                ShareWork.hashesPerShare(target256BigEndian: observation.work[1].target!),
                3956.36363641,
                relative: 1e-11
            )
        )
        let estimate = HashrateEstimator().estimate(observation)
        // (5 × 1088 + 6 × 3956.363 636 41) / 87.372 086 s = 29 178.18 / 87.372 = 333.95 Sol/s: one GPU of 2017.
        #expect(close(estimate.hashesPerSecond, (5 * 1088 + 6 * 3956.36363641) / 87.372086, relative: 1e-10))
        #expect(estimate.countedShares == 11)
        #expect(estimate.sharesBeforeFirstSetting == 0)
        #expect(!estimate.isSmallSample)
    }

    @Test("ethminer on nanopool: one share in 292 s; the interval holds the miner's own 30.45 MH/s")
    func ethereumSession() {
        // `nesfit-eth-eu1-nanopool.pcapng`: every eth_getWork answer carries the same boundary; one
        // eth_submitWork (53.448141 s, answered true); 14 eth_submitHashrate reports averaging 30 450 400 H/s.
        let boundary = "0x00000000dbe6fecebdedd5beb573440e5a884d1b2fbf06fcce912adcb8d8422e"
        #expect(close(ShareWork.hashesPerShare(target: boundary, dialect: .ethProxy), 5e9, relative: 1e-14))
        let observation = ShareObservation(
            dialect: .ethProxy,
            algorithm: "ethash",
            start: at(0),
            end: at(291.716483),
            shares: [ShareEvent(time: at(53.448141), accepted: true)],
            work: [WorkSetting(time: at(0.037), target: boundary)],
            reportedHashesPerSecond: 30_450_399.785714287
        )
        let estimate = HashrateEstimator().estimate(observation)
        // 5 × 10⁹ / 291.716 s = 17.14 MH/s; interval [0.0253, 5.572] × 5 × 10⁹ / 291.716 = [0.434, 95.5] MH/s.
        #expect(close(estimate.hashesPerSecond, 5e9 / 291.716483, relative: 1e-12))
        #expect(estimate.isSmallSample)
        let reported = estimate.reportedHashesPerSecond!
        #expect(estimate.lowerHashesPerSecond! < reported && reported < estimate.upperHashesPerSecond!)
    }
}
