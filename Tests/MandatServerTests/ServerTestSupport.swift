import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MandatCore
import MandatReports
import NIOCore
import Testing

@testable import MandatServer

/// Synthetic data for the server tests (no real people; SIRETs with valid Luhn keys).
///
/// As of 2026-11-29:
/// - d1 FV-2026-0101, Commune de Valbonne-sur-Lys (21060001400018), mandated, held by the comptable since
///   2026-10-20, 12 000,00 € due 2026-10-31 → 29 days late (31/10 → 29/11), finding comptable-over-share,
///   at stake 12 000,00 €.
/// - d2 FV-2026-0102, Centre hospitalier des Trois-Vallées (26990001700014), contract 2025-TRX-014, service
///   certified, held by the ordonnateur, 3 500,50 € due 2026-12-10 → 11 days left, nothing blocked.
/// - d3 FV-2026-0103, Valbonne, paid 2026-11-20 (800,00 €, 5 days late), interest 9,87 € + indemnity 40,00 €
///   → at stake 49,87 €, finding paid-late-interest-due.
enum TestData {
    static let today = CivilDate(year: 2026, month: 11, day: 29)!
    static func d(_ s: String) -> CivilDate { CivilDate(iso: s)! }

    static func finding(_ code: String, holder: String, stake: Decimal, evidence: [String]) -> DossierView.FindingView {
        .init(
            code: code, severity: "blocking", holder: holder, since: d("2026-10-20"), daysAtHolder: 40,
            daysOverShare: 30, moneyAtStake: stake, nextActionFR: "Appeler le comptable",
            nextActionEN: "Call the comptable",
            contact: "comptableOffice", evidence: evidence, detail: nil)
    }

    static var dossiers: [DossierDetail] {
        let v1 = DossierView(
            id: "d1", invoiceNumber: "FV-2026-0101", buyerName: "Commune de Valbonne-sur-Lys",
            buyerSiret: "21060001400018",
            contractId: nil, stage: "mandated", holder: "comptable", since: d("2026-10-20"), daysAtHolder: 40,
            amountDue: Decimal(string: "12000.00"), dueDate: d("2026-10-31"), daysLate: 29, paidDate: nil,
            paidAmount: nil,
            interest: 0, indemnity: 0, interestDueBy: nil, rateProvisional: false,
            moneyAtStake: Decimal(string: "12000.00")!,
            findings: [
                finding(
                    "comptable-over-share", holder: "comptable", stake: Decimal(string: "12000.00")!,
                    evidence: ["PES_ACQUIT_B21.xml:14 — bordereau accepté"])
            ])
        let v2 = DossierView(
            id: "d2", invoiceNumber: "FV-2026-0102", buyerName: "Centre hospitalier des Trois-Vallées",
            buyerSiret: "26990001700014", contractId: "2025-TRX-014", stage: "serviceCertified", holder: "ordonnateur",
            since: d("2026-10-21"), daysAtHolder: 39, amountDue: Decimal(string: "3500.50"), dueDate: d("2026-12-10"),
            daysLate: -11, paidDate: nil, paidAmount: nil, interest: 0, indemnity: 0, interestDueBy: nil,
            rateProvisional: false, moneyAtStake: 0, findings: [])
        let v3 = DossierView(
            id: "d3", invoiceNumber: "FV-2026-0103", buyerName: "Commune de Valbonne-sur-Lys",
            buyerSiret: "21060001400018",
            contractId: nil, stage: "paid", holder: "nobody", since: d("2026-11-20"), daysAtHolder: nil,
            amountDue: Decimal(string: "800.00"), dueDate: d("2026-11-15"), daysLate: 5, paidDate: d("2026-11-20"),
            paidAmount: Decimal(string: "800.00"), interest: Decimal(string: "9.87")!, indemnity: 40,
            interestDueBy: d("2027-01-04"), rateProvisional: false, moneyAtStake: Decimal(string: "49.87")!,
            findings: [
                finding("paid-late-interest-due", holder: "ordonnateur", stake: Decimal(string: "49.87")!, evidence: [])
            ])
        let chain = [
            ChainStep(
                date: d("2026-10-01"), lane: "supplier", kind: "deposited", label: "Dépôt Chorus Pro",
                evidence: "chorus.json:3"),
            ChainStep(
                date: d("2026-10-02"), lane: "platform", kind: "madeAvailable", label: "Mise à disposition",
                evidence: nil),
            ChainStep(
                date: d("2026-10-15"), lane: "ordonnateur", kind: "mandated", label: "Mandat émis",
                evidence: "PES_Aller.xml:40"),
            ChainStep(
                date: d("2026-10-20"), lane: "comptable", kind: "atComptable", label: "Bordereau intégré", evidence: nil
            ),
        ]
        let clock = ClockView(
            start: d("2026-10-01"), delayDays: 30, suspendedDays: 0,
            shares: [
                .init(side: "ordonnateur", allowedDays: 20, usedDays: 19),
                .init(side: "comptable", allowedDays: 10, usedDays: 40),
            ],
            notes: ["30 jours (CCP R.2192-10)"])
        return [
            DossierDetail(view: v1, chain: chain, clock: clock, log: [], promises: []),
            DossierDetail(
                view: v2, chain: [],
                clock: ClockView(start: nil, delayDays: 50, suspendedDays: 0, shares: [], notes: []), log: [],
                promises: []),
            DossierDetail(
                view: v3, chain: [],
                clock: ClockView(start: nil, delayDays: 30, suspendedDays: 0, shares: [], notes: []), log: [],
                promises: []),
        ]
    }

    static func repository() -> InMemoryDashboardRepository {
        InMemoryDashboardRepository(
            dossiers: dossiers,
            contracts: [
                ContractSummary(
                    id: "2025-TRX-014", title: "Travaux de voirie", buyerName: "Centre hospitalier des Trois-Vallées",
                    invoiceCount: 1, invoiced: CurrencyTotals(Decimal(string: "3500.50")!), paid: CurrencyTotals(0),
                    outstanding: CurrencyTotals(Decimal(string: "3500.50")!))
            ],
            buyers: [
                BuyerSummary(
                    siret: "21060001400018", name: "Commune de Valbonne-sur-Lys", category: "localAuthority",
                    contacts: [
                        ContactView(
                            name: "Service finances", role: "ordonnateurFinance", phone: "04 00 00 00 00", email: nil)
                    ],
                    segments: ["atRisk"], dossierCount: 2, outstanding: CurrencyTotals(Decimal(string: "12000.00")!))
            ],
            agenda: [
                AgendaEntry(
                    date: d("2026-12-01"), dossierId: "d1", invoiceNumber: "FV-2026-0101",
                    buyer: "Commune de Valbonne-sur-Lys",
                    kind: "follow-up", label: "Relancer le comptable")
            ])
    }
}

/// A test app with three accounts (viewer, collector, admin) and a signed-in session for each.
struct TestServer {
    let app: Application<RouterResponder<BasicRequestContext>>
    let repository: InMemoryDashboardRepository
    /// Cookie header values, by role.
    var cookies: [Role: String] = [:]
    var csrf: [Role: String] = [:]
    var tokens: [Role: String] = [:]

    static func make(behindTLS: Bool = false) async throws -> TestServer {
        let repo = TestData.repository()
        for role in Role.allCases {
            try await AccountAdmin.add(
                name: role.rawValue + "1", role: role, password: "correct horse \(role)", repository: repo, cost: 4)
        }
        let app = try buildApplication(
            repository: repo, options: ServerOptions(behindTLS: behindTLS, today: { TestData.today }))
        var s = TestServer(app: app, repository: repo)
        for role in Role.allCases {
            let token = try await AccountAdmin.openSession(name: role.rawValue + "1", repository: repo)
            s.cookies[role] = "mandat_session=\(token)"
            s.csrf[role] = try #require(await repo.session(tokenHash: WebSecrets.digest(token))).csrf
            s.tokens[role] = try await AccountAdmin.issueToken(name: role.rawValue + "1", repository: repo)
        }
        return s
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
}

func form(_ pairs: [(String, String)]) -> ByteBuffer {
    ByteBuffer(string: pairs.map { "\($0.0)=\(FormCoding.percentEncode($0.1))" }.joined(separator: "&"))
}

let formType: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

func headers(cookie: String? = nil, bearer: String? = nil, form isForm: Bool = false, json: Bool = false) -> HTTPFields
{
    var h = HTTPFields()
    if let cookie { h[.cookie] = cookie }
    if let bearer { h[.authorization] = "Bearer \(bearer)" }
    if isForm { h[.contentType] = "application/x-www-form-urlencoded" }
    if json { h[.contentType] = "application/json" }
    return h
}
