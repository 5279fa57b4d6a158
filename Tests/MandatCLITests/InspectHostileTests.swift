import Foundation
import Testing

private let root = cliRoot

private let binaryAvailable: Bool = mandatBinary != nil

/// Runs `mandat` with `arguments` and returns exit status, standard output and standard error.
private func runMandat(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
    try runMandatCLI(arguments)
}

/// End-to-end: `mandat inspect` on hostile and broken files prints one clear error line each (file, line,
/// column, message, code) and exits 2; it never crashes (a crash would be a signal status, not 2).
@Suite("mandat inspect on hostile files", .enabled(if: binaryAvailable))
struct InspectHostileTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var file: String
        /// The start of the error line, up to the message: `ERROR file:line[:column]: `.
        var prefix: String
        var code: String
        var testDescription: String { file }
    }

    static let cases: [Case] = [
        Case(
            file: "fixtures/hostile/xxe-file.xml", prefix: "ERROR fixtures/hostile/xxe-file.xml:2:",
            code: "xml.doctype-refused"),
        Case(
            file: "fixtures/hostile/xxe-http.xml", prefix: "ERROR fixtures/hostile/xxe-http.xml:2:",
            code: "xml.doctype-refused"),
        Case(
            file: "fixtures/hostile/billion-laughs.xml", prefix: "ERROR fixtures/hostile/billion-laughs.xml:2:",
            code: "xml.doctype-refused"),
        Case(
            file: "fixtures/hostile/quadratic-blowup.xml", prefix: "ERROR fixtures/hostile/quadratic-blowup.xml:2:",
            code: "xml.doctype-refused"),
        Case(
            file: "fixtures/hostile/truncated.xml", prefix: "ERROR fixtures/hostile/truncated.xml:4:",
            code: "xml.not-well-formed"),
        Case(
            file: "fixtures/hostile/binary.xml", prefix: "ERROR fixtures/hostile/binary.xml:1:1: not XML",
            code: "xml.not-well-formed"),
        Case(file: "fixtures/hostile/empty.xml", prefix: "ERROR fixtures/hostile/empty.xml:1:1: ", code: "xml.empty"),
        Case(
            file: "fixtures/encodings/latin1-declared-utf8.xml",
            prefix: "ERROR fixtures/encodings/latin1-declared-utf8.xml:3:", code: "xml.encoding"),
        Case(
            file: "fixtures/encodings/invalid-utf8-middle.xml",
            prefix: "ERROR fixtures/encodings/invalid-utf8-middle.xml:6:", code: "xml.encoding"),
        Case(
            file: "fixtures/hostile/leading-zeros.json", prefix: "ERROR fixtures/hostile/leading-zeros.json:2:28: ",
            code: "json.not-well-formed"),
        Case(
            file: "fixtures/hostile/trailing-comma.json", prefix: "ERROR fixtures/hostile/trailing-comma.json:4:3: ",
            code: "json.not-well-formed"),
        Case(
            file: "fixtures/hostile/truncated.json", prefix: "ERROR fixtures/hostile/truncated.json:3:36: ",
            code: "json.not-well-formed"),
    ]

    @Test("One error line naming file, line, column and code; exit status 1", arguments: cases)
    func hostile(_ c: Case) throws {
        let r = try runMandat(["inspect", "--lang", "en", c.file])
        #expect(r.status == 1)
        let lines = r.out.split(separator: "\n").map(String.init)
        #expect(lines.count == 1)
        let line = try #require(lines.first)
        #expect(line.hasPrefix(c.prefix))
        #expect(line.hasSuffix("[\(c.code)]"))
        #expect(!r.out.contains("root:"))  // nothing of /etc/passwd
    }

    @Test("In French, the error says what is wrong in French, keyed by its code")
    func frenchErrorText() throws {
        let empty = try runMandat(["inspect", "fixtures/hostile/empty.xml"])
        #expect(empty.out == "ERREUR fixtures/hostile/empty.xml:1:1 : fichier vide [xml.empty]\n")
        let truncated = try runMandat(["inspect", "fixtures/hostile/trailing-comma.json"])
        #expect(truncated.out.hasPrefix("ERREUR fixtures/hostile/trailing-comma.json:4:3 : JSON mal formé (détail : "))
        #expect(truncated.out.hasSuffix(" [json.not-well-formed]\n"))
    }

    @Test("A missing path: import's check and words (« introuvable », io.not-found), the next file still read")
    func missingPath() throws {
        let fr = try runMandat(["inspect", "fixtures/nope/absent.xml", "fixtures/hostile/empty.xml"])
        #expect(fr.status == 1)
        #expect(
            fr.out
                == "ERREUR fixtures/nope/absent.xml : fichier ou dossier introuvable (ou lien cassé) [io.not-found]\n"
                + "ERREUR fixtures/hostile/empty.xml:1:1 : fichier vide [xml.empty]\n")
        let en = try runMandat(["inspect", "--lang", "en", "fixtures/nope/absent.xml"])
        #expect(en.status == 1)
        #expect(en.out == "ERROR fixtures/nope/absent.xml: no such file or folder [io.not-found]\n")
        // import says the same of it.
        let imported = try runMandat(["import", "--dry-run", "fixtures/nope/absent.xml"])
        #expect(
            imported.out.contains(
                "fixtures/nope/absent.xml : fichier ou dossier introuvable (ou lien cassé) [io.not-found]"))
        let json = try runMandat(["inspect", "--json", "fixtures/nope/absent.xml"])
        #expect(json.status == 1)
        #expect(
            json.out == #"{"file":"fixtures/nope/absent.xml","kind":"notWellFormed","error":"no such file or folder","#
                + #""code":"io.not-found","errorLine":null,"errorColumn":null,"encoding":null,"size":0,"notes":[]}"#
                + "\n")
    }

    @Test("The byte offset of an encoding error is in the text and JSON output")
    func encodingOffset() throws {
        let file = "fixtures/encodings/latin1-declared-utf8.xml"
        let text = try runMandat(["inspect", "--lang", "en", file])
        #expect(text.out.contains("(byte offset 82)"))  // see EncodingTests.latin1DeclaredUTF8
        let json = try runMandat(["inspect", "--json", file])
        #expect(json.status == 1)
        #expect(json.out.contains("\"errorByteOffset\":82"))
        #expect(json.out.contains("\"kind\":\"notWellFormed\""))
        #expect(json.out.contains("\"errorLine\":3"))
    }

    @Test("Several files, one broken: the others are still inspected, exit status non-zero")
    func oneBrokenAmongSeveral() throws {
        let files = [
            "fixtures/encodings/utf8-decl.xml", "fixtures/hostile/truncated.xml", "fixtures/encodings/iso-8859-1.xml",
        ]
        let r = try runMandat(["inspect", "--lang", "en"] + files)
        #expect(r.status == 1)
        let lines = r.out.split(separator: "\n").map(String.init)
        // Each good file: a first line `path: kind · …` (plus a note line: its root is not a Mandat format).
        #expect(
            lines.first?.hasPrefix("fixtures/encodings/utf8-decl.xml: unknown · syntax XML · encoding UTF-8") == true)
        #expect(lines.contains { $0.hasPrefix("ERROR fixtures/hostile/truncated.xml:4:") })
        #expect(
            lines.contains {
                $0.hasPrefix("fixtures/encodings/iso-8859-1.xml: unknown · syntax XML · encoding ISO-8859-1")
            })
        // Order is kept: good, broken, good.
        let order = lines.filter { !$0.hasPrefix("  ") }.map { $0.prefix(28) }
        #expect(order.count == 3)
    }

    @Test("Several files with --json: one object per file, broken one included")
    func jsonSeveral() throws {
        let r = try runMandat(["inspect", "--json", "fixtures/hostile/empty.xml", "fixtures/encodings/utf16le-bom.xml"])
        #expect(r.status == 1)
        let lines = r.out.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines.first?.contains("\"kind\":\"notWellFormed\"") == true)
        #expect(lines.last?.contains("\"encoding\":\"UTF-16LE\"") == true)
    }
}

/// `mandat inspect` lists an invoice's business checks, not only their count (a reviewer's finding).
@Suite("mandat inspect lists the findings", .enabled(if: binaryAvailable))
struct InspectFindingsTests {
    @Test func findingsByCodeAndTerm() throws {
        let r = try runMandat(["inspect", "fixtures/invoices/cii-negative.xml"])
        #expect(r.status == 0)
        let lines = r.out.split(separator: "\n").map(String.init)
        let start = try #require(lines.firstIndex(of: "  findings: 5 élément(s)"))
        #expect(
            Array(lines[(start + 1)...(start + 5)]) == [
                "    - invoice.amount-due-mismatch (BT-115)", "    - invoice.buyer-siret-invalid (BT-47)",
                "    - invoice.code-service-missing (BT-10)", "    - invoice.engagement-missing (BT-13)",
                "    - invoice.due-date-missing (BT-9)",
            ])
        let en = try runMandat(["inspect", "--lang", "en", "fixtures/invoices/cii-negative.xml"])
        #expect(en.out.contains("  findings: 5 item(s)\n    - invoice.amount-due-mismatch (BT-115)\n"))
    }
}

/// The codes `inspect` gives match `import`'s: a FIFO is `io.not-regular`, an empty `.json` file `json.empty` (a
/// reviewer's finding: `io.read` and `xml.empty` before).
@Suite("mandat inspect codes as import", .enabled(if: binaryAvailable))
struct InspectCodeTests {
    @Test func fifoAndEmptyJSON() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mandat-codes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("pipe.xml").path
        try #require(mkfifo(fifo, 0o600) == 0)
        let empty = dir.appendingPathComponent("empty.json").path
        try Data().write(to: URL(fileURLWithPath: empty))
        let f = try runMandat(["inspect", fifo])
        #expect(f.status == 1)
        #expect(
            f.out.hasSuffix("pas un fichier ordinaire (périphérique, tube ou socket) : non lu [io.not-regular]\n"),
            "\(f.out)")
        let e = try runMandat(["inspect", empty])
        #expect(e.out == "ERREUR \(empty):1:1 : fichier vide [json.empty]\n", "\(e.out)")
    }
}
