import CLibXML2
import CMandatXML
import Foundation

/// The per-parse state the C callbacks reach through libxml2's user pointer. Owns nothing of libxml2's.
///
/// Two kinds of handler share one hot path: an `XMLElementHandler` (names as small integers, text as bytes,
/// callbacks only for the names it asked for) and the older `XMLStreamHandler` / `XMLFastStreamHandler`
/// (every element, names and text as `String`s), which is served as a handler that wants everything.
final class ParseContext {
    enum Failure {
        case xml(XMLReadError)
        case handler(any Error)
    }

    /// One open element. The stack of frames lives in an unsafe buffer (no array bookkeeping per element).
    struct Frame {
        /// The element's index in `entries`.
        var nameIndex: Int32
        /// What the handler wants for it (`XMLElementInterest` raw value).
        var interest: UInt8
        /// Its text is counted, never held (base64 attachments).
        var binary: Bool
        /// Some text byte so far is not XML white space (tracked for the `String` handlers, and for every
        /// handler in the text beyond `maxTextBytes`, which is not held).
        var nonWhitespace: Bool
        /// The line where the element's start tag begins.
        var startLine: Int
        /// Where its held text begins in `arena`.
        var textStart: Int
        /// Bytes of text seen, held or not.
        var count: Int
    }

    /// An element name already converted to Swift, keyed by libxml2's interned (dictionary) pointers.
    struct NameEntry {
        let name: XMLName
        let binary: Bool
        let interest: UInt8
    }

    /// The pair of dictionary pointers (namespace URI, local name) that identifies a name within one parse.
    struct NameKey: Hashable {
        let uri: UnsafeRawPointer?
        let local: UnsafeRawPointer?
    }

    static let wantsStart = XMLElementInterest.start.rawValue
    static let wantsEnd = XMLElementInterest.end.rawValue
    static let wantsText = XMLElementInterest.text.rawValue

    // Unowned: the caller of `parse` holds the handler for the whole parse; no reference counting per call.
    // Exactly one of `handler` (the `String` protocols) and `elementHandler` is set.
    unowned(unsafe) let handler: (any XMLStreamHandler)?
    /// The same handler when it takes the in-place attribute view (no `String` per attribute).
    unowned(unsafe) let fastHandler: (any XMLFastStreamHandler)?
    unowned(unsafe) let elementHandler: (any XMLElementHandler)?
    /// Serving an `XMLStreamHandler`: every element, with location, name and text as `String`s.
    let legacy: Bool
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
    /// The open elements: `frames[0..<depth]`, room for `frameCapacity` (grown by doubling up to `maxDepth`).
    @exclusivity(unchecked) var frames: UnsafeMutablePointer<Frame>
    @exclusivity(unchecked) var frameCapacity: Int
    /// The held text of every open element that wants it, innermost last (an element's text is contiguous:
    /// a child's text is dropped when the child ends, before the parent's next text arrives).
    @exclusivity(unchecked) var arena: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) var arenaCapacity: Int
    @exclusivity(unchecked) var arenaUsed = 0
    /// The parser's line at the end of the previous event: a start tag that ends on that same line began on
    /// it, so the backwards scan for its first line is skipped.
    @exclusivity(unchecked) var lastLine: Int32 = 0
    /// libxml2's text callback as installed (set by the reader before parsing), and whether the parser
    /// currently has it: an element handler's parse switches it off inside elements that want no text.
    @exclusivity(unchecked) var charactersCallback: charactersSAXFunc?
    @exclusivity(unchecked) var textOn = true
    /// The depth of the element whose descendants the handler asked not to hear about
    /// (`XMLAttributeView.skipDescendants()`), 0 when none: inside it every element's interest is none.
    @exclusivity(unchecked) var skipDepth = 0
    /// The element handler read the text it was given although that text was cut (`XMLTextView`).
    @exclusivity(unchecked) var cutTextRead = false
    /// Every distinct element name met, in order of first sight (the index is the `XMLNameID`).
    @exclusivity(unchecked) var entries: [NameEntry] = []
    /// Interned strings by libxml2 dictionary pointer (names and URIs are interned per parser).
    @exclusivity(unchecked) var interned: [UnsafeRawPointer: String] = [:]
    @exclusivity(unchecked) var elementNames = NameTable()

    private init(
        reader: XMLStreamReader, handler: (any XMLStreamHandler)?, elementHandler: (any XMLElementHandler)?,
        file: String
    ) {
        self.handler = handler
        self.fastHandler = handler as? any XMLFastStreamHandler
        self.elementHandler = elementHandler
        self.legacy = elementHandler == nil
        self.file = file
        self.maxDepth = max(0, reader.maxDepth)
        self.maxTextBytes = max(0, reader.maxTextBytes)
        self.binaryElements = reader.binaryElements
        self.stopAfterRoot = reader.stopAfterRoot
        self.frameCapacity = 64
        self.frames = .allocate(capacity: 64)
        self.arenaCapacity = 4096
        self.arena = .allocate(capacity: 4096)
    }

    convenience init(reader: XMLStreamReader, handler: any XMLStreamHandler, file: String) {
        self.init(reader: reader, handler: handler, elementHandler: nil, file: file)
    }

    convenience init(reader: XMLStreamReader, elementHandler: any XMLElementHandler, file: String) {
        self.init(reader: reader, handler: nil, elementHandler: elementHandler, file: file)
    }

    deinit {
        elementNames.deallocate()
        frames.deallocate()
        arena.deallocate()
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

    /// The element name with these dictionary pointers, packed: its index in `entries` shifted left by 8,
    /// then bit 7 set when it is binary and bits 0–2 the interest (converted on first sight, when an
    /// element handler is also asked what it wants for that name).
    @inline(__always)
    func element(_ uri: UnsafePointer<xmlChar>?, _ local: UnsafePointer<xmlChar>?) -> Int {
        let key = NameKey(uri: uri.map(UnsafeRawPointer.init), local: local.map(UnsafeRawPointer.init))
        if let packed = elementNames.find(key) { return packed }
        return newElement(key, uri, local)
    }

    private func newElement(_ key: NameKey, _ uri: UnsafePointer<xmlChar>?, _ local: UnsafePointer<xmlChar>?) -> Int {
        let name = XMLName(namespace: intern(uri), local: intern(local))
        let index = entries.count
        let interest: UInt8
        if let elementHandler {
            interest = elementHandler.interest(in: name, id: XMLNameID(rawValue: index)).rawValue
        } else {
            interest = Self.wantsStart | Self.wantsEnd | Self.wantsText
        }
        let binary = binaryElements.contains(name.local)
        entries.append(NameEntry(name: name, binary: binary, interest: interest))
        let packed = index << 8 | (binary ? 0x80 : 0) | Int(interest & 0x07)
        elementNames.insert(key, packed)
        return packed
    }

    /// The local name of the innermost open element, if any.
    var openElementName: String? { openElement.map { entries[$0.nameIndex].name.local } }

    /// The innermost open element's name index and start line.
    var openElement: (nameIndex: Int, startLine: Int)? {
        guard depth > 0 else { return nil }
        return (Int(frames[depth - 1].nameIndex), frames[depth - 1].startLine)
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
            if ParseContext.isSizeLimit(text) {
                // libxml2's own words ("Huge input lookup", "AttValue length too long") name its internals: say
                // what is wrong in the file, keeping them at the end for whoever reports it.
                e.code = .tooLarge
                e.message =
                    "a value (attribute, name, comment, CDATA section or processing instruction) is longer than "
                    + "10 MB, the XML reader's limit for one value: the file is refused (libxml2: \(text))"
            }
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

    /// Whether libxml2's message is one of its size limits for one value (10 MB without `XML_PARSE_HUGE`): the
    /// messages of libxml2 2.9.14 to 2.13 for an attribute value, a name, a comment, a CDATA section, a processing
    /// instruction or an input lookahead that is too long.
    static func isSizeLimit(_ message: String) -> Bool {
        let m = message.lowercased()
        return m.contains("huge input lookup") || m.contains("length too long") || m.contains("name too long")
            || m.contains("too big found") || m.contains("huge text node") || m.contains("xml_parse_huge")
    }

    /// Room for one more open element (the depth limit has been checked: at most `maxDepth` frames).
    private func growFrames() {
        let capacity = frameCapacity * 2
        let bigger = UnsafeMutablePointer<Frame>.allocate(capacity: capacity)
        bigger.moveInitialize(from: frames, count: frameCapacity)
        frames.deallocate()
        frames = bigger
        frameCapacity = capacity
    }

    /// Room for `needed` bytes of held text in all (at most `maxDepth` × `maxTextBytes`).
    private func growArena(_ needed: Int) {
        var capacity = arenaCapacity
        while capacity < needed { capacity *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        bigger.update(from: arena, count: arenaUsed)
        arena.deallocate()
        arena = bigger
        arenaCapacity = capacity
    }

    /// The line of the start tag being reported: the parser's line, unless the tag spans lines since the
    /// previous event (then found by scanning back to its `<`).
    @inline(__always)
    private func startTagLine(_ ctxt: xmlParserCtxtPtr) -> Int {
        let line = mandat_tag_start_line(ctxt, lastLine)
        lastLine = mandat_current_line(ctxt)
        return Int(line)
    }

    /// Element handlers only: libxml2 reports text only while the innermost open element wants it (the
    /// callbacks are switched off in between, which saves a call per text run in everything else).
    @inline(__always)
    private func reportText(_ on: Bool, _ ctxt: xmlParserCtxtPtr) {
        guard on != textOn, !legacy else { return }
        textOn = on
        mandat_set_text_callbacks(ctxt, on ? charactersCallback : nil)
    }

    func start(
        _ localname: UnsafePointer<xmlChar>?, _ uri: UnsafePointer<xmlChar>?, _ nbAttributes: Int,
        _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) {
        guard failure == nil, let ctxt else { return }
        depth += 1
        elementCount += 1
        if depth > maxDepth {
            depth -= 1  // no frame was pushed for it
            fail(.tooDeep, "nesting deeper than \(maxDepth) levels")
            return
        }
        let packed = element(uri, localname)
        let index = packed >> 8
        // Inside a subtree the handler skips, nothing is reported (the checks above and below still run).
        let interest = skipDepth == 0 ? UInt8(truncatingIfNeeded: packed & 0x07) : 0
        if depth == 1 { root = entries[index].name }
        if depth > frameCapacity { growFrames() }
        (frames + (depth - 1)).initialize(
            to: Frame(
                nameIndex: Int32(truncatingIfNeeded: index), interest: interest, binary: packed & 0x80 != 0,
                nonWhitespace: false, startLine: startTagLine(ctxt), textStart: arenaUsed, count: 0))
        reportText(interest & Self.wantsText != 0, ctxt)
        if interest & Self.wantsStart != 0 {
            let count = attributes == nil ? 0 : max(0, nbAttributes)
            let view = XMLAttributeView(context: self, base: UnsafeRawPointer(attributes), count: count)
            do {
                if let elementHandler {
                    try elementHandler.startElement(XMLNameID(rawValue: index), attributes: view, depth: depth)
                } else if let fastHandler {
                    try fastHandler.startElement(
                        entries[index].name, attributes: view, depth: depth, location: location)
                } else if let handler {
                    try handler.startElement(
                        entries[index].name, attributes: view.array, depth: depth, location: location)
                }
            } catch {
                stop(.handler(error))
                return
            }
        }
        if depth == 1 && stopAfterRoot {
            stoppedAtRoot = true
            xmlStopParser(ctxt)
        }
    }

    func characters(_ ch: UnsafePointer<xmlChar>?, _ len: Int) {
        guard failure == nil, depth > 0, let ch, len > 0, let ctxt else { return }
        lastLine = mandat_current_line(ctxt)
        let f = frames + (depth - 1)
        guard f.pointee.interest & Self.wantsText != 0 else { return }
        f.pointee.count += len
        if f.pointee.binary { return }
        if legacy && !f.pointee.nonWhitespace {
            for k in 0..<len where !(ch[k] == 0x20 || ch[k] == 0x0A || ch[k] == 0x0D || ch[k] == 0x09) {
                f.pointee.nonWhitespace = true
                break
            }
        }
        let room = max(0, maxTextBytes - (arenaUsed - f.pointee.textStart))
        if room < len && !f.pointee.nonWhitespace {
            // Text that is not held: whether it is a value that is cut (not only white space) is known at the end.
            for k in room..<len where !(ch[k] == 0x20 || ch[k] == 0x0A || ch[k] == 0x0D || ch[k] == 0x09) {
                f.pointee.nonWhitespace = true
                break
            }
        }
        guard room > 0 else { return }
        let n = min(room, len)
        if arenaUsed + n > arenaCapacity { growArena(arenaUsed + n) }
        (arena + arenaUsed).update(from: ch, count: n)
        arenaUsed += n
    }

    func end() {
        guard failure == nil, depth > 0, let ctxt else { return }
        lastLine = mandat_current_line(ctxt)
        let frame = frames[depth - 1]
        defer {
            arenaUsed = frame.textStart
            if depth == skipDepth { skipDepth = 0 }
            depth -= 1
            reportText(depth > 0 && frames[depth - 1].interest & Self.wantsText != 0, ctxt)
        }
        guard frame.interest & Self.wantsEnd != 0 else { return }
        let held = arenaUsed - frame.textStart
        let total = frame.count
        let bytes = UnsafeBufferPointer(start: arena + frame.textStart, count: held)
        // Truncated: never cut a UTF-8 sequence in two (drop the partial character at the end).
        let kept = total > held ? UTF8Cut.completePrefixLength(bytes) : held
        // A value cut short: more text than held, in an element that is not a binary attachment, and not only the
        // white space between child elements (a big file's root has megabytes of it, never read as a value).
        let cut = total > held && !frame.binary && (frame.nonWhitespace || !Self.onlyWhitespace(bytes))
        do {
            if let elementHandler {
                let text = XMLTextView(
                    context: self, bytes: UnsafeBufferPointer(rebasing: bytes[0..<kept]), byteCount: total,
                    truncated: total > held, cut: cut)
                try elementHandler.endElement(XMLNameID(rawValue: Int(frame.nameIndex)), text: text, depth: depth)
                if cut && cutTextRead {
                    cutTextRead = false
                    failCutText(frame, byteCount: total)
                }
            } else if let handler {
                let name = entries[Int(frame.nameIndex)].name
                let text: XMLText
                let use = cut ? CutTextUse() : nil
                if frame.nonWhitespace && !frame.binary {
                    text = XMLText(
                        value: String(decoding: UnsafeBufferPointer(rebasing: bytes[0..<kept]), as: UTF8.self),
                        byteCount: total, truncated: total > held, use: use)
                } else {
                    text = XMLText(value: "", byteCount: total, truncated: total > held, use: use)
                }
                try handler.endElement(name, text: text, depth: depth, location: location)
                if let use, use.wasUsed { failCutText(frame, byteCount: total) }
            }
        } catch {
            stop(.handler(error))
        }
    }

    /// Whether every byte is XML white space (space, tab, CR, LF); true for no bytes.
    private static func onlyWhitespace(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        b.allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
    }

    /// Stops the parse: the handler read a text longer than `maxTextBytes` (it was given only the first bytes).
    /// The error names the element and the line where it starts, as libxml2's limit on attributes is refused.
    private func failCutText(_ frame: Frame, byteCount: Int) {
        let name = entries[Int(frame.nameIndex)].name.local
        stop(
            .xml(
                XMLReadError(
                    code: .tooLarge,
                    message: "text of element <\(name)> (line \(frame.startLine)) is \(byteCount) bytes, longer than "
                        + "\(maxTextBytes) bytes, the XML reader's limit for one text value: the file is refused",
                    file: file, line: frame.startLine)))
    }
}

/// Element names by libxml2's (URI, local name) dictionary pointers: open addressing with a cheap
/// pointer hash in unsafe buffers (a `Dictionary` with SipHash cost about 5 % of a parse, an array of
/// optional keys about 2 %). Values are non-negative. Grows at half full. Owned by its `ParseContext`,
/// which calls `deallocate()`.
struct NameTable {
    private var locals: UnsafeMutablePointer<UInt>
    private var uris: UnsafeMutablePointer<UInt>
    private var values: UnsafeMutablePointer<Int>
    private var capacity: Int
    private var count = 0

    init() {
        capacity = 256
        locals = .allocate(capacity: capacity)
        locals.initialize(repeating: 0, count: capacity)
        uris = .allocate(capacity: capacity)
        uris.initialize(repeating: 0, count: capacity)
        values = .allocate(capacity: capacity)
        values.initialize(repeating: -1, count: capacity)
    }

    func deallocate() {
        locals.deallocate()
        uris.deallocate()
        values.deallocate()
    }

    /// The stored form of a local-name pointer: never 0 (0 marks an empty slot; a missing name is 1).
    @inline(__always)
    private static func local(_ key: ParseContext.NameKey) -> UInt {
        key.local.map { UInt(bitPattern: $0) } ?? 1
    }

    @inline(__always)
    private static func uri(_ key: ParseContext.NameKey) -> UInt {
        key.uri.map { UInt(bitPattern: $0) } ?? 0
    }

    @inline(__always)
    private static func slot(_ a: UInt, _ b: UInt, _ mask: Int) -> Int {
        let h = (a >> 3) &* 0x9E37_79B9_7F4A_7C15 ^ (b >> 3) &* 0xC2B2_AE3D_27D4_EB4F
        return Int(truncatingIfNeeded: h >> 7) & mask
    }

    @inline(__always)
    func find(_ key: ParseContext.NameKey) -> Int? {
        let a = Self.local(key)
        let b = Self.uri(key)
        let mask = capacity - 1
        var i = Self.slot(a, b, mask)
        while locals[i] != 0 {
            if locals[i] == a && uris[i] == b { return values[i] }
            i = (i + 1) & mask
        }
        return nil
    }

    mutating func insert(_ key: ParseContext.NameKey, _ value: Int) {
        if (count + 1) * 2 > capacity { grow() }
        put(Self.local(key), Self.uri(key), value)
    }

    private mutating func put(_ a: UInt, _ b: UInt, _ value: Int) {
        let mask = capacity - 1
        var i = Self.slot(a, b, mask)
        while locals[i] != 0 {
            if locals[i] == a && uris[i] == b {
                values[i] = value
                return
            }
            i = (i + 1) & mask
        }
        locals[i] = a
        uris[i] = b
        values[i] = value
        count += 1
    }

    private mutating func grow() {
        let (oldLocals, oldURIs, oldValues, oldCapacity) = (locals, uris, values, capacity)
        capacity = oldCapacity * 2
        locals = .allocate(capacity: capacity)
        locals.initialize(repeating: 0, count: capacity)
        uris = .allocate(capacity: capacity)
        uris.initialize(repeating: 0, count: capacity)
        values = .allocate(capacity: capacity)
        values.initialize(repeating: -1, count: capacity)
        count = 0
        for k in 0..<oldCapacity where oldLocals[k] != 0 { put(oldLocals[k], oldURIs[k], oldValues[k]) }
        oldLocals.deallocate()
        oldURIs.deallocate()
        oldValues.deallocate()
    }
}

/// Where to cut a byte string so that no UTF-8 sequence is split.
enum UTF8Cut {
    /// The length of the longest prefix of `b` that does not end inside a multi-byte UTF-8 sequence.
    static func completePrefixLength(_ b: UnsafeBufferPointer<UInt8>) -> Int {
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
