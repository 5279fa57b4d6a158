import Foundation
import Testing

@testable import MandatCore

@Suite("Law: late-payment interest and indemnity")
struct LawInterestTests {
    @Test func workedExampleInterest() {
        let a = Law.assess(
            [Law.madeAvailable, Law.mandated, Law.ackAccepted, Law.paidPES], asOf: "2025-05-01")
        // Interest starts the day after the due date: 2025-04-03, in 2025 S1.
        #expect(a.interestStart == Law.d("2025-04-03"))
        // MRO on 2025-01-01 = 3.15 (in force since 2024-12-18) + 8 = 11.15 %.
        #expect(a.rate == Law.m("11.15"))
        #expect(a.rateProvisional == false)
        // 12 000 × 0.1115 × 20 / 365 = 26 760 / 365 = 73.3150… → 73.32.
        #expect(a.interest == Law.m("73.32"))
        #expect(a.indemnity == Law.m("40"))
        // 2025-04-22 + 45 days = 2025-06-06 (8 to April 30, 31 in May, 6).
        #expect(a.interestDueBy == Law.d("2025-06-06"))
        // Principal paid: only the interest is at stake.
        #expect(a.moneyAtStake == Law.m("73.32"))
        #expect(a.payments.count == 1)
        #expect(a.payments.first?.daysLate == 20)
    }

    @Test func rateOfTheHalfYearWhenInterestStarted2023() {
        // Made available 2023-05-16 → due 2023-06-15 (15 to May 31, then 15); paid 2023-07-20.
        let inv = Law.invoice(issued: "2023-05-10", amountDue: "10000.00")
        let ref = InvoiceRef(number: Law.number, issueDate: Law.d("2023-05-10"), sellerId: Law.sellerSIRET)
        let events = [
            Law.ev(.madeAvailable, .chorusPro, "MISE_A_DISPOSITION", "2023-05-16", invoice: ref),
            Law.ev(.paid, .chorusPro, "MISE_EN_PAIEMENT", "2023-07-20", invoice: ref),
        ]
        let a = Law.assess(events, asOf: "2023-07-21", invoice: inv, mandats: [])
        #expect(a.dueDate == Law.d("2023-06-15"))
        // Interest from 2023-06-16: 2023 S1, MRO on 2023-01-01 = 2.50 (since 2022-12-21) + 8 = 10.50 %,
        // even though the MRO rose to 4.00 on 2023-06-21 (one rate for the whole period: R.2192-31).
        #expect(a.interestStart == Law.d("2023-06-16"))
        #expect(a.rate == Law.m("10.50"))
        // 2023-06-15 → 2023-07-20 = 35 days; 10 000 × 0.105 × 35 / 365 = 36 750 / 365 = 100.6849… → 100.68.
        #expect(a.daysLate == 35)
        #expect(a.interest == Law.m("100.68"))
        // A Chorus payment status without an amount pays the whole amount due.
        #expect(a.paidAmount == Law.m("10000.00"))
    }

    @Test(arguments: [
        ("2015-10-11", "8.05"), ("2014-01-02", "8.25"), ("2019-03-01", "8.00"), ("2022-12-31", "8.00"),
        ("2023-01-01", "10.50"), ("2023-07-01", "12.00"),
        ("2024-01-15", "12.50"), ("2024-07-01", "12.25"), ("2025-06-30", "11.15"), ("2025-07-01", "10.15"),
        ("2026-03-01", "10.15"),
    ])
    func halfYearRatesMatchTheTable(start: String, rate: String) throws {
        // DOMAIN.md §3 table: MRO on day 1 of the half-year + 8 points. 2015 S2: 0.05 (since 2014-09-10) + 8;
        // 2014 S1: 0.25 (since 2013-11-13) + 8 (Banque de France table).
        let r = try #require(ECBRateTable.builtIn.interestRate(startingOn: Law.d(start), marginPoints: 8))
        #expect(r.interestRate == Law.m(rate))
        #expect(r.provisional == false)
    }

    @Test func unknownHalfYearUsesLastRateProvisionally() throws {
        // Interest starting 2026-07-11 (2026 S2, not confirmed): last known 2.15 + 8 = 10.15 %, provisional.
        let r = try #require(ECBRateTable.builtIn.interestRate(startingOn: Law.d("2026-07-11"), marginPoints: 8))
        #expect(r.interestRate == Law.m("10.15"))
        #expect(r.provisional)
        #expect(r.halfYearStart == Law.d("2026-07-01"))
    }

    @Test func provisionalRateIsFlaggedAndUserRateReplacesIt() {
        // Made available 2026-06-10 → due 2026-07-10; paid 2026-07-20: 10 days late, interest from 2026-07-11.
        let inv = Law.invoice(issued: "2026-06-05", amountDue: "10000.00")
        let ref = InvoiceRef(number: Law.number, issueDate: Law.d("2026-06-05"), sellerId: Law.sellerSIRET)
        let events = [
            Law.ev(.madeAvailable, .chorusPro, "MISE_A_DISPOSITION", "2026-06-10", invoice: ref),
            Law.ev(.paid, .chorusPro, "MISE_EN_PAIEMENT", "2026-07-20", invoice: ref),
        ]
        let a = Law.assess(events, asOf: "2026-07-21", invoice: inv, mandats: [])
        #expect(a.rateProvisional)
        // 10 000 × 0.1015 × 10 / 365 = 10 150 / 365 = 27.8082… → 27.81.
        #expect(a.interest == Law.m("27.81"))
        #expect(a.notes.contains { $0.en.contains("Provisional") && $0.en.contains("ecbRates") })
        #expect(Law.finding(a, .paidLateInterestDue)?.message.fr.contains("provisoire") == true)
        // A user adds a (synthetic) rate of 2.00 in force from 2026-07-01 and confirms the half-year.
        let config = LawConfiguration.default.adding(
            rates: [ECBRateChange(inForceFrom: Law.d("2026-07-01"), rate: Law.m("2.00"))],
            confirmedThrough: Law.d("2026-07-01"))
        let b = Law.assess(events, asOf: "2026-07-21", invoice: inv, mandats: [], config: config)
        #expect(b.rateProvisional == false)
        #expect(b.rate == Law.m("10.00"))
        // 10 000 × 0.10 × 10 / 365 = 10 000 / 365 = 27.3972… → 27.40.
        #expect(b.interest == Law.m("27.40"))
    }

    @Test func eachPaymentCountsItsOwnDaysLate() {
        // Due 2025-04-02. 6 000 paid 2025-04-01 (on time), 6 000 paid 2025-04-12 (10 days late).
        let events = [
            Law.madeAvailable, Law.mandated, Law.ackAccepted,
            Law.ev(
                .paid, .pesRetour, "OrgEma=01", "2025-04-01", invoice: nil, mandat: Law.mandatKey, amount: "6000.00",
                line: 30),
            Law.ev(
                .paid, .pesRetour, "OrgEma=01", "2025-04-12", invoice: nil, mandat: Law.mandatKey, amount: "6000.00",
                line: 31),
        ]
        let a = Law.assess(events, asOf: "2025-04-20")
        #expect(a.stage == .paid)
        #expect(a.paidDate == Law.d("2025-04-12"))
        #expect(a.daysLate == 10)
        #expect(a.payments.map(\.daysLate) == [0, 10])
        // 6 000 × 0.1115 × 10 / 365 = 6 690 / 365 = 18.3287… → 18.33.
        #expect(a.interest == Law.m("18.33"))
        #expect(a.indemnity == Law.m("40"))
        // 2025-04-12 + 45 = 2025-05-27 (18 to April 30, then 27).
        #expect(a.interestDueBy == Law.d("2025-05-27"))
    }

    @Test func unpaidInvoiceAccruesInterestToAsOf() {
        // Due 2025-04-02, unpaid on 2025-04-12: 10 days; 12 000 × 0.1115 × 10 / 365 = 13 380 / 365 = 36.6575… → 36.66.
        let a = Law.assess([Law.madeAvailable, Law.mandated, Law.ackAccepted], asOf: "2025-04-12")
        #expect(a.daysLate == 10)
        #expect(a.interest == Law.m("36.66"))
        #expect(a.indemnity == Law.m("40"))
        #expect(a.interestDueBy == nil)
        // At stake: 12 000 unpaid + 36.66 interest = 12 036.66.
        #expect(a.moneyAtStake == Law.m("12036.66"))
    }

    @Test func partialPaymentLeavesTheRestAccruing() {
        // Due 2025-04-02; 5 000 paid 2025-04-10 (8 days late); 7 000 unpaid on 2025-04-20 (18 days late).
        let events = [
            Law.madeAvailable, Law.mandated, Law.ackAccepted,
            Law.ev(
                .paid, .pesRetour, "OrgEma=01", "2025-04-10", invoice: nil, mandat: Law.mandatKey, amount: "5000.00"),
        ]
        let a = Law.assess(events, asOf: "2025-04-20")
        #expect(a.stage == .atComptable)
        #expect(a.paidAmount == Law.m("5000.00"))
        #expect(a.paidDate == nil)
        // 5 000 × 0.1115 × 8 / 365 = 4 460 / 365 = 12.2191…; 7 000 × 0.1115 × 18 / 365 = 14 049 / 365 = 38.4904…;
        // total 50.7095… → 50.71.
        #expect(a.interest == Law.m("50.71"))
        // At stake: 7 000 + 50.71 = 7 050.71.
        #expect(a.moneyAtStake == Law.m("7050.71"))
    }

    @Test func onTimePaymentOwesNothing() {
        let onTime = Law.ev(
            .paid, .pesRetour, "OrgEma=01", "2025-04-02", invoice: nil, mandat: Law.mandatKey, amount: "12000.00")
        let a = Law.assess([Law.madeAvailable, Law.mandated, Law.ackAccepted, onTime], asOf: "2025-06-30")
        #expect(a.daysLate == 0)
        #expect(a.interest == 0)
        #expect(a.indemnity == 0)
        #expect(a.interestDueBy == nil)
        #expect(a.moneyAtStake == 0)
    }

    @Test func offsetsAreNotPayments() {
        // OrgEma 02 (penalty offset) is not money to the creditor: the invoice stays unpaid.
        let offset = Law.ev(
            .paymentOffset, .pesRetour, "OrgEma=02", "2025-04-01", invoice: nil, mandat: Law.mandatKey, amount: "500.00"
        )
        let a = Law.assess([Law.madeAvailable, Law.mandated, Law.ackAccepted, offset], asOf: "2025-04-01")
        #expect(a.paidAmount == 0)
        #expect(a.stage == .atComptable)
    }
}

@Suite("Law: user configuration file")
struct LawConfigurationFileTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fixtures/law/law-config.example.json")

    @Test func exampleConfigurationAddsARateAndThresholds() throws {
        // Synthetic fixture: a hypothetical 2.00 % from 2026-07-01, confirmed; thresholds 7 and 21 days.
        let c = try JSONDecoder().decode(LawConfiguration.self, from: Data(contentsOf: Self.fixture))
        #expect(c.mandatedNotReceivedDays == 7)
        #expect(c.staleDays == 21)
        #expect(c.recoveryIndemnity == 40)
        let r = try #require(c.rateTable.interestRate(startingOn: Law.d("2026-07-11"), marginPoints: c.interestMarginPoints))
        // 2.00 + 8 = 10.00 %, confirmed.
        #expect(r.interestRate == Law.m("10.00"))
        #expect(r.provisional == false)
        // 2025 S2 still 2.15 + 8 = 10.15 %.
        #expect(c.rateTable.interestRate(startingOn: Law.d("2025-08-01"), marginPoints: 8)?.interestRate == Law.m("10.15"))
    }
}

/// BT-115 absent or unreadable (`NaN`, `1e5`): the board showed the total with VAT as the amount due while the
/// law counted 0 of interest and 0 at stake on an overdue invoice. One rule now: the law takes the same
/// fallback, BT-112 − BT-113, marks it estimated, and computes interest and money at stake on it.
@Suite struct UnreadableAmountDueTests {
    @Test func interestAndStakeAreComputedOnTheEstimatedAmount() {
        var inv = Law.invoice(amountDue: "12000.00")
        inv.amountDue = nil  // "NaN" in the file: the reader left it empty
        inv.totalWithVAT = Law.m("12500.00")
        inv.prepaid = Law.m("500.00")
        // Made available 2025-03-03 → due 2025-04-02; unpaid, as of 2025-05-02: 30 days late.
        let a = Law.assess([Law.madeAvailable], asOf: "2025-05-02", invoice: inv, mandats: [])
        // 12 500 − 500 = 12 000, estimated.
        #expect(a.amountDue == Law.m("12000.00"))
        #expect(a.amountDueEstimated)
        #expect(a.daysLate == 30)
        // 12 000 × 0.1115 × 30 / 365 = 40 140 / 365 = 109.9726… → 109.97; at stake 12 000 + 109.97 = 12 109.97.
        #expect(a.interest == Law.m("109.97"))
        #expect(a.moneyAtStake == Law.m("12109.97"))
        #expect(a.notes.contains { $0.fr.hasPrefix("Montant dû (BT-115) absent ou illisible : estimé à 12\u{202F}000,00") })
    }

    @Test func aReadableAmountDueIsNotAnEstimate() {
        let a = Law.assess([Law.madeAvailable], asOf: "2025-05-02", mandats: [])
        #expect(a.amountDue == Law.m("12000.00"))
        #expect(!a.amountDueEstimated)
        #expect(a.interest == Law.m("109.97"))
    }

    /// An amount due with more than two decimals is kept for the interest, but the money at stake is in cents.
    @Test func moneyAtStakeIsInCents() {
        let inv = Law.invoice(amountDue: "3245.68145")
        let a = Law.assess([Law.madeAvailable], asOf: "2025-04-01", invoice: inv, mandats: [])
        // Not yet due (due 2025-04-02): no interest; 3 245.68145 → 3 245.68.
        #expect(a.interest == 0)
        #expect(a.moneyAtStake == Law.m("3245.68"))
    }
}
