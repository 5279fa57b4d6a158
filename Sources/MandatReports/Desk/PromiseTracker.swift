import Foundation
import MandatCore
import MandatStore

/// Where a promise stands as of a date.
public enum PromiseStatus: String, Codable, Hashable, Sendable {
    /// Not yet kept, and its date has not passed.
    case open
    /// The dossier reached the promised stage.
    case kept
    /// Its date passed and the dossier has not reached the promised stage: it reopens the dossier
    /// (finding `promise-expired`).
    case expired
    /// A later promise on the same dossier for the same thing replaced it.
    case superseded
}

/// Decides whether promises are kept, open or expired, from the dossier's stage and payment date, and turns
/// expired ones into blockages for the digest. Pure.
public enum PromiseTracker {
    /// Stages at or past the service fait (a mandat implies it was certified).
    static let serviceFaitReached: Set<String> = [
        "serviceCertified", "mandated", "atComptable", "takenInCharge", "paid", "paidOnRequisition", "mandatOnHold",
        "mandatRejected", "integrationRejected",
    ]
    /// Stages at or past the mandat (issued, whatever the comptable did with it afterwards).
    static let mandatReached: Set<String> = [
        "mandated", "atComptable", "takenInCharge", "paid", "paidOnRequisition", "mandatOnHold", "mandatRejected",
        "integrationRejected",
    ]

    /// Whether the dossier shows the promised thing done: serviceFait ← stage serviceCertified or later,
    /// mandat ← stage mandated or later, payment ← a payment date or stage paid / paidOnRequisition.
    public static func fulfilled(_ what: PromiseWhat, by view: DossierView?) -> Bool {
        guard let v = view else { return false }
        if v.paidDate != nil { return true }
        switch what {
        case .serviceFait: return serviceFaitReached.contains(v.stage)
        case .mandat: return mandatReached.contains(v.stage)
        case .payment: return v.stage == "paid" || v.stage == "paidOnRequisition"
        }
    }

    /// The status of `promise` as of `asOf`. A promise `by` D is expired from D + 1 on.
    /// - Parameter all: every promise of the dossier (to tell a superseded one).
    public static func status(_ promise: Promise, view: DossierView?, all: [Promise], asOf: CivilDate)
        -> PromiseStatus
    {
        if fulfilled(promise.what, by: view) { return .kept }
        if all.contains(where: { $0.dossierId == promise.dossierId && $0.what == promise.what && $0.id > promise.id }) {
            return .superseded
        }
        return asOf > promise.by ? .expired : .open
    }

    /// The contact to call about a promise: the service gestionnaire for a service fait, the ordonnateur's
    /// finance office for a mandat or an ordonnateur's payment, the comptable's office for the comptable.
    public static func contact(for p: Promise) -> ContactRole {
        switch (p.side, p.what) {
        case (.comptable, _): return .comptableOffice
        case (.ordonnateur, .serviceFait): return .serviceGestionnaire
        case (.ordonnateur, _): return .ordonnateurFinance
        }
    }

    /// The expired promises as `promise-expired` findings on the dossier (for the digest and the board).
    /// `since` is the day after the promised date; `daysOverShare` is the days past the promised date,
    /// `by.days(to: asOf)` (by 31 March, as of 2 April: 2).
    public static func findings(for view: DossierView, promises: [Promise], asOf: CivilDate)
        -> [DossierView.FindingView]
    {
        let mine = promises.filter { $0.dossierId == view.id }
        return mine.filter { status($0, view: view, all: mine, asOf: asOf) == .expired }.map { p in
            let fr =
                "Rappeler le \(Labels.contact(contact(for: p).rawValue, .fr)) : promesse de \(DeskLabels.what(p.what, .fr)) au plus tard le \(p.by.french) non tenue"
            let en =
                "Call \(Labels.contact(contact(for: p).rawValue, .en)): promise to \(DeskLabels.what(p.what, .en)) by \(p.by.iso) not kept"
            return DossierView.FindingView(
                code: "promise-expired", severity: "high", holder: p.side.rawValue, since: p.by.adding(days: 1),
                daysAtHolder: view.daysAtHolder, daysOverShare: p.by.days(to: asOf), moneyAtStake: view.moneyAtStake,
                nextActionFR: fr, nextActionEN: en, contact: contact(for: p).rawValue,
                evidence: ["promesse #\(p.id) du \(p.madeOn.french)" + (p.contact.map { " (\($0))" } ?? "")],
                detail: p.note)
        }
    }

    /// The dossiers with their expired promises added as findings: an expired promise reopens a dossier, so
    /// `DigestBuilder.build` shows it like any other blockage.
    public static func reopen(_ views: [DossierView], promises: [Promise], asOf: CivilDate) -> [DossierView] {
        views.map { v in
            var v = v
            v.findings += findings(for: v, promises: promises, asOf: asOf)
            return v
        }
    }

    /// The expired promises as digest blockages, ordered like the digest (money at stake, then invoice number).
    public static func blockages(_ views: [DossierView], promises: [Promise], asOf: CivilDate, lang: Lang)
        -> [Digest.Blockage]
    {
        views.flatMap { v in
            findings(for: v, promises: promises, asOf: asOf).map { f in
                Digest.Blockage(
                    dossierId: v.id, invoiceNumber: v.invoiceNumber, buyer: v.buyerName, code: f.code,
                    holder: f.holder, since: f.since, daysAtHolder: f.daysAtHolder, daysOverShare: f.daysOverShare,
                    moneyAtStake: f.moneyAtStake, nextAction: lang == .fr ? f.nextActionFR : f.nextActionEN,
                    contact: f.contact, detail: f.detail)
            }
        }.sorted { ($0.moneyAtStake, $1.invoiceNumber) > ($1.moneyAtStake, $0.invoiceNumber) }
    }
}
