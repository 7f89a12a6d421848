import PaichaCore
import PaichaFixtures
import Testing

@testable import PaichaHost

/// Samples of `/proc` files as a little-endian kernel prints them.
enum ProcSamples {
    static let tcp = """
          sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
           0: 0100007F:0CEA 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 12345 1 0000000000000000 100 0 0 10 0
           1: 0500000A:9CB0 04030201:0D05 01 00000000:00000000 02:000A7D8B 00000000  1000        0 67890 2 0000000000000000 20 4 30 10 -1
           2: 0500000A:9CB2 04030201:1F90 06 00000000:00000000 03:00001770 00000000     0        0 0 3 0000000000000000

        """

    static let tcp6 = """
          sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
           0: 00000000000000000000000001000000:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 111 1 0000000000000000 100 0 0 10 0
           1: 0000000000000000FFFF00000500000A:A2F4 0000000000000000FFFF000004030201:115C 01 00000000:00000000 02:00000E2A 00000000     0        0 222 1 0000000000000000 20 4 31 10 -1
           2: B80D0120000000000000000001000000:D431 B80D0120000000000000000002000000:0D05 02 00000001:00000000 01:00000064 00000002   998        0 333 1 0000000000000000 800 0 0 1 7

        """

    static let tcpRecords = [
        SocketRecord(
            table: "tcp",
            local: Endpoint(ip: IPAddress("127.0.0.1")!, port: 3306),
            remote: Endpoint(ip: IPAddress("0.0.0.0")!, port: 0),
            state: "LISTEN",
            userID: 0,
            inode: 12345,
            line: 2
        ),
        SocketRecord(
            table: "tcp",
            local: Endpoint(ip: IPAddress("10.0.0.5")!, port: 40112),
            remote: Endpoint(ip: IPAddress("1.2.3.4")!, port: 3333),
            state: "ESTABLISHED",
            userID: 1000,
            inode: 67890,
            line: 3
        ),
        SocketRecord(
            table: "tcp",
            local: Endpoint(ip: IPAddress("10.0.0.5")!, port: 40114),
            remote: Endpoint(ip: IPAddress("1.2.3.4")!, port: 8080),
            state: "TIME_WAIT",
            userID: 0,
            inode: 0,
            line: 4
        ),
    ]

    static let tcp6Records = [
        SocketRecord(
            table: "tcp6",
            local: Endpoint(ip: IPAddress("::1")!, port: 22),
            remote: Endpoint(ip: IPAddress("::")!, port: 0),
            state: "LISTEN",
            userID: 0,
            inode: 111,
            line: 2
        ),
        SocketRecord(
            table: "tcp6",
            local: Endpoint(ip: IPAddress("::ffff:10.0.0.5")!, port: 41716),
            remote: Endpoint(ip: IPAddress("::ffff:1.2.3.4")!, port: 4444),
            state: "ESTABLISHED",
            userID: 0,
            inode: 222,
            line: 3
        ),
        SocketRecord(
            table: "tcp6",
            local: Endpoint(ip: IPAddress("2001:db8::1")!, port: 54321),
            remote: Endpoint(ip: IPAddress("2001:db8::2")!, port: 3333),
            state: "SYN_SENT",
            userID: 998,
            inode: 333,
            line: 4
        ),
    ]

    static let stat =
        "1234 (my (evil) proc) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 3 0 98765 12345678 456 "
        + "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n"
}

@Suite("/proc parsing")
struct ProcParsingTests {
    private func parse(_ text: String, table: String, chunkSize: Int = .max) -> SocketTableParser {
        var parser = SocketTableParser(table: table)
        let bytes = Array(text.utf8)
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + chunkSize)
            parser.feed(bytes[start..<end])
            start = end
        }
        parser.finish()
        return parser
    }

    @Test("a /proc/net/tcp sample becomes exactly its records")
    func tcpTable() {
        let parser = self.parse(ProcSamples.tcp, table: "tcp")
        #expect(parser.records == ProcSamples.tcpRecords)
        #expect(parser.malformedLines == [])
        #expect(parser.lineCount == 4)
    }

    @Test("a /proc/net/tcp6 sample becomes exactly its records (mapped, loopback and documentation addresses)")
    func tcp6Table() {
        let parser = self.parse(ProcSamples.tcp6, table: "tcp6")
        #expect(parser.records == ProcSamples.tcp6Records)
        #expect(parser.malformedLines == [])
    }

    @Test("the same tables fed at every chunk size give the same records")
    func everyChunkSize() {
        for size in 1...ProcSamples.tcp6.utf8.count {
            let tcp = self.parse(ProcSamples.tcp, table: "tcp", chunkSize: size)
            let tcp6 = self.parse(ProcSamples.tcp6, table: "tcp6", chunkSize: size)
            #expect(tcp.records == ProcSamples.tcpRecords, "chunk size \(size)")
            #expect(tcp6.records == ProcSamples.tcp6Records, "chunk size \(size)")
            #expect(tcp.malformedLines.isEmpty && tcp6.malformedLines.isEmpty, "chunk size \(size)")
        }
    }

    @Test("malformed rows are listed by line, long lines skipped and counted, the rest still read")
    func malformed() {
        let lines = ProcSamples.tcp.split(separator: "\n").map(String.init)
        let text = [
            lines[0], lines[1], "   7: 0100007F:0CEA garbage", String(repeating: "x", count: 5000), "   8: ZZ",
            lines[2],
            lines[3],
        ]
        .joined(separator: "\n")
        for size in [1, 7, 4096, .max] {
            var parser = SocketTableParser(table: "tcp", maximumLineBytes: 4096)
            let bytes = Array(text.utf8)
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + min(size, bytes.count))
                parser.feed(bytes[start..<end])
                start = end
            }
            parser.finish()
            #expect(parser.malformedLines == [3, 5], "chunk size \(size)")
            #expect(parser.longLines == 1, "chunk size \(size)")
            let expected = ProcSamples.tcpRecords.map { record -> SocketRecord in
                var moved = record
                moved.line = record.line == 2 ? 2 : record.line + 3
                return moved
            }
            #expect(parser.records == expected, "chunk size \(size)")
        }
    }

    @Test("reading stops at the row limit")
    func rowLimit() {
        var parser = SocketTableParser(table: "tcp", maximumRows: 2)
        #expect(parser.feed(Array(ProcSamples.tcp.utf8)) == false)
        #expect(parser.isFull)
        #expect(parser.records == Array(ProcSamples.tcpRecords.prefix(2)))
    }

    @Test("state names follow the kernel's codes")
    func stateNames() {
        #expect(SocketTableParser.stateName(0x01) == "ESTABLISHED")
        #expect(SocketTableParser.stateName(0x02) == "SYN_SENT")
        #expect(SocketTableParser.stateName(0x0A) == "LISTEN")
        #expect(SocketTableParser.stateName(0x07) == "CLOSE")
        #expect(SocketTableParser.stateName(0x0C) == "NEW_SYN_RECV")
        #expect(SocketTableParser.stateName(0x00) == "STATE_0")
        #expect(SocketTableParser.stateName(0xEE) == "STATE_EE")
    }

    @Test("a stat line whose name holds spaces and parentheses")
    func statLine() {
        let stat = Array(ProcSamples.stat.utf8).withUnsafeBytes { ProcessStat.parse($0) }
        #expect(
            stat
                == ProcessStat(
                    pid: 1234,
                    name: "my (evil) proc",
                    state: UInt8(ascii: "S"),
                    parentPID: 1,
                    flags: 4_194_560,
                    userTicks: 250,
                    systemTicks: 50,
                    threads: 3,
                    startTicks: 98765
                )
        )
        #expect(stat?.isKernelThread == false)
    }

    @Test("a kernel thread's stat line carries PF_KTHREAD")
    func kernelThread() {
        let line = "2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 7 0 0 20 0 1 0 2 0 0 18446744073709551615 0 0 0 0 0"
        let stat = Array(line.utf8).withUnsafeBytes { ProcessStat.parse($0) }
        #expect(stat?.isKernelThread == true)
        #expect(stat?.name == "kthreadd")
        #expect(stat?.parentPID == 0)
    }

    @Test(
        "truncated or odd stat lines give nil",
        arguments: ["", "12", "12 (x", "12 (x) S", "x (y) S 1 1 1 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 0 5", "12 x) S 1"]
    )
    func badStat(line: String) {
        #expect(Array(line.utf8).withUnsafeBytes { ProcessStat.parse($0) } == nil)
    }

    @Test("status fields: thread group, parent, real user, threads")
    func status() {
        let text =
            "Name:\txmrig\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t4242\nNgid:\t0\nPid:\t4243\n"
            + "PPid:\t1\nTracerPid:\t0\nUid:\t1000\t0\t0\t0\nGid:\t1000\t1000\t1000\t1000\nThreads:\t9\n"
        let status = Array(text.utf8).withUnsafeBytes { ProcessStatus.parse($0) }
        #expect(status == ProcessStatus(threadGroupID: 4242, parentPID: 1, userID: 1000, threads: 9))
    }

    @Test("loadavg: tasks and last PID")
    func loadAverage() {
        let parsed = Array("0.52 0.58 0.59 3/467 12345\n".utf8).withUnsafeBytes { LoadAverage.parse($0) }
        #expect(parsed == LoadAverage(tasks: 467, lastPID: 12345))
        #expect(Array("0.52 0.58 0.59 3-467 12345\n".utf8).withUnsafeBytes { LoadAverage.parse($0) } == nil)
    }

    @Test("cmdline, exe, fd links and environ")
    func processFiles() {
        #expect(
            ProcReader.arguments(Array("xmrig\0-o\0stratum+tcp://p:3333\0".utf8)) == [
                "xmrig", "-o", "stratum+tcp://p:3333",
            ]
        )
        #expect(ProcReader.arguments(Array("nginx: worker process".utf8)) == ["nginx: worker process"])
        #expect(ProcReader.arguments(Array("a\0\0b\0".utf8)) == ["a", "", "b"])
        #expect(ProcReader.arguments([]) == [])
        #expect(ProcReader.executable("/tmp/.x/kdevtmpfsi (deleted)") == ("/tmp/.x/kdevtmpfsi", true))
        #expect(ProcReader.executable("/usr/bin/sleep") == ("/usr/bin/sleep", false))
        #expect(ProcReader.socketInode("socket:[123456]") == 123456)
        #expect(ProcReader.socketInode("pipe:[123456]") == nil)
        #expect(ProcReader.socketInode("socket:[x]") == nil)
        let environ = "PATH=/bin\0LD_PRELOAD=/tmp/.x/libhide.so\0LANG=C\0LD_LIBRARY_PATH=/opt/lib\0LD_X=1\0"
        #expect(
            ProcReader.keptEnvironment(Array(environ.utf8))
                == ["LD_PRELOAD": "/tmp/.x/libhide.so", "LD_LIBRARY_PATH": "/opt/lib"]
        )
    }

    @Test("mutated tables and stat lines never crash, and every kept row is well-formed")
    func mutations() {
        var generator = SplitMix64(seed: 0x5EED_0005)
        let samples = [(ProcSamples.tcp, "tcp"), (ProcSamples.tcp6, "tcp6"), (ProcSamples.stat, "stat")]
        let alphabet = Array("0123456789ABCDEFabcdef :()\n\t-xZ".utf8)
        for round in 0..<3000 {
            let (text, table) = samples[round % samples.count]
            var bytes = Array(text.utf8)
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                guard !bytes.isEmpty else { break }
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: bytes[index] = alphabet.randomElement(using: &generator)!
                case 1: bytes.remove(at: index)
                case 2: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: index)
                default: bytes.removeLast(Int.random(in: 0...min(40, bytes.count), using: &generator))
                }
            }
            if table == "stat" {
                _ = bytes.withUnsafeBytes { ProcessStat.parse($0) }
                _ = bytes.withUnsafeBytes { ProcessStatus.parse($0) }
                _ = bytes.withUnsafeBytes { LoadAverage.parse($0) }
            } else {
                var parser = SocketTableParser(table: table, maximumLineBytes: 200)
                let chunk = Int.random(in: 1...64, using: &generator)
                var start = 0
                while start < bytes.count {
                    parser.feed(bytes[start..<min(bytes.count, start + chunk)])
                    start += chunk
                }
                parser.finish()
                #expect(parser.records.count + parser.malformedLines.count + parser.longLines <= parser.lineCount)
                for record in parser.records { #expect(record.line >= 2 && record.line <= parser.lineCount) }
            }
        }
    }
}
