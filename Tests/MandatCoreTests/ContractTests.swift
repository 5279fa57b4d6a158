import Foundation
import Testing

@testable import MandatCore

// Synthetic contracts built in code: fictitious buyers and companies, SIRETs with valid Luhn keys
// (21990001600011, 80000001000010, …).

private func d(_ s: String) -> CivilDate { CivilDate(iso: s)! }
private func dec(_ s: String) -> Decimal { Decimal(string: s)! }

/// A marché notified 2023-03-15 for 12 months and 100 000 €, with two modifications listed out of order:
/// first in the file the one notified 2023-09-01 (→ 130 000 €), then the one notified 2023-05-10
/// (→ 110 000 €, 18 months).
private func outOfOrderContract() -> Contract {
    var c = Contract(type: "marche", id: "20230004502", source: SourceRef(file: "synthetic"))
    c.format = .decpV1
    c.buyerId = "219 900 016 00011"
    c.notificationDate = d("2023-03-15")
    c.durationMonths = 12
    c.amount = 100_000
    c.holders = [ContractHolder(idType: "SIRET", id: "80000001000010")]
    c.modifications = [
        ContractModification(id: nil, notificationDate: d("2023-09-01"), amount: 130_000, durationMonths: nil),
        ContractModification(
            id: nil, notificationDate: d("2023-05-10"), amount: 110_000, durationMonths: 18,
            holders: [ContractHolder(idType: "SIRET", id: "80000002800012")]),
    ]
    return c
}

@Suite("Contract amounts and dates in force")
struct ContractTests {
    @Test func modificationsApplyInNotificationOrderNotFileOrder() {
        let c = outOfOrderContract()
        #expect(
            c.modificationsInNotificationOrder.compactMap(\.notificationDate) == [d("2023-05-10"), d("2023-09-01")])
        // Before any modification: the notified 100 000.
        #expect(c.amount(on: d("2023-05-09")) == 100_000)
        // From 2023-05-10: 110 000 (the second in the file, first notified).
        #expect(c.amount(on: d("2023-05-10")) == 110_000)
        #expect(c.amount(on: d("2023-08-31")) == 110_000)
        // From 2023-09-01: 130 000. In file order the 110 000 would wrongly come last.
        #expect(c.amount(on: d("2023-09-01")) == 130_000)
        #expect(c.amountInForce == 130_000)
    }

    @Test func endDateFollowsTheDurationInForce() {
        let c = outOfOrderContract()
        // 2023-03-15 + 12 months = 2024-03-15.
        #expect(c.endDate(on: d("2023-04-01")) == d("2024-03-15"))
        // From 2023-05-10 the duration is 18 months: 2023-03-15 + 18 months = 2024-09-15.
        #expect(c.endDate(on: d("2023-05-10")) == d("2024-09-15"))
        #expect(c.endDateInForce == d("2024-09-15"))
        #expect(c.durationMonths(on: d("2023-01-01")) == 12)
    }

    @Test func holdersInForceAndEveryHolderEverNamed() {
        let c = outOfOrderContract()
        #expect(c.holders(on: d("2023-04-01")).map(\.id) == ["80000001000010"])
        #expect(c.holders(on: d("2023-06-01")).map(\.id) == ["80000002800012"])
        #expect(c.allHolders.map(\.id) == ["80000001000010", "80000002800012"])
    }

    @Test func concessionUsesValueAndExecutionStart() {
        var c = Contract(type: "contrat-concession", id: "2022000700", source: SourceRef(file: "synthetic"))
        c.signatureDate = d("2022-01-20")
        c.startDate = d("2022-03-01")
        c.durationMonths = 60
        c.value = dec("250000.5")
        c.modifications = [
            ContractModification(id: nil, notificationDate: d("2024-06-30"), amount: 300_000, durationMonths: 72)
        ]
        #expect(c.isConcession)
        #expect(c.amountNotified == dec("250000.5"))
        // Duration runs from dateDebutExecution 2022-03-01: + 60 months = 2027-03-01; after 2024-06-30,
        // 72 months = 2028-03-01.
        #expect(c.endDate(on: d("2024-06-29")) == d("2027-03-01"))
        #expect(c.endDate(on: d("2024-06-30")) == d("2028-03-01"))
        #expect(c.amount(on: d("2024-06-29")) == dec("250000.5"))
        #expect(c.amount(on: d("2024-07-01")) == 300_000)
    }

    @Test func undatedModificationsCountOnlyInTheFinalState() {
        var c = outOfOrderContract()
        c.modifications.append(
            ContractModification(id: "3", notificationDate: nil, amount: 140_000, durationMonths: nil))
        // Not placeable on a date: 2030-01-01 still sees 130 000; the final state applies it last.
        #expect(c.amount(on: d("2030-01-01")) == 130_000)
        #expect(c.amountInForce == 140_000)
    }

    @Test(arguments: [
        // Clamped to the month's length: 2024 is a leap year, 2023 is not.
        ("2024-01-31", 1, "2024-02-29"),
        ("2023-01-31", 1, "2023-02-28"),
        // Across a year: November + 3 = February of the next year.
        ("2023-11-15", 3, "2024-02-15"),
        ("2007-08-13", 24, "2009-08-13"),
        ("2024-03-31", -1, "2024-02-29"),
    ])
    func addingMonthsClampsTheDay(start: String, months: Int, expected: String) {
        #expect(d(start).addingMonths(months) == d(expected))
    }

    @Test func v1BaseIdDropsTheTwoDigitModificationSuffix() {
        let c = outOfOrderContract()
        #expect(c.v1BaseId == "202300045")
        var v2 = c
        v2.format = .decpV2
        #expect(v2.v1BaseId == nil)
    }

    @Test func keyUsesTheBuyerSIRETDigits() {
        // "219 900 016 00011" written with spaces is the SIRET 21990001600011.
        #expect(outOfOrderContract().key == ContractKey(buyerId: "21990001600011", id: "20230004502"))
    }

    @Test func holderCompanyIsReadOnlyForSIRETTypes() {
        #expect(ContractHolder(idType: "SIRET", id: "800 000 010 00010").company?.digits == "80000001000010")
        #expect(ContractHolder(idType: "TVA", id: "DE814864138").company == nil)
        // A 9-digit id typed TVA is still not a SIREN.
        #expect(ContractHolder(idType: "TVA", id: "800000010").company == nil)
        #expect(ContractHolder(idType: nil, id: "326 912 557").company?.kind == .siren)
    }
}

@Test(arguments: [
    ("MARCHE", ContractNature.marche),
    ("Marché", .marche),
    ("ACCORD-CADRE", .frameworkAgreement),
    ("Marche subsequent", .subsequentContract),
    ("Marché de défense ou de sécurité", .defenceOrSecurity),
    ("DELEGATION DE SERVICE PUBLIC", .publicServiceDelegation),
    ("Concession de service public", .publicServiceConcession),
])
func natureIgnoresCaseAccentsAndHyphens(text: String, nature: ContractNature) {
    #expect(ContractNature(decp: text) == nature)
}

@Test func unknownNatureIsNil() {
    #expect(ContractNature(decp: "Bon de commande") == nil)
    var c = Contract(type: "marche", id: "X", source: SourceRef(file: "synthetic"))
    #expect(c.natureKind == nil)
    c.nature = "Accord-cadre"
    #expect(c.natureKind == .frameworkAgreement)
}
