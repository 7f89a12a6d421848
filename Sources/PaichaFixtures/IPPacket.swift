public import PaichaCore

/// Builds IPv4 and IPv6 packets, with options, extension headers and fragmentation.
public enum IPPacket {
    /// IP protocol numbers.
    public static let tcp: UInt8 = 6
    /// UDP.
    public static let udp: UInt8 = 17

    /// An IPv4 header option block: a Record Route option with one empty slot, padded to 8 bytes.
    public static let recordRouteOption: [UInt8] = [7, 7, 4, 0, 0, 0, 0, 0]

    /// An IPv4 packet with a correct header checksum.
    public static func ipv4(
        source: UInt32,
        destination: UInt32,
        protocol number: UInt8,
        payload: ArraySlice<UInt8>,
        identification: UInt16,
        ttl: UInt8 = 64,
        options: [UInt8] = [],
        dontFragment: Bool = true,
        moreFragments: Bool = false,
        fragmentOffset: Int = 0
    ) -> [UInt8] {
        let paddedOptions = options + [UInt8](repeating: 0, count: (4 - options.count % 4) % 4)
        let headerLength = 20 + paddedOptions.count
        var bytes: [UInt8] = []
        bytes.reserveCapacity(headerLength + payload.count)
        bytes.append(0x40 | UInt8(headerLength / 4))
        bytes.append(0)
        bytes.appendInteger(UInt16(headerLength + payload.count))
        bytes.appendInteger(identification)
        var flags: UInt16 = UInt16(fragmentOffset / 8) & 0x1FFF
        if dontFragment && !moreFragments && fragmentOffset == 0 { flags |= 0x4000 }
        if moreFragments { flags |= 0x2000 }
        bytes.appendInteger(flags)
        bytes.append(ttl)
        bytes.append(number)
        bytes.appendInteger(UInt16(0))
        bytes.appendInteger(source)
        bytes.appendInteger(destination)
        bytes.append(contentsOf: paddedOptions)
        let checksum = InternetChecksum.compute(bytes)
        bytes[10] = UInt8(checksum >> 8)
        bytes[11] = UInt8(checksum & 0xFF)
        bytes.append(contentsOf: payload)
        return bytes
    }

    /// Splits a transport payload into `count` IPv4 fragments (offsets multiples of 8); options go in the first only.
    public static func ipv4Fragments(
        source: UInt32,
        destination: UInt32,
        protocol number: UInt8,
        payload: [UInt8],
        identification: UInt16,
        count: Int,
        ttl: UInt8 = 64,
        options: [UInt8] = []
    ) -> [[UInt8]] {
        let pieces = Self.fragmentBoundaries(length: payload.count, count: count)
        return pieces.enumerated().map { index, range in
            Self.ipv4(
                source: source,
                destination: destination,
                protocol: number,
                payload: payload[range],
                identification: identification,
                ttl: ttl,
                options: index == 0 ? options : [],
                dontFragment: false,
                moreFragments: index < pieces.count - 1,
                fragmentOffset: range.lowerBound
            )
        }
    }

    /// Byte ranges splitting `length` into at most `count` pieces whose starts are multiples of 8.
    public static func fragmentBoundaries(length: Int, count: Int) -> [Range<Int>] {
        let n = max(1, count)
        let step = max(8, (length / n + 7) & ~7)
        var ranges: [Range<Int>] = []
        var start = 0
        while start < length {
            let end = ranges.count == n - 1 ? length : min(length, start + step)
            ranges.append(start..<end)
            start = end
        }
        if ranges.isEmpty { ranges.append(0..<0) }
        return ranges
    }

    /// An IPv6 Hop-by-Hop or Destination Options header of 8 bytes (a PadN option).
    public static func optionsHeader(next: UInt8) -> [UInt8] {
        [next, 0, 1, 4, 0, 0, 0, 0]
    }

    /// An IPv6 packet; `hopByHop` and `destinationOptions` add those extension headers.
    public static func ipv6(
        source: (UInt64, UInt64),
        destination: (UInt64, UInt64),
        nextHeader: UInt8,
        payload: [UInt8],
        hopLimit: UInt8 = 64,
        flowLabel: UInt32 = 0,
        hopByHop: Bool = false,
        destinationOptions: Bool = false
    ) -> [UInt8] {
        var chain: [UInt8] = []
        var first = nextHeader
        if destinationOptions {
            chain = Self.optionsHeader(next: first) + chain
            first = 60
        }
        if hopByHop {
            chain = Self.optionsHeader(next: first) + chain
            first = 0
        }
        return Self.ipv6Header(
            source: source,
            destination: destination,
            nextHeader: first,
            payloadLength: chain.count + payload.count,
            hopLimit: hopLimit,
            flowLabel: flowLabel
        ) + chain + payload
    }

    /// IPv6 fragments: Hop-by-Hop (if any) unfragmentable, then a Fragment header, then the fragmentable rest.
    public static func ipv6Fragments(
        source: (UInt64, UInt64),
        destination: (UInt64, UInt64),
        nextHeader: UInt8,
        payload: [UInt8],
        identification: UInt32,
        count: Int,
        hopLimit: UInt8 = 64,
        hopByHop: Bool = false,
        destinationOptions: Bool = false
    ) -> [[UInt8]] {
        var fragmentable = payload
        var fragmentableNext = nextHeader
        if destinationOptions {
            fragmentable = Self.optionsHeader(next: nextHeader) + payload
            fragmentableNext = 60
        }
        let pieces = Self.fragmentBoundaries(length: fragmentable.count, count: count)
        return pieces.enumerated().map { index, range in
            var fragmentHeader: [UInt8] = [fragmentableNext, 0]
            let more: UInt16 = index < pieces.count - 1 ? 1 : 0
            fragmentHeader.appendInteger(UInt16(range.lowerBound / 8) << 3 | more)
            fragmentHeader.appendInteger(identification)
            var unfragmentable: [UInt8] = []
            var first: UInt8 = 44
            if hopByHop {
                unfragmentable = Self.optionsHeader(next: 44)
                first = 0
            }
            let body = unfragmentable + fragmentHeader + Array(fragmentable[range])
            return Self.ipv6Header(
                source: source,
                destination: destination,
                nextHeader: first,
                payloadLength: body.count,
                hopLimit: hopLimit,
                flowLabel: 0
            ) + body
        }
    }

    private static func ipv6Header(
        source: (UInt64, UInt64),
        destination: (UInt64, UInt64),
        nextHeader: UInt8,
        payloadLength: Int,
        hopLimit: UInt8,
        flowLabel: UInt32
    ) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(40)
        bytes.appendInteger(UInt32(6 << 28) | (flowLabel & 0xF_FFFF))
        bytes.appendInteger(UInt16(payloadLength))
        bytes.append(nextHeader)
        bytes.append(hopLimit)
        bytes.appendInteger(source.0)
        bytes.appendInteger(source.1)
        bytes.appendInteger(destination.0)
        bytes.appendInteger(destination.1)
        return bytes
    }

    /// The TCP/UDP checksum over the pseudo-header for `source` → `destination` and `segment`.
    public static func transportChecksum(
        source: IPAddress,
        destination: IPAddress,
        protocol number: UInt8,
        segment: [UInt8]
    ) -> UInt16 {
        var checksum = InternetChecksum()
        checksum.add(source.bytes)
        checksum.add(destination.bytes)
        if source.isV4 {
            checksum.add([0, number])
            var length: [UInt8] = []
            length.appendInteger(UInt16(segment.count))
            checksum.add(length)
        } else {
            var length: [UInt8] = []
            length.appendInteger(UInt32(segment.count))
            checksum.add(length)
            checksum.add([0, 0, 0, number])
        }
        checksum.add(segment)
        return checksum.value
    }
}
