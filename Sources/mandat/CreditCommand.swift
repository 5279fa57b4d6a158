import ArgumentParser
import Foundation
import MandatCore
import MandatReports
import MandatStore

/// `mandat credit`: the cost of customer credit, by buyer or by contract.
struct CreditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credit",
        abstract:
            "Coût du crédit client : encours, délai moyen de paiement, retard, coût de financement, intérêts dus et reçus.",
        discussion: "Coût de financement = encours × taux annuel × jours depuis le début du délai / 365 (docs/desk.md)."
    )

    enum By: String, ExpressibleByArgument, CaseIterable { case buyer, contract }

    @OptionGroup var global: GlobalOptions
    @OptionGroup var desk: DeskOptions

    @Option(name: .long, help: "Regrouper par buyer (défaut) ou contract.") var by: By = .buyer
    @Option(
        name: .long,
        help: "Taux annuel de financement en % (défaut : financingRatePercent de la configuration, sinon 5).")
    var rate: String?
    @Flag(name: .long, help: "Sortie JSON.") var json = false

    func run() async throws {
        let config = try desk.configuration()
        let rateText = rate ?? config.financingRatePercent ?? "5"
        guard let r = Money.parse(rateText), r >= 0 else {
            throw ValidationError("taux de financement « \(rateText) » invalide (ex. 5 ou 4.5)")
        }
        try await desk.withStore { store in
            let report = CreditReport.build(
                views: try await desk.dossiers(), buyers: try await desk.buyers(store),
                log: try await store.log(dossierId: nil),
                asOf: try desk.date(), ratePercent: r, groupBy: by == .buyer ? .buyer : .contract)
            if json {
                print(report.json.serialized(pretty: true))
            } else {
                print(report.renderText(lang: global.lang.reports), terminator: "")
            }
        }
    }
}
