import ArgumentParser
import Foundation
import MandatCore
import MandatReports
import MandatStore

/// `mandat demo`: the main job on the bundled demo data — import it, then print the digest as of 2026-01-31.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Importe les données de démonstration (fixtures/demo) et affiche le point du 31/01/2026.",
        discussion: """
            Une entreprise de travaux fictive et quatre acheteurs publics fictifs (commune, département, hôpital,
            service de l'État) : factures, statuts Chorus Pro, messages CDAR, fichiers PES, marchés DECP.
            La démonstration a sa propre base (demo.sqlite à côté de la base par défaut), refaite à chaque
            lancement, pour ne jamais se mêler à vos données ; --db en choisit une autre (gardée d'un lancement à
            l'autre).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Base de la démonstration (défaut : demo.sqlite à côté de la base par défaut).")
    var db: String?

    @Option(name: .long, help: "Dossier des données (défaut : fixtures/demo du dépôt).")
    var data: String?

    @Option(name: .long, help: "Date du point AAAA-MM-JJ (défaut : 2026-01-31, la date de la démonstration).")
    var asOf: ISODateArgument?

    @Option(name: .long, help: "Pour cette personne de la démonstration : Camille (recouvrement) ou Hugo (marchés).")
    var `for`: String?

    @Option(name: .long, help: "text (défaut), markdown, html ou json.")
    var format: DigestFormat = .text

    @Option(name: .long, help: "Écrire le point dans ce fichier.")
    var output: String?

    @Flag(name: .long, help: "N'afficher que le point (sans le résumé de l'import).")
    var quiet = false

    /// `fixtures/demo` from the current folder, else next to the executable's package (`.build/<config>/mandat`).
    static func findDemoData() -> String? {
        let fm = FileManager.default
        var candidates = [fm.currentDirectoryPath + "/fixtures/demo"]
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(dir.appendingPathComponent("fixtures/demo").path)
            dir = dir.deletingLastPathComponent()
        }
        return candidates.first { fm.fileExists(atPath: $0 + "/config.yaml") }
    }

    /// The demo's data: the folders of `folder` but `golden/`, which holds the expected digests (its JSON would
    /// be read and skipped as of no known format).
    static func dataFolders(_ folder: String) -> [String] {
        let fm = FileManager.default
        let names = (try? fm.contentsOfDirectory(atPath: folder)) ?? []
        return names.sorted().filter { name in
            var isDir: ObjCBool = false
            return !name.hasPrefix(".") && name != "golden"
                && fm.fileExists(atPath: folder + "/" + name, isDirectory: &isDir) && isDir.boolValue
        }.map { folder + "/" + $0 }
    }

    func run() async throws {
        let lang: Lang = global.lang == .fr ? .fr : .en
        guard let folder = data ?? Self.findDemoData() else {
            throw CommandFailure(
                lang == .fr
                    ? "données de démonstration introuvables : lancez depuis la racine du dépôt ou donnez --data fixtures/demo"
                    : "demo data not found: run from the repository root or pass --data fixtures/demo")
        }
        let dbText =
            db
            ?? (URL(fileURLWithPath: StoreLocation.defaultSQLitePath()).deletingLastPathComponent()
                .appendingPathComponent("demo.sqlite").path)
        if db == nil {
            // The default demo store is the demo's alone: built afresh on every run, so that the digest always comes
            // from these files and this binary (never from a store left by another checkout or an older version).
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: dbText + suffix) }
            // Its folder (the user data directory) is created here: an explicit --db's folder must exist.
            try? FileManager.default.createDirectory(
                atPath: (dbText as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        }
        let storeOptions = try StoreOptions.parse(["--db", dbText])
        let law = try LawOptions.parse(["--config", folder + "/config.yaml"])
        let configuration = try law.configuration()
        let s = try await storeOptions.open()
        let digest: Digest
        do {
            let summary = try await Importer(store: s).run(paths: Self.dataFolders(folder))
            if !quiet {
                FileHandle.standardError.write(Data((ImportSummaryText.render(summary, fr: lang == .fr) + "\n").utf8))
            }
            digest = try await DigestRun.digest(
                store: s, law: law, configuration: configuration, person: `for`,
                asOf: asOf?.date ?? CivilDate(year: 2026, month: 1, day: 31)!,
                since: CivilDate(year: 2026, month: 1, day: 1),
                lang: lang, remember: false, staleInputs: false)
        } catch {
            try? await s.close()
            throw error
        }
        try await s.close()
        try DigestRun.deliver(
            digest, format: format, lang: lang, output: output, mail: [], sendmail: "", from: nil)
    }
}
