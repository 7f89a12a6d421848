/// Why a pool indicator file could not be loaded, with the file name and line.
public struct PoolIndicatorError: Error, Hashable, CustomStringConvertible {
    private enum Base: Hashable {
        case unreadable
        case badJSON(String)
        case badDomain(String)
        case badPort(String)
        case badRange(String)
    }

    private let base: Base
    /// The file name as given.
    public let file: String
    /// The 1-based line, where known.
    public let line: Int?

    private init(_ base: Base, file: String, line: Int?) {
        self.base = base
        self.file = file
        self.line = line
    }

    /// The file could not be read.
    public static func unreadable(file: String) -> PoolIndicatorError { .init(.unreadable, file: file, line: nil) }
    /// The JSON does not follow the schema.
    public static func badJSON(_ detail: String, file: String, line: Int?) -> PoolIndicatorError {
        .init(.badJSON(detail), file: file, line: line)
    }
    /// A domain suffix is empty or has characters a host name cannot have.
    public static func badDomain(_ text: String, file: String, line: Int?) -> PoolIndicatorError {
        .init(.badDomain(text), file: file, line: line)
    }
    /// A port is not 1…65535.
    public static func badPort(_ text: String, file: String, line: Int?) -> PoolIndicatorError {
        .init(.badPort(text), file: file, line: line)
    }
    /// An address range is not `address/prefix`.
    public static func badRange(_ text: String, file: String, line: Int?) -> PoolIndicatorError {
        .init(.badRange(text), file: file, line: line)
    }

    public var description: String {
        let place = self.line.map { "\(self.file):\($0)" } ?? self.file
        switch self.base {
        case .unreadable: return "\(place): cannot read pool indicator file"
        case .badJSON(let detail): return "\(place): pool indicator JSON: \(detail)"
        case .badDomain(let text): return "\(place): not a domain suffix: \(text)"
        case .badPort(let text): return "\(place): not a port: \(text)"
        case .badRange(let text): return "\(place): not an address range: \(text)"
        }
    }
}
