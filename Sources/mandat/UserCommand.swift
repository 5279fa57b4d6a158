import ArgumentParser
import Foundation
import MandatServer

/// `mandat user`: accounts of the web dashboard.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Gère les comptes du tableau de bord web.",
        subcommands: [Add.self, Token.self, List.self]
    )

    /// `mandat user add NAME --role ROLE`: the password is read from standard input (first line) or a prompt.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Crée (ou remplace) un compte ; mot de passe lu sur l'entrée standard ou demandé.")
        @Argument(help: "Nom du compte (lettres, chiffres, . _ -).") var name: String
        @Option(name: .long, help: "viewer (lecture), collector (relances), admin (comptes).") var role: String =
            "viewer"
        @Option(name: .long, help: "Base : chemin SQLite ou URL postgres://.") var db: String?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            guard let role = Role(rawValue: role) else {
                throw ValidationError("--role : viewer, collector ou admin")
            }
            let password = try PasswordReader.read(prompt: "Mot de passe pour \(name) : ")
            let opened = try await WebRepositoryOpener.open(db: db, synthetic: nil, asOf: .today())
            do {
                try await AccountAdmin.add(name: name, role: role, password: password, repository: opened.repository)
            } catch let e as AccountAdmin.Failure {
                await opened.close()
                throw ValidationError(e.message(english: global.lang == .en))
            } catch {
                await opened.close()
                throw error
            }
            await opened.close()
            print("compte \(name) (\(role.rawValue)) enregistré")
        }
    }

    /// `mandat user token NAME`: prints a new API token (once).
    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Crée un jeton d'API pour un compte (Authorization: Bearer …) et l'affiche une seule fois.")
        @Argument(help: "Nom du compte.") var name: String
        @Option(name: .long, help: "Base : chemin SQLite ou URL postgres://.") var db: String?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let opened = try await WebRepositoryOpener.open(db: db, synthetic: nil, asOf: .today())
            do {
                print(try await AccountAdmin.issueToken(name: name, repository: opened.repository))
            } catch let e as AccountAdmin.Failure {
                await opened.close()
                throw ValidationError(e.message(english: global.lang == .en))
            } catch {
                await opened.close()
                throw error
            }
            await opened.close()
        }
    }

    /// `mandat user list`: names and roles.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Liste les comptes et leurs rôles.")
        @Option(name: .long, help: "Base : chemin SQLite ou URL postgres://.") var db: String?

        func run() async throws {
            let opened = try await WebRepositoryOpener.open(db: db, synthetic: nil, asOf: .today())
            let all = try? await opened.repository.accounts()
            await opened.close()
            guard let all else { throw ValidationError("impossible de lire les comptes") }
            for a in all { print("\(a.name)\t\(a.role.rawValue)") }
        }
    }
}

/// Reads a password: from a terminal without echo, else the first line of standard input.
enum PasswordReader {
    static func read(prompt: String) throws -> String {
        if isatty(STDIN_FILENO) == 1 {
            guard let p = getpass(prompt) else { throw ValidationError("aucun mot de passe saisi") }
            return String(cString: p)
        }
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw ValidationError("aucun mot de passe sur l'entrée standard")
        }
        return line
    }
}
