import Foundation
import PaichaCore

// Helpers private to the indicator tests (names prefixed to stay clear of other test files).

/// Bytes from hex text; spaces and newlines are ignored.
func indicatorsHex(_ text: String) -> [UInt8] {
    let digits = Array(text.utf8.filter { !$0.isWhitespaceASCII })
    precondition(digits.count % 2 == 0, "odd hex")
    return stride(from: 0, to: digits.count, by: 2).map {
        UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)!
    }
}

/// Lower-case hex of bytes.
func indicatorsHexString(_ bytes: some Sequence<UInt8>) -> String {
    bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
}

extension UInt8 {
    fileprivate var isWhitespaceASCII: Bool { self == 0x20 || self == 0x0A || self == 0x0D || self == 0x09 }
}

/// SplitMix64: a seeded generator so random tests reproduce.
struct IndicatorsRNG: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { self.state = seed }
    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Applies `count` random byte changes (overwrite, insert, delete) to `bytes`.
func indicatorsMutate(_ bytes: [UInt8], count: Int, using rng: inout IndicatorsRNG) -> [UInt8] {
    var result = bytes
    for _ in 0..<count {
        switch rng.next() % 3 {
        case 0 where !result.isEmpty:
            result[Int(rng.next() % UInt64(result.count))] = UInt8(truncatingIfNeeded: rng.next())
        case 1:
            result.insert(UInt8(truncatingIfNeeded: rng.next()), at: Int(rng.next() % UInt64(result.count + 1)))
        default:
            if !result.isEmpty { result.remove(at: Int(rng.next() % UInt64(result.count))) }
        }
    }
    return result
}

/// The shared corpus beside the package (`../shared/corpus`), if present.
enum IndicatorsCorpus {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.deletingLastPathComponent().appendingPathComponent("shared/corpus").path
    }()

    static var isAvailable: Bool { FileManager.default.fileExists(atPath: root + "/pcap") }

    static func pcap(_ name: String) -> String { root + "/pcap/" + name }
}

/// One transport payload from a capture.
struct IndicatorsPacket {
    var source: Endpoint
    var destination: Endpoint
    var isTCP: Bool
    var payload: [UInt8]
}

/// A tiny classic-pcap walker (Ethernet, IPv4/IPv6, TCP/UDP) for tests only. TCP segments repeating a
/// sequence number already seen on the same flow (retransmissions) are dropped; no reassembly beyond order.
func indicatorsReadPcap(_ path: String) throws -> [IndicatorsPacket] {
    let data = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    return data.withUnsafeBytes { raw -> [IndicatorsPacket] in
        var reader = ByteReader(raw)
        guard let magic = reader.readInteger(endianness: .little, as: UInt32.self) else { return [] }
        let endianness: Endianness = magic == 0xA1B2_C3D4 || magic == 0xA1B2_3C4D ? .little : .big
        guard reader.skip(16), let linkType = reader.readInteger(endianness: endianness, as: UInt32.self),
            linkType == 1
        else { return [] }
        var packets: [IndicatorsPacket] = []
        var seenSequences: Set<String> = []
        while reader.skip(8), let captured = reader.readInteger(endianness: endianness, as: UInt32.self),
            reader.skip(4), let frame = reader.readSlice(length: Int(captured))
        {
            var f = ByteReader(frame)
            guard f.skip(12), var etherType = f.readInteger(as: UInt16.self) else { continue }
            if etherType == 0x8100 {
                guard f.skip(2), let inner = f.readInteger(as: UInt16.self) else { continue }
                etherType = inner
            }
            var source: IPAddress
            var destination: IPAddress
            var proto: UInt8
            var body: UnsafeRawBufferPointer
            if etherType == 0x0800 {
                guard let versionIHL = f.getInteger(at: f.readerIndex, as: UInt8.self),
                    let total = f.getInteger(at: f.readerIndex + 2, as: UInt16.self),
                    let header = f.readSlice(length: Int(versionIHL & 0x0F) * 4), header.count >= 20,
                    let s = IPAddress(v4: UnsafeRawBufferPointer(rebasing: header[12..<16])),
                    let d = IPAddress(v4: UnsafeRawBufferPointer(rebasing: header[16..<20])),
                    let rest = f.readSlice(length: min(f.readableBytes, Int(total) - header.count))
                else { continue }
                (source, destination, proto, body) = (s, d, header[9], rest)
            } else if etherType == 0x86DD {
                guard let header = f.readSlice(length: 40),
                    let s = IPAddress(v6: UnsafeRawBufferPointer(rebasing: header[8..<24])),
                    let d = IPAddress(v6: UnsafeRawBufferPointer(rebasing: header[24..<40]))
                else { continue }
                (source, destination, proto, body) = (s, d, header[6], f.remaining)
            } else {
                continue
            }
            var t = ByteReader(body)
            guard let sport = t.readInteger(as: UInt16.self), let dport = t.readInteger(as: UInt16.self) else {
                continue
            }
            let from = Endpoint(ip: source, port: sport)
            let to = Endpoint(ip: destination, port: dport)
            if proto == 6 {
                guard let sequence = t.readInteger(as: UInt32.self), t.skip(4),
                    let offset = t.readInteger(as: UInt8.self), t.skip(Int(offset >> 4) * 4 - 13)
                else { continue }
                let payload = [UInt8](t.remaining)
                guard !payload.isEmpty, seenSequences.insert("\(from)>\(to)#\(sequence)").inserted else { continue }
                packets.append(IndicatorsPacket(source: from, destination: to, isTCP: true, payload: payload))
            } else if proto == 17 {
                guard t.skip(4) else { continue }
                packets.append(
                    IndicatorsPacket(source: from, destination: to, isTCP: false, payload: [UInt8](t.remaining))
                )
            }
        }
        return packets
    }
}
