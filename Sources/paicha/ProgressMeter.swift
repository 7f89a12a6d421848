import Foundation
import PaichaCore

/// A one-line progress display on standard error, redrawn at most a few times a second.
final class ProgressMeter {
    private let enabled: Bool
    private let name: String
    private let totalBytes: Int64?
    private let start = Date()
    private var lastDraw = Date.distantPast

    init(enabled: Bool, name: String, totalBytes: Int64?) {
        self.enabled = enabled
        self.name = name
        self.totalBytes = totalBytes
    }

    func update(bytes: Int64) {
        guard self.enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(self.lastDraw) >= 0.25 else { return }
        self.lastDraw = now
        let elapsed = max(now.timeIntervalSince(self.start), 1e-3)
        var line = "\r\(self.name): \(Units.si(Double(bytes), "B"))"
        if let total = self.totalBytes, total > 0 {
            line +=
                " of \(Units.si(Double(total), "B")) (\(Units.fixed(100 * Double(bytes) / Double(total), decimals: 1)) %)"
        }
        line += ", \(Units.si(Double(bytes) / elapsed, "B/s"))   "
        writeToStandardError(line)
    }

    func done() {
        guard self.enabled else { return }
        writeToStandardError("\r\u{1B}[K")
    }
}
