import Foundation
import MandatCore
import MandatStore
import Testing

@testable import MandatReports

@Suite("Desk: call sheet, letters, cost of credit")
struct DeskDocumentsTests {
    /// As of 2026-04-03 the invoice is 30 days late (2026-03-04 → 2026-04-03: 27 + 3 = 30 days).
    /// Interest at a hypothetical ECB 2.15 % + 8 = 10.15 %: 12 000 × 0.1015 × 30 / 365 = 100.1095… → 100.11 €.
    let asOf = day("2026-04-03")
    var late: DossierView { d1(asOf: asOf, interest: "100.11") }

    @Test func lateDossierIsThirtyDaysLate() {
        #expect(late.daysLate == 30)
    }

    @Test func formalNoticeStatesPrincipalInterestIndemnityAndTotal() throws {
        let facts = LetterFacts(view: late, buyer: valbonne(), asOf: asOf, sender: "Société Exemple SAS")
        // The view has no indemnity yet; 30 days late → the 40 € indemnity is owed (D.2192-35).
        #expect(facts.indemnity == 40)
        // 12 000.00 + 100.11 + 40.00 = 12 140.11 €.
        #expect(facts.total == dec("12140.11"))
        let md = try Letters.render(facts, kind: .formalNotice, format: .markdown)
        #expect(md.hasPrefix("Société Exemple SAS\n"))
        #expect(md.contains("| Principal restant dû | 12\u{202F}000,00\u{00A0}€ |"))
        #expect(md.contains("| Intérêts moratoires au 03/04/2026 | 100,11\u{00A0}€ |"))
        #expect(md.contains("| Indemnité forfaitaire (D.2192-35) | 40,00\u{00A0}€ |"))
        #expect(md.contains("| **Total** | **12\u{202F}140,11\u{00A0}€** |"))
        #expect(md.contains("30 jours (article R.2192-10"))
        #expect(md.contains("a expiré le 04/03/2026 ; le retard est à ce jour de 30 jours"))
        #expect(md.contains("L.2192-13") && md.contains("R.2192-31"))
        #expect(md.contains("À l'attention de Bruno Petit"))
        #expect(md.contains("Copie : SGC de Valbonne"))
        #expect(!md.contains("{{"))
        let html = try Letters.render(facts, kind: .formalNotice, format: .html)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<strong>12\u{202F}140,11\u{00A0}€</strong>"))
        // HTML escaping of data: an apostrophe in a name is escaped in HTML, kept in Markdown.
        var b = valbonne()
        b.name = "Commune d'Aups <Var>"
        let esc = try Letters.render(
            LetterFacts(view: late, buyer: b, asOf: asOf, sender: "S"), kind: .reminder, format: .html)
        #expect(esc.contains("Commune d&#39;Aups &lt;Var&gt;") || esc.contains("Commune d&#x27;Aups &lt;Var&gt;"))
    }

    @Test func formalNoticeInEnglishHasEnglishFormatsAndTheSameFigures() throws {
        let facts = LetterFacts(view: late, buyer: valbonne(), asOf: asOf, sender: "Example Ltd")
        // Same figures as the French letter: 12 000.00 + 100.11 + 40.00 = 12 140.11.
        let md = try Letters.render(facts, kind: .formalNotice, format: .markdown, lang: .en)
        #expect(md.hasPrefix("Example Ltd\n"))
        #expect(md.contains("| Principal outstanding | 12,000.00 EUR |"))
        #expect(md.contains("| Late-payment interest as of 2026-04-03 | 100.11 EUR |"))
        #expect(md.contains("| Fixed indemnity (D.2192-35) | 40.00 EUR |"))
        #expect(md.contains("| **Total** | **12,140.11 EUR** |"))
        #expect(md.contains("30 days (Article R.2192-10 of the French public procurement code) expired on 2026-03-04"))
        #expect(md.contains("For the attention of Bruno Petit"))
        #expect(!md.contains("{{") && !md.contains("Madame"))
        let reminder = try Letters.render(facts, kind: .reminder, format: .html, lang: .en)
        #expect(reminder.contains("<html lang=\"en\">"))
        #expect(reminder.contains("that is 100.11 EUR as of 2026-04-03"))
        // French stays the default.
        #expect(try Letters.render(facts, kind: .reminder, format: .markdown).contains("Madame, Monsieur"))
    }

    @Test func reminderBeforeLatenessHasNoInterestParagraph() throws {
        let early = d1(asOf: day("2026-03-01"))  // 3 days before the due date
        let md = try Letters.render(
            LetterFacts(view: early, buyer: valbonne(), asOf: day("2026-03-01"), sender: "S"), kind: .reminder,
            format: .markdown)
        #expect(md.contains("l'échéance légale était le 04/03/2026"))
        #expect(!md.contains("intérêts moratoires"))
        let lateMd = try Letters.render(
            LetterFacts(view: late, buyer: hospital(), asOf: asOf, sender: "S"), kind: .reminder, format: .markdown)
        // A hospital: 50 days, R.2192-11 1°.
        #expect(lateMd.contains("50 jours (article R.2192-11 1°"))
        #expect(lateMd.contains("soit 100,11\u{00A0}€ au 03/04/2026"))
        #expect(
            lateMd.contains("indemnité forfaitaire pour frais de recouvrement de 40,00\u{00A0}€ (article D.2192-35)"))
    }

    @Test func userTemplatesOverrideTheBundledOnes() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("desk-tpl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try "{{% CONTENT_TYPE: TEXT}}\nTotal dû : {{total}} ({{invoiceNumber}})\n".write(
            to: dir.appendingPathComponent("reminder.md.mustache"), atomically: true, encoding: .utf8)
        let facts = LetterFacts(view: late, buyer: valbonne(), asOf: asOf, sender: "S")
        #expect(
            try Letters.render(facts, kind: .reminder, format: .markdown, templates: dir.path)
                == "Total dû : 12\u{202F}140,11\u{00A0}€ (F-2026-101)\n")
        // The formal notice is not overridden there: the bundled one is used.
        #expect(
            try Letters.render(facts, kind: .formalNotice, format: .markdown, templates: dir.path).contains(
                "mise en demeure"))
    }

    @Test func bundledTemplatesAreTheFilesInTemplatesLetters() throws {
        for kind in Letters.Kind.allCases {
            for format in Letters.Format.allCases {
                for lang in Lang.allCases {
                    let name = Letters.fileName(kind, format, lang: lang)
                    let file = try String(
                        contentsOfFile: deskPackageRoot + "/templates/letters/" + name, encoding: .utf8)
                    #expect(
                        DefaultLetterTemplates.files[name] == file,
                        "run scripts/gen-letter-templates.sh: \(name) differs")
                }
            }
        }
    }

    @Test func callSheetCarriesTheFactsAndTheMethod() {
        let promise = Promise(
            id: 3, dossierId: "D1", madeOn: day("2026-03-19"), by: day("2026-03-31"), side: .ordonnateur, what: .mandat)
        let entry = LogEntry(
            id: 7, dossierId: "D1", date: day("2026-03-19"), kind: .call, contact: "Bruno Petit",
            outcome: .awaitingMandat,
            text: "mandat prévu fin mars")
        let fr = CallSheet.render(
            view: late, buyer: valbonne(), log: [entry], promises: [promise], asOf: asOf, lang: .fr,
            extra: .init(mandatNumbers: [], caller: "Claire"))
        #expect(fr.hasPrefix("# Fiche d'appel — facture F-2026-101\n"))
        #expect(fr.contains("- **Montant dû** : 12\u{202F}000,00\u{00A0}€"))
        #expect(fr.contains("- **Échéance légale** : 04/03/2026 — 30 jours de retard"))
        #expect(fr.contains("- **Intérêts moratoires à ce jour** : 100,11\u{00A0}€ + indemnité 0,00\u{00A0}€"))
        #expect(fr.contains("mise à disposition de l'acheteur — détenteur : ordonnateur depuis le 02/02/2026"))
        #expect(
            fr.contains(
                "« Bonjour, je suis Claire, je vous appelle au sujet de la facture F-2026-101 de 12\u{202F}000,00\u{00A0}€. »"
            ))
        #expect(fr.contains("#3 ordonnateur — émettre le mandat au plus tard le 31/03/2026 (non tenue)"))
        #expect(fr.contains("19/03/2026 — appel — en attente du mandatement — mandat prévu fin mars"))
        // Made available, not yet certified: call the service gestionnaire, seek a service-fait date.
        #expect(fr.contains("- service gestionnaire de l'acheteur : Aline Martin, 04 93 00 00 01"))
        #expect(fr.contains("Le service fait est-il constaté ?"))
        #expect(fr.contains("--side ordonnateur --what serviceFait"))
        for step in [
            "Se présenter", "Vérifier l'interlocuteur", "Exposer l'objet", "Écouter", "Négocier",
            "Obtenir un engagement daté", "Reformuler l'accord", "Conclure",
        ] {
            #expect(fr.contains("**\(step)**"))
        }
        let en = CallSheet.render(view: late, buyer: valbonne(), log: [], promises: [], asOf: asOf, lang: .en)
        #expect(en.contains("- **Legal due date**: 2026-03-04 — 30 days late"))
        #expect(en.contains("- **Last promise**: none"))
        #expect(en.contains("Has the service fait been certified?"))
        // At the comptable: call the comptable's office, seek a payment date.
        var atC = late
        atC.stage = "atComptable"
        atC.holder = "comptable"
        let c = CallSheet.render(view: atC, buyer: valbonne(), log: [], promises: [], asOf: asOf, lang: .fr)
        #expect(c.contains("- service de gestion comptable (trésorerie) : SGC de Valbonne, accueil"))
        #expect(c.contains("--side comptable --what payment"))
    }

    // MARK: cost of credit

    /// Valbonne (30 days): D1 unpaid; D2 paid 10 days late; D3 paid 10 days early. Hospital (50 days): D4 unpaid.
    func creditViews() -> [DossierView] {
        [
            late,
            // 5 000.00 €, due 2026-01-31, paid 2026-02-10 (10 days late): 5 000 × 0.1015 × 10 / 365 = 13.904… → 13.90.
            view(
                "D2", invoice: "F-2026-050", contract: "2026 mar 01", amount: "5000.00", due: "2026-01-31",
                daysLate: 10, paid: "2026-02-10", interest: "13.90", indemnity: "40"),
            view("D3", invoice: "F-2026-060", amount: "3000.00", due: "2026-02-15", daysLate: -10, paid: "2026-02-05"),
            // 20 000.00 €, start 2026-02-02, due + 50 = 2026-03-24 (Feb 2 + 26 = Feb 28, + 24); 10 days late on 04-03;
            // interest 20 000 × 0.1015 × 10 / 365 = 55.616… → 55.62.
            view(
                "D4", invoice: "H-77", siret: hospitalSiret, buyer: "CH des Trois-Vallées", contract: "2026-AOO-07",
                stage: "atComptable", holder: "comptable", amount: "20000.00", due: "2026-03-24", daysLate: 10,
                interest: "55.62"),
        ]
    }

    @Test func costOfCreditByBuyer() throws {
        let received = LogEntry(
            id: 1, dossierId: "D2", date: day("2026-03-20"), kind: .note, outcome: .interestReceived, text: "IM reçus",
            amount: dec("53.90"))
        let r = CreditReport.build(
            views: creditViews(), buyers: [valbonne(), hospital()], log: [received], asOf: asOf, ratePercent: 5,
            groupBy: .buyer)
        // Sorted by outstanding: hospital 20 000 first, then Valbonne 12 000.
        #expect(r.lines.map(\.key) == [hospitalSiret, valbonneSiret])
        let v = r.lines[1]
        #expect(v.outstanding == eur("12000"))
        #expect(v.overdue == eur("12000"))
        #expect(v.paidDossiers == 2)
        // Days to pay: D2 10 + 30 = 40, D3 −10 + 30 = 20 → (40 + 20) / 2 = 30.0; days late (10 + 0) / 2 = 5.0.
        #expect(v.averageDaysToPay == 30)
        #expect(v.averageDaysLate == 5)
        // D1 start 2026-02-02 → 2026-04-03 = 26 + 31 + 3 = 60 days; 12 000 × 5 % × 60 / 365 = 98.630… → 98.63.
        #expect(v.financingCost == eur("98.63"))
        // Owed: D1 100.11 + 40 (late) + D2 13.90 + 40 = 194.01; received 53.90; balance 140.11.
        #expect(v.interestOwed == eur("194.01"))
        #expect(v.interestReceived == eur("53.90"))
        #expect(v.interestBalance == eur("140.11"))
        let h = r.lines[0]
        // D4 start 2026-02-02 (due − 50) → 60 days; 20 000 × 5 % × 60 / 365 = 164.383… → 164.38.
        #expect(h.financingCost == eur("164.38"))
        #expect(h.interestOwed == eur("95.62"))  // 55.62 + 40
        #expect(h.averageDaysToPay == nil)
        // Total: 98.6301… + 164.3835… = 263.0136… → 263.01 (rounded once, not the sum of rounded lines).
        #expect(r.total.financingCost == eur("263.01"))
        #expect(r.total.outstanding == eur("32000"))
        let text = r.renderText(lang: .fr)
        #expect(text.contains("coût de financement de l'encours : 263,01\u{00A0}€"))
        #expect(text.contains("délai moyen de paiement : 30 j ; retard moyen : 5 j (2 payé(s))"))
        // JSON: amounts as normalised decimal strings (EXPECTED.md), in a stable key order.
        let json = r.json.serialized(pretty: false)
        #expect(json.contains("\"ratePercent\":\"5.00\""))
        #expect(
            json.contains(
                "\"total\":{\"key\":\"*\",\"label\":\"Total\",\"dossiers\":4,\"unpaidDossiers\":2,\"outstanding\":{\"EUR\":\"32000.00\"}"
            ))
        #expect(json.contains("\"financingCost\":{\"EUR\":\"263.01\"}"))
    }

    /// Euros only.
    func eur(_ s: String) -> CurrencyTotals {
        var t = CurrencyTotals()
        t.add(dec(s), "EUR")
        return t
    }

    @Test("Cost of credit: amounts in SEK are never added to euros; the 40 € indemnity stays in euros")
    func costOfCreditPerCurrency() throws {
        // Given: D1 12 000.00 € unpaid, 30 days late (interest 100.11 €), and a Valbonne invoice of 4 820.15 SEK,
        // unpaid, due 2026-03-04 too (so 30 days late on 2026-04-03), interest 40.21 SEK.
        var sek = view(
            "D5", invoice: "F-SE-9", amount: "4820.15", due: "2026-03-04", daysLate: 30, interest: "40.21")
        sek.currency = "SEK"
        let r = CreditReport.build(
            views: [late, sek], buyers: [valbonne()], log: [], asOf: asOf, ratePercent: 5, groupBy: .buyer)
        let v = try #require(r.lines.first)
        #expect(r.lines.count == 1)
        // Outstanding: 12 000.00 € and 4 820.15 SEK apart (16 820.15 of nothing before).
        #expect(v.outstanding.byCurrency == ["EUR": dec("12000.00"), "SEK": dec("4820.15")])
        #expect(v.overdue.byCurrency == ["EUR": dec("12000.00"), "SEK": dec("4820.15")])
        // Financing, 60 days at 5 %: 12 000 × 0.05 × 60 / 365 = 98.630… → 98.63 €; 4 820.15 × 0.05 × 60 / 365
        // = 39.617… → 39.62 SEK.
        #expect(v.financingCost.byCurrency == ["EUR": dec("98.63"), "SEK": dec("39.62")])
        // Owed: 100.11 + 40 + 40 (the SEK invoice's indemnity, in euros) = 180.11 €; 40.21 SEK.
        #expect(v.interestOwed.byCurrency == ["EUR": dec("180.11"), "SEK": dec("40.21")])
        #expect(v.interestBalance.byCurrency == ["EUR": dec("180.11"), "SEK": dec("40.21")])
        let text = r.renderText(lang: .fr)
        #expect(text.contains("  encours : 12\u{202F}000,00\u{00A0}€ + 4\u{202F}820,15\u{00A0}SEK (2 dossier(s))"))
        #expect(text.contains("coût de financement de l'encours : 98,63\u{00A0}€ + 39,62\u{00A0}SEK"))
        let json = r.json.serialized(pretty: false)
        #expect(json.contains("\"outstanding\":{\"EUR\":\"12000.00\",\"SEK\":\"4820.15\"}"))
        #expect(json.contains("\"interestOwed\":{\"EUR\":\"180.11\",\"SEK\":\"40.21\"}"))
    }

    @Test func costOfCreditByContractNormalisesIds() {
        let r = CreditReport.build(
            views: creditViews(), buyers: [valbonne(), hospital()], log: [], asOf: asOf, ratePercent: 5,
            groupBy: .contract)
        // "2026-MAR-01" and "2026 mar 01" are one contract (D1 + D2); D4 its own; D3 has none ("—").
        #expect(Set(r.lines.map(\.key)) == ["2026MAR01", "2026AOO07", "—"])
        let mar = r.lines.first { $0.key == "2026MAR01" }
        #expect(mar?.dossiers == 2)
        #expect(mar?.financingCost == eur("98.63"))
    }
}
