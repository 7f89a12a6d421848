import PaichaReport
import Testing

struct TextTableTests {
    @Test func alignsColumnsAndShortensTheMiddle() {
        var table = TextTable(columns: [.init("HOST"), .init("LOGIN", maximumWidth: 9), .init("SHARES", .right)])
        table.append(["10.0.0.1", "0x9c99d212f7e5daa18ab50810e0fd255d1f04303b", "45/46"])
        table.append(["2001:db8::1", "short", "1/1"])
        let expected = """
            HOST         LOGIN      SHARES
            ───────────  ─────────  ──────
            10.0.0.1     0x9c…303b   45/46
            2001:db8::1  short         1/1

            """
        #expect(table.render() == expected)
        #expect(TextTable.shorten("0x9c99d212f7e5daa18ab50810e0fd255d1f04303b", to: 9) == "0x9c…303b")
        #expect(TextTable.shorten("short", to: 9) == "short")
    }

    @Test func wideCharactersTakeTwoColumns() {
        #expect(TextTable.displayWidth("高校") == 4)
        #expect(TextTable.displayWidth("Education") == 9)
        var table = TextTable(columns: [.init("类别"), .init("HOSTS", .right)])
        table.append(["高校/学校", "3"])
        table.append(["Education", "12"])
        let lines = table.render().split(separator: "\n").map(String.init)
        #expect(lines.map(TextTable.displayWidth) == [16, 16, 16, 16])
    }
}
