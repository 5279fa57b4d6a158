import Foundation
import MandatCore
import Testing

@testable import MandatFormats

/// A due date (BT-9) before the issue date (BT-2) or more than a year (366 days) after it gets a note saying the
/// real gap in days and the limit; the date is kept as written (`InvoiceReader.dueDateNote`).
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
        // 2026-03-02 → 9999-03-02: 7 973 years × 365 = 2 910 145 days, plus one per 29 February in between: the
        // multiples of 4 from 2028 to 9996, (9996 − 2028) / 4 + 1 = 1 993, less the 79 century years 2100…9900
        // but for the 19 that 400 divides (2400…9600): 1 993 − 60 = 1 933; 2 910 145 + 1 933 = 2 912 078.
        // 9999-03-02 → 9999-12-31: Mar 2 → Dec 2 = 31+30+31+30+31+31+30+31+30 = 275, + 29 = 304.
        // 2 912 078 + 304 = 2 912 382.
        #expect(
            doc.notes == [
                "BT-9: due date 9999-12-31 is 2912382 days after the issue date 2026-03-02 (BT-2), more than a year "
                    + "(the limit is 366 days)" + Self.tail
            ])
    }

    @Test("the note says the real gap, not the limit (a corpus invoice: 2016-04-04 → 2023-03-01; and 367 days)")
    func gap() {
        // 2016-04-04 → 2022-04-04: 6 × 365 + 1 (29 February 2020) = 2 191 days. 2022-04-04 → 2023-03-01:
        // Apr 4 → Feb 4 = 30+31+30+31+31+30+31+30+31+31 = 306, Feb 4 → Mar 1 = 25 (February 2023 has 28 days):
        // 331. 2 191 + 331 = 2 522.
        #expect(
            InvoiceReader.dueDateNote(issue: CivilDate(iso: "2016-04-04"), due: CivilDate(iso: "2023-03-01"))
                == "BT-9: due date 2023-03-01 is 2522 days after the issue date 2016-04-04 (BT-2), more than a year "
                + "(the limit is 366 days)" + Self.tail)
        // 2026-03-02 → 2027-03-02: 365 days (no 29 February between), + 2 = 367: the first day with a note.
        #expect(
            InvoiceReader.dueDateNote(issue: CivilDate(iso: "2026-03-02"), due: CivilDate(iso: "2027-03-04"))
                == "BT-9: due date 2027-03-04 is 367 days after the issue date 2026-03-02 (BT-2), more than a year "
                + "(the limit is 366 days)" + Self.tail)
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
