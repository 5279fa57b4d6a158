import ArgumentParser
import Foundation
import MandatCore
import MandatReports
import MandatStore

/// `mandat call-sheet ID`: a one-page call sheet for a dossier.
struct CallSheetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "call-sheet",
        abstract: "Fiche d'appel d'un dossier : faits, interlocuteur, déroulé de l'appel, questions pour son étape."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var desk: DeskOptions

    @Argument(help: "Dossier : identifiant ou numéro de facture.") var dossier: String

    /// An empty dossier id (`""`, an unset variable) is a usage error (64), not a dossier not found.
    func validate() throws { try requireDossierID(dossier) }
    @Option(name: .long, help: "Votre nom, pour vous présenter.") var caller: String?
    @Option(name: .long, help: "Numéro de mandat connu (répétable).") var mandat: [String] = []

    func run() async throws {
        try await desk.withStore { store in
            let v = try await desk.dossier(dossier)
            let buyer = try await desk.buyers(store).first { $0.siret == v.buyerSiret?.filter(\.isNumber) }
            print(
                CallSheet.render(
                    view: v, buyer: buyer, log: try await store.log(dossierId: v.id),
                    promises: try await store.promises(dossierId: v.id), asOf: try desk.date(),
                    lang: global.lang.reports,
                    extra: .init(mandatNumbers: mandat, caller: caller)), terminator: "")
        }
    }
}
