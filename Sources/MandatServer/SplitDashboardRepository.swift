import Foundation
import MandatCore
import MandatReports

/// A repository that reads dossiers from one place and accounts and sessions from another: synthetic or
/// in-memory data with the accounts of a real store (`mandat serve --synthetic N --db …`). `Sendable`.
public struct SplitDashboardRepository: DashboardRepository {
    let data: any DashboardRepository
    let access: any DashboardRepository

    /// - Parameters: `data` answers dossiers, contracts, buyers, agenda, log and promises; `access` answers
    ///   accounts, sessions and tokens.
    public init(data: any DashboardRepository, access: any DashboardRepository) {
        self.data = data
        self.access = access
    }

    public func dossiers(asOf: CivilDate) async throws -> [DossierView] { try await data.dossiers(asOf: asOf) }
    public func dataVersion(asOf: CivilDate) async throws -> String? { try await data.dataVersion(asOf: asOf) }
    public func dossier(id: String, asOf: CivilDate) async throws -> DossierDetail? {
        try await data.dossier(id: id, asOf: asOf)
    }
    public func contracts(asOf: CivilDate) async throws -> [ContractSummary] { try await data.contracts(asOf: asOf) }
    public func buyers(asOf: CivilDate) async throws -> [BuyerSummary] { try await data.buyers(asOf: asOf) }
    public func agenda(asOf: CivilDate) async throws -> [AgendaEntry] { try await data.agenda(asOf: asOf) }
    public func addLogEntry(_ entry: NewLogEntry) async throws -> LogEntryView { try await data.addLogEntry(entry) }
    public func addPromise(_ promise: NewPromise) async throws -> PromiseView { try await data.addPromise(promise) }
    public func account(named name: String) async throws -> Account? { try await access.account(named: name) }
    public func accounts() async throws -> [Account] { try await access.accounts() }
    public func saveAccount(_ account: Account) async throws { try await access.saveAccount(account) }
    public func saveSession(_ session: WebSession) async throws { try await access.saveSession(session) }
    public func session(tokenHash: String) async throws -> WebSession? {
        try await access.session(tokenHash: tokenHash)
    }
    public func deleteSession(tokenHash: String) async throws { try await access.deleteSession(tokenHash: tokenHash) }
    public func saveAPIToken(_ token: APIToken) async throws { try await access.saveAPIToken(token) }
    public func apiToken(hash: String) async throws -> APIToken? { try await access.apiToken(hash: hash) }
}
