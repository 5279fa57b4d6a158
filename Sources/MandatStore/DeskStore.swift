import Foundation
import MandatCore

/// Where the desk keeps its buyer file, action log and promises.
///
/// `Sendable`; implementations: `InMemoryDeskStore` (tests), `FileDeskStore` (one JSON file) and `SQLDeskStore`
/// (SQLite, PostgreSQL; `DeskSQLStore.swift`). The log and the promises are append-only:
/// there is no update nor delete for them.
public protocol DeskStore: Sendable {
    /// All buyers, ordered by SIRET.
    func buyers() async throws -> [BuyerRecord]
    /// The buyer with this SIRET (digits), if any.
    func buyer(siret: String) async throws -> BuyerRecord?
    /// Inserts or replaces the buyer with the same SIRET.
    func saveBuyer(_ buyer: BuyerRecord) async throws
    /// Appends a log entry; the store assigns its `id` (ignoring the one given) and returns the stored entry.
    /// - Throws: `DeskError` (`unknown-entry`) when `corrects` names no entry.
    func appendLog(_ entry: LogEntry) async throws -> LogEntry
    /// Log entries, oldest first (by date, then id); all dossiers when `dossierId` is nil.
    func log(dossierId: String?) async throws -> [LogEntry]
    /// Records a promise; the store assigns its `id`.
    func addPromise(_ promise: Promise) async throws -> Promise
    /// Promises, oldest first (by id); all dossiers when `dossierId` is nil.
    func promises(dossierId: String?) async throws -> [Promise]
}

/// The desk's data as one value: the in-memory and file stores keep this.
public struct DeskData: Codable, Sendable, Equatable {
    public var buyers: [BuyerRecord] = []
    public var log: [LogEntry] = []
    public var promises: [Promise] = []
    public init() {}

    mutating func saveBuyer(_ b: BuyerRecord) {
        if let i = buyers.firstIndex(where: { $0.siret == b.siret }) { buyers[i] = b } else { buyers.append(b) }
        buyers.sort { $0.siret < $1.siret }
    }

    mutating func appendLog(_ e: LogEntry) throws -> LogEntry {
        if let c = e.corrects, !log.contains(where: { $0.id == c }) {
            throw DeskError(code: "unknown-entry", message: "log entry #\(c) does not exist: nothing to correct")
        }
        var e = e
        e.id = (log.map(\.id).max() ?? 0) + 1
        log.append(e)
        return e
    }

    mutating func addPromise(_ p: Promise) -> Promise {
        var p = p
        p.id = (promises.map(\.id).max() ?? 0) + 1
        promises.append(p)
        return p
    }

    func log(dossierId: String?) -> [LogEntry] {
        log.filter { dossierId == nil || $0.dossierId == dossierId }.sorted { ($0.date, $0.id) < ($1.date, $1.id) }
    }

    func promises(dossierId: String?) -> [Promise] {
        promises.filter { dossierId == nil || $0.dossierId == dossierId }.sorted { $0.id < $1.id }
    }
}

/// A desk store in memory, for tests. `Sendable` (an actor).
public actor InMemoryDeskStore: DeskStore {
    var data = DeskData()
    public init() {}
    public func buyers() -> [BuyerRecord] { data.buyers }
    public func buyer(siret: String) -> BuyerRecord? { data.buyers.first { $0.siret == siret } }
    public func saveBuyer(_ buyer: BuyerRecord) { data.saveBuyer(buyer) }
    public func appendLog(_ entry: LogEntry) throws -> LogEntry { try data.appendLog(entry) }
    public func log(dossierId: String?) -> [LogEntry] { data.log(dossierId: dossierId) }
    public func addPromise(_ promise: Promise) -> Promise { data.addPromise(promise) }
    public func promises(dossierId: String?) -> [Promise] { data.promises(dossierId: dossierId) }
}

/// A desk store in one JSON file (read at each call, written atomically after each change).
///
/// For a single user without a database. `Sendable` (an actor).
public actor FileDeskStore: DeskStore {
    public let path: String
    public init(path: String) { self.path = path }

    func load() throws -> DeskData {
        guard FileManager.default.fileExists(atPath: path) else { return DeskData() }
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            return try JSONDecoder().decode(DeskData.self, from: data)
        } catch {
            throw DeskError(code: "bad-desk-file", message: "\(path): cannot read the desk file: \(error)")
        }
    }

    func save(_ d: DeskData) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            try enc.encode(d).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw DeskError(code: "cannot-write", message: "\(path): cannot write the desk file: \(error)")
        }
    }

    public func buyers() throws -> [BuyerRecord] { try load().buyers }
    public func buyer(siret: String) throws -> BuyerRecord? { try load().buyers.first { $0.siret == siret } }
    public func saveBuyer(_ buyer: BuyerRecord) throws {
        var d = try load()
        d.saveBuyer(buyer)
        try save(d)
    }
    public func appendLog(_ entry: LogEntry) throws -> LogEntry {
        var d = try load()
        let e = try d.appendLog(entry)
        try save(d)
        return e
    }
    public func log(dossierId: String?) throws -> [LogEntry] { try load().log(dossierId: dossierId) }
    public func addPromise(_ promise: Promise) throws -> Promise {
        var d = try load()
        let p = d.addPromise(promise)
        try save(d)
        return p
    }
    public func promises(dossierId: String?) throws -> [Promise] { try load().promises(dossierId: dossierId) }
}
