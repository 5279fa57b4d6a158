import Foundation

/// The blockage and law rules: each turns an assessed dossier into at most one `Finding` (docs/law.md has the
/// catalogue with sources). Rules read the assessment already computed; they never re-derive the stage.
struct FindingRules {
    let work: AssessmentWork
    var a: Assessment { work.a }
    var facts: ChainFacts { work.facts }
    var config: LawConfiguration { work.config }

    func all() -> [Finding] {
        [
            depositRejected(), routingDataToFix(), rejected(), suspendedAwaitingSupplier(), disputed(),
            ordonnateurOverShare(), mandatedNotReceived(), integrationRejected(), mandatOnHold(), mandatRejected(),
            comptableOverShare(), paidLateInterestDue(), interestUnpaid45Days(), mandatAmountMismatch(),
            assignedOrOpposed(), stale(), secondSuspensionIgnored(), overdue(), noClockStart(),
        ].compactMap { $0 }
    }

    // MARK: helpers

    private var beforeMandat: Bool { !work.resolver.hasMandat }

    /// Paid on time: the split of the delay then has no money consequence, so the share rules stay silent.
    private var paidOnTime: Bool { a.paidDate != nil && (a.daysLate ?? 0) == 0 }

    /// Whom to call about whoever holds the dossier now.
    private func contact(for holder: Holder) -> Contact {
        switch holder {
        case .supplier, .platform: return .supplier
        case .ordonnateur: return beforeMandat ? .serviceGestionnaire : .ordonnateurFinance
        case .comptable: return .comptableOffice
        case .nobody: return .ordonnateurFinance
        }
    }

    private func days(from d: CivilDate?) -> Int? { d.map { $0.days(to: work.asOf) } }

    private func reasonText(_ events: [ChainEvent]) -> String {
        let r = events.flatMap(\.reasons).map { [$0.code, $0.text].compactMap { $0 }.joined(separator: " ") }
        return r.isEmpty ? "" : " (" + r.joined(separator: "; ") + ")"
    }

    /// A finding whose evidence and texts are built only when the assessment wants texts (`work.texts`): the
    /// blocked/not-blocked check (`DossierAssessor.assess(_:asOf:texts:)` with `texts: false`) gets the same codes,
    /// severities, holders, days and amounts, with empty texts and no evidence. Every rule makes its finding here.
    private func finding(
        code: FindingCode, severity: FindingSeverity, holder: Holder, since: CivilDate?, daysAtHolder: Int?,
        daysOverShare: Int?, moneyAtStake: Decimal, evidence: @autoclosure () -> [Evidence],
        nextAction: @autoclosure () -> LocalizedText, contact: Contact, message: @autoclosure () -> LocalizedText
    ) -> Finding {
        let texts = work.texts
        return Finding(
            code: code, severity: severity, holder: holder, since: since, daysAtHolder: daysAtHolder,
            daysOverShare: daysOverShare, moneyAtStake: moneyAtStake, evidence: texts ? evidence() : [],
            nextAction: texts ? nextAction() : .blank, contact: contact, message: texts ? message() : .blank)
    }

    private func stageFinding(
        _ code: FindingCode, stage: Stage, severity: FindingSeverity = .blocking, contact: Contact? = nil,
        next: @autoclosure () -> LocalizedText, message: (String) -> LocalizedText
    ) -> Finding? {
        guard a.stage == stage else { return nil }
        let ev = work.stageEvidence
        return finding(
            code: code, severity: severity, holder: a.holder, since: a.since, daysAtHolder: a.daysAtHolder,
            daysOverShare: nil, moneyAtStake: a.moneyAtStake, evidence: ev.map(Evidence.init(event:)),
            nextAction: next(), contact: contact ?? self.contact(for: a.holder), message: message(reasonText(ev)))
    }

    // MARK: stage branches

    /// Platform refused the deposit (`IN_REJETE`, `IN_INCIDENTE`, CDAR 213/501).
    func depositRejected() -> Finding? {
        stageFinding(
            .depositRejected, stage: .depositRejected,
            next: LocalizedText(
                fr: "Corriger la facture selon le motif du rejet et la redéposer.",
                en: "Fix the invoice as the rejection says and deposit it again."),
            message: { r in
                LocalizedText(fr: "Dépôt rejeté par la plateforme\(r).", en: "Deposit rejected by the platform\(r).")
            })
    }

    /// Chorus `A_RECYCLER` (CDAR 221): wrong routing data.
    func routingDataToFix() -> Finding? {
        stageFinding(
            .routingDataToFix, stage: .routingReturned,
            next: LocalizedText(
                fr: "Corriger les données d'acheminement (SIRET, code service, n° d'engagement) et renvoyer la facture "
                    + "sous le même numéro.",
                en: "Fix the routing data (SIRET, service code, commitment number) and resend the invoice with the "
                    + "same number."),
            message: { r in
                LocalizedText(
                    fr: "Facture à recycler : données d'acheminement erronées\(r).",
                    en: "Invoice returned for wrong routing data\(r).")
            })
    }

    /// Chorus `REJETEE`, CDAR 210: terminal for this invoice.
    func rejected() -> Finding? {
        stageFinding(
            .rejected, stage: .rejected,
            next: LocalizedText(
                fr: "Lever le motif du rejet et émettre une nouvelle facture (nouveau numéro).",
                en: "Address the rejection reason and issue a new invoice (new number)."),
            message: { r in
                LocalizedText(fr: "Facture rejetée par l'acheteur\(r).", en: "Invoice rejected by the buyer\(r).")
            })
    }

    /// Chorus `SUSPENDUE`, CDAR 208, not yet completed.
    func suspendedAwaitingSupplier() -> Finding? {
        let counted = a.clockInterrupted
        return stageFinding(
            .suspendedAwaitingSupplier, stage: .suspended,
            next: LocalizedText(
                fr: "Transmettre les pièces ou mentions manquantes pour que la facture soit complétée.",
                en: "Send the missing documents or mentions so that the invoice is completed."),
            message: { r in
                LocalizedText(
                    fr: "Facture suspendue, en attente du fournisseur\(r)"
                        + (counted
                            ? " ; le délai de paiement est interrompu." : " ; le délai de paiement court toujours."),
                    en: "Invoice suspended, awaiting the supplier\(r)"
                        + (counted ? "; the payment clock is interrupted." : "; the payment clock keeps running."))
            })
    }

    /// CDAR 207, not resolved by a later approval.
    func disputed() -> Finding? {
        stageFinding(
            .disputed, stage: .disputed, contact: .serviceGestionnaire,
            next: LocalizedText(
                fr: "Appeler le service gestionnaire, comprendre le litige ; émettre un avoir ou une facture "
                    + "rectificative si besoin.",
                en: "Call the managing service to understand the dispute; issue a credit note or a corrective "
                    + "invoice if needed."),
            message: { r in LocalizedText(fr: "Facture en litige\(r).", en: "Invoice disputed\(r).") })
    }

    /// PES_ACQUIT `EtatAck` 0.
    func integrationRejected() -> Finding? {
        stageFinding(
            .integrationRejected, stage: .integrationRejected, contact: .ordonnateurFinance,
            next: LocalizedText(
                fr: "Corriger l'anomalie signalée par Hélios et retransmettre le bordereau.",
                en: "Fix the anomaly reported by Hélios and send the bordereau again."),
            message: { r in
                LocalizedText(
                    fr: "Bordereau ou mandat rejeté à l'intégration dans Hélios\(r).",
                    en: "Bordereau or mandat rejected at integration in Hélios\(r).")
            })
    }

    /// PES_Retour `EtatPce` 01. A comptable's hold does not stop the clock (DOMAIN.md §2, uncertain).
    func mandatOnHold() -> Finding? {
        stageFinding(
            .mandatOnHold, stage: .mandatOnHold, contact: .ordonnateurFinance,
            next: LocalizedText(
                fr:
                    "Compléter le dossier du mandat comme le demande le comptable ; le délai de paiement continue de courir.",
                en: "Complete the mandat's file as the comptable asks; the payment clock keeps running."),
            message: { r in
                LocalizedText(
                    fr: "Mandat mis en instance par le comptable\(r).", en: "Mandat put on hold by the comptable\(r).")
            })
    }

    /// PES_Retour `EtatPce` 04; the same `IdPce` can be re-issued only if `DtePcePec` is empty.
    func mandatRejected() -> Finding? {
        guard a.stage == .mandatRejected else { return nil }
        func next() -> LocalizedText {
            let rejections = work.stageEvidence
            let keys = Set(rejections.compactMap(\.mandat))
            let takenInCharge =
                rejections.contains { e in
                    let v = e.details["DtePcePec"] ?? e.details["takenInChargeDate"] ?? ""
                    return !v.trimmingCharacters(in: .whitespaces).isEmpty
                }
                || facts.all(.mandatTakenInCharge).contains { e in e.mandat.map { keys.contains($0) } ?? false }
            return takenInCharge
                ? LocalizedText(
                    fr:
                        "Émettre un nouveau mandat sous un nouveau numéro : le mandat avait été pris en charge (DtePcePec "
                        + "renseignée), son numéro ne peut pas être réutilisé.",
                    en:
                        "Issue a new mandat with a new number: it had been taken in charge (DtePcePec set), so its number "
                        + "cannot be reused.")
                : LocalizedText(
                    fr:
                        "Corriger et réémettre le mandat ; il peut l'être sous le même numéro (IdPce), n'ayant jamais été "
                        + "pris en charge (DtePcePec vide).",
                    en: "Fix and re-issue the mandat; it may keep the same number (IdPce), as it was never taken in "
                        + "charge (DtePcePec empty).")
        }
        return stageFinding(
            .mandatRejected, stage: .mandatRejected, contact: .ordonnateurFinance, next: next(),
            message: { r in
                LocalizedText(fr: "Mandat rejeté par le comptable\(r).", en: "Mandat rejected by the comptable\(r).")
            })
    }

    // MARK: shares of the delay

    /// The ordonnateur used more than its share (20 / 35 days or the convention's), décret 2013-269 art. 12.
    ///
    /// The share counts the days from the start of the delay to the comptable's receipt of the mandat (less a
    /// counted interruption), whoever holds the invoice now: an overrun is true while the comptable, the
    /// platform or the supplier holds it. The message says which case it is: the ordonnateur holds it now
    /// (present), it exceeded its share before the comptable received the mandat (past), or the days since the
    /// start are counted against its share while the invoice is with someone else and no mandat has reached the
    /// comptable.
    func ordonnateurOverShare() -> Finding? {
        guard let over = a.ordonnateurOverDays, over > 0, let days = a.ordonnateurDays,
            let share = a.ordonnateurShareDays, a.stage != .cancelled, !work.clockDead, !paidOnTime
        else { return nil }
        let stillHolds = a.holder == .ordonnateur
        return finding(
            code: .ordonnateurOverShare, severity: stillHolds ? .warning : .info, holder: .ordonnateur,
            since: a.start, daysAtHolder: days, daysOverShare: over, moneyAtStake: a.moneyAtStake,
            evidence: (facts.all(.madeAvailable, .mandated, .receivedByComptable)).map(Evidence.init(event:)),
            nextAction: stillHolds
                ? LocalizedText(
                    fr:
                        "Relancer l'ordonnateur : sa part du délai (\(share) jours) est dépassée ; demander la date de mandatement.",
                    en:
                        "Chase the ordonnateur: its share of the delay (\(share) days) is exceeded; ask when the mandat will be issued."
                )
                : LocalizedText(
                    fr: "Noter le retard de l'ordonnateur : les intérêts dus à ce titre restent à sa charge.",
                    en: "Record the ordonnateur's delay: the interest it caused stays its own charge."),
            contact: beforeMandat ? .serviceGestionnaire : .ordonnateurFinance,
            message: ordonnateurOverShareMessage(days: days, share: share, over: over))
    }

    /// `ordonnateurOverShare`'s message, by who holds the dossier now (see there).
    private func ordonnateurOverShareMessage(days: Int, share: Int, over: Int) -> LocalizedText {
        if a.holder == .ordonnateur {
            return LocalizedText(
                fr: "L'ordonnateur détient la facture depuis \(days) jours pour une part de \(share) jours (+\(over)).",
                en: "The ordonnateur has held the invoice \(days) days against a share of \(share) days (+\(over)).")
        }
        if let r = a.comptableReceipt, r <= work.asOf {
            return LocalizedText(
                fr:
                    "L'ordonnateur a dépassé sa part du délai (\(share) jours) de \(over) jours avant de transmettre le "
                    + "mandat au comptable : \(days) jours du départ du délai à la réception par le comptable le "
                    + "\(r.french).",
                en:
                    "The ordonnateur exceeded its share of the delay (\(share) days) by \(over) days before passing the "
                    + "mandat to the comptable: \(days) days from the start of the delay to the comptable's receipt on "
                    + "\(r.iso).")
        }
        let start = a.start.map { ($0.french, $0.iso) } ?? ("—", "—")
        let holderFR: String, holderEN: String
        switch a.holder {
        case .supplier: (holderFR, holderEN) = ("le fournisseur", "the supplier")
        case .platform: (holderFR, holderEN) = ("la plateforme", "the platform")
        case .comptable: (holderFR, holderEN) = ("le comptable", "the comptable")
        case .ordonnateur, .nobody: (holderFR, holderEN) = ("personne", "nobody")
        }
        return LocalizedText(
            fr: "Part de l'ordonnateur dépassée de \(over) jours : \(days) jours écoulés depuis le départ du délai "
                + "(\(start.0)) sans réception d'un mandat par le comptable, imputés à l'ordonnateur (part de \(share) "
                + "jours) bien que la facture soit aujourd'hui chez \(holderFR).",
            en: "Ordonnateur's share exceeded by \(over) days: \(days) days since the start of the delay (\(start.1)) "
                + "with no mandat received by the comptable, counted against the ordonnateur (share of \(share) days) "
                + "although the invoice is now with \(holderEN).")
    }

    /// The comptable used more than its share (10 / 15 days or the convention's), décret 2013-269 art. 12-13;
    /// the buyer may recover that part of the interest from the State (loi 2013-100 art. 39-40).
    func comptableOverShare() -> Finding? {
        guard let over = a.comptableOverDays, over > 0, let days = a.comptableDays, let share = a.comptableShareDays,
            let receipt = a.comptableReceipt, !paidOnTime, !work.nothingOwed
        else { return nil }
        let stillHolds = a.holder == .comptable
        return finding(
            code: .comptableOverShare, severity: stillHolds ? .warning : .info, holder: .comptable,
            since: receipt, daysAtHolder: days, daysOverShare: over, moneyAtStake: a.moneyAtStake,
            evidence: facts.all(.receivedByComptable, .mandatTakenInCharge, .mandatOnHold, .paid).map(
                Evidence.init(event:)),
            nextAction: stillHolds
                ? LocalizedText(
                    fr: "Appeler le service de gestion comptable : sa part du délai (\(share) jours) est dépassée ; "
                        + "demander la date de paiement.",
                    en: "Call the comptable's office: its share of the delay (\(share) days) is exceeded; ask for the "
                        + "payment date.")
                : LocalizedText(
                    fr:
                        "L'ordonnateur peut demander à l'État le remboursement de la part des intérêts due au comptable "
                        + "(loi 2013-100 art. 39-40).",
                    en: "The ordonnateur may recover from the State the share of interest caused by the comptable "
                        + "(loi 2013-100 art. 39-40)."),
            contact: .comptableOffice,
            message: LocalizedText(
                fr: "Le comptable a détenu le mandat \(days) jours pour une part de \(share) jours (+\(over))"
                    + (a.comptableReceiptIsEstimate ? " ; réception estimée à la date du bordereau + 2 jours." : "."),
                en: "The comptable held the mandat \(days) days against a share of \(share) days (+\(over))"
                    + (a.comptableReceiptIsEstimate ? "; receipt estimated as bordereau date + 2 days." : ".")))
    }

    // MARK: the mandat in transit

    /// A mandat read in a PES_Aller with no PES_ACQUIT acceptance nor Chorus `MISE_A_DISPOSITION_COMPTABLE`, nor any
    /// later comptable event, `mandatedNotReceivedDays` days after it was issued. Chorus `MANDATEE` alone does
    /// not fire it: optional statuses prove nothing by their absence.
    func mandatedNotReceived() -> Finding? {
        guard a.stage == .mandated else { return nil }
        let pesMandat = !work.dossier.mandats.isEmpty || facts.all(.mandated).contains { $0.source == .pesAller }
        guard pesMandat, let issued = work.resolver.lastMandatDate else { return nil }
        let waited = issued.days(to: work.asOf)
        guard waited >= config.mandatedNotReceivedDays else { return nil }
        let share = a.ordonnateurShareDays
        return finding(
            code: .mandatedNotReceived, severity: .warning, holder: .ordonnateur, since: issued, daysAtHolder: waited,
            daysOverShare: a.ordonnateurOverDays, moneyAtStake: a.moneyAtStake,
            evidence: facts.all(.mandated).map(Evidence.init(event:))
                + work.dossier.mandats.map(Evidence.init(mandat:)),
            nextAction: LocalizedText(
                fr:
                    "Vérifier que le bordereau a bien été transmis à Hélios et demander l'accusé de réception (PES_ACQUIT).",
                en: "Check that the bordereau was sent to Hélios and ask for its acknowledgement (PES_ACQUIT)."),
            contact: .ordonnateurFinance,
            message: LocalizedText(
                fr: "Mandat émis le \(issued.french), aucune preuve de réception par le comptable après \(waited) jours"
                    + (share.map { " (part de l'ordonnateur : \($0) jours)" } ?? "") + ".",
                en: "Mandat issued on \(issued.iso), no evidence of receipt by the comptable after \(waited) days"
                    + (share.map { " (ordonnateur's share: \($0) days)" } ?? "") + "."))
    }

    // MARK: money

    /// Paid late: interest and 40 € owed, within 45 days of the payment (CCP L.2192-13, D.2192-35, R.2192-36).
    func paidLateInterestDue() -> Finding? {
        guard let paid = a.paidDate, let late = a.daysLate, late > 0, let dueBy = a.interestDueBy, !work.interestPaid,
            work.asOf <= dueBy, let rate = a.rate
        else { return nil }
        let owed = work.interestAndIndemnityAtStake
        return finding(
            code: .paidLateInterestDue, severity: .warning, holder: .ordonnateur, since: paid,
            daysAtHolder: paid.days(to: work.asOf), daysOverShare: late, moneyAtStake: owed,
            evidence: facts.all(.paid).map(Evidence.init(event:)),
            nextAction: LocalizedText(
                fr: "Réclamer les intérêts moratoires (\(work.money(a.interest).fr)) et l'indemnité forfaitaire "
                    + "(\(Money.french(a.indemnity))), dus au plus tard le \(dueBy.french).",
                en: "Claim the late-payment interest (\(work.money(a.interest).en)) and the flat indemnity "
                    + "(\(Money.english(a.indemnity))), due by \(dueBy.iso)."),
            contact: .ordonnateurFinance,
            message: LocalizedText(
                fr: "Payée le \(paid.french) avec \(late) jours de retard ; taux \(Money.frenchDecimal(rate)) %"
                    + (a.rateProvisional ? " (provisoire)" : "") + ".",
                en: "Paid on \(paid.iso), \(late) days late; rate \(Money.normalized(rate)) %"
                    + (a.rateProvisional ? " (provisional)" : "") + "."))
    }

    /// Interest and indemnity not recorded as paid 45 days after the principal (CCP R.2192-36).
    func interestUnpaid45Days() -> Finding? {
        guard let paid = a.paidDate, let late = a.daysLate, late > 0, let dueBy = a.interestDueBy, !work.interestPaid,
            work.asOf > dueBy
        else { return nil }
        let owed = work.interestAndIndemnityAtStake
        let owedText = work.interestAndIndemnity()
        let over = dueBy.days(to: work.asOf)
        // `since` is the date the day count starts from: the payment of the principal (the 45 days and the days
        // past them both run from it), so the digest's « depuis le <since> (<days> j), <over> j au-delà » holds
        // together; the date the interest became due (`dueBy`) is in the next action.
        return finding(
            code: .interestUnpaid45Days, severity: .blocking, holder: .ordonnateur, since: paid,
            daysAtHolder: paid.days(to: work.asOf), daysOverShare: over, moneyAtStake: owed,
            evidence: facts.all(.paid).map(Evidence.init(event:)),
            nextAction: LocalizedText(
                fr: "Mettre en demeure l'ordonnateur de payer les intérêts moratoires et l'indemnité "
                    + "(\(owedText.fr)), exigibles depuis le \(dueBy.french) ; enregistrer le paiement quand il arrive.",
                en: "Send the ordonnateur a formal notice to pay the interest and indemnity (\(owedText.en)), "
                    + "due since \(dueBy.iso); record the payment when it arrives."),
            contact: .ordonnateurFinance,
            message: LocalizedText(
                fr: "Intérêts et indemnité non payés \(over) jours après l'échéance de 45 jours.",
                en: "Interest and indemnity unpaid \(over) days past the 45-day limit."))
    }

    /// A mandat paying only this invoice whose TTC differs from the invoice's amount due (BT-115).
    func mandatAmountMismatch() -> Finding? {
        guard let due = work.dossier.invoice?.amountDue ?? work.dossier.invoice?.totalWithVAT else { return nil }
        let off = work.dossier.mandats.filter { m in
            guard m.invoiceNumbers.count <= 1, let ttc = m.amountTTC else { return false }
            return abs(ttc - due) > config.amountTolerance
        }
        guard let m = off.first, let ttc = m.amountTTC else { return nil }
        return finding(
            code: .mandatAmountMismatch, severity: .warning, holder: .ordonnateur, since: m.bordereauDate,
            daysAtHolder: days(from: m.bordereauDate), daysOverShare: nil, moneyAtStake: abs(due - ttc),
            evidence: off.map(Evidence.init(mandat:)),
            nextAction: LocalizedText(
                fr:
                    "Demander à l'ordonnateur d'expliquer l'écart (réfaction, pénalités, retenue) ou de corriger le mandat.",
                en:
                    "Ask the ordonnateur to explain the difference (reduction, penalties, retention) or to fix the mandat."
            ),
            contact: .ordonnateurFinance,
            message: LocalizedText(
                fr: "Mandat \(m.key) : \(Money.french(ttc)) TTC pour une facture de \(work.money(due).fr).",
                en: "Mandat \(m.key): \(Money.english(ttc)) incl. VAT for an invoice of \(work.money(due).en)."))
    }

    /// PES `CessOpp` 02/03 or CDAR 225-228: the payment goes to an assignee or an opposing creditor.
    func assignedOrOpposed() -> Finding? {
        let ev = facts.all(.assignedOrOpposed)
        guard let first = ev.first else { return nil }
        let done = a.stage.isTerminal
        return finding(
            code: .assignedOrOpposed, severity: done ? .info : .warning, holder: done ? .nobody : .comptable,
            since: first.date, daysAtHolder: days(from: first.date), daysOverShare: nil, moneyAtStake: a.moneyAtStake,
            evidence: ev.map(Evidence.init(event:)),
            nextAction: LocalizedText(
                fr:
                    "Vérifier auprès du comptable à qui le paiement est ou sera versé (cession de créance, opposition).",
                en: "Check with the comptable to whom the payment is or will be made (assignment, garnishment)."),
            contact: .comptableOffice,
            message: LocalizedText(
                fr: "Créance cédée ou frappée d'opposition\(reasonText(ev)).",
                en: "Receivable assigned or opposed\(reasonText(ev))."))
    }

    /// No new event for `staleDays` on an unfinished dossier.
    func stale() -> Finding? {
        guard !a.stage.isTerminal, !work.nothingOwed else { return nil }
        let last = facts.lastDate ?? work.dossier.invoice?.receptionDate ?? work.dossier.invoice?.issueDate
        guard let last else { return nil }
        let quiet = last.days(to: work.asOf)
        guard quiet >= config.staleDays else { return nil }
        return finding(
            code: .stale, severity: .warning, holder: a.holder, since: a.since, daysAtHolder: a.daysAtHolder,
            daysOverShare: a.holder == .comptable
                ? a.comptableOverDays : (a.holder == .ordonnateur ? a.ordonnateurOverDays : nil),
            moneyAtStake: a.moneyAtStake, evidence: facts.events.filter { $0.date == last }.map(Evidence.init(event:)),
            nextAction: LocalizedText(
                fr:
                    "Aucune nouvelle depuis \(quiet) jours : appeler le détenteur actuel et obtenir un engagement daté.",
                en: "No news for \(quiet) days: call the current holder and get a dated commitment."),
            contact: contact(for: a.holder),
            message: LocalizedText(
                fr: "Dernier événement le \(last.french) (\(a.stage.labelFR)).",
                en: "Last event on \(last.iso) (stage \(a.stage.rawValue))."))
    }

    /// A second suspension, or one after the mandat, does not interrupt the clock (CCP R.2192-27, R.2192-28).
    func secondSuspensionIgnored() -> Finding? {
        let ignored = work.ignoredSuspensions
        guard let first = ignored.first else { return nil }
        var due: String { a.dueDate.map { " Échéance maintenue au \($0.french)." } ?? "" }
        var dueEN: String { a.dueDate.map { " Due date stays \($0.iso)." } ?? "" }
        return finding(
            code: .secondSuspensionIgnored, severity: .info, holder: a.holder, since: first.date,
            daysAtHolder: days(from: first.date), daysOverShare: nil, moneyAtStake: a.moneyAtStake,
            evidence: (facts.all(.suspended) + facts.all(.mandated)).map(Evidence.init(event:)),
            nextAction: LocalizedText(
                fr: "Rappeler à l'acheteur que le délai ne peut être interrompu qu'une fois, avant le mandat ; "
                    + "fournir les pièces demandées sans accepter de nouveau départ du délai.",
                en: "Remind the buyer that the delay can be interrupted only once, before the mandat; send what is "
                    + "asked without accepting a restart of the delay."),
            contact: .serviceGestionnaire,
            message: LocalizedText(
                fr:
                    "\(ignored.count) suspension(s) sans effet sur le délai (seconde suspension ou postérieure au mandat).\(due)",
                en:
                    "\(ignored.count) suspension(s) with no effect on the clock (second one, or after the mandat).\(dueEN)"
            ))
    }

    /// Unpaid past the due date.
    func overdue() -> Finding? {
        guard a.paidDate == nil, !work.clockDead, let due = a.dueDate, work.asOf > due, let late = a.daysLate, late > 0
        else { return nil }
        return finding(
            code: .overdue, severity: .warning, holder: a.holder, since: a.since, daysAtHolder: a.daysAtHolder,
            daysOverShare: late, moneyAtStake: a.moneyAtStake, evidence: work.stageEvidence.map(Evidence.init(event:)),
            nextAction: LocalizedText(
                fr: "Relancer : échéance dépassée de \(late) jours ; les intérêts moratoires courent "
                    + "(\(work.money(a.interest).fr) à ce jour) et l'indemnité de 40 € est due.",
                en: "Chase: \(late) days past the due date; late-payment interest runs (\(work.money(a.interest).en) "
                    + "so far) and the 40 € indemnity is due."),
            contact: contact(for: a.holder),
            message: LocalizedText(
                fr: "Impayée, échue le \(due.french) (\(a.stage.labelFR)).",
                en: "Unpaid, due on \(due.iso) (stage \(a.stage.rawValue))."))
    }
}

extension FindingRules {
    /// An invoice (not a credit note, not refused or cancelled, not paid) whose clock has no start: no date
    /// could be read for it (issue, reception, made available). Nothing else would say it is late.
    func noClockStart() -> Finding? {
        guard let invoice = work.dossier.invoice, a.start == nil, a.paidDate == nil, !work.clockDead,
            !a.stage.isTerminal
        else { return nil }
        return finding(
            code: .noClockStart, severity: .warning, holder: a.holder, since: nil, daysAtHolder: nil,
            daysOverShare: nil, moneyAtStake: a.amountDue ?? 0,
            evidence: facts.events.map(Evidence.init(event:)),
            nextAction: LocalizedText(
                fr: "Retrouver la date d'émission ou de mise à disposition de la facture (fichier source, Chorus "
                    + "Pro) : sans elle, ni échéance ni intérêts.",
                en: "Find the invoice's issue or made-available date (source file, Chorus Pro): without it, no due "
                    + "date and no interest."),
            contact: contact(for: a.holder),
            message: LocalizedText(
                fr: "Date de départ du délai inconnue : aucune date lisible (émission, réception, mise à "
                    + "disposition) pour la facture lue dans \(invoice.source.file)\(invoice.source.line.map { " (ligne \($0))" } ?? "").",
                en: "Start of the payment clock unknown: no readable date (issue, reception, made available) for "
                    + "the invoice read in \(invoice.source.file)\(invoice.source.line.map { " (line \($0))" } ?? "").")
        )
    }
}

extension Evidence {
    /// A mandat cited as evidence (from its PES_Aller `Piece`).
    init(mandat: Mandat) {
        eventId = "mandat:" + mandat.key.description
        kind = .mandated
        code = "Piece"
        date = mandat.bordereauDate
        source = mandat.source
        reasons = []
    }
}
