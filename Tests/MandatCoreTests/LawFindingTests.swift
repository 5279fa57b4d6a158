import Foundation
import Testing

@testable import MandatCore

@Suite("Law: blockage findings")
struct LawFindingTests {
    static func retour(_ kind: EventKind, _ code: String, _ date: String, details: [String: String] = [:]) -> ChainEvent
    {
        Law.ev(
            kind, .pesRetour, code, date, invoice: nil, mandat: Law.mandatKey,
            reasons: [EventReason(code: "01", text: "Pièces manquantes")], details: details)
    }

    // MARK: supplier-side branches

    @Test func depositRejectedFiresUntilRedeposited() throws {
        let rej = Law.ev(
            .depositRejected, .chorusPro, "IN_REJETE", "2025-03-01",
            reasons: [EventReason(code: "REJ_SEMAN", text: "Facture non conforme")])
        let a = Law.assess([rej], asOf: "2025-03-05", mandats: [])
        let f = try #require(Law.finding(a, .depositRejected))
        #expect(f.holder == .supplier)
        #expect(f.contact == .supplier)
        #expect(f.severity == .blocking)
        #expect(f.daysAtHolder == 4)
        #expect(f.evidence.first?.source == SourceRef(file: "synthetic/chorusPro", line: 1))
        #expect(f.message.fr.contains("REJ_SEMAN"))
        // No overdue for an invoice that never reached the buyer.
        #expect(!Law.codes(a).contains(.overdue))
        let again = Law.ev(.madeAvailable, .chorusPro, "MISE_A_DISPOSITION", "2025-03-03")
        #expect(!Law.codes(Law.assess([rej, again], asOf: "2025-03-05", mandats: [])).contains(.depositRejected))
    }

    @Test func routingDataToFixFiresUntilMadeAvailableAgain() {
        let back = Law.ev(.routingReturned, .chorusPro, "A_RECYCLER", "2025-03-05")
        let a = Law.assess([Law.madeAvailable, back], asOf: "2025-03-06", mandats: [])
        #expect(Law.codes(a).contains(.routingDataToFix))
        #expect(Law.finding(a, .routingDataToFix)?.holder == .supplier)
        let again = Law.ev(.madeAvailable, .chorusPro, "MISE_A_DISPOSITION", "2025-03-08")
        let b = Law.assess([Law.madeAvailable, back, again], asOf: "2025-03-09", mandats: [])
        #expect(!Law.codes(b).contains(.routingDataToFix))
        // The clock restarts at the new made-available: 2025-03-08 + 30 = 2025-04-07.
        #expect(b.dueDate == Law.d("2025-04-07"))
    }

    @Test func rejectedIsTerminalAndNeedsANewInvoice() {
        let rej = Law.ev(.rejected, .chorusPro, "REJETEE", "2025-03-10")
        let a = Law.assess([Law.madeAvailable, rej], asOf: "2025-06-01", mandats: [])
        #expect(Law.finding(a, .rejected)?.nextAction.fr.contains("nouvelle facture") == true)
        #expect(!Law.codes(a).contains(.overdue))
        #expect(!Law.codes(a).contains(.stale))
        #expect(!Law.codes(Law.assess([Law.madeAvailable], asOf: "2025-03-10", mandats: [])).contains(.rejected))
    }

    @Test func suspendedAwaitingSupplierFiresUntilCompleted() {
        let s = Law.ev(.suspended, .chorusPro, "SUSPENDUE", "2025-03-15")
        let a = Law.assess([Law.madeAvailable, s], asOf: "2025-03-20", mandats: [])
        let f = Law.finding(a, .suspendedAwaitingSupplier)
        #expect(f?.holder == .supplier)
        #expect(f?.since == Law.d("2025-03-15"))
        #expect(f?.daysAtHolder == 5)
        #expect(f?.message.en.contains("interrupted") == true)
        let c = Law.ev(.completed, .chorusPro, "COMPLETEE", "2025-03-18")
        #expect(
            !Law.codes(Law.assess([Law.madeAvailable, s, c], asOf: "2025-03-20", mandats: [])).contains(
                .suspendedAwaitingSupplier))
    }

    @Test func disputedFiresUntilApproved() {
        let dispute = Law.ev(
            .disputed, .cdar, "207", "2025-03-10", reasons: [EventReason(code: "LIVR_INCOMP", text: nil)])
        let a = Law.assess([Law.madeAvailable, dispute], asOf: "2025-03-12", mandats: [])
        #expect(Law.finding(a, .disputed)?.contact == .serviceGestionnaire)
        let ok = Law.ev(.approved, .cdar, "205", "2025-03-11")
        #expect(
            !Law.codes(Law.assess([Law.madeAvailable, dispute, ok], asOf: "2025-03-12", mandats: [])).contains(
                .disputed))
    }

    @Test func secondSuspensionIgnoredOnlyForASecondOne() {
        let s1 = Law.ev(.suspended, .chorusPro, "SUSPENDUE", "2025-03-10")
        let c1 = Law.ev(.completed, .chorusPro, "COMPLETEE", "2025-03-12")
        let s2 = Law.ev(.suspended, .chorusPro, "SUSPENDUE", "2025-03-20")
        let c2 = Law.ev(.completed, .chorusPro, "COMPLETEE", "2025-03-27")
        let a = Law.assess([Law.madeAvailable, s1, c1, s2, c2], asOf: "2025-03-28", mandats: [])
        // Only the first counts: elapsed 7 (03-03 → 03-10), balance 23 < 30 → due 2025-03-12 + 30 = 2025-04-11.
        #expect(a.dueDate == Law.d("2025-04-11"))
        #expect(Law.finding(a, .secondSuspensionIgnored)?.since == Law.d("2025-03-20"))
        #expect(
            !Law.codes(Law.assess([Law.madeAvailable, s1, c1], asOf: "2025-03-28", mandats: [])).contains(
                .secondSuspensionIgnored))
    }

    @Test func suspensionAfterTheMandatDoesNotInterrupt() {
        let s = Law.ev(.suspended, .chorusPro, "SUSPENDUE", "2025-03-29")
        let a = Law.assess([Law.madeAvailable, Law.mandated, s], asOf: "2025-03-30")
        #expect(a.interruption == nil)
        #expect(a.dueDate == Law.d("2025-04-02"))
        #expect(Law.codes(a).contains(.secondSuspensionIgnored))
    }

    // MARK: shares

    @Test func ordonnateurOverShareFiresPastTwentyDays() throws {
        // Made available 2025-03-03; on 2025-03-30 the ordonnateur has held it 27 days, share 20: over by 7.
        let a = Law.assess([Law.madeAvailable], asOf: "2025-03-30", mandats: [])
        let f = try #require(Law.finding(a, .ordonnateurOverShare))
        #expect(f.daysAtHolder == 27)
        #expect(f.daysOverShare == 7)
        #expect(f.severity == .warning)
        #expect(f.contact == .serviceGestionnaire)
        // 2025-03-20: 17 days, within the share.
        #expect(
            !Law.codes(Law.assess([Law.madeAvailable], asOf: "2025-03-20", mandats: [])).contains(.ordonnateurOverShare)
        )
        // The State has no split.
        let state = Law.assess(
            [Law.madeAvailable], buyer: BuyerProfile(category: .state), asOf: "2025-03-30", mandats: [])
        #expect(!Law.codes(state).contains(.ordonnateurOverShare))
    }

    @Test func comptableOverShareFiresPastTenDays() throws {
        // ACK 2025-03-31; on 2025-04-15 the comptable has held it 15 days, share 10: over by 5.
        let a = Law.assess([Law.madeAvailable, Law.mandated, Law.ackAccepted, Law.takenInCharge], asOf: "2025-04-15")
        let f = try #require(Law.finding(a, .comptableOverShare))
        #expect(f.daysAtHolder == 15)
        #expect(f.daysOverShare == 5)
        #expect(f.contact == .comptableOffice)
        #expect(f.holder == .comptable)
        // 2025-04-08: 8 days, within the share.
        #expect(
            !Law.codes(Law.assess([Law.madeAvailable, Law.mandated, Law.ackAccepted], asOf: "2025-04-08")).contains(
                .comptableOverShare))
    }

    @Test func workedExampleFindings() throws {
        let events = [Law.madeAvailable, Law.mandated, Law.ackAccepted, Law.paidPES]
        let a = Law.assess(events, asOf: "2025-05-01")
        #expect(Law.codes(a) == [.paidLateInterestDue, .ordonnateurOverShare, .comptableOverShare])
        let f = try #require(Law.finding(a, .paidLateInterestDue))
        // 73.32 interest + 40 indemnity = 113.32.
        #expect(f.moneyAtStake == Law.m("113.32"))
        #expect(f.daysOverShare == 20)
        #expect(f.contact == .ordonnateurFinance)
        #expect(f.nextAction.fr.contains("06/06/2025"))
        #expect(Law.finding(a, .ordonnateurOverShare)?.daysOverShare == 8)
        #expect(Law.finding(a, .ordonnateurOverShare)?.severity == .info)
        #expect(Law.finding(a, .comptableOverShare)?.daysOverShare == 12)
    }

    // MARK: the mandat

    @Test func mandatedNotReceivedAfterFiveDays() throws {
        // Bordereau 2025-03-28, no ACK: on 2025-04-02 (5 days) it fires; on 2025-03-31 (3 days) it does not.
        let a = Law.assess([Law.madeAvailable, Law.mandated], asOf: "2025-04-02")
        let f = try #require(Law.finding(a, .mandatedNotReceived))
        #expect(f.daysAtHolder == 5)
        #expect(f.holder == .ordonnateur)
        #expect(f.contact == .ordonnateurFinance)
        #expect(
            !Law.codes(Law.assess([Law.madeAvailable, Law.mandated], asOf: "2025-03-31")).contains(.mandatedNotReceived)
        )
        // With the ACK it does not fire.
        #expect(
            !Law.codes(Law.assess([Law.madeAvailable, Law.mandated, Law.ackAccepted], asOf: "2025-04-10")).contains(
                .mandatedNotReceived))
        // Chorus MANDATEE alone (optional status, no PES) does not fire it.
        let chorusOnly = Law.assess(
            [Law.madeAvailable, Law.ev(.mandated, .chorusPro, "MANDATEE", "2025-03-28")], asOf: "2025-04-10",
            mandats: [])
        #expect(!Law.codes(chorusOnly).contains(.mandatedNotReceived))
    }

    @Test func integrationRejectedUntilAcceptedLater() {
        let ko = Law.ev(
            .integrationRejected, .pesAcquit, "EtatAck=0", "2025-03-29", invoice: nil,
            mandat: Law.mandatKey.bordereau, reasons: [EventReason(code: "2559", text: "Code service inconnu")])
        let a = Law.assess([Law.madeAvailable, Law.mandated, ko], asOf: "2025-03-30")
        #expect(a.stage == .integrationRejected)
        #expect(Law.finding(a, .integrationRejected)?.message.fr.contains("2559") == true)
        let ok = Law.ev(
            .receivedByComptable, .pesAcquit, "EtatAck=1", "2025-04-01", invoice: nil, mandat: Law.mandatKey.bordereau)
        #expect(
            !Law.codes(Law.assess([Law.madeAvailable, Law.mandated, ko, ok], asOf: "2025-04-02")).contains(
                .integrationRejected))
    }

    @Test func mandatOnHoldUntilTakenInCharge() {
        let hold = Self.retour(.mandatOnHold, "EtatPce=01", "2025-04-03")
        let a = Law.assess([Law.madeAvailable, Law.mandated, Law.ackAccepted, hold], asOf: "2025-04-05")
        #expect(Law.finding(a, .mandatOnHold)?.since == Law.d("2025-04-03"))
        #expect(
            !Law.codes(
                Law.assess(
                    [Law.madeAvailable, Law.mandated, Law.ackAccepted, hold, Law.takenInCharge], asOf: "2025-04-11")
            ).contains(.mandatOnHold))
    }

    @Test func mandatRejectedSaysWhetherTheSameNumberCanBeReused() {
        let atVisa = Self.retour(.mandatRejected, "EtatPce=04", "2025-04-04")
        let a = Law.assess([Law.madeAvailable, Law.mandated, Law.ackAccepted, atVisa], asOf: "2025-04-05")
        #expect(Law.finding(a, .mandatRejected)?.nextAction.en.contains("same number") == true)
        let afterPEC = Self.retour(.mandatRejected, "EtatPce=04", "2025-04-04", details: ["DtePcePec": "2025-04-02"])
        let b = Law.assess([Law.madeAvailable, Law.mandated, Law.ackAccepted, afterPEC], asOf: "2025-04-05")
        #expect(Law.finding(b, .mandatRejected)?.nextAction.en.contains("new number") == true)
        // Re-issued on 2025-04-08: no longer rejected.
        let reissued = Law.ev(
            .mandated, .pesAller, "Piece", "2025-04-08", mandat: Law.mandatKey, amount: "12000.00", line: 90)
        #expect(
            !Law.codes(
                Law.assess([Law.madeAvailable, Law.mandated, Law.ackAccepted, atVisa, reissued], asOf: "2025-04-09")
            ).contains(.mandatRejected))
    }

    @Test func mandatAmountMismatch() throws {
        let a = Law.assess(
            [Law.madeAvailable, Law.mandated], asOf: "2025-03-29", mandats: [Law.mandat(ttc: "11000.00")])
        let f = try #require(Law.finding(a, .mandatAmountMismatch))
        // 12 000.00 − 11 000.00 = 1 000.00.
        #expect(f.moneyAtStake == Law.m("1000.00"))
        #expect(f.evidence.first?.source.file == "synthetic/PES_Aller.xml")
        #expect(
            !Law.codes(Law.assess([Law.madeAvailable, Law.mandated], asOf: "2025-03-29")).contains(
                .mandatAmountMismatch))
    }

    @Test func assignedOrOpposed() {
        let cess = Self.retour(.assignedOrOpposed, "CessOpp=02", "2025-04-05")
        let a = Law.assess([Law.madeAvailable, Law.mandated, Law.ackAccepted, cess], asOf: "2025-04-06")
        #expect(Law.finding(a, .assignedOrOpposed)?.contact == .comptableOffice)
        #expect(a.stage == .assignedOrOpposed)
        #expect(
            !Law.codes(Law.assess([Law.madeAvailable, Law.mandated, Law.ackAccepted], asOf: "2025-04-06")).contains(
                .assignedOrOpposed))
    }

    // MARK: time

    @Test func interestUnpaidAfterFortyFiveDays() throws {
        let events = [Law.madeAvailable, Law.mandated, Law.ackAccepted, Law.paidPES]
        // Due by 2025-06-06: on that day still the "due" finding, the day after the "unpaid" one.
        let onTime = Law.assess(events, asOf: "2025-06-06")
        #expect(Law.codes(onTime).contains(.paidLateInterestDue))
        #expect(!Law.codes(onTime).contains(.interestUnpaid45Days))
        let late = Law.assess(events, asOf: "2025-06-07")
        let f = try #require(Law.finding(late, .interestUnpaid45Days))
        #expect(f.daysOverShare == 1)
        // The count starts from the payment of the principal (review: « depuis le 27/12/2025 (80 j) » as of
        // 31/01/2026 printed the due-by date beside a count from the payment): paid 22/04/2025, as of 07/06/2025
        // 8 (23–30 April) + 31 (May) + 7 (June) = 46 days, 46 − 45 = 1 over.
        #expect(f.since == CivilDate(iso: "2025-04-22"))
        #expect(f.daysAtHolder == 46)
        #expect(f.moneyAtStake == Law.m("113.32"))
        #expect(!Law.codes(late).contains(.paidLateInterestDue))
        // Recorded as paid by hand: neither fires.
        let done = Law.ev(.other, .manual, DossierAssessor.interestPaidCode, "2025-06-01")
        let settled = Law.assess(events + [done], asOf: "2025-06-07")
        #expect(!Law.codes(settled).contains(.interestUnpaid45Days))
        #expect(settled.moneyAtStake == 0)
    }

    @Test func staleAfterThirtyQuietDays() {
        // Last event 2025-03-03: 30 days later (2025-04-02) it is stale; 29 days (2025-04-01) not yet.
        let a = Law.assess([Law.madeAvailable], asOf: "2025-04-02", mandats: [])
        #expect(Law.finding(a, .stale)?.holder == .ordonnateur)
        #expect(!Law.codes(Law.assess([Law.madeAvailable], asOf: "2025-04-01", mandats: [])).contains(.stale))
        // Paid dossiers are never stale.
        let paid = Law.assess([Law.madeAvailable, Law.mandated, Law.ackAccepted, Law.paidPES], asOf: "2025-09-01")
        #expect(!Law.codes(paid).contains(.stale))
    }

    @Test func overdueWhenUnpaidPastTheDueDate() throws {
        // Due 2025-04-02: overdue on 2025-04-03 (1 day), not on 2025-04-02.
        let a = Law.assess([Law.madeAvailable, Law.mandated, Law.ackAccepted], asOf: "2025-04-03")
        let f = try #require(Law.finding(a, .overdue))
        #expect(f.daysOverShare == 1)
        #expect(f.holder == .comptable)
        #expect(f.contact == .comptableOffice)
        // 12 000 × 0.1115 × 1 / 365 = 3.6657… → 3.67; at stake 12 003.67.
        #expect(f.moneyAtStake == Law.m("12003.67"))
        #expect(
            !Law.codes(Law.assess([Law.madeAvailable, Law.mandated, Law.ackAccepted], asOf: "2025-04-02")).contains(
                .overdue))
    }

    @Test func everyCodeIsStable() {
        #expect(
            FindingCode.allCases.map(\.rawValue) == [
                "deposit-rejected", "routing-data-to-fix", "rejected", "suspended-awaiting-supplier", "disputed",
                "ordonnateur-over-share", "mandated-not-received", "integration-rejected", "mandat-on-hold",
                "mandat-rejected", "comptable-over-share", "paid-late-interest-due", "interest-unpaid-45-days",
                "mandat-amount-mismatch", "assigned-or-opposed", "stale", "second-suspension-ignored", "overdue",
                "no-clock-start",
            ])
    }
}

/// Amounts of a dossier invoiced in another currency than the euro: interest and money at stake stay in that
/// currency; the 40 € indemnity (CCP D.2192-35) is euros and never added to them.
@Suite("Law: foreign currency")
struct LawForeignCurrencyTests {
    static func sek() -> Invoice {
        var i = Law.invoice()
        i.currency = "SEK"
        return i
    }

    @Test func paidLateInSEKKeepsTheIndemnityApart() throws {
        // The worked example (made available 2025-03-03, due 2025-04-02, paid 2025-04-22: 20 days late, 12 000 at
        // 11.15 %: 73.32) with the invoice in SEK.
        let events = [Law.madeAvailable, Law.mandated, Law.ackAccepted, Law.paidPES]
        let a = Law.assess(events, asOf: "2025-05-01", invoice: Self.sek())
        #expect(a.currency == "SEK")
        #expect(a.interest == Law.m("73.32"))
        #expect(a.indemnity == Law.m("40"))
        let f = try #require(Law.finding(a, .paidLateInterestDue))
        // In euros this finding puts 113.32 at stake (LawFindingTests.workedExampleFindings); in SEK, 73.32 alone.
        #expect(f.moneyAtStake == Law.m("73.32"))
        #expect(
            f.nextAction.fr.hasPrefix(
                "Réclamer les intérêts moratoires (73,32\u{00A0}SEK) et l'indemnité forfaitaire (40,00\u{00A0}€)"))
        #expect(
            f.nextAction.en.hasPrefix("Claim the late-payment interest (73.32 SEK) and the flat indemnity (40.00 EUR)"))
    }

    @Test func unpaidInSEKMoneyAtStakeIsInSEKWithoutTheIndemnity() throws {
        // Made available 2025-03-03, due 2025-04-02, unpaid on 2025-05-02: 30 days late, 12 000 × 11.15 % × 30 / 365
        // = 109.97 SEK; at stake 12 109.97 SEK.
        let a = Law.assess([Law.madeAvailable], asOf: "2025-05-02", invoice: Self.sek(), mandats: [])
        #expect(a.interest == Law.m("109.97"))
        #expect(a.moneyAtStake == Law.m("12109.97"))
        let f = try #require(Law.finding(a, .overdue))
        #expect(f.moneyAtStake == Law.m("12109.97"))
        #expect(f.nextAction.fr.contains("(109,97\u{00A0}SEK à ce jour) et l'indemnité de 40 € est due"))
    }
}

/// `ordonnateur-over-share` says which case it is: the ordonnateur holds the invoice now, it exceeded its share
/// before the comptable received the mandat, or the days run against its share while someone else holds it.
@Suite("Law: the ordonnateur's share and the holder")
struct LawOverShareHolderTests {
    @Test func holdingNowIsPresentTense() throws {
        let a = Law.assess([Law.madeAvailable], asOf: "2025-03-30", mandats: [])
        #expect(a.holder == .ordonnateur)
        let f = try #require(Law.finding(a, .ordonnateurOverShare))
        #expect(f.message.fr == "L'ordonnateur détient la facture depuis 27 jours pour une part de 20 jours (+7).")
    }

    @Test func pastOverrunWhileTheComptableHoldsItIsPastTense() throws {
        // Made available 2025-03-03, PES_ACQUIT 2025-03-31: 28 days against 20, then the comptable holds it.
        let a = Law.assess([Law.madeAvailable, Law.mandated, Law.ackAccepted], asOf: "2025-04-05")
        #expect(a.holder == .comptable)
        let f = try #require(Law.finding(a, .ordonnateurOverShare))
        #expect(f.severity == .info)
        #expect(
            f.message.fr
                == "L'ordonnateur a dépassé sa part du délai (20 jours) de 8 jours avant de transmettre le mandat au "
                + "comptable : 28 jours du départ du délai à la réception par le comptable le 31/03/2025.")
        #expect(f.message.en.hasPrefix("The ordonnateur exceeded its share of the delay (20 days) by 8 days before"))
    }

    @Test func daysCountedWhileThePlatformHoldsItSaySo() throws {
        // Only the invoice (issued 2025-02-28): start estimated at 2025-03-02 (R.2192-14); on 2025-04-10, 39 days.
        let a = Law.assess([], asOf: "2025-04-10", mandats: [])
        #expect(a.holder == .platform)
        let f = try #require(Law.finding(a, .ordonnateurOverShare))
        #expect(
            f.message.fr
                == "Part de l'ordonnateur dépassée de 19 jours : 39 jours écoulés depuis le départ du délai (02/03/2025) "
                + "sans réception d'un mandat par le comptable, imputés à l'ordonnateur (part de 20 jours) bien que la "
                + "facture soit aujourd'hui chez la plateforme.")
    }
}
