import Foundation
import MandatCore

/// A dossier as the reports see it: the facts of the dossier and the law's assessment, flattened.
///
/// Built from `Dossier` + `Assessment` by `DossierView.init(dossier:assessment:buyerName:)`; reports never
/// recompute the law. Amounts in euros (`Decimal`), dates calendar dates.
public struct DossierView: Codable, Sendable, Hashable {
    /// One finding of the law's catalogue, flattened.
    public struct FindingView: Codable, Sendable, Hashable {
        public var code: String
        public var severity: String
        public var holder: String
        public var since: CivilDate?
        public var daysAtHolder: Int?
        public var daysOverShare: Int?
        public var moneyAtStake: Decimal
        public var nextActionFR: String
        public var nextActionEN: String
        public var contact: String
        /// One line of evidence (`file:line — code label`), for display.
        public var evidence: [String]
        public var detail: String?
        /// The detail in English (`detail` is French).
        public var detailEN: String?
        public init(
            code: String, severity: String, holder: String, since: CivilDate?, daysAtHolder: Int?, daysOverShare: Int?,
            moneyAtStake: Decimal, nextActionFR: String, nextActionEN: String, contact: String, evidence: [String],
            detail: String?, detailEN: String? = nil
        ) {
            self.code = code
            self.severity = severity
            self.holder = holder
            self.since = since
            self.daysAtHolder = daysAtHolder
            self.daysOverShare = daysOverShare
            self.moneyAtStake = moneyAtStake
            self.nextActionFR = nextActionFR
            self.nextActionEN = nextActionEN
            self.contact = contact
            self.evidence = evidence
            self.detail = detail
            self.detailEN = detailEN
        }
    }

    public var id: String
    public var invoiceNumber: String
    public var buyerName: String
    public var buyerSiret: String?
    public var contractId: String?
    public var stage: String
    public var holder: String
    public var since: CivilDate?
    public var daysAtHolder: Int?
    public var amountDue: Decimal?
    public var dueDate: CivilDate?
    /// Calendar days late (positive) or left (negative) as of the report date, or at payment.
    public var daysLate: Int?
    public var paidDate: CivilDate?
    public var paidAmount: Decimal?
    public var interest: Decimal
    public var indemnity: Decimal
    public var interestDueBy: CivilDate?
    public var rateProvisional: Bool
    public var moneyAtStake: Decimal
    public var findings: [FindingView]
    /// ISO 4217 code of `amountDue`, `paidAmount`, `interest`, `moneyAtStake` and the findings' amounts: the
    /// invoice's BT-5 (`Assessment.currency`); nil (a view saved before currencies, a desk fixture) means euros:
    /// read `amountCurrency`. `indemnity` is always euros (CCP D.2192-35).
    public var currency: String?

    /// `currency`, `EUR` when absent.
    public var amountCurrency: String { currency ?? "EUR" }

    public init(
        id: String, invoiceNumber: String, buyerName: String, buyerSiret: String?, contractId: String?, stage: String,
        holder: String, since: CivilDate?, daysAtHolder: Int?, amountDue: Decimal?, dueDate: CivilDate?, daysLate: Int?,
        paidDate: CivilDate?, paidAmount: Decimal?, interest: Decimal, indemnity: Decimal, interestDueBy: CivilDate?,
        rateProvisional: Bool, moneyAtStake: Decimal, findings: [FindingView]
    ) {
        self.id = id
        self.invoiceNumber = invoiceNumber
        self.buyerName = buyerName
        self.buyerSiret = buyerSiret
        self.contractId = contractId
        self.stage = stage
        self.holder = holder
        self.since = since
        self.daysAtHolder = daysAtHolder
        self.amountDue = amountDue
        self.dueDate = dueDate
        self.daysLate = daysLate
        self.paidDate = paidDate
        self.paidAmount = paidAmount
        self.interest = interest
        self.indemnity = indemnity
        self.interestDueBy = interestDueBy
        self.rateProvisional = rateProvisional
        self.moneyAtStake = moneyAtStake
        self.findings = findings
    }

    /// Whether any finding blocks the payment (everything but information).
    public var isBlocked: Bool { !findings.isEmpty }
}
