import Foundation
import MandatCore
import MandatStore
import Testing

@testable import MandatReports

@Suite("Desk: a scripted session")
struct DeskSessionTests {
    /// Given the buyer file and one late dossier, a collector logs two calls, obtains a promise, corrects an entry;
    /// the promise expires; it shows as a blockage in the digest and as a call-back in the agenda.
    @Test func logPromiseExpireSeeBlockageAndAgenda() async throws {
        let store: any DeskStore = InMemoryDeskStore()
        try await store.saveBuyer(valbonne())
        let views = [d1(asOf: day("2026-03-19"))]
        let v = try DeskActions.resolve("F-2026-101", in: views)
        #expect(v.id == "D1")

        // When: 2026-03-05 voicemail; 2026-03-19 reached, mandat promised by 2026-03-31; a correction of the first.
        let first = try await DeskActions.log(
            store, dossier: v, date: day("2026-03-05"), kind: .call, contact: "Aline Martin", outcome: .voicemail,
            text: "message laissé")
        let second = try await DeskActions.log(
            store, dossier: v, date: day("2026-03-19"), kind: .call, contact: "Bruno Petit", outcome: .awaitingMandat,
            text: "mandat dans le bordereau de fin mars")
        let p = try await DeskActions.promise(
            store, dossier: v, madeOn: day("2026-03-19"), by: day("2026-03-31"), side: .ordonnateur, what: .mandat,
            contact: "Bruno Petit")
        let fix = try await DeskActions.log(
            store, dossier: v, date: day("2026-03-19"), kind: .note, contact: nil, outcome: .wrongPerson,
            text: "le 05/03 : la ligne était celle de l'accueil", corrects: first.id)
        #expect([first.id, second.id, fix.id] as [Int] == [1, 2, 3])
        #expect(p.id == 1)
        let text = DeskActions.renderLog(try await store.log(dossierId: "D1"), lang: .fr)
        #expect(
            text == """
                #1 05/03/2026 appel — Aline Martin — messagerie — message laissé [corrigée par #3]
                #2 19/03/2026 appel — Bruno Petit — en attente du mandatement — mandat dans le bordereau de fin mars
                #3 19/03/2026 note — mauvais interlocuteur — le 05/03 : la ligne était celle de l'accueil [corrige #1]

                """)

        // On 2026-03-31 the promise is still open: no blockage; the agenda shows it falling due that day.
        let mar31 = day("2026-03-31")
        #expect(try await DeskActions.reopen(store, views: [d1(asOf: mar31)], asOf: mar31)[0].findings.isEmpty)
        let before = try await DeskActions.agenda(
            store, views: [d1(asOf: mar31)], person: nil, settings: DeskSettings(), asOf: mar31)
        #expect(before.map(\.kind) == [.promiseDue, .followUp])
        #expect(before.map(\.date) == [mar31, day("2026-04-03")])

        // Then, as of 2026-04-02, no mandat: the promise expired on 2026-04-01.
        let apr2 = day("2026-04-02")
        let reopened = try await DeskActions.reopen(store, views: [d1(asOf: apr2)], asOf: apr2)
        let digest = DigestBuilder.build(
            views: reopened, asOf: apr2, previous: nil, since: nil, person: "Claire", lang: .fr)
        let blockage = try #require(digest.openBlockages.first)
        #expect(blockage.code == "promise-expired")
        #expect(blockage.since == day("2026-04-01"))
        #expect(blockage.daysOverShare == 2)  // 2026-03-31 → 2026-04-02: 2 days past the promised date
        let agenda = try await DeskActions.agenda(
            store, views: [d1(asOf: apr2)], person: nil, settings: DeskSettings(), asOf: apr2)
        // The call-back dated 2026-04-01 (overdue), then ladder step 3 on 2026-04-03 (step 2, 03-19, was done by
        // the call that day).
        #expect(agenda.map(\.kind) == [.promiseExpired, .followUp])
        #expect(agenda.map(\.date) == [day("2026-04-01"), day("2026-04-03")])
        #expect(agenda[0].overdue)
        let rendered = Agenda.renderText(agenda, asOf: apr2, person: "Claire", lang: .fr)
        #expect(
            rendered.contains(
                "01/04/2026  F-2026-101 · Commune de Valbonne-sur-Lys — promesse non tenue (#1) : rappeler le service financier de l'ordonnateur (Bruno Petit, 04 93 00 00 02)"
            ))

        // A correction must point at an entry of the same dossier, and at one that exists.
        let other = view("D2", invoice: "F-2026-102", amount: "1.00", due: nil, daysLate: nil)
        await #expect(throws: DeskError.self) {
            try await DeskActions.log(
                store, dossier: other, date: apr2, kind: .note, contact: nil, outcome: nil, text: "x", corrects: 1)
        }
        await #expect(throws: DeskError.self) {
            try await DeskActions.log(
                store, dossier: v, date: apr2, kind: .note, contact: nil, outcome: nil, text: "x", corrects: 99)
        }
    }

    @Test func fileStoreKeepsTheSameData() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("desk-\(UUID().uuidString).json").path
        let a = FileDeskStore(path: path)
        try await a.saveBuyer(valbonne())
        let e = try await a.appendLog(LogEntry(dossierId: "D1", date: day("2026-03-05"), kind: .call, text: "appel"))
        _ = try await a.addPromise(
            Promise(dossierId: "D1", madeOn: day("2026-03-05"), by: day("2026-03-10"), side: .comptable, what: .payment)
        )
        let b = FileDeskStore(path: path)  // a second process, say
        #expect(try await b.buyers() == [valbonne()])
        #expect(try await b.log(dossierId: "D1") == [e])
        #expect(try await b.promises(dossierId: nil).map(\.by) == [day("2026-03-10")])
        #expect(try await b.log(dossierId: "D2").isEmpty)
    }
}
