import PaichaTrades
import Testing

@Suite struct SHA256Tests {
    func digest(_ bytes: [UInt8], chunk: Int) -> String {
        var sha = SHA256Digest()
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + chunk)
            bytes[start..<end].withUnsafeBytes { sha.update($0) }
            start = end
        }
        return sha.finalize()
    }

    @Test(arguments: [1, 3, 63, 64, 65, 1000])
    func knownVectors(_ chunk: Int) {
        #expect(digest([], chunk: chunk) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            digest(Array("abc".utf8), chunk: chunk)
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        )
        #expect(
            digest(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8), chunk: chunk)
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        )
        #expect(
            digest([UInt8](repeating: 0x61, count: 1000), chunk: chunk)
                == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"
        )
    }
}
