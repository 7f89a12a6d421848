public import Foundation

/// Where the shared real-data corpus is, if it is beside the package (`../shared/corpus`).
public enum Corpus {
    /// The package's root directory, found from this file's path.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // PaichaTestSupport
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// `../shared/corpus` beside the package.
    public static let root: URL = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")

    /// Whether the corpus is present; tests that need it are enabled only then.
    public static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent("pcap").path)
    }

    /// The path of a capture in `corpus/pcap`.
    public static func pcap(_ name: String) -> String {
        root.appendingPathComponent("pcap").appendingPathComponent(name).path
    }
}

/// A temporary directory removed when the value goes away.
public final class TemporaryDirectory {
    /// Its path.
    public let url: URL

    /// Makes a new empty directory under the system's temporary directory.
    public init() throws {
        self.url = FileManager.default.temporaryDirectory.appendingPathComponent("paicha-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: self.url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: self.url)
    }

    /// A path inside it.
    public func path(_ name: String) -> String { self.url.appendingPathComponent(name).path }
}
