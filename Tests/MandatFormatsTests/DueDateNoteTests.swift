import Foundation
import MandatCore
import Testing

@testable import MandatFormats

/// A due date (BT-9) before the issue date (BT-2) or more than a year (366 days) after it gets a note; the date
/// is kept as written (`InvoiceReader.dueDateNote`).
@Suite("Due date far from the issue date")
struct DueDateNoteTests {
    /// `fixture` (issue date 2026-03-02, due date 2026-04-01) with `from` replaced by `to`, read.
    static func read(_ fixture: String, _ from: String, _ to: String) throws -> ReadDocument {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mandat-due-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try String(contentsOfFile: InvoiceTestFiles.fixture(fixture), encoding: .utf8)
        #expect(text.contains(from))
        let url = dir.appendingPathComponent(fixture)
        try text.replacingOccurrences(of: from, with: to).write(to: url, atomically: true, encoding: .utf8)
        return DocumentReader.read(path: url.path, displayName: fixture)
    }

    static let tail =
        "; kept as written, but the legal clock does not use it: Mandat's due date is the end of the DGP (délai "
        + "global de paiement, 30 to 60 days from reception)"

    @Test("9999-12-31 (UBL): a note, and the date is kept")
    func placeholder() throws {
        let doc = try Self.read("ubl-invoice-full.xml", "<cbc:DueDate>2026-04-01<", "<cbc:DueDate>9999-12-31<")
        let i = try #require(doc.invoices.first)
        #expect(i.dueDate == CivilDate(iso: "9999-12-31"))
        #expect(
            doc.notes == [
                "BT-9: due date 9999-12-31 is more than a year (366 days) after the issue date 2026-03-02 (BT-2)"
                    + Self.tail
            ])
    }

    @Test("before the issue date (CII): a note")
    func beforeIssue() throws {
        // 2026-03-01 is one day before the issue date 2026-03-02.
        let doc = try Self.read(
            "cii-invoice-full.xml", "<udt:DateTimeString format=\"102\">20260401<",
            "<udt:DateTimeString format=\"102\">20260301<")
        #expect(doc.invoices.first?.dueDate == CivilDate(iso: "2026-03-01"))
        #expect(doc.notes == ["BT-9: due date 2026-03-01 is before the issue date 2026-03-02 (BT-2)" + Self.tail])
    }

    @Test(
        "the bounds: the issue day itself and 366 days after pass, 367 days after does not",
        arguments: [
            ("2026-03-02", false),  // 0 days: payment on receipt
            // 2026-03-02 → 2027-03-02 is 365 days (no 29 February between), + 1 = 366: the last day without a note.
            ("2027-03-03", false),
            ("2027-03-04", true),  // 367 days
        ])
    func bounds(due: String, noted: Bool) throws {
        let doc = try Self.read("ubl-invoice-full.xml", "<cbc:DueDate>2026-04-01<", "<cbc:DueDate>\(due)<")
        #expect(
            CivilDate(iso: "2026-03-02")!.days(to: CivilDate(iso: due)!)
                == (due == "2026-03-02" ? 0 : due == "2027-03-03" ? 366 : 367))
        #expect(doc.notes.isEmpty == !noted)
    }

    @Test("no note without either date")
    func missing() {
        #expect(InvoiceReader.dueDateNote(issue: nil, due: CivilDate(iso: "9999-12-31")) == nil)
        #expect(InvoiceReader.dueDateNote(issue: CivilDate(iso: "2026-03-02"), due: nil) == nil)
    }
}
