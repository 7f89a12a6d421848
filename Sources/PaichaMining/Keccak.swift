import PaichaCore

/// Keccak-256 as Ethereum uses it (the original Keccak padding `0x01`, not SHA3-256's `0x06`).
///
/// Implemented from the Keccak reference (FIPS 202 permutation, rate 1088 bits, capacity 512 bits).
public enum Keccak256 {
    /// The digest length in bytes.
    public static let digestLength = 32
    /// The sponge rate in bytes (1600 − 2 × 256 bits).
    public static let rate = 136

    /// The Keccak-256 digest of `bytes`.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var state = [UInt64](repeating: 0, count: 25)
        var reader = ByteReader(bytes)
        while let block = reader.readSlice(length: rate) {
            absorb(block, into: &state)
            permute(&state)
        }
        var last = [UInt8](repeating: 0, count: rate)
        let tail = reader.remaining
        last.withUnsafeMutableBytes { $0.copyMemory(from: tail) }  // tail.count < rate: it fits
        last[tail.count] ^= 0x01
        last[rate - 1] ^= 0x80
        last.withUnsafeBytes { absorb($0, into: &state) }
        permute(&state)
        var digest = [UInt8]()
        digest.reserveCapacity(digestLength)
        for lane in 0..<(digestLength / 8) {
            withUnsafeBytes(of: state[lane].littleEndian) { digest.append(contentsOf: $0) }
        }
        return digest
    }

    /// The Keccak-256 digest of a byte array.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBytes { hash($0) }
    }

    /// XORs one `rate`-byte block into the first lanes of the state.
    private static func absorb(_ block: UnsafeRawBufferPointer, into state: inout [UInt64]) {
        var reader = ByteReader(block)
        var lane = 0
        while let word = reader.readInteger(endianness: .little, as: UInt64.self) {
            state[lane] ^= word
            lane += 1
        }
    }

    private static let roundConstants: [UInt64] = [
        0x0000_0000_0000_0001, 0x0000_0000_0000_8082, 0x8000_0000_0000_808A, 0x8000_0000_8000_8000,
        0x0000_0000_0000_808B, 0x0000_0000_8000_0001, 0x8000_0000_8000_8081, 0x8000_0000_0000_8009,
        0x0000_0000_0000_008A, 0x0000_0000_0000_0088, 0x0000_0000_8000_8009, 0x0000_0000_8000_000A,
        0x0000_0000_8000_808B, 0x8000_0000_0000_008B, 0x8000_0000_0000_8089, 0x8000_0000_0000_8003,
        0x8000_0000_0000_8002, 0x8000_0000_0000_0080, 0x0000_0000_0000_800A, 0x8000_0000_8000_000A,
        0x8000_0000_8000_8081, 0x8000_0000_0000_8080, 0x0000_0000_8000_0001, 0x8000_0000_8000_8008,
    ]

    /// Rotation offsets r[x + 5y].
    private static let rotations: [UInt64] = [
        0, 1, 62, 28, 27,
        36, 44, 6, 55, 20,
        3, 10, 43, 25, 39,
        41, 45, 15, 21, 8,
        18, 2, 61, 56, 14,
    ]

    /// Keccak-f[1600]: 24 rounds of θ, ρ, π, χ, ι over lanes indexed x + 5y.
    private static func permute(_ a: inout [UInt64]) {
        var b = [UInt64](repeating: 0, count: 25)
        var c = [UInt64](repeating: 0, count: 5)
        for round in 0..<24 {
            for x in 0..<5 { c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20] }
            for x in 0..<5 {
                let d = c[(x + 4) % 5] ^ rotate(c[(x + 1) % 5], 1)
                for y in 0..<5 { a[x + 5 * y] ^= d }
            }
            for x in 0..<5 {
                for y in 0..<5 {
                    // π: B[y, 2x + 3y] = rot(A[x, y], r[x, y])
                    b[y + 5 * ((2 * x + 3 * y) % 5)] = rotate(a[x + 5 * y], rotations[x + 5 * y])
                }
            }
            for x in 0..<5 {
                for y in 0..<5 {
                    a[x + 5 * y] = b[x + 5 * y] ^ (~b[(x + 1) % 5 + 5 * y] & b[(x + 2) % 5 + 5 * y])
                }
            }
            a[0] ^= roundConstants[round]
        }
    }

    private static func rotate(_ value: UInt64, _ count: UInt64) -> UInt64 {
        count == 0 ? value : (value << count) | (value >> (64 - count))
    }
}
