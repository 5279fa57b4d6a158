import ArgumentParser
import Foundation
import MandatFormats
import MandatXML

/// `mandat-bench`: measures the XML reader (not a test; run with `swift run -c release mandat-bench …`).
///
/// Every measurement runs in a child process waited for with `wait4`, so that its wall time and its own
/// peak resident memory (`ru_maxrss`) are known.
@main
struct MandatBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mandat-bench",
        abstract: "Benchmarks of Mandat's streaming XML reader and of the dossier state.",
        subcommands: [
            XMLBench.self, HostileBench.self, StreamOne.self, ReadOne.self,
            InvoiceBench.self,
            PESBigBench.self,
            DossierBench.self,
        ]
    )
}

private func mb(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1_000_000) }

/// `xml`: generates a 200 MB PES_Aller and a 100 MB UBL invoice, streams each with MandatXML and with
/// `xmllint --stream --huge --noout` (without `--huge` xmllint refuses a text node over 10 MB), and prints
/// MB/s, peak memory and the ratio.
struct XMLBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xml", abstract: "MandatXML vs xmllint --stream on generated PES and UBL files.")

    @Option(help: "Size of the PES_Aller file, in MB (10^6 bytes).") var pesMB = 200
    @Option(help: "Mandats in the PES_Aller file.") var mandats = 130_000
    @Option(help: "Size of the UBL file, in MB.") var ublMB = 100
    @Option(help: "Runs of each measurement (the fastest is kept; memory is the highest).") var runs = 3
    @Option(help: "Directory for the generated files (default: a new temporary one, removed at the end).")
    var dir: String?
    @Option(help: "xmllint to compare with.") var xmllint = "/usr/bin/xmllint"
    @Flag(help: .hidden) var raw = false
    @Flag(help: .hidden) var strings = false

    func run() throws {
        let work =
            dir.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("mandat-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { if dir == nil { try? FileManager.default.removeItem(at: work) } }

        let pes = work.appendingPathComponent("PES_Aller_bench.xml").path
        let ubl = work.appendingPathComponent("UBL_bench.xml").path
        var t = ChildProcess.now()
        let pesFacts = try Generators.pesAller(path: pes, mandats: mandats, targetBytes: pesMB * 1_000_000)
        print(
            "generated \(pes): \(mb(pesFacts.bytes)), \(pesFacts.records) mandats, "
                + "\(mb(pesFacts.attachmentBytes)) of base64 in 4 PJ, in \(String(format: "%.1f", ChildProcess.now() - t)) s"
        )
        t = ChildProcess.now()
        let ublFacts = try Generators.ublInvoice(path: ubl, targetBytes: ublMB * 1_000_000)
        print(
            "generated \(ubl): \(mb(ublFacts.bytes)), \(ublFacts.records) invoice lines, "
                + "in \(String(format: "%.1f", ChildProcess.now() - t)) s")
        print("")
        print("file        tool                 best s   cpu s    MB/s   peak RSS   ru_maxrss* result")
        var failures: [String] = []
        for (label, path, kind, facts) in [("PES 200 MB", pes, "pes", pesFacts), ("UBL 100 MB", ubl, "ubl", ublFacts)] {
            let ours = try measure(runs) { try ChildProcess.run(ChildProcess.selfPath, ["stream", kind, path]) }
            let theirs = try measure(runs) { try ChildProcess.run(xmllint, ["--stream", "--huge", "--noout", path]) }
            let expected = "records=\(facts.records) sum=\(Generators.euros(facts.sumCents))"
            let got = ours.run.output.split(separator: "\n").first.map(String.init) ?? ""
            let size = Double(facts.bytes) / 1_000_000
            let oursRate = size / ours.best
            let theirRate = size / theirs.best
            print(row(label, "MandatXML (SAX2)", ours.best, ours.cpu, oursRate, ours.peak, ours.ru, got))
            print(
                row(
                    label, "xmllint --stream*2", theirs.best, theirs.cpu, theirRate, theirs.peak, theirs.ru,
                    "exit \(theirs.run.status)"))
            if raw {
                let floor = try measure(runs) { try ChildProcess.run(ChildProcess.selfPath, ["stream", "raw", path]) }
                print(
                    row(
                        label, "libxml2 SAX2 floor", floor.best, floor.cpu, size / floor.best, floor.peak, floor.ru,
                        floor.run.output.split(separator: "\n").first.map(String.init) ?? "exit \(floor.run.status)"))
                print(label + String(format: "  floor / xmllint by CPU time: %.2f×", theirs.cpu / floor.cpu))
            }
            if strings {
                let s = try measure(runs) {
                    try ChildProcess.run(ChildProcess.selfPath, ["stream", kind + "-strings", path])
                }
                print(
                    row(
                        label, "MandatXML (Strings)", s.best, s.cpu, size / s.best, s.peak, s.ru,
                        s.run.output.split(separator: "\n").first.map(String.init) ?? "exit \(s.run.status)"))
                print(label + String(format: "  String handler / xmllint by CPU time: %.2f×", theirs.cpu / s.cpu))
            }
            let ratio = oursRate / theirRate
            let cpuRatio = theirs.cpu / ours.cpu
            print(
                label
                    + String(
                        format: "  ratio MandatXML / xmllint: %.2f× by wall time, %.2f× by CPU time", ratio, cpuRatio)
                    + " (target ≥ 1.20×); MandatXML peak \(mb(ours.peak)) (target ≤ 64 MB)")
            if !got.hasPrefix(expected) {
                failures.append("\(label): expected \(expected), got \(got) \(ours.run.errorOutput)")
            }
            if ours.run.status != 0 {
                failures.append("\(label): MandatXML exit \(ours.run.status): \(ours.run.errorOutput)")
            }
        }
        print(
            "* ru_maxrss from wait4 includes the benchmark's own size (Linux carries it through execve); "
                + "peak RSS is the child's own VmHWM.")
        print(
            "*2 xmllint --stream --huge --noout: without --huge, xmllint stops at the first base64 PJ over 10 MB "
                + "(\"xmlSAX2Characters: huge text node\"); MandatXML streams it with the default safe options.")
        for f in failures { print("FAILED \(f)") }
        if !failures.isEmpty { throw ExitCode(1) }
    }

    private func row(
        _ file: String, _ tool: String, _ s: Double, _ cpu: Double, _ rate: Double, _ peak: Int, _ ru: Int,
        _ result: String
    ) -> String {
        let pad = { (x: String, n: Int) in x.padding(toLength: n, withPad: " ", startingAt: 0) }
        return pad(file, 12) + pad(tool, 20) + String(format: "%7.2f %7.2f %7.1f ", s, cpu, rate) + pad(mb(peak), 10)
            + " "
            + pad(mb(ru), 10) + " " + result
    }

    /// Runs `body` `n` times: the fastest wall time, the highest peak RSS, and the last run.
    private func measure(_ n: Int, _ body: () throws -> ChildRun) throws
        -> (best: Double, cpu: Double, peak: Int, ru: Int, run: ChildRun)
    {
        var best = Double.infinity
        var cpu = Double.infinity
        var peak = 0
        var ru = 0
        var last: ChildRun?
        for _ in 0..<max(1, n) {
            let r = try body()
            best = min(best, r.seconds)
            cpu = min(cpu, r.cpuSeconds)
            peak = max(peak, r.peakRSS)
            ru = max(ru, r.ruMaxRSS)
            last = r
        }
        guard let last else { throw BenchError("no run") }
        return (best, cpu, peak, ru, last)
    }
}

/// `stream pes|ubl|pes-strings|ubl-strings|raw FILE` (run as a child by `xml`): streams one file doing the
/// real work and prints `records=N sum=X`. `pes` and `ubl` use the fast `XMLElementHandler`; the `-strings`
/// kinds the same work through the `String` handler protocol; `raw` is libxml2 alone (empty C callbacks).
struct StreamOne: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stream", abstract: "Internal: one measured parse.")
    @Argument var kind: String
    @Argument var path: String
    @Option(help: "Bytes pushed to libxml2 at a time, in KiB (default: the reader's).") var chunkKB: Int?

    func run() throws {
        var reader = XMLStreamReader()
        if let chunkKB { reader.chunkSize = chunkKB * 1024 }
        switch kind {
        case "pes":
            let h = PESWork()
            try reader.parse(path: path, elementHandler: h)
            print(
                "records=\(h.mandats) sum=\(h.sum) lines=\(h.lines) attachmentBytes=\(h.attachmentBytes) bad=\(h.badAmounts)"
            )
        case "pes-strings":
            let h = PESStringWork()
            try reader.parse(path: path, handler: h)
            print(
                "records=\(h.mandats) sum=\(h.sum) lines=\(h.lines) attachmentBytes=\(h.attachmentBytes) bad=\(h.badAmounts)"
            )
        case "ubl":
            let h = UBLWork()
            try reader.parse(path: path, elementHandler: h)
            print("records=\(h.lines) sum=\(h.sum) bad=\(h.badAmounts)")
        case "ubl-strings":
            let h = UBLStringWork()
            try reader.parse(path: path, handler: h)
            print("records=\(h.lines) sum=\(h.sum) bad=\(h.badAmounts)")
        case "raw":
            guard let r = SAXFloor.parse(path: path, chunkSize: reader.chunkSize) else {
                throw BenchError("libxml2 failed on \(path)")
            }
            print("raw elements=\(r.elements) bytes=\(r.bytes)")
        default:
            throw ValidationError("kind is pes, ubl, pes-strings, ubl-strings or raw")
        }
        print("vmhwm=\(ChildProcess.ownVmHWMkB())")
    }
}

/// `read-one FILE` (run as a child by `hostile`): `DocumentReader.read` and one line: kind and error.
struct ReadOne: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read-one", abstract: "Internal: one DocumentReader.read.")
    @Argument var path: String

    func run() throws {
        let doc = DocumentReader.read(path: path, displayName: URL(fileURLWithPath: path).lastPathComponent)
        if let e = doc.error {
            print("\(doc.kind.rawValue) \(e)")
        } else {
            print("\(doc.kind.rawValue) root=\(doc.root ?? "-")")
        }
        print("vmhwm=\(ChildProcess.ownVmHWMkB())")
    }
}

/// `hostile`: each hostile fixture (committed ones, plus big ones generated here) through
/// `DocumentReader.read` in a child process: wall time, peak RSS, and the result line.
struct HostileBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hostile", abstract: "Time and peak memory of each hostile input through DocumentReader.read.")

    @Option(help: "The project's fixtures folder.") var fixtures = "fixtures"
    @Option(help: "Limit in seconds per file.") var maxSeconds = 2.0
    @Option(help: "Limit in MB of peak resident memory per file.") var maxMB = 100

    func run() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("mandat-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        var files: [String] = []
        for sub in ["hostile", "encodings"] {
            let dir = URL(fileURLWithPath: fixtures).appendingPathComponent(sub)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            files += names.sorted().filter { $0.hasSuffix(".xml") || $0.hasSuffix(".json") }
                .map { dir.appendingPathComponent($0).path }
        }
        guard !files.isEmpty else {
            throw ValidationError("no fixtures under \(fixtures)/hostile: run from the package root")
        }
        // Generated: 100 000 levels of nesting; a 50 MB text node; a 50 MB base64 attachment; invalid UTF-8
        // after 20 MB; a 100 MB JSON file (over the JSON limit).
        let deep = work.appendingPathComponent("deep-100000.xml").path
        try generate(deep, head: "", unit: "<a>", count: 100_000, tail: String(repeating: "</a>", count: 100_000))
        let text = work.appendingPathComponent("text-50MB.xml").path
        try generate(text, head: "<r><Note>", unit: "0123456789", count: 5_000_000, tail: "</Note></r>\n")
        let b64 = work.appendingPathComponent("base64-50MB.xml").path
        try generate(b64, head: "<PJ><Fichier>", unit: "QUJDRA==\n", count: 5_555_556, tail: "</Fichier></PJ>\n")
        let late = work.appendingPathComponent("invalid-utf8-after-20MB.xml").path
        try generate(
            late, head: "<?xml version=\"1.0\" encoding=\"UTF-8\"?><r>", unit: "<a V=\"é\">été</a>\n",
            count: 1_000_000, tail: "<b>\u{FFFD}</b></r>")
        try patchLastReplacementCharacter(late)
        let json = work.appendingPathComponent("big-100MB.json").path
        try generate(
            json, head: "{\"listeFactures\": [", unit: "{\"numeroFacture\": \"F-1\"},", count: 4_000_000, tail: "{}]}")
        files += [deep, text, b64, late, json]

        print("file                              seconds  peak RSS   ok   result (peak RSS: the child's own VmHWM)")
        var failed = 0
        for f in files {
            let r = try ChildProcess.run(ChildProcess.selfPath, ["read-one", f])
            let ok = r.seconds <= maxSeconds && r.peakRSS <= maxMB * 1_000_000 && r.status == 0
            if !ok { failed += 1 }
            let name = URL(fileURLWithPath: f).lastPathComponent.padding(toLength: 33, withPad: " ", startingAt: 0)
            let result =
                (r.status == 0
                ? r.output.split(separator: "\n").first.map(String.init) ?? "" : "exit \(r.status) \(r.errorOutput)")
                .trimmingCharacters(in: .whitespacesAndNewlines)
            print(
                name + String(format: " %7.3f  ", r.seconds)
                    + mb(r.peakRSS).padding(toLength: 9, withPad: " ", startingAt: 0)
                    + (ok ? "  yes  " : "  NO   ") + String(result.prefix(150)))
        }
        print("\(files.count) files, \(failed) over \(maxSeconds) s or \(maxMB) MB or crashed")
        if failed > 0 { throw ExitCode(1) }
    }

    private func generate(_ path: String, head: String, unit: String, count: Int, tail: String) throws {
        let w = try BufferedWriter(path: path)
        try w.utf8(head)
        for _ in 0..<count { try w.utf8(unit) }
        try w.utf8(tail)
        try w.close()
    }

    /// Replaces the UTF-8 of U+FFFD (EF BF BD) near the end by the lone byte 0xFF + two spaces.
    private func patchLastReplacementCharacter(_ path: String) throws {
        guard let fh = FileHandle(forUpdatingAtPath: path) else { throw BenchError("cannot patch \(path)") }
        defer { try? fh.close() }
        let end = try fh.seekToEnd()
        let from = end > 64 ? end - 64 : 0
        try fh.seek(toOffset: from)
        let tail = [UInt8](try fh.readToEnd() ?? Data())
        guard
            let i = (0..<max(0, tail.count - 2)).first(where: {
                tail[$0] == 0xEF && tail[$0 + 1] == 0xBF && tail[$0 + 2] == 0xBD
            })
        else { throw BenchError("no U+FFFD to patch in \(path)") }
        try fh.seek(toOffset: from + UInt64(i))
        try fh.write(contentsOf: [0xFF, 0x20, 0x20])
    }
}
