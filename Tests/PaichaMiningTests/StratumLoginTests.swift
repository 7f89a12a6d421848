import Testing

@testable import PaichaMining

@Suite struct StratumLoginTests {
    static let monero = StratumConversations.moneroWallet

    @Test(arguments: [
        ("0x9c99d212f7e5daa18ab50810e0fd255d1f04303b", "ETH"),
        (monero, "XMR"),
        ("t1fAhZF5aUJdY7CikGULHmeYk7id8qmvbAd", "ZEC"),
        ("1BitcoinEaterAddressDontSendf59kuE", "BTC"),
        ("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "BTC"),
        ("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "BTC"),
    ])
    func addressesAreRecognised(_ address: String, _ coin: String) {
        #expect(StratumLogin.coin(ofAddress: address) == coin)
    }

    @Test(arguments: [
        "0x9c99d212f7e5daa18ab50810e0fd255d1f04303", "Bitcoin", "kvetak", "t1fAhZF5aUJdY7CikGULHmeYk7id8qmvbA0", "",
        "4" + String(repeating: "0", count: 94),
    ])
    func nonAddressesAreNot(_ text: String) {
        #expect(StratumLogin.coin(ofAddress: text) == nil)
    }

    @Test func loginsSplitIntoWalletAndWorker() {
        #expect(
            StratumLogin.split("t1fAhZF5aUJdY7CikGULHmeYk7id8qmvbAd.rig4") == (
                "t1fAhZF5aUJdY7CikGULHmeYk7id8qmvbAd", "rig4"
            )
        )
        #expect(
            StratumLogin.split("0x9c99d212f7e5daa18ab50810e0fd255d1f04303b/tester.worker1/vvesely@mailinator")
                == ("0x9c99d212f7e5daa18ab50810e0fd255d1f04303b", "tester.worker1")
        )
        let paymentID = "cb2b73415c4faf214035a73b9d947c202342f3bf3bdf632132bd6d7af98cb257"
        #expect(StratumLogin.split("\(Self.monero).\(paymentID).ryzen") == (Self.monero, "ryzen"))
        #expect(StratumLogin.split("\(Self.monero)+50000") == (Self.monero, nil))
        #expect(StratumLogin.split("\(Self.monero).rig+50000") == (Self.monero, "rig"))
        #expect(StratumLogin.split("kvetak.worker1") == (nil, "worker1"))
        #expect(StratumLogin.split("Bitcoin") == (nil, nil))
        #expect(StratumLogin.split("") == (nil, nil))
    }

    @Test func targetsBecomeHashesPerShare() {
        #expect(StratumWork.cryptonote("dc460300") == 20000)
        #expect(StratumWork.cryptonote("ffffffff3f000000") == Double(UInt64.max / 0x3F_FFFF_FFFF))
        #expect(StratumWork.cryptonote("00000000") == nil)
        #expect(StratumWork.cryptonote("xyz") == nil)
        #expect(
            StratumWork.bigTarget(
                "0x" + String(repeating: "0", count: 8) + String(repeating: "f", count: 56),
                littleEndian: false
            ) != nil
        )
        #expect(StratumWork.bigTarget("ff", littleEndian: false) == nil)
    }
}
