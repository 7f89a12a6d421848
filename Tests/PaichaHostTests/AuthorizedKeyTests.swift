import Testing

@testable import PaichaHost

@Suite("AuthorizedKey")
struct AuthorizedKeyTests {
    @Test(
        "fingerprints equal ssh-keygen -l's",
        arguments: [
            (HostTrees.adminKey, HostTrees.adminFingerprint),
            (HostTrees.aliceKey, HostTrees.aliceFingerprint),
            (HostTrees.outlawKey, HostTrees.outlawFingerprint),
        ]
    )
    func fingerprint(line: String, fingerprint: String) throws {
        let key = try #require(AuthorizedKey(line: line))
        #expect(key.fingerprint == fingerprint)
    }

    @Test("options with quoted spaces and commas, a forced command, and the comment")
    func options() throws {
        let line =
            "from=\"10.0.0.1,10.0.0.2\",command=\"rsync --server -e.x \\\"a b\\\"\",no-pty ssh-ed25519 "
            + HostTrees.backupKeyBlob + " backup@nas  two words"
        let key = try #require(AuthorizedKey(line: line))
        #expect(key.options == ["from=\"10.0.0.1,10.0.0.2\"", "command=\"rsync --server -e.x \\\"a b\\\"\"", "no-pty"])
        #expect(key.forcedCommand == "rsync --server -e.x \"a b\"")
        #expect(key.type == "ssh-ed25519")
        #expect(key.comment == "backup@nas  two words")
        #expect(key.fingerprint == HostTrees.backupFingerprint)
    }

    @Test(
        "lines without a key are not keys",
        arguments: ["", "# comment", "ssh-ed25519", "ssh-ed25519 !!notbase64!!", "garbage here", "no-pty ssh-rsa"]
    )
    func notKeys(line: String) {
        #expect(AuthorizedKey(line: line) == nil)
    }
}
