import Foundation
import MandatCore
import Testing

@testable import MandatStore

/// The PostgreSQL URL for the desk suite (`MANDAT_TEST_POSTGRES_URL`); unset: PostgreSQL runs are skipped.
let deskPostgresURL: String? = {
    let v = ProcessInfo.processInfo.environment["MANDAT_TEST_POSTGRES_URL"]
    return (v?.isEmpty ?? true) ? nil : v
}()

/// The engines the desk store suite runs on.
enum DeskEngine: String, CaseIterable, Sendable {
    case memory, file, sqlite, postgres

    static var underTest: [DeskEngine] {
        if deskPostgresURL == nil {
            print("note: MANDAT_TEST_POSTGRES_URL is not set: the desk store suite skips PostgreSQL")
            return [.memory, .file, .sqlite]
        }
        return allCases
    }

    /// Runs `body` on a fresh store and closes it afterwards (SQLite connections must be closed).
    func with(_ body: (any DeskStore) async throws -> Void) async throws {
        let store = try await make()
        do {
            try await body(store)
        } catch {
            if let s = store as? SQLDeskStore { try? await s.close() }
            throw error
        }
        if let s = store as? SQLDeskStore { try await s.close() }
    }

    /// A fresh, empty store (its own temp folder or PostgreSQL schema).
    func make() async throws -> any DeskStore {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mandat-desk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        switch self {
        case .memory: return InMemoryDeskStore()
        case .file: return FileDeskStore(path: dir.appendingPathComponent("desk.json").path)
        case .sqlite: return try await SQLDeskStore.openSQLite(path: dir.appendingPathComponent("desk.sqlite").path)
        case .postgres:
            let schema = "d_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
            return try await SQLDeskStore.openPostgres(url: deskPostgresURL ?? "", schema: String(schema))
        }
    }
}

// Synthetic: invented buyer, SIRET 21060001400018 (Luhn key valid).
private let siret = "21060001400018"
private func d(_ s: String) -> CivilDate { CivilDate(iso: s)! }

@Suite("Desk store: the same behaviour on every engine")
struct DeskSQLStoreTests {
    @Test(arguments: DeskEngine.underTest)
    func buyersAreUpsertedBySiret(_ engine: DeskEngine) async throws {
        try await engine.with { store in
            var b = BuyerRecord(
                siret: siret, name: "Commune de Valbonne-sur-Lys", category: .localAuthority,
                contacts: [BuyerContact(name: "Aline Martin", role: .serviceGestionnaire, phone: "04 93 00 00 01")],
                segments: [.new], notes: "ligne 1\nligne 2, « guillemets » ; 'apostrophe'")
            try await store.saveBuyer(b)
            #expect(try await store.buyer(siret: siret) == b)
            b.name = "Commune de Valbonne"
            b.contacts.append(
                BuyerContact(name: "Bruno Petit", role: .ordonnateurFinance, email: "bp@valbonne.example"))
            try await store.saveBuyer(b)
            #expect(try await store.buyers() == [b])
            #expect(try await store.buyer(siret: "13000000000013") == nil)
        }
    }

    @Test(arguments: DeskEngine.underTest)
    func logIsAppendOnlyWithIncreasingIdsAndCorrections(_ engine: DeskEngine) async throws {
        try await engine.with { store in
            let a = try await store.appendLog(
                LogEntry(
                    id: 42, dossierId: "D1", date: d("2026-03-19"), kind: .call, contact: "Bruno Petit",
                    outcome: .awaitingMandat, text: "mandat fin mars"))
            let b = try await store.appendLog(
                LogEntry(
                    dossierId: "D2", date: d("2026-03-05"), kind: .note, outcome: .interestReceived, text: "IM",
                    amount: Decimal(string: "53.90")))
            let c = try await store.appendLog(
                LogEntry(
                    dossierId: "D1", date: d("2026-03-05"), kind: .call, outcome: .voicemail, text: "message",
                    corrects: a.id))
            // Ids are the store's (the 42 given is ignored): 1, 2, 3.
            #expect([a.id, b.id, c.id] as [Int] == [1, 2, 3])
            // Per dossier, by date then id: the 03-05 correction comes before the 03-19 call.
            #expect(try await store.log(dossierId: "D1").map(\.id) == [3, 1])
            #expect(try await store.log(dossierId: nil).map(\.id) == [2, 3, 1])
            // The amount survives the round trip exactly.
            #expect(try await store.log(dossierId: "D2").first?.amount == Decimal(string: "53.90"))
            #expect(try await store.log(dossierId: "D1").last == a.withId(1))
            await #expect(throws: DeskError.self) {
                _ = try await store.appendLog(
                    LogEntry(dossierId: "D1", date: d("2026-03-20"), kind: .note, text: "x", corrects: 99))
            }
            // The refused correction left nothing behind.
            #expect(try await store.log(dossierId: nil).count == 3)
        }
    }

    @Test(arguments: DeskEngine.underTest)
    func promisesKeepTheirOrder(_ engine: DeskEngine) async throws {
        try await engine.with { store in
            let p1 = try await store.addPromise(
                Promise(
                    dossierId: "D1", madeOn: d("2026-03-19"), by: d("2026-03-31"), side: .ordonnateur, what: .mandat,
                    contact: "Bruno Petit"))
            let p2 = try await store.addPromise(
                Promise(dossierId: "D2", madeOn: d("2026-03-20"), by: d("2026-04-10"), side: .comptable, what: .payment)
            )
            #expect([p1.id, p2.id] as [Int] == [1, 2])
            #expect(try await store.promises(dossierId: "D1") == [p1])
            #expect(try await store.promises(dossierId: nil) == [p1, p2])
        }
    }

    @Test func sqliteMigrationIsIdempotentAndDataPersists() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mandat-desk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("desk.sqlite").path
        let a = try await SQLDeskStore.openSQLite(path: path)
        _ = try await a.appendLog(LogEntry(dossierId: "D1", date: d("2026-03-19"), kind: .call, text: "appel"))
        try await a.close()
        let b = try await SQLDeskStore.openSQLite(path: path)  // migrates again: nothing to do
        try await b.migrate()
        #expect(try await b.log(dossierId: "D1").map(\.text) == ["appel"])
        try await b.close()
    }
}

extension LogEntry {
    fileprivate func withId(_ id: Int) -> LogEntry {
        var e = self
        e.id = id
        return e
    }
}

@Suite("Desk store: beside the store, in the same database")
struct DeskBesideStoreTests {
    @Test func deskAndStoreMigrationsShareSchemaMigrations() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mandat-desk-\(UUID().uuidString)")
        let location = StoreLocation.sqlite(path: dir.appendingPathComponent("sub/mandat.sqlite").path)
        // Desk first (creates the folder and schema_migrations), then the store, then the desk again.
        let desk = try await SQLDeskStore.open(location)
        try await desk.saveBuyer(BuyerRecord(siret: siret, name: "Commune de Valbonne-sur-Lys"))
        try await desk.close()
        let store = try await location.open()
        let versions = try await store.appliedMigrations()
        try await store.close()
        // The store's own migrations (1, …) and the desk's 1001, side by side.
        #expect(versions.contains(1))
        #expect(versions.contains(1001))
        #expect(versions.filter { $0 >= 1001 } == [1001])
        let again = try await SQLDeskStore.open(location)
        #expect(try await again.buyers().map(\.name) == ["Commune de Valbonne-sur-Lys"])
        try await again.close()
    }
}
