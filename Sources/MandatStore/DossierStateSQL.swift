import Foundation
import MandatCore
import SQLKit

// The materialised dossier state in SQL (see `DossierState`): refreshed after an import for the dossiers linked
// to the new files' facts, read by `status`. The same SQL on SQLite and PostgreSQL.

extension SQLMandatStore: DossierStateStore {
    /// Facts per refresh step: files are taken in `seq` order until their facts reach this many (bounds memory).
    static let stateBatchFacts = 5_000
    /// Seeds whose closure is looked up together.
    static let stateSeedGroup = 32
    /// Values bound per `IN (…)` list.
    static let stateInChunk = 500

    public func lastFileSeq() async throws -> Int {
        try await read("files") {
            try await db.raw("SELECT COALESCE(MAX(seq), 0) AS n FROM files").first()?.decode(column: "n", as: Int.self)
                ?? 0
        }
    }

    public func dossierStateReady(law: LawAssessor) async throws -> Bool {
        guard let marker = try await stateMarker() else { return false }
        return marker.version == DossierState.formatVersion && marker.law == DossierState.lawFingerprint(law)
    }

    public func refreshDossierState(afterSeq: Int, law: LawAssessor) async throws -> DossierStateChange {
        guard let marker = try await stateMarker(), marker.version == DossierState.formatVersion,
            marker.law == DossierState.lawFingerprint(law)
        else { return try await rebuildDossierState(law: law) }
        // Files recorded after the last refresh by someone else are taken too.
        return try await refreshState(afterSeq: min(afterSeq, marker.seq), law: law)
    }

    public func rebuildDossierState(law: LawAssessor) async throws -> DossierStateChange {
        try await transaction("dossier state: clear") {
            try await lockState()
            for t in ["fact_keys", "dossier_members", "unlinked_events", "dossier_state"] {
                try await db.raw("DELETE FROM \(ident: t)").run()
            }
            try await db.raw("DELETE FROM settings WHERE key = \(bind: DossierState.settingKey)").run()
        }
        return try await refreshState(afterSeq: 0, law: law)
    }

    public func dossierStateSelection(blockedAsOf: CivilDate?, holder: Holder?, law: LawAssessor) async throws
        -> DossierStateSelection?
    {
        let texts = TextBatches()
        guard
            let read = try await stateRead(blockedAsOf: blockedAsOf, holder: holder, law: law, batch: 4096, texts.add)
        else { return nil }
        let dossiers = try Self.decodeDossiers(try texts.all())
        return DossierStateSelection(
            dossiers: dossiers.sorted { $0.id < $1.id }, unlinked: read.unlinked, prefiltered: read.sameLaw)
    }

    public func dossierStateBoard(asOf: CivilDate, filter: BoardFilter, law: LawAssessor) async throws
        -> DossierStateBoard?
    {
        let sink = BoardRowSink(asOf: asOf, filter: filter, assessor: law)
        guard
            let read = try await stateRead(
                blockedAsOf: filter.blockedOnly ? asOf : nil, holder: filter.holder, law: law,
                batch: BoardRowSink.batch, sink.add)
        else { return nil }
        return DossierStateBoard(rows: try sink.finish(), unlinked: read.unlinked, prefiltered: read.sameLaw)
    }

    /// Streams the stored texts of the dossiers that may pass (`blocked_from <= blockedAsOf`, `holder`; every row
    /// under another law than the state's) to `each`, in batches of at most `batch` texts (so that the texts of
    /// 15 000 dossiers are never all in memory), then reads the unlinked events. Nil when the state is missing, of
    /// another format, or behind the files (nothing streamed).
    private func stateRead(
        blockedAsOf: CivilDate?, holder: Holder?, law: LawAssessor, batch: Int,
        _ each: @escaping @Sendable ([String]) -> Void
    ) async throws -> (unlinked: [ChainEvent], sameLaw: Bool)? {
        guard let marker = try await stateMarker(), marker.version == DossierState.formatVersion,
            marker.seq == (try await lastFileSeq())
        else { return nil }
        let sameLaw = marker.law == DossierState.lawFingerprint(law)
        let dec = JSONDecoder()
        return try await read("dossier state") {
            var sql = SQLQueryString("SELECT json FROM dossier_state WHERE 1 = 1")
            if sameLaw, let d = blockedAsOf { sql += " AND blocked_from <= \(bind: d.iso)" }
            if sameLaw, let h = holder { sql += " AND holder = \(bind: h.rawValue)" }
            let pending = TextBatches(batch: batch, each)
            try await db.raw(sql).run(pending.add)
            try pending.flush()
            let unlinked = try await db.raw("SELECT json FROM unlinked_events").all()
                .map { try Self.decode(ChainEvent.self, $0, dec, "unlinked_events") }
            return (DossierBuilder.canonicalEvents(unlinked), sameLaw)
        }
    }

    // MARK: refresh

    private func stateMarker() async throws -> DossierState.Marker? {
        guard let text = try await setting(DossierState.settingKey) else { return nil }
        return try? JSONDecoder().decode(DossierState.Marker.self, from: Data(text.utf8))
    }

    /// Two processes refreshing at once would each write rows computed without the other's files: PostgreSQL
    /// serialises them on an advisory lock (SQLite's `BEGIN IMMEDIATE` already does).
    private func lockState() async throws {
        if backend == .postgres { try await db.raw("SELECT pg_advisory_xact_lock(\(bind: 727_641_002))").run() }
    }

    /// Refreshes for the files after `afterSeq`, a batch of files (by fact count) per transaction, then records
    /// the marker.
    private func refreshState(afterSeq: Int, law: LawAssessor) async throws -> DossierStateChange {
        let top = try await lastFileSeq()
        let files = try await read("files") {
            try await db.raw(
                """
                SELECT sha256, invoice_count + event_count + mandat_count + contract_count AS n \
                FROM files WHERE seq > \(bind: afterSeq) AND seq <= \(bind: top) ORDER BY seq
                """
            ).all().map { (try $0.decode(column: "sha256", as: String.self), try $0.decode(column: "n", as: Int.self)) }
        }
        let marker = DossierState.Marker(
            version: DossierState.formatVersion, law: DossierState.lawFingerprint(law), seq: top)
        var tally = StateTally()
        var batch: [String] = []
        var facts = 0
        for (sha, n) in files {
            if !batch.isEmpty && facts + n > Self.stateBatchFacts {
                try await refreshBatch(batch, law: law, tally: &tally)
                batch = []
                facts = 0
            }
            batch.append(sha)
            facts += n
        }
        if !batch.isEmpty { try await refreshBatch(batch, law: law, tally: &tally) }
        let text = String(decoding: try JSONEncoder().encode(marker), as: UTF8.self)
        try await setSetting(DossierState.settingKey, to: text)
        return tally.change
    }

    /// Rebuilds, in one transaction, every dossier linked to the facts of these files.
    private func refreshBatch(_ shas: [String], law: LawAssessor, tally: inout StateTally) async throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        let dec = JSONDecoder()
        try await transaction("dossier state") {
            try await lockState()
            var cache = FactCache()
            // 1. The seeds: the facts these files wrote (an invoice or mandat read again points at its latest
            //    file); their link keys replace any older ones.
            for part in shas.chunked(Self.stateInChunk) {
                for x in try await decodeAll(
                    Mandat.self, "SELECT json FROM mandats WHERE file_sha256 IN (\(binds: part)) ORDER BY key", "mandats")
                {
                    cache.add(x)
                }
                for x in try await decodeAll(
                    Invoice.self, "SELECT json FROM invoices WHERE file_sha256 IN (\(binds: part)) ORDER BY key",
                    "invoices")
                {
                    cache.add(x)
                }
                for x in try await decodeAll(
                    ChainEvent.self, "SELECT json FROM events WHERE file_sha256 IN (\(binds: part)) ORDER BY id", "events")
                {
                    cache.add(x)
                }
                for x in try await decodeAll(
                    Contract.self, "SELECT json FROM contracts WHERE file_sha256 IN (\(binds: part))", "contracts")
                {
                    cache.add(x)
                }
            }
            let seeds = cache.order
            try await writeKeys(cache)
            // 2. Closures of a few seeds at a time, rebuilt together once they hold enough facts.
            var pending = Set(seeds)
            let changedContracts = Set(seeds.filter { $0.hasPrefix("c:") })
            var closed = Set<String>()
            var oldDossiers = Set<String>()
            var i = 0
            while i < seeds.count {
                var group: [String] = []
                while i < seeds.count && group.count < Self.stateSeedGroup {
                    if pending.contains(seeds[i]) { group.append(seeds[i]) }
                    i += 1
                }
                guard !group.isEmpty else { continue }
                for f in try await close(group, changedContracts: changedContracts, into: &closed, dossiers: &oldDossiers)
                {
                    pending.remove(f)
                }
                if closed.count >= Self.stateBatchFacts || i >= seeds.count {
                    try await rebuild(
                        closed, oldDossiers: oldDossiers, cache: &cache, law: law, enc: enc, dec: dec, tally: &tally)
                    closed = []
                    oldDossiers = []
                }
            }
            if !closed.isEmpty {
                try await rebuild(
                    closed, oldDossiers: oldDossiers, cache: &cache, law: law, enc: enc, dec: dec, tally: &tally)
            }
        }
    }

    private func writeKeys(_ cache: FactCache) async throws {
        let facts = cache.order
        for part in facts.chunked(Self.stateInChunk) {
            try await db.raw("DELETE FROM fact_keys WHERE fact IN (\(binds: part))").run()
        }
        var rows: [(String, String)] = []
        for f in facts { for k in cache.keys[f] ?? [] { rows.append((k, f)) } }
        for part in rows.chunked(Self.stateInChunk) {
            var sql = SQLQueryString("INSERT INTO fact_keys (key, fact) VALUES ")
            for (n, r) in part.enumerated() {
                sql = sql + (n == 0 ? "" : ", ") + "(\(bind: r.0), \(bind: r.1))"
            }
            sql = sql + " ON CONFLICT (key, fact) DO NOTHING"
            try await db.raw(sql).run()
        }
    }

    /// Adds to `closed` every fact reached from `start` through link keys and through the dossiers those facts
    /// were in, until nothing new comes; `dossiers` gets the ids of those earlier dossiers.
    ///
    /// A contract reached from an invoice or mandat that names it is read, not followed: an unchanged contract
    /// changes no other dossier (a framework contract named by thousands of invoices would otherwise bring them
    /// all). Only `changedContracts` (written by these files) are followed to every dossier that names them.
    /// - Returns: the facts added to `closed`.
    private func close(
        _ start: [String], changedContracts: Set<String>, into closed: inout Set<String>, dossiers: inout Set<String>
    ) async throws -> [String] {
        var frontier = start.filter { closed.insert($0).inserted }
        var added = frontier
        var seenKeys = Set<String>()
        while !frontier.isEmpty {
            var next: [String] = []
            var wanted: [String] = []
            let followed = frontier.filter { !$0.hasPrefix("c:") || changedContracts.contains($0) }
            for part in followed.chunked(Self.stateInChunk) {
                for r in try await db.raw("SELECT key FROM fact_keys WHERE fact IN (\(binds: part))").all() {
                    for k in DossierState.reach(try r.decode(column: "key", as: String.self))
                    where seenKeys.insert(k).inserted {
                        wanted.append(k)
                    }
                }
                var found: [String] = []
                for r in try await db.raw("SELECT dossier_id FROM dossier_members WHERE fact IN (\(binds: part))").all()
                {
                    let d = try r.decode(column: "dossier_id", as: String.self)
                    if dossiers.insert(d).inserted { found.append(d) }
                }
                for dpart in found.chunked(Self.stateInChunk) {
                    for r in try await db.raw("SELECT fact FROM dossier_members WHERE dossier_id IN (\(binds: dpart))")
                        .all()
                    {
                        let f = try r.decode(column: "fact", as: String.self)
                        if closed.insert(f).inserted { next.append(f) }
                    }
                }
            }
            for part in wanted.chunked(Self.stateInChunk) {
                for r in try await db.raw("SELECT fact FROM fact_keys WHERE key IN (\(binds: part))").all() {
                    let f = try r.decode(column: "fact", as: String.self)
                    if closed.insert(f).inserted { next.append(f) }
                }
            }
            frontier = next
            added += next
        }
        return added
    }

    /// Builds the dossiers of a closed set of facts and replaces the rows of the dossiers they were in.
    private func rebuild(
        _ closed: Set<String>, oldDossiers: Set<String>, cache: inout FactCache, law: LawAssessor, enc: JSONEncoder,
        dec: JSONDecoder, tally: inout StateTally
    ) async throws {
        try await load(closed.filter { cache.fact[$0] == nil }, into: &cache, dec: dec)
        var invoices: [Invoice] = [], events: [ChainEvent] = [], mandats: [Mandat] = [], contracts: [Contract] = []
        for f in closed {
            switch cache.fact[f] {
            case .invoice(let x)?: invoices.append(x)
            case .event(let x)?: events.append(x)
            case .mandat(let x)?: mandats.append(x)
            case .contract(let x)?: contracts.append(x)
            case nil: break  // a key or membership left by a fact no longer stored
            }
        }
        let built = DossierBuilder.build(invoices: invoices, events: events, mandats: mandats, contracts: contracts)
        let rows = try await DossierState.rows(built.dossiers, law: law)
        // Before images, once per import, for the created / updated counts.
        let firstSeen = Set(rows.map(\.id)).union(oldDossiers).filter { tally.before[$0] == nil }
        var existing: [String: Int] = [:]
        for part in Array(firstSeen).chunked(Self.stateInChunk) {
            for r in try await db.raw("SELECT id, json FROM dossier_state WHERE id IN (\(binds: part))").all() {
                existing[try r.decode(column: "id", as: String.self)] = try r.decode(column: "json", as: String.self)
                    .hashValue
            }
        }
        for id in firstSeen { tally.before[id] = .some(existing[id]) }
        // Replace.
        for part in Array(oldDossiers).chunked(Self.stateInChunk) {
            try await db.raw("DELETE FROM dossier_state WHERE id IN (\(binds: part))").run()
            try await db.raw("DELETE FROM dossier_members WHERE dossier_id IN (\(binds: part))").run()
        }
        let newIds = rows.map(\.id).filter { !oldDossiers.contains($0) }
        for part in newIds.chunked(Self.stateInChunk) {
            // Rows of these ids not reached through members (none expected): replaced all the same.
            try await db.raw("DELETE FROM dossier_state WHERE id IN (\(binds: part))").run()
            try await db.raw("DELETE FROM dossier_members WHERE dossier_id IN (\(binds: part))").run()
        }
        let eventFacts = closed.filter { $0.hasPrefix("e:") }.map { String($0.dropFirst(2)) }
        for part in eventFacts.chunked(Self.stateInChunk) {
            try await db.raw("DELETE FROM unlinked_events WHERE event_id IN (\(binds: part))").run()
        }
        for part in rows.chunked(100) {
            var sql = SQLQueryString(
                """
                INSERT INTO dossier_state (id, buyer, seller, contract, stage, holder, paid, amount_due, due_date, \
                blocked_from, json) VALUES 
                """)
            for (n, r) in part.enumerated() {
                sql =
                    sql + (n == 0 ? "" : ", ")
                    + """
                    (\(bind: r.id), \(bind: r.buyer), \(bind: r.seller), \(bind: r.contract), \(bind: r.stage), \
                    \(bind: r.holder), \(bind: r.paid ? 1 : 0), \(bind: r.amountDue), \(bind: r.dueDate), \
                    \(bind: r.blockedFrom), \(bind: r.json))
                    """
            }
            try await db.raw(sql).run()
        }
        var members: [(String, String)] = []
        for r in rows { for f in Set(r.members) { members.append((f, r.id)) } }
        for part in members.chunked(Self.stateInChunk) {
            var sql = SQLQueryString("INSERT INTO dossier_members (fact, dossier_id) VALUES ")
            for (n, m) in part.enumerated() { sql = sql + (n == 0 ? "" : ", ") + "(\(bind: m.0), \(bind: m.1))" }
            try await db.raw(sql).run()
        }
        for part in built.unlinked.chunked(200) {
            var sql = SQLQueryString("INSERT INTO unlinked_events (event_id, json) VALUES ")
            for (n, e) in part.enumerated() {
                let json = String(decoding: try enc.encode(e), as: UTF8.self)
                sql = sql + (n == 0 ? "" : ", ") + "(\(bind: e.id), \(bind: json))"
            }
            sql = sql + " ON CONFLICT (event_id) DO NOTHING"
            try await db.raw(sql).run()
        }
        // Done with these facts (their keys are written): keep memory to one step's worth.
        for f in closed { cache.fact[f] = nil }
        for id in oldDossiers { tally.after[id] = .some(nil) }
        for r in rows { tally.after[r.id] = .some(r.json.hashValue) }
        tally.rebuilt += rows.count
    }

    /// Runs `sql` (one `json` column) and decodes every row on every core, in the rows' order (`decodeAll(_:_:_:)`
    /// of DossierStateRead.swift); a row that does not decode is a `store.decode` error.
    private func decodeAll<T: Decodable & Sendable>(_ t: T.Type, _ sql: SQLQueryString, _ table: String) async throws
        -> [T]
    {
        try Self.decodeAll(T.self, try await db.raw(sql).all(), table)
    }

    /// Decodes the stored facts named in `ids` into the cache.
    private func load(_ ids: Set<String>, into cache: inout FactCache, dec: JSONDecoder) async throws {
        var inv: [String] = [], ev: [String] = [], man: [String] = [], con: [String] = []
        for f in ids {
            let key = String(f.dropFirst(2))
            switch f.prefix(2) {
            case "i:": inv.append(key)
            case "e:": ev.append(key)
            case "m:": man.append(key)
            case "c:": con.append(key)
            default: break
            }
        }
        for part in inv.chunked(Self.stateInChunk) {
            for x in try await decodeAll(Invoice.self, "SELECT json FROM invoices WHERE key IN (\(binds: part))", "invoices") {
                cache.add(x, keys: false)
            }
        }
        for part in ev.chunked(Self.stateInChunk) {
            for x in try await decodeAll(ChainEvent.self, "SELECT json FROM events WHERE id IN (\(binds: part))", "events") {
                cache.add(x, keys: false)
            }
        }
        for part in man.chunked(Self.stateInChunk) {
            for x in try await decodeAll(Mandat.self, "SELECT json FROM mandats WHERE key IN (\(binds: part))", "mandats") {
                cache.add(x, keys: false)
            }
        }
        for part in con.chunked(Self.stateInChunk) {
            for r in try await db.raw("SELECT json FROM contracts WHERE buyer_id || '/' || id IN (\(binds: part))")
                .all()
            {
                cache.add(try Self.decode(Contract.self, r, dec, "contracts"), keys: false)
            }
        }
    }
}

/// Decoded facts of one refresh step, by fact id, with their link keys (seeds only).
private struct FactCache {
    enum Fact {
        case invoice(Invoice), event(ChainEvent), mandat(Mandat), contract(Contract)
    }
    var fact: [String: Fact] = [:]
    var keys: [String: Set<String>] = [:]
    /// Seed ids in the order read (mandats, invoices, events, contracts).
    var order: [String] = []

    mutating func put(_ id: String, _ f: Fact, _ k: @autoclosure () -> Set<String>, seed: Bool) {
        guard fact[id] == nil else { return }
        fact[id] = f
        if seed {
            keys[id] = k()
            order.append(id)
        }
    }
    mutating func add(_ x: Invoice, keys seed: Bool = true) {
        put(DossierState.Fact.of(x), .invoice(x), DossierState.keys(x), seed: seed)
    }
    mutating func add(_ x: ChainEvent, keys seed: Bool = true) {
        put(DossierState.Fact.of(x), .event(x), DossierState.keys(x), seed: seed)
    }
    mutating func add(_ x: Mandat, keys seed: Bool = true) {
        put(DossierState.Fact.of(x), .mandat(x), DossierState.keys(x), seed: seed)
    }
    mutating func add(_ x: Contract, keys seed: Bool = true) {
        put(DossierState.Fact.of(x), .contract(x), DossierState.keys(x), seed: seed)
    }
}

/// Before and after images (hashes of the rows' JSON) of the dossiers one import touched.
private struct StateTally {
    /// id → hash of the row before the import (inner nil: no row).
    var before: [String: Int?] = [:]
    /// id → hash of the row now (inner nil: removed).
    var after: [String: Int?] = [:]
    var rebuilt = 0

    var change: DossierStateChange {
        var c = DossierStateChange(rebuilt: rebuilt)
        for (id, now) in after {
            let was = before[id] ?? nil
            switch (was, now) {
            case (nil, .some): c.created += 1
            case (let a?, let b?) where a != b: c.updated += 1
            case (.some, nil): c.removed += 1
            default: break
            }
        }
        return c
    }
}

extension Array {
    /// The array cut into consecutive slices of at most `size` elements, as arrays.
    fileprivate func chunked(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
