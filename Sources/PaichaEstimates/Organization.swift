/// A body that holds address blocks: a ministry, a university, a company, an ISP's home broadband pool.
public struct Organization: Hashable, Sendable, Codable {
    /// The name as published (e.g. `某某大学`).
    public var name: String
    /// What kind of body it is.
    public var category: OrganizationCategory
    /// Province (省), if given.
    public var province: String?
    /// City (市), if given.
    public var city: String?
    /// County or district (县/区), if given.
    public var county: String?
    /// A contact (person, phone, mail), if given.
    public var contact: String?

    /// Makes an organization.
    public init(
        name: String,
        category: OrganizationCategory,
        province: String? = nil,
        city: String? = nil,
        county: String? = nil,
        contact: String? = nil
    ) {
        self.name = name
        self.category = category
        self.province = province
        self.city = city
        self.county = county
        self.contact = contact
    }
}

/// One row of a directory: a block, who holds it, and where the row was read.
public struct OrganizationEntry: Hashable, Sendable, Codable {
    /// The address block.
    public var block: CIDRBlock
    /// Who holds it.
    public var organization: Organization
    /// The file the row came from (empty when made in code).
    public var file: String
    /// The 1-based line the row starts on (0 when made in code).
    public var line: Int

    /// Makes an entry.
    public init(block: CIDRBlock, organization: Organization, file: String = "", line: Int = 0) {
        self.block = block
        self.organization = organization
        self.file = file
        self.line = line
    }
}
