import Foundation
import MandatCore
import MandatFormats

/// The write path of `mandat import`: files read on every core, written in batches of one transaction each.
///
/// A batch holds up to `Importer.batchFiles` files and `Importer.batchBytes` bytes (whichever comes first; a
/// larger file is a batch of its own), so a transaction stays short (other writers wait for it) and the
/// documents held in memory stay bounded: at most two batches at once, the one being written and the one being
/// read. A batch is atomic: after `kill -9` the store holds whole files or nothing of them, and the next
/// import skips the files already recorded (by content hash).
extension Importer {
    /// One file of a batch, on its way from the disk to the store.
    enum Prepared: Sendable {
        /// Could not be hashed (unreadable), or read and found to be of no known format: reported, never written.
        case unreadable(FileResult)
        /// The same content is already in the store: nothing to read.
        case known(FileRecord)
        /// Hashed, read by the format readers and its rows encoded: to be written.
        case read(ImportItem)
        /// Hashed and read, of no known format: not recorded, its path noted as skipped.
        case skipped(FileResult, sha256: String)
    }

    /// The size of the file at `path` in bytes (links followed), 0 when it cannot be read: one `stat`, not
    /// `FileManager.attributesOfItem` (which builds a dictionary of every attribute: 4 % of an import).
    static func fileSize(_ path: String) -> Int {
        var st = stat()
        return stat(path, &st) == 0 ? Int(st.st_size) : 0
    }

    /// The batches of `sizes` (files in order): consecutive ranges of at most `maxFiles` files and, unless a
    /// single file is larger, `maxBytes` bytes.
    static func batches(sizes: [Int], maxFiles: Int, maxBytes: Int) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = 0
        var bytes = 0
        for (i, size) in sizes.enumerated() {
            if i > start && (i - start >= maxFiles || bytes + size > maxBytes) {
                out.append(start..<i)
                start = i
                bytes = 0
            }
            bytes += size
        }
        if start < sizes.count { out.append(start..<sizes.count) }
        return out
    }

    /// Hashes the files of one batch, `readers` at a time, results in the batch's order.
    static func fingerprints(_ paths: [String], readers: Int) async -> [Result<FileFingerprint, StoreError>] {
        await inParallel(paths.count, width: readers) { i in
            do {
                return .success(try ContentHash.file(at: paths[i]))
            } catch let e as StoreError {
                return .failure(e)
            } catch {
                return .failure(StoreError(code: "io.read", message: "cannot read \(paths[i])", cause: "\(error)"))
            }
        }
    }

    /// `work(0..<count)` with at most `width` running at once; results in index order.
    static func inParallel<T: Sendable>(
        _ count: Int, width: Int, _ work: @escaping @Sendable (Int) async -> T
    ) async -> [T] {
        guard count > 0 else { return [] }
        return await withTaskGroup(of: (Int, T).self) { group in
            var results = [T?](repeating: nil, count: count)
            var next = 0
            while next < min(count, max(1, width)) {
                let i = next
                group.addTask { (i, await work(i)) }
                next += 1
            }
            while let (i, value) = await group.next() {
                results[i] = value
                if next < count {
                    let j = next
                    group.addTask { (j, await work(j)) }
                    next += 1
                }
            }
            return results.map { $0! }
        }
    }

    /// One file of a batch, hashed (`hash`), made ready to write: an unreadable file's result, a content the store
    /// already holds (`known`, by SHA-256), a file no reader knows (skipped), or the document read by `reader` with
    /// its rows encoded. The same for an import and a dry run (`Importer+DryRun.swift`).
    static func prepare(
        path: String, shown: String, hash: Result<FileFingerprint, StoreError>, known: [String: FileRecord],
        reader: @Sendable (String, String) -> ReadDocument
    ) -> Prepared {
        switch hash {
        case .failure(let e):
            return .unreadable(
                FileResult(
                    path: shown, status: .notRecorded, kind: DocumentKind.notWellFormed.rawValue,
                    error: "\(shown): \(e.message) [io.read]"))
        case .success(let fingerprint):
            if let earlier = known[fingerprint.sha256] { return .known(earlier) }
            var document = reader(path, shown)
            // The inspect fields (`inspect --json`) are never stored: not kept while the batch waits.
            document.fields = []
            if let skipped = Importer.skipped(path: shown, document) {
                return .skipped(skipped, sha256: fingerprint.sha256)
            }
            var item = ImportItem(document: document, fingerprint: fingerprint, importedAt: Date())
            item.encodeRows()
            return .read(item)
        }
    }

    /// Imports `files` batch after batch, reading the next batch while the current one is written.
    ///
    /// Per batch: hash its files, ask the store which contents it already holds (one query), then read the
    /// others with the format readers on `readers` tasks (in the background, while the previous batch is
    /// written), then write them in one transaction. Results and progress come in the files' order. When a
    /// batch's write fails, its files are written one by one, so that one bad file costs only itself.
    /// `files` are the paths read, `names` the names shown and recorded (they differ for a name that is not UTF-8).
    func importBatched(
        files: [String], names: [String], sizes: [Int], summary: inout Summary, progress: (Step) -> Void
    ) async {
        let ranges = Self.batches(sizes: sizes, maxFiles: batchFiles, maxBytes: batchBytes)
        let reader = self.reader
        let width = readers
        var pending: (range: Range<Int>, task: Task<[Prepared], Never>)?
        var bytesDone = 0
        // SQLite: several batches share one transaction (`groupBytes`, `groupSeconds`); their files are counted
        // and reported once committed, so that a file reported done is in the store even after `kill -9`.
        let group = store as? any ImportGrouping
        await group?.beginImportGroup()
        // Whether the writes share a transaction (SQLite): a refused batch then takes the group with it.
        // PostgreSQL keeps one transaction per write, already committed: its refused batch goes file by file.
        let grouped = await group?.writesInGroups() ?? false
        let groupBytes = self.groupBytes
        let groupSeconds = self.groupSeconds
        var groupDeadline = Date().addingTimeInterval(groupSeconds)
        var uncommitted: Uncommitted = []
        var uncommittedBytes = 0
        // Counts and reports the files of `uncommitted`, now committed (or not kept, with `error`).
        func report(_ error: (any Error)?) {
            // The contents this group recorded: lost with it when the commit fails.
            var recorded: Set<String> = []
            for (_, results) in uncommitted {
                for r in results where r.outcome?.written == true { recorded.insert(r.outcome!.record.sha256) }
            }
            for (range, written) in uncommitted {
                let results =
                    error.map { Self.notKept(written, paths: Array(names[range]), recorded: recorded, error: $0) }
                    ?? written
                for (n, i) in range.enumerated() {
                    summary.filesSeen += 1
                    bytesDone += sizes[i]
                    summary.add(results[n])
                    progress(.file(index: i + 1, path: names[i], result: results[n], bytesDone: bytesDone))
                }
            }
            uncommitted = []
            uncommittedBytes = 0
            groupDeadline = Date().addingTimeInterval(groupSeconds)
        }
        func commit() async {
            var error: (any Error)?
            do { try await group?.commitImportGroup() } catch let e { error = e }
            report(error)
        }
        // The hashes of a batch's files, and the contents of those the store already holds (one query).
        typealias Hashes = [Result<FileFingerprint, StoreError>]
        func hashBatch(_ range: Range<Int>) async -> (hashes: Hashes, known: [String: FileRecord]) {
            let hashes = await Self.fingerprints(Array(files[range]), readers: width)
            // The contents already stored are not read again. A content recorded by the batch being written
            // now (or by another process) is not seen here: the write then finds it and writes nothing.
            let shas = hashes.compactMap { try? $0.get().sha256 }
            return (hashes, (try? await store.files(sha256s: shas)) ?? [:])
        }
        @Sendable func readBatch(_ range: Range<Int>, _ hashes: Hashes, _ known: [String: FileRecord]) async
            -> [Prepared]
        {
            let paths = Array(files[range])
            let shown = Array(names[range])
            return await Self.inParallel(paths.count, width: width) { i in
                Self.prepare(path: paths[i], shown: shown[i], hash: hashes[i], known: known, reader: reader)
            }
        }
        // A write in the group failed, and the group's transaction was rolled back whole (it has no savepoints:
        // `SQLMandatStore.inGroup`). Its batches are written again, one transaction each (a batch refused again
        // is written file by file, as outside a group): the earlier ones read again from disk, the failed one
        // from what was read. Then they are reported, and a new group begins.
        func rewrite(_ range: Range<Int>, _ prepared: [Prepared]) async {
            await group?.abandonImportGroup()
            var again: Uncommitted = []
            for (earlier, _) in uncommitted {
                let (hashes, known) = await hashBatch(earlier)
                let read = await readBatch(earlier, hashes, known)
                again.append((earlier, await write(read, paths: Array(names[earlier]), grouped: false) ?? []))
            }
            again.append((range, await write(prepared, paths: Array(names[range]), grouped: false) ?? []))
            uncommitted = again
            report(nil)
            await group?.beginImportGroup()
        }
        // A file larger than a batch is a batch of its own, whose hashing and reading may take seconds (a PES
        // file of 1 GB): the group is committed before them, so that another writer never waits on the lock
        // for a read, and the files written before are reported.
        func large(_ range: Range<Int>) -> Bool { sizes[range].reduce(0, +) > batchBytes }
        for k in 0...ranges.count {
            var next: (range: Range<Int>, task: Task<[Prepared], Never>)?
            if k < ranges.count {
                let range = ranges[k]
                if !uncommitted.isEmpty && large(range) { await commit() }
                let (hashes, known) = await hashBatch(range)
                next = (range, Task { await readBatch(range, hashes, known) })
            }
            if let (range, task) = pending {
                if !uncommitted.isEmpty && large(range) { await commit() }
                let prepared = await task.value
                guard let results = await write(prepared, paths: Array(names[range]), grouped: grouped) else {
                    await rewrite(range, prepared)
                    pending = next
                    continue
                }
                uncommitted.append((range, results))
                uncommittedBytes += sizes[range].reduce(0, +)
                // A file refused by the store may be the sign of a lost transaction: commit (or learn) at once.
                let refused = results.contains {
                    $0.status == .notRecorded && $0.kind != DocumentKind.notWellFormed.rawValue
                }
                if group == nil || uncommittedBytes >= groupBytes || Date() >= groupDeadline || refused {
                    await commit()
                }
            }
            pending = next
        }
        await commit()
        try? await group?.endImportGroup()
    }

    /// The files of the batches written since the last commit, kept until their commit.
    private typealias Uncommitted = [(range: Range<Int>, results: [FileResult])]

    /// The results of batches whose commit failed: a file whose content the group recorded (`recorded`, its
    /// SHA-256; written by it, or found already imported from an earlier batch of the group) was not kept.
    static func notKept(_ results: [FileResult], paths: [String], recorded: Set<String>, error: any Error)
        -> [FileResult]
    {
        zip(results, paths).map { r, path in
            guard let sha = r.outcome?.record.sha256, recorded.contains(sha) else { return r }
            return FileResult(
                path: r.path, status: .notRecorded, kind: r.kind,
                error: "\(path): \((error as? StoreError)?.description ?? "\(error)")")
        }
    }

    /// Writes one batch's files that were read, in one transaction (per file if the batch is refused).
    ///
    /// - Parameter grouped: the store runs an import group (`ImportGrouping`): a refused batch then took the
    ///   group's transaction with it, and nil is returned instead of writing the files one by one.
    private func write(_ prepared: [Prepared], paths: [String], grouped: Bool) async -> [FileResult]? {
        var results = [FileResult?](repeating: nil, count: prepared.count)
        var items: [ImportItem] = []
        var itemIndex: [Int] = []
        let now = Date()
        var skips: [SkippedPath] = []
        let stamp = SQLMandatStore.timestamp(now)
        for (n, p) in prepared.enumerated() {
            switch p {
            case .unreadable(let r):
                results[n] = r
            case .skipped(let r, let sha):
                results[n] = r
                skips.append(
                    SkippedPath(path: paths[n], sha256: sha, reason: r.notes.joined(separator: "; "), skippedAt: stamp))
            case .known(let earlier):
                results[n] = FileResult(
                    path: paths[n], status: .alreadyImported, kind: earlier.kind,
                    outcome: FileImportOutcome(written: false, record: earlier))
            case .read(var item):
                item.importedAt = now
                items.append(item)
                itemIndex.append(n)
            }
        }
        if !items.isEmpty {
            if let outcomes = try? await store.importDocuments(items) {
                for (m, n) in itemIndex.enumerated() {
                    results[n] = Self.result(path: paths[n], document: items[m].document, outcome: outcomes[m])
                }
            } else if grouped {
                return nil
            } else {
                for (m, n) in itemIndex.enumerated() {
                    let item = items[m]
                    do {
                        let o = try await store.importDocument(
                            item.document, fingerprint: item.fingerprint, importedAt: item.importedAt)
                        results[n] = Self.result(path: paths[n], document: item.document, outcome: o)
                    } catch {
                        results[n] = FileResult(
                            path: paths[n], status: .notRecorded, kind: item.document.kind.rawValue,
                            error: "\(paths[n]): \((error as? StoreError)?.description ?? "\(error)")")
                    }
                }
            }
        }
        let done = results.map { $0! }
        // What each path holds now: a skipped file's path stops showing the error of the content it held before
        // (`import --errors`); a path holding a recorded content again shows that content's error, if any.
        let held = done.filter { [.imported, .failed, .alreadyImported].contains($0.status) }.map(\.path)
        do {
            try await store.notePaths(skipped: skips, held: held)
        } catch {
            // In a group, the failed write took the group's transaction with it: written again like a refused
            // batch. Alone, only the paths' notes are missing (`import --errors` may show an older error).
            if grouped { return nil }
        }
        return done
    }

    /// The result of one file the store was asked to write.
    static func result(path: String, document: ReadDocument, outcome o: FileImportOutcome) -> FileResult {
        if !o.written {
            // The same content was recorded meanwhile: earlier in this batch, or by another process.
            return FileResult(path: path, status: .alreadyImported, kind: o.record.kind, outcome: o)
        }
        return FileResult(
            path: path, status: document.error != nil ? .failed : .imported, kind: document.kind.rawValue,
            outcome: o, error: o.record.errorDescription, notes: document.notes)
    }
}

/// A store that can write the batches of an import in fewer transactions (`SQLMandatStore` on SQLite): each
/// batch all or nothing as before, several batches per commit.
///
/// `Sendable`.
protocol ImportGrouping: Sendable {
    /// From now on, writes share one transaction until `commitImportGroup()`.
    func beginImportGroup() async
    /// Commits the writes since the last commit.
    /// - Throws: `StoreError` when they could not be kept.
    func commitImportGroup() async throws
    /// After a write of the group failed (the group's writes are then all lost): forgets the group and goes back
    /// to one transaction per write, until `beginImportGroup()`.
    func abandonImportGroup() async
    /// Whether writes now share the group's transaction (after `beginImportGroup()`, on a store that groups).
    func writesInGroups() async -> Bool
    /// Commits, then goes back to one transaction per write.
    /// - Throws: `StoreError` when the last writes could not be kept.
    func endImportGroup() async throws
}

extension Importer.Summary {
    /// Counts one file's result (not `filesSeen`, which the caller counts).
    mutating func add(_ result: Importer.FileResult) {
        switch result.status {
        case .imported, .failed:
            if let o = result.outcome {
                bytes += o.record.size
                filesImported += 1
                byKind[result.kind, default: 0] += 1
                invoicesNew += o.invoicesNew
                invoicesUpdated += o.invoicesUpdated
                eventsNew += o.eventsNew
                eventsKnown += o.eventsKnown
                mandatsNew += o.mandatsNew
                contractsNew += o.contractsNew
            }
            warnings += result.notes.map { result.path + ": " + $0 }
            if result.status == .failed {
                if result.outcome != nil { filesRecordedWithError += 1 }
                filesFailed += 1
                errors.append(result.error ?? result.path)
            }
        case .alreadyImported:
            // A content recorded with its error stays in error: counted and listed apart, and the import fails
            // again (exit 1), so that re-running an import never hides a broken file.
            if let record = result.outcome?.record, record.failed {
                var current = record
                current.path = result.path
                filesAlreadyFailed += 1
                alreadyFailed.append(current.errorDescription ?? result.path)
            } else {
                filesAlreadyImported += 1
            }
        case .notRecorded:
            filesFailed += 1
            errors.append(result.error ?? result.path)
        case .skipped:
            filesSkipped += 1
            skipped.append(result.path + ": " + result.notes.joined(separator: "; "))
        }
    }
}
