import Foundation
import MandatCore
import SQLKit

// The materialised dossier state in SQL (see `DossierState`): refreshed after an import for the dossiers linked
// to the new files' facts, read by `status`. The same SQL on SQLite and PostgreSQL.

extension SQLMandatStore: DossierStateStore {
    /// Facts per refresh step (`stateStepsPerCommit` steps per transaction): seeds are taken in `sort_key` order
    /// and their closures added until the step holds this many facts (bounds memory). `setStateStepFacts` changes it
    /// for tests.
    static let stateBatchFacts = 5_000
    /// Seeds whose closure is looked up together.
    static let stateSeedGroup = 32
    /// Steps per transaction of the refresh (`refreshTransaction`): it commits once its steps hold this many
    /// times `stateStepFacts` facts.
    static let stateStepsPerCommit = 4
    /// Values bound per `IN (…)` list.
    static let stateInChunk = 500

    /// Sets the facts per refresh step (tests: many steps on a small store).
    func setStateStepFacts(_ n: Int) { stateStepFacts = max(1, n) }

    /// Sets how the refresh reads its next step (tests: the pipeline, its fallback, and no read ahead give the
    /// same state).
    func setStateReadAhead(_ mode: StateReadAhead) { stateReadAhead = mode }

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
            _ = try await multiRow(
                insertHead("fact_keys", columns: ["key", "fact"]), part, " ON CONFLICT (key, fact) DO NOTHING")
        }
        for part in Self.chunks(facts.map { [$0.fact, $0.sortKey] as [any Encodable & Sendable] }, columns: 2) {
            _ = try await multiRow(
                insertHead("state_pending", columns: ["fact", "sort_key"]), part,
                " ON CONFLICT (fact) DO UPDATE SET sort_key = excluded.sort_key")
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

    /// Rebuilds the dossiers of every pending fact, a step at a time (several per transaction), then records the
    /// marker with the last file seen at the start.
    ///
    /// Each step takes pending facts in `sort_key` order, closes over their keys and earlier dossiers until the
    /// step holds `stateStepFacts` facts, rebuilds those dossiers and removes the whole closure from
    /// `state_pending`: a dossier is built once however its files were spread over the import.
    ///
    /// The steps overlap (a pipeline over the one connection and the cores): while step k's facts are decoded,
    /// built into dossiers and assessed on the cores (`buildStep`, no SQL), the connection reads step k + 1
    /// (`readStep`); then, while step k + 1 is built, it writes step k. Step k + 1 is thus read before step k's
    /// rows are written, in step k's transaction, and written in its own. `carriedOver` explains why that reads
    /// what the one-step-at-a-time order would read, and when the read is thrown away and made again.
    private func refreshPending(law: LawAssessor) async throws -> DossierStateChange {
        let top = try await lastFileSeq()
        var tally = StateTally()
        if backend == .postgres {
            // Held from the first step to the last (session level, reentrant with each step's transaction-level
            // lock): no import commits between two steps, so a step read in the previous transaction is still
            // what its own transaction would read. SQLite cannot hold a lock across commits: `PRAGMA data_version`
            // tells instead (`carriedOver`).
            try await read("dossier state lock") {
                try await db.raw("SELECT pg_advisory_lock(\(bind: Self.stateLockKey))").run()
            }
        }
        do {
            var ahead: StepAhead?
            var scope = RefreshScope()
            while try await refreshTransaction(law: law, ahead: &ahead, tally: &tally, scope: &scope) {}
            try await setMarker(seq: top, law: law)
        } catch {
            if backend == .postgres { try? await unlockStateSession() }
            throw error
        }
        if backend == .postgres { try await unlockStateSession() }
        return tally.change
    }

    private func unlockStateSession() async throws {
        try await read("dossier state lock") {
            try await db.raw("SELECT pg_advisory_unlock(\(bind: Self.stateLockKey))").run()
        }
    }

    /// One transaction of `refreshPending`: steps one after the other until they hold `stateStepsPerCommit` steps'
    /// worth of facts or nothing is pending (false then). `ahead` is the next step read in the previous
    /// transaction (and being built), if any; on return, the step after this transaction's last.
    ///
    /// Several steps per commit: each step's writes land on pages all over `dossier_members` and `state_pending`
    /// (their keys are fact ids, i.e. hashes), so with one commit per step most of those pages went to the WAL, and
    /// then to the database, once per step. Memory is still one step's (the transaction holds pages, not facts).
    private func refreshTransaction(
        law: LawAssessor, ahead: inout StepAhead?, tally: inout StateTally, scope: inout RefreshScope
    ) async throws -> Bool {
        var carried = ahead
        ahead = nil
        let budget = stateStepFacts * Self.stateStepsPerCommit
        let (more, next): (Bool, StepAhead?) = try await transaction("dossier state") {
            try await lockState()
            try await checkScope(&scope)
            var facts = 0
            while true {
                let step = try await refreshStep(law: law, carried: carried, tally: &tally, fresh: scope.fresh)
                guard step.more else { return (false, nil) }
                carried = step.next
                facts += step.facts
                if facts >= budget { return (true, step.next) }
            }
        }
        // This transaction's own commit is the last one the next step may see.
        ahead = next.map {
            var n = $0; n.commits = commits; return n
        }
        return more
    }

    /// Decides, in the refresh's first transaction, whether it starts from an empty state (no dossier, member or
    /// unlinked event: a first import, or a full rebuild), and on SQLite forgets it as soon as another connection
    /// has committed since (an import's facts could then link to dossiers this refresh wrote; on PostgreSQL the
    /// session-level lock keeps other writers out).
    private func checkScope(_ scope: inout RefreshScope) async throws {
        if !scope.checked {
            scope.checked = true
            let row = try await db.raw(
                """
                SELECT CASE WHEN EXISTS (SELECT 1 FROM dossier_state) OR EXISTS (SELECT 1 FROM dossier_members) \
                OR EXISTS (SELECT 1 FROM unlinked_events) THEN 1 ELSE 0 END AS n
                """
            ).first()
            scope.fresh = try row?.decode(column: "n", as: Int.self) == 0
            if backend == .sqlite { scope.dataVersion = try await dataVersion() }
        } else if scope.fresh, backend == .sqlite, try await dataVersion() != scope.dataVersion {
            scope.fresh = false
        }
    }

    /// One step of `refreshPending`, in the caller's transaction: `more` false when nothing was pending; `next` the
    /// step after it, read ahead and being built; `facts` the facts it took in. `carried` is this step if it was
    /// read ahead (by the previous step, in this transaction or the one before).
    private func refreshStep(law: LawAssessor, carried: StepAhead?, tally: inout StateTally, fresh: Bool) async throws
        -> (more: Bool, next: StepAhead?, facts: Int)
    {
        try failpoint?("state-step")
        let clock = ContinuousClock.now
        // This step: read ahead by the previous transaction if nothing was committed since, else read now.
        var current: StepAhead
        if let carried, try await carriedOver(carried) {
            current = carried
            stateAheadCounts.carried += 1
        } else {
            carried?.work.cancel()
            guard let read = try await readStep(after: nil, fresh: fresh) else { return (false, nil, 0) }
            current = StepAhead(read: read, law: law, commits: 0, dataVersion: 0)
        }
        let readDone = clock.duration(to: .now)
        // While the cores build this step, read the next one: pending facts not in this step's closure.
        var next = stateReadAhead == .off ? nil : try await readStep(after: current.read, fresh: fresh)
        let aheadDone = clock.duration(to: .now)
        let built = try await current.work.value
        let builtDone = clock.duration(to: .now)
        var dropped = false
        if let n = next, stateReadAhead == .dropped || !Self.independent(n, of: current.read, built: built) {
            // The next step reaches this one's facts or dossiers: it is read again after this step's writes.
            next = nil
            dropped = true
            stateAheadCounts.dropped += 1
        }
        // Built on the cores while this step is written.
        let nextWork = next.map { StepAhead(read: $0, law: law, commits: commits, dataVersion: 0) }
        next = nil  // its texts now belong to the task building it
        do {
            try await writeStep(current.read, built, tally: &tally, fresh: fresh)
        } catch {
            nextWork?.work.cancel()
            throw error
        }
        let version = backend == .sqlite ? try await dataVersion() : 0
        logger.debug(
            """
            dossier state step: \(current.read.closed.count) facts, \(built.rows.count) dossiers; read \
            \(readDone), next read \(aheadDone - readDone), waited for the build \(builtDone - aheadDone), \
            written \(clock.duration(to: .now) - builtDone)\(dropped ? "; next step read again" : "")
            """)
        var after = nextWork
        after?.dataVersion = version
        return (true, after, current.read.closed.count)
    }

    /// Whether a step read in the previous transaction (`carried`) is still what this transaction would read: no
    /// other transaction committed since, on this connection (`commits`) or, on SQLite, on another
    /// (`PRAGMA data_version` changes when another connection commits; on PostgreSQL the session-level lock
    /// taken by `refreshPending` keeps other writers out).
    ///
    /// Why the read is right otherwise. Step k + 1 was read in step k's transaction before step k's writes;
    /// `readStep(after:)` takes its seeds from the pending facts in `sort_key` order skipping step k's closure (still
    /// in `state_pending`, removed by the writes), which are exactly the first pending facts once step k is
    /// written. Step k's writes change only `dossier_members` and `dossier_state` rows of step k's dossiers (new
    /// and earlier), `unlinked_events` and `state_pending` rows of step k's facts; `fact_keys` and the facts are
    /// written by imports only. Step k's closure is closed over keys and earlier dossiers, so a later closure
    /// that reaches none of its facts (but contracts it read without following: an unchanged contract links
    /// nothing) and none of its dossiers reads, in every query of `close` and `loadTexts`, rows step k's writes
    /// leave as they are. `independent` checks exactly that (the link keys are not symmetric: `p:` reaches `P:`
    /// only, so a later closure can reach an earlier one's fact); when it fails the read is dropped and made
    /// again after step k's writes, as before the pipeline.
    private func carriedOver(_ carried: StepAhead) async throws -> Bool {
        guard carried.commits == commits else { return false }
        if backend == .sqlite { return try await dataVersion() == carried.dataVersion }
        return true
    }

    private func dataVersion() async throws -> Int {
        try await db.raw("PRAGMA data_version").first()?.decode(column: "data_version", as: Int.self) ?? 0
    }

    /// Whether `next` (read before `current`'s writes) shares no fact with `current` but unchanged contracts
    /// (read, not followed, by both), and no earlier dossier with the dossiers `current` writes or removes.
    static func independent(_ next: StepRead, of current: StepRead, built: StepBuilt) -> Bool {
        let (small, large) =
            next.closed.count < current.closed.count ? (next.closed, current.closed) : (current.closed, next.closed)
        for f in small where large.contains(f) {
            if !f.hasPrefix("c:") || current.changedContracts.contains(f) || next.changedContracts.contains(f) {
                return false
            }
        }
        for d in next.oldDossiers where current.oldDossiers.contains(d) { return false }
        if !next.oldDossiers.isEmpty {
            for r in built.rows where next.oldDossiers.contains(r.id) { return false }
        }
        return true
    }

    /// Reads one step: seeds from `state_pending` in `sort_key` order (skipping the facts of `previous`, a step
    /// read but not yet written), their closure (`close`), and the stored texts of the closure's facts. Nil when
    /// nothing is pending.
    private func readStep(after previous: StepRead?, fresh: Bool) async throws -> StepRead? {
        let limit = stateStepFacts
        let skip = previous?.closed ?? []
        var seeds: [String] = []
        for r in try await db.raw(
            "SELECT fact FROM state_pending ORDER BY sort_key, fact LIMIT \(literal: limit + skip.count)"
        ).all() {
            let f = try r.decode(column: "fact", as: String.self)
            if !skip.contains(f) { seeds.append(f) }
            if seeds.count == limit { break }
        }
        guard !seeds.isEmpty else { return nil }
        var read = StepRead()
        // A contract written since the last refresh is followed to every dossier naming it.
        read.changedContracts = Set(seeds.filter { $0.hasPrefix("c:") })
        var i = 0
        while i < seeds.count && read.closed.count < limit {
            var group: [String] = []
            while i < seeds.count && group.count < Self.stateSeedGroup {
                if !read.closed.contains(seeds[i]) { group.append(seeds[i]) }
                i += 1
            }
            guard !group.isEmpty else { continue }
            try await close(
                group, changedContracts: &read.changedContracts, into: &read.closed, dossiers: &read.oldDossiers,
                fresh: fresh)
        }
        try await loadTexts(&read)
        return read
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
        dossiers: inout Set<String>, fresh: Bool
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
                // In a refresh that started from an empty state no fact of this closure is a member yet (see
                // `RefreshScope`): no look-up.
                if !fresh {
                    var found: [String] = []
                    for r in try await db.raw("SELECT dossier_id FROM dossier_members WHERE fact IN (\(binds: part))")
                        .all()
                    {
                        let d = try r.decode(column: "dossier_id", as: String.self)
                        if dossiers.insert(d).inserted { found.append(d) }
                    }
                    for dpart in found.chunked(Self.stateInChunk) {
                        for r in try await db.raw(
                            "SELECT fact FROM dossier_members WHERE dossier_id IN (\(binds: dpart))"
                        )
                        .all() {
                            let f = try r.decode(column: "fact", as: String.self)
                            if closed.insert(f).inserted { next.append(f) }
                        }
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

    /// Writes a built step: replaces the rows of the dossiers its facts were in (`dossier_state`,
    /// `dossier_members`, `unlinked_events`) and removes its facts from `state_pending`.
    ///
    /// In a refresh that started from an empty state (`fresh`, see `RefreshScope`) the only rows that can exist
    /// are those this refresh wrote: no before image is read (every dossier is new), and nothing is deleted but
    /// the rows of an id written by an earlier step of this refresh.
    private func writeStep(_ read: StepRead, _ built: StepBuilt, tally: inout StateTally, fresh: Bool) async throws {
        let rows = built.rows
        let oldDossiers = read.oldDossiers
        // Before images, once per import, for the created / updated counts. From an empty state (`fresh`) there is
        // none to read: a dossier first seen then had no row before this import, which `StateTally` assumes of
        // any id it holds no before image for.
        if !fresh {
            let firstSeen = Set(rows.map(\.id)).union(oldDossiers).filter { !tally.seen($0) }
            var existing: [String: Int] = [:]
            for part in Array(firstSeen).chunked(Self.stateInChunk) {
                for r in try await db.raw("SELECT id, json FROM dossier_state WHERE id IN (\(binds: part))").all() {
                    existing[try r.decode(column: "id", as: String.self)] = try r.decode(
                        column: "json", as: String.self
                    )
                    .hashValue
                }
            }
            for id in firstSeen { tally.recordBefore(id, hash: existing[id]) }
        }
        // Replace.
        for part in Array(oldDossiers).chunked(Self.stateInChunk) {
            try await db.raw("DELETE FROM dossier_state WHERE id IN (\(binds: part))").run()
            try await db.raw("DELETE FROM dossier_members WHERE dossier_id IN (\(binds: part))").run()
        }
        // Rows of these ids not reached through members (none expected): replaced all the same.
        let newIds = rows.map(\.id).filter { !oldDossiers.contains($0) && (!fresh || tally.written($0)) }
        for part in newIds.chunked(Self.stateInChunk) {
            try await db.raw("DELETE FROM dossier_state WHERE id IN (\(binds: part))").run()
            try await db.raw("DELETE FROM dossier_members WHERE dossier_id IN (\(binds: part))").run()
        }
        if !fresh {
            let eventFacts = read.closed.filter { $0.hasPrefix("e:") }.map { String($0.dropFirst(2)) }
            for part in eventFacts.chunked(Self.stateInChunk) {
                try await db.raw("DELETE FROM unlinked_events WHERE event_id IN (\(binds: part))").run()
            }
        }
        for part in rows.chunked(100) {
            var sql: SQLQueryString = """
                \(unsafeRaw: insertVerb) INTO dossier_state (id, buyer, seller, contract, stage, holder, paid, \
                amount_due, due_date, blocked_from, json) VALUES 
                """
            for (n, r) in part.enumerated() {
                sql +=
                    (n == 0 ? "" : ", ")
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
            var sql: SQLQueryString = "\(unsafeRaw: insertVerb) INTO dossier_members (fact, dossier_id) VALUES "
            for (n, m) in part.enumerated() { sql += (n == 0 ? "" : ", ") + "(\(bind: m.0), \(bind: m.1))" }
            try await db.raw(sql).run()
        }
        for part in built.unlinked.chunked(200) {
            var sql = SQLQueryString("INSERT INTO unlinked_events (event_id, json) VALUES ")
            for (n, e) in part.enumerated() { sql += (n == 0 ? "" : ", ") + "(\(bind: e.id), \(bind: e.json))" }
            sql += " ON CONFLICT (event_id) DO NOTHING"
            try await db.raw(sql).run()
        }
        for part in Array(read.closed).chunked(Self.stateInChunk) {
            try await db.raw("DELETE FROM state_pending WHERE fact IN (\(binds: part))").run()
        }
        for id in oldDossiers { tally.recordAfter(id, hash: nil) }
        for r in rows { tally.recordAfter(r.id, hash: r.json.hashValue) }
        tally.rebuilt += rows.count
    }

    /// `INSERT` of the state's rows. On SQLite `INSERT OR FAIL`: a multi-row `INSERT` that may abort on a
    /// constraint (the default `ABORT`: here the primary keys and `NOT NULL`) makes SQLite copy every page it
    /// changes to a statement journal (a temporary file) first, so that the statement alone can be undone; with
    /// `FAIL` it is not undone alone, but a failing statement still throws and the step's transaction is rolled
    /// back whole, so nothing of the step stays. PostgreSQL has no such clause (and no statement journal).
    private var insertVerb: String { backend == .sqlite ? "INSERT OR FAIL" : "INSERT" }

    /// Reads the stored texts of the closure's facts into `read.texts`; a fact's id is its row's key (an event's
    /// id is not computed again). Facts no longer stored (a key or membership left behind) are skipped.
    private func loadTexts(_ read: inout StepRead) async throws {
        var inv: [String] = [], ev: [String] = [], man: [String] = [], con: [String] = []
        for f in read.closed {
            let key = String(f.dropFirst(2))
            switch f.prefix(2) {
            case "i:": inv.append(key)
            case "e:": ev.append(key)
            case "m:": man.append(key)
            case "c:": con.append(key)
            default: break
            }
        }
        func texts(_ ids: [String], _ select: String, by key: String) async throws -> StepTexts {
            var out = StepTexts()
            // Sorted: the look-ups walk each primary-key B-tree in order.
            for part in ids.sorted().chunked(Self.stateInChunk) {
                for r in try await db.raw("\(unsafeRaw: select) WHERE \(unsafeRaw: key) IN (\(binds: part))").all() {
                    out.keys.append(try r.decode(column: "k", as: String.self))
                    out.texts.append(try r.decode(column: "json", as: String.self))
                }
            }
            return out
        }
        read.texts.invoices = try await texts(inv, "SELECT key AS k, json FROM invoices", by: "key")
        read.texts.events = try await texts(ev, "SELECT id AS k, json FROM events", by: "id")
        read.texts.mandats = try await texts(man, "SELECT key AS k, json FROM mandats", by: "key")
        read.texts.contracts = try await texts(
            con, "SELECT buyer_id || '/' || id AS k, json FROM contracts", by: "buyer_id || '/' || id")
    }

    /// Decodes a step's facts, builds their dossiers and the dossiers' rows (the law's assessments), and encodes
    /// the unlinked events: the step's CPU work, no SQL, on every core.
    ///
    /// The texts are taken out of `box` once decoded: while the dossiers are built and assessed, memory holds the
    /// next step's texts being read, not this step's too.
    static func buildStep(_ box: StepTextsBox, law: LawAssessor) async throws -> StepBuilt {
        let texts = box.take()
        let invoices = try decodeAll(Invoice.self, texts: texts.invoices.texts, "invoices", keys: texts.invoices.keys)
        let events = try decodeAll(ChainEvent.self, texts: texts.events.texts, "events", keys: texts.events.keys)
        let mandats = try decodeAll(Mandat.self, texts: texts.mandats.texts, "mandats", keys: texts.mandats.keys)
        let contracts = try decodeAll(
            Contract.self, texts: texts.contracts.texts, "contracts", keys: texts.contracts.keys)
        _ = consume texts
        let built = DossierBuilder.build(invoices: invoices, events: events, mandats: mandats, contracts: contracts)
        let rows = try await DossierState.rows(built.dossiers, law: law)
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        let unlinked = try built.unlinked.map {
            StepBuilt.Unlinked(id: $0.id, json: String(decoding: try enc.encode($0), as: UTF8.self))
        }
        return StepBuilt(rows: rows, unlinked: unlinked)
    }
}

/// How the dossier state's refresh reads the next step while the cores build the current one.
enum StateReadAhead: Sendable {
    /// Read ahead and used when nothing invalidated it (the default).
    case used
    /// Read ahead, then always thrown away and read again after the writes (tests: the fallback's path).
    case dropped
    /// Not read ahead: one step after the other.
    case off
}

/// How many steps of the refresh used the read made ahead, and how many read it again (tests, debug log).
struct StateAheadCounts: Sendable, Hashable {
    var carried = 0
    var dropped = 0
}

/// What a refresh knows of the state it started from (`SQLMandatStore.checkScope`).
///
/// `fresh`: the refresh started with no dossier, member or unlinked event (a first import, a full rebuild) and
/// nothing else has committed since. Then no fact it reaches is a member of a dossier it did not write, and none
/// is a member of one it wrote: every fact stored is pending or was taken in by one of its steps, and a step's
/// closure is closed under the link keys (a fact reaching another through a key is reached back by it: `n:`, `c:`,
/// `b:` both ways, `p:` → `P:` and `P:` → `p:`, `k:` → `K:` and a pending contract's `K:` → `k:`), so a later step
/// reaching an earlier step's fact would have been in that step. Only unchanged contracts are shared, and they
/// are never members. So the refresh skips the look-ups of members and the deletes that find nothing.
struct RefreshScope: Sendable {
    var checked = false
    var fresh = false
    /// SQLite's `PRAGMA data_version` when `fresh` was decided: another connection's commit changes it.
    var dataVersion = 0
}

/// Stored texts of one table's facts in a refresh step: the rows' keys and `json`, in the same order.
struct StepTexts: Sendable {
    var keys: [String] = []
    var texts: [String] = []
}

/// Stored texts of a refresh step's facts, by table.
struct StepFactTexts: Sendable {
    var invoices = StepTexts()
    var events = StepTexts()
    var mandats = StepTexts()
    var contracts = StepTexts()
}

/// A step's texts handed to the task that builds it, taken out once (so that they are freed when decoded, not
/// when the task ends). Used by that task alone, once: the lock only makes the hand-over safe to state.
final class StepTextsBox: @unchecked Sendable {
    private let lock = NSLock()
    private var texts: StepFactTexts?

    init(_ texts: StepFactTexts) { self.texts = texts }

    /// The texts, leaving the box empty.
    func take() -> StepFactTexts {
        lock.lock()
        defer { lock.unlock() }
        let t = texts ?? StepFactTexts()
        texts = nil
        return t
    }
}

/// What a refresh step read: its closed set of facts, the earlier dossiers they were in, the contracts followed
/// (written since the last refresh), and the facts' stored texts (handed to `buildStep`, then dropped).
struct StepRead: Sendable {
    var closed: Set<String> = []
    var oldDossiers: Set<String> = []
    var changedContracts: Set<String> = []
    var texts = StepFactTexts()
}

/// What a refresh step built: the rows of its dossiers and its unlinked events with their JSON.
struct StepBuilt: Sendable {
    struct Unlinked: Sendable {
        var id: String
        var json: String
    }
    var rows: [DossierState.Row]
    var unlinked: [Unlinked]
}

/// A step read and being built on the cores (`buildStep` in a detached task, so the connection goes on), with the
/// store's commit count and SQLite `data_version` when it was read (`SQLMandatStore.carriedOver`).
struct StepAhead: Sendable {
    /// The read without its texts (the task holds them until they are decoded).
    let read: StepRead
    let work: Task<StepBuilt, any Error>
    var commits: Int
    var dataVersion: Int

    init(read: StepRead, law: LawAssessor, commits: Int, dataVersion: Int) {
        let box = StepTextsBox(read.texts)
        var kept = read
        kept.texts = StepFactTexts()
        self.read = kept
        self.work = Task.detached { try await SQLMandatStore.buildStep(box, law: law) }
        self.commits = commits
        self.dataVersion = dataVersion
    }
}

/// Before and after images (hashes of the rows' JSON) of the dossiers one import touched, for the counts of
/// dossiers created, updated and removed (`DossierStateChange`).
///
/// Memory: an import of N = 100 000 invoices touches 100 000 dossiers. Keyed by the dossier ids themselves (about
/// 40 bytes each, a heap object per id kept alive by the tally) the two maps held 17.9 MB at the end of the
/// refresh (heaptrack, docs/performance.md); keyed by `Print`, 16 bytes stored inline, and with no before image
/// for a dossier written from an empty state, they hold about 4 MB.
struct StateTally {
    /// A dossier id's 128-bit fingerprint in this process: two SipHash values of the id (Swift's `Hasher`, seeded
    /// per process), made different by a leading tag byte. Two of n ids share one with probability about
    /// n² / 2¹²⁹ (10⁻²⁹ for n = 10⁵): the counts would then be off by one.
    struct Print: Hashable {
        let high: Int
        let low: Int

        init(_ id: String) {
            var h = Hasher()
            h.combine(UInt8(1))
            h.combine(id)
            high = h.finalize()
            var l = Hasher()
            l.combine(UInt8(2))
            l.combine(id)
            low = l.finalize()
        }
    }

    /// Dossier → hash of its row before the import (inner nil: no row). A dossier with no entry had no row
    /// either: those first seen in a step from an empty state are not recorded (see `writeStep`).
    private var before: [Print: Int?] = [:]
    /// Dossier → hash of its row now (inner nil: removed).
    private var after: [Print: Int?] = [:]
    var rebuilt = 0

    /// Whether this import already met `id` (its before image is known).
    func seen(_ id: String) -> Bool {
        let p = Print(id)
        return before[p] != nil || after[p] != nil
    }

    /// Whether this import already wrote (or removed) the row of `id`.
    func written(_ id: String) -> Bool { after[Print(id)] != nil }

    /// The row of `id` as it was before the import: the hash of its JSON, nil when there was none.
    mutating func recordBefore(_ id: String, hash: Int?) { before[Print(id)] = .some(hash) }

    /// The row of `id` now: the hash of its JSON, nil when removed.
    mutating func recordAfter(_ id: String, hash: Int?) { after[Print(id)] = .some(hash) }

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
