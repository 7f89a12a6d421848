/// A family of proof-of-work algorithms that share hardware and therefore energy per hash.
public enum AlgorithmFamily: String, Sendable, Hashable, Codable, CodingKeyRepresentable, CaseIterable {
    /// SHA-256d (Bitcoin, Bitcoin Cash): ASICs.
    case sha256d
    /// Scrypt (Litecoin, Dogecoin): ASICs.
    case scrypt
    /// RandomX (Monero since 2019, `rx/0`, `rx/wow`, …): CPUs.
    case randomx
    /// CryptoNight variants (`cn/r`, `cn/half`, …, Monero before 2019): CPUs and GPUs.
    case cryptonight
    /// Ethash and Etchash (Ethereum before the Merge, Ethereum Classic): GPUs.
    case ethash
    /// Equihash (Zcash and forks): ASICs; rated in solutions (Sol).
    case equihash
    /// KawPow (Ravencoin): GPUs.
    case kawpow
    /// Not recognised.
    case unknown

    /// The family an algorithm name belongs to, as scanners and miners write it; `unknown` when not recognised.
    ///
    /// Matching ignores case and the characters ` `, `-`, `_`, `.`: `sha256d`, `SHA-256`, `sha256`, `bitcoin` →
    /// sha256d; `scrypt` → scrypt; `rx/0`, `rx/wow`, `rx/arq`, `randomx` → randomx; `cn`, `cn/r`, `cn/0`,
    /// `cryptonight…` → cryptonight; `ethash`, `etchash`, `daggerhashimoto` → ethash; `equihash…`,
    /// `zhash` → equihash; `kawpow`, `progpow…` → kawpow.
    public init(algorithmName: String?) {
        guard let algorithmName else {
            self = .unknown
            return
        }
        let name = String(algorithmName.lowercased().filter { !" -_.".contains($0) })
        switch name {
        case "sha256d", "sha256", "sha2562", "bitcoin", "btc", "sha256asicboost": self = .sha256d
        case "scrypt", "litecoin", "ltc": self = .scrypt
        case "randomx", "rx", "randomxmonero": self = .randomx
        case "ethash", "etchash", "daggerhashimoto", "ethashb3": self = .ethash
        case "zhash": self = .equihash
        case "kawpow", "kawpowr", "ravencoin": self = .kawpow
        default:
            if name.hasPrefix("rx/") {
                self = .randomx
            } else if name == "cn" || name.hasPrefix("cn/") || name.hasPrefix("cryptonight") {
                self = .cryptonight
            } else if name.hasPrefix("equihash") {
                self = .equihash
            } else if name.hasPrefix("progpow") || name.hasPrefix("kawpow") {
                self = .kawpow
            } else {
                self = .unknown
            }
        }
    }

    /// The family a dialect implies when the session names no algorithm; `unknown` when the dialect does not tell.
    ///
    /// CryptoNote sessions without an algorithm are RandomX (Monero's since November 2019); eth-proxy and
    /// EthereumStratum sessions are Ethash; getwork and getblocktemplate are SHA-256d. Stratum V1 and V2 carry
    /// many algorithms and give `unknown`.
    public init(dialect: ShareDialect) {
        switch dialect {
        case .cryptonote: self = .randomx
        case .ethProxy, .ethereumStratum: self = .ethash
        case .getwork, .getblocktemplate: self = .sha256d
        case .stratumV1, .stratumV2: self = .unknown
        }
    }

    /// The family for a session: from its algorithm name if recognised, else from its dialect.
    public init(algorithmName: String?, dialect: ShareDialect) {
        let named = AlgorithmFamily(algorithmName: algorithmName)
        self = named != .unknown ? named : AlgorithmFamily(dialect: dialect)
    }
}
