import Foundation

/// Stage and holder from the set of events (DOMAIN.md §1).
///
/// Rules, in order (each "later" compares event dates, never arrival order):
/// 1. Fully paid (a PES `OrgEma` 01 payment covering the amount due, or a Chorus `MISE_EN_PAIEMENT` / CDAR 211)
///    → `paid` (or `paidOnRequisition` with a PES `NatPce` 19), holder nobody.
/// 2. Cancelled (CDAR 220) → `cancelled`; rejected (Chorus `REJETEE`, CDAR 210: terminal) → `rejected`,
///    holder supplier (a new invoice is needed).
/// 3. With a mandat (PES_Aller or Chorus `MANDATEE`, both optional evidence): the most recent unresolved
///    Hélios or comptable block (`integrationRejected`, `mandatOnHold`, `mandatRejected`) wins; then an
///    assignment or opposition; then the most advanced progress (taken in charge > at comptable > mandated).
///    Progress is taken by rank, so a late Chorus `MANDATEE` after a payment never moves a dossier back
///    (Chorus statuses can arrive out of order: CP-HELIOS).
/// 4. Without a mandat: the most recent unresolved branch among deposit rejected, routing returned,
///    suspended and disputed; else the most advanced progress (service certified > completed > made
///    available > deposited). Optional statuses prove nothing by their absence.
struct StageResolver {
    let facts: ChainFacts
    let mandats: [Mandat]
    let fullyPaid: Bool

    struct Result {
        var stage: Stage
        var holder: Holder
        var since: CivilDate?
        /// The events that set the stage.
        var evidence: [ChainEvent]
    }

    /// The date the mandat was (last) issued: latest `mandated` event or bordereau date.
    var lastMandatDate: CivilDate? {
        (facts.all(.mandated).compactMap(\.date) + mandats.compactMap(\.bordereauDate)).max()
    }
    var firstMandatDate: CivilDate? {
        (facts.all(.mandated).compactMap(\.date) + mandats.compactMap(\.bordereauDate)).min()
    }
    /// The latest mandat issue read from PES (PES_Aller event or bordereau date): authoritative, unlike a
    /// Chorus `MANDATEE` that an ordonnateur may set late.
    var lastPESMandatDate: CivilDate? {
        (facts.all(.mandated).filter { $0.source == .pesAller }.compactMap(\.date) + mandats.compactMap(\.bordereauDate))
            .max()
    }
    var hasMandat: Bool { !mandats.isEmpty || facts.has(.mandated) }

    func resolve() -> Result {
        if fullyPaid {
            let pays = facts.all(.paid)
            let req = facts.all(.requisition)
            return Result(
                stage: req.isEmpty ? .paid : .paidOnRequisition, holder: .nobody,
                since: pays.compactMap(\.date).max(), evidence: pays + req)
        }
        if let c = facts.latest(.cancelled) {
            return Result(stage: .cancelled, holder: .nobody, since: c.date, evidence: [c])
        }
        if let r = facts.earliestDated(.rejected) {
            return Result(stage: .rejected, holder: .supplier, since: r.date, evidence: facts.all(.rejected))
        }
        if hasMandat { return resolveAfterMandat() }
        return resolveBeforeMandat()
    }

    private func ordonnateurSince() -> CivilDate? {
        facts.all(.madeAvailable, .completed, .integrationRejected, .mandatOnHold, .mandatRejected)
            .compactMap(\.date).max()
    }

    private func resolveAfterMandat() -> Result {
        // Unresolved blocks, most recent first.
        var blocks: [(ChainEvent, Stage)] = []
        for e in facts.all(.integrationRejected)
        where !facts.hasEvent(
            [.receivedByComptable, .mandatTakenInCharge, .mandatSettled, .accounted], after: e.date, orSameDay: true)
            && !facts.hasEvent([.mandated], after: e.date, orSameDay: false)
        {
            blocks.append((e, .integrationRejected))
        }
        for e in facts.all(.mandatOnHold)
        where !facts.hasEvent([.mandatTakenInCharge, .mandatSettled, .mandatRejected], after: e.date, orSameDay: true)
            && !facts.hasEvent([.mandated, .receivedByComptable], after: e.date, orSameDay: false)
        {
            blocks.append((e, .mandatOnHold))
        }
        for e in facts.all(.mandatRejected)
        where !facts.hasEvent(
            [.mandated, .receivedByComptable, .mandatTakenInCharge, .mandatSettled], after: e.date, orSameDay: false)
        {
            blocks.append((e, .mandatRejected))
        }
        if let top = blocks.max(by: { a, b in ChainFacts.canonicalOrder(a.0, b.0) }) {
            return Result(
                stage: top.1, holder: .ordonnateur, since: top.0.date,
                evidence: blocks.filter { $0.1 == top.1 }.map(\.0))
        }
        let received = facts.all(.receivedByComptable)
        let comptableSince = received.compactMap(\.date).max() ?? estimatedComptableReceipt
        if let a = facts.latest(.assignedOrOpposed) {
            return Result(stage: .assignedOrOpposed, holder: .comptable, since: comptableSince ?? a.date, evidence: [a])
        }
        // A mandat re-issued in PES after everything the comptable did (e.g. after a rejection) is back in transit.
        let comptableSide: Set<EventKind> = [.receivedByComptable, .mandatTakenInCharge, .mandatSettled, .accounted]
        if let lp = lastPESMandatDate, !facts.all(comptableSide).isEmpty,
            !facts.hasEvent(comptableSide, after: lp, orSameDay: true)
        {
            return Result(
                stage: .mandated, holder: .ordonnateur, since: ordonnateurSince() ?? lp, evidence: facts.all(.mandated))
        }
        let pec = facts.all(.mandatTakenInCharge, .mandatSettled, .accounted)
        if !pec.isEmpty {
            return Result(stage: .takenInCharge, holder: .comptable, since: comptableSince, evidence: pec)
        }
        if !received.isEmpty {
            return Result(stage: .atComptable, holder: .comptable, since: comptableSince, evidence: received)
        }
        return Result(
            stage: .mandated, holder: .ordonnateur, since: ordonnateurSince() ?? firstMandatDate,
            evidence: facts.all(.mandated))
    }

    /// Bordereau date + 2 days (décret 2013-269 art. 13), when no receipt is evidenced. Set by the assessor.
    var estimatedComptableReceipt: CivilDate?

    private func resolveBeforeMandat() -> Result {
        var blocks: [(ChainEvent, Stage, Holder)] = []
        for e in facts.all(.depositRejected)
        where !facts.hasEvent(
            [.deposited, .inTransit, .madeAvailable, .takenIntoProcessing], after: e.date, orSameDay: false)
        {
            blocks.append((e, .depositRejected, .supplier))
        }
        for e in facts.all(.routingReturned)
        where !facts.hasEvent([.madeAvailable, .deposited, .inTransit], after: e.date, orSameDay: false) {
            blocks.append((e, .routingReturned, .supplier))
        }
        for e in facts.all(.suspended) where !facts.hasEvent([.completed], after: e.date, orSameDay: true) {
            blocks.append((e, .suspended, .supplier))
        }
        for e in facts.all(.disputed)
        where !facts.hasEvent([.approved, .serviceCertified, .completed], after: e.date, orSameDay: false) {
            blocks.append((e, .disputed, .ordonnateur))
        }
        if let top = blocks.max(by: { a, b in ChainFacts.canonicalOrder(a.0, b.0) }) {
            return Result(
                stage: top.1, holder: top.2, since: top.0.date, evidence: blocks.filter { $0.1 == top.1 }.map(\.0))
        }
        let certified = facts.all(.serviceCertified, .approved)
        let completedEvents = facts.all(.completed)
        if let lastCompleted = completedEvents.last,
            !facts.hasEvent([.serviceCertified, .approved], after: lastCompleted.date, orSameDay: false)
        {
            return Result(stage: .completed, holder: .ordonnateur, since: ordonnateurSince(), evidence: completedEvents)
        }
        if !certified.isEmpty {
            return Result(
                stage: .serviceCertified, holder: .ordonnateur, since: ordonnateurSince(), evidence: certified)
        }
        let available = facts.all(.madeAvailable, .takenIntoProcessing)
        if !available.isEmpty {
            return Result(
                stage: .madeAvailable, holder: .ordonnateur,
                since: ordonnateurSince() ?? available.compactMap(\.date).min(), evidence: available)
        }
        let deposited = facts.all(.deposited, .inTransit)
        return Result(
            stage: .deposited, holder: .platform, since: deposited.compactMap(\.date).min(), evidence: deposited)
    }
}
