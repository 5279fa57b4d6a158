import CLibXML2
import CMandatXML
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A streaming XML reader on libxml2's SAX2 push parser, secure by default.
///
/// - No network, no external entities (a refusing loader is installed once), no DTD loading, no entity
///   substitution; any DOCTYPE is refused outright (STYLE.md §7).
/// - Nesting is bounded (`maxDepth`, default 256) and so is the text kept per element (`maxTextBytes`);
///   longer text, such as a base64 attachment, is counted and not held. A longer text that the handler reads
///   as a value refuses the file (`xml.too-large`, naming the element and line), never used cut short.
/// - Names are namespace URI + local name, never prefixes.
///
/// Not `Sendable`: one reader parses one document on one thread. Any number may run concurrently.
public struct XMLStreamReader {
    /// Deepest element nesting accepted.
    public var maxDepth: Int = 256
    /// Bytes of text kept per element; beyond that the text is counted only, and reading it fails the parse.
    public var maxTextBytes: Int = 64 * 1024
    /// Local names whose text is never kept (only counted): base64 attachments.
    public var binaryElements: Set<String> = ["Fichier", "EmbeddedDocumentBinaryObject", "AttachmentBinaryObject"]
    /// Bytes read from the file per push.
    public var chunkSize: Int = 256 * 1024
    /// Stop after the root element's start tag (detection only).
    public var stopAfterRoot: Bool = false

    public init() {}

    static let initialised: Void = {
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
        try parse(path: path, displayName: displayName, target: .stream(handler))
    }

    /// Parses the file at `path`, calling `elementHandler` only for the element names it asks for, with
    /// names as `XMLNameID`s and attributes and text as in-place bytes (the fast path for big files).
    ///
    /// - Returns: facts about the document (root, encoding, size).
    /// - Throws: as `parse(path:displayName:handler:)`.
    @discardableResult
    public func parse(path: String, displayName: String? = nil, elementHandler: any XMLElementHandler) throws
        -> XMLDocumentInfo
    {
        try parse(path: path, displayName: displayName, target: .elements(elementHandler))
    }

    private func parse(path: String, displayName: String?, target: Target) throws -> XMLDocumentInfo {
        let name = displayName ?? path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw XMLReadError(code: .io, message: "cannot open file", file: name)
        }
        defer { close(fd) }
        return try parse(
            displayName: name, target: target,
            read: { buffer in
                while true {
                    let n = read(fd, buffer.baseAddress, buffer.count)
                    if n >= 0 { return n }
                    if errno == EINTR { continue }
                    throw XMLReadError(
                        code: .io, message: "read failed: \(String(cString: strerror(errno)))", file: name)
                }
            },
            firstInvalidUTF8: { UTF8Scan.firstInvalidByte(path: path) },
            endOfInput: { UTF8Scan.endPosition(path: path) })
    }

    /// Parses bytes held in memory (tests, small inputs). Same contract as `parse(path:)`.
    @discardableResult
    public func parse(data: Data, displayName: String, handler: any XMLStreamHandler) throws -> XMLDocumentInfo {
        try parse(data: data, displayName: displayName, target: .stream(handler))
    }

    /// Parses bytes held in memory with an element handler. Same contract as `parse(path:elementHandler:)`.
    @discardableResult
    public func parse(data: Data, displayName: String, elementHandler: any XMLElementHandler) throws
        -> XMLDocumentInfo
    {
        try parse(data: data, displayName: displayName, target: .elements(elementHandler))
    }

    private func parse(data: Data, displayName: String, target: Target) throws -> XMLDocumentInfo {
        var offset = 0
        return try parse(
            displayName: displayName, target: target,
            read: { buffer in
                let n = min(buffer.count, data.count - offset)
                let from = data.startIndex + offset
                data.copyBytes(to: buffer.bindMemory(to: UInt8.self), from: from..<from + n)
                offset += n
                return n
            },
            firstInvalidUTF8: { UTF8Scan.firstInvalidByte(in: data) },
            endOfInput: { UTF8Scan.endPosition(in: data) })
    }

    /// Which kind of handler a parse serves.
    enum Target {
        case stream(any XMLStreamHandler)
        case elements(any XMLElementHandler)
    }

    /// Parses from a chunk source: `next(max)` returns up to `max` bytes, empty at the end.
    ///
    /// An encoding error's `byteOffset` is then libxml2's count of bytes consumed, which may stop short of
    /// the bad byte; `parse(path:)` and `parse(data:)` rescan and give the exact offset.
    public func parse(
        displayName: String, handler: any XMLStreamHandler, next: (Int) throws -> Data
    ) throws -> XMLDocumentInfo {
        try parse(
            displayName: displayName, target: .stream(handler),
            read: { buffer in
                let data = try next(buffer.count)
                let n = min(data.count, buffer.count)
                data.copyBytes(to: buffer.bindMemory(to: UInt8.self), from: data.startIndex..<data.startIndex + n)
                return n
            }, firstInvalidUTF8: nil, endOfInput: nil)
    }

    /// The parse itself. `firstInvalidUTF8`, called only after an encoding error in a UTF-8 document,
    /// rescans the source for the offset of its first byte that is not valid UTF-8; `endOfInput`, called
    /// only for a file cut short, gives the line and column of its end (where the data ran out).
    ///
    /// `read` fills the buffer it is given (one buffer of `chunkSize` bytes, reused for the whole parse) and
    /// returns the number of bytes it put there, 0 at the end.
    func parse(
        displayName: String, target: Target, read: (UnsafeMutableRawBufferPointer) throws -> Int,
        firstInvalidUTF8: (() -> (offset: Int, byte: UInt8)?)?,
        endOfInput: (() -> (line: Int, column: Int)?)?
    ) throws -> XMLDocumentInfo {
        _ = XMLStreamReader.initialised
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(16, chunkSize), alignment: 16)
        defer { buffer.deallocate() }
        let base = buffer.baseAddress!.assumingMemoryBound(to: CChar.self)
        var n = try read(buffer)
        if n <= 0 {
            throw XMLReadError(
                code: .empty, message: "empty file: no XML content", file: displayName, line: 1, column: 1)
        }
        let sniff = EncodingSniffer(Data(bytes: base, count: n))
        let ctx: ParseContext
        switch target {
        case .stream(let handler): ctx = ParseContext(reader: self, handler: handler, file: displayName)
        case .elements(let handler): ctx = ParseContext(reader: self, elementHandler: handler, file: displayName)
        }
        var info = XMLDocumentInfo(
            root: nil, encoding: sniff.encoding, hasBOM: sniff.hasBOM, hasDeclaration: sniff.hasDeclaration,
            size: 0, elementCount: 0)
        let unmanaged = Unmanaged.passUnretained(ctx)
        var sax = xmlSAXHandler()
        ParseContext.install(&sax)
        ctx.charactersCallback = sax.characters
        let head = min(4, n)
        guard let ctxt = xmlCreatePushParserCtxt(&sax, unmanaged.toOpaque(), base, Int32(head), displayName) else {
            throw XMLReadError(code: .io, message: "cannot create XML parser", file: displayName)
        }
        defer {
            if let doc = ctxt.pointee.myDoc { xmlFreeDoc(doc) }
            xmlFreeParserCtxt(ctxt)
        }
        xmlCtxtUseOptions(ctxt, mandat_safe_parse_options())
        ctx.ctxt = ctxt
        var total = n
        var chunkStart = head
        // libxml2 reports a failed transcoding (a non-UTF-8 document whose bytes are not in its encoding)
        // only through the thread-global generic handler, then halts. xmlParseChunk's return value is no
        // guide either (it is the last error *or warning* number), so the parser's state is checked.
        var halted = false
        mandat_silence_generic_errors()
        while true {
            if n > chunkStart {
                _ = xmlParseChunk(ctxt, base + chunkStart, Int32(n - chunkStart), 0)
                if let failure = ctx.failure {
                    throw finish(failure, sniff: sniff, firstInvalidUTF8: firstInvalidUTF8, endOfInput: endOfInput)
                }
                if ctx.stoppedAtRoot { break }
                if mandat_parser_halted(ctxt) != 0 {
                    halted = true
                    break
                }
            }
            n = try read(buffer)
            chunkStart = 0
            if n <= 0 {
                _ = xmlParseChunk(ctxt, nil, 0, 1)
                break
            }
            total += n
        }
        if let failure = ctx.failure {
            throw finish(failure, sniff: sniff, firstInvalidUTF8: firstInvalidUTF8, endOfInput: endOfInput)
        }
        if !ctx.stoppedAtRoot && (halted || ctx.depth > 0) {
            // Stopped without a reported error, with elements still open: never report a partial read as
            // success.
            let consumed = Int(mandat_bytes_consumed(ctxt))
            throw XMLReadError(
                code: .encoding,
                message: "input conversion failed: the bytes are not valid \(sniff.encoding)"
                    + (ctx.depth > 0 ? " (stopped inside element \(ctx.openElementName ?? "?"))" : ""),
                file: displayName, line: Int(xmlSAX2GetLineNumber(ctxt)), column: Int(xmlSAX2GetColumnNumber(ctxt)),
                byteOffset: consumed > 0 ? consumed : nil)
        }
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

    /// Turns a recorded failure into the error to throw. For an encoding error in a UTF-8 document, the
    /// source is rescanned so that `byteOffset` names the exact first bad byte (libxml2 only knows how
    /// far it had consumed), and the message says which byte and what it probably means.
    private func finish(
        _ failure: ParseContext.Failure, sniff: EncodingSniffer, firstInvalidUTF8: (() -> (offset: Int, byte: UInt8)?)?,
        endOfInput: (() -> (line: Int, column: Int)?)?
    ) -> any Error {
        switch failure {
        case .handler(let e): return e
        case .xml(var e):
            if e.message.hasPrefix("Premature end of data"), sniff.isUTF8 || sniff.encoding.hasPrefix("ISO-8859"),
                let end = endOfInput?()
            {
                // The push parser stops short of trailing white space; the data ran out at the end of the file.
                e.line = end.line
                e.column = end.column
            }
            if e.message.contains("Char 0x0 out of allowed range") {
                e.code = .encoding
            }
            if e.code == .empty, let b = sniff.firstNonBlank, b != UInt8(ascii: "<") {
                // libxml2 says "Document is empty" when the first byte cannot start markup: that is not XML.
                e.code = .notWellFormed
                e.message =
                    "not XML: the content starts with byte 0x\(String(b, radix: 16, uppercase: true)), not '<'"
                    + " (a binary or other file?)"
            }
            if e.code == .encoding, sniff.isUTF8, let scan = firstInvalidUTF8, let bad = scan() {
                e.byteOffset = bad.offset
                let hex = "0x" + String(bad.byte, radix: 16, uppercase: true)
                let declared = sniff.hasDeclaration && sniff.declaredEncoding != nil
                e.message =
                    "byte \(hex) at byte offset \(bad.offset) is not valid UTF-8"
                    + (declared
                        ? " (the XML declaration says \(sniff.encoding))" : " (no encoding declared: UTF-8 assumed)")
                    + (bad.byte >= 0xA0 ? "; ISO-8859-1 or Windows-1252 text declared as UTF-8?" : "")
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
    /// The first byte after any byte-order mark that is not XML white space (nil when all blank).
    var firstNonBlank: UInt8?
    /// The `encoding` pseudo-attribute of the XML declaration, as written.
    var declaredEncoding: String?

    /// Whether libxml2 reads the document as UTF-8 (a UTF-8 BOM, a UTF-8 declaration, or none at all).
    var isUTF8: Bool {
        let e = encoding.uppercased()
        return e == "UTF-8" || e == "UTF8"
    }

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
        } else if b.starts(with: [0x00, 0x00, 0x00, 0x3C]) {
            encoding = "UCS-4BE"
        } else if b.starts(with: [0x3C, 0x00, 0x00, 0x00]) {
            encoding = "UCS-4LE"
        } else if b.starts(with: [0x3C, 0x00, 0x3F, 0x00]) {
            encoding = "UTF-16LE"
        } else if b.starts(with: [0x00, 0x3C, 0x00, 0x3F]) {
            encoding = "UTF-16BE"
        }
        let afterBOM = b.dropFirst(hasBOM ? (encoding == "UTF-8" ? 3 : 2) : 0)
        let unitNUL = encoding.hasPrefix("UTF-16") || encoding.hasPrefix("UCS-4")
        firstNonBlank = afterBOM.first {
            !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || (unitNUL && $0 == 0))
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
                        declaredEncoding = String(value)
                        // A byte-order mark wins over the declaration (XML 1.0 appendix F; libxml2 does so).
                        if !hasBOM && !encoding.hasPrefix("UTF-16") && !encoding.hasPrefix("UCS-4") {
                            encoding = value.uppercased()
                        }
                    }
                }
            }
        }
    }
}
