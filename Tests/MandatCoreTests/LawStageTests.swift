import Foundation
import Testing

@testable import MandatCore

@Suite("Law: stage and holder from the set of events")
struct LawStageTests {
    static var fullChain: [ChainEvent] {
        [
            Law.ev(.deposited, .chorusPro, "DEPOSEE", "2025-03-01"),
            Law.madeAvailable,
            Law.ev(.suspended, .chorusPro, "SUSPENDUE", "2025-03-15"),
            Law.ev(.completed, .chorusPro, "COMPLETEE", "2025-03-25"),
            Law.ev(.serviceCertified, .chorusPro, "SERVICE_FAIT", "2025-03-26"),
            Law.mandated,
            // A Chorus MANDATEE set late, after the payment (CP-HELIOS): must not move the dossier back.
            Law.ev(.mandated, .chorusPro, "MANDATEE", "2025-04-25"),
            Law.ackAccepted,
            Law.takenInCharge,
            Law.paidPES,
            Law.ev(.suspended, .chorusPro, "SUSPENDUE", "2025-04-05"),
        ]
    }

    @Test func sameEventsInAnyOrderOrDuplicatedGiveTheSameAssessment() {
        let reference = Law.assess(Self.fullChain, asOf: "2025-05-01")
        var rng = SeededGenerator(state: 2025)
        for round in 0..<25 {
            var events = Self.fullChain
            // Duplicate some events (the same fact read from two files has the same id).
            events += events.prefix(round % 5)
            events.shuffle(using: &rng)
            let a = Law.assess(events, asOf: "2025-05-01")
            #expect(a == reference, "permutation \(round) differs")
        }
        #expect(reference.stage == .paid)
        // Second suspension after the mandat is ignored: due date stays 2025-04-24 (2025-03-25 + 30).
        #expect(reference.dueDate == Law.d("2025-04-24"))
        #expect(Law.codes(reference).contains(.secondSuspensionIgnored))
    }

    @Test func lateChorusMandateeDoesNotRegressTakenInCharge() {
        let a = Law.assess(
            [
                Law.madeAvailable, Law.mandated, Law.ackAccepted, Law.takenInCharge,
                Law.ev(.mandated, .chorusPro, "MANDATEE", "2025-04-15"),
            ], asOf: "2025-04-16")
        #expect(a.stage == .takenInCharge)
        #expect(a.holder == .comptable)
        // The comptable holds it since the ACK, 2025-03-31: 16 days on 2025-04-16.
        #expect(a.since == Law.d("2025-03-31"))
        #expect(a.daysAtHolder == 16)
    }

    @Test(arguments: [
        ([EventKind.deposited], Stage.deposited, Holder.platform),
        ([.deposited, .madeAvailable], .madeAvailable, .ordonnateur),
        ([.madeAvailable, .serviceCertified], .serviceCertified, .ordonnateur),
        ([.madeAvailable, .routingReturned], .routingReturned, .supplier),
        ([.depositRejected], .depositRejected, .supplier),
        ([.madeAvailable, .rejected], .rejected, .supplier),
        ([.madeAvailable, .disputed], .disputed, .ordonnateur),
        ([.madeAvailable, .suspended], .suspended, .supplier),
        ([.madeAvailable, .cancelled], .cancelled, .nobody),
    ])
    func stageBeforeTheMandat(kinds: [EventKind], stage: Stage, holder: Holder) {
        // Events on successive days from 2025-03-01, in chain order.
        let events = kinds.enumerated().map { i, k in
            Law.ev(k, .chorusPro, k.rawValue, Law.d("2025-03-01").adding(days: i).iso)
        }
        let a = Law.assess(events, asOf: "2025-03-10", mandats: [])
        #expect(a.stage == stage)
        #expect(a.holder == holder)
    }

    @Test func mandatStagesAndHolders() {
        let onHold = Law.ev(
            .mandatOnHold, .pesRetour, "EtatPce=01", "2025-04-03", invoice: nil, mandat: Law.mandatKey,
            reasons: [EventReason(code: "01", text: "Pièces justificatives manquantes")])
        #expect(Law.assess([Law.madeAvailable, Law.mandated], asOf: "2025-03-29").stage == .mandated)
        #expect(Law.assess([Law.madeAvailable, Law.mandated], asOf: "2025-03-29").holder == .ordonnateur)
        #expect(
            Law.assess([Law.madeAvailable, Law.mandated, Law.ackAccepted], asOf: "2025-04-01").stage == .atComptable)
        let held = Law.assess([Law.madeAvailable, Law.mandated, Law.ackAccepted, onHold], asOf: "2025-04-05")
        #expect(held.stage == .mandatOnHold)
        #expect(held.holder == .ordonnateur)
        #expect(held.since == Law.d("2025-04-03"))
        // Taken in charge later (2025-04-10) resolves the hold.
        let resumed = Law.assess(
            [Law.madeAvailable, Law.mandated, Law.ackAccepted, onHold, Law.takenInCharge], asOf: "2025-04-11")
        #expect(resumed.stage == .takenInCharge)
    }

    @Test func requisitionPayment() {
        let req = Law.ev(.requisition, .pesRetour, "NatPce=19", "2025-04-20", invoice: nil, mandat: Law.mandatKey)
        let a = Law.assess([Law.madeAvailable, Law.mandated, Law.ackAccepted, req, Law.paidPES], asOf: "2025-04-30")
        #expect(a.stage == .paidOnRequisition)
        #expect(a.holder == .nobody)
    }

    @Test func optionalChorusStatusesProveNothingByAbsence() {
        // Only MISE_A_DISPOSITION and MISE_EN_PAIEMENT: no SERVICE_FAIT, MANDATEE… The dossier is simply paid.
        let events = [Law.madeAvailable, Law.ev(.paid, .chorusPro, "MISE_EN_PAIEMENT", "2025-03-30")]
        let a = Law.assess(events, asOf: "2025-04-30", mandats: [])
        #expect(a.stage == .paid)
        #expect(a.findings.isEmpty)
        // No evidence of the comptable's receipt: the days cannot be split, not charged to the ordonnateur.
        #expect(a.ordonnateurDays == nil)
        #expect(a.comptableDays == nil)
    }

    @Test func assessmentRoundTripsThroughJSON() throws {
        let a = Law.assess(Self.fullChain, asOf: "2025-05-01")
        let data = try JSONEncoder().encode(a)
        let back = try JSONDecoder().decode(Assessment.self, from: data)
        #expect(back == a)
    }

    @Test func configurationDecodesPartialFilesWithDefaults() throws {
        let json = #"{"staleDays": 45, "ecbRates": [{"inForceFrom": "2026-07-08", "rate": 2}]}"#
        let c = try JSONDecoder().decode(LawConfiguration.self, from: Data(json.utf8))
        #expect(c.staleDays == 45)
        #expect(c.mandatedNotReceivedDays == 5)
        #expect(c.interestMarginPoints == 8)
        #expect(c.recoveryIndemnity == 40)
        #expect(c.ecbRates.count == 1)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(LawConfiguration.self, from: Data(#"{"interestDayBase": 0}"#.utf8))
        }
    }
}

@Suite("Law: odd and hostile input never crashes")
struct LawRobustnessTests {
    @Test func undatedEventsAndNoInvoiceGiveAnAssessmentWithoutClock() {
        // No invoice, no date anywhere: stage from the set, no clock, a note, no finding that needs a date.
        let events = [
            Law.ev(.madeAvailable, .chorusPro, "MISE_A_DISPOSITION", nil),
            Law.ev(.mandated, .chorusPro, "MANDATEE", nil),
        ]
        let a = Law.assess(events, asOf: "2025-05-01", invoice: nil, mandats: [])
        #expect(a.stage == .mandated)
        #expect(a.start == nil)
        #expect(a.dueDate == nil)
        #expect(a.amountDue == nil)
        #expect(a.notes.contains { $0.en.contains("No date to start") })
        #expect(!Law.codes(a).contains(.overdue))
    }

    @Test func creditNoteWithNegativeAmountAccruesNothing() {
        // A credit note of −500.00 made available 2025-03-03: nothing is owed, so nothing is at stake.
        let note = Law.invoice(amountDue: "-500.00")
        let a = Law.assess([Law.madeAvailable], asOf: "2025-06-01", invoice: note, mandats: [])
        #expect(a.interest == 0)
        #expect(a.moneyAtStake == 0)
        #expect(a.findings.isEmpty)
        // A credit note by type (381) with a positive amount is not owed by the buyer either.
        var typed = Law.invoice(amountDue: "500.00")
        typed.typeCode = "381"
        #expect(Law.assess([Law.madeAvailable], asOf: "2025-06-01", invoice: typed, mandats: []).findings.isEmpty)
    }

    @Test func thousandsOfEventsStayFast() {
        // 3 000 statuses on one dossier (a noisy export): assessed without blowing up, same answer as one copy.
        var events: [ChainEvent] = []
        for i in 0..<3000 {
            events.append(Law.ev(.madeAvailable, .chorusPro, "MISE_A_DISPOSITION", "2025-03-03", line: i))
        }
        let a = Law.assess(events + [Law.mandated, Law.ackAccepted, Law.paidPES], asOf: "2025-05-01")
        // Same fact, same id: one event; the worked example's 73.32 € again.
        #expect(a.interest == Law.m("73.32"))
        let built = DossierBuilder.build(invoices: [Law.invoice()], events: events, mandats: [], contracts: [])
        #expect(built.dossiers.first?.events.count == 1)
    }
}
