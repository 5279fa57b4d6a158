import Foundation
import MandatCore
import MandatFormats
import Testing

@testable import MandatStore

/// The built `mandat` binary: next to the test bundle, or in `.build/debug`.
let mandatBinary: String? = {
    let fm = FileManager.default
    var candidates: [String] = []
    if let first = CommandLine.arguments.first {
        candidates.append(((first as NSString).deletingLastPathComponent as NSString).appendingPathComponent("mandat"))
    }
    candidates.append(packageRoot.appendingPathComponent(".build/debug/mandat").path)
    let found = candidates.first { fm.isExecutableFile(atPath: $0) }
    if found == nil { print("note: the mandat binary was not found (\(candidates)): binary tests skipped") }
    return found
}()

struct RunResult {
    var status: Int32
    var out: String
    var err: String
}

/// Runs the binary to the end and captures its output.
func runMandat(_ args: [String], environment: [String: String] = [:]) throws -> RunResult {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: mandatBinary ?? "/nonexistent")
    p.arguments = args
    var env = ProcessInfo.processInfo.environment
    for (k, v) in environment { env[k] = v }
    p.environment = env
    let out = Pipe()
    let err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return RunResult(
        status: p.terminationStatus, out: String(decoding: o, as: UTF8.self), err: String(decoding: e, as: UTF8.self))
}

@Suite("mandat binary over a store", .serialized)
struct StoreBinaryTests {
    /// Writes `count` synthetic, well-formed files (~8 kB each) of rotating kinds, plus one broken file.
    static func makeLargeFolder(count: Int) throws -> TempFolder {
        let tmp = try TempFolder()
        let filler = String(repeating: "<Ligne>synthétique 0123456789</Ligne>\n", count: 200)
        for i in 0..<count {
            let root: String
            switch i % 3 {
            case 0: root = "<PES_Retour xmlns=\"http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/retour\">"
            case 1: root = "<CPPStatut>"
            default: root = "<Bibliotheque xmlns=\"urn:example:synthetic\">"
            }
            let close =
                root.hasPrefix("<PES") ? "</PES_Retour>" : root.hasPrefix("<CPP") ? "</CPPStatut>" : "</Bibliotheque>"
            try tmp.write(
                String(format: "batch/f%04d.xml", i),
                "<?xml version=\"1.0\"?>\n<!-- synthetic file \(i) -->\n\(root)\n<N>\(i)</N>\n\(filler)\(close)\n")
        }
        try tmp.write("batch/zz_broken.xml", "<?xml version=\"1.0\"?>\n<a>\n<b></a>\n")
        return tmp
    }

    static func snapshot(_ location: StoreLocation) async throws -> (StoreCounts, [String]) {
        let s = try await location.open()
        let counts = try await s.counts()
        let files = try await s.files().map {
            "\($0.sha256) \($0.path) \($0.kind) \($0.errorCode ?? "-") \($0.errorLine ?? 0)"
        }
        try await s.close()
        return (counts, files.sorted())
    }

    @Test(
        "kill -9 in the middle of a large import, then import again: same counts as one clean import",
        .enabled(if: mandatBinary != nil, "mandat binary not built"))
    func killAndResume() async throws {
        let tmp = try Self.makeLargeFolder(count: 1200)
        defer { tmp.remove() }
        let killedDB = tmp.url.appendingPathComponent("killed.sqlite").path
        let cleanDB = tmp.url.appendingPathComponent("clean.sqlite").path
        let folder = tmp.url.appendingPathComponent("batch").path

        // Given an import killed with SIGKILL after 100 files were reported done…
        let p = Process()
        p.executableURL = URL(fileURLWithPath: mandatBinary ?? "/nonexistent")
        p.arguments = ["import", "--db", killedDB, folder]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        var seen = 0
        var buffer = Data()
        let reader = out.fileHandleForReading
        while seen < 100 {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            seen = buffer.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal)
        #expect(seen >= 100)
        let partial = try await Self.snapshot(.sqlite(path: killedDB))
        // Of the first 100 files, 33 (i % 3 == 2) have an unknown root: skipped, not recorded.
        #expect(partial.0.files >= 67 && partial.0.files < 801)

        // …when the same folder is imported again to the end…
        let resumed = try runMandat(["import", "--db", killedDB, folder])
        #expect(resumed.status == 0 || resumed.status == 1)
        // …then the store holds exactly what one clean import gives.
        let clean = try runMandat(["import", "--db", cleanDB, folder])
        #expect(clean.status == 1)  // the broken file
        let a = try await Self.snapshot(.sqlite(path: killedDB))
        let b = try await Self.snapshot(.sqlite(path: cleanDB))
        #expect(a.0 == b.0)
        #expect(a.1 == b.1)
        // 1200 synthetic files, 400 of them of an unknown root (skipped, not recorded), + 1 broken = 801 recorded.
        #expect(b.0.files == 801)
        // The broken one at least (stricter readers may also refuse the synthetic PES/Chorus files).
        #expect(b.0.filesFailed >= 1)
    }

    @Test(
        "Two imports of one folder at once and a status meanwhile: none fails, the store equals one clean import",
        .enabled(if: mandatBinary != nil, "mandat binary not built"))
    func concurrentProcesses() async throws {
        let tmp = try Self.makeLargeFolder(count: 300)
        defer { tmp.remove() }
        let shared = tmp.url.appendingPathComponent("shared.sqlite").path
        let cleanDB = tmp.url.appendingPathComponent("clean.sqlite").path
        let folder = tmp.url.appendingPathComponent("batch").path
        func start(_ args: [String]) throws -> Process {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: mandatBinary ?? "/nonexistent")
            p.arguments = args
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            return p
        }
        // Given the database exists (so both start on the same file, and the reader never sees it missing)…
        let empty = tmp.url.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        _ = try runMandat(["import", "--db", shared, empty.path])
        #expect(FileManager.default.fileExists(atPath: shared))
        // …when two imports of the same folder run at once, with a reader polling the board meanwhile…
        let a = try start(["import", "--db", shared, folder])
        let b = try start(["import", "--db", shared, folder])
        var readerStatuses: [Int32] = []
        while a.isRunning || b.isRunning {
            readerStatuses.append(try runMandat(["status", "--db", shared, "--format", "json"]).status)
        }
        a.waitUntilExit()
        b.waitUntilExit()
        // …then each import ends normally (status 1: the broken file, seen by whichever recorded it)…
        #expect([a.terminationReason, b.terminationReason] == [.exit, .exit])
        #expect(a.terminationStatus <= 1 && b.terminationStatus <= 1)
        #expect(a.terminationStatus == 1 || b.terminationStatus == 1)
        #expect(readerStatuses.allSatisfy { $0 == 0 })
        // …and the store holds what one clean import gives: each file once.
        _ = try runMandat(["import", "--db", cleanDB, folder])
        let x = try await Self.snapshot(.sqlite(path: shared))
        let y = try await Self.snapshot(.sqlite(path: cleanDB))
        #expect(x.0 == y.0)
        #expect(x.1 == y.1)
        #expect(y.0.files == 201)  // 300 synthetic, 100 of an unknown root (skipped, not recorded), + 1 broken
    }

    @Test("status and show read what the library stored", .enabled(if: mandatBinary != nil, "mandat binary not built"))
    func statusAndShow() async throws {
        let tmp = try TempFolder()
        defer { tmp.remove() }
        let path = tmp.url.appendingPathComponent("m.sqlite").path
        let s = try await StoreLocation.sqlite(path: path).open()
        let docs = [
            Synthetic.document(
                "fixtures/store/inv.xml",
                invoices: [
                    Synthetic.invoice("F-BIG", due: Decimal(string: "12000.00")!),
                    Synthetic.invoice(
                        "F-SMALL", due: Decimal(string: "500.00")!, buyer: Synthetic.otherBuyerSIRET, contract: "M-2",
                        dueDate: "2025-05-10"),
                ]),
            Synthetic.document(
                "fixtures/store/status.xml", kind: .chorusStatus,
                events: [
                    Synthetic.event(.madeAvailable, "MISE_A_DISPOSITION", on: "2025-03-03", number: "F-BIG", line: 7),
                    Synthetic.event(
                        .suspended, "SUSPENDUE", on: "2025-03-10", number: "F-SMALL", line: 12,
                        reason: "bon de livraison manquant"),
                ]),
            // A comptable's decision on a mandat no imported file names: linked to nothing, listed as such.
            Synthetic.document(
                "fixtures/store/retour.xml", kind: .pesRetour,
                events: [
                    ChainEvent(
                        kind: .mandatTakenInCharge, source: .pesRetour, code: "EtatPce=02",
                        date: Synthetic.date("2025-04-01"), mandat: Synthetic.mandatKey("99"),
                        sourceRef: SourceRef(file: "fixtures/store/retour.xml", line: 21))
                ]),
        ]
        for (i, d) in docs.enumerated() {
            _ = try await s.importDocument(d, fingerprint: Synthetic.fingerprint("doc\(i)"), importedAt: Date())
        }
        try await s.close()

        let json = try runMandat(["status", "--db", path, "--format", "json", "--as-of", "2025-04-10"])
        #expect(json.status == 0)
        #expect(json.out.contains("\"asOf\": \"2025-04-10\""))
        #expect(
            json.out.contains(
                "\"code\": \"EtatPce=02\",\n      \"date\": \"2025-04-01\",\n      \"file\": \"fixtures/store/retour.xml\",\n      \"line\": 21"
            ))
        let table = try runMandat(["status", "--db", path, "--as-of", "2025-04-10"])
        let lines = table.out.split(separator: "\n").map(String.init)
        // Header, F-BIG (12 000,00 €, late 8 days: due 2025-04-02), F-SMALL, footer, the legend of the interest's
        // `*` (provisional), the unlinked event.
        #expect(lines.count == 6)
        #expect(
            lines[4]
                == "* après les intérêts : provisoires (taux BCE non confirmé, ou départ du délai ou montant estimé)")
        #expect(lines[5] == "1 événement(s) non rattaché(s) à un dossier (ou ambigus) : voir --format json.")
        #expect(
            lines[1].contains("F-BIG") && lines[1].contains("12\u{202F}000,00\u{00A0}€")
                && lines[1].contains("retard 8 j"))
        #expect(lines[2].contains("F-SMALL") && lines[2].contains("suspendue ⚠"))
        // The law (local authority, 30 days): F-BIG made available 2025-03-03 → due 2025-04-02, 8 days late on
        // 2025-04-10; interest started in 2025 S1 at 11.15 %: 12 000 × 0.1115 × 8 / 365 = 29.326 → 29.33.
        // At stake: 12 000.00 + 29.33 + 500.00 (F-SMALL, suspended, clock interrupted) = 12 529.33.
        #expect(lines[1].contains("29,33\u{00A0}€"))
        #expect(lines[3] == "2 dossier(s) au 10/04/2025 · en jeu : 12\u{202F}529,33\u{00A0}€")
        let blocked = try runMandat(["status", "--db", path, "--blocked", "--format", "csv", "--as-of", "2025-04-10"])
        let csv = blocked.out.components(separatedBy: "\r\n")
        // Both are blocked: F-BIG is overdue (8 days, a warning someone must act on, as the digest lists it),
        // F-SMALL is suspended. Sorted by money at stake: F-BIG 12 029.33 first.
        #expect(csv.count == 4)  // header, two rows, final empty string after the last CRLF
        #expect(
            csv[1].hasPrefix("900000019/F-BIG/2025-03-01/380,")
                && csv[1].hasSuffix(",12029.33,ordonnateur-over-share stale overdue,false"))
        // Suspended 2025-03-10 → 2025-04-10: 31 days with the supplier; no due date while interrupted. The last
        // column, amountDueEstimated: false (BT-115 was read).
        #expect(
            csv[2]
                == "900000019/F-SMALL/2025-03-01/380,90000003500015,Commune de Synthèse,F-SMALL,M-2,500.00,EUR,suspended,supplier,31,,,0.00,true,false,500.00,suspended-awaiting-supplier stale,false"
        )

        let show = try runMandat(["show", "--db", path, "f-small", "--as-of", "2025-04-10", "--lang", "en"])
        #expect(show.status == 0)
        #expect(!show.out.contains("  Platform\n"))
        #expect(
            show.out.contains(
                "  Ordonnateur\n    2025-03-10  suspendue [SUSPENDUE]  (fixtures/store/status.xml:12)\n        reason: R1 bon de livraison manquant"
            ))
        // Invoice date 2025-03-01 + 2 days = 2025-03-03 (R.2192-14), interrupted on 2025-03-10.
        #expect(show.out.contains("  Start: 2025-03-03 · invoice date + 2 d, estimate (R.2192-14)\n"))
        #expect(show.out.contains("  Interruption: 2025-03-10 → — · new delay 30 d (R.2192-29)\n"))
        #expect(show.out.contains("[suspended-awaiting-supplier]"))
        #expect(!show.out.contains("Late interest"))  // nothing accrued while interrupted
        // A configuration naming F-SMALL's buyer a hospital: 50 days instead of 30 (CCP R.2192-11 1°); and a
        // `stale` threshold of 60 days: suspended 31 days ago is no longer stale.
        let config = tmp.url.appendingPathComponent("config.yaml").path
        try Data(
            "buyers:\n  - siret: \"900 000 035 00015\"\n    category: hospital\nthresholds:\n  staleDays: 60\n".utf8
        ).write(to: URL(fileURLWithPath: config))
        let hospital = try runMandat([
            "show", "--db", path, "F-SMALL", "--as-of", "2025-04-10", "--lang", "en", "--config", config,
        ])
        #expect(hospital.out.contains("  Delay: 50 d"))
        #expect(!hospital.out.contains("[stale]"))
        #expect(show.out.contains("  Delay: 30 d"))
        #expect(show.out.contains("[stale]"))
        let badRate = tmp.url.appendingPathComponent("bad-rate.yaml").path
        try Data("ecbRates:\n  - from: \"juillet\"\n    rate: \"2.0\"\n".utf8).write(to: URL(fileURLWithPath: badRate))
        let rateError = try runMandat(["status", "--db", path, "--config", badRate])
        #expect(rateError.status != 0)
        #expect(rateError.err.contains("ecbRates entry {from: juillet, rate: 2.0} needs an ISO date"))
        let badConfig = try runMandat([
            "status", "--db", path, "--config", tmp.url.appendingPathComponent("none.yaml").path,
        ])
        #expect(badConfig.status != 0)
        #expect(badConfig.err.contains("none.yaml: illisible"))
        let showJSON = try runMandat(["show", "--db", path, "F-BIG", "--as-of", "2025-04-10", "--format", "json"])
        #expect(showJSON.out.contains("\"interest\": \"29.33\""))
        #expect(showJSON.out.contains("\"law\": {"))
        let ambiguous = try runMandat(["show", "--db", path, "F-"])
        #expect(ambiguous.status == 2)
        let none = try runMandat(["show", "--db", path, "nothing-like-this"])
        #expect(none.status != 0)
        #expect(none.err.contains("Aucun dossier"))
    }
}
