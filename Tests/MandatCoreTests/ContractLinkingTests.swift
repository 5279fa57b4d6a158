import Foundation
import Testing

@testable import MandatCore

// Synthetic data built in code, no files: fictitious buyers A (21990001600011) and B (21990002400015),
// companies Alpha 80000001000010, Beta 80000002800012, Gamma 80000003600015, Delta 80000004400019
// (all with valid Luhn keys).

private let buyerA = "21990001600011"
private let buyerB = "21990002400015"
private let alpha = "80000001000010"
private let beta = "80000002800012"
private let gamma = "80000003600015"
private let delta = "80000004400019"

private func d(_ s: String) -> CivilDate { CivilDate(iso: s)! }

private func contract(
    _ id: String, buyer: String, holders: [String], format: ContractSourceFormat = .decpV2, amount: Decimal? = nil
) -> Contract {
    var c = Contract(type: "marche", id: id, source: SourceRef(file: "synthetic"))
    c.format = format
    c.buyerId = buyer
    c.amount = amount
    c.holders = holders.map { ContractHolder(idType: "SIRET", id: $0) }
    return c
}

private func invoice(
    _ number: String, bt12: String?, buyer: String?, seller: String?, issued: String = "2024-03-01",
    ht: Decimal? = nil, ttc: Decimal? = nil, type: String = "380"
) -> Invoice {
    var i = Invoice(syntax: "UBL", source: SourceRef(file: "synthetic"))
    i.invoiceNumber = number
    i.issueDate = d(issued)
    i.typeCode = type
    i.currency = "EUR"
    i.contractReference = bt12
    i.buyerLegalId = buyer.map { SchemedID(id: $0, scheme: "0002") }
    i.sellerLegalId = seller.map { SchemedID(id: $0, scheme: "0002") }
    i.totalWithoutVAT = ht
    i.totalWithVAT = ttc
    return i
}

/// Both buyers use the id 2024-AC/017 (ids are unique per buyer only).
private let twoBuyers = ContractLinker(contracts: [
    contract("2024-AC/017", buyer: buyerA, holders: [gamma]),
    contract("2024-AC/017", buyer: buyerB, holders: [delta]),
])

@Suite("Linking invoices and mandats to contracts")
struct ContractLinkingTests {
    @Test(arguments: [
        ("2024-AC/017", "2024AC017"),
        ("sc/abc 234-01", "SCABC23401"),
        (" mar_2024.017a ", "MAR2024017A"),
        ("18.008.1", "180081"),
    ])
    func normalisationIgnoresCaseSpacesAndSeparators(raw: String, normalized: String) {
        #expect(ContractReferenceNormalizer.normalize(raw) == normalized)
    }

    @Test func bt12DifferingOnlyByCaseAndSeparatorsMatches() {
        let inv = invoice("F-1", bt12: "2024 ac.017", buyer: buyerA, seller: gamma)
        let link = twoBuyers.link(invoice: inv)
        #expect(link.contract?.key == ContractKey(buyerId: buyerA, id: "2024-AC/017"))
        #expect(link.basis == .sameId)
        #expect(link.sellerRole == .holder)
        // Buyer B's contract with the same id was set aside, not chosen.
        #expect(link.setAside == [ContractKey(buyerId: buyerB, id: "2024-AC/017")])
    }

    @Test func twoBuyersWithTheSameIdAreKeptApartByBuyer() {
        let toB = twoBuyers.link(invoice: invoice("F-2", bt12: "2024-AC/017", buyer: buyerB, seller: delta))
        #expect(toB.contract?.buyerId == buyerB)
        // An invoice to buyer A from Delta (a holder of B's contract only) still links to A's contract, and
        // says the seller is not a holder there.
        let odd = twoBuyers.link(invoice: invoice("F-3", bt12: "2024-AC/017", buyer: buyerA, seller: delta))
        #expect(odd.contract?.buyerId == buyerA)
        #expect(odd.sellerRole == .notAHolder)
    }

    @Test func anotherBuyerOnlyIsUnmatchedWithTheReason() {
        // A third buyer (Delta's SIRET used as a buyer here) has no contract 2024-AC-017; A and B have one.
        let other = delta
        let link = twoBuyers.link(invoice: invoice("F-4", bt12: "2024-AC-017", buyer: other, seller: gamma))
        #expect(link.match == .unmatched(.otherBuyersOnly))
        #expect(link.setAside.count == 2)
        let unknown = twoBuyers.link(invoice: invoice("F-5", bt12: "ZZZ-9", buyer: buyerA, seller: gamma))
        #expect(unknown.match == .unmatched(.unknownId))
        let none = twoBuyers.link(invoice: invoice("F-6", bt12: "  ", buyer: buyerA, seller: gamma))
        #expect(none.match == .unmatched(.noReference))
    }

    @Test func withoutBuyerTheSellerMustNarrowToOne() {
        let bySeller = twoBuyers.link(invoice: invoice("F-7", bt12: "2024-AC/017", buyer: nil, seller: gamma))
        #expect(bySeller.contract?.buyerId == buyerA)
        #expect(bySeller.basis == .unscopedNarrowedBySeller)
        // Beta holds neither contract: both are listed, none chosen.
        let stuck = twoBuyers.link(invoice: invoice("F-8", bt12: "2024-AC/017", buyer: nil, seller: beta))
        guard case .ambiguous(let candidates) = stuck.match else {
            Issue.record("expected ambiguous, got \(stuck.match)")
            return
        }
        #expect(candidates.map(\.key.buyerId) == [buyerA, buyerB])
    }

    @Test func sameBuyerTwoIdsThatNormaliseAlikeAreNarrowedBySellerOrAmbiguous() {
        let linker = ContractLinker(contracts: [
            contract("2024-001", buyer: buyerA, holders: [alpha]),
            contract("2024/001", buyer: buyerA, holders: [beta]),
        ])
        let fromBeta = linker.link(invoice: invoice("F-9", bt12: "2024001", buyer: buyerA, seller: beta))
        #expect(fromBeta.contract?.id == "2024/001")
        #expect(fromBeta.basis == .narrowedBySeller)
        let fromGamma = linker.link(invoice: invoice("F-10", bt12: "2024001", buyer: buyerA, seller: gamma))
        guard case .ambiguous(let candidates) = fromGamma.match else {
            Issue.record("expected ambiguous, got \(fromGamma.match)")
            return
        }
        #expect(candidates.map(\.id) == ["2024-001", "2024/001"])
    }

    @Test func buyerGivenAsSIRENMatchesTheSIRETsEstablishment() {
        // BT-47 may carry the SIREN 219900016: it matches SIRET 21990001600011's contracts.
        let link = twoBuyers.link(invoice: invoice("F-11", bt12: "2024-AC/017", buyer: "219900016", seller: gamma))
        #expect(link.contract?.buyerId == buyerA)
    }

    @Test func v1IdsLinkAcrossTheModificationSuffix() {
        let linker = ContractLinker(contracts: [
            contract("20230004500", buyer: buyerA, holders: [alpha], format: .decpV1),
            contract("20230004502", buyer: buyerA, holders: [alpha], format: .decpV1),
        ])
        // The exact id wins: the invoice names version 00.
        let exact = linker.link(invoice: invoice("F-12", bt12: "20230004500", buyer: buyerA, seller: alpha))
        #expect(exact.contract?.id == "20230004500")
        #expect(exact.basis == .sameId)
        // Without the suffix, or with a suffix not published (01): the latest version (02), the others set aside.
        for ref in ["202300045", "20230004501"] {
            let l = linker.link(invoice: invoice("F-13", bt12: ref, buyer: buyerA, seller: alpha))
            #expect(l.contract?.id == "20230004502")
            #expect(l.basis == .v1BaseId)
            #expect(l.setAside == [ContractKey(buyerId: buyerA, id: "20230004500")])
        }
        // A v2 id is never cut: "2024-AC/017" with a suffix is unknown.
        #expect(
            twoBuyers.link(invoice: invoice("F-14", bt12: "2024-AC/01701", buyer: buyerA, seller: gamma)).match
                == .unmatched(.unknownId))
    }

    @Test func subcontractorInvoicesAreRecognised() {
        var c = contract("2024-AC/017", buyer: buyerA, holders: [gamma])
        c.subcontracting = [
            SubcontractingAct(
                id: "1", subcontractor: ContractHolder(idType: "SIRET", id: alpha), durationMonths: 6,
                notificationDate: d("2024-03-01"), amount: 5000, priceVariation: "Ferme")
        ]
        // The seller gives only its SIREN 800000010: the first 9 digits of the subcontractor's SIRET.
        let link = ContractLinker(contracts: [c]).link(
            invoice: invoice("F-15", bt12: "2024-AC/017", buyer: buyerA, seller: "800000010"))
        #expect(link.sellerRole == .subcontractor)
    }

    @Test func mandatLinksByIdCollAndIdMarche() {
        var m = Mandat(
            key: MandatKey(idColl: buyerB, codCol: nil, codBud: nil, exer: "2024", idBord: "12", idPce: "345"),
            source: SourceRef(file: "synthetic"))
        m.contractIds = ["2024ac017", "NOPE"]
        m.creditorId = delta
        let links = twoBuyers.link(mandat: m)
        #expect(links.count == 2)
        #expect(links[0].contract?.buyerId == buyerB)
        #expect(links[0].sellerRole == .holder)
        #expect(links[1].match == .unmatched(.unknownId))
        m.contractIds = []
        #expect(twoBuyers.link(mandat: m).map(\.match) == [.unmatched(.noReference)])
    }

    @Test func duplicatedContractsAreIndexedOnce() {
        let linker = ContractLinker(contracts: [
            contract("X-1", buyer: buyerA, holders: [alpha]), contract("X-1", buyer: buyerA, holders: [alpha]),
        ])
        #expect(linker.contracts.count == 1)
        #expect(linker.link(invoice: invoice("F-16", bt12: "x1", buyer: buyerA, seller: nil)).contract != nil)
    }
}

@Suite("Contract position for a contract manager")
struct ContractPositionTests {
    /// 100 000 € excl. VAT notified 2024-01-15; raised to 120 000 € by a modification notified 2024-06-01.
    private func managed() -> Contract {
        var c = contract("2024-AC/017", buyer: buyerA, holders: [gamma], amount: 100_000)
        c.notificationDate = d("2024-01-15")
        c.modifications = [
            ContractModification(id: "1", notificationDate: d("2024-06-01"), amount: 120_000, durationMonths: nil)
        ]
        return c
    }

    private func invoices() -> [Invoice] {
        [
            invoice(
                "A", bt12: "2024-AC/017", buyer: buyerA, seller: gamma, issued: "2024-02-01", ht: 50_000, ttc: 60_000),
            invoice(
                "B", bt12: "2024-AC/017", buyer: buyerA, seller: gamma, issued: "2024-05-01", ht: 40_000, ttc: 48_000),
            invoice(
                "C", bt12: "2024-AC/017", buyer: buyerA, seller: gamma, issued: "2024-07-01", ht: 25_000, ttc: 30_000),
            // A credit note: positive amounts in the document, counted negative.
            invoice(
                "D", bt12: "2024-AC/017", buyer: buyerA, seller: gamma, issued: "2024-08-01", ht: 5_000, ttc: 6_000,
                type: "381"),
            invoice(
                "E", bt12: "2024-AC/017", buyer: buyerA, seller: gamma, issued: "2024-08-15", ht: 15_000, ttc: 18_000),
        ]
    }

    @Test func amountsInvoicedPaidAndOutstanding() {
        let invs = invoices()
        let paid: [InvoiceKey: Decimal] = [invs[0].key: 60_000, invs[1].key: 48_000]
        let p = ContractPosition.compute(contract: managed(), invoices: invs, paid: paid, asOf: d("2024-09-01"))
        #expect(p.amountNotified == 100_000)
        #expect(p.amountInForce == 120_000)
        // Excl. VAT: 50 000 + 40 000 + 25 000 − 5 000 + 15 000 = 125 000.
        #expect(p.invoicedWithoutVAT == 125_000)
        // Incl. VAT: 60 000 + 48 000 + 30 000 − 6 000 + 18 000 = 150 000.
        #expect(p.invoicedWithVAT == 150_000)
        // Paid 60 000 + 48 000 = 108 000; outstanding 150 000 − 108 000 = 42 000.
        #expect(p.paid == 108_000)
        #expect(p.outstanding == 42_000)
        // 120 000 − 125 000 = −5 000: over the ceiling.
        #expect(p.remainingWithoutVAT == -5_000)
        // Cumulative 50 000, 90 000, 115 000, 110 000, 125 000: only E (125 000 > 120 000) goes over.
        #expect(p.lines.map(\.cumulativeWithoutVAT) == [50_000, 90_000, 115_000, 110_000, 125_000])
        #expect(p.overrunInvoices.map(\.number) == ["E"])
    }

    @Test func beforeTheModificationTheNotifiedAmountIsTheCeiling() {
        // On 2024-07-10 the modification (2024-06-01) is in force but D and E are not issued yet:
        // 50 000 + 40 000 + 25 000 = 115 000 ≤ 120 000, no overrun; D, E excluded as later.
        let p = ContractPosition.compute(contract: managed(), invoices: invoices(), paid: [:], asOf: d("2024-07-10"))
        #expect(p.invoicedWithoutVAT == 115_000)
        #expect(p.overrunInvoices.isEmpty)
        #expect(p.excluded.map(\.key.number) == ["D", "E"])
        // On 2024-05-20 the ceiling is still 100 000: A + B = 90 000, C not issued yet.
        let early = ContractPosition.compute(
            contract: managed(), invoices: invoices(), paid: [:], asOf: d("2024-05-20"))
        #expect(early.amountInForce == 100_000)
        #expect(early.remainingWithoutVAT == 10_000)
    }

    @Test func foreignCurrencyAndDuplicatesAreNotCounted() {
        var gbp = invoice(
            "G", bt12: "2024-AC/017", buyer: buyerA, seller: gamma, issued: "2024-02-02", ht: 1_000, ttc: 1_200)
        gbp.currency = "GBP"
        let a = invoices()[0]
        let p = ContractPosition.compute(contract: managed(), invoices: [a, a, gbp], paid: [:], asOf: d("2024-09-01"))
        // A counted once (50 000); G excluded for its currency.
        #expect(p.invoicedWithoutVAT == 50_000)
        #expect(p.excluded.map(\.reason) == ["currency GBP, contract in EUR"])
    }
}
