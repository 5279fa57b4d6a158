import ArgumentParser
import Foundation
import MandatCore
import MandatReports
import MandatStore

/// `mandat agenda`: next actions per person, as text or iCalendar.
struct AgendaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agenda",
        abstract: "Prochaines actions : relances avant échéance, échelle de relance après échéance, promesses.",
        discussion: """
            Échelle (jours après l'échéance légale, réglable dans desk.ladderDays) : +1 service gestionnaire,
            +15 service financier de l'ordonnateur, +30 comptable, +45 mise en demeure. Avant l'échéance, une
            relance à J-10 pour les acheteurs segmentés. Voir docs/desk.md.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, ics }

    @OptionGroup var global: GlobalOptions
    @OptionGroup var desk: DeskOptions

    @Option(name: .customLong("for"), help: "Personne de la configuration (ses acheteurs, ses marchés).") var person:
        String?
    @Option(name: .long, help: "text (défaut) ou ics (RFC 5545).") var format: Format = .text
    @Option(name: .long, help: "Écrire dans ce fichier plutôt que sur la sortie standard.") var output: String?

    func run() async throws {
        let lang = global.lang.reports
        let config = try desk.configuration()
        var who: MandatConfiguration.Person?
        if let name = person {
            guard let p = config.person(named: name) else {
                throw ValidationError("--for : « \(name) » n'est pas dans la configuration (people)")
            }
            who = p
        }
        let asOf = try desk.date()
        let views = try await desk.dossiers()
        let settings = try desk.settings()
        let items = try await desk.withStore { store in
            try await DeskActions.agenda(
                store, views: views, person: who, settings: settings, asOf: asOf, configuration: config)
        }
        let text: String
        switch format {
        case .text: text = Agenda.renderText(items, asOf: asOf, person: who?.name, lang: lang)
        case .ics:
            text = ICalendar.render(
                Agenda.events(items, lang: lang), stamp: Date(),
                name: "Mandat" + (who.map { " — \($0.name)" } ?? ""))
        }
        if let o = output {
            do { try text.write(toFile: o, atomically: true, encoding: .utf8) } catch {
                throw DeskError(code: "cannot-write", message: "\(o): cannot write: \(error.localizedDescription)")
            }
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}
