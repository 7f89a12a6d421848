import PaichaCapture
import PaichaCore
import Testing

@Suite("Capture reader")
struct CaptureReaderTests {
    static let chunkSizes = Array(1...64) + [100, 333, 4096, 1 << 20]

    @Test(
        "classic pcap in both byte orders, micro- and nanoseconds",
        arguments: [Endianness.little, .big],
        [false, true]
    )
    func pcap(_ endianness: Endianness, nanosecond: Bool) {
        let result = readAll(CaptureVectors.pcap(endianness, nanosecond: nanosecond))
        #expect(result.error == nil)
        #expect(result.packets == CaptureVectors.pcapExpected(nanosecond: nanosecond))
        var expected = CaptureStatistics()
        expected.format = .pcap
        expected.packets = 2
        expected.capturedBytes = 7
        expected.originalBytes = 63
        expected.sections = 1
        expected.interfaces = [
            CaptureInterface(section: 0, index: 0, linkType: .ethernet, snapLength: 65535, packets: 2)
        ]
        #expect(result.statistics == expected)
    }

    @Test("the FCS bits above the link type are masked off")
    func pcapLinkTypeFCSBits() {
        let result = readAll(CaptureVectors.pcap(.little, nanosecond: false, linkField: 0x1400_0001))
        #expect(result.packets == CaptureVectors.pcapExpected(nanosecond: false))
    }

    @Test(
        "pcapng: two sections in both byte orders, three interfaces, every packet block",
        arguments: [Endianness.little, .big]
    )
    func pcapng(_ endianness: Endianness) {
        let result = readAll(CaptureVectors.pcapng(endianness))
        #expect(result.error == nil)
        #expect(result.packets == CaptureVectors.pcapngExpected)
        var expected = CaptureStatistics()
        expected.format = .pcapng
        expected.packets = 5
        expected.capturedBytes = 4 + 3 + 6 + 3 + 2
        expected.originalBytes = 60 + 3 + 6 + 3 + 4
        expected.sections = 2
        expected.interfaces = [
            CaptureInterface(section: 0, index: 0, linkType: .ethernet, snapLength: 0, packets: 3),
            CaptureInterface(section: 0, index: 1, linkType: .raw, snapLength: 128, packets: 1),
            CaptureInterface(section: 1, index: 0, linkType: .linuxSLL, snapLength: 2, packets: 1),
        ]
        expected.skippedBlocks = [4: 1, 0xBAD: 1]
        #expect(result.statistics == expected)
    }

    @Test("every chunk size gives the same packets", arguments: chunkSizes)
    func everyChunkSize(_ chunk: Int) {
        for file in [CaptureVectors.pcap(.big, nanosecond: true), CaptureVectors.pcapng(.little)] {
            let whole = readAll(file)
            let chunked = readAll(file, chunk: chunk)
            #expect(chunked.packets == whole.packets)
            #expect(chunked.statistics == whole.statistics)
            #expect(chunked.error == nil)
        }
    }

    /// For a file cut at `length`: the packets that fit, and the truncation offset if the cut is inside a record.
    static func expectCut(
        _ file: [UInt8],
        at length: Int,
        boundaries: [Int],
        expected: [PacketRecord],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let result = readAll(Array(file[0..<length]), chunk: 7)
        let kept = expected.filter { record in
            let end = boundaries.first { $0 > Int(record.fileOffset) }!
            return end <= length
        }
        #expect(result.packets == kept, "cut at \(length)", sourceLocation: sourceLocation)
        if length > 0 && boundaries.contains(length) {
            #expect(result.error == nil, "cut at \(length)", sourceLocation: sourceLocation)
        } else {
            let start = boundaries.last { $0 < length } ?? 0
            #expect(
                result.error
                    == CaptureError(
                        .truncated,
                        file: "test.pcap",
                        offset: Int64(length == 0 ? 0 : start),
                        detail: result.error?.detail ?? ""
                    ),
                "cut at \(length)",
                sourceLocation: sourceLocation
            )
        }
    }

    @Test("a pcap cut at every byte offset keeps the earlier packets and names the cut record")
    func pcapTruncation() {
        let file = CaptureVectors.pcap(.little, nanosecond: false)
        for length in 0..<file.count {
            Self.expectCut(
                file,
                at: length,
                boundaries: CaptureVectors.pcapBoundaries,
                expected: CaptureVectors.pcapExpected(nanosecond: false)
            )
        }
    }

    @Test(
        "a pcapng cut at every byte offset keeps the earlier packets and names the cut block",
        arguments: [Endianness.little, .big]
    )
    func pcapngTruncation(_ endianness: Endianness) {
        let file = CaptureVectors.pcapng(endianness)
        for length in 0..<file.count {
            Self.expectCut(
                file,
                at: length,
                boundaries: CaptureVectors.pcapngBoundaries,
                expected: CaptureVectors.pcapngExpected
            )
        }
    }

    @Test("errors name the kind and the offset and keep earlier packets")
    func errors() {
        let good = CaptureVectors.pcapng(.little)
        let firstPacket = Array(CaptureVectors.pcapngExpected.prefix(1))
        func check(_ file: [UInt8], _ kind: CaptureError.Kind, _ offset: Int64, _ packets: [PacketRecord]) {
            let result = readAll(file)
            #expect(result.error?.kind == kind)
            #expect(result.error?.offset == offset)
            #expect(result.error?.file == "test.pcap")
            #expect(result.packets == packets)
        }
        check([0x7F, 0x45, 0x4C, 0x46, 0, 0, 0, 0], .badMagic, 0, [])
        // The name resolution block at 128 claims length 18 (not a multiple of 4).
        var badLength = good
        badLength[132] = 18
        check(badLength, .badBlockLength, 128, firstPacket)
        // Its trailer says 20.
        var badTrailer = good
        badTrailer[140] = 20
        check(badTrailer, .trailerMismatch, 128, firstPacket)
        // The enhanced packet block at 164 names interface 7.
        var undefined = good
        undefined[172] = 7
        check(undefined, .undefinedInterface, 164, firstPacket)
        // The custom block at 144 claims 1 GiB.
        var huge = good
        huge[151] = 0x40
        check(huge, .blockTooLarge, 144, firstPacket)
        // A pcap record of 300000 bytes.
        var bigRecord = CaptureVectors.pcap(.big, nanosecond: false)
        bigRecord.replaceSubrange(52..<56, with: be32(300_000))
        check(bigRecord, .recordTooLarge, 44, Array(CaptureVectors.pcapExpected(nanosecond: false).prefix(1)))
        // Packet block whose captured length overruns its block.
        var overrun = good
        overrun[112] = 40
        check(overrun, .badHeader, 92, [])
        // pcap version 3.
        var version = CaptureVectors.pcap(.little, nanosecond: false)
        version[4] = 3
        check(version, .badHeader, 0, [])
    }

    @Test("a record bigger than the buffer grows it; later calls after an error rethrow")
    func bufferGrowthAndErrorRepeat() throws {
        let big = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        var file: [UInt8] = Array(CaptureVectors.pcap(.little, nanosecond: false).prefix(24))
        file += le32(1) + le32(2) + le32(10_000) + le32(10_000)  // record of 10000 bytes
        file += big
        file += le32(3) + le32(4) + le32(1) + le32(1) + [9]  // record of 1 byte
        let limits = CaptureLimits(bufferSize: 4096)
        for chunk in [1000, 5000, 1 << 20] {
            let result = readAll(file, chunk: chunk, limits: limits)
            #expect(result.error == nil)
            #expect(result.packets.map { $0.data } == [big, [9]])
        }
        var reader = CaptureReader(source: MemoryByteSource([1, 2, 3, 4, 5]), name: "x")
        #expect(throws: CaptureError.self) { try reader.next() }
        #expect(throws: CaptureError.self) { try reader.next() }
    }

    @Test("forEach visits the same packets as next()")
    func forEachMatchesNext() throws {
        var reader = CaptureReader(source: MemoryByteSource(CaptureVectors.pcapng(.big)), name: "x")
        var records: [PacketRecord] = []
        // swift-format-ignore: ReplaceForEachWithForLoop
        try reader.forEach { records.append(PacketRecord($0)) }
        #expect(records == CaptureVectors.pcapngExpected)
    }

    @Test("an error describes the file, kind, offset and detail")
    func errorDescription() {
        var file = CaptureVectors.pcap(.little, nanosecond: false)
        file.removeLast()
        let error = readAll(file).error
        #expect(
            error?.description == "test.pcap: truncated at byte 44: input ends inside a pcap record (18 of 19 bytes)"
        )
    }
}
