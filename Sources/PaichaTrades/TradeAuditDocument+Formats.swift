import Foundation
import PaichaCore

/// A titled table shared by the text and Markdown forms.
struct SummaryTable {
    var title: String
    var rows: [[String]]
    var rightAligned: Set<Int>
    var note: String?
}

extension TradeAuditDocument {
    /// The tables beyond the digit tests: fabricated volume, wash trades, turnover, outages. Empty ones are left
    /// out.
    func summaryTables() -> [SummaryTable] {
        var tables: [SummaryTable] = []
        var fabricated = [["venue", "symbol", "volume", "fabricated", "interval", "round lots", "Benford digits"]]
        for card in self.venues {
            guard let estimate = card.fabricatedVolume else { continue }
            fabricated.append([
                card.venue, card.symbol, number(estimate.totalVolume), percent(estimate.share),
                "\(percent(estimate.lower)) – \(percent(estimate.upper))",
                number(estimate.roundLotExcessVolume),
                estimate.benfordExcessDigits.isEmpty
                    ? "–"
                    : estimate.benfordExcessDigits.map(String.init).joined(separator: " ")
                        + " (\(number(estimate.benfordExcessVolume)))",
            ])
        }
        if fabricated.count > 1 {
            tables.append(
                SummaryTable(
                    title: "Fabricated volume (\(self.parameters.fabricatedVolumeMethod)):",
                    rows: fabricated,
                    rightAligned: [2, 3, 5],
                    note:
                        "Excess round-lot trades over their neighbours, plus first digits beyond Benford (significant "
                        + "ones only, round lots not counted twice), times their mean size, over the volume; interval "
                        + "±\(Units.fixed(self.parameters.configuration.fabricatedIntervalZ, decimals: 2))σ, its top "
                        + "adding the components that did not reach significance."
                )
            )
        }
        var wash = [
            [
                "venue", "symbol", "with accounts", "self-trades", "round trips", "groups", "group trades",
                "group volume",
            ]
        ]
        for card in self.venues {
            guard let w = card.washTrades else { continue }
            wash.append([
                card.venue, card.symbol, Units.count(w.tradesWithAccounts), Units.count(w.selfTrades),
                Units.count(w.roundTrips), Units.count(w.groups), Units.count(w.groupTrades),
                "\(number(w.groupVolume)) (\(percent(w.groupVolumeShare)))",
            ])
        }
        if wash.count > 1 {
            tables.append(SummaryTable(title: "Wash trades:", rows: wash, rightAligned: [2, 3, 4, 5, 6, 7]))
        }
        var turnover = [["venue", "symbol", "definition", "daily turnover", "benchmark", "ratio"]]
        for card in self.venues {
            guard let t = card.turnover else { continue }
            for m in t.measures {
                turnover.append([
                    card.venue, card.symbol, m.definition, percent(m.dailyTurnover),
                    m.benchmarkDailyTurnover.map { "\(t.benchmarkVenue ?? "") \(percent($0))" } ?? "–",
                    m.ratioToBenchmark.map { "\(Units.fixed($0, decimals: 2))×" } ?? "–",
                ])
            }
        }
        if turnover.count > 1 {
            tables.append(
                SummaryTable(
                    title: "Turnover (volume scaled to a day from each tape's span):",
                    rows: turnover,
                    rightAligned: [3, 5]
                )
            )
        }
        var outages = [
            [
                "down", "from", "length", "source", "venue", "reference", "excess deviation", "own move", "bursts",
                "flag",
            ]
        ]
        var alone = 0
        for report in self.outages {
            if report.comparisons.isEmpty { alone += 1 }
            for c in report.comparisons {
                outages.append([
                    "\(report.venue) \(report.symbol)", report.start, Units.duration(seconds: report.seconds),
                    report.source, "\(c.venue) \(c.symbol)", c.referenceVenue ?? c.referenceKind,
                    (c.excessDeviation >= 0 ? "+" : "") + percent(c.excessDeviation),
                    (c.extremeMove >= 0 ? "+" : "") + percent(c.extremeMove),
                    "\(c.burstCount) (\(Units.fixed(c.expectedBursts, decimals: 1)) exp.)",
                    c.flagged ? "FLAGGED" : "",
                ])
            }
        }
        if !self.outages.isEmpty {
            tables.append(
                SummaryTable(
                    title: "Outages (given, and gaps in a market's own tape) against the other venues' prices:",
                    rows: outages,
                    rightAligned: [2, 6, 7, 8],
                    note: alone == 0
                        ? nil
                        : "\(alone) of \(self.outages.count) outage windows had no other venue trading the symbol "
                            + "(listed in the JSON form)."
                )
            )
        }
        return tables
    }

    /// One row per test and measure, in long form: `venue,symbol,measure,test,n,statistic,value,p_value,verdict,
    /// detail`; findings follow as rows with test `finding`.
    public func csv() -> String {
        var rows = [["venue", "symbol", "measure", "test", "n", "statistic", "value", "p_value", "verdict", "detail"]]
        func row(
            _ card: MarketScorecard,
            _ measure: String,
            _ test: String,
            _ n: Int64?,
            _ statistic: String,
            _ value: Double?,
            _ p: Double? = nil,
            _ verdict: String = "",
            _ detail: String = ""
        ) {
            rows.append([
                card.venue, card.symbol, measure, test, n.map(String.init) ?? "", statistic,
                value.map { "\($0)" } ?? "", p.map { "\($0)" } ?? "", verdict, detail,
            ])
        }
        for card in self.venues {
            for measure in [card.size, card.notional] {
                for test in measure.digitTests {
                    let applicable = test.kind != .lastTwoDigits || measure.lastTwoDigitsApplicable
                    let verdict = applicable ? test.verdict.rawValue : "n/a"
                    let spike = test.spikes.first.map { "spike \($0.digit): \($0.found) against \($0.expected)" } ?? ""
                    row(
                        card,
                        measure.measure,
                        test.kind.rawValue,
                        test.count,
                        "chiSquare",
                        test.chiSquare,
                        test.chiSquarePValue,
                        verdict,
                        spike
                    )
                    row(
                        card,
                        measure.measure,
                        test.kind.rawValue,
                        test.count,
                        "kolmogorovSmirnov",
                        test.kolmogorovSmirnov,
                        test.kolmogorovSmirnovPValue,
                        verdict
                    )
                    row(
                        card,
                        measure.measure,
                        test.kind.rawValue,
                        test.count,
                        "mad",
                        test.mad,
                        nil,
                        test.madConformity.rawValue
                    )
                    row(
                        card,
                        measure.measure,
                        test.kind.rawValue,
                        test.count,
                        "excessMAD",
                        test.excessMAD,
                        nil,
                        test.excessMADConformity.rawValue,
                        "expected MAD \(test.expectedMAD)"
                    )
                }
                if let round = measure.roundLots {
                    row(
                        card,
                        measure.measure,
                        "roundLots",
                        round.atRoundLots + round.neighbours,
                        "ratio",
                        round.ratio,
                        round.pValue,
                        round.verdict.rawValue,
                        "\(round.atRoundLots) at round lots, \(round.exactlyRound) exact"
                    )
                }
            }
            if let t = card.timeOfTrade {
                row(
                    card,
                    "time",
                    "timeOfTrade",
                    t.count,
                    "chiSquare",
                    t.chiSquare,
                    t.pValue,
                    "",
                    "busiest second \(t.busiestSecond)"
                )
            }
            if let tail = card.sizeTail {
                row(
                    card,
                    "size",
                    "sizeTail",
                    Int64(tail.tailCount),
                    "alpha",
                    tail.alpha,
                    tail.pValue,
                    "",
                    "favoured \(tail.favoured)"
                )
            }
            if let w = card.washTrades {
                row(card, "accounts", "selfTrades", w.tradesWithAccounts, "count", Double(w.selfTrades))
                row(card, "accounts", "roundTrips", w.tradesWithAccounts, "count", Double(w.roundTrips))
                row(
                    card,
                    "accounts",
                    "washGroups",
                    w.tradesWithAccounts,
                    "groups",
                    Double(w.groups),
                    nil,
                    "",
                    "\(w.groupTrades) trades, volume \(w.groupVolume)"
                )
            }
            if let f = card.fabricatedVolume {
                row(
                    card,
                    "size",
                    "fabricatedVolume",
                    card.trades,
                    "share",
                    f.share,
                    nil,
                    "",
                    "\(f.method); interval \(f.lower)–\(f.upper)"
                )
            }
            if let t = card.turnover {
                for m in t.measures {
                    row(
                        card,
                        "volume",
                        "turnover",
                        card.trades,
                        m.definition,
                        m.dailyTurnover,
                        nil,
                        "",
                        m.ratioToBenchmark.map { "\($0)× \(t.benchmarkVenue ?? "")" } ?? ""
                    )
                }
            }
            for finding in card.findings {
                row(card, "", "finding", nil, finding.kind, nil, nil, finding.confidence.rawValue, finding.reason)
            }
        }
        for report in self.outages {
            for c in report.comparisons {
                rows.append([
                    c.venue, c.symbol, "price", "outage", "\(c.tradesInWindow)", "excessDeviation",
                    "\(c.excessDeviation)", "", c.flagged ? "flagged" : "",
                    "\(report.venue) down \(report.start)–\(report.end) (\(report.source)); reference "
                        + "\(c.referenceVenue ?? c.referenceKind); \(c.burstCount) bursts against \(c.expectedBursts) expected",
                ])
            }
        }
        return rows.map { $0.map(Self.csvField).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The scorecard: a header, then one row per market and measure (the verdict and MAD of each digit test, the
    /// round-lot verdict and ratio). `explained` (the text form) says why a last-two-digits test does not apply,
    /// gives first digits three decimals, and shows round lots only when some were seen; the Markdown and HTML
    /// forms use the compact cells.
    func scorecardRows(explained: Bool) -> [[String]] {
        var table = [
            ["venue", "symbol", "measure", "trades", "1st digit", "2nd digit", "first two", "last two", "round lots"]
        ]
        for card in self.venues {
            for measure in [card.size, card.notional] {
                var row = [card.venue, card.symbol, measure.measure, Units.count(card.trades)]
                for test in measure.digitTests {
                    if test.kind == .lastTwoDigits, !measure.lastTwoDigitsApplicable {
                        row.append(
                            explained ? (measure.measure == "size" ? "n/a (mixed precision)" : "n/a (product)") : "n/a"
                        )
                    } else if test.count == 0 {
                        row.append("–")
                    } else {
                        let wide = !explained || test.kind == .firstTwoDigits || test.kind == .lastTwoDigits
                        row.append("\(test.verdict.rawValue) \(Units.fixed(test.mad, decimals: wide ? 4 : 3))")
                    }
                }
                if let round = measure.roundLots, !explained || round.atRoundLots + round.neighbours > 0 {
                    row.append("\(round.verdict.rawValue) \(Units.fixed(round.ratio, decimals: 1))×")
                } else {
                    row.append("–")
                }
                table.append(row)
            }
        }
        return table
    }

    /// The text form's tables as Markdown, then the findings with evidence.
    public func markdown() -> String {
        var out = "# paicha trades audit\n\n"
        let table = self.scorecardRows(explained: false)
        out += Self.markdownTable(table) + "\n"
        for section in self.summaryTables() {
            out += "## \(section.title.hasSuffix(":") ? String(section.title.dropLast()) : section.title)\n\n"
            out += Self.markdownTable(section.rows) + "\n"
            if let note = section.note { out += note + "\n\n" }
        }
        let findings = self.findings
        out += "## Findings (\(findings.count))\n\n"
        for finding in findings {
            out += "- **\(Self.markdownEscape(finding.subject))** `\(finding.kind)` (\(finding.confidence.rawValue)): "
            out += Self.markdownEscape(finding.reason) + "\n"
            for piece in finding.evidence {
                var place = ""
                if let location = piece.location {
                    place = " — \(location.file)" + (location.record.map { ":\($0)" } ?? "")
                }
                out +=
                    "  - \(Self.markdownEscape(piece.label)): `\(piece.excerpt.replacingOccurrences(of: "`", with: "'"))`"
                out += Self.markdownEscape(place) + "\n"
            }
        }
        out += "\n## Inputs\n\n"
        var inputs = [["file", "layout", "trades", "bad rows", "bytes", "sha256"]]
        for input in self.inputs {
            inputs.append([
                input.file, input.format ?? "?", Units.count(input.statistics.trades),
                Units.count(input.statistics.badRows), "\(input.bytes)", input.sha256 ?? "–",
            ])
        }
        out += Self.markdownTable(inputs)
        return out
    }

    static func markdownEscape(_ text: String) -> String {
        var out = ""
        for character in text {
            if "|*_`<>[]\\".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    static func markdownTable(_ rows: [[String]]) -> String {
        guard let header = rows.first else { return "" }
        var out = "| " + header.map(Self.markdownEscape).joined(separator: " | ") + " |\n"
        out += "|" + header.map { _ in "---|" }.joined() + "\n"
        for row in rows.dropFirst() {
            out += "| " + row.map(Self.markdownEscape).joined(separator: " | ") + " |\n"
        }
        return out
    }
}
