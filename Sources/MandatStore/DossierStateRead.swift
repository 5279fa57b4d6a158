import Foundation
import MandatCore
import SQLKit

extension SQLMandatStore {
    /// The `json` column of `rows` decoded as `T` (`StoredFact`: the compact form or older JSON), in the rows'
    /// order: the texts (and the keys, for the messages) are taken on the calling thread, then decoded on every
    /// core (`decodeAll(_:texts:_:keys:)`).
    ///
    /// - Parameter keyColumn: the column holding each row's key (named in a `store.decode` error).
    static func decodeAll<T: StoredFact>(
        _ t: T.Type, _ rows: [any SQLRow], _ table: String, keyColumn: String = "k"
    ) throws -> [T] {
        try decodeAll(
            T.self, texts: rows.map { try $0.decode(column: "json", as: String.self) }, table,
            keys: rows.map { try $0.decode(column: keyColumn, as: String.self) })
    }

    /// Stored fact texts decoded as `T` on every core (one `JSONDecoder` per chunk, for older rows), in order. A
    /// bad text throws the same `store.decode` error as `decodeFact` (the first bad one in order), naming its key
    /// when `keys` (parallel to `texts`) are given.
    static func decodeAll<T: StoredFact>(
        _ t: T.Type, texts: [String], _ table: String, keys: [String]? = nil,
        cores: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws -> [T] {
        let indices = Array(texts.indices)
        let chunks: [Result<[T], any Error>] = ParallelWork.mapChunks(indices, minimumChunk: 32, cores: cores) {
            chunk in
            let dec = JSONDecoder()
            return [Result { try chunk.map { try decodeFact(T.self, texts[$0], dec, table, key: keys?[$0]) } }]
        }
        var out: [T] = []
        out.reserveCapacity(texts.count)
        for c in chunks { out += try c.get() }
        return out
    }

    /// Stored dossier texts (`StoredDossier`) decoded on every core, in order. A bad text throws `store.decode`
    /// (the first bad one in order).
    static func decodeDossiers(_ texts: [String]) throws -> [Dossier] {
        try ParallelWork.tryMap(texts, minimumChunk: 32) { try decodeDossier($0) }
    }

    /// The board rows of stored dossier texts as of `asOf`, those `filter` accepts, sorted as `Board.rows` sorts
    /// them. Each chunk of texts is decoded and assessed on one core and only its rows are kept, so the memory
    /// holds the texts, the rows and a few chunks' dossiers, not every dossier at once.
    static func boardRows(
        _ texts: [String], asOf: CivilDate, filter: BoardFilter, assessor: any DossierAssessing,
        cores: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws -> [BoardRow] {
        Board.sorted(try unsortedBoardRows(texts, asOf: asOf, filter: filter, assessor: assessor, cores: cores))
    }

    /// `boardRows` in the texts' order, not sorted.
    static func unsortedBoardRows(
        _ texts: [String], asOf: CivilDate, filter: BoardFilter, assessor: any DossierAssessing,
        cores: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws -> [BoardRow] {
        let chunks: [Result<[BoardRow], any Error>] = ParallelWork.mapChunks(texts, minimumChunk: 32, cores: cores) {
            chunk in
            [
                Result {
                    var rows: [BoardRow] = []
                    for text in chunk {
                        let dossier = try decodeDossier(text)
                        // Not yet in existence on `asOf`: no row (the rule of `Board.rows`).
                        guard dossier.existed(on: asOf) else { continue }
                        let row = BoardRow(dossier, asOf: asOf, assessor: assessor)
                        if filter.accepts(row) { rows.append(row) }
                    }
                    return rows
                }
            ]
        }
        var out: [BoardRow] = []
        for c in chunks { out += try c.get() }
        return out
    }

    /// One stored dossier text, or `store.decode`.
    static func decodeDossier(_ text: String) throws -> Dossier {
        do {
            return try StoredDossier.decode(text, json: JSONDecoder())
        } catch {
            throw StoreError(
                code: "store.decode", message: "a row of dossier_state is not a valid stored dossier",
                cause: describe(error))
        }
    }

    /// One stored fact text as `T`, or `store.decode` naming the table, the row's key (when known) and, in its
    /// cause, the byte offset of the damage.
    static func decodeFact<T: StoredFact>(
        _ t: T.Type, _ text: String, _ dec: JSONDecoder, _ table: String, key: String? = nil
    ) throws -> T {
        do {
            return try T.fromStoredText(text, json: dec)
        } catch {
            let row = key.map { "row \($0) of \(table)" } ?? "a row of \(table)"
            throw StoreError(code: "store.decode", message: "\(row) is not a valid \(T.self)", cause: describe(error))
        }
    }
}

/// Texts of stored rows gathered from a database's row callback and handed on in batches (or kept whole).
/// `@unchecked Sendable`: every access holds the lock.
final class TextBatches: @unchecked Sendable {
    private let lock = NSLock()
    private let batch: Int
    private let each: (@Sendable ([String]) -> Void)?
    private var texts: [String] = []
    private var kept: [String] = []
    private var failure: (any Error)?

    /// Batches of `batch` texts go to `each`.
    init(batch: Int, _ each: @escaping @Sendable ([String]) -> Void) {
        self.batch = max(1, batch)
        self.each = each
    }

    /// Every text is kept, for `all()`.
    init() {
        batch = Int.max
        each = nil
    }

    /// Adds a batch of texts (as a `stateRead` consumer): kept for `all()`.
    func add(_ batch: [String]) { lock.withLock { kept += batch } }

    /// Adds the `json` column of a row; hands the batch on when full. A row without a text column is remembered
    /// and thrown by `flush()`.
    func add(_ row: any SQLRow) {
        lock.withLock {
            guard failure == nil else { return }
            do {
                texts.append(try row.decode(column: "json", as: String.self))
            } catch {
                failure = error
                return
            }
            if texts.count >= batch, let each {
                each(texts)
                texts = []
            }
        }
    }

    /// Hands on the last batch; throws the first row error.
    func flush() throws {
        try lock.withLock {
            if let failure { throw failure }
            if !texts.isEmpty, let each { each(texts) }
            texts = []
        }
    }

    /// The texts added as batches, in order.
    func all() throws -> [String] { lock.withLock { kept } }
}

/// Board rows built batch by batch from stored texts as the database hands them over (`dossierStateBoard`):
/// each batch is decoded and assessed on every core, only the rows kept. `@unchecked Sendable`: every access
/// holds the lock.
final class BoardRowSink: @unchecked Sendable {
    /// Texts per batch: about 2 000 × 2.8 kB in memory at once, 8 chunks of 256 for two cores.
    static let batch = 2048

    private let lock = NSLock()
    private let asOf: CivilDate
    private let filter: BoardFilter
    private let assessor: any DossierAssessing
    private var rows: [BoardRow] = []
    private var failure: (any Error)?

    init(asOf: CivilDate, filter: BoardFilter, assessor: any DossierAssessing) {
        self.asOf = asOf
        self.filter = filter
        self.assessor = assessor
    }

    /// Decodes and assesses one batch (after a failure, nothing more).
    func add(_ texts: [String]) {
        lock.withLock {
            guard failure == nil else { return }
            do {
                rows += try SQLMandatStore.unsortedBoardRows(texts, asOf: asOf, filter: filter, assessor: assessor)
            } catch {
                failure = error
            }
        }
    }

    /// The rows in the board's order, or the first error (in the rows' order).
    func finish() throws -> [BoardRow] {
        try lock.withLock {
            if let failure { throw failure }
            return Board.sorted(rows)
        }
    }
}
