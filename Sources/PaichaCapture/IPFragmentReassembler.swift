import PaichaCore

/// Identifies one fragmented datagram: addresses, identification and protocol (RFC 791 / RFC 8200).
struct FragmentKey: Hashable {
    var source: IPAddress
    var destination: IPAddress
    var identification: UInt32
    var proto: UInt8
    var isV6: Bool
}

/// A datagram whose fragments are still arriving.
struct PendingDatagram {
    /// The payload bytes received so far, at their offsets.
    var buffer: [UInt8] = []
    /// Received byte ranges, sorted and merged.
    var ranges: [Range<Int>] = []
    /// The payload length, once the last fragment arrived.
    var totalLength: Int?
    /// The header length before the payload (IPv4 header, or IPv6 header and unfragmentable part).
    var headerLength = 0
    /// The capture time of the first fragment.
    var firstSeen: Int64
    var fragmentCount = 0

    var isComplete: Bool {
        guard let totalLength else { return false }
        return self.ranges.count == 1 && self.ranges[0] == 0..<totalLength
    }
}

/// Reassembles IPv4 and IPv6 fragments; earlier bytes win where fragments overlap.
struct IPFragmentReassembler {
    let limits: IPFragmentLimits
    var pending: [FragmentKey: PendingDatagram] = [:]
    /// The capture time after which the oldest pending datagram expires.
    var nextExpiry = Int64.max

    init(limits: IPFragmentLimits) {
        self.limits = limits
    }

    /// Drops datagrams that waited past the timeout at capture time `now`.
    mutating func expire(now: Int64, statistics: inout DecodeStatistics) {
        guard now > self.nextExpiry else { return }
        var next = Int64.max
        for (key, datagram) in self.pending {
            let expiry = datagram.firstSeen &+ self.limits.timeoutNanoseconds
            if now > expiry {
                self.pending[key] = nil
                statistics.fragmentTimeouts += 1
            } else {
                next = min(next, expiry)
            }
        }
        self.nextExpiry = next
    }

    /// Adds a fragment; returns the completed datagram when this fragment finished it.
    mutating func add(
        key: FragmentKey,
        offset: Int,
        more: Bool,
        payload: UnsafeRawBufferPointer,
        headerLength: Int,
        now: Int64,
        statistics: inout DecodeStatistics
    ) -> PendingDatagram? {
        statistics.fragments += 1
        let end = offset + payload.count
        if end > self.limits.maximumDatagramSize {
            statistics.fragmentOversize += 1
            self.pending[key] = nil
            return nil
        }
        if self.pending[key] == nil {
            if self.pending.count >= self.limits.maximumPendingDatagrams { self.evictOldest(&statistics) }
            self.pending[key] = PendingDatagram(firstSeen: now)
            self.nextExpiry = min(self.nextExpiry, now &+ self.limits.timeoutNanoseconds)
        }
        var datagram = self.pending[key]!
        self.pending[key] = nil  // keep the buffer uniquely referenced while editing
        datagram.fragmentCount += 1
        guard datagram.fragmentCount <= self.limits.maximumFragmentsPerDatagram else {
            statistics.fragmentCountLimitHits += 1
            return nil
        }
        if !more {
            if let known = datagram.totalLength, known != end {
                statistics.fragmentInconsistent += 1
                return nil
            }
            if let last = datagram.ranges.last, last.upperBound > end {
                statistics.fragmentInconsistent += 1
                return nil
            }
            datagram.totalLength = end
        } else if let known = datagram.totalLength, end > known {
            statistics.fragmentInconsistent += 1
            return nil
        }
        if offset == 0 { datagram.headerLength = headerLength }
        if datagram.buffer.count < end {
            datagram.buffer.append(contentsOf: repeatElement(0, count: end - datagram.buffer.count))
        }
        // Copy only the parts of [offset, end) that no earlier fragment supplied.
        var cursor = offset
        var overlapped = false
        var index = 0
        while cursor < end {
            while index < datagram.ranges.count && datagram.ranges[index].upperBound <= cursor { index += 1 }
            let gapEnd: Int
            if index < datagram.ranges.count && datagram.ranges[index].lowerBound <= cursor {
                overlapped = true
                cursor = min(end, datagram.ranges[index].upperBound)
                continue
            } else if index < datagram.ranges.count {
                gapEnd = min(end, datagram.ranges[index].lowerBound)
            } else {
                gapEnd = end
            }
            datagram.buffer.withUnsafeMutableBytes { buffer in
                let source = UnsafeRawBufferPointer(rebasing: payload[(cursor - offset)..<(gapEnd - offset)])
                UnsafeMutableRawBufferPointer(rebasing: buffer[cursor..<gapEnd]).copyMemory(from: source)
            }
            cursor = gapEnd
        }
        if overlapped { statistics.fragmentOverlaps += 1 }
        if offset < end { Self.insert(offset..<end, into: &datagram.ranges) }
        if datagram.isComplete {
            statistics.reassembled += 1
            return datagram
        }
        self.pending[key] = datagram
        return nil
    }

    private mutating func evictOldest(_ statistics: inout DecodeStatistics) {
        guard let oldest = self.pending.min(by: { $0.value.firstSeen < $1.value.firstSeen })?.key else { return }
        self.pending[oldest] = nil
        statistics.fragmentPendingLimitHits += 1
    }

    /// Inserts `range` into sorted, merged `ranges`, merging touching or overlapping neighbours.
    static func insert(_ range: Range<Int>, into ranges: inout [Range<Int>]) {
        var merged = range
        var result: [Range<Int>] = []
        result.reserveCapacity(ranges.count + 1)
        var placed = false
        for existing in ranges {
            if existing.upperBound < merged.lowerBound {
                result.append(existing)
            } else if existing.lowerBound > merged.upperBound {
                if !placed {
                    result.append(merged)
                    placed = true
                }
                result.append(existing)
            } else {
                merged = min(existing.lowerBound, merged.lowerBound)..<max(existing.upperBound, merged.upperBound)
            }
        }
        if !placed { result.append(merged) }
        ranges = result
    }
}
