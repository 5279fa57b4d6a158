import ArgumentParser
import Foundation
import MandatCore
import MandatFormats

/// `pes-big`: generates a PES_Aller of about `--size-mb` MB (default 1 GB: ISO-8859-1, values in `V`
/// attributes, `--mandats` pieces, then gzip+base64 PDF-like attachments of `--pj-mb` MB each in
/// `PES_PJ/PJ/Contenu/Fichier` making up the rest), reads it with `DocumentReader.read` in a child process,
/// and prints MB/s, the mandat and attachment counts and the child's peak RSS beside
/// `xmllint --stream --noout --huge` on the same file. The file is deleted at the end.
///
/// Target (issue 4): peak RSS ≤ 64 MB for `DocumentReader.read`.
struct PESBigBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pes-big", abstract: "DocumentReader.read on a ~1 GB PES_Aller with attachments, vs xmllint.")

    @Option(help: "Size of the PES_Aller, in MB (10^6 bytes).") var sizeMB = 1024
    @Option(help: "Mandats (Piece) in the file.") var mandats = 20_000
    @Option(help: "Size of each attachment's base64 text, in MB.") var pjMB = 4
    @Option(help: "Directory for the file (default: the temporary directory).") var dir: String?
    @Option(help: "xmllint to compare with.") var xmllint = "/usr/bin/xmllint"
    @Flag(help: "Keep the generated file (for perf; it is deleted otherwise).") var keep = false
    /// Internal: when set, this process is the measured child: `DocumentReader.read` on that file.
    @Option(help: .hidden) var readFile: String?
    /// Internal, with `--read-file`: print the `inspect --json` object, then every mandat and event as JSON (sorted
    /// keys), one per line, to check that a change to the reader keeps its outputs identical.
    @Flag(help: .hidden) var dump = false

    func run() throws {
        if let readFile { return dump ? try dumpOne(readFile) : readOne(readFile) }
        let folder = dir ?? FileManager.default.temporaryDirectory.path
        let path = folder + "/PES_Aller_big_\(UUID().uuidString).xml"
        defer { if !keep { try? FileManager.default.removeItem(atPath: path) } }
        let t = ChildProcess.now()
        let facts = try PESBigGenerator.write(
            path: path, mandats: mandats, targetBytes: sizeMB * 1_000_000, pjBytes: pjMB * 1_000_000)
        let mbSize = Double(facts.bytes) / 1e6
        print(
            "generated \(path): " + String(format: "%.1f MB", mbSize)
                + ", \(facts.mandats) mandats (Σ MtHT \(Generators.euros(facts.sumCents)) €), \(facts.attachments) PJ of "
                + String(format: "%.1f MB base64 each", Double(facts.pjBytes) / 1e6) + ", in "
                + String(format: "%.1f s", ChildProcess.now() - t))
        let ours = try ChildProcess.run(ChildProcess.selfPath, ["pes-big", "--read-file", path])
        let theirs = try ChildProcess.run(xmllint, ["--stream", "--noout", "--huge", path])
        let result = ours.output.split(separator: "\n").first.map(String.init) ?? ""
        print("")
        print("tool                          wall s   cpu s    MB/s  MB/cpu-s  peak RSS  result")
        func row(_ tool: String, _ r: ChildRun, _ res: String) -> String {
            tool.padding(toLength: 28, withPad: " ", startingAt: 0)
                + String(
                    format: "%7.2f %7.2f %7.1f %9.1f %7.1f MB  ", r.seconds, r.cpuSeconds, mbSize / r.seconds,
                    mbSize / r.cpuSeconds, Double(r.peakRSS) / 1e6) + res
        }
        print(row("Mandat DocumentReader.read", ours, result))
        print(row("xmllint --stream --huge", theirs, "exit \(theirs.status)"))
        print(
            String(
                format: "ratio Mandat / xmllint: %.2f× by wall time, %.2f× by CPU time; Mandat peak %.1f MB (target ≤ 64 MB)",
                theirs.seconds / ours.seconds, theirs.cpuSeconds / ours.cpuSeconds, Double(ours.peakRSS) / 1e6))
        var failures: [String] = []
        if ours.status != 0 { failures.append("Mandat child exit \(ours.status): \(ours.errorOutput.prefix(500))") }
        if InvoiceBench.value("mandats", in: result) != "\(facts.mandats)" {
            failures.append("expected \(facts.mandats) mandats")
        }
        if InvoiceBench.value("attachments", in: result) != "\(facts.attachments)" {
            failures.append("expected \(facts.attachments) attachments")
        }
        if InvoiceBench.value("sumHT", in: result) != Generators.euros(facts.sumCents) {
            failures.append("expected Σ MtHT \(Generators.euros(facts.sumCents))")
        }
        for f in failures { print("FAILED \(f)") }
        if !failures.isEmpty { throw ExitCode(1) }
    }

    /// `--read-file F --dump`: everything the reader produced, as JSON lines.
    private func dumpOne(_ path: String) throws {
        let doc = DocumentReader.read(path: path, displayName: URL(fileURLWithPath: path).lastPathComponent)
        print(doc.json.serialized())
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for m in doc.mandats { print(String(decoding: try encoder.encode(m), as: UTF8.self)) }
        for e in doc.events { print(String(decoding: try encoder.encode(e), as: UTF8.self)) }
    }

    /// The measured child: one `DocumentReader.read`; prints `kind=… mandats=N attachments=M sumHT=… error=…`
    /// and its own VmHWM.
    private func readOne(_ path: String) {
        let doc = DocumentReader.read(path: path, displayName: URL(fileURLWithPath: path).lastPathComponent)
        var attachments = "?"
        if case .number(let n)? = doc.field("attachments") {
            attachments = "\(n)"
        }
        let sum = doc.mandats.reduce(Decimal(0)) { $0 + ($1.amountHT ?? 0) }
        print(
            "kind=\(doc.kind.rawValue) mandats=\(doc.mandats.count) attachments=\(attachments) "
                + "sumHT=\(Money.normalized(sum)) notes=\(doc.notes.count) error=\(doc.error.map { "\($0)" } ?? "none")")
        print("vmhwm=\(ChildProcess.ownVmHWMkB())")
    }
}

/// The big PES_Aller generator (synthetic: invented bodies and suppliers, SIRETs with valid Luhn keys).
enum PESBigGenerator {
    struct Facts {
        var bytes: Int
        var mandats: Int
        var sumCents: Int
        var attachments: Int
        /// Base64 bytes (newlines included) of each attachment.
        var pjBytes: Int
    }

    /// Mandats as in `Generators.pesAller` (one line each, `MtHT` = `Generators.cents(n)`, 100 per
    /// bordereau, `PJRef` to attachment `n % attachments`), then as many `pjBytes` attachments as fit in
    /// `targetBytes`: base64 of a gzip stream header followed by pseudo-random (incompressible, like a
    /// compressed PDF) bytes, in 76-character lines.
    static func write(path: String, mandats: Int, targetBytes: Int, pjBytes: Int) throws -> Facts {
        let perMandat = 1_250  // bytes, about: the estimate of the mandats' share of the file
        let attachments = max(1, (targetBytes - mandats * perMandat) / max(1, pjBytes + 200))
        let w = try BufferedWriter(path: path)
        try w.latin1(
            """
            <?xml version="1.0" encoding="ISO-8859-1"?>
            <n:PES_Aller xmlns:n="http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/aller">
            <Enveloppe><Parametres><Version V="2"/><TypFic V="PESALR2"/><NomFic V="PES_BIG_SYNTH.xml"/></Parametres>\
            <Emetteur><Sigle V="BENCH"/></Emetteur></Enveloppe>
            <EnTetePES><DteStr V="2026-03-02"/><IdPost V="038000"/><IdColl V="\(Generators.siret(1))"/><CodCol V="123"/>\
            <CodBud V="01"/><LibelleColBud V="Commune synthétique de Saint-Étienne-des-Prés"/></EnTetePES>
            <PES_DepenseAller>
            <EnTeteDepense><IdVer V="2"/><InfoDematerialisee V="1"/></EnTeteDepense>

            """)
        var sum = 0
        for n in 1...max(1, mandats) {
            if (n - 1) % 100 == 0 {
                if n > 1 { try w.latin1("</Bordereau>\n") }
                try w.latin1(
                    "<Bordereau><BlocBordereau><Exer V=\"2026\"/><IdBord V=\"\((n - 1) / 100 + 1)\"/>"
                        + "<DteBordEm V=\"2026-03-02\"/><TypBord V=\"01\"/><NbrPce V=\"100\"/></BlocBordereau>\n")
            }
            let c = Generators.cents(n)
            sum += c
            let nom = Generators.tiers[n % Generators.tiers.count]
            let objet = Generators.objets[n % Generators.objets.count]
            try w.latin1(
                "<Piece><BlocPiece><InfoPce><IdPce V=\"\(n)\"/><TypPce V=\"01\"/><NatPce V=\"01\"/>"
                    + "<Obj V=\"\(objet) n° \(n)\"/><PJRef><IdUnique V=\"PJ\(n % attachments + 1)\"/></PJRef>"
                    + "</InfoPce></BlocPiece>\n"
                    + "<LigneDePiece><BlocLignePiece><InfoLignePce><IdLigne V=\"1\"/><Objet V=\"\(objet)\"/>"
                    + "<Nature V=\"6156\"/><Fonction V=\"020\"/><CodTVA V=\"20\"/><MtHT V=\"\(Generators.euros(c))\"/>"
                    + "<MtTVA V=\"\(Generators.euros(c / 5))\"/></InfoLignePce>\n"
                    + "<Tiers><InfoTiers><IdTiers V=\"\(Generators.siret(n + 7))\"/><TypTiers V=\"01\"/>"
                    + "<NatJur V=\"03\"/><Nom V=\"\(nom)\"/></InfoTiers>"
                    + "<Adresse><TypAdr V=\"1\"/><Adr2 V=\"\(n % 200 + 1) rue de l'Église\"/><CP V=\"38000\"/>"
                    + "<Ville V=\"Grenoble\"/></Adresse>"
                    + "<CpteBancaire><BIC V=\"AGRIFRPP881\"/><IBAN V=\"FR7630006000011234567890189\"/>"
                    + "<LibBanc V=\"Crédit Agricole Sud Rhône Alpes\"/><TitCpte V=\"\(nom)\"/></CpteBancaire></Tiers>"
                    + "</BlocLignePiece></LigneDePiece></Piece>\n")
        }
        try w.latin1("</Bordereau>\n</PES_DepenseAller>\n<PES_PJ>\n")
        // One attachment body, written `attachments` times (generating random data per PJ would dominate).
        let body = base64Body(bytes: pjBytes)
        for k in 1...attachments {
            try w.latin1(
                "<PJ><Contenu><Fichier MIMEType=\"application/pdf\">")
            try w.utf8(body)  // ASCII: its UTF-8 is its ISO-8859-1
            try w.latin1("</Fichier></Contenu><IdUnique V=\"PJ\(k)\"/><NomPJ V=\"facture-\(k).pdf.gz\"/></PJ>\n")
        }
        try w.latin1("</PES_PJ>\n</n:PES_Aller>\n")
        try w.close()
        return Facts(bytes: w.written, mandats: mandats, sumCents: sum, attachments: attachments, pjBytes: body.utf8.count)
    }

    /// About `bytes` of base64 text (76 characters + LF per line) encoding a gzip header and pseudo-random
    /// bytes from a xorshift generator.
    static func base64Body(bytes: Int) -> String {
        let lines = max(1, bytes / 77)
        var raw: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03]
        raw.reserveCapacity(lines * 57)
        var x: UInt64 = 0x9E37_79B9_7F4A_7C15
        while raw.count < lines * 57 {
            x ^= x << 13
            x ^= x >> 7
            x ^= x << 17
            withUnsafeBytes(of: x) { raw.append(contentsOf: $0) }
        }
        raw.removeLast(raw.count - lines * 57)
        let encoded = Data(raw).base64EncodedData(options: [.lineLength76Characters, .endLineWithLineFeed])
        return String(decoding: encoded, as: UTF8.self) + "\n"
    }
}
