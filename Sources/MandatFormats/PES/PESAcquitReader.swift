import Foundation
import MandatCore
import MandatXML

/// Reads a PES_ACQUIT (Hélios acknowledgement, namespace `…/Rev0/retour/v2` or the older `…/Rev0/retour`;
/// DOMAIN.md §4.4): element by element, accepted or rejected, with errors at element, piece and line level.
///
/// Fields follow EXPECTED.json `pesAcquit`: `header`, `elements`. Events (dépense elements, `DomaineAck` 5):
/// an accepted bordereau → `receivedByComptable` on the whole bordereau (mandat key with `idPce` nil: it
/// reached the comptable's queue, it is not yet taken in charge); a rejected bordereau → `integrationRejected`
/// with the element's errors as reasons; each piece with errors (its own or its lines') →
/// `integrationRejected` on that mandat. A rejected whole file (`DomaineAck` 0) → one `integrationRejected`
/// event with no mandat key, naming the file. Dated by the ACK date when the file has one (`DateAck`,
/// `DteAck`), else the header's `DteStr`.
enum PESAcquitReader {
    static func read(path: String, into doc: inout ReadDocument) throws {
        let h = Handler(file: doc.path)
        try XMLStreamReader().parse(path: path, displayName: doc.path, handler: h)
        doc.syntax = "PES"
        var notes: [String] = []
        let dteStr = ChainValues.date(h.header["DteStr"], field: "EnTetePES/DteStr", notes: &notes)
        doc.fields.append(
            (
                "header",
                .object([
                    ("idColl", .str(h.header["IdColl"])), ("nomFic", .str(h.header["NomFic"])),
                    ("typFic", .str(h.header["TypFic"])), ("dteStr", .date(dteStr)),
                    ("idPost", .str(h.header["IdPost"])), ("codCol", .str(h.header["CodCol"] ?? h.header["CodColl"])),
                    ("codBud", .str(h.header["CodBud"])),
                ])
            ))
        var elements: [JSONValue] = []
        for e in h.elements {
            var accepted: Bool?
            if let s = e.etat {
                accepted = parseEtatAck(s)
                if accepted == nil {
                    notes.append("ElementACQUIT (line \(e.line)) EtatAck: not 1/true/0/false: '\(s)'")
                }
            }
            elements.append(
                .object([
                    ("domain", .str(e.domain)), ("accepted", accepted.map { .bool($0) } ?? .null),
                    ("exer", .str(e.exer)), ("idBord", .str(e.idBord)), ("idUnique", .str(e.idUnique)),
                    ("errors", errorsJSON(e.errors)),
                    (
                        "pieces",
                        .array(
                            e.pieces.map { p in
                                .object([
                                    ("idPce", .str(p.idPce)), ("errors", errorsJSON(p.errors)),
                                    (
                                        "lines",
                                        .array(
                                            p.lines.map { l in
                                                .object([
                                                    ("idLigne", .str(l.idLigne)), ("errors", errorsJSON(l.errors)),
                                                ])
                                            })
                                    ),
                                ])
                            })
                    ),
                ]))
            doc.events.append(
                contentsOf: events(
                    for: e, accepted: accepted, header: h.header, date: h.ackDate ?? dteStr, file: doc.path))
            if let d = e.domain, !CodeTables.domaineAck.contains(d) {
                notes.append("ElementACQUIT (line \(e.line)) DomaineAck '\(d)' is not a known domain: kept as written")
            }
        }
        doc.fields.append(("elements", .array(elements)))
        doc.notes.append(contentsOf: notes)
    }

    /// `EtatAck`: exactly `1`/`true` → accepted, `0`/`false` → rejected, anything else nil (EXPECTED.md "Booleans").
    static func parseEtatAck(_ s: String) -> Bool? {
        switch s {
        case "1", "true": return true
        case "0", "false": return false
        default: return nil
        }
    }

    /// Splits an Hélios label `"2559 - Le code service … inconnu"` into its message number and text; a label
    /// without a leading number comes back whole with a nil number.
    static func splitHeliosLabel(_ label: String) -> (number: String?, text: String) {
        let scalars = Array(label.unicodeScalars)
        var i = 0
        while i < scalars.count, scalars[i].isASCII, CharacterSet.decimalDigits.contains(scalars[i]) { i += 1 }
        guard i > 0 else { return (nil, label) }
        let number = String(String.UnicodeScalarView(scalars[0..<i]))
        let rest = String(String.UnicodeScalarView(scalars[i...])).trimmingWhitespace()
        guard rest.hasPrefix("-") else { return (nil, label) }
        return (number, String(rest.dropFirst()).trimmingWhitespace())
    }

    struct AckError {
        var code: String?
        var label: String?
    }
    struct AckLine {
        var idLigne: String?
        var errors: [AckError] = []
    }
    struct AckPiece {
        var idPce: String?
        var errors: [AckError] = []
        var lines: [AckLine] = []
        var allErrors: [AckError] { errors + lines.flatMap(\.errors) }
    }
    struct AckElement {
        var line: Int
        var domain: String?
        var etat: String?
        var exer: String?
        var idBord: String?
        var idUnique: String?
        var errors: [AckError] = []
        var pieces: [AckPiece] = []
    }

    static func errorsJSON(_ errors: [AckError]) -> JSONValue {
        .array(errors.map { .object([("code", .str($0.code)), ("label", .str($0.label))]) })
    }

    static func reasons(_ errors: [AckError]) -> [EventReason] {
        errors.map { EventReason(code: $0.code, text: $0.label) }
    }

    static func heliosNumbers(_ errors: [AckError]) -> String? {
        var numbers: [String] = []
        for e in errors { ChainValues.appendDistinct(e.label.flatMap { splitHeliosLabel($0).number }, to: &numbers) }
        return numbers.isEmpty ? nil : numbers.joined(separator: ", ")
    }

    static func events(
        for e: AckElement, accepted: Bool?, header: [String: String], date: CivilDate?, file: String
    ) -> [ChainEvent] {
        let src = SourceRef(file: file, line: e.line)
        let domainLabel = e.domain.flatMap { CodeTables.domaineAck.label($0) }
        var base: [String: String] = ["domain": e.domain ?? ""]
        if let n = header["NomFic"] { base["nomFic"] = n }
        switch e.domain {
        case "5":
            guard let accepted else { return [] }
            let key = MandatKey(
                idColl: header["IdColl"] ?? "", codCol: header["CodCol"] ?? header["CodColl"],
                codBud: header["CodBud"], exer: e.exer ?? "", idBord: e.idBord ?? "", idPce: nil)
            var out: [ChainEvent] = []
            var d = base
            if let n = heliosNumbers(e.errors) { d["heliosMessages"] = n }
            out.append(
                ChainEvent(
                    kind: accepted ? .receivedByComptable : .integrationRejected, source: .pesAcquit,
                    code: "EtatAck=\(e.etat ?? "")",
                    label: accepted ? "Bordereau intégré dans Hélios" : "Bordereau rejeté par Hélios", date: date,
                    mandat: key, reasons: reasons(e.errors), details: d, sourceRef: src))
            for p in e.pieces where !p.allErrors.isEmpty {
                var pk = key
                pk.idPce = p.idPce
                var pd = base
                if let n = heliosNumbers(p.allErrors) { pd["heliosMessages"] = n }
                let lines = p.lines.filter { !$0.errors.isEmpty }.compactMap(\.idLigne)
                if !lines.isEmpty { pd["lines"] = lines.joined(separator: ", ") }
                out.append(
                    ChainEvent(
                        kind: .integrationRejected, source: .pesAcquit, code: "EtatAck=\(e.etat ?? "")",
                        label: "Mandat rejeté par Hélios", date: date, mandat: pk, reasons: reasons(p.allErrors),
                        details: pd, sourceRef: src))
            }
            return out
        case "0":
            guard accepted == false else { return [] }
            return [
                ChainEvent(
                    kind: .integrationRejected, source: .pesAcquit, code: "EtatAck=\(e.etat ?? "")",
                    label: "Fichier PES rejeté par Hélios (\(domainLabel ?? "technique"))", date: date,
                    reasons: reasons(e.errors), details: base, sourceRef: src)
            ]
        default:
            return []
        }
    }

    final class Handler: StackHandler {
        var header: [String: String] = [:]
        var elements: [AckElement] = []
        var ackDate: CivilDate?
        var element: AckElement?
        var piece: AckPiece?
        var ligne: AckLine?
        var error: AckError?

        override func open(_ name: XMLName, attributes: [XMLAttribute], line: Int) throws {
            let local = name.local
            let v = ChainValues.pesValue(attributes)
            switch local {
            case "ElementACQUIT":
                element = AckElement(line: line)
                return
            case "DetailPiece" where element != nil:
                piece = AckPiece()
                return
            case "DetailLigne" where piece != nil:
                ligne = AckLine()
                return
            case "Erreur" where element != nil:
                error = AckError()
                return
            case "DateAck", "DteAck":
                if ackDate == nil, let v { ackDate = CivilDate(iso: v) }
                return
            default: break
            }
            guard let parent else { return }
            switch parent {
            case "EnTetePES" where stack.count == 3:
                if let v { header[local] = v }
            case "Parametres":
                if local == "TypFic" || local == "NomFic", let v { header[local] = v }
            case "Erreur" where error != nil:
                if local == "NumAnoAck" { error?.code = v }
                if local == "LibelleAnoAck" { error?.label = v }
            case "DetailLigne" where ligne != nil:
                if local == "NumLigne" { ligne?.idLigne = v }
            case "DetailPiece" where piece != nil:
                if local == "NumPiece" { piece?.idPce = v }
            case "ElementACQUIT" where element != nil:
                switch local {
                case "DomaineAck": element?.domain = v
                case "EtatAck": element?.etat = v
                case "NumBord": element?.idBord = v
                case "ExerciceBord": element?.exer = v
                case "IdUnique": element?.idUnique = v
                default: break
                }
            default: break
            }
        }

        override func close(_ name: XMLName, text: XMLText, line: Int) throws {
            switch name.local {
            case "Erreur" where error != nil:
                if let err = error {
                    if ligne != nil {
                        ligne?.errors.append(err)
                    } else if piece != nil {
                        piece?.errors.append(err)
                    } else {
                        element?.errors.append(err)
                    }
                }
                error = nil
            case "DetailLigne" where ligne != nil:
                if let l = ligne { piece?.lines.append(l) }
                ligne = nil
            case "DetailPiece" where piece != nil:
                if let p = piece { element?.pieces.append(p) }
                piece = nil
            case "ElementACQUIT":
                if let e = element { elements.append(e) }
                element = nil
            default: break
            }
        }
    }
}
