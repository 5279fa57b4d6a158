import Foundation
import MandatCore
import MandatFormats
import SQLKit

// `mandat import --dry-run` in bounded memory: the counts of a real import (files, facts new and known, dossiers
// created and updated) without writing, without loading the store, and without holding the documents read.
//
// Files go through in the import's batches (hashed and read on every core, one batch of documents at a time). Of
// each document only what counting needs is kept: the ids of its facts (against the store's keys, one query per
// table and batch, for "new" / "already known" / "updated") and, for each fact the import would write, its link
// keys (`DossierState.FactKeys`) and its stored text, the text in a scratch file on disk (`DryRunSpill`), not in
// memory. After the files, the dossiers are counted as the real import's refresh would (`DossierStateSQL`):
// the new facts, taken in `sort_key` order, are closed over their link keys and the dossiers they meet in the
// stored state (`fact_keys`, `dossier_members`), a step of about 5 000 facts at a time; the step's stored facts
// and new facts are built into dossiers (`DossierBuilder`) and each dossier's compact text is compared with its
// stored row (`dossier_state`): no row, created; another text, updated. So memory holds the ids and keys of the
// new facts and one step, never the store nor the documents.

extension Importer {
    /// The ids and link keys of the facts a dry run would write, their stored texts in a scratch file, and what
    /// counting "new" and "known" needs across the run's files.
    struct DryRunFacts {
        /// Fact id (`DossierState.Fact`) → its link keys (sorted, joined by U+001F: one string per fact rather than
        /// an array of strings, a third of the memory) and where the latest reading's text lies in `spill`.
        var facts: [String: (keys: String, text: DryRunSpill.Slice)] = [:]
        /// Link key → the new facts holding it.
        var byKey: [String: [String]] = [:]
        let spill: DryRunSpill

        static let separator: Character = "\u{1F}"

        /// The link keys of a fact recorded here (empty when it is not).
        func keys(of fact: String) -> [String] {
            guard let k = facts[fact]?.keys, !k.isEmpty else { return [] }
            return k.split(separator: Self.separator).map(String.init)
        }

        /// Whether the run has read the fact `fact` already (a later reading of it is not new).
        func has(_ fact: String) -> Bool { facts[fact] != nil }

        /// Records a fact read: its text to the scratch file (the latest reading wins), its keys in the index.
        mutating func add(_ fk: DossierState.FactKeys, text: String) throws {
            let slice = try spill.append(text)
            var all = fk.keys
            if facts[fk.fact] != nil {
                // A later reading of an invoice, mandat or contract: its keys may differ; both stay in the index
                // (a wider closure is still right: it only rebuilds more dossiers, unchanged ones count nothing).
                let old = keys(of: fk.fact)
                for k in fk.keys where !old.contains(k) { byKey[k, default: []].append(fk.fact) }
                all = Array(Set(old).union(fk.keys)).sorted()
            } else {
                for k in fk.keys { byKey[k, default: []].append(fk.fact) }
            }
            facts[fk.fact] = (all.joined(separator: String(Self.separator)), slice)
        }
    }

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
        let spill = try DryRunSpill()
        defer { spill.close() }
        var facts = DryRunFacts(spill: spill)
        var dryHashes: Set<String> = []
        var bytesDone = 0
        let reader = self.reader
        for range in Self.batches(sizes: sizes, maxFiles: batchFiles, maxBytes: batchBytes) {
            let paths = Array(files[range])
            let shown = Array(names[range])
            let hashes = await Self.fingerprints(paths, readers: readers)
            let shas = hashes.compactMap { try? $0.get().sha256 }
            let known = try await store.files(sha256s: shas)
            let prepared = await Self.inParallel(paths.count, width: readers) { i -> Prepared in
                switch hashes[i] {
                case .failure(let e):
                    return .unreadable(
                        FileResult(
                            path: shown[i], status: .notRecorded, kind: DocumentKind.notWellFormed.rawValue,
                            error: "\(shown[i]): \(e.message) [io.read]"))
                case .success(let fingerprint):
                    if let earlier = known[fingerprint.sha256] { return .known(earlier) }
                    var document = reader(paths[i], shown[i])
                    document.fields = []
                    if let skipped = Importer.skipped(path: shown[i], document) {
                        return .skipped(skipped, sha256: fingerprint.sha256)
                    }
                    var item = ImportItem(document: document, fingerprint: fingerprint, importedAt: Date())
                    item.encodeRows()
                    return .read(item)
                }
            }
            let stored = try await storedRowKeys(sql, prepared)
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
                    result = try count(item, path: shown[n], stored: stored, dryHashes: &dryHashes, facts: &facts)
                }
                summary.filesSeen += 1
                bytesDone += sizes[i]
                summary.add(result)
                progress(.file(index: i + 1, path: names[i], result: result, bytesDone: bytesDone))
            }
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

    /// Counts one document read (not a content already stored): the same counts as `SQLMandatStore`'s write
    /// (a key neither stored nor seen earlier in the run is new; an event is written once, the first reading kept;
    /// an invoice, mandat or contract read again replaces the earlier reading) and records the facts it would write.
    private func count(
        _ item: ImportItem, path: String, stored: [Character: Set<String>], dryHashes: inout Set<String>,
        facts: inout DryRunFacts
    ) throws -> FileResult {
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
            !(stored[table]?.contains(key) ?? false) && !facts.has(String(table) + ":" + key)
        }
        func text(_ row: EncodedRows.Row) -> String { row.row.last as? String ?? "" }
        for r in rows.invoices {
            if isNew("i", r.key) { o.invoicesNew += 1 } else { o.invoicesUpdated += 1 }
            let fact = DossierState.Fact.invoice(r.key)
            if let k = rows.keys[fact] { try facts.add(k, text: text(r)) }
        }
        for r in rows.events {
            guard isNew("e", r.key) else {
                o.eventsKnown += 1
                continue
            }
            o.eventsNew += 1
            let fact = DossierState.Fact.event(r.key)
            if let k = rows.keys[fact] { try facts.add(k, text: text(r)) }
        }
        for r in rows.mandats {
            if isNew("m", r.key) { o.mandatsNew += 1 }
            let fact = DossierState.Fact.mandat(r.key)
            if let k = rows.keys[fact] { try facts.add(k, text: text(r)) }
        }
        for r in rows.contracts {
            if isNew("c", r.key) { o.contractsNew += 1 }
            let fact = "c:" + r.key
            if let k = rows.keys[fact] { try facts.add(k, text: text(r)) }
        }
        return FileResult(
            path: path, status: doc.error != nil ? .failed : .imported, kind: doc.kind.rawValue, outcome: o,
            error: record.errorDescription, notes: doc.notes)
    }

    /// The dossiers the refresh after a real import would create and update: the new facts closed over the link
    /// keys and the stored dossiers, a step at a time (`SQLMandatStore.stateBatchFacts` facts), each step built and
    /// compared with the stored rows.
    private func countDossiers(_ sql: SQLMandatStore, _ facts: DryRunFacts) async throws -> DossierStateChange {
        // The refresh's order (`DossierState.FactKeys.sortKey`): the smallest invoice-number key, else the smallest
        // key, else the fact's id.
        let seeds = facts.facts.map { fact, v -> (String, String) in
            let keys = v.keys.split(separator: DryRunFacts.separator)
            let sortKey = keys.first { $0.hasPrefix("n:") } ?? keys.first ?? Substring(fact)
            return (String(sortKey), fact)
        }.sorted { $0 < $1 }.map(\.1)
        var done: Set<String> = []
        var counted: Set<String> = []
        var change = DossierStateChange()
        var next = 0
        while next < seeds.count {
            var closed: Set<String> = []
            var oldDossiers: Set<String> = []
            while next < seeds.count && closed.count < dryRunStepFacts {
                var group: [String] = []
                while next < seeds.count && group.count < SQLMandatStore.stateSeedGroup {
                    let s = seeds[next]
                    next += 1
                    if !done.contains(s) && !closed.contains(s) { group.append(s) }
                }
                guard !group.isEmpty else { continue }
                try await close(sql, group, facts, into: &closed, dossiers: &oldDossiers)
            }
            for f in closed where facts.facts[f] != nil { done.insert(f) }
            guard !closed.isEmpty else { continue }
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
        _ sql: SQLMandatStore, _ start: [String], _ facts: DryRunFacts, into closed: inout Set<String>,
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
            let followed = frontier.filter { !$0.hasPrefix("c:") || facts.facts[$0] != nil }
            for f in followed { for k in facts.keys(of: f) { want(k) } }
            for k in try await sql.dryRunKeys(ofFacts: followed) { want(k) }
            let found = try await sql.dryRunDossiers(ofFacts: followed).filter { dossiers.insert($0).inserted }
            for f in try await sql.dryRunMembers(ofDossiers: found) where closed.insert(f).inserted { next.append(f) }
            for f in try await sql.dryRunFacts(withKeys: wanted) where closed.insert(f).inserted { next.append(f) }
            for k in wanted {
                for f in facts.byKey[k] ?? [] where closed.insert(f).inserted { next.append(f) }
            }
            frontier = next
        }
    }

    /// The dossiers of one step: its stored facts (those not read again by this run) and its new facts' latest
    /// readings, decoded and built as the refresh builds them.
    private func buildStep(_ sql: SQLMandatStore, _ closed: Set<String>, _ facts: DryRunFacts) async throws
        -> [Dossier]
    {
        var storedIds: [Character: [String]] = [:]
        var texts: [Character: [(key: String, text: String)]] = [:]
        for f in closed {
            guard let table = f.first, f.dropFirst().first == ":" else { continue }
            let key = String(f.dropFirst(2))
            if let new = facts.facts[f] {
                texts[table, default: []].append((key, try facts.spill.read(new.text)))
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

    /// - Throws: `StoreError` (`io.temp`) when the scratch file cannot be created.
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("mandat-dry-run-\(UUID().uuidString)")
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
