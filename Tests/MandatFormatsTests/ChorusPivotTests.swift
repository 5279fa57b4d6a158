import Foundation
import MandatCore
import Testing

@testable import MandatFormats

/// Chorus Pro `CPPFacturePivot`: invoices, statuses as chain events, findings.
@Suite("Chorus Pro invoice pivot")
struct ChorusPivotTests {
    static func dec(_ s: String) -> Decimal { Decimal(string: s, locale: Locale(identifier: "en_US_POSIX"))! }

    @Test func twoInvoicesWithTheirFields() throws {
        let doc = InvoiceTestFiles.read("chorus-pivot-two-invoices.xml")
        #expect(doc.kind == .chorusInvoicePivot)
        #expect(doc.invoices.count == 2)
        let a = doc.invoices[0]
        #expect(a.syntax == "CPP")
        #expect(a.invoiceNumber == "FA-2026-0042")
        #expect(a.issueDate == CivilDate(year: 2026, month: 3, day: 2))
        #expect(a.receptionDate == CivilDate(year: 2026, month: 3, day: 3))
        #expect(a.businessProcess == "A1")
        #expect(a.buyerReference == "SERV-COMPTA")
        #expect(a.contractReference == "MAR-2025-017")
        #expect(a.orderReference == "EJ-4500012345")
        #expect(a.sellerLegalId == SchemedID(id: "90000000100017", scheme: "1"))
        #expect(a.buyerLegalId == SchemedID(id: "20000000800017", scheme: "1"))
        #expect(a.buyerName == "Commune de Saint-Étienne-des-Prés")
        #expect(a.iban == "FR7630006000011234567890189")
        #expect(a.totalWithoutVAT == 1000)  // "1000.000000"
        #expect(a.totalVAT == 200)  // 120.00 + 80.00 over the two TVA blocks
        #expect(a.totalWithVAT == 1200)
        #expect(a.amountDue == 1000)
        #expect(a.prepaid == 200)  // no BT-113 in the pivot: TTC − net à payer = 1200 − 1000
        #expect(a.precedingInvoices.isEmpty)
        // Only BT-9 is missing (the pivot has no due date); 1200 − 200 = 1000 = amount due.
        #expect(a.findings.map(\.code) == ["invoice.due-date-missing"])

        let b = doc.invoices[1]
        #expect(b.typeCode == "381")
        #expect(b.precedingInvoices == ["FA-2026-0042"])  // IdFactureOrigine differs from Id
        #expect(b.totalWithoutVAT == Self.dec("-200.00"))
        #expect(b.totalWithVAT == nil)  // "-240,00" has a decimal comma
        #expect(doc.notes == ["MontantTTC: '-240,00' at line 78 is not an xs:decimal amount; left empty"])
        #expect(
            b.attachments == [
                AttachmentInfo(id: "PJ-1", fileName: "avoir.pdf", mimeCode: "application/pdf", encodedBytes: 32)
            ])  // "JVBERi0xLjQKJcTl8uXrp/Og0MTGCg==" is 32 characters
    }

    @Test func expectedShapeOfTheFields() throws {
        let doc = InvoiceTestFiles.read("chorus-pivot-two-invoices.xml")
        #expect(doc.fields.map(\.0) == ["invoices", "findings"])
        guard case .array(let invoices)? = InvoiceTestFiles.field(doc, "invoices") else {
            Issue.record("no invoices array")
            return
        }
        #expect(invoices.count == 2)
        #expect(invoices[0]["amountHT"] == .string("1000.00"))  // "1000.000000" normalised
        #expect(invoices[0]["attachments"] == .number("0"))
        #expect(invoices[1]["attachments"] == .number("1"))
        #expect(invoices[1]["amountTTC"] == .null)
        #expect(
            invoices[0]["statuses"]
                == .array([
                    .object([("date", .string("2026-03-03")), ("code", .string("01")), ("label", .string("Déposée"))]),
                    .object([("date", .string("2026-03-04")), ("code", .string("03")), ("label", .null)]),
                    .object([("date", .string("2026-04-10")), ("code", .string("MISE_EN_PAIEMENT")), ("label", .null)]),
                ]))
        guard case .array(let findings)? = InvoiceTestFiles.field(doc, "findings") else {
            Issue.record("no findings array")
            return
        }
        // Invoice 1: BT-9; invoice 2: BT-10, BT-13, BT-9 (a 381 with IdFactureOrigine has its BT-25).
        #expect(findings.count == 4)
        #expect(findings[0]["invoiceNumber"] == .string("FA-2026-0042"))
    }

    @Test func statusesBecomeChorusProEvents() throws {
        let doc = InvoiceTestFiles.read("chorus-pivot-two-invoices.xml")
        #expect(doc.events.map(\.kind) == [.deposited, .madeAvailable, .paid, .other])
        #expect(doc.events.allSatisfy { $0.source == .chorusPro })
        let madeAvailable = doc.events[1]
        #expect(madeAvailable.date == CivilDate(year: 2026, month: 3, day: 4))  // DGP start
        #expect(madeAvailable.label == "Mise à disposition")  // from the table: the file gives no label
        #expect(madeAvailable.invoice?.number == "FA-2026-0042")
        #expect(madeAvailable.invoice?.sellerId == "90000000100017")
        #expect(madeAvailable.invoice?.buyerId == "20000000800017")
        #expect(madeAvailable.invoice?.issueDate == CivilDate(year: 2026, month: 3, day: 2))
        #expect(!madeAvailable.unknownCode)
        let unknown = doc.events[3]
        #expect(unknown.code == "ZZ_INCONNU")  // kept and shown, never dropped
        #expect(unknown.unknownCode)
        #expect(unknown.label == "Statut de test")
        #expect(unknown.sourceRef.line != nil)
    }

    @Test(arguments: [
        ("01", EventKind.deposited), ("DEPOSEE", .deposited), ("03", .madeAvailable),
        ("MISE_A_DISPOSITION", .madeAvailable),
        ("04", .routingReturned), ("A_RECYCLER", .routingReturned), ("05", .rejected), ("REJETEE", .rejected),
        ("06", .suspended), ("SUSPENDUE", .suspended), ("12", .completed), ("COMPLETEE", .completed),
        ("07", .serviceCertified), ("SERVICE_FAIT", .serviceCertified), ("08", .mandated), ("MANDATEE", .mandated),
        ("09", .receivedByComptable), ("MISE_A_DISPOSITION_COMPTABLE", .receivedByComptable),
        ("10", .accounted), ("COMPTABILISEE", .accounted), ("11", .paid), ("MISE_EN_PAIEMENT", .paid),
        ("2", .inTransit),
    ])
    func statusCodeTable(code: String, kind: EventKind) {
        #expect(ChorusInvoiceStatus(code: code)?.kind == kind)
    }

    @Test func unknownStatusCodesAreNotGuessed() {
        #expect(ChorusInvoiceStatus(code: "BROUILLON") == nil)
        #expect(ChorusInvoiceStatus(code: "13") == nil)
    }

    @Test(.enabled(if: InvoiceTestFiles.corpusAvailable))
    func corpusPivotWithFourInvoices() throws {
        let doc = DocumentReader.read(
            path: InvoiceTestFiles.corpus.appendingPathComponent(
                "chorus/chorus-pro/cppfacturepivot/CPPFichierFormatPivot.xml"
            ).path)
        #expect(doc.invoices.map(\.invoiceNumber) == ["AVA20150923", "AVA20150924", "AVA20150925", "AVA20150926"])
        // One DEPOSEE (01) status per invoice, all on 2015-08-19.
        #expect(doc.events.count == 4)
        #expect(doc.events.allSatisfy { $0.kind == .deposited && $0.date == CivilDate(year: 2015, month: 8, day: 19) })
        // 3245.000000 + 0.681450 = 3245.681450 (TVA at 0.021 %).
        #expect(doc.invoices[0].totalVAT == Self.dec("0.68145"))
        #expect(doc.invoices[0].totalWithVAT == Self.dec("3245.68145"))
    }
}
