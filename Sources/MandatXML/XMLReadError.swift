/// An error reading an XML or JSON file: a stable code, a message naming what is wrong, and where.
///
/// `Sendable`. Lines and columns are 1-based; `byteOffset` is 0-based from the start of the file.
public struct XMLReadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable error codes; the raw value is shown to users and written in the store.
    public enum Code: String, Sendable, Hashable, Codable {
        /// The bytes are not well-formed XML (libxml2's message says what).
        case notWellFormed = "xml.not-well-formed"
        /// A DOCTYPE: our formats never need one, and it carries entity attacks.
        case doctypeRefused = "xml.doctype-refused"
        /// Bytes that do not match the declared or detected encoding.
        case encoding = "xml.encoding"
        /// Nesting deeper than the reader's limit.
        case tooDeep = "xml.too-deep"
        /// One value (an attribute, a name, a comment, a CDATA section, a processing instruction) longer than
        /// libxml2's limit for one value (10 MB without `XML_PARSE_HUGE`, which Mandat never sets), or an element's
        /// text longer than the reader's `maxTextBytes` that the handler read as a value (`XMLTextView`,
        /// `XMLText`): the file is refused. A long text node only measured (a base64 attachment) streams.
        case tooLarge = "xml.too-large"
        /// The file is empty.
        case empty = "xml.empty"
        /// The file, named `.json`, is empty.
        case jsonEmpty = "json.empty"
        /// The file could not be opened or read.
        case io = "io.read"
        /// The path is not a regular file (a device, a pipe, a socket, a folder): not read, as `mandat import`
        /// refuses it.
        case notRegular = "io.not-regular"
        /// Malformed JSON.
        case jsonNotWellFormed = "json.not-well-formed"
        /// A Chorus Pro status history with more entries for its one invoice than the reader's limit
        /// (`ChorusJSONReader.maxHistoryEntries`, 10 000; a real history has tens): the file is refused.
        case chorusHistoryTooLong = "chorus.history-too-long"
        /// A Chorus Pro invoice list answer with more invoices than the reader's limit
        /// (`ChorusJSONReader.maxListInvoices`, 10 000): the file is refused; the export is to be split.
        case chorusListTooLong = "chorus.list-too-long"
        /// Another JSON array longer than the reader's limit (10 000 items): the file is refused.
        case jsonArrayTooLong = "json.array-too-long"
        /// A reader of a format refused the content (bad value where one is required).
        case content = "format.content"
        /// A known format that Mandat does not read.
        case unsupported = "format.unsupported"
    }

    public var code: Code
    public var message: String
    public var file: String
    public var line: Int?
    public var column: Int?
    public var byteOffset: Int?

    public init(
        code: Code, message: String, file: String, line: Int? = nil, column: Int? = nil, byteOffset: Int? = nil
    ) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.byteOffset = byteOffset
    }

    /// `file:line:column: message [code]`, one line.
    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        if let column { s += ":\(column)" }
        s += ": " + message
        if let byteOffset { s += " (byte offset \(byteOffset))" }
        return s + " [\(code.rawValue)]"
    }
}
