import Foundation
import MandatCore
import Testing

@testable import MandatFormats

/// Every pes/ and chorus/ entry of EXPECTED.json of the chain's kinds, read through `DocumentReader.read` and
/// compared field by field (every key but `notes`, including key order). Skipped when ../shared/corpus is absent.
@Suite("Chain conformance with EXPECTED.json")
struct ChainConformanceTests {
    static let kinds: Set<String> = [
        "pesAller", "pesAcquit", "pesRetour", "pesAcquitRetour", "chorusStatus", "chorusHistoryJSON",
        "chorusListJSON", "cdar",
    ]

    /// Differences accepted on purpose, with the reason (`file: path` → reason). Empty: none needed so far.
    static let allowList: [String: String] = [:]

    static func expected() throws -> [(String, JSONValue)] {
        let url = ChainFiles.corpusRoot.appendingPathComponent("EXPECTED.json")
        let parsed = try StrictJSON.parse(try Data(contentsOf: url))
        guard case .object(let entries) = parsed.value else { return [] }
        return entries.filter { key, value in
            (key.hasPrefix("pes/") || key.hasPrefix("chorus/")) && kinds.contains(value["kind"]?.stringValue ?? "")
        }
    }

    /// Lists the differences between `expected` and `got` under `path`, as `path expected X got Y`.
    static func diff(_ expected: JSONValue, _ got: JSONValue?, path: String, into out: inout [String]) {
        guard let got else {
            out.append("\(path) expected \(expected.serialized()) got (missing)")
            return
        }
        switch (expected, got) {
        case (.object(let e), .object(let g)):
            let ek = e.map(\.0)
            let gk = g.map(\.0)
            if ek != gk { out.append("\(path) keys expected \(ek) got \(gk)") }
            for (k, v) in e { diff(v, got[k], path: "\(path).\(k)", into: &out) }
        case (.array(let e), .array(let g)):
            if e.count != g.count { out.append("\(path) count expected \(e.count) got \(g.count)") }
            for (i, v) in e.enumerated() where i < g.count { diff(v, g[i], path: "\(path)[\(i)]", into: &out) }
        default:
            if expected != got { out.append("\(path) expected \(expected.serialized()) got \(got.serialized())") }
        }
    }

    @Test func diffNamesThePathAndBothValues() {
        var out: [String] = []
        let expected: JSONValue = .object([("a", .string("1.00")), ("b", .array([.null, .bool(true)]))])
        let got: JSONValue = .object([("b", .array([.null, .bool(false)])), ("a", .string("1.00"))])
        Self.diff(expected, got, path: "x", into: &out)
        #expect(out == [#"x keys expected ["a", "b"] got ["b", "a"]"#, "x.b[1] expected true got false"])
        out = []
        Self.diff(expected, expected, path: "x", into: &out)
        #expect(out.isEmpty)
    }

    @Test(.enabled(if: ChainFiles.corpusAvailable, "../shared/corpus is absent"))
    func everyChainEntryMatches() throws {
        let entries = try Self.expected()
        // 7 pesAller + 5 pesAcquit + 2 pesRetour + 1 pesAcquitRetour + 3 chorusStatus + 1 + 1 JSON + 18 cdar = 38.
        #expect(entries.count == 38)
        var differences: [String] = []
        for (file, exp) in entries {
            let path = ChainFiles.corpusRoot.appendingPathComponent(file).path
            let doc = DocumentReader.read(path: path, displayName: file)
            let got = doc.json
            guard case .object(let members) = exp else { continue }
            var local: [String] = []
            for (k, v) in members where k != "notes" {
                Self.diff(v, got[k], path: k, into: &local)
            }
            for d in local {
                let line = "\(file): \(d)"
                if Self.allowList[line] == nil { differences.append(line) }
            }
        }
        if !differences.isEmpty {
            let list = differences.joined(separator: "\n")
            Issue.record("\(differences.count) difference(s) with EXPECTED.json:\n\(list)")
        }
    }

    @Test(.enabled(if: ChainFiles.corpusAvailable, "../shared/corpus is absent"))
    func corpusPESFilesGiveEventsWhereTheyShould() {
        // SICOVAL: one mandat, TTC 55.22, invoice inferred from "EA 102 FACT 15-08-0764" (no Facture field).
        let doc = DocumentReader.read(
            path: ChainFiles.corpusRoot.appendingPathComponent(
                "pes/aller_pastell_iparapheur_PES_ex_SICOVAL_marche_DGP.xml"
            ).path,
            displayName: "sicoval")
        #expect(doc.mandats.first?.inferredInvoiceNumbers == ["15-08-0764"])
        #expect(doc.events.first?.kind == .mandated)
        #expect(doc.events.first?.amount == dec("55.22"))
        #expect(doc.events.first?.date == day("2015-09-16"))
        #expect(doc.events.first?.invoice?.inferred == true)
        // ACK_IDL_KO: bordereau 5/2019 rejected; pieces 20, 21, 22 each rejected by their lines' errors.
        let ack = DocumentReader.read(
            path: ChainFiles.corpusRoot.appendingPathComponent("pes/acquit_stela_ACK_IDL_KO.xml").path,
            displayName: "ack")
        #expect(ack.events.map { $0.mandat?.idPce } == [nil, "20", "21", "22"])
        #expect(ack.events.allSatisfy { $0.kind == .integrationRejected && $0.date == day("2019-01-23") })
        #expect(ack.events[2].details["heliosMessages"] == "1971, 2559")
    }
}
