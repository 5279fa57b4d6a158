import Foundation
import MandatCore
import MandatStore

/// A one-page call sheet for a dossier, following the call's method (DOMAIN.md §5, "fil conducteur"):
/// introduce yourself, check you speak to the right person, state the subject, listen, negotiate, obtain a dated
/// commitment, restate it, close; filled with the dossier's facts and the questions to ask at its stage.
///
/// Pure: `render` returns Markdown-flavoured plain text. French by default, English with `.en`.
public enum CallSheet {
    /// Facts the dossier view does not carry.
    public struct Extra: Sendable {
        /// Mandat numbers (`IdPce`, with the bordereau when known), from the store.
        public var mandatNumbers: [String]
        /// Who calls.
        public var caller: String?
        public init(mandatNumbers: [String] = [], caller: String? = nil) {
            self.mandatNumbers = mandatNumbers
            self.caller = caller
        }
    }

    /// Stages before the service fait is certified: the service gestionnaire is the one to call.
    static let beforeServiceFait: Set<String> = ["deposited", "inTransit", "madeAvailable", "completed"]

    /// Whom to call for the dossier's holder and stage.
    public static func contactRole(for v: DossierView) -> ContactRole {
        switch v.holder {
        case "comptable": return .comptableOffice
        case "ordonnateur": return beforeServiceFait.contains(v.stage) ? .serviceGestionnaire : .ordonnateurFinance
        default: return .serviceGestionnaire
        }
    }

    /// The commitment to seek: service fait before it is certified, then the mandat, then the payment.
    public static func commitment(for v: DossierView) -> (PromiseSide, PromiseWhat) {
        if v.holder == "comptable" { return (.comptable, .payment) }
        if beforeServiceFait.contains(v.stage) { return (.ordonnateur, .serviceFait) }
        if v.stage == "serviceCertified" { return (.ordonnateur, .mandat) }
        if ["mandated", "integrationRejected", "mandatRejected", "mandatOnHold"].contains(v.stage) {
            return (.ordonnateur, .mandat)
        }
        return (.ordonnateur, .payment)
    }

    /// Questions to ask at a stage (French, English).
    public static func questions(stage: String, _ lang: Lang) -> [String] {
        let fr = lang == .fr
        switch stage {
        case "deposited", "inTransit", "madeAvailable", "completed":
            return fr
                ? [
                    "Avez-vous bien reçu la facture dans Chorus Pro ? Sous quel service (code service) ?",
                    "Le service fait est-il constaté ? Par qui, à quelle date ?",
                    "Y a-t-il une réserve, une pièce manquante ou un désaccord sur la facture ?",
                    "Quel est le circuit de validation chez vous, et qui signe ?",
                ]
                : [
                    "Did you receive the invoice in Chorus Pro? Under which service code?",
                    "Has the service fait been certified? By whom, on what date?",
                    "Is there any reservation, missing document or disagreement on the invoice?",
                    "What is your approval circuit, and who signs?",
                ]
        case "serviceCertified":
            return fr
                ? [
                    "La liquidation est-elle faite ? Le montant retenu est-il celui de la facture ?",
                    "Quand le mandat sera-t-il émis, et dans quel bordereau ?",
                    "Les crédits sont-ils disponibles sur l'engagement ?",
                ]
                : [
                    "Has the amount been liquidated? Is it the invoice amount?",
                    "When will the mandat be issued, in which bordereau?",
                    "Are budget credits available on the commitment?",
                ]
        case "mandated":
            return fr
                ? [
                    "Quels sont les numéros de mandat et de bordereau ? Date d'envoi au comptable ?",
                    "Le flux PES a-t-il été accepté par Hélios (acquittement) ?",
                ]
                : [
                    "What are the mandat and bordereau numbers? When was it sent to the comptable?",
                    "Was the PES file accepted by Hélios (acknowledgement)?",
                ]
        case "atComptable", "takenInCharge":
            return fr
                ? [
                    "Le mandat est-il pris en charge ? À quelle date ?",
                    "Quelle est la date de mise en paiement prévue ?",
                    "Manque-t-il une pièce, un RIB, des crédits ? Un motif de suspension ?",
                ]
                : [
                    "Has the mandat been taken in charge? On what date?",
                    "When is the payment scheduled?",
                    "Is a document, bank details or budget credit missing? Any reason for suspension?",
                ]
        case "mandatOnHold", "mandatRejected", "integrationRejected":
            return fr
                ? [
                    "Quel est le motif exact (ObsEtat, anomalie Hélios) ? Qu'attend le comptable ?",
                    "L'ordonnateur a-t-il corrigé et réémis le mandat ? Sous quel numéro ?",
                ]
                : [
                    "What exactly is the reason (ObsEtat, Hélios anomaly)? What does the comptable need?",
                    "Has the ordonnateur fixed and re-issued the mandat? Under which number?",
                ]
        case "suspended", "routingReturned", "rejected", "depositRejected":
            return fr
                ? [
                    "Quelles pièces ou données manquent exactement (SIRET, code service, engagement) ?",
                    "À qui et sous quelle forme les adresser ? Faut-il une nouvelle facture ?",
                ]
                : [
                    "Which documents or data exactly are missing (SIRET, service code, commitment)?",
                    "To whom and how should they be sent? Is a new invoice needed?",
                ]
        case "disputed":
            return fr
                ? [
                    "Quel est le point de désaccord : montant, quantité, qualité, délai ?",
                    "La part non contestée peut-elle être payée ? Attendez-vous un avoir ou une facture rectificative ?",
                ]
                : [
                    "What is disputed: amount, quantity, quality, delay?",
                    "Can the undisputed part be paid? Do you expect a credit note or a corrective invoice?",
                ]
        case "paid", "paidOnRequisition":
            return fr
                ? [
                    "Les intérêts moratoires et l'indemnité forfaitaire de 40 € seront-ils mandatés d'office (CCP R.2192-36) ?"
                ]
                : ["Will the late-payment interest and the 40 € indemnity be paid automatically (CCP R.2192-36)?"]
        default:
            return fr
                ? ["Où en est la facture ? Qui la détient aujourd'hui ?", "Quelle est la prochaine étape, et quand ?"]
                : ["Where is the invoice now? Who holds it?", "What is the next step, and when?"]
        }
    }

    /// The call sheet.
    /// - Parameters:
    ///   - view: the dossier as of `asOf` (interest accrued to that date comes from the law's assessment).
    ///   - buyer: the buyer file's entry, for contacts and the comptable.
    ///   - log: the dossier's log entries; the last one is shown.
    ///   - promises: the dossier's promises; the last one is shown with its status.
    public static func render(
        view v: DossierView, buyer: BuyerRecord?, log: [LogEntry], promises: [Promise], asOf: CivilDate, lang: Lang,
        extra: Extra = Extra()
    ) -> String {
        let fr = lang == .fr
        // Amounts in the invoice's currency; the indemnity alone is euros (CCP D.2192-35).
        let money = { (d: Decimal?) in d.map { Labels.money($0, lang, currency: v.amountCurrency) } ?? "—" }
        let date = { (d: CivilDate?) in Labels.date(d, lang) }
        let role = contactRole(for: v)
        let contact = buyer?.contact(role)
        let (side, what) = commitment(for: v)
        var o = ""
        o += (fr ? "# Fiche d'appel — facture " : "# Call sheet — invoice ") + v.invoiceNumber + "\n\n"
        o += (fr ? "Au " : "As of ") + date(asOf) + (extra.caller.map { " — " + ($0) } ?? "") + "\n\n"
        o += fr ? "## Le dossier\n\n" : "## The dossier\n\n"
        var facts: [(String, String)] = []
        facts.append(
            (fr ? "Acheteur" : "Buyer", (buyer?.name ?? v.buyerName) + (v.buyerSiret.map { " (SIRET \($0))" } ?? "")))
        if let b = buyer, b.comptableOffice != nil || b.comptablePost != nil {
            facts.append(
                (
                    fr ? "Comptable" : "Comptable",
                    [b.comptableOffice, b.comptablePost.map { (fr ? "poste " : "post ") + $0 }].compactMap { $0 }
                        .joined(separator: ", ")
                ))
        }
        facts.append(
            (
                fr ? "Facture" : "Invoice",
                v.invoiceNumber + (v.contractId.map { (fr ? ", marché " : ", contract ") + $0 } ?? "")
            ))
        facts.append((fr ? "Montant dû" : "Amount due", money(v.amountDue)))
        facts.append(
            (
                fr ? "Mandat" : "Mandat",
                extra.mandatNumbers.isEmpty
                    ? (fr ? "non connu" : "not known") : extra.mandatNumbers.joined(separator: ", ")
            ))
        var whereStuck =
            Labels.stage(v.stage, lang) + " — " + (fr ? "détenteur : " : "held by ") + Labels.holder(v.holder, lang)
        if let s = v.since { whereStuck += (fr ? " depuis le " : " since ") + date(s) }
        if let d = v.daysAtHolder { whereStuck += fr ? " (\(d) jours)" : " (\(d) days)" }
        facts.append((fr ? "Où en est-elle" : "Where it is", whereStuck))
        var due = date(v.dueDate)
        if let late = v.daysLate {
            due +=
                late > 0
                ? (fr ? " — \(late) jours de retard" : " — \(late) days late")
                : (fr ? " — dans \(-late) jours" : " — in \(-late) days")
        }
        facts.append((fr ? "Échéance légale" : "Legal due date", due))
        facts.append(
            (
                fr ? "Intérêts moratoires à ce jour" : "Late-payment interest to date",
                money(v.interest) + (fr ? " + indemnité " : " + indemnity ") + Labels.money(v.indemnity, lang)
                    + (v.rateProvisional ? (fr ? " (taux provisoire)" : " (provisional rate)") : "")
            ))
        if let p = promises.last {
            let st = PromiseTracker.status(p, view: v, all: promises, asOf: asOf)
            facts.append(
                (
                    fr ? "Dernière promesse" : "Last promise",
                    "#\(p.id) " + DeskLabels.side(p.side, lang) + " — " + DeskLabels.what(p.what, lang)
                        + (fr ? " au plus tard le " : " by ") + date(p.by) + " (" + statusLabel(st, lang) + ")"
                ))
        } else {
            facts.append((fr ? "Dernière promesse" : "Last promise", fr ? "aucune" : "none"))
        }
        if let e = log.last {
            facts.append(
                (
                    fr ? "Dernière action" : "Last action",
                    date(e.date) + " — " + DeskLabels.kind(e.kind, lang)
                        + (e.outcome.map { " — " + DeskLabels.outcome($0, lang) } ?? "") + " — " + e.text
                ))
        }
        for (k, val) in facts { o += "- **\(k)**" + (fr ? " : " : ": ") + val + "\n" }
        if !v.findings.isEmpty {
            o += fr ? "\n## Blocages\n\n" : "\n## Blockages\n\n"
            for f in v.findings {
                o += "- " + Labels.finding(f.code, lang) + " — " + (fr ? f.nextActionFR : f.nextActionEN) + "\n"
            }
        }
        o += fr ? "\n## Qui appeler\n\n" : "\n## Whom to call\n\n"
        o += "- " + DeskLabels.role(role, lang)
        if let c = contact {
            o += " : " + ([c.name, c.phone, c.email].compactMap { $0 }.joined(separator: ", "))
        } else {
            o +=
                fr
                ? " (aucun contact dans le fichier acheteurs : `mandat buyers set`)"
                : " (no contact in the buyer file: `mandat buyers set`)"
        }
        o += "\n"
        let name = extra.caller ?? (fr ? "[votre nom]" : "[your name]")
        let steps: [String] =
            fr
            ? [
                "**Se présenter** : « Bonjour, je suis \(name), je vous appelle au sujet de la facture \(v.invoiceNumber) de \(money(v.amountDue)). »",
                "**Vérifier l'interlocuteur** : « Êtes-vous bien la personne qui suit ce dossier au \(DeskLabels.role(role, lang)) ? » Sinon, demander le bon nom et le bon numéro.",
                "**Exposer l'objet** : la facture est « \(Labels.stage(v.stage, lang)) » depuis le \(date(v.since)) ; l'échéance légale est le \(date(v.dueDate)).",
                "**Écouter** : laisser parler, noter les réponses (questions ci-dessous).",
                "**Négocier** : proposer ce qui débloque (pièce, correction, paiement partiel de la part non contestée).",
                "**Obtenir un engagement daté** : « À quelle date pouvez-vous \(DeskLabels.what(what, lang)) ? »",
                "**Reformuler l'accord** : « Nous sommes donc d'accord : \(DeskLabels.what(what, lang)) au plus tard le … »",
                "**Conclure** : remercier, annoncer le rappel à la date convenue. En cas de difficulté : rester maître de l'échange, annoncer la suite (mise en demeure, contentieux).",
            ]
            : [
                "**Introduce yourself**: \"Hello, this is \(name), I am calling about invoice \(v.invoiceNumber) for \(money(v.amountDue)).\"",
                "**Check the person**: \"Are you the person following this file at \(DeskLabels.role(role, lang))?\" If not, ask for the right name and number.",
                "**State the subject**: the invoice is \"\(Labels.stage(v.stage, lang))\" since \(date(v.since)); the legal due date is \(date(v.dueDate)).",
                "**Listen**: let them speak, note the answers (questions below).",
                "**Negotiate**: offer what unblocks (a document, a correction, paying the undisputed part).",
                "**Obtain a dated commitment**: \"By what date can you \(DeskLabels.what(what, lang))?\"",
                "**Restate the agreement**: \"So we agree: \(DeskLabels.what(what, lang)) by …\"",
                "**Close**: thank them, announce your call-back on the agreed date. If it goes badly: stay in control, announce the next step (formal notice, litigation).",
            ]
        o += fr ? "\n## Déroulé de l'appel\n\n" : "\n## The call, step by step\n\n"
        for (i, s) in steps.enumerated() { o += "\(i + 1). \(s)\n" }
        o += fr ? "\n## Questions à poser à ce stade\n\n" : "\n## Questions for this stage\n\n"
        for q in questions(stage: v.stage, lang) { o += "- [ ] \(q)\n" }
        o += fr ? "\n## Après l'appel\n\n" : "\n## After the call\n\n"
        o += "```\nmandat log \(v.id) add --kind call --contact \(role.rawValue) --outcome … --text \"…\"\n"
        o += "mandat promise \(v.id) --by AAAA-MM-JJ --side \(side.rawValue) --what \(what.rawValue)\n```\n"
        if !fr { o = o.replacingOccurrences(of: "AAAA-MM-JJ", with: "YYYY-MM-DD") }
        return o
    }

    /// Label of a promise status.
    public static func statusLabel(_ s: PromiseStatus, _ lang: Lang) -> String {
        let fr = lang == .fr
        switch s {
        case .open: return fr ? "en cours" : "open"
        case .kept: return fr ? "tenue" : "kept"
        case .expired: return fr ? "non tenue" : "not kept"
        case .superseded: return fr ? "remplacée" : "superseded"
        }
    }
}
