import Foundation
import Logging
import MandatCore
import MandatStore
import Testing

@testable import MandatServer

/// The SQL-backed repository over an in-memory SQLite store: web migration 2001, accounts, sessions, tokens,
/// and the desk's log and promises through the dashboard.
@Suite struct StoreRepositoryTests {
    func open() async throws -> (StoreDashboardRepository, SQLMandatStore) {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let store = try await StoreLocation.sqlite(path: ":memory:").open(logger: logger)
        try await store.migrateWeb()
        try await store.migrateWeb()  // idempotent: a second run applies nothing and does not fail
        let repo = StoreDashboardRepository(store: store, desk: try await store.deskStore())
        return (repo, store)
    }

    @Test func accountsSessionsAndTokensRoundTrip() async throws {
        let (repo, store) = try await open()
        try await AccountAdmin.add(
            name: "paul", role: .collector, password: "long enough pw", repository: repo, cost: 4)
        try await AccountAdmin.add(name: "anne", role: .admin, password: "long enough pw", repository: repo, cost: 4)
        #expect(try await repo.accounts().map(\.name) == ["anne", "paul"])
        #expect(try await repo.account(named: "paul")?.role == .collector)
        // replacing an account keeps one row
        try await AccountAdmin.add(name: "paul", role: .viewer, password: "another password", repository: repo, cost: 4)
        #expect(try await repo.accounts().count == 2)
        #expect(try await repo.account(named: "paul")?.role == .viewer)

        let cookie = try await AccountAdmin.openSession(name: "paul", repository: repo, seconds: 60)
        let hash = WebSecrets.digest(cookie)
        let session = try #require(try await repo.session(tokenHash: hash))
        #expect(session.account == "paul")
        #expect(session.csrf.count == 64)  // 32 random bytes in hex
        try await repo.deleteSession(tokenHash: hash)
        #expect(try await repo.session(tokenHash: hash) == nil)

        let token = try await AccountAdmin.issueToken(name: "anne", repository: repo)
        #expect(try await repo.apiToken(hash: WebSecrets.digest(token))?.account == "anne")
        #expect(try await repo.apiToken(hash: WebSecrets.digest("mdt_wrong")) == nil)
        try await store.close()
    }

    @Test func emptyStoreServesAnEmptyBoard() async throws {
        let (repo, store) = try await open()
        let asOf = try #require(CivilDate(iso: "2026-11-29"))
        #expect(try await repo.dossiers(asOf: asOf).isEmpty)
        #expect(try await repo.dossier(id: "nope", asOf: asOf) == nil)
        #expect(try await repo.contracts(asOf: asOf).isEmpty)
        #expect(try await repo.agenda(asOf: asOf).isEmpty)
        try await store.close()
    }

    @Test func logAndPromisesGoToTheDesk() async throws {
        let (repo, store) = try await open()
        let d = try #require(CivilDate(iso: "2026-11-28"))
        let e = try await repo.addLogEntry(
            NewLogEntry(
                dossierId: "x", date: d, kind: "call", contact: "Mme Martin", text: "Rappeler lundi", author: "paul"))
        #expect(e.id == 1 && e.kind == "call" && e.author == "paul")
        let by = try #require(CivilDate(iso: "2026-12-05"))
        let p = try await repo.addPromise(
            NewPromise(dossierId: "x", madeOn: d, by: by, side: "comptable", what: "payment", contact: nil, note: nil))
        #expect(p.by == by && p.side == "comptable")
        let desk = try await store.deskStore()
        #expect(try await desk.log(dossierId: "x").first?.text == "Rappeler lundi")
        #expect(try await desk.promises(dossierId: "x").count == 1)
        await #expect(throws: WebError.self) {
            _ = try await repo.addLogEntry(
                NewLogEntry(dossierId: "x", date: d, kind: "fax", contact: nil, text: "t", author: nil))
        }
        try await store.close()
    }
}
