import CZlib
import Foundation
import PaichaCore
import PaichaFixtures
import Testing

struct WriterTests {
    let frame: [UInt8] = [0xDE, 0xAD, 0xBE, 0xEF, 0x01]
    let time = Timestamp(seconds: 0x6000_0000, nanoseconds: 123_456_789)

    @Test func classicLittleEndianMicroseconds() throws {
        let sink = MemorySink()
        let writer = try PcapWriter(sink: sink, linkType: 1)
        try writer.write(frame: frame.withUnsafeBytes { UnsafeRawBufferPointer($0) }, timestamp: time)
        try writer.close()
        let expected: [UInt8] =
            [0xD4, 0xC3, 0xB2, 0xA1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 1, 0, 0, 0]
            + [0, 0, 0, 0x60, 0x40, 0xE2, 0x01, 0, 5, 0, 0, 0, 5, 0, 0, 0] + frame
        #expect(sink.bytes == expected)
    }

    @Test func classicBigEndianNanosecondsWithSnapLength() throws {
        let sink = MemorySink()
        let writer = try PcapWriter(
            sink: sink,
            linkType: 276,
            endianness: .big,
            resolution: .nanoseconds,
            snapLength: 3
        )
        try frame.withUnsafeBytes { try writer.write(frame: $0, timestamp: time) }
        let expected: [UInt8] =
            [0xA1, 0xB2, 0x3C, 0x4D, 0, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0x01, 0x14]
            + [0x60, 0, 0, 0, 0x07, 0x5B, 0xCD, 0x15, 0, 0, 0, 3, 0, 0, 0, 5] + frame.prefix(3)
        #expect(sink.bytes == expected)
    }

    @Test func classicRejectsBinaryResolution() {
        #expect(throws: FixtureError.self) {
            _ = try PcapWriter(sink: MemorySink(), linkType: 1, resolution: .binary(20))
        }
    }

    @Test func pcapngLittleEndianBlocks() throws {
        let sink = MemorySink()
        let writer = try PcapngWriter(sink: sink, application: nil)
        let index = try writer.addInterface(linkType: 1, resolution: .nanoseconds)
        try frame.withUnsafeBytes { try writer.write(frame: $0, timestamp: time, interface: index) }
        let units = UInt64(0x6000_0000) * 1_000_000_000 + 123_456_789
        var expected: [UInt8] = [
            0x0A, 0x0D, 0x0D, 0x0A, 28, 0, 0, 0, 0x4D, 0x3C, 0x2B, 0x1A, 1, 0, 0, 0,
            0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 28, 0, 0, 0,
        ]
        expected += [1, 0, 0, 0, 32, 0, 0, 0, 1, 0, 0, 0, 0, 0, 4, 0, 9, 0, 1, 0, 9, 0, 0, 0, 0, 0, 0, 0, 32, 0, 0, 0]
        expected += [6, 0, 0, 0, 40, 0, 0, 0, 0, 0, 0, 0]
        expected += withUnsafeBytes(of: UInt32(units >> 32).littleEndian, Array.init)
        expected += withUnsafeBytes(of: UInt32(truncatingIfNeeded: units).littleEndian, Array.init)
        expected += [5, 0, 0, 0, 5, 0, 0, 0] + frame + [0, 0, 0, 40, 0, 0, 0]
        #expect(sink.bytes == expected)
    }

    @Test func pcapngBigEndianSectionHeader() throws {
        let sink = MemorySink()
        _ = try PcapngWriter(sink: sink, endianness: .big, application: "ab")
        let expected: [UInt8] = [
            0x0A, 0x0D, 0x0D, 0x0A, 0, 0, 0, 40, 0x1A, 0x2B, 0x3C, 0x4D, 0, 1, 0, 0,
            0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 4, 0, 2, 0x61, 0x62, 0, 0, 0, 0, 0, 0, 0, 0, 0, 40,
        ]
        #expect(sink.bytes == expected)
    }

    @Test(arguments: [
        (TimestampResolution.microseconds, UInt64(1_500_000)), (.nanoseconds, 1_500_000_000), (.binary(20), 1_572_864),
        (.binary(0), 1),
    ])
    func resolutionUnits(resolution: TimestampResolution, expected: UInt64) {
        #expect(resolution.units(Timestamp(nanoseconds: 1_500_000_000)) == expected)
    }

    @Test func pcapngOtherBlocks() throws {
        let sink = MemorySink()
        let writer = try PcapngWriter(sink: sink, application: nil)
        try writer.addInterface(linkType: 101, resolution: .binary(20), name: "tun0")
        let start = sink.bytes.count
        try writer.writeSimplePacket([1, 2, 3])
        try writer.writeObsoletePacket([9], timestamp: Timestamp(nanoseconds: 2_000_000_000), interface: 0)
        try writer.writeCustomBlock(enterpriseNumber: 32_473, data: [7])
        let expected: [UInt8] =
            [3, 0, 0, 0, 20, 0, 0, 0, 3, 0, 0, 0, 1, 2, 3, 0, 20, 0, 0, 0]
            + [
                2, 0, 0, 0, 36, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x20, 0, 1, 0, 0, 0, 1, 0, 0, 0, 9, 0, 0, 0, 36,
                0, 0, 0,
            ]
            + [0xAD, 0x0B, 0, 0, 20, 0, 0, 0, 0xD9, 0x7E, 0, 0, 7, 0, 0, 0, 20, 0, 0, 0]
        #expect(Array(sink.bytes[start...]) == expected)
        let parsed = try #require(readPcapng(sink.bytes))
        #expect(parsed.linkTypes == [101])
        #expect(parsed.blockTypes == [0x0A0D_0D0A, 1, 3, 2, 0xBAD])
    }

    @Test func pcapngRejectsUndescribedInterface() throws {
        let writer = try PcapngWriter(sink: MemorySink())
        #expect(throws: FixtureError.self) {
            try [UInt8(1)].withUnsafeBytes { try writer.write(frame: $0, timestamp: time, interface: 0) }
        }
    }

    @Test func fileSinkMatchesMemorySink() throws {
        let path = NSTemporaryDirectory() + "paicha-fixtures-file-\(getpid()).bin"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try FileSink(path: path)
        let memory = MemorySink()
        var rng = SplitMix64(seed: 5)
        for size in [0, 1, 7, 4096, FileSink.bufferSize - 3, FileSink.bufferSize + 5, 300] {
            let chunk = rng.bytes(size)
            try file.write(chunk)
            try memory.write(chunk)
        }
        try file.close()
        #expect(file.bytesWritten == Int64(memory.bytes.count))
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: path))) == memory.bytes)
    }

    @Test(arguments: [1, 100, 70_000])
    func gzipRoundTrip(chunk: Int) throws {
        var rng = SplitMix64(seed: 9)
        let original = (0..<300).flatMap { _ in Array("mining.notify \(rng.hex(40))\n".utf8) } + rng.bytes(150_000)
        let memory = MemorySink()
        let gzip = try GzipSink(downstream: memory)
        var offset = 0
        while offset < original.count {
            try gzip.write(Array(original[offset..<min(original.count, offset + chunk)]))
            offset += chunk
        }
        try gzip.close()
        #expect(memory.bytes.prefix(3) == [0x1F, 0x8B, 0x08])
        #expect(try gunzip(memory.bytes) == original)
    }

    @Test func gzipEmpty() throws {
        let memory = MemorySink()
        let gzip = try GzipSink(downstream: memory)
        try gzip.close()
        #expect(try gunzip(memory.bytes) == [])
    }
}

/// Inflates a gzip stream with zlib (test helper).
func gunzip(_ compressed: [UInt8]) throws -> [UInt8] {
    var stream = z_stream()
    guard inflateInit2_(&stream, 31, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
        throw FixtureError.invalidArgument("inflateInit2")
    }
    defer { inflateEnd(&stream) }
    var input = compressed
    var output: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65_536)
    var status: Int32 = Z_OK
    try input.withUnsafeMutableBufferPointer { inputBuffer in
        stream.next_in = inputBuffer.baseAddress
        stream.avail_in = uInt(inputBuffer.count)
        repeat {
            let produced = buffer.withUnsafeMutableBufferPointer { out -> Int in
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(out.count)
                status = inflate(&stream, Z_NO_FLUSH)
                return out.count - Int(stream.avail_out)
            }
            output += buffer[0..<produced]
            guard status == Z_OK || status == Z_STREAM_END else {
                throw FixtureError.invalidArgument("inflate \(status)")
            }
        } while status != Z_STREAM_END
    }
    return output
}

struct WriterRoundTripTests {
    /// Random frames on random interfaces come back byte-identical with the right timestamp units.
    @Test(arguments: [Endianness.little, .big])
    func pcapngRandomRoundTrip(endianness: Endianness) throws {
        var rng = SplitMix64(seed: endianness == .little ? 100 : 200)
        let resolutions: [TimestampResolution] = [.microseconds, .nanoseconds, .binary(20), .binary(10)]
        for _ in 0..<20 {
            let sink = MemorySink()
            let writer = try PcapngWriter(sink: sink, endianness: endianness, application: rng.hex(rng.int(0...9)))
            let interfaces = (0..<rng.int(1...4)).map { _ in rng.pick(resolutions) }
            for resolution in interfaces {
                try writer.addInterface(
                    linkType: UInt32(rng.int(0...300)),
                    resolution: resolution,
                    name: rng.chance(0.5) ? rng.hex(rng.int(1...7)) : nil
                )
            }
            var expected: [ReadRecord] = []
            for _ in 0..<rng.int(0...30) {
                let interface = rng.int(0...(interfaces.count - 1))
                let frame = rng.bytes(rng.int(0...200))
                let time = Timestamp(
                    nanoseconds: Int64(rng.int(0...2_000_000_000)) * 1_000_000_000 + Int64(rng.int(0...999_999_999))
                )
                try frame.withUnsafeBytes { try writer.write(frame: $0, timestamp: time, interface: interface) }
                expected.append(
                    ReadRecord(
                        interface: interface,
                        units: interfaces[interface].units(time),
                        bytes: frame,
                        blockType: 6
                    )
                )
            }
            let parsed = try #require(readPcapng(sink.bytes))
            #expect(parsed.records == expected)
            #expect(parsed.linkTypes.count == interfaces.count)
        }
    }

    @Test(arguments: [Endianness.little, .big])
    func classicRandomRoundTrip(endianness: Endianness) throws {
        var rng = SplitMix64(seed: 300)
        for resolution in [TimestampResolution.microseconds, .nanoseconds] {
            let sink = MemorySink()
            let writer = try PcapWriter(sink: sink, linkType: 113, endianness: endianness, resolution: resolution)
            var expected: [ReadRecord] = []
            for _ in 0..<50 {
                let frame = rng.bytes(rng.int(0...300))
                let time = Timestamp(
                    nanoseconds: Int64(rng.int(0...4_000_000_000)) * 1_000_000_000 + Int64(rng.int(0...999_999_999))
                )
                try frame.withUnsafeBytes { try writer.write(frame: $0, timestamp: time) }
                expected.append(ReadRecord(interface: 0, units: resolution.units(time), bytes: frame, blockType: 0))
            }
            let parsed = try #require(readClassicPcap(sink.bytes))
            #expect(parsed.linkType == 113)
            #expect(parsed.records == expected)
        }
    }
}
