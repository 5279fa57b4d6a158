import Foundation
import MandatCore
import SQLKit

extension SQLMandatStore {
    /// The `json` column of `rows` decoded as `T`, in the rows' order: the texts are taken on the calling
    /// thread, then decoded on every core (`decodeAll(_:texts:_:)`).
    static func decodeAll<T: Decodable & Sendable>(_ t: T.Type, _ rows: [any SQLRow], _ table: String) throws -> [T] {
        try decodeAll(T.self, texts: rows.map { try $0.decode(column: "json", as: String.self) }, table)
    }

    /// JSON texts decoded as `T` on every core (one `JSONDecoder` per chunk), in order. A bad text throws the
    /// same `store.decode` error as `decode(_:_:_:_:)` (the first bad one in order).
    static func decodeAll<T: Decodable & Sendable>(
        _ t: T.Type, texts: [String], _ table: String, cores: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws -> [T] {
        let chunks: [Result<[T], any Error>] = ParallelWork.mapChunks(texts, minimumChunk: 32, cores: cores) { chunk in
            let dec = JSONDecoder()
            return [Result { try chunk.map { try decodeJSON(T.self, $0, dec, table) } }]
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
        let chunks: [Result<[BoardRow], any Error>] = ParallelWork.mapChunks(texts, minimumChunk: 32, cores: cores) {
            chunk in
            [
                Result {
                    var rows: [BoardRow] = []
                    for text in chunk {
                        let row = BoardRow(try decodeDossier(text), asOf: asOf, assessor: assessor)
                        if filter.accepts(row) { rows.append(row) }
                    }
                    return rows
                }
            ]
        }
        var out: [BoardRow] = []
        for c in chunks { out += try c.get() }
        return Board.sorted(out)
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

    /// One stored JSON text as `T`, or `store.decode`.
    static func decodeJSON<T: Decodable>(_ t: T.Type, _ text: String, _ dec: JSONDecoder, _ table: String) throws -> T {
        do {
            return try dec.decode(T.self, from: Data(text.utf8))
        } catch {
            throw StoreError(
                code: "store.decode", message: "a row of \(table) is not a valid \(T.self)", cause: describe(error))
        }
    }
}
