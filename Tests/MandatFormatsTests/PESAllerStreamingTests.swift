import Foundation
import MandatCore
import Testing

@testable import MandatFormats

/// The PES_Aller reader's streaming form (issue 4): mandats built as each `Piece` closes, the `inspect --json`
/// `mandats` list made from `ReadDocument.mandats` when asked for, invoice numbers inferred on bytes.
@Suite("PES_Aller streaming")
struct PESAllerStreamingTests {
    static let head = """
        <?xml version="1.0" encoding="UTF-8"?>
        <n:PES_Aller xmlns:n="http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/aller">
        """

    @Test func mandatsFieldIsMadeFromTheMandatsInItsPlace() throws {
        let doc = ChainFiles.read("pes_aller_synthetic.xml")
        #expect(doc.fields.map(\.0) == ["header", "mandats", "attachments"])
        #expect(doc.field("attachments") == .number("1"))
        let list = try #require(doc.field("mandats"))
        #expect(list.count == 2)
        // First mandat: HT 1000.00 + 500.50 = 1500.50, TTC 1500.50 + 300.10 = 1800.60 (as PESAllerTests).
        #expect(list[index: 0]?["amountTTC"] == .string("1800.60"))
        #expect(list[index: 0]?["exer"] == .string("2025"))
        #expect(list[index: 1]?["amountTVA"] == .null)
    }

    @Test func changingFieldsAfterReadingKeepsTheMandatsList() throws {
        var doc = ChainFiles.read("pes_aller_synthetic.xml")
        doc.fields.append(("extra", .bool(true)))
        doc.mandats = []  // the list was made for good before the change
        #expect(doc.fields.map(\.0) == ["header", "mandats", "attachments", "extra"])
        #expect(doc.field("mandats")?.count == 2)
    }

    @Test func absentExerAndIdBordAreNullInTheJSONAndEmptyInTheKey() throws {
        let text = Self.head + """
            <EnTetePES><IdColl V="1"/></EnTetePES><PES_DepenseAller><Bordereau><BlocBordereau><Exer V="  "/>\
            </BlocBordereau><Piece><BlocPiece><InfoPce><IdPce V="3"/></InfoPce></BlocPiece></Piece></Bordereau>\
            </PES_DepenseAller></n:PES_Aller>
            """
        let d = try ChainFiles.readText(text, name: "no_exer.xml")
        let m = try #require(d.mandats.first)
        #expect(m.key.exer == "")
        #expect(m.key.idBord == "")
        let j = try #require(d.field("mandats")?[index: 0])
        #expect(j["exer"] == .null)
        #expect(j["idBord"] == .null)
        #expect(j["idPce"] == .string("3"))
    }

    @Test func aHeaderAfterTheMandatsStillMakesTheirKeys() throws {
        // The keys use the header as it stands at the end of the file, even when EnTetePES comes last.
        let text = Self.head + """
            <PES_DepenseAller><Bordereau><BlocBordereau><Exer V="2026"/><IdBord V="9"/></BlocBordereau>\
            <Piece><BlocPiece><InfoPce><IdPce V="1"/></InfoPce></BlocPiece></Piece>\
            <Piece><BlocPiece><InfoPce><IdPce V="2"/></InfoPce></BlocPiece></Piece></Bordereau></PES_DepenseAller>\
            <EnTetePES><IdColl V="21380185500015"/><CodCol V="380"/><CodBud V="02"/></EnTetePES></n:PES_Aller>
            """
        let d = try ChainFiles.readText(text, name: "late_header.xml")
        let want = MandatKey(
            idColl: "21380185500015", codCol: "380", codBud: "02", exer: "2026", idBord: "9", idPce: "2")
        #expect(d.mandats.map(\.key.idColl) == ["21380185500015", "21380185500015"])
        #expect(d.mandats.last?.key == want)
        #expect(d.events.last?.mandat == want)
        #expect(!d.notes.contains { $0.contains("IdColl missing") })
    }

    @Test func valuesAreStrippedAsPythonDoes() throws {
        // " 2025 " → "2025"; a no-break space (U+00A0) around a name goes too; "&amp;" is "&".
        let text = Self.head + """
            <EnTetePES><IdColl V="1"/></EnTetePES><PES_DepenseAller><Bordereau><BlocBordereau><Exer V=" 2025 "/>\
            <IdBord V="4"/></BlocBordereau><Piece><BlocPiece><InfoPce><IdPce V="5"/><Obj V="\u{A0}Dupont &amp; fils\u{A0}"/>\
            </InfoPce></BlocPiece></Piece></Bordereau></PES_DepenseAller></n:PES_Aller>
            """
        let d = try ChainFiles.readText(text, name: "strip.xml")
        let m = try #require(d.mandats.first)
        #expect(m.key.exer == "2025")
        #expect(m.object == "Dupont & fils")
    }

    @Test func badAmountsAndDatesGiveTheSameNotesAsBefore() throws {
        let text = Self.head + """
            <EnTetePES><IdColl V="1"/></EnTetePES><PES_DepenseAller><Bordereau><BlocBordereau><Exer V="2025"/>\
            <IdBord V="1"/><DteBordEm V="2025-02-30"/></BlocBordereau>
            <Piece><BlocPiece><InfoPce><IdPce V="7"/><DGP><TxIntMor V="1,2"/><DureeDgp V="3O"/></DGP></InfoPce>\
            </BlocPiece>
            <LigneDePiece><BlocLignePiece><InfoLignePce><MtHT V="1 000"/><MtTVA V="1e3"/></InfoLignePce>\
            </BlocLignePiece></LigneDePiece></Piece></Bordereau></PES_DepenseAller></n:PES_Aller>
            """
        let d = try ChainFiles.readText(text, name: "bad.xml")
        #expect(
            d.notes == [
                "Piece 7 (line 3) DteBordEm: not an ISO date: '2025-02-30'",
                "Piece 7 (line 3) DGP/DureeDgp: not a whole number of days: '3O'",
                "Piece 7 (line 3) DGP/TxIntMor: not a decimal amount: '1,2'",
                "MtHT (line 4): not a decimal amount: '1 000'",
                "MtTVA (line 4): not a decimal amount: '1e3'",
            ])
        #expect(d.mandats.first?.amountHT == nil)
    }

    /// Texts and the candidates the `String` rules give (worked out by hand in each comment); the byte path
    /// must give the same, and fall back where a separator touches a character outside Latin-1.
    static let inferenceCases: [(String, [String])] = [
        // "FACT" is a keyword, "2025-118": 8 characters, 7 digits → a number.
        ("FACT 2025-118", ["2025-118"]),
        // "Fact." upper-cased is the keyword "FACT."; ":" is trimmed from "Fact.:".
        ("Fact.: 12345", ["12345"]),
        // "N°" (not ASCII) is a keyword; "du" is no number.
        ("N° 98765 du 01/02", ["98765"]),
        // "n°" → "N°"; "ABC123": 6 characters, 3 digits; "(2024)" trimmed to "2024" follows no keyword.
        ("Facture n° ABC123 (2024)", ["ABC123"]),
        // A combining accent right after the space makes one character of both, which is no separator: one
        // token of 12 characters holding a space → not a number; it starts with "FACT" but is over 9 → nothing.
        ("facture \u{301}1234", []),
        // "facture" + combining accent is "FACTURÉ" upper-cased, hasPrefix "FACT", 7 characters ≤ 9, no
        // number → a keyword: "1234" follows.
        ("facture\u{301} 1234", ["1234"]),
        // One token that looks like a number.
        ("1234", ["1234"]),
        // Separators are space, tab, "," and ";" (not ":"): tokens reglement, FA, 00123, FACTURES:4567, 8910.
        // "FA" → "00123"; "FACTURES:4567" starts with "FACT" but has 13 characters (> 9) → nothing more.
        ("reglement FA 00123;FACTURES:4567,8910", ["00123"]),
        // "12345" before "facture" (prefix FACT) is taken.
        ("12345 facture", ["12345"]),
        // "FAC." and "FAC" are keywords.
        ("FAC. 9999 FAC 8888", ["9999", "8888"]),
        // A zero-width joiner after "FACT" joins it: "FACT\u{200D}" does not start with the character "T".
        ("FACT\u{200D} 1234", []),
        // Arabic-Indic digits are not ASCII digits: "١٢٣٤" is no number; "12a4" has 3 digits.
        ("\u{661}\u{662}\u{663}\u{664} fact 12a4", ["12a4"]),
        // Three characters only: no number.
        ("FACT 123", []),
        // "fact." is the keyword "FACT." → 5555; "xfact" starts with X: no keyword, so 6666 is not taken.
        ("reglement fact. 5555 et xfact 6666", ["5555"]),
        // "n°" glued to the number is one token "N°12345" upper-cased: no keyword, no number (not ASCII).
        ("n°12345", []),
        // A long s (U+017F) upper-cases to S: "FACTUREſ" → "FACTURES", a keyword → 1234.
        ("FACTURE\u{17F} 1234", ["1234"]),
    ]

    @Test(arguments: inferenceCases)
    func invoiceNumbersAreInferredAsTheStringRulesDo(_ text: String, _ want: [String]) {
        #expect(InvoiceNumberInference.candidates(in: [text]) == want)
        var slow: [String] = []
        InvoiceNumberInference.candidates(slow: text, into: &slow)
        #expect(slow == want)
    }

    @Test func candidatesAcrossTextsAreDistinctInOrder() {
        // "FACT 2025-118" → 2025-118; "N° 2025-118 et FA 7777" → 2025-118 (already there), 7777.
        #expect(
            InvoiceNumberInference.candidates(in: ["FACT 2025-118", "N° 2025-118 et FA 7777"])
                == ["2025-118", "7777"])
    }
}
