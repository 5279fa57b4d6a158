import Foundation
import MandatCore
import Testing

@testable import MandatFormats

/// A field given twice: the first value that reads is used (`RepeatedField`), the notes give every line, and no
/// note prints a C-style `(null)`.
@Suite("Repeated fields")
struct RepeatedFieldTests {
    /// The demo invoice FV-2025-0016 (UBL, BT-2 on line 9) with line 9 replaced by `lines`, read from a temp file.
    static func ubl(issueDates lines: [String]) throws -> ReadDocument {
        let source = InvoiceTestFiles.packageRoot.appendingPathComponent("fixtures/demo/invoices/FV-2025-0016.ubl.xml")
        let text = try String(contentsOf: source, encoding: .utf8)
        let changed = text.replacingOccurrences(
            of: "  <cbc:IssueDate>2025-03-03</cbc:IssueDate>",
            with: lines.map { "  <cbc:IssueDate>\($0)</cbc:IssueDate>" }.joined(separator: "\n"))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("repeated-\(UUID().uuidString).xml")
        try Data(changed.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return DocumentReader.read(path: url.path, displayName: "inv.xml")
    }

    @Test func anInvalidFirstValueDoesNotHideAValidSecond() throws {
        let doc = try Self.ubl(issueDates: ["2025-02-30", "2025-03-03"])
        #expect(doc.invoices.first?.issueDate == CivilDate(year: 2025, month: 3, day: 3))
        #expect(
            doc.notes == [
                "BT-2: '2025-02-30' at line 9 is not a valid xs:date; the value '2025-03-03' (line 10) is used",
                "BT-2: 2 values '2025-02-30' (line 9), '2025-03-03' (line 10) at cbc:IssueDate; the value '2025-03-03' (line 10) is used",
            ])
    }

    @Test func twoValidValuesKeepTheFirstAndNameBothLines() throws {
        let doc = try Self.ubl(issueDates: ["2025-03-03", "2025-03-04"])
        #expect(doc.invoices.first?.issueDate == CivilDate(year: 2025, month: 3, day: 3))
        #expect(
            doc.notes == [
                "BT-2: 2 values '2025-03-03' (line 9), '2025-03-04' (line 10) at cbc:IssueDate; the value '2025-03-03' (line 9) is used"
            ])
    }

    @Test func twoValuesOnOneLineNameTheValueKept() throws {
        // Both on line 9: the line alone would not say which one was kept.
        let doc = try Self.ubl(issueDates: ["2025-03-03</cbc:IssueDate><cbc:IssueDate>2025-03-05"])
        #expect(doc.invoices.first?.issueDate == CivilDate(year: 2025, month: 3, day: 3))
        #expect(
            doc.notes == [
                "BT-2: 2 values '2025-03-03' (line 9), '2025-03-05' (line 9) at cbc:IssueDate; the value '2025-03-03' (line 9) is used"
            ])
    }

    @Test func aLaterInvalidValueIsReported() throws {
        // The first value reads and is kept; the second is no date (month 13): reported, not passed over.
        let doc = try Self.ubl(issueDates: ["2025-03-03", "2027-13-45"])
        #expect(doc.invoices.first?.issueDate == CivilDate(year: 2025, month: 3, day: 3))
        #expect(
            doc.notes == [
                "BT-2: '2027-13-45' at line 10 is not a valid xs:date; the value '2025-03-03' (line 9) is used",
                "BT-2: 2 values '2025-03-03' (line 9), '2027-13-45' (line 10) at cbc:IssueDate; the value '2025-03-03' (line 9) is used",
            ])
    }

    @Test func noValidValueIsLeftEmptyWithoutNull() throws {
        let doc = try Self.ubl(issueDates: ["2025-02-30", "03/03/2025"])
        #expect(doc.invoices.first?.issueDate == nil)
        #expect(
            doc.notes == [
                "BT-2: '2025-02-30' at line 9 is not a valid xs:date; left empty",
                "BT-2: '03/03/2025' at line 10 is not a valid xs:date; left empty",
                "BT-2: 2 values '2025-02-30' (line 9), '03/03/2025' (line 10) at cbc:IssueDate; none reads: left empty",
            ])
        #expect(!doc.notes.contains { $0.contains("(null)") })
    }
}

/// BT-110 with no amount in the document currency: the note lists the amounts and currencies as a person writes
/// them, with no Python look (`None`, `[('USD', '12.00')]`).
@Suite("VAT total without the document currency")
struct TaxTotalNoteTests {
    @Test("no document currency and an amount without @currencyID: « (no currency) », no brackets")
    func noCurrency() throws {
        let text = try String(contentsOfFile: InvoiceTestFiles.fixture("ubl-invoice-full.xml"), encoding: .utf8)
        let changed =
            text
            .replacingOccurrences(of: "  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>\n", with: "")
            .replacingOccurrences(
                of: "  <cac:TaxTotal>\n    <cbc:TaxAmount currencyID=\"EUR\">200.00</cbc:TaxAmount>",
                with: "  <cac:TaxTotal>\n    <cbc:TaxAmount currencyID=\"USD\">12.00</cbc:TaxAmount>"
                    + "<cbc:TaxAmount>3.00</cbc:TaxAmount>")
        #expect(!changed.contains("DocumentCurrencyCode") && changed.contains("<cbc:TaxAmount>3.00<"))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("taxtotal-\(UUID().uuidString).xml")
        try Data(changed.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let doc = DocumentReader.read(path: url.path, displayName: "inv.xml")
        #expect(doc.invoices.first?.totalVAT == nil)
        let notes = doc.notes.filter { $0.hasPrefix("BT-110") }
        #expect(
            notes == [
                "BT-110: TaxTotal/TaxAmount present: '12.00' USD, '3.00' (no currency), but none in the "
                    + "document currency (no currency)"
            ])
        #expect(!doc.notes.joined().contains("None"))
    }
}
