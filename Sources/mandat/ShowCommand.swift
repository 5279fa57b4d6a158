import ArgumentParser
import Foundation
import MandatCore
import MandatFormats
import MandatStore

/// `mandat show ID`: one dossier's timeline by lane, its clock, interest and findings.
struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Affiche un dossier : chronologie par acteur, délai, intérêts, constats.",
        discussion: """
            ID : numéro de facture, identifiant de dossier, id Chorus Pro, clé de mandat (IdColl/Exer/Bn/Mn) ou
            tout fragment non ambigu. Plusieurs dossiers correspondent : ils sont listés et le code de sortie est 2.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var store: StoreOptions

    @Option(name: .long, help: "Date de référence AAAA-MM-JJ (défaut : aujourd'hui, Europe/Paris).")
    var asOf: ISODateArgument?

    @OptionGroup var law: LawOptions

    @Option(name: .long, help: "text (défaut) ou json.")
    var format: ShowFormat = .text

    @Argument(help: "Le dossier : numéro de facture ou tout identifiant non ambigu.")
    var id: String

    /// An empty dossier id (`""`, an unset variable) is a usage error (64), not a dossier not found.
    func validate() throws { try requireDossierID(id) }

    enum ShowFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    func run() async throws {
        let fr = global.lang == .fr
        let s = try await store.openExisting()
        let found: [Dossier]
        do {
            // The materialised state when it is current (a few rows); else every fact linked.
            if let f = try await s.stateFind(id) {
                found = f
            } else {
                found = Board.find(id, in: DossierLinker.link(try await s.facts()))
            }
        } catch {
            try? await s.close()
            throw error
        }
        try await s.close()
        guard let d = found.first else {
            throw CommandFailure(fr ? "Aucun dossier ne correspond à « \(id) »." : "No dossier matches \"\(id)\".")
        }
        if found.count > 1 {
            print(
                fr
                    ? "« \(id) » est ambigu ; \(found.count) dossiers :"
                    : "\"\(id)\" is ambiguous; \(found.count) dossiers:")
            for x in found { print("  " + x.id) }
            throw ExitCode(2)
        }
        let day = asOf?.date ?? CivilDate.today()
        let assessor = try law.assessor(french: fr)
        let row = BoardRow(d, asOf: day, assessor: assessor)
        switch format {
        case .json:
            var json = DossierPage.json(d, row: row, asOf: day)
            // The law's whole assessment, for scripts (Codable, sorted keys).
            if case .object(var o) = json {
                let enc = JSONEncoder()
                enc.outputFormatting = [.sortedKeys, .prettyPrinted]
                let data = try enc.encode(assessor.lawAssessment(d, asOf: day))
                o.append(("law", try StrictJSON.parse(data).value))
                json = .object(o)
            }
            print(json.serialized(pretty: true))
        case .text: print(TerminalText.lines(DossierPage.text(d, row: row, asOf: day, fr: fr)))
        }
    }
}

/// One dossier rendered for `show`.
enum DossierPage {
    /// A timeline entry: the invoice itself, a mandat issued, or an event.
    struct Entry {
        var lane: Lane
        var date: CivilDate?
        var what: String
        var source: SourceRef
        var amount: Decimal?
        var reasons: [String]
        /// ISO 4217 code of `amount`: the invoice's for the invoice and the events, euros for a PES mandat.
        var currency = "EUR"
    }

    static func entries(_ d: Dossier, fr: Bool) -> [Entry] {
        var out: [Entry] = []
        let currency = d.invoice?.currency.map { $0.isEmpty ? "EUR" : $0.uppercased() } ?? "EUR"
        if let inv = d.invoice {
            out.append(
                Entry(
                    lane: .supplier, date: inv.issueDate,
                    what: (fr ? "facture émise " : "invoice issued ") + (inv.invoiceNumber ?? ""),
                    source: inv.source, amount: inv.amountDue ?? inv.totalWithVAT, reasons: [], currency: currency))
        }
        for m in d.mandats {
            out.append(
                Entry(
                    lane: .ordonnateur, date: m.bordereauDate,
                    what: (fr ? "mandat " : "mandat ") + m.key.description, source: m.source, amount: m.amountTTC,
                    reasons: []))
        }
        for e in d.events {
            let label =
                (e.label ?? e.kind.rawValue) + " [\(e.code)]"
                + (e.unknownCode ? (fr ? " (code inconnu)" : " (unknown code)") : "")
            out.append(
                Entry(
                    lane: Lane.of(e), date: e.date, what: label, source: e.sourceRef, amount: e.amount,
                    reasons: e.reasons.map { r in [r.code, r.text, r.action].compactMap { $0 }.joined(separator: " ") },
                    currency: currency)
            )
        }
        return out.sorted { a, b in
            switch (a.date, b.date) {
            case (nil, nil): return a.source.description < b.source.description
            case (nil, _): return false
            case (_, nil): return true
            case (let x?, let y?): return x < y
            }
        }
    }

    static func text(_ d: Dossier, row: BoardRow, asOf: CivilDate, fr: Bool) -> String {
        let a = row.assessment
        var l: [String] = []
        l.append((fr ? "Dossier " : "Dossier ") + d.id)
        if let inv = d.invoice {
            l.append(
                (fr ? "  Facture " : "  Invoice ") + (inv.invoiceNumber ?? "—") + (fr ? " du " : " of ")
                    + StoreLabels.date(inv.issueDate, fr: fr) + " · " + (inv.sellerName ?? inv.key.sellerSIREN) + " → "
                    + (inv.buyerName ?? row.buyerId ?? "—"))
            l.append(
                (fr ? "  Montants : HT " : "  Amounts: excl. VAT ")
                    + StoreLabels.money(inv.totalWithoutVAT, fr: fr, currency: inv.currency)
                    + (fr ? " · TTC " : " · incl. VAT ")
                    + StoreLabels.money(inv.totalWithVAT, fr: fr, currency: inv.currency)
                    // The board's amount due (BT-115, else BT-112 − BT-113 + BT-114, else the mandats' TTC), so that status and show
                    // say the same; where it does not come from BT-115, the line says so.
                    + (fr ? " · dû " : " · due ") + StoreLabels.money(row.amountDue, fr: fr, currency: inv.currency)
                    + (inv.amountDue == nil && row.amountDue != nil
                        ? (fr ? " (BT-115 absent ou illisible : " : " (BT-115 missing or unreadable: ")
                            + (inv.totalWithVAT != nil
                                ? (fr
                                    ? "estimé TTC BT-112 − acomptes BT-113 + arrondi BT-114)*"
                                    : "estimated BT-112 incl. VAT − prepaid BT-113 + rounding BT-114)*")
                                : (fr ? "TTC des mandats)" : "mandats' TTC)"))
                        : ""))
        } else {
            l.append(
                fr
                    ? "  Facture non importée : ce dossier vient des événements ou des mandats."
                    : "  Invoice not imported: this dossier comes from events or mandats.")
        }
        if let c = d.contract {
            l.append((fr ? "  Marché " : "  Contract ") + c.id + (c.object.map { " · " + $0 } ?? ""))
        } else if let ref = row.contractId {
            l.append((fr ? "  Marché (référence) " : "  Contract (reference) ") + ref)
        }
        l.append("")
        l.append(fr ? "Chronologie" : "Timeline")
        let all = entries(d, fr: fr)
        for lane in Lane.allCases {
            let mine = all.filter { $0.lane == lane }
            guard !mine.isEmpty else { continue }
            l.append("  " + StoreLabels.lane(lane, fr: fr))
            for e in mine {
                var s = "    " + StoreLabels.date(e.date, fr: fr) + "  " + TerminalText.cell(e.what)
                if let amt = e.amount { s += " · " + StoreLabels.money(amt, fr: fr, currency: e.currency) }
                // The source file's name is from the disk: one line each, a line feed in it shown as `�` (`lines` keeps them).
                s += "  (" + TerminalText.cell(e.source.description) + ")"
                l.append(s)
                for r in e.reasons where !r.isEmpty {
                    l.append("        " + (fr ? "motif : " : "reason: ") + TerminalText.cell(r))
                }
            }
        }
        l.append("")
        l.append(fr ? "Délai" : "Clock")
        l.append(
            (fr ? "  Étape : " : "  Stage: ") + StoreLabels.stage(a.stage, fr: fr)
                + (fr ? " · détenteur : " : " · holder: ")
                + StoreLabels.holder(a.holder, fr: fr)
                + (row.daysAtHolder.map { fr ? " depuis \($0) j" : " for \($0) d" } ?? ""))
        if !a.clock.isEmpty {
            // The law's clock: start and rule, délai and due date, interruption, split, payment, interest.
            l += a.clock.map { "  " + $0 }
        } else {
            // Without the law: the invoice's own due date (BT-9), no legal clock, no interest.
            if let due = a.dueDate {
                l.append(
                    (fr ? "  Échéance : " : "  Due: ") + StoreLabels.date(due, fr: fr) + " (" + (a.dueDateSource ?? "")
                        + ")"
                        + (row.daysLeft.map {
                            $0 >= 0
                                ? (fr ? " · J-\($0)" : " · \($0) d left")
                                : (fr ? " · retard \(-$0) j" : " · \(-$0) d late")
                        } ?? ""))
            }
            l.append(fr ? "  Délai légal et intérêts : non calculés." : "  Legal clock and interest: not computed.")
        }
        l.append("")
        l.append(fr ? "Constats" : "Findings")
        if a.findings.isEmpty { l.append(fr ? "  aucun" : "  none") }
        for f in a.findings {
            l.append("  [\(f.code)] " + f.message)
            for e in f.evidence { l.append((fr ? "    preuve : " : "    evidence: ") + TerminalText.cell(e)) }
            if let n = f.nextAction { l.append((fr ? "    action : " : "    next: ") + n) }
        }
        return l.joined(separator: "\n")
    }

    static func json(_ d: Dossier, row: BoardRow, asOf: CivilDate) -> JSONValue {
        let timeline = entries(d, fr: false).map { e in
            JSONValue.object([
                ("lane", .string(e.lane.rawValue)), ("date", .date(e.date)), ("what", .string(e.what)),
                ("amount", .amount(e.amount)), ("currency", .string(e.currency)), ("file", .string(e.source.file)),
                ("line", .int(e.source.line)),
                ("reasons", .strings(e.reasons)),
            ])
        }
        let findings = row.assessment.findings.map { f in
            JSONValue.object([
                ("code", .string(f.code)), ("message", .string(f.message)), ("evidence", .strings(f.evidence)),
                ("nextAction", .str(f.nextAction)),
            ])
        }
        return .object([
            ("asOf", .date(asOf)),
            ("dossier", row.json),
            ("timeline", .array(timeline)),
            ("clock", .strings(row.assessment.clock)),
            ("findingDetails", .array(findings)),
        ])
    }
}
