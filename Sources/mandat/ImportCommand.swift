import ArgumentParser
import Foundation
import Logging
import MandatCore
import MandatStore

/// `--db`, shared by the commands that use the store.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Base : chemin d'un fichier SQLite ou URL postgres://… (défaut : $XDG_DATA_HOME/mandat/mandat.sqlite).",
            valueName: "PATH|URL"))
    var db: String?

    var location: StoreLocation { StoreLocation.parse(db) }

    /// An empty `--db` (an unset variable in a cron line: `--db "$DB"`) is refused instead of meaning the default
    /// store, which it would quietly fill.
    func validate() throws {
        if let db, db.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError(
                "--db est vide : indiquez un fichier SQLite ou une URL postgres://…, ou omettez --db pour la base par défaut (empty --db)"
            )
        }
    }

    /// Opens a store that must already exist (commands that only read: a typo in `--db` must not look like an
    /// empty store). Fails with a message naming the location.
    func openExisting() async throws -> SQLMandatStore {
        if !location.exists { throw Self.notFound(location) }
        return try await open()
    }

    /// The refusal of a store that does not exist (`openExisting`, `serve`).
    static func notFound(_ location: StoreLocation) -> CommandFailure {
        CommandFailure(
            "\(TerminalText.cell(location.description)): base introuvable — lancez d'abord « mandat import … » ou "
                + "vérifiez --db (store not found)")
    }

    /// Refuses an explicit `--db` SQLite path whose folder does not exist: a typo there (`/srv/mandta/x.sqlite`)
    /// must not create a folder and fill a new store in it. Without `--db`, the default location's folders (the
    /// user data directory) are created as before.
    /// - Throws: `CommandFailure` naming the folder (exit status 1, as the other store-open errors).
    func checkParentFolder() throws {
        guard db != nil, case .sqlite(let path) = location, path != ":memory:" else { return }
        let folder = (path as NSString).deletingLastPathComponent
        guard !folder.isEmpty else { return }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue { return }
        let (shownFolder, shownPath) = (TerminalText.cell(folder), TerminalText.cell(path))
        throw CommandFailure(
            englishRequested
                ? "\(shownFolder): folder not found: create it, or check --db (\(shownPath)) [store.no-folder]"
                : "\(shownFolder) : dossier introuvable — créez-le ou vérifiez --db (\(shownPath)) [store.no-folder]")
    }

    /// Opens the store (creating a SQLite file if needed, and its folder for the default location only), or fails
    /// with a message naming the location.
    func open() async throws -> SQLMandatStore {
        try checkParentFolder()
        var logger = Logger(label: "mandat.store")
        logger.logLevel = .warning
        do {
            return try await location.open(logger: logger)
        } catch let e as StoreError {
            throw CommandFailure(Self.openFailure(location, e, english: englishRequested))
        }
    }

    /// The message for a store that cannot be opened: what is wrong in the reader's language (a folder, a file
    /// that is not a SQLite database), then the database's own words as detail and the error's code.
    static func openFailure(_ location: StoreLocation, _ e: StoreError, english: Bool) -> String {
        let detail = e.message + (e.cause.map { ": \($0)" } ?? "")
        if case .sqlite(let path) = location {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                return english
                    ? "\(path) is a folder, not a SQLite database: give a file path to --db (detail: \(detail)) [\(e.code)]"
                    : "\(path) est un dossier, pas une base SQLite : indiquez un fichier à --db (détail : \(detail)) [\(e.code)]"
            }
            if detail.contains("notADatabase") || detail.contains("file is not a database") {
                return english
                    ? "\(path) is not a SQLite database (another kind of file has this name): check --db (detail: \(detail)) [\(e.code)]"
                    : "\(path) n'est pas une base SQLite (un fichier d'un autre type porte ce nom) : vérifiez --db (détail : \(detail)) [\(e.code)]"
            }
        }
        return english
            ? "\(location): cannot open the store (detail: \(detail)) [\(e.code)]"
            : "\(location) : impossible d'ouvrir la base (détail : \(detail)) [\(e.code)]"
    }
}

/// An error the user acts on: ArgumentParser prints `Error: <message>` and exits with status 1.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

/// `mandat import PATH...`: reads files and folders into the store.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Importe des fichiers et dossiers (factures, Chorus Pro, CDAR, PES, marchés) dans la base.",
        discussion: """
            Les fichiers sont lus sur tous les cœurs et écrits par lots (jusqu'à 128 fichiers ou 2 Mio), chaque
            lot en une transaction : tout ou rien, jamais une partie d'un fichier. Réimporter le même contenu ne change
            rien (empreinte SHA-256) ; un événement déjà connu par un autre fichier n'est pas dupliqué. Un fichier
            illisible est enregistré avec son erreur (fichier, ligne, raison) et l'import continue ; le code de
            sortie est alors 1. Un fichier d'un format inconnu est compté « ignoré » et listé, sans être enregistré ni
            changer le code de sortie. Les dossiers sont parcourus récursivement (fichiers .xml et .json).
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var store: StoreOptions

    @Flag(name: .long, help: "Lit et compte sans rien écrire.")
    var dryRun = false

    /// A listing: exits 0 when the list could be read, whether or not it names files (docs/user-guide.md).
    @Flag(
        name: .long,
        help: ArgumentHelp(
            "Affiche les fichiers enregistrés en erreur (sans rien importer ; code de sortie 0, même si la liste "
                + "n'est pas vide ; 1 si la base n'existe pas : elle n'est jamais créée)."))
    var errors = false

    @Option(name: .long, help: "Résumé : text (défaut) ou json.")
    var format: SummaryFormat = .text

    @Flag(
        name: .long,
        help: "Reconstruit tout l'état des dossiers (utilisé par status) à partir des faits, avec ou sans fichiers.")
    var rebuildState = false

    /// The law `status` will use: the dossier state's blocked dates and holders are computed with it.
    @OptionGroup var law: LawOptions

    @Argument(help: "Fichiers ou dossiers à importer.")
    var paths: [String] = []

    enum SummaryFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    func validate() throws {
        if !errors && !rebuildState && paths.isEmpty {
            throw ValidationError("Indiquez au moins un fichier ou dossier (ou --errors, ou --rebuild-state).")
        }
    }

    func run() async throws {
        let fr = global.lang == .fr
        if errors {
            // Only reads: a store that does not exist is refused like `status` does (a typo in `--db` must not
            // print an empty list and create a new store).
            let s = try await store.openExisting()
            // The latest record per path: a file fixed and imported again no longer shows its old error, nor does
            // a path whose latest file was skipped (its error was the previous content's: the text says so).
            let (failed, replaced) = try await s.currentErrors()
            try await s.close()
            if format == .json {
                print(JSONValue.array(failed.map(Self.errorJSON)).serialized(pretty: true))
                return
            }
            if failed.isEmpty {
                print(fr ? "Aucun fichier en erreur." : "No file in error.")
            } else {
                print(fr ? "\(failed.count) fichier(s) en erreur :" : "\(failed.count) file(s) in error:")
                // A name from the disk may hold control characters: shown with `�`, as everywhere on a terminal.
                for f in failed {
                    print("  " + TerminalText.cell(fr ? ReaderMessages.frenchError(f) : (f.errorDescription ?? f.path)))
                }
            }
            if !replaced.isEmpty {
                print(
                    fr
                        ? "Erreurs non listées : le chemin contient maintenant un fichier d'un format inconnu (ignoré), "
                            + "l'erreur était celle du contenu précédent :"
                        : "Errors not listed: the path now holds a file of unknown format (skipped); the error was "
                            + "the previous content's:")
                for f in replaced { print("  " + TerminalText.cell(f.path)) }
            }
            return
        }
        // A dry run never creates a database: with none yet, it compares against an empty in-memory one.
        let location = store.location
        let s: SQLMandatStore
        if dryRun, case .sqlite = location, !location.exists {
            try store.checkParentFolder()
            s = try await StoreLocation.sqlite(path: ":memory:").open()
        } else {
            s = try await store.open()
        }
        var importer = Importer(store: s)
        // A path whose bytes are not UTF-8 reaches us repaired: opened by its real bytes.
        importer.rawPaths = RawArguments.map()
        importer.rebuildState = rebuildState
        do { importer.law = try law.assessor(french: fr) } catch {
            try? await s.close()
            throw error
        }
        // With --format json, standard output carries the JSON summary alone: plain progress lines go to stderr.
        let progress = ProgressPrinter(fr: fr, terminal: isatty(STDERR_FILENO) == 1, plainToStderr: format == .json)
        progress.dryRun = dryRun
        let summary: Importer.Summary
        do {
            summary = try await importer.run(paths: paths, dryRun: dryRun) { progress.show($0) }
        } catch {
            try? await s.close()
            throw error
        }
        progress.finish()
        try await s.close()
        if format == .json {
            let enc = JSONEncoder()
            enc.outputFormatting = [.sortedKeys, .prettyPrinted]
            print(String(decoding: try enc.encode(summary), as: UTF8.self))
        } else {
            print(ImportSummaryText.render(summary, fr: fr))
        }
        if summary.hasFailures { throw ExitCode(1) }
    }

    static func errorJSON(_ f: FileRecord) -> JSONValue {
        .object([
            ("file", .string(f.path)), ("kind", .string(f.kind)), ("sha256", .string(f.sha256)),
            ("code", .str(f.errorCode)), ("message", .str(f.errorMessage)), ("line", .int(f.errorLine)),
            ("column", .int(f.errorColumn)), ("importedAt", .string(f.importedAt)),
        ])
    }
}

/// Progress: one rewritten line on a terminal (files, MB), else one plain line per file on standard output (on
/// standard error when standard output carries a JSON summary).
final class ProgressPrinter: @unchecked Sendable {
    // Only used from the importing task; @unchecked because it is a plain reference with mutable counters.
    let fr: Bool
    let terminal: Bool
    let plainToStderr: Bool
    /// `--dry-run`: the lines say what an import would do (`à importer`), not what was done.
    var dryRun = false
    var totalFiles = 0
    var totalBytes = 0
    var drawn = false

    init(fr: Bool, terminal: Bool, plainToStderr: Bool = false) {
        self.fr = fr
        self.terminal = terminal
        self.plainToStderr = plainToStderr
    }

    func show(_ step: Importer.Step) {
        switch step {
        case .found(let files, let bytes):
            totalFiles = files
            totalBytes = bytes
        case .file(let index, let path, let result, let bytesDone):
            if terminal {
                let line =
                    "\r" + (fr ? "Import : " : "Import: ") + "\(index)/\(totalFiles) " + (fr ? "fichiers, " : "files, ")
                    + Self.mb(bytesDone, fr: fr) + "/" + Self.mb(totalBytes, fr: fr) + (fr ? " Mo" : " MB")
                FileHandle.standardError.write(Data(line.utf8))
                drawn = true
            } else {
                // Written straight to the descriptor (not buffered like print) so a reader sees each line at once.
                let line =
                    "[\(index)/\(totalFiles)] "
                    + TerminalText.cell(Self.describe(result, path: path, fr: fr, dryRun: dryRun)) + "\n"
                (plainToStderr ? FileHandle.standardError : FileHandle.standardOutput).write(Data(line.utf8))
            }
        }
    }

    func finish() {
        if drawn { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    /// Megabytes (10^6 bytes) with one decimal, rounded half up: 1 250 000 bytes → `1.3` (`1,3` in French).
    static func mb(_ bytes: Int, fr: Bool) -> String {
        let tenths = (max(0, bytes) * 10 + 500_000) / 1_000_000
        return "\(tenths / 10)" + (fr ? "," : ".") + "\(tenths % 10)"
    }

    static func describe(_ r: Importer.FileResult, path: String, fr: Bool, dryRun: Bool = false) -> String {
        switch r.status {
        case .imported:
            let o = r.outcome
            let facts = [
                (o?.record.invoiceCount ?? 0, fr ? "facture(s)" : "invoice(s)"),
                (o?.record.eventCount ?? 0, fr ? "événement(s)" : "event(s)"),
                (o?.record.mandatCount ?? 0, "mandat(s)"),
                (o?.record.contractCount ?? 0, fr ? "marché(s)" : "contract(s)"),
            ].filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
            let verb = dryRun ? (fr ? "à importer " : "would import ") : (fr ? "importé " : "imported ")
            return verb + "\(ReaderMessages.kind(r.kind, fr: fr)) \(path)"
                + (facts.isEmpty ? "" : " (" + facts.joined(separator: ", ") + ")")
                + (r.notes.isEmpty ? "" : " · \(r.notes.count) " + (fr ? "avertissement(s)" : "warning(s)"))
        case .alreadyImported:
            if r.outcome?.record.failed == true { return (fr ? "déjà en erreur " : "already failed ") + path }
            return (fr ? "déjà importé " : "already imported ") + path
        case .failed, .notRecorded:
            // Cleaned before it is put in French: a line feed in the name would stop the message being recognised.
            let line = TerminalText.cell(r.error ?? path)
            return fr ? "ERREUR " + ReaderMessages.frenchError(line) : "ERROR " + line
        case .skipped:
            return (fr ? "ignoré (format inconnu) " : "skipped (unknown format) ") + path
        }
    }
}

/// The import summary in French or English.
enum ImportSummaryText {
    /// Warnings printed in the text summary; the JSON summary has them all.
    static let warningsShown = 20
    /// Errors printed in the text summary (each file in error is recorded: `import --errors` lists them all).
    static let errorsShown = 50
    /// Skipped files (no reader knows them) printed in the text summary; the JSON summary has them all.
    static let skippedShown = 20

    static func render(_ s: Importer.Summary, fr: Bool) -> String {
        var lines: [String] = []
        if s.dryRun {
            lines.append(fr ? "Simulation (--dry-run) : rien n'a été écrit." : "Dry run: nothing was written.")
        }
        lines.append(
            fr
                ? "Fichiers : \(s.filesSeen) vus, \(s.filesImported - s.filesRecordedWithError) importés, \(s.filesAlreadyImported) déjà importés, "
                    + (s.filesSkipped > 0 ? "\(s.filesSkipped) ignoré(s) (format inconnu), " : "")
                    + (s.filesAlreadyFailed > 0 ? "\(s.filesAlreadyFailed) déjà en erreur, " : "")
                    + "\(s.filesFailed) en erreur (\(ProgressPrinter.mb(s.bytes, fr: true)) Mo)"
                : "Files: \(s.filesSeen) seen, \(s.filesImported - s.filesRecordedWithError) imported, \(s.filesAlreadyImported) already imported, "
                    + (s.filesSkipped > 0 ? "\(s.filesSkipped) skipped (unknown format), " : "")
                    + (s.filesAlreadyFailed > 0 ? "\(s.filesAlreadyFailed) already failed, " : "")
                    + "\(s.filesFailed) failed (\(ProgressPrinter.mb(s.bytes, fr: false)) MB)"
        )
        if !s.byKind.isEmpty {
            // Kinds by their French label (« facture 7, illisible 14 »); the JSON summary keeps the codes.
            let kinds = s.byKind.map { (ReaderMessages.kind($0.key, fr: fr), $0.value) }.sorted {
                ($0.0.lowercased(), $0.0) < ($1.0.lowercased(), $1.0)
            }
            .map { "\($0.0) \($0.1)" }.joined(separator: ", ")
            lines.append((fr ? "Par type : " : "By kind: ") + kinds)
        }
        lines.append(
            fr
                ? "Dossiers : \(s.dossiersCreated) créés, \(s.dossiersUpdated) mis à jour"
                : "Dossiers: \(s.dossiersCreated) created, \(s.dossiersUpdated) updated")
        lines.append(
            fr
                ? "Factures : \(s.invoicesNew) nouvelles, \(s.invoicesUpdated) mises à jour · Événements : \(s.eventsNew) nouveaux, \(s.eventsKnown) déjà connus · Mandats : \(s.mandatsNew) · Marchés : \(s.contractsNew)"
                : "Invoices: \(s.invoicesNew) new, \(s.invoicesUpdated) updated · Events: \(s.eventsNew) new, \(s.eventsKnown) already known · Mandats: \(s.mandatsNew) · Contracts: \(s.contractsNew)"
        )
        let json = fr ? "--format json les donne tous." : "--format json lists them all."
        let errorList =
            fr
            ? "« mandat import --errors » (ou --format json) les donne tous."
            : "'mandat import --errors' (or --format json) lists them all."
        // Imported all the same; each line says which value of which file was left empty or chosen.
        lines += listed(
            s.warnings,
            fr
                ? "Avertissements (\(s.warnings.count), fichiers importés quand même) :"
                : "Warnings (\(s.warnings.count), files imported all the same):",
            warningsShown, ReaderMessages.frenchNotes, json, fr: fr)
        // Not recorded and not an error: no reader knows these files (the exit status stays 0).
        lines += listed(
            s.skipped,
            fr
                ? "Ignorés, format inconnu (\(s.skipped.count), ni importés ni en erreur) :"
                : "Skipped, unknown format (\(s.skipped.count), neither imported nor failed):",
            skippedShown, ReaderMessages.frenchNotes, json, fr: fr)
        lines += listed(
            s.errors, fr ? "Erreurs :" : "Errors:", errorsShown, { $0.map(ReaderMessages.frenchError) }, errorList,
            fr: fr)
        // Known broken files (recorded with their error by an earlier import, or earlier in this one, when the same
        // content comes twice): still failing (exit 1).
        lines += listed(
            s.alreadyFailed,
            fr
                ? "Déjà en erreur (contenu déjà enregistré avec son erreur, par un import précédent ou plus haut "
                    + "dans celui-ci) :"
                : "Already failed (content already recorded with its error, by an earlier import or earlier in "
                    + "this one):",
            errorsShown, { $0.map(ReaderMessages.frenchError) }, errorList, fr: fr)
        return lines.joined(separator: "\n")
    }

    /// A titled list of the summary (nothing when `items` is empty): the title, the first `shown` items (put in
    /// French by `french` when `fr`: only those shown are translated), then how many more and where they are.
    static func listed(
        _ items: [String], _ title: String, _ shown: Int, _ french: ([String]) -> [String], _ whereAll: String,
        fr: Bool
    ) -> [String] {
        guard !items.isEmpty else { return [] }
        // Lines name files from the disk: control characters shown as `�` (before the French, which needs one line).
        let head = items.prefix(shown).map(TerminalText.cell)
        return [title] + capped((fr ? french(head) : head) + items.dropFirst(shown), shown, whereAll, fr: fr)
    }

    /// The first `shown` items indented, then one line saying how many more there are and where they are.
    static func capped(_ items: [String], _ shown: Int, _ whereAll: String, fr: Bool) -> [String] {
        var out = items.prefix(shown).map { "  " + $0 }
        if items.count > shown {
            let more = items.count - shown
            out.append(fr ? "  … et \(more) autre(s) : " + whereAll : "  … and \(more) more: " + whereAll)
        }
        return out
    }
}
