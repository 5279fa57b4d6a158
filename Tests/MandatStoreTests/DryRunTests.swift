import Foundation
import MandatCore
import MandatFormats
import SQLKit
import Testing

@testable import MandatStore

/// Tests/MandatStoreTests/DryRunTests.swift → up 3 levels = the package root.
private let demo = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("fixtures/demo").path

/// `import --dry-run` against the real import on the same files: the same summary, nothing written, and the
/// bounded path (Importer+DryRun.swift) taken whenever the store's dossier state is usable.
@Suite("Import dry run")
struct DryRunTests {
    /// Every row of every table, and on SQLite the database file's and its WAL's bytes: what a dry run must leave
    /// unchanged.
    static func snapshot(_ s: SQLMandatStore, _ db: TestDB) async throws -> [String] {
        var out: [String] = []
        for t in [
            "files", "invoices", "events", "mandats", "contracts", "settings", "fact_keys", "state_pending",
            "dossier_state", "dossier_members", "unlinked_events", "skipped_paths",
        ] {
            out.append("\(t) \(try await s.rowCountForTests(t))")
        }
        if case .sqlite(let path) = db.location {
            for p in [path, path + "-wal"] {
                let data = FileManager.default.contents(atPath: p) ?? Data()
                var h = ContentHash()
                h.update(Array(data))
                out.append("\(p) \(data.count) \(h.finalize())")
            }
        }
        return out
    }

    /// Runs a dry run of `paths` then the real import of the same paths, and checks that the dry run wrote nothing
    /// and that the two summaries agree but for `dryRun`. Returns the real import's summary.
    @discardableResult
    static func expectDryRunMatches(
        _ importer: Importer, _ paths: [String], _ s: SQLMandatStore, _ db: TestDB, bounded: Bool = true
    ) async throws -> Importer.Summary {
        #expect(try await Importer.boundedDryRunPossible(s) == bounded)
        let before = try await snapshot(s, db)
        let dry = try await importer.run(paths: paths, dryRun: true)
        #expect(try await snapshot(s, db) == before, "the dry run wrote nothing")
        var real = try await importer.run(paths: paths)
        #expect(dry.dryRun && !real.dryRun)
        real.dryRun = true
        #expect(dry == real)
        real.dryRun = false
        return real
    }

    @Test("Empty store: the whole demo folder, counted as the import counts it", arguments: backendsUnderTest)
    func emptyStore(_ backend: StoreBackend) async throws {
        let db = try TestDB(backend)
        let s = try await db.open()
        let real = try await Self.expectDryRunMatches(Importer(store: s), [demo], s, db)
        // fixtures/demo: 22 invoices + 18 Chorus statuses + 5 CDAR (chorus/cdar) + 1 DECP file + 15 PES = 61 files
        // read. The walk keeps .xml and .json only: of golden/ (.md, .txt, .json) and config.yaml, the digest's
        // .json alone is seen, and skipped (no reader knows it): 61 + 1 = 62 seen.
        #expect(real.filesSeen == 62)
        #expect(real.filesImported == 61)
        #expect(real.filesSkipped == 1)
        #expect(real.dossiersCreated > 0 && real.dossiersUpdated == 0)
        try await s.close()
        await db.destroy()
    }

    @Test("Statuses and PES files for dossiers already stored update them", arguments: backendsUnderTest)
    func statusesOnExistingDossiers(_ backend: StoreBackend) async throws {
        let db = try TestDB(backend)
        let s = try await db.open()
        let importer = Importer(store: s)
        _ = try await importer.run(paths: [demo + "/invoices", demo + "/contracts"])
        let real = try await Self.expectDryRunMatches(importer, [demo + "/chorus", demo + "/pes"], s, db)
        #expect(real.dossiersUpdated > 0)
        #expect(real.filesAlreadyImported == 0)
        try await s.close()
        await db.destroy()
    }

    @Test("Many small steps count the same as one", arguments: backendsUnderTest)
    func smallSteps(_ backend: StoreBackend) async throws {
        let db = try TestDB(backend)
        let s = try await db.open()
        var importer = Importer(store: s)
        _ = try await importer.run(paths: [demo + "/invoices"])
        let oneStep = try await importer.run(paths: [demo + "/chorus", demo + "/pes"], dryRun: true)
        importer.dryRunStepFacts = 1
        try await Self.expectDryRunMatches(importer, [demo + "/chorus", demo + "/pes"], s, db)
        let dry = try await importer.run(paths: [demo + "/contracts"], dryRun: true)
        // decp-v2-verdaline-2025.xml holds 6 <marche> elements, none stored yet.
        #expect(dry.contractsNew == 6)
        #expect(oneStep.dossiersUpdated > 0)
        try await s.close()
        await db.destroy()
    }

    @Test("Files already imported: nothing new, no dossier changed", arguments: backendsUnderTest)
    func alreadyImported(_ backend: StoreBackend) async throws {
        let db = try TestDB(backend)
        let s = try await db.open()
        let importer = Importer(store: s)
        _ = try await importer.run(paths: [demo])
        let real = try await Self.expectDryRunMatches(importer, [demo], s, db)
        // The 61 files read the first time are all known; the digest JSON is skipped again.
        #expect(real.filesAlreadyImported == 61 && real.filesImported == 0 && real.filesSkipped == 1)
        #expect(real.dossiersCreated == 0 && real.dossiersUpdated == 0)
        #expect(real.invoicesNew == 0 && real.eventsNew == 0)
        try await s.close()
        await db.destroy()
    }

    @Test("The same content twice in one run is read once", arguments: backendsUnderTest)
    func sameContentTwice(_ backend: StoreBackend) async throws {
        let tmp = try TempFolder()
        defer { tmp.remove() }
        let text = try String(contentsOfFile: demo + "/invoices/FV-2025-0016.ubl.xml", encoding: .utf8)
        try tmp.write("a/FV-2025-0016.xml", text)
        try tmp.write("b/FV-2025-0016-copie.xml", text)
        let db = try TestDB(backend)
        let s = try await db.open()
        let real = try await Self.expectDryRunMatches(Importer(store: s), [tmp.url.path], s, db)
        // a/… is read; b/… holds the same bytes: already imported. One invoice, one dossier.
        #expect(real.filesImported == 1 && real.filesAlreadyImported == 1)
        #expect(real.invoicesNew == 1 && real.dossiersCreated == 1)
        try await s.close()
        await db.destroy()
    }

    @Test("An event in two new files is new once, then known", arguments: backendsUnderTest)
    func eventInTwoFiles(_ backend: StoreBackend) async throws {
        let tmp = try TempFolder()
        defer { tmp.remove() }
        try tmp.write("inv1.xml", "<x>1</x>")
        // Two contents, the same two Chorus events for F-1 (ImporterTests.reader).
        try tmp.write("status-a.xml", "<x>a</x>")
        try tmp.write("status-b.xml", "<x>b</x>")
        let db = try TestDB(backend)
        let s = try await db.open()
        let real = try await Self.expectDryRunMatches(
            Importer(store: s, reader: ImporterTests.reader), [tmp.url.path], s, db)
        // status-a: 2 new; status-b: the same 2, known. One dossier: F-1 with its 2 events.
        #expect(real.eventsNew == 2 && real.eventsKnown == 2)
        #expect(real.invoicesNew == 1 && real.dossiersCreated == 1 && real.dossiersUpdated == 0)
        try await s.close()
        await db.destroy()
    }

    @Test(
        "An invoice read again replaces the stored one: updated, its dossier counted once", arguments: backendsUnderTest
    )
    func invoiceReadAgain(_ backend: StoreBackend) async throws {
        let tmp = try TempFolder()
        defer { tmp.remove() }
        let text = try String(contentsOfFile: demo + "/invoices/FV-2025-0016.ubl.xml", encoding: .utf8)
        try tmp.write("FV-2025-0016.xml", text)
        let db = try TestDB(backend)
        let s = try await db.open()
        let importer = Importer(store: s)
        _ = try await importer.run(paths: [tmp.url.path, demo + "/chorus"])
        // The same invoice with a comment added at the end, at the same path: another content, the same key, the
        // same reading (same source file and lines). The invoice is updated; its dossier is rebuilt unchanged.
        try Data((text + "<!-- relu -->\n").utf8).write(to: tmp.url.appendingPathComponent("FV-2025-0016.xml"))
        let same = try await Self.expectDryRunMatches(
            importer, [tmp.url.appendingPathComponent("FV-2025-0016.xml").path], s, db)
        #expect(same.invoicesNew == 0 && same.invoicesUpdated == 1)
        #expect(same.dossiersCreated == 0 && same.dossiersUpdated == 0)
        // The same again in another folder: another source file.
        let again = tmp.url.appendingPathComponent("again")
        try FileManager.default.createDirectory(at: again, withIntermediateDirectories: true)
        try Data((text + "<!-- relu ailleurs -->\n").utf8).write(to: again.appendingPathComponent("FV-2025-0016.xml"))
        let real = try await Self.expectDryRunMatches(importer, [again.path], s, db)
        // The invoice is updated (not new). Its reading differs by its source (again/FV-2025-0016.xml, the file
        // the dossier's timeline names), so its one dossier is updated, once.
        #expect(real.invoicesNew == 0 && real.invoicesUpdated == 1)
        #expect(real.dossiersCreated == 0 && real.dossiersUpdated == 1)
        try await s.close()
        await db.destroy()
    }

    @Test(
        "A store whose dossier state is of an older format: the slower path, the same counts",
        arguments: backendsUnderTest)
    func unusableState(_ backend: StoreBackend) async throws {
        let tmp = try TempFolder()
        defer { tmp.remove() }
        try tmp.write("inv1.xml", "<x>1</x>")
        let db = try TestDB(backend)
        let s = try await db.open()
        let importer = Importer(store: s, reader: ImporterTests.reader)
        _ = try await importer.run(paths: [tmp.url.path])
        try await s.setSetting(DossierState.settingKey, to: #"{"version":1,"law":"x","seq":1}"#)
        try tmp.write("status.xml", "<x>s</x>")
        // Another content, the same invoice F-1 (ImporterTests.reader: "inv" + its digits): updated, not new.
        try tmp.write("inv1b.xml", "<x>1b</x>")
        let real = try await Self.expectDryRunMatches(importer, [tmp.url.path], s, db, bounded: false)
        // inv1 known; inv1b re-reads F-1 (the same reading); status.xml adds 2 events to F-1.
        #expect(real.filesAlreadyImported == 1 && real.eventsNew == 2)
        #expect(real.invoicesNew == 0 && real.invoicesUpdated == 1)
        #expect(real.dossiersCreated == 0 && real.dossiersUpdated == 1)
        try await s.close()
        await db.destroy()
    }
}

extension SQLMandatStore {
    /// The number of rows of `table`.
    func rowCountForTests(_ table: String) async throws -> Int {
        try await db.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self) ?? -1
    }
}

/// The dry run's scratch files: private, and removed by a later dry run when their run's process is gone.
@Suite("Import dry run: scratch files")
struct DryRunScratchTests {
    static func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("mandat-scratch-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func mode(_ url: URL) throws -> Int {
        let attrs = try FileManager.default.attributesOfItem(atPath: url.path)
        return try #require(attrs[.posixPermissions] as? NSNumber).intValue & 0o777
    }

    /// A process id that no longer runs: a child that has exited and been waited for.
    static func deadPid() throws -> pid_t {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/true")
        try p.run()
        p.waitUntilExit()
        return p.processIdentifier
    }

    @Test("The folder is 0700, both files 0600, named with our pid; all removed when closed")
    func privateFiles() async throws {
        let tmp = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let index = try await DryRunIndex.open(in: tmp)
        let names = try FileManager.default.contentsOfDirectory(atPath: tmp.path)
        #expect(names.count == 1)
        let name = try #require(names.first)
        #expect(name.hasPrefix("mandat-dry-run-\(getpid())-"))
        #expect(DryRunScratch.pid(inName: name) == getpid())
        let folder = tmp.appendingPathComponent(name)
        #expect(try Self.mode(folder) == 0o700)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(files == ["facts.sqlite", "texts"])
        for f in files { #expect(try Self.mode(folder.appendingPathComponent(f)) == 0o600, "\(f)") }
        await index.close()
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path).isEmpty)
    }

    @Test("A later dry run removes a dead run's scratch and keeps a live run's (and other files)")
    func staleRemoved() async throws {
        let tmp = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let fm = FileManager.default
        let dead = "mandat-dry-run-\(try Self.deadPid())-\(UUID().uuidString)"
        // pid 1 (init) is alive, as is this test's process: another live dry run's folder.
        let live = "mandat-dry-run-1-\(UUID().uuidString)"
        let ours = "mandat-dry-run-\(getpid())-\(UUID().uuidString)"
        // An older version's file (no pid in its name), and something else entirely: left alone.
        let old = "mandat-dry-run-\(UUID().uuidString).sqlite"
        let other = "mandat-dry-run-notes"
        for d in [dead, live, ours] {
            try fm.createDirectory(at: tmp.appendingPathComponent(d), withIntermediateDirectories: false)
            try Data("FAC-1".utf8).write(to: tmp.appendingPathComponent(d).appendingPathComponent("texts"))
        }
        for f in [old, other] { try Data().write(to: tmp.appendingPathComponent(f)) }
        let index = try await DryRunIndex.open(in: tmp)
        let during = Set(try fm.contentsOfDirectory(atPath: tmp.path))
        #expect(!during.contains(dead))
        #expect(during.isSuperset(of: [live, ours, old, other]))
        #expect(during.count == 5)  // those four and the new run's folder
        await index.close()
        #expect(Set(try fm.contentsOfDirectory(atPath: tmp.path)) == [live, ours, old, other])
    }
}
