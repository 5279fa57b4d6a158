import Foundation
import Testing

/// The built `mandat` binary: beside the test bundle, or `.build/debug/mandat`; nil (tests skipped) when absent.
private let deskBinary: String? = {
    var candidates: [String] = []
    if let first = CommandLine.arguments.first {
        candidates.append(((first as NSString).deletingLastPathComponent as NSString).appendingPathComponent("mandat"))
    }
    candidates.append(deskPackageRoot + "/.build/debug/mandat")
    let found = candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    if found == nil { print("note: the mandat binary was not found: desk command tests skipped") }
    return found
}()

/// Runs the binary in `dir`; standard output and error go through files (no pipe can fill up and block).
private func mandat(_ args: [String], in dir: URL) throws -> (status: Int32, out: String, err: String) {
    let outURL = dir.appendingPathComponent("stdout-\(UUID().uuidString)")
    let errURL = dir.appendingPathComponent("stderr-\(UUID().uuidString)")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL)
    let err = try FileHandle(forWritingTo: errURL)
    let p = Process()
    p.executableURL = URL(fileURLWithPath: deskBinary ?? "/nonexistent")
    p.arguments = args
    p.currentDirectoryURL = dir
    p.standardOutput = out
    p.standardError = err
    try p.run()
    p.waitUntilExit()
    try out.close()
    try err.close()
    return (
        p.terminationStatus, try String(contentsOf: outURL, encoding: .utf8),
        try String(contentsOf: errURL, encoding: .utf8)
    )
}

@Suite("Desk: the commands, end to end (binary)")
struct DeskCLITests {
    /// Given the synthetic buyer file and one dossier 30 days late (fixtures/desk), a collector logs a call,
    /// records a promise that expires, and sees it in the promise list, the agenda (text and iCalendar) and the
    /// call sheet; then prints a formal notice and the cost of credit.
    @Test(.enabled(if: deskBinary != nil, "mandat binary not built"))
    func scriptedSession() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mandat-desk-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let deskFile = ["--desk", dir.appendingPathComponent("desk.json").path]
        let common = deskFile + ["--views", deskPackageRoot + "/fixtures/desk/views.json"]

        let imp = try mandat(["buyers", "import", deskPackageRoot + "/fixtures/desk/buyers.csv"] + deskFile, in: dir)
        #expect(imp.status == 0)
        #expect(imp.out == "2 acheteur(s) importé(s)\n")

        let log = try mandat(
            [
                "log", "F-2026-101", "add", "--kind", "call", "--contact", "Bruno Petit", "--outcome", "awaitingMandat",
                "--text", "mandat fin mars", "--date", "2026-03-19",
            ] + common, in: dir)
        #expect(log.out == "entrée #1 ajoutée\n")
        let promise = try mandat(
            [
                "promise", "D1", "--by", "2026-03-31", "--side", "ordonnateur", "--what", "mandat", "--as-of",
                "2026-03-19",
            ]
                + common, in: dir)
        #expect(promise.out == "promesse #1 enregistrée\n")

        // An impossible --by date: why, in the user's language and quoting (2026 is not a leap year).
        let badBy = ["promise", "D1", "--by", "2026-02-29", "--side", "ordonnateur", "--what", "mandat"] + common
        let fr = try mandat(badBy, in: dir)
        #expect(fr.status == 64)
        #expect(fr.err.contains("--by : « 2026-02-29 » : date impossible : le 29 février 2026 n'existe pas"), "\(fr.err)")
        let en = try mandat(badBy + ["--lang", "en"], in: dir)
        #expect(en.status == 64)
        #expect(en.err.contains("--by: '2026-02-29': impossible date: February 29, 2026 does not exist"), "\(en.err)")
        #expect(!en.err.contains("«"))

        // 2026-03-31: still open. 2026-04-02: not kept.
        #expect(
            try mandat(["promise", "D1", "--as-of", "2026-03-31"] + common, in: dir).out
                == "#1 19/03/2026 ordonnateur — émettre le mandat au plus tard le 31/03/2026 — en cours\n")
        #expect(
            try mandat(["promise", "D1", "--as-of", "2026-04-02"] + common, in: dir).out
                == "#1 19/03/2026 ordonnateur — émettre le mandat au plus tard le 31/03/2026 — non tenue\n")

        let agenda = try mandat(["agenda", "--as-of", "2026-04-02"] + common, in: dir)
        #expect(agenda.status == 0)
        // Amount shown: money at stake 12 000.00 + 100.11 = 12 100.11 €. Step 3 = due 2026-03-04 + 30 = 2026-04-03.
        #expect(
            agenda.out == """
                Agenda au 02/04/2026
                En retard
                  01/04/2026  F-2026-101 · Commune de Valbonne-sur-Lys — promesse non tenue (#1) : rappeler le service financier de l'ordonnateur (Bruno Petit, 04 93 00 00 02, finances@valbonne.example) — 12\u{202F}100,11\u{00A0}€ — échéance 04/03/2026
                À venir
                  03/04/2026  F-2026-101 · Commune de Valbonne-sur-Lys — relance n° 3 : service de gestion comptable (trésorerie) — 12\u{202F}100,11\u{00A0}€ — échéance 04/03/2026

                """)
        let ics = try mandat(["agenda", "--as-of", "2026-04-02", "--format", "ics"] + common, in: dir)
        #expect(ics.out.hasPrefix("BEGIN:VCALENDAR\r\n"))
        #expect(ics.out.components(separatedBy: "BEGIN:VEVENT").count == 3)  // two events
        #expect(ics.out.contains("DTSTART;VALUE=DATE:20260401\r\n"))

        let sheet = try mandat(["call-sheet", "D1", "--as-of", "2026-04-02", "--lang", "en"] + common, in: dir)
        #expect(sheet.out.contains("- **Last promise**: #1 ordonnateur — issue the mandat by 2026-03-31 (not kept)"))

        let letter = try mandat(
            ["letter", "D1", "--kind", "formal-notice", "--as-of", "2026-04-03", "--from", "Société Exemple SAS"]
                + common,
            in: dir)
        // 12 000.00 + 100.11 + 40.00 = 12 140.11 €.
        #expect(letter.out.contains("| **Total** | **12\u{202F}140,11\u{00A0}€** |"))

        let credit = try mandat(["credit", "--as-of", "2026-04-03", "--json"] + common, in: dir)
        // 12 000 × 5 % × 60 / 365 = 98.63 (start 2026-02-02 → 2026-04-03 = 60 days).
        #expect(credit.out.contains("\"financingCost\": {\n      \"EUR\": \"98.63\"\n    }"))

        // Bad input: clear messages and non-zero exits, no crash.
        let bad = try mandat(["log", "D1", "add", "--kind", "fax", "--text", "x"] + common, in: dir)
        #expect(bad.status != 0)
        #expect(bad.err.contains("--kind"))
        let unknown = try mandat(["log", "ZZ"] + common, in: dir)
        #expect(unknown.status != 0)
        #expect(unknown.err.contains("no dossier with id or invoice number « ZZ »"))
        let key = try mandat(["buyers", "add", "21060001400010", "--name", "X"] + deskFile, in: dir)
        #expect(key.err.contains("wrong check digit"))
    }

    /// The same desk in the store's database: dossiers imported with `mandat import` (the store's synthetic
    /// fixtures), assessed by the law; the desk's tables live beside the store's.
    @Test(.enabled(if: deskBinary != nil, "mandat binary not built"))
    func throughTheStoreDatabase() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mandat-desk-db-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let db = ["--db", dir.appendingPathComponent("mandat.sqlite").path]
        _ = try mandat(["import", deskPackageRoot + "/fixtures/store"] + db, in: dir)
        let log = try mandat(
            [
                "log", "SYN-2025-001", "add", "--kind", "call", "--outcome", "invoiceNotReceived", "--text", "renvoyée",
                "--date", "2025-05-20",
            ] + db, in: dir)
        #expect(log.status == 0)
        #expect(log.out == "entrée #1 ajoutée\n")
        let promise = try mandat(
            [
                "promise", "SYN-2025-001", "--by", "2025-05-30", "--side", "ordonnateur", "--what", "serviceFait",
                "--as-of", "2025-05-20",
            ] + db, in: dir)
        #expect(promise.out == "promesse #1 enregistrée\n")
        let list = try mandat(["promise", "SYN-2025-001", "--as-of", "2025-06-01"] + db, in: dir)
        #expect(
            list.out == "#1 20/05/2025 ordonnateur — constater le service fait au plus tard le 30/05/2025 — non tenue\n"
        )
        let agenda = try mandat(["agenda", "--as-of", "2025-06-01"] + db, in: dir)
        // Expired on 2025-05-31, the day after the promised date.
        #expect(agenda.out.contains("31/05/2025  SYN-2025-001 · Commune de Synthèse — promesse non tenue (#1)"))
        #expect(try mandat(["log", "SYN-2025-001"] + db, in: dir).out.hasPrefix("#1 20/05/2025 appel"))
    }
}
