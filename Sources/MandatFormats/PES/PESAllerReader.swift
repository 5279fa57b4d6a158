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
///
/// Memory: each `Piece` becomes its `Mandat` when it closes (its free texts are dropped then), the events
/// are made from the mandats at the end, and the `mandats` field of `inspect --json` is made from `ReadDocument.mandats` only when
/// `fields` is read (`ReadDocument.derivedMandatsAt`): a 1 GB file with 20 000 mandats reads in bounded
/// memory plus what the mandats themselves take (docs/performance.md, issue 4).
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
        notes.append(contentsOf: h.buildNotes)
        let mandats = h.takeMandats()
        let events = events(of: mandats)
        if doc.events.isEmpty { doc.events = events } else { doc.events.append(contentsOf: events) }
        if doc.mandats.isEmpty { doc.mandats = mandats } else { doc.mandats.append(contentsOf: mandats) }
        doc.fields.append(("attachments", .int(h.attachments)))
        doc.deriveMandatsField(at: doc.fields.count - 1)  // between the header and the attachments
        if h.strayPJ > 0 {
            notes.append("\(h.strayPJ) PJ element(s) directly under PES_Aller (outside PES_PJ), not counted")
        }
        if h.sawDepense == false { notes.append("no PES_DepenseAller block: no mandats") }
        doc.notes.append(contentsOf: notes + h.notes)
    }

    /// One `mandated` event per mandat, in one array of the exact size: a payment order was issued on the
    /// bordereau date (DOMAIN.md §1 step 5). Everything it says is in the `Mandat`.
    static func events(of mandats: [Mandat]) -> [ChainEvent] {
        var events: [ChainEvent] = []
        events.reserveCapacity(mandats.count)
        var template: EventTemplate?
        for m in mandats {
            if template == nil || template?.typBord != m.typBord { template = EventTemplate(typBord: m.typBord) }
            let t = template!
            var invoice: InvoiceRef?
            if let n = m.invoiceNumbers.first {
                invoice = InvoiceRef(number: n, sellerId: m.creditorId)
            } else if let n = m.inferredInvoiceNumbers.first {
                invoice = InvoiceRef(number: n, sellerId: m.creditorId, inferred: true)
            }
            var details: [String: String] = ["idBord": m.key.idBord, "lines": String(m.lineCount)]
            if let obj = m.object { details["object"] = obj }
            if let t = m.typBord { details["typBord"] = t }
            if let c = m.contractIds.first { details["contractId"] = c }
            if m.invoiceNumbers.count > 1 { details["invoiceNumbers"] = m.invoiceNumbers.joined(separator: ", ") }
            events.append(
                ChainEvent(
                    kind: t.kind, source: .pesAller, code: t.code, label: t.label, date: m.bordereauDate,
                    invoice: invoice, mandat: m.key, amount: m.amountTTC, details: details, sourceRef: m.source,
                    unknownCode: t.unknownCode))
        }
        return events
    }

    /// The `inspect --json` object of one mandat (EXPECTED.json `pesAller.mandats[]`), made from the `Mandat`.
    ///
    /// `exer` and `idBord` are null when the key holds an empty string: the reader only ever stores a value
    /// that is not empty after stripping, and an empty key part means the element was absent.
    static func json(_ m: Mandat) -> JSONValue {
        var dgpJSON: JSONValue = .null
        if let d = m.dgp {
            dgpJSON = .object([
                ("dgp", .str(d.dgp)), ("start", .date(d.start)), ("end", .date(d.end)), ("days", .int(d.days)),
                ("rate", .amount(d.rate)), ("rateCode", .str(d.rateCode)),
            ])
        }
        return .object([
            ("exer", .str(m.key.exer.isEmpty ? nil : m.key.exer)),
            ("idBord", .str(m.key.idBord.isEmpty ? nil : m.key.idBord)), ("dteBordEm", .date(m.bordereauDate)),
            ("typBord", .str(m.typBord)), ("idPce", .str(m.key.idPce)), ("typPce", .str(m.typPce)),
            ("natPce", .str(m.natPce)), ("obj", .str(m.object)), ("lines", .int(m.lineCount)),
            ("amountHT", .amount(m.amountHT)), ("amountTVA", .amount(m.amountTVA)),
            ("amountTTC", .amount(m.amountTTC)), ("invoiceNumbers", .strings(m.invoiceNumbers)),
            ("contractIds", .strings(m.contractIds)), ("creditorId", .str(m.creditorId)),
            ("creditorIdType", .str(m.creditorIdType)), ("creditorName", .str(m.creditorName)), ("dgp", dgpJSON),
            ("pjRefs", .strings(m.pjRefs)),
        ])
    }

    /// The `BlocBordereau` values a mandat uses.
    struct BordereauValues {
        var exer: String?
        var idBord: String?
        var dteBordEm: String?
        var typBord: String?
    }

    /// The `DGP` values a mandat uses.
    struct DGPValues {
        var dgp: String?
        var start: String?
        var end: String?
        var days: String?
        var rate: String?
        var rateCode: String?
    }

    /// One `Piece` as it streams by; made into a `Mandat` and its event when the `Piece` closes.
    struct PieceBuild {
        var line: Int
        var bord: BordereauValues
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
        var dgp: DGPValues?
        var pjRefs: [String] = []

        init(line: Int, bord: BordereauValues) {
            self.line = line
            self.bord = bord
        }

        /// Where notes about this piece point.
        var at: String { "Piece \(idPce ?? "?") (line \(line))" }
    }

    /// What the event of a mandat takes from its `TypBord` (the same for every mandat of a bordereau, so
    /// made once per code and shared: the label is one `String` for all events).
    struct EventTemplate {
        var typBord: String?
        var kind: EventKind
        var code: String
        var label: String
        var unknownCode: Bool

        init(typBord: String?) {
            self.typBord = typBord
            let bordEntry = typBord.flatMap { CodeTables.typBord.entry($0) }
            kind = typBord == nil ? .mandated : (bordEntry?.kind ?? .other)
            code = "TypBord=\(typBord ?? "")"
            label = bordEntry.map { "Mandat émis (\($0.fr.lowercased()))" } ?? "Mandat émis"
            unknownCode = typBord != nil && bordEntry == nil
        }
    }

    /// Element names the handler tells apart (local names; anything else is `other`).
    enum Tag: UInt8 {
        case other, pesDepenseAller, pj, pesPJ, bordereau, piece, ligneDePiece, infoTiers, enTetePES, parametres
        case enveloppe, blocBordereau, infoPce, dgp, pjRef, infoLignePce, liensIdent

        static let names: [(bytes: [UInt8], tag: Tag)] =
            ([
                ("PES_DepenseAller", .pesDepenseAller), ("PJ", .pj), ("PES_PJ", .pesPJ), ("Bordereau", .bordereau),
                ("Piece", .piece), ("LigneDePiece", .ligneDePiece), ("InfoTiers", .infoTiers),
                ("EnTetePES", .enTetePES),
                ("Parametres", .parametres), ("Enveloppe", .enveloppe), ("BlocBordereau", .blocBordereau),
                ("InfoPce", .infoPce), ("DGP", .dgp), ("PJRef", .pjRef), ("InfoLignePce", .infoLignePce),
                ("LiensIdent", .liensIdent),
            ] as [(String, Tag)]).map { (Array($0.0.utf8), $0.1) }

        /// The tag of a local name: compares bytes with the few names of the same length (no hashing: this
        /// runs for every element).
        static func of(_ local: String) -> Tag {
            var local = local
            return local.withUTF8 { b in
                for entry in names where entry.bytes.count == b.count && entry.bytes.elementsEqual(b) {
                    return entry.tag
                }
                return .other
            }
        }
    }

    /// The streaming handler: reads `V` attributes in place (`XMLAttributeView`), makes a `String` only for
    /// the values it keeps, and builds each mandat when its `Piece` closes.
    final class Handler: XMLFastStreamHandler {
        let file: String
        var header: [String: String] = [:]
        /// Mandats built so far: full chunks of `chunkSize`, then the current one. Kept in chunks so that
        /// growing never copies them all (a doubling array holds the old and the new copy at once, which was
        /// the peak of memory), then put in one array of the exact size at the end (`takeMandats`).
        var chunks: [[Mandat]] = []
        @exclusivity(unchecked) var current: [Mandat] = []
        static let chunkSize = 2048
        var mandatCount: Int { chunks.count * Self.chunkSize + current.count }
        /// Notes made while building mandats (they come after the header's in `notes`, as before).
        var buildNotes: [String] = []
        var attachments = 0
        var strayPJ = 0
        var sawDepense = false
        /// Notes made while parsing (bad amounts), listed last.
        var notes: [String] = []
        /// Open elements, root first.
        @exclusivity(unchecked) var stack: [Tag] = []
        /// Open `Enveloppe` elements.
        var enveloppes = 0
        // Current bordereau and piece.
        @exclusivity(unchecked) var bord = BordereauValues()
        @exclusivity(unchecked) var piece: PieceBuild?
        @exclusivity(unchecked) var lineHasHT = false
        var tiers: (id: String?, type: String?, name: String?)?
        /// Whether `IdColl`, `CodCol` or `CodBud` changed after a mandat key was made (then keys are redone).
        var keysStale = false
        var lastDate: (text: String, date: CivilDate)?
        /// One `String` per distinct creditor name (suppliers repeat from mandat to mandat).
        var names: [String: String] = [:]

        init(file: String) {
            self.file = file
            stack.reserveCapacity(32)
        }

        func startElement(_ name: XMLName, attributes: XMLAttributeView, depth: Int, location: XMLLocation) throws {
            let local = name.local
            let tag = Tag.of(local)
            stack.append(tag)
            if tag == .enveloppe { enveloppes += 1 }
            open(tag, local, attributes, line: location.line)
        }

        func endElement(_ name: XMLName, text: XMLText, depth: Int, location: XMLLocation) throws {
            guard let tag = stack.last else { return }
            close(tag)
            stack.removeLast()
            if tag == .enveloppe { enveloppes -= 1 }
        }

        /// The `V` attribute (no namespace), stripped as Python's `str.strip()`; nil when absent or empty.
        /// Most values start and end with a printable ASCII byte and are taken as they are.
        static func value(_ attributes: XMLAttributeView) -> String? {
            guard let i = attributes.index(local: "V") else { return nil }
            return attributes.withValueBytes(at: i) { b -> String? in
                guard let first = b.first, let last = b.last else { return nil }
                if first > 0x20, first < 0x7F, last > 0x20, last < 0x7F { return String(decoding: b, as: UTF8.self) }
                return ChainValues.strip(String(decoding: b, as: UTF8.self))
            } ?? nil
        }

        private func open(_ tag: Tag, _ local: String, _ attributes: XMLAttributeView, line: Int) {
            let depth = stack.count
            let parent: Tag? = depth >= 2 ? stack[depth - 2] : nil
            switch tag {
            case .pesDepenseAller where depth == 2:
                sawDepense = true
                return
            case .pj where depth == 2:
                strayPJ += 1
                return
            case .pj where depth == 3 && parent == .pesPJ:
                attachments += 1
                return
            case .bordereau where parent == .pesDepenseAller:
                bord = BordereauValues()
                return
            case .piece where parent == .bordereau:
                piece = PieceBuild(line: line, bord: bord)
                return
            case .ligneDePiece where piece != nil:
                piece?.lines += 1
                lineHasHT = false
                return
            case .infoTiers where piece != nil:
                tiers = (nil, nil, nil)
                return
            default: break
            }
            guard let parent else { return }
            switch parent {
            case .enTetePES where depth == 3:
                if let v = Self.value(attributes) {
                    header[local] = v
                    if mandatCount > 0, local == "IdColl" || local == "CodCol" || local == "CodBud" {
                        keysStale = true
                    }
                }
            case .parametres where enveloppes > 0:
                if local == "TypFic" || local == "NomFic", let v = Self.value(attributes) { header[local] = v }
            case .blocBordereau:
                switch local {
                case "Exer": if let v = Self.value(attributes) { bord.exer = v }
                case "IdBord": if let v = Self.value(attributes) { bord.idBord = v }
                case "DteBordEm": if let v = Self.value(attributes) { bord.dteBordEm = v }
                case "TypBord": if let v = Self.value(attributes) { bord.typBord = v }
                default: break
                }
            case .infoPce where piece != nil:
                switch local {
                case "IdPce": piece?.idPce = Self.value(attributes)
                case "TypPce": piece?.typPce = Self.value(attributes)
                case "NatPce": piece?.natPce = Self.value(attributes)
                case "Obj":
                    let v = Self.value(attributes)
                    piece?.obj = v
                    if let v { piece?.freeTexts.append(v) }
                default: break
                }
            case .dgp where piece != nil:
                if piece?.dgp == nil { piece?.dgp = DGPValues() }
                switch local {
                case "Dgp": if let v = Self.value(attributes) { piece?.dgp?.dgp = v }
                case "DteDebDgp": if let v = Self.value(attributes) { piece?.dgp?.start = v }
                case "DteFinDgp": if let v = Self.value(attributes) { piece?.dgp?.end = v }
                case "DureeDgp": if let v = Self.value(attributes) { piece?.dgp?.days = v }
                case "TxIntMor": if let v = Self.value(attributes) { piece?.dgp?.rate = v }
                case "CodIntMor": if let v = Self.value(attributes) { piece?.dgp?.rateCode = v }
                default: break
                }
            case .pjRef where piece != nil:
                if local == "IdUnique" { ChainValues.appendDistinct(Self.value(attributes), to: &piece!.pjRefs) }
            case .infoLignePce where piece != nil:
                switch local {
                case "Facture": ChainValues.appendDistinct(Self.value(attributes), to: &piece!.invoiceNumbers)
                case "LibVir1", "LibVir2": if let v = Self.value(attributes) { piece?.freeTexts.append(v) }
                case "MtHT":
                    lineHasHT = true
                    if let d = amount(attributes, "MtHT", line: line) {
                        piece?.ht += d
                    } else {
                        piece?.htMissing = true
                    }
                case "MtTVA":
                    if let d = amount(attributes, "MtTVA", line: line) {
                        piece?.tva += d
                        piece?.tvaSeen = true
                    }
                default: break
                }
            case .liensIdent where piece != nil:
                if local == "IdMarche" { ChainValues.appendDistinct(Self.value(attributes), to: &piece!.contractIds) }
            case .infoTiers where tiers != nil:
                switch local {
                case "IdTiers": if let v = Self.value(attributes) { tiers?.id = v }
                case "NatIdTiers": if let v = Self.value(attributes) { tiers?.type = v }
                case "Nom": if let v = Self.value(attributes) { tiers?.name = names[v, default: v] }
                default: break
                }
            default: break
            }
        }

        /// An amount in a `V` attribute; an invalid one adds a note naming the element and its line, as
        /// `ChainValues.amount` words it.
        private func amount(_ attributes: XMLAttributeView, _ element: String, line: Int) -> Decimal? {
            guard let text = Self.value(attributes) else { return nil }
            if let d = Money.parse(text) { return d }
            notes.append("\(element) (line \(line)): \(ChainValues.amountRefusal(text)): '\(text)'")
            return nil
        }

        private func close(_ tag: Tag) {
            let depth = stack.count
            switch tag {
            case .ligneDePiece where piece != nil && depth >= 2 && stack[depth - 2] == .piece:
                if !lineHasHT { piece?.htMissing = true }
            case .infoTiers where piece != nil:
                if let c = tiers {
                    if let n = c.name, names[n] == nil { names[n] = n }
                    if let first = piece?.creditor {
                        if first.id != c.id || first.type != c.type || first.name != c.name {
                            piece?.otherCreditors = true
                        }
                    } else {
                        piece?.creditor = c
                    }
                }
                tiers = nil
            case .piece where depth >= 2 && stack[depth - 2] == .bordereau:
                if let p = piece { build(p) }
                piece = nil
            default: break
            }
        }

        /// A date as `ChainValues.date` reads it; the last good one is remembered (a bordereau's pieces all
        /// carry its `DteBordEm`).
        private func date(_ text: String?, field: @autoclosure () -> String) -> CivilDate? {
            guard let text else { return nil }
            if let last = lastDate, last.text == text { return last.date }
            let d = ChainValues.date(text, field: field(), notes: &buildNotes)
            if let d { lastDate = (text, d) }
            return d
        }

        /// Makes the `Mandat` and its `mandated` event for a piece that just closed.
        private func build(_ p: PieceBuild) {
            let bordDate = date(p.bord.dteBordEm, field: "\(p.at) DteBordEm")
            let amountHT: Decimal? = p.htMissing ? nil : p.ht
            let amountTVA: Decimal? = p.tvaSeen ? p.tva : nil
            let amountTTC: Decimal? = amountHT.map { $0 + (amountTVA ?? 0) }
            if p.otherCreditors {
                buildNotes.append("\(p.at): other lines carry a different Tiers; the first one is kept")
            }
            var dgpValue: MandatDGP?
            if let d = p.dgp {
                let start = ChainValues.date(d.start, field: "\(p.at) DGP/DteDebDgp", notes: &buildNotes)
                let end = ChainValues.date(d.end, field: "\(p.at) DGP/DteFinDgp", notes: &buildNotes)
                var days: Int?
                if let t = d.days {
                    days = Int(t)
                    if days == nil { buildNotes.append("\(p.at) DGP/DureeDgp: not a whole number of days: '\(t)'") }
                }
                var rate: Decimal?
                if let t = d.rate {
                    rate = Money.parse(t)
                    if rate == nil {
                        buildNotes.append("\(p.at) DGP/TxIntMor: \(ChainValues.amountRefusal(t)): '\(t)'")
                    }
                }
                dgpValue = MandatDGP(dgp: d.dgp, start: start, end: end, days: days, rate: rate, rateCode: d.rateCode)
            }
            if p.idPce == nil { buildNotes.append("\(p.at): IdPce missing") }
            let key = MandatKey(
                idColl: header["IdColl"] ?? "", codCol: header["CodCol"], codBud: header["CodBud"],
                exer: p.bord.exer ?? "", idBord: p.bord.idBord ?? "", idPce: p.idPce)
            let source = SourceRef(file: file, line: p.line)
            var m = Mandat(key: key, source: source)
            m.bordereauDate = bordDate
            m.typBord = p.bord.typBord
            m.typPce = p.typPce
            m.natPce = p.natPce
            m.object = p.obj
            m.lineCount = p.lines
            m.amountHT = amountHT
            m.amountTVA = amountTVA
            m.amountTTC = amountTTC
            m.invoiceNumbers = p.invoiceNumbers
            if !p.freeTexts.isEmpty {
                m.inferredInvoiceNumbers = InvoiceNumberInference.candidates(in: p.freeTexts).filter {
                    !p.invoiceNumbers.contains($0)
                }
            }
            m.contractIds = p.contractIds
            m.creditorId = p.creditor?.id
            m.creditorIdType = p.creditor?.type
            m.creditorName = p.creditor?.name
            m.dgp = dgpValue
            m.pjRefs = p.pjRefs
            if current.count == Self.chunkSize {
                chunks.append(current)
                current = []
                current.reserveCapacity(Self.chunkSize)
            }
            current.append(m)
        }

        /// All mandats in one array of the exact size, each chunk let go once copied. When `IdColl`, `CodCol`
        /// or `CodBud` came after a mandat was built, every key gets the header's final values (the keys
        /// always use the header as it stands at the end of the file).
        func takeMandats() -> [Mandat] {
            var all: [Mandat]
            if chunks.isEmpty {
                all = current
            } else {
                all = []
                all.reserveCapacity(mandatCount)
                for i in chunks.indices {
                    all.append(contentsOf: chunks[i])
                    chunks[i] = []
                }
                all.append(contentsOf: current)
                chunks = []
            }
            current = []
            if keysStale {
                let idColl = header["IdColl"] ?? ""
                let codCol = header["CodCol"]
                let codBud = header["CodBud"]
                for i in all.indices {
                    all[i].key.idColl = idColl
                    all[i].key.codCol = codCol
                    all[i].key.codBud = codBud
                }
            }
            return all
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
        for var text in texts {
            let done = text.withUTF8 { candidates(bytes: $0, into: &out) }
            if !done { candidates(slow: text, into: &out) }
        }
        return out
    }

    /// The rules on `Character`s and `String`s (the reference; used when `candidates(bytes:into:)` cannot
    /// be sure its byte tokens are the same).
    static func candidates(slow text: String, into out: inout [String]) {
        let tokens = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," || $0 == ";" })
            .map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: ":()[]")) }
            .filter { !$0.isEmpty }
        if tokens.count == 1, looksLikeNumber(tokens[0]) {
            ChainValues.appendDistinct(tokens[0], to: &out)
            return
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

    static func isSeparator(_ c: UInt8) -> Bool {
        c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: ",") || c == UInt8(ascii: ";")
    }

    static func isTrimmed(_ c: UInt8) -> Bool {
        c == UInt8(ascii: ":") || c == UInt8(ascii: "(") || c == UInt8(ascii: ")") || c == UInt8(ascii: "[")
            || c == UInt8(ascii: "]")
    }

    /// The same rules on UTF-8 bytes, without Foundation. Returns false, having added nothing, when a
    /// separator byte touches a character outside ASCII and Latin-1 (such as a combining accent, which
    /// would make it one `Character` with the separator): the caller then uses the `String` rules.
    static func candidates(bytes b: UnsafeBufferPointer<UInt8>, into out: inout [String]) -> Bool {
        // Tokens as byte ranges: split on separators, trim `:()[]`, drop empty ones.
        var tokens: [Range<Int>] = []
        var k = 0
        let n = b.count
        while k < n {
            while k < n, isSeparator(b[k]) {
                // Before: ASCII, or a Latin-1 character (C2/C3 lead byte then one continuation byte).
                if k > 0, b[k - 1] >= 0x80, !(k >= 2 && (b[k - 2] == 0xC2 || b[k - 2] == 0xC3)) { return false }
                // After: ASCII or a Latin-1 lead byte.
                if k + 1 < n, b[k + 1] >= 0x80, b[k + 1] != 0xC2, b[k + 1] != 0xC3 { return false }
                k += 1
            }
            var start = k
            while k < n, !isSeparator(b[k]) { k += 1 }
            var end = k
            while start < end, isTrimmed(b[start]) { start += 1 }
            while end > start, isTrimmed(b[end - 1]) { end -= 1 }
            if start < end { tokens.append(start..<end) }
        }
        func token(_ i: Int) -> String { String(decoding: UnsafeBufferPointer(rebasing: b[tokens[i]]), as: UTF8.self) }
        func number(_ i: Int) -> Bool { looksLikeNumber(UnsafeBufferPointer(rebasing: b[tokens[i]])) }
        if tokens.count == 1, number(0) {
            ChainValues.appendDistinct(token(0), to: &out)
            return true
        }
        for i in tokens.indices {
            let r = tokens[i]
            let isKeyword: Bool
            let isFact: Bool
            let first = b[r.lowerBound]
            if first < 0x80, upper(first) != UInt8(ascii: "F"), upper(first) != UInt8(ascii: "N") {
                // Every keyword starts with F or N; an ASCII first character upper-cases to itself.
                continue
            } else if r.count == 3, upper(first) == UInt8(ascii: "N"), b[r.lowerBound + 1] == 0xC2,
                b[r.lowerBound + 2] == 0xB0
            {
                isFact = false  // "n°" or "N°": the keyword "N°"
                isKeyword = true
            } else if b[r].allSatisfy({ $0 < 0x80 }) {
                isFact =
                    r.count >= 4 && upper(b[r.lowerBound]) == UInt8(ascii: "F")
                    && upper(b[r.lowerBound + 1]) == UInt8(ascii: "A")
                    && upper(b[r.lowerBound + 2]) == UInt8(ascii: "C")
                    && upper(b[r.lowerBound + 3]) == UInt8(ascii: "T")
                isKeyword =
                    asciiKeyword(UnsafeBufferPointer(rebasing: b[r]))
                    || isFact && r.count <= 9 && !number(i)
            } else {
                let t = token(i)
                let u = t.uppercased()
                isFact = u.hasPrefix("FACT")
                isKeyword = keywords.contains(u) || isFact && u.count <= 9 && !looksLikeNumber(t)
            }
            guard isKeyword else { continue }
            if i + 1 < tokens.count, number(i + 1) { ChainValues.appendDistinct(token(i + 1), to: &out) }
            if i > 0, number(i - 1), isFact { ChainValues.appendDistinct(token(i - 1), to: &out) }
        }
        return true
    }

    static func upper(_ c: UInt8) -> UInt8 { c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z") ? c - 32 : c }

    /// The ASCII `keywords`: length, and bytes packed in a `UInt64` (first byte lowest; all have 8 or fewer).
    static let packedKeywords: [(count: Int, packed: UInt64)] = keywords.filter { $0.utf8.allSatisfy { $0 < 0x80 } }
        .map { ($0.utf8.count, $0.utf8.reversed().reduce(0) { $0 << 8 | UInt64($1) }) }

    /// Whether ASCII bytes, upper-cased, are one of the ASCII `keywords`.
    static func asciiKeyword(_ t: UnsafeBufferPointer<UInt8>) -> Bool {
        guard t.count >= 2, t.count <= 8 else { return false }
        var packed: UInt64 = 0
        for c in t.reversed() { packed = packed << 8 | UInt64(upper(c)) }
        return packedKeywords.contains { $0.count == t.count && $0.packed == packed }
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

    /// `looksLikeNumber` on UTF-8 bytes: a byte outside ASCII fails it (as any non-ASCII character does).
    static func looksLikeNumber(_ t: UnsafeBufferPointer<UInt8>) -> Bool {
        guard t.count >= 4 else { return false }
        var digits = 0
        for c in t {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"): break
            case UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: "_"), UInt8(ascii: "."): break
            default: return false
            }
        }
        return digits >= 3
    }
}
