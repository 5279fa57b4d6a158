import Foundation
import MandatCore
import MandatReports

/// Keeps the filtered and sorted board for a few seconds, so that paging through a large board (100 000 dossiers)
/// does not rebuild and sort it on every request. Concurrent requests for the same board wait for one computation.
///
/// Entries are refreshed after `ttl` seconds (15 by default); writes to the log or promises do not change the board (they are not
/// part of the law's assessment), so nothing else invalidates them. `Sendable` (an actor).
actor BoardCache {
    struct Entry: Sendable {
        let rows: [DossierView]
        let totals: WebController.Totals
    }

    let ttl: TimeInterval
    var entries: [String: (at: Date, task: Task<Entry, any Error>)] = [:]
    var refreshing: Set<String> = []

    init(ttl: TimeInterval = 15) { self.ttl = ttl }

    /// The board for `key`, computed by `make` when absent. When older than the TTL, the previous board is
    /// served while a fresh one is computed in the background (no request waits for the recomputation).
    func board(key: String, make: @escaping @Sendable () async throws -> Entry) async throws -> Entry {
        let now = Date()
        if let e = entries[key] {
            if now.timeIntervalSince(e.at) >= ttl, !refreshing.contains(key) {
                refreshing.insert(key)
                let fresh = Task { try await make() }
                Task { await self.install(key: key, task: fresh) }
            }
            return try await e.task.value
        }
        if entries.count > 256 { entries = entries.filter { now.timeIntervalSince($0.value.at) < ttl } }
        let task = Task { try await make() }
        entries[key] = (now, task)
        do {
            return try await task.value
        } catch {
            entries[key] = nil
            throw error
        }
    }

    /// Replaces an entry once its background recomputation has succeeded (a failure keeps the previous one).
    func install(key: String, task: Task<Entry, any Error>) async {
        if (try? await task.value) != nil { entries[key] = (Date(), task) }
        refreshing.remove(key)
    }
}
