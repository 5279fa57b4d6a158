import Foundation
import MandatCore
import MandatXML
import Testing

@testable import MandatFormats

/// The project's own synthetic procurement fixtures (`fixtures/procurement/`, labelled synthetic in each file).
enum ProcurementFixtures {
    static let dir = ProcurementCorpus.packageRoot.appendingPathComponent("fixtures/procurement")
    static func read(_ name: String) -> ReadDocument {
        DocumentReader.read(path: dir.appendingPathComponent(name).path, displayName: name)
    }
}

@Suite("Procurement readers on synthetic fixtures")
struct ProcurementFixtureTests {
    @Test func decpV1MarcheWithSpacesAndOutOfOrderModifications() throws {
        let doc = ProcurementFixtures.read("decp1-synthetic-marches.xml")
        #expect(doc.kind == .decp)
        #expect(doc.contracts.count == 3)
        let c = try #require(doc.contracts.first)
        #expect(c.format == .decpV1)
        #expect(c.uid == "2199000160001120230004502")
        // The buyer SIRET is written with spaces: kept as written, keyed by its digits.
        #expect(c.buyerId == "219 900 016 00011")
        #expect(c.key == ContractKey(buyerId: "21990001600011", id: "20230004502"))
        #expect(c.holders.first?.company?.digits == "80000001000010")
        #expect(c.v1BaseId == "202300045")
        // File order 2023-09-01 (130 000), 2023-05-10 (110 000, 18 months).
        #expect(c.modifications.compactMap(\.notificationDate).map(\.iso) == ["2023-09-01", "2023-05-10"])
        #expect(c.amount(on: CivilDate(iso: "2023-06-01")!) == 110_000)
        #expect(c.amount(on: CivilDate(iso: "2023-09-01")!) == 130_000)
        // 2023-03-15 + 18 months = 2024-09-15.
        #expect(c.endDateInForce == CivilDate(iso: "2024-09-15"))
        #expect(c.modifications.last?.object == "Prolongation et plus-value")
    }

    @Test func decpV1FieldsInExpectedShape() throws {
        let doc = ProcurementFixtures.read("decp1-synthetic-marches.xml")
        let rows = try #require(doc.json["contracts"])
        guard case .array(let list) = rows else {
            Issue.record("contracts is not a list")
            return
        }
        #expect(list.count == 3)
        let expectedFirst = JSONValue.object([
            ("type", .string("marche")), ("id", .string("20230004502")),
            ("uid", .string("2199000160001120230004502")), ("buyerId", .string("219 900 016 00011")),
            ("nature", .string("MARCHE")), ("object", .string("Entretien des bâtiments communaux")),
            ("notificationDate", .string("2023-03-15")), ("amount", .string("100000.00")),
            ("durationMonths", .number("12")),
            ("holders", .array([.object([("idType", .string("SIRET")), ("id", .string("800 000 010 00010"))])])),
            ("modifications", .number("2")),
        ])
        #expect(list[0] == expectedFirst)
        // The concession: amount and notificationDate null, value 250000.5 → "250000.50".
        let expectedConcession = JSONValue.object([
            ("type", .string("contrat-concession")), ("id", .string("2022000700")),
            ("uid", .string("219900016000112022000700")), ("buyerId", .string("21990001600011")),
            ("nature", .string("Délégation de service public")),
            ("object", .string("Exploitation du camping municipal")),
            ("notificationDate", .null), ("signatureDate", .string("2022-01-20")), ("startDate", .string("2022-03-01")),
            ("amount", .null), ("value", .string("250000.50")), ("durationMonths", .number("60")),
            ("holders", .array([.object([("idType", .string("SIRET")), ("id", .string("80000002800012"))])])),
            ("modifications", .number("1")),
        ])
        #expect(list[2] == expectedConcession)
        // Versions 02 and 00 of one contract are two keys, not a duplicate.
        #expect(!doc.notes.contains { $0.contains("duplicate") })
    }

    @Test func concessionModificationUsesSignatureDateAndValue() throws {
        let doc = ProcurementFixtures.read("decp1-synthetic-marches.xml")
        let c = try #require(doc.contracts.last)
        #expect(c.isConcession)
        #expect(c.modifications.first?.notificationDate == CivilDate(iso: "2024-06-30"))
        // 250 000.50 until 2024-06-29, then 300 000; 2022-03-01 + 72 months = 2028-03-01.
        #expect(c.amount(on: CivilDate(iso: "2024-06-29")!) == Decimal(string: "250000.5"))
        #expect(c.amountInForce == 300_000)
        #expect(c.endDateInForce == CivilDate(iso: "2028-03-01"))
    }

    @Test func decpV2TwoBuyersSameIdAndInvoiceLinking() throws {
        let doc = ProcurementFixtures.read("decp2-synthetic-two-buyers.xml")
        #expect(
            doc.contracts.map(\.key) == [
                ContractKey(buyerId: "21990001600011", id: "2024-AC/017"),
                ContractKey(buyerId: "21990002400015", id: "2024-AC/017"),
            ])
        #expect(doc.contracts.allSatisfy { $0.format == .decpV2 })
        #expect(!doc.notes.contains { $0.contains("duplicate") })
        let a = try #require(doc.contracts.first)
        // Modification 1 (2024-06-03): 48 000 → 52 800.50.
        #expect(a.amount(on: CivilDate(iso: "2024-06-02")!) == 48_000)
        #expect(a.amountInForce == Decimal(string: "52800.5"))
        // 2024-01-31 + 24 months = 2026-01-31.
        #expect(a.endDateInForce == CivilDate(iso: "2026-01-31"))
        #expect(a.subcontracting.first?.subcontractor?.company?.siren == "800000010")
        // The modification's titulaires have no <titulaire> wrapper: one holder (Beta) from 2024-06-03, noted.
        #expect(a.holders(on: CivilDate(iso: "2024-06-02")!).map(\.id) == ["80000003600015"])
        #expect(a.holders(on: CivilDate(iso: "2024-06-03")!).map(\.id) == ["80000002800012"])
        #expect(a.modifications.first?.holders.first?.idType == "SIRET")
        #expect(doc.notes.contains { $0.contains("without a wrapper element") })

        // An invoice to buyer B whose BT-12 differs from the DECP id only by case and separators.
        var inv = Invoice(syntax: "UBL", source: SourceRef(file: "synthetic"))
        inv.invoiceNumber = "FA-2024-0099"
        inv.contractReference = "2024 ac.017"
        inv.buyerLegalId = SchemedID(id: "21990002400015", scheme: "0002")
        inv.sellerLegalId = SchemedID(id: "80000004400019", scheme: "0002")
        let link = ContractLinker(contracts: doc.contracts).link(invoice: inv)
        #expect(link.contract?.key == ContractKey(buyerId: "21990002400015", id: "2024-AC/017"))
        #expect(link.sellerRole == .holder)
    }

    @Test func hostileAndBrokenDECPGiveErrorsNotCrashes() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "mandat-procurement-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // Synthetic: a truncated file, bad values, a DOCTYPE.
        let truncated = dir.appendingPathComponent("truncated.xml")
        try Data("<marches><marche><id>X</id><acheteur><id>21990001600011</id>".utf8).write(to: truncated)
        let t = DocumentReader.read(path: truncated.path, displayName: "truncated.xml")
        #expect(t.kind == .notWellFormed)
        #expect(t.contracts.isEmpty)

        let bad = dir.appendingPathComponent("bad-values.xml")
        try Data(
            """
            <marches><marche><id>X-1</id><acheteur><id>21990001600011</id></acheteur>
            <dateNotification>2024-02-30</dateNotification><montant>1 000,50</montant><dureeMois>douze</dureeMois>
            </marche></marches>
            """.utf8
        ).write(to: bad)
        let b = DocumentReader.read(path: bad.path, displayName: "bad-values.xml")
        #expect(b.kind == .decp)
        let c = try #require(b.contracts.first)
        #expect(c.notificationDate == nil && c.amount == nil && c.durationMonths == nil)
        // Each bad value is named with its file, line and element.
        #expect(b.notes.contains("bad-values.xml:2: <dateNotification> '2024-02-30' is not a valid date"))
        #expect(b.notes.contains("bad-values.xml:2: <montant> '1 000,50' is not a decimal amount"))
        #expect(b.notes.contains("bad-values.xml:2: <dureeMois> 'douze' is not a whole number"))
    }

    @Test func largeDECPFileIsStreamedContractByContract() throws {
        // Synthetic: 5 000 generated marchés for buyer 21990001600011 (ids M-0 … M-4999), then M-7 again.
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mandat-decp-\(UUID().uuidString).xml")
        defer { try? FileManager.default.removeItem(at: url) }
        var xml = "<marches>\n"
        func marche(_ i: Int) -> String {
            "<marche><id>M-\(i)</id><acheteur><id>21990001600011</id></acheteur><nature>Marché</nature>"
                + "<dureeMois>12</dureeMois><dateNotification>2024-01-15</dateNotification><montant>\(i).5</montant>"
                + "<titulaires><titulaire><typeIdentifiant>SIRET</typeIdentifiant><id>80000001000010</id></titulaire>"
                + "</titulaires></marche>\n"
        }
        for i in 0..<5_000 { xml += marche(i) }
        xml += marche(7) + "</marches>\n"
        try Data(xml.utf8).write(to: url)
        let doc = DocumentReader.read(path: url.path, displayName: "large.xml")
        #expect(doc.kind == .decp)
        // 5 001 elements, one repeated key: 5 000 contracts.
        #expect(doc.contracts.count == 5_000)
        #expect(doc.notes.contains("duplicate contract key (buyerId, id) = ('21990001600011', 'M-7') occurs 2 times"))
        // M-4999: montant 4999.5.
        #expect(doc.contracts.last?.amount == Decimal(string: "4999.5"))
        let link = ContractLinker(contracts: doc.contracts).link(
            reference: "m 1234", buyer: CompanyID("21990001600011"), seller: CompanyID("80000001000010"))
        #expect(link.contract?.id == "M-1234")
    }

    @Test func eFormsContractWithTwoTendersHasNoSingleValue() throws {
        let doc = ProcurementFixtures.read("eforms-synthetic-can-two-tenders.xml")
        #expect(doc.kind == .eforms)
        guard case .array(let rows)? = doc.json["contracts"] else {
            Issue.record("no contracts list")
            return
        }
        #expect(rows.count == 2)
        // CON-0001 references TEN-0001 (30000) and TEN-0002 (12500.5): value null, both in tenderValues.
        #expect(rows[0]["value"] == .null)
        #expect(
            rows[0]["tenderValues"]
                == .array([
                    .object([
                        ("tenderId", .string("TEN-0001")), ("amount", .string("30000.00")),
                        ("currency", .string("EUR")),
                    ]),
                    .object([
                        ("tenderId", .string("TEN-0002")), ("amount", .string("12500.50")),
                        ("currency", .string("EUR")),
                    ]),
                ]))
        // Lots: LOT-0001 from the LotResult and from both tenders, listed once.
        #expect(rows[0]["lots"] == .array([.string("LOT-0001")]))
        // Winners through TPA-0001 → ORG-0002 and TPA-0002 → ORG-0003, legal ids as written.
        #expect(
            rows[0]["winners"]
                == .array([
                    .object([
                        ("orgRef", .string("ORG-0002")), ("name", .string("Gamma Travaux (fictive)")),
                        ("legalId", .string("80000003600015")),
                    ]),
                    .object([
                        ("orgRef", .string("ORG-0003")), ("name", .string("Delta Enrobés (fictive)")),
                        ("legalId", .string("800 000 044")),
                    ]),
                ]))
        #expect(rows[1]["value"] == .string("8000.00"))
        #expect(rows[1]["conclusionDate"] == .string("2024-04-03"))

        let c1 = try #require(doc.contracts.first)
        #expect(c1.id == "VOI-2024/01")
        #expect(c1.amount == nil)
        #expect(c1.buyerId == "219 900 016 00011")
        #expect(c1.signatureDate == CivilDate(iso: "2024-04-02"))
        #expect(c1.holders.compactMap { $0.company?.siren } == ["800000036", "800000044"])
        #expect(c1.cpv == "45233140")
        #expect(doc.notes.contains { $0.contains("VOI-2024/01 has 2 tenders") })

        // An invoice from Delta (SIREN 800000044) to the buyer, BT-12 "voi 2024-02": CON-0002.
        var inv = Invoice(syntax: "CII", source: SourceRef(file: "synthetic"))
        inv.contractReference = "voi 2024-02"
        inv.buyerId = SchemedID(id: "21990001600011", scheme: "0009")
        inv.sellerLegalId = SchemedID(id: "800000044", scheme: "0002")
        let link = ContractLinker(contracts: doc.contracts).link(invoice: inv)
        #expect(link.contract?.id == "VOI-2024/02")
        #expect(link.contract?.amount == 8000)
        #expect(link.sellerRole == .holder)
    }

    @Test func oversizedSubtreeIsRefusedWithItsLine() {
        // Synthetic: 50 nested-free children under one element, with a cap of 10 elements per subtree.
        let xml = "<root>\n<big>" + String(repeating: "<x>1</x>", count: 50) + "</big></root>"
        let collector = SubtreeCollector(depth: 2, file: "big.xml", maxNodes: 10, accept: { _ in true }) { _ in }
        #expect {
            try XMLStreamReader().parse(data: Data(xml.utf8), displayName: "big.xml", handler: collector)
        } throws: { error in
            guard let e = error as? XMLReadError else { return false }
            return e.code == .content && e.line == 2 && e.message.contains("more than 10")
        }
    }

    @Test func tedReadsTheOriginalFormNotTheFirst() throws {
        let doc = ProcurementFixtures.read("ted-synthetic-f03-translation-first.xml")
        #expect(doc.kind == .ted)
        #expect(doc.json["language"] == .string("FR"))
        #expect(
            doc.json["buyer"]
                == .object([("name", .string("Commune fictive B")), ("nationalId", .string("219 900 024 00015"))]))
        #expect(doc.contracts.map(\.id) == ["NET-2024-01", "NET-2024-02"])
        let first = try #require(doc.contracts.first)
        #expect(first.amount == 64_000)
        #expect(first.signatureDate == CivilDate(iso: "2024-01-08"))
        #expect(first.object == "Nettoyage des écoles")
        #expect(first.cpv == "90919300")
        // A value range only: no amount (not guessed from LOW or HIGH).
        #expect(doc.contracts.last?.amount == nil)
        // Linked from an invoice to the buyer's SIRET (written without spaces) with BT-12 "net 2024 01".
        let link = ContractLinker(contracts: doc.contracts).link(
            reference: "net 2024 01", buyer: CompanyID("21990002400015"), seller: CompanyID("80000003600015"))
        #expect(link.contract?.id == "NET-2024-01")
        #expect(link.sellerRole == .holder)
    }
}
