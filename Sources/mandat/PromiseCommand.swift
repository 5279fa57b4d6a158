import ArgumentParser
import Foundation
import MandatCore
import MandatReports
import MandatStore

/// `mandat promise ID --by DATE --side … --what …`: records a dated commitment; without `--by`, lists them.
struct PromiseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promise",
        abstract: "Enregistre une promesse datée (ou liste les promesses du dossier sans --by).",
        discussion: """
            Une promesse est tenue quand le dossier atteint l'étape promise (serviceFait ← service fait constaté,
            mandat ← mandaté, payment ← payé). Non tenue à sa date, elle rouvre le dossier : blocage promise-expired
            dans le point quotidien et rappel dans l'agenda.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var desk: DeskOptions

    @Argument(help: "Dossier : identifiant ou numéro de facture.") var dossier: String

    /// An empty dossier id (`""`, an unset variable) is a usage error (64), not a dossier not found.
    func validate() throws { try requireDossierID(dossier) }
    @Option(name: .long, help: "Date promise AAAA-MM-JJ (dernier jour).") var by: String?
    @Option(name: .long, help: "ordonnateur ou comptable.") var side: String?
    @Option(name: .long, help: "serviceFait, mandat ou payment.") var what: String?
    @Option(name: .long, help: "Qui a promis.") var contact: String?
    @Option(name: .long, help: "Note.") var note: String?

    func run() async throws {
        let lang = global.lang.reports
        try await desk.withStore { store in
            let v = try await desk.dossier(dossier)
            let today = try desk.date()
            guard let byText = by else {
                let all = try await store.promises(dossierId: v.id)
                if all.isEmpty { print(lang == .fr ? "Aucune promesse." : "No promise.") }
                for p in all {
                    let st = PromiseTracker.status(p, view: v, all: all, asOf: today)
                    print(
                        "#\(p.id) \(Labels.date(p.madeOn, lang)) \(DeskLabels.side(p.side, lang)) — \(DeskLabels.what(p.what, lang)) "
                            + (lang == .fr ? "au plus tard le " : "by ") + Labels.date(p.by, lang) + " — "
                            + CallSheet.statusLabel(st, lang) + (p.contact.map { " (\($0))" } ?? ""))
                }
                return
            }
            let byDate = try civilDate(byText, option: "--by")
            guard let s = side.flatMap(PromiseSide.init(rawValue:)) else {
                throw ValidationError("--side : ordonnateur ou comptable")
            }
            guard let w = what.flatMap(PromiseWhat.init(rawValue:)) else {
                throw ValidationError("--what : serviceFait, mandat ou payment")
            }
            let p = try await DeskActions.promise(
                store, dossier: v, madeOn: today, by: byDate, side: s, what: w, contact: contact, note: note)
            print(lang == .fr ? "promesse #\(p.id) enregistrée" : "promise #\(p.id) recorded")
        }
    }
}
