import Foundation
import MandatCore
import MandatXML

/// Reads a Chorus Pro `CPPFacturePivot` (the invoice flow a public recipient downloads; XSD
/// `CPPFacturePivot_V1_22` / `V2_02`, DOMAIN.md §4.2): one `Invoice` per `CPPFacturePivotUnitaire`, the
/// statuses of its `CycleDeValidation` as `ChainEvent`s (source `.chorusPro`), and the `invoices` fields of
/// EXPECTED.json.
///
/// Streams the file and holds one invoice at a time; attachment content (`PJ/Contenu`) is counted, never kept.
enum ChorusPivotReader {
    /// Reads the file at `path` into `doc.invoices`, `doc.events`, `doc.fields` and `doc.notes`.
    ///
    /// - Throws: `XMLReadError` when the XML is not well-formed (with file, line and column).
    static func read(path: String, into doc: inout ReadDocument) throws {
        let handler = PivotHandler()
        var reader = XMLStreamReader()
        reader.binaryElements.insert("Contenu")
        try reader.parse(path: path, displayName: doc.path, handler: handler)
        var objects: [JSONValue] = []
        var findings: [JSONValue] = []
        for unit in handler.units {
            var notes: [String] = []
            let (invoice, object, events) = convert(unit, file: doc.path, notes: &notes)
            doc.invoices.append(invoice)
            doc.events.append(contentsOf: events)
            objects.append(object)
            doc.notes.append(contentsOf: notes)
            for f in invoice.findings {
                findings.append(
                    .object([
                        ("invoiceNumber", .str(invoice.invoiceNumber)), ("code", .string(f.code)),
                        ("element", .str(f.element)),
                    ]))
            }
        }
        if handler.units.isEmpty { doc.notes.append("no CPPFactures/CPPFacturePivotUnitaire: no invoice") }
        doc.syntax = "CPP"
        doc.fields = [("invoices", .array(objects)), ("findings", .array(findings))]
    }

    /// One invoice unit: its values by path relative to `CPPFacturePivotUnitaire`, attachments and statuses.
    struct Unit {
        var line: Int
        var values: [String: [(text: String, line: Int)]] = [:]
        var attachments: [AttachmentInfo] = []
        var statuses: [(date: String?, code: String?, label: String?, line: Int)] = []

        func first(_ path: String) -> (text: String, line: Int)? { values[path]?.first }
        func text(_ path: String) -> String? { first(path)?.text }
    }

    static func convert(_ u: Unit, file: String, notes: inout [String]) -> (Invoice, JSONValue, [ChainEvent]) {
        var inv = Invoice(syntax: "CPP", source: SourceRef(file: file, line: u.line))
        // A repeated field: the first value that reads is used (`RepeatedField`, the rule of every reader).
        func date(_ path: String, _ term: String) -> CivilDate? {
            let values = u.values[path] ?? []
            var found: CivilDate?
            RepeatedField.pick(values, term: term, path: path, notes: &notes) { i, out in
                let v = values[i]
                if let d = CivilDate(iso: String(v.text.prefix(10))), v.text.count >= 10 {
                    if found == nil { found = d }  // later values are read only to report those that do not read
                    return true
                }
                out.append("\(term): '\(v.text)' at line \(v.line) is not a valid date")
                return false
            }
            return found
        }
        func amount(_ path: String, _ term: String) -> Decimal? {
            let values = u.values[path] ?? []
            var found: Decimal?
            RepeatedField.pick(values, term: term, path: path, notes: &notes) { i, out in
                let v = values[i]
                if let d = Money.parse(v.text) {
                    if found == nil { found = d }
                    return true
                }
                out.append(
                    "\(term): '\(v.text)' at line \(v.line) "
                        + (Money.digitsBeyondRange(v.text).map {
                            "is a valid xs:decimal but " + Money.outOfRange(digits: $0)
                        }
                            ?? "is not an xs:decimal amount"))
                return false
            }
            return found
        }
        let id = u.text("DonneesFacture/Id")
        let original = u.text("DonneesFacture/IdFactureOrigine")
        inv.invoiceNumber = id
        inv.typeCode = u.text("DonneesFacture/Type")
        inv.businessProcess = u.text("DonneesFacture/Cadre")
        inv.issueDate = date("DonneesFacture/DateEmissionFacture", "DateEmissionFacture")
        inv.receptionDate = date("DonneesFacture/DateReception", "DateReception")
        inv.currency = u.text("DonneesFacture/Devise")
        // IdFactureOrigine names the invoice a credit note corrects; the samples repeat BT-1 there.
        if let original, original != id { inv.precedingInvoices = [original] }
        let supplierType = u.text("Fournisseur/TypeIdentifiant")
        let debtorType = u.text("Debiteur/TypeIdentifiant")
        inv.sellerName = u.text("Fournisseur/RaisonSociale")
        inv.sellerLegalId = u.text("Fournisseur/Identifiant").map { SchemedID(id: $0, scheme: supplierType) }
        inv.buyerName = u.text("Debiteur/Nom")
        inv.buyerLegalId = u.text("Debiteur/Identifiant").map { SchemedID(id: $0, scheme: debtorType) }
        inv.buyerReference = u.text("Debiteur/CodeService")
        inv.contractReference = u.text("DonneesFacture/Engagement/NumeroMarche")
        inv.orderReference = u.text("DonneesFacture/Engagement/NumeroEngagement")
        inv.iban = u.text("Fournisseur/ReferenceBancaire/Compte")
        inv.totalWithoutVAT = amount("DonneesFacture/Montants/MontantHT", "MontantHT")
        inv.totalWithVAT = amount("DonneesFacture/Montants/MontantTTC", "MontantTTC")
        inv.amountDue = amount("DonneesFacture/Montants/MontantNetAPayer", "MontantNetAPayer")
        let vat = (u.values["DonneesFacture/TVAs/TVA/MontantTVA"] ?? []).map { Money.parse($0.text) }
        if !vat.isEmpty, vat.allSatisfy({ $0 != nil }) { inv.totalVAT = vat.compactMap { $0 }.reduce(0, +) }
        // The pivot has no BT-113: the difference TTC − net à payer is what was prepaid.
        if let ttc = inv.totalWithVAT, let due = inv.amountDue, ttc != due { inv.prepaid = ttc - due }
        inv.attachments = u.attachments
        inv.chorusId = nil
        inv.findings = InvoiceChecks.findings(for: inv)

        var statuses: [JSONValue] = []
        var events: [ChainEvent] = []
        for s in u.statuses {
            let d = s.date.flatMap { CivilDate(iso: String($0.prefix(10))) }
            statuses.append(
                .object([
                    ("date", d.map { .string($0.iso) } ?? .str(s.date)), ("code", .str(s.code)),
                    ("label", .str(s.label)),
                ]))
            if s.date != nil && d == nil { notes.append("DateStatut '\(s.date!)' at line \(s.line) is not a date") }
            guard let code = s.code else {
                notes.append("ValidationUnitaire at line \(s.line) has no CodeStatut: no event")
                continue
            }
            let known = ChorusInvoiceStatus(code: code)
            events.append(
                ChainEvent(
                    kind: known?.kind ?? .other, source: .chorusPro, code: code,
                    label: s.label ?? known?.label, date: d, timestamp: s.date,
                    invoice: InvoiceRef(
                        number: id, issueDate: inv.issueDate, sellerId: inv.sellerLegalId?.id,
                        buyerId: inv.buyerLegalId?.id),
                    sourceRef: SourceRef(file: file, line: s.line), unknownCode: known == nil))
        }
        let object: JSONValue = .object([
            ("invoiceNumber", .str(id)),
            ("originalInvoiceId", .str(original)),
            ("typeCode", .str(inv.typeCode)),
            ("cadre", .str(inv.businessProcess)),
            ("issueDate", .date(inv.issueDate)),
            ("receptionDate", .date(inv.receptionDate)),
            ("currency", .str(inv.currency)),
            ("paymentModeCode", .str(u.text("DonneesFacture/ModePaiement/Code"))),
            ("supplierId", .str(inv.sellerLegalId?.id)),
            ("supplierIdType", .str(supplierType)),
            ("supplierName", .str(inv.sellerName)),
            ("debtorId", .str(inv.buyerLegalId?.id)),
            ("debtorName", .str(inv.buyerName)),
            ("serviceCode", .str(inv.buyerReference)),
            ("contractNumber", .str(inv.contractReference)),
            ("orderNumber", .str(inv.orderReference)),
            ("amountHT", .amount(inv.totalWithoutVAT)),
            ("amountTTC", .amount(inv.totalWithVAT)),
            ("amountDue", .amount(inv.amountDue)),
            ("attachments", .int(u.attachments.count)),
            ("statuses", .array(statuses)),
        ])
        return (inv, object, events)
    }
}

/// A Chorus Pro invoice status (DOMAIN.md §4.2 table): the EDI number (`01`…`12`) or the API name
/// (`DEPOSEE`…), its French label and the `EventKind` it means.
struct ChorusInvoiceStatus {
    var name: String
    var label: String
    var kind: EventKind

    /// Number → (name, label, kind).
    static let table: [String: ChorusInvoiceStatus] = [
        "01": .init(name: "DEPOSEE", label: "Déposée", kind: .deposited),
        "02": .init(name: "EN_COURS_ACHEMINEMENT", label: "En cours d'acheminement", kind: .inTransit),
        "03": .init(name: "MISE_A_DISPOSITION", label: "Mise à disposition", kind: .madeAvailable),
        "04": .init(name: "A_RECYCLER", label: "À recycler", kind: .routingReturned),
        "05": .init(name: "REJETEE", label: "Rejetée", kind: .rejected),
        "06": .init(name: "SUSPENDUE", label: "Suspendue", kind: .suspended),
        "07": .init(name: "SERVICE_FAIT", label: "Service fait", kind: .serviceCertified),
        "08": .init(name: "MANDATEE", label: "Mandatée", kind: .mandated),
        "09": .init(
            name: "MISE_A_DISPOSITION_COMPTABLE", label: "Mise à disposition du comptable", kind: .receivedByComptable),
        "10": .init(name: "COMPTABILISEE", label: "Comptabilisée", kind: .accounted),
        "11": .init(name: "MISE_EN_PAIEMENT", label: "Mise en paiement", kind: .paid),
        "12": .init(name: "COMPLETEE", label: "Complétée", kind: .completed),
    ]

    /// The status for a number (`01`, `1`) or a name (`MISE_EN_PAIEMENT`), or nil when unknown.
    init?(code: String) {
        let c = code.trimmingWhitespace().uppercased()
        if let s = ChorusInvoiceStatus.table[c] {
            self = s
        } else if c.count == 1, let s = ChorusInvoiceStatus.table["0" + c] {
            self = s
        } else if let s = ChorusInvoiceStatus.table.values.first(where: { $0.name == c }) {
            self = s
        } else {
            return nil
        }
    }

    init(name: String, label: String, kind: EventKind) {
        self.name = name
        self.label = label
        self.kind = kind
    }
}

/// Streams a `CPPFacturePivot`: collects each `CPPFactures/CPPFacturePivotUnitaire` by relative path.
final class PivotHandler: XMLStreamHandler {
    private(set) var units: [ChorusPivotReader.Unit] = []
    private var current: ChorusPivotReader.Unit?
    private var unitDepth = 0
    private var pathStack: [String] = []
    private var attachment: AttachmentInfo?
    private var status: (date: String?, code: String?, label: String?, line: Int)?
    /// Values kept per path and unit (lines of a large invoice are not needed).
    private let maxValues = 50

    func startElement(_ name: XMLName, attributes: [XMLAttribute], depth: Int, location: XMLLocation) throws {
        if current == nil {
            if depth == 3, name.local == "CPPFacturePivotUnitaire", name.namespace.isEmpty {
                current = ChorusPivotReader.Unit(line: location.line)
                unitDepth = depth
                pathStack = []
            }
            return
        }
        let step = name.namespace.isEmpty ? name.local : "{\(name.namespace)}\(name.local)"
        let path = pathStack.last.map { $0 + "/" + step } ?? step
        pathStack.append(path)
        if path == "PJ" { attachment = AttachmentInfo(id: nil, fileName: nil, mimeCode: nil, encodedBytes: 0) }
        if path == "CycleDeValidation/ValidationUnitaire" { status = (nil, nil, nil, location.line) }
    }

    func endElement(_ name: XMLName, text: XMLText, depth: Int, location: XMLLocation) throws {
        guard current != nil else { return }
        if depth == unitDepth {
            if let u = current { units.append(u) }
            current = nil
            return
        }
        guard let path = pathStack.popLast() else { return }
        let t = text.trimmed
        switch path {
        case "PJ":
            if let a = attachment { current?.attachments.append(a) }
            attachment = nil
        case "PJ/IdOriginal": attachment?.id = t
        case "PJ/NomPJ": attachment?.fileName = t
        case "PJ/MimeTypePJ": attachment?.mimeCode = t
        case "PJ/Contenu": attachment?.encodedBytes = text.byteCount
        case "CycleDeValidation/ValidationUnitaire":
            if let s = status { current?.statuses.append(s) }
            status = nil
        case "CycleDeValidation/ValidationUnitaire/DateStatut": status?.date = t
        case "CycleDeValidation/ValidationUnitaire/CodeStatut": status?.code = t
        case "CycleDeValidation/ValidationUnitaire/ComplementStatut": status?.label = t
        default:
            if let t, !path.hasPrefix("DonneesFacture/Lignes/"), (current?.values[path]?.count ?? 0) < maxValues {
                current?.values[path, default: []].append((t, location.line))
            }
        }
    }
}
