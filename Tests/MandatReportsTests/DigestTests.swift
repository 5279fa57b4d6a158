import Foundation
import MandatCore
import Testing

@testable import MandatReports

/// Two hand-built dossiers: one paid late (the DOMAIN.md §3 worked example) and one stuck at the comptable.
func sampleViews() -> [DossierView] {
    let d = { (s: String) in CivilDate(iso: s)! }
    // Paid late: 12 000.00 € made available 2025-03-03, due 2025-04-02 (+30 days), paid 2025-04-22:
    // 20 days late; 12 000 × 0.1115 × 20 / 365 = 73.3150… → 73.32 €; interest due by 2025-04-22 + 45 = 2025-06-06.
    let paid = DossierView(
        id: "A", invoiceNumber: "F-2025-001", buyerName: "Commune de Valbonne-sur-Lys", buyerSiret: "21060001400010",
        contractId: "2025-MAR-01", stage: "paid", holder: "nobody", since: d("2025-04-22"), daysAtHolder: nil,
        amountDue: Decimal(string: "12000.00"), dueDate: d("2025-04-02"), daysLate: 20, paidDate: d("2025-04-22"),
        paidAmount: Decimal(string: "12000.00"), interest: Decimal(string: "73.32")!, indemnity: 40,
        interestDueBy: d("2025-06-06"), rateProvisional: false, moneyAtStake: Decimal(string: "113.32")!,
        findings: [])
    // Stuck at the comptable: 4 800.00 €, received 2025-04-10, as of 2025-05-12 that is 32 days (10 allowed: +22).
    let finding = DossierView.FindingView(
        code: "comptable-over-share", severity: "high", holder: "comptable", since: d("2025-04-10"), daysAtHolder: 32,
        daysOverShare: 22, moneyAtStake: Decimal(string: "4820.15")!, nextActionFR: "Appeler la trésorerie",
        nextActionEN: "Call the comptable's office", contact: "comptableOffice", evidence: ["ack.xml:12"], detail: nil)
    let stuck = DossierView(
        id: "B", invoiceNumber: "F-2025-002", buyerName: "Département du Haut-Verdon", buyerSiret: "22040001900017",
        contractId: nil, stage: "atComptable", holder: "comptable", since: d("2025-04-10"), daysAtHolder: 32,
        amountDue: Decimal(string: "4800.00"), dueDate: d("2025-04-20"), daysLate: 22, paidDate: nil, paidAmount: nil,
        interest: Decimal(string: "20.15")!, indemnity: 0, interestDueBy: nil, rateProvisional: false,
        moneyAtStake: Decimal(string: "4820.15")!, findings: [finding])
    return [paid, stuck]
}

@Test func digestListsBlockagesPaymentsAndInterestInFrench() throws {
    let asOf = CivilDate(iso: "2025-05-12")!
    let digest = DigestBuilder.build(
        views: sampleViews(), asOf: asOf, previous: nil, since: CivilDate(iso: "2025-04-01"), person: nil, lang: .fr)
    #expect(digest.openBlockages.map(\.invoiceNumber) == ["F-2025-002"])
    #expect(digest.payments.map(\.invoiceNumber) == ["F-2025-001"])
    #expect(digest.payments.first?.daysLate == 20)
    #expect(digest.interestOwed.first?.interest == Decimal(string: "73.32"))
    // 2025-06-06 is after 2025-05-12: not yet overdue.
    #expect(digest.interestOwed.first?.overdue == false)
    // Outstanding by holder: only the unpaid 4 800.00 € at the comptable; 22 days late → bucket 1-30.
    #expect(digest.byHolder == [Digest.Bar(label: "comptable", amount: 4800)])
    #expect(digest.byLateness == [Digest.Bar(label: "1-30", amount: 4800)])
    let text = try DigestRenderer.render(digest, format: .text, lang: .fr)
    #expect(text.contains("Mandat — point du 12/05/2025"))
    #expect(text.contains("1. F-2025-002 — Département du Haut-Verdon"))
    // A share finding names the side its days count against, not "chez" (the dossier may be elsewhere now).
    #expect(
        text.contains(
            "- part du délai du comptable dépassée — jours imputés au comptable public depuis le 10/04/2025 (32 j), 22 j au-delà de sa part"
        ))
    // No previous digest: the first one says every open blockage is new rather than listing them twice.
    #expect(digest.firstDigest)
    #expect(digest.newBlockages.isEmpty)
    #expect(text.contains("4\u{202F}820,15\u{00A0}€"))
    #expect(text.contains("intérêts 73,32\u{00A0}€ + indemnité 40,00\u{00A0}€, à payer avant le 06/06/2025"))
    let en = try DigestRenderer.render(digest, format: .text, lang: .en)
    #expect(en.contains("interest 73.32 EUR + indemnity 40.00 EUR, due by 2025-06-06"))
}

@Test func secondDigestReportsOnlyWhatChanged() {
    let asOf = CivilDate(iso: "2025-05-12")!
    let views = sampleViews()
    let snap = DigestBuilder.snapshot(of: views, asOf: CivilDate(iso: "2025-05-11")!)
    let digest = DigestBuilder.build(views: views, asOf: asOf, previous: snap, since: nil, person: nil, lang: .fr)
    #expect(digest.newBlockages.isEmpty)
    #expect(digest.openBlockages.count == 1)
    #expect(digest.stageChanges.isEmpty)
    // Since defaults to the previous digest's date, 2025-05-11: the April payment is not repeated.
    #expect(digest.payments.isEmpty)
}

@Test func htmlDigestIsSelfContained() throws {
    let digest = DigestBuilder.build(
        views: sampleViews(), asOf: CivilDate(iso: "2025-05-12")!, previous: nil, since: nil, person: nil, lang: .fr)
    let html = try DigestRenderer.render(digest, format: .html, lang: .fr)
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    #expect(!html.lowercased().contains("<script"))
    #expect(!html.contains("<link"))
    #expect(html.contains("<svg"))
    #expect(html.contains("Département du Haut-Verdon"))
}

@Test func personFilterKeepsTheirBuyers() {
    let person = MandatConfiguration.Person(
        name: "Claire", role: "collector", email: nil, buyers: ["220 400 019 00017"], contracts: nil)
    #expect(DigestBuilder.filter(sampleViews(), for: person).map(\.id) == ["B"])
    let manager = MandatConfiguration.Person(
        name: "Paul", role: "contractManager", email: nil, buyers: nil, contracts: ["2025 mar 01"])
    #expect(DigestBuilder.filter(sampleViews(), for: manager).map(\.id) == ["A"])
}

@Test func mailGoesToSendmailAsMultipartAlternative() throws {
    // A stand-in sendmail that records its standard input.
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mandat-mail-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let out = dir.appendingPathComponent("message.eml").path
    let script = dir.appendingPathComponent("sendmail").path
    try "#!/bin/sh\ncat > \(out)\n".write(toFile: script, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
    let msg = Mailer.message(
        from: "mandat@example.org", to: ["claire@example.org"], subject: "Point du 12/05/2025 — échéances",
        text: "Bonjour, intérêts 73,32 €", html: "<p>intérêts 73,32 €</p>", boundary: "BOUNDARY42")
    try Mailer(commandLine: "\(script) -t").send(msg)
    let got = try String(contentsOfFile: out, encoding: .utf8)
    #expect(got == msg)
    #expect(got.contains("Content-Type: multipart/alternative; boundary=\"BOUNDARY42\""))
    // Parse it with Python's email package (an independent MIME parser) when python3 is there.
    let py = Process()
    py.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    py.arguments = [
        "python3", "-c",
        """
        import email, sys
        m = email.message_from_string(open(sys.argv[1]).read())
        parts = [p.get_content_type() for p in m.walk() if not p.is_multipart()]
        body = [p.get_payload(decode=True).decode() for p in m.walk() if not p.is_multipart()]
        from email.header import decode_header
        subj = ''.join(t.decode(c or 'ascii') if isinstance(t, bytes) else t for t, c in decode_header(m['Subject']))
        print(parts, body[0], subj)
        """,
        out,
    ]
    let pipe = Pipe()
    py.standardOutput = pipe
    try py.run()
    py.waitUntilExit()
    let parsed = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    if py.terminationStatus == 0 {
        #expect(
            parsed.contains("['text/plain', 'text/html'] Bonjour, intérêts 73,32 € Point du 12/05/2025 — échéances"))
    }
}

@Test func foreignCurrencyDossiersHaveTheirOwnTotalsAndAnIndemnityInEuros() throws {
    // The sample views with the stuck one (4 820.15 at stake) and the paid one (73.32 interest + 40 €) in SEK,
    // beside a copy of the stuck one in euros (id C).
    var views = sampleViews()
    for i in views.indices { views[i].currency = "SEK" }
    var euro = views[1]
    euro.id = "C"
    euro.invoiceNumber = "F-2025-003"
    euro.currency = nil  // a view without a currency is in euros
    euro.moneyAtStake = 1000
    euro.amountDue = 980
    euro.findings[0].moneyAtStake = 1000
    views.append(euro)
    let digest = DigestBuilder.build(
        views: views, asOf: CivilDate(iso: "2025-05-12")!, previous: nil, since: CivilDate(iso: "2025-04-01"),
        person: nil, lang: .fr)
    #expect(digest.totalsAtStake.map(\.currency) == ["EUR", "SEK"])
    #expect(digest.totalsAtStake.map(\.amount) == [1000, Decimal(string: "4820.15")!])
    #expect(digest.interestOwed.first?.currency == "SEK")
    #expect(
        digest.byHolder == [
            Digest.Bar(label: "comptable", amount: 980, currency: "EUR"),
            Digest.Bar(label: "comptable", amount: 4800, currency: "SEK"),
        ])
    let text = try DigestRenderer.render(digest, format: .text, lang: .fr)
    // All: 1 000,00 € (C) and 113,32 + 4 820,15 = 4 933,47 SEK (A, B); blocked: C and B only.
    #expect(
        text.contains(
            "en jeu : 1\u{202F}000,00\u{00A0}€ + 4\u{202F}933,47\u{00A0}SEK · dont sur les blocages : "
                + "1\u{202F}000,00\u{00A0}€ + 4\u{202F}820,15\u{00A0}SEK"))
    #expect(text.contains("intérêts 73,32\u{00A0}SEK + indemnité 40,00\u{00A0}€, à payer avant le 06/06/2025"))
    #expect(text.contains("en jeu 4\u{202F}820,15\u{00A0}SEK"))
    let json = try DigestRenderer.render(digest, format: .json, lang: .fr)
    #expect(json.contains("\"currency\" : \"SEK\""))
    // The bars: one scale per currency. 980 € and 4 800 SEK are each the largest of their currency, so both are
    // full width (520 − 190 − 110 = 220 px); on one shared scale 980 € would have been 220 × 980 / 4 800 = 44 px.
    let svg = DigestRenderer.svgBars(digest.byHolder, label: { $0 }, lang: .fr)
    #expect(svg.components(separatedBy: "width=\"220\"").count == 3)
    #expect(!svg.contains("width=\"44\""))
}

/// One definition of the money at stake (CurrencyTotals.atStake): each dossier's own figure, rounded to the cent,
/// summed per currency. The digest's blocked total used to sum the findings' amounts (a paid-late finding adds
/// the 40 € indemnity) and the unrounded amounts: it came out larger than the total of all dossiers.
@Test func blockedMoneyAtStakeIsPartOfTheTotalAndSumsCents() throws {
    let d = { (s: String) in CivilDate(iso: s)! }
    // A: paid late, 73.32 € of interest unpaid after 45 days; its finding's stake is interest + indemnity = 113.32.
    var paid = sampleViews()[0]
    paid.moneyAtStake = Decimal(string: "73.32")!
    paid.findings = [
        DossierView.FindingView(
            code: "interest-unpaid-45-days", severity: "blocking", holder: "ordonnateur", since: d("2025-06-06"),
            daysAtHolder: 20, daysOverShare: 6, moneyAtStake: Decimal(string: "113.32")!,
            nextActionFR: "Mettre en demeure",
            nextActionEN: "Formal notice", contact: "ordonnateurFinance", evidence: [], detail: nil)
    ]
    // B1…B4: four blocked invoices of 3 245.68145 € each (an amount due with five decimals, not yet late).
    var views = [paid]
    for k in 1...4 {
        var v = sampleViews()[1]
        v.id = "B\(k)"
        v.invoiceNumber = "F-2025-01\(k)"
        v.amountDue = Decimal(string: "3245.68145")
        v.interest = 0
        v.moneyAtStake = Decimal(string: "3245.68145")!
        v.findings[0].moneyAtStake = Decimal(string: "3245.68145")!
        views.append(v)
    }
    // U: unblocked, in DKK, nothing at stake (a credit note): named at 0 in the JSON total of all, left out of
    // the text.
    var credit = sampleViews()[1]
    credit.id = "U"
    credit.currency = "DKK"
    credit.amountDue = Decimal(string: "-782179.43")
    credit.moneyAtStake = 0
    credit.findings = []
    views.append(credit)
    let digest = DigestBuilder.build(
        views: views, asOf: d("2025-06-26"), previous: nil, since: nil, person: nil, lang: .fr)
    // 73.32 + 4 × 3 245.68 = 73.32 + 12 982.72 = 13 056.04 € (summing unrounded: 13 056.0458, the API's
    // 4 decimals; summing the findings: + 40 = 13 096.04, more than the total of all).
    #expect(digest.atStake.byCurrency == ["EUR": Decimal(string: "13056.04")!, "DKK": 0])
    #expect(digest.blockedAtStake.byCurrency == ["EUR": Decimal(string: "13056.04")!])
    #expect(digest.atStake.json == .object([("EUR", .string("13056.04")), ("DKK", .string("0.00"))]))
    let text = try DigestRenderer.render(digest, format: .text, lang: .fr)
    #expect(
        text.contains(
            "en jeu : 13\u{202F}056,04\u{00A0}€ · dont sur les blocages : 13\u{202F}056,04\u{00A0}€"))
}

/// A non-euro currency whose total is zero is left out of the text (review: « en jeu : … € + 0,00 DKK »), euros
/// are always named, and the JSON keeps every currency.
@Test func zeroTotalInAnotherCurrencyIsLeftOutOfTheText() {
    var t = CurrencyTotals(Decimal(string: "10.50")!)
    t.add(0, "DKK")
    t.add(Decimal(string: "0.004")!, "NOK")  // 0,00 to the cent: zero too
    t.add(Decimal(string: "5")!, "SEK")
    #expect(t.text(.fr) == "10,50\u{00A0}€ + 5,00\u{00A0}SEK")
    #expect(t.text(.en).contains("DKK") == false)
    #expect(
        t.json
            == .object([
                ("EUR", .string("10.50")), ("DKK", .string("0.00")), ("NOK", .string("0.00")), ("SEK", .string("5.00")),
            ]))
    // Euros at zero stay; a lone zero in another currency leaves the euro zero.
    var z = CurrencyTotals(0)
    z.add(0, "DKK")
    #expect(z.text(.fr) == "0,00\u{00A0}€")
    #expect(CurrencyTotals(0, "DKK").text(.fr) == "0,00\u{00A0}€")
}

/// A negative total (credit notes) reads as a negative term, not as a subtraction across currencies.
@Test func negativeTotalInAnotherCurrencyReadsAsANegativeTerm() {
    var t = CurrencyTotals(Decimal(string: "1200")!)
    t.add(Decimal(string: "-782179.43")!, "DKK")
    #expect(t.text(.fr) == "1\u{202F}200,00\u{00A0}€ + (-782\u{202F}179,43\u{00A0}DKK)")
    #expect(CurrencyTotals(Decimal(string: "-10")!, "DKK").text(.fr) == "-10,00\u{00A0}DKK")
}

/// One rule for a finding's amount in the digest: the money at stake never includes the 40 € flat indemnity; a
/// finding whose law amount adds it (the interest findings of a dossier paid late, in euros) gives it apart. On the
/// demo's FV-2025-0052 the interest finding said « en jeu 328,32 € » and the share finding « en jeu 288,32 € ».
@Test func findingAmountsLeaveTheIndemnityApart() throws {
    let d = { (s: String) in CivilDate(iso: s)! }
    var paid = sampleViews()[0]
    // Paid late, interest 288.32 € unpaid: the dossier's stake is 288.32 (nothing unpaid of the principal + the
    // interest); the law's interest finding says 288.32 + 40 = 328.32, its share finding 288.32.
    paid.interest = Decimal(string: "288.32")!
    paid.moneyAtStake = Decimal(string: "288.32")!
    paid.findings = [
        DossierView.FindingView(
            code: "interest-unpaid-45-days", severity: "blocking", holder: "ordonnateur", since: d("2025-06-06"),
            daysAtHolder: 80, daysOverShare: 35, moneyAtStake: Decimal(string: "328.32")!,
            nextActionFR: "Mettre en demeure",
            nextActionEN: "Formal notice", contact: "ordonnateurFinance", evidence: [], detail: nil),
        DossierView.FindingView(
            code: "ordonnateur-over-share", severity: "high", holder: "ordonnateur", since: d("2025-03-03"),
            daysAtHolder: 46, daysOverShare: 11, moneyAtStake: Decimal(string: "288.32")!, nextActionFR: "Noter",
            nextActionEN: "Note", contact: "ordonnateurFinance", evidence: [], detail: nil),
    ]
    let digest = DigestBuilder.build(
        views: [paid], asOf: d("2025-07-01"), previous: nil, since: nil, person: nil, lang: .fr)
    #expect(digest.openBlockages.map(\.moneyAtStake) == [Decimal(string: "288.32")!, Decimal(string: "288.32")!])
    #expect(digest.openBlockages.map(\.indemnity) == [40, nil])
    let text = try DigestRenderer.render(digest, format: .text, lang: .fr)
    #expect(text.contains("— en jeu 288,32\u{00A0}€ + indemnité forfaitaire 40,00\u{00A0}€\n"))
    #expect(text.contains("11 j au-delà de sa part — en jeu 288,32\u{00A0}€\n"))
    #expect(!text.contains("328,32"))
    let en = try DigestRenderer.render(digest, format: .markdown, lang: .en)
    #expect(en.contains("at stake 288.32 EUR + flat indemnity 40.00 EUR"))
    let html = try DigestRenderer.render(digest, format: .html, lang: .fr)
    #expect(html.contains("288,32\u{00A0}€ + indemnité forfaitaire 40,00\u{00A0}€"))
    // In SEK the law never adds the 40 €: the amount is kept as it is, nothing apart.
    var sek = paid
    sek.currency = "SEK"
    sek.findings[0].moneyAtStake = Decimal(string: "288.32")!
    let s = DigestBuilder.build(views: [sek], asOf: d("2025-07-01"), previous: nil, since: nil, person: nil, lang: .fr)
    #expect(s.openBlockages.map(\.indemnity) == [nil, nil])
}
