import Foundation
import MandatCore

/// Stub: Chorus Pro API JSON answers (status history, invoice lists), until written.
enum ChorusJSONReader {
    static func readHistory(_ value: JSONValue, into doc: inout ReadDocument) {}
    static func readList(_ value: JSONValue, into doc: inout ReadDocument) {}
}
