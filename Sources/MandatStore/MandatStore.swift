import Foundation
import MandatCore
import MandatFormats

/// Where Mandat keeps what it has imported: files, invoices, events, mandats, contracts and settings.
///
/// `Sendable`: one value may be shared by tasks; implementations serialise their own access. Two
/// implementations run the same test suite: SQLite (embedded, the default) and PostgreSQL (for teams), both
/// through SQLKit (`SQLMandatStore`). Every write of one file happens in one transaction: all of it or nothing.
public protocol MandatStore: Sendable {
    /// Which database engine holds the data.
    var backend: StoreBackend { get }

    /// Applies the migrations not yet applied (recorded in `schema_migrations`). Idempotent; safe when two
    /// processes start at once. Throws `StoreError` (code `store.migration`).
    func migrate() async throws

    /// The file already imported with this content hash, if any.
    func file(sha256: String) async throws -> FileRecord?

    /// Records one file and everything read from it in a single transaction.
    ///
    /// When a file with the same content hash is already recorded, nothing is written and the outcome says
    /// so (`alreadyImported`). Events already known (same `ChainEvent.id`, from any file) are not duplicated;
    /// invoices (by `InvoiceKey`), mandats (by key) and contracts (by buyer and id) are replaced by the newer
    /// reading. Throws `StoreError` when the database refuses the write; then nothing of this file is kept.
    func importDocument(_ document: ReadDocument, fingerprint: FileFingerprint, importedAt: Date) async throws
        -> FileImportOutcome

    /// Records several files in one transaction: all of them or none (a batch of `mandat import`).
    ///
    /// Same rules as `importDocument`, applied file after file in the order given (a content given twice is
    /// written once; a later reading of an invoice, mandat or contract replaces an earlier one). Returns one
    /// outcome per item, in the same order. Throws `StoreError` when the database refuses the write; then
    /// nothing of any of these files is kept.
    func importDocuments(_ items: [ImportItem]) async throws -> [FileImportOutcome]

    /// The files already imported among these content hashes, by hash (one query, not one per file).
    func files(sha256s: [String]) async throws -> [String: FileRecord]

    /// Every file recorded, in import order (then path).
    func files() async throws -> [FileRecord]

    /// Notes what the paths of an import hold now: `skipped` paths hold a file no reader knows (not recorded
    /// in `files`), `held` paths hold a recorded content again (imported, in error, or already imported), which
    /// clears their skip. `import --errors` lists only the errors of the contents the paths hold now.
    func notePaths(skipped: [SkippedPath], held: [String]) async throws

    /// The paths whose latest file was skipped (format not recognised), by path.
    func skippedPaths() async throws -> [SkippedPath]

    /// Everything stored, decoded: the facts dossiers are built from.
    func facts() async throws -> StoredFacts

    /// How many rows each table holds.
    func counts() async throws -> StoreCounts

    /// A setting (key-value), e.g. the digest's last run.
    func setting(_ key: String) async throws -> String?

    /// Sets (or, with nil, removes) a setting.
    func setSetting(_ key: String, to value: String?) async throws

    /// Closes the connection. The store must not be used afterwards.
    func close() async throws
}

extension MandatStore {
    /// One file at a time, each in its own transaction (for stores without a batch write).
    public func importDocuments(_ items: [ImportItem]) async throws -> [FileImportOutcome] {
        var out: [FileImportOutcome] = []
        for item in items {
            out.append(try await importDocument(item.document, fingerprint: item.fingerprint, importedAt: item.importedAt))
        }
        return out
    }

    /// Nothing noted (for stores that keep no skipped paths).
    public func notePaths(skipped: [SkippedPath], held: [String]) async throws {}

    /// None (for stores that keep no skipped paths).
    public func skippedPaths() async throws -> [SkippedPath] { [] }

    /// The errors `mandat import --errors` lists: of the latest file recorded per path, those in error, in import
    /// order. A file fixed and imported again no longer shows its old error; nor does a path whose latest file
    /// was skipped (format not recognised): the error belongs to the content it held before, and that record is
    /// returned in `replacedBySkip` instead.
    public func currentErrors() async throws -> (errors: [FileRecord], replacedBySkip: [FileRecord]) {
        var latest: [String: FileRecord] = [:]
        var order: [String] = []
        for f in try await files() {
            if latest[f.path] == nil { order.append(f.path) }
            latest[f.path] = f
        }
        let skipped = Set(try await skippedPaths().map(\.path))
        let failed = order.compactMap { latest[$0] }.filter(\.failed)
        return (failed.filter { !skipped.contains($0.path) }, failed.filter { skipped.contains($0.path) })
    }

    /// One lookup per hash (for stores without a batch lookup).
    public func files(sha256s: [String]) async throws -> [String: FileRecord] {
        var found: [String: FileRecord] = [:]
        for sha in sha256s { if let f = try await file(sha256: sha) { found[sha] = f } }
        return found
    }
}

/// One file for `MandatStore.importDocuments`: what was read from it, its content hash and size, and when.
///
/// `Sendable` value.
public struct ImportItem: Sendable {
    public var document: ReadDocument
    public var fingerprint: FileFingerprint
    /// Recorded as the file's `importedAt` (ISO 8601, UTC).
    public var importedAt: Date
    /// The fact rows, when already computed (`encodeRows`); else the store computes them.
    var rows: EncodedRows?

    public init(document: ReadDocument, fingerprint: FileFingerprint, importedAt: Date) {
        self.document = document
        self.fingerprint = fingerprint
        self.importedAt = importedAt
    }
}

/// The database engine behind a store.
public enum StoreBackend: String, Codable, Sendable {
    case sqlite, postgres
}

/// The identity of a file's content: SHA-256 (hex, lower case) and size in bytes.
public struct FileFingerprint: Codable, Hashable, Sendable {
    public var sha256: String
    public var size: Int
    public init(sha256: String, size: Int) {
        self.sha256 = sha256
        self.size = size
    }
}

/// One imported file as the store records it, with its error when it could not be read.
/// A path whose latest file no reader knew (skipped by `mandat import`, not recorded as a file).
///
/// `Sendable` value.
public struct SkippedPath: Codable, Hashable, Sendable {
    /// The path as given to `mandat import`.
    public var path: String
    /// SHA-256 of the skipped content, hex.
    public var sha256: String
    /// Why it was skipped, as the reader said (English).
    public var reason: String
    /// ISO 8601 UTC time stamp of the import that skipped it.
    public var skippedAt: String

    public init(path: String, sha256: String, reason: String, skippedAt: String) {
        self.path = path
        self.sha256 = sha256
        self.reason = reason
        self.skippedAt = skippedAt
    }
}

public struct FileRecord: Codable, Hashable, Sendable {
    /// SHA-256 of the content, hex: the file's identity (the same content under two names is one file).
    public var sha256: String
    /// The path as given to `mandat import` when it was first recorded.
    public var path: String
    /// `DocumentKind` raw value (`invoice`, `pesRetour`, `notWellFormed` …).
    public var kind: String
    /// Size in bytes.
    public var size: Int
    /// ISO 8601 UTC time stamp of the import.
    public var importedAt: String
    /// Stable error code (`xml.not-well-formed` …), nil when the file was read.
    public var errorCode: String?
    public var errorMessage: String?
    /// 1-based line and column of the error, when known.
    public var errorLine: Int?
    public var errorColumn: Int?
    /// Facts read from the file: invoices, events, mandats, contracts.
    public var invoiceCount: Int
    public var eventCount: Int
    public var mandatCount: Int
    public var contractCount: Int

    public init(
        sha256: String, path: String, kind: String, size: Int, importedAt: String, errorCode: String? = nil,
        errorMessage: String? = nil, errorLine: Int? = nil, errorColumn: Int? = nil, invoiceCount: Int = 0,
        eventCount: Int = 0, mandatCount: Int = 0, contractCount: Int = 0
    ) {
        self.sha256 = sha256
        self.path = path
        self.kind = kind
        self.size = size
        self.importedAt = importedAt
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.errorLine = errorLine
        self.errorColumn = errorColumn
        self.invoiceCount = invoiceCount
        self.eventCount = eventCount
        self.mandatCount = mandatCount
        self.contractCount = contractCount
    }

    /// True when the file could not be read (its error is recorded).
    public var failed: Bool { errorCode != nil }

    /// `path:line:column: message [code]`, one line, for error lists.
    public var errorDescription: String? {
        guard let errorCode else { return nil }
        var s = path
        if let errorLine { s += ":\(errorLine)" }
        if let errorColumn { s += ":\(errorColumn)" }
        return s + ": " + (errorMessage ?? "") + " [\(errorCode)]"
    }
}

/// What importing one file changed.
public struct FileImportOutcome: Codable, Hashable, Sendable {
    /// False when the same content was already imported: nothing was written.
    public var written: Bool
    /// The file's record (the earlier one when `written` is false).
    public var record: FileRecord
    /// Invoices not known before (by key) / already known and replaced.
    public var invoicesNew: Int
    public var invoicesUpdated: Int
    /// Events not known before (by `ChainEvent.id`) / already known from another file (not duplicated).
    public var eventsNew: Int
    public var eventsKnown: Int
    public var mandatsNew: Int
    public var contractsNew: Int

    public init(
        written: Bool, record: FileRecord, invoicesNew: Int = 0, invoicesUpdated: Int = 0, eventsNew: Int = 0,
        eventsKnown: Int = 0, mandatsNew: Int = 0, contractsNew: Int = 0
    ) {
        self.written = written
        self.record = record
        self.invoicesNew = invoicesNew
        self.invoicesUpdated = invoicesUpdated
        self.eventsNew = eventsNew
        self.eventsKnown = eventsKnown
        self.mandatsNew = mandatsNew
        self.contractsNew = contractsNew
    }
}

/// Row counts of the store's tables.
public struct StoreCounts: Codable, Hashable, Sendable {
    public var files: Int
    public var filesFailed: Int
    public var invoices: Int
    public var events: Int
    public var mandats: Int
    public var contracts: Int
    public init(files: Int, filesFailed: Int, invoices: Int, events: Int, mandats: Int, contracts: Int) {
        self.files = files
        self.filesFailed = filesFailed
        self.invoices = invoices
        self.events = events
        self.mandats = mandats
        self.contracts = contracts
    }
}

/// Everything the store holds, decoded, in a stable order (invoices by key, events by date then id, mandats
/// by key, contracts by buyer then id).
public struct StoredFacts: Sendable, Hashable {
    public var invoices: [Invoice]
    public var events: [ChainEvent]
    public var mandats: [Mandat]
    public var contracts: [Contract]
    public init(invoices: [Invoice] = [], events: [ChainEvent] = [], mandats: [Mandat] = [], contracts: [Contract] = [])
    {
        self.invoices = invoices
        self.events = events
        self.mandats = mandats
        self.contracts = contracts
    }

    /// These facts plus those read from `documents`, de-duplicated the way the store does (events by id;
    /// invoices, mandats and contracts by key, the later reading winning). Used by `import --dry-run`.
    public func merging(_ documents: [ReadDocument]) -> StoredFacts {
        var inv = Dictionary(invoices.map { ($0.key.description, $0) }, uniquingKeysWith: { _, b in b })
        var ev = Dictionary(events.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var man = Dictionary(mandats.map { (StoreKeys.mandat($0.key), $0) }, uniquingKeysWith: { _, b in b })
        var con = Dictionary(contracts.map { (StoreKeys.contract($0), $0) }, uniquingKeysWith: { _, b in b })
        for d in documents {
            for i in d.invoices { inv[i.key.description] = i }
            for e in d.events where ev[e.id] == nil { ev[e.id] = e }
            for m in d.mandats { man[StoreKeys.mandat(m.key)] = m }
            for c in d.contracts { con[StoreKeys.contract(c)] = c }
        }
        return StoredFacts(
            invoices: inv.keys.sorted().compactMap { inv[$0] },
            events: StoreKeys.sortedEvents(Array(ev.values)),
            mandats: man.keys.sorted().compactMap { man[$0] },
            contracts: con.keys.sorted().compactMap { con[$0] })
    }
}

/// The keys the store uses for uniqueness, shared by every backend.
public enum StoreKeys {
    /// All six parts of a mandat key (the description omits CodCol and CodBud).
    public static func mandat(_ k: MandatKey) -> String {
        [k.idColl, k.codCol ?? "", k.codBud ?? "", k.exer, k.idBord, k.idPce ?? ""].joined(separator: "/")
    }

    /// (buyer SIRET or "", contract id): contract ids are unique per buyer (DOMAIN.md §4.5).
    public static func contract(_ c: Contract) -> String { (buyerDigits(c.buyerId) ?? "") + "/" + c.id }

    /// A buyer id reduced to its digits when it is a SIREN/SIRET, else as written.
    public static func buyerDigits(_ id: String?) -> String? {
        guard let id else { return nil }
        return CompanyID(id)?.digits ?? id.trimmingCharacters(in: .whitespaces)
    }

    /// Events in time order: dated before undated, then by date, time stamp and id (stable across backends).
    public static func eventOrder(_ a: ChainEvent, _ b: ChainEvent) -> Bool {
        switch (a.date, b.date) {
        case (nil, nil): break
        case (nil, _): return false
        case (_, nil): return true
        case (let x?, let y?): if x != y { return x < y }
        }
        if (a.timestamp ?? "") != (b.timestamp ?? "") { return (a.timestamp ?? "") < (b.timestamp ?? "") }
        return a.id < b.id
    }

    /// `events` sorted by `eventOrder`, each id hashed once per event (a decorated sort) instead of twice per
    /// comparison of two events of the same date and time stamp: the comparisons give the same answers, so the
    /// order is the same.
    /// The events themselves are not moved while sorting (they are large): their positions are.
    public static func sortedEvents(_ events: [ChainEvent]) -> [ChainEvent] {
        let ids = events.map(\.id)
        let order = events.indices.sorted { i, j in
            let a = events[i], b = events[j]
            switch (a.date, b.date) {
            case (nil, nil): break
            case (nil, _): return false
            case (_, nil): return true
            case (let p?, let q?): if p != q { return p < q }
            }
            if (a.timestamp ?? "") != (b.timestamp ?? "") { return (a.timestamp ?? "") < (b.timestamp ?? "") }
            return ids[i] < ids[j]
        }
        return order.map { events[$0] }
    }
}

/// An error from the store: a stable code, a message naming what failed, and the underlying cause.
///
/// `Sendable`. Codes: `store.open` (cannot open or connect), `store.migration`, `store.write`, `store.read`,
/// `store.decode` (a stored row is not valid JSON for its type), `store.location` (bad `--db`).
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public var code: String
    public var message: String
    /// The underlying error, as text (database errors are not all `Sendable`).
    public var cause: String?
    /// True when the database aborted the transaction for a conflict (deadlock, serialisation) and the same
    /// work may simply be tried again.
    public var retryable: Bool
    /// True when SQLite found the database locked by another connection.
    public var busy = false
    public init(code: String, message: String, cause: String? = nil, retryable: Bool = false) {
        self.code = code
        self.message = message
        self.cause = cause
        self.retryable = retryable
    }
    public var description: String { message + (cause.map { ": \($0)" } ?? "") + " [\(code)]" }
}
