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

    /// Runs the command; an error is printed on standard error after « Erreur : » (`Error:` with `--lang en`),
    /// since what a person reads is French by default, then the process exits with the error's code (help and
    /// `--version` go to standard output with status 0, as ArgumentParser does).
    static func main() async {
        let english = englishRequested
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            var message = fullMessage(for: error)
            if message.hasPrefix("Error: ") { message.removeFirst("Error: ".count) }
            let code = exitCode(for: error)
            if code != .success { message = ArgumentMessages.translate(message, english: english) }
            if code == .success {
                if !message.isEmpty { print(message) }
            } else if !message.isEmpty {
                FileHandle.standardError.write(Data(((english ? "Error: " : "Erreur : ") + message + "\n").utf8))
            }
            Foundation.exit(code.rawValue)
        }
    }
}

/// Whether `--lang en` (or `--lang=en`) is on the command line: read before parsing, for the messages of a
/// command line the parser refuses and of code that has no `GlobalOptions` at hand (opening the store).
let englishRequested = CommandLine.arguments.contains("--lang=en")
    || zip(CommandLine.arguments, CommandLine.arguments.dropFirst()).contains { $0 == "--lang" && $1 == "en" }

/// Options every command shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Langue des sorties lisibles : fr (défaut) ou en.")
    var lang: Language = .fr
}

/// The language of what a person reads (code, logs and JSON keys stay English).
enum Language: String, ExpressibleByArgument, CaseIterable, Sendable {
    case fr, en
}
