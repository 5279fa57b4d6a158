import Foundation

// The dossier API: what the store, the reports and the server consume. The law (clock, interest,
// findings) fills in `DossierAssessor.assess`; the shapes here are the contract between modules.

/// Category of public buyer, which sets the délai global de paiement (CCP R.2192-10, R.2192-11).
public enum BuyerCategory: String, Codable, Hashable, Sendable, CaseIterable {
    /// The State and its administrative public bodies: 30 days, no ordonnateur/comptable split.
    case state
    /// Local authorities (collectivités territoriales), their public bodies and groupings: 30 days, split 20/10.
    case localAuthority
    /// Public hospitals (établissements publics de santé), army health service: 50 days, split 35/15.
    case hospital
    /// Public undertakings (entreprises publiques): 60 days, no split.
    case publicUndertaking
}

/// What Mandat knows of a buyer for the law: its category, a shorter contractual delay, a convention's split.
public struct BuyerProfile: Codable, Hashable, Sendable {
    public var siret: String?
    public var name: String?
    public var category: BuyerCategory
    /// A delay set by the contract, calendar days (only a shorter one counts: CCP L.2192-10).
    public var contractualDelayDays: Int?
    /// The comptable's share under an ordonnateur–comptable convention, calendar days (default 10, or 15 for
    /// hospitals: décret 2013-269 art. 12).
    public var comptableShareDays: Int?
    public init(
        siret: String? = nil, name: String? = nil, category: BuyerCategory, contractualDelayDays: Int? = nil,
        comptableShareDays: Int? = nil
    ) {
        self.siret = siret
        self.name = name
        self.category = category
        self.contractualDelayDays = contractualDelayDays
        self.comptableShareDays = comptableShareDays
    }
}

/// Everything tied to one invoice: the invoice (when Mandat has read it), its events, its mandats, its contract.
public struct Dossier: Codable, Hashable, Sendable {
    /// Stable id: the invoice key's description, or a key built from the events when the invoice is unknown.
    public var id: String
    public var invoice: Invoice?
    /// The invoice number, from the invoice or from the events.
    public var invoiceNumber: String?
    public var events: [ChainEvent]
    public var mandats: [Mandat]
    public var contract: Contract?
    /// For a credit note (BT-3 381 or a UBL `CreditNote`): the id of the dossier of the invoice it corrects, found
    /// by its BT-25 (preceding invoice number, same seller SIREN) when Mandat has read that invoice and exactly one
    /// matches (DOMAIN.md §4.6); nil otherwise.
    public var correctedInvoiceId: String?
    /// For an invoice: the ids of the dossiers of the credit notes that name it in BT-25, sorted.
    public var creditNoteIds: [String]
    public init(
        id: String, invoice: Invoice?, invoiceNumber: String?, events: [ChainEvent], mandats: [Mandat],
        contract: Contract?, correctedInvoiceId: String? = nil, creditNoteIds: [String] = []
    ) {
        self.id = id
        self.invoice = invoice
        self.invoiceNumber = invoiceNumber
        self.events = events
        self.mandats = mandats
        self.contract = contract
        self.correctedInvoiceId = correctedInvoiceId
        self.creditNoteIds = creditNoteIds
    }

    private enum CodingKeys: String, CodingKey {
        case id, invoice, invoiceNumber, events, mandats, contract, correctedInvoiceId, creditNoteIds
    }

    /// Decodes a dossier; the credit-note links may be absent (dossiers stored before they existed).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        invoice = try c.decodeIfPresent(Invoice.self, forKey: .invoice)
        invoiceNumber = try c.decodeIfPresent(String.self, forKey: .invoiceNumber)
        events = try c.decode([ChainEvent].self, forKey: .events)
        mandats = try c.decode([Mandat].self, forKey: .mandats)
        contract = try c.decodeIfPresent(Contract.self, forKey: .contract)
        correctedInvoiceId = try c.decodeIfPresent(String.self, forKey: .correctedInvoiceId)
        creditNoteIds = try c.decodeIfPresent([String].self, forKey: .creditNoteIds) ?? []
    }
}

extension Dossier {
    /// The first day the dossier is known to exist: the earliest of the invoice's issue date (BT-2) and reception
    /// date, its events' dates and its mandats' bordereau dates. Nil when none of them carries a date.
    public var firstKnownDate: CivilDate? {
        var first: CivilDate?
        func see(_ d: CivilDate?) {
            if let d, first.map({ d < $0 }) ?? true { first = d }
        }
        see(invoice?.issueDate)
        see(invoice?.receptionDate)
        for e in events { see(e.date) }
        for m in mandats { see(m.bordereauDate) }
        return first
    }

    /// Whether the dossier existed on `day`: its first known date is on or before `day`. A dossier whose first invoice, event or mandat is dated later did not exist yet, so a
    /// board, a digest or a count as of `day` leaves it out. A dossier with no date at all is kept (nothing says
    /// it did not exist).
    public func existed(on day: CivilDate) -> Bool {
        firstKnownDate.map { $0 <= day } ?? true
    }
}
