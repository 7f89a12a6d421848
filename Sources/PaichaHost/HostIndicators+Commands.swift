import Foundation

extension HostIndicators {
    /// Programs that fetch from the network.
    static let downloaders: Set<String> = ["curl", "wget", "fetch", "tftp", "lwp-download", "aria2c"]
    /// Programs that run what arrives on their standard input or in a `-c` argument.
    static let shells: Set<String> = ["sh", "bash", "dash", "zsh", "ksh", "ash", "mksh"]
    /// Interpreters that also run piped text (`curl … | python`).
    static let interpreters: Set<String> = ["python", "python2", "python3", "perl", "ruby"]
    /// Words that run the next word as the program (`nohup ./x`, `sudo -u a x`, `timeout 5 x`).
    static let wrappers: Set<String> = [
        "nohup", "exec", "setsid", "command", "builtin", "sudo", "doas", "env", "nice", "ionice", "timeout",
        "stdbuf", "busybox", "time", "chronic", "run-one",
    ]
    /// Shell keywords that may start a simple command before the program.
    static let keywords: Set<String> = ["if", "then", "else", "elif", "do", "while", "until", "!", "{", "}", "[["]
    /// Hidden directories ordinary tools run programs from (language managers, `acme.sh`, editors' servers).
    ///
    /// A program under any other dot directory counts as hidden.
    public static let ordinaryHiddenDirectories: Set<String> = [
        ".local", ".nvm", ".cargo", ".rustup", ".rbenv", ".pyenv", ".sdkman", ".npm", ".bun", ".deno", ".acme.sh",
        ".volta", ".asdf", ".goenv", ".jenv", ".gem", ".conda", ".venv", ".virtualenvs", ".pm2", ".dotnet",
        ".vscode-server", ".linuxbrew", ".nix-profile", ".opam", ".ghcup", ".composer", ".tfenv", ".krew",
        ".npm-global", ".yarn", ".nodenv", ".poetry", ".gvm", ".juliaup", ".pulumi",
    ]
    /// Miner options that also belong to ordinary programs (`celery --pool`, `gunicorn --workers`):
    /// they count only two together, or beside a distinctive one.
    public static let sharedMinerFlags: Set<String> = [
        "--pool", "--worker", "--keepalive", "--userpass", "--cuda-devices", "--rig-id",
    ]
    /// Words that, on the same line as a kill pattern's target (`aegis`), make it a kill or stop command.
    static let killVerbs = [
        "kill", "stop", "disable", "uninstall", "rm -", "chattr", "setenforce", "history -c", "chkconfig", "mask",
        "ufw",
    ]

    /// How deep `sh -c '…'` nesting is followed.
    static let maximumCommandNesting = 4

    /// Reads a shell command line (or a script's line) and reports what it runs and which signs it shows.
    ///
    /// `directory` is where relative programs resolve (`cd /tmp/.x; ./run` resolves whatever it is).
    public func analyzeCommand(_ text: some StringProtocol, directory: String? = nil) -> CommandAnalysis {
        var analysis = CommandAnalysis()
        let line = String(text)
        self.analyzeStructure(line, directory: directory, depth: 0, into: &analysis)
        for url in self.poolURLs(in: line) { analysis.add(.poolURL, url) }
        for domain in self.poolDomains(in: line) { analysis.add(.poolDomain, domain) }
        let flags = self.distinctiveMinerFlags(in: line)
        if !flags.isEmpty { analysis.add(.minerFlag, flags.joined(separator: " ")) }
        for pattern in self.killCommands(in: line) { analysis.add(.killPattern, pattern.pattern) }
        return analysis
    }

    /// Miner flags in a text as whole options (`--pool` does not match `--pooled`); shared flags only in pairs.
    public func distinctiveMinerFlags(in text: String) -> [String] {
        var found: [String] = []
        for flag in self.minerFlags where Self.containsOption(flag.flag, in: text) {
            if !found.contains(flag.flag) { found.append(flag.flag) }
        }
        let shared = found.filter { Self.sharedMinerFlags.contains($0) }
        if shared.count == found.count && shared.count < 2 { return [] }
        return found
    }

    /// Kill patterns on a line that actually kill or stop something (the pattern is a command, or the line has
    /// a kill or stop verb), so that `/usr/local/qcloud/agent start` is not a kill.
    public func killCommands(in line: String) -> [KillPattern] {
        let patterns = self.killPatterns(in: line)
        guard !patterns.isEmpty else { return [] }
        let lineHasVerb = Self.killVerbs.contains { line.contains($0) }
        return patterns.filter { pattern in lineHasVerb || Self.killVerbs.contains { pattern.pattern.contains($0) } }
    }

    private static func containsOption(_ option: String, in text: String) -> Bool {
        var start = text.startIndex
        while let range = text.range(of: option, range: start..<text.endIndex) {
            let before = range.lowerBound == text.startIndex ? " " : text[text.index(before: range.lowerBound)]
            let after = range.upperBound == text.endIndex ? " " : text[range.upperBound]
            let startsWord = " \t\"'\n".contains(before)
            let isPrefix = option.contains(" ") || !(option.last.map { $0.isLetter || $0.isNumber } ?? false)
            let endsWord = isPrefix || " \t\"'=\n".contains(after)
            if startsWord && endsWord { return true }
            start = range.upperBound
        }
        return false
    }

    // MARK: - Structure

    private func analyzeStructure(_ text: String, directory: String?, depth: Int, into analysis: inout CommandAnalysis)
    {
        let tokens = ShellLexer.tokens(text).tokens
        var directory = directory
        var words: [String] = []
        var skipNextWord = false
        // Whether a downloader or decoder ran earlier in the current pipeline (`|`, `||`, `(` keep it).
        var pipelineDownloads = false
        var pipelineDecodes = false
        var previousControl = ""
        var pendingControl = ""

        func finishCommand() {
            defer {
                words.removeAll()
                previousControl = pendingControl
            }
            guard let command = self.simpleCommand(words) else { return }
            if command.program == "cd" {
                if let target = command.arguments.first { directory = Self.join(directory, target) }
                return
            }
            let isShell = Self.shells.contains(command.base) || Self.interpreters.contains(command.base)
            if isShell, previousControl == "|" || previousControl == "<(" {
                if pipelineDownloads { analysis.add(.downloadAndRun, Self.excerpt(text)) }
                if pipelineDecodes { analysis.add(.decodeAndRun, Self.excerpt(text)) }
            }
            if Self.downloaders.contains(command.base) {
                pipelineDownloads = true
                if previousControl == "<(" { analysis.add(.downloadAndRun, Self.excerpt(text)) }
            }
            if command.base == "base64" || command.base == "openssl",
                command.arguments.contains(where: { $0 == "-d" || $0 == "--decode" || $0 == "-D" })
            {
                pipelineDecodes = true
            }
            self.judge(command, directory: directory, depth: depth, into: &analysis)
        }

        for token in tokens {
            switch token {
            case .word(let word):
                if skipNextWord {
                    skipNextWord = false
                    if word.contains("/dev/tcp/") || word.contains("/dev/udp/") {
                        analysis.add(.networkRedirection, word)
                    }
                    continue
                }
                words.append(word)
            case .control(let control):
                if control == ">" {
                    skipNextWord = true
                    continue
                }
                pendingControl = control
                finishCommand()
                if control == ";" || control == "&" || control == "&&" || control == "\n" || control == ";;" {
                    pipelineDownloads = false
                    pipelineDecodes = false
                }
            }
        }
        pendingControl = ""
        finishCommand()
    }

    private struct SimpleCommand {
        var program: String
        var base: String
        var arguments: [String]
    }

    /// The program and its arguments after assignments, keywords and wrappers.
    private func simpleCommand(_ words: [String]) -> SimpleCommand? {
        var index = 0
        while index < words.count {
            let word = words[index]
            let base = Self.baseName(word)
            if Self.isAssignment(word) || Self.keywords.contains(word) {
                index += 1
                continue
            }
            if base == "flock" {
                // `flock [-n] LOCKFILE COMMAND…` or `flock LOCKFILE -c 'COMMAND'`: the lock file is not run.
                index += 1
                while index < words.count, words[index].hasPrefix("-") { index += 1 }
                index += 1
                if index + 1 < words.count, words[index] == "-c" {
                    return SimpleCommand(program: "sh", base: "sh", arguments: Array(words[index...]))
                }
                continue
            }
            guard Self.wrappers.contains(base) else { break }
            index += 1
            // Options of the wrapper, and the value of those that take one.
            while index < words.count {
                let next = words[index]
                if next.hasPrefix("-") {
                    index += 1
                    if ["-n", "-u", "-g", "-c", "-s", "-k", "-i"].contains(next), base != "env", base != "command",
                        index < words.count, !words[index].hasPrefix("-")
                    {
                        index += 1
                    }
                } else if base == "timeout" && next.first?.isNumber == true {
                    index += 1
                } else if base == "env" && Self.isAssignment(next) {
                    index += 1
                } else {
                    break
                }
            }
        }
        guard index < words.count else { return nil }
        let program = words[index]
        return SimpleCommand(program: program, base: Self.baseName(program), arguments: Array(words[(index + 1)...]))
    }

    private func judge(_ command: SimpleCommand, directory: String?, depth: Int, into analysis: inout CommandAnalysis) {
        // Each program run, and whether a hidden path counts (a sourced `~/.bash_aliases` is ordinary).
        var runs = [(program: command.program, checkHidden: true)]
        let isSourcing = command.base == "." || command.base == "source"
        if Self.shells.contains(command.base) || Self.interpreters.contains(command.base) || isSourcing {
            // `sh -c`, `bash -lc`, `python3 -c`, `perl -e`: the next argument is code.
            let codeFlag: Character = Self.shells.contains(command.base) || command.base.hasPrefix("python") ? "c" : "e"
            let isCodeFlag = { (argument: String) -> Bool in
                argument.hasPrefix("-") && !argument.hasPrefix("--") && argument.dropFirst().contains(codeFlag)
                    && argument.dropFirst().allSatisfy(\.isLetter)
            }
            if !isSourcing, let flagIndex = command.arguments.firstIndex(where: isCodeFlag) {
                if flagIndex + 1 < command.arguments.count {
                    let nested = command.arguments[flagIndex + 1]
                    if nested.contains("$(curl") || nested.contains("$(wget") || nested.contains("`curl")
                        || nested.contains("`wget")
                    {
                        analysis.add(.downloadAndRun, Self.excerpt(nested))
                    }
                    if depth < Self.maximumCommandNesting {
                        self.analyzeStructure(nested, directory: directory, depth: depth + 1, into: &analysis)
                    }
                }
            } else if let script = command.arguments.first(where: { !$0.hasPrefix("-") }) {
                runs.append((script, !isSourcing))
            }
        }
        if command.base == "eval",
            command.arguments.contains(where: { $0.contains("$(curl") || $0.contains("$(wget") })
        {
            analysis.add(.downloadAndRun, Self.excerpt(command.arguments.joined(separator: " ")))
        }
        for (program, checkHidden) in runs where !program.hasPrefix("$") && !program.isEmpty {
            let path = Self.join(directory, program)
            if program.contains("/") { analysis.addProgram(path) }
            let isTemporary = path.hasPrefix("/") && self.isTemporary(path: path)
            let isHidden = checkHidden && Self.hasHiddenComponent(program.contains("/") ? path : "")
            if isTemporary && isHidden {
                analysis.add(.hiddenTemporaryProgram, path)
            } else if isTemporary {
                analysis.add(.temporaryProgram, path)
            } else if isHidden {
                analysis.add(.hiddenProgram, path)
            }
            if let miner = self.minerName(matching: Self.baseName(program)) {
                analysis.add(.minerProgram, "\(path) (\(miner.family))")
            }
        }
    }

    // MARK: - Words and paths

    static func baseName(_ path: some StringProtocol) -> String {
        // The last non-empty component (`/a/b/` → `b`), found from the end without splitting the whole path.
        var trimmed = Substring(path)
        while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return String(trimmed) }
        return String(trimmed[trimmed.index(after: slash)...])
    }

    static func isAssignment(_ word: String) -> Bool {
        guard let equals = word.firstIndex(of: "="), equals != word.startIndex else { return false }
        return word[..<equals].allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
            && !(word.first?.isNumber ?? true)
    }

    /// `directory` + `path` for relative paths with a slash (`./x`, `bin/x`); absolute paths unchanged.
    static func join(_ directory: String?, _ path: String) -> String {
        guard !path.hasPrefix("/"), path.contains("/") || path == ".", let directory, directory.hasPrefix("/") else {
            return path
        }
        var components = directory.split(separator: "/").map(String.init)
        for component in path.split(separator: "/") {
            if component == "." { continue }
            if component == ".." {
                _ = components.popLast()
            } else {
                components.append(String(component))
            }
        }
        return "/" + components.joined(separator: "/")
    }

    /// Whether a path has a dot directory or dot file that ordinary tools do not use.
    public static func hasHiddenComponent(_ path: String) -> Bool {
        path.split(separator: "/").contains { component in
            component.hasPrefix(".") && component != "." && component != ".."
                && !Self.ordinaryHiddenDirectories.contains(String(component))
        }
    }

    /// Directories of the distribution's own programs (`/usr/bin`): not examined as persistence targets.
    static let systemProgramDirectories = ["/bin/", "/sbin/", "/usr/bin/", "/usr/sbin/", "/usr/lib/", "/lib/"]

    /// Whether a path is one of the distribution's programs (by directory).
    static func isSystemProgram(_ path: String) -> Bool {
        Self.systemProgramDirectories.contains { path.hasPrefix($0) }
    }

    static func excerpt(_ text: String) -> String {
        text.count > 200 ? String(text.prefix(200)) + "…" : text
    }
}
