import Foundation
import MandatCore
import MandatReports

/// Synthetic dossiers for load tests and demonstrations (`mandat serve --synthetic N`): invented buyers with valid
/// SIRET keys, no real people. Deterministic for a given count and date.
public enum SyntheticDossiers {
    /// Five invented buyers (SIRETs with valid Luhn keys), with the law's délai global (calendar days).
    static let buyers: [(siret: String, name: String, category: String, delay: Int)] = [
        ("21990412500016", "Commune de Val-Fictif", "localAuthority", 30),
        ("21060001400018", "Commune de Valbonne-sur-Lys", "localAuthority", 30),
        ("26990001700014", "Centre hospitalier des Trois-Vallées", "hospital", 50),
        ("11000000000007", "Ministère de l'Exemple", "state", 30),
        ("22990000000014", "Département du Nord-Fictif", "localAuthority", 30),
    ]

    static let stages: [(stage: String, holder: String)] = [
        ("deposited", "platform"), ("madeAvailable", "ordonnateur"), ("serviceCertified", "ordonnateur"),
        ("mandated", "comptable"), ("takenInCharge", "comptable"), ("paid", "nobody"), ("suspended", "supplier"),
    ]

    /// Builds `count` dossiers as of `asOf`: amounts from 100,00 € to 49 999,00 €, received 1 to 240 days before.
    public static func generate(count: Int, asOf: CivilDate) -> InMemoryDashboardRepository {
        var details: [DossierDetail] = []
        details.reserveCapacity(count)
        var rng = SplitMix(seed: 2026)
        var perContract: [String: (title: String, buyer: String, n: Int, invoiced: Decimal, paid: Decimal)] = [:]
        var perBuyer: [String: (n: Int, outstanding: Decimal)] = [:]
        for i in 0..<count {
            let b = buyers[Int(rng.next() % UInt64(buyers.count))]
            let s = stages[Int(rng.next() % UInt64(stages.count))]
            let received = asOf.adding(days: -Int(1 + rng.next() % 240))
            let due = received.adding(days: b.delay)
            let cents = 10_000 + Int(rng.next() % 4_990_000)
            let amount = Decimal(cents) / 100
            let daysLate = due.days(to: asOf)
            let paid = s.stage == "paid"
            let paidDate = paid ? min(asOf, due.adding(days: Int(rng.next() % 40) - 10)) : nil
            let late = paid ? due.days(to: paidDate!) : daysLate
            let since = received.adding(days: Int(rng.next() % UInt64(max(1, received.days(to: asOf)))))
            var findings: [DossierView.FindingView] = []
            if !paid && daysLate > 0 {
                findings.append(
                    .init(
                        code: s.holder == "comptable" ? "comptable-over-share" : "overdue", severity: "blocking",
                        holder: s.holder, since: since, daysAtHolder: since.days(to: asOf), daysOverShare: daysLate,
                        moneyAtStake: amount, nextActionFR: "Relancer", nextActionEN: "Chase",
                        contact: "comptableOffice",
                        evidence: ["synthetic.xml:\(i + 1)"], detail: nil))
            }
            let contract = i % 3 == 0 ? "SYN-\(2025 + i % 2)-\(String(format: "%03d", i % 97))" : nil
            let view = DossierView(
                id: "syn-\(i)", invoiceNumber: String(format: "SYN-%07d", i), buyerName: b.name, buyerSiret: b.siret,
                contractId: contract, stage: s.stage, holder: s.holder, since: since,
                daysAtHolder: since.days(to: asOf),
                amountDue: amount, dueDate: due, daysLate: late, paidDate: paidDate, paidAmount: paid ? amount : nil,
                interest: 0, indemnity: 0, interestDueBy: nil, rateProvisional: false,
                moneyAtStake: findings.isEmpty ? 0 : amount, findings: findings)
            let chain = [
                ChainStep(date: received, lane: "supplier", kind: "deposited", label: "Dépôt", evidence: nil),
                ChainStep(
                    date: received.adding(days: 1), lane: "platform", kind: "madeAvailable",
                    label: "Mise à disposition", evidence: nil),
                ChainStep(
                    date: since, lane: s.holder == "nobody" ? "comptable" : s.holder, kind: s.stage,
                    label: Labels.stage(s.stage, .fr), evidence: nil),
            ]
            let clock = ClockView(start: received, delayDays: b.delay, suspendedDays: 0, shares: [], notes: [])
            details.append(DossierDetail(view: view, chain: chain, clock: clock, log: [], promises: []))
            if let contract {
                var c = perContract[contract] ?? ("Marché synthétique \(contract)", b.name, 0, 0, 0)
                c.n += 1
                c.invoiced += amount
                if paid { c.paid += amount }
                perContract[contract] = c
            }
            var pb = perBuyer[b.siret] ?? (0, 0)
            pb.n += 1
            if !paid { pb.outstanding += amount }
            perBuyer[b.siret] = pb
        }
        let contracts = perContract.keys.sorted().map { k -> ContractSummary in
            let c = perContract[k]!
            return ContractSummary(
                id: k, title: c.title, buyerName: c.buyer, invoiceCount: c.n, invoiced: CurrencyTotals(c.invoiced),
                paid: CurrencyTotals(c.paid), outstanding: CurrencyTotals(c.invoiced - c.paid))
        }
        let buyerList = buyers.map { b in
            BuyerSummary(
                siret: b.siret, name: b.name, category: b.category,
                contacts: [ContactView(name: "Service financier", role: "ordonnateurFinance", phone: nil, email: nil)],
                segments: [], dossierCount: perBuyer[b.siret]?.n ?? 0, outstanding: CurrencyTotals(perBuyer[b.siret]?.outstanding ?? 0))
        }
        return InMemoryDashboardRepository(dossiers: details, contracts: contracts, buyers: buyerList, agenda: [])
    }

    /// A small deterministic generator (SplitMix64), so runs are repeatable.
    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
