import Foundation
import Testing

@testable import MandatCore

@Suite("Dossier builder: linking invoices, events, mandats and contracts")
struct DossierBuilderTests {
    /// Two invoices of the same seller paid by two mandats of one bordereau (synthetic).
    static var second: Invoice {
        Law.invoice(number: "F-2025-0043", amountDue: "800.00", file: "synthetic/invoice2.xml")
    }
    static var mandat2: Mandat {
        var k = Law.mandatKey
        k.idPce = "833"
        return Law.mandat(key: k, ttc: "800.00", invoices: ["F-2025-0043"])
    }

    @Test func eventsTieByNumberSellerAndDateAcrossFiles() throws {
        // The Chorus status gives the seller as a SIRET, the invoice as a SIREN: same SIREN 732829320.
        var inv = Law.invoice()
        inv.sellerLegalId = SchemedID(id: "732829320", scheme: "0002")
        let status = Law.ev(.madeAvailable, .chorusPro, "MISE_A_DISPOSITION", "2025-03-03")
        let (dossiers, unlinked) = DossierBuilder.build(invoices: [inv], events: [status], mandats: [], contracts: [])
        #expect(unlinked.isEmpty)
        let d = try #require(dossiers.first)
        #expect(dossiers.count == 1)
        #expect(d.id == "732829320/F-2025-0042/2025-02-28/380")
        #expect(d.events.map(\.code) == ["MISE_A_DISPOSITION"])
        // A status dated for another issue date (a reused number) is not this invoice.
        let other = Law.ev(
            .madeAvailable, .chorusPro, "MISE_A_DISPOSITION", "2025-03-03",
            invoice: InvoiceRef(number: Law.number, issueDate: Law.d("2024-01-10"), sellerId: Law.sellerSIRET))
        let r = DossierBuilder.build(invoices: [inv], events: [other], mandats: [], contracts: [])
        #expect(r.dossiers.count == 2)
        #expect(r.dossiers.first { $0.invoice != nil }?.events.isEmpty == true)
    }

    @Test func bordereauAckGoesToEveryMandatOfTheBordereauAndRetourToOne() throws {
        let retour2 = Law.ev(
            .paid, .pesRetour, "OrgEma=01", "2025-04-22", invoice: nil, mandat: Self.mandat2.key, amount: "800.00")
        let (dossiers, unlinked) = DossierBuilder.build(
            invoices: [Law.invoice(), Self.second], events: [Law.ackAccepted, Law.paidPES, retour2],
            mandats: [Law.mandat(), Self.mandat2], contracts: [])
        #expect(unlinked.isEmpty)
        let d1 = try #require(dossiers.first { $0.invoiceNumber == "F-2025-0042" })
        let d2 = try #require(dossiers.first { $0.invoiceNumber == "F-2025-0043" })
        #expect(d1.mandats.map(\.key.idPce) == ["832"])
        #expect(d2.mandats.map(\.key.idPce) == ["833"])
        // ACK (bordereau level) in both; each payment in its own dossier.
        #expect(d1.events.map(\.code) == ["EtatAck=1", "OrgEma=01"])
        #expect(d2.events.map(\.code) == ["EtatAck=1", "OrgEma=01"])
        #expect(d1.events.last?.amount == Law.m("12000.00"))
        #expect(d2.events.last?.amount == Law.m("800.00"))
    }

    @Test func retourWithoutCodColStillMatches() {
        // A PES_Retour key without CodCol/CodBud matches the Aller's mandat on (IdColl, Exer, IdBord, IdPce).
        let key = MandatKey(idColl: Law.buyerSIRET, codCol: nil, codBud: nil, exer: "2025", idBord: "42", idPce: "832")
        let pay = Law.ev(.paid, .pesRetour, "OrgEma=01", "2025-04-22", invoice: nil, mandat: key, amount: "12000.00")
        let r = DossierBuilder.build(invoices: [Law.invoice()], events: [pay], mandats: [Law.mandat()], contracts: [])
        #expect(r.unlinked.isEmpty)
        #expect(r.dossiers.first?.events.count == 1)
        // Another bordereau does not.
        let elsewhere = MandatKey(
            idColl: Law.buyerSIRET, codCol: "123", codBud: "01", exer: "2025", idBord: "43", idPce: "832")
        let lost = Law.ev(.paid, .pesRetour, "OrgEma=01", "2025-04-22", invoice: nil, mandat: elsewhere, amount: "1.00")
        #expect(
            DossierBuilder.build(invoices: [Law.invoice()], events: [lost], mandats: [Law.mandat()], contracts: [])
                .unlinked.count == 1)
    }

    @Test func eventsForAnUnreadInvoiceMakeADossier() throws {
        let ref = InvoiceRef(number: "X-77", sellerId: Law.sellerSIRET, chorusId: "9912345")
        let e1 = Law.ev(.madeAvailable, .chorusPro, "MISE_A_DISPOSITION", "2025-03-03", invoice: ref)
        // A later status naming only the Chorus id reaches the same dossier.
        let e2 = Law.ev(.suspended, .chorusPro, "SUSPENDUE", "2025-03-05", invoice: InvoiceRef(chorusId: "9912345"))
        let (dossiers, unlinked) = DossierBuilder.build(invoices: [], events: [e2, e1], mandats: [], contracts: [])
        #expect(unlinked.isEmpty)
        let d = try #require(dossiers.first)
        #expect(dossiers.count == 1)
        #expect(d.invoice == nil)
        #expect(d.id == "ref:732829320/X-77")
        #expect(d.invoiceNumber == "X-77")
        #expect(d.events.map(\.code) == ["MISE_A_DISPOSITION", "SUSPENDUE"])
    }

    @Test func ambiguousNumberIsNotGuessed() {
        // Two sellers used the same number; a status without a seller cannot choose.
        let a = Law.invoice(seller: Law.sellerSIRET)
        let b = Law.invoice(seller: Law.otherSellerSIRET, file: "synthetic/other.xml")
        let e = Law.ev(
            .madeAvailable, .chorusPro, "MISE_A_DISPOSITION", "2025-03-03", invoice: InvoiceRef(number: Law.number))
        let r = DossierBuilder.build(invoices: [a, b], events: [e], mandats: [], contracts: [])
        #expect(r.unlinked.map(\.code) == ["MISE_A_DISPOSITION"])
        #expect(r.dossiers.allSatisfy { $0.events.isEmpty })
    }

    @Test func duplicatesCollapseAndOrderDoesNotMatter() {
        let events = [Law.madeAvailable, Law.mandated, Law.ackAccepted, Law.paidPES]
        let mandats = [Law.mandat(), Self.mandat2]
        let invoices = [Law.invoice(), Self.second]
        let reference = DossierBuilder.build(invoices: invoices, events: events, mandats: mandats, contracts: [])
        var rng = SeededGenerator(state: 7)
        for _ in 0..<10 {
            let r = DossierBuilder.build(
                invoices: (invoices + invoices).shuffled(using: &rng), events: (events + events).shuffled(using: &rng),
                mandats: mandats.shuffled(using: &rng), contracts: [])
            #expect(r.dossiers == reference.dossiers)
            #expect(r.unlinked == reference.unlinked)
        }
        #expect(reference.dossiers.first { $0.invoiceNumber == Law.number }?.events.count == 4)
    }

    @Test func mandatWithoutInvoiceNumberMakesItsOwnDossier() {
        var m = Law.mandat(invoices: [])
        m.inferredInvoiceNumbers = ["NO-SUCH"]
        let r = DossierBuilder.build(invoices: [Law.invoice()], events: [Law.paidPES], mandats: [m], contracts: [])
        #expect(r.dossiers.map(\.id).sorted() == ["732829320/F-2025-0042/2025-02-28/380", "mandat:\(Law.mandatKey)"])
        #expect(r.dossiers.first { $0.invoice == nil }?.events.count == 1)
        // An inferred number that matches exactly one invoice links it.
        m.inferredInvoiceNumbers = ["f-2025-0042"]
        let linked = DossierBuilder.build(invoices: [Law.invoice()], events: [], mandats: [m], contracts: [])
        #expect(linked.dossiers.count == 1)
        #expect(linked.dossiers.first?.mandats.count == 1)
    }

    @Test func eventWithNothingToTieIsUnlinked() {
        let e = Law.ev(.madeAvailable, .chorusPro, "MISE_A_DISPOSITION", "2025-03-03", invoice: nil)
        let r = DossierBuilder.build(invoices: [Law.invoice()], events: [e], mandats: [], contracts: [])
        #expect(r.unlinked.count == 1)
    }

    @Test func contractLinksByNormalisedIdScopedByBuyer() {
        var inv = Law.invoice()
        inv.contractReference = "2025/M-012"
        var c = Contract(type: "marche", id: "2025M012", source: SourceRef(file: "synthetic/decp.json", line: 4))
        c.buyerId = Law.buyerSIRET
        var wrongBuyer = Contract(
            type: "marche", id: "2025M012", source: SourceRef(file: "synthetic/decp.json", line: 9))
        wrongBuyer.buyerId = "26901234500014"
        let r = DossierBuilder.build(invoices: [inv], events: [], mandats: [], contracts: [wrongBuyer, c])
        #expect(r.dossiers.first?.contract?.source.line == 4)
        let none = DossierBuilder.build(invoices: [inv], events: [], mandats: [], contracts: [wrongBuyer])
        #expect(none.dossiers.first?.contract == nil)
    }

    @Test func builtDossierAssessesEndToEnd() throws {
        let (dossiers, _) = DossierBuilder.build(
            invoices: [Law.invoice()], events: [Law.madeAvailable, Law.mandated, Law.ackAccepted, Law.paidPES],
            mandats: [Law.mandat()], contracts: [])
        let d = try #require(dossiers.first)
        let a = DossierAssessor.assess(d, buyer: Law.commune, asOf: Law.d("2025-05-01"), config: .default)
        // The worked example again: 73.32 € interest.
        #expect(a.interest == Law.m("73.32"))
        #expect(a.stage == .paid)
    }
}

/// `ChainEvent.id` is stored: feeding the hash part by part must give the values of the joined text. The expected
/// ids are FNV-1a 64 of the parts joined by U+001F, computed outside Swift (Python) from the texts in comments.
@Suite("Chain event ids")
struct ChainEventIdTests {
    @Test func chorusStatusWithAnInvoiceReference() {
        // "chorusPro␟MISE_A_DISPOSITION␟2025-03-02␟␟F-2025-0042␟2025-02-28␟73282932000074␟123456"
        let e = ChainEvent(
            kind: .madeAvailable, source: .chorusPro, code: "MISE_A_DISPOSITION",
            date: CivilDate(year: 2025, month: 3, day: 2),
            invoice: InvoiceRef(
                number: "F-2025-0042", issueDate: CivilDate(year: 2025, month: 2, day: 28), sellerId: "73282932000074",
                chorusId: "123456"),
            details: ["origin": "flux"], sourceRef: SourceRef(file: "a.xml"))
        #expect(e.id == "75c0f395b7a84c21")
    }

    @Test func paymentWithMandatAmountAndKeyDetails() {
        // "pesRetour␟OrgEma=01␟2025-04-10␟␟21750001600019/2025/B42/M832␟12000.50␟key.line=3␟key.seq=b": only the
        // details named key.* count, sorted by name; the amount as Money.normalized writes it.
        let e = ChainEvent(
            kind: .paid, source: .pesRetour, code: "OrgEma=01", date: CivilDate(year: 2025, month: 4, day: 10),
            mandat: MandatKey(
                idColl: "21750001600019", codCol: "123", codBud: "01", exer: "2025", idBord: "42", idPce: "832"),
            amount: Decimal(string: "12000.5"), details: ["key.seq": "b", "mandatNumber": "832", "key.line": "3"],
            sourceRef: SourceRef(file: "b.xml", line: 9))
        #expect(e.id == "f9c343c5d316daf4")
    }

    @Test func undatedManualEventWithATimeStamp() {
        // "manual␟interest-paid␟␟2025-05-01T10:00:00"
        let e = ChainEvent(
            kind: .other, source: .manual, code: "interest-paid", date: nil, timestamp: "2025-05-01T10:00:00",
            sourceRef: SourceRef(file: "log"))
        #expect(e.id == "3fcafb68fc518ccf")
        #expect(StableHash.hex("manual\u{1F}interest-paid\u{1F}\u{1F}2025-05-01T10:00:00") == e.id)
    }
}
