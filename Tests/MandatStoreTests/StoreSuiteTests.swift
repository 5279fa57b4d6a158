import Foundation
import MandatCore
import MandatFormats
import MandatXML
import SQLKit
import Testing

@testable import MandatStore

/// The store suite: every test runs on SQLite (temp file) and, when `MANDAT_TEST_POSTGRES_URL` is set, on
/// PostgreSQL (a schema of its own).
@Suite("Store suite (SQLite, PostgreSQL)")
struct StoreSuiteTests {
    @Test(
        "PostgreSQL is reachable for the store suite",
        .enabled(
            if: postgresURL != nil, "MANDAT_TEST_POSTGRES_URL is not set: PostgreSQL runs of the store suite skipped"))
    func postgresReachable() async throws {
        let db = try TestDB(.postgres)
        let s = try await db.open()
        #expect(s.backend == .postgres)
        try await s.close()
        await db.destroy()
    }

    @Test("Migrations are applied once and recorded", arguments: backendsUnderTest)
    func migrationsOnce(_ backend: StoreBackend) async throws {
        let db = try TestDB(backend)
        defer { Task { await db.destroy() } }
        let a = try await db.open()
        try await a.close()
        // Opening again runs migrate() again: nothing new to apply.
        let b = try await db.open()
        #expect(try await b.appliedMigrations() == [1, 2, 3, 4, 5, 6, 7])
        #expect(
            try await b.counts()
                == StoreCounts(files: 0, filesFailed: 0, invoices: 0, events: 0, mandats: 0, contracts: 0))
        try await b.close()
    }

    @Test("Migration 6 keeps the link keys, members and pending facts of a store left by version 5", arguments: backendsUnderTest)
    func migrationSixKeepsState(_ backend: StoreBackend) async throws {
        let db = try TestDB(backend)
        // Given a store at version 5 with a refreshed state and a pending fact…
        let old: SQLMandatStore
        switch db.location {
        case .sqlite(let path):
            old = try await StoreLocation.openSQLite(path: path, logger: .init(label: "test"), busy: 1_000)
        case .postgres(let url, let schema):
            old = try await StoreLocation.openPostgres(
                url: url, schema: schema, logger: .init(label: "test"), display: "test")
        }
        try await old.migrate(through: 5)
        #expect(try await old.appliedMigrations() == [1, 2, 3, 4, 5])
        let doc = Synthetic.document(
            "a.xml", invoices: [Synthetic.invoice("F-1")],
            events: [Synthetic.event(.deposited, "DEPOSEE", on: "2025-03-02", number: "F-1")])
        _ = try await old.importDocument(doc, fingerprint: Synthetic.fingerprint("a"), importedAt: Date())
        _ = try await old.refreshDossierState(afterSeq: 0, law: LawAssessor())
        let later = Synthetic.document("b.xml", invoices: [Synthetic.invoice("F-2")])
        _ = try await old.importDocument(later, fingerprint: Synthetic.fingerprint("b"), importedAt: Date())
        let keys = try await Self.rows(old, "SELECT key, fact FROM fact_keys ORDER BY key, fact")
        let members = try await Self.rows(old, "SELECT fact, dossier_id FROM dossier_members ORDER BY fact")
        let pending = try await Self.rows(old, "SELECT fact, sort_key FROM state_pending ORDER BY fact")
        try await old.close()
        // …migration 6 keeps every row (F-1's keys n:F-1 and k:2025M001, the event's n:F-1; F-2's two keys).
        let s = try await db.open()
        #expect(try await s.appliedMigrations() == [1, 2, 3, 4, 5, 6, 7])
        #expect(keys.count == 5 && members.count == 2 && pending.count == 1)
        #expect(try await Self.rows(s, "SELECT key, fact FROM fact_keys ORDER BY key, fact") == keys)
        #expect(try await Self.rows(s, "SELECT fact, dossier_id FROM dossier_members ORDER BY fact") == members)
        #expect(try await Self.rows(s, "SELECT fact, sort_key FROM state_pending ORDER BY fact") == pending)
        if backend == .sqlite {
            let sql = try await Self.rows(
                s, "SELECT name, sql FROM sqlite_master WHERE name IN ('fact_keys', 'dossier_members', 'state_pending')")
            #expect(sql.count == 3 && sql.allSatisfy { $0[1].hasSuffix("WITHOUT ROWID") })
            let indexes = try await Self.rows(
                s, "SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            #expect(indexes.contains(["fact_keys_fact", "fact_keys"]))
            #expect(indexes.contains(["dossier_members_dossier", "dossier_members"]))
            #expect(indexes.contains(["state_pending_sort", "state_pending"]))
        }
        // The next import refreshes from there: F-2's dossier is created, F-1's kept.
        let summary = try await Importer(store: s).run(paths: [])
        #expect(summary.dossiersCreated == 1 && summary.dossiersUpdated == 0)
        try await s.close()
        await db.destroy()
    }

    /// Every row of `sql` as its columns' texts.
    static func rows(_ s: SQLMandatStore, _ sql: String) async throws -> [[String]] {
        try await s.db.raw(SQLQueryString(sql)).all().map { r in
            try r.allColumns.map { try r.decode(column: $0, as: String.self) }
        }
    }

    @Test("A file's facts are stored and read back unchanged", arguments: backendsUnderTest)
    func roundTrip(_ backend: StoreBackend) async throws {
        let db = try TestDB(backend)
        defer { Task { await db.destroy() } }
        let s = try await db.open()
        // 12 000.00 TTC / 1.2 = 10 000.00 HT; VAT 2 000.00. Decimal, never Double: 0.1-style values must survive.
        var inv = Synthetic.invoice("F-2025-001")
        inv.prepaid = Decimal(string: "0.10")
        let ev = Synthetic.event(.madeAvailable, "MISE_A_DISPOSITION", on: "2025-03-03", number: "F-2025-001")
        let m = Synthetic.mandat("41", invoice: "F-2025-001", ttc: "12000.01")
        let c = Synthetic.contract("2025-M-001")
        let doc = Synthetic.document("a.xml", invoices: [inv], events: [ev], mandats: [m], contracts: [c])
        let out = try await s.importDocument(doc, fingerprint: Synthetic.fingerprint("a"), importedAt: Date())
        #expect(out.written)
        #expect(out.invoicesNew == 1 && out.eventsNew == 1 && out.mandatsNew == 1 && out.contractsNew == 1)
        let facts = try await s.facts()
        #expect(facts.invoices == [inv])
        #expect(facts.events == [ev])
        #expect(facts.mandats == [m])
        #expect(facts.contracts == [c])
        #expect(facts.invoices.first?.prepaid == Decimal(string: "0.10"))
        #expect(facts.mandats.first?.amountTTC == Decimal(string: "12000.01"))
        try await s.close()
    }

    @Test("Importing the same content again writes nothing and says so", arguments: backendsUnderTest)
    func idempotentReimport(_ backend: StoreBackend) async throws {
        let db = try TestDB(backend)
        defer { Task { await db.destroy() } }
        let s = try await db.open()
        let doc = Synthetic.document(
            "a.xml", invoices: [Synthetic.invoice("F-1")],
            events: [Synthetic.event(.deposited, "DEPOSEE", on: "2025-03-02", number: "F-1")])
        let fp = Synthetic.fingerprint("a")
        let first = try await s.importDocument(doc, fingerprint: fp, importedAt: Date())
        let before = try await s.counts()
        let again = try await s.importDocument(doc, fingerprint: fp, importedAt: Date())
        #expect(first.written)
        #expect(!again.written)
        #expect(again.record.path == "a.xml")
        #expect(again.eventsNew == 0 && again.invoicesNew == 0)
        #expect(try await s.counts() == before)
        #expect(before == StoreCounts(files: 1, filesFailed: 0, invoices: 1, events: 1, mandats: 0, contracts: 0))
        try await s.close()
    }

    @Test("An event known from another file is not duplicated", arguments: backendsUnderTest)
    func eventDedupAcrossFiles(_ backend: StoreBackend) async throws {
        let db = try TestDB(backend)
        defer { Task { await db.destroy() } }
        let s = try await db.open()
        let shared = Synthetic.event(
            .madeAvailable, "MISE_A_DISPOSITION", on: "2025-03-03", number: "F-1", file: "export1.xml")
        let newer = Synthetic.event(.mandated, "MANDATEE", on: "2025-03-20", number: "F-1")
        _ = try await s.importDocument(
            Synthetic.document("export1.xml", kind: .chorusStatus, events: [shared]),
            fingerprint: Synthetic.fingerprint("1"), importedAt: Date())
        // The same status in a second export (other file name, other content): one event, not two.
        var sharedAgain = shared
        sharedAgain.sourceRef = SourceRef(file: "export2.xml", line: 9)
        let out = try await s.importDocument(
            Synthetic.document("export2.xml", kind: .chorusStatus, events: [sharedAgain, newer]),
            fingerprint: Synthetic.fingerprint("2"), importedAt: Date())
        #expect(out.eventsNew == 1)
        #expect(out.eventsKnown == 1)
        #expect(try await s.counts().events == 2)
        // The first reading is kept, with its own source.
        #expect(try await s.facts().events.first?.sourceRef.file == "export1.xml")
        try await s.close()
    }

    @Test("An unreadable file is recorded with its error: code, message, line, column", arguments: backendsUnderTest)
    func unreadableRecorded(_ backend: StoreBackend) async throws {
        let db = try TestDB(backend)
        defer { Task { await db.destroy() } }
        let s = try await db.open()
        var doc = ReadDocument(path: "broken.xml", kind: .notWellFormed, size: 57)
        doc.error = XMLReadError(
            code: .notWellFormed, message: "Opening and ending tag mismatch: Facture line 3 and Invoice",
            file: "broken.xml", line: 4, column: 11)
        let out = try await s.importDocument(doc, fingerprint: Synthetic.fingerprint("broken"), importedAt: Date())
        #expect(out.written)
        let files = try await s.files()
        #expect(files.count == 1)
        let f = try #require(files.first)
        #expect(f.failed)
        #expect(f.kind == "notWellFormed")
        #expect(f.errorCode == "xml.not-well-formed")
        #expect(f.errorLine == 4)
        #expect(f.errorColumn == 11)
        #expect(
            f.errorDescription
                == "broken.xml:4:11: Opening and ending tag mismatch: Facture line 3 and Invoice [xml.not-well-formed]")
        #expect(try await s.counts().filesFailed == 1)
        try await s.close()
    }

    @Test("A failure in the middle of a file keeps nothing of it", arguments: backendsUnderTest)
    func allOrNothing(_ backend: StoreBackend) async throws {
        let db = try TestDB(backend)
        defer { Task { await db.destroy() } }
        let s = try await db.open()
        struct Injected: Error {}
        let doc = Synthetic.document(
            "big.xml", invoices: [Synthetic.invoice("F-9")],
            events: [
                Synthetic.event(.deposited, "DEPOSEE", on: "2025-03-02", number: "F-9"),
                Synthetic.event(.madeAvailable, "MISE_A_DISPOSITION", on: "2025-03-03", number: "F-9"),
            ], mandats: [Synthetic.mandat("7", invoice: "F-9", ttc: "10.00")])
        // Given a store that fails after the file row, the invoice and the first event were written…
        let seen = Counter()
        await s.setFailpoint { step in
            if step == "event", seen.next() == 2 { throw Injected() }
        }
        await #expect(throws: StoreError.self) {
            _ = try await s.importDocument(doc, fingerprint: Synthetic.fingerprint("big"), importedAt: Date())
        }
        // …then nothing of the file remains.
        #expect(
            try await s.counts()
                == StoreCounts(files: 0, filesFailed: 0, invoices: 0, events: 0, mandats: 0, contracts: 0))
        // And the same file imports in full afterwards (the hash was not left behind).
        await s.setFailpoint(nil)
        let out = try await s.importDocument(doc, fingerprint: Synthetic.fingerprint("big"), importedAt: Date())
        #expect(out.written)
        #expect(
            try await s.counts()
                == StoreCounts(files: 1, filesFailed: 0, invoices: 1, events: 2, mandats: 1, contracts: 0))
        try await s.close()
    }

    @Test("Settings are set, replaced and removed", arguments: backendsUnderTest)
    func settings(_ backend: StoreBackend) async throws {
        let db = try TestDB(backend)
        defer { Task { await db.destroy() } }
        let s = try await db.open()
        #expect(try await s.setting("digest.lastRun") == nil)
        try await s.setSetting("digest.lastRun", to: "2025-04-01")
        try await s.setSetting("digest.lastRun", to: "2025-04-08")
        #expect(try await s.setting("digest.lastRun") == "2025-04-08")
        try await s.setSetting("digest.lastRun", to: nil)
        #expect(try await s.setting("digest.lastRun") == nil)
        try await s.close()
    }

    @Test(
        "Invoices, mandats and contracts are replaced by a newer reading, not duplicated", arguments: backendsUnderTest)
    func upserts(_ backend: StoreBackend) async throws {
        let db = try TestDB(backend)
        defer { Task { await db.destroy() } }
        let s = try await db.open()
        _ = try await s.importDocument(
            Synthetic.document(
                "v1.xml", invoices: [Synthetic.invoice("F-5", due: 100)], contracts: [Synthetic.contract("M1")]),
            fingerprint: Synthetic.fingerprint("v1"), importedAt: Date())
        // Same key (seller SIREN, number, date, type): the corrected amount replaces the first.
        let out = try await s.importDocument(
            Synthetic.document(
                "v2.xml", invoices: [Synthetic.invoice("F-5", due: 120)], contracts: [Synthetic.contract("M1")]),
            fingerprint: Synthetic.fingerprint("v2"), importedAt: Date())
        #expect(out.invoicesNew == 0 && out.invoicesUpdated == 1 && out.contractsNew == 0)
        let facts = try await s.facts()
        #expect(facts.invoices.count == 1)
        #expect(facts.invoices.first?.amountDue == 120)
        // Contract ids are unique per buyer: the same id for another buyer is another contract.
        _ = try await s.importDocument(
            Synthetic.document("v3.xml", contracts: [Synthetic.contract("M1", buyer: Synthetic.otherBuyerSIRET)]),
            fingerprint: Synthetic.fingerprint("v3"), importedAt: Date())
        #expect(try await s.counts().contracts == 2)
        try await s.close()
    }

    @Test("Two writers and a reader at once neither fail nor lose data", arguments: backendsUnderTest)
    func concurrentWriters(_ backend: StoreBackend) async throws {
        let db = try TestDB(backend)
        defer { Task { await db.destroy() } }
        let setup = try await db.open()
        try await setup.close()
        // Given two connections importing 20 files each, every file sharing one event with the other side…
        func docs(_ side: String) -> [(ReadDocument, FileFingerprint)] {
            (0..<20).map { i in
                let common = Synthetic.event(.deposited, "DEPOSEE", on: "2025-03-02", number: "F-\(i)")
                let own = Synthetic.event(
                    .madeAvailable, "MISE_A_DISPOSITION", on: "2025-03-0\(side == "a" ? 3 : 4)", number: "F-\(i)")
                return (
                    Synthetic.document("\(side)\(i).xml", kind: .chorusStatus, events: [common, own]),
                    Synthetic.fingerprint("\(side)\(i)")
                )
            }
        }
        let location = db.location
        try await withThrowingTaskGroup(of: Void.self) { group in
            for side in ["a", "b"] {
                group.addTask {
                    let s = try await location.open()
                    for (d, fp) in docs(side) { _ = try await s.importDocument(d, fingerprint: fp, importedAt: Date()) }
                    try await s.close()
                }
            }
            group.addTask {
                // …and a reader polling meanwhile: it never fails and never sees more than the final count.
                let r = try await location.open()
                for _ in 0..<10 {
                    let n = try await r.counts().events
                    #expect(n <= 60)
                }
                try await r.close()
            }
            try await group.waitForAll()
        }
        let s = try await db.open()
        // 20 shared + 20 side a + 20 side b = 60 events; 40 files.
        #expect(
            try await s.counts()
                == StoreCounts(files: 40, filesFailed: 0, invoices: 0, events: 60, mandats: 0, contracts: 0))
        try await s.close()
    }

    @Test(
        "SQLite and PostgreSQL give the same JSON for the same import",
        .enabled(if: postgresURL != nil, "MANDAT_TEST_POSTGRES_URL is not set: cross-backend comparison skipped"))
    func sameJSONOnBothBackends() async throws {
        let docs: [(ReadDocument, FileFingerprint)] = [
            (
                Synthetic.document(
                    "inv.xml",
                    invoices: [Synthetic.invoice("F-1"), Synthetic.invoice("F-2", due: Decimal(string: "999.99")!)],
                    contracts: [Synthetic.contract("2025-M-001")]),
                Synthetic.fingerprint("inv")
            ),
            (
                Synthetic.document(
                    "st.xml", kind: .chorusStatus,
                    events: [
                        Synthetic.event(.madeAvailable, "MISE_A_DISPOSITION", on: "2025-03-03", number: "F-1"),
                        Synthetic.event(
                            .suspended, "SUSPENDUE", on: "2025-03-10", number: "F-2", reason: "pièce manquante"),
                    ]),
                Synthetic.fingerprint("st")
            ),
            (
                Synthetic.document(
                    "pes.xml", kind: .pesAller, mandats: [Synthetic.mandat("41", invoice: "F-1", ttc: "12000.00")]),
                Synthetic.fingerprint("pes")
            ),
        ]
        var outputs: [String] = []
        for backend in [StoreBackend.sqlite, .postgres] {
            let db = try TestDB(backend)
            let s = try await db.open()
            for (d, fp) in docs {
                _ = try await s.importDocument(d, fingerprint: fp, importedAt: Date(timeIntervalSince1970: 0))
            }
            let facts = try await s.facts()
            let files = try await s.files()
            try await s.close()
            await db.destroy()
            let enc = JSONEncoder()
            enc.outputFormatting = [.sortedKeys]
            let board = Board.rows(DossierLinker.link(facts), asOf: Synthetic.date("2025-04-10"))
            outputs.append(
                String(decoding: try enc.encode(files), as: UTF8.self) + "\n"
                    + String(decoding: try enc.encode(DossierLinker.link(facts)), as: UTF8.self) + "\n"
                    + JSONValue.array(board.map(\.json)).serialized())
        }
        #expect(outputs[0] == outputs[1])
        #expect(outputs[0].contains("\"amountDue\":\"999.99\""))
    }
}

/// A thread-safe counter for fail points.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        n += 1
        return n
    }
}
