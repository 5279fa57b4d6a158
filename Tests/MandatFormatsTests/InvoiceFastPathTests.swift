import Foundation
import MandatCore
import MandatXML
import Testing

@testable import MandatFormats

/// The one-pass invoice path (`DocumentReader.readSmallInvoice`), the path trie and the Foundation-free
/// amount helpers give what the general path and `Money` give.
@Suite("Invoice fast path")
struct InvoiceFastPathTests {
    /// Every file of `fixtures/invoices/` and of the corpus's `einvoice/` and `chorus/` folders.
    static let files: [String] = {
        var out: [String] = []
        let fixtures = InvoiceTestFiles.packageRoot.appendingPathComponent("fixtures/invoices")
        var folders = [fixtures]
        if InvoiceTestFiles.corpusAvailable {
            folders += ["einvoice", "chorus"].map { InvoiceTestFiles.corpus.appendingPathComponent($0) }
        }
        for folder in folders {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            out += names.sorted().map { folder.appendingPathComponent($0).path }
        }
        return out
    }()

    /// Whatever the file (invoice, credit note, truncated, BOM, other kinds), `read` gives exactly what the
    /// general path gives: the whole `inspect --json` object and the invoices.
    @Test(arguments: files)
    func sameDocumentAsTheGeneralPath(path: String) {
        let name = URL(fileURLWithPath: path).lastPathComponent
        let fast = DocumentReader.read(path: path, displayName: name)
        let general = DocumentReader.readAnyFile(path: path, name: name)
        #expect(fast.json.serialized(pretty: true) == general.json.serialized(pretty: true))
        #expect(fast.invoices == general.invoices)
    }

    /// The fast path takes the well-formed invoices and leaves every other file to the general path.
    @Test func takesOnlyWellFormedInvoices() {
        // ubl-invoice-full.xml: a UBL Invoice (namespace in the first 4 KiB, well-formed).
        #expect(DocumentReader.readSmallInvoice(path: InvoiceTestFiles.fixture("ubl-invoice-full.xml"), name: "u") != nil)
        // cii-invoice-full.xml: a CII CrossIndustryInvoice.
        #expect(DocumentReader.readSmallInvoice(path: InvoiceTestFiles.fixture("cii-invoice-full.xml"), name: "c") != nil)
        // ubl-truncated.xml is cut short: the error comes from the general path.
        #expect(DocumentReader.readSmallInvoice(path: InvoiceTestFiles.fixture("ubl-truncated.xml"), name: "t") == nil)
        // A Chorus pivot is not an EN 16931 invoice root.
        #expect(
            DocumentReader.readSmallInvoice(path: InvoiceTestFiles.fixture("chorus-pivot-two-invoices.xml"), name: "p")
                == nil)
        // A folder is not a regular file.
        #expect(DocumentReader.readSmallInvoice(path: InvoiceTestFiles.packageRoot.path, name: "d") == nil)
    }

    /// A root that names an invoice namespace but is something else stops the one pass; the general path
    /// then classifies it.
    @Test func anotherRootInAnInvoiceNamespaceGoesToTheGeneralPath() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fast-\(UUID().uuidString).xml")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(
            """
            <Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>1</ID></Order>
            """.utf8
        ).write(to: url)
        #expect(DocumentReader.readSmallInvoice(path: url.path, name: "o.xml") == nil)
        let doc = DocumentReader.read(path: url.path, displayName: "o.xml")
        #expect(doc.kind == .unknown)
        #expect(doc.root == "{urn:oasis:names:specification:ubl:schema:xsd:Invoice-2}Order")
    }

    /// The trie keeps wanted paths only and skips every other subtree, however deep, whatever its names.
    @Test func trieKeepsWantedPathsAndSkipsTheRest() throws {
        let xml = """
            <Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" \
            xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2" \
            xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2">
              <cbc:ID> A-1 </cbc:ID>
              <cac:InvoiceLine><cbc:ID>line 1</cbc:ID><cac:LegalMonetaryTotal><cbc:PayableAmount>9</cbc:PayableAmount>
              </cac:LegalMonetaryTotal></cac:InvoiceLine>
              <cac:LegalMonetaryTotal><cbc:PayableAmount currencyID="EUR">12.50</cbc:PayableAmount>
              <cbc:Other>x</cbc:Other></cac:LegalMonetaryTotal>
              <cbc:ID>A-2</cbc:ID>
            </Invoice>
            """
        let c = PathCollector(
            wanted: ["cbc:ID", "cac:LegalMonetaryTotal/cbc:PayableAmount"], watchedStarts: ["cac:LegalMonetaryTotal"])
        try XMLStreamReader().parse(data: Data(xml.utf8), displayName: "t.xml", elementHandler: c)
        // cbc:ID under the root twice (trimmed), not the one inside InvoiceLine.
        #expect(c.texts("cbc:ID") == ["A-1", "A-2"])
        // PayableAmount under the root's LegalMonetaryTotal only (InvoiceLine's copy is skipped).
        let amounts = c.all("cac:LegalMonetaryTotal/cbc:PayableAmount")
        #expect(amounts.map(\.text) == ["12.50"])
        #expect(amounts.first?.attribute("currencyID") == "EUR")
        #expect(amounts.first?.line == 5)
        // Ordinals of walked elements: ID 1, LegalMonetaryTotal 2, PayableAmount 3, ID 4. Values below the
        // watched LegalMonetaryTotal keep their ancestry; the others do not need it.
        #expect(amounts.first?.ancestors == [2, 3])
        #expect(c.starts("cac:LegalMonetaryTotal") == [2])
        #expect(c.all("cbc:ID").map(\.ancestors) == [[], []])
        #expect(c.all("cbc:Other").isEmpty)
    }

    /// `{uri}local` and unqualified steps match by namespace URI and local name.
    @Test func stepsInOtherNamespacesAndWithout() throws {
        let xml = """
            <r xmlns:x="urn:example:x"><x:a><b>one</b></x:a><a><b>two</b></a></r>
            """
        let c = PathCollector(wanted: ["{urn:example:x}a/b", "a/b"])
        try XMLStreamReader().parse(data: Data(xml.utf8), displayName: "t.xml", elementHandler: c)
        #expect(c.texts("{urn:example:x}a/b") == ["one"])
        #expect(c.texts("a/b") == ["two"])
    }

    /// Fourteen digits: a SIRET, its key checked as `CompanyID` does; other forms go through `CompanyID`.
    @Test func siretsAsCompanyID() throws {
        // 20000000800017: Luhn sum 20 (valid); …18: 21 (wrong key); La Poste 35600000000048: digit sum 26
        // (wrong), 35600000000051: digit sum 3+5+6+5+1 = 20 (valid); a SIRET written with spaces.
        for text in ["20000000800017", "20000000800018", "35600000000048", "35600000000051", "200 000 008 00017"] {
            let id = try #require(CompanyID(text))
            let fast = try #require(InvoiceChecks.siret(text))
            #expect(fast.digits == id.digits)
            #expect(fast.validKey == id.hasValidKey)
        }
        #expect(InvoiceChecks.siret("200000008") == nil)  // a SIREN (9 digits)
        #expect(InvoiceChecks.siret("FR12345") == nil)
        #expect(InvoiceChecks.siret("35600000000051")?.validKey == true)
        // Luhn by hand for 73282932000074: from the right, digits 4,0,0,2,9,8,3 kept (sum 26) and 7,0,0,3,2,2,7
        // doubled (14→5, 0, 0, 6, 4, 4, 14→5: sum 24): 26 + 24 = 50, a multiple of 10.
        #expect(InvoiceChecks.siret("73282932000074")?.validKey == true)
        #expect(InvoiceChecks.siretKeyIsValid("73282932000075") == false)
    }

    /// Plain dates are read without Foundation; anything else is left to the general reading.
    @Test func plainDates() {
        #expect(FieldPicker.plainDate("2026-03-02", dashed: true) == CivilDate(year: 2026, month: 3, day: 2))
        #expect(FieldPicker.plainDate("20260302", dashed: false) == CivilDate(year: 2026, month: 3, day: 2))
        #expect(FieldPicker.plainDate("2020-02-30", dashed: true) == nil)  // no 30 February
        #expect(FieldPicker.plainDate("2026-03-02Z", dashed: true) == nil)  // time zone: general reading
        #expect(FieldPicker.plainDate("2026/03/02", dashed: true) == nil)
    }
}
