import Foundation
import MandatCore
import MandatFormats
import MandatXML
import Testing

@testable import MandatStore

/// A temp folder with synthetic files (written by the test, removed after).
struct TempFolder {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("mandat-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let u = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: u.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: u)
        return u.path
    }
    func remove() { try? FileManager.default.removeItem(at: url) }
}

@Suite("Importer")
struct ImporterTests {
    /// A reader standing in for the format readers: each file's facts come from its name.
    static let reader: @Sendable (String, String) -> ReadDocument = { path, name in
        let base = (path as NSString).lastPathComponent
        if base.hasPrefix("broken") { return DocumentReader.read(path: path, displayName: name) }
        if base.hasPrefix("inv") {
            return Synthetic.document(
                name, invoices: [Synthetic.invoice("F-" + base.dropFirst(3).prefix(while: \.isNumber))])
        }
        if base.hasPrefix("status") {
            return Synthetic.document(
                name, kind: .chorusStatus,
                events: [
                    Synthetic.event(.madeAvailable, "MISE_A_DISPOSITION", on: "2025-03-03", number: "F-1"),
                    Synthetic.event(.mandated, "MANDATEE", on: "2025-03-20", number: "F-1"),
                ])
        }
        return DocumentReader.read(path: path, displayName: name)
    }

    @Test("A folder is walked recursively; a broken file is recorded with its line and the import goes on")
    func folderWithBrokenFile() async throws {
        let tmp = try TempFolder()
        defer { tmp.remove() }
        try tmp.write("inv1.xml", "<x>1</x>")
        try tmp.write("sub/inv2.xml", "<x>2</x>")
        try tmp.write("sub/deeper/status.xml", "<x>3</x>")
        // Synthetic broken XML: the tag opened on line 2 is closed with another name on line 3.
        try tmp.write("broken.xml", "<?xml version=\"1.0\"?>\n<Invoice>\n</Facture>\n")
        try tmp.write("README.md", "not imported: not .xml or .json")
        try tmp.write(".hidden.xml", "<x/>")
        let db = try TestDB(.sqlite)
        let s = try await db.open()
        let importer = Importer(store: s, reader: Self.reader)
        var lines: [String] = []
        let summary = try await importer.run(paths: [tmp.url.path]) { step in
            if case .file(let i, let p, let r, _) = step {
                lines.append("\(i) \((p as NSString).lastPathComponent) \(r.status.rawValue)")
            }
        }
        // Sorted walk: broken.xml, inv1.xml, sub/deeper/status.xml, sub/inv2.xml (folders sorted like files).
        #expect(
            lines == ["1 broken.xml failed", "2 inv1.xml imported", "3 status.xml imported", "4 inv2.xml imported"])
        #expect(summary.filesSeen == 4)
        #expect(summary.filesImported == 4)  // the broken one is recorded too
        #expect(summary.filesFailed == 1)
        #expect(summary.hasFailures)
        #expect(summary.invoicesNew == 2)
        #expect(summary.eventsNew == 2)
        // Dossiers: F-1 (invoice inv1 + the two status events) and F-2 (invoice inv2): both new.
        #expect(summary.dossiersCreated == 2)
        #expect(summary.byKind == ["invoice": 2, "chorusStatus": 1, "notWellFormed": 1])
        let err = try #require(summary.errors.first)
        #expect(err.hasPrefix(tmp.url.path + "/broken.xml:3:"))
        #expect(err.hasSuffix("[xml.not-well-formed]"))
        let recorded = try await s.files().filter(\.failed)
        #expect(recorded.count == 1)
        #expect(recorded.first?.errorLine == 3)
        try await s.close()
        await db.destroy()
    }

    @Test("Importing again: every file already imported, nothing changes; new events update a dossier")
    func reimport() async throws {
        let tmp = try TempFolder()
        defer { tmp.remove() }
        try tmp.write("inv1.xml", "<x>1</x>")
        let db = try TestDB(.sqlite)
        let s = try await db.open()
        let importer = Importer(store: s, reader: Self.reader)
        let first = try await importer.run(paths: [tmp.url.path])
        let counts = try await s.counts()
        let again = try await importer.run(paths: [tmp.url.path])
        #expect(first.filesImported == 1 && first.dossiersCreated == 1)
        #expect(again.filesImported == 0)
        #expect(again.filesAlreadyImported == 1)
        #expect(again.dossiersCreated == 0 && again.dossiersUpdated == 0)
        #expect(try await s.counts() == counts)
        // A status file for F-1 arrives: the dossier is updated, none created.
        try tmp.write("status.xml", "<x>s</x>")
        let third = try await importer.run(paths: [tmp.url.path])
        #expect(third.filesImported == 1 && third.filesAlreadyImported == 1)
        #expect(third.dossiersCreated == 0)
        #expect(third.dossiersUpdated == 1)
        try await s.close()
        await db.destroy()
    }

    @Test("--dry-run counts what an import would do and writes nothing")
    func dryRun() async throws {
        let tmp = try TempFolder()
        defer { tmp.remove() }
        try tmp.write("inv1.xml", "<x>1</x>")
        try tmp.write("status.xml", "<x>s</x>")
        let db = try TestDB(.sqlite)
        let s = try await db.open()
        let importer = Importer(store: s, reader: Self.reader)
        let dry = try await importer.run(paths: [tmp.url.path], dryRun: true)
        #expect(dry.dryRun)
        #expect(dry.filesImported == 2 && dry.invoicesNew == 1 && dry.eventsNew == 2 && dry.dossiersCreated == 1)
        #expect(
            try await s.counts()
                == StoreCounts(files: 0, filesFailed: 0, invoices: 0, events: 0, mandats: 0, contracts: 0))
        // The real import then reports the same numbers.
        let real = try await importer.run(paths: [tmp.url.path])
        #expect(
            real.filesImported == dry.filesImported && real.eventsNew == dry.eventsNew
                && real.dossiersCreated == dry.dossiersCreated)
        try await s.close()
        await db.destroy()
    }

    @Test("A path that does not exist is a failure in the summary")
    func missingPath() async throws {
        let db = try TestDB(.sqlite)
        let s = try await db.open()
        let summary = try await Importer(store: s).run(paths: ["/nonexistent/mandat-test-folder"])
        #expect(summary.filesFailed == 1)
        #expect(summary.errors == ["/nonexistent/mandat-test-folder: no such file or folder [io.not-found]"])
        try await s.close()
        await db.destroy()
    }

    @Test("The project's synthetic store fixtures import with the real readers")
    func projectFixtures() async throws {
        let dir = packageRoot.appendingPathComponent("fixtures/store").path
        let db = try TestDB(.sqlite)
        let s = try await db.open()
        let summary = try await Importer(store: s).run(paths: [dir])
        // fixtures/store: 3 well-formed files (UBL invoice, PES_Retour, CDAR), 1 broken, 1 unknown root. Which
        // facts the three give depends on the format readers; the broken and the unknown ones do not.
        #expect(summary.filesSeen == 5)
        // The unknown root is skipped (not imported, not failed, not recorded); the broken one is recorded.
        #expect(summary.filesImported == 4)
        #expect(summary.filesSkipped == 1)
        #expect(summary.byKind["notWellFormed", default: 0] >= 1)
        #expect(summary.byKind["unknown"] == nil)
        #expect(
            summary.errors.contains { $0.contains("broken_invoice.xml:6:") && $0.hasSuffix("[xml.not-well-formed]") })
        let files = try await s.files()
        let broken = try #require(files.first { $0.path.hasSuffix("broken_invoice.xml") })
        #expect(broken.failed)
        #expect(broken.errorLine == 6)
        try await s.close()
        await db.destroy()
    }

    @Test(
        "A broken file replaced by a file of unknown format: its error is no longer listed, and is again when it is back",
        arguments: backendsUnderTest)
    func skipReplacesAnError(_ backend: StoreBackend) async throws {
        // Given: broken.xml recorded with its error (the tag opened on line 2 closed with another name on line 3).
        let tmp = try TempFolder()
        defer { tmp.remove() }
        let brokenText = "<?xml version=\"1.0\"?>\n<Invoice>\n</Facture>\n"
        let path = try tmp.write("broken.xml", brokenText)
        let db = try TestDB(backend)
        let s = try await db.open()
        _ = try await Importer(store: s).run(paths: [path])
        let before = try await s.currentErrors()
        #expect(before.errors.map(\.path) == [path])
        #expect(before.errors.first?.errorLine == 3)
        #expect(before.replacedBySkip.isEmpty)
        // When: the same path now holds an XML of an unknown root, skipped (not recorded).
        try tmp.write("broken.xml", "<?xml version=\"1.0\"?><Foo/>")
        let skip = try await Importer(store: s).run(paths: [path])
        #expect(skip.filesSkipped == 1)
        // Then: the old content's error is not listed; the path is named as holding another content now.
        let after = try await s.currentErrors()
        #expect(after.errors.isEmpty)
        #expect(after.replacedBySkip.map(\.path) == [path])
        #expect(after.replacedBySkip.first?.errorCode == "xml.not-well-formed")
        let skips = try await s.skippedPaths()
        #expect(skips.map(\.path) == [path])
        #expect(skips.first?.sha256 == (try ContentHash.file(at: path)).sha256)
        // The record of the broken content is kept: the content hash still says it was seen.
        #expect(try await s.files().map(\.path) == [path])
        // When the broken content is back (already imported), its error is listed again and the skip is gone.
        try tmp.write("broken.xml", brokenText)
        let again = try await Importer(store: s).run(paths: [path])
        // Known broken content: counted apart as already failed (not "already imported"), and still a failure.
        #expect(again.filesAlreadyImported == 0 && again.filesAlreadyFailed == 1 && again.hasFailures)
        #expect(again.alreadyFailed.count == 1 && again.alreadyFailed[0].hasPrefix(path + ":"))
        #expect(again.alreadyFailed[0].hasSuffix("[xml.not-well-formed]"))
        let back = try await s.currentErrors()
        #expect(back.errors.map(\.path) == [path])
        #expect(back.replacedBySkip.isEmpty)
        #expect(try await s.skippedPaths().isEmpty)
        try await s.close()
        await db.destroy()
    }

    @Test(
        "A file no reader knows is skipped, not imported: counted and listed apart, not recorded, exit status kept",
        arguments: [false, true])
    func unknownFilesAreSkipped(dryRun: Bool) async throws {
        // Given: a folder with an XML of an unknown root, a JSON of unknown keys, a README (not walked: not .xml or
        // .json), one real UBL invoice; plus a text file named explicitly.
        let tmp = try TempFolder()
        defer { tmp.remove() }
        try tmp.write("foo.xml", "<?xml version=\"1.0\"?><Foo/>")
        try tmp.write("x.json", "{\"a\": 1}")
        try tmp.write("README.md", "not walked")
        let ubl = packageRoot.appendingPathComponent("fixtures/store/invoice_ubl.xml").path
        let note = try tmp.write("notes.txt", "hello")
        let db = try TestDB(.sqlite)
        let s = try await db.open()
        var statuses: [String] = []
        // When
        let summary = try await Importer(store: s).run(paths: [tmp.url.path, note, ubl], dryRun: dryRun) {
            if case .file(_, let p, let r, _) = $0 { statuses.append("\((p as NSString).lastPathComponent) \(r.status)") }
        }
        // Then
        #expect(statuses == ["foo.xml skipped", "x.json skipped", "notes.txt skipped", "invoice_ubl.xml imported"])
        #expect(summary.filesSeen == 4)
        #expect(summary.filesImported == 1)
        #expect(summary.filesSkipped == 3)
        #expect(summary.filesFailed == 0)
        #expect(!summary.hasFailures)
        #expect(summary.byKind == ["invoice": 1])
        #expect(
            summary.skipped == [
                tmp.url.path + "/foo.xml: root element Foo is not a format Mandat reads",
                tmp.url.path + "/x.json: JSON object not recognised; top-level keys: a",
                note + ": neither XML nor JSON",
            ])
        #expect(summary.warnings.isEmpty)
        let recorded = try await s.files().map { ($0.path as NSString).lastPathComponent }
        #expect(recorded == (dryRun ? [] : ["invoice_ubl.xml"]))
        try await s.close()
        await db.destroy()
    }

    @Test("A file name that is not UTF-8 (Latin-1 bytes) is imported, and named with its bad bytes escaped")
    func latin1FileName() async throws {
        // Given: `facture-été.xml` written by an old Latin-1 system: é is the single byte E9, not UTF-8.
        let tmp = try TempFolder()
        defer { tmp.remove() }
        let invoice = try Data(contentsOf: packageRoot.appendingPathComponent("fixtures/store/invoice_ubl.xml"))
        let raw = Array(tmp.url.path.utf8) + Array("/facture-".utf8) + [0xE9, 0x74, 0xE9] + Array(".xml".utf8)
        let fd = (raw + [0]).withUnsafeBufferPointer { p in
            p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: p.count) { open($0, O_WRONLY | O_CREAT, 0o644) }
        }
        try #require(fd >= 0)
        _ = invoice.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        let db = try TestDB(.sqlite)
        let s = try await db.open()
        var shown: [String] = []
        // When
        let summary = try await Importer(store: s).run(paths: [tmp.url.path]) {
            if case .file(_, let p, _, _) = $0 { shown.append(p) }
        }
        // Then: read, imported and recorded under the readable name.
        let name = tmp.url.path + "/facture-\\xE9t\\xE9.xml"
        #expect(shown == [name])
        #expect(summary.filesSeen == 1 && summary.filesImported == 1 && summary.filesFailed == 0)
        #expect(summary.invoicesNew == 1)
        #expect(try await s.files().map(\.path) == [name])
        #expect(Importer.readableName([0x61, 0xE9, 0xC3, 0xA9]) == "a\\xE9é")
        try await s.close()
        await db.destroy()
    }
}
