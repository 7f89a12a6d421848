/// An error while writing a fixture capture.
public struct FixtureError: Error, Hashable, CustomStringConvertible {
    private enum Base: Hashable {
        case openFailed
        case writeFailed
        case compressionFailed
        case invalidArgument
    }

    private let base: Base
    /// What was being written (a path or a component name).
    public var context: String
    /// The system or zlib error number, if any.
    public var code: Int32

    private init(_ base: Base, context: String, code: Int32 = 0) {
        self.base = base
        self.context = context
        self.code = code
    }

    /// A file could not be opened for writing.
    public static func openFailed(_ path: String, errno: Int32) -> FixtureError {
        FixtureError(.openFailed, context: path, code: errno)
    }

    /// Writing to a file failed.
    public static func writeFailed(_ path: String, errno: Int32) -> FixtureError {
        FixtureError(.writeFailed, context: path, code: errno)
    }

    /// zlib reported an error.
    public static func compressionFailed(_ context: String, code: Int32) -> FixtureError {
        FixtureError(.compressionFailed, context: context, code: code)
    }

    /// An argument was out of range.
    public static func invalidArgument(_ context: String) -> FixtureError {
        FixtureError(.invalidArgument, context: context)
    }

    public var description: String {
        switch self.base {
        case .openFailed: "cannot open \(self.context) for writing (errno \(self.code))"
        case .writeFailed: "cannot write \(self.context) (errno \(self.code))"
        case .compressionFailed: "gzip compression failed in \(self.context) (zlib \(self.code))"
        case .invalidArgument: "invalid argument: \(self.context)"
        }
    }
}
