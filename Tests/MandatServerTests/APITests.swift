import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MandatCore
import MandatReports
import NIOCore
import Testing

@testable import MandatServer

/// The JSON API under `/api/v1` and its OpenAPI document.
@Suite struct APITests {
    func object(_ r: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(r.text.utf8)) as? [String: Any])
    }

    @Test func boardWithPaginationAndTotals() async throws {
        let s = try await TestServer.make()
        try await s.app.test(.router) { client in
            try await client.execute(
                uri: "/api/v1/dossiers?per_page=2&page=1", method: .get, headers: headers(bearer: s.tokens[.viewer])
            ) { r in
                #expect(r.status == .ok)
                let o = try object(r)
                #expect(o["asOf"] as? String == "2026-11-29")
                #expect(o["total"] as? Int == 3)
                #expect(o["pages"] as? Int == 2)  // ⌈3 / 2⌉
                #expect(o["perPage"] as? Int == 2)
                let items = try #require(o["items"] as? [[String: Any]])
                #expect(items.map { $0["invoiceNumber"] as? String } == ["FV-2026-0101", "FV-2026-0103"])
                #expect(items[0]["amountDue"] as? String == "12000.00")
                #expect(items[0]["dueDate"] as? String == "2026-10-31")
                #expect(items[0]["daysLate"] as? Int == 29)
                let totals = try #require(o["totals"] as? [String: Any])
                // Per currency, keyed by ISO 4217 code (all euros here).
                #expect(totals["amountDue"] as? [String: String] == ["EUR": "16300.50"])  // 12000.00 + 3500.50 + 800.00
                #expect(totals["moneyAtStake"] as? [String: String] == ["EUR": "12049.87"])  // 12000.00 + 0 + 49.87
                let byHolder = try #require(totals["byHolder"] as? [[String: Any]])
                #expect(byHolder.map { $0["label"] as? String } == ["ordonnateur", "comptable"])
                #expect(byHolder.map { $0["amount"] as? String } == ["3500.50", "12000.00"])
                #expect(byHolder.map { $0["currency"] as? String } == ["EUR", "EUR"])
                let byLate = try #require(totals["byLateness"] as? [[String: Any]])
                // d2 −11 d → not-due 3500.50; d1 29 d → 1-30 12000.00; d3 paid, left out
                #expect(byLate.map { $0["label"] as? String } == ["not-due", "1-30"])
            }
        }
    }

    @Test func sessionCookieAlsoOpensTheAPI() async throws {
        let s = try await TestServer.make()
        try await s.app.test(.router) { client in
            try await client.execute(
                uri: "/api/v1/dossiers?holder=comptable", method: .get, headers: headers(cookie: s.cookies[.viewer])
            ) { r in
                #expect(r.status == .ok)
                let o = try object(r)
                #expect(o["total"] as? Int == 1)
            }
        }
    }

    @Test func dossierDetail() async throws {
        let s = try await TestServer.make()
        try await s.app.test(.router) { client in
            try await client.execute(
                uri: "/api/v1/dossiers/d1", method: .get, headers: headers(bearer: s.tokens[.viewer])
            ) { r in
                #expect(r.status == .ok)
                let o = try object(r)
                #expect(o["id"] as? String == "d1")
                #expect(o["blocked"] as? Bool == true)
                let chain = try #require(o["chain"] as? [[String: Any]])
                #expect(chain.map { $0["lane"] as? String } == ["supplier", "platform", "ordonnateur", "comptable"])
                let clock = try #require(o["clock"] as? [String: Any])
                #expect(clock["delayDays"] as? Int == 30)
                let findings = try #require(o["findings"] as? [[String: Any]])
                #expect(findings.first?["code"] as? String == "comptable-over-share")
                #expect(findings.first?["moneyAtStake"] as? String == "12000.00")
            }
        }
    }

    @Test func postLogAndPromiseWithToken() async throws {
        let s = try await TestServer.make()
        try await s.app.test(.router) { client in
            let h = headers(bearer: s.tokens[.collector], json: true)
            try await client.execute(
                uri: "/api/v1/dossiers/d2/log", method: .post, headers: h,
                body: ByteBuffer(string: #"{"date":"2026-11-27","kind":"email","text":"Relance envoyée"}"#)
            ) { r in
                #expect(r.status == .created)
                let o = try object(r)
                #expect(o["id"] as? Int == 1)
                #expect(o["author"] as? String == "collector1")
                #expect(o["date"] as? String == "2026-11-27")
            }
            try await client.execute(
                uri: "/api/v1/dossiers/d2/promises", method: .post, headers: h,
                body: ByteBuffer(string: #"{"by":"2026-12-05","side":"ordonnateur","what":"mandat"}"#)
            ) { r in
                #expect(r.status == .created)
                let o = try object(r)
                #expect(o["madeOn"] as? String == "2026-11-29")  // default: today
            }
            for bad in ["not json", "[1,2]", #"{"text": 3}"#, #"{"kind":"call"}"#] {
                try await client.execute(
                    uri: "/api/v1/dossiers/d2/log", method: .post, headers: h, body: ByteBuffer(string: bad)
                ) { r in #expect(r.status == .badRequest, "\(bad)") }
            }
            try await client.execute(
                uri: "/api/v1/dossiers/ghost/log", method: .post, headers: h, body: ByteBuffer(string: #"{"text":"x"}"#)
            ) { r in #expect(r.status == .notFound) }
        }
        #expect(await s.repository.dossier(id: "d2", asOf: TestData.today)?.log.count == 1)
    }

    @Test func listsArePaginated() async throws {
        let s = try await TestServer.make()
        try await s.app.test(.router) { client in
            let h = headers(bearer: s.tokens[.viewer])
            try await client.execute(uri: "/api/v1/contracts", method: .get, headers: h) { r in
                let o = try object(r)
                #expect(o["total"] as? Int == 1)
                let c = try #require((o["items"] as? [[String: Any]])?.first)
                // Per currency, keyed by ISO 4217 code.
                #expect(c["invoiced"] as? [String: String] == ["EUR": "3500.50"])
                #expect(c["paid"] as? [String: String] == ["EUR": "0.00"])
                #expect(c["outstanding"] as? [String: String] == ["EUR": "3500.50"])  // 3500.50 − 0.00
            }
            try await client.execute(uri: "/api/v1/buyers", method: .get, headers: h) { r in
                let b = try #require((try object(r)["items"] as? [[String: Any]])?.first)
                #expect(b["segments"] as? [String] == ["atRisk"])
                #expect(b["outstanding"] as? [String: String] == ["EUR": "12000.00"])
                #expect((b["contacts"] as? [[String: Any]])?.first?["role"] as? String == "ordonnateurFinance")
            }
            try await client.execute(uri: "/api/v1/agenda?per_page=500", method: .get, headers: h) { r in
                let o = try object(r)
                #expect(o["perPage"] as? Int == 500)
                #expect((o["items"] as? [[String: Any]])?.first?["date"] as? String == "2026-12-01")
            }
            try await client.execute(uri: "/api/v1/digest", method: .get, headers: h) { r in
                let o = try object(r)
                #expect(o["dossierCount"] as? Int == 3)
                #expect((o["openBlockages"] as? [Any])?.count == 2)
            }
        }
    }

    /// Every route the router serves under /api/v1 is described in the OpenAPI document, and it is valid JSON.
    @Test func openAPIDocumentDescribesEveryRoute() async throws {
        let s = try await TestServer.make()
        try await s.app.test(.router) { client in
            try await client.execute(uri: "/api/v1/openapi.json", method: .get) { r in
                #expect(r.status == .ok)
                let o = try object(r)
                #expect((o["openapi"] as? String)?.hasPrefix("3.") == true)
                let paths = try #require(o["paths"] as? [String: [String: Any]])
                let expected: [(String, String)] = [
                    ("/api/v1/dossiers", "get"), ("/api/v1/dossiers/{id}", "get"),
                    ("/api/v1/dossiers/{id}/log", "post"),
                    ("/api/v1/dossiers/{id}/promises", "post"), ("/api/v1/contracts", "get"), ("/api/v1/buyers", "get"),
                    ("/api/v1/agenda", "get"), ("/api/v1/digest", "get"), ("/api/v1/accounts", "get"),
                    ("/api/v1/openapi.json", "get"),
                ]
                for (p, m) in expected { #expect(paths[p]?[m] != nil, "\(m) \(p)") }
                #expect(paths.count == 10)
            }
        }
    }

    /// With openapi-spec-validator installed (pip), the document validates; skipped otherwise.
    @Test(.enabled(if: validatorAvailable)) func openAPIValidates() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("mandat-openapi-\(getpid()).json")
        try OpenAPIDocument.json.write(to: tmp, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["openapi-spec-validator", tmp.path]
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
    }
}

let validatorAvailable: Bool = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    let found = path.split(separator: ":").contains {
        FileManager.default.isExecutableFile(atPath: "\($0)/openapi-spec-validator")
    }
    if !found {
        print(
            "note: openapi-spec-validator not installed (pip install openapi-spec-validator): validation test skipped")
    }
    return found
}()

/// Money in the API: every amount is a string with exactly two decimals, each dossier's figure rounded half-up to
/// the cent before any total (review: `"23062931.6558"`, `"3245.68145"`).
@Suite struct APIMoneyTests {
    static func view(_ id: String, due: String, interest: String, stake: String) -> DossierDetail {
        let v = DossierView(
            id: id, invoiceNumber: "FV-\(id)", buyerName: "Commune de Valbonne-sur-Lys", buyerSiret: nil,
            contractId: nil, stage: "mandated", holder: "comptable", since: TestData.d("2026-10-20"), daysAtHolder: 40,
            amountDue: Decimal(string: due), dueDate: TestData.d("2026-10-20"), daysLate: 40, paidDate: nil,
            paidAmount: nil, interest: Decimal(string: interest)!, indemnity: 40, interestDueBy: nil,
            rateProvisional: true, moneyAtStake: Decimal(string: stake)!, findings: [])
        return DossierDetail(
            view: v, chain: [], clock: ClockView(start: nil, delayDays: 30, suspendedDays: 0, shares: [], notes: []),
            log: [], promises: [])
    }

    @Test func rowsAndTotalsAreRoundedToTheCentPerDossier() async throws {
        // Given three dossiers whose figures have more than two decimals (all held by the comptable, 40 days late).
        let repo = InMemoryDashboardRepository(
            dossiers: [
                Self.view("m1", due: "3245.68145", interest: "1.23456", stake: "3246.91601"),
                Self.view("m2", due: "100.004", interest: "0.005", stake: "100.005"),
                Self.view("m3", due: "200.004", interest: "0", stake: "0"),
            ], contracts: [], buyers: [], agenda: [])
        let s = try await TestServer.make(repository: repo)
        try await s.app.test(.router) { client in
            try await client.execute(
                uri: "/api/v1/dossiers?per_page=500", method: .get, headers: headers(bearer: s.tokens[.viewer])
            ) { r in
                #expect(r.status == .ok)
                let o = try #require(try JSONSerialization.jsonObject(with: Data(r.text.utf8)) as? [String: Any])
                let items = try #require(o["items"] as? [[String: Any]])
                let m1 = try #require(items.first { $0["id"] as? String == "m1" })
                #expect(m1["amountDue"] as? String == "3245.68")  // 3245.68|145 → down
                #expect(m1["interest"] as? String == "1.23")  // 1.23|456 → down
                #expect(m1["moneyAtStake"] as? String == "3246.92")  // 3246.91|601 → up
                #expect(m1["indemnity"] as? String == "40.00")
                let m2 = try #require(items.first { $0["id"] as? String == "m2" })
                #expect(m2["interest"] as? String == "0.01")  // 0.00|5 → half-up
                #expect(m2["moneyAtStake"] as? String == "100.01")  // 100.00|5 → half-up
                let totals = try #require(o["totals"] as? [String: Any])
                // Cents per dossier, then summed: 3245.68 + 100.00 + 200.00 = 3545.68 (the raw sum 3545.68945
                // would round to 3545.69).
                #expect(totals["amountDue"] as? [String: String] == ["EUR": "3545.68"])
                // 3246.92 + 100.01 + 0.00 = 3346.93
                #expect(totals["moneyAtStake"] as? [String: String] == ["EUR": "3346.93"])
                let byHolder = try #require(totals["byHolder"] as? [[String: Any]])
                #expect(byHolder.map { $0["amount"] as? String } == ["3545.68"])
                let byLate = try #require(totals["byLateness"] as? [[String: Any]])
                #expect(byLate.map { $0["label"] as? String } == ["31-60"])
                #expect(byLate.map { $0["amount"] as? String } == ["3545.68"])
            }
        }
    }
}
