public import ArgumentParser
import Foundation
import PaichaCore
import PaichaTrades

extension TapeFormat: ExpressibleByArgument {}

/// The output forms of `paicha trades audit`.
enum TradesOutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
    case csv
    case markdown
}

extension Paicha {
    /// `paicha trades`: audit exchange trade tapes for fabricated volume.
    struct Trades: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "trades",
            abstract: "Audit exchange trade tapes for fabricated volume and manipulation.",
            subcommands: [Audit.self]
        )

        /// `paicha trades audit`: digit tests, round lots and self-trades per venue and symbol.
        struct Audit: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "audit",
                abstract:
                    "Score each venue and symbol of trade tapes: Benford, round lots, wash trades, outages, turnover.",
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

            @Option(help: "Also write a self-contained HTML page with charts to this file.")
            var html: String?

            @Option(help: "Outage windows, CSV: venue,start,end[,symbol] (times as on tapes).")
            var outages: String?

            @Flag(inversion: .prefixedNo, help: "Treat long gaps in a market's own tape as outages.")
            var gapOutages = true

            @Option(help: "The shortest gap in a market's own tape taken as an outage, in seconds.")
            var outageMinGap: Double = AuditConfiguration().outageMinimumGap

            @Option(help: "The venue whose prices are the reference during outages (default: the busiest other).")
            var reference: String?

            @Option(help: "Supply figures, CSV: symbol,circulating_supply,market_cap,open_interest[,benchmark].")
            var supply: String?

            @Option(help: "The venue every venue's turnover is compared with (a supply row's benchmark wins).")
            var benchmark: String?

            @Option(
                name: .customLong("symbol-alias"),
                help: ArgumentHelp(
                    "Take one symbol as another across venues (repeatable).",
                    valueName: "from=to"
                )
            )
            var symbolAliases: [String] = []

            @Flag(help: "Count quotes in US-dollar stablecoins (USDT, USDC, …) as US dollars when matching symbols.")
            var stablecoinsAsUsd = false

            @Flag(inversion: .prefixedNo, help: "Show progress on standard error (default: when it is a terminal).")
            var progress: Bool?

            @Flag(
                inversion: .prefixedNo,
                help:
                    "Read tape files mapped into memory rather than by copy (faster; --no-mmap for files another process may truncate while they are read)."
            )
            var mmap = true

            @Flag(
                help:
                    "Do not compute the tapes' SHA-256 (faster on very large tapes; the output then cannot identify them)."
            )
            var noHash = false

            /// The `--symbol-alias` values as pairs.
            var aliasPairs: [String: String] {
                Dictionary(self.symbolAliases.compactMap(Self.aliasPair), uniquingKeysWith: { _, last in last })
            }

            /// `FROM=TO` with letters or digits on both sides, else nil.
            static func aliasPair(_ alias: String) -> (String, String)? {
                let parts = alias.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard parts.count == 2, parts.allSatisfy({ $0.contains { $0.isLetter || $0.isNumber } }) else {
                    return nil
                }
                return (String(parts[0]), String(parts[1]))
            }

            func validate() throws {
                for alias in self.symbolAliases where Self.aliasPair(alias) == nil {
                    throw ValidationError("--symbol-alias '\(alias)': write FROM=TO, e.g. XBTUSD=BTCUSD.")
                }
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
                if self.outageMinGap <= 0 { throw ValidationError("--outage-min-gap must be positive.") }
                for file in self.inputs + [self.outages, self.supply].compactMap({ $0 }) where file != "-" {
                    if !FileManager.default.fileExists(atPath: file) { throw ValidationError("No such file: \(file)") }
                }
            }

            func run() async throws {
                var limits = TradeLimits()
                limits.maximumLineLength = self.maxLineLength
                var configuration = AuditConfiguration(limits: limits)
                configuration.minimumValues = self.minValues
                configuration.outageMinimumGap = self.outageMinGap
                configuration.symbolMatching = SymbolMatching(
                    stablecoinsAsUSD: self.stablecoinsAsUsd,
                    aliases: self.aliasPairs
                )
                var context = TradeAuditContext(
                    detectOutages: self.gapOutages,
                    supplyFile: self.supply,
                    benchmarkVenue: self.benchmark,
                    referenceVenue: self.reference
                )
                do throws(TapeError) {
                    if let path = self.outages {
                        context.outages = try OutageWindow.parse(try Self.text(path), file: path)
                    }
                    if let path = self.supply {
                        context.supply = try SupplyFigure.parse(try Self.text(path), file: path)
                    }
                } catch {
                    writeToStandardError("paicha: \(error)\n")
                    throw ExitCode(1)
                }
                var mapping: ColumnMapping?
                if let columns = self.columns {
                    do throws(TapeError) {
                        mapping = try ColumnMapping.parse(columns)
                    } catch {
                        throw ValidationError("--columns: \(error.detail)")
                    }
                }
                var auditor = TradeAuditor(configuration: configuration)
                let showProgress = self.progress ?? (isatty(STDERR_FILENO) == 1)
                for name in self.inputs {
                    let options = TapeOptions(
                        format: self.layout,
                        columns: mapping,
                        venue: self.venue,
                        symbol: self.symbol ?? Self.symbol(fromFileName: name),
                        limits: limits,
                        mapFiles: self.mmap,
                        hashInput: !self.noHash
                    )
                    let size =
                        name == "-"
                        ? nil
                        : (try? FileManager.default.attributesOfItem(atPath: name)[.size] as? NSNumber)?
                            .int64Value
                    let meter = ProgressMeter(enabled: showProgress, name: name, totalBytes: size)
                    auditor.read(path: name, options: options) { meter.update(bytes: $0) }
                    meter.done()
                }
                let result = auditor.audit(context)
                let document = TradeAuditDocument(
                    version: PaichaVersion.current,
                    generatedAt: self.deterministic ? nil : Timestamp.now(),
                    inputs: auditor.inputs,
                    parameters: TradeAuditParameters(
                        format: self.layout?.rawValue,
                        columns: self.columns,
                        venue: self.venue,
                        symbol: self.symbol,
                        configuration: configuration,
                        outagesFile: self.outages,
                        supplyFile: self.supply,
                        benchmarkVenue: self.benchmark,
                        referenceVenue: self.reference
                    ),
                    venues: result.venues,
                    badRows: auditor.badRows,
                    outages: result.outages
                )
                let text: String
                switch self.format {
                case .text: text = document.text()
                case .json: text = try document.json()
                case .csv: text = document.csv()
                case .markdown: text = document.markdown()
                }
                if let html = self.html {
                    try Data(document.html().utf8).write(to: URL(fileURLWithPath: html))
                }
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

            /// A small side file (outages, supply) as text.
            static func text(_ path: String) throws(TapeError) -> String {
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw TapeError(.io, file: path)
                }
                return String(decoding: data, as: UTF8.self)
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
