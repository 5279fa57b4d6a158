import Foundation
import Testing

/// A file name holding a line feed, ESC sequences (colour, OSC window title) and a BEL: every human-readable output
/// that names it (`inspect`, `import`'s lines and summary, `import --errors`) shows the controls as `�` on one line,
/// and `inspect` says the error in the same French words as `import`.
@Suite("File names with control characters", .enabled(if: mandatBinary != nil))
struct TerminalNameTests {
    /// The hostile name, as the reviewer made it: a fake import line after a line feed, a colour and a title.
    static let evilName = "evil\n[9] importé facture fake.xml\u{1B}[31mRED\u{1B}]0;pwned\u{07}.xml"

    /// Makes a temporary folder holding one truncated invoice under `evilName` (created by python, as a user's tool
    /// would), and returns the folder and the file's path.
    static func makeEvilFile() throws -> (dir: String, file: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mandat-evil-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        _ = try runMandatCLI(
            [
                "python3", "-c",
                "import os, sys; open(os.path.join(sys.argv[1], sys.argv[2]), 'w').write(sys.argv[3])",
                dir, evilName,
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    + "<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\">\n"
                    + "  <ID>F-1</ID>\n  <Note>cut",
            ], executable: "/usr/bin/env")
        let file = (dir as NSString).appendingPathComponent(evilName)
        if !FileManager.default.fileExists(atPath: file) {
            // No python on this machine: the same bytes written by Foundation.
            try Data("<?xml version=\"1.0\"?>\n<Invoice>\n  <Note>cut".utf8).write(to: URL(fileURLWithPath: file))
        }
        return (dir, file)
    }

    /// No byte that acts on a terminal: ESC, BEL, or any other C0/C1 control but the line feed.
    static func hasControl(_ s: String) -> Bool {
        s.unicodeScalars.contains { ($0.value < 0x20 && $0.value != 0x0A) || (0x7F...0x9F).contains($0.value) }
    }

    @Test("inspect prints the name with � and the French reader message, on one line")
    func inspectCleansName() throws {
        let (dir, file) = try Self.makeEvilFile()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try runMandatCLI(["inspect", file])
        #expect(r.status == 1)
        #expect(!Self.hasControl(r.out), "\(r.out.debugDescription)")
        let lines = r.out.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 && lines[1].isEmpty, "\(r.out.debugDescription)")
        #expect(
            r.out.hasPrefix(
                "ERREUR \(dir)/evil\u{FFFD}[9] importé facture fake.xml\u{FFFD}[31mRED\u{FFFD}]0;pwned\u{FFFD}.xml"
                    + ":4:"),
            "\(r.out.debugDescription)")
        #expect(r.out.contains(" : XML mal formé (détail : "), "\(r.out.debugDescription)")
        #expect(r.out.hasSuffix(") [xml.not-well-formed]\n"), "\(r.out.debugDescription)")
        let en = try runMandatCLI(["inspect", "--lang", "en", file])
        #expect(!Self.hasControl(en.out), "\(en.out.debugDescription)")
        #expect(en.out.hasPrefix("ERROR \(dir)/evil\u{FFFD}[9] importé"), "\(en.out.debugDescription)")
    }

    @Test("import and import --errors print the name with �, one line per file")
    func importCleansName() throws {
        let (dir, _) = try Self.makeEvilFile()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = (dir as NSString).appendingPathComponent("m.sqlite")
        let shownName = "evil\u{FFFD}[9] importé facture fake.xml\u{FFFD}[31mRED\u{FFFD}]0;pwned\u{FFFD}.xml"
        // The folder, so the name comes from the disk, not from the command line.
        let imported = try runMandatCLI(["import", "--db", db, dir])
        #expect(imported.status == 1)
        #expect(!Self.hasControl(imported.out), "\(imported.out.debugDescription)")
        #expect(imported.out.hasPrefix("[1/1] ERREUR \(dir)/\(shownName):4:"), "\(imported.out.debugDescription)")
        // The summary's error list names the file too, on its own line, in French.
        #expect(
            imported.out.contains("\n  \(dir)/\(shownName):4:"), "\(imported.out.debugDescription)")
        #expect(!imported.out.contains("\n[9] importé"), "\(imported.out.debugDescription)")
        let errors = try runMandatCLI(["import", "--db", db, "--errors"])
        #expect(errors.status == 0)
        #expect(!Self.hasControl(errors.out), "\(errors.out.debugDescription)")
        #expect(
            errors.out.hasPrefix("1 fichier(s) en erreur :\n  \(dir)/\(shownName):4:"), "\(errors.out.debugDescription)"
        )
        #expect(errors.out.contains(" : XML mal formé (détail : "), "\(errors.out.debugDescription)")
        #expect(errors.out.split(separator: "\n").count == 2, "\(errors.out.debugDescription)")
    }
}
