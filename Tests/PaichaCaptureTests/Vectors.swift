import PaichaCapture
import PaichaCore

/// Hand-built frames shared by the tests, each byte annotated.
enum Vectors {
    /// IPv4 + TCP, 192.168.1.2:1234 → 94.23.200.191:3333, PSH|ACK, payload `{"id` (44 bytes).
    static let ipv4TCP: [UInt8] =
        [
            0x45, 0x00,  // version 4, IHL 5; DSCP 0
            0x00, 0x2C,  // total length 44
            0x12, 0x34,  // identification
            0x40, 0x00,  // DF, fragment offset 0
            0x40, 0x06,  // TTL 64, protocol TCP
            0x00, 0x00,  // checksum (not checked)
            0xC0, 0xA8, 0x01, 0x02,  // source 192.168.1.2
            0x5E, 0x17, 0xC8, 0xBF,  // destination 94.23.200.191
        ] + tcpHeader + [0x7B, 0x22, 0x69, 0x64]  // payload `{"id`

    /// A 20-byte TCP header: ports 1234 → 3333, seq 1, ack 2, PSH|ACK.
    static let tcpHeader: [UInt8] = [
        0x04, 0xD2, 0x0D, 0x05,  // source port 1234, destination port 3333
        0x00, 0x00, 0x00, 0x01,  // sequence number 1
        0x00, 0x00, 0x00, 0x02,  // acknowledgement number 2
        0x50, 0x18,  // data offset 5 words; flags PSH|ACK
        0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00,  // window, checksum, urgent pointer
    ]

    /// What `ipv4TCP` decodes to (as packet 1 at offset 0, time 0).
    static let ipv4TCPDecoded = DecodedRecord(
        source: IPAddress("192.168.1.2")!,
        destination: IPAddress("94.23.200.191")!,
        transport: .tcp,
        sourcePort: 1234,
        destinationPort: 3333,
        tcpFlags: [.psh, .ack],
        sequenceNumber: 1,
        acknowledgementNumber: 2,
        payload: [0x7B, 0x22, 0x69, 0x64],
        wirePayloadLength: 4,
        ipLength: 44
    )

    /// IPv6 + UDP, 2001:db8::1:53 → 2001:db8::2:5353, payload `ab` (50 bytes).
    static let ipv6UDP: [UInt8] =
        [
            0x60, 0x00, 0x00, 0x00,  // version 6, traffic class 0, flow label 0
            0x00, 0x0A,  // payload length 10
            0x11, 0x40,  // next header UDP, hop limit 64
        ] + v6Source + v6Destination + [
            0x00, 0x35, 0x14, 0xE9,  // UDP ports 53 → 5353
            0x00, 0x0A, 0x00, 0x00,  // UDP length 10, checksum
            0x61, 0x62,  // payload `ab`
        ]

    /// 2001:db8::1
    static let v6Source: [UInt8] = [0x20, 0x01, 0x0D, 0xB8] + [UInt8](repeating: 0, count: 11) + [0x01]
    /// 2001:db8::2
    static let v6Destination: [UInt8] = [0x20, 0x01, 0x0D, 0xB8] + [UInt8](repeating: 0, count: 11) + [0x02]

    /// What `ipv6UDP` decodes to.
    static let ipv6UDPDecoded = DecodedRecord(
        source: IPAddress("2001:db8::1")!,
        destination: IPAddress("2001:db8::2")!,
        transport: .udp,
        sourcePort: 53,
        destinationPort: 5353,
        payload: [0x61, 0x62],
        wirePayloadLength: 2,
        ipLength: 50
    )

    /// Ethernet II header: dst 00:11:22:33:44:55, src 66:77:88:99:aa:bb, then `etherType`.
    static func ethernet(_ etherType: UInt16) -> [UInt8] {
        [0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xAA, 0xBB] + be16(etherType)
    }
}
