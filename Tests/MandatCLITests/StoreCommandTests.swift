import Foundation
import Testing

private let root = cliRoot
private let binary = mandatBinary
private func run(_ args: [String], env: [String: String] = [:]) throws -> (status: Int32, out: String, err: String) {
    try runMandatCLI(args, env: env)
}

private func tempDir() throws -> URL {
    let u = FileManager.default.temporaryDirectory.appendingPathComponent("mandat-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
    return u
}

/// `fixtures/invoices/ubl-invoice-full.xml` with `replacements` applied in order, written to `dir/name`.
private func invoiceVariant(_ dir: URL, _ name: String, _ replacements: [(String, String)]) throws -> URL {
    var text = try String(
        contentsOf: root.appendingPathComponent("fixtures/invoices/ubl-invoice-full.xml"), encoding: .utf8)
    for (a, b) in replacements { text = text.replacingOccurrences(of: a, with: b) }
    let url = dir.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url
}

@Suite("mandat import / status / show (binary)")
struct StoreCommandTests {
    static let fixtures = root.appendingPathComponent("fixtures/store").path

    @Test(
        "import: a broken file is listed with file and line, the exit status is 1; again: already failed, exit 1",
        .enabled(if: binary != nil, "mandat binary not built"))
    func importTwice() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("m.sqlite").path
        let first = try run(["import", "--db", db, Self.fixtures])
        #expect(first.status == 1)
        // Not a terminal: one plain line per file, then the French summary.
        #expect(first.out.contains("[1/5] ERREUR \(Self.fixtures)/broken_invoice.xml:6:"))
        // 5 seen: 3 read, 1 of no known format (skipped, not recorded), 1 broken (recorded with its error, not
        // counted as imported).
        #expect(
            first.out.contains(
                "Fichiers : 5 vus, 3 importés, 0 déjà importés, 1 ignoré(s) (format inconnu), 1 en erreur"))
        #expect(first.out.contains("ignoré (format inconnu) \(Self.fixtures)/unknown_root.xml"))
        // The French summary says what is wrong in French, keyed by the error's code, libxml2's words as detail.
        #expect(
            first.out.contains(
                "Erreurs :\n  \(Self.fixtures)/broken_invoice.xml:6:16 : XML mal formé (détail : Opening and ending "
                    + "tag mismatch: ID line 5 and Numero) [xml.not-well-formed]"))
        #expect(
            first.out.contains(
                "unknown_root.xml: l'élément racine {urn:example:synthetic}Bibliotheque n'est pas un format que Mandat lit"
            ))
        let second = try run(["import", "--db", db, Self.fixtures, "--lang", "en"])
        // The broken file, unchanged, is still broken: counted as already failed (not already imported), listed
        // with its error, and the import fails again (exit 1) so that a second run never hides it.
        #expect(second.status == 1)
        #expect(second.out.contains("[1/5] already failed \(Self.fixtures)/broken_invoice.xml"))
        // The unknown file was not recorded: it is read and skipped again. 5 = 3 already imported + 1 skipped +
        // 1 already failed.
        #expect(
            second.out.contains(
                "Files: 5 seen, 0 imported, 3 already imported, 1 skipped (unknown format), 1 already failed, 0 failed (0.0 MB)"
            ))
        #expect(
            second.out.contains(
                "Already failed (content already recorded with its error, by an earlier import or earlier in this one):\n  \(Self.fixtures)/broken_invoice.xml:6:16: Opening and ending tag mismatch"
            ))
        let third = try run(["import", "--db", db, Self.fixtures])
        #expect(third.status == 1)
        #expect(
            third.out.contains(
                "Fichiers : 5 vus, 0 importés, 3 déjà importés, 1 ignoré(s) (format inconnu), 1 déjà en erreur, 0 en erreur"
            ))
        #expect(
            third.out.contains(
                "Déjà en erreur (contenu déjà enregistré avec son erreur, par un import précédent ou plus haut dans celui-ci) :\n  \(Self.fixtures)/broken_invoice.xml:6:16 : XML mal formé"
            ))
        #expect(second.out.contains("Dossiers: 0 created, 0 updated"))
        let errors = try run(["import", "--db", db, "--errors"])
        #expect(errors.status == 0)  // a listing that succeeded: 0, even with a file listed (user guide, exit codes)
        #expect(errors.out.hasPrefix("1 fichier(s) en erreur :\n  \(Self.fixtures)/broken_invoice.xml:6:"))
        #expect(errors.out.contains(":6:16 : XML mal formé (détail : Opening and ending tag mismatch"))
        #expect(errors.out.contains("[xml.not-well-formed]"))
        let errorsEN = try run(["import", "--db", db, "--errors", "--lang", "en"])
        #expect(
            errorsEN.out.contains(":6:16: Opening and ending tag mismatch: ID line 5 and Numero [xml.not-well-formed]"))
        // A broken file, fixed in place and imported again: --errors no longer lists it.
        let copy = dir.appendingPathComponent("copy.xml")
        try Data("<a>\n</b>\n".utf8).write(to: copy)
        _ = try run(["import", "--db", db, copy.path])
        // Fixed: a real invoice of its own (a file of no known format is skipped, not recorded, so it would not
        // replace the error).
        let invoice = try String(contentsOfFile: Self.fixtures + "/invoice_ubl.xml", encoding: .utf8)
        try Data(invoice.replacingOccurrences(of: "</Invoice>", with: "<!-- fixed copy --></Invoice>").utf8).write(
            to: copy)
        _ = try run(["import", "--db", db, copy.path])
        let after = try run(["import", "--db", db, "--errors"])
        #expect(!after.out.contains("copy.xml"))
        #expect(after.out.hasPrefix("1 fichier(s) en erreur :"))
        // A broken file replaced in place by a file of no known format (skipped, not recorded): the error was the
        // old content's; --errors names the path apart instead of listing it, the JSON lists current errors only.
        let other = dir.appendingPathComponent("other.xml")
        try Data("<a>\n</b>\n<!-- other -->\n".utf8).write(to: other)
        _ = try run(["import", "--db", db, other.path])
        try Data("<?xml version=\"1.0\"?><Foo/>".utf8).write(to: other)
        let skipped = try run(["import", "--db", db, other.path])
        #expect(skipped.status == 0)
        let replaced = try run(["import", "--db", db, "--errors"])
        #expect(replaced.out.hasPrefix("1 fichier(s) en erreur :\n  \(Self.fixtures)/broken_invoice.xml:6:"))
        #expect(
            replaced.out.hasSuffix(
                "Erreurs non listées : le chemin contient maintenant un fichier d'un format inconnu (ignoré), "
                    + "l'erreur était celle du contenu précédent :\n  \(other.path)\n"))
        let json = try run(["import", "--db", db, "--errors", "--format", "json"])
        #expect(!json.out.contains("other.xml"))
        #expect(json.out.contains("broken_invoice.xml"))
    }

    @Test(
        "import: a Chorus history of 10 001 entries is refused with chorus.history-too-long, in French, exit status 1",
        .enabled(if: binary != nil, "mandat binary not built"))
    func chorusHistoryTooLong() throws {
        let dir = try tempDir()
        let file = dir.appendingPathComponent("histo.json")
        // The histoStatut array opens on line 3, column 18 (two spaces, 13 for the quoted key, ":", a space, "[").
        var text = "{\"idFacture\": 900042,\n \"historiquesDesStatuts\": {\n  \"histoStatut\": [\n"
        text += (0..<10_001).map { _ in
            "{\"histoStatutCode\": \"DEPOSEE\", \"histoStatutDatePassage\": \"2025-03-01 09:00\"}"
        }
        .joined(separator: ",\n")
        text += "\n]}}\n"
        try Data(text.utf8).write(to: file)
        let db = dir.appendingPathComponent("m.sqlite").path
        let r = try run(["import", "--db", db, file.path])
        #expect(r.status == 1)
        #expect(
            r.out.contains(
                "\(file.path):3:18 : historique de statuts Chorus Pro de plus de 10\u{202F}000 entrées pour une seule "
                    + "facture (un historique réel en a quelques dizaines) : fichier refusé (détail : status history of "
                    + "10001 entries for one invoice: over the limit of 10000 (a real Chorus Pro history has tens); file "
                    + "refused) [chorus.history-too-long]"))
        // The limit is ChorusJSONReader.maxArrayItems (10 000), written the French way: 10, a narrow no-break
        // space (U+202F), 000; the same for a list answer of 10 001 invoices.
        let list = dir.appendingPathComponent("liste.json")
        var listText = "{\n  \"pageCourante\": 1, \"pages\": 1, \"total\": 10001,\n  \"listeFactures\": [\n"
        listText += (0..<10_001).map { i in
            "    {\"idFacture\": \(900_000 + i), \"numeroFacture\": \"FA-\(i)\", \"statut\": \"DEPOSEE\", "
                + "\"dateDepot\": \"2025-03-01\", \"montantAPayer\": 120}"
        }.joined(separator: ",\n")
        listText += "\n  ]\n}\n"
        try Data(listText.utf8).write(to: list)
        let l = try run(["import", "--db", db, list.path])
        #expect(l.status == 1)
        #expect(
            l.out.contains(
                "\(list.path):3:20 : liste de factures Chorus Pro de plus de 10\u{202F}000 factures : découpez l'export "
                    + "en pages plus petites ; fichier refusé"))
        #expect(!l.out.contains("10 000"))
    }

    @Test(
        "import: values a reader could not read are listed as warnings with file and line; the file is imported",
        .enabled(if: binary != nil, "mandat binary not built"))
    func importWarnings() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("m.sqlite").path
        let file = root.appendingPathComponent("fixtures/warnings/ubl-impossible-date-bad-amount.xml").path
        let r = try run(["import", "--db", db, file])
        // Imported (exit 0): the two unreadable values are warnings, not errors.
        #expect(r.status == 0)
        #expect(r.out.contains("[1/1] importé facture \(file) (1 facture(s)) · 2 avertissement(s)"))
        #expect(r.out.contains("Fichiers : 1 vus, 1 importés, 0 déjà importés, 0 en erreur"))
        #expect(
            r.out.contains(
                "Avertissements (2, fichiers importés quand même) :\n"
                    + "  \(file): BT-2 : « 2026-02-30 » (ligne 12) n'est pas une date valide ; laissé vide\n"
                    + "  \(file): BT-115 : « 12,x5 » (ligne 96) n'est pas un montant xs:decimal ; laissé vide"))
        // In English, the readers' own words.
        let en = try run(["import", "--db", dir.appendingPathComponent("en.sqlite").path, "--lang", "en", file])
        #expect(
            en.out.contains(
                "  \(file): BT-2: '2026-02-30' at line 12 is not a valid xs:date; left empty\n"
                    + "  \(file): BT-115: '12,x5' at line 96 is not an xs:decimal amount; left empty"))
        // BT-115 unreadable: status and show both give the estimate BT-112 − BT-113 + BT-114 = 1 200.00 − 200.00
        // + 0.01 = 1 000.01 as the amount due, the one the law computes on; show says why, status marks it *.
        let csv = try run(["status", "--db", db, "--format", "csv", "--as-of", "2026-05-01"])
        #expect(csv.out.contains(",FA-2026-0042,MAR-2025-017,1000.01,EUR,"))
        let text = try run(["status", "--db", db, "--as-of", "2026-05-01"])
        #expect(text.out.contains("1\u{202F}000,01\u{00A0}€*"), "\(text.out)")
        let show = try run(["show", "--db", db, "--as-of", "2026-05-01", "FA-2026-0042"])
        #expect(
            show.out.contains(
                "dû 1\u{202F}000,01\u{00A0}€ (BT-115 absent ou illisible : estimé TTC BT-112 − acomptes BT-113 + arrondi BT-114)*"
            ),
            "\(show.out)")
        // The JSON summary carries them too; a second import reads nothing, so it has none.
        let again = try run(["import", "--db", db, "--format", "json", file])
        #expect(again.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(again.out.utf8)) as? [String: Any]
        #expect((json?["warnings"] as? [String]) == [])
        #expect(json?["filesAlreadyImported"] as? Int == 1)
        let dry = try run(["import", "--dry-run", "--format", "json", "--db", dir.path + "/d.sqlite", file])
        let dj = try JSONSerialization.jsonObject(with: Data(dry.out.utf8)) as? [String: Any]
        #expect(
            (dj?["warnings"] as? [String]) == [
                "\(file): BT-2: '2026-02-30' at line 12 is not a valid xs:date; left empty",
                "\(file): BT-115: '12,x5' at line 96 is not an xs:decimal amount; left empty",
            ])
    }

    @Test(
        "An invoice dated 9999-12-31 (due date in year 10000) is imported and assessed; the store stays usable",
        .enabled(if: binary != nil, "mandat binary not built"))
    func farFutureDate() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("m.sqlite").path
        // The law's half-year of the interest start trapped on year 10000 (CivilDate's validating init), and the
        // pending refresh then trapped on every later import into the store.
        let far = try invoiceVariant(
            dir, "far.xml",
            [
                ("<cbc:IssueDate>2026-03-02</cbc:IssueDate>", "<cbc:IssueDate>9999-12-31</cbc:IssueDate>"),
                ("<cbc:DueDate>2026-04-01</cbc:DueDate>", "<cbc:DueDate>9999-12-31</cbc:DueDate>"),
            ])
        let r = try run(["import", "--db", db, far.path])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("Dossiers : 1 créés"))
        // No platform date: the start is the invoice date + 2 days (R.2192-14), 9999-12-31 + 2 = 10000-01-02, and
        // the due date 30 days later, 10000-02-01: 32 days left on 9999-12-31 (1 + 31).
        let status = try run(["status", "--db", db, "--as-of", "9999-12-31", "--format", "csv"])
        #expect(status.status == 0, "\(status.err)")
        #expect(
            status.out.contains("900000001/FA-2026-0042/9999-12-31/380,") && status.out.contains(",10000-02-01,32,"))
        // Later imports into the same store run (exit 1 only for fixtures/store's one broken file, not a trap).
        let again = try run([
            "import", "--db", db, "--rebuild-state", root.appendingPathComponent("fixtures/store").path,
        ])
        #expect(again.status == 1 && again.out.contains("Fichiers : 5 vus, 3 importés"), "\(again.err)")
        #expect(try run(["show", "--db", db, "FA-2026-0042", "--as-of", "9999-12-31"]).status == 0)
    }

    @Test(
        "Control characters from the files never reach the terminal: status table and show print U+FFFD instead",
        .enabled(if: binary != nil, "mandat binary not built"))
    func controlCharacters() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("m.sqlite").path

        // XML 1.0 forbids C0 controls such as ESC (a Chorus JSON export can hold them; TerminalText treats all
        // alike), but allows DEL and the C1 controls: U+009B is CSI, the one-character ESC [ of terminals.
        let file = try invoiceVariant(
            dir, "esc.xml",
            [
                (
                    "<cbc:ID>FA-2026-<!-- a comment inside the value -->0042</cbc:ID>",
                    "<cbc:ID>FA\u{7F}\u{9B}2J-0042</cbc:ID>"
                )
            ])
        let imported = try run(["import", "--db", db, file.path])
        #expect(imported.status == 0, "\(imported.out) \(imported.err)")
        let table = try run(["status", "--db", db, "--as-of", "2026-05-01"])
        #expect(table.status == 0)
        #expect(table.out.contains("FA\u{FFFD}\u{FFFD}2J-0042"))
        #expect(!table.out.unicodeScalars.contains { $0.value == 0x7F || $0.value == 0x9B })
        let show = try run(["show", "--db", db, "--as-of", "2026-05-01", "2J-0042"])
        #expect(show.status == 0, "\(show.out) \(show.err)")
        #expect(show.out.contains("FA\u{FFFD}\u{FFFD}2J-0042"))
        #expect(!show.out.unicodeScalars.contains { $0.value == 0x7F || $0.value == 0x9B })
        // JSON keeps the value as it is (escaped by the JSON writer when needed): data for programs.
        let json = try run(["status", "--db", db, "--as-of", "2026-05-01", "--format", "json"])
        #expect(json.out.contains("FA\u{7F}\u{9B}2J-0042") || json.out.contains("FA\\u007f"))
    }

    @Test(
        "The stage column is words in either language (not the code names); Hélios keeps its capital",
        .enabled(if: binary != nil, "mandat binary not built"))
    func stageLabels() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("m.sqlite").path
        _ = try run(["import", "--db", db, root.appendingPathComponent("fixtures/demo").path])
        // docs/demo.md: FV-2026-0014's mandat is on hold, FV-2026-0018's bordereau was rejected by Hélios.
        let en = try run(["status", "--db", db, "--as-of", "2026-01-31", "--lang", "en"])
        #expect(en.out.contains("mandat on hold ⚠") && en.out.contains("taken in charge by the comptable ⚠"))
        #expect(!en.out.contains("mandatOnHold") && !en.out.contains("serviceCertified"))
        let fr = try run(["status", "--db", db, "--as-of", "2026-01-31"])
        #expect(fr.out.contains("rejet à l'intégration Hélios ⚠") && fr.out.contains("mandat mis en instance ⚠"))
    }

    @Test(
        "The table's total is one sum per currency, and interest is shown in the invoice's currency",
        .enabled(if: binary != nil, "mandat binary not built"))
    func currencies() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("m.sqlite").path
        // The same invoice in Swedish kronor under another number: 1 000.01 SEK due.
        _ = try invoiceVariant(dir, "sek.xml", [("EUR", "SEK"), ("-->0042<", "-->0043<")])
        _ = try invoiceVariant(dir, "eur.xml", [])
        _ = try run(["import", "--db", db, dir.path])
        // As of 2026-03-15 neither is due (due date 2026-04-01 in BT-9; no platform date): money at stake is the
        // amount due alone, 1 000.01 in each currency, never 2 000.02 €.
        let r = try run(["status", "--db", db, "--as-of", "2026-03-15"])
        #expect(
            r.out.contains(
                "2 dossier(s) au 15/03/2026 · en jeu : 1\u{202F}000,01\u{00A0}€ + 1\u{202F}000,01\u{00A0}SEK"),
            "\(r.out)")
        #expect(r.out.contains("0,00\u{00A0}SEK"))
    }

    @Test(
        "The text summary lists the first 50 errors and says how to see the others",
        .enabled(if: binary != nil, "mandat binary not built"))
    func manyErrors() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let broken = dir.appendingPathComponent("broken")
        try FileManager.default.createDirectory(at: broken, withIntermediateDirectories: true)
        for i in 0..<53 { try Data("<a>\(i)</b>\n".utf8).write(to: broken.appendingPathComponent("f\(1000 + i).xml")) }
        let db = dir.appendingPathComponent("m.sqlite").path
        let r = try run(["import", "--db", db, broken.path])
        #expect(r.status == 1)
        // 53 files in error: 50 listed, then 53 − 50 = 3 more.
        #expect(r.out.contains("  … et 3 autre(s) : « mandat import --errors » (ou --format json) les donne tous."))
        let listed = r.out.components(separatedBy: "Erreurs :\n")[1].split(separator: "\n").filter {
            $0.hasPrefix("  /")
        }
        #expect(listed.count == 50)
        #expect(try run(["import", "--db", db, "--errors"]).out.hasPrefix("53 fichier(s) en erreur :"))
    }

    @Test(
        "An empty --db is refused, not taken for the default store",
        .enabled(if: binary != nil, "mandat binary not built"))
    func emptyDb() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try run(["import", "--db", "", Self.fixtures + "/unknown_root.xml"], env: ["XDG_DATA_HOME": dir.path])
        #expect(r.status == 64)
        #expect(r.err.contains("--db est vide"))
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/mandat/mandat.sqlite"))
    }

    @Test(
        "import --dry-run creates no database and writes nothing",
        .enabled(if: binary != nil, "mandat binary not built"))
    func dryRun() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        // The folder exists (an explicit --db in a missing folder is refused: dbFolderMissing), the file does not.
        let db = dir.appendingPathComponent("m.sqlite").path
        let r = try run(["import", "--dry-run", "--db", db, Self.fixtures + "/unknown_root.xml"])
        #expect(r.status == 0)
        #expect(r.out.contains("Simulation (--dry-run) : rien n'a été écrit."))
        #expect(r.out.contains("[1/1] ignoré (format inconnu) \(Self.fixtures)/unknown_root.xml"))
        #expect(
            r.out.contains("Fichiers : 1 vus, 0 importés, 0 déjà importés, 1 ignoré(s) (format inconnu), 0 en erreur"))
        #expect(!FileManager.default.fileExists(atPath: db))
    }

    @Test(
        "an unknown JSON object's keys are listed at most 10, and a '$1' key is printed as is",
        .enabled(if: binary != nil, "mandat binary not built"))
    func unknownJSONKeysCapped() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        // 12 keys: "$1" sorts first (0x24 < 'a'), then a01 … a11; 10 are shown, 2 counted.
        let keys = ["$1"] + (1...11).map { String(format: "a%02d", $0) }
        let json = "{" + keys.map { "\"\($0)\": 1" }.joined(separator: ", ") + "}"
        let file = dir.appendingPathComponent("x.json")
        try json.write(to: file, atomically: true, encoding: .utf8)
        let r = try run(["import", "--dry-run", "--db", dir.path + "/m.sqlite", file.path])
        #expect(r.status == 0)
        #expect(
            r.out.contains(
                file.path + ": objet JSON non reconnu ; clés de premier niveau : "
                    + "$1, a01, a02, a03, a04, a05, a06, a07, a08, a09, … (+2 autres)\n"))
        let en = try run(["import", "--dry-run", "--lang", "en", "--db", dir.path + "/m.sqlite", file.path])
        #expect(
            en.out.contains(
                file.path + ": JSON object not recognised; top-level keys: "
                    + "$1, a01, a02, a03, a04, a05, a06, a07, a08, a09, … (+2 more)\n"))
    }

    @Test("The default database lives under XDG_DATA_HOME", .enabled(if: binary != nil, "mandat binary not built"))
    func defaultLocation() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try run(["import", Self.fixtures + "/unknown_root.xml"], env: ["XDG_DATA_HOME": dir.path])
        #expect(r.status == 0)
        #expect(FileManager.default.fileExists(atPath: dir.path + "/mandat/mandat.sqlite"))
    }

    @Test(
        "import --errors refuses a store that does not exist, as status does, and creates no file",
        .enabled(if: binary != nil, "mandat binary not built"))
    func errorsOnMissingStore() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A typo in --db: the folder exists, the file does not.
        let db = dir.appendingPathComponent("none1.sqlite").path
        let status = try run(["status", "--db", db])
        let errors = try run(["import", "--errors", "--db", db])
        #expect(errors.status == 1)
        #expect(errors.status == status.status)
        #expect(errors.out == "")
        #expect(errors.err.contains("\(db): base introuvable — lancez d'abord « mandat import … » ou vérifiez --db"))
        #expect(errors.err == status.err)
        let json = try run(["import", "--errors", "--format", "json", "--db", db])
        #expect(json.status == 1)
        #expect(json.out == "")
        #expect(!FileManager.default.fileExists(atPath: db))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test(
        "import: an invoice whose number is 20 MB long is refused (xml.too-large, element and line), not stored cut",
        .enabled(if: binary != nil, "mandat binary not built"))
    func hugeInvoiceNumber() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("m.sqlite").path
        // Generated here: the full UBL invoice with its number (line 9) made 20 MB long (2 000 000 × "0123456789").
        let original = try String(
            contentsOfFile: cliRoot.appendingPathComponent("fixtures/invoices/ubl-invoice-full.xml").path,
            encoding: .utf8)
        let file = dir.appendingPathComponent("big-id.xml")
        try Data(
            original.replacingOccurrences(
                of: "<cbc:ID>FA-2026-", with: "<cbc:ID>FA-2026-" + String(repeating: "0123456789", count: 2_000_000)
            ).utf8
        ).write(to: file)
        let r = try run(["import", "--db", db, file.path])
        #expect(r.status == 1)
        // "FA-2026-" (8) + 20 000 000 + "0042" (4) = 20 000 012 bytes.
        #expect(
            r.out.contains(
                file.path + ":9 : texte de l'élément <ID> (ligne 9) de 20\u{202F}000\u{202F}012 octets, plus que les "
                    + "65\u{202F}536 octets que le lecteur XML garde pour une valeur : fichier refusé [xml.too-large]"))
        let errors = try run(["import", "--db", db, "--errors", "--lang", "en"])
        #expect(
            errors.out.contains(
                file.path + ":9: text of element <ID> (line 9) is 20000012 bytes, longer than 65536 bytes, the XML "
                    + "reader's limit for one text value: the file is refused [xml.too-large]"))
        // Nothing was stored as an invoice: the board is empty.
        #expect(try run(["status", "--db", db]).out == "Aucun dossier.\n")
        try FileManager.default.removeItem(at: file)
    }

    @Test(
        "status --holder takes the French board's words as well as the English names: the same board",
        .enabled(if: binary != nil, "mandat binary not built"))
    func holderInFrench() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("demo.sqlite").path
        #expect(try run(["demo", "--quiet", "--db", db]).status == 0)
        for (french, english) in [
            ("fournisseur", "supplier"), ("plateforme", "platform"), ("ordonnateur", "ordonnateur"),
            ("comptable", "comptable"), ("personne", "nobody"), ("Fournisseur", "supplier"),
        ] {
            let fr = try run(["status", "--db", db, "--as-of", "2026-01-31", "--holder", french])
            let en = try run(["status", "--db", db, "--as-of", "2026-01-31", "--holder", english])
            #expect(fr.status == 0, "\(french): \(fr.err)")
            #expect(fr.out == en.out, "\(french) and \(english) give different boards")
        }
        // The demo has dossiers waiting on the supplier and on the platform: the boards are not empty, and every
        // row shows the holder asked for (the board's holder column, in French).
        let supplier = try run(["status", "--db", db, "--as-of", "2026-01-31", "--holder", "fournisseur"])
        let rows = supplier.out.split(separator: "\n").filter { $0.contains(" FV-") }
        #expect(rows.count == 4)  // FV-2026-0022, -0010, -0004, -0020 (docs/demo.md)
        #expect(rows.allSatisfy { $0.contains(" fournisseur ") }, "\(supplier.out)")
        #expect(supplier.out.hasSuffix("4 dossier(s) au 31/01/2026 · en jeu : 80\u{202F}964,00\u{00A0}€\n"))
        let json = try run([
            "status", "--db", db, "--as-of", "2026-01-31", "--holder", "fournisseur", "--format", "json",
        ])
        #expect(json.out.components(separatedBy: "\"holder\": \"supplier\"").count - 1 == 4, "\(json.out)")
        // Another word is still refused (usage error, 64), listing the accepted values in both languages.
        let bad = try run(["status", "--db", db, "--holder", "fournisseurs"])
        #expect(bad.status == 64)
        #expect(
            bad.err.hasPrefix(
                "Erreur : --holder : « fournisseurs » n'est pas une valeur valide ; valeurs possibles :\n  - supplier\n"
                    + "  - platform\n  - ordonnateur\n  - comptable\n  - nobody\n  - fournisseur\n  - plateforme\n"
                    + "  - personne\n"), "\(bad.err)")
        let help = try run(["status", "--help"])
        #expect(help.out.contains("comptable, nobody, fournisseur, plateforme, personne)"), "\(help.out)")
    }

    @Test(
        "status on an empty store; show of nothing fails with a message",
        .enabled(if: binary != nil, "mandat binary not built"))
    func emptyStore() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("m.sqlite").path
        // A store that does not exist is an error for the reading commands (a typo in --db is not an empty store).
        let missing = try run(["status", "--db", db])
        #expect(missing.status != 0)
        #expect(missing.err.contains("base introuvable"))
        #expect(!FileManager.default.fileExists(atPath: db))
        // An import of an empty folder creates an empty store.
        let empty = dir.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        _ = try run(["import", "--db", db, empty.path])
        let s = try run(["status", "--db", db])
        #expect(s.status == 0)
        #expect(s.out == "Aucun dossier.\n")
        let j = try run(["status", "--db", db, "--format", "json", "--as-of", "2025-01-31"])
        #expect(j.out == "{\n  \"asOf\": \"2025-01-31\",\n  \"dossiers\": [],\n  \"unlinked\": []\n}\n")
        let c = try run(["status", "--db", db, "--format", "csv"])
        #expect(c.out.hasPrefix("dossier,buyer,buyerName,invoiceNumber,contract,amountDue,currency,stage,holder,"))
        let bad = try run(["status", "--db", db, "--as-of", "31/01/2025"])
        #expect(bad.status != 0)
        // --buyer: a SIRET or SIREN with a right Luhn key, else a French error (not an empty board).
        // 21990412500016: Luhn sum 6+2+0+0+0+1+2+2+4+0+9+9+1+4 = 40 → valid; last digit 7: 41 → wrong key.
        let spaced = try run(["status", "--db", db, "--buyer", "219 904 125 00016"])
        #expect(spaced.status == 0)
        #expect(spaced.out == "Aucun dossier.\n")
        let short = try run(["status", "--db", db, "--buyer", "12345"])
        #expect(short.status != 0)
        #expect(
            short.err.hasPrefix("Erreur : --buyer : « 12345 » n'est ni un SIRET (14 chiffres) ni un SIREN (9 chiffres)")
        )
        let wrongKey = try run(["status", "--db", db, "--buyer", "21990412500017"])
        #expect(wrongKey.status != 0)
        #expect(wrongKey.err.contains("clé de contrôle fausse (algorithme de Luhn)"))
        // --lang en: the same rule in English, written as the other option messages (`--as-of: '…': …`).
        let shortEn = try run(["status", "--lang", "en", "--db", db, "--buyer", "12345"])
        #expect(shortEn.status != 0)
        #expect(
            shortEn.err.hasPrefix("Error: --buyer: '12345' is neither a SIRET (14 digits) nor a SIREN (9 digits)\n"))
        let wrongKeyEn = try run(["status", "--lang", "en", "--db", db, "--buyer", "21990412500017"])
        #expect(
            wrongKeyEn.err.hasPrefix(
                "Error: --buyer: '21990412500017': wrong check digit (Luhn algorithm); check the number\n"))
        let show = try run(["show", "--db", db, "F-1"])
        #expect(show.status != 0)
        #expect(show.err.contains("Aucun dossier ne correspond à « F-1 »."))
    }

    @Test(
        "An explicit --db in a folder that does not exist is refused, naming the folder; the default location's folders are created",
        .enabled(if: binary != nil, "mandat binary not built"))
    func dbFolderMissing() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = dir.appendingPathComponent("nonexistent/dir")
        let db = missing.appendingPathComponent("x.sqlite").path
        let file = root.appendingPathComponent("fixtures/invoices/ubl-invoice-full.xml").path
        let r = try run(["import", "--db", db, file])
        #expect(r.status == 1)
        #expect(
            r.err
                == "Erreur : \(missing.path) : dossier introuvable — créez-le ou vérifiez --db (\(db)) [store.no-folder]\n"
        )
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("nonexistent").path))
        // A dry run is refused alike (it would have compared against an empty store); in English under --lang en.
        let dry = try run(["import", "--dry-run", "--lang", "en", "--db", db, file])
        #expect(dry.status == 1)
        #expect(
            dry.err == "Error: \(missing.path): folder not found: create it, or check --db (\(db)) [store.no-folder]\n")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("nonexistent").path))
        // Without --db: the user data directory's folders are made, as before.
        let data = dir.appendingPathComponent("xdg").path
        let fresh = try run(["import", file], env: ["XDG_DATA_HOME": data])
        #expect(fresh.status == 0, "\(fresh.err)")
        #expect(FileManager.default.fileExists(atPath: data + "/mandat/mandat.sqlite"))
    }

    @Test(
        "An unreachable PostgreSQL URL is a clear error, not a crash",
        .enabled(if: binary != nil, "mandat binary not built"))
    func badPostgres() throws {
        // Port 1 on loopback: nothing listens there.
        let r = try run(["status", "--db", "postgres://nobody@127.0.0.1:1/none?tlsmode=disable"])
        #expect(r.status != 0)
        #expect(r.err.contains("cannot connect to PostgreSQL"))
        // What failed, not PSQLError's "Generic description to prevent accidental leakage".
        #expect(r.err.contains("connectionError") && r.err.contains("Connection refused"))
        #expect(!r.err.contains("Generic description"))
        #expect(r.err.contains("[store.open]"))
    }
}
