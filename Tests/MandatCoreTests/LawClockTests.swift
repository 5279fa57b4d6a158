import Foundation
import Testing

@testable import MandatCore

@Suite("Law: the legal clock (DGP)")
struct LawClockTests {
    @Test func workedExampleLocalAuthorityPaidLate() {
        // Given the worked example: 12 000.00 € TTC, made available 2025-03-03, bordereau 2025-03-28,
        // accepted by Hélios 2025-03-31, paid (OrgEma 01) 2025-04-22, for a commune (30 days, split 20/10).
        let a = Law.assess(
            [Law.madeAvailable, Law.mandated, Law.ackAccepted, Law.takenInCharge, Law.paidPES], asOf: "2025-05-01")
        #expect(a.stage == .paid)
        #expect(a.holder == .nobody)
        #expect(a.delayDays == 30)
        #expect(a.start == Law.d("2025-03-03"))
        #expect(a.startSource == .madeAvailable)
        #expect(a.startIsEstimate == false)
        // 2025-03-03 + 30 days = 2025-04-02 (28 more days in March, then 2).
        #expect(a.dueDate == Law.d("2025-04-02"))
        // 2025-04-02 → 2025-04-22 = 20 days late.
        #expect(a.daysLate == 20)
        #expect(a.daysLeft == nil)
        #expect(a.paidDate == Law.d("2025-04-22"))
        #expect(a.paidAmount == Law.m("12000.00"))
        // Ordonnateur 2025-03-03 → 2025-03-31 (ACK) = 28 days, share 30 − 10 = 20, over by 8.
        #expect(a.splitApplies)
        #expect(a.comptableReceipt == Law.d("2025-03-31"))
        #expect(a.comptableReceiptIsEstimate == false)
        #expect(a.ordonnateurDays == 28)
        #expect(a.ordonnateurShareDays == 20)
        #expect(a.ordonnateurOverDays == 8)
        // Comptable 2025-03-31 → 2025-04-22 = 22 days, share 10, over by 12.
        #expect(a.comptableDays == 22)
        #expect(a.comptableShareDays == 10)
        #expect(a.comptableOverDays == 12)
    }

    @Test func interruptionBeforeMandatStartsANewThirtyDayDelay() throws {
        // Same invoice, suspended 2025-03-15 (day 12), completed 2025-03-25.
        let events = [
            Law.madeAvailable, Law.ev(.suspended, .chorusPro, "SUSPENDUE", "2025-03-15"),
            Law.ev(.completed, .chorusPro, "COMPLETEE", "2025-03-25"), Law.mandated, Law.ackAccepted, Law.paidPES,
        ]
        let a = Law.assess(events, asOf: "2025-05-01")
        let i = try #require(a.interruption)
        // Elapsed 2025-03-03 → 2025-03-15 = 12 days; balance 30 − 12 = 18 < 30, so the new delay is 30.
        #expect(i.elapsedDays == 12)
        #expect(i.balanceDays == 18)
        #expect(i.newDelayDays == 30)
        // 2025-03-25 + 30 = 2025-04-24 (6 days to March 31, then 24).
        #expect(a.dueDate == Law.d("2025-04-24"))
        // Paid 2025-04-22, two days before: not late, no interest.
        #expect(a.daysLate == 0)
        #expect(a.interest == 0)
        #expect(a.indemnity == 0)
        #expect(a.rate == nil)
        #expect(!Law.codes(a).contains(.paidLateInterestDue))
        // Ordonnateur: 28 days to the ACK less 10 days of interruption (03-15 → 03-25) = 18;
        // share: (2025-03-03 → 2025-04-24 = 52 days) − 10 interrupted − 10 comptable = 32.
        #expect(a.ordonnateurDays == 18)
        #expect(a.ordonnateurShareDays == 32)
        #expect(a.ordonnateurOverDays == 0)
        // The comptable took 22 days (2025-03-31 → 2025-04-22) but the invoice was paid on time: no share finding.
        #expect(a.comptableOverDays == 12)
        #expect(!Law.codes(a).contains(.comptableOverShare))
    }

    @Test func hospitalInterruptionKeepsTheLongerBalance() {
        // Public hospital, 50 days: made available 2025-03-03, suspended 2025-03-08 (day 5), completed 2025-03-20.
        let hospital = BuyerProfile(category: .hospital)
        let events = [
            Law.madeAvailable, Law.ev(.suspended, .chorusPro, "SUSPENDUE", "2025-03-08"),
            Law.ev(.completed, .chorusPro, "COMPLETEE", "2025-03-20"),
        ]
        let a = Law.assess(events, buyer: hospital, asOf: "2025-04-01", mandats: [])
        #expect(a.delayDays == 50)
        // Balance 50 − 5 = 45 > 30: new delay 45 days from 2025-03-20 = 2025-05-04 (11 to March 31, 30 in April, 4).
        #expect(a.interruption?.balanceDays == 45)
        #expect(a.interruption?.newDelayDays == 45)
        #expect(a.dueDate == Law.d("2025-05-04"))
        // 2025-04-01 → 2025-05-04 = 33 days left.
        #expect(a.daysLeft == 33)
        #expect(a.daysLate == 0)
        // Hospital split: comptable 15, ordonnateur (2025-03-03 → 2025-05-04 = 62 days − 12 interrupted) − 15 = 35.
        #expect(a.comptableShareDays == 15)
        #expect(a.ordonnateurShareDays == 35)
        #expect(a.stage == .completed)
        #expect(a.holder == .ordonnateur)
    }

    @Test func suspensionNotYetCompletedStopsTheClock() {
        let events = [Law.madeAvailable, Law.ev(.suspended, .chorusPro, "SUSPENDUE", "2025-03-15")]
        let a = Law.assess(events, asOf: "2025-05-01", mandats: [])
        #expect(a.stage == .suspended)
        #expect(a.holder == .supplier)
        #expect(a.clockInterrupted)
        #expect(a.dueDate == nil)
        #expect(a.interest == 0)
        #expect(!Law.codes(a).contains(.overdue))
    }

    @Test(arguments: [
        (BuyerCategory.state, 30, false), (.localAuthority, 30, true), (.hospital, 50, true),
        (.publicUndertaking, 60, false),
    ])
    func delayAndSplitByBuyerCategory(category: BuyerCategory, days: Int, split: Bool) {
        let a = Law.assess(
            [Law.madeAvailable], buyer: BuyerProfile(category: category), asOf: "2025-03-10", mandats: [])
        #expect(a.delayDays == days)
        #expect(a.splitApplies == split)
        #expect(a.dueDate == Law.d("2025-03-03").adding(days: days))
        #expect((a.ordonnateurShareDays != nil) == split)
    }

    @Test func contractualDelayOnlyWhenShorter() {
        // A 20-day contractual delay wins over 30: 2025-03-03 + 20 = 2025-03-23.
        let short = BuyerProfile(category: .localAuthority, contractualDelayDays: 20)
        #expect(
            Law.assess([Law.madeAvailable], buyer: short, asOf: "2025-03-10", mandats: []).dueDate
                == Law.d("2025-03-23"))
        // A 45-day one is ignored (CCP L.2192-10): still 2025-04-02.
        let long = BuyerProfile(category: .localAuthority, contractualDelayDays: 45)
        #expect(
            Law.assess([Law.madeAvailable], buyer: long, asOf: "2025-03-10", mandats: []).dueDate == Law.d("2025-04-02")
        )
    }

    @Test func conventionSetsTheComptableShare() {
        // Convention: comptable 5 days, ordonnateur 30 − 5 = 25.
        let buyer = BuyerProfile(category: .localAuthority, comptableShareDays: 5)
        let a = Law.assess([Law.madeAvailable], buyer: buyer, asOf: "2025-03-10", mandats: [])
        #expect(a.comptableShareDays == 5)
        #expect(a.ordonnateurShareDays == 25)
    }

    @Test func startEstimatedFromInvoiceDateWithoutReceipt() {
        // No event: invoice date 2025-02-28 + 2 = 2025-03-02, marked as an estimate; due 2025-04-01.
        let a = Law.assess([], asOf: "2025-03-10", mandats: [])
        #expect(a.start == Law.d("2025-03-02"))
        #expect(a.startSource == .invoiceDateEstimate)
        #expect(a.startIsEstimate)
        #expect(a.dueDate == Law.d("2025-04-01"))
        #expect(a.notes.contains { $0.en.contains("estimated") })
    }

    @Test func laterDeliveryMovesTheStart() {
        // Made available 2025-03-03, delivered (BT-72) 2025-03-10: start 2025-03-10, due 2025-04-09.
        var inv = Law.invoice()
        inv.deliveryDate = Law.d("2025-03-10")
        let a = Law.assess([Law.madeAvailable], asOf: "2025-03-12", invoice: inv, mandats: [])
        #expect(a.start == Law.d("2025-03-10"))
        #expect(a.startSource == .performance)
        #expect(a.dueDate == Law.d("2025-04-09"))
        // An earlier delivery does not move it.
        inv.deliveryDate = Law.d("2025-02-20")
        #expect(
            Law.assess([Law.madeAvailable], asOf: "2025-03-12", invoice: inv, mandats: []).start == Law.d("2025-03-03"))
    }

    @Test func serviceFaitStatusDoesNotMoveTheStart() {
        // Chorus SERVICE_FAIT on 2025-03-20 is inside the ordonnateur's share: the start stays 2025-03-03.
        let a = Law.assess(
            [Law.madeAvailable, Law.ev(.serviceCertified, .chorusPro, "SERVICE_FAIT", "2025-03-20")],
            asOf: "2025-03-25",
            mandats: [])
        #expect(a.start == Law.d("2025-03-03"))
        #expect(a.stage == .serviceCertified)
    }

    @Test func comptableReceiptEstimatedFromBordereauDate() {
        // No ACK: bordereau 2025-03-28 + 2 = 2025-03-30, an estimate (décret 2013-269 art. 13).
        let a = Law.assess([Law.madeAvailable, Law.mandated, Law.paidPES], asOf: "2025-05-01")
        #expect(a.comptableReceipt == Law.d("2025-03-30"))
        #expect(a.comptableReceiptIsEstimate)
        // Ordonnateur 2025-03-03 → 2025-03-30 = 27; comptable 2025-03-30 → 2025-04-22 = 23.
        #expect(a.ordonnateurDays == 27)
        #expect(a.comptableDays == 23)
    }

    @Test func daysLeftBeforeTheDueDate() {
        // Due 2025-04-02; on 2025-03-20 there are 13 days left (11 to March 31, then 2).
        let a = Law.assess([Law.madeAvailable], asOf: "2025-03-20", mandats: [])
        #expect(a.daysLeft == 13)
        #expect(a.daysLate == 0)
        #expect(a.moneyAtStake == Law.m("12000.00"))
    }

    @Test func mandatDGPBlockIsCheckedAgainstTheClock() {
        // The ordonnateur declares DteFinDgp 2025-04-05 and 45 days; Mandat computes 2025-04-02 and 30 days.
        var m = Law.mandat()
        m.dgp = MandatDGP(
            dgp: "0", start: Law.d("2025-03-06"), end: Law.d("2025-04-05"), days: 45, rate: nil, rateCode: "02")
        let a = Law.assess([Law.madeAvailable, Law.mandated], asOf: "2025-03-29", mandats: [m])
        #expect(a.dueDate == Law.d("2025-04-02"))
        #expect(a.notes.contains { $0.en.contains("declares a 45-day delay") })
        #expect(a.notes.contains { $0.en.contains("ends on 2025-04-05") })
        // A declared 7.05 % where interest from 2025-04-06 (2025 S1) is 3.15 + 8 = 11.15 %.
        m.dgp?.rate = Law.m("7.05")
        let rated = Law.assess([Law.madeAvailable, Law.mandated], asOf: "2025-03-29", mandats: [m])
        #expect(rated.notes.contains { $0.en.contains("rate of 7.05 %") && $0.en.contains("is 11.15 %") })
        // A block that agrees adds no note.
        m.dgp = MandatDGP(
            dgp: "0", start: Law.d("2025-03-03"), end: Law.d("2025-04-02"), days: 30, rate: nil, rateCode: "02")
        #expect(Law.assess([Law.madeAvailable, Law.mandated], asOf: "2025-03-29", mandats: [m]).notes.isEmpty)
    }
}
