import Foundation
import MandatCore
import MandatStore
import Testing

@testable import MandatReports

@Suite("Desk: promises and agenda")
struct DeskAgendaTests {
    // MARK: promises

    let promise = Promise(
        id: 1, dossierId: "D1", madeOn: day("2026-03-19"), by: day("2026-03-31"), side: .ordonnateur, what: .mandat,
        contact: "Bruno Petit")

    @Test func promiseIsOpenUntilItsDayThenExpires() {
        // By 2026-03-31: still open that day, expired from 2026-04-01.
        #expect(
            PromiseTracker.status(promise, view: d1(asOf: day("2026-03-31")), all: [promise], asOf: day("2026-03-31"))
                == .open)
        #expect(
            PromiseTracker.status(promise, view: d1(asOf: day("2026-04-01")), all: [promise], asOf: day("2026-04-01"))
                == .expired)
    }

    @Test func promiseIsKeptWhenTheMatchingStageArrives() {
        var v = d1(asOf: day("2026-04-10"))
        v.stage = "serviceCertified"
        #expect(PromiseTracker.status(promise, view: v, all: [promise], asOf: day("2026-04-10")) == .expired)
        v.stage = "mandated"
        #expect(PromiseTracker.status(promise, view: v, all: [promise], asOf: day("2026-04-10")) == .kept)
        var pay = promise
        pay.what = .payment
        pay.side = .comptable
        v.stage = "takenInCharge"
        #expect(PromiseTracker.status(pay, view: v, all: [pay], asOf: day("2026-04-10")) == .expired)
        v.paidDate = day("2026-04-08")
        #expect(PromiseTracker.status(pay, view: v, all: [pay], asOf: day("2026-04-10")) == .kept)
        var sf = promise
        sf.what = .serviceFait
        v.paidDate = nil
        v.stage = "serviceCertified"
        #expect(PromiseTracker.status(sf, view: v, all: [sf], asOf: day("2026-04-10")) == .kept)
    }

    @Test func laterPromiseSupersedesTheEarlierOne() {
        var second = promise
        second.id = 2
        second.by = day("2026-04-15")
        let all = [promise, second]
        let asOf = day("2026-04-05")
        #expect(PromiseTracker.status(promise, view: d1(asOf: asOf), all: all, asOf: asOf) == .superseded)
        #expect(PromiseTracker.status(second, view: d1(asOf: asOf), all: all, asOf: asOf) == .open)
        #expect(PromiseTracker.blockages([d1(asOf: asOf)], promises: all, asOf: asOf, lang: .fr).isEmpty)
    }

    @Test func expiredPromiseBecomesABlockage() throws {
        let asOf = day("2026-04-10")
        let v = d1(asOf: asOf, interest: "120.00")
        let b = try #require(PromiseTracker.blockages([v], promises: [promise], asOf: asOf, lang: .fr).first)
        #expect(b.code == "promise-expired")
        #expect(b.holder == "ordonnateur")
        #expect(b.contact == "ordonnateurFinance")
        // Expired the day after 2026-03-31; 2026-03-31 → 2026-04-10 is 10 days past the promised date.
        #expect(b.since == day("2026-04-01"))
        #expect(b.daysOverShare == 10)
        // Money at stake: 12 000.00 + 120.00 interest = 12 120.00.
        #expect(b.moneyAtStake == dec("12120.00"))
        #expect(b.nextAction.contains("au plus tard le 31/03/2026 non tenue"))
        // And through the digest, like any finding (the label is already in Labels).
        let digest = DigestBuilder.build(
            views: PromiseTracker.reopen([v], promises: [promise], asOf: asOf), asOf: asOf, previous: nil, since: nil,
            person: nil, lang: .fr)
        #expect(digest.openBlockages.map(\.code) == ["promise-expired"])
        let text = try DigestRenderer.render(digest, format: .text, lang: .fr)
        #expect(text.contains("promesse non tenue"))
    }

    // MARK: agenda

    /// The agenda names the dossier's currency: 12 000 SEK at stake was printed "12 000,00 €".
    @Test func agendaAmountsNameTheDossierCurrency() {
        let asOf = day("2026-03-20")
        var buyer = valbonne()
        buyer.segments = []
        var v = d1(asOf: asOf)
        v.currency = "SEK"
        let items = Agenda.build(views: [v], buyers: [buyer], log: [], promises: [], settings: DeskSettings(), asOf: asOf)
        #expect(items.first?.amountCurrency == "SEK")
        // d1: 12 000.00 unpaid, no interest in the fixture → 12 000,00 SEK at stake.
        let text = Agenda.renderText(items, asOf: asOf, person: nil, lang: .fr)
        #expect(text.contains("— 12\u{202F}000,00\u{00A0}SEK"))
        #expect(!text.contains("€"))
        let ics = Agenda.events(items, lang: .fr)
        #expect(ics.first?.description?.contains("12\u{202F}000,00\u{00A0}SEK") == true)
    }

    @Test func ladderShowsTheLatestMissedStepAndWhatComesWithinTheHorizon() {
        // Due 2026-03-04. Ladder: +1 = 03-05, +15 = 03-19, +30 = 04-03, +45 = 04-18.
        // As of 2026-03-20, horizon 14 days → up to 2026-04-03.
        let asOf = day("2026-03-20")
        var buyer = valbonne()
        buyer.segments = []
        let items = Agenda.build(
            views: [d1(asOf: asOf)], buyers: [buyer], log: [], promises: [], settings: DeskSettings(), asOf: asOf)
        // Steps 1 and 2 are past and not done: only step 2 (escalation) shows; step 3 on 04-03 is within the
        // horizon (inclusive); step 4 on 04-18 is not.
        #expect(items.map(\.date) == [day("2026-03-19"), day("2026-04-03")])
        #expect(items.map(\.step) == [2, 3])
        #expect(items.map(\.contactRole) == ["ordonnateurFinance", "comptableOffice"])
        #expect(items.map(\.overdue) == [true, false])
        #expect(items[0].contactName == "Bruno Petit")
        // A call logged on 2026-03-19 does step 2 (an entry dated on or after the step's date).
        let call = LogEntry(
            id: 1, dossierId: "D1", date: day("2026-03-19"), kind: .call, outcome: .awaitingMandat, text: "appel")
        let after = Agenda.build(
            views: [d1(asOf: asOf)], buyers: [buyer], log: [call], promises: [], settings: DeskSettings(), asOf: asOf)
        #expect(after.map(\.date) == [day("2026-04-03")])
        // A note does not count as an action.
        var note = call
        note.kind = .note
        let withNote = Agenda.build(
            views: [d1(asOf: asOf)], buyers: [buyer], log: [note], promises: [], settings: DeskSettings(), asOf: asOf)
        #expect(withNote.map(\.step) == [2, 3])
    }

    @Test func segmentedBuyerGetsAReminderBeforeTheDueDate() {
        // As of 2026-02-20, due 2026-03-04: reminder 10 days before = 2026-02-22 (Mar 4 − 4 = Feb 28, − 6 = Feb 22).
        // Valbonne has no paid dossier: segment `new`. Horizon: 2026-02-20 + 14 = 2026-03-06, so ladder step 1
        // (2026-03-05) shows too.
        let asOf = day("2026-02-20")
        let items = Agenda.build(
            views: [d1(asOf: asOf)], buyers: [valbonne()], log: [], promises: [], settings: DeskSettings(), asOf: asOf)
        #expect(items.map(\.kind) == [.preDueReminder, .followUp])
        #expect(items.map(\.date) == [day("2026-02-22"), day("2026-03-05")])
        #expect(items[0].segments == [.new])
        // A buyer in the file with no segment: no reminder before the due date (three paid dossiers → not new).
        let paid = (1...3).map {
            view("P\($0)", invoice: "P-\($0)", amount: "100.00", due: "2026-01-10", daysLate: 0, paid: "2026-01-10")
        }
        let quiet = Agenda.build(
            views: [d1(asOf: asOf)] + paid, buyers: [valbonne()], log: [], promises: [], settings: DeskSettings(),
            asOf: asOf)
        #expect(quiet.map(\.kind) == [.followUp])
    }

    @Test func paidAndSupplierHeldDossiersGetNoLadder() {
        let asOf = day("2026-04-10")
        let paid = view("P", invoice: "P", amount: "100.00", due: "2026-03-01", daysLate: 5, paid: "2026-03-06")
        let ours = view(
            "S", invoice: "S", stage: "suspended", holder: "supplier", amount: "100.00", due: "2026-03-01", daysLate: 40
        )
        #expect(
            Agenda.build(views: [paid, ours], buyers: [], log: [], promises: [], settings: DeskSettings(), asOf: asOf)
                .isEmpty)
    }

    @Test func agendaFollowsThePersonAndTheConfiguredLadder() async throws {
        let store: any DeskStore = InMemoryDeskStore()
        try await store.saveBuyer(valbonne())
        let asOf = day("2026-03-10")
        let claire = MandatConfiguration.Person(
            name: "Claire", role: "collector", email: nil, buyers: ["210 600 014 00018"], contracts: nil)
        let paul = MandatConfiguration.Person(
            name: "Paul", role: "collector", email: nil, buyers: [hospitalSiret], contracts: nil)
        var settings = DeskSettings()
        settings.ladderDays = [2, 6]  // steps 3 and 4 keep their defaults, +30 and +45
        let mine = try await DeskActions.agenda(
            store, views: [d1(asOf: asOf)], person: claire, settings: settings, asOf: asOf)
        // Due 2026-03-04: +2 = 03-06 (past), +6 = 03-10 (today: past-or-today, not done) → only step 2, dated
        // 2026-03-10, not overdue (today); +30 = 04-03 is beyond 03-10 + 14 = 03-24.
        #expect(mine.map(\.step) == [2])
        #expect(mine.map(\.date) == [day("2026-03-10")])
        #expect(mine.map(\.overdue) == [false])
        #expect(
            try await DeskActions.agenda(store, views: [d1(asOf: asOf)], person: paul, settings: settings, asOf: asOf)
                .isEmpty)
    }

    // MARK: iCalendar

    @Test func icsFoldsEscapesAndUsesCRLF() throws {
        let long = String(repeating: "é", count: 50)  // 100 octets in UTF-8
        let e = ICalendar.Event(
            uid: "x-1@mandat", date: day("2026-04-03"), summary: "Syndicat; mixte, des eaux \\ Nord",
            description: "ligne 1\nligne 2 " + long)
        let stamp = Date(timeIntervalSince1970: 1_775_000_000)  // 2026-03-31T23:33:20Z
        let ics = ICalendar.render([e], stamp: stamp, name: "Agenda")
        #expect(ics.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        #expect(ics.hasSuffix("END:VCALENDAR\r\n"))
        #expect(ics.contains("SUMMARY:Syndicat\\; mixte\\, des eaux \\\\ Nord\r\n"))
        #expect(ics.contains("DTSTAMP:20260331T233320Z\r\n"))
        #expect(ics.contains("DTSTART;VALUE=DATE:20260403\r\nDTEND;VALUE=DATE:20260404\r\n"))
        // No bare LF, and no physical line over 75 octets.
        let bytes = Array(ics.utf8)
        for (i, b) in bytes.enumerated() where b == 10 { #expect(i > 0 && bytes[i - 1] == 13) }
        for line in ics.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 75) }
        // Unfolding gives back the escaped description, no UTF-8 sequence cut.
        let unfolded = ics.replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded.contains("DESCRIPTION:ligne 1\\nligne 2 " + long + "\r\n"))
    }

    @Test func agendaICSParsesWithPythonICalendar() throws {
        let asOf = day("2026-03-20")
        var buyer = valbonne()
        buyer.name = "Commune de Valbonne-sur-Lys; service, \"eau\" \\ assainissement"
        let items = Agenda.build(
            views: [d1(asOf: asOf)], buyers: [buyer], log: [], promises: [], settings: DeskSettings(), asOf: asOf)
        let ics = ICalendar.render(
            Agenda.events(items, lang: .fr), stamp: Date(timeIntervalSince1970: 0), name: "Claire")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("desk-ics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("agenda.ics").path
        try ics.write(toFile: path, atomically: true, encoding: .utf8)
        let script = """
            import sys
            try:
                import icalendar
            except ImportError:
                print("SKIP"); sys.exit(0)
            cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
            for ev in cal.walk('VEVENT'):
                print(ev['DTSTART'].dt.isoformat(), ev['UID'], '|', str(ev['DESCRIPTION']).split('\\n')[0])
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, path]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = Pipe()
        do { try p.run() } catch {
            print("note: python3 not available, iCalendar parse check skipped")
            return
        }
        p.waitUntilExit()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        if text.hasPrefix("SKIP") || p.terminationStatus != 0 {
            print("note: Python's icalendar is not installed (pip install icalendar): parse check skipped")
            return
        }
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("2026-03-19 ") == true)
        #expect(
            lines.first?.hasSuffix("| F-2026-101 — Commune de Valbonne-sur-Lys; service, \"eau\" \\ assainissement")
                == true)
        #expect(lines.first?.contains(items[0].uid) == true)
    }
}
