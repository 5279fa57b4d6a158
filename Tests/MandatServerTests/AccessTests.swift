import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MandatCore
import NIOCore
import Testing

@testable import MandatServer

/// Signing in, sessions, roles, CSRF and API tokens.
@Suite struct AccessTests {
    @Test(arguments: ["/", "/dossiers/d1", "/contracts", "/buyers", "/agenda", "/digest", "/accounts"])
    func pagesRedirectToLoginWithoutSession(path: String) async throws {
        let s = try await TestServer.make()
        try await s.app.test(.router) { client in
            try await client.execute(uri: path, method: .get) { r in
                #expect(r.status == .seeOther)
                #expect(r.headers[.location] == "/login?next=" + FormCoding.percentEncode(path))
            }
        }
    }

    @Test(arguments: [
        "/api/v1/dossiers", "/api/v1/dossiers/d1", "/api/v1/contracts", "/api/v1/buyers", "/api/v1/agenda",
        "/api/v1/digest", "/api/v1/accounts",
    ])
    func apiAnswers401WithoutCredentials(path: String) async throws {
        let s = try await TestServer.make()
        try await s.app.test(.router) { client in
            try await client.execute(uri: path, method: .get) { r in
                #expect(r.status == .unauthorized)
                #expect(r.headers[.contentType] == "application/json")
                #expect(r.text.contains("\"code\":\"unauthenticated\""))
            }
            try await client.execute(uri: path, method: .get, headers: headers(bearer: "mdt_forged")) { r in
                #expect(r.status == .unauthorized)
            }
        }
    }

    @Test func fullSignInFlowSetsAHardenedCookie() async throws {
        let s = try await TestServer.make()
        try await s.app.test(.router) { client in
            // Given the sign-in form and its double-submit cookie
            let (csrf, loginCookie) = try await client.execute(uri: "/login?next=%2Fbuyers", method: .get) { r in
                #expect(r.status == .ok)
                let setCookie = try #require(r.headers[.setCookie])
                #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"))
                let value = String(setCookie.split(separator: ";")[0])
                let html = r.text
                let range = try #require(html.range(of: "name=\"csrf\" value=\""))
                let token = String(html[range.upperBound...].prefix(64))
                return (token, value)
            }
            // When the right password is sent
            try await client.execute(
                uri: "/login", method: .post,
                headers: headers(cookie: loginCookie, form: true),
                body: form([
                    ("csrf", csrf), ("name", "viewer1"), ("password", "correct horse viewer"), ("next", "/buyers"),
                ])
            ) { r in
                // Then a session cookie is set and the browser goes where it was going
                #expect(r.status == .seeOther)
                #expect(r.headers[.location] == "/buyers")
                let cookies = r.headers[values: .setCookie]
                let session = try #require(cookies.first { $0.hasPrefix("mandat_session=") })
                #expect(session.contains("HttpOnly"))
                #expect(session.contains("SameSite=Strict"))
                #expect(session.contains("Max-Age=43200"))  // 12 h × 3600 s
                #expect(!session.contains("Secure"))
            }
            // A wrong password is refused with the form again
            try await client.execute(
                uri: "/login", method: .post, headers: headers(cookie: loginCookie, form: true),
                body: form([("csrf", csrf), ("name", "viewer1"), ("password", "wrong password!")])
            ) { r in
                #expect(r.status == .unauthorized)
                #expect(r.text.contains("Identifiant ou mot de passe incorrect."))
                #expect(!r.headers[values: .setCookie].contains { $0.hasPrefix("mandat_session=") })
            }
            // An unknown name is refused the same way
            try await client.execute(
                uri: "/login", method: .post, headers: headers(cookie: loginCookie, form: true),
                body: form([("csrf", csrf), ("name", "nobody"), ("password", "correct horse viewer")])
            ) { r in #expect(r.status == .unauthorized) }
            // A form without the matching cookie token is refused
            try await client.execute(
                uri: "/login", method: .post, headers: headers(form: true),
                body: form([("csrf", csrf), ("name", "viewer1"), ("password", "correct horse viewer")])
            ) { r in #expect(r.status == .forbidden) }
        }
    }

    @Test func openRedirectIsRefused() {
        #expect(WebController.safeNext("//evil.example/") == "/")
        #expect(WebController.safeNext("https://evil.example/") == "/")
        #expect(WebController.safeNext("/\\evil") == "/")
        #expect(WebController.safeNext("/dossiers/d1?lang=en") == "/dossiers/d1?lang=en")
    }

    @Test func secureCookieBehindTLSProxy() async throws {
        let s = try await TestServer.make(behindTLS: true)
        try await s.app.test(.router) { client in
            try await client.execute(uri: "/login", method: .get) { r in
                let cookie = try #require(r.headers[.setCookie])
                #expect(cookie.contains("Secure"))
            }
        }
    }

    @Test func accountsPageIsForAdminsOnly() async throws {
        let s = try await TestServer.make()
        try await s.app.test(.router) { client in
            for role in [Role.viewer, .collector] {
                try await client.execute(uri: "/accounts", method: .get, headers: headers(cookie: s.cookies[role])) {
                    r in
                    #expect(r.status == .forbidden)
                    #expect(r.text.contains("admin"))
                }
                try await client.execute(
                    uri: "/api/v1/accounts", method: .get, headers: headers(bearer: s.tokens[role])
                ) { r in
                    #expect(r.status == .forbidden)
                }
            }
            try await client.execute(uri: "/accounts", method: .get, headers: headers(cookie: s.cookies[.admin])) { r in
                #expect(r.status == .ok)
                #expect(r.text.contains("viewer1") && r.text.contains("collector1") && r.text.contains("admin1"))
                #expect(!r.text.contains("$2b$"))  // never a password hash
            }
            try await client.execute(uri: "/api/v1/accounts", method: .get, headers: headers(bearer: s.tokens[.admin]))
            { r in
                #expect(r.status == .ok)
                #expect(r.text.replacingOccurrences(of: " ", with: "").contains("\"total\":3"))
                #expect(!r.text.contains("passwordHash"))
            }
        }
    }

    @Test func postWithoutOrWithWrongCSRFIsRefused() async throws {
        let s = try await TestServer.make()
        try await s.app.test(.router) { client in
            for token in [nil, "0000", s.csrf[.admin]!] {  // missing, wrong, another session's
                var fields = [("kind", "call"), ("text", "Appel au comptable")]
                if let token { fields.append(("csrf", token)) }
                try await client.execute(
                    uri: "/dossiers/d1/log", method: .post, headers: headers(cookie: s.cookies[.collector], form: true),
                    body: form(fields)
                ) { r in
                    #expect(r.status == .forbidden)
                    #expect(r.text.contains("CSRF"))
                }
            }
            let detail = try #require(await s.repository.dossier(id: "d1", asOf: TestData.today))
            #expect(detail.log.isEmpty)
        }
    }

    @Test func viewerCannotWrite() async throws {
        let s = try await TestServer.make()
        try await s.app.test(.router) { client in
            try await client.execute(
                uri: "/dossiers/d1/log", method: .post, headers: headers(cookie: s.cookies[.viewer], form: true),
                body: form([("csrf", s.csrf[.viewer]!), ("kind", "call"), ("text", "x")])
            ) { r in #expect(r.status == .forbidden) }
            try await client.execute(
                uri: "/api/v1/dossiers/d1/promises", method: .post,
                headers: headers(bearer: s.tokens[.viewer], json: true),
                body: ByteBuffer(string: #"{"by":"2026-12-05","side":"comptable","what":"payment"}"#)
            ) { r in #expect(r.status == .forbidden) }
            // and the viewer's dossier page has no form
            try await client.execute(uri: "/dossiers/d1", method: .get, headers: headers(cookie: s.cookies[.viewer])) {
                r in
                #expect(r.status == .ok)
                #expect(!r.text.contains("action=\"/dossiers/d1/log"))
            }
        }
    }

    @Test func signOutForgetsTheSession() async throws {
        let s = try await TestServer.make()
        try await s.app.test(.router) { client in
            try await client.execute(
                uri: "/logout", method: .post, headers: headers(cookie: s.cookies[.viewer], form: true),
                body: form([("csrf", s.csrf[.viewer]!)])
            ) { r in
                #expect(r.status == .seeOther)
                #expect(r.headers[.location] == "/login")
                let cookie = try #require(r.headers[.setCookie])
                #expect(cookie.contains("Max-Age=0"))
            }
            try await client.execute(uri: "/", method: .get, headers: headers(cookie: s.cookies[.viewer])) { r in
                #expect(r.status == .seeOther)
            }
        }
    }

    @Test func expiredSessionIsRefused() async throws {
        let s = try await TestServer.make()
        await s.repository.saveSession(
            WebSession(
                tokenHash: WebSecrets.digest("old"), account: "viewer1", csrf: "c",
                expires: Date(timeIntervalSinceNow: -1)))
        try await s.app.test(.router) { client in
            try await client.execute(uri: "/", method: .get, headers: headers(cookie: "mandat_session=old")) { r in
                #expect(r.status == .seeOther)
            }
        }
        #expect(await s.repository.session(tokenHash: WebSecrets.digest("old")) == nil)
    }

    @Test func accountRulesFromTheCommandLine() async throws {
        let repo = TestData.repository()
        await #expect(throws: AccountAdmin.Failure.self) {
            try await AccountAdmin.add(
                name: "a b", role: .viewer, password: "long enough pw", repository: repo, cost: 4)
        }
        await #expect(throws: AccountAdmin.Failure.self) {
            try await AccountAdmin.add(name: "ok", role: .viewer, password: "short", repository: repo, cost: 4)
        }
        await #expect(throws: AccountAdmin.Failure.self) {
            try await AccountAdmin.issueToken(name: "ghost", repository: repo)
        }
        try await AccountAdmin.add(
            name: "claire", role: .collector, password: "long enough pw", repository: repo, cost: 4)
        let stored = try #require(await repo.account(named: "claire"))
        #expect(stored.passwordHash.hasPrefix("$2"))
        #expect(stored.passwordHash != "long enough pw")
        let token = try await AccountAdmin.issueToken(name: "claire", repository: repo)
        #expect(token.hasPrefix("mdt_") && token.count == 68)  // "mdt_" + 64 hex digits
        #expect(await repo.apiToken(hash: WebSecrets.digest(token))?.account == "claire")
    }
}
