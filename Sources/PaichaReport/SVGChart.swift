import PaichaCore

/// Small self-contained SVG charts for the HTML report: horizontal bars and a session timeline.
enum SVGChart {
    /// Escapes text for XML and HTML.
    static func escape(_ text: String) -> String {
        Markup.escape(text)
    }

    /// Horizontal bars, one per item, longest first as given; values printed with `format`.
    static func bars(_ items: [(label: String, value: Double)], format: (Double) -> String, width: Int = 640) -> String
    {
        let rowHeight = 26
        let labelWidth = 220
        let barArea = Double(width - labelWidth - 90)
        let maximum = items.map(\.value).max() ?? 0
        let height = max(1, items.count) * rowHeight + 10
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
            + "viewBox=\"0 0 \(width) \(height)\" role=\"img\" font-family=\"sans-serif\" font-size=\"13\">"
        for (index, item) in items.enumerated() {
            let y = 5 + index * rowHeight
            let length = maximum > 0 ? max(1, barArea * item.value / maximum) : 1
            svg += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 17)\" text-anchor=\"end\">\(escape(item.label))</text>"
            svg +=
                "<rect x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(Units.fixed(length, decimals: 1))\" height=\"18\" "
                + "fill=\"#c0392b\" rx=\"2\"/>"
            svg +=
                "<text x=\"\(labelWidth + Int(length) + 6)\" y=\"\(y + 17)\" fill=\"#333\">\(escape(format(item.value)))</text>"
        }
        return svg + "</svg>"
    }

    /// One row per host, one bar per session from its first to its last packet, on a shared time axis.
    static func timeline(_ rows: [(label: String, spans: [(start: Double, end: Double)])], width: Int = 640) -> String {
        let rowHeight = 22
        let labelWidth = 150
        let area = Double(width - labelWidth - 20)
        let starts = rows.flatMap { $0.spans.map(\.start) }
        let ends = rows.flatMap { $0.spans.map(\.end) }
        let origin = starts.min() ?? 0
        let span = max(1, (ends.max() ?? 0) - origin)
        let height = max(1, rows.count) * rowHeight + 30
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
            + "viewBox=\"0 0 \(width) \(height)\" role=\"img\" font-family=\"sans-serif\" font-size=\"12\">"
        for (index, row) in rows.enumerated() {
            let y = 5 + index * rowHeight
            svg += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 14)\" text-anchor=\"end\">\(escape(row.label))</text>"
            svg += "<line x1=\"\(labelWidth)\" y1=\"\(y + 10)\" x2=\"\(width - 20)\" y2=\"\(y + 10)\" stroke=\"#eee\"/>"
            for item in row.spans {
                let x = Double(labelWidth) + area * (item.start - origin) / span
                let length = max(2, area * (item.end - item.start) / span)
                svg +=
                    "<rect x=\"\(Units.fixed(x, decimals: 1))\" y=\"\(y + 3)\" width=\"\(Units.fixed(length, decimals: 1))\" "
                    + "height=\"14\" fill=\"#2c7fb8\" opacity=\"0.8\"/>"
            }
        }
        let axisY = height - 10
        svg += "<text x=\"\(labelWidth)\" y=\"\(axisY)\" fill=\"#555\">0</text>"
        svg +=
            "<text x=\"\(width - 20)\" y=\"\(axisY)\" text-anchor=\"end\" fill=\"#555\">"
            + "\(escape(Units.duration(seconds: span)))</text>"
        return svg + "</svg>"
    }
}
