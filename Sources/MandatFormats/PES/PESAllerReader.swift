import Foundation
import MandatCore
import MandatXML

/// Reads a PES_Aller dépense (DOMAIN.md §4.4): the header, one `Mandat` per `Bordereau/Piece`, one `mandated`
/// event per mandat dated the bordereau's issue date, and the count of `PES_PJ/PJ` attachments (counted,
/// never decoded: the reader keeps only the size of base64 text).
///
/// Fields follow EXPECTED.json `pesAller`: `header`, `mandats`, `attachments`. Amounts: `amountHT` = Σ `MtHT`
/// (null if a line lacks it), `amountTVA` = Σ `MtTVA` present (null when no line has one), `amountTTC` =
/// HT + TVA (XSD: "MtHT: montant HT ou TTC si TVA non remplie"). Streams: a file of hundreds of MB is fine.
enum PESAllerReader {
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
                    ("idColl", .str(h.header["IdColl"])), ("codCol", .str(h.header["CodCol"])),
                    ("codBud", .str(h.header["CodBud"])), ("idPost", .str(h.header["IdPost"])),
                    ("dteStr", .date(dteStr)),
                    ("libelleColBud", .str(h.header["LibelleColBud"])), ("typFic", .str(h.header["TypFic"])),
                    ("nomFic", .str(h.header["NomFic"])),
                ])
            ))
        if h.header["IdColl"] == nil { notes.append("EnTetePES/IdColl missing: mandat keys have an empty IdColl") }
        var mandatsJSON: [JSONValue] = []
        for p in h.pieces {
            let (json, mandat, event) = p.build(
                header: h.header, file: doc.path, notes: &notes)
            mandatsJSON.append(json)
            doc.mandats.append(mandat)
            doc.events.append(event)
        }
        doc.fields.append(("mandats", .array(mandatsJSON)))
        doc.fields.append(("attachments", .int(h.attachments)))
        if h.strayPJ > 0 {
            notes.append("\(h.strayPJ) PJ element(s) directly under PES_Aller (outside PES_PJ), not counted")
        }
        if h.sawDepense == false { notes.append("no PES_DepenseAller block: no mandats") }
        doc.notes.append(contentsOf: notes + h.notes)
    }

    /// One `Piece` as it streams by.
    struct PieceBuild {
        var line: Int
        var exer: String?
        var idBord: String?
        var dteBordEm: String?
        var typBord: String?
        var idPce: String?
        var typPce: String?
        var natPce: String?
        var obj: String?
        var lines = 0
        var ht: Decimal = 0
        var htMissing = false
        var tva: Decimal = 0
        var tvaSeen = false
        var invoiceNumbers: [String] = []
        var freeTexts: [String] = []
        var contractIds: [String] = []
        var creditor: (id: String?, type: String?, name: String?)?
        var otherCreditors = false
        var dgp: [String: String]?
        var pjRefs: [String] = []

        init(line: Int) { self.line = line }

        mutating func addDistinct(_ list: WritableKeyPath<PieceBuild, [String]>, _ value: String?) {
            ChainValues.appendDistinct(value, to: &self[keyPath: list])
        }

        func build(header: [String: String], file: String, notes: inout [String])
            -> (JSONValue, Mandat, ChainEvent)
        {
            let at = "Piece \(idPce ?? "?") (line \(line))"
            let bordDate = ChainValues.date(dteBordEm, field: "\(at) DteBordEm", notes: &notes)
            let amountHT: Decimal? = htMissing ? nil : ht
            let amountTVA: Decimal? = tvaSeen ? tva : nil
            let amountTTC: Decimal? = amountHT.map { $0 + (amountTVA ?? 0) }
            if otherCreditors { notes.append("\(at): other lines carry a different Tiers; the first one is kept") }
            var dgpValue: MandatDGP?
            var dgpJSON: JSONValue = .null
            if let d = dgp {
                let start = ChainValues.date(d["DteDebDgp"], field: "\(at) DGP/DteDebDgp", notes: &notes)
                let end = ChainValues.date(d["DteFinDgp"], field: "\(at) DGP/DteFinDgp", notes: &notes)
                var days: Int?
                if let t = d["DureeDgp"] {
                    days = Int(t)
                    if days == nil { notes.append("\(at) DGP/DureeDgp: not a whole number of days: '\(t)'") }
                }
                let rate = ChainValues.amount(d["TxIntMor"], field: "\(at) DGP/TxIntMor", notes: &notes)
                dgpValue = MandatDGP(
                    dgp: d["Dgp"], start: start, end: end, days: days, rate: rate, rateCode: d["CodIntMor"])
                dgpJSON = .object([
                    ("dgp", .str(d["Dgp"])), ("start", .date(start)), ("end", .date(end)), ("days", .int(days)),
                    ("rate", .amount(rate)), ("rateCode", .str(d["CodIntMor"])),
                ])
            }
            if idPce == nil { notes.append("\(at): IdPce missing") }
            let key = MandatKey(
                idColl: header["IdColl"] ?? "", codCol: header["CodCol"], codBud: header["CodBud"], exer: exer ?? "",
                idBord: idBord ?? "", idPce: idPce)
            var m = Mandat(key: key, source: SourceRef(file: file, line: line))
            m.bordereauDate = bordDate
            m.typBord = typBord
            m.typPce = typPce
            m.natPce = natPce
            m.object = obj
            m.lineCount = lines
            m.amountHT = amountHT
            m.amountTVA = amountTVA
            m.amountTTC = amountTTC
            m.invoiceNumbers = invoiceNumbers
            m.inferredInvoiceNumbers = InvoiceNumberInference.candidates(in: freeTexts).filter {
                !invoiceNumbers.contains($0)
            }
            m.contractIds = contractIds
            m.creditorId = creditor?.id
            m.creditorIdType = creditor?.type
            m.creditorName = creditor?.name
            m.dgp = dgpValue
            m.pjRefs = pjRefs

            let json: JSONValue = .object([
                ("exer", .str(exer)), ("idBord", .str(idBord)), ("dteBordEm", .date(bordDate)),
                ("typBord", .str(typBord)), ("idPce", .str(idPce)), ("typPce", .str(typPce)), ("natPce", .str(natPce)),
                ("obj", .str(obj)), ("lines", .int(lines)), ("amountHT", .amount(amountHT)),
                ("amountTVA", .amount(amountTVA)), ("amountTTC", .amount(amountTTC)),
                ("invoiceNumbers", .strings(invoiceNumbers)), ("contractIds", .strings(contractIds)),
                ("creditorId", .str(creditor?.id)), ("creditorIdType", .str(creditor?.type)),
                ("creditorName", .str(creditor?.name)), ("dgp", dgpJSON), ("pjRefs", .strings(pjRefs)),
            ])

            // The event: a payment order was issued on the bordereau date (DOMAIN.md §1 step 5).
            let bordEntry = typBord.flatMap { CodeTables.typBord.entry($0) }
            let kind: EventKind = typBord == nil ? .mandated : (bordEntry?.kind ?? .other)
            var invoice: InvoiceRef?
            if let n = invoiceNumbers.first {
                invoice = InvoiceRef(number: n, sellerId: creditor?.id)
            } else if let n = m.inferredInvoiceNumbers.first {
                invoice = InvoiceRef(number: n, sellerId: creditor?.id, inferred: true)
            }
            var details: [String: String] = ["idBord": idBord ?? "", "lines": String(lines)]
            if let obj { details["object"] = obj }
            if let t = typBord { details["typBord"] = t }
            if let c = contractIds.first { details["contractId"] = c }
            if invoiceNumbers.count > 1 { details["invoiceNumbers"] = invoiceNumbers.joined(separator: ", ") }
            let event = ChainEvent(
                kind: kind, source: .pesAller, code: "TypBord=\(typBord ?? "")",
                label: bordEntry.map { "Mandat émis (\($0.fr.lowercased()))" } ?? "Mandat émis",
                date: bordDate, invoice: invoice, mandat: key, amount: amountTTC, details: details,
                sourceRef: SourceRef(file: file, line: line), unknownCode: typBord != nil && bordEntry == nil)
            return (json, m, event)
        }
    }

    final class Handler: StackHandler {
        var header: [String: String] = [:]
        var pieces: [PieceBuild] = []
        var attachments = 0
        var strayPJ = 0
        var sawDepense = false
        var notes: [String] = []
        // Current bordereau and piece.
        var bord: [String: String] = [:]
        var piece: PieceBuild?
        var lineHasHT = false
        var tiers: [String: String]?
        var creditorsSeen = 0

        override func open(_ name: XMLName, attributes: [XMLAttribute], line: Int) throws {
            let local = name.local
            let v = ChainValues.pesValue(attributes)
            switch local {
            case "PES_DepenseAller" where stack.count == 2:
                sawDepense = true
                return
            case "PJ" where stack.count == 2:
                strayPJ += 1
                return
            case "PJ" where stack.count == 3 && parent == "PES_PJ":
                attachments += 1
                return
            case "Bordereau" where parent == "PES_DepenseAller":
                bord = [:]
                return
            case "Piece" where parent == "Bordereau":
                var p = PieceBuild(line: line)
                p.exer = bord["Exer"]
                p.idBord = bord["IdBord"]
                p.dteBordEm = bord["DteBordEm"]
                p.typBord = bord["TypBord"]
                piece = p
                return
            case "LigneDePiece" where piece != nil:
                piece?.lines += 1
                lineHasHT = false
                return
            case "InfoTiers" where piece != nil:
                tiers = [:]
                return
            default: break
            }
            guard let parent else { return }
            switch parent {
            case "EnTetePES" where stack.count == 3:
                if let v { header[local] = v }
            case "Parametres" where inside("Enveloppe"):
                if local == "TypFic" || local == "NomFic", let v { header[local] = v }
            case "BlocBordereau":
                if let v { bord[local] = v }
            case "InfoPce" where piece != nil:
                switch local {
                case "IdPce": piece?.idPce = v
                case "TypPce": piece?.typPce = v
                case "NatPce": piece?.natPce = v
                case "Obj":
                    piece?.obj = v
                    if let v { piece?.freeTexts.append(v) }
                default: break
                }
            case "DGP" where piece != nil:
                if piece?.dgp == nil { piece?.dgp = [:] }
                if let v { piece?.dgp?[local] = v }
            case "PJRef" where piece != nil:
                if local == "IdUnique" { piece?.addDistinct(\.pjRefs, v) }
            case "InfoLignePce" where piece != nil:
                switch local {
                case "Facture": piece?.addDistinct(\.invoiceNumbers, v)
                case "LibVir1", "LibVir2": if let v { piece?.freeTexts.append(v) }
                case "MtHT":
                    lineHasHT = true
                    if let d = ChainValues.amount(v, field: "MtHT (line \(line))", notes: &notes) {
                        piece?.ht += d
                    } else {
                        piece?.htMissing = true
                    }
                case "MtTVA":
                    if let d = ChainValues.amount(v, field: "MtTVA (line \(line))", notes: &notes) {
                        piece?.tva += d
                        piece?.tvaSeen = true
                    }
                default: break
                }
            case "LiensIdent" where piece != nil:
                if local == "IdMarche" { piece?.addDistinct(\.contractIds, v) }
            case "InfoTiers" where tiers != nil:
                if let v { tiers?[local] = v }
            default: break
            }
        }

        override func close(_ name: XMLName, text: XMLText, line: Int) throws {
            switch name.local {
            case "LigneDePiece" where piece != nil && parent == "Piece":
                if !lineHasHT { piece?.htMissing = true }
            case "InfoTiers" where piece != nil:
                if let t = tiers {
                    let c = (id: t["IdTiers"], type: t["NatIdTiers"], name: t["Nom"])
                    if let first = piece?.creditor {
                        if first.id != c.id || first.type != c.type || first.name != c.name {
                            piece?.otherCreditors = true
                        }
                    } else {
                        piece?.creditor = c
                    }
                }
                tiers = nil
            case "Piece" where parent == "Bordereau":
                if let p = piece { pieces.append(p) }
                piece = nil
            default: break
            }
        }
    }
}

/// Finds invoice-number candidates in free text (PES `LibVir1`, `LibVir2`, `Obj`): a token next to a word
/// meaning "invoice" (`FACT`, `FACTURE`, `FAC`, `FA`, `N°`), or a field that is a single number-like token.
///
/// The result is a guess, kept apart from numbers read from `Facture` and always marked inferred
/// (DOMAIN.md §4.4: "the invoice number … often also in LibVir1/LibVir2/Obj").
public enum InvoiceNumberInference {
    static let keywords: Set<String> = ["FACT", "FACTURE", "FACTURES", "FAC", "FA", "N°", "NO", "FACT.", "FAC."]

    /// Candidates in document order, without duplicates.
    public static func candidates(in texts: [String]) -> [String] {
        var out: [String] = []
        for text in texts {
            let tokens = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," || $0 == ";" })
                .map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: ":()[]")) }
                .filter { !$0.isEmpty }
            if tokens.count == 1, looksLikeNumber(tokens[0]) {
                ChainValues.appendDistinct(tokens[0], to: &out)
                continue
            }
            for (i, t) in tokens.enumerated() {
                let upper = t.uppercased()
                if keywords.contains(upper) || upper.hasPrefix("FACT") && upper.count <= 9 && !looksLikeNumber(t) {
                    if i + 1 < tokens.count, looksLikeNumber(tokens[i + 1]) {
                        ChainValues.appendDistinct(tokens[i + 1], to: &out)
                    }
                    if i > 0, looksLikeNumber(tokens[i - 1]), upper.hasPrefix("FACT") {
                        ChainValues.appendDistinct(tokens[i - 1], to: &out)
                    }
                }
            }
        }
        return out
    }

    /// At least 4 characters, at least 3 digits, only letters, digits and `-/_.`.
    static func looksLikeNumber(_ t: String) -> Bool {
        guard t.count >= 4 else { return false }
        var digits = 0
        for c in t.unicodeScalars {
            if CharacterSet.decimalDigits.contains(c) && c.isASCII {
                digits += 1
            } else if !(c.isASCII && (CharacterSet.letters.contains(c) || "-/_.".unicodeScalars.contains(c))) {
                return false
            }
        }
        return digits >= 3
    }
}
