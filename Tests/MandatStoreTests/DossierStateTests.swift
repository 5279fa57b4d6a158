import Foundation
import MandatCore
import MandatFormats
import SQLKit
import Testing

@testable import MandatStore

/// Tests/MandatStoreTests/DossierStateTests.swift → up 3 levels = the package root.
private let demoRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("fixtures/demo").path

/// The materialised dossier state (`DossierState`) against the full rebuild it replaces: `DossierLinker` over
/// every stored fact, then the board.
@Suite("Dossier state")
struct DossierStateTests {
    /// Days around the demo's events: before any, the day before and the day FV-2025-0088 turns blocked, the
    /// golden digest's day, a year later.
    static let days = ["2025-01-01", "2025-06-30", "2026-01-18", "2026-01-19", "2026-01-31", "2027-01-31"]
        .map(Synthetic.date)

    /// Compares, on `s`, every dossier and unlinked event of the state with the full rebuild, and the board
    /// (all rows, blocked rows, blocked rows held by the ordonnateur) on each of `days`.
    static func expectSameAsFullRebuild(_ s: SQLMandatStore, law: LawAssessor = LawAssessor()) async throws {
        let full = DossierLinker.build(try await s.facts())
        let all = try #require(try await s.dossierStateSelection(blockedAsOf: nil, holder: nil, law: law))
        #expect(all.dossiers == full.dossiers)
        #expect(all.unlinked == full.unlinked)
        for day in days {
            for filter in [
                BoardFilter(), BoardFilter(blockedOnly: true), BoardFilter(blockedOnly: true, holder: .ordonnateur),
            ] {
                let picked = try #require(
                    try await s.dossierStateSelection(
                        blockedAsOf: filter.blockedOnly ? day : nil, holder: filter.holder, law: law))
                let expected = Board.rows(full.dossiers, asOf: day, filter: filter, assessor: law)
                let got = Board.rows(picked.dossiers, asOf: day, filter: filter, assessor: law)
                #expect(got == expected, "board on \(day.iso), \(filter)")
                // What status reads: each stored dossier decoded and assessed in its chunk, only the rows kept.
                let board = try #require(try await s.dossierStateBoard(asOf: day, filter: filter, law: law))
                #expect(board.rows == expected, "stored board on \(day.iso), \(filter)")
                #expect(board.unlinked == full.unlinked)
            }
        }
    }

    @Test(
        "The demo data: the state gives the dossiers, unlinked events and boards of a full rebuild",
        arguments: backendsUnderTest)
    func demo(_ backend: StoreBackend) async throws {
        let db = try TestDB(backend)
        let s = try await db.open()
        let summary = try await Importer(store: s).run(paths: [demoRoot])
        // docs/demo.md: 22 invoices (21 FV + the credit note AV-2025-0003), one dossier each; nothing else
        // makes a dossier of its own.
        #expect(summary.invoicesNew == 22)
        #expect(summary.dossiersCreated == 22 && summary.dossiersUpdated == 0)
        try await Self.expectSameAsFullRebuild(s)
        // FV-2025-0088: made available 29/12/2025 (start), local authority 30 days split 20/10, so the
        // ordonnateur's share is 30 − 10 = 20 days; it is over on day 21: 29/12/2025 + 21 = 19/01/2026.
        let id = "847319027/FV-2025-0088/2025-12-23/380"
        let row = try #require(
            try await s.db.raw("SELECT blocked_from FROM dossier_state WHERE id = \(bind: id)").first())
        #expect(try row.decode(column: "blocked_from", as: String?.self) == "2026-01-19")
        let law = LawAssessor()
        let before = try #require(
            try await s.dossierStateSelection(blockedAsOf: Synthetic.date("2026-01-18"), holder: nil, law: law))
        let on = try #require(
            try await s.dossierStateSelection(blockedAsOf: Synthetic.date("2026-01-19"), holder: nil, law: law))
        #expect(!before.dossiers.contains { $0.id == id })
        #expect(on.dossiers.contains { $0.id == id })
        // Status under another law (hospitals: 50 days) cannot use the stored columns: every dossier is read.
        let hospital = LawAssessor(category: .hospital)
        let other = try #require(
            try await s.dossierStateSelection(blockedAsOf: Synthetic.date("2026-01-19"), holder: nil, law: hospital))
        #expect(!other.prefiltered && other.dossiers.count == 22)
        try await Self.expectSameAsFullRebuild(s, law: hospital)
        try await s.close()
        await db.destroy()
    }

    @Test(
        "A dossier first dated after the as-of day did not exist yet: no row, on the stored board and the fallback alike",
        arguments: backendsUnderTest)
    func notYetInExistence(_ backend: StoreBackend) async throws {
        let db = try TestDB(backend)
        let s = try await db.open()
        _ = try await Importer(store: s).run(paths: [demoRoot])
        let law = LawAssessor()
        let full = DossierLinker.build(try await s.facts())
        // Issue dates in fixtures/demo/invoices: FV-2025-0016 2025-03-03, -0025 2025-04-04, -0034 2025-05-26,
        // -0043 2025-06-02, -0052 2025-08-29; every event of these dossiers is later than their invoice.
        let expected: [(String, [String])] = [
            ("2025-01-01", []), ("2025-03-02", []), ("2025-03-03", ["FV-2025-0016"]),
            ("2025-06-30", ["FV-2025-0016", "FV-2025-0025", "FV-2025-0034", "FV-2025-0043"]),
            ("2025-09-30", ["FV-2025-0016", "FV-2025-0025", "FV-2025-0034", "FV-2025-0043", "FV-2025-0052"]),
        ]
        for (iso, numbers) in expected {
            let day = Synthetic.date(iso)
            for filter in [BoardFilter(), BoardFilter(blockedOnly: true)] {
                let fallback = Board.rows(full.dossiers, asOf: day, filter: filter, assessor: law)
                let stored = try #require(try await s.dossierStateBoard(asOf: day, filter: filter, law: law)).rows
                #expect(stored == fallback, "\(iso) \(filter)")
                if !filter.blockedOnly {
                    #expect(fallback.compactMap(\.invoiceNumber).sorted() == numbers, "\(iso)")
                } else if numbers.isEmpty {
                    #expect(fallback.isEmpty, "\(iso) blocked")
                }
            }
        }
        try await s.close()
        await db.destroy()
    }

    @Test("Importing the demo files in other orders and batches gives the same state", arguments: backendsUnderTest)
    func orders(_ backend: StoreBackend) async throws {
        let files = Importer.collect([demoRoot]).files
        #expect(files.count == 62)  // 22 invoices, 18 Chorus, 6 CDAR, 15 PES, 1 DECP (the folders of fixtures/demo)
        // One file per import, last first; then batches of 5 in the order of the reversed names.
        let oneByOne = files.reversed().map { [$0] }
        let shuffled = files.sorted { String($0.reversed()) < String($1.reversed()) }
        let batches = stride(from: 0, to: shuffled.count, by: 5).map {
            Array(shuffled[$0..<min($0 + 5, shuffled.count)])
        }
        var states: [[String]] = []
        for plan in [oneByOne, batches] {
            let db = try TestDB(backend)
            let s = try await db.open()
            var created = 0
            for paths in plan { created += try await Importer(store: s).run(paths: paths).dossiersCreated }
            // Dossiers made first from events or mandats ("ref:…") and absorbed later count as created too;
            // at least the 22 invoices' dossiers.
            #expect(created >= 22)
            try await Self.expectSameAsFullRebuild(s)
            states.append(
                try await s.db.raw("SELECT id, json FROM dossier_state").all()
                    .map {
                        try $0.decode(column: "id", as: String.self) + " " + $0.decode(column: "json", as: String.self)
                    }
                    .sorted())
            try await s.close()
            await db.destroy()
        }
        #expect(states.count == 2 && states[0] == states[1] && states[0].count == 22)
    }

    @Test(
        "Events before their invoice: the event-only dossier is absorbed, its row removed", arguments: backendsUnderTest
    )
    func absorbed(_ backend: StoreBackend) async throws {
        let tmp = try TempFolder()
        defer { tmp.remove() }
        let db = try TestDB(backend)
        let s = try await db.open()
        let importer = Importer(store: s, reader: ImporterTests.reader)
        try tmp.write("a/status.xml", "<x>s</x>")
        let first = try await importer.run(paths: [tmp.url.appendingPathComponent("a").path])
        // Two events naming F-1, no invoice: one dossier "ref:900000019/F-1" (seller SIREN from the SIRET 90000001900019).
        #expect(first.dossiersCreated == 1)
        let ids1 = try await s.dossierStateSelection(blockedAsOf: nil, holder: nil, law: LawAssessor())?.dossiers
            .map(\.id)
        #expect(ids1 == ["ref:900000019/F-1"])
        try tmp.write("b/inv1.xml", "<x>1</x>")
        let second = try await importer.run(paths: [tmp.url.appendingPathComponent("b").path])
        // The invoice's dossier is new; the ref dossier is gone (not counted as updated), as a full rebuild says.
        #expect(second.dossiersCreated == 1 && second.dossiersUpdated == 0)
        let ids2 = try await s.dossierStateSelection(blockedAsOf: nil, holder: nil, law: LawAssessor())?.dossiers
            .map(\.id)
        #expect(ids2 == ["900000019/F-1/2025-03-01/380"])
        try await Self.expectSameAsFullRebuild(s)
        try await s.close()
        await db.destroy()
    }

    @Test(
        "A store without state: status falls back; the next import builds it; --rebuild-state too",
        arguments: backendsUnderTest)
    func missingState(_ backend: StoreBackend) async throws {
        let tmp = try TempFolder()
        defer { tmp.remove() }
        let db = try TestDB(backend)
        let s = try await db.open()
        var importer = Importer(store: s, reader: ImporterTests.reader)
        try tmp.write("a/inv1.xml", "<x>1</x>")
        _ = try await importer.run(paths: [tmp.url.appendingPathComponent("a").path])
        // As a store migrated from version 1 looks: tables empty, no marker.
        try await s.setSetting(DossierState.settingKey, to: nil)
        try await s.db.raw("DELETE FROM dossier_state").run()
        #expect(try await s.dossierStateSelection(blockedAsOf: nil, holder: nil, law: LawAssessor()) == nil)
        try tmp.write("b/inv2.xml", "<x>2</x>")
        let next = try await importer.run(paths: [tmp.url.appendingPathComponent("b").path])
        // The state is rebuilt from the stored facts first (page by page), then this import's refresh counts:
        // F-1 existed, F-2 is new.
        #expect(next.dossiersCreated == 1 && next.dossiersUpdated == 0)
        try await Self.expectSameAsFullRebuild(s)
        // A file written without a refresh (seq moves on): the state is behind, status falls back.
        try await s.db.raw(
            "UPDATE settings SET value = REPLACE(value, '\"seq\":2', '\"seq\":1') WHERE key = 'dossier_state'"
        )
        .run()
        #expect(try await s.dossierStateSelection(blockedAsOf: nil, holder: nil, law: LawAssessor()) == nil)
        importer.rebuildState = true
        let rebuilt = try await importer.run(paths: [])
        #expect(rebuilt.filesSeen == 0 && rebuilt.dossiersCreated == 0)
        try await Self.expectSameAsFullRebuild(s)
        try await s.close()
        await db.destroy()
    }

    @Test(
        "A state of format 2 (keys written by the refresh, nothing pending) is rebuilt in full by the next import",
        arguments: backendsUnderTest)
    func olderFormat(_ backend: StoreBackend) async throws {
        let tmp = try TempFolder()
        defer { tmp.remove() }
        let db = try TestDB(backend)
        let s = try await db.open()
        let importer = Importer(store: s, reader: ImporterTests.reader)
        try tmp.write("a/inv1.xml", "<x>1</x>")
        _ = try await importer.run(paths: [tmp.url.appendingPathComponent("a").path])
        // As a store of the previous version looks: marker of format 2, no pending rows, no keys for new facts.
        try await s.db.raw(
            "UPDATE settings SET value = REPLACE(value, '\"version\":4', '\"version\":2') WHERE key = 'dossier_state'"
        ).run()
        #expect(try await s.dossierStateReady(law: LawAssessor()) == false)
        try tmp.write("b/inv2.xml", "<x>2</x>")
        let next = try await importer.run(paths: [tmp.url.appendingPathComponent("b").path])
        #expect(next.dossiersCreated == 1 && next.dossiersUpdated == 0)
        #expect(try await s.dossierStateReady(law: LawAssessor()))
        #expect(try await Self.pendingCount(s) == 0)
        try await Self.expectSameAsFullRebuild(s)
        try await s.close()
        await db.destroy()
    }

    /// The stored link keys, by fact.
    static func storedKeys(_ s: SQLMandatStore) async throws -> [String: Set<String>] {
        var out: [String: Set<String>] = [:]
        for r in try await s.db.raw("SELECT key, fact FROM fact_keys").all() {
            out[try r.decode(column: "fact", as: String.self), default: []].insert(
                try r.decode(column: "key", as: String.self))
        }
        return out
    }

    static func pendingCount(_ s: SQLMandatStore) async throws -> Int {
        try await s.db.raw("SELECT COUNT(*) AS n FROM state_pending").first()?.decode(column: "n", as: Int.self) ?? -1
    }

    @Test(
        "The keys written with the facts are DossierState.keys of the stored facts, and a rebuild writes the same",
        arguments: backendsUnderTest)
    func keysAtImport(_ backend: StoreBackend) async throws {
        let db = try TestDB(backend)
        let s = try await db.open()
        _ = try await Importer(store: s).run(paths: [demoRoot])
        let facts = try await s.facts()
        var expected: [String: Set<String>] = [:]
        for x in facts.invoices { expected[DossierState.Fact.of(x)] = DossierState.keys(x) }
        for x in facts.events { expected[DossierState.Fact.of(x)] = DossierState.keys(x) }
        for x in facts.mandats { expected[DossierState.Fact.of(x)] = DossierState.keys(x) }
        for x in facts.contracts { expected[DossierState.Fact.of(x)] = DossierState.keys(x) }
        let atImport = try await Self.storedKeys(s)
        #expect(atImport == expected.filter { !$0.value.isEmpty })
        #expect(atImport["i:847319027/FV-2025-0088/2025-12-23/380"]?.contains("n:FV-2025-0088") == true)
        // Everything was taken in by the import's refresh.
        #expect(try await Self.pendingCount(s) == 0)
        _ = try await s.rebuildDossierState(law: LawAssessor())
        #expect(try await Self.storedKeys(s) == atImport)
        #expect(try await Self.pendingCount(s) == 0)
        try await Self.expectSameAsFullRebuild(s)
        try await s.close()
        await db.destroy()
    }

    @Test(
        "A newer reading of an invoice replaces its keys; its pending row has its smallest number key",
        arguments: backendsUnderTest)
    func keysReplaced(_ backend: StoreBackend) async throws {
        let db = try TestDB(backend)
        let s = try await db.open()
        var inv = Synthetic.invoice("fa 2025-001", contract: "2025/M-012")
        inv.chorusId = " 1234 "
        inv.precedingInvoices = ["FA 2024-777"]
        _ = try await s.importDocument(
            Synthetic.document("a.xml", invoices: [inv]), fingerprint: Synthetic.fingerprint("a"), importedAt: Date())
        let fact = DossierState.Fact.of(inv)
        #expect(try await Self.storedKeys(s) == [fact: ["n:FA2025-001", "n:FA2024-777", "c:1234", "k:2025M012"]])
        let pending = try await s.db.raw("SELECT fact, sort_key FROM state_pending").all()
            .map {
                try $0.decode(column: "fact", as: String.self) + " " + $0.decode(column: "sort_key", as: String.self)
            }
        #expect(pending == [fact + " n:FA2024-777"])
        // The same invoice (same key) read again from another file, without contract, Chorus id or credit note.
        inv.chorusId = nil
        inv.precedingInvoices = []
        inv.contractReference = nil
        _ = try await s.importDocument(
            Synthetic.document("b.xml", invoices: [inv]), fingerprint: Synthetic.fingerprint("b"), importedAt: Date())
        #expect(try await Self.storedKeys(s) == [fact: ["n:FA2025-001"]])
        #expect(try await Self.pendingCount(s) == 1)
        try await s.close()
        await db.destroy()
    }

    @Test(
        "A failure while writing the keys keeps nothing of the file: no fact, no key, nothing pending",
        arguments: backendsUnderTest)
    func keysAllOrNothing(_ backend: StoreBackend) async throws {
        let db = try TestDB(backend)
        let s = try await db.open()
        struct Injected: Error {}
        await s.setFailpoint { step in if step == "keys" { throw Injected() } }
        let doc = Synthetic.document(
            "a.xml", invoices: [Synthetic.invoice("F-1")],
            events: [Synthetic.event(.deposited, "DEPOSEE", on: "2025-03-02", number: "F-1")])
        await #expect(throws: StoreError.self) {
            _ = try await s.importDocument(doc, fingerprint: Synthetic.fingerprint("a"), importedAt: Date())
        }
        #expect(
            try await s.counts()
                == StoreCounts(files: 0, filesFailed: 0, invoices: 0, events: 0, mandats: 0, contracts: 0))
        #expect(try await Self.storedKeys(s).isEmpty)
        #expect(try await Self.pendingCount(s) == 0)
        await s.setFailpoint(nil)
        _ = try await s.importDocument(doc, fingerprint: Synthetic.fingerprint("a"), importedAt: Date())
        #expect(try await Self.storedKeys(s).count == 2)
        #expect(try await Self.pendingCount(s) == 2)
        try await s.close()
        await db.destroy()
    }

    /// Four invoices F-1…F-4, a status each, and mandats of F-1…F-3 in one bordereau, written as twelve files:
    /// the invoices first, then the statuses, then the mandats (far apart, as the benchmark's folders are).
    static func spreadFiles(_ s: SQLMandatStore) async throws {
        var docs: [(String, ReadDocument)] = []
        for n in 1...4 {
            docs.append(("inv\(n)", Synthetic.document("inv\(n).xml", invoices: [Synthetic.invoice("F-\(n)")])))
        }
        for n in 1...4 {
            docs.append(
                (
                    "st\(n)",
                    Synthetic.document(
                        "st\(n).xml", kind: .chorusStatus,
                        events: [
                            Synthetic.event(.madeAvailable, "MISE_A_DISPOSITION", on: "2025-03-03", number: "F-\(n)")
                        ])
                ))
        }
        for n in 1...3 {
            docs.append(
                (
                    "pes\(n)",
                    Synthetic.document(
                        "pes\(n).xml", kind: .pesAller,
                        mandats: [Synthetic.mandat("\(n)", invoice: "F-\(n)", ttc: "12000.00")])
                ))
        }
        for (label, d) in docs {
            _ = try await s.importDocument(d, fingerprint: Synthetic.fingerprint(label), importedAt: Date())
        }
    }

    @Test(
        "A dossier whose files are spread over the import is built once, in steps of any size",
        arguments: backendsUnderTest)
    func builtOnce(_ backend: StoreBackend) async throws {
        let db = try TestDB(backend)
        let s = try await db.open()
        try await Self.spreadFiles(s)
        #expect(try await Self.pendingCount(s) == 11)
        // Steps of 2 facts: the first takes F-1's two facts, whose closure is the bordereau (F-1…F-3, 9 facts);
        // the second F-4's invoice and status; the third finds nothing pending.
        await s.setStateStepFacts(2)
        let steps = Counter()
        await s.setFailpoint { step in if step == "state-step" { _ = steps.next() } }
        let change = try await s.refreshDossierState(afterSeq: 0, law: LawAssessor())
        #expect(change == DossierStateChange(created: 4, updated: 0, rebuilt: 4, removed: 0))
        #expect(steps.next() == 4)
        #expect(try await Self.pendingCount(s) == 0)
        try await Self.expectSameAsFullRebuild(s)
        try await s.close()
        await db.destroy()
    }

    @Test(
        "A refresh stopped half-way leaves its facts pending; the next import finishes it", arguments: backendsUnderTest
    )
    func interruptedRefresh(_ backend: StoreBackend) async throws {
        let db = try TestDB(backend)
        let s = try await db.open()
        try await Self.spreadFiles(s)
        await s.setStateStepFacts(2)
        struct Injected: Error {}
        let steps = Counter()
        // Given a refresh that fails in its second step (the bordereau's three dossiers are committed)…
        await s.setFailpoint { step in
            if step == "state-step", steps.next() == 2 { throw Injected() }
        }
        await #expect(throws: Injected.self) {
            _ = try await s.refreshDossierState(afterSeq: 0, law: LawAssessor())
        }
        // …F-4's invoice and status are still pending, and status does not trust the state…
        #expect(try await Self.pendingCount(s) == 2)
        #expect(try await s.dossierStateSelection(blockedAsOf: nil, holder: nil, law: LawAssessor()) == nil)
        // …then an import with no files takes them in: one more dossier, the same state as a full rebuild.
        await s.setFailpoint(nil)
        let summary = try await Importer(store: s).run(paths: [])
        #expect(summary.dossiersCreated == 1 && summary.dossiersUpdated == 0)
        #expect(try await Self.pendingCount(s) == 0)
        try await Self.expectSameAsFullRebuild(s)
        try await s.close()
        await db.destroy()
    }

    @Test(
        "Steps share a transaction until they hold four steps' facts: a failure undoes the steps of its transaction only",
        arguments: backendsUnderTest)
    func stepsPerTransaction(_ backend: StoreBackend) async throws {
        let db = try TestDB(backend)
        let s = try await db.open()
        try await Self.spreadFiles(s)
        await s.setStateStepFacts(2)
        struct Injected: Error {}
        let steps = Counter()
        // Steps of 2 facts, so a transaction commits once it holds 2 × 4 = 8 facts. Step 1 takes the bordereau
        // (9 facts >= 8: committed); step 2 F-4's invoice and status (2 facts < 8: same transaction as step 3);
        // step 3, which would find nothing pending, fails…
        await s.setFailpoint { step in
            if step == "state-step", steps.next() == 3 { throw Injected() }
        }
        await #expect(throws: Injected.self) {
            _ = try await s.refreshDossierState(afterSeq: 0, law: LawAssessor())
        }
        // …so step 2 is undone with it: 11 - 9 = 2 facts still pending, and the next refresh creates F-4's dossier.
        #expect(try await Self.pendingCount(s) == 2)
        await s.setFailpoint(nil)
        let change = try await s.refreshDossierState(afterSeq: 0, law: LawAssessor())
        #expect(change == DossierStateChange(created: 1, updated: 0, rebuilt: 1, removed: 0))
        #expect(try await Self.pendingCount(s) == 0)
        try await Self.expectSameAsFullRebuild(s)
        try await s.close()
        await db.destroy()
    }

    /// Invoices F-1 and F-2 naming contract 2025-M-001, and the contract, refreshed; then F-1's and F-2's statuses,
    /// a mandat of F-1 and a new invoice F-3 naming the same contract, left pending.
    static func sharedContractFiles(_ s: SQLMandatStore) async throws {
        let first = Synthetic.document(
            "first.xml", invoices: [Synthetic.invoice("F-1"), Synthetic.invoice("F-2")],
            contracts: [Synthetic.contract("2025-M-001")])
        _ = try await s.importDocument(first, fingerprint: Synthetic.fingerprint("first"), importedAt: Date())
        _ = try await s.refreshDossierState(afterSeq: 0, law: LawAssessor())
        let docs: [(String, ReadDocument)] = [
            (
                "st1",
                Synthetic.document(
                    "st1.xml", kind: .chorusStatus,
                    events: [Synthetic.event(.madeAvailable, "MISE_A_DISPOSITION", on: "2025-03-03", number: "F-1")])
            ),
            (
                "st2",
                Synthetic.document(
                    "st2.xml", kind: .chorusStatus,
                    events: [Synthetic.event(.madeAvailable, "MISE_A_DISPOSITION", on: "2025-03-04", number: "F-2")])
            ),
            (
                "pes1",
                Synthetic.document(
                    "pes1.xml", kind: .pesAller, mandats: [Synthetic.mandat("1", invoice: "F-1", ttc: "12000.00")])
            ),
            ("inv3", Synthetic.document("inv3.xml", invoices: [Synthetic.invoice("F-3")])),
        ]
        for (label, d) in docs {
            _ = try await s.importDocument(d, fingerprint: Synthetic.fingerprint(label), importedAt: Date())
        }
    }

    @Test(
        "Steps of one fact reaching earlier dossiers and sharing a contract: read ahead, thrown away or not, the state is the full rebuild's",
        arguments: backendsUnderTest, [StateReadAhead.used, .dropped, .off])
    func readAhead(_ backend: StoreBackend, _ mode: StateReadAhead) async throws {
        let db = try TestDB(backend)
        let s = try await db.open()
        try await Self.sharedContractFiles(s)
        // F-1's status, F-2's status, F-1's mandat, F-3: four pending facts.
        #expect(try await Self.pendingCount(s) == 4)
        await s.setStateStepFacts(1)
        await s.setStateReadAhead(mode)
        let steps = Counter()
        await s.setFailpoint { step in if step == "state-step" { _ = steps.next() } }
        let before = await s.stateAheadCounts
        let change = try await s.refreshDossierState(afterSeq: 1, law: LawAssessor())
        // Step 1 (sort key n:F-1): F-1's status reaches the invoice F-1, its earlier dossier and the mandat
        // (invoice number), and the contract through k:2025M001 (unchanged: read, not followed). Step 2: F-2's
        // status, F-2's dossier and the same contract. Step 3: F-3 and the contract. Then an empty step.
        #expect(change == DossierStateChange(created: 1, updated: 2, rebuilt: 3, removed: 0))
        #expect(steps.next() == 5)
        let counts = await s.stateAheadCounts
        let expected: StateAheadCounts =
            switch mode {
            case .used: StateAheadCounts(carried: 2, dropped: 0)
            case .dropped: StateAheadCounts(carried: 0, dropped: 2)
            case .off: StateAheadCounts(carried: 0, dropped: 0)
            }
        #expect(
            StateAheadCounts(carried: counts.carried - before.carried, dropped: counts.dropped - before.dropped)
                == expected)
        #expect(try await Self.pendingCount(s) == 0)
        try await Self.expectSameAsFullRebuild(s)
        try await s.close()
        await db.destroy()
    }

    @Test(
        "A step read ahead is independent of the step before it unless it shares a fact (but an unchanged contract) or a dossier"
    )
    func independentSteps() {
        func read(_ closed: Set<String>, old: Set<String> = [], changed: Set<String> = []) -> StepRead {
            var r = StepRead()
            r.closed = closed
            r.oldDossiers = old
            r.changedContracts = changed
            return r
        }
        let row = DossierState.Row(
            id: "D-1", buyer: nil, seller: nil, contract: nil, stage: "received", holder: "ordonnateur", paid: false,
            amountDue: nil, dueDate: nil, blockedFrom: nil, json: "", members: ["i:F-1"])
        let built = StepBuilt(rows: [row], unlinked: [])
        let current = read(["i:F-1", "e:a", "c:B/K1"], old: ["D-0"])
        // Only the unchanged contract in common.
        #expect(SQLMandatStore.independent(read(["i:F-2", "c:B/K1"], old: ["D-2"]), of: current, built: built))
        // The contract changed (followed by the current step).
        #expect(
            !SQLMandatStore.independent(
                read(["i:F-2", "c:B/K1"]), of: read(["i:F-1", "c:B/K1"], changed: ["c:B/K1"]), built: built))
        // A fact in common.
        #expect(!SQLMandatStore.independent(read(["i:F-2", "e:a"]), of: current, built: built))
        // An earlier dossier the current step removes, or one it writes.
        #expect(!SQLMandatStore.independent(read(["i:F-2"], old: ["D-0"]), of: current, built: built))
        #expect(!SQLMandatStore.independent(read(["i:F-2"], old: ["D-1"]), of: current, built: built))
    }

    @Test("Link keys: numbers and Chorus ids both ways, contracts and piece numbers one way")
    func keys() {
        var inv = Synthetic.invoice("fa 2025-001", contract: "2025/M-012")
        inv.chorusId = " 1234 "
        #expect(DossierState.keys(inv) == ["n:FA2025-001", "c:1234", "k:2025M012"])
        // A contract reaches the invoices and mandats that name it, and other contracts of that id; an invoice
        // reaches only contracts.
        #expect(DossierState.reach("k:2025M012") == ["K:2025M012"])
        #expect(DossierState.reach("K:2025M012") == ["K:2025M012", "k:2025M012"])
        // IdPce 0412 is piece 412; a mandat asks, a MANDATEE offers.
        #expect(DossierState.pieceKey("0412", offered: false) == "p:412")
        #expect(DossierState.reach("p:412") == ["P:412"])
        #expect(DossierState.reach("n:F-1") == ["n:F-1"])
    }
}
