import Foundation

/// A text shown to people, in French with an English alternative.
public struct LocalizedText: Codable, Hashable, Sendable {
    public var fr: String
    public var en: String
    public init(fr: String, en: String) {
        self.fr = fr
        self.en = en
    }

    /// No text: what a finding carries when the assessment was made without texts.
    public static let blank = LocalizedText(fr: "", en: "")
}

/// How urgent a finding is.
public enum FindingSeverity: String, Codable, Hashable, Sendable, CaseIterable, Comparable {
    /// Worth knowing; nothing blocked.
    case info
    /// Late or at risk: someone should act.
    case warning
    /// The chain is stopped until someone acts.
    case blocking

    private var rank: Int {
        switch self {
        case .info: return 0
        case .warning: return 1
        case .blocking: return 2
        }
    }
    public static func < (a: FindingSeverity, b: FindingSeverity) -> Bool { a.rank < b.rank }
}

/// Whom to call about a finding (DOMAIN.md §5, "fichier client qualifié").
public enum Contact: String, Codable, Hashable, Sendable, CaseIterable {
    /// The buyer's service that handles the invoice (service gestionnaire / service exécutant).
    case serviceGestionnaire
    /// The ordonnateur's finance office (issues mandats, pays interest).
    case ordonnateurFinance
    /// The comptable's office (service de gestion comptable, trésorerie).
    case comptableOffice
    /// The supplier (titulaire) itself.
    case supplier
}

/// The stable codes of the blockage and law findings (docs/law.md has the catalogue).
public enum FindingCode: String, Codable, Hashable, Sendable, CaseIterable {
    case depositRejected = "deposit-rejected"
    case routingDataToFix = "routing-data-to-fix"
    case rejected = "rejected"
    case suspendedAwaitingSupplier = "suspended-awaiting-supplier"
    case disputed = "disputed"
    case ordonnateurOverShare = "ordonnateur-over-share"
    case mandatedNotReceived = "mandated-not-received"
    case integrationRejected = "integration-rejected"
    case mandatOnHold = "mandat-on-hold"
    case mandatRejected = "mandat-rejected"
    case comptableOverShare = "comptable-over-share"
    case paidLateInterestDue = "paid-late-interest-due"
    case interestUnpaid45Days = "interest-unpaid-45-days"
    case mandatAmountMismatch = "mandat-amount-mismatch"
    case assignedOrOpposed = "assigned-or-opposed"
    case stale = "stale"
    case secondSuspensionIgnored = "second-suspension-ignored"
    case overdue = "overdue"
    /// An invoice whose payment clock has no start: no issue, reception or made-available date could be read (an
    /// impossible date `2026-02-30` left empty). No due date, no interest: flagged so that nobody forgets it.
    case noClockStart = "no-clock-start"
}

/// An event cited as evidence: what it says and where it was read (file and line).
public struct Evidence: Codable, Hashable, Sendable {
    public var eventId: String
    public var kind: EventKind
    public var code: String
    public var date: CivilDate?
    public var source: SourceRef
    /// Reason texts carried by the event (`ObsEtat`, `LibelleAnoAck`, CDAR reason), if any.
    public var reasons: [String]
    public init(event: ChainEvent) {
        eventId = event.id
        kind = event.kind
        code = event.code
        date = event.date
        source = event.sourceRef
        reasons = event.reasons.map { r in [r.code, r.text].compactMap { $0 }.joined(separator: " ") }
    }
}

/// A blocked or late payment, or a legal right to claim: data with evidence, never an error (STYLE.md 1).
public struct Finding: Codable, Hashable, Sendable {
    public var code: FindingCode
    public var severity: FindingSeverity
    /// Who must act now.
    public var holder: Holder
    /// Since when the situation holds (calendar date), when known.
    public var since: CivilDate?
    /// Calendar days from `since` to the assessment date.
    public var daysAtHolder: Int?
    /// Calendar days beyond the holder's share of the legal delay (or beyond the due date for `overdue`).
    public var daysOverShare: Int?
    /// Euros at stake: unpaid amount due and/or interest, per rule (see docs/law.md).
    public var moneyAtStake: Decimal
    /// The events that prove it, with file and line.
    public var evidence: [Evidence]
    /// What to do next.
    public var nextAction: LocalizedText
    /// Whom to call.
    public var contact: Contact
    /// A one-line explanation with the figures.
    public var message: LocalizedText

    public init(
        code: FindingCode, severity: FindingSeverity, holder: Holder, since: CivilDate?, daysAtHolder: Int?,
        daysOverShare: Int?, moneyAtStake: Decimal, evidence: [Evidence], nextAction: LocalizedText,
        contact: Contact, message: LocalizedText
    ) {
        self.code = code
        self.severity = severity
        self.holder = holder
        self.since = since
        self.daysAtHolder = daysAtHolder
        self.daysOverShare = daysOverShare
        self.moneyAtStake = moneyAtStake
        self.evidence = evidence
        self.nextAction = nextAction
        self.contact = contact
        self.message = message
    }
}
