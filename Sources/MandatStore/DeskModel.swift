import Foundation
import MandatCore

// The collector's desk (DOMAIN.md §5): a qualified buyer file, a main courante (action log), promises.
// Everything here is a value type; storage is behind `DeskStore`.

/// The role of a contact at a public buyer or its comptable (DOMAIN.md §5, "fichier client qualifié").
public enum ContactRole: String, Codable, Hashable, Sendable, CaseIterable {
    /// The buyer's managing service, which certifies the service fait.
    case serviceGestionnaire
    /// The ordonnateur's finance office, which liquidates and issues the mandat.
    case ordonnateurFinance
    /// The comptable's office (service de gestion comptable, trésorerie), which checks and pays.
    case comptableOffice
    /// Our own contract manager for this buyer.
    case contractManager
}

/// One person to call or write to at a buyer. `Sendable` value.
public struct BuyerContact: Codable, Hashable, Sendable {
    public var name: String
    public var role: ContactRole
    public var phone: String?
    public var email: String?
    public init(name: String, role: ContactRole, phone: String? = nil, email: String? = nil) {
        self.name = name
        self.role = role
        self.phone = phone
        self.email = email
    }
}

/// Segments of buyers that call for a reminder *before* the due date (DOMAIN.md §5, "relance avant échéance").
///
/// `atRisk` is set by hand or computed; the others are computed by `BuyerSegments` from the dossiers with the
/// thresholds of `DeskSettings`, and can also be set by hand.
public enum BuyerSegment: String, Codable, Hashable, Sendable, CaseIterable, Comparable {
    /// Pays very late: a dossier unpaid `atRiskDaysLate` days after its due date.
    case atRisk
    /// Disputes, rejects or suspends often: at least `oftenDisputingCount` such dossiers or log outcomes.
    case oftenDisputing
    /// Fewer than `newBuyerPaidDossiers` dossiers paid so far.
    case new
    /// Large account (invoiced total ≥ `largeAccountAmount` euros) with a long circuit (average days to pay ≥
    /// `longCircuitDays`, or a 50/60-day buyer category).
    case largeAccountLongCircuit
    /// Outstanding (unpaid amounts due) ≥ `largeReceivableAmount` euros.
    case largeReceivable

    public static func < (a: BuyerSegment, b: BuyerSegment) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// A buyer in the desk's buyer file, keyed by its SIRET (14 digits, Luhn key checked on entry).
public struct BuyerRecord: Codable, Hashable, Sendable {
    /// SIRET, digits only.
    public var siret: String
    public var name: String
    public var category: BuyerCategory?
    /// The comptable's post (PES `IdPost`).
    public var comptablePost: String?
    /// The comptable's office (e.g. "SGC de Valbonne").
    public var comptableOffice: String?
    public var contacts: [BuyerContact]
    /// Segments set by hand (computed ones are added by `BuyerSegments`).
    public var segments: [BuyerSegment]
    public var notes: String?

    public init(
        siret: String, name: String, category: BuyerCategory? = nil, comptablePost: String? = nil,
        comptableOffice: String? = nil, contacts: [BuyerContact] = [], segments: [BuyerSegment] = [],
        notes: String? = nil
    ) {
        self.siret = siret
        self.name = name
        self.category = category
        self.comptablePost = comptablePost
        self.comptableOffice = comptableOffice
        self.contacts = contacts
        self.segments = segments
        self.notes = notes
    }

    /// The first contact with a role, if any.
    public func contact(_ role: ContactRole) -> BuyerContact? { contacts.first { $0.role == role } }

    /// Checks and normalises a SIRET typed by a person: 14 digits (spaces, dots, dashes ignored), valid Luhn key.
    /// - Throws: `DeskError` (`bad-siret`) saying what is wrong.
    public static func checkedSiret(_ text: String) throws -> String {
        guard let id = CompanyID(text), id.kind == .siret else {
            throw DeskError(code: "bad-siret", message: "« \(text) » is not a SIRET (14 digits)")
        }
        guard id.hasValidKey else {
            throw DeskError(code: "bad-siret", message: "SIRET \(id.digits): wrong check digit (Luhn key)")
        }
        return id.digits
    }
}

/// How a collector acted (the main courante's kinds).
public enum LogKind: String, Codable, Hashable, Sendable, CaseIterable {
    case call, email, letter, meeting, note
}

/// What came of an action: a fixed vocabulary so the log can be counted and searched.
public enum LogOutcome: String, Codable, Hashable, Sendable, CaseIterable {
    case reached, voicemail, wrongPerson, invoiceNotReceived, awaitingServiceFait, awaitingMandat
    case mandatSentToComptable, paymentAnnounced, dispute
    /// Late-payment interest or indemnity received: the entry's `amount` (euros) counts in the cost of credit.
    case interestReceived
    case other
}

/// One dated entry of the action log (main courante). Append-only: a correction is a new entry whose
/// `corrects` points at the entry it replaces; entries are never edited nor deleted.
public struct LogEntry: Codable, Hashable, Sendable {
    /// Assigned by the store, increasing.
    public var id: Int
    public var dossierId: String
    public var date: CivilDate
    public var kind: LogKind
    /// Who was contacted (free text: a name, or a `ContactRole` raw value).
    public var contact: String?
    public var outcome: LogOutcome?
    public var text: String
    /// Who wrote the entry.
    public var author: String?
    /// Euros, for `interestReceived`.
    public var amount: Decimal?
    /// The id of the entry this one corrects.
    public var corrects: Int?

    public init(
        id: Int = 0, dossierId: String, date: CivilDate, kind: LogKind, contact: String? = nil,
        outcome: LogOutcome? = nil, text: String, author: String? = nil, amount: Decimal? = nil, corrects: Int? = nil
    ) {
        self.id = id
        self.dossierId = dossierId
        self.date = date
        self.kind = kind
        self.contact = contact
        self.outcome = outcome
        self.text = text
        self.author = author
        self.amount = amount
        self.corrects = corrects
    }
}

/// Who made a promise: the ordonnateur's services or the comptable.
public enum PromiseSide: String, Codable, Hashable, Sendable, CaseIterable {
    case ordonnateur, comptable
}

/// What was promised; each is kept when the dossier reaches the matching stage.
public enum PromiseWhat: String, Codable, Hashable, Sendable, CaseIterable {
    /// Service fait certified (stage `serviceCertified` or later).
    case serviceFait
    /// Mandat issued (stage `mandated` or later).
    case mandat
    /// Payment issued (a payment date, or stage `paid` / `paidOnRequisition`).
    case payment
}

/// A dated commitment obtained from the buyer ("obtenir un engagement daté", DOMAIN.md §5).
public struct Promise: Codable, Hashable, Sendable {
    /// Assigned by the store, increasing.
    public var id: Int
    public var dossierId: String
    /// The day the promise was made.
    public var madeOn: CivilDate
    /// The last day on which the promise can be kept.
    public var by: CivilDate
    public var side: PromiseSide
    public var what: PromiseWhat
    /// Who promised.
    public var contact: String?
    public var note: String?

    public init(
        id: Int = 0, dossierId: String, madeOn: CivilDate, by: CivilDate, side: PromiseSide, what: PromiseWhat,
        contact: String? = nil, note: String? = nil
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

/// A desk error a user acts on: a stable `code`, a message naming the file, line or field.
public struct DeskError: Error, CustomStringConvertible, Sendable, Equatable {
    public var code: String
    public var message: String
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
    public var description: String { message }
}
