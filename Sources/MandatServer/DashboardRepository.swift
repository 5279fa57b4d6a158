import Foundation
import MandatCore
import MandatReports

/// Where the dashboard reads its data and keeps its accounts: the one seam between the web layer and storage.
///
/// Implementations: `InMemoryDashboardRepository` (tests, demos) and `StoreDashboardRepository` (the SQL store,
/// the law and the collector's desk). Every method is `async throws`; a missing id returns `nil` (the server turns
/// it into 404), storage failures throw. Implementations must be `Sendable` (the server calls them concurrently).
public protocol DashboardRepository: Sendable {
    /// Every dossier flattened with the law's assessment as of `asOf` (calendar date, Europe/Paris).
    func dossiers(asOf: CivilDate) async throws -> [DossierView]

    /// A token that changes whenever `dossiers(asOf:)` may answer differently for that date (new facts
    /// imported), so that the board is recomputed only then. `nil` when the repository cannot tell: the board is
    /// then recomputed after the cache's time to live. Must be cheap: it is asked on every board request.
    func dataVersion(asOf: CivilDate) async throws -> String?

    /// One dossier with its chain, clock, log and promises, or `nil` when the id is unknown.
    func dossier(id: String, asOf: CivilDate) async throws -> DossierDetail?

    /// Contracts with invoiced, paid and outstanding amounts (per currency) as of `asOf`.
    func contracts(asOf: CivilDate) async throws -> [ContractSummary]

    /// Buyers with contacts, segments and outstanding amounts (per currency) as of `asOf`.
    func buyers(asOf: CivilDate) async throws -> [BuyerSummary]

    /// What to do and when, from `asOf` on: promises due, follow-ups, interest deadlines.
    func agenda(asOf: CivilDate) async throws -> [AgendaEntry]

    /// Appends a line to a dossier's action log. Throws `WebError.notFound` when the dossier is unknown.
    func addLogEntry(_ entry: NewLogEntry) async throws -> LogEntryView

    /// Records a promise made by the ordonnateur or the comptable. Throws `WebError.notFound` for an unknown dossier.
    func addPromise(_ promise: NewPromise) async throws -> PromiseView

    // MARK: Accounts and sessions

    /// The account of that name, or `nil`.
    func account(named name: String) async throws -> Account?
    /// Every account, sorted by name.
    func accounts() async throws -> [Account]
    /// Creates or replaces an account (the password is already a bcrypt hash).
    func saveAccount(_ account: Account) async throws
    /// Stores a new session.
    func saveSession(_ session: WebSession) async throws
    /// The session for a cookie token (hashed with `WebSecrets.digest`), or `nil`.
    func session(tokenHash: String) async throws -> WebSession?
    /// Forgets a session (sign-out).
    func deleteSession(tokenHash: String) async throws
    /// Stores an API token (only its hash) for an account.
    func saveAPIToken(_ token: APIToken) async throws
    /// The API token record for a hash, or `nil`.
    func apiToken(hash: String) async throws -> APIToken?
}

extension DashboardRepository {
    /// Unknown by default: boards are recomputed after the cache's time to live.
    public func dataVersion(asOf: CivilDate) async throws -> String? { nil }

    /// Today's digest, built from the dossiers by `DigestBuilder` (no previous snapshot: every blockage is new).
    public func digest(asOf: CivilDate, lang: Lang) async throws -> Digest {
        let views = try await dossiers(asOf: asOf)
        return DigestBuilder.build(views: views, asOf: asOf, previous: nil, since: nil, person: nil, lang: lang)
    }
}

/// One step of the payment chain on a dossier, drawn in its holder's lane on the time axis.
public struct ChainStep: Codable, Sendable, Hashable {
    /// Calendar date of the event.
    public var date: CivilDate
    /// The lane: `supplier`, `platform`, `ordonnateur` or `comptable`.
    public var lane: String
    /// Event kind (raw value of `EventKind`) or a short code.
    public var kind: String
    /// What a person reads.
    public var label: String
    /// Where it comes from: `file:line`.
    public var evidence: String?
    public init(date: CivilDate, lane: String, kind: String, label: String, evidence: String?) {
        self.date = date
        self.lane = lane
        self.kind = kind
        self.label = label
        self.evidence = evidence
    }
}

/// The legal payment clock of a dossier (CCP L.2192-10 to -14, R.2192-10 to -36), as the law assessed it.
public struct ClockView: Codable, Sendable, Hashable {
    /// One side's share of the délai global: days allowed and days used (calendar days).
    public struct Share: Codable, Sendable, Hashable {
        /// `ordonnateur` or `comptable`.
        public var side: String
        public var allowedDays: Int
        public var usedDays: Int
        public init(side: String, allowedDays: Int, usedDays: Int) {
            self.side = side
            self.allowedDays = allowedDays
            self.usedDays = usedDays
        }
    }
    /// Day the clock starts (receipt of the invoice).
    public var start: CivilDate?
    /// Délai global de paiement, calendar days (30, 50 or 60).
    public var delayDays: Int?
    /// Days the clock stood still (suspension), calendar days.
    public var suspendedDays: Int
    public var shares: [Share]
    /// Lines explaining the computation, for display.
    public var notes: [String]
    public init(start: CivilDate?, delayDays: Int?, suspendedDays: Int, shares: [Share], notes: [String]) {
        self.start = start
        self.delayDays = delayDays
        self.suspendedDays = suspendedDays
        self.shares = shares
        self.notes = notes
    }
}

/// A line of the collector's action log.
public struct LogEntryView: Codable, Sendable, Hashable {
    public var id: Int
    public var dossierId: String
    public var date: CivilDate
    /// `call`, `email`, `letter`, `meeting` or `note`.
    public var kind: String
    public var contact: String?
    public var text: String
    public var author: String?
    public init(
        id: Int, dossierId: String, date: CivilDate, kind: String, contact: String?, text: String, author: String?
    ) {
        self.id = id
        self.dossierId = dossierId
        self.date = date
        self.kind = kind
        self.contact = contact
        self.text = text
        self.author = author
    }
}

/// A promise made by the ordonnateur or the comptable.
public struct PromiseView: Codable, Sendable, Hashable {
    public var id: Int
    public var dossierId: String
    public var madeOn: CivilDate
    /// The date promised.
    public var by: CivilDate
    /// `ordonnateur` or `comptable`.
    public var side: String
    /// `serviceFait`, `mandat` or `payment`.
    public var what: String
    public var contact: String?
    public var note: String?
    public init(
        id: Int, dossierId: String, madeOn: CivilDate, by: CivilDate, side: String, what: String, contact: String?,
        note: String?
    ) {
        self.id = id
        self.dossierId = dossierId
        self.madeOn = madeOn
        self.by = by
        self.side = side
        self.what = what
        self.contact = contact
        self.note = note
    }
}

/// A log entry as a form submits it.
public struct NewLogEntry: Sendable, Hashable {
    public var dossierId: String
    public var date: CivilDate
    public var kind: String
    public var contact: String?
    public var text: String
    public var author: String?
    public init(dossierId: String, date: CivilDate, kind: String, contact: String?, text: String, author: String?) {
        self.dossierId = dossierId
        self.date = date
        self.kind = kind
        self.contact = contact
        self.text = text
        self.author = author
    }
}

/// A promise as a form submits it.
public struct NewPromise: Sendable, Hashable {
    public var dossierId: String
    public var madeOn: CivilDate
    public var by: CivilDate
    public var side: String
    public var what: String
    public var contact: String?
    public var note: String?
    public init(
        dossierId: String, madeOn: CivilDate, by: CivilDate, side: String, what: String, contact: String?, note: String?
    ) {
        self.dossierId = dossierId
        self.madeOn = madeOn
        self.by = by
        self.side = side
        self.what = what
        self.contact = contact
        self.note = note
    }
}

/// A dossier with everything its page shows.
public struct DossierDetail: Sendable, Hashable {
    public var view: DossierView
    public var chain: [ChainStep]
    public var clock: ClockView
    public var log: [LogEntryView]
    public var promises: [PromiseView]
    public init(view: DossierView, chain: [ChainStep], clock: ClockView, log: [LogEntryView], promises: [PromiseView]) {
        self.view = view
        self.chain = chain
        self.clock = clock
        self.log = log
        self.promises = promises
    }
}

/// A contract with its money: invoiced (sum of amounts due), paid, outstanding; each per currency (the invoices'
/// own: SEK never added to euros).
public struct ContractSummary: Codable, Sendable, Hashable {
    public var id: String
    public var title: String?
    public var buyerName: String?
    public var invoiceCount: Int
    public var invoiced: CurrencyTotals
    public var paid: CurrencyTotals
    public var outstanding: CurrencyTotals
    public init(
        id: String, title: String?, buyerName: String?, invoiceCount: Int, invoiced: CurrencyTotals,
        paid: CurrencyTotals, outstanding: CurrencyTotals
    ) {
        self.id = id
        self.title = title
        self.buyerName = buyerName
        self.invoiceCount = invoiceCount
        self.invoiced = invoiced
        self.paid = paid
        self.outstanding = outstanding
    }
}

/// A person to call at a buyer.
public struct ContactView: Codable, Sendable, Hashable {
    public var name: String
    /// `serviceGestionnaire`, `ordonnateurFinance`, `comptableOffice`, `contractManager`.
    public var role: String
    public var phone: String?
    public var email: String?
    public init(name: String, role: String, phone: String?, email: String?) {
        self.name = name
        self.role = role
        self.phone = phone
        self.email = email
    }
}

/// A buyer's file: who to call, its segments and what it owes (per currency).
public struct BuyerSummary: Codable, Sendable, Hashable {
    public var siret: String
    public var name: String
    /// `state`, `localAuthority`, `hospital`, `publicUndertaking`, or `nil` when not qualified.
    public var category: String?
    public var contacts: [ContactView]
    /// Segment codes (`atRisk`, `oftenDisputing`, `new`, …).
    public var segments: [String]
    public var dossierCount: Int
    /// Unpaid amounts due, per currency.
    public var outstanding: CurrencyTotals
    public init(
        siret: String, name: String, category: String?, contacts: [ContactView], segments: [String], dossierCount: Int,
        outstanding: CurrencyTotals
    ) {
        self.siret = siret
        self.name = name
        self.category = category
        self.contacts = contacts
        self.segments = segments
        self.dossierCount = dossierCount
        self.outstanding = outstanding
    }
}

/// One thing to do on a date.
public struct AgendaEntry: Codable, Sendable, Hashable {
    public var date: CivilDate
    public var dossierId: String?
    public var invoiceNumber: String?
    public var buyer: String?
    /// A short code: `promise-due`, `follow-up`, `interest-due`, …
    public var kind: String
    /// What to do, in French.
    public var label: String
    /// The same in English, when the repository wrote one (else `label` serves both languages).
    public var labelEnglish: String?
    public init(
        date: CivilDate, dossierId: String?, invoiceNumber: String?, buyer: String?, kind: String, label: String,
        labelEnglish: String? = nil
    ) {
        self.date = date
        self.dossierId = dossierId
        self.invoiceNumber = invoiceNumber
        self.buyer = buyer
        self.kind = kind
        self.label = label
        self.labelEnglish = labelEnglish
    }
}

/// What an account may do. Ordered: each role can do what the ones before it can.
public enum Role: String, Codable, Sendable, CaseIterable, Comparable {
    /// Reads pages and the API.
    case viewer
    /// Also writes the action log and promises.
    case collector
    /// Also sees the accounts.
    case admin

    var rank: Int {
        switch self {
        case .viewer: 0
        case .collector: 1
        case .admin: 2
        }
    }
    public static func < (a: Role, b: Role) -> Bool { a.rank < b.rank }
}

/// A user account. The password is kept only as a bcrypt hash.
public struct Account: Codable, Sendable, Hashable {
    public var name: String
    public var role: Role
    public var passwordHash: String
    public var createdAt: Date
    public init(name: String, role: Role, passwordHash: String, createdAt: Date) {
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
        self.createdAt = createdAt
    }
}

/// A signed-in browser session. The cookie carries the token; storage keeps only its SHA-256 hash.
public struct WebSession: Codable, Sendable, Hashable {
    public var tokenHash: String
    public var account: String
    /// The CSRF token every form of this session must send back.
    public var csrf: String
    public var expires: Date
    public init(tokenHash: String, account: String, csrf: String, expires: Date) {
        self.tokenHash = tokenHash
        self.account = account
        self.csrf = csrf
        self.expires = expires
    }
}

/// An API token for scripts (`Authorization: Bearer …`). Storage keeps only its SHA-256 hash.
public struct APIToken: Codable, Sendable, Hashable {
    public var hash: String
    public var account: String
    public var createdAt: Date
    public init(hash: String, account: String, createdAt: Date) {
        self.hash = hash
        self.account = account
        self.createdAt = createdAt
    }
}

extension AgendaEntry {
    /// The label in `lang`: the English one under `.en` when there is one.
    public func label(_ lang: Lang) -> String { lang == .en ? (labelEnglish ?? label) : label }
}
