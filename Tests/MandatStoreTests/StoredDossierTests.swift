import Foundation
import MandatCore
import Testing

@testable import MandatStore

/// Tests/MandatStoreTests/StoredDossierTests.swift → up 3 levels = the package root.
private let demoRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("fixtures/demo").path

/// The stored form of a dossier (`StoredDossier`, `dossier_state.json`) and the board rows read from it.
@Suite("Stored dossier")
struct StoredDossierTests {
    /// The demo's dossiers, linked from its files in a fresh SQLite store.
    static func demoDossiers() async throws -> [Dossier] {
        let db = try TestDB(.sqlite)
        let s = try await db.open()
        _ = try await Importer(store: s).run(paths: [demoRoot])
        let built = DossierLinker.build(try await s.facts())
        try await s.close()
        await db.destroy()
        return built.dossiers
    }

    /// A dossier with every field of every part set (and strings holding the codec's own punctuation).
    static func everyField() -> Dossier {
        var i = Invoice(syntax: "UBL", source: SourceRef(file: "in/F 1:2;~.xml", line: 7))
        i.isCreditNoteDocument = true
        i.invoiceNumber = "F-1:2;~"
        i.issueDate = Synthetic.date("2025-03-03")
        i.typeCode = "381"
        i.currency = "EUR"
        i.dueDate = Synthetic.date("2025-04-02")
        i.buyerReference = "SERV"
        i.contractReference = "2025-CSA-003"
        i.orderReference = "EJ-1"
        i.paymentTerms = "30 jours, intérêts « BCE + 8 » €"
        i.businessProcess = "A1"
        i.precedingInvoices = ["F-0", ""]
        i.sellerName = "Constructions Verdaline SAS"
        i.sellerId = SchemedID(id: "84731902700011", scheme: "0009")
        i.sellerLegalId = SchemedID(id: "847319027", scheme: nil)
        i.buyerName = "Commune de Saint-Aubin"
        i.buyerId = SchemedID(id: "21990412500016", scheme: "0009")
        i.buyerLegalId = SchemedID(id: "21990412500016", scheme: "0002")
        i.payeeName = "Factor"
        i.iban = "FR7612345000010001234567887"
        i.deliveryDate = Synthetic.date("2025-02-28")
        i.invoicingPeriodEnd = Synthetic.date("2025-02-28")
        i.totalWithoutVAT = Decimal(string: "42500.10")!
        i.totalVAT = Decimal(string: "8500.02")!
        i.totalWithVAT = Decimal(string: "51000.12")!
        i.prepaid = Decimal(string: "-0.005")!
        i.roundingAmount = Decimal(string: "0.01")!
        i.amountDue = Decimal(string: "51000.125")!
        i.attachments = [AttachmentInfo(id: "PJ1", fileName: "a.pdf", mimeCode: "application/pdf", encodedBytes: 1234)]
        i.findings = [
            DocumentFinding(code: "invoice.amount-due-mismatch", message: "BT-115 ≠ BT-112", element: "BT-115")
        ]
        i.chorusId = "12345"
        i.receptionDate = Synthetic.date("2025-03-04")
        let key = MandatKey(
            idColl: "21990412500016", codCol: "412", codBud: "00", exer: "2025", idBord: "21", idPce: "7")
        let e = ChainEvent(
            kind: .paymentOffset, source: .pesRetour, code: "OrgEma=03", label: "Retenue",
            date: Synthetic.date("2025-03-27"),
            timestamp: "2025-03-27T10:00:00+01:00",
            invoice: InvoiceRef(
                number: "F-1", issueDate: Synthetic.date("2025-03-03"), sellerId: "847319027",
                buyerId: "21990412500016",
                chorusId: "12345", inferred: true),
            mandat: key, amount: Decimal(string: "-2550.5")!,
            reasons: [EventReason(code: "09", text: "motif ; ~", action: "NOA")],
            details: ["key.payment": "2", "origin": "03", "note": ""],
            sourceRef: SourceRef(file: "pes/R.xml", line: nil),
            unknownCode: true)
        var m = Mandat(key: key, source: SourceRef(file: "pes/A.xml", line: 42))
        m.bordereauDate = Synthetic.date("2025-03-18")
        m.typBord = "01"
        m.typPce = "09"
        m.natPce = "02"
        m.object = "FV-2025-0016 Situation n° 1"
        m.lineCount = 3
        m.amountHT = 42500
        m.amountTVA = 8500
        m.amountTTC = 51000
        m.invoiceNumbers = ["FV-2025-0016"]
        m.inferredInvoiceNumbers = ["FV-2025-0015"]
        m.contractIds = ["2025-CSA-003"]
        m.creditorId = "84731902700011"
        m.creditorIdType = "01"
        m.creditorName = "CONSTRUCTIONS VERDALINE"
        m.dgp = MandatDGP(
            dgp: "0", start: Synthetic.date("2025-03-04"), end: Synthetic.date("2025-04-03"), days: 30,
            rate: Decimal(string: "11.5")!, rateCode: "02")
        m.pjRefs = ["PJ1"]
        return Dossier(
            id: "847319027/F-1:2;~/2025-03-03/381", invoice: i, invoiceNumber: "F-1:2;~",
            events: [
                e,
                ChainEvent(
                    kind: .other, source: .manual, code: "x", date: nil, sourceRef: SourceRef(file: "")),
            ],
            mandats: [m], contract: nil, correctedInvoiceId: "847319027/F-0/2025-01-01/380",
            creditNoteIds: ["a", "b"])
    }

    @Test("A dossier with every field set comes back equal, and the text is stable")
    func everyFieldRoundTrip() throws {
        let d = Self.everyField()
        let text = try StoredDossier.encode(d)
        #expect(text.hasPrefix("D1:32:847319027/F-1:2;~/2025-03-03/381I3:UBLT"))
        let back = try StoredDossier.decode(text, json: JSONDecoder())
        #expect(back == d)
        #expect(back.invoice?.amountDue == Decimal(string: "51000.125")!)
        #expect(back.events[0].amount == Decimal(string: "-2550.5")!)
        #expect(back.events[0].details == ["key.payment": "2", "origin": "03", "note": ""])
        #expect(try StoredDossier.encode(back) == text)
    }

    @Test("The smallest dossier, written out by hand")
    func smallest() throws {
        let d = Dossier(id: "ref:A/1", invoice: nil, invoiceNumber: "A1", events: [], mandats: [], contract: nil)
        // id (7 bytes), no invoice, number (2 bytes), 0 events, 0 mandats, no contract, no corrected id, 0 credit notes.
        #expect(try StoredDossier.encode(d) == "D1:7:ref:A/1~2:A10;0;~~0;")
        #expect(try StoredDossier.decode("D1:7:ref:A/1~2:A10;0;~~0;", json: JSONDecoder()) == d)
    }

    @Test("Every demo dossier (with its contract) comes back equal; the JSON of older stores is still read")
    func demoRoundTrip() async throws {
        let dossiers = try await Self.demoDossiers()
        #expect(dossiers.count == 22)
        #expect(dossiers.contains { $0.contract != nil })
        let enc = JSONEncoder()
        for d in dossiers {
            let text = try StoredDossier.encode(d)
            #expect(try StoredDossier.decode(text, json: JSONDecoder()) == d, "\(d.id)")
            #expect(try StoredDossier.encode(try StoredDossier.decode(text, json: JSONDecoder())) == text)
            let json = String(decoding: try enc.encode(d), as: UTF8.self)
            #expect(try StoredDossier.decode(json, json: JSONDecoder()) == d)
            #expect(text.utf8.count < json.utf8.count)
        }
    }

    @Test("A truncated or damaged text throws, never traps")
    func damaged() throws {
        let text = try StoredDossier.encode(Self.everyField())
        let bytes = Array(text.utf8)
        for n in 0..<bytes.count {
            let cut = String(decoding: bytes[0..<n], as: UTF8.self)
            #expect(throws: (any Error).self) { try StoredDossier.decode(cut, json: JSONDecoder()) }
        }
        for bad in [
            "D1:7:ref:A/1~2:A19999999999;", "D1:99999:x", "D1:7:ref:A/1~2:A1-1;", "D2:", "D1:7:ref:A/1~2:A10;0;~~0;x",
            "D1:7:ref:A/1~2:A11;5:weird",
        ] {
            #expect(throws: StoredDossier.FormatError.self) { try StoredDossier.decode(bad, json: JSONDecoder()) }
        }
        #expect(throws: (any Error).self) { try SQLMandatStore.decodeDossier("D1:1") }
    }

    @Test("Board rows from stored texts equal the board of the full dossiers, with and without texts")
    func boardFromStored() async throws {
        let dossiers = try await Self.demoDossiers()
        let texts = try dossiers.map(StoredDossier.encode)
        var plain = LawAssessor()
        plain.texts = false
        for day in ["2025-01-01", "2025-06-30", "2026-01-19", "2026-01-31", "2027-01-31"].map(Synthetic.date) {
            for filter in [
                BoardFilter(), BoardFilter(blockedOnly: true), BoardFilter(blockedOnly: true, holder: .ordonnateur),
                BoardFilter(holder: .comptable),
            ] {
                let expected = Board.rows(dossiers, asOf: day, filter: filter, assessor: LawAssessor())
                // One core and two: same rows, same order.
                for cores in [1, 2] {
                    let got = try SQLMandatStore.boardRows(
                        texts, asOf: day, filter: filter, assessor: LawAssessor(), cores: cores)
                    #expect(got == expected, "\(day.iso) \(filter) cores \(cores)")
                }
                // Without texts: what status prints (CSV, JSON) is the same.
                let lean = try SQLMandatStore.boardRows(texts, asOf: day, filter: filter, assessor: plain)
                #expect(BoardCSV.render(lean) == BoardCSV.render(expected))
                #expect(lean.map(\.json) == expected.map(\.json))
                #expect(lean.allSatisfy { $0.assessment.clock.isEmpty })
            }
        }
        // The demo on 2026-01-31 (docs/demo.md's digest day) has blocked dossiers, so the comparison is not empty.
        let blocked = try SQLMandatStore.boardRows(
            texts, asOf: Synthetic.date("2026-01-31"), filter: BoardFilter(blockedOnly: true), assessor: plain)
        #expect(!blocked.isEmpty)
        #expect(blocked.contains { $0.dossierId == "847319027/FV-2025-0088/2025-12-23/380" })
    }

    @Test("With no configured buyer, the law's assessment is the one made with each dossier's own buyer profile")
    func profileShortcut() async throws {
        let dossiers = try await Self.demoDossiers()
        for category in [BuyerCategory.localAuthority, .hospital] {
            let law = LawAssessor(category: category)
            for d in dossiers {
                for day in ["2025-06-30", "2026-01-19", "2027-01-31"].map(Synthetic.date) {
                    let full = DossierAssessor.assess(d, buyer: law.profile(d), asOf: day, config: law.config)
                    #expect(law.lawAssessment(d, asOf: day) == full, "\(d.id) \(day.iso)")
                }
            }
        }
        // The profile itself still names the buyer (the web board shows its name).
        let d = try #require(dossiers.first { $0.invoice?.buyerName != nil })
        #expect(LawAssessor().profile(d).name == d.invoice?.buyerName)
    }
}
