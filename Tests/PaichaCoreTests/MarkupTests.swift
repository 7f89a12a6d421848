import PaichaCore
import Testing

@Test func markupEscapesTheFiveCharactersAndKeepsTheRest() {
    #expect(
        Markup.escape(#"<a href="x">Tom & Jerry's 挖矿</a>"#)
            == "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s 挖矿&lt;/a&gt;"
    )
    #expect(Markup.escape("") == "")
}
