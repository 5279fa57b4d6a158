import Foundation
import MandatCore
import MandatXML

/// Everything Mandat read from one file: its kind, header facts, the `inspect --json` fields in the shape of
/// EXPECTED.json, and the domain values (invoices, events, mandats, contracts).
///
/// A file that cannot be read is a `ReadDocument` of kind `notWellFormed` (or `unknown`) with its `error`:
/// reading never throws, so one bad file never stops the others.
public struct ReadDocument: Sendable {
    public var path: String
    public var kind: DocumentKind
    /// `{ns}local` of the root, or nil (JSON, unreadable).
    public var root: String?
    /// `UBL`, `CII`, `PES`, `JSON` … when meaningful.
    public var syntax: String?
    public var encoding: String?
    public var size: Int
    public var notes: [String]
    /// Kind-specific fields of `inspect --json`, in EXPECTED.json's order and shape.
    public var fields: [(String, JSONValue)]
    public var error: XMLReadError?
    public var invoices: [Invoice]
    public var events: [ChainEvent]
    public var mandats: [Mandat]
    public var contracts: [Contract]

    public init(path: String, kind: DocumentKind, size: Int = 0) {
        self.path = path
        self.kind = kind
        self.size = size
        self.notes = []
        self.fields = []
        self.invoices = []
        self.events = []
        self.mandats = []
        self.contracts = []
    }

    /// The `inspect --json` object: `kind`, `root`, the kind's fields, `notes` (EXPECTED.json shape), plus
    /// `file`, `encoding`, `size` and, for unreadable files, `format`, `error`, `errorLine`, `errorColumn`.
    public var json: JSONValue {
        var o: [(String, JSONValue)] = [("file", .string(path)), ("kind", .string(kind.rawValue))]
        if kind == .notWellFormed, let error {
            o.append(("format", .string(syntax == "JSON" ? "json" : "xml")))
            o.append(("error", .string(error.message)))
            o.append(("errorLine", .int(error.line)))
            o.append(("errorColumn", .int(error.column)))
            if let off = error.byteOffset { o.append(("errorByteOffset", .int(off))) }
        } else {
            o.append(("root", .str(root)))
        }
        o.append(contentsOf: fields)
        o.append(("encoding", .str(encoding)))
        o.append(("size", .int(size)))
        o.append(("notes", .strings(notes)))
        return .object(o)
    }
}
