import Foundation
public import PaichaCore

/// The parameters a trade audit ran with (every threshold, defaults included).
public struct TradeAuditParameters: Hashable, Sendable, Codable {
    /// The layout forced with `--format`, if any.
    public var format: String?
    /// The `--columns` mapping, if any.
    public var columns: String?
    /// The venue and symbol given for files whose rows name none.
    public var venue: String?
    /// The symbol given for files whose rows name none.
    public var symbol: String?
    /// The audit's thresholds.
    public var configuration: AuditConfiguration
    /// Nigrini's MAD limits per test (close, acceptable, marginal).
    public var madLimits: [String: [Double]]
    /// Round multiples and the neighbour window of the round-lot test.
    public var roundMultiples: [Int]
    /// Neighbouring buckets on each side of a round lot.
    public var roundWindow: Int
    /// The `--outages` file, if any.
    public var outagesFile: String?
    /// The `--supply` file, if any.
    public var supplyFile: String?
    /// The benchmark venue for turnover, if given.
    public var benchmarkVenue: String?
    /// The reference venue for outages, if given.
    public var referenceVenue: String?
    /// The fabricated-volume method.
    public var fabricatedVolumeMethod: String

    /// Makes parameters; the fixed constants are filled in.
    public init(
        format: String?,
        columns: String?,
        venue: String?,
        symbol: String?,
        configuration: AuditConfiguration,
        outagesFile: String? = nil,
        supplyFile: String? = nil,
        benchmarkVenue: String? = nil,
        referenceVenue: String? = nil
    ) {
        self.outagesFile = outagesFile
        self.supplyFile = supplyFile
        self.benchmarkVenue = benchmarkVenue
        self.referenceVenue = referenceVenue
        self.fabricatedVolumeMethod = "roundLotExcess+benfordFirstDigitExcess"
        self.format = format
        self.columns = columns
        self.venue = venue
        self.symbol = symbol
        self.configuration = configuration
        var limits: [String: [Double]] = [:]
        for kind in DigitTestKind.allCases { if let l = kind.madLimits { limits[kind.rawValue] = l } }
        self.madLimits = limits
        self.roundMultiples = DigitAccumulator.roundMultiples
        self.roundWindow = DigitAccumulator.roundWindow
    }
}

/// The output of `paicha trades audit`: the Paicha envelope, then one scorecard per venue and symbol.
public struct TradeAuditDocument: Hashable, Sendable, Codable {
    /// Always `paicha`.
    public var tool = "paicha"
    /// Paicha's version.
    public var version: String
    /// Always `trades audit`.
    public var command = "trades audit"
    /// When it was made (RFC 3339), left out under `--deterministic`.
    public var generatedAt: String?
    /// Each input file with its size, SHA-256 and counts.
    public var inputs: [TapeInput]
    /// Every threshold used.
    public var parameters: TradeAuditParameters
    /// One scorecard per venue and symbol, sorted.
    public var venues: [MarketScorecard]
    /// The first bad rows of each file (all are counted in `inputs[].statistics.badRows`).
    public var badRows: [BadRow]
    /// Outage windows (given, and gaps in the tapes) with every other venue's prices during them.
    public var outages: [OutageReport]

    /// Makes a document.
    public init(
        version: String,
        generatedAt: Timestamp?,
        inputs: [TapeInput],
        parameters: TradeAuditParameters,
        venues: [MarketScorecard],
        badRows: [BadRow],
        outages: [OutageReport] = []
    ) {
        self.outages = outages
        self.version = version
        self.generatedAt = generatedAt?.rfc3339(fractionDigits: 0)
        self.inputs = inputs
        self.parameters = parameters
        self.venues = venues
        self.badRows = badRows
    }

    /// Every finding of every market.
    public var findings: [Finding] { self.venues.flatMap(\.findings) }

    /// Stable JSON: sorted keys, two-space indentation, a final newline.
    public func json() throws -> String {
        let encoder = StableJSONEncoder(
            nonConformingFloats: .init(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        )
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }

    /// An aligned table per market and measure, then the findings and bad rows.
    public func text() -> String {
        let table = self.scorecardRows(explained: true)
        var text = Self.align(table, rightAligned: [3])
        text += "\nCells: the sample-size-aware verdict, then the MAD (round lots: the ratio to their neighbours).\n"
        for section in self.summaryTables() {
            text += "\n\(section.title)\n" + Self.align(section.rows, rightAligned: section.rightAligned)
            if let note = section.note { text += note + "\n" }
        }
        let findings = self.findings
        text += "\nFindings: \(findings.count)\n"
        for finding in findings {
            text += "  [\(finding.confidence.rawValue)] \(finding.subject) \(finding.kind): \(finding.reason)\n"
            for piece in finding.evidence {
                var place = ""
                if let location = piece.location {
                    place = " (\(location.file)" + (location.record.map { ":\($0)" } ?? "") + ")"
                }
                text += "      \(piece.excerpt)\(place)\n"
            }
        }
        for input in self.inputs {
            let s = input.statistics
            text += "\n\(input.file): \(input.format ?? "?"), \(Units.count(s.trades)) trades, "
            text += "\(Units.count(s.badRows)) bad rows, \(Units.si(Double(input.bytes), "B"))"
            if let error = input.error { text += "\n  error: \(error)" }
        }
        text += "\n"
        if !self.badRows.isEmpty {
            text += "\nBad rows (first \(self.badRows.count)):\n"
            for row in self.badRows { text += "  \(row.file):\(row.line): \(row.reason): \(row.excerpt)\n" }
        }
        return text
    }

    static func align(_ rows: [[String]], rightAligned: Set<Int>) -> String {
        guard let first = rows.first else { return "" }
        var widths = [Int](repeating: 0, count: first.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        var text = ""
        for row in rows {
            var line = ""
            for (i, cell) in row.enumerated() where i < widths.count {
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                line += (i > 0 ? "  " : "") + (rightAligned.contains(i) ? pad + cell : cell + pad)
            }
            while line.last == " " { line.removeLast() }
            text += line + "\n"
        }
        return text
    }
}
