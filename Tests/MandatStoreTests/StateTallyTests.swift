import Testing

@testable import MandatStore

/// `StateTally`: the created / updated / removed counts of one import's refresh, kept by fingerprint.
@Suite("State tally")
struct StateTallyTests {
    /// Rows written from an empty state get no before image: each counts as created.
    @Test func freshRowsAreCreated() {
        var t = StateTally()
        t.recordAfter("123456789/F-1/2026-01-05/380", hash: 11)
        t.recordAfter("123456789/F-2/2026-01-06/380", hash: 12)
        // The same dossier written again by a later step: still one dossier.
        t.recordAfter("123456789/F-1/2026-01-05/380", hash: 13)
        #expect(t.seen("123456789/F-1/2026-01-05/380"))
        #expect(t.written("123456789/F-2/2026-01-06/380"))
        #expect(!t.seen("123456789/F-3/2026-01-07/380"))
        let c = t.change
        #expect(c.created == 2)
        #expect(c.updated == 0)
        #expect(c.removed == 0)
    }

    /// Before images decide: same hash unchanged, another hash updated, nil after removed, nil before created.
    @Test func beforeImagesDecide() {
        var t = StateTally()
        t.recordBefore("same", hash: 5)
        t.recordAfter("same", hash: 5)
        t.recordBefore("changed", hash: 5)
        t.recordAfter("changed", hash: 6)
        t.recordBefore("gone", hash: 7)
        t.recordAfter("gone", hash: nil)
        t.recordBefore("new", hash: nil)
        t.recordAfter("new", hash: 3)
        // Met (a before image) but not written: counts nothing.
        t.recordBefore("untouched", hash: 9)
        #expect(t.seen("untouched"))
        #expect(!t.written("untouched"))
        let c = t.change
        #expect(c.created == 1)
        #expect(c.updated == 1)
        #expect(c.removed == 1)
    }

    /// The fingerprint tells ids apart and is the same for equal ids (one process).
    @Test func fingerprints() {
        let a = StateTally.Print("303453708/FB-2025-009917/2025-10-15/380")
        let b = StateTally.Print("303453708/FB-2025-009917/2025-10-15/381")
        #expect(a == StateTally.Print("303453708/FB-2025-009917/2025-10-15/380"))
        #expect(a != b)
        #expect(a.high != a.low)
        // 100 000 ids as the N = 100 000 benchmark names them: no two share a fingerprint.
        let prints = Set((1...100_000).map { StateTally.Print("303453708/FB-2025-\($0)/2025-10-15/380") })
        #expect(prints.count == 100_000)
    }
}
