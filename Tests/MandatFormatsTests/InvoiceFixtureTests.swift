import Foundation
import MandatCore
import Testing

@testable import MandatFormats

/// The project's own synthetic invoices (`fixtures/invoices/`): every business term from both syntaxes,
/// namespace tricks, encodings, amounts and findings.
@Suite("Invoice fixtures")
struct InvoiceFixtureTests {
    static func dec(_ s: String) -> Decimal { Decimal(string: s, locale: Locale(identifier: "en_US_POSIX"))! }

    static func findingCodes(_ i: Invoice) -> [String] { i.findings.map(\.code) }

    /// ubl-invoice-full.xml and cii-invoice-full.xml carry the same values: each term is checked on both.
    @Test(arguments: ["ubl-invoice-full.xml", "cii-invoice-full.xml"])
    func everyBusinessTermFromBothSyntaxes(file: String) throws {
        let doc = InvoiceTestFiles.read(file)
        #expect(doc.kind == .invoice)
        let i = try #require(doc.invoices.first)
        #expect(doc.invoices.count == 1)
        #expect(i.syntax == (file.hasPrefix("ubl") ? "UBL" : "CII"))
        // BT-1: "FA-2026-" + comment + "0042": the comment is not text.
        #expect(i.invoiceNumber == "FA-2026-0042")
        #expect(i.issueDate == CivilDate(year: 2026, month: 3, day: 2))  // BT-2 (CII: 20260302, format 102)
        #expect(i.typeCode == "380")  // BT-3
        #expect(i.currency == "EUR")  // BT-5
        #expect(i.dueDate == CivilDate(year: 2026, month: 4, day: 1))  // BT-9
        #expect(i.buyerReference == "SERV-COMPTA")  // BT-10, surrounding blanks stripped
        #expect(i.contractReference == "MAR-2025-017")  // BT-12
        #expect(i.orderReference == "EJ-4500012345")  // BT-13
        // BT-20: "Paiement à 30 jours" + processing instruction + ", par virement".
        #expect(i.paymentTerms == "Paiement à 30 jours, par virement")
        #expect(i.businessProcess == "A1")  // BT-23
        #expect(i.precedingInvoices == ["FA-2026-0040"])  // BT-25
        #expect(i.sellerName == "Atelier Côté Jardin SARL")  // BT-27
        // BT-29: the SEPA creditor id (UBL PartyIdentification, first) is excluded.
        #expect(i.sellerId == SchemedID(id: "90000000100017", scheme: "0009"))
        #expect(i.sellerLegalId == SchemedID(id: "900000001", scheme: "0002"))  // BT-30 (SIREN)
        #expect(i.buyerName == "Commune de Saint-Étienne-des-Prés")  // BT-44
        // BT-46: CII GlobalID with @schemeID wins over the earlier ram:ID INTERNE-17.
        #expect(i.buyerId == SchemedID(id: "20000000800017", scheme: "0009"))
        #expect(i.buyerLegalId == SchemedID(id: "20000000800017", scheme: "0009"))  // BT-47
        #expect(i.payeeName == "Facto Crédit SA")  // BT-59
        #expect(i.deliveryDate == CivilDate(year: 2026, month: 2, day: 27))  // BT-72
        #expect(i.invoicingPeriodEnd == CivilDate(year: 2026, month: 2, day: 28))  // BT-74
        #expect(i.iban == "FR7630006000011234567890189")  // BT-84
        #expect(i.totalWithoutVAT == Self.dec("1000"))  // BT-109 written "1000"
        #expect(i.totalVAT == Self.dec("200.00"))  // BT-110 = 20 % of 1000.00
        #expect(i.totalWithVAT == Self.dec("1200.00"))  // BT-112 = 1000.00 + 200.00
        #expect(i.prepaid == Self.dec("200.00"))  // BT-113
        #expect(i.roundingAmount == Self.dec("0.01"))  // BT-114
        // BT-115 = 1200.00 − 200.00 + 0.01 = 1000.01: consistent, so no amount-due finding.
        #expect(i.amountDue == Self.dec("1000.01"))
        #expect(
            i.attachments == [
                AttachmentInfo(
                    id: "BL-778", fileName: "bon-livraison.pdf", mimeCode: "application/pdf", encodedBytes: 12)
            ])  // "JVBERi0xLjQK" is 12 base64 characters
        #expect(i.findings.isEmpty)
        #expect(doc.notes.isEmpty)
        // Normalised JSON: "1000" → "1000.00"; findings come after all EXPECTED keys.
        #expect(InvoiceTestFiles.field(doc, "totalWithoutVAT") == .string("1000.00"))
        #expect(doc.fields.prefix(InvoiceFields.expectedKeys.count).map(\.0) == InvoiceFields.expectedKeys)
        #expect(doc.fields.last?.0 == "findings")
    }

    @Test func ublAndCIITwinFixturesGiveIdenticalFields() {
        let u = InvoiceTestFiles.read("ubl-invoice-full.xml")
        let c = InvoiceTestFiles.read("cii-invoice-full.xml")
        let strip: ([(String, JSONValue)]) -> [String] = { f in
            f.filter { $0.0 != "syntax" }.map { "\($0.0)=\($0.1.serialized())" }
        }
        #expect(strip(u.fields) == strip(c.fields))
    }

    /// BOM, no declaration, default namespace = cbc, arbitrary and locally rebound prefixes, a foreign
    /// look-alike element; zero amount due, a non-euro currency and a type Chorus refuses.
    @Test func namespacesByURIBOMAndNoDeclaration() throws {
        let doc = InvoiceTestFiles.read("ubl-prefixes-bom.xml")
        #expect(doc.kind == .invoice)
        #expect(doc.encoding == "UTF-8")
        let i = try #require(doc.invoices.first)
        #expect(i.invoiceNumber == "PX-1")
        #expect(i.issueDate == CivilDate(year: 2026, month: 1, day: 15))  // "2026-01-15+01:00": zone dropped
        #expect(i.sellerName == "Bureau d'Études Hélène & Associés")  // &amp; decoded
        // BT-110 is the USD TaxAmount (0.00), not the EUR one (7.00): BT-5 is USD.
        #expect(i.totalVAT == 0)
        // BT-112 sits in q:TaxInclusiveAmount with q rebound locally to cbc.
        #expect(i.totalWithVAT == Self.dec("500.00"))
        // The {urn:example:mandat:not-ubl}LegalMonetaryTotal/PayableAmount 999.99 is ignored.
        // BT-115 = 500.00 − 500.00 = 0.00: zero due, consistent.
        #expect(i.amountDue == 0)
        #expect(InvoiceTestFiles.field(doc, "amountDue") == .string("0.00"))
        #expect(
            Self.findingCodes(i) == [
                "invoice.code-service-missing", "invoice.engagement-missing", "invoice.currency-not-eur",
                "invoice.type-refused-by-chorus",
            ])
    }

    @Test func negativeInvoiceWithWrongAmountDueAndBadSIRET() throws {
        let doc = InvoiceTestFiles.read("cii-negative.xml")
        let i = try #require(doc.invoices.first)
        #expect(i.issueDate == CivilDate(year: 2026, month: 1, day: 10))  // 20260110 without @format
        #expect(doc.notes.contains { $0.hasPrefix("BT-2:") && $0.contains("no @format") })
        #expect(i.totalWithVAT == Self.dec("-120.00"))  // −100.00 + −20.00
        #expect(i.amountDue == Self.dec("-125.00"))
        #expect(InvoiceTestFiles.field(doc, "amountDue") == .string("-125.00"))
        // Expected BT-115 = −120.00 − 0 + 0 = −120.00; |−125.00 − (−120.00)| = 5.00 > 0.01.
        #expect(
            Self.findingCodes(i) == [
                "invoice.amount-due-mismatch", "invoice.buyer-siret-invalid", "invoice.code-service-missing",
                "invoice.engagement-missing", "invoice.due-date-missing",
            ])
        let mismatch = try #require(i.findings.first)
        #expect(mismatch.element == "BT-115")
        #expect(mismatch.message.contains("-125.00") && mismatch.message.contains("-120.00"))
        // 20000000800018: Luhn sum 8 + 1×2 + 8×2→7 + 2×2 = 21, not a multiple of 10 (…17 gives 20): wrong key.
        #expect(i.findings[1].message.contains("20000000800018"))
    }

    @Test func creditNoteWithoutPrecedingInvoice() throws {
        let doc = InvoiceTestFiles.read("ubl-creditnote.xml")
        #expect(doc.kind == .creditNote)
        let i = try #require(doc.invoices.first)
        #expect(i.isCreditNoteDocument)
        #expect(i.typeCode == "381")
        // BT-9 of a CreditNote: the first non-empty PaymentMeans/PaymentDueDate (the first one is blank).
        #expect(i.dueDate == CivilDate(year: 2026, month: 5, day: 31))
        // "1,5" is not an xs:decimal: null with a note naming the term and the line.
        #expect(i.prepaid == nil)
        #expect(doc.notes == ["BT-113: '1,5' at line 27 is not an xs:decimal amount; left empty"])
        // 240.00 − 0 (BT-113 null) + 0 = 240.00 = BT-115: no mismatch.
        #expect(Self.findingCodes(i) == ["invoice.credit-note-without-preceding"])
        #expect(
            InvoiceTestFiles.field(doc, "findings")
                == .array([
                    .object([("code", .string("invoice.credit-note-without-preceding")), ("element", .string("BT-25"))])
                ]))
    }

    @Test func truncatedInvoiceIsAClearError() {
        let doc = InvoiceTestFiles.read("ubl-truncated.xml")
        #expect(doc.kind == .notWellFormed)
        #expect(doc.error?.file == "ubl-truncated.xml")
        #expect(doc.error?.line == 6)
        #expect(doc.invoices.isEmpty)
    }

    /// Findings on hand-built invoices: each rule on its own.
    @Test func checksOnBuiltInvoices() {
        var i = Invoice(syntax: "UBL", source: SourceRef(file: "built"))
        i.currency = "EUR"
        i.buyerReference = "S"
        i.orderReference = "E"
        i.dueDate = CivilDate(year: 2026, month: 1, day: 31)
        i.buyerLegalId = SchemedID(id: "200 000 008 00017", scheme: "0009")  // spaces are removed
        i.totalWithVAT = Self.dec("100.00")
        i.amountDue = Self.dec("100.01")  // 100.01 − 100.00 = 0.01: within the tolerance
        #expect(InvoiceChecks.findings(for: i).isEmpty)
        i.amountDue = Self.dec("100.02")  // 0.02 > 0.01
        #expect(InvoiceChecks.findings(for: i).map(\.code) == ["invoice.amount-due-mismatch"])
        i.amountDue = Self.dec("100.00")
        i.buyerLegalId = SchemedID(id: "200000008", scheme: "0002")  // a SIREN is not a SIRET
        #expect(InvoiceChecks.findings(for: i).map(\.code) == ["invoice.buyer-siret-missing"])
        i.buyerLegalId = SchemedID(id: "20000000800017", scheme: "0009")
        i.typeCode = "751"
        #expect(InvoiceChecks.findings(for: i).map(\.code) == ["invoice.type-refused-by-chorus"])
        i.typeCode = "381"
        #expect(InvoiceChecks.findings(for: i).map(\.code) == ["invoice.credit-note-without-preceding"])
        i.precedingInvoices = ["F-1"]
        i.currency = nil
        #expect(InvoiceChecks.findings(for: i).map(\.code) == ["invoice.currency-not-eur"])
    }
}
