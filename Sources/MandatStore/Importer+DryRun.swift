import Foundation
import Logging
import MandatCore
import MandatFormats
import SQLKit
import SQLiteKit

// `mandat import --dry-run` in bounded memory: the counts of a real import (files, facts new and known, dossiers
// created and updated) without writing, without loading the store, and without holding the documents read.
//
// Files go through in the import's batches (hashed and read on every core, one batch of documents at a time). Of
// each document only what counting needs is kept: the ids of its facts (against the store's keys, one query per
// table and batch, for "new" / "already known" / "updated") and, for each fact the import would write, its id,
// link keys (`DossierState.FactKeys`) and refresh order in a scratch SQLite database and its stored text in a
// scratch file (`DryRunIndex`, `DryRunSpill`), not in memory. After the files, the dossiers are counted as the real
// import's refresh would (`DossierStateSQL`): the new facts, taken in `sort_key` order, are closed over their link
// keys and the dossiers they meet in the stored state (`fact_keys`, `dossier_members`), a step of about 5 000 facts
// at a time; the step's stored facts and new facts are built into dossiers (`DossierBuilder`) and each dossier's
// compact text is compared with its stored row (`dossier_state`): no row, created; another text, updated. So memory
// holds one batch of documents and one step, and per import only the contents' hashes and the ids of the dossiers
// counted: never the store, the documents, nor the new facts.

extension Importer {
    /// Whether `store` can count a dry run in bounded memory: its dossier state is current (built, of this format,
    /// not behind the files), or it holds no file yet. Otherwise the dry run links the whole store (`run`).
    static func boundedDryRunPossible(_ store: SQLMandatStore) async throws -> Bool {
        if try await store.lastFileSeq() == 0 { return true }
        return try await store.dossierStateCurrent()
    }

    /// The dry run of `run(paths:dryRun:progress:)` on a store whose dossier state is current: see the comment at
    /// the top of this file.
    func boundedDryRun(
        _ sql: SQLMandatStore, files: [String], names: [String], sizes: [Int], summary: inout Summary,
        progress: (Step) -> Void
    ) async throws {
        let facts = try await DryRunIndex.open()
        do {
            try await boundedDryRun(
                sql, facts, files: files, names: names, sizes: sizes, summary: &summary, progress: progress)
        } catch {
            await facts.close()
            throw error
        }
        await facts.close()
    }

    private func boundedDryRun(
        _ sql: SQLMandatStore, _ facts: DryRunIndex, files: [String], names: [String], sizes: [Int],
        summary: inout Summary, progress: (Step) -> Void
    ) async throws {
        var dryHashes: Set<String> = []
        var bytesDone = 0
        let reader = self.reader
        for range in Self.batches(sizes: sizes, maxFiles: batchFiles, maxBytes: batchBytes) {
            let paths = Array(files[range])
            let shown = Array(names[range])
            let hashes = await Self.fingerprints(paths, readers: readers)
            let shas = hashes.compactMap { try? $0.get().sha256 }
            let known = try await store.files(sha256s: shas)
            let prepared = await Self.inParallel(paths.count, width: readers) { i in
                Self.prepare(path: paths[i], shown: shown[i], hash: hashes[i], known: known, reader: reader)
            }
            let stored = try await storedRowKeys(sql, prepared)
            // The batch's facts already read by this run (in the index), then those of this batch as they come.
            var seen = try await facts.known(Self.factIds(prepared))
            var adds: [(keys: DossierState.FactKeys, text: String)] = []
            for (n, i) in range.enumerated() {
                let result: FileResult
                switch prepared[n] {
                case .unreadable(let r), .skipped(let r, _):
                    result = r
                case .known(let earlier):
                    result = FileResult(
                        path: shown[n], status: .alreadyImported, kind: earlier.kind,
                        outcome: FileImportOutcome(written: false, record: earlier))
                case .read(let item):
                    result = count(
                        item, path: shown[n], stored: stored, dryHashes: &dryHashes, seen: &seen, adds: &adds)
                }
                summary.filesSeen += 1
                bytesDone += sizes[i]
                summary.add(result)
                progress(.file(index: i + 1, path: names[i], result: result, bytesDone: bytesDone))
            }
            try await facts.add(adds)
        }
        let change = try await countDossiers(sql, facts)
        summary.dossiersCreated = change.created
        summary.dossiersUpdated = change.updated
    }

    /// The row keys of `prepared`'s facts that the store already holds, by table (`i`, `e`, `m`, `c`).
    private func storedRowKeys(_ sql: SQLMandatStore, _ prepared: [Prepared]) async throws -> [Character: Set<String>] {
        var wanted: [Character: [String]] = [:]
        for p in prepared {
            guard case .read(let item) = p, let rows = item.rows else { continue }
            wanted["i", default: []] += rows.invoices.map(\.key)
            wanted["e", default: []] += rows.events.map(\.key)
            wanted["m", default: []] += rows.mandats.map(\.key)
            wanted["c", default: []] += rows.contracts.map(\.key)
        }
        var out: [Character: Set<String>] = [:]
        out["i"] = try await sql.dryRunStoredKeys("invoices", key: "key", wanted["i"] ?? [])
        out["e"] = try await sql.dryRunStoredKeys("events", key: "id", wanted["e"] ?? [])
        out["m"] = try await sql.dryRunStoredKeys("mandats", key: "key", wanted["m"] ?? [])
        out["c"] = try await sql.dryRunStoredKeys("contracts", key: "buyer_id || '/' || id", wanted["c"] ?? [])
        return out
    }

    /// The fact ids (`DossierState.Fact`) of `prepared`'s documents read.
    private static func factIds(_ prepared: [Prepared]) -> [String] {
        var out: [String] = []
        for p in prepared {
            guard case .read(let item) = p, let rows = item.rows else { continue }
            out += rows.keys.keys
        }
        return out
    }

    /// Counts one document read (not a content already stored): the same counts as `SQLMandatStore`'s write
    /// (a key neither stored nor seen earlier in the run is new; an event is written once, the first reading kept;
    /// an invoice, mandat or contract read again replaces the earlier reading) and records the facts it would write.
    ///
    /// - Parameters:
    ///   - seen: the facts this run has read (an index look-up for the batch, then this batch's), updated.
    ///   - adds: gets the facts to record in the index, with their stored texts.
    private func count(
        _ item: ImportItem, path: String, stored: [Character: Set<String>], dryHashes: inout Set<String>,
        seen: inout Set<String>, adds: inout [(keys: DossierState.FactKeys, text: String)]
    ) -> FileResult {
        let doc = item.document
        let record = Self.record(doc, item.fingerprint)
        if !dryHashes.insert(item.fingerprint.sha256).inserted {
            return FileResult(
                path: path, status: .alreadyImported, kind: doc.kind.rawValue,
                outcome: FileImportOutcome(written: false, record: record))
        }
        let rows: EncodedRows
        do {
            rows = try item.rows ?? EncodedRows(doc, sha256: item.fingerprint.sha256)
        } catch {
            // What the store's write would refuse (a contract its encoder cannot write): not recorded, as there.
            return FileResult(
                path: path, status: .notRecorded, kind: doc.kind.rawValue,
                error: "\(path): cannot encode its facts: \(error) [store.write]")
        }
        var o = FileImportOutcome(written: false, record: record)
        func isNew(_ table: Character, _ key: String) -> Bool {
            // Every fact read is recorded (an event only when new): the table letter is the fact id's prefix.
            !(stored[table]?.contains(key) ?? false) && !seen.contains(String(table) + ":" + key)
        }
        func add(_ k: DossierState.FactKeys?, _ r: EncodedRows.Row) {
            guard let k else { return }
            seen.insert(k.fact)
            adds.append((k, text(r)))
        }
        func text(_ row: EncodedRows.Row) -> String { row.row.last as? String ?? "" }
        for r in rows.invoices {
            if isNew("i", r.key) { o.invoicesNew += 1 } else { o.invoicesUpdated += 1 }
            add(rows.keys[DossierState.Fact.invoice(r.key)], r)
        }
        for r in rows.events {
            guard isNew("e", r.key) else {
                o.eventsKnown += 1
                continue
            }
            o.eventsNew += 1
            add(rows.keys[DossierState.Fact.event(r.key)], r)
        }
        for r in rows.mandats {
            if isNew("m", r.key) { o.mandatsNew += 1 }
            add(rows.keys[DossierState.Fact.mandat(r.key)], r)
        }
        for r in rows.contracts {
            if isNew("c", r.key) { o.contractsNew += 1 }
            add(rows.keys["c:" + r.key], r)
        }
        return FileResult(
            path: path, status: doc.error != nil ? .failed : .imported, kind: doc.kind.rawValue, outcome: o,
            error: record.errorDescription, notes: doc.notes)
    }

    /// The dossiers the refresh after a real import would create and update: the new facts closed over the link
    /// keys and the stored dossiers, a step at a time (`SQLMandatStore.stateBatchFacts` facts), each step built and
    /// compared with the stored rows.
    private func countDossiers(_ sql: SQLMandatStore, _ facts: DryRunIndex) async throws -> DossierStateChange {
        var counted: Set<String> = []
        var change = DossierStateChange()
        // Seeds in the refresh's order (`DossierState.FactKeys.sortKey`), read from the index a group at a time;
        // the facts of each step are marked done there, so a later seed already taken in is skipped.
        var cursor: (String, String)?
        var more = true
        while more {
            var closed: Set<String> = []
            var oldDossiers: Set<String> = []
            while more && closed.count < dryRunStepFacts {
                let page = try await facts.seeds(after: cursor, limit: SQLMandatStore.stateSeedGroup)
                guard let last = page.last else {
                    more = false
                    break
                }
                cursor = last
                let group = page.map(\.1).filter { !closed.contains($0) }
                guard !group.isEmpty else { continue }
                try await close(sql, group, facts, into: &closed, dossiers: &oldDossiers)
            }
            guard !closed.isEmpty else { continue }
            try await facts.markDone(Array(closed))
            let built = try await buildStep(sql, closed, facts)
            var texts: [String: String] = [:]
            for d in built { texts[d.id] = try StoredDossier.encode(d) }
            let ids = Array(Set(texts.keys).subtracting(counted))
            let before = try await sql.dryRunDossierTexts(ids)
            for id in ids.sorted() {
                counted.insert(id)
                rebuiltCount(&change, before: before[id], after: texts[id]!)
            }
        }
        return change
    }

    private func rebuiltCount(_ change: inout DossierStateChange, before: String?, after: String) {
        change.rebuilt += 1
        guard let before else {
            change.created += 1
            return
        }
        if before != after { change.updated += 1 }
    }

    /// Adds to `closed` every fact reached from `start` through link keys (stored and new) and through the stored
    /// dossiers those facts are in, as `SQLMandatStore.close` does after a real import: a stored contract reached
    /// is read, not followed (it is unchanged); a new contract is followed to every fact that names it.
    private func close(
        _ sql: SQLMandatStore, _ start: [String], _ facts: DryRunIndex, into closed: inout Set<String>,
        dossiers: inout Set<String>
    ) async throws {
        var frontier = start.filter { closed.insert($0).inserted }
        var seenKeys = Set<String>()
        while !frontier.isEmpty {
            var next: [String] = []
            var wanted: [String] = []
            func want(_ key: String) {
                for k in DossierState.reach(key) where seenKeys.insert(k).inserted { wanted.append(k) }
            }
            let newKeys = try await facts.keys(of: frontier)
            let followed = frontier.filter { !$0.hasPrefix("c:") || newKeys[$0] != nil }
            for f in followed { for k in newKeys[f] ?? [] { want(k) } }
            for k in try await sql.dryRunKeys(ofFacts: followed) { want(k) }
            let found = try await sql.dryRunDossiers(ofFacts: followed).filter { dossiers.insert($0).inserted }
            for f in try await sql.dryRunMembers(ofDossiers: found) where closed.insert(f).inserted { next.append(f) }
            for f in try await sql.dryRunFacts(withKeys: wanted) where closed.insert(f).inserted { next.append(f) }
            for f in try await facts.facts(withKeys: wanted) where closed.insert(f).inserted { next.append(f) }
            frontier = next
        }
    }

    /// The dossiers of one step: its stored facts (those not read again by this run) and its new facts' latest
    /// readings, decoded and built as the refresh builds them.
    private func buildStep(_ sql: SQLMandatStore, _ closed: Set<String>, _ facts: DryRunIndex) async throws
        -> [Dossier]
    {
        var storedIds: [Character: [String]] = [:]
        var texts: [Character: [(key: String, text: String)]] = [:]
        let newTexts = try await facts.texts(of: Array(closed))
        for f in closed {
            guard let table = f.first, f.dropFirst().first == ":" else { continue }
            let key = String(f.dropFirst(2))
            if let new = newTexts[f] {
                texts[table, default: []].append((key, new))
            } else {
                storedIds[table, default: []].append(key)
            }
        }
        for (table, k) in [("i", "invoices"), ("e", "events"), ("m", "mandats"), ("c", "contracts")] {
            let t = Character(table)
            let got = try await sql.dryRunFactTexts(k, storedIds[t] ?? [])
            texts[t, default: []] += got
        }
        func sorted(_ t: Character) -> (keys: [String], texts: [String]) {
            let s = (texts[t] ?? []).sorted { $0.key < $1.key }
            return (s.map(\.key), s.map(\.text))
        }
        let (ik, it) = sorted("i"), (ek, et) = sorted("e"), (mk, mt) = sorted("m"), (ck, ct) = sorted("c")
        let built = DossierBuilder.build(
            invoices: try SQLMandatStore.decodeAll(Invoice.self, texts: it, "invoices", keys: ik),
            events: try SQLMandatStore.decodeAll(ChainEvent.self, texts: et, "events", keys: ek),
            mandats: try SQLMandatStore.decodeAll(Mandat.self, texts: mt, "mandats", keys: mk),
            contracts: try SQLMandatStore.decodeAll(Contract.self, texts: ct, "contracts", keys: ck))
        return built.dossiers
    }
}

/// The facts a dry run would write, on disk: their ids, link keys and refresh order in a scratch SQLite database
/// (`dry_facts`, `dry_keys`), their stored texts in a scratch file (`DryRunSpill`); both in the run's private
/// folder (`DryRunScratch`), removed when closed. So the memory of a dry run does not grow with the number of new
/// facts either.
///
/// Not `Sendable`: used by the one task that runs the dry run.
final class DryRunIndex {
    private let scratch: DryRunScratch
    private let connection: SQLiteConnection
    private let db: any SQLDatabase
    let spill: DryRunSpill
    /// Values bound per `IN (…)` list.
    static let chunk = 500

    private init(scratch: DryRunScratch, connection: SQLiteConnection, spill: DryRunSpill) {
        self.scratch = scratch
        self.connection = connection
        self.db = connection.sql()
        self.spill = spill
    }

    /// A new, empty index in a private folder of `temporaryDirectory` (`TMPDIR`), after removing the scratch
    /// folders of dry runs whose process is gone (`DryRunScratch.removeStale`).
    /// - Throws: `StoreError` (`io.temp`) when the scratch files cannot be created.
    static func open(in temporaryDirectory: URL = FileManager.default.temporaryDirectory) async throws -> DryRunIndex {
        DryRunScratch.removeStale(in: temporaryDirectory)
        let scratch = try DryRunScratch(in: temporaryDirectory)
        let spill: DryRunSpill
        do { spill = try DryRunSpill(url: scratch.folder.appendingPathComponent("texts")) } catch {
            scratch.remove()
            throw error
        }
        let path = scratch.folder.appendingPathComponent("facts.sqlite").path
        do {
            // Created empty and private before SQLite opens it (SQLite would make it 0644 under the usual umask).
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
            else { throw CocoaError(.fileWriteUnknown) }
            let conn = try await SQLiteConnection.open(
                storage: .file(path: path), logger: Logger(label: "mandat.dry-run"))
            let index = DryRunIndex(scratch: scratch, connection: conn, spill: spill)
            do {
                for sql in [
                    "PRAGMA journal_mode = OFF", "PRAGMA synchronous = OFF",
                    "CREATE TABLE dry_facts (fact TEXT PRIMARY KEY, keys TEXT NOT NULL, sort_key TEXT NOT NULL, "
                        + "off INTEGER NOT NULL, len INTEGER NOT NULL, done INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID",
                    // The seeds' order, those not yet done first: a range scan from the cursor (`seeds`).
                    "CREATE INDEX dry_facts_order ON dry_facts (done, sort_key, fact)",
                    "CREATE TABLE dry_keys (key TEXT NOT NULL, fact TEXT NOT NULL, PRIMARY KEY (key, fact)) WITHOUT ROWID",
                ] {
                    try await index.db.raw(SQLQueryString(sql)).run()
                }
            } catch {
                await index.close()
                throw error
            }
            return index
        } catch {
            spill.close()
            scratch.remove()
            throw StoreError(
                code: "io.temp", message: "cannot create the dry run's scratch database \(path)", cause: "\(error)")
        }
    }

    /// Closes and removes the scratch files and their folder.
    func close() async {
        try? await connection.close()
        spill.close()
        scratch.remove()
    }

    private func rows(_ sql: String, _ values: [String], _ each: (any SQLRow) throws -> Void) async throws {
        for start in stride(from: 0, to: values.count, by: Self.chunk) {
            let part = values[start..<min(values.count, start + Self.chunk)].map { $0 as any Encodable & Sendable }
            for r in try await db.raw(SQLQueryString(sql) + " (\(binds: part))").all() { try each(r) }
        }
    }

    /// Those of `facts` the index holds.
    func known(_ facts: [String]) async throws -> Set<String> {
        var out = Set<String>()
        try await rows("SELECT fact FROM dry_facts WHERE fact IN", facts) {
            out.insert(try $0.decode(column: "fact", as: String.self))
        }
        return out
    }

    /// The link keys of those of `facts` the index holds, by fact.
    func keys(of facts: [String]) async throws -> [String: [String]] {
        var out: [String: [String]] = [:]
        try await rows("SELECT fact, keys FROM dry_facts WHERE fact IN", facts) {
            let k = try $0.decode(column: "keys", as: String.self)
            out[try $0.decode(column: "fact", as: String.self)] =
                k.isEmpty ? [] : k.split(separator: "\u{1F}").map(String.init)
        }
        return out
    }

    /// The facts holding one of `keys`.
    func facts(withKeys keys: [String]) async throws -> [String] {
        var out: [String] = []
        try await rows("SELECT fact FROM dry_keys WHERE key IN", keys) {
            out.append(try $0.decode(column: "fact", as: String.self))
        }
        return out
    }

    /// The stored texts of those of `facts` the index holds, by fact.
    func texts(of facts: [String]) async throws -> [String: String] {
        var slices: [(String, DryRunSpill.Slice)] = []
        try await rows("SELECT fact, off, len FROM dry_facts WHERE fact IN", facts) {
            slices.append(
                (
                    try $0.decode(column: "fact", as: String.self),
                    DryRunSpill.Slice(
                        offset: UInt64(try $0.decode(column: "off", as: Int.self)),
                        length: try $0.decode(column: "len", as: Int.self))
                ))
        }
        var out: [String: String] = [:]
        for (f, s) in slices.sorted(by: { $0.1.offset < $1.1.offset }) { out[f] = try spill.read(s) }
        return out
    }

    /// Records facts read, in order: a later reading of a fact replaces its text and adds its keys (a wider
    /// closure is still right: it only rebuilds more dossiers, and unchanged ones count nothing).
    func add(_ adds: [(keys: DossierState.FactKeys, text: String)]) async throws {
        guard !adds.isEmpty else { return }
        var merged: [String: (keys: Set<String>, slice: DryRunSpill.Slice)] = [:]
        var order: [String] = []
        for a in adds {
            let slice = try spill.append(a.text)
            if let m = merged[a.keys.fact] {
                merged[a.keys.fact] = (m.keys.union(a.keys.keys), slice)
            } else {
                merged[a.keys.fact] = (Set(a.keys.keys), slice)
                order.append(a.keys.fact)
            }
        }
        for (f, k) in try await keys(of: order) { merged[f]?.keys.formUnion(k) }
        var factRows: [[any Encodable & Sendable]] = []
        var keyRows: [[any Encodable & Sendable]] = []
        for f in order {
            let m = merged[f]!
            let fk = DossierState.FactKeys(fact: f, keys: m.keys)
            factRows.append([f, fk.keys.joined(separator: "\u{1F}"), fk.sortKey, Int(m.slice.offset), m.slice.length])
            for k in fk.keys { keyRows.append([k, f]) }
        }
        for part in SQLMandatStore.chunks(factRows, columns: 5) {
            try await db.raw(
                "INSERT INTO dry_facts (fact, keys, sort_key, off, len) VALUES " + SQLMandatStore.valueRows(part)
                    + " ON CONFLICT (fact) DO UPDATE SET keys = excluded.keys, sort_key = excluded.sort_key, "
                    + "off = excluded.off, len = excluded.len"
            ).run()
        }
        for part in SQLMandatStore.chunks(keyRows, columns: 2) {
            try await db.raw(
                "INSERT INTO dry_keys (key, fact) VALUES " + SQLMandatStore.valueRows(part)
                    + " ON CONFLICT (key, fact) DO NOTHING"
            ).run()
        }
    }

    /// Up to `limit` facts not yet done, after `cursor` in the refresh's order (`sort_key`, then fact).
    func seeds(after cursor: (String, String)?, limit: Int) async throws -> [(String, String)] {
        var sql = SQLQueryString("SELECT sort_key, fact FROM dry_facts WHERE done = 0")
        // A row value, so that SQLite searches the index from the cursor (an `OR` made it scan and sort the whole
        // table for every group: 469 s instead of 26 at N = 20 000).
        if let (k, f) = cursor { sql += " AND (sort_key, fact) > (\(bind: k), \(bind: f))" }
        sql += " ORDER BY sort_key, fact LIMIT \(literal: limit)"
        return try await db.raw(sql).all().map {
            (try $0.decode(column: "sort_key", as: String.self), try $0.decode(column: "fact", as: String.self))
        }
    }

    /// Marks `facts` done (taken into a step).
    func markDone(_ facts: [String]) async throws {
        for start in stride(from: 0, to: facts.count, by: Self.chunk) {
            let part = facts[start..<min(facts.count, start + Self.chunk)].map { $0 as any Encodable & Sendable }
            try await db.raw("UPDATE dry_facts SET done = 1 WHERE fact IN (\(binds: part))").run()
        }
    }
}

/// The stored texts of the facts a dry run would write, in a scratch file (removed when closed): the dossier count
/// reads them back a step at a time, so that memory holds none of them in between.
///
/// Not `Sendable`: used by the one task that runs the dry run.
final class DryRunSpill {
    /// Where one text lies in the file.
    struct Slice {
        var offset: UInt64
        var length: Int
    }

    private let url: URL
    private let handle: FileHandle
    private var end: UInt64 = 0

    /// A new, empty file at `url` (in the run's private folder), readable and writable by its owner only (0600).
    /// - Throws: `StoreError` (`io.temp`) when the scratch file cannot be created.
    init(url: URL) throws {
        self.url = url
        guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600]),
            let h = try? FileHandle(forUpdating: url)
        else {
            throw StoreError(
                code: "io.temp", message: "cannot create the dry run's scratch file \(url.path)",
                cause: "check that the temporary folder (TMPDIR) is writable")
        }
        handle = h
    }

    /// Appends `text`; where it lies.
    /// - Throws: `StoreError` (`io.temp`) when the write fails (disk full).
    func append(_ text: String) throws -> Slice {
        let data = Data(text.utf8)
        do {
            try handle.seek(toOffset: end)
            try handle.write(contentsOf: data)
        } catch {
            throw StoreError(
                code: "io.temp", message: "cannot write the dry run's scratch file \(url.path)", cause: "\(error)")
        }
        let slice = Slice(offset: end, length: data.count)
        end += UInt64(data.count)
        return slice
    }

    /// The text at `slice`.
    /// - Throws: `StoreError` (`io.temp`) when the read fails.
    func read(_ slice: Slice) throws -> String {
        do {
            try handle.seek(toOffset: slice.offset)
            let data = try handle.read(upToCount: slice.length) ?? Data()
            return String(decoding: data, as: UTF8.self)
        } catch {
            throw StoreError(
                code: "io.temp", message: "cannot read the dry run's scratch file \(url.path)", cause: "\(error)")
        }
    }

    /// Closes and removes the file.
    func close() {
        try? handle.close()
        try? FileManager.default.removeItem(at: url)
    }
}

/// The private folder of one dry run's scratch files in `TMPDIR`: `mandat-dry-run-<pid>-<uuid>`, mode 0700 (the
/// files hold invoice numbers and amounts). A dry run stopped by Ctrl-C, SIGTERM or `kill -9` cannot remove it:
/// the next dry run does (`removeStale`), for each such folder whose process is no longer alive.
///
/// Not `Sendable`: owned by the one `DryRunIndex` that uses it.
struct DryRunScratch {
    /// The start of the folders' names.
    static let prefix = "mandat-dry-run-"

    /// The run's folder.
    let folder: URL

    /// Creates `mandat-dry-run-<our pid>-<uuid>` in `temporaryDirectory`, mode 0700.
    /// - Throws: `StoreError` (`io.temp`) when it cannot be created.
    init(in temporaryDirectory: URL) throws {
        folder = temporaryDirectory.appendingPathComponent("\(Self.prefix)\(getpid())-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(
                at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        } catch {
            throw StoreError(
                code: "io.temp", message: "cannot create the dry run's scratch folder \(folder.path)",
                cause: "check that the temporary folder (TMPDIR) is writable: \(error)")
        }
    }

    /// Removes the folder and its files.
    func remove() { try? FileManager.default.removeItem(at: folder) }

    /// The process id in a scratch folder's name (`mandat-dry-run-<pid>-<uuid>`), or nil for any other name
    /// (a file of an older version, named without a pid, is left alone: whether its run is alive cannot be told).
    static func pid(inName name: String) -> pid_t? {
        guard name.hasPrefix(prefix) else { return nil }
        let rest = name.dropFirst(prefix.count)
        guard let dash = rest.firstIndex(of: "-"), let pid = pid_t(rest[..<dash]), pid > 0,
            UUID(uuidString: String(rest[rest.index(after: dash)...])) != nil
        else { return nil }
        return pid
    }

    /// Whether process `pid` exists (`kill(pid, 0)`: no such process is `ESRCH`; another user's process, `EPERM`,
    /// is alive).
    static func alive(_ pid: pid_t) -> Bool { kill(pid, 0) == 0 || errno != ESRCH }

    /// Removes the scratch folders in `temporaryDirectory` whose run's process is gone; a live run's folder (ours
    /// included) is kept. A pid reused by another process keeps its folder until that process ends: never wrong,
    /// only later.
    /// - Returns: the names removed.
    @discardableResult
    static func removeStale(in temporaryDirectory: URL) -> [String] {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: temporaryDirectory.path) else { return [] }
        var removed: [String] = []
        for name in names {
            guard let pid = pid(inName: name), !alive(pid) else { continue }
            let url = temporaryDirectory.appendingPathComponent(name)
            // Only our own folders: not a link, not a file, owned by us (TMPDIR is shared).
            guard let attrs = try? fm.attributesOfItem(atPath: url.path),
                attrs[.type] as? FileAttributeType == .typeDirectory,
                (attrs[.ownerAccountID] as? NSNumber)?.uint32Value == getuid()
            else { continue }
            if (try? fm.removeItem(at: url)) != nil { removed.append(name) }
        }
        return removed
    }
}

// MARK: read-only queries of the dry run

extension SQLMandatStore {
    /// Runs `select` with `WHERE column IN (values)` a chunk of values at a time; `each` gets every row.
    private func dryRunRows(
        _ what: String, _ select: String, column: String, _ values: [String], _ each: (any SQLRow) throws -> Void
    ) async throws {
        guard !values.isEmpty else { return }
        try await read(what) {
            for part in Self.chunks(values.sorted(), columns: 1) {
                let binds = part.map { $0 as any Encodable & Sendable }
                for r in try await db.raw("\(unsafeRaw: select) WHERE \(unsafeRaw: column) IN (\(binds: binds))").all()
                {
                    try each(r)
                }
            }
        }
    }

    /// The row keys among `keys` that `table` holds (`key` is the key column or expression).
    func dryRunStoredKeys(_ table: String, key: String, _ keys: [String]) async throws -> Set<String> {
        var out = Set<String>()
        try await dryRunRows(table, "SELECT \(key) AS k FROM \(table)", column: key, Array(Set(keys))) {
            out.insert(try $0.decode(column: "k", as: String.self))
        }
        return out
    }

    /// The stored link keys of `facts` (`fact_keys`).
    func dryRunKeys(ofFacts facts: [String]) async throws -> [String] {
        var out: [String] = []
        try await dryRunRows("fact keys", "SELECT key FROM fact_keys", column: "fact", facts) {
            out.append(try $0.decode(column: "key", as: String.self))
        }
        return out
    }

    /// The stored facts holding one of `keys` (`fact_keys`).
    func dryRunFacts(withKeys keys: [String]) async throws -> [String] {
        var out: [String] = []
        try await dryRunRows("fact keys", "SELECT fact FROM fact_keys", column: "key", keys) {
            out.append(try $0.decode(column: "fact", as: String.self))
        }
        return out
    }

    /// The stored dossiers `facts` are members of (`dossier_members`).
    func dryRunDossiers(ofFacts facts: [String]) async throws -> [String] {
        var out: [String] = []
        try await dryRunRows("dossier members", "SELECT dossier_id FROM dossier_members", column: "fact", facts) {
            out.append(try $0.decode(column: "dossier_id", as: String.self))
        }
        return out
    }

    /// The facts of the stored dossiers `ids` (`dossier_members`).
    func dryRunMembers(ofDossiers ids: [String]) async throws -> [String] {
        var out: [String] = []
        try await dryRunRows("dossier members", "SELECT fact FROM dossier_members", column: "dossier_id", ids) {
            out.append(try $0.decode(column: "fact", as: String.self))
        }
        return out
    }

    /// The stored texts of the facts of `table` whose row keys are `keys` (rows no longer stored are left out).
    func dryRunFactTexts(_ table: String, _ keys: [String]) async throws -> [(key: String, text: String)] {
        let key = table == "contracts" ? "buyer_id || '/' || id" : table == "events" ? "id" : "key"
        var out: [(key: String, text: String)] = []
        try await dryRunRows(table, "SELECT \(key) AS k, json FROM \(table)", column: key, keys) {
            out.append((try $0.decode(column: "k", as: String.self), try $0.decode(column: "json", as: String.self)))
        }
        return out
    }

    /// The stored texts of the dossiers `ids` (`dossier_state`), by id; ids without a row are left out.
    func dryRunDossierTexts(_ ids: [String]) async throws -> [String: String] {
        var out: [String: String] = [:]
        try await dryRunRows("dossier state", "SELECT id, json FROM dossier_state", column: "id", ids) {
            out[try $0.decode(column: "id", as: String.self)] = try $0.decode(column: "json", as: String.self)
        }
        return out
    }
}
