import Foundation
import MandatCore
import MandatStore

/// What the desk's commands do, over a `DeskStore` and the dossiers: the CLI calls these, and tests drive them
/// without a process.
public enum DeskActions {
    /// Finds a dossier by id, or by invoice number when no id matches.
    /// - Throws: `DeskError` `unknown-dossier` when nothing matches, `ambiguous-dossier` when several invoices
    ///   share the number (give the dossier id then).
    public static func resolve(_ ref: String, in views: [DossierView]) throws -> DossierView {
        if let v = views.first(where: { $0.id == ref }) { return v }
        let byNumber = views.filter { $0.invoiceNumber == ref }
        if byNumber.count == 1 { return byNumber[0] }
        if byNumber.isEmpty {
            throw DeskError(code: "unknown-dossier", message: "no dossier with id or invoice number « \(ref) »")
        }
        throw DeskError(
            code: "ambiguous-dossier",
            message: "\(byNumber.count) dossiers have invoice number « \(ref) »: give one of the ids "
                + byNumber.map(\.id).joined(separator: ", "))
    }

    /// The buyer file completed by the configuration's buyers: a buyer only in the configuration (with a valid
    /// SIRET) becomes a record with its name, category and comptable; a desk record keeps its own values and
    /// takes the configuration's category or comptable only where it has none. Ordered by SIRET.
    public static func buyers(_ desk: [BuyerRecord], configuration: MandatConfiguration) -> [BuyerRecord] {
        var bySiret = Dictionary(desk.map { ($0.siret, $0) }, uniquingKeysWith: { a, _ in a })
        for c in configuration.buyers ?? [] {
            guard let siret = try? BuyerRecord.checkedSiret(c.siret) else { continue }
            var b = bySiret[siret] ?? BuyerRecord(siret: siret, name: c.name ?? siret)
            b.category = b.category ?? c.category
            b.comptablePost = b.comptablePost ?? c.comptablePost
            b.comptableOffice = b.comptableOffice ?? c.comptableOffice
            bySiret[siret] = b
        }
        return bySiret.keys.sorted().compactMap { bySiret[$0] }
    }

    /// Appends a log entry to a dossier.
    /// - Throws: `DeskError` `empty-text` for an empty text, `bad-correction` when `corrects` names an entry of
    ///   another dossier; the store's errors.
    @discardableResult
    public static func log(
        _ store: any DeskStore, dossier: DossierView, date: CivilDate, kind: LogKind, contact: String?,
        outcome: LogOutcome?, text: String, author: String? = nil, amount: Decimal? = nil, corrects: Int? = nil
    ) async throws -> LogEntry {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw DeskError(code: "empty-text", message: "a log entry needs a text (--text)")
        }
        if let c = corrects {
            let all = try await store.log(dossierId: nil)
            if let old = all.first(where: { $0.id == c }), old.dossierId != dossier.id {
                throw DeskError(
                    code: "bad-correction",
                    message: "log entry #\(c) belongs to dossier \(old.dossierId), not \(dossier.id)")
            }
        }
        return try await store.appendLog(
            LogEntry(
                dossierId: dossier.id, date: date, kind: kind, contact: contact, outcome: outcome, text: text,
                author: author, amount: amount, corrects: corrects))
    }

    /// Records a promise on a dossier.
    /// - Throws: `DeskError` `bad-date` when the promised date is before the day it was made.
    @discardableResult
    public static func promise(
        _ store: any DeskStore, dossier: DossierView, madeOn: CivilDate, by: CivilDate, side: PromiseSide,
        what: PromiseWhat, contact: String? = nil, note: String? = nil
    ) async throws -> Promise {
        guard by >= madeOn else {
            throw DeskError(code: "bad-date", message: "promised date \(by.iso) is before today's \(madeOn.iso)")
        }
        return try await store.addPromise(
            Promise(dossierId: dossier.id, madeOn: madeOn, by: by, side: side, what: what, contact: contact, note: note)
        )
    }

    /// The main courante of a dossier as text, oldest first; corrected entries are marked with the entry that
    /// corrects them.
    public static func renderLog(_ entries: [LogEntry], lang: Lang) -> String {
        let fr = lang == .fr
        if entries.isEmpty { return fr ? "Main courante vide.\n" : "Empty action log.\n" }
        var correctedBy: [Int: Int] = [:]
        for e in entries { if let c = e.corrects { correctedBy[c] = e.id } }
        return entries.map { e in
            var s = "#\(e.id) \(Labels.date(e.date, lang)) \(DeskLabels.kind(e.kind, lang))"
            if let c = e.contact { s += " — \(c)" }
            if let o = e.outcome { s += " — \(DeskLabels.outcome(o, lang))" }
            if let a = e.amount { s += " — \(Labels.money(a, lang, currency: "EUR"))" }
            s += " — \(e.text)"
            if let a = e.author { s += " (\(a))" }
            if let c = e.corrects { s += fr ? " [corrige #\(c)]" : " [corrects #\(c)]" }
            if let by = correctedBy[e.id] { s += fr ? " [corrigée par #\(by)]" : " [corrected by #\(by)]" }
            return s + "\n"
        }.joined()
    }

    /// The agenda of a person (or everyone), from the store and the dossiers.
    public static func agenda(
        _ store: any DeskStore, views: [DossierView], person: MandatConfiguration.Person?, settings: DeskSettings,
        asOf: CivilDate, configuration: MandatConfiguration = MandatConfiguration()
    ) async throws -> [AgendaItem] {
        let mine = DigestBuilder.filter(views, for: person)
        return Agenda.build(
            views: mine, buyers: buyers(try await store.buyers(), configuration: configuration),
            log: try await store.log(dossierId: nil),
            promises: try await store.promises(dossierId: nil), settings: settings, asOf: asOf)
    }

    /// The dossiers with expired promises added as `promise-expired` findings (feed these to the digest).
    public static func reopen(_ store: any DeskStore, views: [DossierView], asOf: CivilDate) async throws
        -> [DossierView]
    {
        PromiseTracker.reopen(views, promises: try await store.promises(dossierId: nil), asOf: asOf)
    }
}
