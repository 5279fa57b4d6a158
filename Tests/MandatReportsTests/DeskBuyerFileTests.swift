import Foundation
import MandatCore
import MandatStore
import Testing

@testable import MandatReports

@Suite("Desk: buyer file")
struct DeskBuyerFileTests {
    @Test func siretIsCheckedWithItsLuhnKey() throws {
        #expect(try BuyerRecord.checkedSiret("210 600 014 00018") == valbonneSiret)
        // 21060001400010 is off by its key: Luhn sum ≠ 0 mod 10.
        #expect(throws: DeskError.self) { try BuyerRecord.checkedSiret("21060001400010") }
        #expect(throws: DeskError.self) { try BuyerRecord.checkedSiret("2106000140") }
    }

    @Test func csvQuotesOnlyWhatItMust() {
        #expect(CSV.field("plain") == "plain")
        #expect(CSV.field("a,b") == "\"a,b\"")
        #expect(CSV.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSV.field("two\nlines") == "\"two\nlines\"")
        #expect(CSV.field("Hôpital — « é »") == "Hôpital — « é »")
        #expect(CSV.write([["a", "b,c"], ["", "d"]]) == "a,\"b,c\"\r\n,d\r\n")
    }

    @Test func csvParsesQuotedFieldsAcrossLinesAndLFOrCRLF() throws {
        let rows = try CSV.parse("\u{FEFF}a,\"b,\"\"q\"\"\r\nnext\",c\r\n1,2,3\n")
        #expect(rows == [["a", "b,\"q\"\r\nnext", "c"], ["1", "2", "3"]])
    }

    @Test func csvErrorsNameTheLine() {
        // The quote opened on line 2 never closes.
        #expect(throws: CSV.ParseError(file: "x.csv", line: 2, message: "quoted field opened here is never closed")) {
            try CSV.parse("a,b\n1,\"open\n\n", file: "x.csv")
        }
        #expect(
            throws: CSV.ParseError(file: "x.csv", line: 3, message: "quote inside an unquoted field (RFC 4180 §2.5)")
        ) {
            try CSV.parse("a\nb\nc\"d\n", file: "x.csv")
        }
    }

    @Test func buyerFileRoundTripsThroughCSV() throws {
        var h = hospital()
        h.name = "Centre hospitalier \"Les Trois-Vallées\", site de l'Étang"
        h.comptableOffice = "Trésorerie; hospitalière \\ Nord"
        h.notes = "Circuit long :\r\nvisa du directeur,\npuis de la DAF"
        h.segments = [.atRisk, .new]
        h.contacts = [
            BuyerContact(
                name: "Chloé Lefèvre", role: .comptableOffice, phone: "+33 4 93 00 00 09",
                email: "c.lefevre@chtv.example"),
            BuyerContact(name: "=HYPERLINK(\"http://x.example\")", role: .serviceGestionnaire),
        ]
        let buyers = [valbonne(), h, BuyerRecord(siret: "13000000000013", name: "Préfecture (sans contact)")]
        let text = BuyerCSV.export(buyers)
        // Valbonne has three contacts → three rows; the hospital two, the prefecture one (empty contact): 1 + 3 + 2 + 1.
        #expect(try CSV.parse(text).count == 7)
        // Formula-like cells are written with a leading quote (CSV injection), and read back without it.
        #expect(text.contains(",\"'=HYPERLINK(\"\"http://x.example\"\")\",serviceGestionnaire,"))
        #expect(text.contains(",'+33 4 93 00 00 09,"))
        let back = try BuyerCSV.import(text, file: "round-trip.csv")
        #expect(back == buyers)
    }

    @Test func buyerFileFixtureImports() throws {
        let path = deskPackageRoot + "/fixtures/desk/buyers.csv"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let buyers = try BuyerCSV.import(text, file: path)
        #expect(buyers.map(\.siret) == [valbonneSiret, hospitalSiret])
        #expect(buyers[0].contacts.map(\.role) == [.serviceGestionnaire, .ordonnateurFinance])
        #expect(buyers[1].name == "Centre hospitalier \"Les Trois-Vallées\"")
        #expect(buyers[1].comptableOffice == "Trésorerie hospitalière, Nord")
        #expect(buyers[1].notes == "Circuit long :\r\nvisa du directeur puis de la DAF")
        #expect(buyers[1].segments == [.atRisk, .new])
        #expect(buyers[1].category == .hospital)
    }

    @Test func badRowsNameFileAndLine() {
        let header = BuyerCSV.columns.joined(separator: ",") + "\r\n"
        let bad = header + "\(valbonneSiret),Valbonne,,,,,\"two\nlines\",,,,\r\n21060001400010,Wrong key,,,,,,,,,\r\n"
        // Header on line 1; row 1 starts on line 2 and its quoted notes span lines 2–3; so row 2 starts on line 4.
        #expect(
            throws: CSV.ParseError(
                file: "b.csv", line: 4, message: "SIRET 21060001400010: wrong check digit (Luhn key)")
        ) {
            try BuyerCSV.import(bad, file: "b.csv")
        }
        let cat = header + "\(valbonneSiret),Valbonne,commune,,,,,,,,\r\n"
        #expect(throws: CSV.ParseError.self) { try BuyerCSV.import(cat, file: "c.csv") }
        #expect(throws: CSV.ParseError(file: "d.csv", line: 1, message: "missing column « name »")) {
            try BuyerCSV.import("siret\r\n\(valbonneSiret)\r\n", file: "d.csv")
        }
    }

    @Test func segmentsFollowTheThresholds() {
        let asOf = day("2026-04-03")
        var s = DeskSettings()
        // One unpaid dossier 30 days late (< 60): not at risk; no paid dossier (< 3): new.
        #expect(BuyerSegments.segments(of: valbonne(), views: [d1(asOf: asOf)], log: [], settings: s) == [.new])
        // Two disputes (a disputed dossier + a `dispute` log outcome) reach the default threshold of 2.
        let disputed = view("D9", invoice: "F-9", stage: "disputed", amount: "100.00", due: nil, daysLate: nil)
        let entry = LogEntry(dossierId: "D1", date: asOf, kind: .call, outcome: .dispute, text: "désaccord")
        #expect(
            BuyerSegments.segments(of: valbonne(), views: [d1(asOf: asOf), disputed], log: [entry], settings: s)
                == [.oftenDisputing, .new])
        // 60 000.00 € unpaid ≥ 50 000 → large receivable; at 61 days late (≥ 60) → at risk.
        let big = view("D8", invoice: "F-8", amount: "60000.00", due: "2026-02-01", daysLate: 61)
        #expect(
            BuyerSegments.segments(of: valbonne(), views: [big], log: [], settings: s)
                == [.atRisk, .new, .largeReceivable])
        // Large account with a long circuit: 3 paid dossiers of 40 000.00 € (120 000 ≥ 100 000), each paid 20 days
        // after its due date → days to pay = 20 + 30 = 50 ≥ 45. Three paid: no longer new.
        let paid = (1...3).map {
            view("P\($0)", invoice: "P-\($0)", amount: "40000.00", due: "2026-01-10", daysLate: 20, paid: "2026-01-30")
        }
        #expect(BuyerSegments.segments(of: valbonne(), views: paid, log: [], settings: s) == [.largeAccountLongCircuit])
        s.longCircuitDays = 51  // 50 < 51: not long any more
        #expect(BuyerSegments.segments(of: valbonne(), views: paid, log: [], settings: s) == [])
    }

    @Test func configurationBuyersCompleteTheBuyerFile() {
        var config = MandatConfiguration()
        var h = MandatConfiguration.Buyer(siret: "260 600 017 00016")
        h.name = "CH des Trois-Vallées"
        h.category = .hospital
        var v = MandatConfiguration.Buyer(siret: valbonneSiret)
        v.category = .state  // the desk's own category wins
        v.comptablePost = "006099"
        var bad = MandatConfiguration.Buyer(siret: "21060001400010")  // wrong key: ignored
        bad.name = "?"
        config.buyers = [h, v, bad]
        var mine = valbonne()
        mine.comptablePost = nil
        let all = DeskActions.buyers([mine], configuration: config)
        #expect(all.map(\.siret) == [valbonneSiret, hospitalSiret])
        #expect(all[0].category == .localAuthority)
        #expect(all[0].comptablePost == "006099")
        #expect(all[1].name == "CH des Trois-Vallées")
        #expect(all[1].category == .hospital)
        // Hence a 50-day delay in letters for the hospital (R.2192-11 1°).
        #expect(BuyerSegments.legalDelayDays(all[1].category) == 50)
    }

    @Test func settingsReadTheDeskKeyWithDefaults() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("desk-\(UUID().uuidString).yaml").path
        try "financingRatePercent: \"4\"\ndesk:\n  ladderDays: [2, 10]\n  largeReceivableAmount: \"75000\"\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let s = try DeskSettings.load(path: path)
        #expect(s.ladder == [2, 10, 30, 45])
        #expect(s.largeReceivable == 75000)
        #expect(s.reminderBefore == 10)
        #expect(s.horizon == 14)
    }
}
