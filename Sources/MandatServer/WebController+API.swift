import Foundation
import HTTPTypes
import Hummingbird
import MandatCore
import MandatReports

/// JSON shapes of the API (`/api/v1`, described by `OpenAPIDocument`): amounts are decimal strings with exactly
/// two decimals (each dossier's figure rounded half-up to the cent, as every other output does), dates ISO
/// `YYYY-MM-DD`, keys camelCase.
enum APIJSON {
    static func finding(_ f: DossierView.FindingView) -> JSONValue {
        .object([
            ("code", .string(f.code)), ("severity", .string(f.severity)), ("holder", .string(f.holder)),
            ("since", .date(f.since)), ("daysAtHolder", .int(f.daysAtHolder)), ("daysOverShare", .int(f.daysOverShare)),
            ("moneyAtStake", .money(f.moneyAtStake)), ("nextActionFR", .string(f.nextActionFR)),
            ("nextActionEN", .string(f.nextActionEN)), ("contact", .string(f.contact)),
            ("evidence", .strings(f.evidence)),
            ("detail", .str(f.detail)),
        ])
    }

    static func dossier(_ v: DossierView) -> JSONValue {
        .object([
            ("id", .string(v.id)), ("invoiceNumber", .string(v.invoiceNumber)), ("buyerName", .string(v.buyerName)),
            ("buyerSiret", .str(v.buyerSiret)), ("contractId", .str(v.contractId)), ("stage", .string(v.stage)),
            ("holder", .string(v.holder)), ("since", .date(v.since)), ("daysAtHolder", .int(v.daysAtHolder)),
            ("amountDue", .money(v.amountDue)), ("amountDueEstimated", .bool(v.amountDueEstimated == true)),
            ("dueDate", .date(v.dueDate)), ("daysLate", .int(v.daysLate)),
            ("paidDate", .date(v.paidDate)), ("paidAmount", .money(v.paidAmount)), ("interest", .money(v.interest)),
            ("indemnity", .money(v.indemnity)), ("interestDueBy", .date(v.interestDueBy)),
            ("rateProvisional", .bool(v.rateProvisional)), ("moneyAtStake", .money(v.moneyAtStake)),
            ("blocked", .bool(v.isBlocked)), ("findings", .array(v.findings.map(finding))),
            // The amounts' currency (the invoice's); the indemnity is always euros (CCP D.2192-35).
            ("currency", .string(v.amountCurrency)), ("indemnityCurrency", .string("EUR")),
        ])
    }

    static func log(_ e: LogEntryView) -> JSONValue {
        .object([
            ("id", .int(e.id)), ("dossierId", .string(e.dossierId)), ("date", .date(e.date)), ("kind", .string(e.kind)),
            ("contact", .str(e.contact)), ("text", .string(e.text)), ("author", .str(e.author)),
        ])
    }

    static func promise(_ p: PromiseView) -> JSONValue {
        .object([
            ("id", .int(p.id)), ("dossierId", .string(p.dossierId)), ("madeOn", .date(p.madeOn)), ("by", .date(p.by)),
            ("side", .string(p.side)), ("what", .string(p.what)), ("contact", .str(p.contact)), ("note", .str(p.note)),
        ])
    }

    static func detail(_ d: DossierDetail) -> JSONValue {
        guard case .object(var fields) = dossier(d.view) else { return .null }
        fields.append(
            (
                "chain",
                .array(
                    d.chain.map {
                        .object([
                            ("date", .date($0.date)), ("lane", .string($0.lane)), ("kind", .string($0.kind)),
                            ("label", .string($0.label)), ("evidence", .str($0.evidence)),
                        ])
                    })
            ))
        fields.append(
            (
                "clock",
                .object([
                    ("start", .date(d.clock.start)), ("delayDays", .int(d.clock.delayDays)),
                    ("suspendedDays", .int(d.clock.suspendedDays)),
                    (
                        "shares",
                        .array(
                            d.clock.shares.map {
                                .object([
                                    ("side", .string($0.side)), ("allowedDays", .int($0.allowedDays)),
                                    ("usedDays", .int($0.usedDays)),
                                ])
                            })
                    ),
                    ("notes", .strings(d.clock.notes)),
                ])
            ))
        fields.append(("log", .array(d.log.map(log))))
        fields.append(("promises", .array(d.promises.map(promise))))
        return .object(fields)
    }

    /// Bars as JSON: `label`, `amount`, `currency` (ISO 4217; a label has one bar per currency).
    static func bars(_ b: [WebController.Totals.Bar]) -> JSONValue {
        .array(
            b.map {
                .object([
                    ("label", .string($0.label)), ("amount", .money($0.amount)), ("currency", .string($0.currency)),
                ])
            })
    }

    /// A page of items with its totals: `page`, `perPage`, `total`, `pages`, `items`.
    static func paged(_ items: [JSONValue], page: Page, total: Int, extra: [(String, JSONValue)] = []) -> JSONValue {
        .object(
            extra + [
                ("page", .int(page.number)), ("perPage", .int(page.size)), ("total", .int(total)),
                ("pages", .int(page.pageCount(total: total))), ("items", .array(items)),
            ])
    }
}

extension WebController {
    func apiBoard(_ call: Call) async throws -> Response {
        let q = try BoardQuery(query: call.query, today: options.today())
        let version = try await repository.dataVersion(asOf: q.asOf)
        let key = Self.renderedKey("api", q, lang: .fr, version: version)
        if let key, let text = await rendered.text(key) {
            return Self.respond(text, status: .ok, contentType: "application/json")
        }
        let entry = try await board(q, version: version)
        let t = entry.totals
        let totals = JSONValue.object([
            // Per currency, keyed by ISO 4217 code: amounts in SEK are never added to euros.
            ("count", .int(t.count)), ("amountDue", t.amountDue.json), ("moneyAtStake", t.moneyAtStake.json),
            ("byHolder", APIJSON.bars(t.byHolder)), ("byLateness", APIJSON.bars(t.byLateness)),
        ])
        let text = APIJSON.paged(
            entry.rows(q.page).map(APIJSON.dossier), page: q.page, total: entry.count,
            extra: [("asOf", .date(q.asOf)), ("totals", totals)]
        ).serialized(pretty: true)
        if let key { await rendered.keep(text, for: key) }
        return Self.respond(text, status: .ok, contentType: "application/json")
    }

    func apiDossier(_ call: Call) async throws -> Response {
        let (d, _) = try await loadDossier(call)
        return Self.json(APIJSON.detail(d))
    }

    /// Reads a flat JSON object of strings (the API's POST bodies). Throws 400 on anything else.
    func jsonFields(_ call: Call) throws -> [String: String] {
        guard let data = call.rawBody.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { throw WebError.badRequest("bad-json", "the body must be a JSON object") }
        var out: [String: String] = [:]
        for (k, v) in object {
            guard let s = v as? String else { throw WebError.badRequest("bad-json", "field \(k) must be a string") }
            out[k] = s
        }
        return out
    }

    func apiPostLog(_ call: Call) async throws -> Response {
        _ = try await loadDossier(call)
        let e = try await repository.addLogEntry(try newLogEntry(try jsonFields(call), call: call))
        return Self.json(APIJSON.log(e), status: .created)
    }

    func apiPostPromise(_ call: Call) async throws -> Response {
        _ = try await loadDossier(call)
        let p = try await repository.addPromise(try newPromise(try jsonFields(call), call: call))
        return Self.json(APIJSON.promise(p), status: .created)
    }

    func apiContracts(_ call: Call) async throws -> Response {
        let asOf = try BoardQuery.date(call.query["as_of"], default: options.today())
        let pg = try Page(query: call.query)
        let all = try await repository.contracts(asOf: asOf)
        let items: [JSONValue] = pg.slice(all).map { c in
            .object([
                ("id", .string(c.id)), ("title", .str(c.title)), ("buyerName", .str(c.buyerName)),
                ("invoiceCount", .int(c.invoiceCount)), ("invoiced", c.invoiced.json), ("paid", c.paid.json),
                ("outstanding", c.outstanding.json),
            ])
        }
        return Self.json(APIJSON.paged(items, page: pg, total: all.count))
    }

    func apiBuyers(_ call: Call) async throws -> Response {
        let asOf = try BoardQuery.date(call.query["as_of"], default: options.today())
        let pg = try Page(query: call.query)
        let all = try await repository.buyers(asOf: asOf)
        let items: [JSONValue] = pg.slice(all).map { b in
            .object([
                ("siret", .string(b.siret)), ("name", .string(b.name)), ("category", .str(b.category)),
                (
                    "contacts",
                    .array(
                        b.contacts.map {
                            .object([
                                ("name", .string($0.name)), ("role", .string($0.role)), ("phone", .str($0.phone)),
                                ("email", .str($0.email)),
                            ])
                        })
                ),
                ("segments", .strings(b.segments)), ("dossierCount", .int(b.dossierCount)),
                ("outstanding", b.outstanding.json),
            ])
        }
        return Self.json(APIJSON.paged(items, page: pg, total: all.count))
    }

    func apiAgenda(_ call: Call) async throws -> Response {
        let asOf = try BoardQuery.date(call.query["as_of"], default: options.today())
        let pg = try Page(query: call.query)
        let all = try await repository.agenda(asOf: asOf).sorted { ($0.date, $0.kind) < ($1.date, $1.kind) }
        let items: [JSONValue] = pg.slice(all).map { a in
            .object([
                ("date", .date(a.date)), ("dossierId", .str(a.dossierId)), ("invoiceNumber", .str(a.invoiceNumber)),
                ("buyer", .str(a.buyer)), ("kind", .string(a.kind)), ("label", .string(a.label(call.lang))),
            ])
        }
        return Self.json(APIJSON.paged(items, page: pg, total: all.count))
    }

    func apiDigest(_ call: Call) async throws -> Response {
        let asOf = try BoardQuery.date(call.query["as_of"], default: options.today())
        let d = try await repository.digest(asOf: asOf, lang: call.lang)
        return Self.respond(
            try DigestRenderer.render(d, format: .json, lang: call.lang), status: .ok, contentType: "application/json")
    }

    func apiAccounts(_ call: Call) async throws -> Response {
        let all = try await repository.accounts()
        let pg = try Page(query: call.query)
        let items: [JSONValue] = pg.slice(all).map { a in
            .object([
                ("name", .string(a.name)), ("role", .string(a.role.rawValue)),
                ("createdAt", .string(ISO8601DateFormatter().string(from: a.createdAt))),
            ])
        }
        return Self.json(APIJSON.paged(items, page: pg, total: all.count))
    }
}
