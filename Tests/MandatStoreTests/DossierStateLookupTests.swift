import Foundation
import MandatCore
import SQLKit
import Testing

@testable import MandatStore

/// Tests/MandatStoreTests/DossierStateLookupTests.swift → up 3 levels = the package root.
private let demoRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("fixtures/demo").path

/// Whole dossiers read from the materialised state (`show`, `digest`, `buyers`, the web board) against the same
/// answers computed by linking every fact.
@Suite("Dossier state lookups")
struct DossierStateLookupTests {
    @Test("Every dossier and the unlinked events, and find for every kind of query, equal the full linking", arguments: backendsUnderTest)
    func demo(_ backend: StoreBackend) async throws {
        let db = try TestDB(backend)
        let s = try await db.open()
        _ = try await Importer(store: s).run(paths: [demoRoot])
        let facts = try await s.facts()
        let full = DossierLinker.build(facts)
        let stored = try #require(try await s.stateBuild())
        #expect(stored.dossiers == full.dossiers)
        #expect(stored.unlinked == full.unlinked)
        #expect(try await s.stateDossiers() == full.dossiers)
        #expect(try await s.contracts() == facts.contracts)

        // Queries of every rule of Board.find: ids, invoice numbers as written and in other case and spacing,
        // Chorus ids, mandats, event ids, parts of ids, nothing.
        var queries: [String] = []
        for d in full.dossiers {
            queries.append(d.id)
            if let n = d.invoiceNumber { queries += [n, " " + n.lowercased() + " "] }
            if let c = d.invoice?.chorusId { queries.append(c) }
            queries += d.mandats.map(\.key.description)
            queries += d.events.prefix(2).map(\.id)
            queries += d.events.compactMap { $0.invoice?.chorusId }
        }
        queries += ["0088", "fv-2025", "847319027", "AV-", "ZZZ-NOTHING", "/", ""]
        #expect(queries.count > 100)
        for q in queries {
            let expected = Board.find(q, in: full.dossiers)
            let got = try #require(try await s.stateFind(q))
            #expect(got.map(\.id) == expected.map(\.id), "query \(q)")
            #expect(got == expected, "query \(q)")
        }
        // By hand: docs/demo.md's FV-2025-0088, by its number in lower case with spaces around.
        let one = try #require(try await s.stateFind(" fv-2025-0088 "))
        #expect(one.map(\.id) == ["847319027/FV-2025-0088/2025-12-23/380"])

        // A file recorded after the last refresh: the state is behind, the lookups say nil (callers link facts).
        try await s.db.raw("UPDATE settings SET value = REPLACE(value, '\"seq\":', '\"seq\":-1') WHERE key = 'dossier_state'")
            .run()
        #expect(try await s.stateFind("FV-2025-0088") == nil)
        #expect(try await s.stateDossiers() == nil)
        try await s.close()
        await db.destroy()
    }

    @Test("A mandat written as MandatKey.description names its bordereau's key; anything else is not one")
    func mandatQuery() {
        #expect(
            SQLMandatStore.bordereauKey(mandatDescription: "21750001600019/2026/B412/M17")
                == "b:21750001600019\u{1F}2026\u{1F}412")
        #expect(
            SQLMandatStore.bordereauKey(mandatDescription: "21750001600019/2026/B412")
                == "b:21750001600019\u{1F}2026\u{1F}412")
        #expect(SQLMandatStore.bordereauKey(mandatDescription: "21750001600019/2026/412/M17") == nil)
        #expect(SQLMandatStore.bordereauKey(mandatDescription: "21750001600019/2026/B412/17") == nil)
        #expect(SQLMandatStore.bordereauKey(mandatDescription: "FV-2025-0088") == nil)
    }
}
