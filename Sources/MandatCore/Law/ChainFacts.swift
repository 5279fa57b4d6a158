import Foundation

/// The set of a dossier's events, de-duplicated by `ChainEvent.id` and put in a canonical order, with the
/// questions the law asks of it. Built from a set: arrival order and duplicates never change an answer.
struct ChainFacts: Sendable {
    /// Events de-duplicated by id, sorted by (date, chain rank, id): undated events first.
    let events: [ChainEvent]
    /// `events[i].id`, each computed once (it hashes the whole event).
    let ids: [String]

    init(_ raw: [ChainEvent]) { self.init(identified: raw.map { ($0.id, $0) }) }

    /// From events paired with their ids (`ChainEvent.id`, computed by the caller).
    init(identified raw: [(String, ChainEvent)]) {
        var seen = Set<String>()
        var unique: [ChainEvent] = []
        var ids: [String] = []
        unique.reserveCapacity(raw.count)
        ids.reserveCapacity(raw.count)
        for (id, e) in ChainFacts.sorted(identified: raw) where seen.insert(id).inserted {
            unique.append(e)
            ids.append(id)
        }
        events = unique
        self.ids = ids
    }

    /// Events in canonical order with their ids, each id computed once (it hashes the whole event).
    static func sortedWithIds(_ raw: [ChainEvent]) -> [(String, ChainEvent)] {
        sorted(identified: raw.map { ($0.id, $0) })
    }

    /// Events paired with their ids, in canonical order (`canonicalOrder`). The sort keys (day number, chain rank)
    /// are computed once per event, not on every comparison; the comparisons give the same answers as
    /// `canonicalOrder`, so the order is the same.
    static func sorted(identified raw: [(String, ChainEvent)]) -> [(String, ChainEvent)] {
        struct Key {
            var day: Int
            var rank: Int
            var index: Int
        }
        let keys = raw.indices.map { i in
            Key(day: raw[i].1.date?.dayNumber ?? Int.min, rank: chainRank(raw[i].1.kind), index: i)
        }
        let order = keys.sorted { x, y in
            if x.day != y.day { return x.day < y.day }
            if x.rank != y.rank { return x.rank < y.rank }
            let a = raw[x.index], b = raw[y.index]
            if a.0 != b.0 { return a.0 < b.0 }
            if a.1.sourceRef.file != b.1.sourceRef.file { return a.1.sourceRef.file < b.1.sourceRef.file }
            return (a.1.sourceRef.line ?? 0) < (b.1.sourceRef.line ?? 0)
        }
        return order.map { raw[$0.index] }
    }

    /// `events` in canonical order.
    static func sorted(_ raw: [ChainEvent]) -> [ChainEvent] { sortedWithIds(raw).map(\.1) }

    static func canonicalOrder(_ a: ChainEvent, _ b: ChainEvent) -> Bool {
        canonicalOrder(a, b, idA: nil, idB: nil)
    }

    static func canonicalOrder(_ a: ChainEvent, _ b: ChainEvent, idA: String?, idB: String?) -> Bool {
        let da = a.date?.dayNumber ?? Int.min, db = b.date?.dayNumber ?? Int.min
        if da != db { return da < db }
        let ra = chainRank(a.kind), rb = chainRank(b.kind)
        if ra != rb { return ra < rb }
        let ia = idA ?? a.id, ib = idB ?? b.id
        if ia != ib { return ia < ib }
        if a.sourceRef.file != b.sourceRef.file { return a.sourceRef.file < b.sourceRef.file }
        return (a.sourceRef.line ?? 0) < (b.sourceRef.line ?? 0)
    }

    /// Position of a kind along the chain, used only to order events of the same day.
    static func chainRank(_ k: EventKind) -> Int {
        switch k {
        case .deposited: return 0
        case .inTransit: return 1
        case .depositRejected: return 2
        case .madeAvailable: return 3
        case .routingReturned: return 4
        case .takenIntoProcessing: return 5
        case .suspended: return 6
        case .completed: return 7
        case .disputed: return 8
        case .approved: return 9
        case .serviceCertified: return 10
        case .rejected: return 11
        case .mandated: return 12
        case .integrationRejected: return 13
        case .receivedByComptable: return 14
        case .accounted: return 15
        case .mandatOnHold: return 16
        case .mandatTakenInCharge: return 17
        case .mandatRejected: return 18
        case .mandatSettled: return 19
        case .assignedOrOpposed: return 20
        case .requisition: return 21
        case .paymentOffset: return 22
        case .paid: return 23
        case .cashed: return 24
        case .cancelled: return 25
        case .other: return 26
        }
    }

    func all(_ kinds: EventKind...) -> [ChainEvent] { events.filter { kinds.contains($0.kind) } }
    func all(_ kinds: Set<EventKind>) -> [ChainEvent] { events.filter { kinds.contains($0.kind) } }
    func has(_ kinds: EventKind...) -> Bool { events.contains { kinds.contains($0.kind) } }

    /// The latest dated event of these kinds (canonical order breaks ties), else the last undated one.
    func latest(_ kinds: EventKind...) -> ChainEvent? { events.last { kinds.contains($0.kind) } }
    /// The earliest dated event of these kinds, else an undated one.
    func earliestDated(_ kinds: EventKind...) -> ChainEvent? {
        events.first { kinds.contains($0.kind) && $0.date != nil } ?? events.first { kinds.contains($0.kind) }
    }

    /// Whether some event of `kinds` is dated strictly after `date` (or on it when `orSameDay`).
    func hasEvent(_ kinds: Set<EventKind>, after date: CivilDate?, orSameDay: Bool) -> Bool {
        guard let date else { return events.contains { kinds.contains($0.kind) && $0.date != nil } }
        return events.contains { e in
            guard kinds.contains(e.kind), let d = e.date else { return false }
            return d > date || (orSameDay && d == date)
        }
    }

    /// The latest date among all dated events.
    var lastDate: CivilDate? { events.compactMap(\.date).max() }

    /// Whether this PES mandat (or its whole bordereau) was rejected by a PES_ACQUIT (`integrationRejected`) and not
    /// accepted since: an acceptance clears the rejection when it is later, or the same day at the same level (a
    /// bordereau accepted the day one of its pieces is rejected does not clear that piece). A rejected bordereau
    /// never reached the comptable (décret 2013-269 art. 13 presumes a receipt only for what was sent and kept).
    func isRejectedByHelios(_ key: MandatKey) -> Bool {
        // An event on the bordereau (no IdPce) concerns every piece; one on a piece, that piece only.
        func concerns(_ e: ChainEvent) -> Bool { e.mandat.map { DossierBuilder.sameMandat($0, key) } ?? false }
        let rejections = all(.integrationRejected).filter(concerns)
        guard !rejections.isEmpty else { return false }
        guard let last = rejections.compactMap(\.date).max() else { return true }
        let pieceLevel = rejections.contains { $0.date == last && $0.mandat?.idPce != nil }
        return !all(.receivedByComptable).contains { e in
            guard concerns(e), let d = e.date else { return false }
            return d > last || (d == last && (!pieceLevel || e.mandat?.idPce != nil))
        }
    }
}
