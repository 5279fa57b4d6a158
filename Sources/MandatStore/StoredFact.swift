import Foundation
import MandatCore

/// A fact as its table's `json` column holds it: invoices, events and mandats in `StoredDossier`'s compact form
/// (`I1:`, `E1:`, `M1:`), contracts (rare, large) as JSON with sorted keys. Every reader also takes the JSON that
/// older stores wrote (a text starting with `{`), so a store written before the compact form needs no migration.
///
/// The import writes the text in its reading tasks (`EncodedRows`), on every core; the refresh and `facts()` read
/// it back on every core (`SQLMandatStore.decodeAll`).
package protocol StoredFact: Codable, Sendable {
    /// The text stored for this fact: valid UTF-8 without NUL, the same bytes on every run.
    ///
    /// - Parameter json: gives the encoder for the types still stored as JSON (sorted keys); the others never
    ///   call it, so a caller makes one only when it is needed.
    /// - Throws: what the encoder throws.
    func storedText(json: () -> JSONEncoder) throws -> String

    /// The fact of a stored text: the compact form, or the JSON of older stores.
    ///
    /// - Throws: `StoredDossier.FormatError` naming the byte offset, or the JSON decoder's error.
    static func fromStoredText(_ text: String, json: JSONDecoder) throws -> Self
}

extension Invoice: StoredFact {
    /// `I1:` and the invoice's fields (`StoredDossier.encode(_:)`).
    package func storedText(json: () -> JSONEncoder) -> String { StoredDossier.encode(self) }

    /// An `I1:` text, or JSON.
    package static func fromStoredText(_ text: String, json: JSONDecoder) throws -> Invoice {
        try StoredDossier.decodeInvoice(text, json: json)
    }
}

extension ChainEvent: StoredFact {
    /// `E1:` and the event's fields (`StoredDossier.encode(_:)`).
    package func storedText(json: () -> JSONEncoder) -> String { StoredDossier.encode(self) }

    /// An `E1:` text, or JSON.
    package static func fromStoredText(_ text: String, json: JSONDecoder) throws -> ChainEvent {
        try StoredDossier.decodeEvent(text, json: json)
    }
}

extension Mandat: StoredFact {
    /// `M1:` and the mandat's fields (`StoredDossier.encode(_:)`).
    package func storedText(json: () -> JSONEncoder) -> String { StoredDossier.encode(self) }

    /// An `M1:` text, or JSON.
    package static func fromStoredText(_ text: String, json: JSONDecoder) throws -> Mandat {
        try StoredDossier.decodeMandat(text, json: json)
    }
}

extension Contract: StoredFact {
    /// The contract's JSON (as the dossier's stored form keeps it too).
    package func storedText(json: () -> JSONEncoder) throws -> String {
        String(decoding: try json().encode(self), as: UTF8.self)
    }

    /// The contract's JSON.
    package static func fromStoredText(_ text: String, json: JSONDecoder) throws -> Contract {
        try json.decode(Contract.self, from: Data(text.utf8))
    }
}
