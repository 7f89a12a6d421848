import ArgumentParser

/// The `paicha` command: screening network captures, hosts, trade tapes and ledgers for virtual-currency activity.
@main
struct Paicha: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paicha",
        abstract: "Find illicit virtual-currency activity and keep the evidence.",
        version: "0.1.0",
        subcommands: []
    )
}
