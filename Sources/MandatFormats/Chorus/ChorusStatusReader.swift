import Foundation
import MandatCore
import MandatXML

/// Reads a Chorus Pro EDI status flow `CPPStatut` (`CPPStatutPivot_V1_19.xsd`; DOMAIN.md §4.2): invoice
/// statuses (`CPPFactureStatutUnitaire`) and flow-level statuses (`CPPFluxStatutUnitaire`, codes 90–96).
///
/// Fields follow EXPECTED.json `chorusStatus`: `statuses` and `flowStatuses`, where `label` is the file's
/// `ComplementStatut` and `timestamp` the `Horodatage` as given (an invalid one only adds a note).
/// Events: one per status, kind from `CodeTables.chorusStatus` (IdStatut 01–12 or its name), dated the
/// date part of `Horodatage` (the writer's local date), invoice = (`IdFacture` = the supplier's invoice
/// number, `DateFacture`, supplier and debtor ids). `MANDATEE` carries `IdMandatDP` in
/// `details["mandatNumber"]`. Unknown codes are kept raw with `kind = other` and `unknownCode`.
enum ChorusStatusReader {
    static func read(path: String, into doc: inout ReadDocument) throws {
        let h = Handler(file: doc.path)
        try XMLStreamReader().parse(path: path, displayName: doc.path, handler: h)
        var statuses: [JSONValue] = []
        for s in h.statuses {
            let v = s.values
            var dateNotes: [String] = []
            let invoiceDate = ChainValues.date(
                v["DateFacture"], field: "DateFacture (line \(s.line))", notes: &dateNotes)
            doc.notes.append(contentsOf: dateNotes)
            checkTimestamp(v["Horodatage"], line: s.line, notes: &doc.notes)
            statuses.append(
                .object([
                    ("invoiceId", .str(v["IdFacture"])), ("invoiceDate", .date(invoiceDate)),
                    ("code", .str(v["IdStatut"])),
                    ("label", .str(v["ComplementStatut"])), ("comment", .str(v["Commentaire"])),
                    ("timestamp", .str(v["Horodatage"])), ("mandatNumber", .str(v["IdMandatDP"])),
                    ("supplierId", .str(v["Fournisseur/Identifiant"])), ("debtorId", .str(v["Debiteur/Identifiant"])),
                ]))
            let code = v["IdStatut"] ?? ""
            let entry = CodeTables.chorusStatus.entry(code)
            var details: [String: String] = [:]
            if let m = v["IdMandatDP"] { details["mandatNumber"] = m }
            if let l = v["ComplementStatut"] { details["fileLabel"] = l }
            var reasons: [EventReason] = []
            if let c = v["Commentaire"] { reasons.append(EventReason(code: nil, text: c)) }
            doc.events.append(
                ChainEvent(
                    kind: entry?.kind ?? .other, source: .chorusPro, code: code, label: entry?.fr,
                    date: ChainValues.datePart(v["Horodatage"]), timestamp: v["Horodatage"],
                    invoice: InvoiceRef(
                        number: v["IdFacture"], issueDate: invoiceDate, sellerId: v["Fournisseur/Identifiant"],
                        buyerId: v["Debiteur/Identifiant"]),
                    reasons: reasons, details: details, sourceRef: SourceRef(file: doc.path, line: s.line),
                    unknownCode: entry == nil))
        }
        var flows: [JSONValue] = []
        for s in h.flowStatuses {
            let v = s.values
            checkTimestamp(v["Horodatage"], line: s.line, notes: &doc.notes)
            flows.append(
                .object([
                    ("flowId", .str(v["IdFlux"])), ("code", .str(v["IdStatut"])),
                    ("label", .str(v["ComplementStatut"])),
                    ("comment", .str(v["Commentaire"])), ("timestamp", .str(v["Horodatage"])),
                ]))
            let code = v["IdStatut"] ?? ""
            let entry = CodeTables.chorusFlowStatus.entry(code)
            var details: [String: String] = [:]
            if let f = v["IdFlux"] { details["flowId"] = f }
            if let l = v["ComplementStatut"] { details["fileLabel"] = l }
            var reasons: [EventReason] = []
            if let c = v["Commentaire"] { reasons.append(EventReason(code: nil, text: c)) }
            doc.events.append(
                ChainEvent(
                    kind: entry?.kind ?? .other, source: .chorusPro, code: code, label: entry?.fr,
                    date: ChainValues.datePart(v["Horodatage"]), timestamp: v["Horodatage"], reasons: reasons,
                    details: details, sourceRef: SourceRef(file: doc.path, line: s.line), unknownCode: entry == nil))
        }
        doc.fields.append(("statuses", .array(statuses)))
        doc.fields.append(("flowStatuses", .array(flows)))
    }

    /// `Horodatage` is an `xs:dateTime`: `YYYY-MM-DDThh:mm:ss` with optional fraction and zone. Anything else
    /// is kept as given with a note.
    static func checkTimestamp(_ t: String?, line: Int, notes: inout [String]) {
        guard let t else { return }
        let u = Array(t.utf8)
        let ok =
            u.count >= 19 && ChainValues.datePart(t) != nil && u[10] == UInt8(ascii: "T")
            && u[13] == UInt8(ascii: ":") && u[16] == UInt8(ascii: ":")
        if !ok { notes.append("Horodatage (line \(line)): not an xs:dateTime, kept as given: '\(t)'") }
    }

    struct Unit {
        var line: Int
        var values: [String: String] = [:]
    }

    final class Handler: StackHandler {
        var statuses: [Unit] = []
        var flowStatuses: [Unit] = []
        var unit: Unit?

        override func open(_ name: XMLName, attributes: [XMLAttribute], line: Int) throws {
            if name.local == "CPPFactureStatutUnitaire" || name.local == "CPPFluxStatutUnitaire" {
                unit = Unit(line: line)
            }
        }

        override func close(_ name: XMLName, text: XMLText, line: Int) throws {
            let local = name.local
            if local == "CPPFactureStatutUnitaire" || local == "CPPFluxStatutUnitaire" {
                if let u = unit {
                    if local == "CPPFactureStatutUnitaire" { statuses.append(u) } else { flowStatuses.append(u) }
                }
                unit = nil
                return
            }
            guard unit != nil, let parent, let value = ChainValues.text(text) else { return }
            switch parent {
            case "DonneesStatut":
                if unit?.values[local] == nil { unit?.values[local] = value }
            case "Fournisseur", "Debiteur":
                if local == "Identifiant" { unit?.values["\(parent)/Identifiant"] = value }
            default: break
            }
        }
    }
}
