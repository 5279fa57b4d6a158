import Foundation
import MandatCore
import MandatReports
import MandatStore

/// The dashboard over the real store: facts from `SQLMandatStore`, dossiers from `DossierBuilder`, the law's
/// `DossierAssessor`, the collector's desk (`DeskStore`: log, promises, buyer file) and the web tables (accounts,
/// sessions, API tokens: migration 2001).
///
/// Assessed dossiers are kept per `asOf` date and rebuilt when the store's file count changes or after `ttl`
/// seconds (30 by default). `Sendable` (an actor).
public actor StoreDashboardRepository: DashboardRepository {
    let store: SQLMandatStore
    let desk: any DeskStore
    let assessor: LawAssessor
    let settings: DeskSettings
    let ttl: TimeInterval

    struct Snapshot {
        let at: Date
        let files: Int
        let details: [String: DossierDetail]
        let order: [String]
    }
    var snapshots: [CivilDate: Snapshot] = [:]

    /// - Parameters:
    ///   - store: an open store whose web migrations were applied (`migrateWeb()`).
    ///   - desk: where the action log, promises and buyer file live.
    ///   - assessor: the law with the buyers' categories (the délai depends on them), as `mandat status` builds it.
    ///   - settings: the desk's thresholds (agenda ladder, segments).
    public init(
        store: SQLMandatStore, desk: any DeskStore, assessor: LawAssessor = LawAssessor(),
        settings: DeskSettings = DeskSettings(), ttl: TimeInterval = 30
    ) {
        self.store = store
        self.desk = desk
        self.assessor = assessor
        self.settings = settings
        self.ttl = ttl
    }

    // MARK: Dossiers

    func snapshot(asOf: CivilDate) async throws -> Snapshot {
        let files = try await store.counts().files
        if let s = snapshots[asOf], s.files == files, Date().timeIntervalSince(s.at) < ttl { return s }
        let facts = try await store.facts()
        let built = DossierBuilder.build(
            invoices: facts.invoices, events: facts.events, mandats: facts.mandats, contracts: facts.contracts)
        var details: [String: DossierDetail] = [:]
        var order: [String] = []
        for d in built.dossiers {
            let a = assessor.lawAssessment(d, asOf: asOf)
            let profile = assessor.profile(d)
            let view = DossierView(dossier: d, assessment: a, buyerName: profile.name)
            details[d.id] = DossierDetail(view: view, chain: Self.chain(d), clock: Self.clock(a), log: [], promises: [])
            order.append(d.id)
        }
        if snapshots.count > 8 { snapshots.removeAll() }
        let s = Snapshot(at: Date(), files: files, details: details, order: order)
        snapshots[asOf] = s
        return s
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
                "taux des intérêts moratoires \(Money.normalized(r)) %" + (a.rateProvisional ? " (provisoire)" : ""))
        }
        var suspended = 0
        if let i = a.interruption {
            suspended = i.completedOn.map { i.suspendedOn.days(to: $0) } ?? i.suspendedOn.days(to: a.asOf)
            notes.append("suspendu le \(i.suspendedOn.french), reste \(i.balanceDays) j")
        }
        return ClockView(start: a.start, delayDays: a.delayDays, suspendedDays: suspended, shares: shares, notes: notes)
    }

    public func dossiers(asOf: CivilDate) async throws -> [DossierView] {
        let s = try await snapshot(asOf: asOf)
        return s.order.compactMap { s.details[$0]?.view }
    }

    public func dossier(id: String, asOf: CivilDate) async throws -> DossierDetail? {
        guard var d = try await snapshot(asOf: asOf).details[id] else { return nil }
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
        let views = try await dossiers(asOf: asOf)
        var by: [String: ContractSummary] = [:]
        for v in views {
            guard let id = v.contractId else { continue }
            let key = ContractKeyNormaliser.normalise(id)
            var c =
                by[key]
                ?? ContractSummary(
                    id: id, title: nil, buyerName: v.buyerName, invoiceCount: 0, invoiced: 0, paid: 0, outstanding: 0)
            c.invoiceCount += 1
            c.invoiced += v.amountDue ?? 0
            c.paid += v.paidAmount ?? 0
            c.outstanding = c.invoiced - c.paid
            by[key] = c
        }
        let facts = try await store.facts()
        for contract in facts.contracts {
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
                    segments: (records[siret]?.segments ?? []).map(\.rawValue), dossierCount: 0, outstanding: 0)
            b.dossierCount += 1
            if v.paidDate == nil { b.outstanding += v.amountDue ?? 0 }
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
                segments: r.segments.map(\.rawValue), dossierCount: 0, outstanding: 0)
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
                kind: i.kind.rawValue, label: Self.agendaLabel(i))
        }
    }

    static func agendaLabel(_ i: MandatReports.AgendaItem) -> String {
        var s: String
        switch i.kind {
        case .preDueReminder: s = "Rappel avant échéance"
        case .followUp: s = "Relance" + (i.step.map { " n° \($0)" } ?? "")
        case .formalNotice: s = "Mise en demeure"
        case .promiseDue: s = "Promesse à vérifier"
        case .promiseExpired: s = "Promesse non tenue"
        }
        s += " — " + (i.contactRole == "letter" ? "par courrier" : Labels.contact(i.contactRole, .fr))
        if let n = i.contactName { s += " (" + n + ")" }
        s += " — " + Labels.money(i.amount, .fr)
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
