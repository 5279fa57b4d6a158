import Foundation
import MandatCore

/// The `inspect --json` fields of an invoice, in EXPECTED.json's order and shape (EXPECTED.md
/// "invoice / creditNote"), followed by the other business terms read and the findings.
enum InvoiceFields {
    /// The EXPECTED.json keys, in order; anything after them is Mandat's own.
    static let expectedKeys = [
        "syntax", "invoiceNumber", "issueDate", "typeCode", "currency", "dueDate", "buyerReference",
        "contractReference", "orderReference", "precedingInvoices", "sellerName", "sellerLegalId", "buyerName",
        "buyerId", "buyerLegalId", "totalWithoutVAT", "totalVAT", "totalWithVAT", "prepaid", "amountDue",
    ]

    /// The fields of `i`.
    static func fields(of i: Invoice) -> [(String, JSONValue)] {
        var o: [(String, JSONValue)] = [
            ("syntax", .string(i.syntax)),
            ("invoiceNumber", .str(i.invoiceNumber)),
            ("issueDate", .date(i.issueDate)),
            ("typeCode", .str(i.typeCode)),
            ("currency", .str(i.currency)),
            ("dueDate", .date(i.dueDate)),
            ("buyerReference", .str(i.buyerReference)),
            ("contractReference", .str(i.contractReference)),
            ("orderReference", .str(i.orderReference)),
            ("precedingInvoices", .strings(i.precedingInvoices)),
            ("sellerName", .str(i.sellerName)),
            ("sellerLegalId", .schemed(i.sellerLegalId)),
            ("buyerName", .str(i.buyerName)),
            ("buyerId", .schemed(i.buyerId)),
            ("buyerLegalId", .schemed(i.buyerLegalId)),
            ("totalWithoutVAT", amount(i.totalWithoutVAT)),
            ("totalVAT", amount(i.totalVAT)),
            ("totalWithVAT", amount(i.totalWithVAT)),
            ("prepaid", amount(i.prepaid)),
            ("amountDue", amount(i.amountDue)),
        ]
        o += extraFields(of: i)
        o.append(("findings", findingsJSON(i.findings)))
        return o
    }

    /// Business terms beyond EXPECTED.json's shape: BT-20, BT-23, BT-29, BT-59, BT-72, BT-74, BT-84, BT-114
    /// and the attachments (name, MIME code, base64 size in bytes).
    static func extraFields(of i: Invoice) -> [(String, JSONValue)] {
        [
            ("paymentTerms", .str(i.paymentTerms)),
            ("businessProcess", .str(i.businessProcess)),
            ("sellerId", .schemed(i.sellerId)),
            ("payeeName", .str(i.payeeName)),
            ("iban", .str(i.iban)),
            ("deliveryDate", .date(i.deliveryDate)),
            ("invoicingPeriodEnd", .date(i.invoicingPeriodEnd)),
            ("roundingAmount", amount(i.roundingAmount)),
            ("attachments", .array(i.attachments.map(attachmentJSON))),
        ]
    }

    /// An amount as `Money.normalized` text, or null.
    static func amount(_ d: Decimal?) -> JSONValue {
        guard let d else { return .null }
        return .string(Money.normalized(d))
    }

    static func attachmentJSON(_ a: AttachmentInfo) -> JSONValue {
        .object([
            ("id", .str(a.id)), ("fileName", .str(a.fileName)), ("mimeCode", .str(a.mimeCode)),
            ("encodedBytes", .int(a.encodedBytes)),
        ])
    }

    /// `[{code, element}]`.
    static func findingsJSON(_ findings: [DocumentFinding]) -> JSONValue {
        .array(findings.map { .object([("code", .string($0.code)), ("element", .str($0.element))]) })
    }
}
