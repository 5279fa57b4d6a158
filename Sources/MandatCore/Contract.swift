import Foundation

/// A holder (titulaire) of a public contract, or a concessionnaire.
public struct ContractHolder: Codable, Hashable, Sendable {
    /// DECP `typeIdentifiant` (SIRET, TVA, …) as written.
    public var idType: String?
    public var id: String?
    public var name: String?
    public init(idType: String?, id: String?, name: String? = nil) {
        self.idType = idType
        self.id = id
        self.name = name
    }
}

/// A modification of a contract (avenant), as published in DECP.
public struct ContractModification: Codable, Hashable, Sendable {
    public var id: String?
    public var notificationDate: CivilDate?
    /// New total amount in force after this modification, euros excl. VAT, when it changes it.
    public var amount: Decimal?
    /// New duration in months, when it changes it.
    public var durationMonths: Int?
    public init(id: String?, notificationDate: CivilDate?, amount: Decimal?, durationMonths: Int?) {
        self.id = id
        self.notificationDate = notificationDate
        self.amount = amount
        self.durationMonths = durationMonths
    }
}

/// A public contract (marché public or contrat de concession) from DECP, eForms or TED.
///
/// Contract ids are unique per buyer: the key is (buyer SIRET, id) (DOMAIN.md §4.5).
public struct Contract: Codable, Hashable, Sendable {
    /// `marche` or `contrat-concession` (DECP), `eforms`, `ted`.
    public var type: String
    public var id: String
    public var buyerId: String?
    public var buyerName: String?
    public var nature: String?
    public var object: String?
    public var cpv: String?
    public var procedure: String?
    public var notificationDate: CivilDate?
    public var durationMonths: Int?
    /// Amount notified, euros excl. VAT.
    public var amount: Decimal?
    public var priceForm: String?
    public var holders: [ContractHolder]
    public var frameworkAgreementId: String?
    public var modifications: [ContractModification]
    public var source: SourceRef

    public init(type: String, id: String, source: SourceRef) {
        self.type = type
        self.id = id
        self.source = source
        self.holders = []
        self.modifications = []
    }
}
