import Foundation
import MandatCore
import Testing

@testable import MandatStore

/// `ParallelWork` (the read side's work on every core) and the chunked decoding `status` uses.
@Suite("Parallel work")
struct ParallelWorkTests {
    @Test func chunksKeepTheOrder() {
        let items = Array(0..<1000)
        // 2 cores × 4 chunks = 8 chunks (1000 / 8 = 125 ≥ the minimum 8), 125 items each.
        let sizes = ParallelWork.mapChunks(items, minimumChunk: 8, cores: 2) { [$0.count] }
        #expect(sizes == [125, 125, 125, 125, 125, 125, 125, 125])
        let tripled = ParallelWork.map(items, minimumChunk: 8, cores: 2) { $0 * 3 }
        #expect(tripled.count == 1000)
        #expect(tripled[0] == 0 && tripled[1] == 3 && tripled[999] == 2997)  // 999 × 3 = 2997
        #expect(tripled == items.map { $0 * 3 })
    }

    @Test func smallInputsStayOnOneThread() {
        // 10 items < 2 × 8: one chunk, the calling thread.
        #expect(ParallelWork.mapChunks(Array(0..<10), minimumChunk: 8, cores: 2) { [$0.count] } == [10])
        #expect(ParallelWork.mapChunks([Int](), minimumChunk: 8, cores: 2) { [$0.count] } == [0])
        // One core: one chunk whatever the size.
        #expect(ParallelWork.mapChunks(Array(0..<1000), minimumChunk: 8, cores: 1) { [$0.count] } == [1000])
    }

    struct Bad: Error, Equatable { let item: Int }

    @Test func theFirstErrorInOrderIsThrown() {
        // 200 items, 8 chunks of 25: 30 is in chunk 1, 150 in chunk 6; 30's error comes first.
        #expect(throws: Bad(item: 30)) {
            try ParallelWork.tryMap(Array(0..<200), minimumChunk: 8, cores: 2) { i -> Int in
                if i == 30 || i == 150 { throw Bad(item: i) }
                return i
            }
        }
    }

    @Test func decodesStoredJSONOnEveryCoreInOrder() throws {
        let events = (0..<100).map { i in
            Synthetic.event(.deposited, "01", on: "2025-03-02", number: "F-\(i)", line: i + 1)
        }
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        let texts = try events.map { String(decoding: try enc.encode($0), as: UTF8.self) }
        // 100 texts, minimum chunk 32: min(2 × 4, 100 / 32 = 3) = 3 chunks of 34, 34, 32.
        let decoded = try SQLMandatStore.decodeAll(ChainEvent.self, texts: texts, "events", cores: 2)
        #expect(decoded == events)
        #expect(decoded[57].invoice?.number == "F-57" && decoded[57].sourceRef.line == 58)
        var bad = texts
        bad[70] = "{"
        do {
            _ = try SQLMandatStore.decodeAll(ChainEvent.self, texts: bad, "events", cores: 2)
            Issue.record("a bad row must throw")
        } catch let e as StoreError {
            #expect(e.code == "store.decode")
            #expect(e.message == "a row of events is not a valid ChainEvent")
        }
    }

    @Test func boardRowsOnEveryCoreMatchOneThread() {
        // 300 dossiers of one invoice (amounts 100, 101 … 399: distinct, so the sort is total) and its deposit
        // (≥ 2 × 32: the board takes the parallel path).
        let facts = StoredFacts(
            invoices: (0..<300).map { i in Synthetic.invoice("F-\(i)", due: Decimal(100 + i)) },
            events: (0..<300).map { i in
                Synthetic.event(.deposited, "01", on: "2025-03-02", number: "F-\(i)", line: i + 1)
            })
        let dossiers = DossierLinker.build(facts).dossiers
        #expect(dossiers.count == 300)
        let day = Synthetic.date("2025-04-30")
        let law = LawAssessor()
        let serial = dossiers.map { BoardRow($0, asOf: day, assessor: law) }
            .sorted { a, b in
                a.moneyAtStake != b.moneyAtStake ? a.moneyAtStake > b.moneyAtStake : a.dossierId < b.dossierId
            }
        let rows = Board.rows(dossiers, asOf: day, assessor: law)
        #expect(rows == serial)
        // The largest amount first: 399 = 100 + 299 (interest, when any, grows with the amount).
        #expect(rows.first?.invoiceNumber == "F-299")
    }
}
