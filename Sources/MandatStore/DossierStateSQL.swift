import Foundation
import MandatCore
import SQLKit

// The materialised dossier state in SQL (see `DossierState`): refreshed after an import for the dossiers linked
// to the new files' facts, read by `status`. The same SQL on SQLite and PostgreSQL.

extension SQLMandatStore: DossierStateStore {
    /// Facts per refresh step (one transaction): seeds are taken in `sort_key` order and their closures added
    /// until the step holds this many facts (bounds memory). `setStateStepFacts` changes it for tests.
    static let stateBatchFacts = 5_000
    /// Seeds whose closure is looked up together.
    static let stateSeedGroup = 32
    /// Values bound per `IN (…)` list.
    static let stateInChunk = 500

    /// Sets the facts per refresh step (tests: many steps on a small store).
    func setStateStepFacts(_ n: Int) { stateStepFacts = max(1, n) }

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
        let marker = try await stateMarker()
        if let marker, marker.version == DossierState.formatVersion, marker.law == DossierState.lawFingerprint(law) {
            // Facts written after the last refresh, by this import or by one stopped before its refresh, are
            // all in `state_pending`.
            return try await refreshPending(law: law)
        }
        if marker == nil && afterSeq == 0 {
            // Every file came after `afterSeq` = 0: every fact was written with its keys and is pending. The
            // marker goes first (at seq 0: behind), so that a refresh stopped half-way is finished by the next one.
            try await setMarker(seq: 0, law: law)
            return try await refreshPending(law: law)
        }
        return try await rebuildDossierState(law: law)
    }

    public func rebuildDossierState(law: LawAssessor) async throws -> DossierStateChange {
        try await transaction("dossier state: clear") {
            try await lockState()
            for t in ["fact_keys", "state_pending", "dossier_members", "unlinked_events", "dossier_state"] {
                try await db.raw("DELETE FROM \(ident: t)").run()
            }
            try await db.raw("DELETE FROM settings WHERE key = \(bind: DossierState.settingKey)").run()
        }
        try await pendAllFacts()
        try await setMarker(seq: 0, law: law)
        return try await refreshPending(law: law)
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

    // MARK: keys and pending facts

    /// Writes the link keys of `facts` (replacing the older keys of the facts in `old`) and records them as
    /// pending, in the caller's transaction.
    func writeFactKeys(_ facts: [DossierState.FactKeys], replacing old: [String]) async throws {
        for part in Self.chunks(old, columns: 1) {
            let facts = part.map { $0 as any Encodable & Sendable }
            try await db.raw("DELETE FROM fact_keys WHERE fact IN (\(binds: facts))").run()
        }
        var rows: [[any Encodable & Sendable]] = []
        for f in facts { for k in f.keys { rows.append([k, f.fact]) } }
        for part in Self.chunks(rows, columns: 2) {
            try await db.raw(
                "INSERT INTO fact_keys (key, fact) VALUES " + Self.valueRows(part)
                    + " ON CONFLICT (key, fact) DO NOTHING"
            ).run()
        }
        for part in Self.chunks(facts.map { [$0.fact, $0.sortKey] as [any Encodable & Sendable] }, columns: 2) {
            try await db.raw(
                "INSERT INTO state_pending (fact, sort_key) VALUES " + Self.valueRows(part)
                    + " ON CONFLICT (fact) DO UPDATE SET sort_key = excluded.sort_key"
            ).run()
        }
    }

    /// Writes the keys of every stored fact and records them all as pending (a full rebuild), reading each table
    /// a page at a time (by key) so that memory stays bounded.
    private func pendAllFacts() async throws {
        let page = stateStepFacts
        func pages(_ table: String, key: String, _ keys: @escaping ([any SQLRow]) throws -> [DossierState.FactKeys])
            async throws
        {
            var last: String?
            while true {
                let more: Bool = try await transaction("dossier state: keys of \(table)") {
                    try await lockState()
                    let sql: SQLQueryString =
                        "SELECT \(unsafeRaw: key) AS k, json FROM \(unsafeRaw: table) "
                        + (last.map { "WHERE \(unsafeRaw: key) > \(bind: $0) " } ?? "")
                        + "ORDER BY \(unsafeRaw: key) LIMIT \(literal: page)"
                    let rows = try await db.raw(sql).all()
                    guard let tail = rows.last else { return false }
                    last = try tail.decode(column: "k", as: String.self)
                    try await writeFactKeys(try keys(rows), replacing: [])
                    return rows.count == page
                }
                if !more { return }
            }
        }
        try await pages("invoices", key: "key") {
            try Self.decodeAll(Invoice.self, $0, "invoices").map(DossierState.FactKeys.of)
        }
        try await pages("events", key: "id") { rows in
            let ids = try rows.map { try $0.decode(column: "k", as: String.self) }
            return zip(try Self.decodeAll(ChainEvent.self, rows, "events"), ids).map {
                DossierState.FactKeys.of($0, id: $1)
            }
        }
        try await pages("mandats", key: "key") {
            try Self.decodeAll(Mandat.self, $0, "mandats").map(DossierState.FactKeys.of)
        }
        try await pages("contracts", key: "buyer_id || '/' || id") {
            try Self.decodeAll(Contract.self, $0, "contracts").map(DossierState.FactKeys.of)
        }
    }

    // MARK: refresh

    /// Whether the stored state can be read as the dossiers of the whole store: built, of this format, and not
    /// behind the files (no file recorded after its last refresh). The dossiers do not depend on the law (only the
    /// indexed columns do), so any law's state will do.
    func dossierStateCurrent() async throws -> Bool {
        guard let marker = try await stateMarker(), marker.version == DossierState.formatVersion else { return false }
        return marker.seq == (try await lastFileSeq())
    }

    private func stateMarker() async throws -> DossierState.Marker? {
        guard let text = try await setting(DossierState.settingKey) else { return nil }
        return try? JSONDecoder().decode(DossierState.Marker.self, from: Data(text.utf8))
    }

    private func setMarker(seq: Int, law: LawAssessor) async throws {
        let marker = DossierState.Marker(
            version: DossierState.formatVersion, law: DossierState.lawFingerprint(law), seq: seq)
        let text = String(decoding: try JSONEncoder().encode(marker), as: UTF8.self)
        try await setSetting(DossierState.settingKey, to: text)
    }

    /// The PostgreSQL advisory lock of the dossier state: taken alone by a refresh step, shared by imports.
    static let stateLockKey = 727_641_002

    /// Two processes refreshing at once would each write rows computed without the other's files, and an import
    /// committing between a step's read of a fact and its removal from `state_pending` would be lost: PostgreSQL
    /// serialises them on an advisory lock (SQLite's `BEGIN IMMEDIATE` already does).
    private func lockState() async throws {
        if backend == .postgres { try await db.raw("SELECT pg_advisory_xact_lock(\(bind: Self.stateLockKey))").run() }
    }

    /// Rebuilds the dossiers of every pending fact, a step (one transaction) at a time, then records the marker
    /// with the last file seen at the start.
    ///
    /// Each step takes pending facts in `sort_key` order, closes over their keys and earlier dossiers until the
    /// step holds `stateStepFacts` facts, rebuilds those dossiers and removes the whole closure from
    /// `state_pending`: a dossier is built once however its files were spread over the import.
    private func refreshPending(law: LawAssessor) async throws -> DossierStateChange {
        let top = try await lastFileSeq()
        var tally = StateTally()
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        let dec = JSONDecoder()
        while try await refreshStep(law: law, tally: &tally, enc: enc, dec: dec) {}
        try await setMarker(seq: top, law: law)
        return tally.change
    }

    /// One step of `refreshPending`; false when nothing was pending.
    private func refreshStep(law: LawAssessor, tally: inout StateTally, enc: JSONEncoder, dec: JSONDecoder)
        async throws -> Bool
    {
        let limit = stateStepFacts
        return try await transaction("dossier state") {
            try await lockState()
            try failpoint?("state-step")
            let seeds = try await db.raw(
                "SELECT fact FROM state_pending ORDER BY sort_key, fact LIMIT \(literal: limit)"
            ).all().map { try $0.decode(column: "fact", as: String.self) }
            guard !seeds.isEmpty else { return false }
            // A contract written since the last refresh is followed to every dossier naming it.
            var changedContracts = Set(seeds.filter { $0.hasPrefix("c:") })
            var closed = Set<String>()
            var oldDossiers = Set<String>()
            var i = 0
            while i < seeds.count && closed.count < limit {
                var group: [String] = []
                while i < seeds.count && group.count < Self.stateSeedGroup {
                    if !closed.contains(seeds[i]) { group.append(seeds[i]) }
                    i += 1
                }
                guard !group.isEmpty else { continue }
                try await close(group, changedContracts: &changedContracts, into: &closed, dossiers: &oldDossiers)
            }
            var cache = FactCache()
            try await rebuild(
                closed, oldDossiers: oldDossiers, cache: &cache, law: law, enc: enc, dec: dec, tally: &tally)
            for part in Array(closed).chunked(Self.stateInChunk) {
                try await db.raw("DELETE FROM state_pending WHERE fact IN (\(binds: part))").run()
            }
            return true
        }
    }

    /// Adds to `closed` every fact reached from `start` through link keys and through the dossiers those facts
    /// were in, until nothing new comes; `dossiers` gets the ids of those earlier dossiers.
    ///
    /// A contract reached from an invoice or mandat that names it is read, not followed: an unchanged contract
    /// changes no other dossier (a framework contract named by thousands of invoices would otherwise bring them
    /// all). Only `changedContracts` (pending: written since the last refresh) are followed to every dossier that
    /// names them; a pending contract reached on the way joins them.
    private func close(
        _ start: [String], changedContracts: inout Set<String>, into closed: inout Set<String>,
        dossiers: inout Set<String>
    ) async throws {
        var frontier = start.filter { closed.insert($0).inserted }
        var seenKeys = Set<String>()
        while !frontier.isEmpty {
            var next: [String] = []
            var wanted: [String] = []
            // A contract still pending (written since the last refresh) is followed too: it leaves
            // `state_pending` with this step.
            let reachedContracts = frontier.filter { $0.hasPrefix("c:") && !changedContracts.contains($0) }
            for part in reachedContracts.chunked(Self.stateInChunk) {
                for r in try await db.raw("SELECT fact FROM state_pending WHERE fact IN (\(binds: part))").all() {
                    changedContracts.insert(try r.decode(column: "fact", as: String.self))
                }
            }
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
        }
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

    /// Decodes the stored facts named in `ids` into the cache, on every core; a fact's id is its row's key (an
    /// event's id is not computed again).
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
        func rows(_ sql: SQLQueryString) async throws -> (keys: [String], rows: [any SQLRow]) {
            let rows = try await db.raw(sql).all()
            return (try rows.map { try $0.decode(column: "k", as: String.self) }, rows)
        }
        for part in inv.chunked(Self.stateInChunk) {
            let r = try await rows("SELECT key AS k, json FROM invoices WHERE key IN (\(binds: part))")
            for (k, x) in zip(r.keys, try Self.decodeAll(Invoice.self, r.rows, "invoices")) {
                cache.add(DossierState.Fact.invoice(k), .invoice(x))
            }
        }
        for part in ev.chunked(Self.stateInChunk) {
            let r = try await rows("SELECT id AS k, json FROM events WHERE id IN (\(binds: part))")
            for (k, x) in zip(r.keys, try Self.decodeAll(ChainEvent.self, r.rows, "events")) {
                cache.add(DossierState.Fact.event(k), .event(x))
            }
        }
        for part in man.chunked(Self.stateInChunk) {
            let r = try await rows("SELECT key AS k, json FROM mandats WHERE key IN (\(binds: part))")
            for (k, x) in zip(r.keys, try Self.decodeAll(Mandat.self, r.rows, "mandats")) {
                cache.add(DossierState.Fact.mandat(k), .mandat(x))
            }
        }
        for part in con.chunked(Self.stateInChunk) {
            let r = try await rows(
                "SELECT buyer_id || '/' || id AS k, json FROM contracts WHERE buyer_id || '/' || id IN (\(binds: part))"
            )
            for (k, x) in zip(r.keys, try Self.decodeAll(Contract.self, r.rows, "contracts")) {
                cache.add("c:" + k, .contract(x))
            }
        }
    }
}

/// Decoded facts of one refresh step, by fact id.
private struct FactCache {
    enum Fact {
        case invoice(Invoice), event(ChainEvent), mandat(Mandat), contract(Contract)
    }
    var fact: [String: Fact] = [:]

    mutating func add(_ id: String, _ f: Fact) {
        if fact[id] == nil { fact[id] = f }
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
