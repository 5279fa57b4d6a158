import Foundation
import MandatCore
import MandatXML

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `read(2)` (the name is taken by `DocumentReader.read` inside the enum).
private func readFile(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}

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
        if let doc = readSmallInvoice(path: path, name: name) { return doc }
        return readAnyFile(path: path, name: name)
    }

    /// Files up to this size (4 MiB) that look like an invoice are read whole into memory and parsed once.
    static let smallFileBytes = 4 * 1024 * 1024

    /// Namespace URIs whose presence in the first 4 KiB sends a file down the one-pass invoice path.
    static let invoiceNamespaceBytes: [[UInt8]] = [Namespaces.ublInvoice, Namespaces.ublCreditNote, Namespaces.cii]
        .map { Array($0.utf8) }

    /// The fast path for the common case, a small well-formed invoice: `stat`, one read of the whole
    /// file, detection from those bytes, one parse that classifies the root as it starts. Returns nil
    /// whenever anything is not that case (another kind of file, an error of any sort, a special file, a
    /// big file): `readAnyFile` then reads it from scratch, so errors and notes are exactly its own.
    static func readSmallInvoice(path: String, name: String) -> ReadDocument? {
        var st = stat()
        guard stat(path, &st) == 0, st.st_mode & S_IFMT == S_IFREG, st.st_size > 0, st.st_size <= smallFileBytes
        else { return nil }
        // Non-blocking, and checked again on the open file: if the path was swapped for a pipe or a device
        // since `stat`, the open neither blocks nor is read.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG, st.st_size > 0, st.st_size <= smallFileBytes
        else { return nil }
        let size = Int(st.st_size)
        var data = Data(count: size)
        let got = data.withUnsafeMutableBytes { raw -> Int in
            var done = 0
            while done < size {
                let n = readFile(fd, raw.baseAddress! + done, size - done)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                done += n
            }
            return done
        }
        guard got == size else { return nil }
        let looksLikeInvoice = data.withUnsafeBytes { raw -> Bool in
            let head = UnsafeRawBufferPointer(rebasing: raw.prefix(4096))
            guard sniffSyntax(head) == .xml else { return false }
            return invoiceNamespaceBytes.contains { contains(head, $0) }
        }
        guard looksLikeInvoice else { return nil }
        var doc = ReadDocument(path: name, kind: .invoice, size: size)
        doc.syntax = "XML"
        let info: XMLDocumentInfo
        do {
            info = try InvoiceReader.read(data: data, into: &doc)
        } catch {
            return nil
        }
        guard let root = info.root else { return nil }
        doc.encoding = info.encoding
        doc.root = root.description
        doc.kind = classify(root: root).kind
        return doc
    }

    /// Whether `needle` occurs in `hay` (`memchr` for its first byte, then `memcmp`).
    static func contains(_ hay: UnsafeRawBufferPointer, _ needle: [UInt8]) -> Bool {
        guard let base = hay.baseAddress, let first = needle.first, needle.count <= hay.count else { return false }
        return needle.withUnsafeBytes { n -> Bool in
            let last = hay.count - needle.count
            var from = 0
            while from <= last, let hit = memchr(base + from, Int32(first), last - from + 1) {
                let at = UnsafeRawPointer(hit) - base
                if memcmp(hit, n.baseAddress!, needle.count) == 0 { return true }
                from = at + 1
            }
            return false
        }
    }

    /// Reads any file: detects its kind from its first bytes and root element, then hands it to the
    /// format's reader. Never throws.
    static func readAnyFile(path: String, name: String) -> ReadDocument {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        var doc = ReadDocument(path: name, kind: .unknown, size: size)
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        if let type = (try? FileManager.default.attributesOfItem(atPath: resolved))?[.type] as? FileAttributeType,
            type != .typeRegular
        {
            doc.kind = .notWellFormed
            doc.error = XMLReadError(
                code: .notRegular, message: "not a regular file (device, pipe, socket or folder): not read", file: name)
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
            let json = name.lowercased().hasSuffix(".json")
            doc.syntax = json ? "JSON" : "XML"
            doc.error = XMLReadError(
                code: json ? .jsonEmpty : .empty, message: "empty file", file: name, line: 1, column: 1)
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
        head.withUnsafeBytes { sniffSyntax($0) }
    }

    /// Looks at the first non-blank byte after any byte-order mark.
    static func sniffSyntax(_ b: UnsafeRawBufferPointer) -> Syntax {
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

    /// The bytes of the file at `path` (at most `limit` bytes), nil when it cannot be opened or read.
    static func readBytes(path: String, limit: Int) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while out.count < limit {
            let n = chunk.withUnsafeMutableBytes { readFile(fd, $0.baseAddress!, min($0.count, limit - out.count)) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return nil }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<n])
        }
        return out
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
        // The file's bytes are read once into the parser's own buffer (no second copy), and live only while
        // they are parsed, not while the answer is read into events.
        guard let bytes = readBytes(path: path, limit: maxJSONBytes) else {
            doc.kind = .notWellFormed
            doc.error = XMLReadError(code: .io, message: "cannot read", file: doc.path)
            return doc
        }
        let parsed: (value: JSONValue, hadBOM: Bool, duplicateKeys: [String])
        do {
            parsed = try StrictJSON.parse(bytes: consume bytes, maxArrayItems: ChorusJSONReader.maxArrayItems)
        } catch let e as StrictJSON.ParseError {
            doc.kind = .notWellFormed
            doc.error = ChorusJSONReader.error(for: e, file: doc.path)
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
            doc.notes.append("JSON object not recognised; top-level keys: " + Self.keyList(members.map { $0.0 }))
        }
        return doc
    }

    /// The distinct `keys`, sorted, for a message a person reads: at most 10, each cut to 64 characters, then
    /// `… (+N more)`. An unknown JSON object (the corpus's `EXPECTED.json` has hundreds of file names as keys)
    /// must not turn into a message of several kilobytes.
    static func keyList(_ keys: [String]) -> String {
        let all = Array(Set(keys)).sorted()
        var shown = all.prefix(10).map { $0.count > 64 ? String($0.prefix(64)) + "…" : $0 }.joined(separator: ", ")
        if all.count > 10 { shown += ", … (+\(all.count - 10) more)" }
        return shown
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
