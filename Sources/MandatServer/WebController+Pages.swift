import Foundation
import HTTPTypes
import Hummingbird
import MandatCore
import MandatReports

extension WebController {
    // MARK: Board

    /// Totals of the board: outstanding (unpaid amount due, euros) by holder and by days-late bucket.
    struct Totals: Sendable {
        /// One bar: an amount in one currency (a label has one bar per currency: SEK never added to euros).
        typealias Bar = (label: String, amount: Decimal, currency: String)
        var count = 0
        /// Per currency (the invoices' own, BT-5).
        var amountDue = CurrencyTotals()
        /// Per currency (the invoices' own; the euro indemnity is not part of it).
        var moneyAtStake = CurrencyTotals()
        var byHolder: [Bar] = []
        var byLateness: [Bar] = []

        /// Buckets as the digest's: `not-due` (≤ 0 days late), `1-30`, `31-60`, `61-90`, `90+` calendar days.
        static func bucket(_ daysLate: Int?) -> String {
            switch daysLate ?? 0 {
            case ..<1: return "not-due"
            case 1...30: return "1-30"
            case 31...60: return "31-60"
            case 61...90: return "61-90"
            default: return "90+"
            }
        }

        init(_ views: [DossierView]) { self.init(views, order: Array(views.indices)) }

        /// Totals of the dossiers at positions `order` in `all`, per currency.
        init(_ all: [DossierView], order: [Int]) {
            var holders: [String: CurrencyTotals] = [:]
            var late: [String: CurrencyTotals] = [:]
            count = order.count
            for i in order {
                let v = all[i]
                let c = v.amountCurrency
                // Each dossier's amounts in cents, then summed (CurrencyTotals.atStake: the one definition).
                if let due = v.amountDue { amountDue.addCents(due, c) }
                moneyAtStake.add(CurrencyTotals.atStake(views: CollectionOfOne(v)))
                guard v.paidDate == nil, v.holder != Holder.nobody.rawValue else { continue }
                holders[v.holder, default: CurrencyTotals()].addCents(v.amountDue ?? 0, c)
                late[Self.bucket(v.daysLate), default: CurrencyTotals()].addCents(v.amountDue ?? 0, c)
            }
            func bars(_ labels: [String], _ sums: [String: CurrencyTotals]) -> [Bar] {
                labels.flatMap { l in (sums[l]?.sorted ?? []).map { (l, $0.amount, $0.currency) } }
            }
            byHolder = bars(["supplier", "platform", "ordonnateur", "comptable"], holders)
            byLateness = bars(["not-due", "1-30", "31-60", "61-90", "90+"], late)
        }
    }

    static func latenessLabel(_ b: String, _ lang: Lang) -> String {
        switch b {
        case "not-due": return lang == .fr ? "pas encore échu" : "not yet due"
        case "90+": return lang == .fr ? "plus de 90 j" : "over 90 d"
        default: return b + (lang == .fr ? " j" : " d")
        }
    }

    static func idPath(_ id: String) -> String { FormCoding.percentEncode(id) }

    /// The filtered, sorted board and its totals, through the cache (kept while the repository's data version
    /// holds).
    func board(_ q: BoardQuery, version: String?) async throws -> BoardCache.Entry {
        let repository = self.repository
        return try await boardCache.board(key: q.queryString(lang: nil), version: version) {
            let all = try await repository.dossiers(asOf: q.asOf)
            let order = q.order(all)
            return BoardCache.Entry(all: all, order: order, totals: Totals(all, order: order))
        }
    }

    /// Where a rendered board page or API board is kept: the data version, the filters, the page and the
    /// language. `nil` when the repository does not tell its data version (nothing is kept then).
    static func renderedKey(_ kind: String, _ q: BoardQuery, lang: Lang, version: String?) -> String? {
        version.map {
            "\(kind)|\($0)|\(q.queryString(lang: lang.rawValue))&page=\(q.page.number)&per_page=\(q.page.size)"
        }
    }

    func boardPage(_ call: Call) async throws -> Response {
        let q = try BoardQuery(query: call.query, today: options.today())
        let lang = call.lang
        let title = call.t("Tableau de bord au ", "Board as of ") + Labels.date(q.asOf, lang)
        let version = try await repository.dataVersion(asOf: q.asOf)
        let key = Self.renderedKey("page", q, lang: lang, version: version)
        if let key, let body = await rendered.text(key) { return page(title: title, body: body, call: call) }
        let entry = try await board(q, version: version)
        let totals = entry.totals
        let rows: [[String: Any]] = entry.rows(q.page).map { v in
            [
                "href": Self.idPath(v.id), "langQ": call.langQ, "invoice": v.invoiceNumber, "buyer": v.buyerName,
                "contract": v.contractId ?? "—", "stage": Labels.stage(v.stage, lang),
                "holder": Labels.holder(v.holder, lang), "days": v.daysAtHolder.map(String.init) ?? "—",
                "due": Labels.date(v.dueDate, lang), "late": v.daysLate.map(String.init) ?? "—",
                "amount": v.amountDue.map { Labels.money($0, lang, currency: v.amountCurrency) + v.estimateMark }
                    ?? "—",
                "stake": Labels.money(v.moneyAtStake, lang, currency: v.amountCurrency) + v.estimateMark,
                "findings": v.findings.map { Labels.finding($0.code, lang) }.joined(separator: " ; "),
            ]
        }
        let pages = q.page.pageCount(total: entry.count)
        func pageLink(_ n: Int) -> String {
            "/?" + q.queryString(lang: lang.rawValue) + "&page=\(n)&per_page=\(q.page.size)"
        }
        let sortLabels: [BoardQuery.Sort: (String, String)] = [
            .stake: ("montant en jeu", "money at stake"), .late: ("jours de retard", "days late"),
            .due: ("échéance", "due date"), .buyer: ("acheteur", "buyer"), .invoice: ("facture", "invoice"),
        ]
        let ctx: [String: Any] = [
            "lFilters": call.t("Filtres", "Filters"), "lBlocked": call.t("bloqués seulement", "blocked only"),
            "lBuyer": call.t("Acheteur", "Buyer"), "lContract": call.t("Marché", "Contract"),
            "lHolder": call.t("Détenteur", "Holder"), "lAsOf": call.t("Au", "As of"), "lSort": call.t("Tri", "Sort"),
            "lApply": call.t("Appliquer", "Apply"), "langEn": lang == .en,
            "blocked": q.blocked, "buyer": q.buyer ?? "", "contract": q.contract ?? "", "asOf": q.asOf.iso,
            "holders": Holder.allCases.map {
                ["value": $0.rawValue, "label": Labels.holder($0.rawValue, lang), "selected": q.holder == $0]
                    as [String: Any]
            },
            "sorts": BoardQuery.Sort.allCases.map {
                ["value": $0.rawValue, "label": call.t(sortLabels[$0]!.0, sortLabels[$0]!.1), "selected": q.sort == $0]
                    as [String: Any]
            },
            "lByHolder": call.t("Encours par détenteur", "Outstanding by holder"),
            "lByLate": call.t("Encours par retard", "Outstanding by days late"),
            "chartHolder": SVGCharts.bars(
                totals.byHolder.map { (Labels.holder($0.label, lang), $0.amount, $0.currency) }, lang: lang,
                title: call.t("Encours par détenteur", "Outstanding by holder")),
            "chartLate": SVGCharts.bars(
                totals.byLateness.map { (Self.latenessLabel($0.label, lang), $0.amount, $0.currency) }, lang: lang,
                title: call.t("Encours par retard", "Outstanding by days late")),
            "summary": "\(totals.count) " + call.t("dossier(s)", "dossier(s)") + " · "
                + call.t("montant dû ", "amount due ") + totals.amountDue.text(lang) + " · "
                + call.t("en jeu ", "at stake ") + totals.moneyAtStake.text(lang),
            "cInvoice": call.t("Facture", "Invoice"), "cBuyer": call.t("Acheteur", "Buyer"),
            "cContract": call.t("Marché", "Contract"), "cStage": call.t("Étape", "Stage"),
            "cHolder": call.t("Chez", "Holder"), "cDays": call.t("Jours chez", "Days held"),
            "cDue": call.t("Échéance", "Due"), "cLate": call.t("Retard (j)", "Late (d)"),
            "cAmount": call.t("Montant dû", "Amount due"), "cStake": call.t("En jeu", "At stake"),
            "cFindings": call.t("Blocages", "Blockages"), "none": call.t("Aucun dossier.", "No dossier."),
            "rows": rows,
            "prev": orFalse(q.page.number > 1 ? pageLink(q.page.number - 1) : nil),
            "next": orFalse(q.page.number < pages ? pageLink(q.page.number + 1) : nil),
            "pageInfo": call.t("page \(q.page.number) sur \(pages)", "page \(q.page.number) of \(pages)"),
            "lPrev": call.t("précédente", "previous"), "lNext": call.t("suivante", "next"),
        ]
        let body = templates.board.render(ctx)
        if let key { await rendered.keep(body, for: key) }
        return page(title: title, body: body, call: call)
    }

    // MARK: Dossier

    func loadDossier(_ call: Call) async throws -> (DossierDetail, CivilDate) {
        let asOf = try BoardQuery.date(call.query["as_of"], default: options.today())
        guard call.id.count <= 200, let d = try await repository.dossier(id: call.id, asOf: asOf) else {
            throw WebError.notFound("no dossier with this id", fr: "aucun dossier ne porte cet identifiant")
        }
        return (d, asOf)
    }

    func dossierPage(_ call: Call) async throws -> Response {
        let (d, asOf) = try await loadDossier(call)
        let v = d.view
        let lang = call.lang
        // Amounts of the dossier are in the invoice's currency (BT-5).
        let c = v.amountCurrency
        var late = "—"
        if let l = v.daysLate {
            late = l > 0 ? call.t("\(l) j de retard", "\(l) d late") : call.t("\(-l) j restants", "\(-l) d left")
        }
        let kinds = ["call", "email", "letter", "meeting", "note"]
        let kindLabels = [
            "call": "appel", "email": "courriel", "letter": "courrier", "meeting": "rendez-vous", "note": "note",
        ]
        let whats = [
            "serviceFait": ("service fait", "service certified"), "mandat": ("mandat", "mandat"),
            "payment": ("paiement", "payment"),
        ]
        let clock = d.clock
        var clockLine = call.t("Départ du délai : ", "Clock starts: ") + Labels.date(clock.start, lang)
        if let days = clock.delayDays {
            clockLine += " · " + call.t("délai global \(days) j", "overall delay \(days) d")
        }
        clockLine += " · " + call.t("échéance ", "due ") + Labels.date(v.dueDate, lang)
        if clock.suspendedDays > 0 {
            clockLine += " · " + call.t("suspendu \(clock.suspendedDays) j", "suspended \(clock.suspendedDays) d")
        }
        let ctx: [String: Any] = [
            "lBuyer": call.t("Acheteur", "Buyer"), "buyer": v.buyerName, "siret": orFalse(v.buyerSiret),
            "lContract": call.t("Marché", "Contract"), "contract": v.contractId ?? "—",
            "lStage": call.t("Étape", "Stage"), "stage": Labels.stage(v.stage, lang),
            "lHolder": call.t("Chez", "Held by"), "holder": Labels.holder(v.holder, lang),
            "lSince": call.t("depuis le", "since"), "since": orFalse(v.since.map { Labels.date($0, lang) }),
            "days": orFalse(v.daysAtHolder.map { call.t("\($0) j", "\($0) d") }),
            "lAmount": call.t("Montant dû", "Amount due"),
            "amount": v.amountDue.map { Labels.money($0, lang, currency: c) + v.estimateMark } ?? "—",
            "estimate": orFalse(
                v.amountDueEstimated == true
                    ? call.t(
                        "* estimé : montant dû (BT-115) absent ou illisible, pris au total TTC (BT-112) moins les acomptes (BT-113), plus l'arrondi (BT-114)",
                        "* estimated: amount due (BT-115) missing or unreadable, taken as the total with VAT (BT-112) less prepaid (BT-113), plus rounding (BT-114)"
                    )
                    : nil),
            "lDue": call.t("Échéance", "Due date"), "due": Labels.date(v.dueDate, lang), "late": late,
            "lPaid": call.t("Payée", "Paid"),
            "paid": orFalse(
                v.paidDate.map {
                    Labels.date($0, lang) + (v.paidAmount.map { " — " + Labels.money($0, lang, currency: c) } ?? "")
                }),
            "lInterest": call.t("Intérêts moratoires", "Late-payment interest"),
            "interest": Labels.money(v.interest, lang, currency: c) + v.estimateMark,
            "lIndemnity": call.t("indemnité forfaitaire", "fixed indemnity"),
            // The 40 € indemnity is euros whatever the invoice's currency (CCP D.2192-35).
            "indemnity": Labels.money(v.indemnity, lang, currency: "EUR"),
            "lDueBy": call.t("à payer avant le", "due by"),
            "interestDueBy": orFalse(v.interestDueBy.map { Labels.date($0, lang) }),
            "provisional": orFalse(v.rateProvisional ? call.t("taux provisoire", "provisional rate") : nil),
            "lStake": call.t("En jeu", "At stake"),
            "stake": Labels.money(v.moneyAtStake, lang, currency: c) + v.estimateMark,
            "lClock": call.t("Délai légal de paiement", "Legal payment clock"), "clockLine": clockLine,
            "cSide": call.t("Partie", "Side"), "cAllowed": call.t("Part (j)", "Share (d)"),
            "cUsed": call.t("Utilisé (j)", "Used (d)"), "cOver": call.t("Dépassement (j)", "Over (d)"),
            "shares": clock.shares.map { s -> [String: Any] in
                let over = s.usedDays - s.allowedDays
                return [
                    "side": Labels.holder(s.side, lang), "allowed": "\(s.allowedDays)", "used": "\(s.usedDays)",
                    "over": over > 0 ? "+\(over)" : "—", "isOver": over > 0,
                ]
            },
            "clockNotes": clock.notes,
            "lChain": call.t("Chaîne de paiement", "Payment chain"),
            "lanes": SVGCharts.lanes(d.chain, asOf: asOf, lang: lang, dueDate: v.dueDate),
            "cDate": call.t("Date", "Date"), "cLane": call.t("Acteur", "Actor"), "cEvent": call.t("Événement", "Event"),
            "cEvidence": call.t("Preuve", "Evidence"),
            "chain": d.chain.sorted { $0.date < $1.date }.map {
                [
                    "date": Labels.date($0.date, lang), "lane": Labels.holder($0.lane, lang), "label": $0.label,
                    "evidence": $0.evidence ?? "",
                ]
            },
            "lFindings": call.t("Blocages et constats", "Blockages and findings"),
            "findings": v.findings.map { f -> [String: Any] in
                [
                    "title": Labels.finding(f.code, lang), "code": f.code, "holder": Labels.holder(f.holder, lang),
                    "since": orFalse(f.since.map { Labels.date($0, lang) }),
                    "over": orFalse(
                        f.daysOverShare.flatMap {
                            $0 > 0 ? call.t("\($0) j au-delà de sa part", "\($0) d over its share") : nil
                        }),
                    "stake": Labels.money(f.moneyAtStake, lang, currency: c), "detail": orFalse(f.detail),
                    "action": lang == .fr ? f.nextActionFR : f.nextActionEN, "contact": Labels.contact(f.contact, lang),
                    "evidence": f.evidence,
                ]
            },
            "lAction": call.t("Action", "Action"), "lContact": call.t("Contact", "Contact"),
            "none": call.t("Aucun.", "None."),
            "lLog": call.t("Journal des relances", "Action log"),
            "cKind": call.t("Type", "Kind"), "cContact": call.t("Contact", "Contact"), "cText": call.t("Texte", "Text"),
            "cAuthor": call.t("Auteur", "Author"),
            "log": d.log.map {
                [
                    "date": Labels.date($0.date, lang),
                    "kind": lang == .fr ? (kindLabels[$0.kind] ?? $0.kind) : $0.kind,
                    "contact": $0.contact ?? "", "text": $0.text, "author": $0.author ?? "",
                ]
            },
            "lPromises": call.t("Promesses", "Promises"), "cMadeOn": call.t("Faite le", "Made on"),
            "cBy": call.t("Pour le", "By"), "cWhat": call.t("Quoi", "What"), "cNote": call.t("Note", "Note"),
            "promises": d.promises.map {
                [
                    "madeOn": Labels.date($0.madeOn, lang), "by": Labels.date($0.by, lang),
                    "side": Labels.holder($0.side, lang),
                    "what": whats[$0.what].map { lang == .fr ? $0.0 : $0.1 } ?? $0.what,
                    "contact": $0.contact ?? "", "note": $0.note ?? "",
                ]
            },
            "canWrite": (call.account?.role ?? .viewer) >= .collector && call.session != nil,
            "href": Self.idPath(v.id), "langQ": call.langQ, "csrf": call.session?.csrf ?? "",
            "today": options.today().iso,
            "lAddLog": call.t("Ajouter au journal", "Add to the log"),
            "lAddPromise": call.t("Noter une promesse", "Record a promise"),
            "lSave": call.t("Enregistrer", "Save"),
            "kinds": kinds.map { ["value": $0, "label": lang == .fr ? kindLabels[$0]! : $0] },
            "whats": ["serviceFait", "mandat", "payment"].map {
                ["value": $0, "label": lang == .fr ? whats[$0]!.0 : whats[$0]!.1]
            },
        ]
        return page(
            title: call.t("Dossier ", "Dossier ") + v.invoiceNumber, body: templates.dossier.render(ctx), call: call)
    }

    /// Reads and checks a log entry from form or JSON fields. Throws 400 on a bad field.
    func newLogEntry(_ f: [String: String], call: Call) throws -> NewLogEntry {
        let date = try BoardQuery.date(f["date"], default: options.today())
        let kind = f["kind"] ?? "note"
        guard ["call", "email", "letter", "meeting", "note"].contains(kind) else {
            throw WebError.badRequest(
                "bad-field", "kind must be call, email, letter, meeting or note",
                fr: "le type est call, email, letter, meeting ou note")
        }
        let text = (f["text"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= 4000 else {
            throw WebError.badRequest(
                "bad-field", "text is required (at most 4000 characters)",
                fr: "le texte est obligatoire (4 000 caractères au plus)")
        }
        let contact = f["contact"].flatMap { $0.isEmpty ? nil : String($0.prefix(200)) }
        return NewLogEntry(
            dossierId: call.id, date: date, kind: kind, contact: contact, text: text, author: call.account?.name)
    }

    /// Reads and checks a promise. Throws 400 on a bad field (the promised date may not precede the day it was made).
    func newPromise(_ f: [String: String], call: Call) throws -> NewPromise {
        let madeOn = try BoardQuery.date(f["made_on"] ?? f["madeOn"], default: options.today())
        guard let byText = f["by"], !byText.isEmpty else {
            throw WebError.badRequest(
                "bad-date", "by (the promised date) is required", fr: "la date promise est obligatoire")
        }
        let by = try BoardQuery.date(byText, default: madeOn)
        guard by >= madeOn else {
            throw WebError.badRequest(
                "bad-date", "the promised date is before the day it was made",
                fr: "la date promise est antérieure au jour de la promesse")
        }
        let side = f["side"] ?? ""
        guard ["ordonnateur", "comptable"].contains(side) else {
            throw WebError.badRequest(
                "bad-field", "side must be ordonnateur or comptable", fr: "le côté est ordonnateur ou comptable")
        }
        let what = f["what"] ?? ""
        guard ["serviceFait", "mandat", "payment"].contains(what) else {
            throw WebError.badRequest(
                "bad-field", "what must be serviceFait, mandat or payment",
                fr: "l'objet est serviceFait, mandat ou payment")
        }
        return NewPromise(
            dossierId: call.id, madeOn: madeOn, by: by, side: side, what: what,
            contact: f["contact"].flatMap { $0.isEmpty ? nil : String($0.prefix(200)) },
            note: f["note"].flatMap { $0.isEmpty ? nil : String($0.prefix(2000)) })
    }

    func postLog(_ call: Call) async throws -> Response {
        _ = try await loadDossier(call)
        _ = try await repository.addLogEntry(try newLogEntry(call.form, call: call))
        return Self.redirect("/dossiers/\(Self.idPath(call.id))\(call.langQ)")
    }

    func postPromise(_ call: Call) async throws -> Response {
        _ = try await loadDossier(call)
        _ = try await repository.addPromise(try newPromise(call.form, call: call))
        return Self.redirect("/dossiers/\(Self.idPath(call.id))\(call.langQ)")
    }

    // MARK: Lists

    func tablePage(
        title: String, intro: String?, columns: [(String, Bool)], rows: [[(String, String?, Bool)]], call: Call,
        page pg: Page? = nil, total: Int = 0, path: String = "/"
    ) -> Response {
        var ctx: [String: Any] = [
            "intro": orFalse(intro), "none": call.t("Aucun élément.", "Nothing."),
            "columns": columns.map { ["label": $0.0, "num": $0.1] as [String: Any] },
            "rows": rows.map { r in
                ["cells": r.map { ["text": $0.0, "href": orFalse($0.1), "num": $0.2] as [String: Any] }]
            },
        ]
        if let pg {
            let pages = pg.pageCount(total: total)
            let l = call.lang == .en ? "&lang=en" : ""
            ctx["pageInfo"] = call.t("page \(pg.number) sur \(pages)", "page \(pg.number) of \(pages)")
            ctx["prev"] = orFalse(pg.number > 1 ? "\(path)?page=\(pg.number - 1)&per_page=\(pg.size)\(l)" : nil)
            ctx["next"] = orFalse(pg.number < pages ? "\(path)?page=\(pg.number + 1)&per_page=\(pg.size)\(l)" : nil)
        }
        return page(title: title, body: templates.table.render(ctx), call: call)
    }

    func contractsPage(_ call: Call) async throws -> Response {
        let asOf = try BoardQuery.date(call.query["as_of"], default: options.today())
        let pg = try Page(query: call.query)
        let all = try await repository.contracts(asOf: asOf)
        let lang = call.lang
        return tablePage(
            title: call.t("Marchés", "Contracts"), intro: nil,
            columns: [
                (call.t("Marché", "Contract"), false), (call.t("Objet", "Title"), false),
                (call.t("Acheteur", "Buyer"), false),
                (call.t("Factures", "Invoices"), true), (call.t("Facturé", "Invoiced"), true),
                (call.t("Payé", "Paid"), true),
                (call.t("Reste dû", "Outstanding"), true),
            ],
            rows: pg.slice(all).map { c in
                [
                    (c.id, "/?contract=\(FormCoding.percentEncode(c.id))" + (lang == .en ? "&lang=en" : ""), false),
                    (c.title ?? "—", nil, false), (c.buyerName ?? "—", nil, false), ("\(c.invoiceCount)", nil, true),
                    (c.invoiced.text(lang), nil, true), (c.paid.text(lang), nil, true),
                    (c.outstanding.text(lang), nil, true),
                ]
            }, call: call, page: pg, total: all.count, path: "/contracts")
    }

    static func segmentLabel(_ s: String, _ lang: Lang) -> String {
        let t: [String: (String, String)] = [
            "atRisk": ("à risque", "at risk"), "oftenDisputing": ("conteste souvent", "often disputing"),
            "new": ("nouveau", "new"),
            "largeAccountLongCircuit": ("grand compte, circuit long", "large account, long circuit"),
            "largeReceivable": ("encours important", "large receivable"),
        ]
        return t[s].map { lang == .fr ? $0.0 : $0.1 } ?? s
    }

    func buyersPage(_ call: Call) async throws -> Response {
        let asOf = try BoardQuery.date(call.query["as_of"], default: options.today())
        let pg = try Page(query: call.query)
        let all = try await repository.buyers(asOf: asOf)
        let lang = call.lang
        return tablePage(
            title: call.t("Acheteurs", "Buyers"), intro: nil,
            columns: [
                (call.t("Acheteur", "Buyer"), false), ("SIRET", false), (call.t("Catégorie", "Category"), false),
                (call.t("Contacts", "Contacts"), false), (call.t("Segments", "Segments"), false),
                (call.t("Dossiers", "Dossiers"), true), (call.t("Encours", "Outstanding"), true),
            ],
            rows: pg.slice(all).map { b in
                [
                    (b.name, "/?buyer=\(b.siret)" + (lang == .en ? "&lang=en" : ""), false), (b.siret, nil, false),
                    (b.category ?? "—", nil, false),
                    (
                        b.contacts.map { c in
                            [c.name, Labels.contact(c.role, lang), c.phone, c.email].compactMap { $0 }.joined(
                                separator: " · ")
                        }.joined(separator: " | "), nil, false
                    ),
                    (b.segments.map { Self.segmentLabel($0, lang) }.joined(separator: ", "), nil, false),
                    ("\(b.dossierCount)", nil, true), (b.outstanding.text(lang), nil, true),
                ]
            }, call: call, page: pg, total: all.count, path: "/buyers")
    }

    func agendaPage(_ call: Call) async throws -> Response {
        let asOf = try BoardQuery.date(call.query["as_of"], default: options.today())
        let pg = try Page(query: call.query)
        let all = try await repository.agenda(asOf: asOf).sorted { ($0.date, $0.kind) < ($1.date, $1.kind) }
        let lang = call.lang
        return tablePage(
            title: call.t("Agenda", "Agenda"), intro: nil,
            columns: [
                (call.t("Date", "Date"), false), (call.t("Quoi", "What"), false), (call.t("Facture", "Invoice"), false),
                (call.t("Acheteur", "Buyer"), false),
            ],
            rows: pg.slice(all).map { a in
                [
                    (Labels.date(a.date, lang), nil, false), (a.label(lang), nil, false),
                    (a.invoiceNumber ?? "—", a.dossierId.map { "/dossiers/\(Self.idPath($0))\(call.langQ)" }, false),
                    (a.buyer ?? "—", nil, false),
                ]
            }, call: call, page: pg, total: all.count, path: "/agenda")
    }

    func digestPage(_ call: Call) async throws -> Response {
        let asOf = try BoardQuery.date(call.query["as_of"], default: options.today())
        let digest = try await repository.digest(asOf: asOf, lang: call.lang)
        let html = try DigestRenderer.render(digest, format: .html, lang: call.lang)
        return page(title: call.t("Point du jour", "Today's digest"), body: Self.bodyOf(html), call: call)
    }

    /// The inside of `<body>` of a whole HTML page (the digest renderer writes a page for mail clients).
    static func bodyOf(_ html: String) -> String {
        guard let open = html.range(of: "<body"), let gt = html[open.upperBound...].firstIndex(of: ">"),
            let close = html.range(of: "</body>", options: .backwards), gt < close.lowerBound
        else { return html }
        return String(html[html.index(after: gt)..<close.lowerBound])
    }

    func accountsPage(_ call: Call) async throws -> Response {
        let all = try await repository.accounts()
        return tablePage(
            title: call.t("Comptes", "Accounts"), intro: nil,
            columns: [
                (call.t("Nom", "Name"), false), (call.t("Rôle", "Role"), false), (call.t("Créé le", "Created"), false),
            ],
            rows: all.map { a in
                [
                    (a.name, nil, false), (a.role.rawValue, nil, false),
                    (ISO8601DateFormatter().string(from: a.createdAt), nil, false),
                ]
            }, call: call)
    }
}
