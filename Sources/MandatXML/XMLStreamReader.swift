import CLibXML2
import CMandatXML
import Foundation

/// A streaming XML reader on libxml2's SAX2 push parser, secure by default.
///
/// - No network, no external entities (a refusing loader is installed once), no DTD loading, no entity
///   substitution; any DOCTYPE is refused outright (STYLE.md §7).
/// - Nesting is bounded (`maxDepth`, default 256) and so is the text kept per element (`maxTextBytes`);
///   longer text, such as a base64 attachment, is counted and not held.
/// - Names are namespace URI + local name, never prefixes.
///
/// Not `Sendable`: one reader parses one document on one thread. Any number may run concurrently.
public struct XMLStreamReader {
    /// Deepest element nesting accepted.
    public var maxDepth: Int = 256
    /// Bytes of text kept per element; beyond that the text is counted only.
    public var maxTextBytes: Int = 64 * 1024
    /// Local names whose text is never kept (only counted): base64 attachments.
    public var binaryElements: Set<String> = ["Fichier", "EmbeddedDocumentBinaryObject", "AttachmentBinaryObject"]
    /// Bytes read from the file per push.
    public var chunkSize: Int = 256 * 1024
    /// Stop after the root element's start tag (detection only).
    public var stopAfterRoot: Bool = false

    public init() {}

    private static let setUp: Void = {
        xmlInitParser()
        mandat_install_refusing_entity_loader()
    }()

    /// Parses the file at `path`, calling `handler` for each element.
    ///
    /// - Returns: facts about the document (root, encoding, size).
    /// - Throws: `XMLReadError` naming the file, line, column and what is wrong: not well-formed, a
    ///   DOCTYPE, an encoding mismatch (with the byte offset), too deep, empty, unreadable; or whatever the
    ///   handler threw.
    @discardableResult
    public func parse(path: String, displayName: String? = nil, handler: any XMLStreamHandler) throws
        -> XMLDocumentInfo
    {
        let name = displayName ?? path
        guard let fh = FileHandle(forReadingAtPath: path) else {
            throw XMLReadError(code: .io, message: "cannot open file", file: name)
        }
        defer { try? fh.close() }
        return try parse(displayName: name, handler: handler) { max in
            do { return try fh.read(upToCount: max) ?? Data() } catch {
                throw XMLReadError(code: .io, message: "read failed: \(error)", file: name)
            }
        }
    }

    /// Parses bytes held in memory (tests, small inputs). Same contract as `parse(path:)`.
    @discardableResult
    public func parse(data: Data, displayName: String, handler: any XMLStreamHandler) throws -> XMLDocumentInfo {
        var offset = 0
        return try parse(displayName: displayName, handler: handler) { max in
            let end = min(data.count, offset + max)
            defer { offset = end }
            return data.subdata(in: data.startIndex + offset..<data.startIndex + end)
        }
    }

    /// Parses from a chunk source: `next(max)` returns up to `max` bytes, empty at the end.
    public func parse(
        displayName: String, handler: any XMLStreamHandler, next: (Int) throws -> Data
    ) throws -> XMLDocumentInfo {
        _ = XMLStreamReader.setUp
        var first = try next(chunkSize)
        if first.isEmpty {
            throw XMLReadError(code: .empty, message: "empty file: no XML content", file: displayName, line: 1, column: 1)
        }
        let sniff = EncodingSniffer(first)
        let ctx = ParseContext(reader: self, handler: handler, file: displayName)
        var info = XMLDocumentInfo(
            root: nil, encoding: sniff.encoding, hasBOM: sniff.hasBOM, hasDeclaration: sniff.hasDeclaration,
            size: 0, elementCount: 0)
        let unmanaged = Unmanaged.passUnretained(ctx)
        var sax = xmlSAXHandler()
        ParseContext.install(&sax)
        let head = min(4, first.count)
        let ctxt: xmlParserCtxtPtr? = first.withUnsafeBytes { raw in
            xmlCreatePushParserCtxt(
                &sax, unmanaged.toOpaque(), raw.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(head),
                displayName)
        }
        guard let ctxt else {
            throw XMLReadError(code: .io, message: "cannot create XML parser", file: displayName)
        }
        defer {
            if let doc = ctxt.pointee.myDoc { xmlFreeDoc(doc) }
            xmlFreeParserCtxt(ctxt)
        }
        xmlCtxtUseOptions(ctxt, mandat_safe_parse_options())
        ctx.ctxt = ctxt
        var total = first.count
        first = first.count > head ? first.subdata(in: first.startIndex + head..<first.endIndex) : Data()
        var chunk = first
        while true {
            if !chunk.isEmpty {
                let rc = chunk.withUnsafeBytes { raw in
                    xmlParseChunk(ctxt, raw.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(raw.count), 0)
                }
                if let failure = ctx.failure { throw try finish(failure, ctx: ctx, sniff: sniff) }
                if ctx.stoppedAtRoot { break }
                if rc != 0 { break }
            }
            chunk = try next(chunkSize)
            if chunk.isEmpty {
                xmlParseChunk(ctxt, nil, 0, 1)
                break
            }
            total += chunk.count
        }
        if let failure = ctx.failure { throw try finish(failure, ctx: ctx, sniff: sniff) }
        if !ctx.stoppedAtRoot && ctxt.pointee.wellFormed == 0 {
            throw XMLReadError(
                code: .notWellFormed, message: "not well-formed XML", file: displayName,
                line: Int(xmlSAX2GetLineNumber(ctxt)), column: Int(xmlSAX2GetColumnNumber(ctxt)))
        }
        if ctx.root == nil && !ctx.stoppedAtRoot {
            throw XMLReadError(code: .empty, message: "no root element", file: displayName, line: 1, column: 1)
        }
        info.root = ctx.root
        info.size = total
        info.elementCount = ctx.elementCount
        return info
    }

    /// Turns a recorded failure into the error to throw, adding the byte offset for encoding errors.
    private func finish(_ failure: ParseContext.Failure, ctx: ParseContext, sniff: EncodingSniffer) throws -> any Error {
        switch failure {
        case .handler(let e): return e
        case .xml(var e):
            if e.code == .encoding || e.message.contains("not proper UTF-8") || e.message.contains("Char 0x0 out of allowed range") {
                e.code = .encoding
            }
            return e
        }
    }

    /// Reads only up to the root element's start tag and returns the document facts (root, encoding).
    /// Errors before the root (empty file, DOCTYPE, garbage) are thrown as by `parse`.
    public static func sniff(path: String, displayName: String? = nil) throws -> XMLDocumentInfo {
        var r = XMLStreamReader()
        r.stopAfterRoot = true
        r.chunkSize = 16 * 1024
        final class Nothing: XMLStreamHandler {
            func startElement(_ name: XMLName, attributes: [XMLAttribute], depth: Int, location: XMLLocation) {}
            func endElement(_ name: XMLName, text: XMLText, depth: Int, location: XMLLocation) {}
        }
        return try r.parse(path: path, displayName: displayName, handler: Nothing())
    }
}

/// Looks at the first bytes: byte-order mark and XML declaration.
struct EncodingSniffer {
    var encoding = "UTF-8"
    var hasBOM = false
    var hasDeclaration = false

    init(_ data: Data) {
        let b = [UInt8](data.prefix(512))
        if b.starts(with: [0xEF, 0xBB, 0xBF]) {
            hasBOM = true
            encoding = "UTF-8"
        } else if b.starts(with: [0xFF, 0xFE]) {
            hasBOM = true
            encoding = "UTF-16LE"
        } else if b.starts(with: [0xFE, 0xFF]) {
            hasBOM = true
            encoding = "UTF-16BE"
        } else if b.starts(with: [0x3C, 0x00, 0x3F, 0x00]) {
            encoding = "UTF-16LE"
        } else if b.starts(with: [0x00, 0x3C, 0x00, 0x3F]) {
            encoding = "UTF-16BE"
        }
        // Read the declaration as ASCII (UTF-16 declarations are read by dropping NUL bytes).
        let ascii = b.dropFirst(hasBOM ? (encoding == "UTF-8" ? 3 : 2) : 0).filter { $0 != 0 }
        let text = String(decoding: ascii, as: UTF8.self)
        if text.hasPrefix("<?xml") {
            hasDeclaration = true
            if let end = text.range(of: "?>") {
                let decl = text[..<end.lowerBound]
                if let r = decl.range(of: "encoding") {
                    let after = decl[r.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\t" }
                    if let q = after.first, q == "\"" || q == "'" {
                        let value = after.dropFirst().prefix { $0 != q }
                        if !encoding.hasPrefix("UTF-16") { encoding = value.uppercased() }
                    }
                }
            }
        }
    }
}
