import Foundation
import MandatCore
import MandatFormats
import Testing

@testable import MandatStore

/// Batched import: several files in one transaction must give what the same files give one by one.
@Suite("Import in batches")
struct ImportBatchTests {
    @Test("Batches are cut by file count and by bytes; a larger file is a batch of its own")
    func batchRanges() {
        // maxFiles 3, maxBytes 400: 100 + 200 + 50 = 350 (3 files: full); 5 000 alone (over 400);
        // 10 + 10 + 10 = 30 (the last three).
        #expect(
            Importer.batches(sizes: [100, 200, 50, 5_000, 10, 10, 10], maxFiles: 3, maxBytes: 400)
                == [0..<3, 3..<4, 4..<7])
        // 300 + 200 = 500 > 400: the second file starts a new batch.
        #expect(Importer.batches(sizes: [300, 200], maxFiles: 10, maxBytes: 400) == [0..<1, 1..<2])
        #expect(Importer.batches(sizes: [], maxFiles: 3, maxBytes: 400) == [])
    }

    /// Four files: a, b (the same invoice corrected, one event shared with a, one new), a copy of a (same
    /// content, other name), c (a contract, and a's mandat corrected).
    static func items(at date: Date) -> [ImportItem] {
        let e1a = Synthetic.event(.deposited, "DEPOSEE", on: "2025-03-02", number: "F-1", file: "a.xml")
        var e1b = e1a
        e1b.sourceRef = SourceRef(file: "b.xml", line: 7)
        let e2 = Synthetic.event(.madeAvailable, "MISE_A_DISPOSITION", on: "2025-03-03", number: "F-1", file: "b.xml")
        let a = Synthetic.document(
            "a.xml", invoices: [Synthetic.invoice("F-1", due: 100)], events: [e1a],
            mandats: [Synthetic.mandat("41", invoice: "F-1", ttc: "100.00")])
        let b = Synthetic.document(
            "b.xml", invoices: [Synthetic.invoice("F-1", due: 120)], events: [e1b, e2])
        let c = Synthetic.document(
            "c.xml", kind: .pesAller, mandats: [Synthetic.mandat("41", invoice: "F-1", ttc: "120.00")],
            contracts: [Synthetic.contract("M1")])
        return [
            ImportItem(document: a, fingerprint: Synthetic.fingerprint("a"), importedAt: date),
            ImportItem(document: b, fingerprint: Synthetic.fingerprint("b"), importedAt: date),
            ImportItem(
                document: Synthetic.document("a-copy.xml", invoices: a.invoices, events: a.events, mandats: a.mandats),
                fingerprint: Synthetic.fingerprint("a"), importedAt: date),
            ImportItem(document: c, fingerprint: Synthetic.fingerprint("c"), importedAt: date),
        ]
    }

    @Test(
        "One batch gives the outcomes and the facts of the same files imported one by one", arguments: backendsUnderTest
    )
    func batchEqualsOneByOne(_ backend: StoreBackend) async throws {
        let date = Date(timeIntervalSince1970: 1_764_000_000)
        let batchDB = try TestDB(backend)
        let singleDB = try TestDB(backend)
        defer {
            Task {
                await batchDB.destroy()
                await singleDB.destroy()
            }
        }
        // Given the four files written as one batch…
        let s = try await batchDB.open()
        let batch = try await s.importDocuments(Self.items(at: date))
        // …and the same four written one at a time in another store…
        let t = try await singleDB.open()
        var single: [FileImportOutcome] = []
        for item in Self.items(at: date) {
            single.append(try await t.importDocument(item.document, fingerprint: item.fingerprint, importedAt: date))
        }
        // …then each file's outcome is the same:
        #expect(batch == single)
        #expect(batch.map(\.written) == [true, true, false, true])
        // a: invoice F-1 new, event DEPOSEE new, mandat 41 new.
        #expect(batch[0].invoicesNew == 1 && batch[0].eventsNew == 1 && batch[0].mandatsNew == 1)
        // b: F-1 again (replaced), DEPOSEE known from a, MISE_A_DISPOSITION new.
        #expect(batch[1].invoicesNew == 0 && batch[1].invoicesUpdated == 1)
        #expect(batch[1].eventsNew == 1 && batch[1].eventsKnown == 1)
        // The copy of a: nothing written, a's record given back.
        #expect(batch[2].record.path == "a.xml" && batch[2].eventsNew == 0)
        // c: mandat 41 replaced (not new), contract M1 new.
        #expect(batch[3].mandatsNew == 0 && batch[3].contractsNew == 1)
        // 3 files (a, b, c), 1 invoice, 2 events, 1 mandat, 1 contract; the later readings won.
        let expected = StoreCounts(files: 3, filesFailed: 0, invoices: 1, events: 2, mandats: 1, contracts: 1)
        #expect(try await s.counts() == expected)
        #expect(try await t.counts() == expected)
        let facts = try await s.facts()
        #expect(facts == (try await t.facts()))
        #expect(facts.invoices.first?.amountDue == 120)
        #expect(facts.mandats.first?.amountTTC == Decimal(string: "120.00"))
        #expect(facts.events.first?.sourceRef.file == "a.xml")  // the first reading of DEPOSEE is kept
        // Import order: a, b, c (seq 1, 2, 3).
        #expect(try await s.files().map(\.path) == ["a.xml", "b.xml", "c.xml"])
        try await s.close()
        try await t.close()
    }

    @Test("A failure in the second file of a batch keeps nothing of the first either", arguments: backendsUnderTest)
    func batchAllOrNothing(_ backend: StoreBackend) async throws {
        let db = try TestDB(backend)
        defer { Task { await db.destroy() } }
        let s = try await db.open()
        struct Injected: Error {}
        // Given a store that fails on the batch's second event (file b's first)…
        let seen = Counter()
        await s.setFailpoint { step in
            if step == "event", seen.next() == 2 { throw Injected() }
        }
        await #expect(throws: StoreError.self) {
            _ = try await s.importDocuments(Self.items(at: Date()))
        }
        // …then neither a nor anything else was kept…
        #expect(
            try await s.counts()
                == StoreCounts(files: 0, filesFailed: 0, invoices: 0, events: 0, mandats: 0, contracts: 0))
        // …and the whole batch imports afterwards.
        await s.setFailpoint(nil)
        let out = try await s.importDocuments(Self.items(at: Date()))
        #expect(out.map(\.written) == [true, true, false, true])
        try await s.close()
    }

    @Test("Batch size and reading tasks change nothing in the summary, the progress or the store")
    func importerBatchSizes() async throws {
        let tmp = try TempFolder()
        defer { tmp.remove() }
        try tmp.write("inv1.xml", "<x>1</x>")
        try tmp.write("inv1copy.xml", "<x>1</x>")  // the same content as inv1.xml
        try tmp.write("inv2.xml", "<x>2</x>")
        try tmp.write("status.xml", "<x>s</x>")
        try tmp.write("broken.xml", "<?xml version=\"1.0\"?>\n<Invoice>\n</Facture>\n")
        var runs: [(Importer.Summary, [String], StoreCounts)] = []
        // groupBytes 0: a commit after every batch; 1 GiB: the whole import in one commit (SQLite).
        for (files, readers, group) in [(1, 1, 0), (2, 2, 1 << 30), (128, 2, 32 << 20)] {
            let db = try TestDB(.sqlite)
            let s = try await db.open()
            var importer = Importer(store: s, reader: ImporterTests.reader)
            importer.batchFiles = files
            importer.readers = readers
            importer.groupBytes = group
            var lines: [String] = []
            let summary = try await importer.run(paths: [tmp.url.path]) { step in
                if case .file(let i, let p, let r, _) = step {
                    lines.append("\(i) \((p as NSString).lastPathComponent) \(r.status.rawValue)")
                }
            }
            runs.append((summary, lines, try await s.counts()))
            try await s.close()
            await db.destroy()
        }
        // Sorted: broken, inv1, inv1copy (same content: already imported), inv2, status.
        #expect(
            runs[0].1 == [
                "1 broken.xml failed", "2 inv1.xml imported", "3 inv1copy.xml alreadyImported",
                "4 inv2.xml imported", "5 status.xml imported",
            ])
        // 5 seen; broken + inv1 + inv2 + status recorded = 4; 1 failed; F-1 and F-2 new; 2 status events.
        #expect(runs[0].0.filesSeen == 5 && runs[0].0.filesImported == 4 && runs[0].0.filesAlreadyImported == 1)
        #expect(runs[0].0.filesFailed == 1 && runs[0].0.invoicesNew == 2 && runs[0].0.eventsNew == 2)
        #expect(runs[0].0.dossiersCreated == 2)
        #expect(runs[0].2 == StoreCounts(files: 4, filesFailed: 1, invoices: 2, events: 2, mandats: 0, contracts: 0))
        for r in runs.dropFirst() {
            #expect(r.0 == runs[0].0)
            #expect(r.1 == runs[0].1)
            #expect(r.2 == runs[0].2)
        }
    }

    @Test("An import group is committed before a file larger than a batch is read: the files before are reported")
    func groupCommittedBeforeLargeFile() async throws {
        let tmp = try TempFolder()
        defer { tmp.remove() }
        try tmp.write("inv1.xml", "<x>1</x>")  // 8 bytes: a batch of its own (batchFiles 1)
        try tmp.write("inv2.xml", "<x>2</x>" + String(repeating: " ", count: 100))  // 108 bytes > batchBytes 64
        let db = try TestDB(.sqlite)
        defer { Task { await db.destroy() } }
        let s = try await db.open()
        // The order of two things: inv1.xml reported (after its commit), and inv2.xml's reading finished. The
        // reader of inv2.xml waits (up to 5 s) for inv1.xml's report: before the fix the group (no deadline, no
        // byte limit) was committed only after inv2.xml was read, so the reader waited in vain and finished first.
        let log = Lines()
        var importer = Importer(store: s) { path, name in
            if (path as NSString).lastPathComponent == "inv2.xml" {
                for _ in 0..<500 where !log.all.contains("reported inv1.xml") { usleep(10_000) }
                log.append("read inv2.xml")
            }
            return ImporterTests.reader(path, name)
        }
        importer.batchFiles = 1
        importer.batchBytes = 64
        importer.groupBytes = 1 << 30
        importer.groupSeconds = 3600
        let summary = try await importer.run(paths: [tmp.url.path]) { step in
            if case .file(_, let p, _, _) = step {
                log.append("reported " + (p as NSString).lastPathComponent)
            }
        }
        #expect(log.all == ["reported inv1.xml", "read inv2.xml", "reported inv2.xml"])
        // Both imported: invoices F-1 and F-2, two dossiers.
        #expect(summary.filesImported == 2 && summary.invoicesNew == 2 && summary.dossiersCreated == 2)
        try await s.close()
    }

    @Test(
        "An import group commits several batches at once; a failed batch loses the group on SQLite, itself only on PostgreSQL",
        arguments: backendsUnderTest)
    func groupedBatches(_ backend: StoreBackend) async throws {
        let db = try TestDB(backend)
        defer { Task { await db.destroy() } }
        let s = try await db.open()
        let reader = try await db.open()  // another connection, as `mandat status` during an import
        let items = Self.items(at: Date(timeIntervalSince1970: 1_764_000_000))
        let commitsBefore = await s.commits
        // Given a group in which a and b are written and committed…
        await s.beginImportGroup()
        let ab = try await s.importDocuments(Array(items[0..<2]))
        #expect(ab.map(\.written) == [true, true])
        // …another connection sees nothing of the group before its commit on SQLite (one transaction), a and b
        // on PostgreSQL (one transaction per call there)…
        #expect(try await reader.counts().files == (backend == .sqlite ? 0 : 2))
        try await s.commitImportGroup()
        // …2 files, invoice F-1, events DEPOSEE and MISE_A_DISPOSITION, mandat 41, no contract; on SQLite in one
        // commit.
        let ab2 = StoreCounts(files: 2, filesFailed: 0, invoices: 1, events: 2, mandats: 1, contracts: 0)
        #expect(try await reader.counts() == ab2)
        if backend == .sqlite { #expect(await s.commits == commitsBefore + 1) }
        // Then the next group writes a's copy (already there: nothing written) and fails on c's contract.
        struct Injected: Error {}
        _ = try await s.importDocuments([items[2]])
        await s.setFailpoint { step in if step == "contract" { throw Injected() } }
        await #expect(throws: (any Error).self) { _ = try await s.importDocuments([items[3]]) }
        await s.setFailpoint(nil)
        if backend == .sqlite {
            // SQLite: no savepoint per call, so the failure rolled the group back whole, and the group stays lost
            // (every write fails, and so does the commit) until the caller abandons it.
            await #expect(throws: StoreError.self) { _ = try await s.importDocuments([items[3]]) }
            await s.abandonImportGroup()
        } else {
            try await s.commitImportGroup()
        }
        #expect(try await reader.counts() == ab2)
        // Back to one transaction per call: c imports on its own, mandat 41 replaced, contract M1 new.
        let c = try await s.importDocuments([items[3]])
        #expect(c[0].written && c[0].mandatsNew == 0 && c[0].contractsNew == 1)
        try await s.endImportGroup()
        #expect(try await reader.counts().contracts == 1)
        try await reader.close()
        try await s.close()
    }

    @Test(
        "A write failing inside an import group: the group's files are written again, nothing lost or doubled",
        arguments: backendsUnderTest)
    func importerRewritesLostGroup(_ backend: StoreBackend) async throws {
        let tmp = try TempFolder()
        defer { tmp.remove() }
        try tmp.write("inv1.xml", "<x>1</x>")
        try tmp.write("inv2.xml", "<x>2</x>")
        try tmp.write("status.xml", "<x>s</x>")
        try tmp.write("zbroken.xml", "<?xml version=\"1.0\"?>\n<Invoice>\n</Facture>\n")
        var runs: [(Importer.Summary, [String], StoreCounts)] = []
        for fail in [false, true] {
            let db = try TestDB(backend)
            let s = try await db.open()
            // The third file written (status.xml, in the third batch of one group) fails once: the group holding
            // inv1.xml and inv2.xml is rolled back with it, then written again.
            let files = Counter()
            if fail {
                struct Injected: Error {}
                await s.setFailpoint { step in if step == "file", files.next() == 3 { throw Injected() } }
            }
            var importer = Importer(store: s, reader: ImporterTests.reader)
            importer.batchFiles = 1
            importer.groupBytes = 1 << 30
            importer.groupSeconds = 3600
            var lines: [String] = []
            let summary = try await importer.run(paths: [tmp.url.path]) { step in
                if case .file(let i, let p, let r, _) = step {
                    lines.append("\(i) \((p as NSString).lastPathComponent) \(r.status.rawValue)")
                }
            }
            runs.append((summary, lines, try await s.counts()))
            // SQLite writes inv1, inv2, status (the 3rd, refused), inv1, inv2, status again, zbroken (7th): the
            // next is 8. PostgreSQL (one transaction per batch, inv1 and inv2 kept) writes status again alone,
            // then zbroken (5th): the next is 6.
            if fail { #expect(files.next() == (backend == .sqlite ? 8 : 6)) }
            try await s.close()
            await db.destroy()
        }
        // The same lines, summary and store as without the failure: 4 files recorded (zbroken.xml with its error),
        // F-1 and F-2, the status's two events, two dossiers.
        #expect(
            runs[0].1 == [
                "1 inv1.xml imported", "2 inv2.xml imported", "3 status.xml imported", "4 zbroken.xml failed",
            ])
        #expect(runs[0].2 == StoreCounts(files: 4, filesFailed: 1, invoices: 2, events: 2, mandats: 0, contracts: 0))
        #expect(runs[0].0.dossiersCreated == 2 && runs[0].0.filesImported == 4 && runs[0].0.filesFailed == 1)
        #expect(runs[1].0 == runs[0].0)
        #expect(runs[1].1 == runs[0].1)
        #expect(runs[1].2 == runs[0].2)
    }

    @Test("A new SQLite store has 16 KiB pages; a store created with 4 KiB pages keeps them and its data")
    func pageSize() async throws {
        let newDB = try TestDB(.sqlite)
        let oldDB = try TestDB(.sqlite)
        defer {
            Task {
                await newDB.destroy()
                await oldDB.destroy()
            }
        }
        func pageSize(_ s: SQLMandatStore) async throws -> Int {
            try await s.db.raw("PRAGMA page_size").first()?.decode(column: "page_size", as: Int.self) ?? 0
        }
        let fresh = try await newDB.open()
        #expect(try await pageSize(fresh) == 16_384)
        try await fresh.close()
        // Given a store created as before (4 096-byte pages) holding a, b and c…
        guard case .sqlite(let path) = oldDB.location else { return }
        let old = try await StoreLocation.openSQLite(
            path: path, logger: .init(label: "test"), busy: 1_000, pageSize: 4_096)
        try await old.migrate()
        _ = try await old.importDocuments(Self.items(at: Date(timeIntervalSince1970: 1_764_000_000)))
        try await old.close()
        // …when it is opened now, then it keeps its page size and its 3 files, 1 invoice, 2 events, 1 mandat,
        // 1 contract.
        let reopened = try await oldDB.open()
        #expect(try await pageSize(reopened) == 4_096)
        #expect(
            try await reopened.counts()
                == StoreCounts(files: 3, filesFailed: 0, invoices: 1, events: 2, mandats: 1, contracts: 1))
        try await reopened.close()
    }
}

/// Lines appended from several tasks and threads (an import's reader and its progress).
final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) {
        lock.lock()
        defer { lock.unlock() }
        lines.append(line)
    }
    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return lines
    }
}
