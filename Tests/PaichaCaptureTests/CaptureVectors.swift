import PaichaCapture
import PaichaCore

/// Hand-built capture files in both byte orders, with their expected packets.
enum CaptureVectors {
    static let frameA: [UInt8] = [0x01, 0x02, 0x03, 0x04]
    static let frameB: [UInt8] = [0xDE, 0xAD, 0xBE]

    /// A classic pcap file with two records; nanosecond or microsecond, in `endianness`.
    static func pcap(_ endianness: Endianness, nanosecond: Bool, linkField: UInt32 = 1) -> [UInt8] {
        let magic: UInt32 = nanosecond ? 0xA1B2_3C4D : 0xA1B2_C3D4
        return u32(magic, endianness)  // magic, written in the file's byte order
            + u16(2, endianness) + u16(4, endianness)  // version 2.4
            + u32(0, endianness) + u32(0, endianness)  // thiszone, sigfigs
            + u32(65535, endianness)  // snap length
            + u32(linkField, endianness)  // link type (+ FCS bits)
            // record 1 at offset 24: 1519898400.123456(789) s, 4 of 60 bytes
            + u32(1_519_898_400, endianness) + u32(nanosecond ? 123_456_789 : 123_456, endianness)
            + u32(4, endianness) + u32(60, endianness) + frameA
            // record 2 at offset 44: 1519898401.000001 s, 3 of 3 bytes
            + u32(1_519_898_401, endianness) + u32(nanosecond ? 1 : 1, endianness)
            + u32(3, endianness) + u32(3, endianness) + frameB
    }

    static func pcapExpected(nanosecond: Bool) -> [PacketRecord] {
        [
            PacketRecord(
                nanoseconds: 1_519_898_400_000_000_000 + (nanosecond ? 123_456_789 : 123_456_000),
                linkType: 1,
                interface: 0,
                originalLength: 60,
                fileOffset: 24,
                index: 1,
                data: frameA
            ),
            PacketRecord(
                nanoseconds: 1_519_898_401_000_000_000 + (nanosecond ? 1 : 1000),
                linkType: 1,
                interface: 0,
                originalLength: 3,
                fileOffset: 44,
                index: 2,
                data: frameB
            ),
        ]
    }

    /// A pcapng block: type, total length, body (padded by the caller), total length.
    static func block(_ type: UInt32, _ body: [UInt8], _ e: Endianness) -> [UInt8] {
        precondition(body.count % 4 == 0)
        return u32(type, e) + u32(UInt32(body.count + 12), e) + body + u32(UInt32(body.count + 12), e)
    }

    static func sectionHeader(_ e: Endianness) -> [UInt8] {
        block(
            0x0A0D_0D0A,
            u32(0x1A2B_3C4D, e)  // byte-order magic
                + u16(1, e) + u16(0, e)  // version 1.0
                + [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF],  // section length unknown
            e
        )
    }

    static func split(_ ticks: UInt64, _ e: Endianness) -> [UInt8] {
        u32(UInt32(ticks >> 32), e) + u32(UInt32(ticks & 0xFFFF_FFFF), e)
    }

    /// Two sections (the second in the other byte order), three interfaces, every packet block kind,
    /// and two skipped blocks.
    static func pcapng(_ e: Endianness) -> [UInt8] {
        let o: Endianness = e == .big ? .little : .big
        // offset 0: section header (28)
        var file = sectionHeader(e)
        // offset 28: interface 0, Ethernet, snap length 0 (unlimited), no options (20)
        file += block(1, u16(1, e) + u16(0, e) + u32(0, e), e)
        // offset 48: interface 1, raw IP, snap length 128, if_tsresol 10^-9, if_tsoffset 100 s (44)
        file += block(
            1,
            u16(101, e) + u16(0, e) + u32(128, e)
                + u16(9, e) + u16(1, e) + [9, 0, 0, 0]  // if_tsresol = 9, padded
                // if_tsoffset = 100 (int64)
                + u16(14, e) + u16(8, e) + (e == .big ? [0, 0, 0, 0] + be32(100) : le32(100) + [0, 0, 0, 0])
                + u16(0, e) + u16(0, e),  // opt_endofopt
            e
        )
        // offset 92: enhanced packet on interface 0, microseconds, 4 of 60 bytes (36)
        file += block(6, u32(0, e) + split(1_519_898_400_123_456, e) + u32(4, e) + u32(60, e) + frameA, e)
        // offset 128: name resolution block, skipped (16)
        file += block(4, u16(0, e) + u16(0, e), e)
        // offset 144: custom block, skipped (20)
        file += block(0x0000_0BAD, u32(32473, e) + [1, 2, 3, 4], e)
        // offset 164: enhanced packet on interface 1, nanoseconds, 3 of 3 bytes (36)
        file += block(6, u32(1, e) + split(1_519_898_400_987_654_321, e) + u32(3, e) + u32(3, e) + frameB + [0], e)
        // offset 200: simple packet (interface 0), original length 6, no timestamp (24)
        file += block(3, u32(6, e) + [1, 2, 3, 4, 5, 6, 0, 0], e)
        // offset 224: obsolete packet block, interface 0, 0 drops, microseconds, 3 of 3 bytes (36)
        file += block(
            2,
            u16(0, e) + u16(0, e) + split(1_519_898_402_000_000, e) + u32(3, e) + u32(3, e) + frameB + [0],
            e
        )
        // offset 260: a second section, in the other byte order (28)
        file += sectionHeader(o)
        // offset 288: its interface 0, Linux SLL, snap length 2, if_tsresol 2^-10 (32)
        file += block(
            1,
            u16(113, o) + u16(0, o) + u32(2, o) + u16(9, o) + u16(1, o) + [0x8A, 0, 0, 0] + u16(0, o) + u16(0, o),
            o
        )
        // offset 320: enhanced packet, 1000.5 s in 1/1024 units, 2 of 4 bytes (36)
        file += block(6, u32(0, o) + split(1000 * 1024 + 512, o) + u32(2, o) + u32(4, o) + [7, 8, 0, 0], o)
        // offset 356: end
        return file
    }

    static let pcapngExpected: [PacketRecord] = [
        PacketRecord(
            nanoseconds: 1_519_898_400_123_456_000,
            linkType: 1,
            interface: 0,
            originalLength: 60,
            fileOffset: 92,
            index: 1,
            data: frameA
        ),
        PacketRecord(
            nanoseconds: 1_519_898_500_987_654_321,
            linkType: 101,
            interface: 1,
            originalLength: 3,
            fileOffset: 164,
            index: 2,
            data: frameB
        ),
        PacketRecord(
            nanoseconds: 1_519_898_500_987_654_321,
            linkType: 1,
            interface: 0,
            originalLength: 6,
            fileOffset: 200,
            index: 3,
            data: [1, 2, 3, 4, 5, 6]
        ),
        PacketRecord(
            nanoseconds: 1_519_898_402_000_000_000,
            linkType: 1,
            interface: 0,
            originalLength: 3,
            fileOffset: 224,
            index: 4,
            data: frameB
        ),
        PacketRecord(
            nanoseconds: 1_000_500_000_000,
            linkType: 113,
            interface: 0,
            originalLength: 4,
            fileOffset: 320,
            index: 5,
            data: [7, 8]
        ),
    ]

    /// Where each block of `pcapng(_:)` starts, and the end.
    static let pcapngBoundaries = [0, 28, 48, 92, 128, 144, 164, 200, 224, 260, 288, 320, 356]
    /// Where each record of `pcap(_:nanosecond:)` starts, and the end.
    static let pcapBoundaries = [24, 44, 63]
}
