import Foundation
import MandatCore
import Testing

@testable import MandatFormats

/// Every invoice, creditNote and chorusInvoicePivot entry of the shared corpus's EXPECTED.json, field by field.
@Suite("Invoice conformance with EXPECTED.json")
struct InvoiceConformanceTests {
    static let kinds: Set<String> = ["invoice", "creditNote", "chorusInvoicePivot"]

    /// Differences accepted on purpose, keyed `file: field`, each with its reason. Empty: Mandat agrees with
    /// every value EXPECTED.json gives for these kinds. Keep it tiny; a new entry needs a reason a reviewer
    /// can check against the file.
    static let allowed: [String: String] = [:]

    /// The EXPECTED entries of our kinds, in file order.
    static func entries() throws -> [(path: String, entry: JSONValue)] {
        guard case .object(let all)? = try InvoiceTestFiles.expected() else { return [] }
        return all.filter { if case .string(let k)? = $0.1["kind"] { return kinds.contains(k) } else { return false } }
            .map { ($0.0, $0.1) }
    }

    @Test(.enabled(if: InvoiceTestFiles.corpusAvailable))
    func everyExpectedFieldMatches() throws {
        let entries = try Self.entries()
        // 38 invoice + 5 creditNote + 4 chorusInvoicePivot entries at the time of writing.
        #expect(entries.count >= 47)
        var differences: [String] = []
        var compared = 0
        for (path, entry) in entries {
            let doc = DocumentReader.read(path: InvoiceTestFiles.corpus.appendingPathComponent(path).path)
            guard case .object(let fields) = entry else { continue }
            let got = doc.json
            for (key, want) in fields where key != "notes" {
                compared += 1
                let have = got[key] ?? .string("<absent>")
                if have != want, Self.allowed["\(path): \(key)"] == nil {
                    differences.append(
                        "\(path): \(key) expected \(want.serialized()) got \(have.serialized())")
                }
            }
        }
        // 47 entries × at least 3 compared keys each (kind, root, one field): the test cannot pass empty.
        #expect(compared > 47 * 3)
        #expect(differences.isEmpty, "\(differences.count) differences:\n\(differences.joined(separator: "\n"))")
    }

    @Test(.enabled(if: InvoiceTestFiles.corpusAvailable))
    func allowListOnlyNamesRealEntries() throws {
        let paths = Set(try Self.entries().map(\.path))
        for key in Self.allowed.keys {
            #expect(paths.contains(String(key.split(separator: ":")[0])), "allow-list entry \(key) names no entry")
        }
    }

    /// UBL and CII twins of the same invoice give identical values (all EXPECTED fields but `syntax`).
    @Test(
        .enabled(if: InvoiceTestFiles.corpusAvailable),
        arguments: [
            ("einvoice/xr_01.01a-INVOICE_ubl.xml", "einvoice/xr_01.01a-INVOICE_uncefact.xml"),
            ("einvoice/cen_ubl-tc434-example2.xml", "einvoice/cen_CII_example2.xml"),
        ])
    func twinsAgree(ubl: String, cii: String) throws {
        let a = DocumentReader.read(path: InvoiceTestFiles.corpus.appendingPathComponent(ubl).path)
        let b = DocumentReader.read(path: InvoiceTestFiles.corpus.appendingPathComponent(cii).path)
        #expect(InvoiceTestFiles.field(a, "syntax") == .string("UBL"))
        #expect(InvoiceTestFiles.field(b, "syntax") == .string("CII"))
        for key in InvoiceFields.expectedKeys where key != "syntax" {
            #expect(InvoiceTestFiles.field(a, key) == InvoiceTestFiles.field(b, key), "\(key) differs")
        }
        // Hand-checked anchors: TOSL108 / 123456XX are the twins' BT-1.
        let number = InvoiceTestFiles.field(a, "invoiceNumber")
        #expect(number == .string("TOSL108") || number == .string("123456XX"))
    }

    /// A deliberately broken corpus invoice is a clear error with a line, never a crash or half an import.
    @Test(.enabled(if: InvoiceTestFiles.corpusAvailable))
    func brokenCorpusInvoiceIsNotWellFormed() {
        let doc = DocumentReader.read(
            path: InvoiceTestFiles.corpus.appendingPathComponent("einvoice/kv_ubl007.xml").path)
        #expect(doc.kind == .notWellFormed)
        #expect(doc.error?.line != nil)
        #expect(doc.invoices.isEmpty)
    }

    /// The 3.2 MB Italian example embeds a large base64 attachment: counted, not held.
    @Test(.enabled(if: InvoiceTestFiles.corpusAvailable))
    func corpusAttachmentIsCounted() throws {
        let doc = DocumentReader.read(
            path: InvoiceTestFiles.corpus.appendingPathComponent(
                "einvoice/cen_FT_G2G_TD01_Allegato_Bonifico_Split_Payment.xml"
            ).path)
        let invoice = try #require(doc.invoices.first)
        let biggest = try #require(invoice.attachments.map(\.encodedBytes).max())
        // The file is about 3.2 MB and almost all of it is the attachment's base64 text.
        #expect(biggest > 3_000_000)
    }
}
