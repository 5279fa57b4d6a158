import Foundation
import MandatXML
import Testing

/// Asks for what `wanted` says per local name (nothing for the others) and records what it is given.
final class Picker: XMLElementHandler {
    let wanted: [String: XMLElementInterest]
    /// `local id` for every name asked about, in the order asked.
    var asked: [String] = []
    var names: [Int: XMLName] = [:]
    var events: [String] = []
    var texts: [String: (string: String, trimmed: String?, held: Int, count: Int, truncated: Bool)] = [:]
    var lines: [String: Int] = [:]
    var attributeV: [String: String] = [:]
    var failOn: String?

    init(_ wanted: [String: XMLElementInterest]) { self.wanted = wanted }

    struct Stop: Error {}

    func interest(in name: XMLName, id: XMLNameID) -> XMLElementInterest {
        asked.append("\(name.local) \(id.rawValue)")
        names[id.rawValue] = name
        return wanted[name.local] ?? .none
    }

    func startElement(_ id: XMLNameID, attributes: XMLAttributeView, depth: Int) throws {
        let local = names[id.rawValue]?.local ?? "?"
        events.append("start \(local) \(depth)")
        if let v = attributes.value(local: "V") { attributeV[local] = v }
        lines[local] = attributes.location.line
        if local == failOn { throw Stop() }
    }

    func endElement(_ id: XMLNameID, text: XMLTextView, depth: Int) throws {
        let local = names[id.rawValue]?.local ?? "?"
        events.append("end \(local) \(depth)")
        texts[local] = (text.string, text.trimmed, text.heldCount, text.byteCount, text.truncated)
    }
}

@discardableResult
func pick(_ xml: String, _ wanted: [String: XMLElementInterest], reader: XMLStreamReader = XMLStreamReader())
    throws -> Picker
{
    let p = Picker(wanted)
    try reader.parse(data: Data(xml.utf8), displayName: "test.xml", elementHandler: p)
    return p
}

@Suite("XMLStreamReader with an XMLElementHandler: ids, interest, text as bytes")
struct XMLElementHandlerTests {
    @Test("Each distinct name is asked about once, ids in order of first sight; only wanted events arrive")
    func interestPerName() throws {
        // Synthetic: names r, a, b, c; a twice, b inside each a. Only a's start and b's end are wanted.
        let p = try pick(
            "<r><a V=\"1\"><b>x</b></a><c/><a V=\"2\"><b>y</b></a></r>", ["a": .start, "b": [.end, .text]])
        #expect(p.asked == ["r 0", "a 1", "b 2", "c 3"])
        #expect(p.events == ["start a 2", "end b 3", "start a 2", "end b 3"])
        #expect(p.attributeV["a"] == "2")  // the last a
        #expect(p.texts["b"]?.string == "y")
    }

    @Test("Names are namespace URI + local name: the same local name in two namespaces has two ids")
    func idsByNamespace() throws {
        let p = try pick("<r xmlns:p=\"urn:p\" xmlns:q=\"urn:q\"><p:x/><q:x/><p:x/></r>", [:])
        #expect(p.asked == ["r 0", "x 1", "x 2"])
        #expect(p.names[1] == XMLName(namespace: "urn:p", local: "x"))
        #expect(p.names[2] == XMLName(namespace: "urn:q", local: "x"))
    }

    @Test("Text: direct text only, white space kept in the bytes, trimmed on request; none unless asked")
    func textView() throws {
        // c's direct text is "  x" + "z " (d's text is d's own); e asks for .end without .text.
        let p = try pick(
            "<r><c>  x<d>y</d>z </c><e>hello</e><f>\n  </f></r>",
            ["c": [.end, .text], "d": [.end, .text], "e": .end, "f": [.end, .text]])
        #expect(p.texts["c"]?.string == "  xz ")
        #expect(p.texts["c"]?.trimmed == "xz")
        #expect(p.texts["d"]?.string == "y")
        #expect(p.texts["e"]?.string == "")
        #expect(p.texts["e"]?.count == 0)
        #expect(p.texts["f"]?.trimmed == nil)
        #expect(p.texts["f"]?.count == 3)  // "\n" + two spaces
    }

    @Test("Text resumes after a child that wants none; CDATA and references count as text")
    func textAroundChildren() throws {
        // g's direct text: "a", then x (not wanted: its text, CDATA and reference are not reported), then
        // "b" from a CDATA section and "&c" from a reference and text: "ab&c", 4 bytes.
        let p = try pick(
            "<r><g>a<x>no<![CDATA[no]]>&amp;</x><![CDATA[b]]>&amp;c</g></r>", ["g": [.end, .text], "x": .end])
        #expect(p.texts["g"]?.string == "ab&c")
        #expect(p.texts["g"]?.count == 4)
        #expect(p.texts["x"]?.string == "")
        #expect(p.events == ["end x 3", "end g 2"])
    }

    @Test("Text beyond maxTextBytes is counted, cut before a partial UTF-8 character")
    func truncated() throws {
        var reader = XMLStreamReader()
        reader.maxTextBytes = 5
        // "aééé" = 1 + 2 + 2 + 2 = 7 bytes: the first 5 are "aéé" (1 + 2 + 2), whole characters, all held.
        // "abéé" = 1 + 1 + 2 + 2 = 6 bytes: the first 5 end inside the second é, so 4 are held ("abé").
        // The picker reads each text it is given: the first cut one it reads refuses the file (xml.too-large),
        // so each document holds one.
        let p = Picker(["s": [.end, .text]])
        let e = readError {
            try reader.parse(data: Data("<r><s>aééé</s></r>".utf8), displayName: "t.xml", elementHandler: p)
        }
        #expect(e?.code == .tooLarge)
        #expect(e?.message.hasPrefix("text of element <s> (line 1) is 7 bytes, longer than 5 bytes") == true)
        #expect(p.texts["s"]?.string == "aéé")
        #expect(p.texts["s"]?.count == 7)
        #expect(p.texts["s"]?.truncated == true)
        let q = Picker(["t": [.end, .text]])
        let e2 = readError {
            try reader.parse(data: Data("<r><t>abéé</t></r>".utf8), displayName: "t.xml", elementHandler: q)
        }
        #expect(e2?.code == .tooLarge)
        #expect(q.texts["t"]?.string == "abé")
        #expect(q.texts["t"]?.held == 4)
        #expect(q.texts["t"]?.count == 6)
    }

    @Test("A cut text the handler does not read (only its size) is not refused; white space only is never a cut value")
    func cutTextUnread() throws {
        final class Sizer: XMLElementHandler {
            var sizes: [Int] = []
            var root: [String] = []
            func interest(in name: XMLName, id: XMLNameID) -> XMLElementInterest { [.end, .text] }
            func endElement(_ id: XMLNameID, text: XMLTextView, depth: Int) throws {
                sizes.append(text.byteCount)
                // The root's text (white space only) is read: accepted.
                if depth == 1 { root.append(text.string) }
            }
        }
        var reader = XMLStreamReader()
        reader.maxTextBytes = 5
        let h = Sizer()
        // <s>: 10 bytes > 5, measured only. <r>: 8 spaces + "\n" = 9 bytes > 5, white space, read.
        try reader.parse(
            data: Data("<r>        <s>0123456789</s>\n</r>".utf8), displayName: "t.xml", elementHandler: h)
        #expect(h.sizes == [10, 9])
        #expect(h.root == ["     "])  // the 5 bytes held
    }

    @Test("A base64 attachment (binary element) is counted, never held")
    func binaryCounted() throws {
        // 50 000 × "QUJD" = 200 000 bytes.
        let payload = String(repeating: "QUJD", count: 50_000)
        let p = try pick("<PJ><Fichier>\(payload)</Fichier></PJ>", ["Fichier": [.end, .text]])
        #expect(p.texts["Fichier"]?.count == 200_000)
        #expect(p.texts["Fichier"]?.held == 0)
        #expect(p.texts["Fichier"]?.truncated == true)
    }

    @Test("ISO-8859-1 text and attributes arrive as UTF-8 bytes")
    func latin1() throws {
        // "<?xml version="1.0" encoding="ISO-8859-1"?><r V="é">à</r>" with é = 0xE9 and à = 0xE0.
        var bytes = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><r V=\"".utf8)
        bytes += [0xE9] + Array("\">".utf8) + [0xE0] + Array("</r>".utf8)
        let p = Picker(["r": .all])
        try XMLStreamReader().parse(data: Data(bytes), displayName: "latin1.xml", elementHandler: p)
        #expect(p.attributeV["r"] == "é")
        #expect(p.texts["r"]?.string == "à")
        #expect(p.texts["r"]?.count == 2)  // à is 2 bytes in UTF-8
    }

    @Test("The safety limits hold whatever the handler asks for: depth, DOCTYPE, a file cut short")
    func limits() throws {
        var reader = XMLStreamReader()
        reader.maxDepth = 3
        let deep = try #require(readError { try pick("<a><b><c><d/></c></b></a>", [:], reader: reader) })
        #expect(deep.code == .tooDeep)
        let doctype = try #require(readError { try pick("<?xml version=\"1.0\"?>\n<!DOCTYPE r []>\n<r/>", [:]) })
        #expect(doctype.code == .doctypeRefused)
        // The start tag of a begins on line 3 (after a two-line comment on the same line as r) and ends on 4.
        let cut = try #require(readError { try pick("<r><!--\n\n--><a\n x=\"1\">", [:]) })
        #expect(cut.message == "Premature end of data in tag a line 3")
        let sameLine = try #require(readError { try pick("<r>\n<a><b>", [:]) })
        #expect(sameLine.message == "Premature end of data in tag b line 2")
    }

    @Test("What the handler throws stops the parse and is rethrown")
    func handlerError() throws {
        let p = Picker(["b": .start])
        p.failOn = "b"
        #expect(throws: Picker.Stop.self) {
            try XMLStreamReader().parse(data: Data("<r><b/><b/></r>".utf8), displayName: "t.xml", elementHandler: p)
        }
        #expect(p.events == ["start b 2"])
    }

    @Test("Locations: the attribute view is at the end of the start tag")
    func locations() throws {
        let p = try pick("<r>\n<a\n V=\"1\"/>\n</r>", ["a": .start])
        #expect(p.lines["a"] == 3)
    }

    @Test("Document facts: root and element count as with the String handlers")
    func info() throws {
        let p = Picker([:])
        let info = try XMLStreamReader().parse(
            data: Data("<r xmlns=\"urn:r\"><a/><b><c/></b></r>".utf8), displayName: "t.xml", elementHandler: p)
        #expect(info.root == XMLName(namespace: "urn:r", local: "r"))
        #expect(info.elementCount == 4)  // r, a, b, c
    }
}

/// Skips the descendants of every element named in `skip`, records the rest.
final class Skipper: XMLElementHandler {
    let skip: Set<String>
    var names: [Int: String] = [:]
    var events: [String] = []
    init(skip: Set<String>) { self.skip = skip }

    func interest(in name: XMLName, id: XMLNameID) -> XMLElementInterest {
        names[id.rawValue] = name.local
        return .all
    }

    func startElement(_ id: XMLNameID, attributes: XMLAttributeView, depth: Int) {
        let local = names[id.rawValue] ?? "?"
        events.append("start \(local)")
        if skip.contains(local) { attributes.skipDescendants() }
    }

    func endElement(_ id: XMLNameID, text: XMLTextView, depth: Int) {
        events.append("end \(names[id.rawValue] ?? "?") \(text.string.debugDescription)")
    }
}

@Suite("XMLAttributeView.skipDescendants: a handler skips a subtree")
struct SkipDescendantsTests {
    @Test("Nothing inside a skipped element is reported; its own end and direct text are")
    func skipped() throws {
        // a is skipped: its x and b (and b's x) are not reported; a's direct text is "t1" + "t2".
        let h = Skipper(skip: ["a"])
        try XMLStreamReader().parse(
            data: Data("<r><a>t1<x>1</x><b><x>2</x></b>t2</a><x>3</x></r>".utf8), displayName: "t.xml",
            elementHandler: h)
        #expect(h.events == ["start r", "start a", "end a \"t1t2\"", "start x", "end x \"3\"", "end r \"\""])
    }

    @Test("A String handler (XMLFastStreamHandler) can skip too")
    func skippedForStringHandler() throws {
        final class Fast: XMLFastStreamHandler {
            var events: [String] = []
            func startElement(_ name: XMLName, attributes: XMLAttributeView, depth: Int, location: XMLLocation) {
                events.append("start \(name.local)")
                if name.local == "Line" { attributes.skipDescendants() }
            }
            func endElement(_ name: XMLName, text: XMLText, depth: Int, location: XMLLocation) {
                events.append("end \(name.local)")
            }
        }
        let h = Fast()
        try XMLStreamReader().parse(
            data: Data("<I><Line><ID>1</ID></Line><Line><ID>2</ID></Line><ID>T</ID></I>".utf8), displayName: "t.xml",
            handler: h)
        #expect(
            h.events == ["start I", "start Line", "end Line", "start Line", "end Line", "start ID", "end ID", "end I"])
    }

    @Test("A skipped subtree is still checked: a wrong end tag and the depth limit are errors")
    func stillChecked() throws {
        let bad = try #require(
            readError {
                try XMLStreamReader().parse(
                    data: Data("<r><a><b></a></r>".utf8), displayName: "t.xml", elementHandler: Skipper(skip: ["a"]))
            })
        #expect(bad.code == .notWellFormed)
        var reader = XMLStreamReader()
        reader.maxDepth = 3
        let deep = try #require(
            readError {
                try reader.parse(
                    data: Data("<r><a><b><c/></b></a></r>".utf8), displayName: "t.xml",
                    elementHandler: Skipper(skip: ["a"]))
            })
        #expect(deep.code == .tooDeep)
    }
}
