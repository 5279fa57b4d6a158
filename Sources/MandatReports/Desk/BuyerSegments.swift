import Foundation
import MandatCore
import MandatStore

/// Computes which segments a buyer is in, from its dossiers, log and the thresholds of `DeskSettings`.
///
/// Pure. The rules are on `BuyerSegment`'s cases; segments set by hand in the buyer file are always kept.
public enum BuyerSegments {
    /// Stages that count as a dispute-like block for `oftenDisputing`.
    static let disputeStages: Set<String> = ["disputed", "rejected", "suspended", "routingReturned"]

    /// The délai global de paiement for a category, calendar days, as the law computes it
    /// (`DossierAssessor.delayDays`: 30 for the State and local authorities, CCP R.2192-10; 50 for hospitals,
    /// R.2192-11 1°; 60 for public undertakings, R.2192-11 2°; a shorter contractual delay wins, L.2192-10).
    /// An unknown category counts as a local authority (30 days), as in the configuration's default.
    public static func legalDelayDays(_ category: BuyerCategory?, contractual: Int? = nil) -> Int {
        DossierAssessor.delayDays(
            for: BuyerProfile(category: category ?? .localAuthority, contractualDelayDays: contractual))
    }

    /// Days from the start of the legal clock to payment for a paid dossier: (paid − due) + legal delay.
    /// Nil when the dossier is unpaid or has no due date.
    public static func daysToPay(_ v: DossierView, delayDays: Int) -> Int? {
        guard let paid = v.paidDate, let due = v.dueDate else { return nil }
        return due.days(to: paid) + delayDays
    }

    /// The segments of one buyer as of a date: the hand-set ones plus the computed ones, sorted.
    /// - Parameters:
    ///   - views: the buyer's dossiers (all of them, paid and unpaid).
    ///   - log: the buyer's log entries (for `dispute` outcomes).
    public static func segments(
        of buyer: BuyerRecord, views: [DossierView], log: [LogEntry], settings: DeskSettings
    ) -> [BuyerSegment] {
        var s = Set(buyer.segments)
        let unpaid = views.filter { $0.paidDate == nil && $0.holder != Holder.nobody.rawValue }
        if unpaid.contains(where: { ($0.daysLate ?? 0) >= settings.atRiskDays }) { s.insert(.atRisk) }
        let disputes =
            views.filter { disputeStages.contains($0.stage) || $0.findings.contains { $0.code == "disputed" } }.count
            + log.filter { $0.outcome == .dispute }.count
        if disputes >= settings.disputeCount { s.insert(.oftenDisputing) }
        let paid = views.filter { $0.paidDate != nil }
        if paid.count < settings.newPaidDossiers { s.insert(.new) }
        // The thresholds are in euros: only amounts in euros count (a SEK amount is never added to euros).
        let invoiced = views.filter { $0.amountCurrency == "EUR" }.reduce(Decimal(0)) { $0 + ($1.amountDue ?? 0) }
        let delay = legalDelayDays(buyer.category)
        let days = paid.compactMap { daysToPay($0, delayDays: delay) }
        let long: Bool
        if days.isEmpty {
            long = buyer.category == .hospital || buyer.category == .publicUndertaking
        } else {
            long = days.reduce(0, +) >= settings.longCircuit * days.count  // average ≥ threshold, in integers
        }
        if invoiced >= settings.largeAccount && long { s.insert(.largeAccountLongCircuit) }
        let outstanding = unpaid.filter { $0.amountCurrency == "EUR" }.reduce(Decimal(0)) { $0 + ($1.amountDue ?? 0) }
        if outstanding >= settings.largeReceivable { s.insert(.largeReceivable) }
        return s.sorted()
    }
}
