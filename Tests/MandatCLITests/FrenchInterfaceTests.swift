import Foundation
import Testing

private let root = cliRoot
private let binary = mandatBinary
private func run(_ args: [String]) throws -> (status: Int32, out: String, err: String) { try runMandatCLI(args) }

private func tempDir() throws -> URL {
    let u = FileManager.default.temporaryDirectory.appendingPathComponent("mandat-fr-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
    return u
}

/// `fixtures/invoices/ubl-invoice-full.xml` (BT-2 on line 10, BT-9 on line 11) with `replacements`, in `dir/name`.
private func variant(_ dir: URL, _ name: String, _ replacements: [(String, String)]) throws -> String {
    var text = try String(
        contentsOf: root.appendingPathComponent("fixtures/invoices/ubl-invoice-full.xml"), encoding: .utf8)
    for (a, b) in replacements { text = text.replacingOccurrences(of: a, with: b) }
    let url = dir.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
}

/// Today in Europe/Paris, `YYYY-MM-DD` (the digest's default date).
private func todayInParis() -> String {
    var c = Calendar(identifier: .gregorian)
    c.timeZone = TimeZone(identifier: "Europe/Paris")!
    let d = c.dateComponents([.year, .month, .day], from: Date())
    return String(format: "%04d-%02d-%02d", d.year!, d.month!, d.day!)
}

/// What a fresh user read in English in the French interface (review of main, items 1, 2, 4, 5, 7).
@Suite("mandat: French messages, digest marker, usage errors (binary)")
struct FrenchInterfaceTests {
    @Test(
        "An impossible date in any date option: why, in French (or English), exit 64",
        .enabled(if: binary != nil, "mandat binary not built"))
    func impossibleDates() throws {
        // 2026 is not a leap year: February has 28 days.
        let feb = "« 2026-02-30 » : date impossible : le 30 février 2026 n'existe pas (février 2026 a 28 jours)"
        for args in [
            ["status", "--as-of", "2026-02-30"], ["digest", "--as-of", "2026-02-30"],
            ["show", "X", "--as-of", "2026-02-30"], ["credit", "--as-of", "2026-02-30"],
            ["agenda", "--as-of", "2026-02-30"], ["serve", "--as-of", "2026-02-30"],
        ] {
            let r = try run(args)
            #expect(r.status == 64, "\(args)")
            #expect(r.err.hasPrefix("Erreur : --as-of : " + feb), "\(args): \(r.err)")
            #expect(!r.err.contains("is invalid for"), "\(args)")
        }
        let since = try run(["digest", "--since", "2026-13-01"])
        #expect(since.status == 64)
        #expect(
            since.err.hasPrefix(
                "Erreur : --since : « 2026-13-01 » : date impossible : il n'y a pas de mois 13 (mois de 01 à 12) ; "
                    + "format attendu : AAAA-MM-JJ (par exemple 2026-01-31)"))
        let slashes = try run(["status", "--as-of", "30/01/2026"])
        #expect(
            slashes.err.hasPrefix(
                "Erreur : --as-of : « 30/01/2026 » : ce n'est pas une date ; format attendu : AAAA-MM-JJ (par exemple 2026-01-31)"
            ))
        let en = try run(["status", "--as-of", "2026-02-30", "--lang", "en"])
        #expect(
            en.err.hasPrefix(
                "Error: --as-of: '2026-02-30': impossible date: February 30, 2026 does not exist (February 2026 has 28 days)"
            ))
        // The parser's other refusals in French too.
        let format = try run(["status", "--format", "xml"])
        #expect(format.status == 64)
        #expect(
            format.err.hasPrefix(
                "Erreur : --format : « xml » n'est pas une valeur valide ; valeurs possibles : table, json ou csv"))
        #expect(format.err.contains("  Voir « mandat status --help » pour plus d'informations."))
    }

    @Test(
        "--db naming a folder or a file that is not SQLite: said in French, the database's words kept",
        .enabled(if: binary != nil, "mandat binary not built"))
    func storeThatIsNotSQLite() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = try run(["status", "--db", dir.path])
        #expect(folder.status == 1)
        #expect(
            folder.err.hasPrefix(
                "Erreur : \(dir.path) est un dossier, pas une base SQLite : indiquez un fichier à --db (détail : "))
        #expect(folder.err.contains("cantOpen") && folder.err.hasSuffix("[store.open]\n"))
        let text = dir.appendingPathComponent("notes.sqlite")
        try Data("hello\n".utf8).write(to: text)
        let other = try run(["status", "--db", text.path])
        #expect(other.status == 1)
        #expect(
            other.err.hasPrefix(
                "Erreur : \(text.path) n'est pas une base SQLite (un fichier d'un autre type porte ce nom) : vérifiez --db (détail : "
            ))
        #expect(other.err.contains("notADatabase: file is not a database"))
        let en = try run(["status", "--db", dir.path, "--lang", "en"])
        #expect(en.err.hasPrefix("Error: \(dir.path) is a folder, not a SQLite database"))
    }

    @Test(
        "Kinds, findings and line numbers in French: summary, status table; codes in JSON and CSV",
        .enabled(if: binary != nil, "mandat binary not built"))
    func frenchLabels() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("m.sqlite").path
        let demo = root.appendingPathComponent("fixtures/demo").path
        let r = try run(["import", "--db", db, demo])
        // docs/demo.md: 21 invoices, 1 credit note, 18 CPPStatut, 5 CDAR, 6 PES_Aller, 5 PES_ACQUIT, 4 PES_Retour,
        // 1 DECP file; sorted by label, case aside.
        #expect(
            r.out.contains(
                "Par type : avoir 1, facture 21, marchés DECP 1, message CDAR 5, PES Acquit 5, PES Aller 6, PES Retour 4, statut Chorus 18"
            ),
            "\(r.out)")
        let status = try run(["status", "--db", db, "--as-of", "2026-01-31"])
        // FV-2025-0079: ordonnateur past its 20 days, due 09/01/2026 → 22 days late on 31/01.
        #expect(status.out.contains("retard 22 j  327,43\u{00A0}€  part ordo. dépassée, en retard"), "\(status.out)")
        #expect(!status.out.contains("ordonnateur-over-share"))
        let csv = try run(["status", "--db", db, "--as-of", "2026-01-31", "--format", "csv"])
        #expect(csv.out.contains("ordonnateur-over-share"))
        let en = try run(["status", "--db", db, "--as-of", "2026-01-31", "--lang", "en"])
        #expect(en.out.contains("ordonnateur-over-share overdue"))
    }

    @Test(
        "The status table says under it what each `*` means, only for the marks it shows, French or English",
        .enabled(if: binary != nil, "mandat binary not built"))
    func starLegend() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let interestFR =
            "* après les intérêts : provisoires (taux BCE non confirmé, ou départ du délai ou montant estimé)"
        let estimatedFR =
            "* après le montant dû : montant estimé (BT-115 absent ou illisible : BT-112 − BT-113 + BT-114)"
        // Due 04/09/2026, in 2026 S2, after ecbRatesConfirmedThrough (2026-01-01): the interest is provisional
        // (`23,92 €*`), the amount due is read (no `*` on it): only the interest's legend.
        let s2 = try variant(dir, "s2.xml", [("2026-03-02", "2026-08-03"), ("2026-04-01", "2026-09-02")])
        let db1 = dir.appendingPathComponent("s2.sqlite").path
        _ = try run(["import", "--db", db1, s2])
        let fr = try run(["status", "--db", db1, "--as-of", "2026-11-29"])
        let frLines = fr.out.split(separator: "\n").map(String.init)
        #expect(frLines[1].contains("23,92\u{00A0}€*"), "\(fr.out)")
        #expect(frLines.last == interestFR, "\(fr.out)")
        #expect(!fr.out.contains("après le montant dû"))
        let en = try run(["status", "--db", db1, "--as-of", "2026-11-29", "--lang", "en"])
        #expect(
            en.out.split(separator: "\n").last
                == "* after the interest: provisional (ECB rate not confirmed, or clock start or amount estimated)",
            "\(en.out)")
        // No BT-115: the amount due is estimated (`1 000,01 €*`) and so is the interest: both legends, one line.
        let est = try variant(
            dir, "est.xml", [("<cbc:PayableAmount currencyID=\"EUR\">1000.01</cbc:PayableAmount>", "")])
        let db2 = dir.appendingPathComponent("est.sqlite").path
        _ = try run(["import", "--db", db2, est])
        let both = try run(["status", "--db", db2, "--as-of", "2026-11-29"])
        #expect(
            both.out.split(separator: "\n").last.map(String.init) == estimatedFR + " · " + interestFR, "\(both.out)")
        // No `*` in the table (the demo as of 31/01/2026): no legend, the total is the last line.
        let demo = root.appendingPathComponent("fixtures/demo").path
        let db3 = dir.appendingPathComponent("demo.sqlite").path
        _ = try run(["import", "--db", db3, "--config", demo + "/config.yaml", demo])
        let plain = try run(["status", "--db", db3, "--config", demo + "/config.yaml", "--as-of", "2026-01-31"])
        #expect(!plain.out.contains("*"))
        #expect(plain.out.split(separator: "\n").last?.hasPrefix("22 dossier(s) au 31/01/2026 · en jeu : ") == true)
    }

    @Test(
        "A field given twice on one line: the warning names the value kept; a later invalid date is reported",
        .enabled(if: binary != nil, "mandat binary not built"))
    func repeatedFieldWarnings() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try variant(
            dir, "dup.xml",
            [
                (
                    "<cbc:IssueDate>2026-03-02</cbc:IssueDate>",
                    "<cbc:IssueDate>2026-01-02</cbc:IssueDate><cbc:IssueDate>2026-01-05</cbc:IssueDate>"
                ),
                (
                    "<cbc:DueDate>2026-04-01</cbc:DueDate>",
                    "<cbc:DueDate>2026-04-01</cbc:DueDate>\n  <cbc:DueDate>2027-13-45</cbc:DueDate>"
                ),
            ])
        let r = try run(["import", "--db", dir.appendingPathComponent("m.sqlite").path, file])
        #expect(r.status == 0)
        #expect(
            r.out.contains(
                "\(file): BT-2 : 2 valeurs « 2026-01-02 » (ligne 10), « 2026-01-05 » (ligne 10) à cbc:IssueDate ; "
                    + "la valeur « 2026-01-02 » (ligne 10) est retenue"), "\(r.out)")
        #expect(
            r.out.contains(
                "\(file): BT-9 : « 2027-13-45 » (ligne 12) n'est pas une date valide ; la valeur « 2026-04-01 » (ligne 11) est retenue"
            ))
        #expect(!r.out.contains("(line "))
    }

    @Test(
        "Frequent reader notes of the corpus in French: a seller name taken from nowhere",
        .enabled(if: binary != nil, "mandat binary not built"))
    func frequentNotes() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        // No seller RegistrationName (line 48): only its PartyName is left, which is not BT-27.
        let file = try variant(
            dir, "noname.xml", [("<cbc:RegistrationName>Atelier Côté Jardin SARL</cbc:RegistrationName>", "")])
        let r = try run(["import", "--db", dir.appendingPathComponent("m.sqlite").path, file])
        // The names listed as a person writes them: « … », no Python-like brackets.
        #expect(
            r.out.contains(
                "\(file): BT-27 : pas de PartyLegalEntity/RegistrationName ; les autres noms du vendeur « Côté Jardin » "
                    + "(PartyName/Name ou PartyTaxScheme/RegistrationName) ne sont pas repris"), "\(r.out)")
    }

    @Test(
        "An invoice with an impossible issue date carries no-clock-start on the board and in show",
        .enabled(if: binary != nil, "mandat binary not built"))
    func noClockStart() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("m.sqlite").path
        let file = try variant(
            dir, "imp.xml",
            [("<cbc:IssueDate>2026-03-02</cbc:IssueDate>", "<cbc:IssueDate>2026-02-30</cbc:IssueDate>")])
        _ = try run(["import", "--db", db, file])
        // No date at all: the dossier is on the board of any day (nothing says it did not exist), flagged; the
        // amount due (BT-115 1 000,01 €) is at stake.
        let status = try run(["status", "--db", db, "--as-of", "2020-01-01"])
        #expect(status.out.contains("1\u{202F}000,01\u{00A0}€"))
        #expect(status.out.contains("0,00\u{00A0}€  départ du délai inconnu"), "\(status.out)")
        #expect(status.out.contains("1 dossier(s) au 01/01/2020 · en jeu : 1\u{202F}000,01\u{00A0}€"))
        let blocked = try run(["status", "--db", db, "--as-of", "2026-05-01", "--blocked", "--format", "csv"])
        #expect(blocked.out.contains("no-clock-start"))
        let show = try run(["show", "--db", db, "--as-of", "2026-05-01", "FA-2026-0042"])
        #expect(
            show.out.contains(
                "[no-clock-start] Date de départ du délai inconnue : aucune date lisible (émission, réception, mise à "
                    + "disposition) pour la facture lue dans \(file) (ligne 6)."), "\(show.out)")
    }

    @Test(
        "digest: since never after as-of; a digest of the past does not move the last point",
        .enabled(if: binary != nil, "mandat binary not built"))
    func digestMarker() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("m.sqlite").path
        _ = try run(["import", "--db", db, root.appendingPathComponent("fixtures/demo").path])
        func since(_ args: [String]) throws -> String? {
            let r = try run(["digest", "--db", db, "--format", "json"] + args)
            let json = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any]
            return json?["since"] as? String
        }
        let today = todayInParis()
        // The first point of today: no previous point, 7 days back; it becomes the last point.
        _ = try since([])
        #expect(try since([]) == today)
        // A point of the past: the last point (today) is after it, so not a "previous" point; 7 days back:
        // 2025-01-01 − 7 = 2024-12-25.
        #expect(try since(["--as-of", "2025-01-01"]) == "2024-12-25")
        let text = try run(["digest", "--db", db, "--as-of", "2025-01-01"])
        #expect(text.out.contains("changements depuis le 25/12/2024"))
        // ... and it did not move the last point.
        #expect(try since([]) == today)
        // --since after --as-of: refused.
        let late = try run(["digest", "--db", db, "--as-of", "2025-01-01", "--since", "2025-02-01"])
        #expect(late.status == 64)
        #expect(late.err.hasPrefix("Erreur : --since 2025-02-01 est après la date du point (2025-01-01)"))
    }

    @Test("An empty dossier id is a usage error (64)", .enabled(if: binary != nil, "mandat binary not built"))
    func emptyDossierID() throws {
        for args in [["show", ""], ["call-sheet", " "], ["letter", "", "--kind", "reminder"], ["log", ""]] {
            let r = try run(args)
            #expect(r.status == 64, "\(args)")
            #expect(r.err.hasPrefix("Erreur : l'identifiant du dossier est vide"), "\(args): \(r.err)")
        }
    }
}

/// `sh -c script` in the package root, with `MANDAT` set to the binary: a name that is not UTF-8 can only be
/// written by the shell (`printf '\351'`), since `Process` takes its arguments as Swift strings.
private func shell(_ script: String) throws -> (status: Int32, out: String, err: String) {
    try runMandatCLI(["-c", script], env: ["MANDAT": binary ?? "/nonexistent"], executable: "/bin/sh")
}

@Suite("mandat: a file name that is not UTF-8 on the command line (binary)")
struct RawArgumentTests {
    @Test(
        "import and inspect open a Latin-1 name given on the command line by its bytes",
        .enabled(if: binary != nil, "mandat binary not built"))
    func latin1Name() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        // facture-été.xml in Latin-1: é is the single byte E9 (octal 351), not UTF-8.
        let name = "\"$(printf '\(dir.path)/facture-\\351t\\351.xml')\""
        let copy = try shell("cp fixtures/invoices/ubl-invoice-full.xml \(name)")
        #expect(copy.status == 0, "\(copy.err)")
        let imported = try shell("\"$MANDAT\" import --db \(dir.path)/m.sqlite \(name)")
        #expect(imported.status == 0, "\(imported.out)\(imported.err)")
        #expect(
            imported.out.contains("[1/1] importé facture \(dir.path)/facture-\\xE9t\\xE9.xml (1 facture(s))"),
            "\(imported.out)")
        #expect(imported.out.contains("Fichiers : 1 vus, 1 importés"))
        let inspected = try shell("\"$MANDAT\" inspect --json \(name)")
        #expect(inspected.status == 0, "\(inspected.out)\(inspected.err)")
        #expect(inspected.out.contains("\"kind\":\"invoice\""), "\(inspected.out)")
        #expect(inspected.out.contains("facture-\\\\xE9t\\\\xE9.xml"), "\(inspected.out)")
    }
}
