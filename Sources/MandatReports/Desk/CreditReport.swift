import Foundation
import MandatCore
import MandatStore

/// The cost of customer credit (DOMAIN.md §5): outstanding, days to pay, days over the legal delay, what financing
/// the outstanding costs, and late-payment interest owed to us against what was received. `Sendable` value.
///
/// Every amount is kept per currency (`CurrencyTotals`: the invoice's currency, BT-5; the 40 € indemnity in euros),
/// never added across currencies; a buyer with invoices in euros and in SEK has two amounts on each line.
///
/// Definitions (calendar days):
/// - *start* of a dossier's clock = legal due date − legal delay (the delay of the buyer's category, CCP R.2192-10/11);
/// - *outstanding* = Σ amount due of unpaid dossiers not closed (holder ≠ `nobody`);
/// - *average days to pay* (DSO over paid dossiers) = Σ (payment date − start) / number of paid dossiers, one decimal;
/// - *average days late* = Σ max(0, days late) / number of paid dossiers, one decimal;
/// - *overdue* = Σ amount due of unpaid dossiers past their due date;
/// - *financing cost* = Σ over unpaid dossiers of amount due × annual rate × (as-of − start) / 365, rounded to the cent;
/// - *interest owed* = Σ (late-payment interest + indemnity) per the law (the 40 € indemnity counted from the day
///   after the due date, CCP D.2192-35); *received* = Σ log entries with outcome `interestReceived`, counted in the
///   dossier's currency.
public struct CreditReport: Codable, Sendable, Hashable {
    /// How lines are grouped.
    public enum GroupBy: String, Codable, Sendable, CaseIterable {
        case buyer, contract
    }

    /// One group's figures.
    public struct Line: Codable, Sendable, Hashable {
        public var key: String
        public var label: String
        public var dossiers: Int
        public var unpaidDossiers: Int
        /// Per currency.
        public var outstanding: CurrencyTotals
        /// Per currency.
        public var overdue: CurrencyTotals
        public var paidDossiers: Int
        public var averageDaysToPay: Decimal?
        public var averageDaysLate: Decimal?
        /// Per currency, each rounded to the cent.
        public var financingCost: CurrencyTotals
        /// Interest in the invoice's currency, indemnity in euros.
        public var interestOwed: CurrencyTotals
        /// Per currency (the dossier's).
        public var interestReceived: CurrencyTotals
        /// Owed − received, per currency.
        public var interestBalance: CurrencyTotals { interestOwed.subtracting(interestReceived) }
    }

    public var asOf: CivilDate
    /// Annual financing rate, percent.
    public var ratePercent: Decimal
    public var groupBy: GroupBy
    public var lines: [Line]
    public var total: Line

    /// Builds the report.
    /// - Parameters:
    ///   - buyers: the buyer file (category → legal delay; unknown buyers count as local authorities, 30 days).
    ///   - log: every log entry (for `interestReceived` amounts).
    ///   - ratePercent: annual financing rate, percent (e.g. 5 for 5 %).
    public static func build(
        views: [DossierView], buyers: [BuyerRecord], log: [LogEntry], asOf: CivilDate, ratePercent: Decimal,
        groupBy: GroupBy
    ) -> CreditReport {
        let bySiret = Dictionary(buyers.map { ($0.siret, $0) }, uniquingKeysWith: { a, _ in a })
        var received: [String: Decimal] = [:]
        for e in log where e.outcome == .interestReceived { received[e.dossierId, default: 0] += e.amount ?? 0 }
        func key(_ v: DossierView) -> (String, String) {
            switch groupBy {
            case .buyer:
                let s = v.buyerSiret?.filter(\.isNumber) ?? ""
                return (s.isEmpty ? v.buyerName : s, bySiret[s]?.name ?? v.buyerName)
            case .contract:
                let c = v.contractId ?? "—"
                return (c == "—" ? c : ContractKeyNormaliser.normalise(c), c)
            }
        }
        func line(_ key: String, _ label: String, _ vs: [DossierView]) -> Line {
            var l = Line(
                key: key, label: label, dossiers: vs.count, unpaidDossiers: 0, outstanding: CurrencyTotals(),
                overdue: CurrencyTotals(), paidDossiers: 0, averageDaysToPay: nil, averageDaysLate: nil,
                financingCost: CurrencyTotals(), interestOwed: CurrencyTotals(), interestReceived: CurrencyTotals())
            var cost = CurrencyTotals()
            var daysToPay = 0
            var daysLate = 0
            for v in vs {
                let delay = BuyerSegments.legalDelayDays(
                    v.buyerSiret.flatMap { bySiret[$0.filter(\.isNumber)] }?.category)
                let late = v.daysLate ?? 0
                let currency = v.amountCurrency
                if v.paidDate == nil {
                    guard v.holder != Holder.nobody.rawValue else { continue }
                    let amount = v.amountDue ?? 0
                    l.unpaidDossiers += 1
                    l.outstanding.add(amount, currency)
                    l.overdue.add(late > 0 ? amount : 0, currency)
                    if let due = v.dueDate {
                        let days = max(0, due.adding(days: -delay).days(to: asOf))
                        cost.add(amount * ratePercent * Decimal(days) / Decimal(100 * 365), currency)
                    }
                } else {
                    l.paidDossiers += 1
                    daysToPay += BuyerSegments.daysToPay(v, delayDays: delay) ?? 0
                    daysLate += max(0, late)
                }
                // The interest is in the invoice's currency; the indemnity always in euros (CCP D.2192-35).
                l.interestOwed.add(Money.rounded(v.interest), currency)
                let indemnity = v.indemnity > 0 ? v.indemnity : (late > 0 ? 40 : 0)
                if indemnity > 0 { l.interestOwed.add(indemnity, "EUR") }
                l.interestReceived.add(received[v.id] ?? 0, currency)
            }
            l.financingCost = cost.rounded
            if l.paidDossiers > 0 {
                l.averageDaysToPay = Money.rounded(Decimal(daysToPay) / Decimal(l.paidDossiers), scale: 1)
                l.averageDaysLate = Money.rounded(Decimal(daysLate) / Decimal(l.paidDossiers), scale: 1)
            }
            return l
        }
        var groups: [String: (String, [DossierView])] = [:]
        for v in views {
            let (k, label) = key(v)
            groups[k, default: (label, [])].1.append(v)
        }
        // By outstanding in euros, then in the other currencies (by code), then by key.
        let lines = groups.map { line($0.key, $0.value.0, $0.value.1) }.sorted { a, b in
            let ea = a.outstanding["EUR"], eb = b.outstanding["EUR"]
            if ea != eb { return ea > eb }
            let oa = a.outstanding.sorted.filter { $0.currency != "EUR" }.map(\.amount)
            let ob = b.outstanding.sorted.filter { $0.currency != "EUR" }.map(\.amount)
            if oa != ob { return oa.lexicographicallyPrecedes(ob, by: >) }
            return a.key < b.key
        }
        return CreditReport(
            asOf: asOf, ratePercent: ratePercent, groupBy: groupBy, lines: lines,
            total: line("*", "Total", views))
    }

    /// The report as ordered JSON: each amount an object keyed by currency code, amounts as normalised decimal
    /// strings (`{"EUR": "12000.00", "SEK": "4820.15"}`), dates ISO, average days as decimal strings with one
    /// decimal or null (EXPECTED.md conventions).
    public var json: JSONValue {
        func days(_ d: Decimal?) -> JSONValue {
            d.map {
                .string(
                    NSDecimalNumber(decimal: Money.rounded($0, scale: 1)).description(
                        withLocale: Locale(identifier: "en_US_POSIX")))
            } ?? .null
        }
        func line(_ l: Line) -> JSONValue {
            .object([
                ("key", .string(l.key)), ("label", .string(l.label)), ("dossiers", .int(l.dossiers)),
                ("unpaidDossiers", .int(l.unpaidDossiers)), ("outstanding", l.outstanding.json),
                ("overdue", l.overdue.json), ("paidDossiers", .int(l.paidDossiers)),
                ("averageDaysToPay", days(l.averageDaysToPay)), ("averageDaysLate", days(l.averageDaysLate)),
                ("financingCost", l.financingCost.json), ("interestOwed", l.interestOwed.json),
                ("interestReceived", l.interestReceived.json), ("interestBalance", l.interestBalance.json),
            ])
        }
        return .object([
            ("asOf", .date(asOf)), ("ratePercent", .amount(ratePercent)), ("groupBy", .string(groupBy.rawValue)),
            ("lines", .array(lines.map(line))), ("total", line(total)),
        ])
    }

    /// The report as a text table.
    public func renderText(lang: Lang) -> String {
        let fr = lang == .fr
        let m = { (t: CurrencyTotals) in t.text(lang) }
        let days = { (d: Decimal?) -> String in
            guard let d else { return "—" }
            let t = NSDecimalNumber(decimal: Money.rounded(d, scale: 1)).description(
                withLocale: Locale(identifier: "en_US_POSIX"))
            return fr ? t.replacingOccurrences(of: ".", with: ",") : t
        }
        var o =
            (fr ? "Coût du crédit client au " : "Cost of customer credit as of ") + Labels.date(asOf, lang)
            + (fr ? " — taux de financement " : " — financing rate ")
            + (fr ? Money.french(ratePercent, currency: nil) : Money.english(ratePercent, currency: nil)) + " %\n"
        for l in lines + [total] {
            o += "\n" + l.label + (l.key == "*" || l.key == l.label ? "" : " (\(l.key))") + "\n"
            o +=
                (fr ? "  encours : " : "  outstanding: ") + m(l.outstanding)
                + (fr ? " (\(l.unpaidDossiers) dossier(s)), dont échu " : " (\(l.unpaidDossiers) dossier(s)), overdue ")
                + m(l.overdue) + "\n"
            o +=
                (fr ? "  délai moyen de paiement : " : "  average days to pay: ") + days(l.averageDaysToPay)
                + (fr ? " j ; retard moyen : " : " d; average days late: ") + days(l.averageDaysLate)
                + (fr ? " j (\(l.paidDossiers) payé(s))\n" : " d (\(l.paidDossiers) paid)\n")
            o +=
                (fr ? "  coût de financement de l'encours : " : "  financing cost of the outstanding: ")
                + m(l.financingCost) + "\n"
            o +=
                (fr ? "  intérêts moratoires dus : " : "  late-payment interest owed: ") + m(l.interestOwed)
                + (fr ? " ; reçus : " : "; received: ") + m(l.interestReceived)
                + (fr ? " ; reste : " : "; balance: ") + m(l.interestBalance) + "\n"
        }
        return o
    }
}
