/// An account of the swept system, from `/etc/passwd`, or a home directory found under `/home`.
struct HostAccount: Sendable, Hashable {
    var name: String
    var userID: UInt32?
    var home: String
    var shell: String?

    /// Whether the login shell refuses logins (`nologin`, `false`).
    var cannotLogIn: Bool {
        guard let shell else { return false }
        let base = HostIndicators.baseName(shell)
        return base == "nologin" || base == "false"
    }

    /// Accounts with a home directory on the swept system: `/etc/passwd` first, then `/root` and `/home/*`
    /// not listed there; each home once, at most `maximumAccounts` (counted when cut).
    static func read(_ context: inout SweepContext) -> [HostAccount] {
        var accounts: [HostAccount] = []
        var homes = Set<String>()
        let limit = context.configuration.limits.maximumAccounts
        func add(_ account: HostAccount, context: inout SweepContext) {
            guard account.home.hasPrefix("/"), account.home != "/", !homes.contains(account.home) else { return }
            guard accounts.count < limit else {
                context.statistics.hit("maximumAccounts")
                return
            }
            guard (try? context.fileSystem.info(account.home, followLastLink: true))?.kind == .directory else { return }
            homes.insert(account.home)
            accounts.append(account)
        }
        if let passwd = context.fileSystem.readText("/etc/passwd", statistics: &context.statistics) {
            for (_, line) in passwd.numberedLines {
                let fields = line.split(separator: ":", omittingEmptySubsequences: false)
                guard fields.count >= 7, !fields[0].isEmpty else { continue }
                add(
                    HostAccount(
                        name: String(fields[0]),
                        userID: UInt32(fields[2]),
                        home: String(fields[5]),
                        shell: String(fields[6])
                    ),
                    context: &context
                )
            }
        }
        add(HostAccount(name: "root", userID: 0, home: "/root", shell: nil), context: &context)
        let names = (try? context.fileSystem.list("/home", statistics: &context.statistics)) ?? []
        for name in names {
            add(HostAccount(name: name, userID: nil, home: "/home/" + name, shell: nil), context: &context)
        }
        return accounts
    }
}
