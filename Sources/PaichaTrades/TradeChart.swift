import PaichaCore

/// Small self-contained SVG charts for the trades HTML page: bars against an expected curve, and price lines.
enum TradeChart {
    /// Escapes text for XML and HTML.
    static func escape(_ text: String) -> String {
        Markup.escape(text)
    }

    static func f(_ value: Double) -> String { Units.fixed(value, decimals: 1) }

    /// Vertical bars (found shares) with the expected share of each drawn as a dot joined by a line; bars whose
    /// label is in `marked` are drawn in red.
    static func bars(
        labels: [String],
        found: [Double],
        expected: [Double]?,
        marked: Set<Int> = [],
        title: String,
        width: Int = 640,
        height: Int = 220
    ) -> String {
        let left = 50.0
        let bottom = Double(height) - 30
        let top = 24.0
        let area = Double(width) - left - 10
        let count = max(1, found.count)
        let slot = area / Double(count)
        let maximum = max(found.max() ?? 0, expected?.max() ?? 0, 1e-12) * 1.1
        func y(_ value: Double) -> Double { bottom - (bottom - top) * value / maximum }
        var svg = header(width: width, height: height, title: title)
        svg +=
            "<line x1=\"\(f(left))\" y1=\"\(f(bottom))\" x2=\"\(f(left + area))\" y2=\"\(f(bottom))\" stroke=\"#555\"/>"
        for tick in 0...4 {
            let value = maximum * Double(tick) / 4
            svg += "<text x=\"\(f(left - 4))\" y=\"\(f(y(value) + 4))\" text-anchor=\"end\">"
            svg += "\(Units.fixed(value * 100, decimals: 1)) %</text>"
        }
        let labelEvery = max(1, count / 30)
        for (index, value) in found.enumerated() {
            let x = left + slot * Double(index)
            let colour = marked.contains(index) ? "#c0392b" : "#4a78b5"
            svg += "<rect x=\"\(f(x + slot * 0.1))\" y=\"\(f(y(value)))\" width=\"\(f(slot * 0.8))\" "
            svg += "height=\"\(f(bottom - y(value)))\" fill=\"\(colour)\"><title>\(escape(labels[index])): "
            svg += "\(Units.fixed(value * 100, decimals: 2)) %</title></rect>"
            if index % labelEvery == 0 {
                svg += "<text x=\"\(f(x + slot / 2))\" y=\"\(f(bottom + 14))\" text-anchor=\"middle\">"
                svg += "\(escape(labels[index]))</text>"
            }
        }
        if let expected {
            var path = ""
            for (index, value) in expected.enumerated() {
                let x = left + slot * (Double(index) + 0.5)
                path += (index == 0 ? "M" : "L") + "\(f(x)) \(f(y(value)))"
            }
            svg += "<path d=\"\(path)\" fill=\"none\" stroke=\"#222\" stroke-width=\"1.5\"/>"
            if count <= 20 {
                for (index, value) in expected.enumerated() {
                    let x = left + slot * (Double(index) + 0.5)
                    svg += "<circle cx=\"\(f(x))\" cy=\"\(f(y(value)))\" r=\"3\" fill=\"#222\"/>"
                }
            }
        }
        return svg + "</svg>"
    }

    /// Price lines on a shared time axis (seconds from the outage's start), the outage shaded.
    static func prices(
        _ lines: [PriceLine],
        outageSeconds: Double,
        title: String,
        width: Int = 640,
        height: Int = 260
    )
        -> String
    {
        let colours = ["#4a78b5", "#c0392b", "#27ae60", "#8e44ad", "#e67e22", "#555555"]
        let left = 70.0
        let right = Double(width) - 130
        let top = 24.0
        let bottom = Double(height) - 30
        var times: [Double] = [0, outageSeconds]
        var prices: [Double] = []
        for line in lines {
            for point in line.points where point.count == 2 {
                times.append(point[0])
                prices.append(point[1])
            }
        }
        let t0: Double = times.min() ?? 0
        let t1: Double = max(t0 + 1, times.max() ?? 1)
        var p0 = prices.min() ?? 0
        var p1 = prices.max() ?? 1
        if p1 - p0 < 1e-12 * max(1, abs(p1)) {
            p0 -= max(1e-9, abs(p0) * 0.001)
            p1 += max(1e-9, abs(p1) * 0.001)
        }
        func x(_ t: Double) -> Double { left + (right - left) * (t - t0) / (t1 - t0) }
        func y(_ p: Double) -> Double { bottom - (bottom - top) * (p - p0) / (p1 - p0) }
        var svg = header(width: width, height: height, title: title)
        svg += "<rect x=\"\(f(x(0)))\" y=\"\(f(top))\" width=\"\(f(max(1, x(outageSeconds) - x(0))))\" "
        svg += "height=\"\(f(bottom - top))\" fill=\"#f5d5d0\"><title>outage</title></rect>"
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(bottom))\" x2=\"\(f(right))\" y2=\"\(f(bottom))\" stroke=\"#555\"/>"
        for tick in 0...4 {
            let p = p0 + (p1 - p0) * Double(tick) / 4
            svg += "<text x=\"\(f(left - 4))\" y=\"\(f(y(p) + 4))\" text-anchor=\"end\">\(escape(number(p)))</text>"
            let t = t0 + (t1 - t0) * Double(tick) / 4
            svg +=
                "<text x=\"\(f(x(t)))\" y=\"\(f(bottom + 14))\" text-anchor=\"middle\">\(escape(Units.fixed(t, decimals: 0))) s</text>"
        }
        for (index, line) in lines.enumerated() {
            let colour = colours[index % colours.count]
            // A pause of more than ten times the median step between points breaks the line (an outage shows).
            let points = line.points.filter { $0.count == 2 }
            var steps = zip(points.dropFirst(), points).map { $0[0] - $1[0] }
            steps.sort()
            let breakAfter = steps.isEmpty ? Double.infinity : 10 * max(steps[steps.count / 2], 1e-9)
            var path = ""
            for (offset, point) in points.enumerated() {
                let jump = offset > 0 && point[0] - points[offset - 1][0] > breakAfter
                path += (offset == 0 || jump ? "M" : "L") + "\(f(x(point[0]))) \(f(y(point[1])))"
            }
            if !path.isEmpty {
                svg += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.5\"/>"
            }
            svg += "<text x=\"\(f(right + 8))\" y=\"\(f(top + 14 + 16 * Double(index)))\" fill=\"\(colour)\">"
            svg += "\(escape(line.venue)) \(escape(line.symbol))</text>"
        }
        return svg + "</svg>"
    }

    static func header(width: Int, height: Int, title: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) "
            + "\(height)\" role=\"img\" font-family=\"sans-serif\" font-size=\"11\"><title>\(escape(title))</title>"
            + "<text x=\"4\" y=\"14\" font-size=\"12\" font-weight=\"bold\">\(escape(title))</text>"
    }
}
