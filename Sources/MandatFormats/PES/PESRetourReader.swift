import Foundation
import MandatCore
import MandatXML

/// Reads a PES_Retour dépense (the comptable's decisions and payments; DOMAIN.md §4.4).
///
/// Fields follow EXPECTED.json `pesRetour`: `header` (`codColl` from `CodColl` or `CodCol`), `mandats` with
/// their lines and every `PaiementEmargement`. Events, each keyed by (IdColl, CodColl, CodBud, Exer, IdBord,
/// IdPce):
/// - `DtePcePec` present → `mandatTakenInCharge` dated it (a fact even when the mandat was later rejected);
/// - `EtatPce` 01 → `mandatOnHold` dated `DtePceInst`, 04 → `mandatRejected` dated `DtePceRej`, 05 →
///   `mandatSettled` dated the last `DtePay` (else the file date); unknown states → `other`, flagged;
///   reasons from `ObsEtat` split into codes with labels (free text kept as text);
/// - `PaiementEmargement` `OrgEma` 01 → `paid` dated `DtePay` for `MtPay`; any other `OrgEma` →
///   `paymentOffset` (penalty, retention, third party: not money to the creditor);
/// - `CessOpp` 02/03 → `assignedOrOpposed`; `NatPce` 19 → `requisition`.
/// An undated state falls back to the file's `DteStr`, said in `details["dateFrom"]`.
enum PESRetourReader {
    static func read(path: String, into doc: inout ReadDocument) throws {
        let h = Handler(file: doc.path)
        try XMLStreamReader().parse(path: path, displayName: doc.path, handler: h)
        doc.syntax = "PES"
        var notes: [String] = []
        let dteStr = ChainValues.date(h.header["DteStr"], field: "EnTetePES/DteStr", notes: &notes)
        let codColl = h.header["CodColl"] ?? h.header["CodCol"]
        doc.fields.append(
            (
                "header",
                .object([
                    ("idColl", .str(h.header["IdColl"])), ("codColl", .str(codColl)),
                    ("codBud", .str(h.header["CodBud"])), ("idPost", .str(h.header["IdPost"])),
                    ("dteStr", .date(dteStr)), ("typFic", .str(h.header["TypFic"])),
                    ("nomFic", .str(h.header["NomFic"])), ("typRestit", .str(h.typRestit)),
                ])
            ))
        if !h.sawDepense {
            let present = h.topBlocks.filter { $0.hasPrefix("PES_") }
            notes.append(
                "no PES_DepenseRetour block (present: \(present.isEmpty ? "none" : present.joined(separator: ", "))); no mandats"
            )
        }
        var mandats: [JSONValue] = []
        for p in h.pieces {
            mandats.append(p.json(notes: &notes))
            doc.events.append(
                contentsOf: p.events(
                    header: h.header, codColl: codColl, fileDate: dteStr, file: doc.path, notes: &notes))
        }
        doc.fields.append(("mandats", .array(mandats)))
        doc.notes.append(contentsOf: notes + h.notes)
    }

    /// Splits an `ObsEtat` value into reasons: two-digit codes separated by `-`, `/`, `,`, `;` or blanks
    /// (`"01-02"` → 01 and 02) each get the table's French label; anything else is kept whole as free text.
    /// Unknown codes are kept with a nil text and listed in `unknown`.
    static func splitObsEtat(_ raw: String) -> (reasons: [EventReason], unknown: [String]) {
        let parts = raw.split(whereSeparator: { "-/,; ".contains($0) }).map(String.init)
        let allCodes =
            !parts.isEmpty && parts.allSatisfy { p in p.count <= 2 && p.allSatisfy { $0.isASCII && $0.isNumber } }
        guard allCodes else { return ([EventReason(code: nil, text: raw)], []) }
        var reasons: [EventReason] = []
        var unknown: [String] = []
        for p in parts {
            let code = p.count == 1 ? "0" + p : p
            let label = CodeTables.obsEtat.label(code)
            if label == nil { unknown.append(code) }
            reasons.append(EventReason(code: code, text: label))
        }
        return (reasons, unknown)
    }

    struct Payment {
        var line: Int
        var origin: String?
        var date: String?
        var amount: String?
    }
    struct RetourLine {
        var line: Int
        var idLigne: String?
        var state: String?
        var obsEtat: String?
        var amountHT: String?
        var cessOpp: String?
        var payments: [Payment] = []
    }
    struct RetourPiece {
        var line: Int
        var exer: String?
        var idBord: String?
        var typBord: String?
        var info: [String: String] = [:]
        var lines: [RetourLine] = []

        var reasons: [String] {
            var out: [String] = []
            ChainValues.appendDistinct(info["ObsEtat"], to: &out)
            for l in lines { ChainValues.appendDistinct(l.obsEtat, to: &out) }
            return out
        }

        func json(notes: inout [String]) -> JSONValue {
            let at = "Piece \(info["IdPce"] ?? "?") (line \(line))"
            let pec = ChainValues.date(info["DtePcePec"], field: "\(at) DtePcePec", notes: &notes)
            let rej = ChainValues.date(info["DtePceRej"], field: "\(at) DtePceRej", notes: &notes)
            let inst = ChainValues.date(info["DtePceInst"], field: "\(at) DtePceInst", notes: &notes)
            return .object([
                ("exer", .str(exer)), ("idBord", .str(idBord)), ("typBord", .str(typBord)),
                ("idPce", .str(info["IdPce"])), ("typPce", .str(info["TypPce"])), ("natPce", .str(info["NatPce"])),
                ("obj", .str(info["Obj"])), ("state", .str(info["EtatPce"])), ("takenInChargeDate", .date(pec)),
                ("rejectedDate", .date(rej)), ("onHoldDate", .date(inst)), ("reasons", .strings(reasons)),
                ("comment", .str(info["Commentaire"])),
                (
                    "lines",
                    .array(
                        lines.map { l in
                            var ignored: [String] = []
                            return .object([
                                ("idLigne", .str(l.idLigne)), ("state", .str(l.state)),
                                ("amountHT", .amount(ChainValues.amount(l.amountHT, field: "MtHT", notes: &ignored))),
                                (
                                    "payments",
                                    .array(
                                        l.payments.map { p in
                                            .object([
                                                ("origin", .str(p.origin)),
                                                (
                                                    "date",
                                                    .date(ChainValues.date(p.date, field: "DtePay", notes: &ignored))
                                                ),
                                                (
                                                    "amount",
                                                    .amount(
                                                        ChainValues.amount(p.amount, field: "MtPay", notes: &ignored))
                                                ),
                                            ])
                                        })
                                ),
                            ])
                        })
                ),
            ])
        }

        func events(
            header: [String: String], codColl: String?, fileDate: CivilDate?, file: String, notes: inout [String]
        ) -> [ChainEvent] {
            var ignored: [String] = []
            let key = MandatKey(
                idColl: header["IdColl"] ?? "", codCol: codColl, codBud: header["CodBud"], exer: exer ?? "",
                idBord: idBord ?? "", idPce: info["IdPce"])
            let src = SourceRef(file: file, line: line)
            var out: [ChainEvent] = []
            // Reasons: piece ObsEtat, then lines' (split into codes).
            var reasonList: [EventReason] = []
            var unknownReasons: [String] = []
            for raw in reasons {
                let (r, u) = PESRetourReader.splitObsEtat(raw)
                for x in r where !reasonList.contains(x) { reasonList.append(x) }
                for x in u { ChainValues.appendDistinct(x, to: &unknownReasons) }
            }
            var common: [String: String] = [:]
            if let c = info["Commentaire"] { common["comment"] = c }
            if !unknownReasons.isEmpty { common["unknownReasonCodes"] = unknownReasons.joined(separator: ", ") }
            let lineStates = lines.compactMap { l in l.state.map { "\(l.idLigne ?? "?"):\($0)" } }
            if !lineStates.isEmpty { common["lineStates"] = lineStates.joined(separator: ", ") }
            let pec = ChainValues.date(info["DtePcePec"], field: "", notes: &ignored)
            let rej = ChainValues.date(info["DtePceRej"], field: "", notes: &ignored)
            let inst = ChainValues.date(info["DtePceInst"], field: "", notes: &ignored)
            let payDates = lines.flatMap(\.payments).compactMap {
                ChainValues.date($0.date, field: "", notes: &ignored)
            }

            if let pec {
                out.append(
                    ChainEvent(
                        kind: .mandatTakenInCharge, source: .pesRetour, code: "DtePcePec",
                        label: CodeTables.etatPce.label("02"), date: pec, mandat: key, details: common, sourceRef: src))
            }
            if let state = info["EtatPce"] {
                let entry = CodeTables.etatPce.entry(state)
                var date: CivilDate?
                switch state {
                case "01": date = inst
                case "02": date = pec
                case "04": date = rej
                case "05": date = payDates.max()
                default: date = nil
                }
                var d = common
                if date == nil {
                    date = fileDate
                    d["dateFrom"] = "DteStr (date du fichier ; la pièce ne donne pas la date de cet état)"
                }
                if state == "04" {
                    d["takenInChargeBefore"] = pec == nil ? "false" : "true"
                }
                // EtatPce 02 with DtePcePec is already the event above.
                if !(state == "02" && pec != nil) {
                    out.append(
                        ChainEvent(
                            kind: entry?.kind ?? .other, source: .pesRetour, code: "EtatPce=\(state)", label: entry?.fr,
                            date: date, mandat: key,
                            reasons: state == "02" || state == "05" ? [] : reasonList, details: d, sourceRef: src,
                            unknownCode: entry == nil))
                }
            }
            if info["NatPce"] == "19" {
                out.append(
                    ChainEvent(
                        kind: .requisition, source: .pesRetour, code: "NatPce=19",
                        label: CodeTables.natPce.label("19"), date: pec ?? fileDate, mandat: key, details: common,
                        sourceRef: src))
            }
            for l in lines {
                let lsrc = SourceRef(file: file, line: l.line)
                if let c = l.cessOpp, let e = CodeTables.cessOpp.entry(c), e.kind == .assignedOrOpposed {
                    out.append(
                        ChainEvent(
                            kind: .assignedOrOpposed, source: .pesRetour, code: "CessOpp=\(c)", label: e.fr,
                            date: fileDate, mandat: key, details: ["key.idLigne": l.idLigne ?? ""], sourceRef: lsrc))
                } else if let c = l.cessOpp, !CodeTables.cessOpp.contains(c) {
                    out.append(
                        ChainEvent(
                            kind: .other, source: .pesRetour, code: "CessOpp=\(c)", date: fileDate, mandat: key,
                            details: ["key.idLigne": l.idLigne ?? ""], sourceRef: lsrc, unknownCode: true))
                }
                for (n, p) in l.payments.enumerated() {
                    let entry = p.origin.flatMap { CodeTables.orgEma.entry($0) }
                    let isPayment = p.origin == "01"
                    // `key.*` details enter the event id: two equal payments on one line stay two events.
                    var d: [String: String] = [
                        "key.idLigne": l.idLigne ?? "", "key.payment": String(n + 1), "origin": p.origin ?? "",
                    ]
                    if !isPayment {
                        d["note"] = "émargement sans paiement au créancier (compensation, retenue, tiers)"
                    }
                    let amount = ChainValues.amount(p.amount, field: "Piece line \(p.line) MtPay", notes: &notes)
                    let date = ChainValues.date(p.date, field: "Piece line \(p.line) DtePay", notes: &notes)
                    out.append(
                        ChainEvent(
                            kind: isPayment ? .paid : .paymentOffset, source: .pesRetour,
                            code: "OrgEma=\(p.origin ?? "")", label: entry?.fr, date: date, mandat: key, amount: amount,
                            details: d, sourceRef: SourceRef(file: file, line: p.line),
                            unknownCode: p.origin != nil && entry == nil))
                }
            }
            return out
        }
    }

    final class Handler: StackHandler {
        var header: [String: String] = [:]
        var typRestit: String?
        var sawDepense = false
        var topBlocks: [String] = []
        var pieces: [RetourPiece] = []
        var notes: [String] = []
        var bord: [String: String] = [:]
        var piece: RetourPiece?
        var ligne: RetourLine?
        var payment: Payment?

        override func open(_ name: XMLName, attributes: [XMLAttribute], line: Int) throws {
            let local = name.local
            let v = ChainValues.pesValue(attributes)
            if stack.count == 2 {
                topBlocks.append(local)
                if local == "PES_DepenseRetour" { sawDepense = true }
                return
            }
            guard inside("PES_DepenseRetour") || parent == "EnTetePES" || parent == "Parametres" else { return }
            switch local {
            case "Bordereau" where parent == "PES_DepenseRetour":
                bord = [:]
                return
            case "Piece" where parent == "Bordereau":
                piece = RetourPiece(line: line, exer: bord["Exer"], idBord: bord["IdBord"], typBord: bord["TypBord"])
                return
            case "LigneDePiece" where piece != nil:
                ligne = RetourLine(line: line)
                return
            case "PaiementEmargement" where ligne != nil:
                payment = Payment(line: line)
                return
            default: break
            }
            guard let parent else { return }
            switch parent {
            case "EnTetePES" where stack.count == 3:
                if let v { header[local] = v }
            case "Parametres":
                if local == "TypFic" || local == "NomFic", let v { header[local] = v }
            case "EnTeteDepense":
                if local == "TypRestit" { typRestit = v }
            case "BlocBordereau":
                if let v { bord[local] = v }
            case "InfoPiece" where piece != nil:
                if let v, piece?.info[local] == nil { piece?.info[local] = v }
            case "InfoLignePiece" where ligne != nil:
                switch local {
                case "IdLigne": ligne?.idLigne = v
                case "EtatLigPce": ligne?.state = v
                case "ObsEtat": ligne?.obsEtat = v
                case "MtHT": ligne?.amountHT = v
                case "CessOpp": ligne?.cessOpp = v
                default: break
                }
            case "PaiementEmargement" where payment != nil:
                switch local {
                case "OrgEma": payment?.origin = v
                case "DtePay": payment?.date = v
                case "MtPay": payment?.amount = v
                default: break
                }
            default: break
            }
        }

        override func close(_ name: XMLName, text: XMLText, line: Int) throws {
            switch name.local {
            case "PaiementEmargement" where payment != nil:
                if let p = payment { ligne?.payments.append(p) }
                payment = nil
            case "LigneDePiece" where ligne != nil && parent == "Piece":
                if let l = ligne { piece?.lines.append(l) }
                ligne = nil
            case "Piece" where piece != nil && parent == "Bordereau":
                if let p = piece { pieces.append(p) }
                piece = nil
            default: break
            }
        }
    }
}
