import Foundation
import MandatCore

/// The board's assessment from the law: `DossierAssessor.assess` (legal clock, interest, findings) mapped into
/// `BoardAssessment`. `Sendable`.
///
/// The buyer's category sets the délai (CCP R.2192-10, R.2192-11) and the ordonnateur/comptable split
/// (décret 2013-269 art. 12). A buyer found in `buyers` (by SIRET, digits only) uses its own profile (from
/// the user's configuration file); any other buyer gets `category` (default local authority: 30 days,
/// split 20/10).
public struct LawAssessor: DossierAssessing {
    public var category: BuyerCategory
    /// Known buyers by SIRET digits.
    public var buyers: [String: BuyerProfile]
    public var config: LawConfiguration
    /// Language of messages, next actions and clock lines.
    public var french: Bool
    /// Whether `assess` writes the findings' messages, evidence and next actions and the clock lines (true by
    /// default). `status` prints codes only and turns it off: the rest of the assessment is the same.
    public var texts = true

    public init(
        category: BuyerCategory = .localAuthority, buyers: [String: BuyerProfile] = [:],
        config: LawConfiguration = .default, french: Bool = true
    ) {
        self.category = category
        self.buyers = buyers
        self.config = config
        self.french = french
    }

    /// The profile the law uses for a dossier's buyer.
    public func profile(_ d: Dossier) -> BuyerProfile {
        let siret =
            d.invoice?.buyerCompany?.digits
            ?? d.events.lazy.compactMap { $0.invoice?.buyerId }.first
            .map { CompanyID($0)?.digits ?? $0 }
        if let siret, let known = buyers[siret] { return known }
        return BuyerProfile(siret: siret, name: d.invoice?.buyerName, category: category)
    }

    /// The law's own assessment, for callers that want every field (`show --format json`).
    public func lawAssessment(_ d: Dossier, asOf: CivilDate) -> Assessment {
        DossierAssessor.assess(d, buyer: lawBuyer(d), asOf: asOf, config: config)
    }

    /// The profile the law is given: the law reads the profile's category and delays only, so with no configured
    /// buyer they are `category`'s for every dossier, and the buyer's SIRET (a `CompanyID` parse per call) need not
    /// be looked for.
    func lawBuyer(_ d: Dossier) -> BuyerProfile { buyers.isEmpty ? BuyerProfile(category: category) : profile(d) }

    /// Whether the board shows an assessment as blocked: someone must act (a warning or blocking finding), as
    /// the digest lists it; information alone is not.
    public static func isBlocked(_ a: Assessment) -> Bool { a.findings.contains { $0.severity >= .warning } }

    /// Whether the dossier is blocked on `asOf` (the board's `blocked`), without building the board's texts nor
    /// the findings' texts and evidence.
    public func isBlocked(_ d: Dossier, asOf: CivilDate) -> Bool { isBlocked(basis(d), asOf: asOf) }

    /// What the law needs of a dossier that does not depend on the day (`DossierAssessor.basis`), to assess it
    /// on many days.
    public func basis(_ d: Dossier) -> AssessmentBasis { DossierAssessor.basis(d, buyer: lawBuyer(d), config: config) }

    /// The law's assessment from a `basis`; with `texts: false` the findings have no texts nor evidence
    /// (`DossierAssessor.assess(_:asOf:texts:)`).
    public func lawAssessment(_ basis: AssessmentBasis, asOf: CivilDate, texts: Bool = true) -> Assessment {
        DossierAssessor.assess(basis, asOf: asOf, texts: texts)
    }

    /// Whether the dossier of `basis` is blocked on `asOf`, from the assessment without texts.
    public func isBlocked(_ basis: AssessmentBasis, asOf: CivilDate) -> Bool {
        Self.isBlocked(lawAssessment(basis, asOf: asOf, texts: false))
    }

    public func assess(_ d: Dossier, asOf: CivilDate) -> BoardAssessment {
        // Without texts the law builds none either (the findings' codes and severities are the same).
        guard texts else { return codesOnly(lawAssessment(basis(d), asOf: asOf, texts: false), d) }
        let a = lawAssessment(d, asOf: asOf)
        func t(_ l: LocalizedText) -> String { french ? l.fr : l.en }
        var findings = a.findings.map { f in
            BoardFinding(
                code: f.code.rawValue, message: t(f.message),
                evidence: f.evidence.map { e in
                    "\(e.source) \(e.code)" + (e.date.map { " " + $0.iso } ?? "")
                        + (e.reasons.isEmpty ? "" : " (" + e.reasons.joined(separator: "; ") + ")")
                },
                nextAction: t(f.nextAction))
        }
        // Business checks on the invoice document itself (the readers' findings) are not the law's: kept.
        if let inv = d.invoice {
            findings += inv.findings.map { f in
                BoardFinding(
                    code: f.code, message: french ? f.frenchMessage : f.message,
                    evidence: [inv.source.description] + (f.element.map { [$0] } ?? []))
            }
        }
        let blocked = Self.isBlocked(a)
        return BoardAssessment(
            stage: a.stage.rawValue, holder: a.holder, holderSince: a.since, dueDate: a.dueDate,
            dueDateSource: a.start == nil ? nil : "DGP \(a.delayDays) j", interest: a.interest, indemnity: a.indemnity,
            provisional: a.rateProvisional || a.startIsEstimate || a.amountDueEstimated, blocked: blocked,
            findings: findings,
            clock: clockLines(a), moneyAtStake: a.moneyAtStake)
    }

    /// `assess` without texts: the findings' codes (empty messages and evidence, no next action), no clock lines.
    func codesOnly(_ a: Assessment, _ d: Dossier) -> BoardAssessment {
        var findings = a.findings.map { BoardFinding(code: $0.code.rawValue, message: "") }
        if let inv = d.invoice { findings += inv.findings.map { BoardFinding(code: $0.code, message: "") } }
        return BoardAssessment(
            stage: a.stage.rawValue, holder: a.holder, holderSince: a.since, dueDate: a.dueDate,
            dueDateSource: a.start == nil ? nil : "DGP \(a.delayDays) j", interest: a.interest, indemnity: a.indemnity,
            provisional: a.rateProvisional || a.startIsEstimate || a.amountDueEstimated, blocked: Self.isBlocked(a),
            findings: findings,
            clock: [], moneyAtStake: a.moneyAtStake)
    }

    /// The clock in a few lines: start and its rule, délai, due date, interruption, the split, payment,
    /// interest (DOMAIN.md §2-3).
    func clockLines(_ a: Assessment) -> [String] {
        let fr = french
        func day(_ d: CivilDate?) -> String { d.map { fr ? $0.french : $0.iso } ?? "—" }
        // Amounts in the invoice's currency; the indemnity alone is always euros (CCP D.2192-35).
        func money(_ d: Decimal) -> String {
            fr ? Money.french(d, currency: a.currency) : Money.english(d, currency: a.currency)
        }
        func euros(_ d: Decimal) -> String { fr ? Money.french(d) : Money.english(d) }
        var l: [String] = []
        if let s = a.start {
            let rule: String
            switch a.startSource {
            case .madeAvailable?: rule = fr ? "mise à disposition (R.2192-15)" : "made available (R.2192-15)"
            case .reception?: rule = fr ? "réception (R.2192-12)" : "receipt (R.2192-12)"
            case .performance?: rule = fr ? "exécution du service (R.2192-13)" : "service performed (R.2192-13)"
            case .invoiceDateEstimate?:
                rule = fr ? "date de facture + 2 j, estimation (R.2192-14)" : "invoice date + 2 d, estimate (R.2192-14)"
            case nil: rule = "—"
            }
            l.append((fr ? "Départ : " : "Start: ") + day(s) + " · " + rule)
        } else {
            l.append(fr ? "Départ : inconnu (aucune date de réception)" : "Start: unknown (no receipt date)")
        }
        l.append(
            (fr ? "Délai : \(a.delayDays) j · échéance " : "Delay: \(a.delayDays) d · due ") + day(a.dueDate)
                + (a.daysLate.map { fr ? " · retard \($0) j" : " · \($0) d late" } ?? "")
                + (a.daysLeft.map { fr ? " · reste \($0) j" : " · \($0) d left" } ?? ""))
        if let i = a.interruption {
            l.append(
                (fr ? "Interruption : " : "Interruption: ") + day(i.suspendedOn) + " → " + day(i.completedOn)
                    + (fr
                        ? " · nouveau délai \(i.newDelayDays) j (R.2192-29)"
                        : " · new delay \(i.newDelayDays) d (R.2192-29)"))
        }
        if a.splitApplies {
            let o = a.ordonnateurDays.map(String.init) ?? "—"
            let c = a.comptableDays.map(String.init) ?? "—"
            let os = a.ordonnateurShareDays.map(String.init) ?? "—"
            let cs = a.comptableShareDays.map(String.init) ?? "—"
            l.append(
                fr
                    ? "Partage : ordonnateur \(o) j / \(os) · comptable \(c) j / \(cs) (décret 2013-269)"
                    : "Split: ordonnateur \(o) d / \(os) · comptable \(c) d / \(cs) (décret 2013-269)")
        }
        if let p = a.paidDate {
            l.append((fr ? "Payée le " : "Paid on ") + day(p) + " · " + money(a.paidAmount))
        }
        if a.interest > 0 || a.indemnity > 0 {
            let rate = a.rate.map { (fr ? Money.frenchDecimal($0) : Money.normalized($0)) + " %" } ?? "—"
            l.append(
                (fr ? "Intérêts moratoires : " : "Late interest: ") + money(a.interest)
                    + (a.amountDueEstimated ? "*" : "")
                    + (fr ? " au taux " : " at ")
                    + rate
                    + (fr ? " depuis le " : " from ") + day(a.interestStart) + (fr ? " · indemnité " : " · indemnity ")
                    + euros(a.indemnity)
                    + (a.rateProvisional
                        ? (fr ? " (taux non confirmé : provisoire)" : " (rate not confirmed: provisional)") : "")
                    + (a.interestDueBy.map { fr ? " · à payer avant le \(day($0))" : " · due by \(day($0))" } ?? ""))
        }
        l += a.notes.map { fr ? $0.fr : $0.en }
        return l
    }
}
