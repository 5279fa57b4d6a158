import Foundation
import MandatFormats
import MandatXML
import Testing

/// A Chorus Pro JSON answer too long to be real is refused in bounded memory, with a code of its own naming the
/// file, the line of the array, the count and the limit (docs/performance.md, "One large Chorus JSON answer").
@Suite("Chorus JSON: history and list length limits")
struct ChorusJSONLimitTests {
    /// A history of `n` entries for one invoice; the `histoStatut` array opens on line 6, column 20.
    static func history(_ n: Int) -> String {
        var s = "{\n  \"idFacture\": 900042,\n  \"numeroFacture\": \"FA-2025-0042\",\n"
        s += "  \"statutCourantCode\": \"DEPOSEE\",\n  \"historiquesDesStatuts\": {\n    \"histoStatut\": [\n"
        s += (0..<n).map { i in
            "      {\"histoStatutId\": \(i + 1), \"histoStatutCode\": \"DEPOSEE\", "
                + "\"histoStatutDatePassage\": \"2025-03-01 09:00\"}"
        }.joined(separator: ",\n")
        return s + "\n    ]\n  }\n}\n"
    }

    /// A `rechercher` list of `n` invoices; the `listeFactures` array opens on line 3, column 20.
    static func list(_ n: Int) -> String {
        var s = "{\n  \"pageCourante\": 1, \"pages\": 1, \"total\": \(n),\n  \"listeFactures\": [\n"
        s += (0..<n).map { i in
            "    {\"idFacture\": \(900_000 + i), \"numeroFacture\": \"FA-\(i)\", \"statut\": \"DEPOSEE\", "
                + "\"dateDepot\": \"2025-03-01\", \"montantAPayer\": 120}"
        }.joined(separator: ",\n")
        return s + "\n  ]\n}\n"
    }

    static func read(_ text: String, name: String) throws -> ReadDocument {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mandat-\(UUID().uuidString)-\(name)")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return DocumentReader.read(path: url.path, displayName: name)
    }

    @Test("A history of 10 001 entries for one invoice is refused: chorus.history-too-long, line, count, limit")
    func historyOverLimit() throws {
        let doc = try Self.read(Self.history(10_001), name: "histo.json")
        let e = try #require(doc.error)
        #expect(doc.kind == .notWellFormed)
        #expect(e.code == .chorusHistoryTooLong)
        #expect(e.file == "histo.json")
        #expect(e.line == 6)
        #expect(e.column == 20)
        #expect(
            e.message
                == "status history of 10001 entries for one invoice: over the limit of 10000 "
                + "(a real Chorus Pro history has tens); file refused")
        #expect(doc.events.isEmpty)
        #expect(e.description.hasSuffix("[chorus.history-too-long]"))
    }

    @Test("A history of exactly 10 000 entries is read: 10 000 events, the last with historyIndex 9999")
    func historyAtLimit() throws {
        let doc = try Self.read(Self.history(10_000), name: "histo.json")
        #expect(doc.error == nil)
        #expect(doc.kind == .chorusHistoryJSON)
        #expect(doc.events.count == 10_000)
        #expect(doc.events.last?.details["historyIndex"] == "9999")
    }

    @Test("A list of 10 001 invoices is refused: chorus.list-too-long tells the user to split the export")
    func listOverLimit() throws {
        let doc = try Self.read(Self.list(10_001), name: "liste.json")
        let e = try #require(doc.error)
        #expect(e.code == .chorusListTooLong)
        #expect(e.line == 3)
        #expect(e.column == 20)
        #expect(
            e.message
                == "invoice list of 10001 invoices: over the limit of 10000 per file; split the export into smaller "
                + "pages; file refused")
    }

    @Test("The limit is public, for the messages that name it: 10 000 items")
    func publicLimit() {
        #expect(ChorusJSONReader.maxArrayItems == 10_000)
    }

    @Test("A list of 10 000 invoices is read: one deposit event each")
    func listAtLimit() throws {
        let doc = try Self.read(Self.list(10_000), name: "liste.json")
        #expect(doc.error == nil)
        #expect(doc.kind == .chorusListJSON)
        #expect(doc.events.count == 10_000)
    }

    @Test("Any other array over the limit: json.array-too-long names the member; syntax errors past it still found")
    func otherArray() throws {
        let items = (0..<10_001).map(String.init).joined(separator: ",")
        let doc = try Self.read("{\"autre\": [\(items)]}", name: "autre.json")
        let e = try #require(doc.error)
        #expect(e.code == .jsonArrayTooLong)
        #expect(e.line == 1)
        #expect(e.column == 11)
        #expect(e.message == "JSON array 'autre' of 10001 items: over the limit of 10000; file refused")
        // A syntax error after the limit is still reported as such (the rest of the array is parsed, not skipped).
        let broken = try Self.read("{\"autre\": [\(items),]}", name: "broken.json")
        #expect(broken.error?.code == .jsonNotWellFormed)
    }
}
