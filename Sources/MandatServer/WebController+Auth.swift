import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import MandatCore

extension WebController {
    /// GET /login: the sign-in form. Sets a short-lived cookie whose value the form echoes (double-submit CSRF
    /// token for the form sent before any session exists).
    func loginForm(_ call: Call, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let token = WebSecrets.token()
        var cookie = "\(Self.loginCookie)=\(token); Path=/login; Max-Age=1800; HttpOnly; SameSite=Strict"
        if options.behindTLS { cookie += "; Secure" }
        let body = templates.login.render([
            "csrf": token, "next": Self.safeNext(call.query["next"] ?? call.form["next"]), "error": orFalse(error),
            "lName": call.t("Identifiant", "User name"), "lPassword": call.t("Mot de passe", "Password"),
            "lSubmit": call.t("Se connecter", "Sign in"),
        ])
        return page(
            title: call.t("Connexion", "Sign in"), body: body, call: call, status: status, extra: [(.setCookie, cookie)]
        )
    }

    /// Only local paths are followed after sign-in (no open redirect).
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"), next.count < 2000 else {
            return "/"
        }
        return next
    }

    /// POST /login: checks the form token, the name and the bcrypt hash; opens a session.
    func login(_ call: Call) async throws -> Response {
        guard let sent = call.form["csrf"], let expected = Self.cookie(Self.loginCookie, in: call.request),
            WebSecrets.constantTimeEqual(sent, expected)
        else { throw WebError.badCSRF }
        let name = call.form["name"] ?? ""
        let password = call.form["password"] ?? ""
        let account = try await repository.account(named: name)
        let hash = account?.passwordHash ?? Self.dummyHash
        // bcrypt is slow on purpose: keep it off the caller's executor.
        let ok = await Task.detached { Bcrypt.verify(password, hash: hash) }.value
        guard let account, ok, !password.isEmpty else {
            logger.notice("failed sign-in for a name of \(name.count) characters")
            return try await loginForm(
                call, error: call.t("Identifiant ou mot de passe incorrect.", "Wrong user name or password."),
                status: .unauthorized)
        }
        let token = WebSecrets.token()
        let session = WebSession(
            tokenHash: WebSecrets.digest(token), account: account.name, csrf: WebSecrets.token(),
            expires: Date().addingTimeInterval(TimeInterval(options.sessionSeconds)))
        try await repository.saveSession(session)
        return Self.redirect(
            Self.safeNext(call.form["next"]),
            extra: [
                (.setCookie, sessionCookie(token, maxAge: options.sessionSeconds)),
                (.setCookie, "\(Self.loginCookie)=; Path=/login; Max-Age=0; HttpOnly; SameSite=Strict"),
            ])
    }

    /// POST /logout: forgets the session and clears the cookie.
    func logout(_ call: Call) async throws -> Response {
        if let s = call.session { try await repository.deleteSession(tokenHash: s.tokenHash) }
        return Self.redirect("/login", extra: [(.setCookie, sessionCookie("", maxAge: 0))])
    }
}

/// Account administration for the command line (`mandat user add`, `mandat user token`).
public enum AccountAdmin {
    /// Errors of account administration, with a message for the terminal in French (the default) and English.
    /// `Sendable` value.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        /// Stable code: `bad-name`, `short-password` or `no-account`.
        public var code: String
        /// The message in English (logs, `--lang en`).
        public var description: String
        /// The message in French (what the terminal shows by default).
        public var french: String

        /// The message in the reader's language.
        public func message(english: Bool) -> String { english ? description : french }
    }

    /// Creates or replaces an account. Names: 1–64 letters, digits, `.`, `_`, `-`; passwords at least 10
    /// characters (hashed with bcrypt, cost 12 by default).
    /// - Throws: `Failure` for a bad name or a short password; storage errors.
    public static func add(
        name: String, role: Role, password: String, repository: any DashboardRepository, cost: UInt8 = 12
    ) async throws {
        guard isValidName(name) else {
            throw Failure(
                code: "bad-name", description: "account names use 1 to 64 letters, digits, '.', '_' or '-'",
                french: "un nom de compte a de 1 à 64 lettres, chiffres, « . », « _ » ou « - »")
        }
        guard password.count >= 10 else {
            throw Failure(
                code: "short-password", description: "the password needs at least 10 characters",
                french: "le mot de passe doit compter au moins 10 caractères")
        }
        let hash = Bcrypt.hash(password, cost: cost)
        try await repository.saveAccount(Account(name: name, role: role, passwordHash: hash, createdAt: Date()))
    }

    /// Issues a new API token for an existing account and returns it (shown once; storage keeps its hash).
    /// - Throws: `Failure` when the account does not exist.
    public static func issueToken(name: String, repository: any DashboardRepository) async throws -> String {
        guard try await repository.account(named: name) != nil else {
            throw Failure(
                code: "no-account", description: "no account named \(name)", french: "aucun compte nommé \(name)")
        }
        let token = "mdt_" + WebSecrets.token()
        try await repository.saveAPIToken(APIToken(hash: WebSecrets.digest(token), account: name, createdAt: Date()))
        return token
    }

    static func isValidName(_ s: String) -> Bool {
        (1...64).contains(s.count)
            && s.unicodeScalars.allSatisfy {
                $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0))
            }
    }

    /// Opens a session directly (for scripts such as the browser check) and returns the cookie value.
    public static func openSession(
        name: String, repository: any DashboardRepository, seconds: Int = 3600
    ) async throws -> String {
        guard try await repository.account(named: name) != nil else {
            throw Failure(
                code: "no-account", description: "no account named \(name)", french: "aucun compte nommé \(name)")
        }
        let token = WebSecrets.token()
        try await repository.saveSession(
            WebSession(
                tokenHash: WebSecrets.digest(token), account: name, csrf: WebSecrets.token(),
                expires: Date().addingTimeInterval(TimeInterval(seconds))))
        return token
    }
}
