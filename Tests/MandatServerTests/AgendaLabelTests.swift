import Foundation
import MandatCore
import MandatReports
import Testing

@testable import MandatServer

/// The agenda's lines on the web page and in `/api/v1/agenda`: in the reader's language.
@Suite("Agenda labels")
struct AgendaLabelTests {
    /// An agenda item as `Agenda.build` makes it (decoded: its memberwise initialiser is not public).
    static func item(_ kind: String, step: Int?, role: String, name: String?, amount: String) throws -> AgendaItem {
        let json = """
            {"date": "2026-02-10", "kind": "\(kind)", \(step.map { "\"step\": \($0)," } ?? "")
             "dossierId": "d1", "invoiceNumber": "FV-1", "buyerName": "Commune", "contactRole": "\(role)",
             \(name.map { "\"contactName\": \"\($0)\"," } ?? "") "amount": \(amount), "currency": "EUR",
             "overdue": false, "segments": []}
            """
        return try JSONDecoder().decode(AgendaItem.self, from: Data(json.utf8))
    }

    @Test func formalNoticeByLetterInBothLanguages() throws {
        let i = try Self.item("formalNotice", step: 4, role: "letter", name: nil, amount: "300.70")
        #expect(StoreDashboardRepository.agendaLabel(i, .fr) == "Mise en demeure — par courrier — 300,70\u{A0}€")  // French money: no-break space before €
        #expect(StoreDashboardRepository.agendaLabel(i, .en) == "Formal notice — by letter — 300.70 EUR")
    }

    @Test func followUpWithContact() throws {
        let i = try Self.item("followUp", step: 2, role: "ordonnateurFinance", name: "M. Roux", amount: "12000")
        #expect(
            StoreDashboardRepository.agendaLabel(i, .fr)
                == "Relance n° 2 — service financier de l'ordonnateur (M. Roux) — 12\u{202F}000,00\u{A0}€")
        #expect(
            StoreDashboardRepository.agendaLabel(i, .en)
                == "Follow-up no. 2 — the ordonnateur's finance office (M. Roux) — 12,000.00 EUR")
    }

    /// An entry with no English label (the in-memory repository's) shows its one label in both languages.
    @Test func entryPicksItsLanguage() {
        let both = AgendaEntry(
            date: CivilDate(iso: "2026-02-10")!, dossierId: nil, invoiceNumber: nil, buyer: nil, kind: "formalNotice",
            label: "Mise en demeure", labelEnglish: "Formal notice")
        #expect(both.label(.fr) == "Mise en demeure" && both.label(.en) == "Formal notice")
        let one = AgendaEntry(
            date: CivilDate(iso: "2026-02-10")!, dossierId: nil, invoiceNumber: nil, buyer: nil, kind: "x",
            label: "Seul")
        #expect(one.label(.en) == "Seul")
    }
}
