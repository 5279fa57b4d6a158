import Foundation

/// How an invoice's or a mandat's contract reference is compared with contract ids.
///
/// Invoices carry BT-12 as free text (DOMAIN.md §4.6: "free text on invoices: normalise"): case, spaces
/// and the separators `-`, `/`, `.`, `_` are not significant. `Sendable`.
public enum ContractReferenceNormalizer {
    /// Characters dropped before comparing: white space (incl. no-break spaces) and `-` `/` `.` `_`.
    static func isIgnored(_ u: Unicode.Scalar) -> Bool {
        switch u {
        case "-", "/", ".", "_", " ", "\t", "\n", "\r", "\u{00A0}", "\u{202F}", "\u{2009}": return true
        default: return false
        }
    }

    /// The comparison form: upper-cased, without white space and `-` `/` `.` `_`
    /// (`"sc/abc 234-01"` → `"SCABC23401"`). May be empty.
    public static func normalize(_ reference: String) -> String {
        var out = String.UnicodeScalarView()
        for u in reference.uppercased().unicodeScalars where !isIgnored(u) { out.append(u) }
        return String(out)
    }
}

/// How a link was made. `Codable, Hashable, Sendable`.
public enum ContractLinkBasis: String, Codable, Hashable, Sendable {
    /// The normalised reference equals the normalised contract id, under the same buyer.
    case sameId
    /// DECP v1.5 ids: the reference and the contract id differ only in the 2-digit modification suffix
    /// (or the reference has no suffix). Versions of one contract: the latest version is linked.
    case v1BaseId
    /// Several contracts had the id; only one has the seller among its holders or subcontractors.
    case narrowedBySeller
    /// The document has no buyer SIRET: candidates from every buyer were narrowed by the seller to one.
    case unscopedNarrowedBySeller
}

/// What the seller is to a linked contract. `Codable, Hashable, Sendable`.
public enum SellerRole: String, Codable, Hashable, Sendable {
    /// The seller's SIREN is a holder's (initial or by modification).
    case holder
    /// The seller's SIREN is a declared subcontractor's (paiement direct).
    case subcontractor
    /// The seller is known and is neither: worth a look.
    case notAHolder
    /// The seller or the holders' ids are unknown.
    case unknown
}

/// Why no contract was found. `Codable, Hashable, Sendable`.
public enum ContractUnmatchedReason: String, Codable, Hashable, Sendable {
    /// The document has no contract reference (BT-12 / `IdMarche` empty).
    case noReference
    /// No contract has this id under the buyer (nor under any buyer).
    case unknownId
    /// The id exists, but only under other buyers: contract ids are unique per buyer only.
    case otherBuyersOnly
}

/// The outcome of linking a reference: one contract, none, or several that Mandat will not choose between.
/// `Hashable, Sendable`.
public enum ContractMatch: Hashable, Sendable {
    case matched(Contract)
    case unmatched(ContractUnmatchedReason)
    /// Several candidates remain; they are listed, never chosen silently (DOMAIN.md §4.6).
    case ambiguous([Contract])
}

/// One link attempt, with its evidence. `Hashable, Sendable`.
public struct ContractLink: Hashable, Sendable {
    /// The reference as written (BT-12 or `IdMarche`).
    public var reference: String?
    /// The buyer id the search was scoped to (SIRET or SIREN digits), nil when the document has none.
    public var buyerId: String?
    /// Matched, unmatched (with the reason) or ambiguous (with the candidates).
    public var match: ContractMatch
    /// How the match was made (nil when not matched).
    public var basis: ContractLinkBasis?
    /// For a match: what the seller is to the contract.
    public var sellerRole: SellerRole?
    /// Contracts that also had the id but were set aside (other versions, other buyers, non-holders).
    public var setAside: [ContractKey]

    /// The contract, when exactly one matched.
    public var contract: Contract? {
        if case .matched(let c) = match { return c }
        return nil
    }
}

/// Links invoices (BT-12) and mandats (`IdMarche`) to contracts, scoped by buyer SIRET (DOMAIN.md §4.6).
///
/// Rules, in order:
/// 1. Empty reference → `unmatched(.noReference)`.
/// 2. Candidates: contracts of the same buyer (SIRET digits equal; when one side is a SIREN, its 9 digits
///    equal the other's first 9) whose normalised id equals the normalised reference
///    (`ContractReferenceNormalizer`). If none, DECP v1.5 versions of the same contract (same id without
///    the 2-digit modification suffix, `marches.xsd` `id`) are tried, and the latest version is taken.
/// 3. One candidate → matched, with the seller's role (holder, subcontractor, neither, unknown) as evidence.
/// 4. Several → narrowed to those whose holders (any, incl. by modification) or subcontractors have the
///    seller's SIREN (first 9 digits); one left → matched (`narrowedBySeller`), else `ambiguous`.
/// 5. No buyer id on the document: candidates come from every buyer and must be narrowed by the seller
///    to exactly one, otherwise `ambiguous` (or `unmatched`).
///
/// Value type over an index built once; `Sendable`.
public struct ContractLinker: Sendable {
    /// The contracts searched, one per key (duplicates dropped).
    public let contracts: [Contract]
    private let byId: [String: [Int]]
    /// Normalised DECP v1.5 base id (id without its 2-digit suffix) → indexes.
    private let byV1Base: [String: [Int]]

    /// Indexes `contracts` by normalised id and by v1.5 base id. Duplicated keys (same buyer, same id)
    /// are kept once (the first).
    public init(contracts: [Contract]) {
        var seen = Set<ContractKey>()
        var kept: [Contract] = []
        for c in contracts where seen.insert(c.key).inserted { kept.append(c) }
        self.contracts = kept
        var idx: [String: [Int]] = [:]
        var v1: [String: [Int]] = [:]
        for (i, c) in kept.enumerated() {
            idx[ContractReferenceNormalizer.normalize(c.id), default: []].append(i)
            if let base = c.v1BaseId { v1[ContractReferenceNormalizer.normalize(base), default: []].append(i) }
        }
        self.byId = idx
        self.byV1Base = v1
    }

    /// Links an invoice by its BT-12, its buyer (BT-47, else BT-46) and its seller (BT-30, else BT-29).
    public func link(invoice: Invoice) -> ContractLink {
        link(reference: invoice.contractReference, buyer: invoice.buyerCompany, seller: invoice.sellerCompany)
    }

    /// Links each distinct `IdMarche` of a mandat, scoped by its collectivity's SIRET (`IdColl`). The seller
    /// is the creditor when its id reads as a SIREN/SIRET. A mandat without `IdMarche` gives one
    /// `unmatched(.noReference)` link.
    public func link(mandat: Mandat) -> [ContractLink] {
        let buyer = CompanyID(mandat.key.idColl)
        let seller = mandat.creditorId.flatMap { CompanyID($0) }
        if mandat.contractIds.isEmpty { return [link(reference: nil, buyer: buyer, seller: seller)] }
        return mandat.contractIds.map { link(reference: $0, buyer: buyer, seller: seller) }
    }

    /// Links one reference (see the type's rules).
    public func link(reference: String?, buyer: CompanyID?, seller: CompanyID?) -> ContractLink {
        var out = ContractLink(
            reference: reference, buyerId: buyer?.digits, match: .unmatched(.noReference), basis: nil, sellerRole: nil,
            setAside: [])
        guard let reference else { return out }
        let norm = ContractReferenceNormalizer.normalize(reference)
        guard !norm.isEmpty else { return out }

        let sameId = (byId[norm] ?? []).map { contracts[$0] }
        var basis = ContractLinkBasis.sameId
        var scoped = sameId.filter { sameBuyer($0, buyer) }
        if buyer != nil, scoped.isEmpty {
            // v1.5 versions of the same contract under this buyer.
            // The reference is a base id, or a base id plus another 2-digit suffix.
            var bases = [norm]
            if norm.count > 2, norm.suffix(2).allSatisfy({ $0.isASCII && $0.isNumber }) {
                bases.append(String(norm.dropLast(2)))
            }
            var versionIdx: [Int] = []
            for b in bases { versionIdx += byV1Base[b] ?? [] }
            let versions = Set(versionIdx).sorted().map { contracts[$0] }.filter { sameBuyer($0, buyer) }
            if !versions.isEmpty {
                let groups = Dictionary(grouping: versions) { $0.v1BaseId ?? "" }
                if groups.count == 1, let latest = versions.max(by: { $0.id < $1.id }) {
                    out.match = .matched(latest)
                    out.basis = .v1BaseId
                    out.sellerRole = role(of: seller, in: latest)
                    out.setAside = versions.filter { $0.key != latest.key }.map(\.key)
                    return out
                }
                scoped = versions
                basis = .v1BaseId
            }
        }
        if buyer == nil {
            return narrow(sameId, seller: seller, basis: .unscopedNarrowedBySeller, into: out)
        }
        if scoped.isEmpty {
            out.match = .unmatched(sameId.isEmpty ? .unknownId : .otherBuyersOnly)
            out.setAside = sameId.map(\.key)
            return out
        }
        out.setAside = sameId.filter { !sameBuyer($0, buyer) }.map(\.key)
        if scoped.count == 1 {
            out.match = .matched(scoped[0])
            out.basis = basis
            out.sellerRole = role(of: seller, in: scoped[0])
            return out
        }
        return narrow(scoped, seller: seller, basis: .narrowedBySeller, into: out)
    }

    /// Keeps the candidates where the seller is a holder or subcontractor; one left → matched.
    private func narrow(
        _ candidates: [Contract], seller: CompanyID?, basis: ContractLinkBasis,
        into base: ContractLink
    ) -> ContractLink {
        var out = base
        guard !candidates.isEmpty else {
            out.match = .unmatched(.unknownId)
            return out
        }
        let withSeller = candidates.filter {
            let r = role(of: seller, in: $0)
            return r == .holder || r == .subcontractor
        }
        if withSeller.count == 1 {
            out.match = .matched(withSeller[0])
            out.basis = basis
            out.sellerRole = role(of: seller, in: withSeller[0])
            out.setAside.append(contentsOf: candidates.filter { $0.key != withSeller[0].key }.map(\.key))
            return out
        }
        out.match = .ambiguous(withSeller.isEmpty ? candidates : withSeller)
        return out
    }

    /// Same buyer: equal SIRET digits, or equal SIREN when either side is a SIREN. A contract without a
    /// readable buyer SIRET never matches a scoped search.
    func sameBuyer(_ c: Contract, _ buyer: CompanyID?) -> Bool {
        guard let buyer else { return true }
        guard let cb = c.buyerId.flatMap({ CompanyID($0) }) else { return false }
        if cb.kind == .siret && buyer.kind == .siret { return cb.digits == buyer.digits }
        return cb.siren == buyer.siren
    }

    /// The seller's role in a contract, by SIREN (first 9 digits).
    func role(of seller: CompanyID?, in c: Contract) -> SellerRole {
        guard let seller else { return .unknown }
        let holders = c.allHolders.compactMap(\.company)
        if holders.contains(where: { $0.siren == seller.siren }) { return .holder }
        let subs = c.subcontracting.compactMap { $0.subcontractor?.company }
        if subs.contains(where: { $0.siren == seller.siren }) { return .subcontractor }
        return holders.isEmpty && subs.isEmpty ? .unknown : .notAHolder
    }
}

/// One invoice in a contract's position. `Hashable, Sendable`.
public struct ContractInvoiceLine: Hashable, Sendable {
    /// The invoice's identity.
    public var key: InvoiceKey
    /// BT-2.
    public var issueDate: CivilDate?
    /// BT-109, excl. VAT; negative for a credit note.
    public var amountWithoutVAT: Decimal
    /// BT-112, incl. VAT; negative for a credit note.
    public var amountWithVAT: Decimal
    /// Amount paid on this invoice so far, incl. VAT (as given to `ContractPosition.compute`).
    public var paid: Decimal
    /// Σ excl. VAT of this and every earlier invoice (issue-date order).
    public var cumulativeWithoutVAT: Decimal
    /// True when this invoice takes the cumulative total excl. VAT over the amount in force.
    public var exceedsAmountInForce: Bool
}

/// An invoice left out of a contract position, with the reason. `Hashable, Sendable`.
public struct ExcludedInvoice: Hashable, Sendable {
    /// The invoice's identity.
    public var key: InvoiceKey
    /// Why it was left out (English).
    public var reason: String
}

/// What a contract manager needs about one contract: amounts notified and in force, invoiced, paid,
/// outstanding, and the invoices that push the total over the ceiling. `Hashable, Sendable`.
///
/// Contract amounts are excl. VAT (DECP `montant`), so the ceiling is compared with invoices' BT-109;
/// invoiced and paid are also given incl. VAT (BT-112) because that is what is paid.
public struct ContractPosition: Hashable, Sendable {
    /// The contract's key (buyer SIRET, id).
    public var contract: ContractKey
    /// Amount notified, excl. VAT (concession: `valeurGlobale`).
    public var amountNotified: Decimal?
    /// Amount in force on `asOf`, excl. VAT (`Contract.amount(on:)`).
    public var amountInForce: Decimal?
    /// The day the position is computed for.
    public var asOf: CivilDate
    /// Σ BT-109 (credit notes subtracted), excl. VAT.
    public var invoicedWithoutVAT: Decimal
    /// Σ BT-112 (credit notes subtracted), incl. VAT.
    public var invoicedWithVAT: Decimal
    /// Σ paid, incl. VAT.
    public var paid: Decimal
    /// `invoicedWithVAT − paid`, incl. VAT.
    public var outstanding: Decimal
    /// `amountInForce − invoicedWithoutVAT`, excl. VAT (negative when over), nil without an amount.
    public var remainingWithoutVAT: Decimal?
    /// Invoices in issue-date order (then number), each with its cumulative total.
    public var lines: [ContractInvoiceLine]
    /// Invoices left out, each with the reason (other currency, missing totals, issued after `asOf`).
    public var excluded: [ExcludedInvoice]

    /// The invoices that push the cumulative total over the amount in force.
    public var overrunInvoices: [InvoiceKey] { lines.filter(\.exceedsAmountInForce).map(\.key) }

    /// Computes the position of `contract` on `asOf` from the invoices linked to it and the amounts paid.
    ///
    /// - Parameters:
    ///   - invoices: invoices linked to the contract (by `ContractLinker`); duplicates by `key` are counted
    ///     once. Invoices issued after `asOf` are left out.
    ///   - paid: amount paid per invoice, incl. VAT, euros (e.g. Σ PES_Retour payments of its mandats);
    ///     missing = 0.
    ///   - asOf: the day of the position; the amount in force is the one on that day.
    /// - Returns: the position. Credit notes (BT-3 381 or a UBL CreditNote) count negative. An invoice in a
    ///   currency other than the contract's (EUR when none) or without BT-109/BT-112 is excluded, with the
    ///   reason. Pure: no I/O.
    public static func compute(
        contract: Contract, invoices: [Invoice], paid: [InvoiceKey: Decimal], asOf: CivilDate
    ) -> ContractPosition {
        let inForce = contract.amount(on: asOf)
        let currency = contract.currency ?? "EUR"
        var seen = Set<InvoiceKey>()
        var kept: [Invoice] = []
        var excluded: [ExcludedInvoice] = []
        for inv in invoices where seen.insert(inv.key).inserted {
            if let d = inv.issueDate, d > asOf {
                excluded.append(ExcludedInvoice(key: inv.key, reason: "issued after \(asOf.iso)"))
            } else if let c = inv.currency, c != currency {
                excluded.append(ExcludedInvoice(key: inv.key, reason: "currency \(c), contract in \(currency)"))
            } else if inv.totalWithoutVAT == nil || inv.totalWithVAT == nil {
                excluded.append(
                    ExcludedInvoice(key: inv.key, reason: "no total excl. VAT (BT-109) or incl. VAT (BT-112)"))
            } else {
                kept.append(inv)
            }
        }
        kept.sort { a, b in
            switch (a.issueDate, b.issueDate) {
            case (let x?, let y?) where x != y: return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return (a.invoiceNumber ?? "") < (b.invoiceNumber ?? "")
            }
        }
        var cumulative = Decimal(0)
        var ttc = Decimal(0)
        var paidSum = Decimal(0)
        var lines: [ContractInvoiceLine] = []
        for inv in kept {
            let sign: Decimal = inv.isCreditNote ? -1 : 1
            let ht = sign * abs(inv.totalWithoutVAT ?? 0)
            let withVAT = sign * abs(inv.totalWithVAT ?? 0)
            cumulative += ht
            ttc += withVAT
            let p = paid[inv.key] ?? 0
            paidSum += p
            let exceeds = inForce.map { cumulative > $0 && ht > 0 } ?? false
            lines.append(
                ContractInvoiceLine(
                    key: inv.key, issueDate: inv.issueDate, amountWithoutVAT: ht, amountWithVAT: withVAT, paid: p,
                    cumulativeWithoutVAT: cumulative, exceedsAmountInForce: exceeds))
        }
        return ContractPosition(
            contract: contract.key, amountNotified: contract.amountNotified, amountInForce: inForce, asOf: asOf,
            invoicedWithoutVAT: cumulative, invoicedWithVAT: ttc, paid: paidSum, outstanding: ttc - paidSum,
            remainingWithoutVAT: inForce.map { $0 - cumulative }, lines: lines, excluded: excluded)
    }
}
