/// A word or an operator of a shell command line.
enum ShellToken: Sendable, Hashable {
    /// A word with its quotes removed (`"/root/.acme.sh"/acme.sh` is one word); `$(…)` stays inside it.
    case word(String)
    /// A control operator (`|`, `||`, `&&`, `;`, `&`, `(`, `)`, `<(`, newline) or a redirection (`>`).
    case control(String)
}

/// Splits shell text into words and operators, roughly the way `sh` does, enough to see which programs run.
///
/// It is deliberately forgiving: unterminated quotes end at the end of the text, unknown syntax becomes
/// words. It never fails and stops after `maximumTokens` tokens (the caller counts that).
struct ShellLexer {
    private enum State {
        /// Between words.
        case between
        /// Inside an unquoted word.
        case word
        /// Inside '…'.
        case singleQuoted
        /// Inside "…".
        case doubleQuoted
        /// After `#` at the start of a word, to the end of the line.
        case comment
    }

    /// The most tokens read from one text.
    static let maximumTokens = 4096

    private let bytes: [UInt8]
    private var index = 0
    private var state = State.between
    private var current: [UInt8] = []
    private var hasWord = false
    /// Depth of `$(` inside the current word.
    private var substitutionDepth = 0
    private(set) var tokens: [ShellToken] = []
    /// Whether the text had more tokens than `maximumTokens`.
    private(set) var isCut = false

    /// Tokenizes `text`.
    static func tokens(_ text: some StringProtocol) -> (tokens: [ShellToken], isCut: Bool) {
        var lexer = ShellLexer(bytes: Array(text.utf8))
        lexer.run()
        return (lexer.tokens, lexer.isCut)
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private mutating func run() {
        while self.index < self.bytes.count, !self.isCut {
            self.parseStep(self.bytes[self.index])
        }
        self.finishWord()
    }

    private func peek(_ offset: Int) -> UInt8? {
        let position = self.index + offset
        return position < self.bytes.count ? self.bytes[position] : nil
    }

    private mutating func parseStep(_ byte: UInt8) {
        switch self.state {
        case .comment:
            if byte == 0x0A {
                self.state = .between
                self.emit(.control("\n"))
            }
            self.index += 1
        case .singleQuoted:
            if byte == 0x27 {
                self.state = .word
            } else {
                self.current.append(byte)
            }
            self.index += 1
        case .doubleQuoted:
            if byte == 0x22 {
                self.state = .word
            } else if byte == 0x5C, let next = self.peek(1), next == 0x22 || next == 0x5C || next == 0x24 {
                self.current.append(next)
                self.index += 1
            } else {
                self.current.append(byte)
            }
            self.index += 1
        case .between, .word:
            self.unquoted(byte)
        }
    }

    private mutating func unquoted(_ byte: UInt8) {
        if self.substitutionDepth > 0 {
            // Inside `$(…)`: everything belongs to the word until the parenthesis closes.
            if byte == 0x28 { self.substitutionDepth += 1 }
            if byte == 0x29 { self.substitutionDepth -= 1 }
            self.current.append(byte)
            self.index += 1
            return
        }
        switch byte {
        case 0x20, 0x09, 0x0D:
            self.finishWord()
            self.index += 1
        case 0x0A:
            self.finishWord()
            self.emit(.control("\n"))
            self.index += 1
        case 0x23 where self.state == .between:
            self.state = .comment
            self.index += 1
        case 0x27:
            self.startWord()
            self.state = .singleQuoted
            self.index += 1
        case 0x22:
            self.startWord()
            self.state = .doubleQuoted
            self.index += 1
        case 0x5C:
            // A backslash before a line end joins the lines; before anything else it quotes that byte.
            if let next = self.peek(1), next != 0x0A {
                self.startWord()
                self.current.append(next)
            }
            self.index += 2
        case 0x24 where self.peek(1) == 0x28:
            self.startWord()
            self.current.append(contentsOf: [0x24, 0x28])
            self.substitutionDepth = 1
            self.index += 2
        case 0x7C, 0x26, 0x3B:
            self.operatorOrRedirect(byte)
        case 0x28, 0x29:
            self.finishWord()
            self.emit(.control(byte == 0x28 ? "(" : ")"))
            self.index += 1
        case 0x3C, 0x3E:
            self.redirect(byte)
        default:
            self.startWord()
            self.current.append(byte)
            self.index += 1
        }
    }

    private mutating func operatorOrRedirect(_ byte: UInt8) {
        let next = self.peek(1)
        if byte == 0x26, next == 0x3E {
            // `&>file`: a redirection of both streams.
            self.finishWord()
            self.index += 1
            self.redirect(0x3E)
            return
        }
        self.finishWord()
        if next == byte {
            self.emit(.control(byte == 0x7C ? "||" : byte == 0x26 ? "&&" : ";;"))
            self.index += 2
        } else {
            self.emit(.control(byte == 0x7C ? "|" : byte == 0x26 ? "&" : ";"))
            self.index += 1
        }
    }

    private mutating func redirect(_ byte: UInt8) {
        if byte == 0x3C, self.peek(1) == 0x28 {
            self.finishWord()
            self.emit(.control("<("))
            self.index += 2
            return
        }
        // A file-descriptor number just before the redirection (`2>`) is not a word.
        if self.hasWord, self.state == .word, !self.current.isEmpty,
            self.current.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
        {
            self.current.removeAll()
            self.hasWord = false
            self.state = .between
        }
        self.finishWord()
        self.index += 1
        while let next = self.peek(0), next == 0x3E || next == 0x3C || next == 0x7C {
            self.index += 1
        }
        self.emit(.control(">"))
        // `>&2`, `<&-`: the descriptor is the target word; `>& FILE`: the next word is.
        if self.peek(0) == 0x26 {
            self.index += 1
            if let next = self.peek(0), next == 0x2D || (next >= 0x30 && next <= 0x39) {
                self.startWord()
                self.current.append(0x26)
            }
        }
    }

    private mutating func startWord() {
        self.hasWord = true
        if self.state == .between { self.state = .word }
    }

    private mutating func finishWord() {
        guard self.hasWord else { return }
        self.emit(.word(String(decoding: self.current, as: UTF8.self)))
        self.current.removeAll(keepingCapacity: true)
        self.hasWord = false
        self.substitutionDepth = 0
        if self.state == .word { self.state = .between }
    }

    private mutating func emit(_ token: ShellToken) {
        guard self.tokens.count < Self.maximumTokens else {
            self.isCut = true
            return
        }
        self.tokens.append(token)
    }
}
