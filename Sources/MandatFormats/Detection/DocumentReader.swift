import Foundation
import MandatCore
import MandatXML

/// Reads any file Mandat knows: detects its kind, then hands it to the format's reader.
///
/// Never throws: an unreadable file comes back as `notWellFormed` (with the parser's message, line and
/// column) or `unknown` (with a note naming what was recognised).
public enum DocumentReader {
    /// The largest JSON file read, in bytes (64 MiB). JSON is parsed in memory (about twice its size), and
    /// the Chorus Pro answers Mandat reads are a few hundred kilobytes: a bigger file is refused with an
    /// error rather than allowed to take unbounded memory.
    public static let maxJSONBytes = 64 * 1024 * 1024

    /// Reads the file at `path`; `displayName` is how the file is named in messages and sources.
    public static func read(path: String, displayName: String? = nil) -> ReadDocument {
        let name = displayName ?? path
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        var doc = ReadDocument(path: name, kind: .unknown, size: size)
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        if let type = (try? FileManager.default.attributesOfItem(atPath: resolved))?[.type] as? FileAttributeType,
            type != .typeRegular
        {
            doc.kind = .notWellFormed
            doc.error = XMLReadError(
                code: .io, message: "not a regular file (device, pipe, socket or folder): not read", file: name)
            return doc
        }
        guard let fh = FileHandle(forReadingAtPath: path) else {
            doc.kind = .notWellFormed
            doc.error = XMLReadError(code: .io, message: "cannot open file", file: name)
            return doc
        }
        let head = (try? fh.read(upToCount: 4096)) ?? Data()
        try? fh.close()
        switch sniffSyntax(head) {
        case .empty:
            doc.kind = .notWellFormed
            doc.syntax = name.lowercased().hasSuffix(".json") ? "JSON" : "XML"
            doc.error = XMLReadError(code: .empty, message: "empty file", file: name, line: 1, column: 1)
            return doc
        case .json:
            return readJSON(path: path, doc: doc)
        case .xml:
            return readXML(path: path, doc: doc)
        case .other(let firstByte):
            if name.lowercased().hasSuffix(".xml") {
                doc.kind = .notWellFormed
                doc.syntax = "XML"
                doc.error = XMLReadError(
                    code: .notWellFormed,
                    message:
                        "not XML: the file starts with byte 0x\(String(firstByte, radix: 16, uppercase: true)), not '<' (binary or other file named .xml?)",
                    file: name, line: 1, column: 1, byteOffset: 0)
            } else {
                doc.notes.append("neither XML nor JSON")
            }
            return doc
        }
    }

    enum Syntax: Equatable {
        case empty, xml, json
        case other(UInt8)
    }

    /// Looks at the first non-blank byte after any byte-order mark.
    static func sniffSyntax(_ head: Data) -> Syntax {
        let b = [UInt8](head)
        if b.starts(with: [0xFF, 0xFE]) || b.starts(with: [0xFE, 0xFF]) { return .xml }  // UTF-16 BOM
        if b.count >= 2, b[0] == 0x3C, b[1] == 0 { return .xml }
        if b.count >= 2, b[0] == 0, b[1] == 0x3C { return .xml }
        var k = b.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while k < b.count, b[k] == 0x20 || b[k] == 0x0A || b[k] == 0x0D || b[k] == 0x09 { k += 1 }
        guard k < b.count else { return .empty }
        switch b[k] {
        case UInt8(ascii: "<"): return .xml
        case UInt8(ascii: "{"), UInt8(ascii: "["): return .json
        default: return .other(b[k])
        }
    }

    static func readXML(path: String, doc base: ReadDocument) -> ReadDocument {
        var doc = base
        doc.syntax = "XML"
        let info: XMLDocumentInfo
        do {
            info = try XMLStreamReader.sniff(path: path, displayName: doc.path)
        } catch let e as XMLReadError {
            doc.kind = .notWellFormed
            doc.error = e
            return doc
        } catch {
            doc.kind = .notWellFormed
            doc.error = XMLReadError(code: .notWellFormed, message: "\(error)", file: doc.path)
            return doc
        }
        doc.encoding = info.encoding
        guard let root = info.root else {
            doc.kind = .notWellFormed
            doc.error = XMLReadError(code: .empty, message: "no root element", file: doc.path, line: 1, column: 1)
            return doc
        }
        doc.root = root.description
        let (kind, note) = classify(root: root)
        doc.kind = kind
        if let note { doc.notes.append(note) }
        do {
            switch kind {
            case .invoice, .creditNote:
                try InvoiceReader.read(path: path, into: &doc, root: root)
            case .chorusInvoicePivot:
                try ChorusPivotReader.read(path: path, into: &doc)
            case .chorusStatus:
                try ChorusStatusReader.read(path: path, into: &doc)
            case .cdar:
                try CDARReader.read(path: path, into: &doc)
            case .pesAller:
                try PESAllerReader.read(path: path, into: &doc)
            case .pesAcquit:
                try PESAcquitReader.read(path: path, into: &doc)
            case .pesRetour:
                try PESRetourReader.read(path: path, into: &doc)
            case .pesAcquitRetour:
                try PESAcquitRetourReader.read(path: path, into: &doc)
            case .decp:
                try DECPReader.read(path: path, into: &doc)
            case .eforms:
                try EFormsReader.read(path: path, into: &doc)
            case .ted:
                try TEDReader.read(path: path, into: &doc)
            case .schema, .unknown, .notWellFormed, .chorusHistoryJSON, .chorusListJSON:
                try WellFormedness.check(path: path, into: &doc)
            }
        } catch let e as XMLReadError {
            let keep = doc
            doc = ReadDocument(path: keep.path, kind: .notWellFormed, size: keep.size)
            doc.root = keep.root
            doc.syntax = "XML"
            doc.encoding = keep.encoding
            doc.error = e
        } catch {
            let keep = doc
            doc = ReadDocument(path: keep.path, kind: .notWellFormed, size: keep.size)
            doc.syntax = "XML"
            doc.error = XMLReadError(code: .content, message: "\(error)", file: keep.path)
        }
        return doc
    }

    static func readJSON(path: String, doc base: ReadDocument) -> ReadDocument {
        var doc = base
        doc.syntax = "JSON"
        doc.encoding = "UTF-8"
        if doc.size > maxJSONBytes {
            doc.kind = .notWellFormed
            doc.error = XMLReadError(
                code: .jsonNotWellFormed,
                message: "JSON file of \(doc.size) bytes refused: over the \(maxJSONBytes)-byte limit for JSON",
                file: doc.path, line: 1, column: 1)
            return doc
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            doc.kind = .notWellFormed
            doc.error = XMLReadError(code: .io, message: "cannot read: \(error)", file: doc.path)
            return doc
        }
        let parsed: (value: JSONValue, hadBOM: Bool, duplicateKeys: [String])
        do {
            parsed = try StrictJSON.parse(data)
        } catch let e as StrictJSON.ParseError {
            doc.kind = .notWellFormed
            doc.error = XMLReadError(
                code: .jsonNotWellFormed, message: e.message, file: doc.path, line: e.line, column: e.column)
            return doc
        } catch {
            doc.kind = .notWellFormed
            doc.error = XMLReadError(code: .jsonNotWellFormed, message: "\(error)", file: doc.path)
            return doc
        }
        if parsed.hadBOM { doc.notes.append("UTF-8 byte-order mark accepted") }
        for k in Set(parsed.duplicateKeys).sorted() { doc.notes.append("duplicate key \(k): the last value is kept") }
        let value = parsed.value
        guard case .object(let members) = value else {
            doc.notes.append("JSON value is not an object")
            return doc
        }
        if value["historiquesDesStatuts"] != nil {
            doc.kind = .chorusHistoryJSON
            ChorusJSONReader.readHistory(value, into: &doc)
        } else if case .array? = value["listeFactures"] {
            doc.kind = .chorusListJSON
            ChorusJSONReader.readList(value, into: &doc)
        } else {
            let keys = Array(Set(members.map { $0.0 })).sorted().joined(separator: ", ")
            doc.notes.append("JSON object not recognised; top-level keys: \(keys)")
        }
        return doc
    }
}

/// A full pass that only checks well-formedness (schemas, unknown roots), and reads a schema's target namespace.
enum WellFormedness {
    final class Handler: XMLStreamHandler {
        var targetNamespace: String?
        func startElement(_ name: XMLName, attributes: [XMLAttribute], depth: Int, location: XMLLocation) {
            if depth == 1 {
                targetNamespace =
                    attributes.first { $0.name.local == "targetNamespace" && $0.name.namespace.isEmpty }?.value
            }
        }
        func endElement(_ name: XMLName, text: XMLText, depth: Int, location: XMLLocation) {}
    }

    static func check(path: String, into doc: inout ReadDocument) throws {
        let h = Handler()
        try XMLStreamReader().parse(path: path, displayName: doc.path, handler: h)
        if doc.kind == .schema, doc.root?.hasPrefix("{\(Namespaces.xsd)}") == true {
            doc.fields.append(("targetNamespace", .str(h.targetNamespace)))
        }
    }
}
