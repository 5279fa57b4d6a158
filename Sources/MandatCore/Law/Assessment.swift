import Foundation

/// Where the clock's start came from (CCP R.2192-12 to R.2192-15).
public enum ClockStartSource: String, Codable, Hashable, Sendable {
    /// Chorus `MISE_A_DISPOSITION` or CDAR 203 (R.2192-15).
    case madeAvailable
    /// The receipt date known for the invoice (Chorus pivot reception date) (R.2192-12).
    case reception
    /// Moved later to the date the service was performed: BT-72 delivery or BT-74 period end (R.2192-13).
    case performance
    /// No receipt date: invoice date + 2 days, an estimate (R.2192-14).
    case invoiceDateEstimate
}

/// The one interruption of the legal delay allowed before the mandat (CCP R.2192-27 to R.2192-29).
public struct Interruption: Codable, Hashable, Sendable {
    /// Date the buyer suspended (Chorus `SUSPENDUE`, CDAR 208).
    public var suspendedOn: CivilDate
    /// Date the supplier completed (Chorus `COMPLETEE`, CDAR 209); nil while the clock is still interrupted.
    public var completedOn: CivilDate?
    /// Calendar days of the delay used before the interruption (start → suspension).
    public var elapsedDays: Int
    /// Calendar days of the delay left at the interruption (delay − elapsed, not below 0).
    public var balanceDays: Int
    /// The new delay from the completion: max(30, balance) (R.2192-29).
    public var newDelayDays: Int
    public init(suspendedOn: CivilDate, completedOn: CivilDate?, elapsedDays: Int, balanceDays: Int, newDelayDays: Int)
    {
        self.suspendedOn = suspendedOn
        self.completedOn = completedOn
        self.elapsedDays = elapsedDays
        self.balanceDays = balanceDays
        self.newDelayDays = newDelayDays
    }
}

/// One payment of the principal (PES `OrgEma` 01 with `DtePay`/`MtPay`, or a Chorus/CDAR payment status).
public struct Payment: Codable, Hashable, Sendable {
    public var date: CivilDate
    /// Euros; the amount due when the status gives no amount.
    public var amount: Decimal
    /// Calendar days after the due date (0 when on time).
    public var daysLate: Int
    /// Interest on this payment before rounding the total, euros (amount × rate × days / 365).
    public var interest: Decimal
    public init(date: CivilDate, amount: Decimal, daysLate: Int, interest: Decimal) {
        self.date = date
        self.amount = amount
        self.daysLate = daysLate
        self.interest = interest
    }
}

/// What the law says about one dossier on a given date: stage, holder, clock, interest, findings.
///
/// `Codable`, `Sendable`. Days are calendar days; amounts are `Decimal` in the invoice's currency (`currency`,
/// BT-5: euros for nearly every invoice), except `indemnity`, which is always euros (CCP D.2192-35); rates are
/// percent.
/// Produced by `DossierAssessor.assess`; the same events in any order give the same assessment.
public struct Assessment: Codable, Hashable, Sendable {
    public var dossierId: String
    /// The date the assessment is made for (days left/late and accrued interest are counted to it).
    public var asOf: CivilDate
    public var stage: Stage
    /// Who holds the invoice now (nobody when paid or terminal).
    public var holder: Holder
    /// Date the holder got it.
    public var since: CivilDate?
    /// Calendar days from `since` to `asOf` (nil when nobody holds it).
    public var daysAtHolder: Int?

    // MARK: the clock (CCP R.2192-10 to R.2192-15, R.2192-27 to R.2192-29)
    /// The délai global de paiement: 30, 50 or 60 days by buyer category, or a shorter contractual delay.
    public var delayDays: Int
    /// Day the clock started; nil when nothing dates the receipt nor the invoice.
    public var start: CivilDate?
    public var startSource: ClockStartSource?
    /// True when the start is invoice date + 2 days (R.2192-14): every figure below is an estimate too.
    public var startIsEstimate: Bool
    /// Last day to pay (inclusive).
    public var dueDate: CivilDate?
    /// The interruption that counted, if any.
    public var interruption: Interruption?
    /// True while a counted interruption waits for the supplier (no due date meanwhile).
    public var clockInterrupted: Bool
    /// Days from `asOf` to the due date, when unpaid and not yet late.
    public var daysLeft: Int?
    /// Days past the due date: at the (last) payment when paid, else at `asOf`; 0 when on time.
    public var daysLate: Int?
    /// Whether the ordonnateur/comptable split applies (local authorities, hospitals: décret 2013-269 art. 12).
    public var splitApplies: Bool
    /// Days the ordonnateur held it: start → comptable's receipt (or `asOf`), less the interruption.
    public var ordonnateurDays: Int?
    /// Days the comptable held it: receipt → payment (or `asOf`).
    public var comptableDays: Int?
    /// The ordonnateur's share of the delay (20, 35, or delay − convention's comptable share).
    public var ordonnateurShareDays: Int?
    /// The comptable's share (10, 15, or the convention's).
    public var comptableShareDays: Int?
    public var ordonnateurOverDays: Int?
    public var comptableOverDays: Int?
    /// The comptable's receipt of the mandat: evidence, else bordereau date + 2 days (art. 13).
    public var comptableReceipt: CivilDate?
    public var comptableReceiptIsEstimate: Bool

    // MARK: money
    /// Invoice BT-115, else the mandat TTC (when the mandat pays this invoice only).
    public var amountDue: Decimal?
    /// Sum of payments of the principal.
    public var paidAmount: Decimal
    /// Sum of PES offsets (`OrgEma` ≠ 01: retention, penalties, third party), euros: not paid to the creditor,
    /// not unpaid either (they reduce what payments must cover and the interest base: DOMAIN.md §3).
    public var offsetAmount: Decimal = 0
    /// Date of the last real payment (`OrgEma` 01, or the payment status) that settled the principal, when paid.
    public var paidDate: CivilDate?
    public var payments: [Payment]

    // MARK: interest (CCP L.2192-13, R.2192-31, D.2192-35, R.2192-36)
    /// First day of interest (day after the due date), when late.
    public var interestStart: CivilDate?
    /// MRO + 8 points, percent, when late.
    public var rate: Decimal?
    /// True when the half-year's rate is not in the table: the last known rate was used.
    public var rateProvisional: Bool
    /// Interest owed (paid late) or accrued to `asOf` (unpaid), rounded to the cent half-up, in `currency`.
    public var interest: Decimal
    /// 40 € when late, else 0: always euros, whatever the invoice's currency (CCP D.2192-35), so never added to
    /// an amount in another currency (`moneyAtStake` leaves it out).
    public var indemnity: Decimal
    /// Payment of the principal + 45 days (R.2192-36), when paid late.
    public var interestDueBy: CivilDate?
    /// Unpaid part of the amount due + interest, in `currency` (the indemnity, in euros, is not in it).
    public var moneyAtStake: Decimal
    /// The ISO 4217 code of `amountDue`, `paidAmount`, `interest` and `moneyAtStake`: the invoice's BT-5, `EUR`
    /// when unknown. `indemnity` is in euros whatever this says.
    public var currency: String = "EUR"

    public var findings: [Finding]
    /// Explanations worth showing next to the figures (estimate, provisional rate and how to add it, …).
    public var notes: [LocalizedText]
}

extension Assessment {
    /// This assessment as `DossierAssessor.assess(_:asOf:texts: false)` gives it: each finding's message and next
    /// action blank and its evidence empty, everything else unchanged. The contract the textless path is tested
    /// against (LawTestSupport, TextlessAssessmentTests).
    public var withoutTexts: Assessment {
        var b = self
        b.findings = findings.map { f in
            var g = f
            g.message = .blank
            g.nextAction = .blank
            g.evidence = []
            return g
        }
        return b
    }
}
