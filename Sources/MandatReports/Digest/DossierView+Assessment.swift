import Foundation
import MandatCore

extension DossierView {
    /// Flattens a dossier and the law's assessment of it for the reports.
    /// - Parameters:
    ///   - buyerName: the name to show (configuration first, else the invoice's BT-44, else the SIRET).
    public init(dossier: Dossier, assessment a: Assessment, buyerName: String? = nil) {
        let siret = Self.buyerSiret(of: dossier)
        let name = buyerName ?? dossier.invoice?.buyerName ?? siret ?? "?"
        let lateOrLeft: Int? = a.daysLate.flatMap { $0 > 0 ? $0 : nil } ?? a.daysLeft.map { -$0 } ?? a.daysLate
        self.init(
            id: dossier.id, invoiceNumber: dossier.invoiceNumber ?? dossier.invoice?.invoiceNumber ?? dossier.id,
            buyerName: name, buyerSiret: siret,
            contractId: dossier.invoice?.contractReference ?? dossier.contract?.id ?? dossier.mandats.first?.contractIds.first,
            stage: a.stage.rawValue, holder: a.holder.rawValue, since: a.since, daysAtHolder: a.daysAtHolder,
            amountDue: a.amountDue, dueDate: a.dueDate, daysLate: lateOrLeft, paidDate: a.paidDate,
            paidAmount: a.paidDate == nil ? nil : a.paidAmount, interest: a.interest, indemnity: a.indemnity,
            interestDueBy: a.interestDueBy, rateProvisional: a.rateProvisional, moneyAtStake: a.moneyAtStake,
            findings: a.findings.map { f in
                FindingView(
                    code: f.code.rawValue, severity: f.severity.rawValue, holder: f.holder.rawValue, since: f.since,
                    daysAtHolder: f.daysAtHolder, daysOverShare: f.daysOverShare, moneyAtStake: f.moneyAtStake,
                    nextActionFR: f.nextAction.fr, nextActionEN: f.nextAction.en, contact: f.contact.rawValue,
                    evidence: f.evidence.map { "\($0.source) — \($0.code)" }, detail: f.message.fr, detailEN: f.message.en)
            })
        currency = a.currency
    }

    /// The buyer's SIRET: invoice BT-47/BT-46, else a mandat's `IdColl`, else an event's debtor id.
    public static func buyerSiret(of d: Dossier) -> String? {
        if let c = d.invoice?.buyerCompany { return c.digits }
        if let m = d.mandats.first { return m.key.idColl }
        for e in d.events {
            if let b = e.invoice?.buyerId, let c = CompanyID(b) { return c.digits }
            if let m = e.mandat { return m.idColl }
        }
        return nil
    }
}
