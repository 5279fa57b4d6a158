import Foundation
import MandatCore
import SQLKit
import Testing

@testable import MandatStore

/// Tests/MandatStoreTests/StoredFactTests.swift → up 3 levels = the package root.
private let demoRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("fixtures/demo").path

/// The stored form of the facts in the fact tables' `json` column (`StoredFact`: `I1:`, `E1:`, `M1:`), and the
/// JSON rows of older stores read beside it.
@Suite("Stored facts")
struct StoredFactTests {
    /// The every-field dossier's facts (`StoredDossierTests.everyField`): an invoice, two events, a mandat.
    static let full = StoredDossierTests.everyField()

    /// Odd values: empty strings, text outside ASCII and the codec's own punctuation, amounts with many
    /// decimals, negative, very small and very large.
    static func oddInvoice() -> Invoice {
        var i = full.invoice!
        i.invoiceNumber = ""
        i.sellerName = "Société « Étoile » — 日本語 🚀 ~;:0"
        i.paymentTerms = "\u{1F}\t\r\n"
        i.precedingInvoices = ["", "F:1;", "Ω"]
        i.totalWithoutVAT = Decimal(string: "-1234567890123456789.0123456789")!
        i.totalVAT = Decimal(string: "0.000000000000000000000000000001")!
        i.totalWithVAT = Decimal(string: "-0.5")!
        i.prepaid = Decimal(string: "0")!
        i.roundingAmount = Decimal(string: "99999999999999999999999999999999999999")!
        i.amountDue = Decimal(string: "-0.000123")!
        i.sellerId = SchemedID(id: "", scheme: "")
        i.findings = [DocumentFinding(code: "", message: "", element: nil)]
        i.attachments = [AttachmentInfo(id: nil, fileName: "é.pdf", mimeCode: nil, encodedBytes: 0)]
        i.source = SourceRef(file: "dossier/ü ~.xml", line: 0)
        return i
    }

    @Test("An invoice with every field set, and one with odd values, come back equal")
    func invoiceRoundTrip() throws {
        for i in [Self.full.invoice!, Self.oddInvoice()] {
            let text = StoredDossier.encode(i)
            #expect(text.hasPrefix("I1:3:UBLT"))
            let back = try Invoice.fromStoredText(text, json: JSONDecoder())
            #expect(back == i)
            #expect(back.totalWithoutVAT == i.totalWithoutVAT && back.amountDue == i.amountDue)
            #expect(StoredDossier.encode(back) == text)
        }
        let odd = try Invoice.fromStoredText(StoredDossier.encode(Self.oddInvoice()), json: JSONDecoder())
        #expect(odd.sellerName == "Société « Étoile » — 日本語 🚀 ~;:0")
        #expect(odd.totalWithoutVAT?.description == "-1234567890123456789.0123456789")
        #expect(odd.amountDue?.description == "-0.000123")
    }

    @Test("Events (every field, and odd values) and a mandat with every field come back equal")
    func eventAndMandatRoundTrip() throws {
        var odd = Self.full.events[0]
        odd.code = ""
        odd.label = "Réglé — « 100 % » 🚀"
        odd.amount = Decimal(string: "-98765432109876543210.987654321")!
        odd.details = ["": "", "é": "~;:", "z": "1"]
        odd.reasons = [EventReason(code: nil, text: "", action: nil)]
        for e in Self.full.events + [odd] {
            let text = StoredDossier.encode(e)
            #expect(text.hasPrefix("E1:"))
            let back = try ChainEvent.fromStoredText(text, json: JSONDecoder())
            #expect(back == e)
            #expect(back.id == e.id)
            #expect(StoredDossier.encode(back) == text)
        }
        #expect(
            try ChainEvent.fromStoredText(StoredDossier.encode(odd), json: JSONDecoder()).amount?.description
                == "-98765432109876543210.987654321")
        var m = Self.full.mandats[0]
        #expect(try Mandat.fromStoredText(StoredDossier.encode(m), json: JSONDecoder()) == m)
        m.object = ""
        m.amountTTC = Decimal(string: "-0.01")!
        m.creditorName = "Œuvre d'Ægir ~;:"
        m.invoiceNumbers = ["", "F 1"]
        #expect(try Mandat.fromStoredText(StoredDossier.encode(m), json: JSONDecoder()) == m)
    }

    @Test("A string holding NUL (a JSON document's \\u0000) is escaped: the text has no NUL, the value comes back")
    func nulEscaped() throws {
        var e = ChainEvent(kind: .other, source: .manual, code: "", date: nil, sourceRef: SourceRef(file: ""))
        e.label = "a\u{0}b\u{1}c"
        // "a" NUL "b" 0x01 "c": 5 bytes written as a, 0x01 '0', b, 0x01 0x01, c = 7 bytes behind "7!".
        let text = StoredDossier.encode(e)
        #expect(text == "E1:5:other6:manual0:7!a\u{1}0b\u{1}\u{1}c~~~~~0;0;0:~F")
        #expect(!text.utf8.contains(0))
        #expect(try ChainEvent.fromStoredText(text, json: JSONDecoder()) == e)
        #expect(throws: StoredDossier.FormatError.self) {
            try ChainEvent.fromStoredText("E1:5:other6:manual0:2!a\u{1}~~~~~0;0;0:~F", json: JSONDecoder())
        }
    }

    @Test("Facts with nothing set: the texts written out by hand")
    func nilEverywhere() throws {
        // Invoice: syntax "" (0:), not a credit note (F), 10 absent optionals (number … business process), no
        // preceding invoice (0;), 10 absent (seller name … invoicing period end), 6 absent amounts, no attachment,
        // no finding, no Chorus id, no reception date, source file "" without a line.
        let i = Invoice(syntax: "", source: SourceRef(file: ""))
        let invoiceText = "I1:0:F~~~~~~~~~~0;~~~~~~~~~~~~~~~~0;0;~~0:~"
        #expect(StoredDossier.encode(i) == invoiceText)
        #expect(try Invoice.fromStoredText(invoiceText, json: JSONDecoder()) == i)
        // Event: kind, source, code "", 6 absent (label, date, timestamp, invoice, mandat, amount), no reason, no
        // detail, source "" without a line, not an unknown code.
        let e = ChainEvent(kind: .other, source: .manual, code: "", date: nil, sourceRef: SourceRef(file: ""))
        let eventText = "E1:5:other6:manual0:~~~~~~0;0;0:~F"
        #expect(StoredDossier.encode(e) == eventText)
        #expect(try ChainEvent.fromStoredText(eventText, json: JSONDecoder()) == e)
        // Mandat: key ("" ~ ~ "" "" ~), 5 absent (date, TypBord, TypPce, NatPce, object), 0 lines, 3 absent
        // amounts, 3 empty lists, 3 absent creditor fields, no DGP, no PJ, source "".
        let m = Mandat(
            key: MandatKey(idColl: "", codCol: nil, codBud: nil, exer: "", idBord: "", idPce: nil),
            source: SourceRef(file: ""))
        let mandatText = "M1:0:~~0:0:~~~~~~0;~~~0;0;0;~~~~0;0:~"
        #expect(StoredDossier.encode(m) == mandatText)
        #expect(try Mandat.fromStoredText(mandatText, json: JSONDecoder()) == m)
    }

    @Test("The JSON of older stores is still read, for every fact type")
    func olderJSON() throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        let dec = JSONDecoder()
        let i = Self.full.invoice!
        #expect(try Invoice.fromStoredText(String(decoding: try enc.encode(i), as: UTF8.self), json: dec) == i)
        let e = Self.full.events[0]
        #expect(try ChainEvent.fromStoredText(String(decoding: try enc.encode(e), as: UTF8.self), json: dec) == e)
        let m = Self.full.mandats[0]
        #expect(try Mandat.fromStoredText(String(decoding: try enc.encode(m), as: UTF8.self), json: dec) == m)
        let c = Synthetic.contract("2025-M-001")
        let contractText = try c.storedText(json: { enc })
        #expect(contractText.hasPrefix("{"))
        #expect(try Contract.fromStoredText(contractText, json: dec) == c)
    }

    @Test("A damaged text throws a FormatError naming the byte offset, never traps")
    func damaged() throws {
        let dec = JSONDecoder()
        func message(_ body: () throws -> Any) -> String? {
            do {
                _ = try body()
                return nil
            } catch let e as StoredDossier.FormatError {
                return e.message
            } catch {
                return "other: \(error)"
            }
        }
        let event = "E1:5:other6:manual0:~~~~~~0;0;0:~F"  // 34 bytes; the reasons' count at byte 26
        #expect(
            message { try ChainEvent.fromStoredText("E1:5:other6:manual0:~~~~~~99;0;0:~F", json: dec) }
                == "stored event: bad count 99 at byte 29 of 35")
        #expect(
            message { try Invoice.fromStoredText(event, json: dec) }
                == "stored invoice: not a stored invoice (no I1: prefix) at byte 0 of 34")
        #expect(
            message { try ChainEvent.fromStoredText("E1:5:other6:manual0:~~~", json: dec) }
                == "stored event: truncated text at byte 23 of 23")
        #expect(
            message { try ChainEvent.fromStoredText(event + "x", json: dec) }
                == "stored event: trailing bytes at byte 34 of 35")
        // One invoice number announced, then "0;" where its "<length>:" should be.
        #expect(
            message { try Mandat.fromStoredText("M1:0:~~0:0:~~~~~~0;~~~1;0;0;~~~~0;0:~", json: dec) }
                == "stored mandat: bad number at byte 25 of 37")
        #expect(
            message { try ChainEvent.fromStoredText("E1:5:other6:nobody0:~~~~~~0;0;0:~F", json: dec) }
                == "stored event: unknown source nobody at byte 18 of 34")
        #expect(
            message { try Invoice.fromStoredText("", json: dec) }
                == "stored invoice: not a stored invoice (no I1: prefix) at byte 0 of 0")
        // An event whose amount (after 5 absent fields) is "1e5": not the plain notation the writer uses.
        #expect(
            message { try ChainEvent.fromStoredText("E1:5:other6:manual0:~~~~~3:1e50;0;0:~F", json: dec) }
                == "stored event: bad amount at byte 30 of 38")
        // Every truncation of every fact's full text throws.
        let texts = [
            StoredDossier.encode(Self.full.invoice!), StoredDossier.encode(Self.full.events[0]),
            StoredDossier.encode(Self.full.mandats[0]),
        ]
        for text in texts {
            let bytes = Array(text.utf8)
            for n in 0..<bytes.count {
                let cut = String(decoding: bytes[0..<n], as: UTF8.self)
                #expect(throws: (any Error).self) {
                    switch text.prefix(1) {
                    case "I": _ = try Invoice.fromStoredText(cut, json: dec)
                    case "E": _ = try ChainEvent.fromStoredText(cut, json: dec)
                    default: _ = try Mandat.fromStoredText(cut, json: dec)
                    }
                }
            }
        }
    }

    @Test("A damaged row gives store.decode naming the table, the row key and the byte offset")
    func damagedRow() throws {
        let good = StoredDossier.encode(Self.full.events[0])
        do {
            _ = try SQLMandatStore.decodeAll(
                ChainEvent.self, texts: [good, "E1:5:other6:manual0:~~~"], "events", keys: ["e-good", "e-bad"],
                cores: 1)
            Issue.record("a damaged row must throw")
        } catch let e as StoreError {
            #expect(e.code == "store.decode")
            #expect(e.message == "row e-bad of events is not a valid ChainEvent")
            #expect(e.cause == "stored event: truncated text at byte 23 of 23")
        }
    }

    /// The stored texts of one fact table, by key.
    static func texts(_ s: SQLMandatStore, _ table: String, key: String) async throws -> [(String, String)] {
        try await s.db.raw("SELECT \(unsafeRaw: key) AS k, json FROM \(unsafeRaw: table) ORDER BY k").all().map {
            (try $0.decode(column: "k", as: String.self), try $0.decode(column: "json", as: String.self))
        }
    }

    /// Rewrites every other row of the fact tables as the JSON that older versions wrote (sorted keys), so that
    /// the store holds both forms; returns how many rows were rewritten.
    static func rewriteAsOlderJSON(_ s: SQLMandatStore) async throws -> Int {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        let dec = JSONDecoder()
        var n = 0
        func rewrite<T: StoredFact>(_ t: T.Type, _ table: String, key: String) async throws {
            for (index, (k, text)) in try await texts(s, table, key: key).enumerated() where index % 2 == 0 {
                let json = String(decoding: try enc.encode(try T.fromStoredText(text, json: dec)), as: UTF8.self)
                try await s.db.raw(
                    "UPDATE \(unsafeRaw: table) SET json = \(bind: json) WHERE \(unsafeRaw: key) = \(bind: k)"
                ).run()
                n += 1
            }
        }
        try await rewrite(Invoice.self, "invoices", key: "key")
        try await rewrite(ChainEvent.self, "events", key: "id")
        try await rewrite(Mandat.self, "mandats", key: "key")
        return n
    }

    /// What `status` prints, in CSV and JSON, on the demo's days, all and blocked.
    static func boards(_ s: SQLMandatStore) async throws -> [String] {
        var out: [String] = []
        for day in DossierStateTests.days {
            for filter in [BoardFilter(), BoardFilter(blockedOnly: true)] {
                let board = try #require(try await s.dossierStateBoard(asOf: day, filter: filter, law: LawAssessor()))
                out.append(BoardCSV.render(board.rows))
                out.append(JSONValue.array(board.rows.map(\.json)).serialized())
            }
        }
        return out
    }

    @Test(
        "A store whose fact rows are partly the JSON of older versions gives the same facts, dossiers and boards",
        arguments: backendsUnderTest)
    func olderRowsInAStore(_ backend: StoreBackend) async throws {
        // Given the demo imported: every fact row in the compact form (contracts in JSON).
        let db = try TestDB(backend)
        let s = try await db.open()
        _ = try await Importer(store: s).run(paths: [demoRoot])
        for (table, key, prefix) in [("invoices", "key", "I1:"), ("events", "id", "E1:"), ("mandats", "key", "M1:")] {
            let rows = try await Self.texts(s, table, key: key)
            #expect(!rows.isEmpty && rows.allSatisfy { $0.1.hasPrefix(prefix) }, "\(table)")
        }
        #expect(try await Self.texts(s, "contracts", key: "id").allSatisfy { $0.1.hasPrefix("{") })
        let facts = try await s.facts()
        #expect(facts.invoices.count == 22)
        let state = try await s.db.raw("SELECT id, json FROM dossier_state ORDER BY id").all()
            .map { try $0.decode(column: "id", as: String.self) + " " + $0.decode(column: "json", as: String.self) }
        #expect(state.count == 22)
        let boards = try await Self.boards(s)
        // When every other fact row is rewritten as older JSON and the state rebuilt from the rows.
        let rewritten = try await Self.rewriteAsOlderJSON(s)
        #expect(rewritten > 0)
        _ = try await s.rebuildDossierState(law: LawAssessor())
        // Then the same facts, the same stored dossiers (byte for byte) and the same boards.
        #expect(try await s.facts() == facts)
        let again = try await s.db.raw("SELECT id, json FROM dossier_state ORDER BY id").all()
            .map { try $0.decode(column: "id", as: String.self) + " " + $0.decode(column: "json", as: String.self) }
        #expect(again == state)
        #expect(try await Self.boards(s) == boards)
        try await DossierStateTests.expectSameAsFullRebuild(s)
        try await s.close()
        await db.destroy()
    }

    @Test("A damaged fact row in a store: facts() throws store.decode with the row's key", arguments: backendsUnderTest)
    func damagedRowInAStore(_ backend: StoreBackend) async throws {
        let db = try TestDB(backend)
        let s = try await db.open()
        _ = try await Importer(store: s).run(paths: [demoRoot])
        let (id, text) = try #require(try await Self.texts(s, "events", key: "id").first)
        let cut = String(text.prefix(10))
        try await s.db.raw("UPDATE events SET json = \(bind: cut) WHERE id = \(bind: id)").run()
        do {
            _ = try await s.facts()
            Issue.record("a damaged row must throw")
        } catch let e as StoreError {
            #expect(e.code == "store.decode")
            #expect(e.message == "row \(id) of events is not a valid ChainEvent")
            #expect(e.cause?.hasPrefix("stored event: ") == true)
            #expect(e.cause?.hasSuffix(" of 10") == true)
        }
        try await s.close()
        await db.destroy()
    }
}
