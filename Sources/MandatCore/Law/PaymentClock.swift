import Foundation

// The legal clock (délai global de paiement): start, interruption, due date, days left or late, and the
// ordonnateur/comptable split. Sources: CCP R.2192-10 to R.2192-15, R.2192-27 to R.2192-29; décret 2013-269
// art. 12-13; DOMAIN.md §2.

extension AssessmentWork {
    /// Payments of the principal, in date order, capped at the amount due less the offsets. Returns whether it is
    /// fully paid.
    ///
    /// PES `PaiementEmargement` with `OrgEma` 01 are the money (each with its own date and amount); only when there
    /// is none, the earliest Chorus `MISE_EN_PAIEMENT` / CDAR 211 dates a payment of the whole amount due.
    /// PES offsets (`OrgEma` ≠ 01: penalties, *retenue de garantie*, payment to an opposing third party) are not
    /// money to the creditor but are not unpaid either: they reduce what real payments must cover
    /// (DOMAIN.md §3: the interest base is taken after retention and penalties; PES-XSD `OrgEma`). The principal is
    /// settled when real payments + offsets cover the amount due; it is dated by the last real payment, never by an
    /// offset, and offsets alone never settle it (the clock ends with the *mise en paiement*, DOMAIN.md §2 "End").
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
        let offsets = facts.all(.paymentOffset).filter { $0.source == .pesRetour }.compactMap(\.amount)
            .filter { $0 > 0 }
        let offsetTotal = offsets.reduce(Decimal(0), +)
        a.offsetAmount = offsetTotal
        let due = a.amountDue.map { max(0, $0 - offsetTotal) }
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
        if full && offsetTotal > 0 {
            a.notes.append(
                LocalizedText(
                    fr: "Soldée par \(Money.french(total)) payés et \(Money.french(offsetTotal)) d'imputations "
                        + "(retenue de garantie, pénalités ou tiers) : les imputations ne sont pas des impayés.",
                    en: "Settled by \(Money.english(total)) paid and \(Money.english(offsetTotal)) of offsets "
                        + "(retention, penalties or third party): offsets are not unpaid amounts."))
        }
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
    ///
    /// A bordereau (or piece) that a PES_ACQUIT rejects (`integrationRejected`, not accepted later) never reached the
    /// comptable: the art. 13 presumption does not hold against that proof, so it gives no estimate; the ordonnateur
    /// keeps the dossier and its days run on until a bordereau that was not rejected (DOMAIN.md §2, split).
    mutating func findComptableReceipt() {
        let lastPES = lastPESMandatDateNotRejected
        // An acceptance counts unless every mandat of the dossier it concerns was rejected (a bordereau accepted
        // while this dossier's piece was rejected in it).
        let accepted = facts.all(.receivedByComptable).filter { e in
            guard let k = e.mandat else { return true }
            let mine = dossier.mandats.filter { DossierBuilder.sameMandat(k, $0.key) }
            return mine.isEmpty || mine.contains { !isRejectedByHelios($0.key) }
        }
        if let d = accepted.compactMap(\.date).max(), lastPES.map({ d >= $0 }) ?? true {
            a.comptableReceipt = d
        } else if resolver.hasMandat, let m = lastPES ?? (hasRejectedBordereau ? nil : resolver.lastMandatDate) {
            a.comptableReceipt = m.adding(days: config.comptableReceiptEstimateDays)
            a.comptableReceiptIsEstimate = true
        }
    }

    func isRejectedByHelios(_ key: MandatKey) -> Bool { facts.isRejectedByHelios(key) }

    /// Whether some PES mandat of the dossier was rejected by Hélios.
    var hasRejectedBordereau: Bool {
        dossier.mandats.contains { isRejectedByHelios($0.key) }
            || facts.all(.mandated).contains { e in e.source == .pesAller && e.mandat.map(isRejectedByHelios) == true }
    }

    /// The latest PES mandat issue (bordereau date or PES_Aller event) whose bordereau Hélios did not reject.
    var lastPESMandatDateNotRejected: CivilDate? {
        let fromEvents = facts.all(.mandated).filter { e in
            e.source == .pesAller && !(e.mandat.map(isRejectedByHelios) ?? false)
        }.compactMap(\.date)
        let fromMandats = dossier.mandats.filter { !isRejectedByHelios($0.key) }.compactMap(\.bordereauDate)
        return (fromEvents + fromMandats).max()
    }

    /// Start, interruption, due date, days left or late.
    ///
    /// No clock at all (no start, due date, days or interest) for a credit note or an amount due of zero or less
    /// (nothing for the buyer to pay), nor for an invoice the platform refused at deposit (never made available:
    /// the delay runs from the receipt, R.2192-12, R.2192-15). A terminal rejected or cancelled invoice keeps the
    /// start it had, for the record, but gets no due date, no days left or late and no interest (the buyer owes
    /// nothing on it: a new invoice starts its own clock).
    mutating func runClock() {
        let delay = a.delayDays
        if let why = noClockBeforeStart {
            noClock = true
            a.notes.append(why)
            return
        }
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
        if let why = noClockAfterStart {
            noClock = true
            a.notes.append(why)
            return
        }
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

    /// Why no clock runs at all (checked before the start), or nil.
    var noClockBeforeStart: LocalizedText? {
        if dossier.invoice?.isCreditNote == true {
            return LocalizedText(
                fr: "Avoir : l'acheteur n'a rien à payer, pas de délai de paiement ni d'intérêts.",
                en: "Credit note: the buyer has nothing to pay, no payment clock and no interest.")
        }
        if nothingOwed {
            return LocalizedText(
                fr: "Montant dû nul ou négatif : pas de délai de paiement ni d'intérêts.",
                en: "Amount due zero or negative: no payment clock and no interest.")
        }
        if a.stage == .depositRejected {
            return LocalizedText(
                fr: "Dépôt rejeté : la facture n'a jamais été mise à disposition de l'acheteur, le délai ne court pas "
                    + "(R.2192-12, R.2192-15).",
                en: "Deposit rejected: the invoice never reached the buyer, so the clock does not run "
                    + "(R.2192-12, R.2192-15).")
        }
        return nil
    }

    /// Why the clock stops once the start is known (terminal refusal or cancellation), or nil.
    var noClockAfterStart: LocalizedText? {
        switch a.stage {
        case .rejected:
            return LocalizedText(
                fr: "Facture rejetée (terminal) : plus d'échéance ni d'intérêts ; une nouvelle facture ouvre son propre délai.",
                en: "Invoice rejected (terminal): no due date nor interest; a new invoice starts its own clock.")
        case .cancelled:
            return LocalizedText(
                fr: "Facture annulée : plus d'échéance ni d'intérêts.",
                en: "Invoice cancelled: no due date nor interest.")
        default: return nil
        }
    }

    /// Days on each side and the shares (décret 2013-269 art. 12-13): ordonnateur from the start to the
    /// comptable's receipt (less a counted interruption), comptable from the receipt to the payment.
    mutating func splitShares() {
        guard !noClock, let start = a.start, let share = DossierAssessor.comptableShareDays(for: buyer) else { return }
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
                            "Le mandat \(m.key) déclare un taux d'intérêts moratoires de \(Money.frenchDecimal(declared)) % ; "
                            + "le taux légal pour des intérêts partant le \(end.adding(days: 1).french) est "
                            + "\(Money.frenchDecimal(legal.interestRate)) % (R.2192-31).",
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
