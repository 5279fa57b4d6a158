import Foundation
import MandatCore
import MandatReports
import MandatStore

/// The dashboard over the real store: facts from `SQLMandatStore`, dossiers from `DossierBuilder`, the law's
/// `DossierAssessor`, the collector's desk (`DeskStore`: log, promises, buyer file) and the web tables (accounts,
/// sessions, API tokens: migration 2001).
///
/// The dossiers are built once per store data version (`SQLMandatStore.dataVersion()`: imported files and the last
/// file's sequence number, read again at most every `recheckSeconds`) and assessed once per `asOf` date for that
/// version (the last `keptDates` dates are kept). When the version changes (an import), one rebuild starts; requests
/// wait for it for at most `waitSeconds` from its start, then get the previous dossiers until it is done (a large
/// store takes minutes to rebuild, and an import changes the version with every file). Only one rebuild runs at a
/// time. The heavy work runs off this actor, so accounts and sessions are answered meanwhile. `Sendable` (an actor).
public actor StoreDashboardRepository: DashboardRepository {
    let store: SQLMandatStore
    let factsStore: SQLMandatStore
    let desk: any DeskStore
    let assessor: LawAssessor
    let settings: DeskSettings
    let recheckSeconds: TimeInterval
    let waitSeconds: TimeInterval
    let keptDates: Int

    /// The dossiers of one data version, before the law (independent of the date).
    struct Built: Sendable {
        let version: StoreDataVersion
        let dossiers: [Dossier]
        let contracts: [Contract]
    }

    /// The dossiers of one data version assessed as of one date.
    struct Snapshot: Sendable {
        let version: StoreDataVersion
        let views: [DossierView]
        let details: [DossierDetail]
        let index: [String: Int]
        let contracts: [Contract]
    }

    /// One `asOf` date: the snapshot served, and the one being computed.
    struct DateState {
        var ready: Snapshot?
        var pending: Task<Snapshot, any Error>?
        var pendingSince = Date()
        var used = Date()
    }

    var known: (version: StoreDataVersion, at: Date)?
    var checking: Task<StoreDataVersion, any Error>?
    var lastBuilt: Built?
    var building: Task<Built, any Error>?
    var dates: [CivilDate: DateState] = [:]
    /// How many times the dossiers were built from the facts, and assessed for a date (tests, logs).
    private(set) var builds = 0
    private(set) var assessments = 0

    /// - Parameters:
    ///   - store: an open store whose web migrations were applied (`migrateWeb()`).
    ///   - factsStore: where the facts are read when the dossiers are rebuilt: another connection to the same
    ///     database, so that sign-ins are not queued behind that long read (default: `store`).
    ///   - desk: where the action log, promises and buyer file live.
    ///   - assessor: the law with the buyers' categories (the délai depends on them), as `mandat status` builds it.
    ///   - settings: the desk's thresholds (agenda ladder, segments).
    ///   - recheckSeconds: how long a data version read from the store is trusted, seconds (1 by default; 0 reads it
    ///     on every request).
    ///   - waitSeconds: how long after a rebuild started requests wait for it rather than get the previous
    ///     dossiers, seconds (1 by default). The very first build is always awaited.
    ///   - keptDates: how many `asOf` dates stay assessed (4 by default).
    public init(
        store: SQLMandatStore, factsStore: SQLMandatStore? = nil, desk: any DeskStore,
        assessor: LawAssessor = LawAssessor(), settings: DeskSettings = DeskSettings(),
        recheckSeconds: TimeInterval = 1,
        waitSeconds: TimeInterval = 1, keptDates: Int = 4
    ) {
        self.store = store
        self.factsStore = factsStore ?? store
        self.desk = desk
        self.assessor = assessor
        self.settings = settings
        self.recheckSeconds = recheckSeconds
        self.waitSeconds = waitSeconds
        self.keptDates = max(1, keptDates)
    }

    // MARK: Dossiers

    /// The store's data version, read at most every `recheckSeconds` (one read shared by concurrent callers).
    func currentVersion() async throws -> StoreDataVersion {
        if let k = known, Date().timeIntervalSince(k.at) < recheckSeconds { return k.version }
        if let running = checking { return try await running.value }
        let store = self.store
        let task = Task { try await store.dataVersion() }
        checking = task
        do {
            let v = try await task.value
            if checking == task { checking = nil }
            known = (v, Date())
            return v
        } catch {
            if checking == task { checking = nil }
            throw error
        }
    }

    /// The data version of the dossiers `dossiers(asOf:)` answers now (that of the snapshot served).
    public func dataVersion(asOf: CivilDate) async throws -> String? {
        try await snapshot(asOf: asOf).version.description
    }

    /// The dossiers of `version`, built from the facts (off this actor). A build under way is joined, whatever its
    /// version (the snapshot made from it carries that version, so the next request sees it is behind).
    func base(_ version: StoreDataVersion) async throws -> Built {
        if let b = lastBuilt, b.version == version { return b }
        if let running = building { return try await running.value }
        let factsStore = self.factsStore
        let task = Task.detached { () throws -> Built in
            // The materialised dossier state when it is current (its stored texts decoded on every core); else
            // every fact linked (at N = 100 000: ~45 s and ~1 GB).
            if let stored = try await factsStore.stateDossiers() {
                return Built(version: version, dossiers: stored, contracts: try await factsStore.contracts())
            }
            let facts = try await factsStore.facts()
            let dossiers = DossierBuilder.build(
                invoices: facts.invoices, events: facts.events, mandats: facts.mandats, contracts: facts.contracts
            ).dossiers
            return Built(version: version, dossiers: dossiers, contracts: facts.contracts)
        }
        builds += 1
        building = task
        lastBuilt = nil  // its memory goes as soon as the dates assessed from it are replaced
        do {
            let b = try await task.value
            if building == task {
                building = nil
                lastBuilt = b
            }
            return b
        } catch {
            if building == task { building = nil }
            throw error
        }
    }

    /// The assessed dossiers as of `asOf`: those of the current data version, or the previous ones while a rebuild
    /// runs for longer than `waitSeconds`.
    func snapshot(asOf: CivilDate) async throws -> Snapshot {
        let version = try await currentVersion()
        var state = dates[asOf] ?? DateState()
        state.used = Date()
        if let ready = state.ready, ready.version == version {
            dates[asOf] = state
            return ready
        }
        let task: Task<Snapshot, any Error>
        if let pending = state.pending {
            task = pending
        } else {
            let assessor = self.assessor
            let base = Task { try await self.base(version) }
            task = Task.detached { () throws -> Snapshot in
                await Self.assess(try await base.value, asOf: asOf, assessor: assessor)
            }
            assessments += 1
            state.pending = task
            state.pendingSince = Date()
            Task { await self.settle(asOf: asOf, task: task) }
        }
        dates[asOf] = state
        if dates.count > keptDates {
            let others = dates.filter { $0.key != asOf }.sorted { $0.value.used < $1.value.used }
            for (date, _) in others.prefix(dates.count - keptDates) { dates[date] = nil }
        }
        guard let previous = state.ready else { return try await task.value }
        let left = waitSeconds - Date().timeIntervalSince(state.pendingSince)
        if left > 0, let fresh = try? await Self.value(of: task, within: left) { return fresh }
        return previous
    }

    /// Installs a computed snapshot for its date (a failed one leaves the previous; the next request retries).
    func settle(asOf: CivilDate, task: Task<Snapshot, any Error>) async {
        let result = try? await task.value
        guard var state = dates[asOf], state.pending == task else { return }
        state.pending = nil
        if let result { state.ready = result }
        dates[asOf] = state
    }

    /// The task's value if it comes within `seconds`, else `nil` (the task goes on). Throws the task's error.
    static func value<T: Sendable>(of task: Task<T, any Error>, within seconds: TimeInterval) async throws -> T? {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await task.value }
            group.addTask {
                try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    /// Runs the law over every dossier as of `asOf` (the dossiers in two halves on two tasks: the machine's cores).
    static func assess(_ b: Built, asOf: CivilDate, assessor: LawAssessor) async -> Snapshot {
        // A dossier first dated after `asOf` did not exist yet: not on the board of that day (`Board.rows`'s rule).
        let dossiers = b.dossiers.filter { $0.existed(on: asOf) }
        let half = dossiers.count / 2
        @Sendable func part(_ r: Range<Int>) -> [DossierDetail] {
            dossiers[r].map { d in
                let a = assessor.lawAssessment(d, asOf: asOf)
                let view = DossierView(dossier: d, assessment: a, buyerName: assessor.profile(d).name)
                return DossierDetail(view: view, chain: chain(d), clock: clock(a), log: [], promises: [])
            }
        }
        async let first = part(0..<half)
        let second = part(half..<dossiers.count)
        let details = await first + second
        var index: [String: Int] = [:]
        index.reserveCapacity(details.count)
        for (i, d) in details.enumerated() { index[d.view.id] = i }
        return Snapshot(
            version: b.version, views: details.map(\.view), details: details, index: index, contracts: b.contracts)
    }

    /// Which lane an event is drawn in: who acted.
    static func lane(_ e: ChainEvent) -> String {
        switch e.kind {
        case .deposited, .completed, .cashed: return "supplier"
        case .inTransit, .depositRejected, .madeAvailable, .routingReturned: return "platform"
        case .rejected, .suspended, .takenIntoProcessing, .approved, .disputed, .serviceCertified, .mandated,
            .cancelled:
            return "ordonnateur"
        case .receivedByComptable, .integrationRejected, .accounted, .mandatOnHold, .mandatTakenInCharge,
            .mandatRejected, .mandatSettled, .paid, .paymentOffset, .assignedOrOpposed, .requisition:
            return "comptable"
        case .other:
            switch e.source {
            case .chorusPro: return "platform"
            case .cdar: return "ordonnateur"
            case .pesAller, .pesAcquit, .pesRetour: return "comptable"
            case .manual: return "supplier"
            }
        }
    }

    static func chain(_ d: Dossier) -> [ChainStep] {
        d.events.compactMap { e in
            guard let date = e.date else { return nil }
            return ChainStep(
                date: date, lane: lane(e), kind: e.kind.rawValue,
                label: e.label ?? (e.kind.rawValue + " " + e.code), evidence: e.sourceRef.description)
        }
    }

    static func clock(_ a: Assessment) -> ClockView {
        var shares: [ClockView.Share] = []
        if a.splitApplies {
            if let s = a.ordonnateurShareDays {
                shares.append(.init(side: "ordonnateur", allowedDays: s, usedDays: a.ordonnateurDays ?? 0))
            }
            if let s = a.comptableShareDays {
                shares.append(.init(side: "comptable", allowedDays: s, usedDays: a.comptableDays ?? 0))
            }
        }
        var notes: [String] = []
        if let src = a.startSource {
            let t: [ClockStartSource: String] = [
                .madeAvailable: "mise à disposition de l'acheteur", .reception: "réception de la facture",
                .performance: "exécution de la prestation", .invoiceDateEstimate: "date de facture (estimation)",
            ]
            notes.append("départ du délai : " + (t[src] ?? src.rawValue) + (a.startIsEstimate ? " (estimé)" : ""))
        }
        if let r = a.rate {
            notes.append(
                "taux des intérêts moratoires \(Money.frenchDecimal(r)) %" + (a.rateProvisional ? " (provisoire)" : ""))
        }
        var suspended = 0
        if let i = a.interruption {
            suspended = i.completedOn.map { i.suspendedOn.days(to: $0) } ?? i.suspendedOn.days(to: a.asOf)
            notes.append("suspendu le \(i.suspendedOn.french), reste \(i.balanceDays) j")
        }
        return ClockView(start: a.start, delayDays: a.delayDays, suspendedDays: suspended, shares: shares, notes: notes)
    }

    public func dossiers(asOf: CivilDate) async throws -> [DossierView] { try await snapshot(asOf: asOf).views }

    public func dossier(id: String, asOf: CivilDate) async throws -> DossierDetail? {
        let s = try await snapshot(asOf: asOf)
        guard let i = s.index[id] else { return nil }
        var d = s.details[i]
        d.log = try await desk.log(dossierId: id).map(Self.logView)
        d.promises = try await desk.promises(dossierId: id).map(Self.promiseView)
        return d
    }

    static func logView(_ e: LogEntry) -> LogEntryView {
        LogEntryView(
            id: e.id, dossierId: e.dossierId, date: e.date, kind: e.kind.rawValue, contact: e.contact, text: e.text,
            author: e.author)
    }

    static func promiseView(_ p: Promise) -> PromiseView {
        PromiseView(
            id: p.id, dossierId: p.dossierId, madeOn: p.madeOn, by: p.by, side: p.side.rawValue, what: p.what.rawValue,
            contact: p.contact, note: p.note)
    }

    public func addLogEntry(_ e: NewLogEntry) async throws -> LogEntryView {
        guard let kind = LogKind(rawValue: e.kind) else { throw WebError.badRequest("bad-field", "unknown kind") }
        let saved = try await desk.appendLog(
            LogEntry(
                dossierId: e.dossierId, date: e.date, kind: kind, contact: e.contact, text: e.text, author: e.author))
        return Self.logView(saved)
    }

    public func addPromise(_ p: NewPromise) async throws -> PromiseView {
        guard let side = PromiseSide(rawValue: p.side), let what = PromiseWhat(rawValue: p.what) else {
            throw WebError.badRequest("bad-field", "unknown side or what")
        }
        let saved = try await desk.addPromise(
            Promise(
                dossierId: p.dossierId, madeOn: p.madeOn, by: p.by, side: side, what: what, contact: p.contact,
                note: p.note))
        return Self.promiseView(saved)
    }

    // MARK: Contracts, buyers, agenda

    public func contracts(asOf: CivilDate) async throws -> [ContractSummary] {
        let snapshot = try await snapshot(asOf: asOf)
        let views = snapshot.views
        var by: [String: ContractSummary] = [:]
        for v in views {
            guard let id = v.contractId else { continue }
            let key = ContractKeyNormaliser.normalise(id)
            var c =
                by[key]
                ?? ContractSummary(
                    id: id, title: nil, buyerName: v.buyerName, invoiceCount: 0, invoiced: CurrencyTotals(),
                    paid: CurrencyTotals(), outstanding: CurrencyTotals())
            c.invoiceCount += 1
            // Per currency: an invoice in SEK is never added to euros.
            c.invoiced.add(v.amountDue ?? 0, v.amountCurrency)
            c.paid.add(v.paidAmount ?? 0, v.amountCurrency)
            c.outstanding = c.invoiced.subtracting(c.paid)
            by[key] = c
        }
        for contract in snapshot.contracts {
            let id = contract.id
            let key = ContractKeyNormaliser.normalise(id)
            if var c = by[key] {
                c.title = contract.object
                by[key] = c
            }
        }
        return by.values.sorted { $0.id < $1.id }
    }

    public func buyers(asOf: CivilDate) async throws -> [BuyerSummary] {
        let views = try await dossiers(asOf: asOf)
        var records: [String: BuyerRecord] = [:]
        for r in try await desk.buyers() { records[r.siret] = r }
        var out: [String: BuyerSummary] = [:]
        let log = try await desk.log(dossierId: nil)
        for v in views {
            guard let siret = v.buyerSiret else { continue }
            var b =
                out[siret]
                ?? BuyerSummary(
                    siret: siret, name: records[siret]?.name ?? v.buyerName,
                    category: (records[siret]?.category ?? assessor.buyers[siret]?.category)?.rawValue,
                    contacts: (records[siret]?.contacts ?? []).map {
                        ContactView(name: $0.name, role: $0.role.rawValue, phone: $0.phone, email: $0.email)
                    },
                    segments: (records[siret]?.segments ?? []).map(\.rawValue), dossierCount: 0,
                    outstanding: CurrencyTotals())
            b.dossierCount += 1
            if v.paidDate == nil { b.outstanding.add(v.amountDue ?? 0, v.amountCurrency) }
            out[siret] = b
        }
        for (siret, summary) in out {
            let record = records[siret] ?? BuyerRecord(siret: siret, name: summary.name)
            let mine = views.filter { $0.buyerSiret == siret }
            let ids = Set(mine.map(\.id))
            out[siret]?.segments = BuyerSegments.segments(
                of: record, views: mine, log: log.filter { ids.contains($0.dossierId) }, settings: settings
            ).map(\.rawValue)
        }
        for (siret, r) in records where out[siret] == nil {
            out[siret] = BuyerSummary(
                siret: siret, name: r.name, category: r.category?.rawValue,
                contacts: r.contacts.map {
                    ContactView(name: $0.name, role: $0.role.rawValue, phone: $0.phone, email: $0.email)
                },
                segments: r.segments.map(\.rawValue), dossierCount: 0, outstanding: CurrencyTotals())
        }
        return out.values.sorted { $0.name < $1.name }
    }

    /// The desk's agenda (reminders before the due date, the follow-up ladder, formal notices, promises due or
    /// expired: `Agenda.build`), flattened for the dashboard.
    public func agenda(asOf: CivilDate) async throws -> [AgendaEntry] {
        let views = try await dossiers(asOf: asOf)
        let items = try await DeskActions.agenda(desk, views: views, person: nil, settings: settings, asOf: asOf)
        return items.map { i in
            AgendaEntry(
                date: i.date, dossierId: i.dossierId, invoiceNumber: i.invoiceNumber, buyer: i.buyerName,
                kind: i.kind.rawValue, label: Self.agendaLabel(i, .fr), labelEnglish: Self.agendaLabel(i, .en))
        }
    }

    /// One agenda line as the agenda page and API show it: what, by which channel or contact, how much, in `lang`.
    static func agendaLabel(_ i: MandatReports.AgendaItem, _ lang: Lang) -> String {
        let fr = lang == .fr
        var s: String
        switch i.kind {
        case .preDueReminder: s = fr ? "Rappel avant échéance" : "Reminder before the due date"
        case .followUp: s = (fr ? "Relance" : "Follow-up") + (i.step.map { fr ? " n° \($0)" : " no. \($0)" } ?? "")
        case .formalNotice: s = fr ? "Mise en demeure" : "Formal notice"
        case .promiseDue: s = fr ? "Promesse à vérifier" : "Promise to check"
        case .promiseExpired: s = fr ? "Promesse non tenue" : "Promise not kept"
        }
        s +=
            " — "
            + (i.contactRole == "letter" ? (fr ? "par courrier" : "by letter") : Labels.contact(i.contactRole, lang))
        if let n = i.contactName { s += " (" + n + ")" }
        s += " — " + Labels.money(i.amount, lang, currency: i.amountCurrency)
        return s
    }

    // MARK: Accounts

    public func account(named name: String) async throws -> Account? {
        try await store.webAccount(named: name).flatMap(Self.account)
    }

    public func accounts() async throws -> [Account] { try await store.webAccounts().compactMap(Self.account) }

    static func account(_ r: WebAccountRow) -> Account? {
        guard let role = Role(rawValue: r.role) else { return nil }
        return Account(
            name: r.name, role: role, passwordHash: r.passwordHash,
            createdAt: Date(timeIntervalSince1970: TimeInterval(r.createdAt)))
    }

    public func saveAccount(_ a: Account) async throws {
        try await store.saveWebAccount(
            WebAccountRow(
                name: a.name, role: a.role.rawValue, passwordHash: a.passwordHash,
                createdAt: Int(a.createdAt.timeIntervalSince1970)))
    }

    public func saveSession(_ s: WebSession) async throws {
        try await store.saveWebSession(
            WebSessionRow(
                tokenHash: s.tokenHash, account: s.account, csrf: s.csrf,
                expiresAt: Int(s.expires.timeIntervalSince1970)),
            now: Int(Date().timeIntervalSince1970))
    }

    public func session(tokenHash: String) async throws -> WebSession? {
        try await store.webSession(tokenHash: tokenHash).map {
            WebSession(
                tokenHash: $0.tokenHash, account: $0.account, csrf: $0.csrf,
                expires: Date(timeIntervalSince1970: TimeInterval($0.expiresAt)))
        }
    }

    public func deleteSession(tokenHash: String) async throws { try await store.deleteWebSession(tokenHash: tokenHash) }

    public func saveAPIToken(_ t: APIToken) async throws {
        try await store.saveWebToken(
            hash: t.hash, account: t.account, createdAt: Int(t.createdAt.timeIntervalSince1970))
    }

    public func apiToken(hash: String) async throws -> APIToken? {
        try await store.webToken(hash: hash).map {
            APIToken(
                hash: hash, account: $0.account, createdAt: Date(timeIntervalSince1970: TimeInterval($0.createdAt)))
        }
    }
}
