import Foundation

/// The law applied to one dossier: stage and holder, the legal clock (DGP), late-payment interest, findings.
///
/// Pure: no I/O, no clock reading (the date is `asOf`). `Sendable` by having no state. The same events in any
/// order, or duplicated, give the same `Assessment` (events are taken as a set: see `StageResolver`).
/// docs/law.md lists every rule with its source.
public enum DossierAssessor {
    /// The code of a manual event (`EventSource.manual`) that records that the interest and the 40 € indemnity
    /// were paid: it silences `paid-late-interest-due` and `interest-unpaid-45-days`.
    public static let interestPaidCode = "interest-paid"

    /// Assesses a dossier on `asOf`.
    ///
    /// - Parameters:
    ///   - dossier: the invoice, its events and mandats (from `DossierBuilder.build`).
    ///   - buyer: the buyer's category (sets the délai), a shorter contractual delay, a convention's split.
    ///   - asOf: the day to count days left or late and accrued interest to (calendar date, Europe/Paris).
    ///   - config: rates and thresholds; `LawConfiguration.default` when omitted.
    /// - Returns: the assessment; never throws: missing data gives nil fields and notes, not errors.
    public static func assess(
        _ dossier: Dossier, buyer: BuyerProfile, asOf: CivilDate, config: LawConfiguration = .default
    ) -> Assessment {
        assess(basis(dossier, buyer: buyer, config: config), asOf: asOf)
    }

    /// What assessing `dossier` needs that does not depend on the day, computed once: for a caller that assesses
    /// one dossier on many days (the first day it is blocked, found by bisection).
    public static func basis(
        _ dossier: Dossier, buyer: BuyerProfile, config: LawConfiguration = .default
    ) -> AssessmentBasis {
        let ids = dossier.events.map(\.id)
        return AssessmentBasis(
            dossier: dossier, buyer: buyer, config: config, eventIds: ids,
            facts: ChainFacts(identified: Array(zip(ids, dossier.events))))
    }

    /// Assesses a dossier on `asOf` from its `basis`: the same assessment as `assess(_:buyer:asOf:config:)`.
    ///
    /// - Parameter texts: false gives the same assessment except that every finding has empty texts
    ///   (`LocalizedText.blank` for its message and next action) and no evidence: enough to tell blocked from not
    ///   blocked, or to read the stage, holder and clock, without building the findings' French and English texts.
    public static func assess(_ basis: AssessmentBasis, asOf: CivilDate, texts: Bool = true) -> Assessment {
        var w = AssessmentWork(basis: basis, asOf: asOf, texts: texts)
        return w.run()
    }

    /// The délai global de paiement for a buyer, calendar days: 30 (State, local authorities: CCP R.2192-10),
    /// 50 (public hospitals: R.2192-11 1°), 60 (public undertakings: R.2192-11 2°), or a shorter contractual
    /// delay (L.2192-10: never a longer one).
    public static func delayDays(for buyer: BuyerProfile) -> Int {
        let legal: Int
        switch buyer.category {
        case .state, .localAuthority: legal = 30
        case .hospital: legal = 50
        case .publicUndertaking: legal = 60
        }
        if let c = buyer.contractualDelayDays, c > 0, c < legal { return c }
        return legal
    }

    /// The comptable's share of the delay, calendar days, or nil when there is no split (the State and public
    /// undertakings): the convention's value, else 10 (local authorities) or 15 (hospitals)
    /// (décret 2013-269 art. 12).
    public static func comptableShareDays(for buyer: BuyerProfile) -> Int? {
        switch buyer.category {
        case .state, .publicUndertaking: return nil
        case .localAuthority: return buyer.comptableShareDays ?? 10
        case .hospital: return buyer.comptableShareDays ?? 15
        }
    }
}

/// A dossier ready to be assessed on any day: the dossier, its buyer's profile, the law's settings and its
/// events de-duplicated and in canonical order (`DossierAssessor.basis`). `Sendable`.
public struct AssessmentBasis: Sendable {
    /// The dossier assessed.
    public let dossier: Dossier
    /// The buyer's profile (délai, split).
    public let buyer: BuyerProfile
    /// Rates and thresholds.
    public let config: LawConfiguration
    /// `dossier.events[i].id`, in the dossier's order: each hashed once here.
    public let eventIds: [String]
    let facts: ChainFacts
}

/// The working state of one assessment; each concern is an extension in `Law/`.
struct AssessmentWork {
    let dossier: Dossier
    let buyer: BuyerProfile
    let asOf: CivilDate
    let config: LawConfiguration
    let facts: ChainFacts
    /// Whether the findings get their texts and evidence (`FindingRules.finding`).
    let texts: Bool

    var a: Assessment
    var resolver: StageResolver
    var stageEvidence: [ChainEvent] = []
    var ignoredSuspensions: [ChainEvent] = []
    var interestPaid = false
    var remainder: Decimal = 0
    /// Set by `runClock` when no clock runs (credit note, nothing owed, deposit rejected, rejected, cancelled).
    var noClock = false

    init(basis: AssessmentBasis, asOf: CivilDate, texts: Bool) {
        let dossier = basis.dossier, buyer = basis.buyer, facts = basis.facts
        self.dossier = dossier
        self.buyer = buyer
        self.asOf = asOf
        self.config = basis.config
        self.facts = facts
        self.texts = texts
        self.resolver = StageResolver(facts: facts, mandats: dossier.mandats, fullyPaid: false)
        self.a = Assessment(
            dossierId: dossier.id, asOf: asOf, stage: .deposited, holder: .platform, since: nil, daysAtHolder: nil,
            delayDays: DossierAssessor.delayDays(for: buyer), start: nil, startSource: nil, startIsEstimate: false,
            dueDate: nil, interruption: nil, clockInterrupted: false, daysLeft: nil, daysLate: nil,
            splitApplies: DossierAssessor.comptableShareDays(for: buyer) != nil, ordonnateurDays: nil,
            comptableDays: nil, ordonnateurShareDays: nil, comptableShareDays: nil, ordonnateurOverDays: nil,
            comptableOverDays: nil, comptableReceipt: nil, comptableReceiptIsEstimate: false, amountDue: nil,
            paidAmount: 0, paidDate: nil, payments: [], interestStart: nil, rate: nil, rateProvisional: false,
            interest: 0, indemnity: 0, interestDueBy: nil, moneyAtStake: 0, currency: Self.currency(of: dossier),
            findings: [], notes: [])
    }

    /// The currency of the dossier's amounts: its invoice's BT-5 (upper-cased), `EUR` when it has none.
    static func currency(of dossier: Dossier) -> String {
        let c = (dossier.invoice?.currency ?? "").trimmingCharacters(in: .whitespaces).uppercased()
        return c.isEmpty ? "EUR" : c
    }

    /// An amount in the dossier's currency (`12 000,00 €`, `51 000,00 SEK`), in French and English.
    func money(_ d: Decimal) -> (fr: String, en: String) {
        (Money.french(d, currency: a.currency), Money.english(d, currency: a.currency))
    }

    /// Interest in the dossier's currency plus the indemnity in euros: one sum when the invoice is in euros
    /// (`328,32 €`), else the two amounts apart (`5 156,80 SEK + 40,00 €`): the 40 € are never added to another
    /// currency (CCP D.2192-35).
    func interestAndIndemnity() -> (fr: String, en: String) {
        if a.currency == "EUR" { return money(a.interest + a.indemnity) }
        return (
            money(a.interest).fr + " + " + Money.french(a.indemnity), money(a.interest).en + " + " + Money.english(a.indemnity)
        )
    }

    /// What the interest findings put at stake, in the invoice's currency: interest plus the indemnity when the
    /// invoice is in euros; the interest alone otherwise (the 40 € are never added to SEK or USD).
    var interestAndIndemnityAtStake: Decimal { a.interest + (a.currency == "EUR" ? a.indemnity : 0) }

    mutating func run() -> Assessment {
        a.amountDue = amountDue()
        let paid = collectPayments()
        resolver = StageResolver(facts: facts, mandats: dossier.mandats, fullyPaid: paid)
        findComptableReceipt()
        resolver.estimatedComptableReceipt = a.comptableReceiptIsEstimate ? a.comptableReceipt : nil
        let r = resolver.resolve()
        a.stage = r.stage
        a.holder = r.holder
        a.since = r.since
        stageEvidence = r.evidence
        if dossier.invoice?.isCreditNote == true, ![.depositRejected, .routingReturned].contains(a.stage) {
            // A credit note waits on nobody: the buyer pays nothing on it (it corrects the invoice of BT-25).
            a.holder = .nobody
            a.since = nil
        }
        if a.holder != .nobody, let s = a.since { a.daysAtHolder = s.days(to: asOf) }
        runClock()
        crossCheckMandatDGP()
        splitShares()
        computeInterest()
        a.findings = FindingRules(work: self).all()
        return a
    }

    /// Invoice BT-115, else the TTC of the latest mandat that pays this invoice only (DOMAIN.md §4.4).
    func amountDue() -> Decimal? {
        if let d = dossier.invoice?.amountDue { return d }
        let own = dossier.mandats.filter { $0.invoiceNumbers.count <= 1 && $0.amountTTC != nil }
        let latest = own.max { x, y in
            (x.bordereauDate?.dayNumber ?? Int.min, x.key.description) < (
                y.bordereauDate?.dayNumber ?? Int.min, y.key.description
            )
        }
        return latest?.amountTTC
    }
}
