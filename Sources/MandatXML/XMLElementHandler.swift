/// A small integer that names one element name (namespace URI + local name) within one parse: the order in
/// which the name was first met, from 0. Compare ids instead of `String`s on the hot path.
public struct XMLNameID: Hashable, Sendable {
    /// The index of the name in order of first sight (0 for the root's name).
    public let rawValue: Int

    /// An id from its raw value.
    public init(rawValue: Int) {
        self.rawValue = rawValue
    }
}

/// What an `XMLElementHandler` wants to hear about the elements of one name.
public struct XMLElementInterest: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8

    /// An interest from its raw value (bits: 1 start, 2 end, 4 text).
    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// `startElement` is called, with the start tag's attributes.
    public static let start = XMLElementInterest(rawValue: 1)
    /// `endElement` is called.
    public static let end = XMLElementInterest(rawValue: 2)
    /// The element's direct text is collected for `endElement` (only with `.end`). Without it the text is
    /// neither held nor counted: `endElement` gets an empty view.
    public static let text = XMLElementInterest(rawValue: 4)
    /// Nothing: elements of this name cost only the reader's own bookkeeping (depth, name, line).
    public static let none: XMLElementInterest = []
    /// Start, end and text.
    public static let all: XMLElementInterest = [.start, .end, .text]
}

/// The direct text of one element (text and CDATA children, comments and processing instructions
/// excluded), as UTF-8 bytes read in place from the reader's buffer: no `String` is made unless asked for.
///
/// Valid only during the `endElement` call that received it: do not store it or let it escape. Not
/// `Sendable`. At most the reader's `maxTextBytes` are held (cut before any partial UTF-8 sequence);
/// `byteCount` is the full size, so a base64 attachment (one of the reader's `binaryElements`, never held)
/// is measured without being kept. The bytes are UTF-8 whatever the file's encoding.
///
/// A text that was cut (longer than `maxTextBytes`, not only white space, not a binary element) is never used
/// silently: reading its bytes (`string`, `trimmed`, `withBytes`, `withTrimmedBytes`) during the `endElement`
/// call makes the parse fail with `xml.too-large`, naming the element and its line, once that call returns.
/// `byteCount`, `heldCount` and `truncated` may be read freely.
public struct XMLTextView {
    // Unowned: the view lives only during the callback, while the reader holds the context.
    private unowned(unsafe) let context: ParseContext
    /// The held bytes, white space included.
    private let bytes: UnsafeBufferPointer<UInt8>
    /// The full size of the text in UTF-8 bytes, held or not.
    public let byteCount: Int
    /// Whether more text was seen than is held (`byteCount` is larger than the held bytes).
    public let truncated: Bool
    /// A value cut short (not white space only, not binary): reading it fails the parse.
    private let cut: Bool

    init(context: ParseContext, bytes: UnsafeBufferPointer<UInt8>, byteCount: Int, truncated: Bool, cut: Bool) {
        self.context = context
        self.bytes = bytes
        self.byteCount = byteCount
        self.truncated = truncated
        self.cut = cut
    }

    /// The held bytes, the read recorded when they are a cut value.
    private var value: UnsafeBufferPointer<UInt8> {
        if cut { context.cutTextRead = true }
        return bytes
    }

    /// Number of bytes held (at most the reader's `maxTextBytes`; 0 for a binary element).
    public var heldCount: Int { bytes.count }

    /// Calls `body` with the held bytes, white space included. The buffer is valid only inside `body`.
    public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(value)
    }

    /// Calls `body` with the held bytes without leading and trailing XML white space (space, tab, CR, LF).
    public func withTrimmedBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(Self.trim(value))
    }

    /// The held text as a `String`, white space included.
    public var string: String { String(decoding: value, as: UTF8.self) }

    /// The held text without surrounding white space, or nil when that leaves nothing.
    public var trimmed: String? {
        let t = Self.trim(value)
        return t.isEmpty ? nil : String(decoding: t, as: UTF8.self)
    }

    /// Where the parser is: the end of the element's end tag (1-based line and column).
    public var location: XMLLocation { context.location }

    static func trim(_ b: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        func ws(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 }
        var start = 0
        var end = b.count
        while start < end, ws(b[start]) { start += 1 }
        while end > start, ws(b[end - 1]) { end -= 1 }
        return UnsafeBufferPointer(rebasing: b[start..<end])
    }
}

/// Receives a document's elements as small integer ids, attributes and text as in-place bytes, and only
/// for the names it asks for: the fastest way to stream a big file. Throwing stops the parse and the
/// error is rethrown by `XMLStreamReader.parse(…, elementHandler:)`.
///
/// The reader's safety limits apply whatever the handler asks for (depth, text cap, DOCTYPE refused,
/// encoding errors). Implementations are classes, called from C callbacks on the parsing thread.
public protocol XMLElementHandler: AnyObject {
    /// The first element of a name not seen before in this parse is about to start: what should the reader
    /// report for every element of that name? Called once per distinct name, before that element's
    /// `startElement`; `id` is the name's id for the rest of the parse.
    func interest(in name: XMLName, id: XMLNameID) -> XMLElementInterest
    /// An element whose name asked for `.start` starts. `depth` is 1 for the root; `attributes` is valid
    /// only during this call (its `location` is the end of the start tag).
    func startElement(_ id: XMLNameID, attributes: XMLAttributeView, depth: Int) throws
    /// An element whose name asked for `.end` ends, with its direct text if the name asked for `.text`.
    /// `text` is valid only during this call.
    func endElement(_ id: XMLNameID, text: XMLTextView, depth: Int) throws
}

extension XMLElementHandler {
    /// Does nothing (for handlers that ask for no `.start`).
    public func startElement(_ id: XMLNameID, attributes: XMLAttributeView, depth: Int) throws {}
    /// Does nothing (for handlers that ask for no `.end`).
    public func endElement(_ id: XMLNameID, text: XMLTextView, depth: Int) throws {}
}
