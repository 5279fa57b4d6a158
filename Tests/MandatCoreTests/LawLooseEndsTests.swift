import Foundation
import Testing

@testable import MandatCore

// Synthetic cases (LawTestSupport: invoice F-2025-0042 of 12 000.00 €, commune, 30 days, split 20 / 10;
// made available 2025-03-03 → due 2025-04-02; mandat 832 of bordereau 42 dated 2025-03-28).

@Suite("Law: offsets, credit notes, rejected bordereaux, dead clocks")
struct LawLooseEndsTests {
    static func offset(_ code: String, _ date: String, _ amount: String) -> ChainEvent {
        Law.ev(
            .paymentOffset, .pesRetour, "OrgEma=\(code)", date, invoice: nil, mandat: Law.mandatKey, amount: amount,
            line: 19)
    }
    static func paid(_ date: String, _ amount: String) -> ChainEvent {
        Law.ev(.paid, .pesRetour, "OrgEma=01", date, invoice: nil, mandat: Law.mandatKey, amount: amount, line: 18)
    }

    // MARK: 1. retention and other offsets

    @Test func retentionPlusRealPaymentSettlesOnTheRealPaymentDate() {
        // 11 400.00 paid (OrgEma 01) + 600.00 retention (OrgEma 03) = 12 000.00 = amount due.
        let events = [
            Law.madeAvailable, Law.mandated, Law.ackAccepted, Self.paid("2025-04-01", "11400.00"),
            Self.offset("03", "2025-04-01", "600.00"),
        ]
        let a = Law.assess(events, asOf: "2025-06-30")
        #expect(a.stage == .paid)
        #expect(a.holder == .nobody)
        #expect(a.paidDate == Law.d("2025-04-01"))
        #expect(a.paidAmount == Law.m("11400.00"))
        #expect(a.offsetAmount == Law.m("600.00"))
        // Due 2025-03-03 + 30 = 2025-04-02; paid 2025-04-01: on time.
        #expect(a.dueDate == Law.d("2025-04-02"))
        #expect(a.daysLate == 0)
        #expect(a.interest == 0)
        #expect(a.moneyAtStake == 0)
        // Comptable: 2025-03-31 (ACK) → 2025-04-01 = 1 day of 10.
        #expect(a.comptableDays == 1)
        #expect(a.findings.isEmpty, "\(Law.codes(a))")
    }

    @Test func lateWithRetentionInterestIsOnTheAmountPaidOnly() {
        let events = [
            Law.madeAvailable, Law.mandated, Law.ackAccepted, Self.offset("03", "2025-04-22", "600.00"),
            Self.paid("2025-04-22", "11400.00"),
        ]
        let a = Law.assess(events, asOf: "2025-05-01")
        #expect(a.stage == .paid)
        // 2025-04-02 → 2025-04-22 = 20 days late; rate 2025 S1 = 3.15 + 8 = 11.15 %.
        #expect(a.daysLate == 20)
        // Base after retention: 11 400 × 0.1115 × 20 / 365 = 25 422 / 365 = 69.649… → 69.65 (not 73.32 on 12 000).
        #expect(a.interest == Law.m("69.65"))
        #expect(Law.codes(a).contains(.paidLateInterestDue))
    }

    @Test func anOffsetAloneDoesNotSettleAndLeavesTheRestUnpaid() {
        // No OrgEma 01: the 600.00 retention is no payment; 12 000 − 600 = 11 400.00 still owed.
        let events = [
            Law.madeAvailable, Law.mandated, Law.ackAccepted, Law.takenInCharge,
            Self.offset("03", "2025-04-10", "600.00"),
        ]
        let a = Law.assess(events, asOf: "2025-04-12")
        #expect(a.stage == .takenInCharge)
        #expect(a.paidDate == nil)
        // 2025-04-02 → 2025-04-12 = 10 days; 11 400 × 0.1115 × 10 / 365 = 12 711 / 365 = 34.824… → 34.82.
        #expect(a.daysLate == 10)
        #expect(a.interest == Law.m("34.82"))
        #expect(Law.codes(a).contains(.overdue))
    }

    @Test func aPartialPaymentWithoutOffsetIsNotSettled() {
        // 11 400.00 of 12 000.00 and nothing else: 600.00 unpaid, the clock runs on.
        let events = [Law.madeAvailable, Law.mandated, Law.ackAccepted, Self.paid("2025-04-01", "11400.00")]
        let a = Law.assess(events, asOf: "2025-04-12")
        #expect(a.paidDate == nil)
        #expect(a.stage != .paid)
        #expect(a.paidAmount == Law.m("11400.00"))
        // Paid part on time (2025-04-01 ≤ 2025-04-02); the 600.00 accrues 10 days:
        // 600 × 0.1115 × 10 / 365 = 669 / 365 = 1.8328… → 1.83.
        #expect(a.interest == Law.m("1.83"))
        #expect(Law.codes(a).contains(.overdue))
    }

    // MARK: 2. credit notes

    static var creditNote: Invoice {
        var i = Law.invoice(number: "AV-2025-0007", issued: "2025-03-10", amountDue: "1500.00", file: "synthetic/av.xml")
        i.typeCode = "381"
        i.precedingInvoices = [Law.number]
        return i
    }

    @Test func aCreditNoteHasNoClockNoInterestNoFinding() {
        let ref = InvoiceRef(number: "AV-2025-0007", issueDate: Law.d("2025-03-10"), sellerId: Law.sellerSIRET)
        let mad = Law.ev(.madeAvailable, .chorusPro, "MISE_A_DISPOSITION", "2025-03-12", invoice: ref)
        // 2025-03-12 + 30 = 2025-04-11; on 2025-06-30 an invoice would be 80 days late and 110 days quiet.
        let a = Law.assess([mad], asOf: "2025-06-30", invoice: Self.creditNote, mandats: [])
        #expect(a.start == nil)
        #expect(a.dueDate == nil)
        #expect(a.daysLate == nil)
        #expect(a.daysLeft == nil)
        #expect(a.interest == 0)
        #expect(a.indemnity == 0)
        #expect(a.holder == .nobody)
        #expect(a.findings.isEmpty, "\(Law.codes(a))")
        // The same document as an invoice (380) runs the clock and fires: control that the rule is the type code.
        var asInvoice = Self.creditNote
        asInvoice.typeCode = "380"
        let b = Law.assess([mad], asOf: "2025-06-30", invoice: asInvoice, mandats: [])
        #expect(b.dueDate == Law.d("2025-04-11"))
        #expect(Law.codes(b).isSuperset(of: [.overdue, .stale]))
    }

    @Test func aUBLCreditNoteDocumentIsACreditNoteEvenWithoutTypeCode() {
        var note = Self.creditNote
        note.typeCode = nil
        note.isCreditNoteDocument = true
        let a = Law.assess([], asOf: "2025-06-30", invoice: note, mandats: [])
        #expect(a.dueDate == nil)
        #expect(a.findings.isEmpty)
    }

    // MARK: 3. a bordereau rejected by Hélios

    static var ackRejected: ChainEvent {
        Law.ev(
            .integrationRejected, .pesAcquit, "EtatAck=0", "2025-03-29", invoice: nil, mandat: Law.mandatKey.bordereau,
            line: 6)
    }

    @Test func aRejectedBordereauIsNeverReceivedSoTheOrdonnateurDaysRunOn() {
        let a = Law.assess([Law.madeAvailable, Law.mandated, Self.ackRejected], asOf: "2025-04-01")
        #expect(a.stage == .integrationRejected)
        #expect(a.holder == .ordonnateur)
        #expect(a.comptableReceipt == nil)
        #expect(a.comptableDays == nil)
        // 2025-03-03 → 2025-04-01 = 29 days (28 to March 31, + 1), all the ordonnateur's; share 20 → over by 9.
        #expect(a.ordonnateurDays == 29)
        #expect(a.ordonnateurOverDays == 9)
    }

    @Test func withoutTheRejectionTheArticle13PresumptionSplitsTheDays() {
        // Control: no ACK at all → receipt presumed 2025-03-28 + 2 = 2025-03-30 (art. 13).
        let a = Law.assess([Law.madeAvailable, Law.mandated], asOf: "2025-04-01")
        #expect(a.comptableReceipt == Law.d("2025-03-30"))
        #expect(a.comptableReceiptIsEstimate)
        // 2025-03-03 → 2025-03-30 = 27; 2025-03-30 → 2025-04-01 = 2.
        #expect(a.ordonnateurDays == 27)
        #expect(a.comptableDays == 2)
    }

    @Test func aBordereauReissuedAfterTheRejectionGetsThePresumptionAgain() {
        var k = Law.mandatKey
        k.idBord = "43"
        let again = Law.mandat(key: k, bordereau: "2025-04-02")
        let reissued = Law.ev(.mandated, .pesAller, "Piece", "2025-04-02", mandat: k, amount: "12000.00", line: 21)
        let a = Law.assess(
            [Law.madeAvailable, Law.mandated, Self.ackRejected, reissued], asOf: "2025-04-10",
            mandats: [Law.mandat(), again])
        // Bordereau 43 of 2025-04-02 was not rejected: receipt presumed 2025-04-02 + 2 = 2025-04-04.
        #expect(a.comptableReceipt == Law.d("2025-04-04"))
        // 2025-03-03 → 2025-04-04 = 32; 2025-04-04 → 2025-04-10 = 6.
        #expect(a.ordonnateurDays == 32)
        #expect(a.comptableDays == 6)
    }

    @Test func aPieceRejectedInAnAcceptedBordereauIsStillNotReceived() {
        // The ACK accepts bordereau 42 and rejects piece 832 the same day: 832 never reached the comptable.
        let piece = Law.ev(
            .integrationRejected, .pesAcquit, "EtatAck=0", "2025-03-31", invoice: nil, mandat: Law.mandatKey, line: 7)
        let a = Law.assess([Law.madeAvailable, Law.mandated, Law.ackAccepted, piece], asOf: "2025-04-01")
        #expect(a.stage == .integrationRejected)
        // The bordereau's acceptance is no receipt of piece 832, nor is there an art. 13 presumption for it.
        #expect(a.comptableReceipt == nil)
        // 2025-03-03 → 2025-04-01 = 29 days at the ordonnateur.
        #expect(a.ordonnateurDays == 29)
        // Control: with no piece rejection, the same ACK is the receipt (2025-03-31).
        let b = Law.assess([Law.madeAvailable, Law.mandated, Law.ackAccepted], asOf: "2025-04-01")
        #expect(b.stage == .atComptable)
        #expect(b.comptableReceipt == Law.d("2025-03-31"))
    }

    // MARK: 4. no clock for refused or never received invoices

    @Test func aRejectedInvoiceHasNoDueDateNorInterest() {
        let rejected = Law.ev(.rejected, .chorusPro, "REJETEE", "2025-03-10")
        // Without the rule: due 2025-04-02 and 29 days late on 2025-05-01.
        let a = Law.assess([Law.madeAvailable, rejected], asOf: "2025-05-01", mandats: [])
        #expect(a.stage == .rejected)
        #expect(a.start == Law.d("2025-03-03"))
        #expect(a.dueDate == nil)
        #expect(a.daysLate == nil)
        #expect(a.daysLeft == nil)
        #expect(a.interest == 0)
        #expect(Law.codes(a) == [.rejected])
    }

    @Test func aDepositRejectedInvoiceNeverStartsTheClock() {
        let refused = Law.ev(.depositRejected, .cdar, "213", "2025-03-01")
        let a = Law.assess([refused], asOf: "2025-05-01", mandats: [])
        #expect(a.stage == .depositRejected)
        #expect(a.start == nil)
        #expect(a.dueDate == nil)
        #expect(a.daysLate == nil)
        #expect(a.interest == 0)
        #expect(!Law.codes(a).contains(.overdue))
        #expect(Law.codes(a).contains(.depositRejected))
    }

    @Test func aRoutingReturnKeepsItsClock() {
        // Control: A_RECYCLER after a made-available is not terminal: due 2025-03-03 + 30 = 2025-04-02.
        let back = Law.ev(.routingReturned, .chorusPro, "A_RECYCLER", "2025-03-05")
        let a = Law.assess([Law.madeAvailable, back], asOf: "2025-03-10", mandats: [])
        #expect(a.stage == .routingReturned)
        #expect(a.dueDate == Law.d("2025-04-02"))
        // 2025-03-10 → 2025-04-02 = 23 days left (21 to March 31, + 2).
        #expect(a.daysLeft == 23)
    }
}
