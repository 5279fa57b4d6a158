import Foundation
import MandatCore
import Testing

@testable import MandatFormats

@Suite("Chorus Pro CPPStatut")
struct ChorusStatusTests {
    let doc = ChainFiles.read("cppstatut_synthetic.xml")

    @Test func statusesOutOfOrderAreAllKeptInFileOrderWithTheirOwnDates() throws {
        #expect(doc.kind == .chorusStatus)
        let invoiceEvents = doc.events.filter { $0.invoice?.number == "FA-2025-0042" }
        #expect(invoiceEvents.map(\.kind) == [.paid, .mandated, .madeAvailable, .other])
        #expect(
            invoiceEvents.map(\.date) == [day("2025-04-22"), day("2025-03-18"), day("2025-03-03"), day("2025-03-05")])
        // Deriving the order from dates, not from the file: made available → mandated → paid.
        let ordered = invoiceEvents.filter { !$0.unknownCode }.sorted {
            ($0.date?.dayNumber ?? 0) < ($1.date?.dayNumber ?? 0)
        }
        #expect(ordered.map(\.kind) == [.madeAvailable, .mandated, .paid])
        // 2025-03-03 → 2025-04-22: 29 days left in March + 22 in April = 50 calendar days.
        let start = try #require(ordered.first?.date)
        let end = try #require(ordered.last?.date)
        #expect(start.days(to: end) == 50)
    }

    @Test func mandateeCarriesTheMandatNumber() throws {
        let e = try #require(doc.events.first { $0.kind == .mandated })
        #expect(e.details["mandatNumber"] == "101")
        #expect(e.code == "08")
        #expect(e.label == "Mandatée / DP validée")
        #expect(e.invoice?.sellerId == "98765432400001")
        #expect(e.invoice?.buyerId == "55512345400004")
        #expect(e.invoice?.issueDate == day("2025-02-28"))
        #expect(e.reasons == [EventReason(code: nil, text: "Mandat émis")])
        let s = try #require(doc.fieldsObject["statuses"]?[index: 1])
        #expect(s["mandatNumber"] == .string("101"))
        #expect(s["timestamp"] == .string("2025-03-18T17:40:00.000+01:00"))
    }

    @Test func unknownCodeIsKeptAndFlagged() throws {
        let e = try #require(doc.events.first { $0.code == "42" })
        #expect(e.kind == .other)
        #expect(e.unknownCode)
        #expect(e.label == nil)
        #expect(e.details["fileLabel"] == "Statut inventé")
        // Horodatage "2025-03-05" is not an xs:dateTime: kept as given, with a note.
        #expect(e.timestamp == "2025-03-05")
        #expect(doc.notes.contains { $0.contains("Horodatage") && $0.contains("'2025-03-05'") })
    }

    @Test func statusForAnInvoiceNeverSeenIsKept() throws {
        let e = try #require(doc.events.first { $0.invoice?.number == "FA-JAMAIS-VUE-9" })
        #expect(e.kind == .suspended)
        #expect(e.date == day("2025-05-02"))
        #expect(e.reasons.first?.text == "Attestation URSSAF manquante")
    }

    @Test func flowStatusIsRead() throws {
        let f = try #require(doc.fieldsObject["flowStatuses"]?[index: 0])
        #expect(f["flowId"] == .string("FLX-0001"))
        #expect(f["code"] == .string("93"))
        let e = try #require(doc.events.last)
        #expect(e.kind == .depositRejected)
        #expect(e.details["flowId"] == "FLX-0001")
        #expect(e.invoice == nil)
    }

    @Test(arguments: [
        ("01", EventKind.deposited), ("02", .inTransit), ("03", .madeAvailable), ("04", .routingReturned),
        ("05", .rejected), ("06", .suspended), ("07", .serviceCertified), ("08", .mandated),
        ("09", .receivedByComptable), ("10", .accounted), ("11", .paid), ("12", .completed),
        ("MISE_A_DISPOSITION", .madeAvailable), ("17", .other),
    ])
    func everyStatusCodeThroughTheReader(code: String, kind: EventKind) throws {
        let text = """
            <CPPStatut><CPPFactureStatuts><CPPFactureStatutUnitaire>
            <Fournisseur><Identifiant>98765432400001</Identifiant></Fournisseur>
            <DonneesStatut><IdStatut>\(code)</IdStatut><Horodatage>2025-01-15T10:00:00</Horodatage><IdFacture>F1</IdFacture></DonneesStatut>
            </CPPFactureStatutUnitaire></CPPFactureStatuts></CPPStatut>
            """
        let d = try ChainFiles.readText(text, name: "statut_\(code).xml")
        let e = try #require(d.events.first)
        #expect(e.kind == kind)
        #expect(e.unknownCode == (code == "17"))
        #expect(e.date == day("2025-01-15"))
        #expect(e.code == code)
    }

    @Test(arguments: [
        ("90", EventKind.deposited), ("91", .inTransit), ("92", .madeAvailable), ("93", .depositRejected),
        ("94", .depositRejected), ("95", .depositRejected), ("96", .other),
    ])
    func everyFlowCode(code: String, kind: EventKind) {
        #expect(CodeTables.chorusFlowStatus.entry(code)?.kind == kind)
    }

    @Test(arguments: ["IN_REJETE", "IN_INCIDENTE"])
    func depositFlowRejections(code: String) {
        #expect(CodeTables.chorusDepositFlow.entry(code)?.kind == .depositRejected)
    }
}

@Suite("Chorus Pro API JSON")
struct ChorusJSONTests {
    @Test func historyKeepsAtAndGivesISO() throws {
        let doc = ChainFiles.read("chorus_history_synthetic.json")
        #expect(doc.kind == .chorusHistoryJSON)
        #expect(doc.fieldsObject["currentStatus"] == .string("MISE_EN_PAIEMENT"))
        let h = try #require(doc.fieldsObject["history"])
        #expect(h.count == 4)
        #expect(h[index: 0]?["id"] == .string("12"))
        #expect(h[index: 0]?["at"] == .string("2025-04-22 09:15"))
        #expect(h[index: 0]?["atISO"] == .string("2025-04-22T09:15:00"))
        #expect(h[index: 0]?["comment"] == .null)
        #expect(h[index: 1]?["comment"] == .string("Mandat 101"))
        // "2025-03-10" has no time: atISO null plus a note.
        #expect(h[index: 2]?["atISO"] == .null)
        #expect(doc.notes.contains { $0.contains("history[2]") })
        #expect(doc.events.map(\.kind) == [.paid, .mandated, .other, .madeAvailable])
        #expect(doc.events[2].unknownCode)
        #expect(doc.events[0].invoice?.chorusId == "900042")
        #expect(doc.events[0].invoice?.number == "FA-2025-0042")
        #expect(doc.events[3].date == day("2025-03-03"))
    }

    @Test func listThatIsOnePageOfSeveralIsFlagged() throws {
        let doc = ChainFiles.read("chorus_list_page1of3_synthetic.json")
        #expect(doc.kind == .chorusListJSON)
        #expect(
            doc.fieldsObject["pagination"]
                == .object([("pageCourante", .number("1")), ("pages", .number("3")), ("total", .number("5"))]))
        #expect(doc.notes.contains { $0.contains("page 1 of 3") })
        let first = try #require(doc.fieldsObject["invoices"]?[index: 0])
        #expect(first["id"] == .string("900042"))
        #expect(first["amountHT"] == .string("1500.50"))
        #expect(first["amountTTC"] == .string("1800.60"))
        #expect(first["serviceCode"] == .string("SERV-TECH"))
        let second = try #require(doc.fieldsObject["invoices"]?[index: 1])
        #expect(second["serviceCode"] == .null)
        #expect(second["amountHT"] == .string("100.00"))
        // Invoice 1: deposited (dated dateDepot) + current status (undated); invoice 2: DEPOSEE → one event.
        #expect(doc.events.map(\.kind) == [.deposited, .madeAvailable, .deposited])
        #expect(doc.events[0].date == day("2025-03-01"))
        #expect(doc.events[1].date == nil)
        #expect(doc.events[0].amount == dec("1800.60"))
    }

    @Test(arguments: [
        ("2015-12-03 10:36", "2015-12-03T10:36:00"), ("2015-12-03T10:36:12", "2015-12-03T10:36:12"),
    ])
    func isoDateTime(at: String, iso: String) {
        #expect(ChorusJSONReader.isoDateTime(at) == iso)
    }

    @Test(arguments: ["2015-12-03", "2015-13-03 10:36", "2015-12-03 25:00", "03/12/2015 10:36"])
    func isoDateTimeRefuses(at: String) {
        #expect(ChorusJSONReader.isoDateTime(at) == nil)
    }

    @Test func paginationNoteWhenTotalExceedsTheList() {
        #expect(ChorusJSONReader.paginationNote(page: nil, pages: nil, total: "9", count: 4) != nil)
        #expect(ChorusJSONReader.paginationNote(page: "1", pages: "1", total: "4", count: 4) == nil)
        #expect(ChorusJSONReader.paginationNote(page: nil, pages: nil, total: nil, count: 4) == nil)
    }
}
