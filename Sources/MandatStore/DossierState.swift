import Crypto
import Foundation
import MandatCore

/// The materialised dossier state: what `status` needs of each dossier, kept in the store and refreshed after
/// each import for the dossiers the import touched, instead of linking the whole store on every read.
///
/// Three parts, all rebuilt from the facts at any time (`SQLMandatStore.rebuildDossierState`):
/// - **link keys** (`fact_keys`): for each stored fact, the values `DossierBuilder` links on (see its doc
///   comment): normalised invoice number (BT-1, BT-25, a mandat's `Facture` and inferred numbers, an event's
///   reference), Chorus id, bordereau (IdColl, Exer, IdBord), mandat piece number (`IdPce` ↔ a Chorus
///   `MANDATEE`'s mandat number), contract id. Two facts that `DossierBuilder` could ever put in one dossier,
///   or whose presence could change how the other links (an ambiguity), share a key;
/// - **dossier rows** (`dossier_state`): each dossier, whole, in `StoredDossier`'s compact text (column `json`),
///   plus columns read in SQL (buyer, contract, stage, holder, paid, amount due, due date, and `blocked_from`: the
///   first day the law's assessment calls it blocked), with `dossier_members` (fact → dossier) and
///   `unlinked_events`;
/// - a marker (setting `dossier_state`) with the format version and the law fingerprint the as_of-independent
///   columns were computed with.
///
/// The link keys of a fact are computed from the document it was read from and written in the same transaction
/// as the fact, with a row in `state_pending` (the facts the state has not taken in yet). After an import the
/// pending facts are the seeds, taken in `sort_key` order; the set of facts reached from them through the keys
/// (and through the dossiers they were in before) is closed under linking, so `DossierBuilder` run on that
/// subset gives exactly the dossiers a build of the whole store would give for those facts; only their rows are
/// replaced, and the whole closure leaves `state_pending`.
public enum DossierState {
    /// The setting that records that the state is built, and how.
    static let settingKey = "dossier_state"
    /// Format of the rows; a different stored version means a full rebuild. 2: `json` holds `StoredDossier`'s
    /// compact form instead of the dossier's JSON. 3: link keys and the facts still to refresh (`state_pending`)
    /// are written with the facts, in the import's transaction. 4: the law's `no-clock-start` finding (an invoice
    /// with no readable date is now blocked on every day: `blocked_from` changes).
    static let formatVersion = 4
    /// `blocked_from` for a dossier blocked on any date (sorts before every ISO date).
    static let alwaysBlocked = "0000-00-00"

    /// The marker stored in settings.
    struct Marker: Codable, Equatable {
        var version: Int
        var law: String
        /// The last `files.seq` whose facts the state includes: a higher one in `files` means the state is behind
        /// (an import stopped before its refresh, or a writer that does not refresh).
        var seq: Int
    }

    // MARK: fact ids

    /// Fact ids as `dossier_members` and `fact_keys` hold them: a one-letter table prefix and the row's key.
    enum Fact {
        static func invoice(_ key: String) -> String { "i:" + key }
        static func event(_ id: String) -> String { "e:" + id }
        static func mandat(_ key: String) -> String { "m:" + key }
        static func contract(_ buyer: String, _ id: String) -> String { "c:" + buyer + "/" + id }
        static func of(_ i: Invoice) -> String { invoice(i.key.description) }
        static func of(_ e: ChainEvent) -> String { event(e.id) }
        static func of(_ m: Mandat) -> String { mandat(StoreKeys.mandat(m.key)) }
        static func of(_ c: Contract) -> String { contract(StoreKeys.buyerDigits(c.buyerId) ?? "", c.id) }
    }

    // MARK: link keys

    /// A fact's link keys, computed where the fact is written (the import's reading tasks), and the key the
    /// refresh takes it in: its smallest invoice-number key (`n:`), else its smallest key, else its own id. The
    /// invoice, the statuses and the mandat of one invoice share that number, so they come in the same step
    /// wherever their files sit in the import.
    struct FactKeys: Sendable, Equatable {
        var fact: String
        /// Sorted.
        var keys: [String]
        var sortKey: String

        init(fact: String, keys: Set<String>) {
            self.fact = fact
            self.keys = keys.sorted()
            sortKey = self.keys.first { $0.hasPrefix("n:") } ?? self.keys.first ?? fact
        }

        static func of(_ x: Invoice) -> FactKeys { FactKeys(fact: Fact.of(x), keys: DossierState.keys(x)) }
        static func of(_ x: ChainEvent, id: String) -> FactKeys {
            FactKeys(fact: Fact.event(id), keys: DossierState.keys(x))
        }
        static func of(_ x: Mandat) -> FactKeys { FactKeys(fact: Fact.of(x), keys: DossierState.keys(x)) }
        static func of(_ x: Contract) -> FactKeys { FactKeys(fact: Fact.of(x), keys: DossierState.keys(x)) }
    }

    // Prefixes: n number, c Chorus id, b bordereau: shared both ways. A contract offers K and an invoice or mandat
    // asks k (an invoice that names a contract changes no other invoice's dossier; a contract changes all that
    // name it). A Chorus MANDATEE offers P and a mandat asks p likewise (piece numbers repeat in every bordereau).

    static func numberKey(_ s: String?) -> String? {
        guard let s else { return nil }
        let n = DossierBuilder.normalizedNumber(s)
        return n.isEmpty ? nil : "n:" + n
    }

    static func chorusKey(_ s: String?) -> String? {
        guard let c = s?.trimmingCharacters(in: .whitespaces), !c.isEmpty else { return nil }
        return "c:" + c
    }

    static func bordereauKey(_ k: MandatKey) -> String { "b:" + k.idColl + "\u{1F}" + k.exer + "\u{1F}" + k.idBord }

    static func contractKey(_ s: String, offered: Bool) -> String? {
        let n = DossierBuilder.normalizedContractId(s)
        return n.isEmpty ? nil : (offered ? "K:" : "k:") + n
    }

    /// A piece number as `DossierBuilder` compares it: white space removed, upper case, leading zeros dropped when
    /// all digits.
    static func pieceKey(_ s: String?, offered: Bool) -> String? {
        guard let s else { return nil }
        let n = DossierBuilder.normalizedNumber(s)
        guard !n.isEmpty else { return nil }
        var v = n
        if n.unicodeScalars.allSatisfy({ $0.value >= 48 && $0.value <= 57 }) {
            let t = n.drop { $0 == "0" }
            v = t.isEmpty ? "0" : String(t)
        }
        return (offered ? "P:" : "p:") + v
    }

    static func keys(_ i: Invoice) -> Set<String> {
        var k = Set<String>()
        if let n = numberKey(i.invoiceNumber) { k.insert(n) }
        if let c = chorusKey(i.chorusId) { k.insert(c) }
        for p in i.precedingInvoices { if let n = numberKey(p) { k.insert(n) } }
        if let r = i.contractReference, let c = contractKey(r, offered: false) { k.insert(c) }
        return k
    }

    static func keys(_ e: ChainEvent) -> Set<String> {
        var k = Set<String>()
        if let n = numberKey(e.invoice?.number) { k.insert(n) }
        if let c = chorusKey(e.invoice?.chorusId) { k.insert(c) }
        if let m = e.mandat { k.insert(bordereauKey(m)) }
        if let p = pieceKey(e.details["mandatNumber"], offered: true) { k.insert(p) }
        return k
    }

    static func keys(_ m: Mandat) -> Set<String> {
        var k: Set<String> = [bordereauKey(m.key)]
        for n in m.invoiceNumbers + m.inferredInvoiceNumbers { if let x = numberKey(n) { k.insert(x) } }
        if let p = pieceKey(m.key.idPce, offered: false) { k.insert(p) }
        for c in m.contractIds { if let x = contractKey(c, offered: false) { k.insert(x) } }
        return k
    }

    static func keys(_ c: Contract) -> Set<String> {
        contractKey(c.id, offered: true).map { [$0] } ?? []
    }

    /// The keys whose facts a fact holding `key` must be rebuilt with.
    static func reach(_ key: String) -> [String] {
        guard let first = key.first else { return [] }
        let rest = key.dropFirst()
        switch first {
        case "k": return ["K" + rest]
        case "K": return [key, "k" + rest]
        case "p": return ["P" + rest]
        case "P": return [key, "p" + rest]
        default: return [key]
        }
    }

    // MARK: rows

    /// One row of `dossier_state`.
    package struct Row: Sendable {
        package var id: String
        package var buyer: String?
        package var seller: String?
        package var contract: String?
        package var stage: String
        package var holder: String
        package var paid: Bool
        package var amountDue: String?
        package var dueDate: String?
        package var blockedFrom: String?
        package var json: String
        /// The facts of the dossier (contracts left out: they link, they do not merge dossiers).
        package var members: [String]
    }

    /// The row of a dossier under `law`; the dossier itself in `StoredDossier`'s form.
    ///
    /// The columns come from the law's assessment on the far day made without texts (the stage, holder, due date
    /// and blocked-ness do not depend on them), and the board's own columns (`BoardRow.buyerId` …).
    static func row(_ d: Dossier, law: LawAssessor) throws -> Row {
        let basis = law.basis(d)
        let dates = ownDates(d)
        let far = farDate(dates, law: law)
        let a = law.lawAssessment(basis, asOf: far, texts: false)
        let stage = a.stage.rawValue
        var members = basis.eventIds.map(Fact.event) + d.mandats.map(Fact.of)
        if let i = d.invoice { members.append(Fact.of(i)) }
        return Row(
            id: d.id, buyer: BoardRow.buyerId(d), seller: BoardRow.sellerName(d), contract: BoardRow.contractId(d),
            stage: stage, holder: a.holder.rawValue, paid: BoardRow.isPaid(stage: stage),
            amountDue: BoardRow.amountDue(d).map(Money.normalized), dueDate: a.dueDate?.iso,
            blockedFrom: blockedFrom(
                basis, law: law, blockedAtFar: LawAssessor.isBlocked(a), far: far, dates: dates,
                hints: [a.dueDate, a.interestDueBy].compactMap { $0?.adding(days: 1) }),
            json: try StoredDossier.encode(d), members: members)
    }

    /// The rows of `dossiers` in their order, computed on every core: the law's assessments (the full one on the
    /// far day and the bisection of `blockedFrom`) and the JSON are most of a refresh's CPU, and each dossier's row
    /// depends on that dossier alone.
    ///
    /// - Parameter cores: how many cores to spread the work on (every core by default; 1 runs on the caller's).
    package static func rows(
        _ dossiers: [Dossier], law: LawAssessor, cores: Int = ProcessInfo.processInfo.activeProcessorCount
    ) async throws -> [Row] {
        let parts: [Result<[Row], any Error>] = ParallelWork.mapChunks(dossiers, minimumChunk: 8, cores: cores) {
            part in
            [Result { try part.map { try row($0, law: law) } }]
        }
        var out: [Row] = []
        out.reserveCapacity(dossiers.count)
        for p in parts { out += try p.get() }
        return out
    }

    static let earlyDate = CivilDate(year: 1900, month: 1, day: 1)!

    /// The dossier's own dates: its events', its mandats' bordereaux, its invoice's (issue, due, delivery, end of
    /// the invoicing period, receipt).
    static func ownDates(_ d: Dossier) -> [CivilDate] {
        var dates = d.events.compactMap(\.date) + d.mandats.compactMap(\.bordereauDate)
        if let i = d.invoice {
            dates += [i.issueDate, i.dueDate, i.deliveryDate, i.invoicingPeriodEnd, i.receptionDate].compactMap { $0 }
        }
        return dates
    }

    /// A day after which no threshold of the law can still be ahead: a century after the dossier's last date
    /// (and at least 2200-01-01), plus the configured delays.
    static func farDate(_ d: Dossier, law: LawAssessor) -> CivilDate { farDate(ownDates(d), law: law) }

    /// `farDate` from the dossier's own dates (`ownDates`).
    static func farDate(_ dates: [CivilDate], law: LawAssessor) -> CivilDate {
        var last = CivilDate(year: 2200, month: 1, day: 1)!
        for x in dates where x > last { last = x }
        let c = law.config
        let slack = 36_500 + abs(c.staleDays) + abs(c.mandatedNotReceivedDays) + abs(c.interestPaymentDays)
        return last.adding(days: slack)
    }

    /// The first day the dossier is blocked, as an ISO date; `alwaysBlocked`; or nil (never).
    ///
    /// Each rule of the law that depends on the day is monotone in it (days at a holder, days late, days without
    /// news only grow; the paid-late rules hand over from one to the other at 45 days), so blocked-ness is too:
    /// once blocked on a day, blocked on every later day. Hence: not blocked on the far day means never; blocked on
    /// 1900-01-01 means always; otherwise the first day lies between a day known not blocked (`lo`) and a day
    /// known blocked (`hi`), and every assessment on a day between them moves one end: blocked, `hi` comes down to
    /// it, else `lo` comes up. Which days are tried changes only how many assessments it takes, never the day found.
    /// So the bracket is first narrowed from the dossier's own `dates`: the day before the earliest (before it,
    /// usually not blocked: 1900-01-01 then needs no check), the `hints` (days likely to be the first, such as
    /// the day after the due date), and days galloping up from the latest (+0, +1, +2, +4 …); then it is bisected.
    /// Each assessment is made without texts (`LawAssessor.isBlocked(_:asOf:)`). `status --blocked --as-of D`
    /// reads the rows with `blocked_from <= D` and assesses those again in full: a row read too many would be
    /// filtered out there.
    static func blockedFrom(
        _ basis: AssessmentBasis, law: LawAssessor, blockedAtFar: Bool, far: CivilDate, dates: [CivilDate],
        hints: [CivilDate]
    ) -> String? {
        guard blockedAtFar else { return nil }
        func blocked(_ day: Int) -> Bool { law.isBlocked(basis, asOf: CivilDate(dayNumber: day)) }
        let early = earlyDate.dayNumber
        // Invariant: blocked on `hi`; not blocked on `lo` once `loChecked`.
        var hi = far.dayNumber
        var lo = early
        var loChecked = false
        let days = dates.map(\.dayNumber)
        if let first = days.min(), first - 1 > early, first - 1 < hi {
            if blocked(first - 1) {
                hi = first - 1
            } else {
                lo = first - 1
                loChecked = true
            }
        }
        if !loChecked {
            if blocked(early) { return alwaysBlocked }
            loChecked = true
        }
        for h in hints.map(\.dayNumber).sorted() where h > lo && h < hi {
            if blocked(h) { hi = h } else { lo = h }
        }
        if let last = days.max(), last > lo {
            var step = 0
            while last + step < hi {
                let p = last + step
                if blocked(p) {
                    hi = p
                    break
                }
                lo = p
                step = step == 0 ? 1 : step * 2
            }
        }
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2
            if blocked(mid) { hi = mid } else { lo = mid }
        }
        let first = CivilDate(dayNumber: hi)
        // Years past 9999 would not sort as text: keep such a dossier a candidate on every day.
        return first.year > 9999 ? alwaysBlocked : first.iso
    }

    /// A fingerprint of everything in `law` that the as_of-independent columns depend on (category, known buyers,
    /// rates and thresholds; not the language).
    public static func lawFingerprint(_ law: LawAssessor) -> String {
        struct Basis: Encodable {
            var category: BuyerCategory
            var buyers: [String: BuyerProfile]
            var config: LawConfiguration
        }
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        let data = (try? enc.encode(Basis(category: law.category, buyers: law.buyers, config: law.config))) ?? Data()
        return SHA256.hash(data: data).map { b in (b < 16 ? "0" : "") + String(b, radix: 16) }.joined()
    }
}

/// What `status` reads from the materialised state: the candidate dossiers and the unlinked events.
public struct DossierStateSelection: Sendable {
    /// The dossiers that may pass the filter, sorted by id (the board assesses and filters them again).
    public var dossiers: [Dossier]
    /// Events that tie to no dossier or to several ambiguously, in `DossierBuilder`'s canonical order.
    public var unlinked: [ChainEvent]
    /// True when the rows were chosen in SQL with the stored law columns (same law fingerprint); false when
    /// every dossier was read because the state was computed under another law.
    public var prefiltered: Bool
}

/// What `status` prints from the materialised state: the board rows, already filtered and sorted.
public struct DossierStateBoard: Sendable {
    /// The rows `Board.rows` would give for the stored dossiers, filtered and sorted the same way.
    public var rows: [BoardRow]
    /// Events that tie to no dossier or to several ambiguously, in `DossierBuilder`'s canonical order.
    public var unlinked: [ChainEvent]
    /// True when the rows were chosen in SQL with the stored law columns (see `DossierStateSelection`).
    public var prefiltered: Bool
}

/// What refreshing the state changed, for the import summary.
public struct DossierStateChange: Sendable, Hashable {
    /// Dossiers that did not exist before / existed and changed.
    public var created: Int
    public var updated: Int
    /// Dossiers rebuilt (created, updated or unchanged) and rows removed (dossiers absorbed into another).
    public var rebuilt: Int
    public var removed: Int
    public init(created: Int = 0, updated: Int = 0, rebuilt: Int = 0, removed: Int = 0) {
        self.created = created
        self.updated = updated
        self.rebuilt = rebuilt
        self.removed = removed
    }
}

/// A store that keeps the materialised dossier state (`DossierState`).
public protocol DossierStateStore: Sendable {
    /// The highest `files.seq` recorded (0 when none): give it back to `refreshDossierState(afterSeq:law:)`
    /// after writing files.
    func lastFileSeq() async throws -> Int

    /// Whether the state is built, in the current format, under this law (else a refresh builds it in full).
    func dossierStateReady(law: LawAssessor) async throws -> Bool

    /// Rebuilds the dossiers linked to the facts written since the last refresh (`state_pending`: the files
    /// recorded after `afterSeq`, and those of an import stopped before its refresh), under `law`. Builds the
    /// whole state instead when it is missing (unless `afterSeq` is 0: every fact was then written with its keys),
    /// of an older format, or computed under another law.
    func refreshDossierState(afterSeq: Int, law: LawAssessor) async throws -> DossierStateChange

    /// Builds the whole state again from the facts.
    func rebuildDossierState(law: LawAssessor) async throws -> DossierStateChange

    /// The dossiers `status` needs: with `blockedAsOf`, those that may be blocked that day; with `holder`, those
    /// held by it. Nil when the state has not been built (the caller links the facts itself).
    func dossierStateSelection(blockedAsOf: CivilDate?, holder: Holder?, law: LawAssessor) async throws
        -> DossierStateSelection?

    /// The board rows as of `asOf` that `filter` accepts, from the stored dossiers (`blockedOnly` and `holder`
    /// chosen in SQL as `dossierStateSelection` does), each dossier decoded and assessed in a chunk on one core,
    /// only its row kept. Nil when the state has not been built (the caller links the facts itself).
    func dossierStateBoard(asOf: CivilDate, filter: BoardFilter, law: LawAssessor) async throws -> DossierStateBoard?
}
