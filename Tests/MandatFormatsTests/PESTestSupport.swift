import Foundation
import MandatCore
import Testing

@testable import MandatFormats

/// Where the chain tests find their files: the project's own synthetic fixtures (`fixtures/chain/`) and the
/// shared real-world corpus (`../shared/corpus`, optional).
enum ChainFiles {
    /// Tests/MandatFormatsTests/PESTestSupport.swift → up 3 levels = the package root.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static func fixture(_ name: String) -> String { packageRoot.appendingPathComponent("fixtures/chain/\(name)").path }
    static let corpusRoot = packageRoot.appendingPathComponent("../shared/corpus").standardizedFileURL
    static let corpusAvailable: Bool = {
        let ok = FileManager.default.fileExists(atPath: corpusRoot.appendingPathComponent("EXPECTED.json").path)
        if !ok { print("note: ../shared/corpus is absent: the corpus conformance tests are skipped") }
        return ok
    }()

    /// Reads a fixture through the public entry point, named by its file name.
    static func read(_ name: String) -> ReadDocument { DocumentReader.read(path: fixture(name), displayName: name) }

    /// Writes `text` to a temporary file (in `encoding`) and reads it; the file is removed afterwards.
    static func readText(_ text: String, name: String, encoding: String.Encoding = .utf8) throws -> ReadDocument {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mandat-chain-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent(name)
        let data = try #require(text.data(using: encoding))
        try data.write(to: url)
        return DocumentReader.read(path: url.path, displayName: name)
    }
}

extension ReadDocument {
    /// The `inspect --json` fields as one object, for lookups.
    var fieldsObject: JSONValue { .object(fields) }
}

extension JSONValue {
    /// Element `i` of an array, or nil.
    subscript(index i: Int) -> JSONValue? {
        guard case .array(let a) = self, i >= 0, i < a.count else { return nil }
        return a[i]
    }
    /// The number of elements of an array (nil otherwise).
    var count: Int? {
        if case .array(let a) = self { return a.count }
        return nil
    }
}

/// Shorthand for decimal literals in tests.
func dec(_ s: String) -> Decimal { Decimal(string: s, locale: Locale(identifier: "en_US_POSIX")) ?? .nan }
/// Shorthand for dates in tests.
func day(_ s: String) -> CivilDate? { CivilDate(iso: s) }
