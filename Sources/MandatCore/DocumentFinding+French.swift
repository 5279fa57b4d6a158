import Foundation

extension DocumentFinding {
    /// The message in French, for `mandat show` and the other French outputs.
    ///
    /// The readers write the message in English (`InvoiceChecks`, stored as is); the French text is made from the
    /// code and the values the English message names (amounts in the French form: `14 040,00`). An unknown code,
    /// or a message of an unexpected shape (written by an older version), keeps the English message.
    public var frenchMessage: String {
        switch code {
        case "invoice.amount-due-mismatch":
            // "amount due (BT-115) D differs from total with VAT G − prepaid P + rounding R = E"
            guard
                let m = message.wholeMatch(
                    of:
                        /amount due \(BT-115\) (\S+) differs from total with VAT (\S+) − prepaid (\S+) \+ rounding (\S+) = (\S+)/
                )
            else { return message }
            let v = [m.1, m.2, m.3, m.4, m.5].map { s in
                Decimal(string: String(s)).map { Money.french($0, currency: nil) } ?? String(s)
            }
            return "montant à payer (BT-115) \(v[0]) différent du total TTC \(v[1]) − acomptes \(v[2]) + arrondi "
                + "\(v[3]) = \(v[4])"
        case "invoice.buyer-siret-missing":
            let found = message.firstMatch(of: /; found (.*)$/).map { " ; trouvé : " + $0.1 } ?? ""
            return "pas de SIRET acheteur (14 chiffres) en BT-47 ni en BT-46" + found
        case "invoice.buyer-siret-invalid":
            guard let m = message.wholeMatch(of: /buyer SIRET (\S+) has a wrong check key \(Luhn\)/) else {
                return message
            }
            return "SIRET acheteur \(m.1) : clé de contrôle (Luhn) fausse"
        case "invoice.code-service-missing": return "pas de référence acheteur (BT-10, code service Chorus Pro)"
        case "invoice.engagement-missing": return "pas de référence de commande (BT-13, engagement juridique)"
        case "invoice.due-date-missing": return "pas de date d'échéance (BT-9)"
        case "invoice.currency-not-eur":
            guard let m = message.wholeMatch(of: /invoice currency \(BT-5\) is (.+), not EUR/) else {
                return message == "no invoice currency (BT-5)" ? "pas de devise de facture (BT-5)" : message
            }
            return "devise de la facture (BT-5) : \(m.1), pas EUR"
        case "invoice.type-refused-by-chorus":
            guard let m = message.wholeMatch(of: /type code \(BT-3\) (\S+) is not accepted by Chorus Pro/) else {
                return message
            }
            return "code de type (BT-3) \(m.1) refusé par Chorus Pro"
        case "invoice.credit-note-without-preceding":
            return "avoir sans référence à la facture d'origine (BT-25)"
        default: return message
        }
    }
}
