internal import Foundation

/// A loaded directory and every row that could not be used.
public struct OrganizationDirectoryLoad: Sendable {
    /// The directory built from the good rows.
    public var directory: OrganizationDirectory
    /// Each bad row with its file and line, in file order; nothing is dropped silently.
    public var errors: [OrganizationDirectoryError]

    /// Makes a result.
    public init(directory: OrganizationDirectory, errors: [OrganizationDirectoryError]) {
        self.directory = directory
        self.errors = errors
    }
}

extension OrganizationDirectory {
    /// The column names a directory file uses, matched case-insensitively; `cidr` and `name` are required.
    public static let columns = ["cidr", "name", "category", "province", "city", "county", "contact"]

    /// Loads a CSV or JSON directory file: `.json` files, and files whose first non-blank byte is `[`, are JSON.
    ///
    /// Throws `OrganizationDirectoryError` (line 0) only when the file cannot be read (`io`) or is larger than
    /// `limits.maximumFileSize` (`limitExceeded`); every problem inside the file is returned in `errors`.
    public static func load(
        path: String,
        limits: DirectoryLimits = DirectoryLimits()
    ) throws(OrganizationDirectoryError)
        -> OrganizationDirectoryLoad
    {
        let name = path
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        if let size = (attributes?[.size] as? NSNumber)?.intValue, size > limits.maximumFileSize {
            throw OrganizationDirectoryError(
                .limitExceeded,
                file: name,
                line: 0,
                detail: "file is \(size) bytes, more than the limit of \(limits.maximumFileSize)"
            )
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw OrganizationDirectoryError(.io, file: name, line: 0, detail: "cannot read the file")
        }
        let bytes = [UInt8](data)
        let firstByte = bytes.first { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }
        if path.lowercased().hasSuffix(".json") || firstByte == UInt8(ascii: "[") {
            return Self.parse(json: bytes, file: name, limits: limits)
        }
        return Self.parse(csv: bytes, file: name, limits: limits)
    }

    /// Parses CSV with a header row naming the columns (any order; unknown columns ignored).
    public static func parse(
        csv bytes: some Collection<UInt8>,
        file: String,
        limits: DirectoryLimits = DirectoryLimits()
    ) -> OrganizationDirectoryLoad {
        let records = CSVReader.records(bytes, maximumFieldLength: limits.maximumFieldLength)
        var errors: [OrganizationDirectoryError] = []
        guard let header = records.first else {
            errors.append(
                OrganizationDirectoryError(.missingColumn, file: file, line: 1, detail: "the file has no header row")
            )
            return OrganizationDirectoryLoad(directory: OrganizationDirectory(), errors: errors)
        }
        var columnIndex: [String: Int] = [:]
        for (index, name) in header.fields.enumerated() {
            let key = name.trimmedWhitespace.lowercased()
            if columnIndex[key] == nil { columnIndex[key] = index }
        }
        let missing = ["cidr", "name"].filter { columnIndex[$0] == nil }
        if !missing.isEmpty || header.problem != nil {
            let detail =
                header.problem?.detail
                ?? "the header lacks \(missing.joined(separator: " and ")) (found: \(header.fields.joined(separator: ",")))"
            errors.append(OrganizationDirectoryError(.missingColumn, file: file, line: header.line, detail: detail))
            return OrganizationDirectoryLoad(directory: OrganizationDirectory(), errors: errors)
        }
        var entries: [OrganizationEntry] = []
        var rowsRead = 0
        for record in records.dropFirst() {
            if rowsRead >= limits.maximumRows {
                errors.append(
                    OrganizationDirectoryError(
                        .limitExceeded,
                        file: file,
                        line: record.line,
                        detail: "more than \(limits.maximumRows) rows; the rest of the file is not read"
                    )
                )
                break
            }
            rowsRead += 1
            if let problem = record.problem {
                errors.append(
                    OrganizationDirectoryError(problem.kind, file: file, line: record.line, detail: problem.detail)
                )
                continue
            }
            guard record.fields.count == header.fields.count else {
                errors.append(
                    OrganizationDirectoryError(
                        .fieldCount,
                        file: file,
                        line: record.line,
                        detail: "\(record.fields.count) fields where the header has \(header.fields.count)"
                    )
                )
                continue
            }
            var values: [String: String] = [:]
            for column in Self.columns {
                if let index = columnIndex[column] { values[column] = record.fields[index] }
            }
            switch Self.entry(values, file: file, line: record.line) {
            case .success(let entry): entries.append(entry)
            case .failure(let error): errors.append(error)
            }
        }
        return Self.finish(entries, errors: errors)
    }

    /// Parses a JSON array of objects with the same keys as the CSV columns (string values; `null` for none).
    ///
    /// Each element's line is the line of its opening `{`.
    public static func parse(
        json bytes: [UInt8],
        file: String,
        limits: DirectoryLimits = DirectoryLimits()
    ) -> OrganizationDirectoryLoad {
        var errors: [OrganizationDirectoryError] = []
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(bytes), options: [])
        } catch {
            errors.append(OrganizationDirectoryError(.badJSON, file: file, line: 0, detail: "not valid JSON: \(error)"))
            return OrganizationDirectoryLoad(directory: OrganizationDirectory(), errors: errors)
        }
        guard let array = parsed as? [Any] else {
            errors.append(
                OrganizationDirectoryError(.badJSON, file: file, line: 1, detail: "the top level is not an array")
            )
            return OrganizationDirectoryLoad(directory: OrganizationDirectory(), errors: errors)
        }
        let lines = Self.topLevelElementLines(bytes)
        var entries: [OrganizationEntry] = []
        for (index, element) in array.enumerated() {
            let line = index < lines.count ? lines[index] : 0
            if index >= limits.maximumRows {
                errors.append(
                    OrganizationDirectoryError(
                        .limitExceeded,
                        file: file,
                        line: line,
                        detail: "more than \(limits.maximumRows) rows; the rest of the file is not read"
                    )
                )
                break
            }
            guard let object = element as? [String: Any] else {
                errors.append(
                    OrganizationDirectoryError(
                        .badJSON,
                        file: file,
                        line: line,
                        detail: "element \(index + 1) is not an object"
                    )
                )
                continue
            }
            var values: [String: String] = [:]
            var problem: OrganizationDirectoryError?
            for (key, value) in object {
                let column = key.lowercased()
                guard Self.columns.contains(column) else { continue }
                if value is NSNull { continue }
                guard let text = value as? String else {
                    problem = OrganizationDirectoryError(
                        .badJSON,
                        file: file,
                        line: line,
                        detail: "\"\(key)\" is not a string"
                    )
                    break
                }
                if text.utf8.count > limits.maximumFieldLength {
                    problem = OrganizationDirectoryError(
                        .limitExceeded,
                        file: file,
                        line: line,
                        detail: "\"\(key)\" is longer than \(limits.maximumFieldLength) bytes"
                    )
                    break
                }
                values[column] = text
            }
            if let problem {
                errors.append(problem)
                continue
            }
            switch Self.entry(values, file: file, line: line) {
            case .success(let entry): entries.append(entry)
            case .failure(let error): errors.append(error)
            }
        }
        return Self.finish(entries, errors: errors)
    }

    /// Turns one row's values into an entry, or says what is wrong with it.
    static func entry(
        _ values: [String: String],
        file: String,
        line: Int
    ) -> Result<OrganizationEntry, OrganizationDirectoryError> {
        func field(_ name: String) -> String? {
            guard let value = values[name]?.trimmedWhitespace, !value.isEmpty else { return nil }
            return String(value)
        }
        guard let cidrText = field("cidr") else {
            return .failure(OrganizationDirectoryError(.missingField, file: file, line: line, detail: "cidr is empty"))
        }
        guard let block = CIDRBlock(cidrText) else {
            return .failure(OrganizationDirectoryError(.badCIDR, file: file, line: line, detail: "\"\(cidrText)\""))
        }
        guard let name = field("name") else {
            return .failure(OrganizationDirectoryError(.missingField, file: file, line: line, detail: "name is empty"))
        }
        let categoryText = values["category"] ?? ""
        guard let category = OrganizationCategory(parsing: categoryText) else {
            return .failure(
                OrganizationDirectoryError(.unknownCategory, file: file, line: line, detail: "\"\(categoryText)\"")
            )
        }
        let organization = Organization(
            name: name,
            category: category,
            province: field("province"),
            city: field("city"),
            county: field("county"),
            contact: field("contact")
        )
        return .success(OrganizationEntry(block: block, organization: organization, file: file, line: line))
    }

    /// Builds the directory, reporting repeated blocks, and sorts all errors by line.
    private static func finish(
        _ entries: [OrganizationEntry],
        errors: [OrganizationDirectoryError]
    ) -> OrganizationDirectoryLoad {
        let built = Self.build(entries)
        var errors = errors
        var firstLine: [CIDRBlock: Int] = [:]
        for entry in entries where firstLine[entry.block] == nil { firstLine[entry.block] = entry.line }
        for index in built.duplicates {
            let entry = entries[index]
            errors.append(
                OrganizationDirectoryError(
                    .duplicateBlock,
                    file: entry.file,
                    line: entry.line,
                    detail:
                        "\(entry.block) was already given on line \(firstLine[entry.block] ?? 0); this row is not used"
                )
            )
        }
        errors.sort { $0.line < $1.line }
        return OrganizationDirectoryLoad(directory: built.directory, errors: errors)
    }

    /// The 1-based line of each top-level array element's first byte, by a scan that follows strings and nesting.
    static func topLevelElementLines(_ bytes: [UInt8]) -> [Int] {
        var lines: [Int] = []
        var line = 1
        var depth = 0
        var inString = false
        var escaped = false
        var expectingElement = false
        for byte in bytes {
            if byte == UInt8(ascii: "\n") { line += 1 }
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            let isSpace = byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
            if depth == 1, expectingElement, !isSpace, byte != UInt8(ascii: "]") {
                lines.append(line)
                expectingElement = false
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth == 1 { expectingElement = true }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            case UInt8(ascii: ","): if depth == 1 { expectingElement = true }
            default: break
            }
        }
        return lines
    }
}
