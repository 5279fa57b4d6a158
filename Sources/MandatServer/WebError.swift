import Foundation
import HTTPTypes

/// An error a person or a script caused, with the HTTP status it maps to and a short message.
///
/// Every error the server meets is turned into a response by `WebError.from(_:)`: this is the one place where
/// domain errors become HTTP statuses. Messages never carry a stack trace or an internal detail. `Sendable`.
public struct WebError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable code for scripts (`bad-date`, `bad-filter`, `not-found`, `forbidden`, `csrf`, `unauthenticated`, …).
    public var code: String
    /// HTTP status code (400, 401, 403, 404, 413, 500).
    public var status: Int
    /// Short message for a person, in English (the API's JSON always carries this one).
    public var message: String
    /// The same message in French, shown by the pages in the French layout (nil: the English one is shown).
    public var french: String?

    public init(code: String, status: Int, message: String, french: String? = nil) {
        self.code = code
        self.status = status
        self.message = message
        self.french = french
    }

    /// The message in `lang`: the French one when there is one.
    func message(french wantFrench: Bool) -> String { wantFrench ? (french ?? message) : message }

    public var description: String { "\(status) \(code): \(message)" }

    static func badRequest(_ code: String, _ message: String, fr: String? = nil) -> WebError {
        WebError(code: code, status: 400, message: message, french: fr)
    }
    static func notFound(_ message: String, fr: String? = nil) -> WebError {
        WebError(code: "not-found", status: 404, message: message, french: fr)
    }
    static func forbidden(_ message: String, fr: String? = nil) -> WebError {
        WebError(code: "forbidden", status: 403, message: message, french: fr)
    }
    static let badCSRF = WebError(
        code: "csrf", status: 403, message: "missing or wrong CSRF token: reload the page and try again",
        french: "jeton CSRF absent ou faux : rechargez la page et recommencez")
    static let unauthenticated = WebError(
        code: "unauthenticated", status: 401, message: "sign in first", french: "connectez-vous d'abord")

    /// Maps any error to a `WebError`: ours pass through; anything else is a 500 with a generic message
    /// (the detail goes to the log, never to the client).
    public static func from(_ error: any Error) -> WebError {
        if let e = error as? WebError { return e }
        return WebError(
            code: "internal", status: 500, message: "internal error; see the server log",
            french: "erreur interne ; voir le journal du serveur")
    }

    var httpStatus: HTTPResponse.Status { HTTPResponse.Status(code: status) }
}
