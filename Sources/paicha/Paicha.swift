import ArgumentParser
import Foundation

/// The `paicha` command: screening captures, hosts, trade tapes and ledgers for virtual-currency activity.
@main
struct Paicha: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paicha",
        abstract: "Find illicit virtual-currency activity and keep the evidence.",
        version: PaichaVersion.current,
        subcommands: [Scan.self, Host.self, Sample.self, Trades.self, Funds.self]
    )

    /// Runs the command; usage errors exit with status 2, bad input with 1.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// The version every output names.
enum PaichaVersion {
    static let current = "0.1.0"
}
