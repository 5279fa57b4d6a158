import Foundation
import MandatCore
import MandatStore

@testable import MandatReports

// Synthetic desk fixtures: invented buyers and people, SIRETs with valid Luhn keys.

func day(_ s: String) -> CivilDate { CivilDate(iso: s)! }
func dec(_ s: String) -> Decimal { Decimal(string: s)! }

/// The package root, from this file's path (Tests/MandatReportsTests/<file>.swift → up 3 levels).
let deskPackageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

let valbonneSiret = "21060001400018"  // Luhn: valid (checked in DeskBuyerFileTests)
let hospitalSiret = "26060001700016"  // Luhn: valid

/// Commune de Valbonne-sur-Lys: a local authority (30 days), three contacts, no hand-set segment.
func valbonne() -> BuyerRecord {
    BuyerRecord(
        siret: valbonneSiret, name: "Commune de Valbonne-sur-Lys", category: .localAuthority, comptablePost: "006045",
        comptableOffice: "SGC de Valbonne",
        contacts: [
            BuyerContact(name: "Aline Martin", role: .serviceGestionnaire, phone: "04 93 00 00 01"),
            BuyerContact(name: "Bruno Petit", role: .ordonnateurFinance, phone: "04 93 00 00 02"),
            BuyerContact(name: "SGC de Valbonne, accueil", role: .comptableOffice, phone: "04 93 00 00 03"),
        ])
}

/// A public hospital (50 days).
func hospital() -> BuyerRecord {
    BuyerRecord(siret: hospitalSiret, name: "Centre hospitalier des Trois-Vallées", category: .hospital)
}

/// A dossier view with the fields the desk reads; the rest neutral.
func view(
    _ id: String, invoice: String, siret: String = valbonneSiret, buyer: String = "Commune de Valbonne-sur-Lys",
    contract: String? = nil, stage: String = "madeAvailable", holder: String = "ordonnateur", since: String? = nil,
    amount: String, due: String?, daysLate: Int?, paid: String? = nil, interest: String = "0", indemnity: String = "0",
    findings: [DossierView.FindingView] = []
) -> DossierView {
    let amt = dec(amount)
    return DossierView(
        id: id, invoiceNumber: invoice, buyerName: buyer, buyerSiret: siret, contractId: contract, stage: stage,
        holder: holder, since: since.map(day), daysAtHolder: nil, amountDue: amt, dueDate: due.map(day),
        daysLate: daysLate, paidDate: paid.map(day), paidAmount: paid == nil ? nil : amt, interest: dec(interest),
        indemnity: dec(indemnity), interestDueBy: nil, rateProvisional: false,
        moneyAtStake: paid == nil ? amt + dec(interest) : dec(interest) + dec(indemnity), findings: findings)
}

/// F-2026-101: 12 000.00 € made available 2026-02-02; due 2026-02-02 + 30 days = 2026-03-04
/// (Feb 2 + 26 = Feb 28, + 4 = Mar 4); unpaid, waiting at the ordonnateur.
func d1(asOf: CivilDate, interest: String = "0") -> DossierView {
    view(
        "D1", invoice: "F-2026-101", contract: "2026-MAR-01", since: "2026-02-02", amount: "12000.00",
        due: "2026-03-04", daysLate: day("2026-03-04").days(to: asOf), interest: interest)
}
