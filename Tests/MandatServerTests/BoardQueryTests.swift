import Foundation
import MandatCore
import Testing

@testable import MandatServer

/// Query parsing, form decoding and buckets, without HTTP.
@Suite struct BoardQueryTests {
    @Test func defaultsAndParsing() throws {
        let today = try #require(CivilDate(iso: "2026-11-29"))
        let q0 = try BoardQuery(query: [:], today: today)
        #expect(q0.asOf == today && q0.sort == .stake && q0.page == Page(number: 1, size: 50) && !q0.blocked)
        let q = try BoardQuery(
            query: [
                "blocked": "on", "holder": "comptable", "as_of": "2026-01-31", "sort": "due", "page": "3",
                "per_page": "20",
            ],
            today: today)
        #expect(q.blocked && q.holder == .comptable && q.asOf.iso == "2026-01-31" && q.sort == .due)
        #expect(q.page.slice(Array(0..<100)) == Array(40..<60)[...])  // page 3 of 20: items 40…59
        #expect(q.page.pageCount(total: 41) == 3)  // ⌈41 / 20⌉
        #expect(Page(number: 1, size: 50).pageCount(total: 0) == 1)
    }

    @Test func formDecoding() {
        let f = FormCoding.decode("a=1&b=x+y&c=%3Cscript%3E&d&e=%ZZ")
        #expect(f["a"] == "1")
        #expect(f["b"] == "x y")
        #expect(f["c"] == "<script>")
        #expect(f["d"] == "")
        #expect(f["e"] == "%ZZ")  // malformed escape kept as text
        #expect(FormCoding.percentEncode("' OR 1=1 --") == "%27%20OR%201%3D1%20--")
    }

    @Test(arguments: [
        (-11, "not-due"), (0, "not-due"), (1, "1-30"), (30, "1-30"), (31, "31-60"), (90, "61-90"), (91, "90+"),
    ])
    func latenessBuckets(days: Int, bucket: String) {
        #expect(WebController.Totals.bucket(days) == bucket)
    }

    @Test func escaping() {
        #expect(HTML.escape("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        let svg = SVGCharts.bars([("<b>", 10, "EUR")], lang: .fr, title: "t")
        #expect(svg.contains("&lt;b&gt;") && !svg.contains("<b>"))
    }

    @Test func errorMapping() {
        struct Other: Error {}
        #expect(WebError.from(WebError.badCSRF).status == 403)
        let e = WebError.from(Other())
        #expect(e.status == 500 && e.message == "internal error; see the server log")
    }
}

/// The board cache: one computation for concurrent readers, stale board served while a fresh one is computed.
@Suite struct BoardCacheTests {
    actor Counter {
        var n = 0
        func next() -> Int {
            n += 1
            return n
        }
    }

    func entry(_ count: Int) -> BoardCache.Entry {
        // the number of rows tells which computation produced the entry
        BoardCache.Entry(rows: Array(TestData.dossiers.prefix(count).map(\.view)), totals: WebController.Totals([]))
    }

    @Test func servesTheStaleBoardWhileRefreshing() async throws {
        let cache = BoardCache(ttl: 0)  // every entry is already old
        let counter = Counter()
        let make: @Sendable () async throws -> BoardCache.Entry = { self.entry(await counter.next()) }
        #expect(try await cache.board(key: "k", make: make).rows.count == 1)  // first computation, awaited
        #expect(try await cache.board(key: "k", make: make).rows.count == 1)  // stale served; refresh started
        for _ in 0..<100 where await counter.n < 2 { try await Task.sleep(nanoseconds: 10_000_000) }
        try await Task.sleep(nanoseconds: 50_000_000)
        #expect(try await cache.board(key: "k", make: make).rows.count == 2)  // the refreshed board
    }

    @Test func concurrentMissesComputeOnce() async throws {
        let cache = BoardCache(ttl: 60)
        let counter = Counter()
        let make: @Sendable () async throws -> BoardCache.Entry = {
            try await Task.sleep(nanoseconds: 20_000_000)
            return self.entry(await counter.next())
        }
        try await withThrowingTaskGroup(of: Int.self) { g in
            for _ in 0..<10 { g.addTask { try await cache.board(key: "k", make: make).rows.count } }
            for try await n in g { #expect(n == 1) }
        }
        #expect(await counter.n == 1)
    }

    @Test func aKnownVersionIsKeptWithoutRecomputation() async throws {
        let cache = BoardCache(ttl: 0)  // the TTL plays no part once the data version is known
        let counter = Counter()
        let make: @Sendable () async throws -> BoardCache.Entry = { self.entry(await counter.next()) }
        for _ in 0..<5 { #expect(try await cache.board(key: "k", version: "v1", make: make).rows.count == 1) }
        try await Task.sleep(nanoseconds: 20_000_000)
        #expect(await counter.n == 1)  // 5 requests, 1 computation, no background refresh
    }

    @Test func aNewVersionIsComputedAndAwaitedByTheNextRequest() async throws {
        let cache = BoardCache(ttl: 60)
        let counter = Counter()
        let make: @Sendable () async throws -> BoardCache.Entry = { self.entry(await counter.next()) }
        #expect(try await cache.board(key: "k", version: "v1", make: make).rows.count == 1)
        // new facts: the very next request gets the board over them (2nd computation), not the previous one
        #expect(try await cache.board(key: "k", version: "v2", make: make).rows.count == 2)
        #expect(try await cache.board(key: "k", version: "v2", make: make).rows.count == 2)
        #expect(await counter.n == 2)
    }

    @Test func theLeastRecentlyUsedFilterSetGoesFirst() async throws {
        let cache = BoardCache(ttl: 60, capacity: 2)
        let counter = Counter()
        let make: @Sendable () async throws -> BoardCache.Entry = { self.entry(await counter.next()) }
        #expect(try await cache.board(key: "a", version: "v", make: make).rows.count == 1)
        #expect(try await cache.board(key: "b", version: "v", make: make).rows.count == 2)
        #expect(try await cache.board(key: "a", version: "v", make: make).rows.count == 1)  // a used again
        #expect(try await cache.board(key: "c", version: "v", make: make).rows.count == 3)  // b dropped
        #expect(try await cache.board(key: "a", version: "v", make: make).rows.count == 1)  // a kept
        _ = try await cache.board(key: "b", version: "v", make: make)  // b computed again (a 4th computation;
        #expect(await counter.n == 4)  // TestData has 3 dossiers, so its entry also shows 3 rows)
    }

    @Test func aPageOfAnEntryReadsThroughItsOrder() {
        // rows d1, d2, d3; order [2, 0]: the board is d3 then d1; page 2 of size 1 is d1
        let all = TestData.dossiers.map(\.view)
        let e = BoardCache.Entry(all: all, order: [2, 0], totals: WebController.Totals(all, order: [2, 0]))
        #expect(e.count == 2)
        #expect(e.rows(Page(number: 2, size: 1)).map(\.id) == ["d1"])
        #expect(e.rows(Page(number: 3, size: 1)).isEmpty)
        // totals over d3 and d1 only: amount due 800,00 + 12 000,00 = 12 800,00; at stake 49,87 + 12 000,00
        #expect(e.totals.amountDue.byCurrency == ["EUR": Decimal(string: "12800.00")!])
        #expect(e.totals.moneyAtStake.byCurrency == ["EUR": Decimal(string: "12049.87")!])
    }

    @Test("Board totals per currency: 4 820,15 SEK is never added to euros; one bar per currency")
    func totalsPerCurrency() {
        // d1: 12 000,00 € due, 29 days late, at the comptable; the same dossier in SEK, 4 820,15 due.
        let d1 = TestData.dossiers[0].view
        var sek = d1
        sek.id = "d1-sek"
        sek.currency = "SEK"
        sek.amountDue = Decimal(string: "4820.15")
        sek.moneyAtStake = Decimal(string: "4820.15")!
        let t = WebController.Totals([d1, sek])
        #expect(t.amountDue.byCurrency == ["EUR": Decimal(string: "12000.00")!, "SEK": Decimal(string: "4820.15")!])
        #expect(t.amountDue.text(.fr) == "12\u{202F}000,00\u{00A0}€ + 4\u{202F}820,15\u{00A0}SEK")
        #expect(t.byHolder.map(\.currency) == ["EUR", "SEK"])
        #expect(t.byHolder.map(\.label) == ["comptable", "comptable"])
        #expect(t.byLateness.map(\.label) == ["1-30", "1-30"])
        // One scale per currency: each bar is the largest of its own currency, so both are full width (200 px).
        let svg = SVGCharts.bars(t.byHolder.map { ($0.label, $0.amount, $0.currency) }, lang: .fr, title: "t")
        #expect(svg.components(separatedBy: "width=\"200\"").count == 3)
        #expect(svg.contains("4\u{202F}820,15\u{00A0}SEK"))
    }
}

/// Rendered pages kept per data version: least recently used first out, bounded in entries and bytes.
@Suite struct RenderedCacheTests {
    @Test func keepsUpToItsCapacityAndDropsTheLeastRecentlyUsed() async {
        let cache = RenderedCache(capacity: 2)
        await cache.keep("A", for: "a")
        await cache.keep("B", for: "b")
        #expect(await cache.text("a") == "A")  // a used after b
        await cache.keep("C", for: "c")  // full: b goes
        #expect(await cache.text("b") == nil)
        #expect(await cache.text("a") == "A")
        #expect(await cache.text("c") == "C")
        #expect(await cache.count == 2)
    }

    @Test func staysWithinItsBytes() async {
        let cache = RenderedCache(capacity: 10, maxBytes: 10)
        await cache.keep("éé", for: "x")  // 4 bytes of UTF-8
        await cache.keep("123456", for: "y")  // 4 + 6 = 10: both fit
        #expect(await cache.count == 2)
        await cache.keep("z", for: "z")  // 11 > 10: x (least recently used) goes
        #expect(await cache.text("x") == nil)
        #expect(await cache.text("y") == "123456")
        await cache.keep(String(repeating: "w", count: 11), for: "w")  // larger than the whole cache: not kept
        #expect(await cache.text("w") == nil)
        #expect(await cache.count == 2)
    }

    @Test func theKeyCarriesVersionFiltersPageAndLanguage() throws {
        let today = try #require(CivilDate(iso: "2026-11-29"))
        let q = try BoardQuery(query: ["blocked": "1", "page": "2"], today: today)
        #expect(
            WebController.renderedKey("page", q, lang: .en, version: "v7")
                == "page|v7|blocked=1&as_of=2026-11-29&sort=stake&lang=en&page=2&per_page=50")
        #expect(WebController.renderedKey("page", q, lang: .fr, version: nil) == nil)
    }
}
