import Foundation
import MandatCore
import MandatFormats
import MandatXML
import Testing

// Checks the demo data set (`fixtures/demo/`) and its golden table (`docs/demo.md`): every file is of the
// kind its folder promises and says it is synthetic, every SIREN/SIRET has a valid key, and every date and
// amount worked by hand in the golden table is right (arithmetic re-done here with CivilDate and Money) and
// agrees with the files. Both live in the project, so nothing here skips.

/// Tests/MandatCLITests/DemoDataSetTests.swift → up 3 levels = the package root.
private let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
private let demoRoot = packageRoot.appendingPathComponent("fixtures/demo")
private let goldenPage = packageRoot.appendingPathComponent("docs/demo.md")
private let asOf = CivilDate(iso: "2026-01-31")!

/// Every file of the demo set, as paths relative to `fixtures/demo`, sorted.
private func demoFiles() throws -> [String] {
    let root = demoRoot.path
    guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
    var out: [String] = []
    for case let rel as String in walker where rel.hasSuffix(".xml") { out.append(rel) }
    return out.sorted()
}

/// The kind each folder (and file-name prefix) promises.
private func promisedKind(_ rel: String) -> DocumentKind? {
    let name = (rel as NSString).lastPathComponent
    if rel.hasPrefix("invoices/") { return name.hasPrefix("AV-") ? .creditNote : .invoice }
    if rel.hasPrefix("chorus/cdar/") { return .cdar }
    if rel.hasPrefix("chorus/") { return .chorusStatus }
    if rel.hasPrefix("contracts/") { return .decp }
    if rel.hasPrefix("pes/PESALR2_") { return .pesAller }
    if rel.hasPrefix("pes/ACK_") { return .pesAcquit }
    if rel.hasPrefix("pes/PES2R_DEP_") { return .pesRetour }
    return nil
}

/// The file's text (PES files are ISO-8859-1, the others UTF-8).
private func text(_ rel: String) throws -> String {
    let data = try Data(contentsOf: demoRoot.appendingPathComponent(rel))
    let latin1 = rel.hasPrefix("pes/")
    return try #require(String(data: data, encoding: latin1 ? .isoLatin1 : .utf8), "cannot decode \(rel)")
}

@Test func theDemoSetHasEveryFileTheGoldenTableNames() throws {
    let files = try demoFiles()
    // 21 invoices + 1 credit note, 18 Chorus flows, 5 CDAR, 1 DECP, 6 PES_Aller, 5 PES_ACQUIT, 4 PES_Retour = 61.
    #expect(files.count == 61)
    #expect(files.filter { $0.hasPrefix("invoices/") }.count == 22)
    #expect(files.filter { $0.hasPrefix("pes/") }.count == 15)
}

@Test func everyDemoFileHasTheKindItsFolderPromises() throws {
    for rel in try demoFiles() {
        let expected = try #require(promisedKind(rel), "no kind promised for \(rel)")
        let doc = DocumentReader.read(path: demoRoot.appendingPathComponent(rel).path, displayName: rel)
        #expect(doc.kind == expected, "\(rel): expected \(expected), got \(doc.kind)")
        #expect(doc.error == nil, "\(rel): \(String(describing: doc.error))")
        if rel.hasPrefix("pes/") { #expect(doc.encoding?.uppercased() == "ISO-8859-1", "\(rel) must be ISO-8859-1") }
    }
}

@Test func everyDemoFileSaysItIsSynthetic() throws {
    for rel in try demoFiles() {
        let t = try text(rel)
        let comment = t.range(of: "<!--").flatMap { open in t.range(of: "-->", range: open.upperBound..<t.endIndex) }
        let label = t.range(of: "Synthetic demo data")
        #expect(
            label != nil && comment != nil && label!.upperBound <= comment!.upperBound,
            "\(rel): no synthetic label in a comment")
    }
}

@Test func everySirenAndSiretInTheDemoSetHasAValidKey() throws {
    // Company ids as written in invoices (schemes 0002/0009), Chorus flows, PES and DECP.
    let patterns = [
        #"schemeID="000[29]">([0-9]+)<"#, #"<Identifiant>([0-9]+)<"#, #"<IdTiers V="([0-9]+)""#,
        #"<IdColl V="([0-9]+)""#, #"<id>([0-9]{14})</id>"#,
    ].map { try! Regex($0) }
    var seen = Set<String>()
    for rel in try demoFiles() {
        let t = try text(rel)
        for p in patterns {
            for m in t.matches(of: p) {
                guard let s = m.output[1].substring else { continue }
                seen.insert(String(s))
            }
        }
    }
    // Seller SIREN and SIRET, four buyer SIRETs, the département's closed establishment, and the SIRENs of the
    // hospital and the State service, which issue CDAR statuses.
    #expect(
        seen == [
            "847319027", "84731902700011", "21990412500016", "22990001400015", "26990517000016", "13099421300010",
            "22990001400023", "269905170", "130994213",
        ])
    for id in seen {
        let c = try #require(CompanyID(id), "\(id) is not a SIREN/SIRET")
        #expect(c.hasValidKey, "\(id): wrong Luhn key")
    }
}

// MARK: - The golden table

/// One row of the golden table in docs/demo.md.
private struct GoldenRow {
    var invoice: String
    var buyer: String
    var amount: Decimal
    var keyDates: String
    var stage: String
    var holder: String
    var due: String
    var days: String
    var interest: String
    var findings: [String]
}

private func goldenRows() throws -> [GoldenRow] {
    let page = try String(contentsOf: goldenPage, encoding: .utf8)
    var rows: [GoldenRow] = []
    var inTable = false
    for line in page.split(separator: "\n", omittingEmptySubsequences: false) {
        if line.hasPrefix("## 4. Golden table") { inTable = true }
        if inTable, line.hasPrefix("### ") { break }
        guard inTable, line.hasPrefix("| "), let first = line.dropFirst(2).first, first.isNumber else { continue }
        let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard cells.count == 11 else {
            Issue.record("golden row with \(cells.count) cells: \(line)")
            continue
        }
        let codes = cells[10].matches(of: try Regex("`([a-z0-9.-]+)`")).compactMap { $0.output[1].substring }
            .map(String.init)
        rows.append(
            GoldenRow(
                invoice: cells[1], buyer: cells[2], amount: try #require(Money.parse(cells[3]), "amount \(cells[3])"),
                keyDates: cells[4], stage: cells[5], holder: cells[6], due: cells[7], days: cells[8],
                interest: cells[9],
                findings: codes))
    }
    return rows
}

private func date(_ s: Substring?) throws -> CivilDate {
    try #require(s.flatMap { CivilDate(iso: String($0)) }, "bad date \(String(describing: s))")
}

@Test func theGoldenTableListsEveryInvoiceOfTheSetWithItsAmountDue() throws {
    let rows = try goldenRows()
    #expect(rows.count == 22)
    let files = try demoFiles().filter { $0.hasPrefix("invoices/") }
    let numbers = Set(files.map { String(($0 as NSString).lastPathComponent.split(separator: ".")[0]) })
    #expect(Set(rows.map(\.invoice)) == numbers)
    for row in rows {
        let rel = try #require(files.first { $0.hasPrefix("invoices/\(row.invoice).") })
        let totals = try InvoiceTotals.read(demoRoot.appendingPathComponent(rel).path)
        // The amount due of the golden table is BT-115 as written.
        #expect(
            totals.due == row.amount, "\(row.invoice): BT-115 \(String(describing: totals.due)) vs table \(row.amount)")
        // BT-109 + BT-110 = BT-112 everywhere.
        #expect(totals.net.map { $0 + (totals.vat ?? 0) } == totals.gross, "\(row.invoice): 109 + 110 ≠ 112")
        // BT-115 = BT-112 − BT-113, except FV-2026-0006 on purpose (14400.00 − 0.00 ≠ 14040.00).
        let consistent = totals.gross.map { $0 - (totals.prepaid ?? 0) } == totals.due
        #expect(consistent == (row.invoice != "FV-2026-0006"), "\(row.invoice): amount-due consistency")
    }
}

@Test func everyDueDateOfTheGoldenTableIsStartPlusDelay() throws {
    let sum = try Regex(#"(\d{4}-\d{2}-\d{2}) \+ (\d+) = (\d{4}-\d{2}-\d{2})"#)
    var checked = 0
    for row in try goldenRows() {
        for m in (row.due + " " + row.interest).matches(of: sum) {
            let start = try date(m.output[1].substring)
            let days = try #require(m.output[2].substring.flatMap { Int($0) })
            #expect(
                start.adding(days: days) == (try date(m.output[3].substring)),
                "\(row.invoice): \(m.output[0].substring ?? "")")
            checked += 1
        }
    }
    // 19 due dates (incl. the one a rejected invoice would have had) + 3 interest deadlines (payment + 45).
    #expect(checked == 22)
}

@Test func everyDelayOfTheGoldenTableIsTheDayCountBetweenItsDates() throws {
    let span = try Regex(#"^(\d+) (late|early|left) \((\d{4}-\d{2}-\d{2}) → (\d{4}-\d{2}-\d{2})\)"#)
    let sum = try Regex(#"= (\d{4}-\d{2}-\d{2})$"#)
    var late: [String: Int] = [:]
    for row in try goldenRows() {
        guard let m = row.days.firstMatch(of: span) else {
            #expect(row.days.hasPrefix("—"), "\(row.invoice): unreadable days cell \(row.days)")
            continue
        }
        let n = try #require(m.output[1].substring.flatMap { Int($0) })
        let from = try date(m.output[3].substring)
        let to = try date(m.output[4].substring)
        #expect(from.days(to: to) == n, "\(row.invoice): \(n) days from \(from) to \(to)")
        let due = try date(row.due.firstMatch(of: sum)?.output[1].substring)
        switch m.output[2].substring.map(String.init) ?? "" {
        case "late":
            // From the due date to the payment, or to the as-of date when unpaid.
            #expect(from == due)
            #expect(to == asOf || row.keyDates.contains("paid \(to.iso)"), "\(row.invoice): late until \(to)")
            late[row.invoice] = n
        case "early":
            #expect(to == due)
            #expect(row.keyDates.contains("paid \(from.iso)"), "\(row.invoice): paid on \(from)")
        default:
            #expect(from == asOf && to == due)
        }
    }
    // Paid late: 12, 10 and 8 days; unpaid past due as of 2026-01-31: 42 and 22 days.
    #expect(
        late == [
            "FV-2025-0043": 12, "FV-2025-0052": 10, "FV-2025-0075": 8, "FV-2025-0070": 42, "FV-2025-0079": 22,
        ])
}

@Test func everyInterestOfTheGoldenTableFollowsTheFormulaAndTheRateTable() throws {
    // IM rates by half-year (DOMAIN.md §3: ECB MRO on the first day of the half-year + 8 points).
    let rates: [String: Decimal] = [
        "2025 S1": Decimal(string: "11.15")!, "2025 S2": Decimal(string: "10.15")!,
        "2026 S1": Decimal(string: "10.15")!,
    ]
    let formula = try Regex(#"([0-9.]+) × ([0-9.]+) % × (\d+) / 365 = ([0-9.]+)"#)
    let start = try Regex(#"from (\d{4}-\d{2}-\d{2}), (\d{4} S[12]), ([0-9.]+) %"#)
    let lateDays = try Regex(#"^(\d+) late"#)
    var interests: [String: Decimal] = [:]
    for row in try goldenRows() where row.interest != "—" {
        let f = try #require(row.interest.firstMatch(of: formula), "\(row.invoice): no formula")
        let amount = try #require(f.output[1].substring.flatMap { Money.parse(String($0)) })
        let rate = try #require(f.output[2].substring.flatMap { Money.parse(String($0)) })
        let days = try #require(f.output[3].substring.flatMap { Int($0) })
        let result = try #require(f.output[4].substring.flatMap { Money.parse(String($0)) })
        #expect(amount == row.amount, "\(row.invoice): interest base is the amount due")
        #expect(Money.rounded(amount * rate / 100 * Decimal(days) / 365) == result, "\(row.invoice): IM")
        #expect(row.days.firstMatch(of: lateDays)?.output[1].substring.flatMap { Int($0) } == days)
        // Interest starts the day after the due date; its half-year sets the rate.
        let s = try #require(row.interest.firstMatch(of: start), "\(row.invoice): no start")
        let from = try date(s.output[1].substring)
        let due = try date(row.due.firstMatch(of: try Regex(#"= (\d{4}-\d{2}-\d{2})$"#))?.output[1].substring)
        #expect(from == due.adding(days: 1))
        let half = "\(from.year) S\(from.month <= 6 ? 1 : 2)"
        #expect(s.output[2].substring.map(String.init) == half)
        #expect(rates[half] == rate && s.output[3].substring.flatMap { Money.parse(String($0)) } == rate)
        interests[row.invoice] = result
    }
    // 73500.00 × 10.15 % × 12 / 365 = 89523.00 / 365 = 245.268… → 245.27
    // 103680.00 × 10.15 % × 10 / 365 = 105235.20 / 365 = 288.315… → 288.32
    // 23700.00 × 10.15 % × 8 / 365 = 19244.40 / 365 = 52.724… → 52.72
    // 28560.00 × 10.15 % × 42 / 365 = 121751.28 / 365 = 333.565… → 333.57 (accrued, unpaid)
    // 53520.00 × 10.15 % × 22 / 365 = 119510.16 / 365 = 327.425… → 327.43 (accrued, unpaid)
    #expect(
        interests == [
            "FV-2025-0043": Decimal(string: "245.27")!, "FV-2025-0052": Decimal(string: "288.32")!,
            "FV-2025-0075": Decimal(string: "52.72")!, "FV-2025-0070": Decimal(string: "333.57")!,
            "FV-2025-0079": Decimal(string: "327.43")!,
        ])
}

@Test func everyHolderOfTheGoldenTableCountsItsDaysToTheAsOfDate() throws {
    let holder = try Regex(#"^(supplier|platform|ordonnateur|comptable|nobody) \((\d{4}-\d{2}-\d{2})(, (\d+))?\)"#)
    let stages: Set<String> = [
        "deposited", "madeAvailable", "serviceCertified", "mandated", "atComptable", "takenInCharge", "paid",
        "depositRejected", "routingReturned", "suspended", "completed", "rejected", "disputed", "integrationRejected",
        "mandatOnHold", "mandatRejected", "paidOnRequisition", "assignedOrOpposed",
    ]
    for row in try goldenRows() where row.holder != "—" {
        #expect(stages.contains(row.stage), "\(row.invoice): unknown stage \(row.stage)")
        let m = try #require(row.holder.firstMatch(of: holder), "\(row.invoice): unreadable holder \(row.holder)")
        let since = try date(m.output[2].substring)
        if let n = m.output[4].substring.flatMap({ Int($0) }) {
            #expect(since.days(to: asOf) == n, "\(row.invoice): \(n) days since \(since)")
        } else {
            // Paid: nobody holds it since the payment.
            #expect(
                m.output[1].substring == "nobody" && row.stage == "paid" && row.keyDates.contains("paid \(since.iso)"))
        }
    }
}

@Test func everyFindingOfTheBriefOccursInTheGoldenTableNextToInvoicesPaidOnTime() throws {
    let rows = try goldenRows()
    let all = Set(rows.flatMap(\.findings))
    let required: Set<String> = [
        "deposit-rejected", "routing-data-to-fix", "rejected", "suspended-awaiting-supplier", "disputed",
        "ordonnateur-over-share", "mandated-not-received", "integration-rejected", "mandat-on-hold", "mandat-rejected",
        "comptable-over-share", "paid-late-interest-due", "mandat-amount-mismatch", "assigned-or-opposed", "stale",
        "second-suspension-ignored", "overdue",
    ]
    #expect(required.isSubset(of: all), "missing: \(required.subtracting(all).sorted())")
    // Only the law's codes, plus the invoice reader's document finding.
    #expect(all.subtracting(required) == ["interest-unpaid-45-days", "invoice.amount-due-mismatch"])
    let onTime = rows.filter { $0.days.contains(" early ") && $0.findings.isEmpty }.map(\.invoice)
    #expect(onTime == ["FV-2025-0016", "FV-2025-0025", "FV-2025-0034", "FV-2025-0061"])
}

// MARK: - Statuses against the golden table

/// Status dates by invoice and code, from the Chorus flows (`IdStatut`, date part of `Horodatage`) and the CDAR
/// messages (`ProcessConditionCode`, date part of the status time).
private func statusDates() throws -> [String: [String: Set<String>]] {
    var out: [String: [String: Set<String>]] = [:]
    let chorus = try Regex(
        #"<IdStatut>([0-9]+)</IdStatut>[\s\S]*?<Horodatage>([0-9]{4}-[0-9]{2}-[0-9]{2})T[^<]*</Horodatage>\s*<IdFacture>([^<]+)<"#
    )
    let cdarCode = try Regex(#"<ram:ProcessConditionCode>([0-9]+)<"#)
    let cdarTime = try Regex(#"<rsm:AcknowledgementDocument>[\s\S]*?format="204">([0-9]{4})([0-9]{2})([0-9]{2})"#)
    let cdarInvoice = try Regex(#"<ram:ReferenceReferencedDocument>\s*<ram:IssuerAssignedID>([^<]+)<"#)
    for rel in try demoFiles() where rel.hasPrefix("chorus/") {
        let t = try text(rel)
        if rel.hasPrefix("chorus/cdar/") {
            let code = try #require(t.firstMatch(of: cdarCode)?.output[1].substring.map(String.init))
            let d = try #require(t.firstMatch(of: cdarTime))
            let day = "\(d.output[1].substring ?? "")-\(d.output[2].substring ?? "")-\(d.output[3].substring ?? "")"
            let invoice = try #require(t.firstMatch(of: cdarInvoice)?.output[1].substring.map(String.init))
            out[invoice, default: [:]][code, default: []].insert(day)
        } else {
            for m in t.matches(of: chorus) {
                guard let code = m.output[1].substring, let day = m.output[2].substring,
                    let invoice = m.output[3].substring
                else { continue }
                out[String(invoice), default: [:]][String(code), default: []].insert(String(day))
            }
        }
    }
    return out
}

@Test func everyStatusDateOfTheGoldenTableIsInTheChorusOrCDARFiles() throws {
    let statuses = try statusDates()
    // Golden-table wording → Chorus IdStatut or CDAR code.
    let words: [(String, [String])] = [
        ("MAD", ["03", "203"]), ("SF", ["07"]), ("MANDATEE", ["08"]), ("MADC", ["09"]), ("SUSPENDUE", ["06"]),
        ("COMPLETEE", ["12"]), ("A_RECYCLER", ["04"]), ("CDAR 207", ["207"]), ("CDAR 210", ["210"]),
        ("CDAR 213", ["213"]),
    ]
    var checked = 0
    for row in try goldenRows() {
        let known = statuses[row.invoice] ?? [:]
        for (word, codes) in words {
            for m in row.keyDates.matches(of: try Regex("(?:^|; )\(word) ([0-9]{4}-[0-9]{2}-[0-9]{2})")) {
                let day = try #require(m.output[1].substring.map(String.init))
                #expect(
                    codes.contains { known[$0]?.contains(day) == true }, "\(row.invoice): \(word) \(day) in no file")
                checked += 1
            }
        }
        for m in row.keyDates.matches(of: try Regex(#"paid ([0-9]{4}-[0-9]{2}-[0-9]{2}) \(MEP\)"#)) {
            let day = try #require(m.output[1].substring.map(String.init))
            #expect(known["11"]?.contains(day) == true, "\(row.invoice): MEP \(day) in no file")
            checked += 1
        }
    }
    // 20 made-available dates (every invoice but the one rejected at deposit; not the credit note), 6 SF,
    // 5 MANDATEE, 4 MADC, 3 SUSPENDUE, 2 COMPLETEE, 1 A_RECYCLER, one each of CDAR 207/210/213, 5 MEP:
    // 20 + 6 + 5 + 4 + 3 + 2 + 1 + 3 + 5 = 49.
    #expect(checked == 49)
}

// MARK: - PES dates against the golden table

/// The `V` value of the first `<tag V="…"/>` in `text`.
private func pesValue(_ tag: String, in text: Substring) -> String? {
    guard let r = try? Regex("<\(tag) V=\"([^\"]*)\""), let m = text.firstMatch(of: r) else { return nil }
    return m.output[1].substring.map(String.init)
}

@Test func everyPESDateOfTheGoldenTableIsInThePESFiles() throws {
    // Invoice → PES facts as "word date" strings, the way the golden table writes them.
    var facts: [String: Set<String>] = [:]
    var invoiceOfMandat: [String: String] = [:]  // "exer/idbord/idpce" → invoice
    var mandatsOfBordereau: [String: [String]] = [:]  // "exer/idbord" → invoices
    let files = try demoFiles()
    for rel in files where rel.hasPrefix("pes/PESALR2_") {
        let t = try text(rel)
        let exer = try #require(pesValue("Exer", in: t[...]))
        let bord = try #require(pesValue("IdBord", in: t[...]))
        let date = try #require(pesValue("DteBordEm", in: t[...]))
        for piece in t.components(separatedBy: "<Piece>").dropFirst() {
            let idpce = try #require(pesValue("IdPce", in: piece[...]))
            let invoice = try #require(pesValue("Facture", in: piece[...]))
            invoiceOfMandat["\(exer)/\(bord)/\(idpce)"] = invoice
            mandatsOfBordereau["\(exer)/\(bord)", default: []].append(invoice)
            facts[invoice, default: []].insert("bordereau \(date)")
        }
    }
    for rel in files where rel.hasPrefix("pes/ACK_") {
        let t = try text(rel)
        let key =
            "\(try #require(pesValue("ExerciceBord", in: t[...])))/\(try #require(pesValue("NumBord", in: t[...])))"
        let date = try #require(pesValue("DteStr", in: t[...]))
        let word = pesValue("EtatAck", in: t[...]) == "1" ? "ACK" : "ACK rejected"
        for invoice in mandatsOfBordereau[key] ?? [] { facts[invoice, default: []].insert("\(word) \(date)") }
    }
    for rel in files where rel.hasPrefix("pes/PES2R_DEP_") {
        let t = try text(rel)
        for bordereau in t.components(separatedBy: "<Bordereau>").dropFirst() {
            let exer = try #require(pesValue("Exer", in: bordereau[...]))
            let bord = try #require(pesValue("IdBord", in: bordereau[...]))
            for piece in bordereau.components(separatedBy: "<Piece>").dropFirst() {
                let idpce = try #require(pesValue("IdPce", in: piece[...]))
                let invoice = try #require(
                    invoiceOfMandat["\(exer)/\(bord)/\(idpce)"], "Retour mandat \(idpce) unknown")
                if let d = pesValue("DtePcePec", in: piece[...]) { facts[invoice, default: []].insert("PEC \(d)") }
                if let d = pesValue("DtePceInst", in: piece[...]) {
                    facts[invoice, default: []].insert("mis en instance \(d)")
                }
                if let d = pesValue("DtePceRej", in: piece[...]) { facts[invoice, default: []].insert("rejeté \(d)") }
                for pay in piece.components(separatedBy: "<PaiementEmargement>").dropFirst()
                where pesValue("OrgEma", in: pay[...]) == "01" {
                    facts[invoice, default: []].insert("paid \(try #require(pesValue("DtePay", in: pay[...])))")
                }
            }
        }
    }
    let said = try Regex(
        #"(bordereau|ACK rejected|ACK|PEC|mis en instance|rejeté|paid)(?: [0-9]+ of)? ([0-9]{4}-[0-9]{2}-[0-9]{2})(?! \(MEP\))"#
    )
    var checked = 0
    for row in try goldenRows() where row.buyer == "C" {
        for m in row.keyDates.matches(of: said) {
            guard let word = m.output[1].substring, let day = m.output[2].substring else { continue }
            #expect(
                facts[row.invoice]?.contains("\(word) \(day)") == true, "\(row.invoice): \(word) \(day) in no PES file")
            checked += 1
        }
    }
    // Commune rows: 9 bordereaux, 8 ACK (7 accepting, 1 rejecting), 4 PEC, 2 payments, 1 mise en instance,
    // 1 rejet: 9 + 8 + 4 + 2 + 1 + 1 = 25.
    #expect(checked == 25)
}

// MARK: - Contracts against the invoices

@Test func everyInvoiceNamesAContractOfItsBuyerExceptTheOneWithAClosedSiret() throws {
    // DECP keys (buyer SIRET, id), in file order.
    let decp = try text("contracts/decp-v2-verdaline-2025.xml")
    let marche = try Regex(#"<marche>\s*<id>([^<]+)</id>\s*<acheteur>\s*<id>([0-9]{14})</id>"#)
    let keys = decp.matches(of: marche).compactMap { m -> String? in
        guard let id = m.output[1].substring, let buyer = m.output[2].substring else { return nil }
        return "\(buyer)/\(id)"
    }
    #expect(keys.count == 6)
    // The modifications of 2025-CSA-011 are listed out of order on purpose: n° 2, then n° 1.
    let mods = decp.matches(of: try Regex(#"<modification>\s*<id>([0-9]+)</id>"#)).compactMap { $0.output[1].substring }
    #expect(mods == ["2", "1"])
    let contractRef = try Regex(
        #"<cac:ContractDocumentReference>\s*<cbc:ID>([^<]+)<|<ram:ContractReferencedDocument>\s*<ram:IssuerAssignedID>([^<]+)<"#
    )
    // The buyer's SIRET: CII BuyerTradeParty/GlobalID, or the last UBL CompanyID of scheme 0009 (the customer
    // comes after the supplier).
    let buyerId = try Regex(#"<ram:GlobalID schemeID="0009">([0-9]{14})<|<cbc:CompanyID schemeID="0009">([0-9]{14})<"#)
    var unlinked: [String] = []
    for rel in try demoFiles() where rel.hasPrefix("invoices/") {
        let t = try text(rel)
        let c = try #require(t.firstMatch(of: contractRef), "\(rel): no BT-12")
        let contract = try #require(c.output[1].substring ?? c.output[2].substring)
        let b = try #require(t.matches(of: buyerId).last, "\(rel): no buyer SIRET")
        let buyer = try #require(b.output[1].substring ?? b.output[2].substring)
        if !keys.contains("\(buyer)/\(contract)") { unlinked.append(rel) }
    }
    // FV-2026-0022 names the département's closed establishment 22990001400023: its SIREN matches, its SIRET does not.
    #expect(unlinked == ["invoices/FV-2026-0022.ubl.xml"])
}

// MARK: - PES against the invoices

@Test func everyMandatMatchesItsInvoiceExceptTheDeliberateMismatch() throws {
    var mandats: [String: Decimal] = [:]  // invoice number → mandat TTC (Σ MtHT + MtTVA)
    for rel in try demoFiles() where rel.hasPrefix("pes/PESALR2_") {
        let h = PESAllerTotals()
        try XMLStreamReader().parse(path: demoRoot.appendingPathComponent(rel).path, displayName: rel, handler: h)
        for (k, v) in h.ttcByInvoice { mandats[k, default: 0] += v }
    }
    // 1 + 1 + 1 + 1 + 1 + 4 mandats, each naming one invoice.
    #expect(mandats.count == 9)
    for (number, ttc) in mandats {
        let rel = try #require(try demoFiles().first { $0.hasPrefix("invoices/\(number).") }, "no invoice \(number)")
        let due = try InvoiceTotals.read(demoRoot.appendingPathComponent(rel).path).due
        if number == "FV-2026-0012" {
            // 15500.00 + 3010.00 = 18510.00 on the mandat, 18600.00 on the invoice: 90.00 apart.
            #expect(ttc == Decimal(string: "18510.00")! && due == Decimal(string: "18600.00")!)
        } else {
            #expect(ttc == due, "\(number): mandat \(ttc) vs invoice \(String(describing: due))")
        }
    }
}

@Test func theRetentionIsAnOffsetNextToThePayment() throws {
    let rel = "pes/PES2R_DEP_P_21990412500016_20250331.xml"
    let h = PESPayments()
    try XMLStreamReader().parse(path: demoRoot.appendingPathComponent(rel).path, displayName: rel, handler: h)
    // 48450.00 paid (OrgEma 01) + 2550.00 retention (OrgEma 03) = 51000.00 = the invoice's TTC; 2550 = 5 %.
    #expect(h.payments.map(\.origin) == ["01", "03"])
    #expect(h.payments.map(\.amount) == [Decimal(string: "48450.00")!, Decimal(string: "2550.00")!])
    #expect(h.payments.allSatisfy { $0.date == "2025-03-27" })
}

// MARK: - Small readers for the checks above (the real readers live in MandatFormats)

/// BT-109, BT-110, BT-112, BT-113, BT-115 of a UBL or CII invoice: the first element of each name.
private final class InvoiceTotals: XMLStreamHandler {
    var values: [String: String] = [:]
    static let names: [String: String] = [
        "TaxExclusiveAmount": "net", "TaxBasisTotalAmount": "net", "TaxAmount": "vat", "TaxTotalAmount": "vat",
        "TaxInclusiveAmount": "gross", "GrandTotalAmount": "gross", "PrepaidAmount": "prepaid",
        "TotalPrepaidAmount": "prepaid", "PayableAmount": "due", "DuePayableAmount": "due",
    ]
    func startElement(_ name: XMLName, attributes: [XMLAttribute], depth: Int, location: XMLLocation) throws {}
    func endElement(_ name: XMLName, text: XMLText, depth: Int, location: XMLLocation) throws {
        if let key = Self.names[name.local], values[key] == nil { values[key] = text.trimmed }
    }
    var net: Decimal? { values["net"].flatMap(Money.parse) }
    var vat: Decimal? { values["vat"].flatMap(Money.parse) }
    var gross: Decimal? { values["gross"].flatMap(Money.parse) }
    var prepaid: Decimal? { values["prepaid"].flatMap(Money.parse) }
    var due: Decimal? { values["due"].flatMap(Money.parse) }
    static func read(_ path: String) throws -> InvoiceTotals {
        let h = InvoiceTotals()
        try XMLStreamReader().parse(path: path, handler: h)
        return h
    }
}

/// Mandat TTC (Σ MtHT + MtTVA of its lines) by the invoice number in `Facture`.
private final class PESAllerTotals: XMLStreamHandler {
    var ttcByInvoice: [String: Decimal] = [:]
    private var invoice: String?
    private var sum: Decimal = 0
    func startElement(_ name: XMLName, attributes: [XMLAttribute], depth: Int, location: XMLLocation) throws {
        let v = attributes.first { $0.name.local == "V" }?.value
        switch name.local {
        case "Piece": (invoice, sum) = (nil, 0)
        case "Facture": invoice = v
        case "MtHT", "MtTVA": sum += v.flatMap(Money.parse) ?? 0
        default: break
        }
    }
    func endElement(_ name: XMLName, text: XMLText, depth: Int, location: XMLLocation) throws {
        if name.local == "Piece", let i = invoice { ttcByInvoice[i, default: 0] += sum }
    }
}

/// Every `PaiementEmargement` of a PES_Retour.
private final class PESPayments: XMLStreamHandler {
    struct Payment { var origin = "", date = "", amount: Decimal = 0 }
    var payments: [Payment] = []
    func startElement(_ name: XMLName, attributes: [XMLAttribute], depth: Int, location: XMLLocation) throws {
        let v = attributes.first { $0.name.local == "V" }?.value ?? ""
        if name.local == "PaiementEmargement" { payments.append(Payment()) }
        guard !payments.isEmpty else { return }
        switch name.local {
        case "OrgEma": payments[payments.count - 1].origin = v
        case "DtePay": payments[payments.count - 1].date = v
        case "MtPay": payments[payments.count - 1].amount = Money.parse(v) ?? 0
        default: break
        }
    }
    func endElement(_ name: XMLName, text: XMLText, depth: Int, location: XMLLocation) throws {}
}

// MARK: - The law against the golden table

/// Rows where the law (as merged on main on 2026-11-29) and the golden table disagree, with the reason the
/// golden table keeps its value. Each is reported to the law's owner; remove a row once the law agrees.
private let knownLawDisagreements: [String: String] = [
    "FV-2025-0016":
        "the 2550.00 retention (OrgEma 03) is counted as unpaid, so the law sees a mandat taken in charge and "
        + "303 days overdue; the golden table treats the retention as a deduction (CCAG Travaux; interest base "
        + "after retention, DOMAIN.md §3) and the invoice as paid on 2025-03-27"
]

@Test func theLawOnTheDemoSetGivesTheGoldenTable() throws {
    // Given every file of the set read by the project's own readers and tied into dossiers,
    var invoices: [Invoice] = []
    var events: [ChainEvent] = []
    var mandats: [Mandat] = []
    var contracts: [Contract] = []
    for rel in try demoFiles() {
        let doc = DocumentReader.read(path: demoRoot.appendingPathComponent(rel).path, displayName: rel)
        invoices += doc.invoices
        events += doc.events
        mandats += doc.mandats
        contracts += doc.contracts
    }
    let built = DossierBuilder.build(invoices: invoices, events: events, mandats: mandats, contracts: contracts)
    #expect(built.unlinked.isEmpty, "unlinked events: \(built.unlinked.map { "\($0.code) \($0.sourceRef)" })")
    let byNumber = Dictionary(built.dossiers.compactMap { d in d.invoiceNumber.map { ($0, d) } }) { a, _ in a }
    let categories: [String: BuyerCategory] = ["C": .localAuthority, "D": .localAuthority, "H": .hospital, "S": .state]
    let holderRe = try Regex(#"^([a-z]+) \((\d{4}-\d{2}-\d{2})(?:, (\d+))?\)"#)
    let dueRe = try Regex(#"= (\d{4}-\d{2}-\d{2})$"#)
    let lateRe = try Regex(#"^(\d+) late"#)
    let interestRe = try Regex(#"/ 365 = ([0-9.]+)"#)
    var compared = 0
    for row in try goldenRows() where !row.stage.hasPrefix("—") {
        if let reason = knownLawDisagreements[row.invoice] {
            print("DemoDataSetTests: \(row.invoice) not compared with the law: \(reason)")
            continue
        }
        // When the law assesses its dossier on 2026-01-31,
        let dossier = try #require(byNumber[row.invoice], "\(row.invoice): no dossier")
        let category = try #require(categories[row.buyer])
        let a = DossierAssessor.assess(dossier, buyer: BuyerProfile(category: category), asOf: asOf)
        // then stage, holder, since, days at holder, due date, days late, interest and findings are the table's.
        let id = row.invoice
        #expect(a.stage.rawValue == row.stage, "\(id): stage \(a.stage) vs \(row.stage)")
        let h = try #require(row.holder.firstMatch(of: holderRe), "\(id): holder \(row.holder)")
        #expect(a.holder.rawValue == h.output[1].substring.map(String.init), "\(id): holder \(a.holder)")
        #expect(a.since?.iso == h.output[2].substring.map(String.init), "\(id): since \(String(describing: a.since))")
        if let n = h.output[3].substring.flatMap({ Int($0) }) {
            #expect(a.daysAtHolder == n, "\(id): days at holder \(String(describing: a.daysAtHolder)) vs \(n)")
        }
        if let due = row.due.firstMatch(of: dueRe)?.output[1].substring {
            #expect(a.dueDate?.iso == String(due), "\(id): due \(String(describing: a.dueDate)) vs \(due)")
        }
        let late = row.days.firstMatch(of: lateRe)?.output[1].substring.flatMap { Int($0) } ?? 0
        #expect((a.daysLate ?? 0) == late, "\(id): days late \(String(describing: a.daysLate)) vs \(late)")
        let interest = row.interest.firstMatch(of: interestRe)?.output[1].substring.flatMap { Money.parse(String($0)) }
        #expect(a.interest == (interest ?? 0), "\(id): interest \(a.interest) vs \(String(describing: interest))")
        let lawCodes = Set(a.findings.map(\.code.rawValue))
        let goldenCodes = Set(row.findings.filter { !$0.hasPrefix("invoice.") })
        #expect(lawCodes == goldenCodes, "\(id): findings \(lawCodes.sorted()) vs \(goldenCodes.sorted())")
        compared += 1
    }
    // 22 rows, less the credit note and the known disagreement.
    #expect(compared == 20)
}
