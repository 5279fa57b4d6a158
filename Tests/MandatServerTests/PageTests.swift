import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MandatCore
import NIOCore
import Testing

@testable import MandatServer

/// The HTML pages: content, filters, bad input, escaping.
@Suite struct PageTests {
    @Test func boardShowsEveryDossierWithTotalsInFrench() async throws {
        let s = try await TestServer.make()
        try await s.app.test(.router) { client in
            try await client.execute(uri: "/", method: .get, headers: headers(cookie: s.cookies[.viewer])) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.contentType] == "text/html; charset=utf-8")
                let csp = try #require(r.headers[HTTPField.Name("Content-Security-Policy")!])
                #expect(csp.contains("default-src 'none'"))
                let html = r.text
                #expect(html.contains("<html lang=\"fr\">"))
                #expect(html.contains("Tableau de bord au 29/11/2026"))
                for n in ["FV-2026-0101", "FV-2026-0102", "FV-2026-0103"] { #expect(html.contains(n)) }
                // 3 dossiers; due 12 000,00 + 3 500,50 + 800,00 = 16 300,50; at stake 12 000,00 + 0 + 49,87 = 12 049,87
                #expect(html.contains("3 dossier(s)"))
                #expect(html.contains("16\u{202F}300,50"))
                #expect(html.contains("12\u{202F}049,87"))
                // the sorted order is by money at stake: d1 (12 000) before d3 (49,87) before d2 (0)
                let i1 = try #require(html.range(of: "FV-2026-0101")).lowerBound
                let i3 = try #require(html.range(of: "FV-2026-0103")).lowerBound
                let i2 = try #require(html.range(of: "FV-2026-0102")).lowerBound
                #expect(i1 < i3 && i3 < i2)
                // charts: two inline SVGs, outstanding by holder = ordonnateur 3 500,50, comptable 12 000,00 (paid d3 left out)
                #expect(html.components(separatedBy: "<svg").count - 1 == 2)
                #expect(html.contains("3\u{202F}500,50"))
                #expect(html.contains("comptable public"))
                #expect(!html.contains("<script"))
            }
        }
    }

    @Test func boardInEnglish() async throws {
        let s = try await TestServer.make()
        try await s.app.test(.router) { client in
            try await client.execute(uri: "/?lang=en", method: .get, headers: headers(cookie: s.cookies[.viewer])) {
                r in
                #expect(r.status == .ok)
                #expect(r.text.contains("<html lang=\"en\">"))
                #expect(r.text.contains("Board as of 2026-11-29"))
                #expect(r.text.contains("16,300.50"))
                #expect(r.text.contains("href=\"/dossiers/d1?lang=en\""))
            }
        }
    }

    struct FilterCase: Sendable, CustomStringConvertible {
        var query: String
        var shown: [String]
        var hidden: [String]
        var description: String { query }
    }

    static let filterCases = [
        FilterCase(query: "blocked=1", shown: ["FV-2026-0101", "FV-2026-0103"], hidden: ["FV-2026-0102"]),
        FilterCase(query: "holder=ordonnateur", shown: ["FV-2026-0102"], hidden: ["FV-2026-0101", "FV-2026-0103"]),
        // buyer= follows `mandat status --buyer`: a SIREN or SIRET with a right Luhn key. 260600010: key right
        // (from the right, every second digit doubled, 12 counted 3: 0+2+0+0+0+3+0+3+2 = 10), no such buyer.
        FilterCase(query: "buyer=260600010", shown: [], hidden: ["FV-2026-0101", "FV-2026-0102", "FV-2026-0103"]),
        FilterCase(query: "buyer=26990001700014", shown: ["FV-2026-0102"], hidden: ["FV-2026-0101"]),
        // normalised: separators and case ignored
        FilterCase(query: "contract=2025%2Ftrx%2F014", shown: ["FV-2026-0102"], hidden: ["FV-2026-0101"]),
    ]

    @Test(arguments: filterCases)
    func boardFilters(c: FilterCase) async throws {
        let s = try await TestServer.make()
        try await s.app.test(.router) { client in
            try await client.execute(uri: "/?" + c.query, method: .get, headers: headers(cookie: s.cookies[.viewer])) {
                r in
                #expect(r.status == .ok)
                let rows = r.text.components(separatedBy: "<tbody>").last ?? ""
                for n in c.shown { #expect(rows.contains(n), "\(c.query) should show \(n)") }
                for n in c.hidden { #expect(!rows.contains(n), "\(c.query) should hide \(n)") }
            }
        }
    }

    @Test(arguments: [
        ("as_of=2026-13-01", "bad-date"), ("as_of=29/11/2026", "bad-date"), ("holder=mayor", "bad-filter"),
        ("sort=amount", "bad-filter"), ("blocked=maybe", "bad-filter"), ("buyer=abc", "bad-filter"),
        // Refused like `mandat status --buyer`: 3 digits is no SIREN; 21990412500017 fails Luhn (Luhn sum 41,
        // not a multiple of 10; ...16 gives 40, right).
        ("buyer=123", "bad-filter"), ("buyer=21990412500017", "bad-filter"),
        ("page=0", "bad-page"), ("per_page=100000", "bad-page"), ("lang=de", "bad-lang"),
    ])
    func badFiltersAre400(query: String, code: String) async throws {
        let s = try await TestServer.make()
        try await s.app.test(.router) { client in
            try await client.execute(uri: "/?" + query, method: .get, headers: headers(cookie: s.cookies[.viewer])) {
                r in
                #expect(r.status == .badRequest)
                #expect(r.text.contains(code))
                #expect(r.text.contains("<h1>Erreur</h1>"))
                // The French layout says it in French (the API's JSON keeps the English message).
                #expect(!r.text.contains(" must be ") && !r.text.contains("dates are written"))
            }
            try await client.execute(
                uri: "/api/v1/dossiers?" + query, method: .get, headers: headers(bearer: s.tokens[.viewer])
            ) { r in
                #expect(r.status == .badRequest)
                #expect(r.text.contains("\"code\":\"\(code)\""))
            }
        }
    }

    @Test("An impossible date on a French page: why, in French")
    func impossibleDateInFrench() async throws {
        let s = try await TestServer.make()
        try await s.app.test(.router) { client in
            try await client.execute(
                uri: "/?as_of=2026-02-30", method: .get, headers: headers(cookie: s.cookies[.viewer])
            ) { r in
                #expect(r.status == .badRequest)
                // 2026 is not a leap year: February has 28 days.
                #expect(
                    r.text.contains(
                        "les dates s&#39;écrivent AAAA-MM-JJ : « 2026-02-30 » : date impossible : le 30 février 2026 n&#39;existe pas (février 2026 a 28 jours)"
                    ) || r.text.contains(
                        "les dates s'écrivent AAAA-MM-JJ : « 2026-02-30 » : date impossible : le 30 février 2026 n'existe pas (février 2026 a 28 jours)"))
            }
        }
    }

    @Test(arguments: ["' OR 1=1 --", "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>"])
    func injectionInFiltersIsEscapedAndHarmless(attack: String) async throws {
        let s = try await TestServer.make()
        try await s.app.test(.router) { client in
            let q = "/?contract=" + FormCoding.percentEncode(attack)
            try await client.execute(uri: q, method: .get, headers: headers(cookie: s.cookies[.viewer])) { r in
                #expect(r.status == .ok)
                let html = r.text
                // nothing matches: the filter is a value, never SQL or markup
                #expect(html.contains("Aucun dossier."))
                #expect(!html.contains(attack) || !attack.contains("<"))
                #expect(!html.contains("<script>alert"))
                #expect(!html.contains("<img src=x"))
                if attack.contains("<script>") { #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;")) }
                if attack.contains("'") { #expect(html.contains("&#39; OR 1=1 --")) }
            }
        }
    }

    @Test func pagination() async throws {
        let s = try await TestServer.make()
        try await s.app.test(.router) { client in
            try await client.execute(
                uri: "/?per_page=1&page=2", method: .get, headers: headers(cookie: s.cookies[.viewer])
            ) { r in
                let rows = r.text.components(separatedBy: "<tbody>").last ?? ""
                #expect(rows.contains("FV-2026-0103"))  // 2nd by stake
                #expect(!rows.contains("FV-2026-0101"))
                #expect(r.text.contains("page 2 sur 3"))
                #expect(r.text.contains("rel=\"prev\"") && r.text.contains("rel=\"next\""))
            }
            try await client.execute(
                uri: "/?per_page=1&page=9", method: .get, headers: headers(cookie: s.cookies[.viewer])
            ) { r in
                #expect(r.status == .ok)
                #expect(r.text.contains("Aucun dossier."))
            }
        }
    }

    @Test func dossierPageShowsLanesClockFindingsAndForms() async throws {
        let s = try await TestServer.make()
        try await s.app.test(.router) { client in
            try await client.execute(uri: "/dossiers/d1", method: .get, headers: headers(cookie: s.cookies[.collector]))
            { r in
                #expect(r.status == .ok)
                let html = r.text
                #expect(html.contains("Dossier FV-2026-0101"))
                // lanes: 4 lane labels and 4 dots
                for lane in ["fournisseur", "plateforme", "ordonnateur", "comptable public"] {
                    #expect(html.contains(lane))
                }
                #expect(html.components(separatedBy: "<circle").count - 1 == 4)
                // clock: comptable share 10 d, used 40 d → over by 30 (40 − 10)
                #expect(html.contains("délai global 30 j"))
                #expect(html.contains("+30"))
                #expect(html.contains("29 j de retard"))
                #expect(html.contains("part du délai du comptable dépassée"))
                #expect(html.contains("PES_ACQUIT_B21.xml:14"))
                // forms carry this session's CSRF token
                #expect(html.contains("action=\"/dossiers/d1/log\""))
                #expect(html.contains("value=\"\(s.csrf[.collector]!)\""))
            }
        }
    }

    /// d3 (paid late) in SEK: every amount of its board row and dossier page names SEK; only the 40 € indemnity
    /// is euros (CCP D.2192-35). The board and dossier page printed them with a € sign (review of main).
    @Test func foreignCurrencyDossierShowsItsCurrencyOnBoardAndDossierPage() async throws {
        var dossiers = TestData.dossiers
        // In SEK the 40 € indemnity cannot be in the money at stake: 9,87 SEK of interest only.
        dossiers[2].view.currency = "SEK"
        dossiers[2].view.moneyAtStake = Decimal(string: "9.87")!
        dossiers[2].view.findings[0].moneyAtStake = Decimal(string: "9.87")!
        let repo = InMemoryDashboardRepository(dossiers: dossiers, contracts: [], buyers: [], agenda: [])
        let s = try await TestServer.make(repository: repo)
        let nb = "\u{00A0}"
        try await s.app.test(.router) { client in
            try await client.execute(uri: "/", method: .get, headers: headers(cookie: s.cookies[.viewer])) { r in
                let html = r.text
                // d3's row: amount due 800,00 SEK, at stake 9,87 SEK.
                #expect(html.contains("800,00\(nb)SEK"))
                #expect(html.contains("9,87\(nb)SEK"))
                #expect(!html.contains("800,00\(nb)€"))
                #expect(!html.contains("9,87\(nb)€"))
                // Header: due 12 000,00 + 3 500,50 = 15 500,50 € and 800,00 SEK; at stake 12 000,00 € + 9,87 SEK.
                #expect(html.contains("15\u{202F}500,50\(nb)€ + 800,00\(nb)SEK"))
                #expect(html.contains("12\u{202F}000,00\(nb)€ + 9,87\(nb)SEK"))
            }
            try await client.execute(uri: "/dossiers/d3", method: .get, headers: headers(cookie: s.cookies[.viewer])) {
                r in
                let html = r.text
                #expect(r.status == .ok)
                #expect(html.contains("800,00\(nb)SEK"))  // amount due and paid amount
                #expect(html.contains("9,87\(nb)SEK"))  // interest, at stake, the finding's stake
                #expect(html.contains("40,00\(nb)€"))  // the indemnity, euros
                for eur in ["800,00", "9,87"] { #expect(!html.contains(eur + "\(nb)€")) }
            }
        }
    }

    @Test(arguments: ["/dossiers/nope", "/dossiers/%3Cscript%3E", "/api/v1/dossiers/nope"])
    func unknownDossierIs404(path: String) async throws {
        let s = try await TestServer.make()
        try await s.app.test(.router) { client in
            try await client.execute(uri: path, method: .get, headers: headers(cookie: s.cookies[.viewer])) { r in
                #expect(r.status == .notFound)
                #expect(!r.text.contains("<script>"))
            }
        }
    }

    @Test func collectorAddsALogEntryAndAPromise() async throws {
        let s = try await TestServer.make()
        try await s.app.test(.router) { client in
            let h = headers(cookie: s.cookies[.collector], form: true)
            try await client.execute(
                uri: "/dossiers/d1/log", method: .post, headers: h,
                body: form([
                    ("csrf", s.csrf[.collector]!), ("date", "2026-11-28"), ("kind", "call"), ("contact", "M. Durand"),
                    ("text", "<b>Promet</b> le paiement"),
                ])
            ) { r in
                #expect(r.status == .seeOther)
                #expect(r.headers[.location] == "/dossiers/d1")
            }
            try await client.execute(
                uri: "/dossiers/d1/promises", method: .post, headers: h,
                body: form([
                    ("csrf", s.csrf[.collector]!), ("made_on", "2026-11-28"), ("by", "2026-12-05"),
                    ("side", "comptable"),
                    ("what", "payment"),
                ])
            ) { r in #expect(r.status == .seeOther) }
            try await client.execute(uri: "/dossiers/d1", method: .get, headers: headers(cookie: s.cookies[.collector]))
            { r in
                #expect(r.text.contains("&lt;b&gt;Promet&lt;/b&gt; le paiement"))
                #expect(r.text.contains("collector1"))
                #expect(r.text.contains("05/12/2026"))
            }
        }
        let d = try #require(await s.repository.dossier(id: "d1", asOf: TestData.today))
        #expect(d.log.count == 1)
        #expect(d.log.first?.date == TestData.d("2026-11-28"))
        #expect(d.promises.first?.by == TestData.d("2026-12-05"))
    }

    @Test(arguments: [
        (
            "/dossiers/d1/promises",
            [("by", "2026-11-01"), ("made_on", "2026-11-28"), ("side", "comptable"), ("what", "payment")]
        ),
        ("/dossiers/d1/promises", [("by", "demain"), ("side", "comptable"), ("what", "payment")]),
        ("/dossiers/d1/promises", [("by", "2026-12-05"), ("side", "maire"), ("what", "payment")]),
        ("/dossiers/d1/log", [("kind", "fax"), ("text", "x")]),
        ("/dossiers/d1/log", [("kind", "call"), ("text", "   ")]),
    ])
    func badFormsAre400(path: String, fields: [(String, String)]) async throws {
        let s = try await TestServer.make()
        try await s.app.test(.router) { client in
            try await client.execute(
                uri: path, method: .post, headers: headers(cookie: s.cookies[.collector], form: true),
                body: form([("csrf", s.csrf[.collector]!)] + fields)
            ) { r in #expect(r.status == .badRequest) }
        }
    }

    @Test func postToUnknownDossierIs404() async throws {
        let s = try await TestServer.make()
        try await s.app.test(.router) { client in
            try await client.execute(
                uri: "/dossiers/ghost/log", method: .post, headers: headers(cookie: s.cookies[.collector], form: true),
                body: form([("csrf", s.csrf[.collector]!), ("kind", "call"), ("text", "x")])
            ) { r in #expect(r.status == .notFound) }
        }
    }

    @Test func contractsBuyersAgendaDigestPages() async throws {
        let s = try await TestServer.make()
        try await s.app.test(.router) { client in
            let h = headers(cookie: s.cookies[.viewer])
            try await client.execute(uri: "/contracts", method: .get, headers: h) { r in
                #expect(r.status == .ok)
                #expect(
                    r.text.contains("2025-TRX-014") && r.text.contains("Travaux de voirie")
                        && r.text.contains("3\u{202F}500,50"))
            }
            try await client.execute(uri: "/buyers?lang=en", method: .get, headers: h) { r in
                #expect(r.status == .ok)
                #expect(
                    r.text.contains("Service finances") && r.text.contains("at risk") && r.text.contains("12,000.00"))
            }
            try await client.execute(uri: "/agenda", method: .get, headers: h) { r in
                #expect(r.status == .ok)
                #expect(r.text.contains("01/12/2026") && r.text.contains("Relancer le comptable"))
            }
            try await client.execute(uri: "/digest", method: .get, headers: h) { r in
                #expect(r.status == .ok)
                // digest of 29/11/2026 with the two blockages (d1 and d3)
                #expect(r.text.contains("29/11/2026"))
                #expect(r.text.contains("FV-2026-0101") && r.text.contains("FV-2026-0103"))
                #expect(r.text.components(separatedBy: "<body").count == 2)  // one page, not a page in a page
            }
        }
    }

    @Test func oversizedBodyIsRefusedNot500() async throws {
        let s = try await TestServer.make()
        try await s.app.test(.router) { client in
            let big = String(repeating: "a", count: 70 * 1024)
            try await client.execute(
                uri: "/dossiers/d1/log", method: .post, headers: headers(cookie: s.cookies[.collector], form: true),
                body: ByteBuffer(string: "text=" + big)
            ) { r in
                #expect(r.status.code >= 400 && r.status.code < 500)
            }
        }
    }
}
