import ArgumentParser
import Foundation
import MandatCore
import MandatFormats
import MandatStore

/// `mandat inspect FILE...`: what each file is, and what it says.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Dit ce qu'est chaque fichier (type, syntaxe, encodage, taille, en-tête).",
        discussion: """
            Types : invoice, creditNote, pesAller, pesAcquit, pesRetour, pesAcquitRetour, chorusStatus,
            chorusInvoicePivot, chorusHistoryJSON, chorusListJSON, cdar, decp, eforms, ted, schema, unknown,
            notWellFormed. Un fichier illisible donne une ligne d'erreur (fichier, ligne, colonne) et un code de
            sortie 1 ; les autres fichiers sont quand même examinés.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Un objet JSON par fichier (forme de EXPECTED.json).")
    var json = false

    @Flag(name: .long, help: "Avec --json : JSON indenté.")
    var pretty = false

    @Argument(help: "Fichiers à examiner.")
    var files: [String]

    func run() throws {
        var failed = false
        let raw = RawArguments.map()
        for file in files {
            let doc: ReadDocument
            if let bytes = raw[file] {
                // A name that is not UTF-8: opened by its bytes, read through the open file's alias, shown with
                // its bad bytes escaped (`\xE9`), as `import` does.
                let fd = (bytes + [0]).withUnsafeBufferPointer { p in
                    p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: p.count) {
                        open($0, O_RDONLY | O_CLOEXEC)
                    }
                }
                if fd >= 0 {
                    doc = DocumentReader.read(path: "/proc/self/fd/\(fd)", displayName: Importer.readableName(bytes))
                    close(fd)
                } else {
                    doc = DocumentReader.read(path: file, displayName: Importer.readableName(bytes))
                }
            } else if !FileManager.default.fileExists(atPath: file) {
                // The check and the words of `import` (`Importer.collectFiles`): a missing path, or a link to one,
                // is « introuvable » [io.not-found], not a read error.
                failed = true
                if json {
                    print(InspectText.notFoundJSON(file).serialized(pretty: pretty))
                } else {
                    print(InspectText.notFound(file, lang: global.lang))
                }
                continue
            } else {
                doc = DocumentReader.read(path: file)
            }
            if doc.kind == .notWellFormed { failed = true }
            if json {
                print(doc.json.serialized(pretty: pretty))
            } else {
                print(InspectText.render(doc, lang: global.lang))
            }
        }
        // 1, as `import` for a file in error (2 is kept for an ambiguous `show`: docs/user-guide.md).
        if failed { throw ExitCode(1) }
    }
}

/// The human form of `inspect`.
///
/// Everything taken from the disk or the file (its name, field values, notes, the reader's error) goes through
/// `TerminalText.cell`, as `import` does: a file name holding a line feed, an ESC sequence or an OSC title is
/// shown with `�` instead of acting on the terminal. The error is cleaned before it is put in French, so a name
/// with a line feed still gets the French reader message.
enum InspectText {
    /// The error line for a path that does not exist (or a dangling link): `import`'s line, in French by default.
    static func notFound(_ file: String, lang: Language) -> String {
        let line = TerminalText.cell(file) + ": " + notFoundMessage + " [io.not-found]"
        return lang == .fr ? "ERREUR " + ReaderMessages.frenchError(line) : "ERROR " + line
    }

    /// The `--json` object for a path that does not exist: the shape of an unreadable file, with `code`.
    static func notFoundJSON(_ file: String) -> JSONValue {
        .object([
            ("file", .string(file)), ("kind", .string(DocumentKind.notWellFormed.rawValue)),
            ("error", .string(notFoundMessage)), ("code", .string("io.not-found")), ("errorLine", .null),
            ("errorColumn", .null), ("encoding", .null), ("size", .int(0)), ("notes", .strings([])),
        ])
    }

    /// The reader's English words for a missing path, as `Importer.collectFiles` writes them.
    static let notFoundMessage = Importer.notFoundReason

    static func render(_ doc: ReadDocument, lang: Language) -> String {
        let fr = lang == .fr
        if doc.kind == .notWellFormed, let e = doc.error {
            let line = TerminalText.cell(e.description)
            return fr ? "ERREUR " + ReaderMessages.frenchError(line) : "ERROR " + line
        }
        var parts = [TerminalText.cell("\(doc.path): \(doc.kind.rawValue)")]
        if let s = doc.syntax { parts.append((fr ? "syntaxe " : "syntax ") + s) }
        if let e = doc.encoding { parts.append((fr ? "encodage " : "encoding ") + e) }
        parts.append((fr ? "taille " : "size ") + byteSize(doc.size, fr: fr))
        if let r = doc.root { parts.append((fr ? "racine " : "root ") + r) }
        var lines = [parts.joined(separator: " · ")]
        for (k, v) in doc.fields {
            switch v {
            case .string, .number, .bool: lines.append("  \(k): " + TerminalText.cell(v.serialized()))
            case .array(let a):
                lines.append("  \(k): \(a.count) " + (fr ? "élément(s)" : "item(s)"))
                // The business checks are listed by code and business term (their count alone said nothing; the
                // messages are `show`'s, and in `inspect --json`).
                if k == "findings" {
                    for f in a {
                        guard let code = f["code"]?.stringValue else { continue }
                        let term = f["element"]?.stringValue.map { " (\($0))" } ?? ""
                        lines.append("    - " + TerminalText.cell(code + term))
                    }
                }
            case .object: lines.append("  \(k): " + TerminalText.cell(v.serialized()))
            case .null: continue
            }
        }
        // The readers' notes in French when their pattern is known (`inspect --json` keeps them in English).
        let notes = doc.notes.map(TerminalText.cell)
        for n in fr ? ReaderMessages.frenchNotes(notes) : notes { lines.append("  note: \(n)") }
        return lines.joined(separator: "\n")
    }

    static func byteSize(_ n: Int, fr: Bool) -> String {
        if n < 1024 { return fr ? "\(n) octets" : "\(n) bytes" }
        let kb = Decimal(n) / 1024
        if n < 1024 * 1024 {
            return (fr ? Money.french(kb, currency: nil) + " Kio" : Money.english(kb, currency: nil) + " KiB")
        }
        let mb = kb / 1024
        return fr ? Money.french(mb, currency: nil) + " Mio" : Money.english(mb, currency: nil) + " MiB"
    }
}
