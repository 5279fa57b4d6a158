import Foundation

/// Where a fact was read: the file (as given to Mandat) and the 1-based line, when known.
public struct SourceRef: Codable, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public init(file: String, line: Int? = nil) {
        self.file = file
        self.line = line
    }
    public var description: String { line.map { "\(file):\($0)" } ?? file }
}

/// An attachment named in an invoice (EN 16931 BG-24): never its content, only its size.
public struct AttachmentInfo: Codable, Hashable, Sendable {
    public var id: String?
    public var fileName: String?
    public var mimeCode: String?
    /// Size of the base64 text in bytes as found in the file (0 for an external reference).
    public var encodedBytes: Int
    public init(id: String?, fileName: String?, mimeCode: String?, encodedBytes: Int) {
        self.id = id
        self.fileName = fileName
        self.mimeCode = mimeCode
        self.encodedBytes = encodedBytes
    }
}

/// A business check on an invoice or another document: data, not an error (STYLE.md convention 1).
public struct DocumentFinding: Codable, Hashable, Sendable {
    /// Stable code, e.g. `invoice.amount-due-mismatch`.
    public var code: String
    /// Human message (English; reports translate by code).
    public var message: String
    /// The element or business term it is about (e.g. `BT-115`, `cbc:PayableAmount`).
    public var element: String?
    public init(code: String, message: String, element: String? = nil) {
        self.code = code
        self.message = message
        self.element = element
    }
}

/// An EN 16931 invoice or credit note (UBL 2.1, CII D16B, or a Chorus Pro `CPPFacturePivot`).
///
/// Amounts are `Decimal` in the document currency (BT-5). Field names follow EXPECTED.md where one exists;
/// each carries its business term. Identity is (seller id, BT-1, BT-2, BT-3): see `key`.
public struct Invoice: Codable, Hashable, Sendable {
    /// `UBL`, `CII` or `CPP` (Chorus Pro pivot).
    public var syntax: String
    /// True for a UBL `CreditNote` root (a CII with type 381 is still an invoice document).
    public var isCreditNoteDocument: Bool
    public var invoiceNumber: String?  // BT-1
    public var issueDate: CivilDate?  // BT-2
    public var typeCode: String?  // BT-3
    public var currency: String?  // BT-5
    public var dueDate: CivilDate?  // BT-9
    public var buyerReference: String?  // BT-10, Chorus code service
    public var contractReference: String?  // BT-12, marché
    public var orderReference: String?  // BT-13, engagement juridique
    public var paymentTerms: String?  // BT-20
    public var businessProcess: String?  // BT-23, cadre de facturation
    public var precedingInvoices: [String]  // BT-25
    public var sellerName: String?  // BT-27
    public var sellerId: SchemedID?  // BT-29
    public var sellerLegalId: SchemedID?  // BT-30
    public var buyerName: String?  // BT-44
    public var buyerId: SchemedID?  // BT-46
    public var buyerLegalId: SchemedID?  // BT-47
    public var payeeName: String?  // BT-59
    public var iban: String?  // BT-84
    public var deliveryDate: CivilDate?  // BT-72
    public var invoicingPeriodEnd: CivilDate?  // BT-74
    public var totalWithoutVAT: Decimal?  // BT-109
    public var totalVAT: Decimal?  // BT-110
    public var totalWithVAT: Decimal?  // BT-112
    public var prepaid: Decimal?  // BT-113
    public var roundingAmount: Decimal?  // BT-114
    public var amountDue: Decimal?  // BT-115
    /// What BT-115 should be by EN 16931 BR-CO-16, BT-112 − BT-113 + BT-114 (absent terms as 0), when BT-112
    /// could be read: the estimate the law and the board use when BT-115 is absent or unreadable (docs/law.md).
    public var estimatedAmountDue: Decimal? {
        totalWithVAT.map { $0 - (prepaid ?? 0) + (roundingAmount ?? 0) }
    }
    public var attachments: [AttachmentInfo]
    public var findings: [DocumentFinding]
    /// Chorus Pro invoice id, when read from Chorus data.
    public var chorusId: String?
    /// Date the platform received it (Chorus pivot `DateDepot`/reception), when known.
    public var receptionDate: CivilDate?
    public var source: SourceRef

    public init(syntax: String, source: SourceRef) {
        self.syntax = syntax
        self.source = source
        self.isCreditNoteDocument = false
        self.precedingInvoices = []
        self.attachments = []
        self.findings = []
    }

    /// Seller SIREN or SIRET (BT-30 first, then BT-29), told apart by length.
    public var sellerCompany: CompanyID? {
        sellerLegalId.flatMap { CompanyID($0.id) } ?? sellerId.flatMap { CompanyID($0.id) }
    }

    /// Buyer SIRET (BT-47 first, then BT-46).
    public var buyerCompany: CompanyID? {
        buyerLegalId.flatMap { CompanyID($0.id) } ?? buyerId.flatMap { CompanyID($0.id) }
    }

    /// Whether this is a credit note by type (381) or by document.
    public var isCreditNote: Bool { isCreditNoteDocument || typeCode == "381" }

    /// The identity (seller SIREN, BT-1, BT-2, BT-3): real data reuses invoice numbers.
    public var key: InvoiceKey {
        InvoiceKey(
            sellerSIREN: sellerCompany?.siren ?? sellerLegalId?.id ?? sellerId?.id ?? "",
            number: invoiceNumber ?? "", issueDate: issueDate, typeCode: typeCode ?? "")
    }
}

/// The identity of an invoice: seller SIREN (or the id as written when not French), BT-1, BT-2, BT-3.
public struct InvoiceKey: Codable, Hashable, Sendable, CustomStringConvertible {
    public var sellerSIREN: String
    public var number: String
    public var issueDate: CivilDate?
    public var typeCode: String
    public init(sellerSIREN: String, number: String, issueDate: CivilDate?, typeCode: String) {
        self.sellerSIREN = sellerSIREN
        self.number = number
        self.issueDate = issueDate
        self.typeCode = typeCode
    }
    /// `SIREN/number/date/type`, used as the dossier id in the store.
    public var description: String { "\(sellerSIREN)/\(number)/\(issueDate?.iso ?? "-")/\(typeCode)" }
}
