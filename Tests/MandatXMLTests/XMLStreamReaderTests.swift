import Foundation
import MandatXML
import Testing

@Suite("XMLStreamReader: names, attributes, text, depth, lines")
struct XMLStreamReaderTests {
    @Test("Names are namespace URI + local name, whatever the prefix")
    func namesByNamespace() throws {
        // Synthetic. `p` is bound to urn:a on the root and rebound to urn:b inside X; a default namespace
        // applies to unprefixed elements (not attributes); xmlns="" removes it.
        let r = try record(
            """
            <p:Root xmlns:p="urn:a" xmlns="urn:default">
              <Child a="1" p:b="2"/>
              <q:Child xmlns:q="urn:a"/>
              <p:X xmlns:p="urn:b"><p:Y/></p:X>
              <p:Y/>
              <Z xmlns=""/>
            </p:Root>
            """)
        #expect(
            r.starts().map(\.name) == [
                "{urn:a}Root", "{urn:default}Child", "{urn:a}Child", "{urn:b}X", "{urn:b}Y", "{urn:a}Y", "Z",
            ])
        // Unprefixed attribute: no namespace even under a default namespace; p:b is in urn:a.
        #expect(r.starts()[1].attributes == ["a": "1", "{urn:a}b": "2"])
    }

    @Test("Attribute values: references decoded, white space normalised")
    func attributeValues() throws {
        // Synthetic PES-like: the value sits in a V attribute. &amp; and &#38; both give "&" (libxml2 hands
        // them over as "&#38;" when entity substitution is off; the reader decodes it). &#233; and &#xE9; are é.
        let r = try record(
            "<Mandat><Objet V=\"Eau &amp; assainissement &lt;lot 2&gt; &#233;t&#xE9; &#38; &quot;x&quot; &apos;y&apos;\"/>"
                + "<Lib V=\"a\tb\nc\"/></Mandat>")
        #expect(r.start("Objet")?.attributes["V"] == "Eau & assainissement <lot 2> été & \"x\" 'y'")
        // Attribute-value normalisation (XML 1.0 §3.3.3): a literal tab and line feed each become a space.
        #expect(r.start("Lib")?.attributes["V"] == "a b c")
    }

    final class ViewReader: XMLFastStreamHandler {
        var objet: String?
        var missing: String? = "sentinel"
        var bytes: [UInt8] = []
        var count = -1
        var names: [String] = []
        func startElement(_ name: XMLName, attributes: XMLAttributeView, depth: Int, location: XMLLocation) {
            guard name.local == "Objet" else { return }
            objet = attributes.value(local: "V")
            missing = attributes.value(local: "W")
            bytes = attributes.withValueBytes(local: "V") { Array($0) } ?? []
            count = attributes.count
            names = (0..<attributes.count).compactMap { attributes.name(at: $0)?.description }
        }
        func endElement(_ name: XMLName, text: XMLText, depth: Int, location: XMLLocation) {}
    }

    @Test("The in-place attribute view gives the same values, by name, as bytes")
    func attributeView() throws {
        let h = ViewReader()
        let xml = "<M xmlns:h=\"urn:h\"><Objet h:V=\"no\" V=\"R&amp;D 12,50\" Vb=\"x\"/></M>"
        try XMLStreamReader().parse(data: Data(xml.utf8), displayName: "view.xml", handler: h)
        #expect(h.objet == "R&D 12,50")
        #expect(h.missing == nil)
        #expect(h.bytes == Array("R&D 12,50".utf8))
        #expect(h.count == 3)
        #expect(h.names == ["{urn:h}V", "V", "Vb"])
    }

    @Test("Text: comments and processing instructions skipped, CDATA kept, only direct text")
    func textContent() throws {
        let r = try record(
            "<r><a>un<!-- commentaire -->deux<?pi data?>trois</a><b><![CDATA[<x>&amp;</x>]]> fin</b>"
                + "<c>x<d>y</d>z</c><e>  </e></r>")
        #expect(r.end("a")?.text == "undeuxtrois")
        #expect(r.end("b")?.text == "<x>&amp;</x> fin")
        #expect(r.end("c")?.text == "xz")
        #expect(r.end("d")?.text == "y")
        // White space only: value is empty, but the two bytes are counted.
        #expect(r.end("e")?.text == "")
        #expect(r.end("e")?.byteCount == 2)
    }

    @Test("Depth and line numbers of starts and ends")
    func depthAndLines() throws {
        let r = try record(
            """
            <?xml version="1.0"?>
            <r>
              <a>
                <b>t</b>
              </a>
            </r>
            """)
        let got = r.events.map { "\($0.kind) \($0.name) \($0.depth) \($0.line)" }
        #expect(
            got == [
                "start r 1 2", "start a 2 3", "start b 3 4", "end b 3 4", "end a 2 5", "end r 1 6",
            ])
    }

    @Test("A base64 attachment is counted, never held")
    func base64Counted() throws {
        // 100 000 × "QUJD" = 400 000 bytes of base64 in a PES <Fichier> (a binary element).
        let payload = String(repeating: "QUJD", count: 100_000)
        let r = try record("<PJ><Fichier MIMEType=\"application/pdf\">\(payload)</Fichier><Nom V=\"a.pdf\"/></PJ>")
        let f = try #require(r.end("Fichier"))
        #expect(f.byteCount == 400_000)
        #expect(f.text == "")
        #expect(f.truncated)
        #expect(r.start("Nom")?.attributes["V"] == "a.pdf")
    }

    @Test("Text beyond maxTextBytes is counted, cut at a character boundary; reading it refuses the file")
    func maxTextBytes() throws {
        var reader = XMLStreamReader()
        reader.maxTextBytes = 10
        // The recorder reads every value: the cut one (16 bytes > 10) stops the parse once its call returns.
        let r = Recorder()
        let e = try #require(
            readError {
                try reader.parse(
                    data: Data("<r><c>short</c>\n<a>0123456789ABCDEF</a><b>x</b></r>".utf8), displayName: "t.xml",
                    handler: r)
            })
        #expect(e.code == .tooLarge)
        #expect(e.line == 2)
        #expect(
            e.message
                == "text of element <a> (line 2) is 16 bytes, longer than 10 bytes, the XML reader's limit for one "
                + "text value: the file is refused")
        let a = try #require(r.end("a"))
        #expect(a.text == "0123456789")
        #expect(a.byteCount == 16)
        #expect(a.truncated)
        #expect(r.end("c")?.truncated == false)
        #expect(r.end("b") == nil)  // nothing after the refused element
        // "aéé" with a 4-byte limit: a(1) é(2) = 3 bytes, the 4th is half of the second é, so 3 are kept.
        reader.maxTextBytes = 4
        let r2 = Recorder()
        let e2 = readError { try reader.parse(data: Data("<r><b>aéé</b></r>".utf8), displayName: "t.xml", handler: r2) }
        #expect(e2?.code == .tooLarge)
        #expect(r2.end("b")?.text == "aé")
        #expect(r2.end("b")?.byteCount == 5)  // 1 + 2 + 2
    }

    @Test("A cut text that is not read, or only white space, does not refuse the file")
    func cutTextNotRead() throws {
        var reader = XMLStreamReader()
        reader.maxTextBytes = 10
        // The root's direct text is 20 spaces and a line feed: 20 + 1 = 21 bytes > 10, but white space only, so
        // not a value: the recorder reads it and the file is accepted.
        let r = try record("<r>" + String(repeating: " ", count: 20) + "<a>ok</a>\n</r>", reader: reader)
        #expect(r.end("r")?.byteCount == 21)
        #expect(r.end("r")?.truncated == true)
        #expect(r.end("a")?.text == "ok")
        // A handler that only measures the text (byteCount) is never refused.
        final class Sizes: XMLStreamHandler {
            var sizes: [String: Int] = [:]
            func startElement(_ name: XMLName, attributes: [XMLAttribute], depth: Int, location: XMLLocation) {}
            func endElement(_ name: XMLName, text: XMLText, depth: Int, location: XMLLocation) {
                sizes[name.local] = text.byteCount
            }
        }
        let s = Sizes()
        try reader.parse(data: Data("<r><a>0123456789ABCDEF</a></r>".utf8), displayName: "t.xml", handler: s)
        #expect(s.sizes["a"] == 16)
    }

    @Test("Document facts: root, size, element count")
    func documentInfo() throws {
        let xml = "<?xml version=\"1.0\"?>\n<r xmlns=\"urn:x\"><a/><b/></r>\n"
        let info = try XMLStreamReader().parse(data: Data(xml.utf8), displayName: "t.xml", handler: Recorder())
        #expect(info.root == XMLName(namespace: "urn:x", local: "r"))
        #expect(info.size == 52)  // declaration 21 + LF 1 + `<r xmlns="urn:x">` 17 + `<a/><b/></r>` 12 + LF 1
        #expect(info.elementCount == 3)
        #expect(info.hasDeclaration)
    }

    final class Thrower: XMLStreamHandler {
        struct Stop: Error {}
        var seen = 0
        func startElement(_ name: XMLName, attributes: [XMLAttribute], depth: Int, location: XMLLocation) throws {
            seen += 1
            if name.local == "b" { throw Stop() }
        }
        func endElement(_ name: XMLName, text: XMLText, depth: Int, location: XMLLocation) {}
    }

    @Test("A handler's error stops the parse and is rethrown as is")
    func handlerErrorStops() {
        let h = Thrower()
        #expect(throws: Thrower.Stop.self) {
            try XMLStreamReader().parse(data: Data("<r><a/><b/><c/></r>".utf8), displayName: "t.xml", handler: h)
        }
        #expect(h.seen == 3)  // r, a, b: nothing after b
    }
}
