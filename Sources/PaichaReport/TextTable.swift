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

    /// The table as lines of text, columns separated by two spaces, trailing blanks trimmed.
    public func render() -> String {
        let cells = self.rows.map { row in
            row.enumerated().map { TextTable.shorten($0.element, to: self.columns[$0.offset].maximumWidth) }
        }
        var widths = self.columns.map(\.title.count)
        for row in cells {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ row: [String]) -> String {
            var parts: [String] = []
            for (index, cell) in row.enumerated() {
                let padding = String(repeating: " ", count: widths[index] - cell.count)
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
