import Foundation
import Testing

@testable import MandatCore

/// `DocumentFinding.frenchMessage`: the readers' English checks in French, values kept (`mandat show`).
@Suite("Document findings in French")
struct DocumentFindingFrenchTests {
    @Test("the amount-due mismatch names the same amounts, in the French form")
    func amountDueMismatch() {
        // The demo's FV-2026-0006: BT-115 14040.00 against 14400.00 − 0.00 + 0.00 = 14400.00 (digits swapped).
        let f = DocumentFinding(
            code: "invoice.amount-due-mismatch",
            message: "amount due (BT-115) 14040.00 differs from total with VAT 14400.00 − prepaid 0.00 + rounding 0.00 "
                + "= 14400.00", element: "BT-115")
        #expect(
            f.frenchMessage
                == "montant à payer (BT-115) 14\u{202F}040,00 différent du total TTC 14\u{202F}400,00 − acomptes 0,00 "
                + "+ arrondi 0,00 = 14\u{202F}400,00")
    }

    @Test(
        "every check of InvoiceChecks has its French text",
        arguments: [
            (
                "invoice.buyer-siret-missing", "no buyer SIRET (14 digits) in BT-47 or BT-46; found 123, FR12",
                "pas de SIRET acheteur (14 chiffres) en BT-47 ni en BT-46 ; trouvé : 123, FR12"
            ),
            (
                "invoice.buyer-siret-missing", "no buyer SIRET (14 digits) in BT-47 or BT-46",
                "pas de SIRET acheteur (14 chiffres) en BT-47 ni en BT-46"
            ),
            (
                "invoice.buyer-siret-invalid", "buyer SIRET 21690123100010 has a wrong check key (Luhn)",
                "SIRET acheteur 21690123100010 : clé de contrôle (Luhn) fausse"
            ),
            (
                "invoice.code-service-missing", "no buyer reference (BT-10, Chorus code service)",
                "pas de référence acheteur (BT-10, code service Chorus Pro)"
            ),
            (
                "invoice.engagement-missing", "no purchase order reference (BT-13, engagement juridique)",
                "pas de référence de commande (BT-13, engagement juridique)"
            ),
            ("invoice.due-date-missing", "no payment due date (BT-9)", "pas de date d'échéance (BT-9)"),
            (
                "invoice.currency-not-eur", "invoice currency (BT-5) is USD, not EUR",
                "devise de la facture (BT-5) : USD, pas EUR"
            ),
            ("invoice.currency-not-eur", "no invoice currency (BT-5)", "pas de devise de facture (BT-5)"),
            (
                "invoice.type-refused-by-chorus", "type code (BT-3) 751 is not accepted by Chorus Pro",
                "code de type (BT-3) 751 refusé par Chorus Pro"
            ),
            (
                "invoice.credit-note-without-preceding", "credit note without a preceding invoice reference (BT-25)",
                "avoir sans référence à la facture d'origine (BT-25)"
            ),
            // Unknown code: the English message is kept.
            ("other.code", "something", "something"),
        ])
    func check(code: String, english: String, french: String) {
        #expect(DocumentFinding(code: code, message: english).frenchMessage == french)
    }
}
