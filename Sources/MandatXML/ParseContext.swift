import CLibXML2
import CMandatXML
import Foundation

/// The per-parse state the C callbacks reach through libxml2's user pointer. Owns nothing of libxml2's.
final class ParseContext {
    enum Failure {
        case xml(XMLReadError)
        case handler(any Error)
    }

    struct TextBuffer {
        var bytes: [UInt8] = []
        var count = 0
        var nonWhitespace = false
        var binary = false
    }

    let handler: any XMLStreamHandler
    let file: String
    let maxDepth: Int
    let maxTextBytes: Int
    let binaryElements: Set<String>
    let stopAfterRoot: Bool
    var ctxt: xmlParserCtxtPtr?
    var failure: Failure?
    var root: XMLName?
    var stoppedAtRoot = false
    var depth = 0
    var elementCount = 0
    var texts: [TextBuffer] = []
    var names: [XMLName] = []
    /// Interned strings by libxml2 dictionary pointer (names and URIs are interned per parser).
    var interned: [UnsafeRawPointer: String] = [:]

    init(reader: XMLStreamReader, handler: any XMLStreamHandler, file: String) {
        self.handler = handler
        self.file = file
        self.maxDepth = reader.maxDepth
        self.maxTextBytes = reader.maxTextBytes
        self.binaryElements = reader.binaryElements
        self.stopAfterRoot = reader.stopAfterRoot
    }

    static func from(_ p: UnsafeMutableRawPointer?) -> ParseContext {
        Unmanaged<ParseContext>.fromOpaque(p!).takeUnretainedValue()
    }

    var location: XMLLocation {
        guard let ctxt else { return XMLLocation(line: 0, column: 0) }
        return XMLLocation(line: Int(xmlSAX2GetLineNumber(ctxt)), column: Int(xmlSAX2GetColumnNumber(ctxt)))
    }

    func intern(_ p: UnsafePointer<xmlChar>?) -> String {
        guard let p else { return "" }
        let key = UnsafeRawPointer(p)
        if let s = interned[key] { return s }
        let s = String(cString: p)
        interned[key] = s
        return s
    }

    func stop(_ f: Failure) {
        if failure == nil { failure = f }
        if let ctxt { xmlStopParser(ctxt) }
    }

    func fail(_ code: XMLReadError.Code, _ message: String) {
        let loc = location
        stop(.xml(XMLReadError(code: code, message: message, file: file, line: loc.line, column: loc.column)))
    }

    static func install(_ sax: inout xmlSAXHandler) {
        sax.initialized = UInt32(XML_SAX2_MAGIC)
        sax.startElementNs = { user, localname, _, uri, _, _, nbAttributes, _, attributes in
            ParseContext.from(user).start(localname, uri, Int(nbAttributes), attributes)
        }
        sax.endElementNs = { user, _, _, _ in
            ParseContext.from(user).end()
        }
        sax.characters = { user, ch, len in
            ParseContext.from(user).characters(ch, Int(len))
        }
        sax.cdataBlock = { user, ch, len in
            ParseContext.from(user).characters(ch, Int(len))
        }
        sax.internalSubset = { user, name, _, _ in
            let ctx = ParseContext.from(user)
            let n = name.map { String(cString: $0) } ?? "?"
            ctx.fail(.doctypeRefused, "DOCTYPE \(n) refused: Mandat's formats never use one (entity attacks)")
        }
        sax.externalSubset = { user, _, _, _ in
            ParseContext.from(user).fail(.doctypeRefused, "external DTD subset refused")
        }
        sax.entityDecl = { user, _, _, _, _, _ in
            ParseContext.from(user).fail(.doctypeRefused, "entity declaration refused")
        }
        sax.getEntity = { _, _ in nil }
        sax.getParameterEntity = { _, _ in nil }
        mandat_sax_set_structured_error(&sax) { user, domain, code, level, line, column, message in
            guard let user else { return }
            let ctx = ParseContext.from(user)
            // Warnings (level 1) are ignored; errors and fatal errors stop the parse.
            guard level >= 2, ctx.failure == nil else { return }
            var text = message.map { String(cString: $0) } ?? "XML error"
            text = text.trimmingWhitespace().replacingOccurrences(of: "\n", with: " ")
            var e = XMLReadError(
                code: .notWellFormed, message: text, file: ctx.file, line: Int(line), column: Int(column))
            if text.contains("not proper UTF-8") || text.contains("encoding") || code == 9 && text.contains("Bytes") {
                e.code = .encoding
                if let c = ctx.ctxt {
                    let consumed = Int(mandat_bytes_consumed(c))
                    if consumed >= 0 { e.byteOffset = consumed }
                }
            }
            if text.contains("Document is empty") { e.code = .empty }
            _ = domain
            ctx.stop(.xml(e))
        }
    }

    func start(
        _ localname: UnsafePointer<xmlChar>?, _ uri: UnsafePointer<xmlChar>?, _ nbAttributes: Int,
        _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) {
        guard failure == nil else { return }
        depth += 1
        elementCount += 1
        if depth > maxDepth {
            fail(.tooDeep, "nesting deeper than \(maxDepth) levels")
            return
        }
        let name = XMLName(namespace: intern(uri), local: intern(localname))
        if depth == 1 { root = name }
        var attrs: [XMLAttribute] = []
        if nbAttributes > 0, let attributes {
            attrs.reserveCapacity(nbAttributes)
            for i in 0..<nbAttributes {
                let base = attributes + i * 5
                let local = intern(base[0])
                let ns = intern(base[2])
                guard let v = base[3], let vEnd = base[4] else { continue }
                let len = UnsafeRawPointer(vEnd) - UnsafeRawPointer(v)
                let value = String(decoding: UnsafeBufferPointer(start: v, count: max(0, len)), as: UTF8.self)
                attrs.append(XMLAttribute(name: XMLName(namespace: ns, local: local), value: value))
            }
        }
        if texts.count < depth { texts.append(TextBuffer()) }
        texts[depth - 1].bytes.removeAll(keepingCapacity: texts[depth - 1].bytes.capacity <= 4096)
        texts[depth - 1].count = 0
        texts[depth - 1].nonWhitespace = false
        texts[depth - 1].binary = binaryElements.contains(name.local)
        names.append(name)
        do {
            try handler.startElement(name, attributes: attrs, depth: depth, location: location)
        } catch {
            stop(.handler(error))
            return
        }
        if depth == 1 && stopAfterRoot {
            stoppedAtRoot = true
            if let ctxt { xmlStopParser(ctxt) }
        }
    }

    func characters(_ ch: UnsafePointer<xmlChar>?, _ len: Int) {
        guard failure == nil, depth > 0, depth <= texts.count, let ch, len > 0 else { return }
        texts[depth - 1].count += len
        if texts[depth - 1].binary { return }
        let buf = UnsafeBufferPointer(start: ch, count: len)
        if !texts[depth - 1].nonWhitespace {
            for b in buf where !(b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09) {
                texts[depth - 1].nonWhitespace = true
                break
            }
        }
        let room = maxTextBytes - texts[depth - 1].bytes.count
        if room > 0 {
            texts[depth - 1].bytes.append(contentsOf: buf.prefix(room))
        }
    }

    func end() {
        guard failure == nil, depth > 0 else { return }
        let name = names.removeLast()
        let buffer = texts[depth - 1]
        let value = buffer.nonWhitespace && !buffer.binary ? String(decoding: buffer.bytes, as: UTF8.self) : ""
        let text = XMLText(value: value, byteCount: buffer.count, truncated: buffer.count > buffer.bytes.count)
        do {
            try handler.endElement(name, text: text, depth: depth, location: location)
        } catch {
            stop(.handler(error))
        }
        depth -= 1
    }
}
