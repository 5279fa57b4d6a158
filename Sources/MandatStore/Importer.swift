import Foundation
import MandatCore
import MandatFormats

/// Imports files and folders into a store: `mandat import`.
///
/// `Sendable`. Each file is hashed (SHA-256), read with the format readers (`DocumentReader.read`, on every
/// core), then written with the other files of its batch in one transaction: all of a batch or nothing, so
/// never part of a file. The same content imported again writes nothing; an
/// event already known from another file is not duplicated. A file that cannot be read is recorded with its
/// error (code, message, line, column) and the import goes on.
public struct Importer: Sendable {
    public let store: any MandatStore
    /// Reads one file: (path on disk, name shown in messages) → what it says. Defaults to `DocumentReader.read`.
    public var reader: @Sendable (String, String) -> ReadDocument
    /// The law the materialised dossier state is computed with (`DossierState`): use the one `status` uses,
    /// or `status` reads every dossier instead of selecting in SQL.
    public var law = LawAssessor()
    /// Rebuild the whole dossier state from the facts instead of refreshing the dossiers this import touched.
    public var rebuildState = false
    /// Paths named on the command line whose bytes are not UTF-8, by the repaired text `run(paths:)` receives
    /// (`CommandLine.arguments` replaces the bad bytes with U+FFFD): opened by their bytes, as the folder walk
    /// opens such names (`Importer+Names.swift`); a path not in it is taken as it is written.
    public var rawPaths: [String: [UInt8]] = [:]
    /// Files per batch (one transaction each); see `importBatched`.
    public var batchFiles = 128
    /// Bytes of files per batch (a larger file is a batch of its own). 2 MiB: a PES_Retour of 680 kB holds ~1 800
    /// events, so a batch of 4 MiB held ~11 000 events twice over (read and written) and set the import's peak
    /// memory (docs/performance.md); invoices and statuses (4-8 kB) still fill their 128 files.
    public var batchBytes = 2 << 20
    /// Facts per step when a dry run counts the dossiers (`boundedDryRun`): the refresh's step by default; tests
    /// set 1 to go through many steps.
    public var dryRunStepFacts = SQLMandatStore.stateBatchFacts
    /// Bytes of files written in one transaction on SQLite: several batches (each still all or nothing) share a
    /// commit, since each commit writes every page the transaction changed to the WAL again (docs/performance.md).
    /// A file is counted and reported once committed.
    public var groupBytes = 32 << 20
    /// Seconds at most between two commits on SQLite, so that another writer waits about that long and progress
    /// lines (printed once their files are committed) keep coming: 0.25 s (docs/performance.md).
    public var groupSeconds = 0.25
    /// Files read at once: one per core.
    public var readers = max(1, ProcessInfo.processInfo.activeProcessorCount)

    public init(
        store: any MandatStore,
        reader: @escaping @Sendable (String, String) -> ReadDocument = {
            DocumentReader.read(path: $0, displayName: $1)
        }
    ) {
        self.store = store
        self.reader = reader
    }

    /// One step of an import, for progress display.
    public enum Step: Sendable {
        /// The files found, and their total size in bytes.
        case found(files: Int, bytes: Int)
        /// One file done (1-based `index`), with the running total of bytes.
        case file(index: Int, path: String, result: FileResult, bytesDone: Int)
    }

    /// What happened to one file.
    public struct FileResult: Codable, Hashable, Sendable {
        public enum Status: String, Codable, Sendable {
            /// Read and recorded.
            case imported
            /// Same content already in the store: nothing written.
            case alreadyImported
            /// Could not be read: recorded with its error.
            case failed
            /// The store refused the write (nothing kept), or the file could not be listed or hashed.
            case notRecorded
            /// Read, but no reader knows its format (a `.txt`, a PDF, an XML or JSON of an unknown kind): not
            /// recorded, not an error. `notes` says why (`Importer.skipReason`).
            case skipped
        }
        public var path: String
        public var status: Status
        public var kind: String
        public var outcome: FileImportOutcome?
        /// One line: `path:line:column: message [code]`.
        public var error: String?
        /// What the reader noted while reading (a value it could not read and left empty, a repeated field
        /// whose first value it used, a byte-order mark…): `ReadDocument.notes`, each with its line where the
        /// reader gives one. Empty for a file not read (already imported, unreadable).
        public var notes: [String] = []
    }

    /// The whole import, for the summary (`mandat import` prints it; `--format json` gives it as is).
    public struct Summary: Codable, Hashable, Sendable {
        public var dryRun: Bool
        public var filesSeen = 0
        public var filesImported = 0
        /// Files read with an error and recorded with it (counted in `filesImported` and in `filesFailed`).
        public var filesRecordedWithError = 0
        /// Files whose content was already imported and read without error.
        public var filesAlreadyImported = 0
        /// Files whose content was already recorded with an error (a broken file imported again): not counted
        /// in `filesAlreadyImported`, listed in `alreadyFailed`; they make the import fail (`hasFailures`).
        public var filesAlreadyFailed = 0
        public var filesFailed = 0
        /// Files no reader knows (`FileResult.Status.skipped`): neither imported nor failed, listed in `skipped`.
        /// They do not make the import fail.
        public var filesSkipped = 0
        /// Bytes of the files read (not those already imported).
        public var bytes = 0
        /// Files newly read, by `DocumentKind` raw value.
        public var byKind: [String: Int] = [:]
        public var invoicesNew = 0
        public var invoicesUpdated = 0
        public var eventsNew = 0
        /// Events already known from another file (not duplicated).
        public var eventsKnown = 0
        public var mandatsNew = 0
        public var contractsNew = 0
        /// Dossiers that did not exist before / existed and changed (store-side linking, see `DossierLinker`).
        public var dossiersCreated = 0
        public var dossiersUpdated = 0
        /// One line per failed file: `path:line:column: message [code]`.
        public var errors: [String] = []
        /// One line per file already recorded with an error (`filesAlreadyFailed`), as `errors`, with the path
        /// given to this import.
        public var alreadyFailed: [String] = []
        /// One line per note of a file read and recorded (`path: note`): a value left empty because it could not
        /// be read (an impossible date, an amount that is not `xs:decimal`), a repeated field… The file is
        /// imported all the same; these say what its dossier lacks. They do not make the import fail.
        public var warnings: [String] = []
        /// One line per skipped file (`path: reason`), reason as the reader gave it (English).
        public var skipped: [String] = []
        public init(dryRun: Bool) { self.dryRun = dryRun }
        /// True when any file could not be read or recorded, now or by an earlier import (a known broken file):
        /// `mandat import` then exits non-zero.
        public var hasFailures: Bool { filesFailed > 0 || filesAlreadyFailed > 0 }
    }

    /// The files under `paths`: files as given; folders walked recursively (sorted, hidden entries and
    /// symbolic links to folders skipped) keeping `.xml` and `.json` files. A path that does not exist comes
    /// back in `missing`.
    public static func collect(_ paths: [String]) -> (files: [String], missing: [String]) {
        let (files, refused) = collectChecked(paths)
        return (files, refused.map(\.path))
    }

    /// Like `collect`, with the reason each refused path was refused: missing, or not a regular file (a device,
    /// a pipe, a socket, a dangling link: reading one could block or never end).
    public static func collectChecked(_ paths: [String]) -> (files: [String], refused: [(path: String, reason: String)])
    {
        let c = collectFiles(paths)
        c.close()
        return (c.files.map(c.name), c.refused)
    }

    /// The reader's words for a path that does not exist (or a dangling link named on the command line), before its
    /// code `[io.not-found]`; `inspect` says the same.
    public static let notFoundReason = "no such file or folder"

    /// The files under `paths` with the names to show (see `Collected`): the caller reads them, then calls
    /// `close()`. A folder's files are sorted by the name shown.
    static func collectFiles(_ paths: [String], raw: [String: [UInt8]] = [:]) -> Collected {
        var c = Collected()
        let fm = FileManager.default
        for p in paths {
            if let bytes = raw[p] {
                addRaw(bytes, into: &c)
                continue
            }
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: p, isDirectory: &isDir) else {
                c.refused.append((p, Self.notFoundReason + " [io.not-found]"))
                continue
            }
            if !isDir.boolValue {
                if let reason = notRegular(p) { c.refused.append((p, reason)) } else { c.files.append(p) }
                continue
            }
            var found = Collected(descriptors: c.descriptors)
            walk(Array(p.utf8), into: &found)
            c.files += found.files.sorted { found.name($0) < found.name($1) }
            c.shown.merge(found.shown) { a, _ in a }
            c.descriptors = found.descriptors
            c.refused += found.refused
        }
        return c
    }

    /// Nil for a regular file (links followed); else why the path is refused.
    static func notRegular(_ path: String) -> String? {
        guard
            let attrs = try? FileManager.default.attributesOfItem(
                atPath: URL(fileURLWithPath: path).resolvingSymlinksInPath().path)
        else {
            return "dangling link or unreadable entry [io.not-found]"
        }
        let type = attrs[.type] as? FileAttributeType
        return type == .typeRegular ? nil : "not a regular file (device, pipe or socket) [io.not-regular]"
    }

    /// Imports `paths` (files and folders).
    ///
    /// - Parameters:
    ///   - dryRun: read and count, write nothing (the counts say what an import would do).
    ///   - progress: called after each file (on the calling task).
    /// - Returns: the summary. Per-file problems are in it, never thrown.
    /// - Throws: `StoreError` only when the store cannot be read at all (before or after the files).
    public func run(
        paths: [String], dryRun: Bool = false, progress: (Step) -> Void = { _ in }
    ) async throws -> Summary {
        var summary = Summary(dryRun: dryRun)
        var collected = Self.collectFiles(paths, raw: rawPaths)
        defer { collected.close() }
        // `files`, `names` and `sizes` are the only copies of the list (dropped after the files, below).
        var files = collected.files
        collected.files = []
        var names = files.map(collected.name)
        for r in collected.refused {
            summary.filesSeen += 1
            summary.filesFailed += 1
            summary.errors.append("\(r.path): \(r.reason)")
        }
        var sizes = files.map(Self.fileSize)
        progress(.found(files: files.count, bytes: sizes.reduce(0, +)))

        // A dry run counts against the store's dossier state, in bounded memory (Importer+DryRun.swift), unless
        // that state is not usable (older format, another law's build, behind the files): then it links the
        // whole store before and after, below.
        if dryRun, let sql = store as? SQLMandatStore, try await Self.boundedDryRunPossible(sql) {
            try await boundedDryRun(
                sql, files: files, names: names, sizes: sizes, summary: &summary, progress: progress)
            return summary
        }

        // Dossier counting: a store with materialised state refreshes the dossiers linked to the new files
        // afterwards and counts what that refresh changed; a dry run on a store whose state is unusable compares
        // whole-store builds before and after.
        // A store whose state is not usable (built under another law or format, or before the migration), and
        // `rebuildState`, first rebuild the state in full, page by page, before the files: memory stays bounded
        // (counting such a store by linking every fact before and after held the whole store in memory: 3 GB
        // at N = 100 000 on the first import after a format change).
        let stateStore = dryRun ? nil : store as? any DossierStateStore
        let seqBefore = try await stateStore?.lastFileSeq() ?? 0
        if let stateStore {
            var ready = !rebuildState
            if ready && seqBefore > 0 { ready = try await stateStore.dossierStateReady(law: law) }
            if !ready { _ = try await stateStore.rebuildDossierState(law: law) }
        }
        let wholeCount = stateStore == nil
        let before = wholeCount ? try await store.facts() : StoredFacts()
        let dossiersBefore =
            wholeCount
            ? Dictionary(DossierLinker.link(before).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }) : [:]
        var dryDocs: [ReadDocument] = []
        var dryHashes: Set<String> = []
        // The stored facts by id (`DossierState.Fact`'s prefixes), then those read: new or already known / updated.
        var knownFacts: Set<String> = []
        if dryRun {
            knownFacts = Set(before.events.map { "e:" + $0.id })
            for i in before.invoices { knownFacts.insert("i:" + i.key.description) }
            for m in before.mandats { knownFacts.insert("m:" + StoreKeys.mandat(m.key)) }
            for c in before.contracts { knownFacts.insert("c:" + StoreKeys.contract(c)) }
        }
        var bytesDone = 0

        if dryRun {
            for (i, path) in files.enumerated() {
                summary.filesSeen += 1
                bytesDone += sizes[i]
                let result = await importOne(
                    path: path, name: names[i], dryRun: dryRun, importedAt: Date(), dryHashes: &dryHashes,
                    knownFacts: &knownFacts, dryDocs: &dryDocs)
                summary.add(result)
                progress(.file(index: i + 1, path: names[i], result: result, bytesDone: bytesDone))
            }
        } else {
            await importBatched(files: files, names: names, sizes: sizes, summary: &summary, progress: progress)
        }
        // The refresh reads no file: the list is freed before it (202 208 paths held 23 MB at N = 100 000, a heap
        // object per path; docs/performance.md). The aliases' descriptors stay open until the end (`defer`).
        (files, names, sizes) = ([], [], [])

        if let stateStore {
            let change = try await stateStore.refreshDossierState(afterSeq: seqBefore, law: law)
            summary.dossiersCreated = change.created
            summary.dossiersUpdated = change.updated
            return summary
        }
        let after = dryRun ? before.merging(dryDocs) : try await store.facts()
        for d in DossierLinker.link(after) {
            if let old = dossiersBefore[d.id] {
                if old != d { summary.dossiersUpdated += 1 }
            } else {
                summary.dossiersCreated += 1
            }
        }
        return summary
    }

    /// One file of a dry run: `path` is read, `shown` names it.
    private func importOne(
        path disk: String, name path: String, dryRun: Bool, importedAt: Date, dryHashes: inout Set<String>,
        knownFacts: inout Set<String>, dryDocs: inout [ReadDocument]
    ) async -> FileResult {
        let fingerprint: FileFingerprint
        do {
            fingerprint = try ContentHash.file(at: disk)
        } catch {
            return FileResult(
                path: path, status: .notRecorded, kind: DocumentKind.notWellFormed.rawValue,
                error: "\(path): \((error as? StoreError)?.message ?? "\(error)") [io.read]")
        }
        do {
            if let earlier = try await store.file(sha256: fingerprint.sha256) {
                return FileResult(
                    path: path, status: .alreadyImported, kind: earlier.kind,
                    outcome: FileImportOutcome(written: false, record: earlier))
            }
        } catch {
            return FileResult(path: path, status: .notRecorded, kind: "", error: "\(path): \(error)")
        }
        var doc = reader(disk, path)
        doc.fields = []  // the inspect fields are never stored
        let failed = doc.error != nil
        if let skipped = Self.skipped(path: path, doc) { return skipped }
        if dryRun {
            if dryHashes.contains(fingerprint.sha256) {
                return FileResult(
                    path: path, status: .alreadyImported, kind: doc.kind.rawValue,
                    outcome: FileImportOutcome(written: false, record: Self.record(doc, fingerprint)))
            }
            dryHashes.insert(fingerprint.sha256)
            var o = FileImportOutcome(written: false, record: Self.record(doc, fingerprint))
            // As the store counts: a key stored or read earlier is updated (invoices) or not new.
            for i in doc.invoices {
                if knownFacts.insert("i:" + i.key.description).inserted {
                    o.invoicesNew += 1
                } else {
                    o.invoicesUpdated += 1
                }
            }
            for e in doc.events {
                if knownFacts.insert("e:" + e.id).inserted { o.eventsNew += 1 } else { o.eventsKnown += 1 }
            }
            for m in doc.mandats where knownFacts.insert("m:" + StoreKeys.mandat(m.key)).inserted { o.mandatsNew += 1 }
            for c in doc.contracts where knownFacts.insert("c:" + StoreKeys.contract(c)).inserted {
                o.contractsNew += 1
            }
            dryDocs.append(doc)
            return FileResult(
                path: path, status: failed ? .failed : .imported, kind: doc.kind.rawValue, outcome: o,
                error: o.record.errorDescription, notes: doc.notes)
        }
        do {
            let o = try await store.importDocument(doc, fingerprint: fingerprint, importedAt: importedAt)
            if !o.written {
                // Another process recorded the same content between our check and our write.
                return FileResult(path: path, status: .alreadyImported, kind: o.record.kind, outcome: o)
            }
            return FileResult(
                path: path, status: failed ? .failed : .imported, kind: doc.kind.rawValue, outcome: o,
                error: o.record.errorDescription, notes: doc.notes)
        } catch {
            return FileResult(
                path: path, status: .notRecorded, kind: doc.kind.rawValue,
                error: "\(path): \((error as? StoreError)?.description ?? "\(error)")")
        }
    }

    /// The result of a file no reader knows (kind `unknown`, no error), nil for any other: such a file is not
    /// recorded (the same rule for an import and a dry run).
    static func skipped(path: String, _ doc: ReadDocument) -> FileResult? {
        guard doc.kind == .unknown, doc.error == nil else { return nil }
        return FileResult(
            path: path, status: .skipped, kind: doc.kind.rawValue,
            notes: doc.notes.isEmpty ? ["format not recognised"] : doc.notes)
    }

    static func record(_ doc: ReadDocument, _ f: FileFingerprint) -> FileRecord {
        FileRecord(
            sha256: f.sha256, path: doc.path, kind: doc.kind.rawValue, size: f.size, importedAt: "",
            errorCode: doc.error?.code.rawValue, errorMessage: doc.error?.message, errorLine: doc.error?.line,
            errorColumn: doc.error?.column, invoiceCount: doc.invoices.count, eventCount: doc.events.count,
            mandatCount: doc.mandats.count, contractCount: doc.contracts.count)
    }
}
