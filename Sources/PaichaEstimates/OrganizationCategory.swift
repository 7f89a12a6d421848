/// What kind of body an address block belongs to, as regulators group them.
public enum OrganizationCategory: String, Sendable, Hashable, Codable, CodingKeyRepresentable, CaseIterable {
    /// Party and government organs (党政机关).
    case government
    /// Public institutions: hospitals, research institutes, agencies (事业单位).
    case publicInstitution
    /// Universities and schools (高校/学校).
    case education
    /// State-owned enterprises (国企).
    case stateOwnedEnterprise
    /// Private enterprises (民营企业).
    case privateEnterprise
    /// Home broadband (家庭宽带).
    case residentialBroadband
    /// Data centres and clouds (数据中心/云).
    case dataCenter
    /// Not known (未知).
    case unknown

    /// The Chinese label used in published ledgers.
    public var chineseLabel: String {
        switch self {
        case .government: "党政机关"
        case .publicInstitution: "事业单位"
        case .education: "高校/学校"
        case .stateOwnedEnterprise: "国企"
        case .privateEnterprise: "民营企业"
        case .residentialBroadband: "家庭宽带"
        case .dataCenter: "数据中心/云"
        case .unknown: "未知"
        }
    }

    /// The English label used in published ledgers.
    public var englishLabel: String {
        switch self {
        case .government: "Government"
        case .publicInstitution: "Public institution"
        case .education: "Education"
        case .stateOwnedEnterprise: "State-owned enterprise"
        case .privateEnterprise: "Private enterprise"
        case .residentialBroadband: "Residential broadband"
        case .dataCenter: "Data center / cloud"
        case .unknown: "Unknown"
        }
    }

    /// Whether the category counts toward "government bodies, universities and enterprises" in a published share.
    ///
    /// True for every category except residential broadband, data centres and unknown.
    public var isInstitutional: Bool {
        switch self {
        case .government, .publicInstitution, .education, .stateOwnedEnterprise, .privateEnterprise: true
        case .residentialBroadband, .dataCenter, .unknown: false
        }
    }

    /// Parses a category as written in a directory file, or returns `nil` if it names none.
    ///
    /// Accepts the raw value in any letter case and with `_`, `-` or spaces between words
    /// (`stateOwnedEnterprise`, `state_owned_enterprise`, `State-owned enterprise`), the English label, the
    /// Chinese label, and the parts and common synonyms of the Chinese labels (`高校`, `学校`, `国有企业`,
    /// `民企`, `数据中心`, `云`). Empty text is `unknown`.
    public init?(parsing text: some StringProtocol) {
        let trimmed = text.trimmedWhitespace
        if trimmed.isEmpty {
            self = .unknown
            return
        }
        let folded = String(trimmed.lowercased().filter { $0 != "_" && $0 != "-" && $0 != " " })
        for category in Self.allCases {
            let english = category.englishLabel.lowercased().filter { $0 != "_" && $0 != "-" && $0 != " " }
            if folded == category.rawValue.lowercased() || folded == String(english)
                || trimmed == category.chineseLabel
            {
                self = category
                return
            }
        }
        switch trimmed {
        case "党政", "政府", "机关": self = .government
        case "高校", "学校", "大学", "教育": self = .education
        case "国有企业", "央企": self = .stateOwnedEnterprise
        case "民企", "私营企业": self = .privateEnterprise
        case "家宽", "宽带": self = .residentialBroadband
        case "数据中心", "云", "IDC", "idc": self = .dataCenter
        default:
            switch folded {
            case "datacentre", "cloud", "idc": self = .dataCenter
            case "soe": self = .stateOwnedEnterprise
            case "university", "school": self = .education
            case "residential", "broadband": self = .residentialBroadband
            default: return nil
            }
        }
    }
}
