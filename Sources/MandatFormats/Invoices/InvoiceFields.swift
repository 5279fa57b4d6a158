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

    /// The fields of `i`; `amountTexts` are normalised texts already made for some of its amounts.
    static func fields(of i: Invoice, amountTexts: [(value: Decimal, text: String)] = []) -> [(String, JSONValue)] {
        func amount(_ d: Decimal?) -> JSONValue {
            guard let d else { return .null }
            if let t = amountTexts.first(where: { $0.value == d }) { return .string(t.text) }
            return InvoiceFields.amount(d)
        }
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

    /// `JSONValue.amount` without Foundation's number formatting in the common case (`AmountText`).
    static func amount(_ d: Decimal?) -> JSONValue {
        guard let d else { return .null }
        return .string(AmountText.normalized(d) ?? Money.normalized(d))
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

/// `Money.normalized` from the `Decimal`'s own plain text (`description`, which needs no `Locale`) instead
/// of through `NSDecimalNumber`: amounts are normalised for every invoice read.
enum AmountText {
    /// Plain notation with at least two decimals and no trailing zero past the second (`1436.5` →
    /// `1436.50`, `3245.681450` → `3245.68145`, zero → `0.00`), as `Money.normalized`; nil when the
    /// value's text is not plain digits (the caller falls back to `Money.normalized`).
    static func normalized(_ d: Decimal) -> String? {
        if d.isNaN { return nil }
        if d.isZero { return "0.00" }
        let text = d.description.utf8
        var negative = false
        var integer: [UInt8] = []
        var fraction: [UInt8] = []
        var seenPoint = false
        for (k, c) in text.enumerated() {
            if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") {
                if seenPoint { fraction.append(c) } else { integer.append(c) }
            } else if c == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
            } else if c == UInt8(ascii: "-"), k == 0 {
                negative = true
            } else {
                return nil
            }
        }
        while integer.count > 1 && integer.first == UInt8(ascii: "0") { integer.removeFirst() }
        if integer.isEmpty { integer = [UInt8(ascii: "0")] }
        while fraction.count > 2 && fraction.last == UInt8(ascii: "0") { fraction.removeLast() }
        while fraction.count < 2 { fraction.append(UInt8(ascii: "0")) }
        let sign: [UInt8] = negative ? [UInt8(ascii: "-")] : []
        return String(decoding: sign + integer + [UInt8(ascii: ".")] + fraction, as: UTF8.self)
    }
}
