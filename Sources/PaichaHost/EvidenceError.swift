/// Why the evidence directory could not be made or written, with the path.
public struct EvidenceError: Error, Hashable, CustomStringConvertible {
    private enum Base: Hashable {
        case notEmpty
        case insideSweptImage
        case cannotCreate(Int32)
        case cannotWrite(Int32)
    }

    private let base: Base
    /// The path on the examiner's machine.
    public let path: String

    private init(_ base: Base, path: String) {
        self.base = base
        self.path = path
    }

    /// The directory exists and holds files: evidence is never mixed with other files.
    public static func notEmpty(_ path: String) -> EvidenceError { .init(.notEmpty, path: path) }
    /// The directory lies inside the image being swept, which a sweep never writes to.
    public static func insideSweptImage(_ path: String) -> EvidenceError { .init(.insideSweptImage, path: path) }
    /// A directory could not be created.
    public static func cannotCreate(_ path: String, errno code: Int32) -> EvidenceError {
        .init(.cannotCreate(code), path: path)
    }
    /// A file could not be written.
    public static func cannotWrite(_ path: String, errno code: Int32) -> EvidenceError {
        .init(.cannotWrite(code), path: path)
    }

    public var description: String {
        switch self.base {
        case .notEmpty: "\(self.path): evidence directory is not empty (evidence is never mixed with other files)"
        case .insideSweptImage: "\(self.path): evidence directory lies inside the swept image, which is never written"
        case .cannotCreate(let code): "\(self.path): cannot create directory (errno \(code))"
        case .cannotWrite(let code): "\(self.path): cannot write (errno \(code))"
        }
    }
}
