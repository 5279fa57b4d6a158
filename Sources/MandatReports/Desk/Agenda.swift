import Foundation
import MandatCore
import MandatStore

/// One next action in a collector's agenda. `Sendable` value.
public struct AgendaItem: Codable, Sendable, Hashable {
    /// What to do.
    public enum Kind: String, Codable, Sendable, Hashable {
        /// Reminder before the due date, for a segmented buyer (DOMAIN.md §5, "relance avant échéance").
        case preDueReminder
        /// A follow-up after the due date, one step of the ladder (`step` 1–3).
        case followUp
        /// The ladder's last step: send the formal notice (`mandat letter ID --kind formal-notice`).
        case formalNotice
        /// A promise falls due: check it was kept.
        case promiseDue
        /// A promise was not kept: call back.
        case promiseExpired
    }

    public var date: CivilDate
    public var kind: Kind
    /// Ladder step, 1 to 4 (4 = formal notice), for `followUp` and `formalNotice`.
    public var step: Int?
    public var dossierId: String
    public var invoiceNumber: String
    public var buyerName: String
    public var buyerSiret: String?
    /// `ContactRole` raw value, or `letter` for the formal notice.
    public var contactRole: String
    public var contactName: String?
    public var contactPhone: String?
    public var contactEmail: String?
    /// Money at stake on the dossier, in `amountCurrency`.
    public var amount: Decimal
    /// ISO 4217 code of `amount`: the invoice's (BT-5); nil (an item saved before currencies) means euros.
    public var currency: String?
    /// `currency`, `EUR` when absent.
    public var amountCurrency: String { currency ?? "EUR" }
    public var dueDate: CivilDate?
    /// Before the agenda's date: it should already have been done.
    public var overdue: Bool
    /// The promise concerned (for `promiseDue` / `promiseExpired`).
    public var promiseId: Int?
    public var segments: [BuyerSegment]

    /// A stable identifier (for the iCalendar `UID`): the same action on the same dossier keeps it.
    public var uid: String {
        let key = [kind.rawValue, step.map(String.init) ?? "", promiseId.map(String.init) ?? "", dossierId, date.iso]
        return "\(kind.rawValue)-\(StableHash.hex(key.joined(separator: "\u{1F}")))@mandat"
    }
}

/// Builds the agenda of next actions from the dossiers, the buyer file, the log and the promises. Pure.
///
/// The ladder (offsets configurable in `DeskSettings.ladderDays`; defaults are calendar days after the legal
/// due date):
/// 1. due + 1: call the buyer's **service gestionnaire** (has the service fait been certified? any dispute?);
/// 2. due + 15: call the **ordonnateur's finance office** (liquidation, mandat, bordereau);
/// 3. due + 30: call the **comptable's office** (mandat received? taken in charge? payment date?);
/// 4. due + 45: send the **formal notice** (mise en demeure) with interest and the 40 € indemnity.
///
/// A step counts as done when the log holds an entry (any kind but `note`) for the dossier dated on or after the
/// step's date. Of the past steps not done only the highest is shown (escalation supersedes); future steps show
/// when within the horizon. Before the due date, dossiers of segmented buyers get one reminder at
/// due − `reminderDaysBefore`. Paid dossiers, closed ones (holder `nobody`) and ones waiting on us (holder
/// `supplier`: the digest's findings say what to fix) get no ladder. Open promises falling due within the
/// horizon and expired promises not yet followed up by a log entry are listed too.
public enum Agenda {
    /// The items as of `asOf`, ordered by date, then money at stake (largest first), then invoice number.
    public static func build(
        views: [DossierView], buyers: [BuyerRecord], log: [LogEntry], promises: [Promise], settings: DeskSettings,
        asOf: CivilDate
    ) -> [AgendaItem] {
        let horizonEnd = asOf.adding(days: settings.horizon)
        let buyerBySiret = Dictionary(buyers.map { ($0.siret, $0) }, uniquingKeysWith: { a, _ in a })
        let logByDossier = Dictionary(grouping: log.filter { $0.kind != .note }, by: \.dossierId)
        let viewsByBuyer = Dictionary(grouping: views, by: { $0.buyerSiret.map { $0.filter(\.isNumber) } ?? "" })
        var segmentCache: [String: [BuyerSegment]] = [:]
        func segments(_ siret: String?) -> [BuyerSegment] {
            guard let s = siret?.filter(\.isNumber), let b = buyerBySiret[s] else { return [] }
            if let c = segmentCache[s] { return c }
            let ids = Set((viewsByBuyer[s] ?? []).map(\.id))
            let r = BuyerSegments.segments(
                of: b, views: viewsByBuyer[s] ?? [], log: log.filter { ids.contains($0.dossierId) }, settings: settings)
            segmentCache[s] = r
            return r
        }
        func done(_ v: DossierView, since d: CivilDate) -> Bool {
            (logByDossier[v.id] ?? []).contains { $0.date >= d }
        }
        var items: [AgendaItem] = []
        func item(_ v: DossierView, _ date: CivilDate, _ kind: AgendaItem.Kind, step: Int?, role: String, promise: Int?)
            -> AgendaItem
        {
            let b = v.buyerSiret.flatMap { buyerBySiret[$0.filter(\.isNumber)] }
            let c = ContactRole(rawValue: role).flatMap { b?.contact($0) }
            return AgendaItem(
                date: date, kind: kind, step: step, dossierId: v.id, invoiceNumber: v.invoiceNumber,
                buyerName: b?.name ?? v.buyerName, buyerSiret: v.buyerSiret, contactRole: role, contactName: c?.name,
                contactPhone: c?.phone, contactEmail: c?.email, amount: v.moneyAtStake, currency: v.amountCurrency, dueDate: v.dueDate,
                overdue: date < asOf, promiseId: promise, segments: segments(v.buyerSiret))
        }
        let roles: [ContactRole] = [.serviceGestionnaire, .ordonnateurFinance, .comptableOffice]
        for v in views where v.paidDate == nil && v.holder != Holder.nobody.rawValue {
            if v.holder != Holder.supplier.rawValue, let due = v.dueDate {
                // Before the due date: one reminder for segmented buyers.
                let reminder = due.adding(days: -settings.reminderBefore)
                if asOf <= due, reminder <= horizonEnd, !segments(v.buyerSiret).isEmpty, !done(v, since: reminder) {
                    items.append(
                        item(
                            v, reminder, .preDueReminder, step: nil, role: ContactRole.serviceGestionnaire.rawValue,
                            promise: nil))
                }
                // After the due date: the ladder.
                var lastPastUndone: AgendaItem?
                for (k, offset) in settings.ladder.enumerated() {
                    let date = due.adding(days: offset)
                    let kind: AgendaItem.Kind = k == 3 ? .formalNotice : .followUp
                    let role = k == 3 ? "letter" : roles[k].rawValue
                    if date <= asOf {
                        if !done(v, since: date) {
                            lastPastUndone = item(v, date, kind, step: k + 1, role: role, promise: nil)
                        }
                    } else if date <= horizonEnd {
                        items.append(item(v, date, kind, step: k + 1, role: role, promise: nil))
                    }
                }
                if let l = lastPastUndone { items.append(l) }
            }
        }
        let viewById = Dictionary(views.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for p in promises {
            guard let v = viewById[p.dossierId] else { continue }
            let all = promises.filter { $0.dossierId == p.dossierId }
            let role = PromiseTracker.contact(for: p).rawValue
            switch PromiseTracker.status(p, view: v, all: all, asOf: asOf) {
            case .open where p.by <= horizonEnd:
                items.append(item(v, p.by, .promiseDue, step: nil, role: role, promise: p.id))
            case .expired:
                let day = p.by.adding(days: 1)
                if !done(v, since: day) {
                    items.append(item(v, day, .promiseExpired, step: nil, role: role, promise: p.id))
                }
            default: break
            }
        }
        return items.sorted {
            ($0.date, $1.amount, $0.invoiceNumber, $0.kind.rawValue) < (
                $1.date, $0.amount, $1.invoiceNumber, $1.kind.rawValue
            )
        }
    }

    /// The action's label: "relance n° 2 : service financier de l'ordonnateur", "mise en demeure", …
    public static func title(_ i: AgendaItem, _ lang: Lang) -> String {
        let who = ContactRole(rawValue: i.contactRole).map { DeskLabels.role($0, lang) } ?? i.contactRole
        switch (i.kind, lang) {
        case (.preDueReminder, .fr): return "relance avant échéance : \(who)"
        case (.preDueReminder, .en): return "reminder before the due date: \(who)"
        case (.followUp, .fr): return "relance n° \(i.step ?? 0) : \(who)"
        case (.followUp, .en): return "follow-up #\(i.step ?? 0): \(who)"
        case (.formalNotice, .fr): return "mise en demeure (courrier)"
        case (.formalNotice, .en): return "formal notice (letter)"
        case (.promiseDue, .fr): return "échéance d'une promesse (#\(i.promiseId ?? 0)) : vérifier auprès du \(who)"
        case (.promiseDue, .en): return "promise #\(i.promiseId ?? 0) falls due: check with \(who)"
        case (.promiseExpired, .fr): return "promesse non tenue (#\(i.promiseId ?? 0)) : rappeler le \(who)"
        case (.promiseExpired, .en): return "promise #\(i.promiseId ?? 0) not kept: call back \(who)"
        }
    }

    static func contactLine(_ i: AgendaItem) -> String? {
        let parts = [i.contactName, i.contactPhone, i.contactEmail].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    /// The agenda as plain text: overdue actions first, then what comes up to the horizon.
    public static func renderText(_ items: [AgendaItem], asOf: CivilDate, person: String?, lang: Lang) -> String {
        let fr = lang == .fr
        var out = (fr ? "Agenda au " : "Agenda as of ") + Labels.date(asOf, lang)
        if let p = person { out += " — \(p)" }
        out += "\n"
        if items.isEmpty { return out + (fr ? "Rien à faire.\n" : "Nothing to do.\n") }
        let late = items.filter(\.overdue)
        let next = items.filter { !$0.overdue }
        func line(_ i: AgendaItem) -> String {
            var s = "  \(Labels.date(i.date, lang))  \(i.invoiceNumber) · \(i.buyerName) — \(title(i, lang))"
            if let c = contactLine(i) { s += " (\(c))" }
            s += " — \(Labels.money(i.amount, lang, currency: i.amountCurrency))"
            if let d = i.dueDate { s += (fr ? " — échéance " : " — due ") + Labels.date(d, lang) }
            return s + "\n"
        }
        if !late.isEmpty {
            out += (fr ? "En retard\n" : "Overdue\n") + late.map(line).joined()
        }
        if !next.isEmpty {
            out += (fr ? "À venir\n" : "Coming up\n") + next.map(line).joined()
        }
        return out
    }

    /// The agenda as iCalendar events (one all-day event per action).
    public static func events(_ items: [AgendaItem], lang: Lang) -> [ICalendar.Event] {
        items.map { i in
            var desc = ["\(i.invoiceNumber) — \(i.buyerName)", Labels.money(i.amount, lang, currency: i.amountCurrency)]
            if let d = i.dueDate {
                desc.append((lang == .fr ? "Échéance légale : " : "Legal due date: ") + Labels.date(d, lang))
            }
            if let c = contactLine(i) { desc.append(c) }
            desc.append("mandat call-sheet \(i.dossierId)")
            return ICalendar.Event(
                uid: i.uid, date: i.date, summary: "\(i.invoiceNumber) : \(title(i, lang))",
                description: desc.joined(separator: "\n"), categories: ["Mandat", i.kind.rawValue])
        }
    }
}
