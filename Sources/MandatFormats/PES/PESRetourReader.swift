import Foundation
import MandatCore
import MandatXML

/// Stub: checks well-formedness only, until the format's reader is written.
enum PESRetourReader {
    static func read(path: String, into doc: inout ReadDocument) throws {
        try WellFormedness.check(path: path, into: &doc)
    }
}
