import ArgumentParser
import Foundation
import MandatCore

/// `mandat`: follows the payment chain of French public bodies from the files it leaves behind.
@main
struct MandatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mandat",
        abstract: "Suit la chaîne de paiement des acheteurs publics (factures, Chorus Pro, PES, marchés).",
        version: MandatCoreInfo.version,
        subcommands: [
            DemoCommand.self, InspectCommand.self, ImportCommand.self, StatusCommand.self, ShowCommand.self,
            DigestCommand.self, BuyersCommand.self, LogCommand.self, PromiseCommand.self, AgendaCommand.self,
            CallSheetCommand.self, LetterCommand.self, CreditCommand.self, ServeCommand.self, UserCommand.self,
        ]
    )
}

/// Options every command shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Langue des sorties lisibles : fr (défaut) ou en.")
    var lang: Language = .fr
}

/// The language of what a person reads (code, logs and JSON keys stay English).
enum Language: String, ExpressibleByArgument, CaseIterable, Sendable {
    case fr, en
}
