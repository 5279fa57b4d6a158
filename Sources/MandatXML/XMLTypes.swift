import Foundation

/// An element or attribute name: namespace URI (empty when none) and local name. Prefixes are never kept.
public struct XMLName: Hashable, Sendable, CustomStringConvertible {
    public let namespace: String
    public let local: String
    public init(namespace: String = "", local: String) {
        self.namespace = namespace
        self.local = local
    }
    /// `{namespace}local`, or `local` when there is no namespace (the EXPECTED.json `root` form).
    public var description: String { namespace.isEmpty ? local : "{\(namespace)}\(local)" }
}

/// One attribute of an element, its value as normalised by the XML parser.
public struct XMLAttribute: Sendable, Hashable {
    public let name: XMLName
    public let value: String
}

/// Where a callback happened in the source file (1-based).
public struct XMLLocation: Sendable, Hashable {
    public let line: Int
    public let column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

/// The text directly inside an element (text and CDATA children; comments and processing instructions excluded).
///
/// `value` keeps at most the reader's `maxTextBytes`; `byteCount` is the full size in UTF-8 bytes, so a
/// base64 attachment's size is known without holding it.
///
/// A text that was cut (longer than `maxTextBytes`, not only white space, not a binary element) is never used
/// silently: reading `value` or `trimmed` during the `endElement` call that received it makes the parse fail
/// with `xml.too-large` once that call returns (`byteCount` and `truncated` may be read freely).
public struct XMLText: Sendable {
    private let held: String
    /// Set only for a cut text: records that the handler read it.
    private let use: CutTextUse?
    public let byteCount: Int
    public let truncated: Bool

    init(value: String, byteCount: Int, truncated: Bool, use: CutTextUse? = nil) {
        self.held = value
        self.byteCount = byteCount
        self.truncated = truncated
        self.use = use
    }

    /// The held text, white space included (at most the reader's `maxTextBytes`).
    public var value: String {
        use?.mark()
        return held
    }

    /// The value with surrounding white space removed, or nil when that leaves nothing.
    public var trimmed: String? {
        let t = value.trimmingWhitespace()
        return t.isEmpty ? nil : t
    }
}

/// Whether the handler read a cut text's value (`XMLText`): allocated only for a cut text, so never on the
/// hot path. `@unchecked Sendable`: its one flag is guarded by a lock.
final class CutTextUse: @unchecked Sendable {
    private let lock = NSLock()
    private var used = false

    func mark() { lock.withLock { used = true } }
    var wasUsed: Bool { lock.withLock { used } }
}

extension String {
    /// Removes leading and trailing ASCII white space and line breaks (as Python's `str.strip()` does for XML text).
    public func trimmingWhitespace() -> String {
        let u = self.utf8
        var start = u.startIndex
        var end = u.endIndex
        func ws(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0B || b == 0x0C }
        while start < end, ws(u[start]) { start = u.index(after: start) }
        while end > start, ws(u[u.index(before: end)]) { end = u.index(before: end) }
        if start == u.startIndex && end == u.endIndex { return self }
        return String(self[start..<end])
    }
}

/// Receives a document's elements as they stream by. Throwing stops the parse and the error is rethrown.
///
/// Implementations are classes (the reader calls them from C callbacks on the calling thread).
public protocol XMLStreamHandler: AnyObject {
    /// An element starts. `depth` is 1 for the root.
    func startElement(_ name: XMLName, attributes: [XMLAttribute], depth: Int, location: XMLLocation) throws
    /// An element ends, with its direct text.
    func endElement(_ name: XMLName, text: XMLText, depth: Int, location: XMLLocation) throws
}

/// Facts about a parsed (or partially parsed) document.
public struct XMLDocumentInfo: Sendable {
    /// The root element's name, when one was seen.
    public var root: XMLName?
    /// The encoding found: from a byte-order mark, the XML declaration, or the UTF-8 default.
    public var encoding: String
    /// Whether the file starts with a byte-order mark.
    public var hasBOM: Bool
    /// Whether the file has an XML declaration.
    public var hasDeclaration: Bool
    /// File size in bytes.
    public var size: Int
    /// Elements seen.
    public var elementCount: Int
}
