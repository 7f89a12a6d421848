/// Conversations modelled line by line on the real corpus messages (ndpi-mining, nesfit, zeek captures).
enum StratumConversations {
    static let zcashTarget1 = "0004189374bc6a7ef9db22d0e5604189374bc6a7ef9db22d0e5604189374bc6a"
    static let zcashTarget2 = "0008312e6d8e6a7ef9db22d0e5604189374bc6a7ef9db22d0e5604189374bc6a"

    /// EWBF → flypool Zcash (ndpi-mining.pcapng stream 2), with a stale-share rejection and a target change.
    static let zcash: [StratumTestMessage] = [
        .miner(#"{"id":1,"method":"mining.subscribe","params":["EWBF 0.3.4b",null,"eu1-zcash.flypool.org","3333"]}"#),
        .pool(#"{"id":1,"result":["04d567b212", "04d567b212"], "error": null}"#),
        .miner(#"{"id":2,"method":"mining.authorize","params":["t1fAhZF5aUJdY7CikGULHmeYk7id8qmvbAd.rig4","x"]}"#),
        .pool(#"{"id":2,"result":true, "error": null}"#),
        .pool(#"{"id":null,"method":"mining.set_target","params":["\#(zcashTarget1)"]}"#),
        .miner(#"{"id":3,"method":"mining.extranonce.subscribe","params":[]}"#),
        .pool(
            #"{"id":null,"method":"mining.notify","params":["8c6f2d4c6d2c7014fb26","04000000","9e2fc768bd1977528c8d6096d46376758179e25bf3293428b65f120100000000","35d341a8b19a38cd584cb5494185b4dbf1a7eaa91a9ff6541e851de50cbc88a2","0000000000000000000000000000000000000000000000000000000000000000","a9cc405a","09d8151c",true]}"#
        ),
        .miner(
            #"{"id":100,"method":"mining.submit","params":["t1fAhZF5aUJdY7CikGULHmeYk7id8qmvbAd.rig4","8c6f2d4c6d2c7014fb26","a9cc405a","3e2700000000000000000000000000000000000000000000000000","fd400500175f90a42059650b66c04348ca157a2f48f7763b2627062b573bc29df8cb584e29cc5c776e12ff4fc518d8990f13ee4b09c082729492277451a5cbf253a72500ec3180144850d3cb4817b8766f5fdb415f534000c3ed6e59c759d56bfcc06755e61224954b7478bb1bc811418cd86899185894b3fa55aff359bd5e46350801b0a286948d89ebd9c22d3d5351f8c1d31c3b0a201b1e6051a95b4982bf"]}"#
        ),
        .pool(#"{"id":100,"result":true}"#),
        .miner(
            #"{"id":101,"method":"mining.submit","params":["t1fAhZF5aUJdY7CikGULHmeYk7id8qmvbAd.rig4","8c6f2d4c6d2c7014fb26","a9cc405a","3f2700000000000000000000000000000000000000000000000000","fd4005012bc9bb3be013e3a1a0c1e76328b7a6bd95f98c9544c04f232b1708f14646b796be5488fac6c89ec2cb2e7bb28035b0b3e1fb943538096b702e"]}"#
        ),
        .pool(#"{"id":101,"result": null,"error": [21, "Stale job!"]}"#),
        .pool(#"{"id":null,"method":"mining.set_target","params":["\#(zcashTarget2)"]}"#),
    ]

    static let moneroWallet =
        "4BCeEPhodgPMbPWFN1dPwhWXdRX8q4mhhdZdA1dtSMLTLCEYvAj9QXjXAfF7CugEbmfBhgkqHbdgK9b2wKA6nqRZQCgvCDm"

    /// XMRig-style CryptoNote (login/job/submit/keepalived as in ndpi-mining stream 1, with the newer algo fields).
    static let cryptonote: [StratumTestMessage] = [
        .miner(
            #"{"id":1,"jsonrpc":"2.0","method":"login","params":{"login":"\#(moneroWallet).rig1+50000","pass":"x","agent":"XMRig/6.21.0 (Linux x86_64) libuv/1.44.2 gcc/11.4.0","rigid":"","algo":["rx/0","cn/r"]}}"#
        ),
        .pool(
            #"{"id":1,"jsonrpc":"2.0","error":null,"result":{"id":"479059546883218","job":{"blob":"0606e89883d205a65d8ee78991838a1cf3ec2ebbc5fb1fa43dec5fa1cd2bee4069212a549cd731000000005a88235653097aa3e97ef2ceef4aee610751a828f9be1a0758a78365fb0a4c8c05","job_id":"722134174127131","target":"dc460300","algo":"rx/0","height":3012345,"seed_hash":"e9b7ee6a6a4c1a1b4a2e0d62f6c0b3c7f3a8b4b1f0d9d3d2a9c4e1b5f6a7c8d9"},"extensions":["algo","nicehash"],"status":"OK"}}"#
        ),
        .miner(
            #"{"id":2,"jsonrpc":"2.0","method":"submit","params":{"id":"479059546883218","job_id":"722134174127131","nonce":"98024001","result":"c9be9381a68d533c059d614d961e0534d7d8785dd5c339c2f9596eb95f320100"}}"#
        ),
        .pool(#"{"id":2,"jsonrpc":"2.0","error":null,"result":{"status":"OK"}}"#),
        .pool(
            #"{"jsonrpc":"2.0","method":"job","params":{"blob":"0606e3a183d20542ee9b657c8a5d98e887a276573487a348730789690dcd34a8538b6487e693ef0000000029a4ea0fb3b4bf","job_id":"870986284082755","target":"b88d0600","algo":"rx/0","id":"479059546883218"}}"#
        ),
        .miner(
            #"{"id":3,"jsonrpc":"2.0","method":"submit","params":{"id":"479059546883218","job_id":"870986284082755","nonce":"28060001","result":"ac8dea998077bc877856db955ac9fa9c76534b420a"}}"#
        ),
        .pool(#"{"id":3,"jsonrpc":"2.0","error":{"code":-1,"message":"Low difficulty share"}}"#),
        .miner(#"{"id":4,"jsonrpc":"2.0","method":"keepalived","params":{"id":"479059546883218"}}"#),
        .pool(#"{"id":4,"jsonrpc":"2.0","error":null,"result":{"status":"KEEPALIVED"}}"#),
    ]

    static let ethWork =
        #"["0x415559c31768833f25b6dbfbb39be72e71375e14a3a711e589696850bc9431ec","0x71a56feffb6f10ea9d76e1a9464eb0abd86e4349ae98fb794923a65b650282a3","0x00000000dbe6fecebdedd5beb573440e5a884d1b2fbf06fcce912adcb8d8422e"]"#

    /// ethminer → nanopool eth-proxy (ndpi-mining stream 0): work pushed with id 0.
    static let ethProxy: [StratumTestMessage] = [
        .miner(
            #"{"worker": "eth1.0", "jsonrpc": "2.0", "params": ["0x9c99d212f7e5daa18ab50810e0fd255d1f04303b/tester.worker1/vvesely@mailinator", "x"], "id": 2, "method": "eth_submitLogin"}"#
        ),
        .pool(#"{"jsonrpc":"2.0","id":2,"result":true}"#),
        .pool(#"{"jsonrpc":"2.0","id":0,"result":\#(ethWork)}"#),
        .miner(#"{"worker": "", "jsonrpc": "2.0", "params": [], "id": 3, "method": "eth_getWork"}"#),
        .pool(#"{"jsonrpc":"2.0","id":0,"result":\#(ethWork)}"#),
        .miner(
            #"{"id":6,"jsonrpc":"2.0","method":"eth_submitHashrate","params":["0x1d08a61", "0x0000000000000000000000000000000000000000000000000000000002df91be"]}"#
        ),
        .pool(#"{"jsonrpc":"2.0","id":6,"result":true}"#),
        .miner(
            #"{"id":4,"method":"eth_submitWork","params":["0x07a05fa4133e5126","0x41f3161ce643ebcf25d34dde1ac0d3e695edcbf136eed96680bac4cf1a82e417","0x44e9206e9c830706f60e0129bdd117a2718d6553f3405b477541994df3583d4b"]}"#
        ),
        .pool(#"{"jsonrpc":"2.0","id":4,"result":true}"#),
    ]

    /// EthereumStratum/1.0.0 as NiceHash specified it.
    static let ethereumStratum: [StratumTestMessage] = [
        .miner(#"{"id": 1, "method": "mining.subscribe", "params": ["ethminer/0.19.0", "EthereumStratum/1.0.0"]}"#),
        .pool(
            #"{"id": 1, "result": [["mining.notify", "ae6812eb4cd7735a302a8a9dd95cf71f", "EthereumStratum/1.0.0"], "080c"], "error": null}"#
        ),
        .miner(
            #"{"id": 2, "method": "mining.authorize", "params": ["0x9c99d212f7e5daa18ab50810e0fd255d1f04303b.rig1", "x"]}"#
        ),
        .pool(#"{"id": 2, "result": true, "error": null}"#),
        .pool(#"{"id": null, "method": "mining.set_difficulty", "params": [0.5]}"#),
        .pool(
            #"{"id": null, "method": "mining.notify", "params": ["bf0488aa", "abad8f99f3918bf903c6a909d9bbc0fdfa5a2f4b9cb1196175ec825c6610126c", "645cf20198c2f3861e947d4f67e3ab63b7b2e24dcc9095bd9123e7b33371f6cc", true]}"#
        ),
        .miner(
            #"{"id": 4, "method": "mining.submit", "params": ["0x9c99d212f7e5daa18ab50810e0fd255d1f04303b.rig1", "bf0488aa", "6a909d9bbc0f"]}"#
        ),
        .pool(#"{"id": 4, "result": true, "error": null}"#),
        .pool(#"{"id": null, "method": "mining.set_difficulty", "params": [1]}"#),
    ]

    static let bitcoinWallet = "1BitcoinEaterAddressDontSendf59kuE"

    /// cgminer → Bitcoin pool Stratum V1 (nesfit-cgminer stream 30 and zeek bitminter), with a rejected share.
    static let bitcoin: [StratumTestMessage] = [
        .miner(#"{"id": 9, "method": "mining.subscribe", "params": ["cgminer/3.7.2"]}"#),
        .pool(
            #"{"error": null, "result": [[["mining.notify", "b53e00001"], ["mining.set_difficulty", "b53e00002"]], "b53e000000000000", 4], "id": 9}"#
        ),
        .miner(#"{"id": 22, "method": "mining.authorize", "params": ["\#(bitcoinWallet).w1", "x"]}"#),
        .pool(#"{"params": [64], "method": "mining.set_difficulty", "id": null}"#),
        .pool(
            #"{"params": ["1526710835_3306", "f3fbcb407fad7305f4194d095956d5ef4d8179aa8c2311520000001c00000000", "01000000010000000000000000000000000000000000000000000000000000000000000000ffffffff2c03f74f0d", "ffffffff021183f809000000001976a914db75d18a2635ce88ac00000000", [], "20000000", "17376f56", "5afeb933", true], "method": "mining.notify", "id": null}"#
        ),
        .pool(#"{"error": null, "result": true, "id": 22}"#),
        .miner(
            #"{"params": ["\#(bitcoinWallet).w1", "1526710835_3306", "00000000", "5afeb933", "8c3e1a2b"], "id": 23, "method": "mining.submit"}"#
        ),
        .pool(#"{"error": null, "result": false, "id": 23}"#),
        .pool(#"{"id": null, "method": "client.show_message", "params": ["maintenance at 12:00"]}"#),
    ]

    static let getworkRequest = #"{"method": "getwork", "params": [], "id":0}"#
    static let getworkReply =
        #"{"result":{"midstate":"a4e2b7a1e3cdd2a2c5b1b8c4d0f9e2a1b3c4d5e6f708192a3b4c5d6e7f809102","data":"000000013f4b3b6fbb8e8a3b0f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f708192000000000000000000000000000000000000000000000000000000000000000000000000","hash1":"00000000000000000000000000000000000000000000000000000000000000000000008000000000000000000000000000000000000000000000000000010000","target":"ffffffffffffffffffffffffffffffffffffffffffffffffffffffff00000000"},"error":null,"id":0}"#
    static let getworkSubmit =
        #"{"method": "getwork", "params": ["000000013f4b3b6fbb8e8a3b0f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7081920000000000000000"], "id":1}"#
    static let getworkSubmitReply = #"{"result":true,"error":null,"id":1}"#

    static func post(_ body: String) -> String {
        "POST / HTTP/1.1\r\nHost: us1.bitminter.com:8332\r\nAuthorization: Basic Qmlnc2t5OjEyMw==\r\nAccept: */*\r\n"
            + "Content-type: application/json\r\nX-Mining-Extensions: longpoll midstate rollntime submitold\r\n"
            + "Content-Length: \(body.utf8.count)\r\nUser-Agent: bfgminer/5.2.0\r\n\r\n" + body
    }

    static func response(_ body: String) -> String {
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Long-Polling: /LP\r\n"
            + "Content-Length: \(body.utf8.count)\r\n\r\n" + body
    }

    /// bfgminer getwork over HTTP POST (zeek-bitcoin-mining shape, answered by a getwork pool).
    static let getwork: [StratumTestMessage] = [
        .minerRaw(post(getworkRequest)),
        .poolRaw(response(getworkReply)),
        .minerRaw(post(getworkSubmit)),
        .poolRaw(response(getworkSubmitReply)),
    ]
}
