import PaichaMining
import Testing

@Suite("Keccak-256")
struct KeccakTests {
    @Test(
        "known answers",
        arguments: [
            ("", "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"),
            ("abc", "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"),
            (
                "The quick brown fox jumps over the lazy dog",
                "4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15"
            ),
        ]
    )
    func knownAnswers(input: String, expected: String) {
        #expect(indicatorsHexString(Keccak256.hash(Array(input.utf8))) == expected)
    }

    /// Inputs around the 136-byte rate boundary exercise padding in the last and in a separate block.
    @Test("rate boundaries differ and are stable", arguments: [135, 136, 137, 271, 272])
    func rateBoundaries(length: Int) {
        let input = [UInt8](repeating: 0x61, count: length)
        let digest = Keccak256.hash(input)
        #expect(digest.count == 32)
        #expect(digest != Keccak256.hash([UInt8](repeating: 0x61, count: length + 1)))
    }
}
