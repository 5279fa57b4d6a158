import Foundation
import Testing

@testable import MandatCore

/// The real corpus, found as `../shared/corpus` from the package root (Tests/MandatCoreTests/<file> → up 3).
enum LawCorpus {
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpus")
    static var expected: URL { root.appendingPathComponent("EXPECTED.json") }
    static var available: Bool {
        let ok = FileManager.default.fileExists(atPath: expected.path)
        if !ok { print("note: corpus not found at \(root.path): law corpus checks skipped") }
        return ok
    }

    /// Every PES_Aller mandat in EXPECTED.json that carries a DGP block: (file, IdPce, dgp).
    static func dgpBlocks() throws -> [(String, String, [String: Any])] {
        let data = try Data(contentsOf: expected)
        let top = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var out: [(String, String, [String: Any])] = []
        for (file, value) in top.sorted(by: { $0.key < $1.key }) {
            guard let doc = value as? [String: Any], let mandats = doc["mandats"] as? [[String: Any]] else { continue }
            for m in mandats {
                if let dgp = m["dgp"] as? [String: Any] { out.append((file, m["idPce"] as? String ?? "?", dgp)) }
            }
        }
        return out
    }
}

@Suite("Law: checks against the real corpus")
struct LawCorpusTests {
    @Test(.enabled(if: LawCorpus.available, "needs ../shared/corpus"))
    func pesDGPBlocksAgreeWithTheClock() throws {
        // Each real DGP block: DteFinDgp should be DteDebDgp + DureeDgp; the law's clock from the same start,
        // with the same delay, must give the same end (SICOVAL: 2015-09-10 + 30 = 2015-10-10).
        let blocks = try LawCorpus.dgpBlocks()
        #expect(blocks.count >= 2)
        for (file, idPce, dgp) in blocks {
            let start = try #require((dgp["start"] as? String).flatMap(CivilDate.init(iso:)), "\(file)")
            let end = try #require((dgp["end"] as? String).flatMap(CivilDate.init(iso:)), "\(file)")
            let days = try #require(dgp["days"] as? Int, "\(file)")
            let category: BuyerCategory = days >= 60 ? .publicUndertaking : (days >= 50 ? .hospital : .localAuthority)
            let buyer = BuyerProfile(category: category, contractualDelayDays: days)
            let ev = ChainEvent(
                kind: .madeAvailable, source: .pesAller, code: "DteDebDgp", date: start,
                sourceRef: SourceRef(file: file))
            let dossier = Dossier(
                id: "\(file)#\(idPce)", invoice: nil, invoiceNumber: nil, events: [ev], mandats: [], contract: nil)
            let a = DossierAssessor.assess(dossier, buyer: buyer, asOf: start, config: .default)
            #expect(a.dueDate == end, "\(file) mandat \(idPce)")
        }
    }

    @Test(.enabled(if: LawCorpus.available, "needs ../shared/corpus"))
    func declaredRateIsTheMROOfItsHalfYearPlusAMargin() throws {
        // SICOVAL declares TxIntMor 7.05 for a delay ending 2015-10-10: interest from 2015-10-11 (2015 S2), MRO on
        // 2015-07-01 = 0.05 (since 2014-09-10), so 7.05 = 0.05 + 7 points: the pre-2013 margin, where
        // R.2192-31 now gives 0.05 + 8 = 8.05 %.
        let withRate = try LawCorpus.dgpBlocks().filter { ($0.2["rate"] as? String) != nil }
        #expect(!withRate.isEmpty)
        for (file, _, dgp) in withRate {
            let end = try #require((dgp["end"] as? String).flatMap(CivilDate.init(iso:)))
            let declared = try #require((dgp["rate"] as? String).flatMap(Money.parse))
            let ref = try #require(ECBRateTable.builtIn.interestRate(startingOn: end.adding(days: 1), marginPoints: 0))
            #expect([Decimal(7), Decimal(8)].contains(declared - ref.mroRate), "\(file)")
            #expect(ref.provisional == false)
        }
    }
}
