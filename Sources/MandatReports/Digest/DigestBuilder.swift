import Foundation
import MandatCore

/// Builds a `Digest` from the dossiers as of a date, the previous digest's snapshot, and the import log.
///
/// Pure: no I/O. The caller loads the dossiers (store + law) and saves `snapshot(of:)` for the next run.
public enum DigestBuilder {
    /// What the previous digest saw, per dossier: its stage and its finding codes.
    public struct Snapshot: Codable, Sendable, Hashable {
        public var asOf: CivilDate
        public var stages: [String: String]
        public var findings: [String: [String]]
        public init(asOf: CivilDate, stages: [String: String], findings: [String: [String]]) {
            self.asOf = asOf
            self.stages = stages
            self.findings = findings
        }
    }

    /// Last file received per source (`chorusPro`, `cdar`, `pes`, `invoices`, `contracts`).
    public struct InputActivity: Sendable {
        public var source: String
        public var lastFile: CivilDate?
        public init(source: String, lastFile: CivilDate?) {
            self.source = source
            self.lastFile = lastFile
        }
    }

    /// The snapshot to remember after a digest.
    public static func snapshot(of views: [DossierView], asOf: CivilDate) -> Snapshot {
        var stages: [String: String] = [:]
        var findings: [String: [String]] = [:]
        for v in views {
            stages[v.id] = v.stage
            findings[v.id] = v.findings.map(\.code).sorted()
        }
        return Snapshot(asOf: asOf, stages: stages, findings: findings)
    }

    /// Keeps the dossiers a person follows: a collector's buyers, a contract manager's contracts.
    /// A person with neither list follows everything.
    public static func filter(_ views: [DossierView], for person: MandatConfiguration.Person?) -> [DossierView] {
        guard let person else { return views }
        let buyers = Set((person.buyers ?? []).map { $0.filter(\.isNumber) })
        let contracts = Set((person.contracts ?? []).map { ContractKeyNormaliser.normalise($0) })
        if buyers.isEmpty && contracts.isEmpty { return views }
        return views.filter { v in
            (v.buyerSiret.map { buyers.contains($0.filter(\.isNumber)) } ?? false)
                || (v.contractId.map { contracts.contains(ContractKeyNormaliser.normalise($0)) } ?? false)
        }
    }

    /// Builds the digest.
    /// - Parameters:
    ///   - views: the dossiers (already filtered for the person), assessed as of `asOf`.
    ///   - previous: the previous digest's snapshot, if any: stage changes and new blockages are relative to it
    ///     (ignored when it was taken for a day after `asOf`).
    ///   - since: report payments from this date (default: the previous digest's date, else 7 days before);
    ///     never after `asOf` (a later date is taken as `asOf`).
    ///   - staleInputDays: a source without a file for more days is listed (default 7).
    /// The findings whose amount, in the law, is the interest plus the 40 € indemnity when the invoice is in euros
    /// (`DossierAssessor`'s `interestAndIndemnityAtStake`); every other finding's amount leaves the indemnity out.
    static let indemnityFindings: Set<String> = ["paid-late-interest-due", "interest-unpaid-45-days"]

    /// A finding's money at stake without the flat indemnity, and the indemnity taken out of it (nil when the
    /// law's amount did not include it): one rule for every amount of the digest. On one dossier paid late, the
    /// interest findings said `328,32 €` (interest + 40 €) and its share findings `288,32 €` (interest alone);
    /// the totals (`atStake`) left it out too.
    static func stakeWithoutIndemnity(_ f: DossierView.FindingView, _ v: DossierView) -> (Decimal, Decimal?) {
        guard indemnityFindings.contains(f.code), v.amountCurrency == "EUR", v.indemnity > 0,
            f.moneyAtStake >= v.indemnity
        else { return (f.moneyAtStake, nil) }
        return (f.moneyAtStake - v.indemnity, v.indemnity)
    }

    public static func build(
        views: [DossierView], asOf: CivilDate, previous: Snapshot?, since: CivilDate?, person: String?, lang: Lang,
        inputs: [InputActivity] = [], unreadable: [Digest.UnreadableFile] = [], unlinkedEvents: Int = 0,
        staleInputDays: Int = 7
    ) -> Digest {
        // A snapshot taken for a later day than `asOf` (a digest of the past, run after today's) is not a
        // "previous" point: ignored. The "since" date is never after `asOf`.
        let previous = previous.flatMap { $0.asOf <= asOf ? $0 : nil }
        let from = min(since ?? previous?.asOf ?? asOf.adding(days: -7), asOf)
        var d = Digest(asOf: asOf, since: from, person: person, dossierCount: views.count)
        d.atStake = CurrencyTotals.atStake(views: views)
        d.blockedAtStake = CurrencyTotals.atStake(views: views.lazy.filter(\.isBlocked))
        for v in views {
            let before = previous?.stages[v.id]
            if previous != nil, before != v.stage {
                d.stageChanges.append(
                    .init(dossierId: v.id, invoiceNumber: v.invoiceNumber, buyer: v.buyerName, from: before, to: v.stage))
            }
            let knownCodes = Set(previous?.findings[v.id] ?? [])
            for f in v.findings {
                let (stake, indemnity) = Self.stakeWithoutIndemnity(f, v)
                let b = Digest.Blockage(
                    dossierId: v.id, invoiceNumber: v.invoiceNumber, buyer: v.buyerName, code: f.code, holder: f.holder,
                    since: f.since, daysAtHolder: f.daysAtHolder, daysOverShare: f.daysOverShare,
                    moneyAtStake: stake, indemnity: indemnity, nextAction: lang == .fr ? f.nextActionFR : f.nextActionEN,
                    contact: f.contact, detail: lang == .fr ? f.detail : (f.detailEN ?? f.detail), currency: v.amountCurrency)
                d.openBlockages.append(b)
                if previous != nil && !knownCodes.contains(f.code) { d.newBlockages.append(b) }
            }
            if let paid = v.paidDate, paid >= from, paid <= asOf, let amount = v.paidAmount {
                d.payments.append(
                    .init(
                        dossierId: v.id, invoiceNumber: v.invoiceNumber, buyer: v.buyerName, date: paid, amount: amount,
                        daysLate: max(0, v.daysLate ?? 0), currency: v.amountCurrency))
            }
            if v.paidDate != nil, v.interest > 0 || v.indemnity > 0 {
                d.interestOwed.append(
                    .init(
                        dossierId: v.id, invoiceNumber: v.invoiceNumber, buyer: v.buyerName, interest: v.interest,
                        indemnity: v.indemnity, currency: v.amountCurrency, dueBy: v.interestDueBy,
                        provisionalRate: v.rateProvisional,
                        overdue: v.interestDueBy.map { $0 < asOf } ?? false))
            }
            if v.amountDueEstimated == true {
                d.notes.append(
                    lang == .fr
                        ? "\(v.invoiceNumber) : montant dû (BT-115) absent ou illisible, estimé d'après le total TTC (BT-112) moins les acomptes (BT-113), plus l'arrondi (BT-114) ; intérêts et montant en jeu calculés sur cette estimation."
                        : "\(v.invoiceNumber): amount due (BT-115) missing or unreadable, estimated from the total with VAT (BT-112) less prepaid amounts (BT-113), plus rounding (BT-114); interest and money at stake computed on this estimate.")
            }
            if v.rateProvisional {
                d.notes.append(
                    lang == .fr
                        ? "\(v.invoiceNumber) : intérêts calculés avec le dernier taux BCE connu (provisoire) ; ajoutez le taux du semestre dans la configuration (ecbRates)."
                        : "\(v.invoiceNumber): interest computed with the last known ECB rate (provisional); add the half-year's rate to the configuration (ecbRates).")
            }
        }
        // Ranked by the dossier's money at stake (its largest finding), the dossier's findings kept together.
        var dossierStake: [String: Decimal] = [:]
        for b in d.openBlockages { dossierStake[b.dossierId] = max(dossierStake[b.dossierId] ?? 0, b.moneyAtStake) }
        let order: (Digest.Blockage, Digest.Blockage) -> Bool = { a, b in
            let sa = dossierStake[a.dossierId] ?? 0, sb = dossierStake[b.dossierId] ?? 0
            if sa != sb { return sa > sb }
            if a.dossierId != b.dossierId { return a.invoiceNumber < b.invoiceNumber }
            if a.moneyAtStake != b.moneyAtStake { return a.moneyAtStake > b.moneyAtStake }
            return a.code < b.code
        }
        d.openBlockages.sort(by: order)
        d.newBlockages.sort(by: order)
        d.firstDigest = previous == nil
        d.stageChanges.sort { $0.invoiceNumber < $1.invoiceNumber }
        d.payments.sort { ($0.date, $0.invoiceNumber) < ($1.date, $1.invoiceNumber) }
        d.interestOwed.sort { $0.invoiceNumber < $1.invoiceNumber }
        d.notes = Array(Set(d.notes)).sorted()

        // Charts: outstanding (unpaid amount due) by holder and by days late.
        // One bar per label and currency: amounts in another currency are never added to euros.
        struct Key: Hashable {
            var label: String
            var currency: String
        }
        var byHolder: [Key: Decimal] = [:]
        var byLate: [Key: Decimal] = [:]
        for v in views where v.paidDate == nil && v.holder != Holder.nobody.rawValue {
            let amount = v.amountDue ?? 0
            byHolder[Key(label: v.holder, currency: v.amountCurrency), default: 0] += amount
            let late = v.daysLate ?? 0
            let bucket: String
            switch late {
            case ..<1: bucket = "not-due"
            case 1...30: bucket = "1-30"
            case 31...60: bucket = "31-60"
            case 61...90: bucket = "61-90"
            default: bucket = "90+"
            }
            byLate[Key(label: bucket, currency: v.amountCurrency), default: 0] += amount
        }
        let currencies = Set(views.map(\.amountCurrency)).sorted { ($0 == "EUR" ? 0 : 1, $0) < ($1 == "EUR" ? 0 : 1, $1) }
        d.byHolder = ["supplier", "platform", "ordonnateur", "comptable"].flatMap { h in
            currencies.compactMap { c in
                byHolder[Key(label: h, currency: c)].map { Digest.Bar(label: h, amount: $0, currency: c) }
            }
        }
        d.byLateness = ["not-due", "1-30", "31-60", "61-90", "90+"].flatMap { b in
            currencies.compactMap { c in
                byLate[Key(label: b, currency: c)].map { Digest.Bar(label: b, amount: $0, currency: c) }
            }
        }
        for i in inputs {
            let days = i.lastFile.map { $0.days(to: asOf) }
            if days == nil || days! > staleInputDays {
                d.staleInputs.append(.init(source: i.source, lastFile: i.lastFile, days: days))
            }
        }
        d.unreadableFiles = unreadable
        d.unlinkedEvents = unlinkedEvents
        return d
    }
}

/// Normalises contract ids for comparison: upper case, without spaces and separators (`-`, `/`, `.`, `_`).
public enum ContractKeyNormaliser {
    public static func normalise(_ s: String) -> String {
        s.uppercased().filter { !" -/._\u{00A0}\t".contains($0) }
    }
}
