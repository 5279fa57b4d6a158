import Foundation
import MandatCore

/// Business checks on one invoice, as `DocumentFinding`s (data, not errors: STYLE.md convention 1).
///
/// Codes are stable; messages are English and name the business term. The checks and their sources:
/// - `invoice.amount-due-mismatch`: BT-115 ≠ BT-112 − BT-113 + BT-114 by more than 0.01 (EN 16931 BR-CO-16;
///   missing BT-113/BT-114 count as 0). Skipped when BT-112 or BT-115 is absent.
/// - `invoice.buyer-siret-missing`: no 14-digit buyer SIRET in BT-47 or BT-46 (Chorus Pro requires the
///   recipient's SIRET: DOMAIN.md §4.1, §4.2).
/// - `invoice.buyer-siret-invalid`: a 14-digit buyer SIRET whose Luhn key is wrong (INSEE).
/// - `invoice.code-service-missing`: no BT-10 (Chorus code service, required by some public buyers).
/// - `invoice.engagement-missing`: no BT-13 (numéro d'engagement juridique, required by some buyers).
/// - `invoice.due-date-missing`: no BT-9; the legal payment clock then runs from reception (DOMAIN.md §2).
/// - `invoice.currency-not-eur`: BT-5 absent or other than EUR (French public payments are in euros).
/// - `invoice.type-refused-by-chorus`: BT-3 is 261 (self-billed credit note) or 751 (invoice information),
///   which Chorus Pro does not accept.
/// - `invoice.credit-note-without-preceding`: a credit note (UBL CreditNote or BT-3 381) with no BT-25.
public enum InvoiceChecks {
    /// Tolerance for the amount-due arithmetic, in the document currency: one cent.
    public static let tolerance = Decimal(string: "0.01")!

    /// The SIRET written in `text` (`CompanyID` of kind `.siret`: its digits and whether its key is right),
    /// or nil when it is not one. Fourteen plain ASCII digits are checked here without `CompanyID`'s
    /// Foundation cleaning; anything else goes through `CompanyID`.
    static func siret(_ text: String) -> (digits: String, validKey: Bool)? {
        var text = text
        let plain = text.withUTF8 { b -> Bool? in
            guard b.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
            guard b.count == 14 else { return false }
            return true
        }
        switch plain {
        case false?: return nil
        case true?: return (text, Self.siretKeyIsValid(text))
        case nil:
            guard let id = CompanyID(text), id.kind == .siret else { return nil }
            return (id.digits, id.hasValidKey)
        }
    }

    /// `CompanyID.hasValidKey` for 14 ASCII digits: Luhn, or for La Poste (SIREN 356000000) a digit sum
    /// that is a multiple of 5.
    static func siretKeyIsValid(_ digits: String) -> Bool {
        var sum = 0
        var digitSum = 0
        for (i, c) in digits.utf8.reversed().enumerated() {
            var d = Int(c - UInt8(ascii: "0"))
            digitSum += d
            if i % 2 == 1 {
                d *= 2
                if d > 9 { d -= 9 }
            }
            sum += d
        }
        if digits.utf8.starts(with: "356000000".utf8) { return digitSum % 5 == 0 }
        return sum % 10 == 0
    }

    /// All findings for `invoice`, in the order listed above.
    public static func findings(for i: Invoice) -> [DocumentFinding] {
        var out: [DocumentFinding] = []
        if let due = i.amountDue, let gross = i.totalWithVAT {
            let prepaid = i.prepaid ?? 0
            let rounding = i.roundingAmount ?? 0
            let expected = gross - prepaid + rounding
            var diff = due - expected
            if diff < 0 { diff = -diff }
            if diff > tolerance {
                out.append(
                    DocumentFinding(
                        code: "invoice.amount-due-mismatch",
                        message: "amount due (BT-115) \(Money.normalized(due)) differs from total with VAT "
                            + "\(Money.normalized(gross)) − prepaid \(Money.normalized(prepaid)) + rounding "
                            + "\(Money.normalized(rounding)) = \(Money.normalized(expected))",
                        element: "BT-115"))
            }
        }
        let buyerIDs = [i.buyerLegalId, i.buyerId].compactMap { $0 }
        let sirets = buyerIDs.compactMap { siret($0.id) }
        if sirets.isEmpty {
            out.append(
                DocumentFinding(
                    code: "invoice.buyer-siret-missing",
                    message: "no buyer SIRET (14 digits) in BT-47 or BT-46"
                        + (buyerIDs.isEmpty ? "" : "; found \(buyerIDs.map(\.id).joined(separator: ", "))"),
                    element: "BT-47"))
        } else if let bad = sirets.first(where: { !$0.validKey }) {
            out.append(
                DocumentFinding(
                    code: "invoice.buyer-siret-invalid",
                    message: "buyer SIRET \(bad.digits) has a wrong check key (Luhn)", element: "BT-47"))
        }
        if i.buyerReference == nil {
            out.append(
                DocumentFinding(
                    code: "invoice.code-service-missing", message: "no buyer reference (BT-10, Chorus code service)",
                    element: "BT-10"))
        }
        if i.orderReference == nil {
            out.append(
                DocumentFinding(
                    code: "invoice.engagement-missing",
                    message: "no purchase order reference (BT-13, engagement juridique)", element: "BT-13"))
        }
        if i.dueDate == nil {
            out.append(
                DocumentFinding(
                    code: "invoice.due-date-missing", message: "no payment due date (BT-9)", element: "BT-9"))
        }
        if i.currency != "EUR" {
            out.append(
                DocumentFinding(
                    code: "invoice.currency-not-eur",
                    message: i.currency.map { "invoice currency (BT-5) is \($0), not EUR" }
                        ?? "no invoice currency (BT-5)",
                    element: "BT-5"))
        }
        if let t = i.typeCode, t == "261" || t == "751" {
            out.append(
                DocumentFinding(
                    code: "invoice.type-refused-by-chorus",
                    message: "type code (BT-3) \(t) is not accepted by Chorus Pro", element: "BT-3"))
        }
        if i.isCreditNote && i.precedingInvoices.isEmpty {
            out.append(
                DocumentFinding(
                    code: "invoice.credit-note-without-preceding",
                    message: "credit note without a preceding invoice reference (BT-25)", element: "BT-25"))
        }
        return out
    }
}
