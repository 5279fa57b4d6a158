import Foundation
import Testing

@testable import MandatCore

@Test func dayArithmeticCrossesMonthsAndLeapYears() {
    // 2025-03-03 + 30 days = 2025-04-02 (28 days left in March + 2).
    #expect(CivilDate(iso: "2025-03-03")!.adding(days: 30).iso == "2025-04-02")
    // 2024 is a leap year: 2024-02-28 + 1 = 2024-02-29.
    #expect(CivilDate(iso: "2024-02-28")!.adding(days: 1).iso == "2024-02-29")
    #expect(CivilDate(iso: "2020-02-30") == nil)
    #expect(CivilDate(iso: "20250403")?.iso == "2025-04-03")
    #expect(CivilDate(iso: "2019-09-03+02:00")?.iso == "2019-09-03")
}

@Test func moneyNormalisationFollowsExpectedRules() {
    #expect(Money.parse("1436.5").map(Money.normalized) == "1436.50")
    #expect(Money.parse("1000").map(Money.normalized) == "1000.00")
    #expect(Money.parse("3245.681450").map(Money.normalized) == "3245.68145")
    #expect(Money.parse("-782179.43").map(Money.normalized) == "-782179.43")
    #expect(Money.parse("+.5").map(Money.normalized) == "0.50")
    #expect(Money.parse("-0").map(Money.normalized) == "0.00")
    #expect(Money.parse("1e3") == nil)
    #expect(Money.parse("1,5") == nil)
    #expect(Money.parse("1 000") == nil)
    // 73.3150… rounds half-up to 73.32.
    #expect(Money.rounded(Decimal(string: "73.315")!) == Decimal(string: "73.32")!)
    #expect(Money.french(Decimal(string: "12000")!) == "12\u{202F}000,00\u{00A0}€")
}

@Test func siretKeyIsLuhn() {
    // 732 829 320 00074: a SIRET with a valid Luhn key.
    #expect(CompanyID("732 829 320 00074")?.hasValidKey == true)
    #expect(CompanyID("73282932000075")?.hasValidKey == false)
    #expect(CompanyID("732829320")?.kind == .siren)
    #expect(CompanyID("12345") == nil)
}

@Test func isoProblemSaysWhyADateIsRefused() {
    #expect(CivilDate.isoProblem("2026-01-31") == nil)
    // 2026 is not a leap year (not a multiple of 4): February has 28 days; 2024 is one: 29.
    #expect(
        CivilDate.isoProblem("2026-02-30")
            == "date impossible : le 30 février 2026 n'existe pas (février 2026 a 28 jours)")
    #expect(
        CivilDate.isoProblem("2024-02-30", french: false)
            == "impossible date: February 30, 2024 does not exist (February 2024 has 29 days)")
    #expect(CivilDate.isoProblem("2025-04-31") == "date impossible : le 31 avril 2025 n'existe pas (avril 2025 a 30 jours)")
    #expect(
        CivilDate.isoProblem("2026-13-01")
            == "date impossible : il n'y a pas de mois 13 (mois de 01 à 12) ; format attendu : AAAA-MM-JJ (par exemple 2026-01-31)")
    #expect(CivilDate.isoProblem("31/01/2026") == "ce n'est pas une date ; format attendu : AAAA-MM-JJ (par exemple 2026-01-31)")
}

@Test func buyerFilterRuleIsOneForCLIAndWeb() {
    // 21990412500016: Luhn sum 40 → right; ...17 gives 41 → wrong key.
    #expect(CompanyID.buyerFilterProblem("21990412500016") == nil)
    #expect(CompanyID.buyerFilterProblem("219904125") == nil)
    #expect(
        CompanyID.buyerFilterProblem("21990412500017")
            == "« 21990412500017 » : clé de contrôle fausse (algorithme de Luhn) ; vérifiez le numéro")
    #expect(CompanyID.buyerFilterProblem("123") == "« 123 » n'est ni un SIRET (14 chiffres) ni un SIREN (9 chiffres)")
    // English quotes the value in English, as the date messages do ('2026-02-30').
    #expect(
        CompanyID.buyerFilterProblem("123", french: false) == "'123' is neither a SIRET (14 digits) nor a SIREN (9 digits)")
    #expect(
        CompanyID.buyerFilterProblem("21990412500017", french: false)
            == "'21990412500017': wrong check digit (Luhn algorithm); check the number")
}
