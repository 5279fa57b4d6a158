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
    ///
    /// A PES_Aller's `mandats` list is not kept while reading: it is made from `mandats` each time `fields` is
    /// read (kept, those objects were a large share of the 3.4 KB per mandat the reader used to hold; issue 4,
    /// docs/performance.md). Changing `fields` first makes it for good, so a document read and then edited says
    /// what it did before.
    public var fields: [(String, JSONValue)] {
        get {
            guard let at = derivedMandatsAt else { return storedFields }
            var all = storedFields
            all.insert(derivedMandatsField, at: min(at, all.count))
            return all
        }
        _modify {
            settleDerivedFields()
            yield &storedFields
        }
        set {
            storedFields = newValue
            derivedMandatsAt = nil
        }
    }
    /// The fields kept as read (all of them but a PES_Aller's `mandats`).
    private var storedFields: [(String, JSONValue)]
    /// Where in `fields` the PES_Aller `mandats` list made from `mandats` goes, or nil.
    private(set) var derivedMandatsAt: Int?
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
        self.storedFields = []
        self.invoices = []
        self.events = []
        self.mandats = []
        self.contracts = []
    }

    /// The field named `key` (the first one), or nil; a PES_Aller's `mandats` list is made only when it is
    /// the one asked for.
    public func field(_ key: String) -> JSONValue? {
        if derivedMandatsAt != nil, key == "mandats" { return fields.first { $0.0 == key }?.1 }
        return storedFields.first { $0.0 == key }?.1
    }

    /// Puts the PES_Aller `mandats` field at `index` of `fields`: made from `mandats` whenever `fields` is read.
    mutating func deriveMandatsField(at index: Int) {
        settleDerivedFields()
        derivedMandatsAt = index
    }

    private var derivedMandatsField: (String, JSONValue) { ("mandats", .array(mandats.map(PESAllerReader.json))) }

    /// Makes a derived field an ordinary one (before `fields` is changed).
    private mutating func settleDerivedFields() {
        guard let at = derivedMandatsAt else { return }
        storedFields.insert(derivedMandatsField, at: min(at, storedFields.count))
        derivedMandatsAt = nil
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
