import Foundation
import MandatCore
import MandatXML

/// Reads a 2026 lifecycle message, CDAR D22B `CrossDomainAcknowledgementAndResponse` (DOMAIN.md §4.3).
///
/// Fields follow EXPECTED.json `cdar` (key order as there). `issueDateTime` is the **status** time
/// (`AcknowledgementDocument/IssueDateTime`, format 204 → `YYYY-MM-DDThh:mm:ss`), `documentDateTime` the
/// message's own time. `sellerId` prefers the `GlobalID` with `schemeID="0002"` (SIREN). One `reasons` entry
/// per `SpecifiedDocumentStatus` with a reason code, text or requested action; `amounts` only the
/// characteristics with a `ValueAmount`. Fields describe the first referenced document; events are one
/// per `ReferenceReferencedDocument`, kind from `CodeTables.cdarStatus` (unknown codes → `other`, flagged),
/// dated the status time, amount = the MPA (paid) or MEN (cashed) characteristic.
enum CDARReader {
    static func read(path: String, into doc: inout ReadDocument) throws {
        let h = Handler(file: doc.path)
        try XMLStreamReader().parse(path: path, displayName: doc.path, handler: h)
        doc.syntax = "CII"
        var notes: [String] = []
        let statusTime = dateTime(h.ackTime, field: "AcknowledgementDocument/IssueDateTime", notes: &notes)
        let docTime = dateTime(h.docTime, field: "ExchangedDocument/IssueDateTime", notes: &notes)
        let first = h.references.first
        var firstIssueDate: CivilDate?
        var refDates: [CivilDate?] = []
        for (i, r) in h.references.enumerated() {
            var n: [String] = []
            let d = invoiceDate(r.issueDate, field: "FormattedIssueDateTime", notes: &n)
            if i == 0 {
                firstIssueDate = d
                notes.append(contentsOf: n)
            }
            refDates.append(d)
        }
        let seller = first.flatMap { preferredSeller($0.sellerIds) }
        doc.fields.append(contentsOf: [
            ("documentId", .str(h.documentId)), ("issueDateTime", .str(statusTime)),
            ("documentDateTime", .str(docTime)), ("typeCode", .str(h.typeCode)),
            ("invoiceNumber", .str(first?.number)), ("invoiceIssueDate", .date(firstIssueDate)),
            ("invoiceTypeCode", .str(first?.typeCode)), ("statusCode", .str(first?.statusCode)),
            ("statusLabel", .str(first?.statusLabel)),
            (
                "reasons",
                .array(
                    (first?.statuses ?? []).filter(\.hasReason).map {
                        .object([("code", .str($0.code)), ("text", .str($0.text)), ("action", .str($0.action))])
                    })
            ),
            ("sellerId", seller.map { .schemed(SchemedID(id: $0.id, scheme: $0.scheme)) } ?? .null),
            (
                "amounts",
                .array(
                    (first?.amounts ?? []).map {
                        .object([
                            ("type", .str($0.type)), ("amount", .amount(Money.parse($0.amount))),
                            ("currency", .str($0.currency)),
                        ])
                    })
            ),
            ("referenceCount", .int(h.references.count)),
        ])
        if h.references.count > 1 {
            notes.append("\(h.references.count) referenced documents: fields show the first; one event each")
        }
        if h.references.isEmpty { notes.append("no ReferenceReferencedDocument: the message names no invoice") }
        for (r, issueDate) in zip(h.references, refDates) {
            for a in r.amounts where Money.parse(a.amount) == nil {
                notes.append("ValueAmount (line \(a.line)): \(ChainValues.amountRefusal(a.amount)): '\(a.amount)'")
            }
            doc.events.append(event(r, issueDate: issueDate, statusTime: statusTime, h: h, file: doc.path))
        }
        doc.notes.append(contentsOf: notes)
    }

    static func event(
        _ r: Reference, issueDate: CivilDate?, statusTime: String?, h: Handler, file: String
    ) -> ChainEvent {
        let code = r.statusCode ?? ""
        let entry = CodeTables.cdarStatus.entry(code)
        var unknownReasons: [String] = []
        let reasons: [EventReason] = r.statuses.filter(\.hasReason).map { s in
            if let c = s.code, !CodeTables.cdarReason.contains(c) { unknownReasons.append(c) }
            return EventReason(
                code: s.code, text: s.text ?? s.code.flatMap { CodeTables.cdarReason.label($0) }, action: s.action)
        }
        var details: [String: String] = [:]
        if let d = h.documentId { details["documentId"] = d }
        if let t = h.typeCode { details["phase"] = t == "305" ? "transmission" : t == "23" ? "traitement" : t }
        if let l = r.statusLabel { details["fileLabel"] = l }
        if !unknownReasons.isEmpty { details["unknownReasonCodes"] = unknownReasons.joined(separator: ", ") }
        var amount: Decimal?
        if let a = r.amounts.first(where: { $0.type == "MPA" || $0.type == "MEN" }) {
            amount = Money.parse(a.amount)
            details["amountType"] = a.type
            if let c = a.currency { details["currency"] = c }
        }
        let seller = preferredSeller(r.sellerIds)
        return ChainEvent(
            kind: entry?.kind ?? .other, source: .cdar, code: code, label: entry?.fr,
            date: statusTime.flatMap { ChainValues.datePart($0) }, timestamp: statusTime,
            invoice: InvoiceRef(number: r.number, issueDate: issueDate, sellerId: seller?.id), amount: amount,
            reasons: reasons, details: details, sourceRef: SourceRef(file: file, line: r.line),
            unknownCode: entry == nil)
    }

    /// The `GlobalID` with scheme 0002 (SIREN) if any, else the first one.
    static func preferredSeller(_ ids: [(id: String, scheme: String?)]) -> (id: String, scheme: String?)? {
        ids.first(where: { $0.scheme == "0002" }) ?? ids.first
    }

    /// UN/CEFACT date-time to `YYYY-MM-DDThh:mm:ss`: format 204 (`YYYYMMDDhhmmss`), 203 (`YYYYMMDDhhmm`),
    /// 102 (`YYYYMMDD`, midnight, with a note). Anything else → nil with a note.
    static func dateTime(_ value: (text: String, format: String?)?, field: String, notes: inout [String]) -> String? {
        guard let value else { return nil }
        let t = value.text
        let digits = t.allSatisfy { $0.isASCII && $0.isNumber }
        func build(_ hh: String, _ mm: String, _ ss: String) -> String? {
            guard let d = CivilDate(iso: String(t.prefix(8))), let h = Int(hh), let m = Int(mm), let s = Int(ss),
                h < 24, m < 60, s < 60
            else { return nil }
            return "\(d.iso)T\(hh):\(mm):\(ss)"
        }
        let chars = Array(t)
        var out: String?
        switch (value.format, chars.count) {
        case ("204"?, 14) where digits, (nil, 14) where digits:
            out = build(String(chars[8..<10]), String(chars[10..<12]), String(chars[12..<14]))
        case ("203"?, 12) where digits:
            out = build(String(chars[8..<10]), String(chars[10..<12]), "00")
        case ("102"?, 8) where digits:
            out = build("00", "00", "00")
            if out != nil { notes.append("\(field): format 102 date only, midnight used") }
        default: break
        }
        if out == nil { notes.append("\(field): not a valid date-time (format \(value.format ?? "none")): '\(t)'") }
        return out
    }

    /// The invoice date (BT-2): format 102 → ISO; 204/203 → the date part, with a note; no format → accepted
    /// only as 8 digits, with a note (EXPECTED.md "Dates").
    static func invoiceDate(_ value: (text: String, format: String?)?, field: String, notes: inout [String])
        -> CivilDate?
    {
        guard let value else { return nil }
        let t = value.text
        let digits = t.allSatisfy { $0.isASCII && $0.isNumber }
        switch (value.format, t.count) {
        case ("102"?, 8) where digits:
            if let d = CivilDate(iso: t) { return d }
        case ("204"?, 14) where digits, ("203"?, 12) where digits:
            if let d = CivilDate(iso: String(t.prefix(8))) {
                notes.append("\(field): format \(value.format ?? "") date-time, date part used")
                return d
            }
        case (nil, 8) where digits:
            if let d = CivilDate(iso: t) {
                notes.append("\(field): DateTimeString without @format accepted as YYYYMMDD")
                return d
            }
        default: break
        }
        notes.append("\(field): not a valid date (format \(value.format ?? "none")): '\(t)'")
        return nil
    }

    struct DocStatus {
        var code: String?
        var text: String?
        var action: String?
        var hasReason: Bool { code != nil || text != nil || action != nil }
    }
    struct Amount {
        var line: Int
        var type: String?
        var amount: String
        var currency: String?
    }
    struct Reference {
        var line: Int
        var number: String?
        var typeCode: String?
        var issueDate: (text: String, format: String?)?
        var statusCode: String?
        var statusLabel: String?
        var sellerIds: [(id: String, scheme: String?)] = []
        var statuses: [DocStatus] = []
        var amounts: [Amount] = []
    }

    final class Handler: StackHandler {
        var documentId: String?
        var docTime: (text: String, format: String?)?
        var ackTime: (text: String, format: String?)?
        var typeCode: String?
        var references: [Reference] = []
        var ref: Reference?
        var status: DocStatus?
        var characteristic: (type: String?, amount: String?, currency: String?, line: Int)?
        var format: String?
        var scheme: String?
        var currency: String?

        override func open(_ name: XMLName, attributes: [XMLAttribute], line: Int) throws {
            switch name.local {
            case "ReferenceReferencedDocument" where parent == "AcknowledgementDocument":
                ref = Reference(line: line)
            case "SpecifiedDocumentStatus" where ref != nil && parent == "ReferenceReferencedDocument":
                status = DocStatus()
            case "SpecifiedDocumentCharacteristic" where status != nil:
                characteristic = (nil, nil, nil, line)
            case "DateTimeString": format = ChainValues.attribute("format", attributes)
            case "GlobalID": scheme = ChainValues.attribute("schemeID", attributes)
            case "ValueAmount": currency = ChainValues.attribute("currencyID", attributes)
            default: break
            }
        }

        override func close(_ name: XMLName, text: XMLText, line: Int) throws {
            let local = name.local
            let value = ChainValues.text(text)
            switch local {
            case "ReferenceReferencedDocument" where ref != nil && parent == "AcknowledgementDocument":
                if let r = ref { references.append(r) }
                ref = nil
                return
            case "SpecifiedDocumentStatus" where status != nil:
                if let s = status { ref?.statuses.append(s) }
                status = nil
                return
            case "SpecifiedDocumentCharacteristic" where characteristic != nil:
                if let c = characteristic, let a = c.amount {
                    ref?.amounts.append(Amount(line: c.line, type: c.type, amount: a, currency: c.currency))
                }
                characteristic = nil
                return
            default: break
            }
            guard let parent else { return }
            if characteristic != nil, parent == "SpecifiedDocumentCharacteristic" {
                if local == "TypeCode" { characteristic?.type = value }
                if local == "ValueAmount", let value {
                    characteristic?.amount = value
                    characteristic?.currency = currency
                }
                return
            }
            if status != nil, parent == "SpecifiedDocumentStatus" {
                switch local {
                case "ReasonCode": status?.code = value
                case "Reason": status?.text = value
                case "RequestedActionCode": status?.action = value
                default: break
                }
                return
            }
            if ref != nil {
                switch (parent, local) {
                case ("ReferenceReferencedDocument", "IssuerAssignedID"): ref?.number = value
                case ("ReferenceReferencedDocument", "TypeCode"): ref?.typeCode = value
                case ("ReferenceReferencedDocument", "ProcessConditionCode"): ref?.statusCode = value
                case ("ReferenceReferencedDocument", "ProcessCondition"): ref?.statusLabel = value
                case ("FormattedIssueDateTime", "DateTimeString"):
                    if let value, ref?.issueDate == nil { ref?.issueDate = (value, format) }
                case ("IssuerTradeParty", "GlobalID") where ancestor(2) == "ReferenceReferencedDocument":
                    if let value { ref?.sellerIds.append((value, scheme)) }
                default: break
                }
                return
            }
            switch (parent, local) {
            case ("ExchangedDocument", "ID"): documentId = value
            case ("AcknowledgementDocument", "TypeCode"): typeCode = value
            case ("IssueDateTime", "DateTimeString"):
                if let value {
                    if ancestor(2) == "ExchangedDocument" { docTime = (value, format) }
                    if ancestor(2) == "AcknowledgementDocument" { ackTime = (value, format) }
                }
            default: break
            }
        }
    }
}
