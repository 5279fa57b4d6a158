import Foundation
import MandatCore
import MandatXML

/// Reads an EN 16931 invoice or credit note (UBL 2.1 `Invoice` / `CreditNote`, UN/CEFACT CII D16B
/// `CrossIndustryInvoice`) into one `Invoice` and the `inspect --json` fields.
///
/// Paths follow DOMAIN.md §4.1 and the KoSIT xrechnung-visualization mapping, with EXPECTED.md's
/// "Mapping decisions"; `docs/formats-invoices.md` lists every path and decision. Elements are matched by
/// namespace URI and local name (never prefixes). Attachments are counted, never held.
enum InvoiceReader {
    /// Reads the file at `path` (already classified by its `root`) and fills `doc.invoices`, `doc.fields`
    /// and `doc.notes`.
    ///
    /// - Throws: `XMLReadError` when the XML is not well-formed (with file, line and column).
    static func read(path: String, into doc: inout ReadDocument, root: XMLName) throws {
        let isCII = root.namespace == Namespaces.cii
        let isCreditNote = root.namespace == Namespaces.ublCreditNote
        let map: InvoicePaths = isCII ? .cii : (isCreditNote ? .ublCreditNote : .ublInvoice)
        let collector = PathCollector(trie: map.trie)
        try XMLStreamReader().parse(path: path, displayName: doc.path, elementHandler: collector)
        fill(&doc, collector, map: map, isCII: isCII, isCreditNote: isCreditNote)
    }

    /// The paths for an invoice root (UBL `Invoice` / `CreditNote`, CII `CrossIndustryInvoice`), nil for any
    /// other root.
    static func paths(forRoot root: XMLName) -> InvoicePaths? {
        let kind = classify(root: root).kind
        guard kind == .invoice || kind == .creditNote else { return nil }
        if root.namespace == Namespaces.cii { return .cii }
        return root.namespace == Namespaces.ublCreditNote ? .ublCreditNote : .ublInvoice
    }

    /// Reads a whole file held in memory in one pass: the root is classified when it starts, and a root that
    /// is not an invoice stops the parse (`PathCollector.RootRefused`). On success fills `doc` as
    /// `read(path:into:root:)` does and returns the document facts.
    ///
    /// - Throws: `XMLReadError`, or `PathCollector.RootRefused` for another kind of document.
    static func read(data: Data, into doc: inout ReadDocument) throws -> XMLDocumentInfo {
        // The trie (and the per-node tables) are chosen when the root starts: none is made before.
        let collector = PathCollector(trie: PathTrie.empty)
        collector.trieForRoot = { paths(forRoot: $0)?.trie }
        let info = try XMLStreamReader().parse(data: data, displayName: doc.path, elementHandler: collector)
        guard let root = collector.root, let map = paths(forRoot: root) else { throw PathCollector.RootRefused() }
        fill(
            &doc, collector, map: map, isCII: root.namespace == Namespaces.cii,
            isCreditNote: root.namespace == Namespaces.ublCreditNote)
        return info
    }

    /// Builds the `Invoice` and the `inspect --json` fields from a collector that has read the whole file.
    static func fill(
        _ doc: inout ReadDocument, _ collector: PathCollector, map: InvoicePaths, isCII: Bool,
        isCreditNote: Bool
    ) {
        var invoice = Invoice(
            syntax: isCII ? "CII" : "UBL", source: SourceRef(file: doc.path, line: collector.rootLine))
        invoice.isCreditNoteDocument = isCreditNote
        var picker = FieldPicker(collector)
        if isCII {
            CIIMapping.fill(&invoice, &picker)
        } else {
            UBLMapping.fill(&invoice, &picker, creditNote: isCreditNote)
        }
        invoice.attachments = attachments(collector, map: map)
        invoice.findings = InvoiceChecks.findings(for: invoice)
        doc.syntax = invoice.syntax
        doc.notes.append(contentsOf: picker.notes)
        if let note = dueDateNote(issue: invoice.issueDate, due: invoice.dueDate) { doc.notes.append(note) }
        doc.invoices.append(invoice)
        doc.fields = InvoiceFields.fields(of: invoice)
    }

    /// How far after the issue date (BT-2) a due date (BT-9) may lie without a note: 366 days (one year, a leap
    /// year included).
    ///
    /// The longest payment term French law allows is 60 days: between businesses 60 days from the issue date
    /// (Code de commerce L.441-10), and for a public buyer the délai global de paiement, 30, 50 or 60 days
    /// (Code de la commande publique R.2192-10, R.2192-11). A due date more than a year after the issue is six
    /// times that: a typing slip in the year or a placeholder such as `9999-12-31`, not a term.
    static let dueDateHorizonDays = 366

    /// A note when the due date (BT-9) is before the issue date (BT-2) or more than `dueDateHorizonDays` days
    /// after it; nil when it is within, or when either date is missing (the missing due date has its own
    /// finding, `invoice.due-date-missing`).
    ///
    /// The due date is kept as written (it is what the invoice says; `inspect` shows it): the note tells the user
    /// that the legal clock does not use it, since Mandat's due date is the end of the délai global de paiement
    /// counted from the invoice's reception or making available (`docs/law.md` §3), whatever BT-9 says.
    /// A due date on the issue date itself (payment on receipt) is normal: no note.
    static func dueDateNote(issue: CivilDate?, due: CivilDate?) -> String? {
        guard let issue, let due else { return nil }
        let days = issue.days(to: due)
        let position: String
        if days < 0 {
            position = "is before the issue date \(issue.iso) (BT-2)"
        } else if days > dueDateHorizonDays {
            // The real gap, then the limit: 9999-12-31 and a year's slip read differently.
            position =
                "is \(days) days after the issue date \(issue.iso) (BT-2), more than a year (the limit is "
                + "\(dueDateHorizonDays) days)"
        } else {
            return nil
        }
        return "BT-9: due date \(due.iso) \(position); kept as written, but the legal clock does not use it: "
            + "Mandat's due date is the end of the DGP (délai global de paiement, 30 to 60 days from reception)"
    }

    /// One `AttachmentInfo` per attachment group (UBL `AdditionalDocumentReference`, CII
    /// `AdditionalReferencedDocument`) that embeds a binary object, references a URI, or (CII) has type 916.
    static func attachments(_ c: PathCollector, map: InvoicePaths) -> [AttachmentInfo] {
        let depth = map.attachmentGroup.split(separator: "/").count - 1
        var result: [AttachmentInfo] = []
        for ord in c.starts(map.attachmentGroup) {
            func member(_ p: String) -> PathValue? {
                c.all(p).first { $0.ancestors.count > depth && $0.ancestors[depth] == ord }
            }
            let binary = member(map.attachmentBinary)
            let uri = member(map.attachmentURI)
            let type = map.attachmentType.flatMap { member($0)?.text }
            guard binary != nil || uri != nil || type == "916" else { continue }
            result.append(
                AttachmentInfo(
                    id: member(map.attachmentID)?.text,
                    fileName: binary?.attribute("filename") ?? uri?.text,
                    mimeCode: binary?.attribute("mimeCode"),
                    encodedBytes: binary?.byteCount ?? 0))
        }
        return result
    }
}

/// The element paths of one syntax (see `PathCollector` for the path form).
struct InvoicePaths {
    var wanted: Set<String>
    var attachmentGroup: String
    var attachmentID: String
    var attachmentBinary: String
    var attachmentURI: String
    var attachmentType: String?

    /// `wanted` and `attachmentGroup` as a trie, built once per syntax (`withTrie()`).
    private(set) var trie = PathTrie(wanted: [String]())

    /// A copy whose trie holds `wanted` and `attachmentGroup`.
    func withTrie() -> InvoicePaths {
        var p = self
        p.trie = PathTrie(wanted: wanted, watched: [attachmentGroup])
        return p
    }

    static let ublInvoice = InvoicePaths(ubl: UBLMapping.paths(creditNote: false)).withTrie()
    static let ublCreditNote = InvoicePaths(ubl: UBLMapping.paths(creditNote: true)).withTrie()

    init(ubl wanted: [String]) {
        let g = "cac:AdditionalDocumentReference"
        attachmentGroup = g
        attachmentID = g + "/cbc:ID"
        attachmentBinary = g + "/cac:Attachment/cbc:EmbeddedDocumentBinaryObject"
        attachmentURI = g + "/cac:Attachment/cac:ExternalReference/cbc:URI"
        attachmentType = nil
        self.wanted = Set(wanted + [attachmentID, attachmentBinary, attachmentURI])
    }

    static let cii: InvoicePaths = {
        let g = CIIMapping.hta + "ram:AdditionalReferencedDocument"
        var p = InvoicePaths(ubl: [])
        p.attachmentGroup = g
        p.attachmentID = g + "/ram:IssuerAssignedID"
        p.attachmentBinary = g + "/ram:AttachmentBinaryObject"
        p.attachmentURI = g + "/ram:URIID"
        p.attachmentType = g + "/ram:TypeCode"
        p.wanted = Set(CIIMapping.paths + [p.attachmentID, p.attachmentBinary, p.attachmentURI, g + "/ram:TypeCode"])
        return p.withTrie()
    }()
}

/// UBL 2.1 `Invoice` and `CreditNote` (DOMAIN.md §4.1 UBL column; KoSIT `ubl-invoice-xr.xsl`,
/// `ubl-creditnote-xr.xsl`).
enum UBLMapping {
    static let seller = "cac:AccountingSupplierParty/cac:Party/"
    static let buyer = "cac:AccountingCustomerParty/cac:Party/"
    static let total = "cac:LegalMonetaryTotal/"

    static func paths(creditNote: Bool) -> [String] {
        var p = [
            "cbc:ID", "cbc:IssueDate", "cbc:InvoiceTypeCode", "cbc:CreditNoteTypeCode", "cbc:DocumentCurrencyCode",
            "cbc:DueDate", "cac:PaymentMeans/cbc:PaymentDueDate", "cbc:BuyerReference",
            "cac:ContractDocumentReference/cbc:ID", "cac:OrderReference/cbc:ID", "cac:PaymentTerms/cbc:Note",
            "cbc:ProfileID", "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID",
            "cac:PayeeParty/cac:PartyName/cbc:Name", "cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID",
            "cac:Delivery/cbc:ActualDeliveryDate", "cac:InvoicePeriod/cbc:EndDate", "cac:TaxTotal/cbc:TaxAmount",
        ]
        for party in [seller, buyer] {
            p += [
                "cac:PartyLegalEntity/cbc:RegistrationName", "cac:PartyLegalEntity/cbc:CompanyID",
                "cac:PartyIdentification/cbc:ID", "cac:PartyName/cbc:Name",
                "cac:PartyTaxScheme/cbc:RegistrationName",
            ].map { party + $0 }
        }
        p += ["TaxExclusiveAmount", "TaxInclusiveAmount", "PrepaidAmount", "PayableRoundingAmount", "PayableAmount"]
            .map { total + "cbc:" + $0 }
        _ = creditNote
        return p
    }

    static func fill(_ inv: inout Invoice, _ f: inout FieldPicker, creditNote: Bool) {
        inv.invoiceNumber = f.text("cbc:ID", "BT-1")
        inv.issueDate = f.ublDate("cbc:IssueDate", "BT-2")
        // BT-3: a CreditNote without CreditNoteTypeCode stays null (no default 381: EXPECTED.md).
        inv.typeCode = f.text(creditNote ? "cbc:CreditNoteTypeCode" : "cbc:InvoiceTypeCode", "BT-3")
        inv.currency = f.text("cbc:DocumentCurrencyCode", "BT-5")
        // BT-9: Invoice → root cbc:DueDate only; CreditNote → first non-empty PaymentMeans/PaymentDueDate.
        let meansDue = f.collector.texts("cac:PaymentMeans/cbc:PaymentDueDate")
        if creditNote {
            if let v = f.collector.all("cac:PaymentMeans/cbc:PaymentDueDate").first(where: { $0.text != nil }) {
                inv.dueDate = f.parseUBLDate(v.text!, term: "BT-9", line: v.line)
            }
        } else {
            inv.dueDate = f.ublDate("cbc:DueDate", "BT-9")
            if f.collector.texts("cbc:DueDate").isEmpty, !meansDue.isEmpty {
                f.notes.append(
                    "BT-9: no cbc:DueDate; cac:PaymentMeans/cbc:PaymentDueDate \(f.quoted(meansDue)) present but is "
                        + "not BT-9 for a UBL Invoice (not used)")
            }
        }
        inv.buyerReference = f.text("cbc:BuyerReference", "BT-10")
        inv.contractReference = f.text("cac:ContractDocumentReference/cbc:ID", "BT-12")
        inv.orderReference = f.text("cac:OrderReference/cbc:ID", "BT-13")
        inv.paymentTerms = f.text("cac:PaymentTerms/cbc:Note", "BT-20")
        inv.businessProcess = f.text("cbc:ProfileID", "BT-23")
        inv.precedingInvoices = f.collector.texts("cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID")

        inv.sellerName = partyName(seller, "BT-27", "seller", &f)
        inv.sellerId = f.collector.all(seller + "cac:PartyIdentification/cbc:ID")
            .first { $0.text != nil && $0.attribute("schemeID") != "SEPA" }.flatMap(FieldPicker.schemed)
        inv.sellerLegalId = FieldPicker.schemed(f.first(seller + "cac:PartyLegalEntity/cbc:CompanyID", "BT-30"))
        inv.buyerName = partyName(buyer, "BT-44", "buyer", &f)
        inv.buyerId = FieldPicker.schemed(
            f.collector.all(buyer + "cac:PartyIdentification/cbc:ID").first { $0.text != nil })
        inv.buyerLegalId = FieldPicker.schemed(f.first(buyer + "cac:PartyLegalEntity/cbc:CompanyID", "BT-47"))
        inv.payeeName = f.text("cac:PayeeParty/cac:PartyName/cbc:Name", "BT-59")
        // BT-84: BG-17 repeats legitimately (several accounts): the first, without a note.
        inv.iban = f.collector.texts("cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID").first
        inv.deliveryDate = f.ublDate("cac:Delivery/cbc:ActualDeliveryDate", "BT-72")
        inv.invoicingPeriodEnd = f.ublDate("cac:InvoicePeriod/cbc:EndDate", "BT-74")

        inv.totalWithoutVAT = f.amount(total + "cbc:TaxExclusiveAmount", "BT-109")
        inv.totalVAT = TaxTotal.pick(
            f.collector.all("cac:TaxTotal/cbc:TaxAmount"), currency: inv.currency, element: "TaxTotal/TaxAmount", &f)
        inv.totalWithVAT = f.amount(total + "cbc:TaxInclusiveAmount", "BT-112")
        inv.prepaid = f.amount(total + "cbc:PrepaidAmount", "BT-113")
        inv.roundingAmount = f.amount(total + "cbc:PayableRoundingAmount", "BT-114")
        inv.amountDue = f.amount(total + "cbc:PayableAmount", "BT-115")
    }

    /// BT-27/BT-44: only `PartyLegalEntity/cbc:RegistrationName`; other names are shown in a note.
    static func partyName(_ party: String, _ term: String, _ who: String, _ f: inout FieldPicker) -> String? {
        if let name = f.text(party + "cac:PartyLegalEntity/cbc:RegistrationName", term) { return name }
        let others =
            f.collector.texts(party + "cac:PartyName/cbc:Name")
            + f.collector.texts(party + "cac:PartyTaxScheme/cbc:RegistrationName")
        if !others.isEmpty {
            f.notes.append(
                "\(term): no PartyLegalEntity/RegistrationName; other \(who) names \(f.quoted(others)) "
                    + "(PartyName/Name or PartyTaxScheme/RegistrationName) not used")
        }
        return nil
    }
}

/// UN/CEFACT CII D16B `CrossIndustryInvoice` (DOMAIN.md §4.1 CII column; KoSIT `cii-xr.xsl`).
enum CIIMapping {
    static let doc = "rsm:ExchangedDocument/"
    static let hta = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/"
    static let htd = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeDelivery/"
    static let hts = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/"
    static let ms = hts + "ram:SpecifiedTradeSettlementHeaderMonetarySummation/"
    static let seller = hta + "ram:SellerTradeParty/"
    static let buyer = hta + "ram:BuyerTradeParty/"

    static let paths: [String] = {
        var p = [
            doc + "ram:ID", doc + "ram:IssueDateTime/udt:DateTimeString", doc + "ram:TypeCode",
            "rsm:ExchangedDocumentContext/ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID",
            hta + "ram:BuyerReference", hta + "ram:ContractReferencedDocument/ram:IssuerAssignedID",
            hta + "ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID",
            htd + "ram:ActualDeliverySupplyChainEvent/ram:OccurrenceDateTime/udt:DateTimeString",
            hts + "ram:InvoiceCurrencyCode",
            hts + "ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString",
            hts + "ram:SpecifiedTradePaymentTerms/ram:Description",
            hts + "ram:InvoiceReferencedDocument/ram:IssuerAssignedID",
            hts + "ram:PayeeTradeParty/ram:Name",
            hts + "ram:BillingSpecifiedPeriod/ram:EndDateTime/udt:DateTimeString",
            hts + "ram:SpecifiedTradeSettlementPaymentMeans/ram:PayeePartyCreditorFinancialAccount/ram:IBANID",
        ]
        for party in [seller, buyer] {
            p += ["ram:Name", "ram:ID", "ram:GlobalID", "ram:SpecifiedLegalOrganization/ram:ID"].map { party + $0 }
        }
        p += [
            "TaxBasisTotalAmount", "TaxTotalAmount", "GrandTotalAmount", "TotalPrepaidAmount", "RoundingAmount",
            "DuePayableAmount",
        ].map { ms + "ram:" + $0 }
        return p
    }()

    static func fill(_ inv: inout Invoice, _ f: inout FieldPicker) {
        inv.invoiceNumber = f.text(doc + "ram:ID", "BT-1")
        inv.issueDate = f.ciiDate(doc + "ram:IssueDateTime/udt:DateTimeString", "BT-2")
        inv.typeCode = f.text(doc + "ram:TypeCode", "BT-3")
        inv.currency = f.text(hts + "ram:InvoiceCurrencyCode", "BT-5")
        // BT-9: the first SpecifiedTradePaymentTerms that has a DueDateDateTime.
        inv.dueDate = f.ciiDate(hts + "ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString", "BT-9")
        inv.buyerReference = f.text(hta + "ram:BuyerReference", "BT-10")
        inv.contractReference = f.text(hta + "ram:ContractReferencedDocument/ram:IssuerAssignedID", "BT-12")
        inv.orderReference = f.text(hta + "ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID", "BT-13")
        inv.paymentTerms = f.text(hts + "ram:SpecifiedTradePaymentTerms/ram:Description", "BT-20")
        inv.businessProcess = f.text(
            "rsm:ExchangedDocumentContext/ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID", "BT-23")
        inv.precedingInvoices = f.collector.texts(hts + "ram:InvoiceReferencedDocument/ram:IssuerAssignedID")

        inv.sellerName = f.text(seller + "ram:Name", "BT-27")
        inv.sellerId = partyID(seller, f.collector)
        inv.sellerLegalId = FieldPicker.schemed(f.first(seller + "ram:SpecifiedLegalOrganization/ram:ID", "BT-30"))
        inv.buyerName = f.text(buyer + "ram:Name", "BT-44")
        inv.buyerId = partyID(buyer, f.collector)
        inv.buyerLegalId = FieldPicker.schemed(f.first(buyer + "ram:SpecifiedLegalOrganization/ram:ID", "BT-47"))
        inv.payeeName = f.text(hts + "ram:PayeeTradeParty/ram:Name", "BT-59")
        inv.iban =
            f.collector.texts(
                hts + "ram:SpecifiedTradeSettlementPaymentMeans/ram:PayeePartyCreditorFinancialAccount/ram:IBANID"
            ).first
        inv.deliveryDate = f.ciiDate(
            htd + "ram:ActualDeliverySupplyChainEvent/ram:OccurrenceDateTime/udt:DateTimeString", "BT-72")
        inv.invoicingPeriodEnd = f.ciiDate(
            hts + "ram:BillingSpecifiedPeriod/ram:EndDateTime/udt:DateTimeString", "BT-74")

        inv.totalWithoutVAT = f.amount(ms + "ram:TaxBasisTotalAmount", "BT-109")
        inv.totalVAT = TaxTotal.pick(
            f.collector.all(ms + "ram:TaxTotalAmount"), currency: inv.currency, element: "TaxTotalAmount", &f)
        inv.totalWithVAT = f.amount(ms + "ram:GrandTotalAmount", "BT-112")
        inv.prepaid = f.amount(ms + "ram:TotalPrepaidAmount", "BT-113")
        inv.roundingAmount = f.amount(ms + "ram:RoundingAmount", "BT-114")
        inv.amountDue = f.amount(ms + "ram:DuePayableAmount", "BT-115")
    }

    /// BT-29/BT-46: a `ram:GlobalID` with a `@schemeID` wins; otherwise the first `ram:ID`; otherwise the
    /// first `ram:GlobalID` (KoSIT `cii-xr.xsl`). BT-29 excludes `schemeID="SEPA"` (creditor id, BT-90).
    static func partyID(_ party: String, _ c: PathCollector) -> SchemedID? {
        let globals = c.all(party + "ram:GlobalID").filter { $0.text != nil && $0.attribute("schemeID") != "SEPA" }
        if let g = globals.first(where: { $0.attribute("schemeID") != nil }) { return FieldPicker.schemed(g) }
        let ids = c.all(party + "ram:ID").filter { $0.text != nil && $0.attribute("schemeID") != "SEPA" }
        return FieldPicker.schemed(ids.first ?? globals.first)
    }
}

/// BT-110: the document-level VAT total in the document currency (BT-5).
enum TaxTotal {
    /// The first amount whose `@currencyID` equals `currency`; nil plus a note listing the amounts found
    /// when none does (UBL 2.0 files without `DocumentCurrencyCode`). With no currency attribute at all and a
    /// single amount, that amount is taken.
    static func pick(_ values: [PathValue], currency: String?, element: String, _ f: inout FieldPicker) -> Decimal? {
        let present = values.filter { $0.text != nil }
        guard !present.isEmpty else { return nil }
        if let currency, let v = present.first(where: { $0.attribute("currencyID") == currency }) {
            return f.parseAmount(v.text!, term: "BT-110", line: v.line)
        }
        if present.count == 1, present[0].attribute("currencyID") == nil, currency != nil {
            return f.parseAmount(present[0].text!, term: "BT-110", line: present[0].line)
        }
        // `'12.00' USD, '3.00' (no currency)`: each amount as written, then its currency.
        let found = present.map { "'\($0.text!)' " + ($0.attribute("currencyID") ?? "(no currency)") }
        f.notes.append(
            "BT-110: \(element) present: \(found.joined(separator: ", ")), but none in the document currency "
                + (currency ?? "(no currency)"))
        return nil
    }
}
