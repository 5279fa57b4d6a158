import Foundation

// The legal clock (délai global de paiement): start, interruption, due date, days left or late, and the
// ordonnateur/comptable split. Sources: CCP R.2192-10 to R.2192-15, R.2192-27 to R.2192-29; décret 2013-269
// art. 12-13; DOMAIN.md §2.

extension AssessmentWork {
    /// Payments of the principal, in date order, capped at the amount due. Returns whether it is fully paid.
    ///
    /// PES `PaiementEmargement` with `OrgEma` 01 are the money (each with its own date and amount); only when there
    /// is none, the earliest Chorus `MISE_EN_PAIEMENT` / CDAR 211 dates a payment of the whole amount due.
    mutating func collectPayments() -> Bool {
        let paidEvents = facts.all(.paid).filter { $0.date != nil }
        let pes = paidEvents.filter { $0.source == .pesRetour }
        var raw: [(CivilDate, Decimal?)] = []
        if !pes.isEmpty {
            raw = pes.compactMap { e in e.date.map { ($0, e.amount) } }
        } else if let first = paidEvents.first, let d = first.date {
            raw = [(d, first.amount)]
        }
        raw.sort { $0.0 < $1.0 }
        let due = a.amountDue
        var left = due
        var total: Decimal = 0
        var lastDate: CivilDate?
        for (date, amount) in raw {
            var amt = amount ?? left ?? 0
            if let l = left {
                if l <= 0 { break }
                amt = min(amt, l)
                left = l - amt
            }
            total += amt
            lastDate = date
            a.payments.append(Payment(date: date, amount: amt, daysLate: 0, interest: 0))
        }
        a.paidAmount = total
        guard !raw.isEmpty else { return false }
        let full = due.map { total >= $0 - config.amountTolerance } ?? true
        if full { a.paidDate = lastDate ?? raw.last?.0 }
        if due == nil {
            a.notes.append(
                LocalizedText(
                    fr: "Montant dû inconnu (ni facture ni mandat) : le paiement est supposé complet.",
                    en: "Amount due unknown (no invoice, no mandat): the payment is taken as complete."))
        }
        return full
    }

    /// The comptable's receipt: the latest PES_ACQUIT acceptance or Chorus `MISE_A_DISPOSITION_COMPTABLE`; failing
    /// both, the (latest) bordereau date + 2 days, an estimate (décret 2013-269 art. 13).
    mutating func findComptableReceipt() {
        let lastPES = resolver.lastPESMandatDate
        if let d = facts.all(.receivedByComptable).compactMap(\.date).max(), lastPES.map({ d >= $0 }) ?? true {
            a.comptableReceipt = d
        } else if resolver.hasMandat, let m = lastPES ?? resolver.lastMandatDate {
            a.comptableReceipt = m.adding(days: config.comptableReceiptEstimateDays)
            a.comptableReceiptIsEstimate = true
        }
    }

    /// Start, interruption, due date, days left or late.
    mutating func runClock() {
        let delay = a.delayDays
        // Receipt: made available (R.2192-15); after an A_RECYCLER, the first made-available after it.
        let available = facts.all(.madeAvailable).compactMap(\.date)
        let lastReturn = facts.all(.routingReturned).compactMap(\.date).max()
        let afterReturn = lastReturn.map { r in available.filter { $0 > r } } ?? []
        var start: CivilDate?
        if let d = (afterReturn.isEmpty ? available : afterReturn).min() {
            start = d
            a.startSource = .madeAvailable
        } else if let d = dossier.invoice?.receptionDate {
            start = d
            a.startSource = .reception
        } else if let d = dossier.invoice?.issueDate {
            start = d.adding(days: config.receiptEstimateDays)
            a.startSource = .invoiceDateEstimate
            a.startIsEstimate = true
            a.notes.append(
                LocalizedText(
                    fr: "Date de réception inconnue : départ estimé à la date de facture + 2 jours (R.2192-14).",
                    en: "No receipt date: start estimated as invoice date + 2 days (R.2192-14)."))
        }
        // Performance later than receipt moves the start (R.2192-13): BT-72 delivery, BT-74 period end.
        let performed = [dossier.invoice?.deliveryDate, dossier.invoice?.invoicingPeriodEnd].compactMap { $0 }.max()
        if let p = performed, let s = start, p > s {
            start = p
            a.startSource = .performance
            a.startIsEstimate = false
        }
        a.start = start
        guard let start else {
            a.notes.append(
                LocalizedText(
                    fr: "Aucune date ne permet de faire partir le délai de paiement.",
                    en: "No date to start the payment clock from."))
            return
        }

        // One interruption, before the mandat (R.2192-27, R.2192-28); new delay max(30, balance) (R.2192-29).
        let suspensions = facts.all(.suspended).filter { $0.date != nil }
        var due = start.adding(days: delay)
        if let first = suspensions.first, let sDate = first.date,
            resolver.firstMandatDate.map({ sDate < $0 }) ?? true
        {
            let elapsed = max(0, start.days(to: sDate))
            let balance = max(0, delay - elapsed)
            let newDelay = max(config.newDelayAfterInterruptionDays, balance)
            let completion = facts.all(.completed).compactMap(\.date).filter { $0 >= sDate }.min()
            a.interruption = Interruption(
                suspendedOn: sDate, completedOn: completion, elapsedDays: elapsed, balanceDays: balance,
                newDelayDays: newDelay)
            ignoredSuspensions = Array(suspensions.dropFirst())
            if let c = completion {
                due = c.adding(days: newDelay)
            } else {
                a.clockInterrupted = true
                return
            }
        } else {
            ignoredSuspensions = suspensions
        }
        a.dueDate = due
        let end = a.paidDate ?? asOf
        if a.paidDate == nil && asOf <= due {
            a.daysLeft = asOf.days(to: due)
            a.daysLate = 0
        } else {
            a.daysLate = max(0, due.days(to: end))
        }
    }

    /// Days on each side and the shares (décret 2013-269 art. 12-13): ordonnateur from the start to the
    /// comptable's receipt (less a counted interruption), comptable from the receipt to the payment.
    mutating func splitShares() {
        guard let start = a.start, let share = DossierAssessor.comptableShareDays(for: buyer) else { return }
        let end = a.paidDate ?? (a.stage.isTerminal ? a.since : nil) ?? asOf
        var interrupted = 0
        if let i = a.interruption {
            interrupted = max(0, i.suspendedOn.days(to: min(i.completedOn ?? end, end)))
        }
        let effectiveDelay: Int
        if let due = a.dueDate, a.interruption != nil {
            effectiveDelay = start.days(to: due) - interrupted
        } else {
            effectiveDelay = a.delayDays
        }
        a.comptableShareDays = share
        a.ordonnateurShareDays = max(0, effectiveDelay - share)
        if let r = a.comptableReceipt, r <= end {
            a.ordonnateurDays = max(0, start.days(to: r) - interrupted)
            a.comptableDays = max(0, r.days(to: end))
        } else if a.paidDate == nil && !a.stage.isTerminal {
            // Not yet received by the comptable: the ordonnateur's days are still running.
            a.ordonnateurDays = max(0, start.days(to: end) - interrupted)
        }
        // Paid or ended with no evidence of the comptable's receipt (no PES, optional Chorus statuses absent):
        // the days cannot be split, and absence proves nothing, so both sides stay unknown.
        if let o = a.ordonnateurDays, let s = a.ordonnateurShareDays { a.ordonnateurOverDays = max(0, o - s) }
        if let c = a.comptableDays { a.comptableOverDays = max(0, c - share) }
    }
}

extension AssessmentWork {
    /// Compares the `DGP` block the ordonnateur put on its mandats (PES-XSD `CommunDepense.xsd`) with Mandat's
    /// clock, and notes every difference: `Dgp` = 1 (declared not eligible), another `DureeDgp`, a `TxIntMor` other
    /// than the legal rate for interest starting the day after `DteFinDgp`, another `DteFinDgp`. Notes only: the law, not the ordonnateur's declaration, sets the clock.
    mutating func crossCheckMandatDGP() {
        for m in dossier.mandats {
            guard let g = m.dgp else { continue }
            if g.dgp == "1" {
                a.notes.append(
                    LocalizedText(
                        fr: "Le mandat \(m.key) est déclaré non éligible au délai global de paiement (Dgp = 1).",
                        en: "Mandat \(m.key) is declared not eligible to the payment delay (Dgp = 1)."))
            }
            if let days = g.days, days != a.delayDays {
                a.notes.append(
                    LocalizedText(
                        fr:
                            "Le mandat \(m.key) déclare un délai de \(days) jours ; Mandat applique \(a.delayDays) jours.",
                        en: "Mandat \(m.key) declares a \(days)-day delay; Mandat applies \(a.delayDays) days."))
            }
            if let declared = g.rate, let end = g.end ?? a.dueDate,
                let legal = config.rateTable.interestRate(
                    startingOn: end.adding(days: 1), marginPoints: config.interestMarginPoints),
                declared != legal.interestRate
            {
                a.notes.append(
                    LocalizedText(
                        fr:
                            "Le mandat \(m.key) déclare un taux d'intérêts moratoires de \(Money.normalized(declared)) % ; "
                            + "le taux légal pour des intérêts partant le \(end.adding(days: 1).french) est "
                            + "\(Money.normalized(legal.interestRate)) % (R.2192-31).",
                        en:
                            "Mandat \(m.key) declares a late-payment rate of \(Money.normalized(declared)) %; the legal rate "
                            + "for interest starting \(end.adding(days: 1).iso) is \(Money.normalized(legal.interestRate)) % "
                            + "(R.2192-31)."))
            }
            if let end = g.end, let due = a.dueDate, end != due {
                a.notes.append(
                    LocalizedText(
                        fr:
                            "Le mandat \(m.key) déclare une fin de délai au \(end.french) ; Mandat calcule le \(due.french).",
                        en: "Mandat \(m.key) declares the delay ends on \(end.iso); Mandat computes \(due.iso)."))
            }
        }
    }
}
