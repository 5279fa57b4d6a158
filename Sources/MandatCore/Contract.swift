import Foundation

/// Where a contract was read from. `Codable, Hashable, Sendable`.
public enum ContractSourceFormat: String, Codable, Hashable, Sendable {
    /// DECP v1.5 (arrêté du 22 mars 2019; 139bercy/format-commande-publique tag 1.5.0 `marches.xsd`).
    case decpV1 = "decp-1.5"
    /// DECP v2 (arrêté du 22 décembre 2022; `schema_decp_v2.0.2.xsd`).
    case decpV2 = "decp-2"
    /// eForms contract award notice (OP-TED eForms SDK).
    case eforms
    /// TED XML R2.0.9 contract award notice (F03_2014, F06_2014).
    case ted
}

/// A holder (titulaire) of a public contract, a concessionnaire, a subcontractor, or a notice's winner.
///
/// `Codable, Hashable, Sendable`.
public struct ContractHolder: Codable, Hashable, Sendable {
    /// DECP `typeIdentifiant` (`SIRET`, `TVA`, `TAHITI`, `RIDET`, `FRWF`, `IREP`, `HORS-UE`) as written;
    /// nil for eForms/TED winners (their national id carries no type).
    public var idType: String?
    /// The identifier as written (a SIRET may contain spaces: see `company`).
    public var id: String?
    /// Company name (`denominationSociale`, eForms `PartyName/Name`, TED `OFFICIALNAME`), when given.
    public var name: String?
    /// Creates a holder from the values as written.
    public init(idType: String?, id: String?, name: String? = nil) {
        self.idType = idType
        self.id = id
        self.name = name
    }

    /// The holder's SIREN or SIRET when its id reads as one (9 or 14 digits once spaces, dots and dashes are
    /// removed) and its type is SIRET or not given. A `TVA` or foreign id is never read as a SIRET.
    public var company: CompanyID? {
        guard let id else { return nil }
        if let t = idType?.uppercased(), t != "SIRET", t != "SIREN" { return nil }
        return CompanyID(id)
    }
}

/// A modification of a contract (*avenant*, *modification*), as published in DECP or an eForms change notice.
///
/// DECP gives the **new** values after the change (`montant` = new total amount, `dureeMois` = new total
/// duration; DECP v2 schema `modification`, v1.5 `marches.xsd`), not increments. `Codable, Hashable, Sendable`.
public struct ContractModification: Codable, Hashable, Sendable {
    /// `modification/id` (v2); v1.5 modifications have none.
    public var id: String?
    /// `dateNotificationModification`; for a concession, `dateSignatureModification`.
    public var notificationDate: CivilDate?
    /// `datePublicationDonneesModification`.
    public var publicationDate: CivilDate?
    /// New total amount in force after this modification, excl. VAT, when it changes it (concession:
    /// new `valeurGlobale`).
    public var amount: Decimal?
    /// New total duration in months, when it changes it.
    public var durationMonths: Int?
    /// New list of holders, when it changes them (empty = unchanged).
    public var holders: [ContractHolder]
    /// `objetModification` (v1.5), free text.
    public var object: String?
    /// Line of the `modification` element in its file.
    public var line: Int?
    /// Creates a modification; `holders` empty means the holders are unchanged.
    public init(
        id: String?, notificationDate: CivilDate?, amount: Decimal?, durationMonths: Int?,
        publicationDate: CivilDate? = nil, holders: [ContractHolder] = [], object: String? = nil, line: Int? = nil
    ) {
        self.id = id
        self.notificationDate = notificationDate
        self.amount = amount
        self.durationMonths = durationMonths
        self.publicationDate = publicationDate
        self.holders = holders
        self.object = object
        self.line = line
    }
}

/// A subcontracting act (*acte spécial de sous-traitance*, DECP v2 `actesSousTraitance/acteSousTraitance`).
///
/// `Codable, Hashable, Sendable`.
public struct SubcontractingAct: Codable, Hashable, Sendable {
    /// `acteSousTraitance/id`.
    public var id: String?
    /// `sousTraitant/{typeIdentifiant, id}`.
    public var subcontractor: ContractHolder?
    /// Duration, months.
    public var durationMonths: Int?
    /// `dateNotification` of the act.
    public var notificationDate: CivilDate?
    /// Maximum amount paid to the subcontractor, euros excl. VAT.
    public var amount: Decimal?
    /// `variationPrix` as written (`Ferme`, `Actualisable`, `Révisable`).
    public var priceVariation: String?
    /// Creates an act from the values read.
    public init(
        id: String?, subcontractor: ContractHolder?, durationMonths: Int?, notificationDate: CivilDate?,
        amount: Decimal?, priceVariation: String?
    ) {
        self.id = id
        self.subcontractor = subcontractor
        self.durationMonths = durationMonths
        self.notificationDate = notificationDate
        self.amount = amount
        self.priceVariation = priceVariation
    }
}

/// The key of a contract: its id is unique only per buyer (DOMAIN.md §4.5), so the key is (buyer id, id).
///
/// `buyerId` is the buyer's SIRET digits when it reads as one (spaces removed), otherwise as written.
public struct ContractKey: Codable, Hashable, Sendable, CustomStringConvertible {
    /// Buyer SIRET digits (or the buyer id as written when it is not a SIRET).
    public var buyerId: String
    /// Contract id as written.
    public var id: String
    /// Creates a key.
    public init(buyerId: String, id: String) {
        self.buyerId = buyerId
        self.id = id
    }
    /// `buyerId/id`.
    public var description: String { "\(buyerId)/\(id)" }
}

/// A public contract (marché public or contrat de concession) from DECP, or an awarded contract from an
/// eForms or TED award notice.
///
/// Contract ids are unique per buyer: the key is (buyer SIRET, id) (DOMAIN.md §4.5). Amounts are `Decimal`,
/// excl. VAT, in `currency` (EUR when nil). `Codable, Hashable, Sendable`.
public struct Contract: Codable, Hashable, Sendable {
    /// `marche` or `contrat-concession` (DECP), `eforms`, `ted`.
    public var type: String
    /// DECP `id`; eForms `ContractReference/ID` (BT-150), else the technical id; TED `CONTRACT_NO`, else the
    /// item number.
    public var id: String
    /// DECP v1.5 `uid` (buyer SIRET + id), when given.
    public var uid: String?
    /// Buyer SIRET as written (DECP `acheteur/id`, `autoriteConcedante/id`; eForms buyer `CompanyID`; TED
    /// `NATIONALID`).
    public var buyerId: String?
    /// Buyer name (`acheteur/nom` in v1.5, eForms `PartyName`, TED `OFFICIALNAME`).
    public var buyerName: String?
    /// `nature` as written (`Marché`, `Accord-cadre`, `Concession de travaux`…; real data has upper case).
    public var nature: String?
    /// `objet`; eForms contract title; TED lot title.
    public var object: String?
    /// Main CPV code (`codeCPV`, eForms BT-262, TED `CPV_MAIN`).
    public var cpv: String?
    /// Procedure as written (`procedure`, eForms BT-105 code).
    public var procedure: String?
    /// DECP `dateNotification` (marché).
    public var notificationDate: CivilDate?
    /// Concession `dateSignature`; eForms `SettledContract/IssueDate` (BT-145) and TED
    /// `DATE_CONCLUSION_CONTRACT`: the date the contract was concluded.
    public var signatureDate: CivilDate?
    /// Concession `dateDebutExecution`.
    public var startDate: CivilDate?
    /// Initial duration, months.
    public var durationMonths: Int?
    /// Amount notified (marché `montant`; eForms tender value; TED `VAL_TOTAL`), excl. VAT.
    public var amount: Decimal?
    /// Concession `valeurGlobale`, excl. VAT.
    public var value: Decimal?
    /// ISO 4217 code; nil means euros (DECP has no currency).
    public var currency: String?
    /// `formePrix` (`Ferme`, `Révisable`, `Forfaitaire`, `Unitaire`…).
    public var priceForm: String?
    /// Initial holders (titulaires, concessionnaires, winners); see `holders(on:)` for later changes.
    public var holders: [ContractHolder]
    /// Declared subcontracting acts (DECP v2).
    public var subcontracting: [SubcontractingAct]
    /// `idAccordCadre`: the framework agreement this contract is a subsequent contract of.
    public var frameworkAgreementId: String?
    /// Modifications in file order. Use `modificationsInNotificationOrder` to apply them.
    public var modifications: [ContractModification]
    /// eForms/TED lot identifiers.
    public var lots: [String]
    /// Notice id (eForms `cbc:ID`, TED `NO_DOC_OJS`) the contract was read from.
    public var noticeId: String?
    /// The format and version it was read from.
    public var format: ContractSourceFormat?
    /// File and line of the contract element.
    public var source: SourceRef

    /// Creates an empty contract of `type` with its id; readers fill the rest.
    public init(type: String, id: String, source: SourceRef) {
        self.type = type
        self.id = id
        self.source = source
        self.holders = []
        self.subcontracting = []
        self.modifications = []
        self.lots = []
    }

    /// Whether this is a concession (`contrat-concession`).
    public var isConcession: Bool { type == "contrat-concession" }

    /// The key (buyer id, id): the buyer's SIRET digits when it reads as one, else the buyer id as written
    /// (or empty when there is none).
    public var key: ContractKey {
        let b = buyerId.map { CompanyID($0)?.digits ?? $0 } ?? ""
        return ContractKey(buyerId: b, id: id)
    }

    /// The amount notified: `amount` for a marché, `value` (`valeurGlobale`) for a concession.
    public var amountNotified: Decimal? { amount ?? value }

    /// The date from which the duration runs: `startDate` (concession `dateDebutExecution`), else the
    /// notification date, else the signature / conclusion date. DECP gives no other start
    /// (interpretation: the CCP counts a marché's duration from its notification, R.2182-4).
    public var durationStart: CivilDate? { startDate ?? notificationDate ?? signatureDate }

    /// Modifications sorted by notification date (stable: equal dates keep file order); modifications
    /// without a date come last, in file order. Real files list them out of order (DOMAIN.md §4.5).
    public var modificationsInNotificationOrder: [ContractModification] {
        let indexed = modifications.enumerated().map { ($0.offset, $0.element) }
        return indexed.sorted { a, b in
            switch (a.1.notificationDate, b.1.notificationDate) {
            case (let x?, let y?): return x != y ? x < y : a.0 < b.0
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a.0 < b.0
            }
        }.map(\.1)
    }

    /// Modifications in force on `date`: those notified on or before it, in notification order. Undated
    /// modifications are never in force on a given date (they cannot be placed); see `amountInForce`.
    public func modificationsInForce(on date: CivilDate) -> [ContractModification] {
        modificationsInNotificationOrder.filter { m in m.notificationDate.map { $0 <= date } ?? false }
    }

    /// The amount in force on `date`, excl. VAT: the notified amount, replaced by each modification that
    /// sets a new amount, applied in notification order up to `date` (DECP modification `montant` is the new
    /// total). Nil when the contract has no amount and no applicable modification sets one.
    public func amount(on date: CivilDate) -> Decimal? {
        var a = amountNotified
        for m in modificationsInForce(on: date) where m.amount != nil { a = m.amount }
        return a
    }

    /// The duration in force on `date`, months (same rule as `amount(on:)`).
    public func durationMonths(on date: CivilDate) -> Int? {
        var d = durationMonths
        for m in modificationsInForce(on: date) where m.durationMonths != nil { d = m.durationMonths }
        return d
    }

    /// The end date in force on `date`: `durationStart` plus the duration in force, in calendar months
    /// (same day of month, clamped to the month's last day: 2024-01-31 + 1 month = 2024-02-29). Nil when the
    /// start or the duration is unknown.
    public func endDate(on date: CivilDate) -> CivilDate? {
        guard let start = durationStart, let months = durationMonths(on: date) else { return nil }
        return start.addingMonths(months)
    }

    /// The holders in force on `date`: the last modification in force that lists holders, else the initial
    /// holders.
    public func holders(on date: CivilDate) -> [ContractHolder] {
        var h = holders
        for m in modificationsInForce(on: date) where !m.holders.isEmpty { h = m.holders }
        return h
    }

    /// The amount after every modification (undated ones last, in file order), excl. VAT.
    public var amountInForce: Decimal? {
        var a = amountNotified
        for m in modificationsInNotificationOrder where m.amount != nil { a = m.amount }
        return a
    }

    /// The duration after every modification, months.
    public var durationMonthsInForce: Int? {
        var d = durationMonths
        for m in modificationsInNotificationOrder where m.durationMonths != nil { d = m.durationMonths }
        return d
    }

    /// The end date after every modification (see `endDate(on:)`).
    public var endDateInForce: CivilDate? {
        guard let start = durationStart, let months = durationMonthsInForce else { return nil }
        return start.addingMonths(months)
    }

    /// Every holder ever named (initial and in modifications), distinct by (type, id), first seen first:
    /// an invoice may come from a holder that was replaced later.
    public var allHolders: [ContractHolder] {
        var seen = Set<String>()
        var out: [ContractHolder] = []
        for h in holders + modificationsInNotificationOrder.flatMap(\.holders) {
            let k = "\(h.idType ?? "")|\(h.company?.digits ?? h.id ?? "")"
            if seen.insert(k).inserted { out.append(h) }
        }
        return out
    }

    /// For a DECP v1.5 id (year, internal number, 2-digit modification suffix: `marches.xsd` `id`), the id
    /// without its suffix (`2010345211203` → `20103452112`); nil for other formats or ids too short to carry
    /// one (7 characters at least: 4 + 1 + 2).
    public var v1BaseId: String? {
        guard format == .decpV1, id.count >= 7, id.suffix(2).allSatisfy(\.isASCII), id.suffix(2).allSatisfy(\.isNumber)
        else { return nil }
        return String(id.dropLast(2))
    }
}

extension CivilDate {
    /// Adds calendar months, keeping the day of month and clamping it to the target month's length
    /// (2024-01-31 + 1 = 2024-02-29; 2023-01-31 + 1 = 2023-02-28).
    public func addingMonths(_ months: Int) -> CivilDate {
        let total = year * 12 + (month - 1) + months
        let y = total >= 0 ? total / 12 : (total - 11) / 12
        let m = total - y * 12 + 1
        let d = Swift.min(day, CivilDate.daysInMonth(year: y, month: m))
        return CivilDate(year: y, month: m, day: d) ?? self
    }
}

/// The nature of a contract, from DECP `nature` whatever its case and accents (real data has `MARCHE`,
/// `ACCORD-CADRE`, `Marche subsequent`). `Codable, Hashable, Sendable`.
///
/// Source: the `nature` enumerations of DECP v1.5 `marches.xsd` (Marché, Marché de partenariat,
/// Accord-cadre, Marché subséquent; concessions: Concession de travaux, Concession de service, Concession
/// de service public, Délégation de service public) and v2 `schema_decp_v2.0.2.xsd` (adds Marché de
/// défense ou de sécurité; v2 moved accord-cadre to `techniques`).
public enum ContractNature: String, Codable, Hashable, Sendable, CaseIterable {
    case marche
    case partnership
    case defenceOrSecurity
    case frameworkAgreement
    case subsequentContract
    case worksConcession
    case servicesConcession
    case publicServiceConcession
    case publicServiceDelegation

    /// Reads a DECP `nature` value ignoring case, accents, spaces and hyphens; nil for anything else.
    public init?(decp text: String) {
        let key = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .filter { $0.isLetter }
        switch key {
        case "marche": self = .marche
        case "marchedepartenariat": self = .partnership
        case "marchededefenseoudesecurite": self = .defenceOrSecurity
        case "accordcadre": self = .frameworkAgreement
        case "marchesubsequent", "marchessubsequents": self = .subsequentContract
        case "concessiondetravaux": self = .worksConcession
        case "concessiondeservice": self = .servicesConcession
        case "concessiondeservicepublic": self = .publicServiceConcession
        case "delegationdeservicepublic": self = .publicServiceDelegation
        default: return nil
        }
    }
}

extension Contract {
    /// `nature` read as a `ContractNature` (nil when absent or not a DECP value).
    public var natureKind: ContractNature? { nature.flatMap(ContractNature.init(decp:)) }
}
