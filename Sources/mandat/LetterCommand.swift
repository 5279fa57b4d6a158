import ArgumentParser
import Foundation
import MandatCore
import MandatReports
import MandatStore

/// `mandat letter ID --kind reminder|formal-notice`: a letter from an editable Mustache template.
struct LetterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "letter",
        abstract:
            "Lettre de relance ou mise en demeure (délai R.2192-10, intérêts L.2192-13 / R.2192-31, indemnité D.2192-35).",
        discussion: """
            Modèles Mustache modifiables : templates/letters/<kind>.<md|html>.mustache (en anglais avec --lang en :
            <kind>.en.<md|html>.mustache) ; --templates DIR remplace les modèles livrés, fichier par fichier.
            Variables : voir docs/desk.md.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case markdown, html }

    @OptionGroup var global: GlobalOptions
    @OptionGroup var desk: DeskOptions

    @Argument(help: "Dossier : identifiant ou numéro de facture.") var dossier: String

    /// An empty dossier id (`""`, an unset variable) is a usage error (64), not a dossier not found.
    func validate() throws { try requireDossierID(dossier) }
    @Option(name: .long, help: "reminder ou formal-notice.") var kind: String
    @Option(name: .long, help: "markdown (défaut) ou html.") var format: Format = .markdown
    @Option(name: .long, help: "Dossier de modèles qui remplacent ceux livrés.") var templates: String?
    @Option(name: .long, help: "Expéditeur (nom et adresse).") var from: String = "[Votre société — adresse]"
    @Option(name: .customLong("notice-days"), help: "Délai accordé par la mise en demeure, en jours (défaut 15).")
    var noticeDays: Int = 15

    func run() async throws {
        guard let k = Letters.Kind(rawValue: kind) else { throw ValidationError("--kind : reminder ou formal-notice") }
        try await desk.withStore { store in
            let v = try await desk.dossier(dossier)
            let buyer = try await desk.buyers(store).first { $0.siret == v.buyerSiret?.filter(\.isNumber) }
            let facts = LetterFacts(view: v, buyer: buyer, asOf: try desk.date(), sender: from, noticeDays: noticeDays)
            let text = try Letters.render(
                facts, kind: k, format: format == .html ? .html : .markdown, lang: global.lang.reports,
                templates: templates)
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}
