import Foundation
import MandatCore

/// A finding on a dossier as the board shows it: code, message, evidence, next action.
public struct BoardFinding: Codable, Hashable, Sendable {
    /// Stable code (`store.ambiguous-link`, `invoice.amount-due-mismatch`, law codes once the law lands).
    public var code: String
    public var message: String
    /// Where it shows: `file:line` references and facts.
    public var evidence: [String]
    /// Who should do what next, when known.
    public var nextAction: String?
    public init(code: String, message: String, evidence: [String] = [], nextAction: String? = nil) {
        self.code = code
        self.message = message
        self.evidence = evidence
        self.nextAction = nextAction
    }
}

/// What the board needs to know of a dossier's legal state, whoever computes it.
///
/// Filled by a `DossierAssessing`: today `StoreOnlyAssessor` (what the files say, no law); once
/// `DossierAssessor.assess` lands (branch `law`), an adapter maps its `Assessment` into this in a few lines.
public struct BoardAssessment: Codable, Hashable, Sendable {
    /// Stage code: the last meaningful event's kind (`madeAvailable`, `mandated`, `paid` …), or `received`.
    public var stage: String
    public var holder: Holder
    /// The date the current holder got the dossier (calendar date, Europe/Paris).
    public var holderSince: CivilDate?
    /// Due date; `dueDateSource` says where it comes from (`invoice.BT-9` today, the law's DGP later).
    public var dueDate: CivilDate?
    public var dueDateSource: String?
    /// Late-payment interest (in the invoice's currency, `BoardRow.currency`) and the 40 € indemnity (always
    /// euros, CCP D.2192-35), when the law has computed them; nil otherwise.
    public var interest: Decimal?
    public var indemnity: Decimal?
    /// True when the amounts use an estimated start or an unconfirmed rate (DOMAIN.md §2-3).
    public var provisional: Bool
    /// Whether the chain is stopped on a block (DOMAIN.md §1, branches table).
    public var blocked: Bool
    public var findings: [BoardFinding]
    /// Lines describing the clock (start, delay, split), in the display language of the caller; empty
    /// when no law is plugged in.
    public var clock: [String]
    /// Money at stake as the law counts it (unpaid amount and interest, in the invoice's currency; the indemnity,
    /// in euros, is apart); nil: the board sums the unpaid amount due and the interest itself.
    public var moneyAtStake: Decimal?
    public init(
        stage: String, holder: Holder, holderSince: CivilDate?, dueDate: CivilDate?, dueDateSource: String?,
        interest: Decimal?, indemnity: Decimal?, provisional: Bool, blocked: Bool, findings: [BoardFinding],
        clock: [String], moneyAtStake: Decimal? = nil
    ) {
        self.moneyAtStake = moneyAtStake
        self.stage = stage
        self.holder = holder
        self.holderSince = holderSince
        self.dueDate = dueDate
        self.dueDateSource = dueDateSource
        self.interest = interest
        self.indemnity = indemnity
        self.provisional = provisional
        self.blocked = blocked
        self.findings = findings
        self.clock = clock
    }
}

/// Computes a dossier's `BoardAssessment` as of a date. `Sendable`.
public protocol DossierAssessing: Sendable {
    func assess(_ dossier: Dossier, asOf: CivilDate) -> BoardAssessment
}

/// The assessment the store can make without the law: stage, holder and block from the events (DOMAIN.md §1
/// tables), due date from the invoice's BT-9. No legal clock, no interest.
///
/// TODO(law): replace with an adapter over `DossierAssessor.assess(...)` when it lands; keep this as the
/// fallback for dossiers the law cannot assess.
public struct StoreOnlyAssessor: DossierAssessing {
    public init() {}

    /// Who holds the invoice after an event of this kind (DOMAIN.md §1); nil: the event does not move it.
    public static func holder(after kind: EventKind) -> Holder? {
        switch kind {
        case .deposited, .inTransit: return .platform
        case .depositRejected, .routingReturned, .rejected, .suspended: return .supplier
        case .madeAvailable, .completed, .takenIntoProcessing, .approved, .disputed, .serviceCertified,
            .mandated, .integrationRejected, .mandatRejected, .mandatOnHold, .requisition:
            return .ordonnateur
        case .receivedByComptable, .accounted, .mandatTakenInCharge: return .comptable
        case .paid, .mandatSettled, .cashed, .cancelled: return .nobody
        case .paymentOffset, .assignedOrOpposed, .other: return nil
        }
    }

    /// Kinds that stop the chain until someone acts (DOMAIN.md §1, "Branches that stop the chain").
    public static let blockingKinds: Set<EventKind> = [
        .depositRejected, .routingReturned, .rejected, .suspended, .disputed, .integrationRejected,
        .mandatOnHold, .mandatRejected,
    ]

    public func assess(_ d: Dossier, asOf: CivilDate) -> BoardAssessment {
        var stage = d.invoice == nil ? "unknown" : "received"
        var current: Holder?
        var since: CivilDate?
        var last: ChainEvent?
        for e in d.events where e.date != nil {
            guard let h = Self.holder(after: e.kind) else { continue }
            stage = e.kind.rawValue
            // A change of holder, or a block sending it back: the holder's days count from this event.
            if h != current || Self.blockingKinds.contains(e.kind) {
                current = h
                since = e.date
            }
            last = e
        }
        let holder: Holder
        if let current {
            holder = current
        } else {
            // Only the invoice: the supplier holds it since it was issued (nothing says it was sent).
            holder = d.invoice == nil ? .nobody : .supplier
            since = d.invoice?.issueDate
        }
        var findings: [BoardFinding] = []
        if d.invoice == nil && d.invoiceNumber != nil {
            findings.append(
                BoardFinding(
                    code: "store.invoice-not-read",
                    message:
                        "events name this invoice number, but no invoice file with it was imported (or several match)",
                    evidence: d.events.prefix(3).map { $0.sourceRef.description },
                    nextAction: "import the invoice (UBL/CII/Chorus pivot)"))
        }
        if let inv = d.invoice {
            for f in inv.findings {
                findings.append(
                    BoardFinding(
                        code: f.code, message: f.message,
                        evidence: [inv.source.description] + (f.element.map { [$0] } ?? [])))
            }
        }
        let blocked = last.map { Self.blockingKinds.contains($0.kind) } ?? false
        if blocked, let last {
            findings.append(
                BoardFinding(
                    code: "store.blocked." + last.kind.rawValue,
                    message: (last.label ?? last.code) + (last.reasons.first?.text.map { ": " + $0 } ?? ""),
                    evidence: [last.sourceRef.description], nextAction: "\(holder.rawValue) must act"))
        }
        return BoardAssessment(
            stage: stage, holder: holder, holderSince: since, dueDate: d.invoice?.dueDate,
            dueDateSource: d.invoice?.dueDate == nil ? nil : "invoice.BT-9", interest: nil, indemnity: nil,
            provisional: false, blocked: blocked, findings: findings, clock: [])
    }
}

/// One line of `mandat status`.
public struct BoardRow: Codable, Hashable, Sendable {
    public var dossierId: String
    public var buyerId: String?
    public var buyerName: String?
    public var sellerName: String?
    public var invoiceNumber: String?
    public var contractId: String?
    /// Amount due (BT-115, else BT-112, else the mandats' TTC), in `currency`.
    public var amountDue: Decimal?
    /// True when `amountDue` is an estimate (BT-115 absent or unreadable: BT-112 − BT-113), shown with `*`.
    public var amountDueEstimated: Bool
    public var currency: String?
    public var paid: Bool
    public var assessment: BoardAssessment
    /// Calendar days since the holder got it (as of the board's date).
    public var daysAtHolder: Int?
    /// Calendar days to the due date (negative: late).
    public var daysLeft: Int?
    /// What sorts the board: amount still due plus interest, in `currency` (never the euro indemnity).
    public var moneyAtStake: Decimal

    /// Builds the row of a dossier as of `asOf` with an assessor.
    public init(_ d: Dossier, asOf: CivilDate, assessor: any DossierAssessing) {
        let a = assessor.assess(d, asOf: asOf)
        dossierId = d.id
        buyerId = Self.buyerId(d)
        buyerName = d.invoice?.buyerName
        sellerName = Self.sellerName(d)
        invoiceNumber = d.invoiceNumber ?? d.mandats.first?.invoiceNumbers.first
        contractId = Self.contractId(d)
        amountDue = Self.amountDue(d)
        amountDueEstimated = Self.amountDueIsEstimate(d)
        currency = d.invoice?.currency ?? "EUR"
        paid = Self.isPaid(stage: a.stage)
        assessment = a
        daysAtHolder = a.holderSince.map { $0.days(to: asOf) }
        daysLeft = paid ? nil : a.dueDate.map { asOf.days(to: $0) }
        // The indemnity is euros whatever the invoice's currency: never in this sum (the law's rule too).
        moneyAtStake = Money.rounded(a.moneyAtStake ?? ((paid ? 0 : (amountDue ?? 0)) + (a.interest ?? 0)))
    }

    /// The buyer column: the invoice's buyer SIRET digits (else its legal id), else the first buyer id an event
    /// gives.
    public static func buyerId(_ d: Dossier) -> String? {
        d.invoice?.buyerCompany?.digits ?? d.invoice?.buyerLegalId?.id
            ?? d.events.lazy.compactMap { $0.invoice?.buyerId }.first
    }

    /// The seller column: the invoice's seller name, else the first mandat's creditor.
    public static func sellerName(_ d: Dossier) -> String? { d.invoice?.sellerName ?? d.mandats.first?.creditorName }

    /// The contract column: the linked contract, else the reference the invoice or the first mandat gives.
    public static func contractId(_ d: Dossier) -> String? {
        d.contract?.id ?? d.invoice?.contractReference ?? d.mandats.first?.contractIds.first
    }

    /// Amount due (BT-115, else the estimate BT-112 − BT-113 + BT-114 the law uses too, else the sum of the mandats'
    /// TTC), in the invoice's currency.
    public static func amountDue(_ d: Dossier) -> Decimal? {
        let mandatTTC = d.mandats.compactMap(\.amountTTC)
        if let due = d.invoice?.amountDue { return due }
        if let estimate = d.invoice?.estimatedAmountDue { return estimate }
        return mandatTTC.isEmpty ? nil : mandatTTC.reduce(0, +)
    }

    /// True when `amountDue(d)` is the BT-112 − BT-113 + BT-114 estimate (BT-115 absent or unreadable): shown with `*`,
    /// and the law computes interest and money at stake on it, as estimates (docs/law.md).
    public static func amountDueIsEstimate(_ d: Dossier) -> Bool {
        d.invoice.map { $0.amountDue == nil && $0.totalWithVAT != nil } ?? false
    }

    /// Paid as the assessment's stage says (the law takes partial payments into account), not "some payment seen".
    public static func isPaid(stage: String) -> Bool { stage == "paid" || stage == "paidOnRequisition" }

    /// The row as JSON: ISO dates, normalised amounts (EXPECTED.md conventions).
    public var json: JSONValue {
        .object([
            ("dossier", .string(dossierId)),
            ("buyer", .str(buyerId)),
            ("buyerName", .str(buyerName)),
            ("seller", .str(sellerName)),
            ("invoiceNumber", .str(invoiceNumber)),
            ("contract", .str(contractId)),
            ("amountDue", .amount(amountDue)),
            ("amountDueEstimated", .bool(amountDueEstimated)),
            ("currency", .str(currency)),
            ("stage", .string(assessment.stage)),
            ("holder", .string(assessment.holder.rawValue)),
            ("holderSince", .date(assessment.holderSince)),
            ("daysAtHolder", .int(daysAtHolder)),
            ("dueDate", .date(assessment.dueDate)),
            ("dueDateSource", .str(assessment.dueDateSource)),
            ("daysLeft", .int(daysLeft)),
            ("interest", .amount(assessment.interest)),
            ("indemnity", .amount(assessment.indemnity)),
            // The indemnity's own currency: `currency` (above) is the amounts' and the interest's.
            ("indemnityCurrency", .string("EUR")),
            ("provisional", .bool(assessment.provisional)),
            ("blocked", .bool(assessment.blocked)),
            ("paid", .bool(paid)),
            ("moneyAtStake", .amount(moneyAtStake)),
            ("findings", .strings(assessment.findings.map(\.code))),
        ])
    }
}

/// Filters of `mandat status`.
public struct BoardFilter: Sendable, Hashable {
    public var blockedOnly = false
    /// Buyer SIRET (spaces allowed); matches the SIRET or, given 9 digits, the SIREN.
    public var buyer: String?
    /// Contract id (BT-12 / DECP id), compared after removing spaces, case-insensitive.
    public var contract: String?
    public var holder: Holder?
    public init(blockedOnly: Bool = false, buyer: String? = nil, contract: String? = nil, holder: Holder? = nil) {
        self.blockedOnly = blockedOnly
        self.buyer = buyer
        self.contract = contract
        self.holder = holder
    }

    public func accepts(_ r: BoardRow) -> Bool {
        if blockedOnly && !r.assessment.blocked { return false }
        if let holder, r.assessment.holder != holder { return false }
        if let buyer {
            let want = CompanyID(buyer)?.digits ?? buyer
            guard let have = r.buyerId, have == want || (want.count == 9 && have.hasPrefix(want)) else { return false }
        }
        if let contract {
            guard let have = r.contractId, InvoiceNumbers.normalize(have) == InvoiceNumbers.normalize(contract) else {
                return false
            }
        }
        return true
    }
}

/// The board: rows for the dossiers, filtered, sorted by money at stake (largest first, then dossier id).
///
/// A dossier that did not exist yet on the as-of date (`Dossier.existed(on:)`: its first invoice, event or mandat
/// is dated later) has no row: the stored-state path (`dossierStateBoard`) applies the same rule.
public enum Board {
    public static func rows(
        _ dossiers: [Dossier], asOf: CivilDate, filter: BoardFilter = BoardFilter(),
        assessor: any DossierAssessing = StoreOnlyAssessor()
    ) -> [BoardRow] {
        // Each row is assessed alone (the law is pure): on every core, in the dossiers' order.
        sorted(
            ParallelWork.map(dossiers.filter { $0.existed(on: asOf) }, minimumChunk: 32) {
                BoardRow($0, asOf: asOf, assessor: assessor)
            }
            .filter(filter.accepts))
    }

    /// Rows in the board's order: money at stake, largest first, then dossier id (a total order: ids are unique).
    public static func sorted(_ rows: [BoardRow]) -> [BoardRow] {
        // The indices are sorted, not the rows: a row is large, and moving it costs more than comparing.
        let keys = rows.map { ($0.moneyAtStake, $0.dossierId) }
        return keys.indices.sorted { i, j in
            keys[i].0 != keys[j].0 ? keys[i].0 > keys[j].0 : keys[i].1 < keys[j].1
        }.map { rows[$0] }
    }

    /// The dossiers `query` names: an exact dossier id, else invoice number (normalised), Chorus id, mandat
    /// key (`IdColl/Exer/Bn/Mn`) or event id; else dossiers whose id contains it. Several: ambiguous.
    public static func find(_ query: String, in dossiers: [Dossier]) -> [Dossier] {
        if let d = dossiers.first(where: { $0.id == query }) { return [d] }
        let exact = dossiers.filter { matches(query, $0) }
        if !exact.isEmpty { return exact }
        let q = InvoiceNumbers.normalize(query)
        return dossiers.filter { InvoiceNumbers.normalize($0.id).contains(q) }
    }

    /// `find`'s second rule: the dossier's invoice number (spaces and case aside), its Chorus id, one of its
    /// mandats (`MandatKey.description`), or one of its events (id or Chorus id) is `query`.
    public static func matches(_ query: String, _ d: Dossier) -> Bool {
        let q = InvoiceNumbers.normalize(query)
        return (d.invoiceNumber.map(InvoiceNumbers.normalize) == q)
            || d.invoice?.chorusId == query
            || d.mandats.contains { $0.key.description == query }
            || d.events.contains { $0.id == query || $0.invoice?.chorusId == query }
    }
}

/// The lane of an event on `show`'s timeline: who acted (DOMAIN.md §1).
public enum Lane: String, Codable, Sendable, CaseIterable {
    case supplier, platform, ordonnateur, comptable

    public static func of(_ e: ChainEvent) -> Lane {
        switch e.kind {
        case .deposited, .inTransit, .depositRejected, .madeAvailable: return .platform
        case .completed, .cashed, .assignedOrOpposed, .cancelled: return .supplier
        case .routingReturned, .rejected, .suspended, .takenIntoProcessing, .approved, .disputed,
            .serviceCertified, .mandated, .requisition:
            return .ordonnateur
        case .receivedByComptable, .integrationRejected, .accounted, .mandatOnHold, .mandatTakenInCharge,
            .mandatRejected, .mandatSettled, .paid, .paymentOffset:
            return .comptable
        case .other:
            switch e.source {
            case .pesAcquit, .pesRetour: return .comptable
            case .pesAller: return .ordonnateur
            default: return .platform
            }
        }
    }
}

/// The board as CSV (RFC 4180: comma, CRLF, fields quoted when they hold a comma, quote or line break; quotes
/// doubled). ISO dates and normalised amounts, so that spreadsheets and scripts read the same values.
public enum BoardCSV {
    /// The header, in order. `amountDueEstimated` (last, so that the columns before it keep their places) is
    /// `true` when `amountDue` is the BT-112 − BT-113 + BT-114 estimate (BT-115 absent or unreadable), as the table's
    /// `*` and the JSON's field of the same name say.
    public static let columns = [
        "dossier", "buyer", "buyerName", "invoiceNumber", "contract", "amountDue", "currency", "stage", "holder",
        "daysAtHolder", "dueDate", "daysLeft", "interest", "blocked", "paid", "moneyAtStake", "findings",
        "amountDueEstimated",
    ]

    /// The header and one line per row, each ended by CRLF.
    public static func render(_ rows: [BoardRow]) -> String {
        var out = columns.map(field).joined(separator: ",") + "\r\n"
        for r in rows {
            let a = r.assessment
            let cells: [String?] = [
                r.dossierId, r.buyerId, r.buyerName, r.invoiceNumber, r.contractId, r.amountDue.map(Money.normalized),
                r.currency, a.stage, a.holder.rawValue, r.daysAtHolder.map(String.init), a.dueDate?.iso,
                r.daysLeft.map(String.init), a.interest.map(Money.normalized), a.blocked ? "true" : "false",
                r.paid ? "true" : "false", Money.normalized(r.moneyAtStake),
                a.findings.map(\.code).joined(separator: " "), r.amountDueEstimated ? "true" : "false",
            ]
            out += cells.map { field($0 ?? "") }.joined(separator: ",") + "\r\n"
        }
        return out
    }

    /// One CSV field, quoted when needed. A leading `=`, `+`, `-` or `@` is prefixed with `'` so that a
    /// spreadsheet does not run it as a formula (CSV injection), except for numbers like `-12.50`.
    public static func field(_ s: String) -> String {
        if let plain = asciiField(s) { return plain }
        var v = s
        let plainNumber = v.count > 1 && v.dropFirst().allSatisfy { "0123456789.".contains($0) }
        if let f = v.first, "=+-@".contains(f), !((f == "-" || f == "+") && plainNumber) { v = "'" + v }
        // On the bytes: `\r\n` is one `Character` in Swift, equal to neither "\n" nor "\r", so a test on
        // Characters left a CRLF inside a cell unquoted (a broken row).
        if v.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }) {
            return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return v
    }

    /// `field(_:)` on the bytes of an ASCII text without a carriage return (each byte is then one `Character`,
    /// so the result is the same), when it needs neither the `'` prefix nor quotes: the text itself, else nil.
    /// Almost every cell of the board takes this path, which does not walk `Character`s.
    static func asciiField(_ s: String) -> String? {
        var bytes = s
        let plain = bytes.withUTF8 { u -> Bool in
            guard let f = u.first else { return true }
            if f == UInt8(ascii: "=") || f == UInt8(ascii: "@") { return false }
            if f == UInt8(ascii: "-") || f == UInt8(ascii: "+") {
                // Kept as is only as a plain number (`-12.50`): more than one byte, the rest digits and dots.
                guard u.count > 1 else { return false }
                for b in u.dropFirst() where !((b >= 48 && b <= 57) || b == UInt8(ascii: ".")) { return false }
            }
            for b in u {
                if b >= 0x80 || b == UInt8(ascii: ",") || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\n")
                    || b == UInt8(ascii: "\r")
                {
                    return false
                }
            }
            return true
        }
        return plain ? s : nil
    }
}
