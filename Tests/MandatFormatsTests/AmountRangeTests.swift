import Foundation
import MandatCore
import Testing

@testable import MandatFormats

/// An amount that is a valid `xs:decimal` but longer than Mandat reads (`Money.maxDigits`, 34 digits) is refused
/// with a note that says so, not "not an xs:decimal"; a text that is no decimal keeps its note.
@Suite("Amounts beyond Mandat's range")
struct AmountRangeTests {
    /// `fixtures/invoices/ubl-invoice-full.xml` with BT-115 (`cbc:PayableAmount`, line 94) set to `amount`.
    static func invoice(payable amount: String) throws -> ReadDocument {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mandat-range-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try String(contentsOfFile: InvoiceTestFiles.fixture("ubl-invoice-full.xml"), encoding: .utf8)
            .replacingOccurrences(
                of: "<cbc:PayableAmount currencyID=\"EUR\">1000.01</cbc:PayableAmount>",
                with: "<cbc:PayableAmount currencyID=\"EUR\">\(amount)</cbc:PayableAmount>")
        #expect(text.contains(amount))
        let url = dir.appendingPathComponent("big.xml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return DocumentReader.read(path: url.path, displayName: "big.xml")
    }

    @Test("34 digits are read, 35 are a valid xs:decimal out of range, '12,x5' is no xs:decimal")
    func digitsBeyondRange() {
        // 30 integer digits + 4 fraction digits = 34: read, exactly.
        #expect(
            Money.parse("123456789012345678901234567890.1234") == Decimal(string: "123456789012345678901234567890.1234")
        )
        #expect(Money.digitsBeyondRange("123456789012345678901234567890.1234") == nil)
        // 30 + 5 = 35 digits: refused, but a valid xs:decimal.
        #expect(Money.parse("123456789012345678901234567890.12345") == nil)
        #expect(Money.digitsBeyondRange("123456789012345678901234567890.12345") == 35)
        // Leading zeros count: 1 + 35 zeros = 36 digits; a sign and blanks around are fine.
        #expect(Money.digitsBeyondRange(" -0" + String(repeating: "0", count: 34) + "1 ") == 36)
        // Not an xs:decimal at all, however long: nil.
        #expect(Money.digitsBeyondRange("12,x5") == nil)
        #expect(Money.digitsBeyondRange(String(repeating: "9", count: 40) + "e3") == nil)
        #expect(Money.digitsBeyondRange("1.2.3" + String(repeating: "9", count: 40)) == nil)
    }

    @Test("a 35-digit BT-115 is left empty with a note giving the digits and the limit")
    func invoiceOutOfRange() throws {
        let doc = try Self.invoice(payable: "123456789012345678901234567890.12345")
        let i = try #require(doc.invoices.first)
        #expect(i.amountDue == nil)
        #expect(
            doc.notes == [
                "BT-115: '123456789012345678901234567890.12345' at line 94 is a valid xs:decimal but out of range "
                    + "(35 digits, Mandat reads at most 34); left empty"
            ])
    }

    @Test("the reviewer's 32-digit amount is read as it is, without a note")
    func thirtyTwoDigits() throws {
        let doc = try Self.invoice(payable: "123456789012345678901234567890.12")
        let i = try #require(doc.invoices.first)
        #expect(i.amountDue == Decimal(string: "123456789012345678901234567890.12"))
        #expect(doc.notes.isEmpty)
    }

    @Test("a text that is no decimal keeps its note")
    func notADecimal() throws {
        let doc = try Self.invoice(payable: "12,x5")
        #expect(doc.notes == ["BT-115: '12,x5' at line 94 is not an xs:decimal amount; left empty"])
    }

    @Test("the chain readers' words: a valid decimal out of range, or not a decimal amount")
    func chainWords() {
        var notes: [String] = []
        #expect(
            ChainValues.amount(String(repeating: "1", count: 35), field: "Piece 7 (line 12) MtHT", notes: &notes) == nil
        )
        #expect(ChainValues.amount("1,5", field: "MtTTC", notes: &notes) == nil)
        #expect(
            notes == [
                "Piece 7 (line 12) MtHT: a valid decimal but out of range (35 digits, Mandat reads at most 34): '"
                    + String(repeating: "1", count: 35) + "'",
                "MtTTC: not a decimal amount: '1,5'",
            ])
    }
}
