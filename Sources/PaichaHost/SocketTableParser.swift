import PaichaCore

/// A streaming parser for one socket table of `/proc/net` (`tcp`, `tcp6`, `udp`, `udp6`).
///
/// Feed it the file in chunks of any size; it frames lines, skips the header, and turns each row
/// (`   0: 0100007F:0CEA 00000000:0000 0A … uid timeout inode`) into a `SocketRecord`. Addresses are
/// printed by the kernel as 32-bit words in the host's byte order (`0100007F` is 127.0.0.1 on a
/// little-endian machine; IPv6 is four such words); ports are plain hexadecimal. Malformed rows are
/// kept as line numbers (never a crash); rows longer than `HostLimits.maximumProcLineBytes` are
/// skipped and counted; reading stops at `maximumRows`.
public struct SocketTableParser: Sendable {
    /// Where the parser is in the file.
    enum State: Sendable, Hashable {
        /// Before the header line.
        case expectingHeader
        /// Reading rows.
        case readingRows
        /// Inside a line longer than the limit, until its end.
        case discardingLongLine
        /// The row limit was reached; the rest is ignored.
        case full
    }

    /// `tcp`, `tcp6`, `udp` or `udp6`.
    public let table: String
    /// Whether addresses are IPv6 (32 hexadecimal digits).
    public let isIPv6: Bool
    /// Longest line kept.
    public let maximumLineBytes: Int
    /// Rows kept at most.
    public let maximumRows: Int

    private(set) var state: State = .expectingHeader
    private var pending: [UInt8] = []
    /// Lines seen so far (the header is line 1).
    public private(set) var lineCount = 0
    /// The rows read.
    public private(set) var records: [SocketRecord] = []
    /// 1-based numbers of lines that were not a well-formed row (or header).
    public private(set) var malformedLines: [Int] = []
    /// Lines skipped for exceeding `maximumLineBytes`.
    public private(set) var longLines = 0
    /// Whether reading stopped at `maximumRows`.
    public var isFull: Bool { self.state == .full }

    /// Makes a parser for a table (`tcp6` and `udp6` hold IPv6 addresses).
    public init(table: String, maximumLineBytes: Int = 4096, maximumRows: Int = .max) {
        self.table = table
        self.isIPv6 = table.hasSuffix("6")
        self.maximumLineBytes = maximumLineBytes
        self.maximumRows = maximumRows
    }

    /// Parses a chunk; returns false once the row limit is reached (the caller may stop reading).
    @discardableResult
    public mutating func feed(_ chunk: some Collection<UInt8>) -> Bool {
        let handled = chunk.withContiguousStorageIfAvailable { buffer in
            self.feed(bytes: UnsafeRawBufferPointer(buffer))
        }
        if let handled { return handled }
        let copy = Array(chunk)
        return copy.withUnsafeBytes { self.feed(bytes: $0) }
    }

    /// Ends the input: a last line without `\n` is parsed.
    public mutating func finish() {
        guard !self.pending.isEmpty else { return }
        let line = self.pending
        self.pending.removeAll()
        line.withUnsafeBytes { self.handle(line: $0) }
    }

    private mutating func feed(bytes: UnsafeRawBufferPointer) -> Bool {
        var start = 0
        while start < bytes.count, self.state != .full {
            let rest = UnsafeRawBufferPointer(rebasing: bytes[start...])
            guard let newline = rest.firstIndex(of: 0x0A) else {
                self.keepPartial(rest)
                break
            }
            let piece = UnsafeRawBufferPointer(rebasing: rest[..<newline])
            start += newline + 1
            if self.state == .discardingLongLine {
                self.lineCount += 1
                self.state = .readingRows
                continue
            }
            if self.pending.isEmpty {
                self.handle(line: piece)
            } else if self.pending.count + piece.count > self.maximumLineBytes {
                self.pending.removeAll(keepingCapacity: true)
                self.skipLongLine()
            } else {
                self.pending.append(contentsOf: piece)
                let line = self.pending
                self.pending.removeAll(keepingCapacity: true)
                line.withUnsafeBytes { self.handle(line: $0) }
            }
        }
        return self.state != .full
    }

    private mutating func keepPartial(_ rest: UnsafeRawBufferPointer) {
        guard self.state != .discardingLongLine else { return }
        if self.pending.count + rest.count > self.maximumLineBytes {
            self.pending.removeAll(keepingCapacity: true)
            self.longLines += 1
            self.state = .discardingLongLine
        } else {
            self.pending.append(contentsOf: rest)
        }
    }

    private mutating func skipLongLine() {
        self.lineCount += 1
        self.longLines += 1
        self.state = .readingRows
    }

    private mutating func handle(line: UnsafeRawBufferPointer) {
        self.lineCount += 1
        if line.count > self.maximumLineBytes {
            self.longLines += 1
            if self.state == .expectingHeader { self.state = .readingRows }
            return
        }
        switch self.state {
        case .expectingHeader:
            self.state = .readingRows
            var reader = ByteReader(line)
            reader.skipBlanks()
            if !(reader.readToken()?.equals("sl") ?? false) { self.malformedLines.append(self.lineCount) }
        case .readingRows:
            if let record = Self.parseRow(line, table: self.table, isIPv6: self.isIPv6, line: self.lineCount) {
                self.records.append(record)
                if self.records.count >= self.maximumRows { self.state = .full }
            } else if !Self.isBlank(line) {
                self.malformedLines.append(self.lineCount)
            }
        case .discardingLongLine, .full:
            break
        }
    }

    private static func isBlank(_ line: UnsafeRawBufferPointer) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }

    // MARK: - Rows

    /// The kernel's TCP state names by code (`include/net/tcp_states.h`); UDP uses 1 and 7.
    static let stateNames: [String] = [
        "UNKNOWN", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT", "CLOSE",
        "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING", "NEW_SYN_RECV", "BOUND_INACTIVE",
    ]

    /// The name of a state code (`0A` → `LISTEN`), or `STATE_xx` for a code the kernel does not define.
    static func stateName(_ code: UInt8) -> String {
        code >= 1 && Int(code) < Self.stateNames.count
            ? Self.stateNames[Int(code)] : "STATE_" + String(code, radix: 16, uppercase: true)
    }

    /// Parses one row, or nil if it lacks a field.
    static func parseRow(_ line: UnsafeRawBufferPointer, table: String, isIPv6: Bool, line number: Int) -> SocketRecord?
    {
        var reader = ByteReader(line)
        reader.skipBlanks()
        guard reader.readDecimal(as: Int.self) != nil, reader.readByte(0x3A) else { return nil }
        reader.skipBlanks()
        guard let local = Self.readEndpoint(&reader, isIPv6: isIPv6) else { return nil }
        reader.skipBlanks()
        guard let remote = Self.readEndpoint(&reader, isIPv6: isIPv6) else { return nil }
        reader.skipBlanks()
        guard let state = reader.readHex(digits: 2, as: UInt8.self) else { return nil }
        for _ in 0..<3 {  // tx_queue:rx_queue, tr:tm->when, retrnsmt
            reader.skipBlanks()
            guard reader.readToken() != nil else { return nil }
        }
        reader.skipBlanks()
        guard let userID = reader.readDecimal(as: UInt32.self) else { return nil }
        reader.skipBlanks()
        guard reader.readToken() != nil else { return nil }  // timeout
        reader.skipBlanks()
        guard let inode = reader.readDecimal(as: UInt64.self) else { return nil }
        return SocketRecord(
            table: table,
            local: local,
            remote: remote,
            state: Self.stateName(state),
            userID: userID,
            inode: inode,
            line: number
        )
    }

    /// Reads `ADDR:PORT` with ADDR as one (IPv4) or four (IPv6) host-order 32-bit hexadecimal words.
    static func readEndpoint(_ reader: inout ByteReader, isIPv6: Bool) -> Endpoint? {
        reader.rewindReaderOnNil { reader in
            let address: IPAddress
            if isIPv6 {
                guard let word0 = reader.readHex(digits: 8, as: UInt32.self),
                    let word1 = reader.readHex(digits: 8, as: UInt32.self),
                    let word2 = reader.readHex(digits: 8, as: UInt32.self),
                    let word3 = reader.readHex(digits: 8, as: UInt32.self)
                else { return nil }
                let high = UInt64(UInt32(bigEndian: word0)) << 32 | UInt64(UInt32(bigEndian: word1))
                let low = UInt64(UInt32(bigEndian: word2)) << 32 | UInt64(UInt32(bigEndian: word3))
                address = .v6(high, low)
            } else {
                guard let word = reader.readHex(digits: 8, as: UInt32.self) else { return nil }
                address = .v4(UInt32(bigEndian: word))
            }
            guard reader.readByte(0x3A), let port = reader.readHex(digits: 4, as: UInt16.self) else { return nil }
            // The next byte must end the field.
            if let next = reader.getInteger(at: reader.readerIndex, as: UInt8.self), next != 0x20, next != 0x09 {
                return nil
            }
            return Endpoint(ip: address, port: port)
        }
    }
}
