import Foundation

/// The `DGP` block of a PES mandat (PES-XSD `CommunDepense.xsd`).
public struct MandatDGP: Codable, Hashable, Sendable {
    /// Raw `Dgp`: "0" = eligible (the delay is tracked), "1" = not eligible (inverted on purpose).
    public var dgp: String?
    public var start: CivilDate?
    public var end: CivilDate?
    /// `DureeDgp`, calendar days.
    public var days: Int?
    /// `TxIntMor`, percent.
    public var rate: Decimal?
    /// `CodIntMor`: 01 legal rate, 02 ECB rate, 03 other.
    public var rateCode: String?
    public init(dgp: String?, start: CivilDate?, end: CivilDate?, days: Int?, rate: Decimal?, rateCode: String?) {
        self.dgp = dgp
        self.start = start
        self.end = end
        self.days = days
        self.rate = rate
        self.rateCode = rateCode
    }
}

/// A payment order (*mandat*) as issued by the ordonnateur in a PES_Aller dépense (`Bordereau/Piece`).
///
/// There is no TTC field in PES: `amountTTC` = Σ `MtHT` + Σ `MtTVA` over the lines (DOMAIN.md §4.4).
public struct Mandat: Codable, Hashable, Sendable {
    public var key: MandatKey
    /// `DteBordEm`: the bordereau's issue date.
    public var bordereauDate: CivilDate?
    public var typBord: String?
    public var typPce: String?
    public var natPce: String?
    public var object: String?
    public var lineCount: Int
    public var amountHT: Decimal?
    public var amountTVA: Decimal?
    public var amountTTC: Decimal?
    /// Invoice numbers from `InfoLignePce/Facture` (read) .
    public var invoiceNumbers: [String]
    /// Invoice-number candidates found in `LibVir1`/`LibVir2`/`Obj`/PJ names (inferred, may be wrong).
    public var inferredInvoiceNumbers: [String]
    /// `LiensIdent/IdMarche`.
    public var contractIds: [String]
    public var creditorId: String?
    public var creditorIdType: String?
    public var creditorName: String?
    public var dgp: MandatDGP?
    public var pjRefs: [String]
    public var source: SourceRef

    public init(key: MandatKey, source: SourceRef) {
        self.key = key
        self.source = source
        self.lineCount = 0
        self.invoiceNumbers = []
        self.inferredInvoiceNumbers = []
        self.contractIds = []
        self.pjRefs = []
    }
}
