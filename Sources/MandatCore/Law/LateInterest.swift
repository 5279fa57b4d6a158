import Foundation

// Intérêts moratoires and the 40 € indemnity. Sources: CCP L.2192-13 (automatic, from the day after the
// delay to the payment inclusive), R.2192-31 (ECB MRO on day 1 of the half-year + 8 points), D.2192-35
// (40 €), R.2192-36 (due within 45 days of the payment of the principal); formula amount × rate × days / 365
// [MPPME]; DOMAIN.md §3.

extension AssessmentWork {
    /// Stages after which the unpaid amount no longer accrues interest nor counts as overdue: the invoice was
    /// refused, cancelled, or never reached the buyer in a usable state.
    /// Credit notes (BT-3 381 or a `CreditNote` document) and zero or negative amounts due are not paid by the
    /// buyer: no delay, interest, share or staleness finding applies.
    var nothingOwed: Bool {
        dossier.invoice?.isCreditNote == true || (a.amountDue.map { $0 <= 0 } ?? false)
    }

    var clockDead: Bool {
        nothingOwed || [.rejected, .cancelled, .depositRejected, .routingReturned].contains(a.stage)
    }

    /// Interest per payment (each for its own days late) plus interest accrued to `asOf` on what is unpaid;
    /// total rounded to the cent half-up. Money at stake = the unpaid remainder rounded to the cent (an amount
    /// due may carry more decimals, `3245.68145`: interest is computed on it as given) + that interest, so
    /// every dossier's figure is in cents and totals are sums of cents.
    mutating func computeInterest() {
        interestPaid = facts.events.contains { $0.source == .manual && $0.code == DossierAssessor.interestPaidCode }
        if let due = a.amountDue, a.paidDate == nil, a.stage != .cancelled, !nothingOwed {
            // Offsets (retention, penalties) are not unpaid: DOMAIN.md §3, PES `OrgEma` ≠ 01.
            remainder = max(0, due - a.paidAmount - a.offsetAmount)
        }
        guard let dueDate = a.dueDate else {
            a.moneyAtStake = Money.rounded(remainder)
            return
        }
        var lateDays: [Int] = a.payments.map { max(0, dueDate.days(to: $0.date)) }
        var accrueDays = 0
        if a.paidDate == nil, remainder > 0, !clockDead, asOf > dueDate {
            accrueDays = dueDate.days(to: asOf)
        }
        let anyLate = lateDays.contains { $0 > 0 } || accrueDays > 0
        guard anyLate else {
            for i in a.payments.indices { a.payments[i].daysLate = 0 }
            a.moneyAtStake = Money.rounded(remainder)
            return
        }
        a.interestStart = dueDate.adding(days: 1)
        let table = config.rateTable
        guard let start = a.interestStart,
            let ref = table.interestRate(startingOn: start, marginPoints: config.interestMarginPoints)
        else {
            a.moneyAtStake = Money.rounded(remainder)
            return
        }
        a.rate = ref.interestRate
        a.rateProvisional = ref.provisional
        if ref.provisional {
            a.notes.append(
                LocalizedText(
                    fr: "Taux provisoire : le taux BCE du semestre commençant le \(ref.halfYearStart.french) n'est pas "
                        + "connu ; le dernier taux connu (\(Money.frenchDecimal(ref.mroRate)) % + 8 points) est utilisé. "
                        + "Ajoutez le taux dans la configuration (ecbRates, ecbRatesConfirmedThrough).",
                    en:
                        "Provisional rate: the ECB rate for the half-year starting \(ref.halfYearStart.iso) is not known; "
                        + "the last known rate (\(Money.normalized(ref.mroRate)) % + 8 points) is used. "
                        + "Add the rate in the configuration (ecbRates, ecbRatesConfirmedThrough)."))
        }
        let base = Decimal(config.interestDayBase)
        var total: Decimal = 0
        for i in a.payments.indices {
            let d = lateDays[i]
            let im = a.payments[i].amount * ref.interestRate / 100 * Decimal(d) / base
            a.payments[i].daysLate = d
            a.payments[i].interest = im
            total += im
        }
        if accrueDays > 0 { total += remainder * ref.interestRate / 100 * Decimal(accrueDays) / base }
        lateDays.removeAll()
        a.interest = Money.rounded(total, scale: 2)
        a.indemnity = config.recoveryIndemnity
        if let p = a.paidDate { a.interestDueBy = p.adding(days: config.interestPaymentDays) }
        a.moneyAtStake = Money.rounded(remainder) + (interestPaid ? 0 : a.interest)
    }
}
