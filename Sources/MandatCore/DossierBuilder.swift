import Foundation

/// Builds one dossier per invoice from everything read: invoices, chain events, mandats and contracts.
///
/// Links follow DOMAIN.md §4.6:
/// - event → invoice: Chorus id (`IdFacture`), else invoice number (BT-1) + seller SIREN (from a SIREN or a
///   SIRET) + issue date (BT-2), each compared only when both sides have it; a number inferred from free text
///   links only to a single candidate and never makes a dossier;
/// - mandat → invoice: each `InfoLignePce/Facture` number (+ the creditor's SIRET when given), else its
///   inferred numbers when exactly one invoice matches;
/// - event → mandat: a key with `IdPce` goes to the dossiers of that mandat; a bordereau-level key (PES_ACQUIT)
///   to the dossiers of every mandat of that bordereau; `CodCol`/`CodBud` are compared only when both sides
///   have them (a PES_Retour or an ACK may not repeat them);
/// - mandat → invoice, second way: when no `Facture` number links a PES mandat to a read invoice, a Chorus
///   `MANDATEE` of a read invoice that carries the mandat number (`details["mandatNumber"]`, `IdMandatDP`) equal to
///   the mandat's `IdPce` (digits compared without leading zeros) links them, if the creditor SIREN and the buyer
///   SIREN (`IdColl`) agree when known and exactly one invoice remains (narrowed by `Exer` = the status's year);
/// - invoice → contract: BT-12 ↔ contract id (normalised: letters and digits, upper case), scoped by buyer SIRET;
/// - credit note → invoice: each BT-25 number (+ the credit note's seller SIREN) naming exactly one read invoice
///   that is not itself a credit note (`Dossier.correctedInvoiceId`, `Dossier.creditNoteIds`).
///
/// An event that names an invoice Mandat has not read still makes a dossier (invoice nil); a mandat that names
/// no invoice makes a dossier of its own. An ambiguous link is never guessed: the event goes to `unlinked`.
/// Events are de-duplicated by `ChainEvent.id`. The output is deterministic: the same inputs in any order give
/// the same dossiers (sorted by id, events in canonical order) and the same unlinked list.
public enum DossierBuilder {
    /// Builds the dossiers.
    ///
    /// - Returns: `dossiers` sorted by id; `unlinked`: events that tie to no dossier or to several invoices
    ///   ambiguously (to report as `unlinked-event`), in canonical order.
    public static func build(
        invoices: [Invoice], events: [ChainEvent], mandats: [Mandat], contracts: [Contract]
    ) -> (dossiers: [Dossier], unlinked: [ChainEvent]) {
        var b = Builder()
        for (key, inv) in sortedInvoices(invoices) { b.add(invoice: inv, id: key) }
        let canonical = ChainFacts(events)
        for e in canonical.events { b.noteMandatee(e) }
        for m in sortedMandats(mandats) { b.add(mandat: m) }
        for (e, id) in zip(canonical.events, canonical.ids) { b.add(event: e, id: id) }
        b.linkContracts(sortedContracts(contracts))
        b.linkCreditNotes()
        // A slot's events are a subsequence of `canonical` (added in its order, each id once): already in canonical
        // order, which is total on distinct ids, so sorting them again would change nothing.
        let dossiers = b.slots.map { s in
            Dossier(
                id: s.id, invoice: s.invoice, invoiceNumber: s.invoice?.invoiceNumber ?? s.number,
                events: s.events, mandats: s.mandats, contract: s.contract,
                correctedInvoiceId: s.correctedInvoiceId, creditNoteIds: s.creditNoteIds.sorted())
        }.sorted { $0.id < $1.id }
        return (dossiers, b.unlinked)
    }

    /// `invoices` sorted by key text (`Invoice.key.description`), then source file and line, each with its key text:
    /// computed once per invoice (a decorated sort), not twice per comparison.
    static func sortedInvoices(_ invoices: [Invoice]) -> [(String, Invoice)] {
        let keys = invoices.map(\.key.description)
        return sortedPositions(keys, invoices.map(\.source)).map { (keys[$0], invoices[$0]) }
    }

    /// `mandats` sorted by `mandatSortKey`, then source file and line; each sort key computed once.
    static func sortedMandats(_ mandats: [Mandat]) -> [Mandat] {
        sortedPositions(mandats.map { mandatSortKey($0.key) }, mandats.map(\.source)).map { mandats[$0] }
    }

    /// The positions of items with these sort keys and sources in (key, source file, line) order: positions are
    /// sorted, not the (large) values, and each key is computed once by the caller.
    private static func sortedPositions(_ keys: [String], _ sources: [SourceRef]) -> [Int] {
        keys.indices.sorted { i, j in
            if keys[i] != keys[j] { return keys[i] < keys[j] }
            return sameKeyOrder(sources[i], sources[j])
        }
    }

    /// `contracts` sorted by buyer id and id, then source file and line; each sort key computed once.
    static func sortedContracts(_ contracts: [Contract]) -> [Contract] {
        let keyed = contracts.map { (($0.buyerId ?? "") + "\u{1F}" + $0.id, $0) }
        return keyed.sorted { x, y in
            if x.0 != y.0 { return x.0 < y.0 }
            return sameKeyOrder(x.1.source, y.1.source)
        }.map(\.1)
    }

    /// The tie-break of the three orders: source file, then line.
    private static func sameKeyOrder(_ x: SourceRef, _ y: SourceRef) -> Bool {
        if x.file != y.file { return x.file < y.file }
        return (x.line ?? 0) < (y.line ?? 0)
    }

    /// Events de-duplicated by id in the canonical order `build` uses (date, chain rank, id): the order of
    /// `unlinked`, for callers that keep unlinked events apart and list them later.
    public static func canonicalEvents(_ events: [ChainEvent]) -> [ChainEvent] { ChainFacts(events).events }

    /// An invoice number as compared: white space removed, upper case (`fa-2025 001` = `FA-2025001`).
    public static func normalizedNumber(_ s: String) -> String {
        // ASCII text (nearly every number): the same result byte by byte, without `CharacterSet` and Unicode case
        // mapping (ASCII white space is tab to carriage return and space; `uppercased` maps a-z only).
        var ascii = true
        var plain = true
        for b in s.utf8 {
            if b >= 0x80 {
                ascii = false
                break
            }
            if (b >= 0x09 && b <= 0x0D) || b == 0x20 || (b >= 0x61 && b <= 0x7A) { plain = false }
        }
        if ascii {
            if plain { return s }
            var out: [UInt8] = []
            out.reserveCapacity(s.utf8.count)
            for b in s.utf8 where !((b >= 0x09 && b <= 0x0D) || b == 0x20) {
                out.append(b >= 0x61 && b <= 0x7A ? b - 0x20 : b)
            }
            return String(decoding: out, as: UTF8.self)
        }
        return String(s.unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) }).uppercased()
    }

    /// A contract id as compared: letters and digits only, upper case (`2025/M-012` = `2025M012`).
    public static func normalizedContractId(_ s: String) -> String {
        String(s.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }).uppercased()
    }

    /// The seller SIREN from a SIREN or SIRET as written (spaces allowed), else the id trimmed (foreign ids).
    static func siren(_ s: String?) -> String? {
        guard let s else { return nil }
        // 9 or 14 ASCII digits (the usual case): what `CompanyID` would give, without its filtering.
        let n = s.utf8.count
        if n == 9 || n == 14, s.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return String(s.prefix(9)) }
        if let c = CompanyID(s) { return c.siren }
        let t = s.trimmingCharacters(in: .whitespaces)
        return t.isEmpty ? nil : t
    }

    static func mandatSortKey(_ k: MandatKey) -> String {
        [k.idColl, k.codCol ?? "", k.codBud ?? "", k.exer, k.idBord, k.idPce ?? ""].joined(separator: "\u{1F}")
    }

    /// Whether two mandat keys name the same mandat (or, with `idPce` nil on `key`, the same bordereau).
    static func sameMandat(_ key: MandatKey, _ m: MandatKey) -> Bool {
        guard key.idColl == m.idColl, key.exer == m.exer, key.idBord == m.idBord else { return false }
        if let a = key.codCol, let b = m.codCol, a != b { return false }
        if let a = key.codBud, let b = m.codBud, a != b { return false }
        if let p = key.idPce { return p == m.idPce }
        return true
    }

    /// A mandat (piece) number as compared: white space removed, upper case; all digits: leading zeros removed
    /// (`IdPce` 412 = `0412`).
    static func normalizedPiece(_ s: String) -> String? {
        let n = normalizedNumber(s)
        guard !n.isEmpty else { return nil }
        guard n.allSatisfy({ $0.isASCII && $0.isNumber }) else { return n }
        let trimmed = n.drop { $0 == "0" }
        return trimmed.isEmpty ? "0" : String(trimmed)
    }
}

private struct Slot {
    var id: String
    var invoice: Invoice?
    var number: String?
    var sellerSIREN: String?
    var issueDate: CivilDate?
    /// In canonical order: added in the order of `ChainFacts.events`.
    var events: [ChainEvent] = []
    var eventIds: Set<String> = []
    var mandats: [Mandat] = []
    var contract: Contract?
    var correctedInvoiceId: String?
    var creditNoteIds: [String] = []
}

private enum Match {
    case none, one(Int), ambiguous
}

private struct Builder {
    var slots: [Slot] = []
    var slotById: [String: Int] = [:]
    var byNumber: [String: [Int]] = [:]
    var byChorusId: [String: Int] = [:]
    var ambiguousChorusIds: Set<String> = []
    /// (IdColl, Exer, IdBord) → (mandat key, slot).
    var byBordereau: [String: [(MandatKey, Int)]] = [:]
    var unlinked: [ChainEvent] = []
    /// Read invoices named by a Chorus `MANDATEE` carrying a mandat number: normalised number → (slot, year).
    var byMandateeNumber: [String: [(slot: Int, year: Int?)]] = [:]

    mutating func newSlot(_ s: Slot) -> Int {
        if let i = slotById[s.id] { return i }
        slots.append(s)
        let i = slots.count - 1
        slotById[s.id] = i
        if let n = s.number { byNumber[DossierBuilder.normalizedNumber(n), default: []].append(i) }
        return i
    }

    mutating func register(chorusId: String?, slot: Int) {
        guard let c = chorusId?.trimmingCharacters(in: .whitespaces), !c.isEmpty, !ambiguousChorusIds.contains(c)
        else { return }
        if let other = byChorusId[c], other != slot {
            byChorusId[c] = nil
            ambiguousChorusIds.insert(c)
        } else {
            byChorusId[c] = slot
        }
    }

    /// Adds a read invoice; `id` is its key text (`Invoice.key.description`).
    mutating func add(invoice: Invoice, id: String) {
        if slotById[id] != nil { return }  // the same invoice read twice: the first (in sorted order) wins
        let seller = invoice.sellerCompany?.siren ?? invoice.sellerLegalId?.id ?? invoice.sellerId?.id
        let i = newSlot(
            Slot(
                id: id, invoice: invoice, number: invoice.invoiceNumber, sellerSIREN: seller,
                issueDate: invoice.issueDate))
        register(chorusId: invoice.chorusId, slot: i)
    }

    func match(_ ref: InvoiceRef) -> Match {
        if let c = ref.chorusId?.trimmingCharacters(in: .whitespaces), !c.isEmpty {
            if let i = byChorusId[c] { return .one(i) }
            if ambiguousChorusIds.contains(c) { return .ambiguous }
        }
        guard let raw = ref.number else { return .none }
        let n = DossierBuilder.normalizedNumber(raw)
        guard !n.isEmpty, let all = byNumber[n] else { return .none }
        let seller = DossierBuilder.siren(ref.sellerId)
        let candidates = all.filter { i in
            let s = slots[i]
            if let a = seller, let b = s.sellerSIREN, a != b { return false }
            if let a = ref.issueDate, let b = s.issueDate, a != b { return false }
            return true
        }
        if candidates.count == 1 { return .one(candidates[0]) }
        if candidates.isEmpty { return .none }
        // Several: keep those that agree on every key both sides have, and prefer read invoices.
        let exact = candidates.filter { i in
            let s = slots[i]
            return (seller == nil || s.sellerSIREN == seller) && (ref.issueDate == nil || s.issueDate == ref.issueDate)
                && s.invoice != nil
        }
        if exact.count == 1, seller != nil || ref.issueDate != nil { return .one(exact[0]) }
        return .ambiguous
    }

    /// A dossier for an invoice known only from references.
    mutating func slot(forUnread ref: InvoiceRef) -> Int? {
        let seller = DossierBuilder.siren(ref.sellerId)
        if let raw = ref.number, !DossierBuilder.normalizedNumber(raw).isEmpty, !ref.inferred {
            let id = "ref:\(seller ?? "-")/\(DossierBuilder.normalizedNumber(raw))"
            let i = newSlot(Slot(id: id, invoice: nil, number: raw, sellerSIREN: seller, issueDate: ref.issueDate))
            register(chorusId: ref.chorusId, slot: i)
            return i
        }
        if let c = ref.chorusId?.trimmingCharacters(in: .whitespaces), !c.isEmpty, !ambiguousChorusIds.contains(c) {
            let i = newSlot(Slot(id: "chorus:\(c)", invoice: nil, number: nil, sellerSIREN: seller, issueDate: nil))
            register(chorusId: c, slot: i)
            return i
        }
        return nil
    }

    mutating func attach(mandat m: Mandat, to i: Int) {
        guard !slots[i].mandats.contains(where: { $0.key == m.key }) else { return }
        slots[i].mandats.append(m)
        let b = "\(m.key.idColl)\u{1F}\(m.key.exer)\u{1F}\(m.key.idBord)"
        byBordereau[b, default: []].append((m.key, i))
    }

    /// Records a Chorus `MANDATEE` with a mandat number that links to exactly one read invoice.
    mutating func noteMandatee(_ e: ChainEvent) {
        guard e.kind == .mandated, e.source == .chorusPro,
            let raw = e.details["mandatNumber"], let n = DossierBuilder.normalizedPiece(raw),
            let ref = e.invoice, case .one(let i) = match(ref), slots[i].invoice != nil
        else { return }
        if !(byMandateeNumber[n] ?? []).contains(where: { $0.slot == i && $0.year == e.date?.year }) {
            byMandateeNumber[n, default: []].append((i, e.date?.year))
        }
    }

    /// The one read invoice whose Chorus `MANDATEE` names this mandat's `IdPce`, or nil (none, or ambiguous).
    func slotByMandatee(_ m: Mandat, creditor: String?) -> Int? {
        guard let p = m.key.idPce.flatMap(DossierBuilder.normalizedPiece), let all = byMandateeNumber[p] else {
            return nil
        }
        let creditorSIREN = DossierBuilder.siren(creditor)
        let collSIREN = CompanyID(m.key.idColl)?.siren
        let fit = all.filter { c in
            let s = slots[c.slot]
            if let a = creditorSIREN, let b = s.sellerSIREN, a != b { return false }
            let buyer = s.invoice.flatMap { $0.buyerCompany?.siren }
            if let a = collSIREN, let b = buyer, a != b { return false }
            return true
        }
        var slotsFound = Set(fit.map(\.slot))
        if slotsFound.count > 1, let exer = Int(m.key.exer) {
            slotsFound = Set(fit.filter { $0.year == exer }.map(\.slot))
        }
        return slotsFound.count == 1 ? slotsFound.first : nil
    }

    mutating func add(mandat m: Mandat) {
        var targets: [Int] = []
        var unread: [InvoiceRef] = []
        let creditor = m.creditorIdType == nil || m.creditorIdType == "01" ? m.creditorId : nil
        for n in m.invoiceNumbers {
            let ref = InvoiceRef(number: n, sellerId: creditor)
            switch match(ref) {
            case .one(let i): targets.append(i)
            case .none: unread.append(ref)
            case .ambiguous: break
            }
        }
        if m.invoiceNumbers.isEmpty {
            for n in m.inferredInvoiceNumbers {
                if case .one(let i) = match(InvoiceRef(number: n, sellerId: creditor, inferred: true)) {
                    targets.append(i)
                }
            }
        }
        if !targets.contains(where: { slots[$0].invoice != nil }), let i = slotByMandatee(m, creditor: creditor) {
            // No Facture number reached a read invoice; its Chorus MANDATEE names this mandat (DOMAIN.md §4.6).
            targets = [i]
            unread = []
        }
        for ref in unread { if let i = slot(forUnread: ref) { targets.append(i) } }
        if targets.isEmpty {
            targets = [newSlot(Slot(id: "mandat:\(m.key.description)", invoice: nil, number: nil))]
        }
        for i in Set(targets).sorted() { attach(mandat: m, to: i) }
    }

    /// Ties each credit note to the invoice(s) its BT-25 names (same seller SIREN, exactly one read invoice that is
    /// not a credit note). The first BT-25 that links is `correctedInvoiceId`.
    mutating func linkCreditNotes() {
        for i in slots.indices {
            guard let note = slots[i].invoice, note.isCreditNote else { continue }
            for n in note.precedingInvoices {
                guard case .one(let j) = match(InvoiceRef(number: n, sellerId: slots[i].sellerSIREN)), j != i,
                    let target = slots[j].invoice, !target.isCreditNote
                else { continue }
                if slots[i].correctedInvoiceId == nil { slots[i].correctedInvoiceId = slots[j].id }
                if !slots[j].creditNoteIds.contains(slots[i].id) { slots[j].creditNoteIds.append(slots[i].id) }
            }
        }
    }

    mutating func put(_ e: ChainEvent, id: String, in i: Int) {
        if slots[i].eventIds.insert(id).inserted { slots[i].events.append(e) }
    }

    func slots(forMandat key: MandatKey) -> [Int] {
        let b = "\(key.idColl)\u{1F}\(key.exer)\u{1F}\(key.idBord)"
        let hits = (byBordereau[b] ?? []).filter { DossierBuilder.sameMandat(key, $0.0) }.map(\.1)
        return Array(Set(hits)).sorted()
    }

    /// Adds an event; `id` is `e.id`.
    mutating func add(event e: ChainEvent, id: String) {
        if let ref = e.invoice, ref.number != nil || ref.chorusId != nil {
            switch match(ref) {
            case .one(let i):
                register(chorusId: ref.chorusId, slot: i)
                put(e, id: id, in: i)
                return
            case .ambiguous:
                unlinked.append(e)
                return
            case .none:
                if let k = e.mandat {
                    let hits = slots(forMandat: k)
                    if !hits.isEmpty {
                        for i in hits { put(e, id: id, in: i) }
                        return
                    }
                }
                if let i = slot(forUnread: ref) {
                    put(e, id: id, in: i)
                    return
                }
            }
        }
        if let k = e.mandat {
            let hits = slots(forMandat: k)
            if !hits.isEmpty {
                for i in hits { put(e, id: id, in: i) }
                return
            }
        }
        unlinked.append(e)
    }

    mutating func linkContracts(_ contracts: [Contract]) {
        var byId: [String: [Contract]] = [:]
        for c in contracts { byId[DossierBuilder.normalizedContractId(c.id), default: []].append(c) }
        for i in slots.indices {
            var refs: [(String, String?)] = []
            if let inv = slots[i].invoice, let r = inv.contractReference {
                refs.append((r, inv.buyerCompany?.digits ?? inv.buyerLegalId?.id ?? inv.buyerId?.id))
            } else {
                refs = slots[i].mandats.flatMap { m in m.contractIds.map { ($0, Optional(m.key.idColl)) } }
            }
            var found: [String: Contract] = [:]
            for (r, buyer) in refs {
                let n = DossierBuilder.normalizedContractId(r)
                guard !n.isEmpty else { continue }
                let buyerDigits = buyer.map { b in CompanyID(b)?.digits ?? b }
                for c in byId[n] ?? [] {
                    let cb = c.buyerId.map { b in CompanyID(b)?.digits ?? b }
                    if let x = buyerDigits, let y = cb, x != y { continue }
                    let key = (cb ?? "") + "\u{1F}" + n
                    if found[key] == nil { found[key] = c }  // duplicates of one (buyer, id): the first
                }
            }
            if found.count == 1 { slots[i].contract = found.values.first }
        }
    }
}
