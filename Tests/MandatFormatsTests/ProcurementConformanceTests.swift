import Foundation
import MandatCore
import Testing

@testable import MandatFormats

/// The real corpus, `../shared/corpus` from the package root (Tests/MandatFormatsTests/<file> → up 3).
enum ProcurementCorpus {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let root = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")
    static let expectedURL = root.appendingPathComponent("EXPECTED.json")
    static let available: Bool = {
        let ok = FileManager.default.fileExists(atPath: expectedURL.path)
        if !ok { print("note: corpus not found at \(root.path): procurement conformance tests skipped") }
        return ok
    }()

    /// EXPECTED.json entries whose key starts with `procurement/`, in file order.
    static func entries() throws -> [(String, JSONValue)] {
        let data = try Data(contentsOf: expectedURL)
        guard case .object(let all) = try StrictJSON.parse(data).value else { return [] }
        return all.filter { $0.0.hasPrefix("procurement/") }
    }

    /// Every difference between `expected` and `actual`, each as `path: expected X, got Y`.
    static func differences(_ expected: JSONValue, _ actual: JSONValue?, at path: String) -> [String] {
        guard let actual else { return ["\(path): expected \(expected.serialized()), missing"] }
        switch (expected, actual) {
        case (.object(let e), .object(let a)):
            var out: [String] = []
            let ek = e.map(\.0)
            let ak = a.map(\.0)
            if ek != ak { out.append("\(path): keys \(ek) expected, got \(ak)") }
            for (k, v) in e { out += differences(v, actual[k], at: "\(path).\(k)") }
            return out
        case (.array(let e), .array(let a)):
            if e.count != a.count {
                return ["\(path): \(e.count) items expected, got \(a.count): \(actual.serialized())"]
            }
            return zip(e, a).enumerated().flatMap {
                differences($0.element.0, $0.element.1, at: "\(path)[\($0.offset)]")
            }
        default:
            return expected == actual ? [] : ["\(path): expected \(expected.serialized()), got \(actual.serialized())"]
        }
    }

    /// Differences accepted on purpose, each with its reason. Empty: the readers agree with EXPECTED.json on
    /// every procurement field. Keys are `file|path`.
    static let allowed: [String: String] = [:]
}

@Suite("Procurement conformance with EXPECTED.json")
struct ProcurementConformanceTests {
    @Test(.enabled(if: ProcurementCorpus.available))
    func everyProcurementEntryMatches() throws {
        let entries = try ProcurementCorpus.entries()
        // 15 files in procurement/: MANIFEST.tsv lists the other 14, and each of those has an entry.
        #expect(entries.count == 14)
        var failures: [String] = []
        for (key, expected) in entries {
            let path = ProcurementCorpus.root.appendingPathComponent(key).path
            let doc = DocumentReader.read(path: path, displayName: key)
            guard case .object(let fields) = expected else { continue }
            for (k, v) in fields where k != "notes" {
                for d in ProcurementCorpus.differences(v, doc.json[k], at: k) {
                    if ProcurementCorpus.allowed["\(key)|\(d.prefix { $0 != ":" })"] == nil {
                        failures.append("\(key): \(d)")
                    }
                }
            }
        }
        #expect(
            failures.isEmpty, Comment(rawValue: "\(failures.count) difference(s):\n" + failures.joined(separator: "\n"))
        )
    }

    @Test(.enabled(if: ProcurementCorpus.available))
    func duplicateDECPContractsAreNotedNotDoubled() throws {
        let key = "procurement/decp2_Marche.xml"
        let doc = DocumentReader.read(path: ProcurementCorpus.root.appendingPathComponent(key).path, displayName: key)
        // Two identical <marche> with id TEST2022: listed twice in the fields, once in the domain.
        #expect(doc.contracts.count == 1)
        #expect(
            doc.notes.contains("duplicate contract key (buyerId, id) = ('21750001630040', 'TEST2022') occurs 2 times"))
        let c = try #require(doc.contracts.first)
        #expect(c.frameworkAgreementId == "1234567890")
        #expect(c.priceForm == "Forfaitaire")
        #expect(c.cpv == "45000000-7")
        #expect(c.format == .decpV2)
        // actesSousTraitance: one act, subcontractor id "214356" (not a SIRET), 123456.89 €, notified 2024-10-11.
        #expect(c.subcontracting.count == 1)
        #expect(c.subcontracting.first?.amount == Decimal(string: "123456.89"))
        #expect(c.subcontracting.first?.subcontractor?.company == nil)
        #expect(c.subcontracting.first?.notificationDate == CivilDate(iso: "2024-10-11"))
        // Notified 2024-05-15 for 48 months: ends 2028-05-15.
        #expect(c.endDateInForce == CivilDate(iso: "2028-05-15"))
    }

    @Test(.enabled(if: ProcurementCorpus.available))
    func decpV1ModificationsApplyInNotificationOrder() throws {
        let key = "procurement/decp1_mar-avec-modifications.xml"
        let doc = DocumentReader.read(path: ProcurementCorpus.root.appendingPathComponent(key).path, displayName: key)
        let c = try #require(doc.contracts.first)
        #expect(c.format == .decpV1)
        #expect(c.v1BaseId == "20103452112")
        // File order: 2008-07-20, 2008-11-02, 2008-05-22; notification order: 05-22, 07-20, 11-02.
        #expect(
            c.modificationsInNotificationOrder.compactMap(\.notificationDate).map(\.iso) == [
                "2008-05-22", "2008-07-20", "2008-11-02",
            ])
        // Holders: on 2008-06-01 only the 2008-05-22 change (Garami + Jullié) is in force; from 2008-07-20 the
        // Amandier change, listed first in the file but notified later, wins.
        #expect(c.holders(on: CivilDate(iso: "2008-06-01")!).map(\.id) == ["81223113200026", "87845484200015"])
        #expect(c.holders(on: CivilDate(iso: "2008-08-01")!).map(\.id) == ["81223113200026", "87127639200012"])
        // Duration 24 months from 2007-08-13 → 2009-08-13; from 2008-11-02, 30 months → 2010-02-13.
        #expect(c.endDate(on: CivilDate(iso: "2008-11-01")!) == CivilDate(iso: "2009-08-13"))
        #expect(c.endDate(on: CivilDate(iso: "2008-11-02")!) == CivilDate(iso: "2010-02-13"))
        // No modification changes the amount: 127000 in force throughout.
        #expect(c.amount(on: CivilDate(iso: "2010-01-01")!) == Decimal(127000))
    }

    @Test(.enabled(if: ProcurementCorpus.available))
    func eFormsAndTEDGiveOneContractPerAwardedContract() {
        let ted = "procurement/ted_18-412273-001-EXP.xml"
        let t = DocumentReader.read(path: ProcurementCorpus.root.appendingPathComponent(ted).path, displayName: ted)
        // 5 AWARD_CONTRACT, lots 4 and 5 not awarded → 3 contracts.
        #expect(t.contracts.map(\.id) == ["18.008.1", "18.008.2", "18.008.3"])
        #expect(t.contracts.first?.holders.compactMap { $0.company?.siren } == ["398762211", "402682991"])
        #expect(t.contracts.first?.amount == Decimal(string: "4625137.40"))
        let ef = "procurement/ted2eforms_18-412273-001-EXP.xml"
        let e = DocumentReader.read(path: ProcurementCorpus.root.appendingPathComponent(ef).path, displayName: ef)
        // The same notice converted to eForms gives the same three contract numbers and values.
        #expect(e.contracts.map(\.id) == t.contracts.map(\.id))
        #expect(e.contracts.map(\.amount) == t.contracts.map(\.amount))
        #expect(e.contracts.map(\.signatureDate) == t.contracts.map(\.signatureDate))
        let bad = "procurement/eforms_INVALID_can_24_stage-2.xml"
        let b = DocumentReader.read(path: ProcurementCorpus.root.appendingPathComponent(bad).path, displayName: bad)
        // A SettledContract with empty ids: listed in the fields, no domain contract, a note says why.
        #expect(b.contracts.isEmpty)
        #expect(b.notes.contains { $0.contains("SettledContract without any id") })
    }
}
