public import PaichaCore

/// How packets between a client and a server look on the wire: addresses, framing, IP options and fragmentation.
public struct NetworkPath: Hashable, Sendable {
    /// IP fragmentation of large packets.
    public struct Fragmentation: Hashable, Sendable {
        /// Fragments per packet.
        public var count: Int
        /// Emit the fragments last-first.
        public var outOfOrder: Bool
        /// Packets whose transport segment is shorter than this are not fragmented.
        public var minimumSegment: Int

        /// Makes a fragmentation rule.
        public init(count: Int, outOfOrder: Bool = false, minimumSegment: Int = 200) {
            self.count = count
            self.outOfOrder = outOfOrder
            self.minimumSegment = minimumSegment
        }
    }

    /// The client side (the one that connects).
    public var client: Endpoint
    /// The server side.
    public var server: Endpoint
    /// The framing.
    public var link: LinkLayer
    /// The capture interface index.
    public var interface: Int
    /// The client's MAC address.
    public var clientMAC: [UInt8]
    /// The server's (or gateway's) MAC address.
    public var serverMAC: [UInt8]
    /// TTL / hop limit.
    public var ttl: UInt8
    /// Put an IPv4 Record Route option on every (first-fragment) packet.
    public var ipv4Options: Bool
    /// Put IPv6 Hop-by-Hop and Destination Options headers on every packet.
    public var ipv6ExtensionHeaders: Bool
    /// Fragment large packets.
    public var fragmentation: Fragmentation?

    /// Makes a path over plain Ethernet on interface 0.
    public init(
        client: Endpoint,
        server: Endpoint,
        link: LinkLayer = .plainEthernet,
        interface: Int = 0,
        ttl: UInt8 = 64,
        ipv4Options: Bool = false,
        ipv6ExtensionHeaders: Bool = false,
        fragmentation: Fragmentation? = nil
    ) {
        self.client = client
        self.server = server
        self.link = link
        self.interface = interface
        self.clientMAC = NetworkPath.mac(for: client.ip)
        self.serverMAC = NetworkPath.mac(for: server.ip)
        self.ttl = ttl
        self.ipv4Options = ipv4Options
        self.ipv6ExtensionHeaders = ipv6ExtensionHeaders
        self.fragmentation = fragmentation
    }

    /// A locally administered MAC address derived from an IP address.
    public static func mac(for ip: IPAddress) -> [UInt8] {
        let tail = ip.bytes.suffix(4)
        return [0x02, 0x42] + tail
    }

    /// The IP packets (one, or fragments) carrying `segment` in one direction.
    public func ipPackets(
        segment: [UInt8],
        protocol number: UInt8,
        fromClient: Bool,
        identification: UInt32
    )
        -> [[UInt8]]
    {
        let source = fromClient ? self.client.ip : self.server.ip
        let destination = fromClient ? self.server.ip : self.client.ip
        let fragmentCount =
            self.fragmentation.map { segment.count >= $0.minimumSegment ? $0.count : 1 } ?? 1
        var packets: [[UInt8]]
        switch (source, destination) {
        case (.v4(let s), .v4(let d)):
            let options = self.ipv4Options ? IPPacket.recordRouteOption : []
            if fragmentCount > 1 {
                packets = IPPacket.ipv4Fragments(
                    source: s,
                    destination: d,
                    protocol: number,
                    payload: segment,
                    identification: UInt16(truncatingIfNeeded: identification),
                    count: fragmentCount,
                    ttl: self.ttl,
                    options: options
                )
            } else {
                packets = [
                    IPPacket.ipv4(
                        source: s,
                        destination: d,
                        protocol: number,
                        payload: segment[...],
                        identification: UInt16(truncatingIfNeeded: identification),
                        ttl: self.ttl,
                        options: options
                    )
                ]
            }
        case (.v6(let sh, let sl), .v6(let dh, let dl)):
            if fragmentCount > 1 {
                packets = IPPacket.ipv6Fragments(
                    source: (sh, sl),
                    destination: (dh, dl),
                    nextHeader: number,
                    payload: segment,
                    identification: identification,
                    count: fragmentCount,
                    hopLimit: self.ttl,
                    hopByHop: self.ipv6ExtensionHeaders,
                    destinationOptions: self.ipv6ExtensionHeaders
                )
            } else {
                packets = [
                    IPPacket.ipv6(
                        source: (sh, sl),
                        destination: (dh, dl),
                        nextHeader: number,
                        payload: segment,
                        hopLimit: self.ttl,
                        hopByHop: self.ipv6ExtensionHeaders,
                        destinationOptions: self.ipv6ExtensionHeaders
                    )
                ]
            }
        default:
            packets = []
        }
        if self.fragmentation?.outOfOrder == true, packets.count > 1 { packets.reverse() }
        return packets
    }

    /// Frames carrying `segment` in one direction, 1 µs apart from `timestamp`.
    public func frames(
        segment: [UInt8],
        protocol number: UInt8,
        fromClient: Bool,
        identification: UInt32,
        timestamp: Timestamp
    ) -> [Frame] {
        let packets = self.ipPackets(
            segment: segment,
            protocol: number,
            fromClient: fromClient,
            identification: identification
        )
        let ipv6 = !self.client.ip.isV4
        return packets.enumerated().map { index, packet in
            Frame(
                timestamp: Timestamp(nanoseconds: timestamp.nanoseconds + Int64(index) * 1_000),
                interface: self.interface,
                linkType: self.link.linkType,
                bytes: self.link.frame(
                    packet,
                    ipv6: ipv6,
                    sourceMAC: fromClient ? self.clientMAC : self.serverMAC,
                    destinationMAC: fromClient ? self.serverMAC : self.clientMAC,
                    outgoing: fromClient
                )
            )
        }
    }

    /// Frames of one UDP datagram.
    public func udpFrames(payload: [UInt8], fromClient: Bool, identification: UInt32, timestamp: Timestamp) -> [Frame] {
        let segment = TransportSegment.udp(
            source: fromClient ? self.client : self.server,
            destination: fromClient ? self.server : self.client,
            payload: payload
        )
        return self.frames(
            segment: segment,
            protocol: IPPacket.udp,
            fromClient: fromClient,
            identification: identification,
            timestamp: timestamp
        )
    }
}
