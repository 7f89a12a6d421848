public import ArgumentParser
import Foundation
import PaichaCore
import PaichaTrades

extension TapeFormat: ExpressibleByArgument {}

/// The output forms of `paicha trades audit`.
enum TradesOutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}

extension Paicha {
    /// `paicha trades`: audit exchange trade tapes for fabricated volume.
    struct Trades: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Audit exchange trade tapes for fabricated volume and manipulation.",
            subcommands: [Audit.self]
        )

        /// `paicha trades audit`: digit tests, round lots and self-trades per venue and symbol.
        struct Audit: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Score each venue and symbol of trade tapes: Benford digit tests, round lots, self-trades.",
                discussion: """
                    Reads Binance public-data trades and aggTrades (with or without header), Tardis trades, \
                    and any CSV whose header names price and size columns, or one described with --columns. \
                    Bad rows are reported with their line numbers and counted. \
                    Exit status: 0 audited, 1 an input could not be read, 2 usage.
                    """
            )

            @Argument(help: "Trade tape CSV files, or '-' for standard input.")
            var inputs: [String]

            @Option(help: "The tape layout (default: detected from the first line).")
            var layout: TapeFormat?

            @Option(
                help: ArgumentHelp(
                    "Columns by header name or 1-based position.",
                    discussion: "e.g. time=ts,price=px,size=qty,side=side,venue=ex,symbol=sym,buyer=b,seller=s",
                    valueName: "key=column,..."
                )
            )
            var columns: String?

            @Option(help: "The venue of rows that name none (default: binance for Binance layouts).")
            var venue: String?

            @Option(help: "The symbol of rows that name none (default: from the file name, e.g. BTCUSDT-trades-….csv).")
            var symbol: String?

            @Option(name: .shortAndLong, help: "The output format.")
            var format: TradesOutputFormat = .text

            @Option(name: .shortAndLong, help: "Write the result to this file instead of standard output.")
            var output: String?

            @Flag(help: "Leave out the generation time so that the same inputs give byte-identical output.")
            var deterministic = false

            @Option(help: "Tests on fewer values raise no finding.")
            var minValues: Int64 = AuditConfiguration().minimumValues

            @Option(help: "The longest line read, in bytes.")
            var maxLineLength: Int = TradeLimits().maximumLineLength

            func validate() throws {
                if self.inputs.isEmpty {
                    throw ValidationError("Name at least one trade tape, or '-' for standard input.")
                }
                if self.inputs.filter({ $0 == "-" }).count > 1 {
                    throw ValidationError("Standard input ('-') can be read once.")
                }
                if let columns = self.columns {
                    do throws(TapeError) {
                        _ = try ColumnMapping.parse(columns)
                    } catch {
                        throw ValidationError("--columns: \(error.detail)")
                    }
                    if self.layout != nil, self.layout != .generic {
                        throw ValidationError("Give --layout or --columns, not both.")
                    }
                }
                if self.minValues < 1 { throw ValidationError("--min-values must be at least 1.") }
                if self.maxLineLength < 64 { throw ValidationError("--max-line-length must be at least 64.") }
                for file in self.inputs where file != "-" {
                    if !FileManager.default.fileExists(atPath: file) { throw ValidationError("No such file: \(file)") }
                }
            }

            func run() async throws {
                var limits = TradeLimits()
                limits.maximumLineLength = self.maxLineLength
                var configuration = AuditConfiguration(limits: limits)
                configuration.minimumValues = self.minValues
                var mapping: ColumnMapping?
                if let columns = self.columns {
                    do throws(TapeError) {
                        mapping = try ColumnMapping.parse(columns)
                    } catch {
                        throw ValidationError("--columns: \(error.detail)")
                    }
                }
                var auditor = TradeAuditor(configuration: configuration)
                for name in self.inputs {
                    let options = TapeOptions(
                        format: self.layout,
                        columns: mapping,
                        venue: self.venue,
                        symbol: self.symbol ?? Self.symbol(fromFileName: name),
                        limits: limits
                    )
                    auditor.read(path: name, options: options)
                }
                let document = TradeAuditDocument(
                    version: PaichaVersion.current,
                    generatedAt: self.deterministic ? nil : Timestamp.now(),
                    inputs: auditor.inputs,
                    parameters: TradeAuditParameters(
                        format: self.layout?.rawValue,
                        columns: self.columns,
                        venue: self.venue,
                        symbol: self.symbol,
                        configuration: configuration
                    ),
                    venues: auditor.scorecards(),
                    badRows: auditor.badRows
                )
                let text = self.format == .json ? try document.json() : document.text()
                if let output = self.output {
                    try Data(text.utf8).write(to: URL(fileURLWithPath: output))
                } else {
                    FileHandle.standardOutput.write(Data(text.utf8))
                }
                for input in auditor.inputs {
                    if let error = input.error { writeToStandardError("paicha: \(error)\n") }
                    if input.statistics.badRows > 0, self.format != .text {
                        writeToStandardError(
                            "paicha: warning: \(input.file): \(input.statistics.badRows) bad rows (see badRows)\n"
                        )
                    }
                }
                if auditor.inputs.contains(where: { $0.error != nil }) { throw ExitCode(1) }
            }

            /// `BTCUSDT` from `BTCUSDT-trades-2024-01-01.csv` or `BTCUSDT-aggTrades-2024-01.csv`; `nil` for
            /// standard input or other names.
            static func symbol(fromFileName path: String) -> String? {
                guard path != "-" else { return nil }
                let name = URL(fileURLWithPath: path).lastPathComponent
                for marker in ["-trades-", "-aggTrades-", "-trades.", "-aggTrades."] {
                    if let range = name.range(of: marker) {
                        let symbol = String(name[..<range.lowerBound])
                        return symbol.isEmpty ? nil : symbol
                    }
                }
                return nil
            }
        }
    }
}
