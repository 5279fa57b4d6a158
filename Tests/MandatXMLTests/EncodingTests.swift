import Foundation
import MandatXML
import Testing

@Suite("XMLStreamReader: encodings")
struct EncodingTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var file: String
        var encoding: String
        var hasBOM: Bool
        var hasDeclaration: Bool
        var lib: String
        var testDescription: String { file }
    }

    /// The synthetic files in fixtures/encodings/: the same small document in each encoding.
    static let cases: [Case] = [
        Case(file: "utf8-decl.xml", encoding: "UTF-8", hasBOM: false, hasDeclaration: true, lib: "Façade œuvre € 12"),
        Case(file: "utf8-bom.xml", encoding: "UTF-8", hasBOM: true, hasDeclaration: true, lib: "Façade œuvre € 12"),
        Case(
            file: "utf8-no-decl.xml", encoding: "UTF-8", hasBOM: false, hasDeclaration: false, lib: "Façade œuvre € 12"),
        Case(file: "iso-8859-1.xml", encoding: "ISO-8859-1", hasBOM: false, hasDeclaration: true, lib: "Façade à 12"),
        // ISO-8859-15: € is byte 0xA4 and œ is 0xBD (in ISO-8859-1 they would be ¤ and ½).
        Case(
            file: "iso-8859-15.xml", encoding: "ISO-8859-15", hasBOM: false, hasDeclaration: true,
            lib: "Façade œuvre € 12"),
        Case(
            file: "utf16le-bom.xml", encoding: "UTF-16LE", hasBOM: true, hasDeclaration: true, lib: "Façade œuvre € 12"),
        Case(
            file: "utf16be-bom.xml", encoding: "UTF-16BE", hasBOM: true, hasDeclaration: true, lib: "Façade œuvre € 12"),
    ]

    @Test("Each encoding reads to the same UTF-8 values and reports its encoding", arguments: cases)
    func readsEncoding(_ c: Case) throws {
        let r = Recorder()
        let info = try XMLStreamReader().parse(path: fixture("encodings/\(c.file)"), handler: r)
        #expect(info.encoding == c.encoding)
        #expect(info.hasBOM == c.hasBOM)
        #expect(info.hasDeclaration == c.hasDeclaration)
        #expect(info.root == XMLName(namespace: "urn:mandat:test", local: "Doc"))
        #expect(r.start("{urn:mandat:test}Objet")?.attributes["V"] == "Réparation été")
        #expect(r.end("{urn:mandat:test}Lib")?.text == c.lib)
    }

    @Test("ISO-8859-1 bytes declared UTF-8: xml.encoding at the exact byte offset")
    func latin1DeclaredUTF8() throws {
        let path = fixture("encodings/latin1-declared-utf8.xml")
        let e = try #require(
            readError { try XMLStreamReader().parse(path: path, displayName: "lie.xml", handler: Recorder()) })
        #expect(e.code == .encoding)
        // Declaration 38 + LF = 39; `<Doc xmlns="urn:mandat:test">` 29 + LF = 30 (69); `  <Objet V="R` 13 → 82.
        #expect(e.byteOffset == 82)
        #expect(e.line == 3)
        #expect(e.file == "lie.xml")
        #expect(e.message.contains("0xE9"))
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(bytes[82] == 0xE9)  // é in ISO-8859-1
    }

    @Test("Invalid UTF-8 in the middle: xml.encoding at the exact byte offset, line 6")
    func invalidUTF8Middle() throws {
        let path = fixture("encodings/invalid-utf8-middle.xml")
        let e = try #require(readError { try XMLStreamReader().parse(path: path, handler: Recorder()) })
        #expect(e.code == .encoding)
        // 39 (declaration) + 30 (<Doc>) + 33 (Objet line: 2 + 10 + 17 + 3 + 1) + 35 (Lib line: 2 + 5 + 21 + 6 + 1)
        // + 21 (Note line: 2 + 6 + 5 + 7 + 1) + 10 (`  <Bad>ok `) = 168.
        #expect(e.byteOffset == 168)
        #expect(e.line == 6)
        #expect(e.message.contains("0xFF"))
    }

    @Test("The offset is exact wherever the chunk boundaries fall")
    func offsetAcrossChunks() throws {
        // 300 000 bytes of ASCII text, then é in ISO-8859-1 (0xE9) in a file declared UTF-8.
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("late.xml")
        var data = Data("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<r>".utf8)  // 38 + 1 + 3 = 42 bytes
        data.append(Data(repeating: UInt8(ascii: "a"), count: 300_000))
        data.append(0xE9)
        data.append(Data("</r>\n".utf8))
        try data.write(to: url)
        for chunk in [7, 4096, 256 * 1024] {
            var reader = XMLStreamReader()
            reader.chunkSize = chunk
            let e = try #require(readError { try reader.parse(path: url.path, handler: Recorder()) })
            #expect(e.code == .encoding)
            #expect(e.byteOffset == 300_042)  // 42 + 300 000
        }
    }

    @Test("A UTF-8 sequence cut by the end of the file: a premature end, naming the open element")
    func truncatedSequence() throws {
        var data = Data("<r>ab".utf8)
        data.append(0xC3)  // first byte of é, never completed
        let e = try #require(
            readError { try XMLStreamReader().parse(data: data, displayName: "cut.xml", handler: Recorder()) })
        // libxml2 waits for the rest of the character, and the file ends first.
        #expect(e.file == "cut.xml")
        #expect(e.code == .notWellFormed)
        #expect(e.message == "Premature end of data in tag r line 1")
    }
}

@Suite("XMLStreamReader: failed transcoding is never a partial success")
struct TranscodingFailureTests {
    @Test("UTF-16 with an unpaired surrogate: xml.encoding, not a document cut short and called read")
    func unpairedSurrogate() throws {
        // Synthetic: BOM FF FE, then `<Doc …>\n  <Lib>ab`, then the lone high surrogate D800, then `c</Lib>…`.
        // libxml2 reports this only on its global generic handler and halts; before the fix the parse
        // returned success after the root's start tag.
        let r = Recorder()
        let e = try #require(
            readError {
                try XMLStreamReader().parse(
                    path: fixture("encodings/utf16le-unpaired-surrogate.xml"), displayName: "u16.xml", handler: r)
            })
        #expect(e.code == .encoding)
        #expect(e.message.contains("UTF-16LE"))
        #expect(e.file == "u16.xml")
        #expect(r.end("{urn:mandat:test}Doc") == nil)  // the root never ended
    }

    @Test("Bytes invalid in a declared multi-byte encoding: xml.encoding naming it")
    func invalidEUCJP() throws {
        var data = Data("<?xml version=\"1.0\" encoding=\"EUC-JP\"?><r>".utf8)
        data.append(contentsOf: [0xFF, 0xFE, 0x80])  // not EUC-JP
        data.append(Data("</r>".utf8))
        let e = try #require(
            readError { try XMLStreamReader().parse(data: data, displayName: "euc.xml", handler: Recorder()) })
        #expect(e.code == .encoding)
        #expect(e.message.contains("EUC-JP"))
    }

    @Test("A namespace warning does not stop the read (libxml2's chunk return value is not an error)")
    func warningDoesNotStop() throws {
        // `xmlns="foo"` is a relative URI: libxml2 warns and xmlParseChunk returns non-zero. With 16-byte
        // chunks the warning comes in the first push; the old loop stopped there and returned success.
        var reader = XMLStreamReader()
        reader.chunkSize = 16
        let r = try record("<r xmlns=\"foo\"><a>1</a><b>2</b><c>3</c></r>", reader: reader)
        #expect(r.starts().map(\.name) == ["{foo}r", "{foo}a", "{foo}b", "{foo}c"])
        #expect(r.end("{foo}c")?.text == "3")
    }

    @Test("UCS-4 without a BOM is recognised and reported")
    func ucs4() throws {
        let data = "<?xml version=\"1.0\"?><r>a</r>".data(using: .utf32BigEndian) ?? Data()
        let r = Recorder()
        let info = try XMLStreamReader().parse(data: data, displayName: "ucs4.xml", handler: r)
        #expect(info.encoding == "UCS-4BE")
        #expect(r.end("r")?.text == "a")
    }
}
