import Foundation
import MandatCore
import MandatXML

/// Reads Chorus Pro API JSON answers already parsed by `StrictJSON` (DOMAIN.md §4.2): a status history
/// (`factures/v1/consulter/historique`) and invoice lists (`rechercher/recipiendaire`, `…/fournisseur`).
///
/// Fields follow EXPECTED.json `chorusHistoryJSON` (`currentStatus`, `history` with `at` as given and
/// `atISO` = `YYYY-MM-DDThh:mm:00`) and `chorusListJSON` (`pagination`, `invoices`). JSON numbers are
/// read as decimals, ids become strings. A list that is one page of several gets a note: peers are known
/// to read only the first page.
///
/// Internal but for its public limit (`maxArrayItems`), which messages name.
public enum ChorusJSONReader {
    /// The most status entries read in one history (10 000). A real Chorus Pro history holds tens of entries
    /// for its one invoice (deposit, making available, suspensions, service done, mandate, payment); all of
    /// them belong to one dossier, whose stored state holds every event: a longer one is refused
    /// (`chorus.history-too-long`) rather than allowed to take memory without bound.
    static let maxHistoryEntries = 10_000
    /// The most invoices read in one list answer (`rechercher`, 10 000; about 4 MB of JSON): a bigger answer
    /// is refused (`chorus.list-too-long`), the user asked to split the export into smaller pages.
    static let maxListInvoices = 10_000
    /// The most items of any array in a Chorus JSON answer (10 000): the parser stops keeping items past it, so
    /// a huge answer is counted in bounded memory, then refused (`chorus.history-too-long`, `chorus.list-too-long`,
    /// `json.array-too-long`). Public so that the messages that name the limit read it instead of repeating it.
    public static let maxArrayItems = max(maxHistoryEntries, maxListInvoices)

    /// The read error for a JSON parse error: an array over the limit gets its own code, naming the file,
    /// the line of the array, its count and the limit.
    static func error(for e: StrictJSON.ParseError, file: String) -> XMLReadError {
        guard let too = e.tooManyItems else {
            return XMLReadError(
                code: .jsonNotWellFormed, message: e.message, file: file, line: e.line, column: e.column)
        }
        let code: XMLReadError.Code
        let message: String
        switch too.key {
        case "histoStatut", "historiquesDesStatuts":
            code = .chorusHistoryTooLong
            message =
                "status history of \(too.count) entries for one invoice: over the limit of \(maxHistoryEntries) "
                + "(a real Chorus Pro history has tens); file refused"
        case "listeFactures":
            code = .chorusListTooLong
            message =
                "invoice list of \(too.count) invoices: over the limit of \(maxListInvoices) per file; "
                + "split the export into smaller pages; file refused"
        default:
            code = .jsonArrayTooLong
            message =
                "JSON array\(too.key.map { " '\($0)'" } ?? "") of \(too.count) items: over the limit of \(too.limit); file refused"
        }
        return XMLReadError(code: code, message: message, file: file, line: e.line, column: e.column)
    }

    /// A scalar as a string (`1221` → `"1221"`), nil for null, empty strings, arrays and objects.
    static func scalar(_ v: JSONValue?) -> String? {
        switch v {
        case .string(let s)?: return ChainValues.strip(s)
        case .number(let n)?: return n
        case .bool(let b)?: return b ? "true" : "false"
        default: return nil
        }
    }

    /// `YYYY-MM-DD HH:MM` (or with `T`, optional seconds) → `YYYY-MM-DDThh:mm:ss`; nil when not that shape.
    static func isoDateTime(_ at: String) -> String? {
        let u = Array(at.utf8)
        guard u.count == 16 || u.count == 19, ChainValues.datePart(at) != nil,
            u[10] == UInt8(ascii: " ") || u[10] == UInt8(ascii: "T"), u[13] == UInt8(ascii: ":")
        else { return nil }
        func two(_ i: Int) -> Int? {
            guard u[i] >= 48, u[i] <= 57, u[i + 1] >= 48, u[i + 1] <= 57 else { return nil }
            return Int(u[i] - 48) * 10 + Int(u[i + 1] - 48)
        }
        guard let hh = two(11), let mm = two(14), hh < 24, mm < 60 else { return nil }
        var ss = 0
        if u.count == 19 {
            guard u[16] == UInt8(ascii: ":"), let s = two(17), s < 60 else { return nil }
            ss = s
        }
        let head = String(at.prefix(10))
        func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(head)T\(pad(hh)):\(pad(mm)):\(pad(ss))"
    }

    static func readHistory(_ value: JSONValue, into doc: inout ReadDocument) {
        let current = scalar(value["statutCourantCode"])
        var entries: [JSONValue] = []
        var list: [JSONValue] = []
        switch value["historiquesDesStatuts"] {
        case .object?:
            if case .array(let a)? = value["historiquesDesStatuts"]?["histoStatut"] { list = a }
        case .array(let a)?: list = a
        default: doc.notes.append("historiquesDesStatuts is neither an object nor a list: no history read")
        }
        // The invoice, when the answer names it (not all answers do).
        let invoice: InvoiceRef? = {
            let id = scalar(value["idFacture"])
            let number = scalar(value["numeroFacture"])
            guard id != nil || number != nil else { return nil }
            return InvoiceRef(number: number, chorusId: id)
        }()
        for (i, item) in list.enumerated() {
            let code = scalar(item["histoStatutCode"])
            let at = scalar(item["histoStatutDatePassage"])
            var atISO: String?
            if let at {
                atISO = isoDateTime(at)
                if atISO == nil {
                    doc.notes.append("history[\(i)] histoStatutDatePassage: not 'YYYY-MM-DD HH:MM': '\(at)'")
                }
            }
            let comment = scalar(item["histoStatutCommentaire"])
            entries.append(
                .object([
                    ("id", .str(scalar(item["histoStatutId"]))), ("code", .str(code)), ("at", .str(at)),
                    ("atISO", .str(atISO)), ("comment", .str(comment)),
                ]))
            let entry = code.flatMap { CodeTables.chorusStatus.entry($0) }
            var details: [String: String] = ["historyIndex": String(i)]
            if let id = scalar(item["histoStatutId"]) { details["key.historyId"] = id }
            doc.events.append(
                ChainEvent(
                    kind: entry?.kind ?? .other, source: .chorusPro, code: code ?? "", label: entry?.fr,
                    date: atISO == nil ? nil : ChainValues.datePart(at), timestamp: at, invoice: invoice,
                    reasons: comment.map { [EventReason(code: nil, text: $0)] } ?? [], details: details,
                    sourceRef: SourceRef(file: doc.path), unknownCode: entry == nil))
        }
        if invoice == nil, !list.isEmpty {
            doc.notes.append("the history does not name its invoice (no idFacture / numeroFacture): link it on import")
        }
        doc.fields.append(("currentStatus", .str(current)))
        doc.fields.append(("history", .array(entries)))
    }

    static func readList(_ value: JSONValue, into doc: inout ReadDocument) {
        let page = scalar(value["pageCourante"])
        let pages = scalar(value["pages"])
        let total = scalar(value["total"])
        doc.fields.append(
            (
                "pagination",
                .object([("pageCourante", number(page)), ("pages", number(pages)), ("total", number(total))])
            ))
        guard case .array(let list)? = value["listeFactures"] else { return }
        var invoices: [JSONValue] = []
        for (i, item) in list.enumerated() {
            func amount(_ key: String) -> Decimal? {
                guard let s = scalar(item[key]) else { return nil }
                if let d = Money.parse(s) { return d }
                doc.notes.append("listeFactures[\(i)].\(key): \(ChainValues.amountRefusal(s)): '\(s)'")
                return nil
            }
            func date(_ key: String) -> CivilDate? {
                guard let s = scalar(item[key]) else { return nil }
                if let d = ChainValues.datePart(s) { return d }
                doc.notes.append("listeFactures[\(i)].\(key): not a date: '\(s)'")
                return nil
            }
            let id = scalar(item["idFacture"])
            let number = scalar(item["numeroFacture"])
            let status = scalar(item["statut"])
            let invoiceDate = date("dateFacture")
            let depositDate = date("dateDepot")
            let supplier = scalar(item["codeFournisseur"])
            let buyer = scalar(item["codeDestinataire"])
            let due = amount("montantAPayer")
            invoices.append(
                .object([
                    ("id", .str(id)), ("number", .str(number)), ("status", .str(status)),
                    ("invoiceDate", .date(invoiceDate)), ("depositDate", .date(depositDate)),
                    ("supplierId", .str(supplier)), ("buyerId", .str(buyer)),
                    ("serviceCode", .str(scalar(item["codeServiceExecutant"]))),
                    ("orderNumber", .str(scalar(item["numeroBonCommande"]))),
                    ("contractNumber", .str(scalar(item["numeroMarche"]))), ("currency", .str(scalar(item["devise"]))),
                    ("amountHT", .amount(amount("montantHT"))), ("amountTTC", .amount(amount("montantTTC"))),
                    ("amountDue", .amount(due)),
                ]))
            let ref = InvoiceRef(
                number: number, issueDate: invoiceDate, sellerId: supplier, buyerId: buyer, chorusId: id)
            let src = SourceRef(file: doc.path)
            // The deposit date is a dated fact; the current status in a list has no date of its own.
            if let depositDate {
                doc.events.append(
                    ChainEvent(
                        kind: .deposited, source: .chorusPro, code: "DEPOSEE",
                        label: CodeTables.chorusStatus.label("01"),
                        date: depositDate, invoice: ref, amount: due, details: ["from": "dateDepot"], sourceRef: src))
            }
            if let status, !(status == "DEPOSEE" && depositDate != nil) {
                let entry = CodeTables.chorusStatus.entry(status)
                doc.events.append(
                    ChainEvent(
                        kind: entry?.kind ?? .other, source: .chorusPro, code: status, label: entry?.fr, date: nil,
                        invoice: ref, amount: due,
                        details: ["from": "statut courant d'une liste (non daté)"], sourceRef: src,
                        unknownCode: entry == nil))
            }
        }
        doc.fields.append(("invoices", .array(invoices)))
        if let note = paginationNote(page: page, pages: pages, total: total, count: list.count) {
            doc.notes.append(note)
        }
    }

    /// A note when the list is one page of several, or shorter than its announced total; nil otherwise.
    static func paginationNote(page: String?, pages: String?, total: String?, count: Int) -> String? {
        if let p = pages.flatMap({ Int($0) }), p > 1 {
            return
                "page \(page ?? "?") of \(p): this list is one page of several; the invoices of the other pages were not read"
        }
        if let t = total.flatMap({ Int($0) }), t > count {
            return "the list announces \(t) invoices but holds \(count): other pages were not read"
        }
        return nil
    }

    static func number(_ s: String?) -> JSONValue {
        guard let s else { return .null }
        if Int(s) != nil { return .number(s) }
        return .string(s)
    }
}
