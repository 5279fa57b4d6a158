import Foundation
import MandatCore
import Testing

@testable import MandatFormats

@Suite("CDAR lifecycle messages")
struct CDARReaderTests {
    @Test func suspendedWithReasonAndRequestedAction() throws {
        let doc = ChainFiles.read("cdar_208_synthetic.xml")
        #expect(doc.kind == .cdar)
        let f = doc.fieldsObject
        #expect(f["documentId"] == .string("SYN-208-1"))
        #expect(f["issueDateTime"] == .string("2025-03-10T09:30:00"))
        #expect(f["documentDateTime"] == .string("2025-03-10T09:45:00"))
        #expect(f["typeCode"] == .string("23"))
        #expect(f["invoiceNumber"] == .string("FA-2025-0042"))
        #expect(f["invoiceIssueDate"] == .string("2025-02-28"))
        #expect(f["statusCode"] == .string("208"))
        // The SIREN (scheme 0002) is preferred over the SIRET written first.
        #expect(f["sellerId"] == .object([("id", .string("987654324")), ("scheme", .string("0002"))]))
        #expect(
            f["reasons"]
                == .array([
                    .object([
                        ("code", .string("JUSTIF_ABS")), ("text", .string("Bon de livraison absent")),
                        ("action", .string("PIN")),
                    ]),
                    .object([("code", .string("MOTIF_INVENTE")), ("text", .null), ("action", .null)]),
                ]))
        #expect(f["referenceCount"] == .number("1"))
        let e = try #require(doc.events.first)
        #expect(e.kind == .suspended)
        #expect(e.date == day("2025-03-10"))
        #expect(e.timestamp == "2025-03-10T09:30:00")
        #expect(e.invoice?.sellerId == "987654324")
        #expect(e.reasons.first == EventReason(code: "JUSTIF_ABS", text: "Bon de livraison absent", action: "PIN"))
        #expect(e.details["unknownReasonCodes"] == "MOTIF_INVENTE")
        #expect(e.details["phase"] == "traitement")
    }

    @Test func paidWithAmountAndDateTimeInvoiceDate() throws {
        let doc = ChainFiles.read("cdar_211_synthetic.xml")
        let f = doc.fieldsObject
        #expect(
            f["amounts"]
                == .array([
                    .object([("type", .string("MPA")), ("amount", .string("1800.60")), ("currency", .string("EUR"))])
                ]))
        #expect(f["invoiceIssueDate"] == .string("2025-02-28"))
        #expect(doc.notes.contains("FormattedIssueDateTime: format 204 date-time, date part used"))
        let e = try #require(doc.events.first)
        #expect(e.kind == .paid)
        #expect(e.amount == dec("1800.6"))
        #expect(e.details["amountType"] == "MPA")
        #expect(e.date == day("2025-04-22"))
    }

    @Test(arguments: CodeTables.cdarStatus.entries.map(\.code) + ["215", "999"])
    func everyStatusCodeThroughTheReader(code: String) throws {
        let text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rsm:CrossDomainAcknowledgementAndResponse xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossDomainAcknowledgementAndResponse:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
            <rsm:AcknowledgementDocument><ram:IssueDateTime><udt:DateTimeString format="204">20250115100000</udt:DateTimeString></ram:IssueDateTime>
            <ram:ReferenceReferencedDocument><ram:IssuerAssignedID>F1</ram:IssuerAssignedID><ram:ProcessConditionCode>\(code)</ram:ProcessConditionCode></ram:ReferenceReferencedDocument>
            </rsm:AcknowledgementDocument></rsm:CrossDomainAcknowledgementAndResponse>
            """
        let d = try ChainFiles.readText(text, name: "cdar_\(code).xml")
        let e = try #require(d.events.first)
        let expected: [String: EventKind] = [
            "200": .deposited, "201": .deposited, "202": .inTransit, "203": .madeAvailable, "204": .takenIntoProcessing,
            "205": .approved, "206": .approved, "207": .disputed, "208": .suspended, "209": .completed,
            "210": .rejected, "211": .paid, "212": .cashed, "213": .depositRejected, "214": .other, "220": .cancelled,
            "221": .routingReturned, "224": .other, "225": .assignedOrOpposed, "226": .assignedOrOpposed,
            "227": .assignedOrOpposed, "228": .assignedOrOpposed, "501": .depositRejected,
        ]
        #expect(e.kind == (expected[code] ?? .other))
        #expect(e.unknownCode == (expected[code] == nil))
        #expect(e.date == day("2025-01-15"))
        #expect(e.invoice?.number == "F1")
    }

    @Test(arguments: [
        ("20250701151000", "204", "2025-07-01T15:10:00"), ("202507011510", "203", "2025-07-01T15:10:00"),
        ("20250701", "102", "2025-07-01T00:00:00"),
    ])
    func statusTimeFormats(text: String, format: String, iso: String) {
        var notes: [String] = []
        #expect(CDARReader.dateTime((text, format), field: "t", notes: &notes) == iso)
    }

    @Test func impossibleStatusTimeIsNullWithANote() {
        var notes: [String] = []
        #expect(CDARReader.dateTime(("20250230101010", "204"), field: "t", notes: &notes) == nil)
        #expect(notes.count == 1)
    }
}
