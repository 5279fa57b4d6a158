import Foundation
import MandatCore
import MandatStore
import Mustache

/// Reminder letters and formal notices (mise en demeure) from Mustache templates users can edit.
///
/// Templates: `<kind>.<md|html>.mustache` in French (`reminder.md.mustache`, `formal-notice.html.mustache`, …) and
/// `<kind>.en.<md|html>.mustache` in English; the bundled ones are the files of `templates/letters/`, compiled in
/// (`scripts/gen-letter-templates.sh`); a directory given by the user overrides them file by file. The values offered
/// to a template are those of `LetterFacts.context(lang:)` (amounts and dates already formatted in the letter's
/// language: `12 000,00 €` and `31/01/2026` in French, `12,000.00 EUR` and `2026-01-31` in English).
public enum Letters {
    /// The two letters.
    public enum Kind: String, Sendable, CaseIterable {
        case reminder
        case formalNotice = "formal-notice"
    }

    /// The two output formats.
    public enum Format: String, Sendable, CaseIterable {
        case markdown, html
        var ext: String { self == .markdown ? "md" : "html" }
    }

    /// The template's file name: `reminder.md.mustache` (French), `reminder.en.md.mustache` (English).
    public static func fileName(_ kind: Kind, _ format: Format, lang: Lang = .fr) -> String {
        "\(kind.rawValue)\(lang == .fr ? "" : "." + lang.rawValue).\(format.ext).mustache"
    }

    /// The template text: `directory/<file>` when it exists, else the bundled one.
    /// - Throws: `DeskError` (`bad-template`) when the user's file cannot be read.
    public static func templateText(_ kind: Kind, _ format: Format, lang: Lang = .fr, directory: String?) throws
        -> String
    {
        let name = fileName(kind, format, lang: lang)
        if let dir = directory {
            let path = (dir as NSString).appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: path) {
                do { return try String(contentsOfFile: path, encoding: .utf8) } catch {
                    throw DeskError(
                        code: "bad-template", message: "\(path): cannot read: \(error.localizedDescription)")
                }
            }
        }
        return DefaultLetterTemplates.files[name] ?? ""
    }

    /// Renders a letter in French (default) or English.
    /// - Throws: `DeskError` (`bad-template`) naming the template when Mustache cannot parse it.
    public static func render(
        _ facts: LetterFacts, kind: Kind, format: Format, lang: Lang = .fr, templates directory: String? = nil
    ) throws -> String {
        let text = try templateText(kind, format, lang: lang, directory: directory)
        let template: MustacheTemplate
        do { template = try MustacheTemplate(string: text) } catch {
            throw DeskError(
                code: "bad-template",
                message: "\(directory ?? "bundled")/\(fileName(kind, format, lang: lang)): \(error)")
        }
        var out = template.render(facts.context(lang: lang))
        while out.hasPrefix("\n") { out.removeFirst() }
        return out
    }
}

/// The amounts and facts a letter states, computed from a dossier as of a date. `Sendable` value.
///
/// - Principal: the amount due while unpaid, 0 once paid (euros).
/// - Interest: the law's late-payment interest accrued to the date (CCP L.2192-13, rate R.2192-31), euros.
/// - Indemnity: 40 € from the day after the due date (CCP D.2192-35: due as soon as the delay is exceeded);
///   the law's figure when it has one.
/// - Total: principal + interest + indemnity.
public struct LetterFacts: Sendable, Hashable {
    public var sender: String
    public var buyerName: String
    public var buyerSiret: String
    public var serviceContact: String?
    public var ordonnateurContact: String?
    public var comptableOffice: String?
    public var invoiceNumber: String
    public var contractId: String?
    public var asOf: CivilDate
    public var dueDate: CivilDate?
    public var delayDays: Int
    public var delayArticle: String
    public var daysLate: Int
    public var amountDue: Decimal
    public var principal: Decimal
    public var interest: Decimal
    public var indemnity: Decimal
    public var rateProvisional: Bool
    /// Days given to pay in a formal notice (default 15).
    public var noticeDays: Int
    /// ISO 4217 code of `amountDue`, `principal`, `interest` and `total`: the invoice's. `indemnity` is euros.
    public var currency = "EUR"

    /// Principal + interest + indemnity; in another currency than the euro, the indemnity (euros) is left out of
    /// it and the letter shows the two amounts (`total` then `+ 40,00 €`).
    public var total: Decimal { principal + interest + (currency == "EUR" ? indemnity : 0) }

    /// The facts of a dossier.
    /// - Parameters:
    ///   - buyer: the buyer file's entry (category for the delay, contacts, comptable).
    ///   - sender: our name and address, as printed at the top and bottom.
    public init(view v: DossierView, buyer: BuyerRecord?, asOf: CivilDate, sender: String, noticeDays: Int = 15) {
        self.sender = sender
        buyerName = buyer?.name ?? v.buyerName
        buyerSiret = buyer?.siret ?? v.buyerSiret ?? "—"
        serviceContact = buyer?.contact(.serviceGestionnaire)?.name
        ordonnateurContact = buyer?.contact(.ordonnateurFinance)?.name
        comptableOffice = buyer?.comptableOffice
        invoiceNumber = v.invoiceNumber
        contractId = v.contractId
        self.asOf = asOf
        dueDate = v.dueDate
        delayDays = BuyerSegments.legalDelayDays(buyer?.category)
        switch buyer?.category {
        case .hospital?: delayArticle = "article R.2192-11 1°"
        case .publicUndertaking?: delayArticle = "article R.2192-11 2°"
        default: delayArticle = "article R.2192-10"
        }
        daysLate = max(0, v.daysLate ?? 0)
        amountDue = v.amountDue ?? 0
        principal = v.paidDate == nil ? (v.amountDue ?? 0) : 0
        interest = Money.rounded(v.interest)
        indemnity = v.indemnity > 0 ? v.indemnity : (daysLate > 0 ? 40 : 0)
        rateProvisional = v.rateProvisional
        self.noticeDays = noticeDays
        currency = v.amountCurrency
    }

    /// The values a French template sees (`context(lang: .fr)`).
    public var context: [String: Any] { context(lang: .fr) }

    /// The values a template sees: strings (French: amounts as `12 000,00 €`, dates as `JJ/MM/AAAA`, `article
    /// R.2192-10`; English: `12,000.00 EUR`, `2026-01-31`, `Article R.2192-10`) and booleans (`late`,
    /// `rateProvisional`); absent optional values are left out so `{{#x}}…{{/x}}` sections vanish.
    public func context(lang: Lang) -> [String: Any] {
        let money = { (d: Decimal) in Labels.money(d, lang, currency: currency) }
        // The indemnity is euros; a total in another currency names it apart instead of adding it.
        let totalText = money(total) + (currency == "EUR" || indemnity == 0 ? "" : " + " + Labels.money(indemnity, lang))
        let article = lang == .fr ? delayArticle : delayArticle.replacingOccurrences(of: "article", with: "Article")
        var c: [String: Any] = [
            "sender": sender, "buyerName": buyerName, "buyerSiret": buyerSiret, "invoiceNumber": invoiceNumber,
            "today": Labels.date(asOf, lang), "dueDate": Labels.date(dueDate, lang), "delayDays": String(delayDays),
            "delayArticle": article, "daysLate": String(daysLate), "late": daysLate > 0,
            "amountDue": money(amountDue), "principal": money(principal),
            "interest": money(interest), "indemnity": Labels.money(indemnity, lang), "total": totalText,
            "rateProvisional": rateProvisional, "noticeDays": String(noticeDays),
        ]
        if let s = serviceContact { c["serviceContact"] = s }
        if let s = ordonnateurContact { c["ordonnateurContact"] = s }
        if let s = comptableOffice { c["comptableOffice"] = s }
        if let s = contractId { c["contractId"] = s }
        return c
    }
}
