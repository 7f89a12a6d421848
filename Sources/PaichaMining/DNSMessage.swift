public import PaichaCore

/// A DNS record type this parser keeps.
public enum DNSRecordData: Hashable, Sendable {
    /// An IPv4 address (type A).
    case a(IPAddress)
    /// An IPv6 address (type AAAA).
    case aaaa(IPAddress)
    /// A canonical name (type CNAME), lower-cased, without the trailing dot.
    case cname(String)
}

/// A question: the queried name and type.
public struct DNSQuestion: Hashable, Sendable {
    /// The name, lower-cased, without the trailing dot.
    public var name: String
    /// The query type (1 = A, 28 = AAAA, 5 = CNAME, …).
    public var type: UInt16
    /// The query class (1 = IN).
    public var recordClass: UInt16

    public init(name: String, type: UInt16, recordClass: UInt16) {
        self.name = name
        self.type = type
        self.recordClass = recordClass
    }
}

/// One kept answer record (A, AAAA or CNAME).
public struct DNSRecord: Hashable, Sendable {
    /// The owner name, lower-cased, without the trailing dot.
    public var name: String
    /// Time to live in seconds.
    public var ttl: UInt32
    /// The record's data.
    public var data: DNSRecordData

    public init(name: String, ttl: UInt32, data: DNSRecordData) {
        self.name = name
        self.ttl = ttl
        self.data = data
    }
}

/// A parsed DNS message: header, questions, and the A/AAAA/CNAME answers (other types are skipped).
public struct DNSMessage: Hashable, Sendable {
    /// The transaction id.
    public var id: UInt16
    /// The flags word (QR, opcode, AA, TC, RD, RA, rcode).
    public var flags: UInt16
    /// The questions.
    public var questions: [DNSQuestion]
    /// The A, AAAA and CNAME records of the answer section.
    public var answers: [DNSRecord]
    /// Answer-section records of other types that were skipped.
    public var skippedRecords: Int
    /// Limits hit while reading, by name (see `DNSLimits.Name`).
    public var limitsHit: [String: Int]

    /// Whether the QR bit marks a response.
    public var isResponse: Bool { self.flags & 0x8000 != 0 }
    /// The response code (0 = NOERROR, 3 = NXDOMAIN).
    public var responseCode: UInt8 { UInt8(self.flags & 0x000F) }

    public init(
        id: UInt16,
        flags: UInt16,
        questions: [DNSQuestion],
        answers: [DNSRecord],
        skippedRecords: Int = 0,
        limitsHit: [String: Int] = [:]
    ) {
        self.id = id
        self.flags = flags
        self.questions = questions
        self.answers = answers
        self.skippedRecords = skippedRecords
        self.limitsHit = limitsHit
    }
}

extension DNSMessage {
    /// The record types kept.
    public enum RecordType {
        /// A.
        public static let a: UInt16 = 1
        /// CNAME.
        public static let cname: UInt16 = 5
        /// AAAA.
        public static let aaaa: UInt16 = 28
    }

    /// Parses a DNS message from a UDP payload.
    public init(udpPayload bytes: UnsafeRawBufferPointer, limits: DNSLimits = DNSLimits()) throws(DNSError) {
        self = try DNSMessage.parse(bytes, limits: limits)
    }

    /// Parses one DNS message from TCP stream bytes that start with the 2-byte length prefix.
    ///
    /// The bytes must hold exactly the prefix and the message it announces (or more, which is ignored).
    public init(tcpPayload bytes: UnsafeRawBufferPointer, limits: DNSLimits = DNSLimits()) throws(DNSError) {
        var reader = ByteReader(bytes)
        guard let length = reader.readInteger(endianness: .big, as: UInt16.self) else {
            throw .truncated(at: 0)
        }
        guard let message = reader.readSlice(length: Int(length)) else {
            throw .lengthMismatch(at: 0)
        }
        self = try DNSMessage.parse(message, limits: limits)
    }

    private static func parse(_ bytes: UnsafeRawBufferPointer, limits: DNSLimits) throws(DNSError) -> DNSMessage {
        var reader = ByteReader(bytes)
        guard let id = reader.readInteger(as: UInt16.self),
            let flags = reader.readInteger(as: UInt16.self),
            let questionCount = reader.readInteger(as: UInt16.self),
            let answerCount = reader.readInteger(as: UInt16.self),
            reader.skip(4)
        else { throw .truncated(at: reader.readerIndex) }
        guard Int(questionCount) <= limits.maximumQuestions else {
            throw .tooManyQuestions(at: 4)
        }
        var limitsHit: [String: Int] = [:]
        var questions: [DNSQuestion] = []
        for _ in 0..<questionCount {
            let name = try readName(&reader, limits: limits)
            guard let type = reader.readInteger(as: UInt16.self), let recordClass = reader.readInteger(as: UInt16.self)
            else { throw .truncated(at: reader.readerIndex) }
            questions.append(DNSQuestion(name: name, type: type, recordClass: recordClass))
        }
        var answers: [DNSRecord] = []
        var skipped = 0
        var readCount = Int(answerCount)
        if readCount > limits.maximumRecords {
            limitsHit[DNSLimits.Name.records, default: 0] += 1
            readCount = limits.maximumRecords
        }
        for _ in 0..<readCount {
            let name = try readName(&reader, limits: limits)
            let fieldStart = reader.readerIndex
            guard let type = reader.readInteger(as: UInt16.self),
                reader.skip(2),
                let ttl = reader.readInteger(as: UInt32.self),
                let data = reader.readLengthPrefixedSlice(as: UInt16.self)
            else { throw .truncated(at: fieldStart) }
            let dataStart = reader.readerIndex - data.count
            switch type {
            case RecordType.a where data.count == 4:
                if let address = IPAddress(v4: data) {
                    answers.append(DNSRecord(name: name, ttl: ttl, data: .a(address)))
                }
            case RecordType.aaaa where data.count == 16:
                if let address = IPAddress(v6: data) {
                    answers.append(DNSRecord(name: name, ttl: ttl, data: .aaaa(address)))
                }
            case RecordType.cname:
                // The target may use compression pointers into the whole message: read it in place.
                var inner = ByteReader(bytes)
                inner.skip(dataStart)
                let target = try readName(&inner, limits: limits)
                answers.append(DNSRecord(name: name, ttl: ttl, data: .cname(target)))
            default:
                skipped += 1
            }
        }
        return DNSMessage(
            id: id,
            flags: flags,
            questions: questions,
            answers: answers,
            skippedRecords: skipped,
            limitsHit: limitsHit
        )
    }

    /// Reads a possibly compressed name at the reader's position, leaving the reader after it.
    static func readName(_ reader: inout ByteReader, limits: DNSLimits) throws(DNSError) -> String {
        var labels: [UInt8] = []
        var wireLength = 0
        var jumps = 0
        var cursor = reader
        var resume: ByteReader? = nil
        // Pointers must point strictly before the lowest position already visited, which forbids loops;
        // the jump limit bounds the work even so.
        var lowestVisited = reader.readerIndex
        while true {
            let position = cursor.readerIndex
            guard let length = cursor.readInteger(as: UInt8.self) else { throw .truncated(at: position) }
            switch length & 0xC0 {
            case 0x00:
                if length == 0 {
                    reader = resume ?? cursor
                    return String(decoding: labels, as: UTF8.self)
                }
                wireLength += Int(length) + 1
                guard wireLength + 1 <= limits.maximumNameLength else { throw .nameTooLong(at: position) }
                guard let label = cursor.readSlice(length: Int(length)) else { throw .truncated(at: position) }
                if !labels.isEmpty { labels.append(UInt8(ascii: ".")) }
                appendLabel(label, to: &labels)
            case 0xC0:
                guard let low = cursor.readInteger(as: UInt8.self) else { throw .truncated(at: position) }
                let target = Int(length & 0x3F) << 8 | Int(low)
                jumps += 1
                guard jumps <= limits.maximumPointerJumps else { throw .pointerLoop(at: position) }
                guard target < lowestVisited else {
                    throw target < reader.bytes.count ? .pointerLoop(at: position) : .badPointer(at: position)
                }
                if resume == nil { resume = cursor }
                lowestVisited = target
                cursor = ByteReader(reader.bytes)
                cursor.skip(target)
            default:
                throw .badLabelType(at: position)
            }
        }
    }

    /// Appends a label lower-cased, escaping bytes that are not letters, digits, `-` or `_` as `\ddd`.
    private static func appendLabel(_ label: UnsafeRawBufferPointer, to output: inout [UInt8]) {
        for byte in label {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                output.append(byte | 0x20)
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"),
                UInt8(ascii: "_"):
                output.append(byte)
            default:
                output.append(UInt8(ascii: "\\"))
                output.append(UInt8(ascii: "0") + byte / 100)
                output.append(UInt8(ascii: "0") + byte / 10 % 10)
                output.append(UInt8(ascii: "0") + byte % 10)
            }
        }
    }
}

/// A queried name with the addresses it finally resolved to, and the CNAME chain between.
public struct DNSResolution: Hashable, Sendable {
    /// The name as asked.
    public var name: String
    /// The CNAME targets followed, in order (empty when the answer was direct).
    public var chain: [String]
    /// The final addresses, in answer order, without duplicates.
    public var addresses: [IPAddress]

    public init(name: String, chain: [String], addresses: [IPAddress]) {
        self.name = name
        self.chain = chain
        self.addresses = addresses
    }
}

extension DNSMessage {
    /// For each question, the addresses it resolves to, following CNAME chains in the answers.
    ///
    /// A chain longer than `limits.maximumCNAMEChain`, or one that loops, stops there (and is counted in
    /// `limitsHit` of the returned tuple).
    public func resolutions(limits: DNSLimits = DNSLimits()) -> (resolutions: [DNSResolution], limitsHit: [String: Int])
    {
        var limitsHit: [String: Int] = [:]
        var result: [DNSResolution] = []
        for question in self.questions {
            var chain: [String] = []
            var current = question.name
            var visited: Set<String> = [current]
            while let next = self.answers.first(where: {
                if case .cname = $0.data { return $0.name == current }
                return false
            }), case .cname(let target) = next.data {
                guard chain.count < limits.maximumCNAMEChain, !visited.contains(target) else {
                    limitsHit[DNSLimits.Name.cnameChain, default: 0] += 1
                    break
                }
                chain.append(target)
                visited.insert(target)
                current = target
            }
            var addresses: [IPAddress] = []
            for record in self.answers where record.name == current {
                switch record.data {
                case .a(let address), .aaaa(let address):
                    if !addresses.contains(address) { addresses.append(address) }
                case .cname:
                    break
                }
            }
            result.append(DNSResolution(name: question.name, chain: chain, addresses: addresses))
        }
        return (result, limitsHit)
    }
}
