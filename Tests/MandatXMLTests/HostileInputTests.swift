import Foundation
import MandatXML
import Testing

/// Hostile and broken input through the reader: each gives a clear error (or, for a big but legal text
/// node, streams in bounded memory). Time and memory are measured by `mandat-bench hostile`, not here.
@Suite("XMLStreamReader: hostile and broken input")
struct HostileInputTests {
    @Test(
        "Any DOCTYPE is refused before an entity is read: no file content leaks",
        arguments: [
            "xxe-file.xml", "xxe-http.xml", "xxe-external-dtd.xml", "xxe-parameter.xml", "billion-laughs.xml",
            "quadratic-blowup.xml",
        ])
    func doctypeRefused(_ file: String) throws {
        let r = Recorder()
        let e = try #require(
            readError { try XMLStreamReader().parse(path: fixture("hostile/\(file)"), displayName: file, handler: r) })
        #expect(e.code == .doctypeRefused)
        #expect(e.file == file)
        #expect(e.line == 2)  // every DOCTYPE sits on line 2, after the declaration
        #expect(r.events.isEmpty)  // not even the root started
        #expect(!e.description.contains("root:"))  // /etc/passwd's first line starts "root:"
    }

    @Test("100 000 levels of nesting: xml.too-deep at level 257")
    func deepNesting() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("deep.xml")
        try writeRepeated(
            to: url, head: "", unit: "<a>", count: 100_000, tail: String(repeating: "</a>", count: 100_000))
        let r = Recorder()
        let e = try #require(
            readError { try XMLStreamReader().parse(path: url.path, displayName: "deep.xml", handler: r) })
        #expect(e.code == .tooDeep)
        #expect(e.line == 1)
        #expect(e.message.contains("256"))
        #expect(r.starts().count == 256)  // the 257th start is refused before the handler sees it
    }

    @Test("A 50 MB text node streams: counted in full, 64 KiB kept; reading it as a value refuses the file")
    func hugeTextNode() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("big-text.xml")
        // 5 000 000 × "0123456789" = 50 000 000 bytes inside one <Note>, on line 2.
        try writeRepeated(to: url, head: "<r>\n<Note>", unit: "0123456789", count: 5_000_000, tail: "</Note></r>\n")
        // A handler that only measures it: streamed, counted in full.
        final class Sizes: XMLStreamHandler {
            var note: (count: Int, truncated: Bool)?
            func startElement(_ name: XMLName, attributes: [XMLAttribute], depth: Int, location: XMLLocation) {}
            func endElement(_ name: XMLName, text: XMLText, depth: Int, location: XMLLocation) {
                if name.local == "Note" { note = (text.byteCount, text.truncated) }
            }
        }
        let s = Sizes()
        let info = try XMLStreamReader().parse(path: url.path, handler: s)
        #expect(s.note?.count == 50_000_000)
        #expect(s.note?.truncated == true)
        #expect(info.size == 50_000_022)  // 10 + 50 000 000 + 12
        // A handler that reads it (the recorder keeps every value): given the first 64 KiB, then the file is refused.
        let r = Recorder()
        let e = try #require(
            readError { try XMLStreamReader().parse(path: url.path, displayName: "big.xml", handler: r) })
        #expect(e.code == .tooLarge)
        #expect(e.file == "big.xml")
        #expect(e.line == 2)
        #expect(
            e.message
                == "text of element <Note> (line 2) is 50000000 bytes, longer than 65536 bytes, the XML reader's "
                + "limit for one text value: the file is refused")
        #expect(r.end("Note")?.text.utf8.count == 65_536)  // maxTextBytes default 64 × 1024
    }

    @Test("A truncated file: premature end, naming the open element and where it started")
    func truncated() throws {
        let e = try #require(
            readError {
                try XMLStreamReader().parse(
                    path: fixture("hostile/truncated.xml"), displayName: "truncated.xml", handler: Recorder())
            })
        #expect(e.code == .notWellFormed)
        #expect(e.message == "Premature end of data in tag Note line 4")
        #expect(e.line == 4)
    }

    @Test("A binary file: not XML, naming its first byte")
    func binary() throws {
        let e = try #require(
            readError {
                try XMLStreamReader().parse(
                    path: fixture("hostile/binary.xml"), displayName: "binary.xml", handler: Recorder())
            })
        #expect(e.code == .notWellFormed)
        #expect(e.message.contains("0x89"))  // a PNG signature starts with 0x89
        #expect(e.line == 1)
    }

    @Test("An empty file: xml.empty at line 1")
    func empty() throws {
        let e = try #require(
            readError {
                try XMLStreamReader().parse(
                    path: fixture("hostile/empty.xml"), displayName: "empty.xml", handler: Recorder())
            })
        #expect(e.code == .empty)
        #expect(e.line == 1)
        #expect(e.file == "empty.xml")
    }

    @Test("A missing file: io.read")
    func missing() throws {
        let e = try #require(readError { try XMLStreamReader().parse(path: "/nonexistent/x.xml", handler: Recorder()) })
        #expect(e.code == .io)
        #expect(e.file == "/nonexistent/x.xml")
    }

    @Test("Content after the root element, and a mismatched end tag, are not well-formed with their line")
    func notWellFormed() throws {
        let e1 = try #require(readError { try record("<r/>\n<s/>\n") })
        #expect(e1.code == .notWellFormed)
        #expect(e1.line == 2)
        let e2 = try #require(readError { try record("<r>\n<a></b>\n</r>") })
        #expect(e2.code == .notWellFormed)
        #expect(e2.line == 2)
        #expect(e2.message.contains("a"))
    }

    @Test("An undeclared entity reference is an error, not silently dropped")
    func undeclaredEntity() throws {
        let e = try #require(readError { try record("<r>a &nbsp; b</r>") })
        #expect(e.code == .notWellFormed)
        #expect(e.message.contains("nbsp"))
    }
}

@Suite("XMLStreamReader: where a file cut short is reported")
struct PrematureEndTests {
    @Test("The open element's line is where its start tag begins; the position is the end of the data")
    func multiLineStartTag() throws {
        // Synthetic, shaped like a broken UBL file: the root's start tag spans lines 2–4, nothing closes it,
        // and the file ends with a comment and a line feed, so the data runs out at line 6, column 1.
        let xml = "<?xml version=\"1.0\"?>\n<Invoice\n  xmlns=\"urn:x\"\n  xmlns:a=\"urn:a\">\n<!-- broken -->\n"
        let e = try #require(readError { try record(xml) })
        #expect(e.code == .notWellFormed)
        #expect(e.message == "Premature end of data in tag Invoice line 2")
        #expect(e.line == 6)
        #expect(e.column == 1)
    }
}
