import Foundation
import MandatFormats
import MandatXML
import Testing

/// The package root, from this file's path (Tests/MandatFormatsTests/<file>.swift → up 3 levels).
private let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

private func hostile(_ name: String) -> String { root.appendingPathComponent("fixtures/hostile/\(name)").path }

/// `DocumentReader.read` never throws: every hostile or broken file comes back `notWellFormed` with an
/// error that names the file, the line and column, and a stable code.
@Suite("Detection: hostile and broken files")
struct DetectionHostileTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var file: String
        var code: XMLReadError.Code
        var line: Int
        var column: Int?
        var syntax: String
        var testDescription: String { file }
    }

    static let cases: [Case] = [
        Case(file: "xxe-file.xml", code: .doctypeRefused, line: 2, column: nil, syntax: "XML"),
        Case(file: "xxe-http.xml", code: .doctypeRefused, line: 2, column: nil, syntax: "XML"),
        Case(file: "xxe-external-dtd.xml", code: .doctypeRefused, line: 2, column: nil, syntax: "XML"),
        Case(file: "xxe-parameter.xml", code: .doctypeRefused, line: 2, column: nil, syntax: "XML"),
        Case(file: "billion-laughs.xml", code: .doctypeRefused, line: 2, column: nil, syntax: "XML"),
        Case(file: "quadratic-blowup.xml", code: .doctypeRefused, line: 2, column: nil, syntax: "XML"),
        Case(file: "truncated.xml", code: .notWellFormed, line: 4, column: nil, syntax: "XML"),
        Case(file: "binary.xml", code: .notWellFormed, line: 1, column: 1, syntax: "XML"),
        Case(file: "empty.xml", code: .empty, line: 1, column: 1, syntax: "XML"),
        // `  "identifiantFactureCPP": 000115552`: 2 spaces + 23 (quoted key) + ':' + ' ' = 27, so the first 0 is
        // column 28.
        Case(file: "leading-zeros.json", code: .jsonNotWellFormed, line: 2, column: 28, syntax: "JSON"),
        // `  ]` after `{"numeroFacture": "F-1"},`: the value expected at line 4, column 3.
        Case(file: "trailing-comma.json", code: .jsonNotWellFormed, line: 4, column: 3, syntax: "JSON"),
        // Line 3 `    "histo": [ {"statut": "DEPOSEE"` is 4 + 8 + 1 + 1 + 1 + 1 + 9 + 1 + 9 = 35 characters: the data
        // ends at column 36.
        Case(file: "truncated.json", code: .jsonNotWellFormed, line: 3, column: 36, syntax: "JSON"),
    ]

    @Test("Each hostile file is notWellFormed with its code, line and column", arguments: cases)
    func hostileFile(_ c: Case) throws {
        let doc = DocumentReader.read(path: hostile(c.file), displayName: c.file)
        #expect(doc.kind == .notWellFormed)
        #expect(doc.syntax == c.syntax)
        let e = try #require(doc.error)
        #expect(e.code == c.code)
        #expect(e.file == c.file)
        #expect(e.line == c.line)
        if let column = c.column { #expect(e.column == column) }
        #expect(!e.message.isEmpty)
    }

    @Test("The XXE fixtures leak nothing of /etc/passwd into the document or its JSON")
    func noLeak() throws {
        for file in ["xxe-file.xml", "xxe-external-dtd.xml", "xxe-parameter.xml"] {
            let doc = DocumentReader.read(path: hostile(file), displayName: file)
            let json = doc.json.serialized()
            #expect(!json.contains("root:"))
            #expect(doc.fields.isEmpty)
            #expect(doc.error?.message.contains("DOCTYPE") == true || doc.error?.message.contains("DTD") == true)
        }
    }

    @Test("Invalid UTF-8 in the middle of a file: the byte offset reaches the JSON output")
    func encodingOffsetInJSON() throws {
        let path = root.appendingPathComponent("fixtures/encodings/invalid-utf8-middle.xml").path
        let doc = DocumentReader.read(path: path, displayName: "bad.xml")
        #expect(doc.kind == .notWellFormed)
        #expect(doc.error?.code == .encoding)
        #expect(doc.error?.byteOffset == 168)  // see EncodingTests.invalidUTF8Middle for the arithmetic
        #expect(doc.json.serialized().contains("\"errorByteOffset\":168"))
    }

    static let corpusFile = root.appendingPathComponent("../shared/corpus/einvoice/kv_ubl007.xml").standardizedFileURL
        .path
    static let corpusAvailable: Bool = {
        let ok = FileManager.default.fileExists(atPath: corpusFile)
        if !ok { print("note: ../shared/corpus is absent; the kv_ubl007.xml check is skipped") }
        return ok
    }()

    @Test(
        "Corpus kv_ubl007.xml (cut short): message, line and column as in EXPECTED.json",
        .enabled(if: DetectionHostileTests.corpusAvailable))
    func corpusTruncatedUBL() throws {
        // EXPECTED.json: "Premature end of data in tag Invoice line 2, line 536, column 1" (lxml appends the
        // position to the message; we keep it in errorLine/errorColumn). The root's start tag begins on
        // line 2; the 535-line file ends with a line feed, so the data runs out at line 536, column 1.
        let doc = DocumentReader.read(path: Self.corpusFile, displayName: "kv_ubl007.xml")
        #expect(doc.kind == .notWellFormed)
        let e = try #require(doc.error)
        #expect(e.message == "Premature end of data in tag Invoice line 2")
        #expect(e.line == 536)
        #expect(e.column == 1)
    }

    @Test(
        "A value longer than libxml2's 10 MB limit is xml.too-large, naming the file and the line, limit kept",
        arguments: ["attribute", "comment", "name"])
    func valueTooLarge(kind: String) throws {
        // Given: an 11 MiB attribute value, comment or element name on line 3 (a text node that long is streamed
        // and read: InvoiceLargeAttachmentTests).
        let big = String(repeating: "A", count: 11 << 20)
        let value: String
        switch kind {
        case "attribute": value = "<x a=\"\(big)\"/>"
        case "comment": value = "<!--\(big)-->"
        default: value = "<\(big)/>"
        }
        let text =
            "<?xml version=\"1.0\"?>\n<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\">\n"
            + value + "\n</Invoice>\n"
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mandat-big-\(UUID().uuidString).xml")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        // When
        let doc = DocumentReader.read(path: url.path, displayName: "big.xml")
        // Then
        let e = try #require(doc.error)
        #expect(e.code == .tooLarge)
        #expect(e.file == "big.xml")
        #expect(e.line == 3)
        #expect(
            e.message.hasPrefix(
                "a value (attribute, name, comment, CDATA section or processing instruction) is longer than 10 MB"))
        #expect(e.description.hasSuffix("[xml.too-large]"))
    }

    @Test(
        "A text value longer than the reader keeps (64 KiB) is xml.too-large, naming the element and its line",
        arguments: ["invoices/ubl-invoice-full.xml", "invoices/cii-invoice-full.xml"])
    func textValueTooLarge(fixture: String) throws {
        // Given: the full invoice with its number (BT-1) made 20 MB long: 2 000 000 × "0123456789".
        let original = try String(contentsOf: root.appendingPathComponent("fixtures/" + fixture), encoding: .utf8)
        let number = fixture.contains("ubl") ? "<cbc:ID>FA-2026-" : "<ram:ID>FA-2026-"
        let line = try #require(original.components(separatedBy: "\n").firstIndex { $0.contains(number) }) + 1
        let big = original.replacingOccurrences(
            of: number, with: number + String(repeating: "0123456789", count: 2_000_000))
        #expect(big.utf8.count > original.utf8.count)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mandat-bigid-\(UUID().uuidString).xml")
        try Data(big.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        // When
        let doc = DocumentReader.read(path: url.path, displayName: "big-id.xml")
        // Then: refused, the invoice number is not kept cut to 65 536 bytes (line 9 in UBL, 16 in CII). The value's
        // bytes, the comment inside it not being text: "FA-2026-" (8) + 20 000 000 + "0042" (4) = 20 000 012.
        #expect(doc.invoices.isEmpty)
        let e = try #require(doc.error)
        #expect(e.code == .tooLarge)
        #expect(e.file == "big-id.xml")
        #expect(e.line == line)
        #expect(
            e.message
                == "text of element <ID> (line \(line)) is 20000012 bytes, longer than 65536 bytes, the XML reader's "
                + "limit for one text value: the file is refused")
    }

    @Test("A JSON file too big to be a Chorus Pro answer is refused without being loaded")
    func oversizedJSON() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mandat-detect-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("big.json")
        // A sparse file: "{" then a hole up to 1 byte past the limit (never written to disk in full).
        _ = FileManager.default.createFile(atPath: url.path, contents: Data("{".utf8))
        let fh = try FileHandle(forWritingTo: url)
        try fh.truncate(atOffset: UInt64(DocumentReader.maxJSONBytes + 1))
        try fh.close()
        let doc = DocumentReader.read(path: url.path, displayName: "big.json")
        #expect(doc.kind == .notWellFormed)
        #expect(doc.syntax == "JSON")
        #expect(doc.error?.code == .jsonNotWellFormed)
        #expect(doc.error?.message.contains("\(DocumentReader.maxJSONBytes)") == true)
    }
}
