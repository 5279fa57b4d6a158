import Foundation
import Testing

@testable import MandatCore

// Synthetic data from LawTestSupport: seller SIRET 73282932000074, commune 21750001600019, invoice F-2025-0042.

@Suite("Dossier builder: credit notes by BT-25, mandats by the Chorus MANDATEE mandat number")
struct DossierLinkTests {
    static var creditNote: Invoice {
        var i = Law.invoice(number: "AV-2025-0007", issued: "2025-03-10", amountDue: "1500.00", file: "synthetic/av.xml")
        i.typeCode = "381"
        i.precedingInvoices = [Law.number]
        return i
    }

    @Test func aCreditNoteIsLinkedToTheInvoiceItsBT25Names() throws {
        let inv = Law.invoice()
        let (dossiers, _) = DossierBuilder.build(
            invoices: [inv, Self.creditNote], events: [], mandats: [], contracts: [])
        #expect(dossiers.count == 2)
        let invoiceDossier = try #require(dossiers.first { $0.invoice?.invoiceNumber == Law.number })
        let noteDossier = try #require(dossiers.first { $0.invoice?.invoiceNumber == "AV-2025-0007" })
        #expect(noteDossier.correctedInvoiceId == invoiceDossier.id)
        #expect(invoiceDossier.creditNoteIds == [noteDossier.id])
        #expect(invoiceDossier.correctedInvoiceId == nil)
        // The link survives JSON, and an older JSON without the keys still decodes (empty links).
        let back = try JSONDecoder().decode(Dossier.self, from: JSONEncoder().encode(invoiceDossier))
        #expect(back.creditNoteIds == [noteDossier.id])
        let old = #"{"id":"x","events":[],"mandats":[]}"#
        let legacy = try JSONDecoder().decode(Dossier.self, from: Data(old.utf8))
        #expect(legacy.creditNoteIds.isEmpty && legacy.correctedInvoiceId == nil)
    }

    @Test func aCreditNoteNamingAnUnknownInvoiceOrAnotherSellersIsNotLinked() throws {
        var unknown = Self.creditNote
        unknown.precedingInvoices = ["F-2025-9999"]
        let r1 = DossierBuilder.build(invoices: [Law.invoice(), unknown], events: [], mandats: [], contracts: [])
        #expect(r1.dossiers.allSatisfy { $0.correctedInvoiceId == nil && $0.creditNoteIds.isEmpty })
        // Same number F-2025-0042, but the credit note is from seller 441234567: another seller's invoice.
        var foreign = Self.creditNote
        foreign.sellerLegalId = SchemedID(id: Law.otherSellerSIRET, scheme: "0009")
        let r2 = DossierBuilder.build(invoices: [Law.invoice(), foreign], events: [], mandats: [], contracts: [])
        #expect(r2.dossiers.allSatisfy { $0.correctedInvoiceId == nil && $0.creditNoteIds.isEmpty })
        // An invoice (380) with a BT-25 is not a credit note: no link either.
        var corrective = Self.creditNote
        corrective.typeCode = "380"
        let r3 = DossierBuilder.build(invoices: [Law.invoice(), corrective], events: [], mandats: [], contracts: [])
        #expect(r3.dossiers.allSatisfy { $0.correctedInvoiceId == nil && $0.creditNoteIds.isEmpty })
    }

    // MARK: MANDATEE carrying the mandat number

    /// Mandat 832 with no `Facture`: nothing on the PES side names the invoice.
    static var anonymousMandat: Mandat { Law.mandat(invoices: []) }

    static func mandatee(_ number: String, invoice: InvoiceRef = Law.ref) -> ChainEvent {
        Law.ev(
            .mandated, .chorusPro, "MANDATEE", "2025-03-27", invoice: invoice, details: ["mandatNumber": number],
            line: 9)
    }

    @Test func aMandateeWithTheMandatNumberLinksTheMandatToTheInvoice() throws {
        // "0832" = IdPce 832 once leading zeros are dropped.
        let (dossiers, unlinked) = DossierBuilder.build(
            invoices: [Law.invoice()], events: [Self.mandatee("0832"), Law.takenInCharge],
            mandats: [Self.anonymousMandat], contracts: [])
        #expect(unlinked.isEmpty)
        #expect(dossiers.count == 1)
        let d = try #require(dossiers.first)
        #expect(d.invoice?.invoiceNumber == Law.number)
        #expect(d.mandats.map(\.key) == [Law.mandatKey])
        // The PES_Retour event of mandat 832 follows the mandat into the invoice's dossier.
        #expect(Set(d.events.map(\.code)) == ["MANDATEE", "EtatPce=02"])
    }

    @Test func aMandateeWithAnotherNumberLeavesTheMandatAlone() throws {
        let (dossiers, _) = DossierBuilder.build(
            invoices: [Law.invoice()], events: [Self.mandatee("833")], mandats: [Self.anonymousMandat], contracts: [])
        #expect(dossiers.count == 2)
        let inv = try #require(dossiers.first { $0.invoice != nil })
        #expect(inv.mandats.isEmpty)
        #expect(dossiers.contains { $0.id.hasPrefix("mandat:") && $0.mandats.map(\.key) == [Law.mandatKey] })
    }

    @Test func aFactureLinkToAReadInvoiceWinsOverTheMandatee() throws {
        // The mandat's Facture names F-2025-0043 (read); a MANDATEE of F-2025-0042 naming 832 does not move it.
        let other = Law.invoice(number: "F-2025-0043", amountDue: "800.00", file: "synthetic/invoice2.xml")
        let m = Law.mandat(invoices: ["F-2025-0043"])
        let (dossiers, _) = DossierBuilder.build(
            invoices: [Law.invoice(), other], events: [Self.mandatee("832")], mandats: [m], contracts: [])
        let first = try #require(dossiers.first { $0.invoice?.invoiceNumber == Law.number })
        let second = try #require(dossiers.first { $0.invoice?.invoiceNumber == "F-2025-0043" })
        #expect(first.mandats.isEmpty)
        #expect(second.mandats.map(\.key) == [Law.mandatKey])
    }

    @Test func twoInvoicesClaimingTheSameMandatNumberAreAmbiguous() throws {
        let other = Law.invoice(number: "F-2025-0043", amountDue: "800.00", file: "synthetic/invoice2.xml")
        let ref2 = InvoiceRef(number: "F-2025-0043", issueDate: Law.d("2025-02-28"), sellerId: Law.sellerSIRET)
        let (dossiers, _) = DossierBuilder.build(
            invoices: [Law.invoice(), other], events: [Self.mandatee("832"), Self.mandatee("832", invoice: ref2)],
            mandats: [Self.anonymousMandat], contracts: [])
        // Both in 2025 = Exer 2025: not narrowed, never guessed.
        #expect(dossiers.filter { $0.invoice != nil }.allSatisfy { $0.mandats.isEmpty })
        #expect(dossiers.contains { $0.id.hasPrefix("mandat:") })
    }
}
