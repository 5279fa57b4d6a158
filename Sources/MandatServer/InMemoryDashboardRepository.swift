import Foundation
import MandatCore
import MandatReports

/// A `DashboardRepository` held in memory: fixed dossiers and desk data, accounts and sessions in an actor.
///
/// For tests and for `mandat serve` without a store. Dossier views are given as already assessed (the law is
/// not run again): `asOf` is ignored for them.
public actor InMemoryDashboardRepository: DashboardRepository {
    var details: [String: DossierDetail]
    var order: [String]
    /// The views in board order, built once (they never change: the log and promises are not part of them).
    let views: [DossierView]
    var contractList: [ContractSummary]
    var buyerList: [BuyerSummary]
    var agendaItems: [AgendaEntry]
    var accountsByName: [String: Account] = [:]
    var sessions: [String: WebSession] = [:]
    var tokens: [String: APIToken] = [:]
    var nextLogId = 1
    var nextPromiseId = 1

    /// - Parameters: the dossiers (in board order), contracts, buyers and agenda to serve.
    public init(
        dossiers: [DossierDetail], contracts: [ContractSummary] = [], buyers: [BuyerSummary] = [],
        agenda: [AgendaEntry] = []
    ) {
        var d: [String: DossierDetail] = [:]
        for x in dossiers { d[x.view.id] = x }
        self.details = d
        let order = dossiers.map(\.view.id)
        self.order = order
        self.views = order.compactMap { d[$0]?.view }
        self.contractList = contracts
        self.buyerList = buyers
        self.agendaItems = agenda
        nextLogId = (dossiers.flatMap(\.log).map(\.id).max() ?? 0) + 1
        nextPromiseId = (dossiers.flatMap(\.promises).map(\.id).max() ?? 0) + 1
    }

    public func dossiers(asOf: CivilDate) -> [DossierView] { views }
    /// Constant: the dossier views given at creation never change (the log and promises are not on the board).
    public func dataVersion(asOf: CivilDate) -> String? { "memory" }
    public func dossier(id: String, asOf: CivilDate) -> DossierDetail? { details[id] }
    public func contracts(asOf: CivilDate) -> [ContractSummary] { contractList }
    public func buyers(asOf: CivilDate) -> [BuyerSummary] { buyerList }
    public func agenda(asOf: CivilDate) -> [AgendaEntry] { agendaItems.filter { $0.date >= asOf.adding(days: -30) } }

    public func addLogEntry(_ e: NewLogEntry) throws -> LogEntryView {
        guard details[e.dossierId] != nil else { throw WebError.notFound("no dossier \(e.dossierId)") }
        let v = LogEntryView(
            id: nextLogId, dossierId: e.dossierId, date: e.date, kind: e.kind, contact: e.contact, text: e.text,
            author: e.author)
        nextLogId += 1
        details[e.dossierId]?.log.append(v)
        return v
    }

    public func addPromise(_ p: NewPromise) throws -> PromiseView {
        guard details[p.dossierId] != nil else { throw WebError.notFound("no dossier \(p.dossierId)") }
        let v = PromiseView(
            id: nextPromiseId, dossierId: p.dossierId, madeOn: p.madeOn, by: p.by, side: p.side, what: p.what,
            contact: p.contact, note: p.note)
        nextPromiseId += 1
        details[p.dossierId]?.promises.append(v)
        return v
    }

    public func account(named name: String) -> Account? { accountsByName[name] }
    public func accounts() -> [Account] { accountsByName.values.sorted { $0.name < $1.name } }
    public func saveAccount(_ account: Account) { accountsByName[account.name] = account }
    public func saveSession(_ session: WebSession) { sessions[session.tokenHash] = session }
    public func session(tokenHash: String) -> WebSession? { sessions[tokenHash] }
    public func deleteSession(tokenHash: String) { sessions[tokenHash] = nil }
    public func saveAPIToken(_ token: APIToken) { tokens[token.hash] = token }
    public func apiToken(hash: String) -> APIToken? { tokens[hash] }
}
