import Foundation
import MandatCore
import Testing

@testable import MandatFormats

@Suite("PES_Aller dépense")
struct PESAllerTests {
    let doc = ChainFiles.read("pes_aller_synthetic.xml")

    @Test func headerIsReadFromLatin1WithAccents() throws {
        #expect(doc.kind == .pesAller)
        #expect(doc.encoding?.uppercased().contains("8859") == true)
        let h = try #require(doc.fieldsObject["header"])
        #expect(h["idColl"] == .string("55512345400004"))
        #expect(h["codCol"] == .string("555"))
        #expect(h["codBud"] == .string("01"))
        #expect(h["dteStr"] == .string("2025-03-20"))
        #expect(h["libelleColBud"] == .string("Commune de Saint-Exemple-lès-Bains"))
        #expect(h["nomFic"] == .string("SYNTH_ALR2_001.xml"))
    }

    @Test func mandatAmountsAreSumsOfLines() throws {
        let m = try #require(doc.mandats.first)
        #expect(
            m.key
                == MandatKey(
                    idColl: "55512345400004", codCol: "555", codBud: "01", exer: "2025", idBord: "42", idPce: "101"))
        #expect(m.lineCount == 2)
        // HT = 1000.00 + 500.50 = 1500.50; TVA = 200.00 + 100.10 = 300.10; TTC = 1500.50 + 300.10 = 1800.60.
        #expect(m.amountHT == dec("1500.50"))
        #expect(m.amountTVA == dec("300.10"))
        #expect(m.amountTTC == dec("1800.60"))
        let j = try #require(doc.fieldsObject["mandats"]?[index: 0])
        #expect(j["amountTTC"] == .string("1800.60"))
        #expect(j["obj"] == .string("Réfection école élémentaire"))
        // The same Facture on both lines is listed once (distinct list).
        #expect(m.invoiceNumbers == ["FA-2025-0042"])
        #expect(m.inferredInvoiceNumbers == [])
        #expect(m.contractIds == ["2025-M-007"])
        #expect(m.creditorId == "98765432400001")
        #expect(m.creditorIdType == "01")
        #expect(m.creditorName == "BÂTIMENTS DÉMO SARL")
        #expect(m.pjRefs == ["SYNTH-PJ-0001"])
        #expect(m.bordereauDate == day("2025-03-18"))
    }

    @Test func dgpBlockIsKeptRaw() throws {
        let d = try #require(doc.mandats.first?.dgp)
        #expect(d.dgp == "0")
        #expect(d.start == day("2025-03-03"))
        // 2025-03-03 + 30 days = 2025-04-02, as written in DteFinDgp.
        #expect(d.end == day("2025-04-02"))
        #expect(d.days == 30)
        #expect(d.rate == dec("11.15"))
        #expect(d.rateCode == "02")
    }

    @Test func mandatWithoutTVAAndWithoutFactureInfersFromFreeText() throws {
        let m = try #require(doc.mandats.dropFirst().first)
        #expect(m.amountHT == dec("250"))
        #expect(m.amountTVA == nil)
        // TTC = 250.00 + 0 (no MtTVA on any line).
        #expect(m.amountTTC == dec("250.00"))
        let j = try #require(doc.fieldsObject["mandats"]?[index: 1])
        #expect(j["amountTVA"] == .null)
        #expect(j["amountHT"] == .string("250.00"))
        #expect(m.invoiceNumbers == [])
        #expect(m.inferredInvoiceNumbers == ["2025-118"])
        #expect(m.creditorId == nil)
        #expect(m.creditorName == "PAPETERIE EXEMPLE")
    }

    @Test func attachmentsAreCountedNotDecoded() {
        #expect(doc.fieldsObject["attachments"] == .number("1"))
    }

    @Test func oneMandatedEventPerMandatOnTheBordereauDate() throws {
        #expect(doc.events.count == 2)
        let e = try #require(doc.events.first)
        #expect(e.kind == .mandated)
        #expect(e.source == .pesAller)
        #expect(e.date == day("2025-03-18"))
        #expect(e.amount == dec("1800.60"))
        #expect(e.invoice?.number == "FA-2025-0042")
        #expect(e.invoice?.sellerId == "98765432400001")
        #expect(e.invoice?.inferred == false)
        #expect(e.mandat?.idPce == "101")
        #expect(e.unknownCode == false)
        let second = try #require(doc.events.last)
        #expect(second.invoice?.number == "2025-118")
        #expect(second.invoice?.inferred == true)
        #expect(second.amount == dec("250.00"))
    }

    @Test func badAmountGivesNullAndANoteNamingTheLine() throws {
        let text = """
            <?xml version="1.0" encoding="ISO-8859-1"?>
            <n:PES_Aller xmlns:n="http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/aller"><EnTetePES><IdColl V="55512345400004"/></EnTetePES>
            <PES_DepenseAller><Bordereau><BlocBordereau><Exer V="2025"/><IdBord V="1"/><DteBordEm V="2025-02-30"/></BlocBordereau>
            <Piece><BlocPiece><InfoPce><IdPce V="7"/></InfoPce></BlocPiece>
            <LigneDePiece><BlocLignePiece><InfoLignePce><IdLigne V="1"/><MtHT V="1,5"/></InfoLignePce></BlocLignePiece></LigneDePiece>
            </Piece></Bordereau></PES_DepenseAller></n:PES_Aller>
            """
        let d = try ChainFiles.readText(text, name: "bad_amount.xml", encoding: .isoLatin1)
        #expect(d.kind == .pesAller)
        let j = try #require(d.fieldsObject["mandats"]?[index: 0])
        #expect(j["amountHT"] == .null)
        #expect(j["amountTTC"] == .null)
        #expect(j["dteBordEm"] == .null)
        #expect(d.notes.contains { $0.contains("MtHT (line 5)") && $0.contains("'1,5'") })
        #expect(d.notes.contains { $0.contains("DteBordEm") && $0.contains("2025-02-30") })
    }

    @Test func truncatedFileIsNotWellFormedWithALine() throws {
        let text = """
            <?xml version="1.0" encoding="ISO-8859-1"?>
            <n:PES_Aller xmlns:n="http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/aller">
            <EnTetePES><IdColl V="55512345400004"/>
            """
        let d = try ChainFiles.readText(text, name: "truncated.xml", encoding: .isoLatin1)
        #expect(d.kind == .notWellFormed)
        #expect(d.error?.line != nil)
        #expect(d.events.isEmpty)
    }

    @Test func largeEmbeddedAttachmentIsStreamedAndCounted() throws {
        // Given a PES_Aller whose PES_PJ carries 24 MiB of base64 (synthetic, written on the fly)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mandat-chain-big-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("big.xml")
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let fh = try FileHandle(forWritingTo: url)
        let head = """
            <?xml version="1.0" encoding="ISO-8859-1"?>
            <n:PES_Aller xmlns:n="http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/aller"><EnTetePES><IdColl V="55512345400004"/></EnTetePES>
            <PES_DepenseAller><Bordereau><BlocBordereau><Exer V="2025"/><IdBord V="1"/><DteBordEm V="2025-01-31"/></BlocBordereau>
            <Piece><BlocPiece><InfoPce><IdPce V="7"/></InfoPce></BlocPiece><LigneDePiece><BlocLignePiece><InfoLignePce><MtHT V="10"/>
            </InfoLignePce></BlocLignePiece></LigneDePiece></Piece></Bordereau></PES_DepenseAller><PES_PJ><PJ><Contenu><Fichier>
            """
        try fh.write(contentsOf: Data(head.utf8))
        let chunk = Data(String(repeating: "QUJDRA==", count: 128 * 1024).utf8)  // 1 MiB of base64
        for _ in 0..<24 { try fh.write(contentsOf: chunk) }
        try fh.write(contentsOf: Data("</Fichier></Contenu></PJ></PES_PJ></n:PES_Aller>".utf8))
        try fh.close()
        // When it is read
        let d = DocumentReader.read(path: url.path, displayName: "big.xml")
        // Then the attachment is counted, the mandat read, nothing decoded
        #expect(d.kind == .pesAller)
        // 24 chunks × 1 MiB = 25 165 824 bytes of base64, plus the markup.
        #expect(d.size > 25_165_824)
        #expect(d.fieldsObject["attachments"] == .number("1"))
        #expect(d.mandats.first?.amountTTC == dec("10.00"))
        #expect(d.events.first?.date == day("2025-01-31"))
    }

    @Test(arguments: [
        (["EA 102 FACT 15-08-0764"], ["15-08-0764"]),
        (["15-08-0764 Facture"], ["15-08-0764"]),
        (["20160000000000010075"], ["20160000000000010075"]),
        (["ECHEANCIER", "LE NUMERO N EST PAS PRECISE"], [String]()),
        (["Facture N° F-2024-77 du 3 mars"], ["F-2024-77"]),
    ])
    func invoiceNumberInference(texts: [String], expected: [String]) {
        #expect(InvoiceNumberInference.candidates(in: texts) == expected)
    }
}

@Suite("PES_ACQUIT")
struct PESAcquitTests {
    @Test func v2NamespaceAcceptedBordereauReachesTheComptable() throws {
        let doc = ChainFiles.read("pes_acquit_v2_synthetic.xml")
        #expect(doc.kind == .pesAcquit)
        let elements = try #require(doc.fieldsObject["elements"])
        #expect(elements.count == 3)
        #expect(elements[index: 0]?["accepted"] == .bool(true))
        #expect(elements[index: 0]?["idBord"] == .string("42"))
        #expect(elements[index: 1]?["accepted"] == .bool(false))
        #expect(elements[index: 1]?["idUnique"] == .string("SYNTH-PJ-0001"))
        // EtatAck "oui" is neither 1/true nor 0/false: null plus a note, and no event.
        #expect(elements[index: 2]?["accepted"] == .null)
        #expect(doc.notes.contains { $0.contains("EtatAck") && $0.contains("'oui'") })
        #expect(doc.events.count == 1)
        let e = try #require(doc.events.first)
        #expect(e.kind == .receivedByComptable)
        #expect(e.date == day("2025-03-21"))
        #expect(
            e.mandat
                == MandatKey(
                    idColl: "55512345400004", codCol: "555", codBud: "01", exer: "2025", idBord: "42", idPce: nil))
    }

    @Test func olderNamespaceRejectedBordereauNamesPiecesAndLines() throws {
        let doc = ChainFiles.read("pes_acquit_old_ns_synthetic.xml")
        #expect(doc.kind == .pesAcquit)
        #expect(doc.root == "{http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/retour}PES_ACQUIT")
        // Bordereau + piece 230 (own error) + piece 231 (line error); piece 232 has no error: no event.
        #expect(doc.events.map(\.kind) == [.integrationRejected, .integrationRejected, .integrationRejected])
        #expect(doc.events.map { $0.mandat?.idPce } == [nil, "230", "231"])
        #expect(doc.events[0].reasons == [EventReason(code: "ERREUR_AUTRE", text: "Bordereau incomplet")])
        #expect(doc.events[1].details["heliosMessages"] == "2559")
        #expect(doc.events[2].details["lines"] == "2")
        #expect(doc.events[2].reasons.first?.text == "1971 - Compte fonction présent à tort")
        #expect(doc.events.allSatisfy { $0.date == day("2025-05-06") })
        let pieces = try #require(doc.fieldsObject["elements"]?[index: 0]?["pieces"])
        #expect(pieces.count == 3)
        #expect(pieces[index: 1]?["lines"]?[index: 0]?["idLigne"] == .string("2"))
    }

    @Test(arguments: [
        ("2559 - Le code service inconnu", "2559", "Le code service inconnu"),
        ("1984 - L'identifiant unique", "1984", "L'identifiant unique"),
        ("Bordereau incomplet", nil, "Bordereau incomplet"),
        ("12345 sans tiret", nil, "12345 sans tiret"),
    ])
    func heliosLabelSplit(label: String, number: String?, text: String) {
        let r = PESAcquitReader.splitHeliosLabel(label)
        #expect(r.number == number)
        #expect(r.text == text)
    }

    @Test(arguments: [("1", true), ("true", true), ("0", false), ("false", false)])
    func etatAckValues(raw: String, accepted: Bool) {
        #expect(PESAcquitReader.parseEtatAck(raw) == accepted)
    }

    @Test func etatAckRefusesOtherSpellings() {
        #expect(PESAcquitReader.parseEtatAck("TRUE") == nil)
        #expect(PESAcquitReader.parseEtatAck("2") == nil)
    }
}

@Suite("PES_Retour dépense")
struct PESRetourTests {
    let doc = ChainFiles.read("pes_retour_synthetic.xml")

    func events(_ idPce: String) -> [ChainEvent] { doc.events.filter { $0.mandat?.idPce == idPce } }

    @Test func headerAcceptsCodCol() throws {
        #expect(doc.kind == .pesRetour)
        let h = try #require(doc.fieldsObject["header"])
        #expect(h["codColl"] == .string("555"))
        #expect(h["typRestit"] == .string("02"))
        #expect(doc.fieldsObject["mandats"]?.count == 4)
    }

    @Test func severalPaymentsOneOfWhichIsAnOffset() throws {
        let e = events("101")
        #expect(e.map(\.kind) == [.mandatTakenInCharge, .paid, .paid, .paymentOffset])
        #expect(e[0].date == day("2025-04-08"))
        #expect(e[1].amount == dec("1200.00"))
        #expect(e[2].amount == dec("450.60"))
        #expect(e[3].amount == dec("150"))
        #expect(e[3].code == "OrgEma=02")
        #expect(e[3].label == "Ordre de paiement pénalités de retard")
        // Money to the creditor: 1200.00 + 450.60 = 1650.60; with the 150.00 offset: 1800.60 = the mandat TTC.
        let paid = e.filter { $0.kind == .paid }.compactMap(\.amount).reduce(0, +)
        #expect(paid == dec("1650.60"))
        #expect(e.allSatisfy { $0.kind == .mandatTakenInCharge || $0.date == day("2025-04-22") })
        let payments = try #require(doc.fieldsObject["mandats"]?[index: 0]?["lines"]?[index: 1]?["payments"])
        #expect(payments.count == 2)
        #expect(payments[index: 1]?["origin"] == .string("02"))
        #expect(payments[index: 1]?["amount"] == .string("150.00"))
    }

    @Test func eventIdsAreStableAcrossReadsAndDistinctWithinAFile() {
        let again = ChainFiles.read("pes_retour_synthetic.xml")
        #expect(doc.events.map(\.id) == again.events.map(\.id))
        #expect(Set(doc.events.map(\.id)).count == doc.events.count)
        #expect(events("101")[2].details["key.idLigne"] == "2")
        #expect(events("101")[3].details["key.payment"] == "2")
    }

    @Test func rejectionAfterTakingInChargeWithSplitReasons() throws {
        let e = events("102")
        #expect(e.map(\.kind) == [.mandatTakenInCharge, .mandatRejected, .assignedOrOpposed])
        let rej = e[1]
        #expect(rej.date == day("2025-04-10"))
        #expect(rej.code == "EtatPce=04")
        #expect(rej.details["takenInChargeBefore"] == "true")
        #expect(rej.details["comment"] == "Pièce justificative illisible")
        #expect(
            rej.reasons == [
                EventReason(code: "01", text: "Absence totale ou invalidité des pièces justificatives"),
                EventReason(code: "09", text: "Domiciliation bancaire absente ou erronée"),
            ])
        #expect(e[2].code == "CessOpp=03")
        // The reasons field keeps ObsEtat values unsplit and distinct: piece first, then lines.
        #expect(doc.fieldsObject["mandats"]?[index: 1]?["reasons"] == .strings(["01-09", "09"]))
    }

    @Test func onHoldKeepsFreeTextAndFlagsUnknownCodes() throws {
        let e = events("103")
        #expect(e.map(\.kind) == [.mandatOnHold])
        #expect(e[0].date == day("2025-04-15"))
        #expect(e[0].reasons.contains(EventReason(code: nil, text: "Attestation manquante")))
        #expect(e[0].reasons.contains(EventReason(code: "12", text: nil)))
        #expect(e[0].details["unknownReasonCodes"] == "12")
        #expect(e[0].details["lineStates"] == "1:16")
    }

    @Test func requisitionIsAnEvent() {
        let e = events("104")
        #expect(e.map(\.kind) == [.mandatTakenInCharge, .requisition])
        #expect(e[1].date == day("2025-04-25"))
    }

    @Test(arguments: [
        ("01", EventKind.mandatOnHold, false), ("02", .mandatTakenInCharge, false), ("04", .mandatRejected, false),
        ("05", .mandatSettled, false), ("03", .other, true),
    ])
    func everyEtatPceThroughTheReader(code: String, kind: EventKind, unknown: Bool) throws {
        // No DtePcePec: the only event is the state's, dated the file date 2025-06-30 (no state date given).
        let text = """
            <?xml version="1.0" encoding="ISO-8859-1"?>
            <n:PES_Retour xmlns:n="http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/retour"><EnTetePES><DteStr V="2025-06-30"/><IdColl V="55512345400004"/><CodColl V="555"/><CodBud V="01"/></EnTetePES>
            <PES_DepenseRetour><Bordereau><BlocBordereau><Exer V="2025"/><IdBord V="9"/></BlocBordereau>
            <Piece><InfoPiece><IdPce V="1"/><EtatPce V="\(code)"/></InfoPiece></Piece></Bordereau></PES_DepenseRetour></n:PES_Retour>
            """
        let d = try ChainFiles.readText(text, name: "etat_\(code).xml", encoding: .isoLatin1)
        let e = try #require(d.events.first)
        #expect(d.events.count == 1)
        #expect(e.kind == kind)
        #expect(e.unknownCode == unknown)
        #expect(e.date == day("2025-06-30"))
        #expect(e.details["dateFrom"] != nil)
    }

    @Test(arguments: CodeTables.orgEma.entries.map(\.code))
    func everyOrgEmaThroughTheReader(code: String) throws {
        let text = """
            <?xml version="1.0" encoding="ISO-8859-1"?>
            <n:PES_Retour xmlns:n="http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/retour"><EnTetePES><DteStr V="2025-06-30"/><IdColl V="55512345400004"/></EnTetePES>
            <PES_DepenseRetour><Bordereau><BlocBordereau><Exer V="2025"/><IdBord V="9"/></BlocBordereau>
            <Piece><InfoPiece><IdPce V="1"/></InfoPiece><LigneDePiece><InfoLignePiece><IdLigne V="1"/></InfoLignePiece>
            <PaiementEmargement><OrgEma V="\(code)"/><DtePay V="2025-06-12"/><MtPay V="10.5"/></PaiementEmargement></LigneDePiece></Piece></Bordereau></PES_DepenseRetour></n:PES_Retour>
            """
        let d = try ChainFiles.readText(text, name: "orgema_\(code).xml", encoding: .isoLatin1)
        let e = try #require(d.events.first)
        // Only OrgEma 01 is money paid to the creditor (DOMAIN.md §4.4).
        #expect(e.kind == (code == "01" ? .paid : .paymentOffset))
        #expect(e.amount == dec("10.50"))
        #expect(e.date == day("2025-06-12"))
        #expect(e.unknownCode == false)
    }

    @Test func recetteOnlyRetourHasNoMandats() throws {
        let text = """
            <?xml version="1.0" encoding="ISO-8859-1"?>
            <n:PES_Retour xmlns:n="http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/retour"><EnTetePES><IdColl V="55512345400004"/></EnTetePES><PES_RecetteRetour/></n:PES_Retour>
            """
        let d = try ChainFiles.readText(text, name: "recette.xml", encoding: .isoLatin1)
        #expect(d.fieldsObject["mandats"] == .array([]))
        #expect(d.notes.contains("no PES_DepenseRetour block (present: PES_RecetteRetour); no mandats"))
    }
}

@Suite("PES_ACQUIT_RETOUR")
struct PESAcquitRetourTests {
    @Test func elementsAreRead() throws {
        let doc = ChainFiles.read("pes_acquit_retour_synthetic.xml")
        #expect(doc.kind == .pesAcquitRetour)
        #expect(doc.fieldsObject["header"]?["codColl"] == .string("555"))
        let e = try #require(doc.fieldsObject["elements"]?[index: 0])
        #expect(e["domain"] == .string("13"))
        #expect(e["returnFileName"] == .string("PES2R_DEP_P_SYNTH.xml"))
        #expect(e["typRestit"] == .string("02"))
        #expect(e["ackDate"] == .string("2025-05-02"))
        #expect(doc.events.isEmpty)
    }
}
