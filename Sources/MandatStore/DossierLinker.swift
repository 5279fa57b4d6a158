import Foundation
import MandatCore

/// Groups stored facts into dossiers, one per invoice (DOMAIN.md §4.6), the store's own simple linking.
///
/// TODO(law): when `DossierBuilder.build(...)` lands in MandatCore (branch `law`), `link` should call it
/// instead; the store, `status` and `show` only depend on `[Dossier]`.
///
/// Rules, in order:
/// 1. each invoice is a dossier, id = its `InvoiceKey` description (seller SIREN/number/date/type);
/// 2. a mandat joins the dossiers whose invoice number (normalised) is one of its `invoiceNumbers` (read
///    from `InfoLignePce/Facture`); failing those, a single dossier matching an inferred number; otherwise
///    it makes a dossier `mandat:<key>` of its own;
/// 3. an event joins by invoice reference: the dossiers with its number, narrowed by seller SIREN, issue
///    date and Chorus id when there are several; an event with only a mandat key joins that mandat's
///    dossiers (a bordereau-level event, without `IdPce`, joins every dossier of the bordereau's mandats);
///    an event naming an invoice Mandat has not read makes a dossier `number:<NUMBER>`;
/// 4. a dossier's contract is the one with the invoice's BT-12 id for the invoice's buyer SIRET, when
///    exactly one matches.
/// A link that stays ambiguous (two invoices, nothing to tell them apart) is not guessed: the event goes to
/// no invoice dossier but to `number:<NUMBER>`, where `show` lists it.
public enum DossierLinker {
    public static func link(_ facts: StoredFacts) -> [Dossier] {
        var dossiers: [String: Dossier] = [:]
        var byNumber: [String: [String]] = [:]
        for inv in facts.invoices {
            let id = inv.key.description
            dossiers[id] = Dossier(
                id: id, invoice: inv, invoiceNumber: inv.invoiceNumber, events: [], mandats: [], contract: nil)
            if let n = inv.invoiceNumber { byNumber[InvoiceNumbers.normalize(n), default: []].append(id) }
        }
        func orphan(number: String, raw: String) -> String {
            let id = "number:" + number
            if dossiers[id] == nil {
                dossiers[id] = Dossier(id: id, invoice: nil, invoiceNumber: raw, events: [], mandats: [], contract: nil)
                byNumber[number, default: []].append(id)
            }
            return id
        }

        var byMandat: [String: [String]] = [:]
        var byBordereau: [String: [String]] = [:]
        for m in facts.mandats {
            var targets: [String] = []
            for n in m.invoiceNumbers.map(InvoiceNumbers.normalize) {
                targets += byNumber[n] ?? [orphan(number: n, raw: n)]
            }
            if targets.isEmpty {
                let inferred = Set(
                    m.inferredInvoiceNumbers.map(InvoiceNumbers.normalize).flatMap { byNumber[$0] ?? [] })
                if inferred.count == 1 { targets = Array(inferred) }
            }
            if targets.isEmpty {
                let id = "mandat:" + m.key.description
                if dossiers[id] == nil {
                    dossiers[id] = Dossier(
                        id: id, invoice: nil, invoiceNumber: nil, events: [], mandats: [], contract: nil)
                }
                targets = [id]
            }
            for t in Set(targets) { dossiers[t]?.mandats.append(m) }
            byMandat[StoreKeys.mandat(m.key), default: []] += targets
            byBordereau[StoreKeys.mandat(m.key.bordereau), default: []] += targets
        }

        for e in facts.events {
            var targets: [String] = []
            if let ref = e.invoice, let raw = ref.number {
                let n = InvoiceNumbers.normalize(raw)
                var candidates = byNumber[n] ?? []
                if candidates.count > 1 { candidates = narrow(candidates, ref, dossiers) }
                // One candidate: linked. None, or several that nothing tells apart: not guessed.
                targets = candidates.count == 1 ? candidates : [orphan(number: n, raw: raw)]
            } else if let m = e.mandat {
                let k = StoreKeys.mandat(m)
                targets = m.idPce == nil ? (byBordereau[k] ?? []) : (byMandat[k] ?? [])
                if targets.isEmpty {
                    let id = "mandat:" + m.description
                    if dossiers[id] == nil {
                        dossiers[id] = Dossier(
                            id: id, invoice: nil, invoiceNumber: nil, events: [], mandats: [], contract: nil)
                    }
                    targets = [id]
                }
            }
            for t in Set(targets) { dossiers[t]?.events.append(e) }
        }

        var contracts: [String: [Contract]] = [:]
        for c in facts.contracts { contracts[StoreKeys.contract(c), default: []].append(c) }
        for (id, d) in dossiers {
            guard let inv = d.invoice, let ref = inv.contractReference?.trimmingCharacters(in: .whitespaces),
                !ref.isEmpty
            else { continue }
            let buyer = inv.buyerCompany?.digits ?? ""
            if let found = contracts[buyer + "/" + ref], found.count == 1 { dossiers[id]?.contract = found[0] }
        }
        return dossiers.keys.sorted().compactMap { id in
            guard var d = dossiers[id] else { return nil }
            d.events.sort(by: StoreKeys.eventOrder)
            d.mandats.sort { StoreKeys.mandat($0.key) < StoreKeys.mandat($1.key) }
            return d
        }
    }

    /// Keeps the candidates whose invoice agrees with the reference's seller, date and Chorus id.
    static func narrow(_ ids: [String], _ ref: InvoiceRef, _ dossiers: [String: Dossier]) -> [String] {
        var c = ids
        if let s = ref.sellerId.flatMap(CompanyID.init)?.siren {
            let f = c.filter { dossiers[$0]?.invoice?.sellerCompany?.siren == s }
            if !f.isEmpty { c = f }
        }
        if let d = ref.issueDate {
            let f = c.filter { dossiers[$0]?.invoice?.issueDate == d }
            if !f.isEmpty { c = f }
        }
        if let x = ref.chorusId {
            let f = c.filter { dossiers[$0]?.invoice?.chorusId == x }
            if !f.isEmpty { c = f }
        }
        return c
    }
}
