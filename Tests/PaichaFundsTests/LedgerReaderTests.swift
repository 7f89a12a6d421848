import PaichaCore
import Testing

@testable import PaichaFunds

@Suite struct MoneyTests {
    @Test(arguments: [
        ("432.59", 2, Result<Int64, Money.ParseFailure>.success(43_259)),
        ("704.1", 2, .success(70_410)),
        ("12", 2, .success(1200)),
        (".5", 2, .success(50)),
        ("-3.25", 2, .success(-325)),
        ("+7.00", 2, .success(700)),
        ("1.230", 2, .success(123)),
        ("1.234", 2, .failure(.tooPrecise)),
        ("92233720368547758.07", 2, .success(Int64.max)),
        ("92233720368547758.08", 2, .failure(.overflow)),
        ("99999999999999999999", 0, .failure(.overflow)),
        ("1e5", 2, .failure(.notANumber)),
        ("", 2, .failure(.notANumber)),
        ("-", 2, .failure(.notANumber)),
        ("1.2.3", 2, .failure(.notANumber)),
        ("0.00000001", 8, .success(1)),
    ])
    func parse(text: String, scale: Int, expected: Result<Int64, Money.ParseFailure>) {
        #expect(Money.parse(text, scale: scale) == expected)
    }

    @Test func format() {
        #expect(Money.format(43_259, scale: 2) == "432.59")
        #expect(Money.format(-5, scale: 2) == "-0.05")
        #expect(Money.format(7, scale: 0) == "7")
        #expect(Money.format(Int64.min, scale: 2) == "-92233720368547758.08")
    }

    @Test func proportionIsExactIn128Bits() {
        #expect(Money.proportion(Int64.max, 1, 2) == Int64.max / 2)
        #expect(Money.proportion(1000, 333, 1000) == 333)
        #expect(Money.proportion(10, 1, 3) == 3)
    }
}

@Suite struct LedgerTimeTests {
    static let cases: [(String, Int64?)] = [
        ("2017-01-03T00:00:00Z", 1_483_401_600 * 1_000_000_000),
        ("2017-01-03 00:00:00", 1_483_401_600 * 1_000_000_000),
        ("2017-01-03", 1_483_401_600 * 1_000_000_000),
        ("2022/09/01 00:20", 1_661_991_600 * 1_000_000_000),
        ("2021-06-01T08:00:00+08:00", 1_622_505_600 * 1_000_000_000),
        ("2021-06-01T00:00:00.25Z", 1_622_505_600 * 1_000_000_000 + 250_000_000),
        ("1622505600", 1_622_505_600 * 1_000_000_000),
        ("1622505600.5", 1_622_505_600 * 1_000_000_000 + 500_000_000),
        ("2021-02-29", nil),
        ("2021-13-01", nil),
        ("2021-06-01T25:00", nil),
        ("yesterday", nil),
        ("2021-06-01Tx", nil),
    ]

    @Test(arguments: Self.cases)
    func automatic(text: String, expected: Int64?) {
        #expect(LedgerTimeFormat.automatic.parse(text) == expected)
    }

    @Test func steps() {
        let format = LedgerTimeFormat.step(base: LedgerLayout.amlsimBaseDate, secondsPerStep: 86_400)
        let base: Int64 = 1_483_228_800 * 1_000_000_000
        let twoDays: Int64 = 2 * 86_400 * 1_000_000_000
        #expect(format.parse("0") == base)
        #expect(format.parse("2") == base + twoDays)
        #expect(format.parse("x") == nil)
    }
}

/// A reader's whole result: transfers as text rows, bad rows, input summaries.
struct ReadOutcome: Equatable {
    var transfers: [[String]]
    var badRows: [BadRow]
    var inputs: [LedgerInputSummary]

    init(_ reader: LedgerReader) {
        let ledger = reader.builder.build()
        self.transfers = (0..<Int32(ledger.transferCount)).map { edge in
            let i = Int(edge)
            return [
                ledger.transferID(edge), ledger.accountNames[Int(ledger.from[i])],
                ledger.accountNames[Int(ledger.to[i])],
                Timestamp(nanoseconds: ledger.time[i]).rfc3339(fractionDigits: 0), ledger.amountText(ledger.amount[i]),
                ledger.currencies[Int(ledger.currency[i])], ledger.channels[Int(ledger.channel[i])],
                ledger.labels.map { String($0[i]) } ?? "",
                ledger.fromBalanceAfter.map { ledger.amountText($0[i]) } ?? "",
            ]
        }
        self.badRows = reader.badRows
        self.inputs = reader.inputs
    }
}

/// Reads `text` fed in chunks of `chunk` bytes.
func read(_ text: String, chunk: Int, options: LedgerReadOptions = LedgerReadOptions()) throws -> ReadOutcome {
    var reader = LedgerReader(options: options)
    reader.begin(file: "t.csv")
    let bytes = Array(text.utf8)
    var start = 0
    while start < bytes.count {
        let end = min(bytes.count, start + chunk)
        try bytes[start..<end].withUnsafeBytes { try reader.feed($0) }
        start = end
    }
    try reader.end()
    return ReadOutcome(reader)
}

@Suite struct LedgerReaderTests {
    static let amlsim = """
        tran_id,orig_acct,bene_acct,tx_type,base_amt,tran_timestamp,is_sar,alert_id
        1,18,74,TRANSFER,416.57,2017-01-01T00:00:00Z,False,-1
        2,33,28,TRANSFER,704.1,2017-01-02T00:00:00Z,False,-1
        3,26,37,TRANSFER,abc,2017-01-01T00:00:00Z,False,-1
        4,27,107,TRANSFER,374.26,2017-13-01T00:00:00Z,False,-1
        5,27,107,TRANSFER,374.26
        43,167,9,TRANSFER,432.59,2017-01-01T00:00:00Z,True,0
        6,1,2,TRANSFER,99999999999999999999.00,2017-01-01T00:00:00Z,False,-1
        7,1,2,TRANSFER,1.005,2017-01-01T00:00:00Z,False,-1
        8,1,2,TRANSFER,-1.00,2017-01-01T00:00:00Z,False,-1
        9,,2,TRANSFER,1.00,2017-01-01T00:00:00Z,False,-1

        """

    static let amlsimTransfers = [
        ["1", "18", "74", "2017-01-01T00:00:00Z", "416.57", "", "TRANSFER", "-1", ""],
        ["43", "167", "9", "2017-01-01T00:00:00Z", "432.59", "", "TRANSFER", "0", ""],
        ["2", "33", "28", "2017-01-02T00:00:00Z", "704.10", "", "TRANSFER", "-1", ""],
    ]

    static let amlsimBadRows = [
        BadRow(file: "t.csv", line: 4, reason: "amount 'abc': not a decimal number"),
        BadRow(file: "t.csv", line: 5, reason: "time '2017-13-01T00:00:00Z' is not a recognised time"),
        BadRow(file: "t.csv", line: 6, reason: "5 fields, expected 8"),
        BadRow(
            file: "t.csv",
            line: 8,
            reason: "amount '99999999999999999999.00': amount overflows 64-bit minor units"
        ),
        BadRow(file: "t.csv", line: 9, reason: "amount '1.005': more fraction digits than the ledger's scale"),
        BadRow(file: "t.csv", line: 10, reason: "negative amount -1.00"),
        BadRow(file: "t.csv", line: 11, reason: "empty account"),
    ]

    @Test(arguments: [1, 2, 3, 7, 64, 4096])
    func amlsimTransactionsAtEveryChunkSize(chunk: Int) throws {
        let outcome = try read(Self.amlsim, chunk: chunk)
        #expect(outcome.transfers == Self.amlsimTransfers)
        #expect(outcome.badRows == Self.amlsimBadRows)
        #expect(
            outcome.inputs == [
                LedgerInputSummary(file: "t.csv", layout: "amlsim-transactions", rows: 10, transfers: 3, badRows: 7)
            ]
        )
    }

    @Test func strictStopsAtTheFirstBadRowWithItsLine() {
        var options = LedgerReadOptions()
        options.strict = true
        #expect(throws: FundsError(.badRow, file: "t.csv", line: 4, "amount 'abc': not a decimal number")) {
            try read(Self.amlsim, chunk: 5, options: options)
        }
    }

    @Test(arguments: [1, 5, 4096])
    func amlsimTxLog(chunk: Int) throws {
        let text = """
            step,type,amount,nameOrig,oldbalanceOrig,newbalanceOrig,nameDest,oldbalanceDest,newbalanceDest,isSAR,alertID
            0,TRANSFER,416.57,18,68414.11,67997.54,74,73563.65,73980.22,0,-1
            2,TRANSFER,432.59,167,67364.03,66931.42,9,72736.1,73168.69,1,0
            x,TRANSFER,1,1,1,1,2,1,1,0,-1

            """
        let outcome = try read(text, chunk: chunk)
        #expect(
            outcome.transfers == [
                ["1", "18", "74", "2017-01-01T00:00:00Z", "416.57", "", "TRANSFER", "-1", "67997.54"],
                ["2", "167", "9", "2017-01-03T00:00:00Z", "432.59", "", "TRANSFER", "0", "66931.42"],
            ]
        )
        #expect(outcome.badRows == [BadRow(file: "t.csv", line: 4, reason: "time 'x' is not a recognised time")])
    }

    @Test(arguments: [1, 3, 4096])
    func amlworld(chunk: Int) throws {
        let text =
            "Timestamp,From Bank,Account,To Bank,Account,Amount Received,Receiving Currency,Amount Paid,"
            + "Payment Currency,Payment Format,Is Laundering\r\n"
            + "2022/09/01 00:20,10,8000EBD30,10,8000EBD30,3697.34,US Dollar,3697.34,US Dollar,Reinvestment,0\r\n"
            + "2022/09/01 00:20,3208,8000F4580,1,8000F5340,0.01,US Dollar,0.000001,Bitcoin,Cheque,1\r\n"
            + "2022/09/01 00:21,3208,8000F4580,1,8000F5340,0.01,US Dollar,0.0000001,Bitcoin,Cheque,0\r\n"
        var options = LedgerReadOptions(scale: 6)
        options.layout = nil
        let outcome = try read(text, chunk: chunk, options: options)
        #expect(
            outcome.transfers == [
                [
                    "2", "10/8000EBD30", "10/8000EBD30", "2022-09-01T00:20:00Z", "3697.340000", "US Dollar",
                    "Reinvestment", "-1", "",
                ],
                [
                    "3", "3208/8000F4580", "1/8000F5340", "2022-09-01T00:20:00Z", "0.000001", "Bitcoin", "Cheque", "1",
                    "",
                ],
            ]
        )
        #expect(
            outcome.badRows == [
                BadRow(
                    file: "t.csv",
                    line: 4,
                    reason: "amount '0.0000001': more fraction digits than the ledger's scale"
                )
            ]
        )
    }

    @Test(arguments: [1, 2, 4096])
    func genericWithQuotesAndAliases(chunk: Int) throws {
        let text = """
            TxID,Sender,Receiver,Value,Timestamp,Asset,Memo
            a1,"Zhang, Wei",Li,"1,000.00",2021-06-01T08:00:00+08:00,CNY,"say ""hi""
            over two lines"
            a2,Li,Wang,250,2021-06-02,CNY,
            a3,Li,Wang,250,2021-06-02,CNY
            """
        let outcome = try read(text, chunk: chunk)
        #expect(
            outcome.transfers == [
                ["a2", "Li", "Wang", "2021-06-02T00:00:00Z", "250.00", "CNY", "", "", ""]
            ]
        )
        #expect(
            outcome.badRows == [
                BadRow(file: "t.csv", line: 2, reason: "amount '1,000.00': not a decimal number"),
                BadRow(file: "t.csv", line: 5, reason: "6 fields, expected 7"),
            ]
        )
    }

    @Test func explicitMappingAndMissingColumn() throws {
        let text = "when,payer,payee,sum\n2021-06-01,A,B,5\n"
        let mapping = ColumnMapping(
            id: nil,
            time: "when",
            from: "payer",
            to: "payee",
            amount: "sum",
            currency: nil,
            channel: nil
        )
        let outcome = try read(text, chunk: 3, options: LedgerReadOptions(layout: .generic(mapping)))
        #expect(outcome.transfers == [["2", "A", "B", "2021-06-01T00:00:00Z", "5.00", "", "", "", ""]])
        #expect(throws: FundsError.self) { try read(text, chunk: 3) }
        #expect(throws: FundsError(.badHeader, file: "t.csv", line: 1, "empty input: no header row")) {
            try read("", chunk: 3)
        }
    }

    @Test func overlongRowsAreReportedNotDropped() throws {
        var options = LedgerReadOptions()
        options.csvLimits.maximumRowLength = 40
        let long = String(repeating: "x", count: 50)
        let text = "id,time,from,to,amount\n1,2021-06-01,A,B,5\n2,2021-06-01,\(long),B,5\n3,2021-06-01,A,B,6\n"
        let outcome = try read(text, chunk: 7, options: options)
        #expect(outcome.transfers.map { $0[0] } == ["1", "3"])
        #expect(outcome.badRows == [BadRow(file: "t.csv", line: 3, reason: "row longer than 40 bytes")])
    }

    @Test func randomBytesNeverCrashAndEveryRowIsAccounted() throws {
        var generator = SeededGenerator(seed: 42)
        let alphabet = Array("0123456789,.-:\"\r\nTZab ".utf8)
        for _ in 0..<300 {
            var bytes = Array(Self.amlsim.utf8.prefix(79))
            for _ in 0..<Int.random(in: 0..<400, using: &generator) {
                bytes.append(alphabet.randomElement(using: &generator)!)
            }
            var reader = LedgerReader()
            let chunk = Int.random(in: 1...64, using: &generator)
            reader.begin(file: "r.csv")
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + chunk)
                try bytes[start..<end].withUnsafeBytes { try reader.feed($0) }
                start = end
            }
            try reader.end()
            let summary = reader.inputs[0]
            #expect(summary.rows == summary.transfers + summary.badRows)
            _ = reader.builder.build()
        }
    }
}

@Suite struct LedgerBuildTests {
    @Test(arguments: [0, 1, 2, 100, 5_000])
    func radixOrderIsTheStableSortByTime(count: Int) {
        var random = SeededGenerator(seed: UInt64(count) &+ 7)
        // Few distinct times (many ties), negative times, and a span wide enough for every digit.
        var times: [Int64] = []
        for _ in 0..<count {
            let kind = random.next() % 3
            let bits = random.next()
            let time: Int64
            if kind == 0 {
                time = Int64(bits % 5) - 2
            } else if kind == 1 {
                time = Int64(bitPattern: bits) >> 2
            } else {
                time = Int64(bits % 1_000_000_000_000)
            }
            times.append(time)
        }
        let pairs: [(time: Int64, index: Int32)] = times.enumerated().map { ($0.element, Int32($0.offset)) }
        let expected: [Int32] = pairs.sorted { (a, b) -> Bool in
            a.time != b.time ? a.time < b.time : a.index < b.index
        }.map { $0.index }
        #expect(LedgerBuilder.stableOrder(times) == expected)
    }

    @Test func nameIndexInternsAndFindsThroughGrowth() {
        var index = NameIndex()
        var names: [String] = []
        let words =
            (0..<10_000).map { "acct-\($0 * 7919 % 10_007)" } + ["", "é", "a\u{0}b", "long name beyond fifteen bytes"]
        for (position, word) in words.enumerated() { #expect(index.intern(word, in: &names) == Int32(position)) }
        for (position, word) in words.enumerated() {
            #expect(index.intern(word, in: &names) == Int32(position))
            #expect(index.find(word) == Int32(position))
        }
        #expect(names == words)
        #expect(index.find("acct-10008") == nil)
    }
}
