public import PaichaCore

/// One reason a command line (a cron job, an `ExecStart`, a script line) looks like a miner's doing.
public struct CommandSign: Sendable, Hashable, Codable {
    /// What kind of sign it is.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// A downloader piped into a shell (`curl … | sh`, `sh <(wget …)`, `bash -c "$(curl …)"`).
        case downloadAndRun
        /// Encoded text decoded into a shell (`echo … | base64 -d | bash`).
        case decodeAndRun
        /// A shell connected to the network through `/dev/tcp` or `/dev/udp` (downloads, reverse shells).
        case networkRedirection
        /// A program run from a temporary directory that is also hidden (`/tmp/.x/run`).
        case hiddenTemporaryProgram
        /// A program run from a temporary or shared-memory directory.
        case temporaryProgram
        /// A program run from a hidden (dot) directory that ordinary tools do not use.
        case hiddenProgram
        /// A program named like a miner.
        case minerProgram
        /// A pool URL (`stratum+tcp://…`).
        case poolURL
        /// A known pool domain.
        case poolDomain
        /// Miner command-line options (`--donate-level`, `-o stratum…`).
        case minerFlag
        /// A command that kills competing miners or stops security agents.
        case killPattern

        /// How serious the sign is by itself.
        public var severity: Severity {
            switch self {
            case .downloadAndRun, .decodeAndRun, .networkRedirection, .hiddenTemporaryProgram, .minerProgram,
                .poolURL, .poolDomain, .minerFlag:
                .high
            case .temporaryProgram, .hiddenProgram, .killPattern: .medium
            }
        }

        /// A few words for evidence labels.
        public var label: String {
            switch self {
            case .downloadAndRun: "downloads and runs"
            case .decodeAndRun: "decodes and runs"
            case .networkRedirection: "shell over /dev/tcp"
            case .hiddenTemporaryProgram: "runs from a hidden temporary path"
            case .temporaryProgram: "runs from a temporary path"
            case .hiddenProgram: "runs from a hidden path"
            case .minerProgram: "runs a miner"
            case .poolURL: "pool URL"
            case .poolDomain: "pool domain"
            case .minerFlag: "miner option"
            case .killPattern: "kills competitors or security agents"
            }
        }
    }

    public var kind: Kind
    /// The part of the command it rests on (the URL, the program path, the pipeline).
    public var detail: String

    /// Makes a sign.
    public init(kind: Kind, detail: String) {
        self.kind = kind
        self.detail = detail
    }
}

/// What a command line runs and which signs it shows.
public struct CommandAnalysis: Sendable, Hashable {
    /// The signs, in the order found, without repeats.
    public var signs: [CommandSign] = []
    /// Absolute paths of the programs and scripts it runs (after `cd`, wrappers and `sh SCRIPT`).
    public var programs: [String] = []

    /// Makes an empty analysis.
    public init() {}

    /// The most serious sign's severity; three or more different kinds of sign together count as high.
    public var severity: Severity? {
        guard var severity = self.signs.map(\.kind.severity).max() else { return nil }
        if Set(self.signs.map(\.kind)).count >= 3 { severity = max(severity, .high) }
        return severity
    }

    /// Likely when a high sign is present, else weak.
    public var confidence: Confidence { (self.severity ?? .info) >= .high ? .likely : .weak }

    /// The sign kinds, in words (`downloads and runs, pool URL`).
    public var summary: String {
        var labels: [String] = []
        for sign in self.signs where !labels.contains(sign.kind.label) { labels.append(sign.kind.label) }
        return labels.joined(separator: ", ")
    }

    mutating func add(_ kind: CommandSign.Kind, _ detail: String) {
        let sign = CommandSign(kind: kind, detail: detail)
        if !self.signs.contains(sign) { self.signs.append(sign) }
    }

    mutating func addProgram(_ path: String) {
        if path.hasPrefix("/"), !self.programs.contains(path) { self.programs.append(path) }
    }

    mutating func merge(_ other: CommandAnalysis) {
        for sign in other.signs { self.add(sign.kind, sign.detail) }
        for program in other.programs { self.addProgram(program) }
    }
}
