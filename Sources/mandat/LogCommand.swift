import ArgumentParser
import Foundation
import MandatCore
import MandatReports
import MandatStore

/// `mandat log ID [add …]`: the main courante of a dossier.
struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract:
            "Main courante d'un dossier : « mandat log ID » l'affiche, « mandat log ID add … » ajoute une entrée.",
        discussion: """
            Les entrées ne sont jamais modifiées ni effacées : une correction est une nouvelle entrée (--corrects N).
            Résultats : reached, voicemail, wrongPerson, invoiceNotReceived, awaitingServiceFait, awaitingMandat,
            mandatSentToComptable, paymentAnnounced, dispute, interestReceived (avec --amount), other.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var desk: DeskOptions

    @Argument(help: "Dossier : identifiant ou numéro de facture.") var dossier: String
    @Argument(help: "« add » pour ajouter une entrée.") var action: String?

    @Option(name: .long, help: "call, email, letter, meeting ou note.") var kind: String?
    @Option(name: .long, help: "Interlocuteur (nom ou rôle).") var contact: String?
    @Option(name: .long, help: "Résultat (voir ci-dessous).") var outcome: String?
    @Option(name: .long, help: "Ce qui a été dit ou fait.") var text: String?
    @Option(name: .long, help: "Date de l'action AAAA-MM-JJ (défaut : --as-of ou aujourd'hui).") var date: String?
    @Option(name: .long, help: "Auteur de l'entrée.") var author: String?
    @Option(name: .long, help: "Montant en euros (intérêts reçus).") var amount: String?
    @Option(name: .long, help: "Numéro de l'entrée que celle-ci corrige.") var corrects: Int?

    func validate() throws {
        try requireDossierID(dossier)
        if let a = action, a != "add" { throw ValidationError("action inconnue « \(a) » : seule « add » existe") }
        if action == nil, kind != nil || text != nil || outcome != nil {
            throw ValidationError("pour ajouter une entrée : mandat log ID add --kind … --text …")
        }
    }

    func run() async throws {
        let lang = global.lang.reports
        try await desk.withStore { store in
            let v = try await desk.dossier(dossier)
            if action == "add" {
                guard let k = kind, let lk = LogKind(rawValue: k) else {
                    throw ValidationError("--kind : call, email, letter, meeting ou note")
                }
                var o: LogOutcome?
                if let s = outcome {
                    guard let x = LogOutcome(rawValue: s) else { throw ValidationError("--outcome : « \(s) » inconnu") }
                    o = x
                }
                var amt: Decimal?
                if let a = amount {
                    guard let d = Money.parse(a) else {
                        throw ValidationError("--amount : « \(a) » n'est pas un montant (ex. 73.32)")
                    }
                    amt = d
                }
                let when = try date.map { try civilDate($0, option: "--date") } ?? desk.date()
                let e = try await DeskActions.log(
                    store, dossier: v, date: when, kind: lk, contact: contact, outcome: o, text: text ?? "",
                    author: author,
                    amount: amt, corrects: corrects)
                print(lang == .fr ? "entrée #\(e.id) ajoutée" : "entry #\(e.id) added")
            } else {
                print(DeskActions.renderLog(try await store.log(dossierId: v.id), lang: lang), terminator: "")
            }
        }
    }
}
