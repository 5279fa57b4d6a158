import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import MandatCore
import MandatStore
import Testing

@testable import MandatServer

/// The SQL-backed repository over an in-memory SQLite store: web migration 2001, accounts, sessions, tokens,
/// and the desk's log and promises through the dashboard.
@Suite struct StoreRepositoryTests {
    func open(recheckSeconds: TimeInterval = 1, waitSeconds: TimeInterval = 1) async throws -> (
        StoreDashboardRepository, SQLMandatStore
    ) {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let store = try await StoreLocation.sqlite(path: ":memory:").open(logger: logger)
        try await store.migrateWeb()
        try await store.migrateWeb()  // idempotent: a second run applies nothing and does not fail
        let repo = StoreDashboardRepository(
            store: store, desk: try await store.deskStore(), recheckSeconds: recheckSeconds, waitSeconds: waitSeconds)
        return (repo, store)
    }

    func object(_ r: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(r.text.utf8)) as? [String: Any])
    }

    /// `fixtures/store/<name>`, from this file: Tests/MandatServerTests/<file>.swift → up 3 levels.
    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("fixtures/store/\(name)").path
    }

    @Test("The web board as of a day leaves out the dossiers first dated after it")
    func boardAsOfLeavesOutLaterDossiers() async throws {
        let (repo, store) = try await open()
        // fixtures/store/invoice_ubl.xml: SYN-2025-001, issued 2025-03-01, its first known date.
        _ = try await Importer(store: store).run(paths: [Self.fixture("invoice_ubl.xml")])
        #expect(try await repo.dossiers(asOf: CivilDate(iso: "2025-02-28")!).map(\.invoiceNumber) == [])
        #expect(try await repo.dossiers(asOf: CivilDate(iso: "2025-03-01")!).map(\.invoiceNumber) == ["SYN-2025-001"])
        try await store.close()
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

    @Test func dossiersAreBuiltOncePerDataVersionAndAssessedOncePerDate() async throws {
        let (repo, store) = try await open(recheckSeconds: 0, waitSeconds: 600)
        let asOf = try #require(CivilDate(iso: "2026-11-29"))
        let later = try #require(CivilDate(iso: "2026-12-01"))
        #expect(try await repo.dataVersion(asOf: asOf) == "files-0-seq-0")
        #expect(try await repo.dossiers(asOf: asOf).isEmpty)
        #expect(try await repo.dossiers(asOf: asOf).isEmpty)
        _ = try await repo.dossiers(asOf: later)
        // one build of the (empty) facts; one assessment per date, the second request of a date reuses it
        #expect(await repo.builds == 1)
        #expect(await repo.assessments == 2)

        let summary = try await Importer(store: store).run(paths: [Self.fixture("invoice_ubl.xml")])
        #expect(summary.filesImported == 1)
        #expect(try await repo.dataVersion(asOf: asOf) == "files-1-seq-1")
        let views = try await repo.dossiers(asOf: asOf)
        #expect(views.map(\.invoiceNumber) == ["SYN-2025-001"])
        #expect(views.first?.amountDue == Decimal(string: "12000.00"))
        #expect(await repo.builds == 2)
        #expect(await repo.assessments == 3)
        _ = try await repo.dossiers(asOf: asOf)
        #expect(await repo.builds == 2)  // same version: nothing rebuilt
        try await store.close()
    }

    @Test func aLongRebuildServesThePreviousDossiersMeanwhile() async throws {
        let (repo, store) = try await open(recheckSeconds: 0, waitSeconds: 0)
        let asOf = try #require(CivilDate(iso: "2026-11-29"))
        #expect(try await repo.dossiers(asOf: asOf).isEmpty)  // the first build is awaited, whatever waitSeconds
        _ = try await Importer(store: store).run(paths: [Self.fixture("invoice_ubl.xml")])
        // the rebuild starts with this request, which does not wait for it: the previous (empty) board
        #expect(try await repo.dossiers(asOf: asOf).isEmpty)
        var seen: [String] = []
        for _ in 0..<500 where seen.isEmpty {
            try await Task.sleep(nanoseconds: 10_000_000)
            seen = try await repo.dossiers(asOf: asOf).map(\.invoiceNumber)
        }
        #expect(seen == ["SYN-2025-001"])  // once rebuilt, the new dossier is served
        #expect(await repo.builds == 2)  // no second rebuild started by the requests made meanwhile
        try await store.close()
    }

    @Test func anImportBetweenTwoRequestsIsOnTheNextBoard() async throws {
        let (repo, store) = try await open(recheckSeconds: 0, waitSeconds: 600)
        try await AccountAdmin.add(name: "anne", role: .viewer, password: "long enough pw", repository: repo, cost: 4)
        let token = try await AccountAdmin.issueToken(name: "anne", repository: repo)
        // the default board cache (15 s): only the data version can make the second request see the import
        let app = try buildApplication(repository: repo, options: ServerOptions(today: { TestData.today }))
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/dossiers", method: .get, headers: headers(bearer: token)) { r in
                #expect(r.status == .ok)
                let o = try object(r)
                #expect(o["total"] as? Int == 0)
            }
            try await client.execute(uri: "/", method: .get, headers: headers(bearer: token)) { r in
                #expect(r.status == .ok)
                #expect(!r.text.contains("SYN-2025-001"))
            }
            _ = try await Importer(store: store).run(paths: [Self.fixture("invoice_ubl.xml")])
            try await client.execute(uri: "/api/v1/dossiers", method: .get, headers: headers(bearer: token)) { r in
                let o = try object(r)
                #expect(o["total"] as? Int == 1)
                let items = try #require(o["items"] as? [[String: Any]])
                #expect(items.map { $0["invoiceNumber"] as? String } == ["SYN-2025-001"])
                #expect(items.first?["amountDue"] as? String == "12000.00")
            }
            try await client.execute(uri: "/", method: .get, headers: headers(bearer: token)) { r in
                #expect(r.text.contains("SYN-2025-001"))
                #expect(r.text.contains("Commune de Synthèse"))
            }
        }
        try await store.close()
    }
}
