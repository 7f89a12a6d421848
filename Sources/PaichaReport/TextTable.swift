/// An aligned plain-text table: a header, rows, per-column alignment and maximum width.
public struct TextTable {
    /// How a column's cells line up.
    public enum Alignment: Sendable {
        case left
        case right
    }

    /// A column: its title, alignment and the widest a cell may be before it is shortened in the middle.
    public struct Column: Sendable {
        public var title: String
        public var alignment: Alignment
        public var maximumWidth: Int

        public init(_ title: String, _ alignment: Alignment = .left, maximumWidth: Int = 40) {
            self.title = title
            self.alignment = alignment
            self.maximumWidth = maximumWidth
        }
    }

    public var columns: [Column]
    public var rows: [[String]] = []

    public init(columns: [Column]) {
        self.columns = columns
    }

    /// Adds a row; missing cells are blank, extra cells are dropped.
    public mutating func append(_ row: [String]) {
        self.rows.append((0..<self.columns.count).map { $0 < row.count ? row[$0] : "" })
    }

    /// Shortens `text` to `width` characters by replacing its middle with `…`.
    public static func shorten(_ text: String, to width: Int) -> String {
        guard text.count > width, width > 1 else { return text }
        let head = (width - 1) / 2 + (width - 1) % 2
        let tail = width - 1 - head
        return String(text.prefix(head)) + "…" + String(text.suffix(tail))
    }

    /// The columns a terminal gives `text`: East Asian wide and full-width characters take two.
    public static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { width, scalar in
            switch scalar.value {
            case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
                0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
                width + 2
            case 0x0300...0x036F, 0x200B...0x200F:
                width
            default:
                width + 1
            }
        }
    }

    /// The table as lines of text, columns separated by two spaces, trailing blanks trimmed.
    public func render() -> String {
        let cells = self.rows.map { row in
            row.enumerated().map { TextTable.shorten($0.element, to: self.columns[$0.offset].maximumWidth) }
        }
        var widths = self.columns.map { TextTable.displayWidth($0.title) }
        for row in cells {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], TextTable.displayWidth(cell)) }
        }
        func line(_ row: [String]) -> String {
            var parts: [String] = []
            for (index, cell) in row.enumerated() {
                let padding = String(repeating: " ", count: widths[index] - TextTable.displayWidth(cell))
                parts.append(self.columns[index].alignment == .left ? cell + padding : padding + cell)
            }
            var text = parts.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text
        }
        var lines = [line(self.columns.map(\.title))]
        lines.append(line(widths.map { String(repeating: "─", count: $0) }))
        lines += cells.map(line)
        return lines.joined(separator: "\n") + "\n"
    }
}
