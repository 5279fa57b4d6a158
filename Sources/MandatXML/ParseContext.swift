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
        /// The element's index in `entries`.
        var nameIndex = 0
        /// The line where the element's start tag begins.
        var startLine = 0
    }

    /// An element name already converted to Swift, keyed by libxml2's interned (dictionary) pointers.
    struct NameEntry {
        let name: XMLName
        let binary: Bool
    }

    /// The pair of dictionary pointers (namespace URI, local name) that identifies a name within one parse.
    struct NameKey: Hashable {
        let uri: UnsafeRawPointer?
        let local: UnsafeRawPointer?
    }

    // Unowned: the caller of `parse` holds the handler for the whole parse; no reference counting per call.
    unowned(unsafe) let handler: any XMLStreamHandler
    /// The same handler when it takes the in-place attribute view (no `String` per attribute).
    unowned(unsafe) let fastHandler: (any XMLFastStreamHandler)?
    let file: String
    let maxDepth: Int
    let maxTextBytes: Int
    let binaryElements: Set<String>
    let stopAfterRoot: Bool
    // The hot state below is touched several times per element. Dynamic exclusivity checks on it cost about
    // 18 % of a parse (measured with perf on the UBL benchmark); they are switched off because one context
    // is used by one parse on one thread, and no handler can reach it (it is internal and never handed out).
    @exclusivity(unchecked) var ctxt: xmlParserCtxtPtr?
    @exclusivity(unchecked) var failure: Failure?
    @exclusivity(unchecked) var root: XMLName?
    @exclusivity(unchecked) var stoppedAtRoot = false
    @exclusivity(unchecked) var depth = 0
    @exclusivity(unchecked) var elementCount = 0
    @exclusivity(unchecked) var texts: [TextBuffer] = []
    /// Every distinct element name met, in order of first sight.
    @exclusivity(unchecked) var entries: [NameEntry] = []
    /// Interned strings by libxml2 dictionary pointer (names and URIs are interned per parser).
    @exclusivity(unchecked) var interned: [UnsafeRawPointer: String] = [:]
    @exclusivity(unchecked) var elementNames = NameTable()

    init(reader: XMLStreamReader, handler: any XMLStreamHandler, file: String) {
        self.handler = handler
        self.fastHandler = handler as? any XMLFastStreamHandler
        self.file = file
        self.maxDepth = reader.maxDepth
        self.maxTextBytes = max(0, reader.maxTextBytes)
        self.binaryElements = reader.binaryElements
        self.stopAfterRoot = reader.stopAfterRoot
    }

    /// The context behind libxml2's user pointer. The reader always sets that pointer before parsing; a
    /// missing one (impossible short of a libxml2 bug) makes every callback a no-op rather than a crash.
    static func from(_ p: UnsafeMutableRawPointer?) -> ParseContext? {
        guard let p else { return nil }
        return Unmanaged<ParseContext>.fromOpaque(p).takeUnretainedValue()
    }

    /// Calls `body` with the context behind `p` without retaining it (the reader keeps it alive for the
    /// whole parse): the per-element callbacks use this.
    @inline(__always)
    static func with(_ p: UnsafeMutableRawPointer?, _ body: (ParseContext) -> Void) {
        guard let p else { return }
        Unmanaged<ParseContext>.fromOpaque(p)._withUnsafeGuaranteedRef(body)
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

    /// The index in `entries` of the element name with these dictionary pointers (converted on first sight).
    func elementIndex(_ uri: UnsafePointer<xmlChar>?, _ local: UnsafePointer<xmlChar>?) -> Int {
        let key = NameKey(uri: uri.map(UnsafeRawPointer.init), local: local.map(UnsafeRawPointer.init))
        if let i = elementNames.find(key) { return i }
        let name = XMLName(namespace: intern(uri), local: intern(local))
        entries.append(NameEntry(name: name, binary: binaryElements.contains(name.local)))
        elementNames.insert(key, entries.count - 1)
        return entries.count - 1
    }

    /// The local name of the innermost open element, if any.
    var openElementName: String? { openElement.map { entries[$0.nameIndex].name.local } }

    /// The innermost open element's name index and start line (the stack is `texts[0..<depth]`).
    var openElement: (nameIndex: Int, startLine: Int)? {
        guard depth > 0, depth <= texts.count else { return nil }
        return (texts[depth - 1].nameIndex, texts[depth - 1].startLine)
    }

    func stop(_ f: Failure) {
        if failure == nil { failure = f }
        if let ctxt { xmlStopParser(ctxt) }
    }

    func fail(_ code: XMLReadError.Code, _ message: String) {
        let loc = location
        stop(.xml(XMLReadError(code: code, message: message, file: file, line: loc.line, column: loc.column)))
    }

    /// libxml2 error codes that mean "the bytes do not match the encoding" (xmlerror.h).
    static let encodingErrorCodes: Set<Int32> = [
        9,  // XML_ERR_INVALID_CHAR (with "not proper UTF-8" in the message)
        31,  // XML_ERR_UNKNOWN_ENCODING
        32,  // XML_ERR_UNSUPPORTED_ENCODING
        81,  // XML_ERR_INVALID_ENCODING
        6003,  // XML_I18N_CONV_FAILED
    ]

    static func install(_ sax: inout xmlSAXHandler) {
        sax.initialized = UInt32(XML_SAX2_MAGIC)
        sax.startElementNs = { user, localname, _, uri, _, _, nbAttributes, _, attributes in
            ParseContext.with(user) { $0.start(localname, uri, Int(nbAttributes), attributes) }
        }
        sax.endElementNs = { user, _, _, _ in
            ParseContext.with(user) { $0.end() }
        }
        sax.characters = { user, ch, len in
            ParseContext.with(user) { $0.characters(ch, Int(len)) }
        }
        sax.cdataBlock = { user, ch, len in
            ParseContext.with(user) { $0.characters(ch, Int(len)) }
        }
        sax.internalSubset = { user, name, _, _ in
            guard let ctx = ParseContext.from(user) else { return }
            let n = name.map { String(cString: $0) } ?? "?"
            ctx.fail(.doctypeRefused, "DOCTYPE \(n) refused: Mandat's formats never use one (entity attacks)")
        }
        sax.externalSubset = { user, _, _, _ in
            ParseContext.from(user)?.fail(.doctypeRefused, "external DTD subset refused")
        }
        sax.entityDecl = { user, _, _, _, _, _ in
            ParseContext.from(user)?.fail(.doctypeRefused, "entity declaration refused")
        }
        sax.getEntity = { _, _ in nil }
        sax.getParameterEntity = { _, _ in nil }
        mandat_sax_set_structured_error(&sax) { user, domain, code, level, line, column, message in
            guard let ctx = ParseContext.from(user) else { return }
            // Warnings (level 1) are ignored; errors and fatal errors stop the parse.
            guard level >= 2, ctx.failure == nil else { return }
            var text = message.map { String(cString: $0) } ?? "XML error"
            text = text.trimmingWhitespace().replacingOccurrences(of: "\n", with: " ")
            var e = XMLReadError(
                code: .notWellFormed, message: text, file: ctx.file, line: Int(line), column: Int(column))
            let encodingError =
                text.contains("not proper UTF")
                || (ParseContext.encodingErrorCodes.contains(code) && code != 9)
            if encodingError {
                e.code = .encoding
                if let c = ctx.ctxt {
                    let consumed = Int(mandat_bytes_consumed(c))
                    if consumed >= 0 { e.byteOffset = consumed }
                }
            }
            if code == 4 { e.code = .empty }  // XML_ERR_DOCUMENT_EMPTY
            if code == 5, let (i, openLine) = ctx.openElement {
                let open = ctx.entries[i].name
                // XML_ERR_DOCUMENT_END with elements still open: the push parser's "Extra content at the end
                // of the document" means the file was cut short. Say so, as libxml2's pull parser does.
                e.message = "Premature end of data in tag \(open.local) line \(openLine)"
            }
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
        let index = elementIndex(uri, localname)
        let name = entries[index].name
        let binary = entries[index].binary
        if depth == 1 { root = name }
        if texts.count < depth { texts.append(TextBuffer()) }
        let loc = location
        let startLine = ctxt.map { Int(mandat_tag_start_line($0)) } ?? loc.line
        texts.withUnsafeMutableBufferPointer { t in
            let k = depth - 1
            if t[k].bytes.capacity > 4096 {
                t[k].bytes = []
            } else {
                t[k].bytes.removeAll(keepingCapacity: true)
            }
            t[k].count = 0
            t[k].nonWhitespace = false
            t[k].binary = binary
            t[k].nameIndex = index
            t[k].startLine = startLine
        }
        let count = attributes == nil ? 0 : max(0, nbAttributes)
        do {
            if let fastHandler {
                let view = XMLAttributeView(context: self, base: UnsafeRawPointer(attributes), count: count)
                try fastHandler.startElement(name, attributes: view, depth: depth, location: loc)
            } else {
                let view = XMLAttributeView(context: self, base: UnsafeRawPointer(attributes), count: count)
                try handler.startElement(name, attributes: view.array, depth: depth, location: loc)
            }
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
        let limit = maxTextBytes
        texts.withUnsafeMutableBufferPointer { t in
            let k = depth - 1
            t[k].count += len
            if t[k].binary { return }
            let buf = UnsafeBufferPointer(start: ch, count: len)
            if !t[k].nonWhitespace {
                for b in buf where !(b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09) {
                    t[k].nonWhitespace = true
                    break
                }
            }
            let room = limit - t[k].bytes.count
            if room > 0 {
                t[k].bytes.append(contentsOf: buf.prefix(room))
            }
        }
    }

    func end() {
        guard failure == nil, depth > 0, depth <= texts.count else { return }
        let index = texts[depth - 1].nameIndex
        let name = entries[index].name
        let text = texts.withUnsafeMutableBufferPointer { t -> XMLText in
            let k = depth - 1
            let held = t[k].bytes.count
            let total = t[k].count
            guard t[k].nonWhitespace && !t[k].binary else {
                return XMLText(value: "", byteCount: total, truncated: total > held)
            }
            // Truncated: never cut a UTF-8 sequence in two (drop the partial character at the end).
            let kept = total > held ? UTF8Cut.completePrefixLength(t[k].bytes) : held
            let value = t[k].bytes.withUnsafeBufferPointer {
                String(decoding: UnsafeBufferPointer(rebasing: $0[0..<kept]), as: UTF8.self)
            }
            return XMLText(value: value, byteCount: total, truncated: total > held)
        }
        do {
            try handler.endElement(name, text: text, depth: depth, location: location)
        } catch {
            stop(.handler(error))
        }
        depth -= 1
    }
}

/// Element names by libxml2's (URI, local name) dictionary pointers: open addressing with a cheap
/// pointer hash (a `Dictionary` with SipHash cost about 5 % of a parse). Grows at half full.
struct NameTable {
    private var keys: [ParseContext.NameKey?] = Array(repeating: nil, count: 256)
    private var values: [Int] = Array(repeating: -1, count: 256)
    private var count = 0

    @inline(__always)
    private static func slot(_ key: ParseContext.NameKey, _ mask: Int) -> Int {
        let a = UInt(bitPattern: key.local.map { Int(bitPattern: $0) } ?? 0)
        let b = UInt(bitPattern: key.uri.map { Int(bitPattern: $0) } ?? 0)
        let h = (a >> 3) &* 0x9E37_79B9_7F4A_7C15 ^ (b >> 3) &* 0xC2B2_AE3D_27D4_EB4F
        return Int(truncatingIfNeeded: h >> 7) & mask
    }

    func find(_ key: ParseContext.NameKey) -> Int? {
        let mask = keys.count - 1
        var i = Self.slot(key, mask)
        while let k = keys[i] {
            if k == key { return values[i] }
            i = (i + 1) & mask
        }
        return nil
    }

    mutating func insert(_ key: ParseContext.NameKey, _ value: Int) {
        if (count + 1) * 2 > keys.count { grow() }
        let mask = keys.count - 1
        var i = Self.slot(key, mask)
        while let k = keys[i] {
            if k == key {
                values[i] = value
                return
            }
            i = (i + 1) & mask
        }
        keys[i] = key
        values[i] = value
        count += 1
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldValues = values
        keys = Array(repeating: nil, count: oldKeys.count * 2)
        values = Array(repeating: -1, count: oldKeys.count * 2)
        count = 0
        for (k, v) in zip(oldKeys, oldValues) {
            if let k { insert(k, v) }
        }
    }
}

/// Where to cut a byte string so that no UTF-8 sequence is split.
enum UTF8Cut {
    /// The length of the longest prefix of `b` that does not end inside a multi-byte UTF-8 sequence.
    static func completePrefixLength(_ b: [UInt8]) -> Int {
        let n = b.count
        var k = n
        // Walk back over at most 3 continuation bytes to the lead byte of the last sequence.
        while k > 0, n - k < 4, b[k - 1] & 0xC0 == 0x80 { k -= 1 }
        guard k > 0 else { return n }
        let lead = b[k - 1]
        let need: Int
        if lead < 0x80 {
            return n
        } else if lead & 0xE0 == 0xC0 {
            need = 2
        } else if lead & 0xF0 == 0xE0 {
            need = 3
        } else if lead & 0xF8 == 0xF0 {
            need = 4
        } else {
            return n
        }
        return n - (k - 1) >= need ? n : k - 1
    }
}
