/// A small, fast, seedable pseudo-random generator (Steele, Lea and Flood's SplitMix64).
///
/// The same seed always yields the same sequence, so every fixture is byte-for-byte reproducible.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Makes a generator from a seed.
    public init(seed: UInt64) {
        self.state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniformly random integer in `range`.
    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &self)
    }

    /// `count` random bytes.
    public mutating func bytes(_ count: Int) -> [UInt8] {
        var result = [UInt8]()
        result.reserveCapacity(count)
        var word: UInt64 = 0
        for index in 0..<count {
            if index % 8 == 0 { word = self.next() }
            result.append(UInt8(truncatingIfNeeded: word))
            word >>= 8
        }
        return result
    }

    /// `count` random lowercase hexadecimal digits.
    public mutating func hex(_ count: Int) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var result = [UInt8]()
        result.reserveCapacity(count)
        for _ in 0..<count { result.append(digits[Int(self.next() & 15)]) }
        return String(decoding: result, as: UTF8.self)
    }

    /// `count` random characters from `alphabet`.
    public mutating func string(_ count: Int, alphabet: String) -> String {
        let characters = Array(alphabet)
        return String((0..<count).map { _ in characters[Int(self.next() % UInt64(characters.count))] })
    }

    /// `count` random Base58 characters (Bitcoin alphabet, as in Monero and Zcash addresses).
    public mutating func base58(_ count: Int) -> String {
        self.string(count, alphabet: "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")
    }

    /// `count` random Bech32 data characters.
    public mutating func bech32(_ count: Int) -> String {
        self.string(count, alphabet: "qpzry9x8gf2tvdw0s3jn54khce6mua7l")
    }

    /// `true` with probability `p`.
    public mutating func chance(_ p: Double) -> Bool {
        Double(self.next() >> 11) / Double(1 << 53) < p
    }

    /// A random element of a non-empty array.
    public mutating func pick<T>(_ items: [T]) -> T {
        items[Int(self.next() % UInt64(items.count))]
    }

    /// A derived generator whose sequence is independent of later draws on this one.
    public mutating func fork() -> SplitMix64 {
        SplitMix64(seed: self.next())
    }
}
