import Foundation
import MandatCore
import Mustache

/// Output formats of the digest.
public enum DigestFormat: String, Codable, Sendable, CaseIterable {
    case text, markdown, html, json
}

/// Renders a `Digest` for a person to read (French by default, English with `.en`) or as JSON.
///
/// Human formats use French number and date formats (`12 000,00 €`, `31/01/2026`); JSON uses ISO dates and
/// decimal amounts. The HTML is one self-contained page for mail clients: inline styles, no scripts, an
/// inline SVG chart of amounts by holder and by days late.
public enum DigestRenderer {
    /// Renders the digest. Throws only if the bundled HTML template is broken (a programming error).
    public static func render(_ d: Digest, format: DigestFormat, lang: Lang) throws -> String {
        switch format {
        case .text: return text(d, lang: lang, markdown: false)
        case .markdown: return text(d, lang: lang, markdown: true)
        case .html: return try html(d, lang: lang)
        case .json: return try json(d)
        }
    }

    static func json(_ d: Digest) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try e.encode(d), as: UTF8.self)
    }

    struct Words {
        let lang: Lang
        func t(_ fr: String, _ en: String) -> String { lang == .fr ? fr : en }
    }

    /// `en jeu : <all dossiers> · dont sur les blocages : <blocked dossiers>`: the first the total `status` and
    /// the web board print, the second its part on blocked dossiers (CurrencyTotals.atStake both).
    static func stakeText(_ d: Digest, _ w: Words, _ lang: Lang) -> String {
        w.t("en jeu : ", "at stake: ") + d.atStake.text(lang) + " · "
            + w.t("dont sur les blocages : ", "of which on blockages: ") + d.blockedAtStake.text(lang)
    }

    static func title(_ d: Digest, _ w: Words) -> String {
        var s = w.t("Mandat — point du ", "Mandat — digest of ") + Labels.date(d.asOf, w.lang)
        if let p = d.person { s += w.t(" pour ", " for ") + p }
        return s
    }

    /// The findings about one side's share of the delay: their holder is the side whose days count, not
    /// necessarily who holds the dossier now (the comptable may hold it after the ordonnateur's overrun).
    static let shareCodes: Set<String> = ["ordonnateur-over-share", "comptable-over-share"]

    /// `chez ordonnateur` / `held by ordonnateur`, or for a share finding `jours imputés à l'ordonnateur` /
    /// `days counted against the ordonnateur` (`au comptable public` / `the comptable`).
    static func holderPhrase(_ b: Digest.Blockage, _ w: Words) -> String {
        guard shareCodes.contains(b.code) else { return w.t("chez ", "held by ") + Labels.holder(b.holder, w.lang) }
        let label = Labels.holder(b.holder, w.lang)
        switch (w.lang, b.holder) {
        case (.fr, "ordonnateur"): return "jours imputés à l'ordonnateur"
        case (.fr, "comptable"): return "jours imputés au comptable public"
        case (.fr, _): return "jours imputés à : " + label
        default: return "days counted against the " + label
        }
    }

    static func blockageLine(_ b: Digest.Blockage, _ lang: Lang) -> String {
        let w = Words(lang: lang)
        var s = "\(b.invoiceNumber) (\(b.buyer)) — \(Labels.finding(b.code, lang)) — "
        s += holderPhrase(b, w)
        if let since = b.since { s += w.t(" depuis le ", " since ") + Labels.date(since, lang) }
        if let days = b.daysAtHolder { s += " (\(days) " + w.t("j", "d") + ")" }
        if let over = b.daysOverShare, over > 0 { s += w.t(", ", ", ") + "\(over) " + w.t("j au-delà de sa part", "d over its share") }
        s += " — " + stake(b, w, lang)
        return s
    }

    /// `en jeu 288,32 €`, followed by `+ indemnité forfaitaire 40,00 €` when the finding also claims the flat
    /// indemnity (`Digest.Blockage.indemnity`): the amount at stake never includes it, the line says it apart.
    static func stake(_ b: Digest.Blockage, _ w: Words, _ lang: Lang) -> String {
        w.t("en jeu ", "at stake ") + stakeAmount(b, w, lang)
    }

    /// The amount of `stake(_:_:_:)` without its words.
    static func stakeAmount(_ b: Digest.Blockage, _ w: Words, _ lang: Lang) -> String {
        var s = Labels.money(b.moneyAtStake, lang, currency: b.currency)
        if let i = b.indemnity {
            s += w.t(" + indemnité forfaitaire ", " + flat indemnity ") + Labels.money(i, lang, currency: "EUR")
        }
        return s
    }

    static func text(_ d: Digest, lang: Lang, markdown md: Bool) -> String {
        let w = Words(lang: lang)
        var out: [String] = []
        func h(_ s: String) {
            out.append("")
            out.append(md ? "## " + s : s.uppercased())
            if !md { out.append(String(repeating: "-", count: s.count)) }
        }
        let bullet = md ? "- " : "  • "
        out.append(md ? "# " + title(d, w) : title(d, w))
        var intro = "\(d.dossierCount) " + w.t("dossier(s) suivis", "dossier(s) followed")
        if let since = d.since { intro += w.t(" · changements depuis le ", " · changes since ") + Labels.date(since, lang) }
        intro += " · " + stakeText(d, w, lang)
        out.append(intro)

        h(w.t("Nouveaux blocages", "New blockages"))
        if d.firstDigest {
            out.append(bullet + w.t("premier point : tous les blocages en cours sont nouveaux (ci-dessous)",
                                    "first digest: every open blockage is new (below)"))
        } else if d.newBlockages.isEmpty {
            out.append(bullet + w.t("aucun", "none"))
        }
        for b in d.newBlockages { out.append(bullet + blockageLine(b, lang)) }

        h(w.t("Blocages en cours, par montant en jeu", "Open blockages, by money at stake"))
        if d.openBlockages.isEmpty { out.append(bullet + w.t("aucun", "none")) }
        var rank = 0
        var current: String?
        for b in d.openBlockages {
            if b.dossierId != current {
                current = b.dossierId
                rank += 1
                out.append("")
                out.append((md ? "\(rank). **" : "  \(rank). ") + "\(b.invoiceNumber) — \(b.buyer)" + (md ? "**" : ""))
            }
            let indent = md ? "   - " : "     - "
            var line = indent + Labels.finding(b.code, lang) + " — " + holderPhrase(b, w)
            if let since = b.since { line += w.t(" depuis le ", " since ") + Labels.date(since, lang) }
            if let days = b.daysAtHolder { line += " (\(days) " + w.t("j", "d") + ")" }
            if let over = b.daysOverShare, over > 0 {
                line += b.code == "overdue"
                    ? ", \(over) " + w.t("j après l'échéance", "d past the due date")
                    : ", \(over) " + w.t("j au-delà de sa part", "d over its share")
            }
            line += " — " + stake(b, w, lang)
            out.append(line)
            let sub = md ? "     " : "         "
            if let detail = b.detail { out.append(sub + detail) }
            out.append(sub + w.t("Action : ", "Action: ") + b.nextAction)
            out.append(sub + w.t("Contact : ", "Contact: ") + Labels.contact(b.contact, lang))
        }

        h(w.t("Changements d'étape", "Stage changes"))
        if d.stageChanges.isEmpty { out.append(bullet + w.t("aucun", "none")) }
        for c in d.stageChanges {
            let from = c.from.map { Labels.stage($0, lang) } ?? w.t("(nouveau)", "(new)")
            out.append(bullet + "\(c.invoiceNumber) (\(c.buyer)) : \(from) → \(Labels.stage(c.to, lang))")
        }

        h(w.t("Paiements reçus", "Payments received"))
        if d.payments.isEmpty { out.append(bullet + w.t("aucun", "none")) }
        for p in d.payments {
            var s = bullet + "\(p.invoiceNumber) (\(p.buyer)) : \(Labels.money(p.amount, lang, currency: p.currency))"
            s += w.t(" le ", " on ") + Labels.date(p.date, lang)
            s += p.daysLate > 0 ? w.t(", \(p.daysLate) j de retard", ", \(p.daysLate) d late") : w.t(", dans le délai", ", on time")
            out.append(s)
        }

        h(w.t("Intérêts moratoires et indemnité dus", "Late-payment interest and indemnity owed"))
        if d.interestOwed.isEmpty { out.append(bullet + w.t("aucun", "none")) }
        for i in d.interestOwed {
            var s = bullet + "\(i.invoiceNumber) (\(i.buyer)) : " + w.t("intérêts ", "interest ") + Labels.money(i.interest, lang, currency: i.currency)
            s += " + " + w.t("indemnité ", "indemnity ") + Labels.money(i.indemnity, lang, currency: "EUR")
            if let due = i.dueBy { s += w.t(", à payer avant le ", ", due by ") + Labels.date(due, lang) }
            if i.overdue { s += w.t(" — ÉCHÉANCE DÉPASSÉE", " — PAST DUE") }
            if i.provisionalRate { s += w.t(" (taux provisoire)", " (provisional rate)") }
            out.append(s)
        }

        h(w.t("Encours par détenteur", "Outstanding by holder"))
        for b in d.byHolder { out.append(bullet + Labels.holder(b.label, lang) + " : " + Labels.money(b.amount, lang, currency: b.currency)) }
        h(w.t("Encours par retard", "Outstanding by days late"))
        for b in d.byLateness { out.append(bullet + latenessLabel(b.label, lang) + " : " + Labels.money(b.amount, lang, currency: b.currency)) }

        if !d.staleInputs.isEmpty || !d.unreadableFiles.isEmpty || d.unlinkedEvents > 0 {
            h(w.t("Entrées à surveiller", "Inputs to watch"))
            for s in d.staleInputs {
                var line = bullet + w.t("aucun fichier « \(s.source) » ", "no “\(s.source)” file ")
                if let days = s.days { line += w.t("depuis \(days) jours", "for \(days) days") } else { line += w.t("reçu", "received") }
                out.append(line)
            }
            for f in d.unreadableFiles { out.append(bullet + w.t("illisible : ", "unreadable: ") + f.message) }
            if d.unlinkedEvents > 0 {
                out.append(bullet + "\(d.unlinkedEvents) " + w.t("événement(s) non rattaché(s) à une facture", "event(s) not tied to any invoice"))
            }
        }
        for n in d.notes { out.append((md ? "> " : "NB : ") + n) }
        return out.joined(separator: "\n") + "\n"
    }

    static func latenessLabel(_ bucket: String, _ lang: Lang) -> String {
        switch bucket {
        case "not-due": return lang == .fr ? "pas encore échu" : "not yet due"
        case "90+": return lang == .fr ? "plus de 90 j" : "over 90 d"
        default: return bucket + (lang == .fr ? " j" : " d")
        }
    }

    /// An inline SVG horizontal bar chart (no script, no external resource). One scale per currency: a bar's
    /// width is proportional to the largest bar of its own currency (a SEK amount is never measured against euros).
    static func svgBars(_ bars: [Digest.Bar], label: (String) -> String, lang: Lang) -> String {
        let width = 520, barH = 18, gap = 8, labelW = 190
        var maxBy: [String: Decimal] = [:]
        for b in bars { maxBy[b.currency] = max(maxBy[b.currency] ?? 0, b.amount) }
        let height = max(1, bars.count) * (barH + gap) + gap
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" role=\"img\">"
        for (i, b) in bars.enumerated() {
            let y = gap + i * (barH + gap)
            var frac = 0.0
            let maxAmount = maxBy[b.currency] ?? 0
            if maxAmount > 0 {
                frac = NSDecimalNumber(decimal: b.amount / maxAmount).doubleValue  // drawing only, not money
            }
            let w = Int(Double(width - labelW - 110) * frac)
            s += "<text x=\"0\" y=\"\(y + 13)\" font-size=\"12\" font-family=\"Arial,sans-serif\">\(escape(label(b.label)))</text>"
            s += "<rect x=\"\(labelW)\" y=\"\(y)\" width=\"\(max(w, 1))\" height=\"\(barH)\" fill=\"#2b6cb0\"/>"
            s += "<text x=\"\(labelW + max(w, 1) + 6)\" y=\"\(y + 13)\" font-size=\"12\" font-family=\"Arial,sans-serif\">\(escape(Labels.money(b.amount, lang, currency: b.currency)))</text>"
        }
        return s + "</svg>"
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func html(_ d: Digest, lang: Lang) throws -> String {
        let w = Words(lang: lang)
        let template = try MustacheTemplate(string: DigestTemplates.html)
        func blockage(_ b: Digest.Blockage) -> [String: Any] {
            [
                "invoice": b.invoiceNumber, "buyer": b.buyer, "finding": Labels.finding(b.code, lang), "code": b.code,
                "holder": Labels.holder(b.holder, lang) + (shareCodes.contains(b.code) ? w.t(" (sa part)", " (its share)") : ""),
                "since": Labels.date(b.since, lang),
                "days": b.daysAtHolder.map(String.init) ?? "—",
                "over": (b.daysOverShare ?? 0) > 0 ? "+\(b.daysOverShare!)" : "—",
                "stake": stakeAmount(b, w, lang), "action": b.nextAction,
                "contact": Labels.contact(b.contact, lang), "detail": b.detail ?? "",
            ]
        }
        let view: [String: Any] = [
            "lang": lang.rawValue,
            "title": title(d, w),
            "intro": "\(d.dossierCount) " + w.t("dossier(s) suivis", "dossier(s) followed") + " · "
                + stakeText(d, w, lang),
            "hNew": w.t("Nouveaux blocages", "New blockages"),
            "hOpen": w.t("Blocages en cours, par montant en jeu", "Open blockages, by money at stake"),
            "hChanges": w.t("Changements d'étape", "Stage changes"),
            "hPayments": w.t("Paiements reçus", "Payments received"),
            "hInterest": w.t("Intérêts moratoires et indemnité dus", "Late-payment interest and indemnity owed"),
            "hCharts": w.t("Encours", "Outstanding"),
            "hInputs": w.t("Entrées à surveiller", "Inputs to watch"),
            "none": w.t("Aucun.", "None."),
            "cInvoice": w.t("Facture", "Invoice"), "cBuyer": w.t("Acheteur", "Buyer"),
            "cFinding": w.t("Blocage", "Blockage"), "cHolder": w.t("Chez", "Holder"),
            "cSince": w.t("Depuis", "Since"), "cDays": w.t("Jours", "Days"),
            "cOver": w.t("Au-delà", "Over"), "cStake": w.t("En jeu", "At stake"),
            "cAction": w.t("Action", "Action"), "cContact": w.t("Contact", "Contact"),
            "new": d.newBlockages.map(blockage), "hasNew": !d.newBlockages.isEmpty,
            "first": d.firstDigest,
            "firstText": w.t("Premier point : tous les blocages en cours sont nouveaux.", "First digest: every open blockage is new."),
            "open": d.openBlockages.map(blockage), "hasOpen": !d.openBlockages.isEmpty,
            "changes": d.stageChanges.map {
                [
                    "invoice": $0.invoiceNumber, "buyer": $0.buyer,
                    "from": $0.from.map { Labels.stage($0, lang) } ?? w.t("(nouveau)", "(new)"),
                    "to": Labels.stage($0.to, lang),
                ]
            },
            "hasChanges": !d.stageChanges.isEmpty,
            "payments": d.payments.map {
                [
                    "invoice": $0.invoiceNumber, "buyer": $0.buyer, "amount": Labels.money($0.amount, lang, currency: $0.currency),
                    "date": Labels.date($0.date, lang),
                    "late": $0.daysLate > 0 ? w.t("\($0.daysLate) j de retard", "\($0.daysLate) d late") : w.t("dans le délai", "on time"),
                ]
            },
            "hasPayments": !d.payments.isEmpty,
            "interest": d.interestOwed.map {
                [
                    "invoice": $0.invoiceNumber, "buyer": $0.buyer, "interest": Labels.money($0.interest, lang, currency: $0.currency),
                    "indemnity": Labels.money($0.indemnity, lang, currency: "EUR"), "dueBy": Labels.date($0.dueBy, lang),
                    "overdue": $0.overdue ? w.t("échéance dépassée", "past due") : "",
                    "provisional": $0.provisionalRate ? w.t("taux provisoire", "provisional rate") : "",
                ]
            },
            "hasInterest": !d.interestOwed.isEmpty,
            "chartHolder": svgBars(d.byHolder, label: { Labels.holder($0, lang) }, lang: lang),
            "chartLate": svgBars(d.byLateness, label: { latenessLabel($0, lang) }, lang: lang),
            "hHolder": w.t("par détenteur", "by holder"), "hLate": w.t("par retard", "by days late"),
            "inputs": d.staleInputs.map {
                w.t("Aucun fichier « \($0.source) » ", "No “\($0.source)” file ")
                    + ($0.days.map { w.t("depuis \($0) jours", "for \($0) days") } ?? w.t("reçu", "received"))
            } + d.unreadableFiles.map { w.t("Illisible : ", "Unreadable: ") + $0.message },
            "hasInputs": !d.staleInputs.isEmpty || !d.unreadableFiles.isEmpty,
            "notes": d.notes,
        ]
        return template.render(view)
    }
}

/// The HTML digest template (Mustache): inline styles only, no script, readable in mail clients.
enum DigestTemplates {
    static let html = """
        <!DOCTYPE html>
        <html lang="{{lang}}"><head><meta charset="utf-8"><title>{{title}}</title></head>
        <body style="font-family:Arial,Helvetica,sans-serif;color:#1a202c;max-width:960px;margin:0 auto;padding:16px">
        <h1 style="font-size:22px;border-bottom:2px solid #2b6cb0;padding-bottom:6px">{{title}}</h1>
        <p style="color:#4a5568">{{intro}}</p>
        <h2 style="font-size:18px;color:#c53030">{{hNew}}</h2>
        {{#first}}<p>{{firstText}}</p>{{/first}}{{^first}}{{^hasNew}}<p>{{none}}</p>{{/hasNew}}{{/first}}
        {{#hasNew}}<ul>{{#new}}<li><b>{{invoice}}</b> ({{buyer}}) — {{finding}} — {{holder}}, {{since}} — {{stake}}</li>{{/new}}</ul>{{/hasNew}}
        <h2 style="font-size:18px">{{hOpen}}</h2>
        {{^hasOpen}}<p>{{none}}</p>{{/hasOpen}}
        {{#hasOpen}}<table style="border-collapse:collapse;font-size:13px;width:100%">
        <tr style="background:#edf2f7;text-align:left"><th style="padding:4px">{{cInvoice}}</th><th style="padding:4px">{{cBuyer}}</th><th style="padding:4px">{{cFinding}}</th><th style="padding:4px">{{cHolder}}</th><th style="padding:4px">{{cSince}}</th><th style="padding:4px">{{cDays}}</th><th style="padding:4px">{{cOver}}</th><th style="padding:4px;text-align:right">{{cStake}}</th></tr>
        {{#open}}<tr style="border-top:1px solid #e2e8f0"><td style="padding:4px"><b>{{invoice}}</b></td><td style="padding:4px">{{buyer}}</td><td style="padding:4px">{{finding}}<br><span style="color:#4a5568">{{cAction}} : {{action}} — {{cContact}} : {{contact}}</span>{{#detail}}<br><span style="color:#718096">{{detail}}</span>{{/detail}}</td><td style="padding:4px">{{holder}}</td><td style="padding:4px">{{since}}</td><td style="padding:4px">{{days}}</td><td style="padding:4px">{{over}}</td><td style="padding:4px;text-align:right;white-space:nowrap">{{stake}}</td></tr>{{/open}}
        </table>{{/hasOpen}}
        <h2 style="font-size:18px">{{hCharts}}</h2>
        <p style="margin:4px 0">{{hHolder}}</p>{{{chartHolder}}}
        <p style="margin:4px 0">{{hLate}}</p>{{{chartLate}}}
        <h2 style="font-size:18px">{{hChanges}}</h2>
        {{^hasChanges}}<p>{{none}}</p>{{/hasChanges}}
        {{#hasChanges}}<ul>{{#changes}}<li><b>{{invoice}}</b> ({{buyer}}) : {{from}} → {{to}}</li>{{/changes}}</ul>{{/hasChanges}}
        <h2 style="font-size:18px">{{hPayments}}</h2>
        {{^hasPayments}}<p>{{none}}</p>{{/hasPayments}}
        {{#hasPayments}}<ul>{{#payments}}<li><b>{{invoice}}</b> ({{buyer}}) : {{amount}}, {{date}}, {{late}}</li>{{/payments}}</ul>{{/hasPayments}}
        <h2 style="font-size:18px">{{hInterest}}</h2>
        {{^hasInterest}}<p>{{none}}</p>{{/hasInterest}}
        {{#hasInterest}}<ul>{{#interest}}<li><b>{{invoice}}</b> ({{buyer}}) : {{interest}} + {{indemnity}} — {{dueBy}} <b style="color:#c53030">{{overdue}}</b> <i>{{provisional}}</i></li>{{/interest}}</ul>{{/hasInterest}}
        {{#hasInputs}}<h2 style="font-size:18px">{{hInputs}}</h2><ul>{{#inputs}}<li>{{.}}</li>{{/inputs}}</ul>{{/hasInputs}}
        {{#notes}}<p style="color:#744210;background:#fefcbf;padding:6px">{{.}}</p>{{/notes}}
        </body></html>
        """
}
