import Foundation
import MandatCore
import MandatFormats
import Testing

@testable import MandatStore

@Suite("Dossier linking, board, hashing, locations")
struct LinkAndBoardTests {
    @Test("An invoice, its statuses, its mandat and the comptable's events make one dossier")
    func linksOneDossier() throws {
        let inv = Synthetic.invoice("F-2025-001")
        let made = Synthetic.event(.madeAvailable, "MISE_A_DISPOSITION", on: "2025-03-03", number: "f-2025-001 ")
        let m = Synthetic.mandat("41", invoice: "F-2025-001", ttc: "12000.00")
        // PES_Retour events name the mandat, not the invoice.
        let pec = ChainEvent(
            kind: .mandatTakenInCharge, source: .pesRetour, code: "EtatPce=02", date: Synthetic.date("2025-04-01"),
            mandat: Synthetic.mandatKey("41"), sourceRef: SourceRef(file: "retour.xml", line: 12))
        // A PES_ACQUIT accepting the bordereau names no piece: it joins every dossier of the bordereau.
        let ack = ChainEvent(
            kind: .receivedByComptable, source: .pesAcquit, code: "EtatAck=1", date: Synthetic.date("2025-03-22"),
            mandat: Synthetic.mandatKey(nil), sourceRef: SourceRef(file: "ack.xml", line: 8))
        let c = Synthetic.contract("2025-M-001")
        let dossiers = DossierLinker.link(
            StoredFacts(invoices: [inv], events: [made, pec, ack], mandats: [m], contracts: [c]))
        #expect(dossiers.count == 1)
        let d = try #require(dossiers.first)
        #expect(d.id == "900000019/F-2025-001/2025-03-01/380")
        // By date: 03-03, 03-22, 04-01.
        #expect(d.events.map(\.code) == ["MISE_A_DISPOSITION", "EtatAck=1", "EtatPce=02"])
        #expect(d.mandats == [m])
        #expect(d.contract == c)
    }

    @Test("An event for an invoice not imported makes a dossier of its own; one for an unknown mandat is unlinked")
    func orphans() {
        let e = Synthetic.event(.madeAvailable, "MISE_A_DISPOSITION", on: "2025-03-03", number: "X-1")
        let pec = ChainEvent(
            kind: .mandatTakenInCharge, source: .pesRetour, code: "EtatPce=02", date: Synthetic.date("2025-04-01"),
            mandat: Synthetic.mandatKey("99"), sourceRef: SourceRef(file: "retour.xml", line: 12))
        let built = DossierLinker.build(StoredFacts(events: [e, pec]))
        #expect(built.dossiers.map(\.id) == ["ref:900000019/X-1"])
        #expect(built.unlinked.map(\.code) == ["EtatPce=02"])
    }

    @Test("Two invoices with one number: the event goes where seller and date agree, never guessed otherwise")
    func ambiguousNumbers() throws {
        let a = Synthetic.invoice("F-1", issued: "2025-03-01")
        let b = Synthetic.invoice("F-1", issued: "2024-03-01")
        // The event's InvoiceRef carries issue date 2025-03-01 (see Synthetic.event): it picks `a`.
        let e = Synthetic.event(.paid, "MISE_EN_PAIEMENT", on: "2025-04-22", number: "F-1")
        var undated = e
        undated.invoice?.issueDate = nil
        undated.code = "DEPOSEE"
        undated.kind = .deposited
        let built = DossierLinker.build(StoredFacts(invoices: [a, b], events: [e, undated]))
        let dossiers = built.dossiers
        let byID = Dictionary(uniqueKeysWithValues: dossiers.map { ($0.id, $0) })
        #expect(byID[a.key.description]?.events.map(\.code) == ["MISE_EN_PAIEMENT"])
        #expect(byID[b.key.description]?.events.isEmpty == true)
        // Undated, same seller: both invoices fit; not guessed, reported as unlinked.
        #expect(built.unlinked.map(\.code) == ["DEPOSEE"])
    }

    @Test("The board sorts by money at stake, counts days and filters")
    func board() throws {
        let big = Synthetic.invoice("F-BIG", due: Decimal(string: "12000.00")!, dueDate: "2025-04-02")
        let small = Synthetic.invoice(
            "F-SMALL", due: Decimal(string: "500.00")!, buyer: Synthetic.otherBuyerSIRET, contract: "M-2",
            dueDate: "2025-05-10")
        let paidOne = Synthetic.invoice("F-PAID", due: Decimal(string: "90000.00")!, dueDate: "2025-04-02")
        let events = [
            Synthetic.event(.madeAvailable, "MISE_A_DISPOSITION", on: "2025-03-03", number: "F-BIG"),
            Synthetic.event(
                .suspended, "SUSPENDUE", on: "2025-03-10", number: "F-SMALL", reason: "bon de livraison manquant"),
            Synthetic.event(.paid, "MISE_EN_PAIEMENT", on: "2025-03-30", number: "F-PAID"),
        ]
        let dossiers = DossierLinker.link(StoredFacts(invoices: [big, small, paidOne], events: events))
        let asOf = Synthetic.date("2025-04-10")
        let rows = Board.rows(dossiers, asOf: asOf)
        // At stake: F-BIG 12 000.00; F-SMALL 500.00; F-PAID 0 (paid, no interest computed yet).
        #expect(rows.map(\.invoiceNumber) == ["F-BIG", "F-SMALL", "F-PAID"])
        let r = rows[0]
        #expect(r.assessment.holder == .ordonnateur)
        #expect(r.assessment.stage == "madeAvailable")
        // Holder since 2025-03-03; as of 2025-04-10: 28 days left in March + 10 = 38 days.
        #expect(r.daysAtHolder == 38)
        // Due 2025-04-02, as of 2025-04-10: 8 days late → -8.
        #expect(r.daysLeft == -8)
        #expect(r.moneyAtStake == Decimal(string: "12000.00"))
        #expect(rows[1].assessment.blocked)
        #expect(rows[1].assessment.holder == .supplier)
        #expect(rows[1].assessment.findings.map(\.code) == ["store.blocked.suspended"])
        // 2025-04-10 → 2025-05-10: 20 days left in April + 10 = 30 days.
        #expect(rows[1].daysLeft == 30)
        #expect(rows[2].paid && rows[2].daysLeft == nil && rows[2].moneyAtStake == 0)

        #expect(
            Board.rows(dossiers, asOf: asOf, filter: BoardFilter(blockedOnly: true)).map(\.invoiceNumber) == ["F-SMALL"]
        )
        #expect(
            Board.rows(dossiers, asOf: asOf, filter: BoardFilter(buyer: "900 000 035 00015")).map(\.invoiceNumber) == [
                "F-SMALL"
            ])
        #expect(Board.rows(dossiers, asOf: asOf, filter: BoardFilter(buyer: "900000027")).count == 2)  // SIREN
        #expect(
            Board.rows(dossiers, asOf: asOf, filter: BoardFilter(contract: "m-2")).map(\.invoiceNumber) == ["F-SMALL"])
        #expect(
            Board.rows(dossiers, asOf: asOf, filter: BoardFilter(holder: .nobody)).map(\.invoiceNumber) == ["F-PAID"])
    }

    @Test("show finds a dossier by invoice number, mandat key or fragment; several are reported")
    func find() {
        let dossiers = DossierLinker.link(
            StoredFacts(
                invoices: [Synthetic.invoice("F-2025-001"), Synthetic.invoice("F-2025-002")],
                mandats: [Synthetic.mandat("41", invoice: "F-2025-001", ttc: "1.00")]))
        #expect(Board.find("f-2025-001", in: dossiers).map(\.invoiceNumber) == ["F-2025-001"])
        #expect(Board.find("90000002700012/2025/B17/M41", in: dossiers).map(\.invoiceNumber) == ["F-2025-001"])
        #expect(Board.find("2025-00", in: dossiers).count == 2)
        #expect(Board.find("nothing", in: dossiers).isEmpty)
    }

    @Test(
        "SHA-256 matches the FIPS 180-4 examples",
        arguments: [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
            ),
        ])
    func sha256(_ input: String, _ hex: String) {
        var h = ContentHash()
        h.update(Array(input.utf8))
        #expect(h.finalize() == hex)
    }

    @Test("SHA-256 of a million 'a' fed in uneven chunks (FIPS 180-4 long example)")
    func sha256Chunks() {
        var h = ContentHash()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 999)
        var left = 1_000_000
        while left > 0 {
            let n = min(left, chunk.count)
            h.update(chunk[0..<n])
            left -= n
        }
        #expect(h.finalize() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("SHA-256 of a file of a million 'a' (15 buffers of 64 KiB and a rest); a missing file and a folder: io.read")
    func sha256File() throws {
        let tmp = try TempFolder()
        defer { tmp.remove() }
        try tmp.write("a.txt", String(repeating: "a", count: 1_000_000))
        let f = try ContentHash.file(at: tmp.url.appendingPathComponent("a.txt").path)
        #expect(f.sha256 == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        #expect(f.size == 1_000_000)
        try tmp.write("empty.txt", "")
        #expect(
            try ContentHash.file(at: tmp.url.appendingPathComponent("empty.txt").path).sha256
                == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let missing = tmp.url.appendingPathComponent("none.xml").path
        do {
            _ = try ContentHash.file(at: missing)
            Issue.record("a missing file must throw")
        } catch let e as StoreError {
            #expect(e.code == "io.read" && e.message == "cannot open \(missing)")
        }
        do {
            _ = try ContentHash.file(at: tmp.url.path)
            Issue.record("a folder must throw")
        } catch let e as StoreError {
            #expect(e.code == "io.read" && e.message == "cannot read \(tmp.url.path)" && e.cause == "Is a directory")
        }
    }

    @Test("--db: default path from XDG_DATA_HOME or HOME; postgres URLs; passwords hidden")
    func locations() {
        #expect(
            StoreLocation.parse(nil, environment: ["XDG_DATA_HOME": "/data", "HOME": "/home/u"])
                == .sqlite(path: "/data/mandat/mandat.sqlite"))
        #expect(
            StoreLocation.parse(nil, environment: ["HOME": "/home/u"])
                == .sqlite(path: "/home/u/.local/share/mandat/mandat.sqlite"))
        // A relative XDG_DATA_HOME is invalid (XDG Base Directory spec): ignored.
        #expect(
            StoreLocation.parse("", environment: ["XDG_DATA_HOME": "rel", "HOME": "/home/u"])
                == .sqlite(path: "/home/u/.local/share/mandat/mandat.sqlite"))
        #expect(StoreLocation.parse("/tmp/x.sqlite") == .sqlite(path: "/tmp/x.sqlite"))
        let pg = StoreLocation.parse("postgresql://team:secret@db.example:5432/mandat")
        #expect(pg == .postgres(url: "postgresql://team:secret@db.example:5432/mandat", schema: nil))
        #expect(!pg.description.contains("secret"))
    }
}

@Suite("Board CSV")
struct BoardCSVTests {
    @Test(
        "Fields are quoted per RFC 4180 and formula-looking text is defused",
        arguments: [
            ("plain", "plain"),
            ("Dupont, Durand", "\"Dupont, Durand\""),
            ("dit \"non\"", "\"dit \"\"non\"\"\""),
            ("ligne 1\nligne 2", "\"ligne 1\nligne 2\""),
            ("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("+33 1 23", "'+33 1 23"),
            ("-12.50", "-12.50"),  // a negative amount stays a number
            ("", ""),
            ("-", "'-"),
            ("+1.5", "+1.5"),
            ("-1,5", "\"'-1,5\""),
            ("Commune de Saint-Aubin", "Commune de Saint-Aubin"),
            ("Crédit, agricole", "\"Crédit, agricole\""),
            ("a\rb", "\"a\rb\""),
            // CRLF is one Character in Swift: it must still be quoted (it was not).
            ("ligne 1\r\nligne 2", "\"ligne 1\r\nligne 2\""),
            ("Café\r\n", "\"Café\r\n\""),
        ])
    func field(_ input: String, _ expected: String) {
        #expect(BoardCSV.field(input) == expected)
    }

    @Test("A row: ISO dates, normalised amounts, CRLF line ends")
    func row() throws {
        let inv = Synthetic.invoice("F-1", due: Decimal(string: "1436.5")!, dueDate: "2025-04-02")
        let rows = Board.rows(DossierLinker.link(StoredFacts(invoices: [inv])), asOf: Synthetic.date("2025-04-05"))
        let lines = BoardCSV.render(rows).components(separatedBy: "\r\n")
        #expect(lines.count == 3)
        // 1436.5 → 1436.50 (EXPECTED.md normalisation); issued 2025-03-01 → 2025-04-05: 30 + 5 = 35 days with the
        // supplier; due 2025-04-02 → 3 days late → -3.
        #expect(
            lines[0]
                == "dossier,buyer,buyerName,invoiceNumber,contract,amountDue,currency,stage,holder,daysAtHolder,dueDate,daysLeft,interest,blocked,paid,moneyAtStake,findings,amountDueEstimated"
        )
        #expect(
            lines[1]
                == "900000019/F-1/2025-03-01/380,90000002700012,Commune de Synthèse,F-1,2025-M-001,1436.50,EUR,received,supplier,35,2025-04-02,-3,,false,false,1436.50,,false"
        )
        #expect(lines[2].isEmpty)
    }

    @Test("An amount due estimated from BT-112 − BT-113 + BT-114 (BT-115 unreadable) says so in the last column")
    func estimatedAmount() throws {
        var inv = Synthetic.invoice("F-2", due: Decimal(string: "1200.00")!, dueDate: "2025-04-02")
        // BT-115 left empty (unreadable); BT-112 1 200.00, BT-113 200.00 prepaid, BT-114 0.01 rounding:
        // 1 200.00 − 200.00 + 0.01 = 1 000.01.
        inv.amountDue = nil
        inv.prepaid = Decimal(string: "200.00")
        inv.roundingAmount = Decimal(string: "0.01")
        let rows = Board.rows(DossierLinker.link(StoredFacts(invoices: [inv])), asOf: Synthetic.date("2025-04-05"))
        let lines = BoardCSV.render(rows).components(separatedBy: "\r\n")
        let cells = lines[1].components(separatedBy: ",")
        #expect(cells.count == BoardCSV.columns.count)
        #expect(cells[5] == "1000.01")
        #expect(cells.last == "true")
    }
}

@Suite("Board with the law")
struct LawBoardTests {
    @Test("DOMAIN.md §3 worked example: 20 days late at 11.15 % on 12 000.00 gives 73.32 € plus 40 €")
    func workedExample() throws {
        let inv = Synthetic.invoice("F-IM", due: Decimal(string: "12000.00")!, dueDate: nil)
        var paid = Synthetic.event(.paid, "MISE_EN_PAIEMENT", on: "2025-04-22", number: "F-IM")
        paid.amount = Decimal(string: "12000.00")
        let facts = StoredFacts(
            invoices: [inv],
            events: [Synthetic.event(.madeAvailable, "MISE_A_DISPOSITION", on: "2025-03-03", number: "F-IM"), paid])
        let rows = Board.rows(
            DossierLinker.link(facts), asOf: Synthetic.date("2025-05-01"),
            assessor: LawAssessor(category: .localAuthority))
        let r = try #require(rows.first)
        // Made available 2025-03-03 + 30 days = due 2025-04-02; paid 2025-04-22: 20 days late.
        #expect(r.assessment.dueDate == Synthetic.date("2025-04-02"))
        #expect(r.paid)
        // Interest started in 2025 S1: 3.15 + 8 = 11.15 %; 12 000 × 0.1115 × 20 / 365 = 73.315… → 73.32.
        #expect(r.assessment.interest == Decimal(string: "73.32"))
        #expect(r.assessment.indemnity == 40)
        #expect(r.assessment.clock.contains { $0.hasPrefix("Intérêts moratoires : 73,32\u{00A0}€ au taux 11,15 %") })
        #expect(r.assessment.findings.map(\.code).contains("paid-late-interest-due"))
    }
}
