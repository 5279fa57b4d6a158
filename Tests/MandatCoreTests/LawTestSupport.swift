import Foundation
import Testing

@testable import MandatCore

// Synthetic test data for the law (no real people, no real invoices). SIRETs carry valid Luhn keys:
// seller 732 829 320 00074, second seller 441 234 567 00010, buyer (a commune) 217 500 016 00019.

enum Law {
    static let sellerSIRET = "73282932000074"
    static let otherSellerSIRET = "44123456700010"
    static let buyerSIRET = "21750001600019"
    static let number = "F-2025-0042"

    static func d(_ s: String) -> CivilDate {
        guard let v = CivilDate(iso: s) else { fatalError("bad test date \(s)") }
        return v
    }

    static func m(_ s: String) -> Decimal {
        guard let v = Money.parse(s) else { fatalError("bad test amount \(s)") }
        return v
    }

    static var ref: InvoiceRef { InvoiceRef(number: number, issueDate: d("2025-02-28"), sellerId: sellerSIRET) }

    /// Mandat 832 of bordereau 42, exercise 2025, of the synthetic commune.
    static let mandatKey = MandatKey(
        idColl: buyerSIRET, codCol: "123", codBud: "01", exer: "2025", idBord: "42", idPce: "832")

    static func invoice(
        number: String = number, issued: String = "2025-02-28", amountDue: String? = "12000.00",
        seller: String = sellerSIRET, file: String = "synthetic/invoice.xml"
    ) -> Invoice {
        var i = Invoice(syntax: "UBL", source: SourceRef(file: file, line: 1))
        i.invoiceNumber = number
        i.issueDate = d(issued)
        i.typeCode = "380"
        i.sellerLegalId = SchemedID(id: seller, scheme: "0002")
        i.buyerLegalId = SchemedID(id: buyerSIRET, scheme: "0009")
        i.amountDue = amountDue.map(m)
        i.totalWithVAT = amountDue.map(m)
        return i
    }

    static func mandat(
        key: MandatKey = mandatKey, bordereau: String = "2025-03-28", ttc: String = "12000.00",
        invoices: [String] = [number]
    ) -> Mandat {
        var x = Mandat(key: key, source: SourceRef(file: "synthetic/PES_Aller.xml", line: 20))
        x.bordereauDate = d(bordereau)
        x.amountTTC = m(ttc)
        x.invoiceNumbers = invoices
        x.creditorId = sellerSIRET
        x.creditorIdType = "01"
        return x
    }

    static func ev(
        _ kind: EventKind, _ source: EventSource, _ code: String, _ date: String?, invoice: InvoiceRef? = ref,
        mandat: MandatKey? = nil, amount: String? = nil, reasons: [EventReason] = [],
        details: [String: String] = [:], line: Int = 1
    ) -> ChainEvent {
        ChainEvent(
            kind: kind, source: source, code: code, date: date.map(d), invoice: invoice, mandat: mandat,
            amount: amount.map(m), reasons: reasons, details: details,
            sourceRef: SourceRef(file: "synthetic/\(source.rawValue)", line: line))
    }

    // Common events of the worked example (DOMAIN.md §3).
    static var madeAvailable: ChainEvent { ev(.madeAvailable, .chorusPro, "MISE_A_DISPOSITION", "2025-03-03", line: 3) }
    static var mandated: ChainEvent {
        ev(.mandated, .pesAller, "Piece", "2025-03-28", mandat: mandatKey, amount: "12000.00", line: 20)
    }
    /// PES_ACQUIT accepting bordereau 42 (bordereau level: no IdPce).
    static var ackAccepted: ChainEvent {
        ev(
            .receivedByComptable, .pesAcquit, "EtatAck=1", "2025-03-31", invoice: nil, mandat: mandatKey.bordereau,
            line: 5)
    }
    static var takenInCharge: ChainEvent {
        ev(.mandatTakenInCharge, .pesRetour, "EtatPce=02", "2025-04-10", invoice: nil, mandat: mandatKey, line: 12)
    }
    static var paidPES: ChainEvent {
        ev(.paid, .pesRetour, "OrgEma=01", "2025-04-22", invoice: nil, mandat: mandatKey, amount: "12000.00", line: 18)
    }

    static var commune: BuyerProfile {
        BuyerProfile(siret: buyerSIRET, name: "Commune synthétique", category: .localAuthority)
    }

    static func dossier(_ events: [ChainEvent], invoice: Invoice? = Law.invoice(), mandats: [Mandat] = [Law.mandat()])
        -> Dossier
    {
        Dossier(
            id: invoice?.key.description ?? "test", invoice: invoice, invoiceNumber: number, events: events,
            mandats: mandats, contract: nil)
    }

    static func assess(
        _ events: [ChainEvent], buyer: BuyerProfile = commune, asOf: String, invoice: Invoice? = Law.invoice(),
        mandats: [Mandat] = [Law.mandat()], config: LawConfiguration = .default
    ) -> Assessment {
        let dossier = dossier(events, invoice: invoice, mandats: mandats)
        let full = DossierAssessor.assess(dossier, buyer: buyer, asOf: d(asOf), config: config)
        // Every law test also checks the assessment without texts (what the blocked check and the state's rows
        // use): the same assessment, the findings' texts and evidence left out.
        let basis = DossierAssessor.basis(dossier, buyer: buyer, config: config)
        let lean = DossierAssessor.assess(basis, asOf: d(asOf), texts: false)
        #expect(lean == full.withoutTexts, "textless assessment on \(asOf)")
        #expect(DossierAssessor.assess(basis, asOf: d(asOf)) == full, "assessment from a basis on \(asOf)")
        for f in lean.findings {
            #expect(f.message == .blank && f.nextAction == .blank && f.evidence.isEmpty, "\(f.code)")
        }
        for f in full.findings {
            #expect(!f.message.fr.isEmpty && !f.message.en.isEmpty && !f.nextAction.fr.isEmpty, "\(f.code)")
        }
        return full
    }

    static func codes(_ a: Assessment) -> Set<FindingCode> { Set(a.findings.map(\.code)) }
    static func finding(_ a: Assessment, _ c: FindingCode) -> Finding? { a.findings.first { $0.code == c } }
}

/// A small deterministic generator (SplitMix64) so permutation tests are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
