/// The attributes of one start tag, read in place from the parser's buffer: no `String` is made until
/// asked for, so a hot path (PES puts every value in a `V` attribute) can compare and parse bytes.
///
/// Valid only during the `startElement` call that received it: do not store it or let it escape (the
/// reader's buffer moves on). Not `Sendable`. Values are as the XML parser normalised them (entity and
/// character references decoded, attribute-value normalisation applied); bytes are UTF-8 whatever the
/// file's encoding.
public struct XMLAttributeView {
    /// libxml2's SAX2 layout: 5 pointers per attribute (local name, prefix, URI, value start, value end).
    private let base: UnsafePointer<UnsafePointer<UInt8>?>?
    // Unowned: the view lives only during the callback, while the reader holds the context.
    private unowned(unsafe) let context: ParseContext
    /// Number of attributes.
    public let count: Int

    init(context: ParseContext, base: UnsafeRawPointer?, count: Int) {
        self.context = context
        self.base = base?.assumingMemoryBound(to: UnsafePointer<UInt8>?.self)
        self.count = base == nil ? 0 : count
    }

    /// Where the parser is: the end of the start tag (1-based line and column).
    public var location: XMLLocation { context.location }

    /// Asks the reader to report nothing inside this element: no start, end or text of any of its
    /// descendants, whatever their names asked for (the element's own end and direct text are still
    /// reported as its name asked). Everything inside is still parsed and checked (well-formedness, depth,
    /// encoding); the skip only saves the handler calls and the text. Call it during `startElement`.
    public func skipDescendants() {
        if context.skipDepth == 0 { context.skipDepth = context.depth }
    }

    private func slot(_ i: Int, _ k: Int) -> UnsafePointer<UInt8>? {
        guard let base, i >= 0, i < count else { return nil }
        return base[i * 5 + k]
    }

    /// The name of attribute `i` (0-based, in document order), or nil when out of range.
    public func name(at i: Int) -> XMLName? {
        guard i >= 0, i < count else { return nil }
        return XMLName(namespace: context.intern(slot(i, 2)), local: context.intern(slot(i, 0)))
    }

    /// Calls `body` with the raw UTF-8 bytes of attribute `i`'s value as libxml2 stored them.
    private func rawBytes<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        guard let v = slot(i, 3), let e = slot(i, 4) else { return nil }
        let n = UnsafeRawPointer(e) - UnsafeRawPointer(v)
        return try body(UnsafeBufferPointer(start: v, count: max(0, n)))
    }

    /// The index of the attribute with this local name and namespace URI (empty for none), or nil.
    public func index(local: String, namespace: String = "") -> Int? {
        var local = local
        var namespace = namespace
        return local.withUTF8 { l in
            namespace.withUTF8 { ns in
                for i in 0..<count where Self.equals(slot(i, 0), l) && Self.equals(slot(i, 2), ns) {
                    return i
                }
                return nil
            }
        }
    }

    /// Whether a NUL-terminated C string (nil meaning empty) equals `bytes`.
    private static func equals(_ p: UnsafePointer<UInt8>?, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p else { return bytes.isEmpty }
        for k in 0..<bytes.count where p[k] != bytes[k] { return false }  // a NUL in p stops at a mismatch
        return p[bytes.count] == 0
    }

    /// Calls `body` with the UTF-8 bytes of attribute `i`'s value (references decoded), or returns nil
    /// when `i` is out of range. The buffer is valid only inside `body`.
    public func withValueBytes<R>(at i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        try rawBytes(i) { raw in
            if raw.firstIndex(of: UInt8(ascii: "&")) == nil { return try body(raw) }
            let decoded = Self.decodeAmpersands(raw)
            return try decoded.withUnsafeBufferPointer { try body($0) }
        }
    }

    /// Calls `body` with the value bytes of the attribute named `local` (in `namespace`), or nil if absent.
    public func withValueBytes<R>(
        local: String, namespace: String = "", _ body: (UnsafeBufferPointer<UInt8>) throws -> R
    ) rethrows -> R? {
        guard let i = index(local: local, namespace: namespace) else { return nil }
        return try withValueBytes(at: i, body)
    }

    /// The value of attribute `i` as a `String`, or nil when out of range.
    public func value(at i: Int) -> String? {
        withValueBytes(at: i) { String(decoding: $0, as: UTF8.self) }
    }

    /// The value of the attribute named `local` (in `namespace`, empty for none), or nil if absent.
    public func value(local: String, namespace: String = "") -> String? {
        guard let i = index(local: local, namespace: namespace) else { return nil }
        return value(at: i)
    }

    /// All attributes as values (one `String` per name and value).
    public var array: [XMLAttribute] {
        var out: [XMLAttribute] = []
        out.reserveCapacity(count)
        for i in 0..<count {
            guard let name = name(at: i), let value = value(at: i) else { continue }
            out.append(XMLAttribute(name: name, value: value))
        }
        return out
    }

    /// libxml2 (without entity substitution, which we never turn on: STYLE.md §7) stores a `&` that came
    /// from `&amp;` or `&#38;` in an attribute value as the five bytes `&#38;`, for its tree builder to
    /// decode later. A literal `&` cannot otherwise reach us (it must be escaped, and a DOCTYPE is refused,
    /// so no other entity exists), so every `&#38;` is turned back into `&`.
    static func decodeAmpersands(_ raw: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        let seq: [UInt8] = Array("&#38;".utf8)
        var k = 0
        while k < raw.count {
            if raw[k] == 0x26, k + 5 <= raw.count, raw[k + 1] == seq[1], raw[k + 2] == seq[2], raw[k + 3] == seq[3],
                raw[k + 4] == seq[4]
            {
                out.append(0x26)
                k += 5
            } else {
                out.append(raw[k])
                k += 1
            }
        }
        return out
    }
}

/// A handler that takes each start tag's attributes in place (`XMLAttributeView`) instead of as an array
/// of `String`s: the fast path for big files. Conforming types get a do-nothing array variant for free.
public protocol XMLFastStreamHandler: XMLStreamHandler {
    /// An element starts. `depth` is 1 for the root; `attributes` is valid only during this call.
    func startElement(_ name: XMLName, attributes: XMLAttributeView, depth: Int, location: XMLLocation) throws
}

extension XMLFastStreamHandler {
    /// Not called for a fast handler (the reader calls the `XMLAttributeView` variant instead).
    public func startElement(_ name: XMLName, attributes: [XMLAttribute], depth: Int, location: XMLLocation) throws {
    }
}
