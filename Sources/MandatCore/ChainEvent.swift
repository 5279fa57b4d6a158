import Foundation

/// Who holds an invoice at a point of the chain.
public enum Holder: String, Codable, Hashable, Sendable, CaseIterable {
    case supplier, platform, ordonnateur, comptable, nobody
}

/// Which kind of file an event was read from.
public enum EventSource: String, Codable, Hashable, Sendable {
    /// Chorus Pro `CPPStatut` flow, API JSON history, or the statuses inside a `CPPFacturePivot`.
    case chorusPro
    /// 2026 lifecycle message (CDAR D22B).
    case cdar
    /// PES_Aller dépense (the ordonnateur issues mandats).
    case pesAller
    /// PES_ACQUIT (Hélios acknowledges a PES file, element by element).
    case pesAcquit
    /// PES_Retour dépense (the comptable's decisions and payments).
    case pesRetour
    /// Entered by a person (action log, manual status).
    case manual
}

/// What an event means for the chain, whatever file it came from (DOMAIN.md §1).
public enum EventKind: String, Codable, Hashable, Sendable, CaseIterable {
    case deposited  // Chorus DEPOSEE, CDAR 200/201
    case inTransit  // Chorus EN_COURS_ACHEMINEMENT, CDAR 202
    case depositRejected  // flow IN_REJETE / IN_INCIDENTE, CDAR 213, 501
    case madeAvailable  // Chorus MISE_A_DISPOSITION, CDAR 203: DGP start
    case routingReturned  // Chorus A_RECYCLER, CDAR 221
    case rejected  // Chorus REJETEE, CDAR 210: terminal
    case suspended  // Chorus SUSPENDUE, CDAR 208
    case completed  // Chorus COMPLETEE, CDAR 209
    case takenIntoProcessing  // CDAR 204 (buyer's prise en charge, not the comptable's)
    case approved  // CDAR 205/206
    case disputed  // CDAR 207
    case serviceCertified  // Chorus SERVICE_FAIT
    case mandated  // Chorus MANDATEE, or a mandat in a PES_Aller
    case receivedByComptable  // Chorus MISE_A_DISPOSITION_COMPTABLE, PES_ACQUIT accepting the bordereau
    case integrationRejected  // PES_ACQUIT EtatAck 0
    case accounted  // Chorus COMPTABILISEE
    case mandatOnHold  // PES_Retour EtatPce 01
    case mandatTakenInCharge  // PES_Retour EtatPce 02
    case mandatRejected  // PES_Retour EtatPce 04
    case mandatSettled  // PES_Retour EtatPce 05
    case paid  // Chorus MISE_EN_PAIEMENT, PES PaiementEmargement OrgEma 01, CDAR 211: DGP end
    case paymentOffset  // PES PaiementEmargement OrgEma ≠ 01 (penalty, retention, third party)
    case cashed  // CDAR 212
    case assignedOrOpposed  // PES CessOpp 02/03, CDAR 225-228 factoring
    case requisition  // PES NatPce 19
    case cancelled  // CDAR 220
    case other  // any other code: kept and shown, never dropped
}

/// The key of a mandat in Hélios: (IdColl, CodCol, CodBud, Exer, IdBord, IdPce) (DOMAIN.md §4.4).
public struct MandatKey: Codable, Hashable, Sendable, CustomStringConvertible {
    public var idColl: String
    public var codCol: String?
    public var codBud: String?
    public var exer: String
    public var idBord: String
    public var idPce: String?
    public init(idColl: String, codCol: String?, codBud: String?, exer: String, idBord: String, idPce: String?) {
        self.idColl = idColl
        self.codCol = codCol
        self.codBud = codBud
        self.exer = exer
        self.idBord = idBord
        self.idPce = idPce
    }
    /// The bordereau this mandat belongs to.
    public var bordereau: MandatKey {
        MandatKey(idColl: idColl, codCol: codCol, codBud: codBud, exer: exer, idBord: idBord, idPce: nil)
    }
    public var description: String {
        "\(idColl)/\(exer)/B\(idBord)" + (idPce.map { "/M\($0)" } ?? "")
    }
}

/// How an event names the invoice it is about (any of these may be missing).
public struct InvoiceRef: Codable, Hashable, Sendable {
    public var number: String?
    public var issueDate: CivilDate?
    /// Seller SIREN or SIRET as written.
    public var sellerId: String?
    /// Buyer SIRET as written.
    public var buyerId: String?
    /// Chorus Pro invoice id (`IdFacture`, `idFacture`).
    public var chorusId: String?
    /// True when the number was inferred from free text (a PES `LibVir1`, `Obj`…), not read from a field.
    public var inferred: Bool
    public init(
        number: String? = nil, issueDate: CivilDate? = nil, sellerId: String? = nil, buyerId: String? = nil,
        chorusId: String? = nil, inferred: Bool = false
    ) {
        self.number = number
        self.issueDate = issueDate
        self.sellerId = sellerId
        self.buyerId = buyerId
        self.chorusId = chorusId
        self.inferred = inferred
    }
}

/// A reason given with a status (CDAR `ReasonCode`, PES `ObsEtat`, Hélios `NumAnoAck`, Chorus comment).
public struct EventReason: Codable, Hashable, Sendable {
    public var code: String?
    public var text: String?
    /// CDAR requested action (NOA, PIN, NIN, CNF, CNP, CNA, OTH).
    public var action: String?
    public init(code: String?, text: String?, action: String? = nil) {
        self.code = code
        self.text = text
        self.action = action
    }
}

/// One dated step of an invoice's or a mandat's path, read from a file.
///
/// Events tie to a dossier through `invoice` or `mandat` (DOMAIN.md §4.6). `id` is stable: the same fact
/// read twice (the same file imported twice, or the same status in two exports) has the same id.
public struct ChainEvent: Codable, Hashable, Sendable {
    public var kind: EventKind
    public var source: EventSource
    /// The raw code as written (`MISE_A_DISPOSITION`, `203`, `EtatPce=02`, `EtatAck=0`, `OrgEma=01`).
    public var code: String
    /// The code's meaning in French, from the code tables (nil for an unknown code).
    public var label: String?
    /// Calendar date of the event (Europe/Paris); nil when the file gives none.
    public var date: CivilDate?
    /// The time stamp as given, when there is one.
    public var timestamp: String?
    public var invoice: InvoiceRef?
    public var mandat: MandatKey?
    /// Money carried by the event: payment amount (PES `MtPay`, CDAR MPA/MEN), mandat TTC.
    public var amount: Decimal?
    public var reasons: [EventReason]
    /// Other facts worth showing (`mandatNumber`, `idBord`, `origin`…), as strings.
    public var details: [String: String]
    public var sourceRef: SourceRef
    /// Set when the code is not in Mandat's tables: shown and flagged, never guessed.
    public var unknownCode: Bool

    public init(
        kind: EventKind, source: EventSource, code: String, label: String? = nil, date: CivilDate?,
        timestamp: String? = nil, invoice: InvoiceRef? = nil, mandat: MandatKey? = nil, amount: Decimal? = nil,
        reasons: [EventReason] = [], details: [String: String] = [:], sourceRef: SourceRef, unknownCode: Bool = false
    ) {
        self.kind = kind
        self.source = source
        self.code = code
        self.label = label
        self.date = date
        self.timestamp = timestamp
        self.invoice = invoice
        self.mandat = mandat
        self.amount = amount
        self.reasons = reasons
        self.details = details
        self.sourceRef = sourceRef
        self.unknownCode = unknownCode
    }

    /// A stable identity for de-duplication across files: source, code, date, time stamp, invoice and mandat
    /// keys, amount. Not the file name: the same status exported twice is one event.
    ///
    /// The hash of the parts joined by U+001F (`StableHash.hex`), fed part by part without building the joined
    /// text: the same value as before (ids are stored), for less work.
    public var id: String {
        var h = StableHash.Parts()
        h.add(source.rawValue)
        h.add(code)
        h.add(date)
        h.add(timestamp ?? "")
        if let i = invoice {
            h.add(i.number ?? "")
            h.add(i.issueDate)
            h.add(i.sellerId ?? "")
            h.add(i.chorusId ?? "")
        }
        if let m = mandat { h.add(m.description) }
        if let a = amount { h.add(Money.normalized(a)) }
        if !details.isEmpty {
            for k in details.keys.filter({ $0.hasPrefix("key.") }).sorted() { h.add(k + "=" + details[k, default: ""]) }
        }
        return h.hex
    }
}

/// FNV-1a 64-bit, hex: a stable, dependency-free hash for identities (not for security).
public enum StableHash {
    static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x100_0000_01b3

    public static func hex(_ s: String) -> String {
        var h = offsetBasis
        for b in s.utf8 {
            h ^= UInt64(b)
            h = h &* prime
        }
        return hex(h)
    }

    /// 16 lower-case hex digits, leading zeros kept.
    static func hex(_ h: UInt64) -> String {
        let x = String(h, radix: 16)
        return String(repeating: "0", count: 16 - x.count) + x
    }

    /// `hex(parts.joined(separator: "\u{1F}"))` computed part by part, without building the joined text.
    struct Parts {
        private var h = StableHash.offsetBasis
        private var first = true

        private mutating func byte(_ b: UInt8) {
            h ^= UInt64(b)
            h = h &* StableHash.prime
        }

        private mutating func separate() {
            if first { first = false } else { byte(0x1F) }
        }

        mutating func add(_ s: String) {
            separate()
            var s = s
            s.withUTF8 { for b in $0 { byte(b) } }
        }

        /// `date?.iso ?? ""`, written without building the text: `YYYY-MM-DD`, the year zero-padded to 4 digits.
        mutating func add(_ date: CivilDate?) {
            separate()
            guard let d = date else { return }
            if d.year < 0 || d.year > 9999 {
                var s = d.iso
                s.withUTF8 { for b in $0 { byte(b) } }
                return
            }
            let y = d.year
            byte(UInt8(48 + y / 1000))
            byte(UInt8(48 + y / 100 % 10))
            byte(UInt8(48 + y / 10 % 10))
            byte(UInt8(48 + y % 10))
            byte(0x2D)
            byte(UInt8(48 + d.month / 10))
            byte(UInt8(48 + d.month % 10))
            byte(0x2D)
            byte(UInt8(48 + d.day / 10))
            byte(UInt8(48 + d.day % 10))
        }

        var hex: String { StableHash.hex(h) }
    }
}
