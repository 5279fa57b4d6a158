import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import Logging
import MandatCore
import MandatReports
import Mustache
import NIOCore

/// One request as the handlers see it: query, language, who is signed in, the form sent.
struct Call: Sendable {
    var request: Request
    var query: [String: String]
    var lang: Lang
    var account: Account?
    var session: WebSession?
    var form: [String: String] = [:]
    var rawBody: String = ""
    var id: String = ""

    /// `?lang=en` to append to links, or "".
    var langQ: String { lang == .en ? "?lang=en" : "" }
    func t(_ fr: String, _ en: String) -> String { lang == .fr ? fr : en }
}

/// The dashboard's routes, authentication and error mapping. `Sendable` (holds only immutable state).
struct WebController: Sendable {
    let repository: any DashboardRepository
    let options: ServerOptions
    let logger: Logger
    let templates: WebTemplateSet
    let boardCache: BoardCache
    let rendered: RenderedCache

    static let sessionCookie = "mandat_session"
    static let loginCookie = "mandat_login"
    static let maxBody = 64 * 1024
    /// A valid bcrypt hash of a random string: verified against when the account does not exist, so that a
    /// wrong name takes as long as a wrong password.
    static let dummyHash = Bcrypt.hash(WebSecrets.token(), cost: 4)

    init(repository: any DashboardRepository, options: ServerOptions, logger: Logger) throws {
        self.repository = repository
        self.options = options
        self.logger = logger
        self.templates = try WebTemplateSet()
        self.boardCache = BoardCache(ttl: options.boardCacheSeconds)
        self.rendered = RenderedCache()
    }

    enum Access { case page, api }

    func register(on router: Router<BasicRequestContext>) {
        // Sign-in
        router.get("/login") { req, ctx in await self.run(req, ctx, .page, role: nil) { try await self.loginForm($0) } }
        router.post("/login") { req, ctx in
            await self.run(req, ctx, .page, role: nil, readBody: true) { try await self.login($0) }
        }
        router.post("/logout") { req, ctx in
            await self.run(req, ctx, .page, role: .viewer, post: true) { try await self.logout($0) }
        }
        // Pages
        router.get("/") { req, ctx in await self.run(req, ctx, .page, role: .viewer) { try await self.boardPage($0) } }
        router.get("/dossiers/:id") { req, ctx in
            await self.run(req, ctx, .page, role: .viewer) { try await self.dossierPage($0) }
        }
        router.post("/dossiers/:id/log") { req, ctx in
            await self.run(req, ctx, .page, role: .collector, post: true) { try await self.postLog($0) }
        }
        router.post("/dossiers/:id/promises") { req, ctx in
            await self.run(req, ctx, .page, role: .collector, post: true) { try await self.postPromise($0) }
        }
        router.get("/contracts") { req, ctx in
            await self.run(req, ctx, .page, role: .viewer) { try await self.contractsPage($0) }
        }
        router.get("/buyers") { req, ctx in
            await self.run(req, ctx, .page, role: .viewer) { try await self.buyersPage($0) }
        }
        router.get("/agenda") { req, ctx in
            await self.run(req, ctx, .page, role: .viewer) { try await self.agendaPage($0) }
        }
        router.get("/digest") { req, ctx in
            await self.run(req, ctx, .page, role: .viewer) { try await self.digestPage($0) }
        }
        router.get("/accounts") { req, ctx in
            await self.run(req, ctx, .page, role: .admin) { try await self.accountsPage($0) }
        }
        // JSON API
        router.get("/api/v1/openapi.json") { _, _ in
            Self.respond(OpenAPIDocument.json, status: .ok, contentType: "application/json")
        }
        router.get("/api/v1/dossiers") { req, ctx in
            await self.run(req, ctx, .api, role: .viewer) { try await self.apiBoard($0) }
        }
        router.get("/api/v1/dossiers/:id") { req, ctx in
            await self.run(req, ctx, .api, role: .viewer) { try await self.apiDossier($0) }
        }
        router.post("/api/v1/dossiers/:id/log") { req, ctx in
            await self.run(req, ctx, .api, role: .collector, post: true) { try await self.apiPostLog($0) }
        }
        router.post("/api/v1/dossiers/:id/promises") { req, ctx in
            await self.run(req, ctx, .api, role: .collector, post: true) { try await self.apiPostPromise($0) }
        }
        router.get("/api/v1/contracts") { req, ctx in
            await self.run(req, ctx, .api, role: .viewer) { try await self.apiContracts($0) }
        }
        router.get("/api/v1/buyers") { req, ctx in
            await self.run(req, ctx, .api, role: .viewer) { try await self.apiBuyers($0) }
        }
        router.get("/api/v1/agenda") { req, ctx in
            await self.run(req, ctx, .api, role: .viewer) { try await self.apiAgenda($0) }
        }
        router.get("/api/v1/digest") { req, ctx in
            await self.run(req, ctx, .api, role: .viewer) { try await self.apiDigest($0) }
        }
        router.get("/api/v1/accounts") { req, ctx in
            await self.run(req, ctx, .api, role: .admin) { try await self.apiAccounts($0) }
        }
    }

    // MARK: The one place where requests are checked and errors become responses

    /// Runs a handler: parses the query, signs the caller in, checks the role and (for a browser POST) the CSRF
    /// token, and turns any error into a response (`WebError.from`): never a stack trace.
    func run(
        _ request: Request, _ context: BasicRequestContext, _ access: Access, role: Role?, post: Bool = false,
        readBody: Bool = false, _ handler: @Sendable (Call) async throws -> Response
    ) async -> Response {
        var call = Call(request: request, query: [:], lang: .fr)
        do {
            let rawQuery = request.uri.query ?? ""
            guard rawQuery.utf8.count <= 4096 else { throw WebError.badRequest("bad-query", "query string too long", fr: "paramètres d'adresse trop longs") }
            call.query = FormCoding.decode(Substring(rawQuery))
            if let l = call.query["lang"], !l.isEmpty {
                guard let lang = Lang(rawValue: l) else {
                    throw WebError.badRequest("bad-lang", "lang must be fr or en", fr: "lang vaut fr ou en")
                }
                call.lang = lang
            }
            if let id = context.parameters.get("id") {
                call.id = id.removingPercentEncoding ?? id
            }
            if let role {
                let auth = try await authenticate(request)
                guard let account = auth?.0 else {
                    if access == .api { throw WebError.unauthenticated }
                    let next = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
                    return Self.redirect("/login?next=" + FormCoding.percentEncode(next))
                }
                call.account = account
                call.session = auth?.1
                guard account.role >= role else {
                    throw WebError.forbidden(
                        "this needs the \(role.rawValue) role; you are \(account.role.rawValue)",
                        fr: "il faut le rôle \(role.rawValue) ; vous êtes \(account.role.rawValue)")
                }
            }
            if post || readBody {
                var body = request
                let buffer = try await body.collectBody(upTo: Self.maxBody)
                call.rawBody = String(buffer: buffer)
                let type = request.headers[.contentType] ?? ""
                if type.hasPrefix("application/x-www-form-urlencoded") {
                    call.form = FormCoding.decode(Substring(call.rawBody))
                }
                // Browser sessions must echo their CSRF token; bearer tokens are not sent by browsers on their own.
                if post, let session = call.session {
                    guard let sent = call.form["csrf"], WebSecrets.constantTimeEqual(sent, session.csrf) else {
                        throw WebError.badCSRF
                    }
                }
            }
            return try await handler(call)
        } catch {
            return errorResponse(error, access: access, call: call)
        }
    }

    func errorResponse(_ error: any Error, access: Access, call: Call) -> Response {
        var e = WebError.from(error)
        if e.code == "internal", let h = error as? any HTTPResponseError, (400..<500).contains(h.status.code) {
            e = WebError(code: "bad-request", status: h.status.code, message: h.status.reasonPhrase)
        }
        if e.status >= 500 {
            logger.error(
                "request failed: \(call.request.method) \(call.request.uri.path): \(String(describing: error))")
        }
        switch access {
        case .api:
            let body = JSONValue.object([
                (
                    "error",
                    .object([("code", .string(e.code)), ("status", .int(e.status)), ("message", .string(e.message))])
                )
            ])
            return Self.respond(body.serialized(), status: e.httpStatus, contentType: "application/json")
        case .page:
            let title = call.t("Erreur", "Error")
            let body = templates.error.render([
                "message": e.message(french: call.lang == .fr), "status": "\(e.status)", "code": e.code,
                "back": call.t("Retour au tableau", "Back to the board"),
            ])
            return page(title: title, body: body, call: call, status: e.httpStatus)
        }
    }

    /// Who is calling: a bearer API token, else a session cookie. `nil` when neither is valid.
    func authenticate(_ request: Request) async throws -> (Account, WebSession?)? {
        if let auth = request.headers[.authorization], auth.hasPrefix("Bearer ") {
            let token = String(auth.dropFirst("Bearer ".count)).trimmingCharacters(in: .whitespaces)
            guard let record = try await repository.apiToken(hash: WebSecrets.digest(token)),
                let account = try await repository.account(named: record.account)
            else { return nil }
            return (account, nil)
        }
        guard let token = Self.cookie(Self.sessionCookie, in: request) else { return nil }
        let hash = WebSecrets.digest(token)
        guard let session = try await repository.session(tokenHash: hash) else { return nil }
        guard session.expires > Date() else {
            try await repository.deleteSession(tokenHash: hash)
            return nil
        }
        guard let account = try await repository.account(named: session.account) else { return nil }
        return (account, session)
    }

    static func cookie(_ name: String, in request: Request) -> String? {
        for field in request.headers[values: .cookie] {
            for part in field.split(separator: ";") {
                let kv = part.split(separator: "=", maxSplits: 1)
                if kv.count == 2, kv[0].trimmingCharacters(in: .whitespaces) == name {
                    return kv[1].trimmingCharacters(in: .whitespaces)
                }
            }
        }
        return nil
    }

    func sessionCookie(_ value: String, maxAge: Int) -> String {
        var s = "\(Self.sessionCookie)=\(value); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Strict"
        if options.behindTLS { s += "; Secure" }
        return s
    }

    // MARK: Responses

    static func respond(
        _ body: String, status: HTTPResponse.Status, contentType: String, extra: [(HTTPField.Name, String)] = []
    ) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.cacheControl] = "no-store"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        if contentType.hasPrefix("text/html") {
            headers[HTTPField.Name("Content-Security-Policy")!] =
                "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
            headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        }
        for (k, v) in extra { headers.append(HTTPField(name: k, value: v)) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    static func redirect(_ location: String, extra: [(HTTPField.Name, String)] = []) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        headers[.cacheControl] = "no-store"
        for (k, v) in extra { headers.append(HTTPField(name: k, value: v)) }
        return Response(status: .seeOther, headers: headers)
    }

    /// A full page: the layout around `body` (already rendered HTML).
    func page(
        title: String, body: String, call: Call, status: HTTPResponse.Status = .ok,
        extra: [(HTTPField.Name, String)] = []
    ) -> Response {
        var ctx: [String: Any] = [
            "lang": call.lang.rawValue, "title": title, "body": body, "langQ": call.langQ as Any,
            "nBoard": call.t("Tableau de bord", "Board"), "nContracts": call.t("Marchés", "Contracts"),
            "nBuyers": call.t("Acheteurs", "Buyers"), "nAgenda": call.t("Agenda", "Agenda"),
            "nDigest": call.t("Point du jour", "Digest"), "nAccounts": call.t("Comptes", "Accounts"),
            "nLogout": call.t("Se déconnecter", "Sign out"),
            "otherLang": call.lang == .fr ? "English" : "Français",
            "otherLangHref": call.request.uri.path + (call.lang == .fr ? "?lang=en" : ""),
        ]
        if let a = call.account, let s = call.session {
            ctx["user"] =
                ["name": a.name, "role": a.role.rawValue, "isAdmin": a.role == .admin, "csrf": s.csrf] as [String: Any]
        }
        return Self.respond(
            templates.layout.render(ctx), status: status, contentType: "text/html; charset=utf-8", extra: extra)
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        respond(value.serialized(pretty: true), status: status, contentType: "application/json")
    }
}

/// A value for a Mustache section: the string when present, else `false` (the section is skipped).
func orFalse(_ s: String?) -> Any {
    if let s { return s }
    return false
}

/// The compiled templates. Built once per application.
struct WebTemplateSet: @unchecked Sendable {
    // MustacheTemplate is immutable after compilation; rendering does not mutate it.
    let layout: MustacheTemplate
    let login: MustacheTemplate
    let board: MustacheTemplate
    let dossier: MustacheTemplate
    let table: MustacheTemplate
    let error: MustacheTemplate

    init() throws {
        layout = try MustacheTemplate(string: WebTemplates.layout)
        login = try MustacheTemplate(string: WebTemplates.login)
        board = try MustacheTemplate(string: WebTemplates.board)
        dossier = try MustacheTemplate(string: WebTemplates.dossier)
        table = try MustacheTemplate(string: WebTemplates.table)
        error = try MustacheTemplate(string: WebTemplates.error)
    }
}
