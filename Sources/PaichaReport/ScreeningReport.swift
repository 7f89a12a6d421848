import PaichaCore
import PaichaEstimates
import PaichaScan

/// The screening report in the regulators' terms, built from a scan document: totals, breakdowns by
/// category, region, algorithm and pool, the ledger, and per-host evidence.
public struct ScreeningReport: Sendable {
    /// The language of labels.
    public enum Language: String, Sendable, CaseIterable {
        case en
        case zh
    }

    /// One row of a breakdown: a label, the distinct hosts and the sessions under it.
    public struct Row: Sendable, Hashable {
        public var label: String
        public var hosts: Int
        public var sessions: Int
        public var hashesPerSecond: Double
        public var kilowatts: Double
    }

    public let document: ScanDocument
    public let language: Language
    /// Mining hosts.
    public var hostCount: Int { self.document.hosts.count }
    /// Bytes to and from pools, both ways.
    public var poolBytes: Int64 { self.document.summary.poolTrafficBytes }
    /// Average pool traffic while mining was seen, in bits per second.
    public let poolBitsPerSecond: Double
    /// Seconds during which at least one mining session was open (the union of the session spans).
    public let observedSeconds: Double
    /// Hosts by organization category (all `unknown` without `--orgs`).
    public let byCategory: [Row]
    /// Hosts by province / city (with `--orgs`).
    public let byRegion: [Row]
    /// Sessions by algorithm family.
    public let byAlgorithm: [Row]
    /// Sessions by pool (first name seen, else the endpoint).
    public let byPool: [Row]

    /// Builds the report from a scan document.
    public init(document: ScanDocument, language: Language = .en) {
        self.document = document
        self.language = language
        let sessions = document.hosts.flatMap { host in host.sessions.map { (host, $0) } }
        // The time during which any mining session was open: the union of their spans, so that captures
        // from different days do not stretch the average over the gaps between them.
        let spans = sessions.compactMap { _, session -> (Double, Double)? in
            guard let start = Self.seconds(session.firstSeen), let end = Self.seconds(session.lastSeen) else {
                return nil
            }
            return (start, max(start, end))
        }.sorted { $0.0 < $1.0 }
        var covered = 0.0
        var current: (Double, Double)?
        for span in spans {
            if let open = current, span.0 <= open.1 {
                current = (open.0, max(open.1, span.1))
            } else {
                if let open = current { covered += open.1 - open.0 }
                current = span
            }
        }
        if let open = current { covered += open.1 - open.0 }
        self.observedSeconds = covered
        self.poolBitsPerSecond =
            self.observedSeconds > 0 ? Double(document.summary.poolTrafficBytes) * 8 / self.observedSeconds : 0
        func rows(_ key: (ScanDocument.Host, ScanDocument.Session) -> String) -> [Row] {
            var hosts: [String: Set<String>] = [:]
            var rows: [String: Row] = [:]
            for (host, session) in sessions {
                let label = key(host, session)
                hosts[label, default: []].insert(host.ip)
                var row = rows[label] ?? Row(label: label, hosts: 0, sessions: 0, hashesPerSecond: 0, kilowatts: 0)
                row.sessions += 1
                row.hashesPerSecond += session.estimate?.hashesPerSecond ?? 0
                row.kilowatts += session.estimate?.kilowatts?.typical ?? 0
                rows[label] = row
            }
            return rows.values.map { row in
                var row = row
                row.hosts = hosts[row.label]?.count ?? 0
                return row
            }.sorted { ($0.hosts, $0.sessions, $1.label) > ($1.hosts, $1.sessions, $0.label) }
        }
        let language = language
        self.byCategory = rows { host, _ in
            let category = host.organization?.category ?? .unknown
            return language == .zh ? category.chineseLabel : category.englishLabel
        }
        self.byRegion = rows { host, _ in
            guard let organization = host.organization else { return language == .zh ? "未归属" : "unattributed" }
            return [organization.province, organization.city].compactMap { $0 }.joined(separator: " ")
        }
        self.byAlgorithm = rows { _, session in
            session.estimate?.family?.rawValue ?? session.algorithm ?? (language == .zh ? "未知" : "unknown")
        }
        self.byPool = rows { _, session in
            session.pool.names.first?.name ?? "\(session.pool.ip):\(session.pool.port)"
        }
    }

    /// Seconds since the epoch from an RFC 3339 UTC time as Paicha writes it.
    static func seconds(_ text: String) -> Double? {
        let parts = text.split(whereSeparator: { "-T:Z".contains($0) })
        guard parts.count >= 6, let year = Int64(parts[0]), let month = Int64(parts[1]), let day = Int64(parts[2]),
            let hour = Double(parts[3]), let minute = Double(parts[4]), let second = Double(parts[5])
        else { return nil }
        // Days from civil (Howard Hinnant), the inverse of Timestamp.rfc3339.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return Double(days) * 86_400 + hour * 3600 + minute * 60 + second
    }

    /// A label in the report's language.
    func label(_ key: Label) -> String { self.language == .zh ? key.zh : key.en }

    /// The report's fixed wording in both languages.
    struct Label: Sendable {
        let en: String
        let zh: String

        static let title = Label(en: "Cryptocurrency mining screening report", zh: "虚拟货币挖矿排查报告")
        static let summary = Label(en: "Summary", zh: "概要")
        static let onTheMachine = Label(en: "On the machine", zh: "主机排查")
        static let sweptMachines = Label(
            en: "mining IPs swept on the machine with paicha host",
            zh: "个挖矿IP已上机排查（paicha host）"
        )
        static let hashRate = Label(en: "Estimated hash rate", zh: "估算算力")
        static let power = Label(en: "Estimated power", zh: "估算功率")
        static let energy = Label(en: "a day", zh: "每日耗电")
        static let institutional = Label(
            en: "of the mining IPs belong to government bodies, public institutions, schools and enterprises",
            zh: "的挖矿IP属于党政机关、事业单位、学校和企业"
        )
        static let byCategory = Label(en: "Hosts by category", zh: "按单位类别")
        static let byRegion = Label(en: "Hosts by region", zh: "按地区")
        static let byAlgorithm = Label(en: "Hash rate by algorithm", zh: "按算法")
        static let byPool = Label(en: "Sessions by pool", zh: "按矿池")
        static let ledger = Label(en: "Ledger by organization", zh: "挖矿单位台账")
        static let evidence = Label(en: "Evidence per host", zh: "逐IP证据")
        static let activity = Label(en: "Activity over time", zh: "活动时间")
        static let provenance = Label(en: "Provenance", zh: "数据来源")
        static let label = Label(en: "Label", zh: "名称")
        static let hosts = Label(en: "Hosts", zh: "IP数")
        static let sessions = Label(en: "Sessions", zh: "会话数")
        static let organization = Label(en: "Organization", zh: "单位")
        static let category = Label(en: "Category", zh: "类别")
        static let region = Label(en: "Region", zh: "地区")
        static let firstSeen = Label(en: "First seen", zh: "首次发现")
        static let lastSeen = Label(en: "Last seen", zh: "最后发现")
        static let pools = Label(en: "Pools", zh: "矿池")
        static let wallets = Label(en: "Wallets", zh: "钱包")
        static let file = Label(en: "File", zh: "文件")
        static let version = Label(en: "Paicha version", zh: "Paicha 版本")
        static let indicators = Label(en: "Pool indicator list", zh: "矿池特征库")
        static let profiles = Label(en: "Device profiles", zh: "设备能效参数")
        static let generated = Label(en: "Analysis time", zh: "分析时间")
        static let confidence = Label(en: "Confidence", zh: "置信度")
        static let reason = Label(en: "Reason", zh: "依据")
        static let unattributed = Label(en: "unattributed", zh: "未归属")
    }
}

extension ScreeningReport {
    /// The ledger as CSV: one row per organization or unattributed block.
    public func ledgerCSV() -> String {
        var text = CSVWriter.record([
            "organization", "category", "province", "city", "county", "contact", "hosts", "addresses",
            "hashesPerSecondByFamily", "kilowattsLow", "kilowattsTypical", "kilowattsHigh", "kilowattHoursPerDay",
            "firstSeen", "lastSeen", "pools", "wallets",
        ])
        for line in self.ledgerLines() {
            text += CSVWriter.record([
                line.name, line.category.rawValue, line.organization?.province ?? "", line.organization?.city ?? "",
                line.organization?.county ?? "", line.organization?.contact ?? "", "\(line.hosts.count)",
                line.hosts.map(\.ip).joined(separator: " "),
                line.rates.map { "\($0.key)=\($0.value)" }.joined(separator: " "), "\(line.kilowatts.low)",
                "\(line.kilowatts.typical)", "\(line.kilowatts.high)", "\(line.kilowatts.typical * 24)",
                line.firstSeen, line.lastSeen, line.pools.joined(separator: " "), line.wallets.joined(separator: " "),
            ])
        }
        return text
    }

    /// A ledger line with what the report shows for it.
    struct LedgerEntry {
        var name: String
        var organization: Organization?
        var category: OrganizationCategory
        var hosts: [ScanDocument.Host]
        var rates: [(key: String, value: Double)]
        var kilowatts: EstimateRange
        var firstSeen: String
        var lastSeen: String
        var pools: [String]
        var wallets: [String]
    }

    /// The ledger lines: from the document's ledger when `--orgs` was given, else one per /24 or /48.
    func ledgerLines() -> [LedgerEntry] {
        var groups: [String: [ScanDocument.Host]] = [:]
        var organizations: [String: Organization] = [:]
        for host in self.document.hosts {
            let key: String
            if let organization = host.organization {
                key = organization.name
                organizations[key] = organization
            } else {
                let block =
                    IPAddress(host.ip).map { CIDRBlock.unattributedGroup(containing: $0).description } ?? host.ip
                key = "\(self.label(.unattributed)) \(block)"
            }
            groups[key, default: []].append(host)
        }
        return groups.map { name, hosts in
            let sessions = hosts.flatMap(\.sessions)
            var rates: [String: Double] = [:]
            var power = EstimateRange.zero
            for session in sessions {
                if let family = session.estimate?.family, let rate = session.estimate?.hashesPerSecond {
                    rates[family.rawValue, default: 0] += rate
                }
                if let kilowatts = session.estimate?.kilowatts { power = power + kilowatts }
            }
            let organization = organizations[name]
            return LedgerEntry(
                name: name,
                organization: organization,
                category: organization?.category ?? .unknown,
                hosts: hosts,
                rates: rates.sorted { $0.key < $1.key },
                kilowatts: power,
                firstSeen: hosts.map(\.firstSeen).min() ?? "",
                lastSeen: hosts.map(\.lastSeen).max() ?? "",
                pools: Array(Set(sessions.map { $0.pool.names.first?.name ?? "\($0.pool.ip):\($0.pool.port)" }))
                    .sorted(),
                wallets: Array(Set(sessions.compactMap(\.wallet))).sorted()
            )
        }.sorted { ($0.kilowatts.typical, $1.name) > ($1.kilowatts.typical, $0.name) }
    }
}
