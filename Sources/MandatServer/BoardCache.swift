import Foundation
import MandatCore
import MandatReports

/// Keeps the filtered and sorted board per filter set, so that paging through a large board (100 000 dossiers)
/// does not rebuild and sort it on every request. Concurrent requests for the same board wait for one computation.
///
/// When the repository tells its data version (`DashboardRepository.dataVersion()`), an entry is kept for as long
/// as that version holds and recomputed, awaited, by the first request that sees another version: a new import is
/// on the next board, and nothing is recomputed while nothing changes. Without a version, an entry is refreshed
/// after `ttl` seconds (15 by default), the previous board being served meanwhile. Writes to the log or promises do
/// not change the board (they are not part of the law's assessment). At most `capacity` filter sets are kept (the
/// least recently used goes first). `Sendable` (an actor).
actor BoardCache {
    /// A computed board: the repository's dossiers (`all`, shared, not copied), the positions of the rows that
    /// pass the filters in board order, and their totals.
    struct Entry: Sendable {
        let all: [DossierView]
        let order: [Int]
        let totals: WebController.Totals

        init(all: [DossierView], order: [Int], totals: WebController.Totals) {
            self.all = all
            self.order = order
            self.totals = totals
        }

        /// An entry holding exactly `rows` (tests, small boards).
        init(rows: [DossierView], totals: WebController.Totals) {
            self.init(all: rows, order: Array(rows.indices), totals: totals)
        }

        /// Number of rows on the board.
        var count: Int { order.count }

        /// The rows of one page, in board order.
        func rows(_ page: Page) -> [DossierView] { page.slice(order).map { all[$0] } }

        /// Every row, in board order (tests).
        var rows: [DossierView] { order.map { all[$0] } }
    }

    struct Slot {
        var at: Date
        /// When it was last asked for (a counter: the least recently used entry has the smallest).
        var used: Int
        var version: String?
        var task: Task<Entry, any Error>
    }

    let ttl: TimeInterval
    let capacity: Int
    var entries: [String: Slot] = [:]
    var refreshing: Set<String> = []
    var tick = 0
    /// How many boards were computed (tests and the server log).
    private(set) var computations = 0

    init(ttl: TimeInterval = 15, capacity: Int = 64) {
        self.ttl = ttl
        self.capacity = max(1, capacity)
    }

    /// The board for `key` at data `version`, computed by `make` when absent or when the version changed.
    /// With a `nil` version: when older than the TTL, the previous board is served while a fresh one is computed in
    /// the background (no request waits for the recomputation).
    func board(key: String, version: String? = nil, make: @escaping @Sendable () async throws -> Entry) async throws
        -> Entry
    {
        let now = Date()
        tick += 1
        if var e = entries[key] {
            e.used = tick
            entries[key] = e
            if let version, e.version == version { return try await e.task.value }
            if version == nil, e.version == nil {
                if now.timeIntervalSince(e.at) >= ttl, !refreshing.contains(key) {
                    refreshing.insert(key)
                    let fresh = Task { try await make() }
                    computations += 1
                    Task { await self.install(key: key, task: fresh) }
                }
                return try await e.task.value
            }
            // The data changed: this request and the next ones wait for the board over the new data.
        }
        if entries[key] == nil, entries.count >= capacity { evict(now: now) }
        let task = Task { try await make() }
        computations += 1
        entries[key] = Slot(at: now, used: tick, version: version, task: task)
        do {
            return try await task.value
        } catch {
            if let e = entries[key], e.version == version, e.at == now { entries[key] = nil }
            throw error
        }
    }

    /// Drops the entry used least recently (and every entry past its TTL when versions are unknown).
    private func evict(now: Date) {
        entries = entries.filter { $0.value.version != nil || now.timeIntervalSince($0.value.at) < ttl }
        while entries.count >= capacity, let oldest = entries.min(by: { $0.value.used < $1.value.used })?.key {
            entries[oldest] = nil
        }
    }

    /// Replaces an entry once its background recomputation has succeeded (a failure keeps the previous one).
    func install(key: String, task: Task<Entry, any Error>) async {
        if (try? await task.value) != nil, entries[key]?.version == nil {
            entries[key] = Slot(at: Date(), used: entries[key]?.used ?? tick, version: nil, task: task)
        }
        refreshing.remove(key)
    }
}

/// Rendered text (a board page's body, an API board's JSON) kept per data version and request, so that the same
/// page asked again while the data has not changed is not rendered again. Keys carry the repository's data version:
/// an import gives new keys, and the old entries age out. At most `capacity` entries and `maxBytes` of text (UTF-8),
/// the least recently used going first. `Sendable` (an actor).
actor RenderedCache {
    let capacity: Int
    let maxBytes: Int
    private var items: [String: (used: Int, text: String)] = [:]
    private var bytes = 0
    private var tick = 0

    init(capacity: Int = 256, maxBytes: Int = 64 << 20) {
        self.capacity = max(1, capacity)
        self.maxBytes = max(1, maxBytes)
    }

    /// The text kept for `key`, or `nil`.
    func text(_ key: String) -> String? {
        guard var item = items[key] else { return nil }
        tick += 1
        item.used = tick
        items[key] = item
        return item.text
    }

    /// Keeps `text` for `key` (a text larger than `maxBytes` is not kept).
    func keep(_ text: String, for key: String) {
        let size = text.utf8.count
        guard size <= maxBytes else { return }
        if let old = items.removeValue(forKey: key) { bytes -= old.text.utf8.count }
        while !items.isEmpty, items.count >= capacity || bytes + size > maxBytes,
            let oldest = items.min(by: { $0.value.used < $1.value.used })
        {
            bytes -= oldest.value.text.utf8.count
            items[oldest.key] = nil
        }
        tick += 1
        items[key] = (tick, text)
        bytes += size
    }

    /// Number of entries kept (tests).
    var count: Int { items.count }
}
