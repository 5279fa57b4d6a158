import Foundation
import SQLKit

/// What identifies the facts a store holds, cheaply: the number of imported files and the last file's sequence
/// number. Every import writes one row in `files` first (facts are never written without it) and files are never
/// removed, so the facts can only have changed when this value has. `Sendable`.
public struct StoreDataVersion: Hashable, Sendable, CustomStringConvertible {
    /// Rows in `files` (imported files, failed ones included).
    public var files: Int
    /// Highest `files.seq` (0 for an empty store).
    public var lastSeq: Int
    public init(files: Int, lastSeq: Int) {
        self.files = files
        self.lastSeq = lastSeq
    }
    /// `files-<count>-seq-<last>`: stable text, usable as a cache key.
    public var description: String { "files-\(files)-seq-\(lastSeq)" }
}

extension SQLMandatStore {
    /// The store's data version: one query over `files` (a count and a maximum: a scan of that table, not of
    /// the facts). Read-only, like the web account queries: it does not wait for a running transaction of
    /// this connection.
    /// - Throws: `StoreError` `store.read` when the query fails.
    public func dataVersion() async throws -> StoreDataVersion {
        do {
            let row = try await db.raw("SELECT COUNT(*) AS n, COALESCE(MAX(seq), 0) AS s FROM files").first()
            return StoreDataVersion(
                files: try row?.decode(column: "n", as: Int.self) ?? 0,
                lastSeq: try row?.decode(column: "s", as: Int.self) ?? 0)
        } catch {
            throw StoreError(code: "store.read", message: "cannot read the data version", cause: "\(error)")
        }
    }
}
