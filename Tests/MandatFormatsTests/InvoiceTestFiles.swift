import Foundation
import MandatCore

@testable import MandatFormats

/// Where the invoice tests find their files: the project's `fixtures/invoices/` and the shared real-world
/// corpus at `../shared/corpus` (both derived from this file's path: Tests/MandatFormatsTests/… → up 3 levels).
enum InvoiceTestFiles {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let corpus = packageRoot.appendingPathComponent("../shared/corpus").standardizedFileURL

    /// True when the shared corpus (with EXPECTED.json) is present; corpus tests skip otherwise.
    static let corpusAvailable: Bool = {
        let ok = FileManager.default.fileExists(atPath: corpus.appendingPathComponent("EXPECTED.json").path)
        if !ok { print("note: \(corpus.path) is absent: the invoice corpus tests are skipped") }
        return ok
    }()

    /// The path of a fixture in `fixtures/invoices/`.
    static func fixture(_ name: String) -> String {
        packageRoot.appendingPathComponent("fixtures/invoices/\(name)").path
    }

    /// Reads a fixture through the public entry point.
    static func read(_ name: String) -> ReadDocument {
        DocumentReader.read(path: fixture(name), displayName: name)
    }

    /// The field `key` of a document's `inspect --json` fields.
    static func field(_ doc: ReadDocument, _ key: String) -> JSONValue? {
        doc.fields.first { $0.0 == key }?.1
    }

    /// EXPECTED.json parsed (ordered), or nil when the corpus is absent.
    static func expected() throws -> JSONValue? {
        guard corpusAvailable else { return nil }
        let data = try Data(contentsOf: corpus.appendingPathComponent("EXPECTED.json"))
        return try StrictJSON.parse(data).value
    }
}
