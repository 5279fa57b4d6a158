import Foundation
import MandatCore

/// The language of what a person reads. Code, logs and JSON keys stay English.
public enum Lang: String, Codable, Sendable, CaseIterable {
    case fr, en
}

/// French and English labels for what reports show: holders, stages, finding codes, contacts.
///
/// Identifiers stay English in code and JSON; a person reads these labels.
public enum Labels {
    /// The comptable public in English: the French legal term, as the stages and findings use it ("taken in charge
    /// by the comptable"), in every English label. English has no exact word for this DGFiP officer, personally
    /// liable for the payments he makes (docs/glossary.md).
    public static let comptableEN = "comptable"
    /// `comptableEN` with its gloss, where a label stands alone (a holder, a promise's side).
    public static let comptableGlossEN = "comptable (public accountant)"

    /// Label of a holder of the invoice.
    public static func holder(_ h: String, _ lang: Lang) -> String {
        let t: [String: (String, String)] = [
            "supplier": ("fournisseur", "supplier"),
            "platform": ("plateforme", "platform"),
            "ordonnateur": ("ordonnateur", "ordonnateur"),
            "comptable": ("comptable public", comptableGlossEN),
            "nobody": ("personne (clos)", "nobody (closed)"),
        ]
        return t[h].map { lang == .fr ? $0.0 : $0.1 } ?? h
    }

    /// Label of a dossier stage (the raw values of the law's stage enum).
    public static func stage(_ s: String, _ lang: Lang) -> String {
        let t: [String: (String, String)] = [
            "deposited": ("déposée", "deposited"),
            "inTransit": ("en cours d'acheminement", "in transit"),
            "madeAvailable": ("mise à disposition de l'acheteur", "made available to the buyer"),
            "serviceCertified": ("service fait constaté", "service certified"),
            "mandated": ("mandatée", "mandated"),
            "atComptable": ("chez le comptable (intégrée dans Hélios)", "at the comptable (in Hélios)"),
            "takenInCharge": ("prise en charge par le comptable", "taken in charge by the comptable"),
            "paid": ("payée", "paid"),
            "depositRejected": ("dépôt rejeté", "deposit rejected"),
            "routingReturned": ("à recycler (données d'acheminement)", "returned for routing data"),
            "suspended": ("suspendue (pièces manquantes)", "suspended (documents missing)"),
            "completed": ("complétée", "completed"),
            "rejected": ("rejetée / refusée", "rejected / refused"),
            "disputed": ("en litige", "disputed"),
            "integrationRejected": ("rejetée par Hélios à l'intégration", "rejected by Hélios at integration"),
            "mandatOnHold": ("mandat mis en instance", "mandat on hold"),
            "mandatRejected": ("mandat rejeté par le comptable", "mandat rejected by the comptable"),
            "paidOnRequisition": ("payée sur réquisition", "paid on réquisition"),
            "assignedOrOpposed": ("créance cédée ou opposée", "receivable assigned or opposed"),
        ]
        return t[s].map { lang == .fr ? $0.0 : $0.1 } ?? s
    }

    /// Title of a finding code (the law's catalogue).
    public static func finding(_ code: String, _ lang: Lang) -> String {
        let t: [String: (String, String)] = [
            "deposit-rejected": ("dépôt rejeté par la plateforme", "deposit rejected by the platform"),
            "routing-data-to-fix": (
                "données d'acheminement à corriger (à recycler)", "routing data to fix (A_RECYCLER)"
            ),
            "rejected": ("facture rejetée ou refusée", "invoice rejected or refused"),
            "suspended-awaiting-supplier": (
                "suspendue : pièces attendues du fournisseur", "suspended: documents awaited from the supplier"
            ),
            "disputed": ("facture en litige", "invoice disputed"),
            "ordonnateur-over-share": (
                "part du délai de l'ordonnateur dépassée", "ordonnateur's share of the delay exceeded"
            ),
            "mandated-not-received": (
                "mandatée mais non reçue par le comptable", "mandated but not received by the comptable"
            ),
            "integration-rejected": ("bordereau ou mandat rejeté par Hélios", "bordereau or mandat rejected by Hélios"),
            "mandat-on-hold": ("mandat mis en instance par le comptable", "mandat put on hold by the comptable"),
            "mandat-rejected": ("mandat rejeté par le comptable", "mandat rejected by the comptable"),
            "comptable-over-share": ("part du délai du comptable dépassée", "comptable's share of the delay exceeded"),
            "paid-late-interest-due": (
                "payée en retard : intérêts moratoires dus", "paid late: late-payment interest due"
            ),
            "interest-unpaid-45-days": (
                "intérêts non payés 45 jours après le principal", "interest unpaid 45 days after the principal"
            ),
            "mandat-amount-mismatch": (
                "montant du mandat différent de la facture", "mandat amount differs from the invoice"
            ),
            "assigned-or-opposed": ("créance cédée ou opposée", "receivable assigned or opposed"),
            "stale": ("aucune nouvelle depuis longtemps", "no news for a long time"),
            "second-suspension-ignored": (
                "seconde suspension sans effet sur le délai", "second suspension does not stop the clock"
            ),
            "overdue": ("échéance légale dépassée, non payée", "past the legal due date, unpaid"),
            "unlinked-event": ("événement non rattaché à une facture", "event not tied to any invoice"),
            "promise-expired": ("promesse non tenue", "promise not kept"),
            "no-clock-start": ("date de départ du délai inconnue", "start of the payment clock unknown"),
            // The readers' checks on the invoice itself (`InvoiceChecks`).
            "invoice.amount-due-mismatch": (
                "montant à payer (BT-115) incohérent avec le total TTC",
                "amount due (BT-115) inconsistent with the total"
            ),
            "invoice.buyer-siret-missing": ("SIRET de l'acheteur absent", "buyer SIRET missing"),
            "invoice.buyer-siret-invalid": ("SIRET de l'acheteur invalide (clé)", "buyer SIRET invalid (check key)"),
            "invoice.code-service-missing": ("code service absent (BT-10)", "code service missing (BT-10)"),
            "invoice.engagement-missing": (
                "engagement juridique absent (BT-13)", "engagement juridique missing (BT-13)"
            ),
            "invoice.due-date-missing": ("date d'échéance absente (BT-9)", "due date missing (BT-9)"),
            "invoice.currency-not-eur": ("devise autre que l'euro (BT-5)", "currency other than EUR (BT-5)"),
            "invoice.type-refused-by-chorus": (
                "type de facture refusé par Chorus Pro (BT-3)", "invoice type refused by Chorus Pro (BT-3)"
            ),
            "invoice.credit-note-without-preceding": (
                "avoir sans facture d'origine (BT-25)", "credit note without a preceding invoice (BT-25)"
            ),
        ]
        return t[code].map { lang == .fr ? $0.0 : $0.1 } ?? code
    }

    /// A finding code in a few words, for a table cell (`mandat status`: « part ordo. dépassée, sans nouvelles,
    /// en retard »); English keeps the code, which is short already; an unknown code is kept as is.
    public static func findingShort(_ code: String, _ lang: Lang) -> String {
        guard lang == .fr else { return code }
        let t: [String: String] = [
            "deposit-rejected": "dépôt rejeté", "routing-data-to-fix": "à recycler", "rejected": "rejetée",
            "suspended-awaiting-supplier": "suspendue", "disputed": "en litige",
            "ordonnateur-over-share": "part ordo. dépassée", "mandated-not-received": "mandat non reçu",
            "integration-rejected": "rejet Hélios", "mandat-on-hold": "mandat en instance",
            "mandat-rejected": "mandat rejeté", "comptable-over-share": "part compt. dépassée",
            "paid-late-interest-due": "intérêts dus", "interest-unpaid-45-days": "intérêts impayés 45 j",
            "mandat-amount-mismatch": "écart de montant", "assigned-or-opposed": "cédée ou opposée",
            "stale": "sans nouvelles", "second-suspension-ignored": "2e suspension", "overdue": "en retard",
            "unlinked-event": "non rattaché", "promise-expired": "promesse non tenue",
            "no-clock-start": "départ du délai inconnu",
            "invoice.amount-due-mismatch": "écart BT-115", "invoice.buyer-siret-missing": "SIRET absent",
            "invoice.buyer-siret-invalid": "SIRET invalide", "invoice.code-service-missing": "code service absent",
            "invoice.engagement-missing": "engagement absent", "invoice.due-date-missing": "échéance absente",
            "invoice.currency-not-eur": "devise ≠ EUR", "invoice.type-refused-by-chorus": "type refusé par Chorus",
            "invoice.credit-note-without-preceding": "avoir sans facture",
        ]
        return t[code] ?? code
    }

    /// Who to contact.
    public static func contact(_ c: String, _ lang: Lang) -> String {
        let t: [String: (String, String)] = [
            "serviceGestionnaire": ("service gestionnaire de l'acheteur", "the buyer's managing service"),
            "ordonnateurFinance": ("service financier de l'ordonnateur", "the ordonnateur's finance office"),
            "comptableOffice": ("service de gestion comptable (trésorerie)", "the comptable's office"),
            "supplier": ("nous-mêmes (fournisseur)", "ourselves (supplier)"),
        ]
        return t[c].map { lang == .fr ? $0.0 : $0.1 } ?? c
    }

    /// Amount in the reader's format: `12 000,00 €` or `12,000.00 EUR`, in `currency` (ISO 4217). No default:
    /// every amount names its currency (an invoice's BT-5; the 40 € indemnity is `EUR`), so an amount in SEK is
    /// never printed with a € sign.
    public static func money(_ d: Decimal, _ lang: Lang, currency: String) -> String {
        lang == .fr ? Money.french(d, currency: currency) : Money.english(d, currency: currency)
    }

    /// Totals in several currencies, joined with ` + ` (`1 200,00 € + 51 000,00 SEK`); `0,00 €` when empty.
    /// A negative amount (credit notes) is put in parentheses, so that it reads as a negative term and not as a
    /// subtraction across currencies: `1 200,00 € + (-782 179,43 DKK)`.
    public static func totals(_ totals: [(currency: String, amount: Decimal)], _ lang: Lang) -> String {
        guard !totals.isEmpty else { return money(0, lang, currency: "EUR") }
        return totals.map { t in
            let text = money(t.amount, lang, currency: t.currency)
            return t.amount < 0 && totals.count > 1 ? "(\(text))" : text
        }.joined(separator: " + ")
    }

    /// Date in the reader's format: `31/01/2026` or `2026-01-31`.
    public static func date(_ d: CivilDate?, _ lang: Lang) -> String {
        guard let d else { return "—" }
        return lang == .fr ? d.french : d.iso
    }
}
