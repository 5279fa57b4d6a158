import Dispatch
import Foundation

/// Work spread over every core in contiguous chunks, results kept in the input's order.
///
/// Used wherever the work is independent per item: decoding stored rows, the board's rows (`status`), the dossier
/// state's rows at import, so the two cores of a small server each take half. Below `minimumChunk` × 2 items it runs on the
/// calling thread.
public enum ParallelWork {
    /// Chunks per core: a few, so that one slow chunk does not leave a core idle.
    static let chunksPerCore = 4

    /// `transform` applied to each chunk of `items` (in order), the chunks run on every core; the results are
    /// concatenated in the items' order.
    public static func mapChunks<T: Sendable, R: Sendable>(
        _ items: [T], minimumChunk: Int = 64, cores: Int = ProcessInfo.processInfo.activeProcessorCount,
        _ transform: @Sendable (ArraySlice<T>) -> [R]
    ) -> [R] {
        let minimum = max(1, minimumChunk)
        guard cores > 1, items.count >= 2 * minimum else { return transform(items[...]) }
        let count = min(cores * chunksPerCore, items.count / minimum)
        let size = (items.count + count - 1) / count
        let slots = Slots<[R]>(count: count)
        defer { slots.release() }
        DispatchQueue.concurrentPerform(iterations: count) { i in
            let lower = min(items.count, i * size)
            let upper = min(items.count, lower + size)
            slots.set(i, transform(items[lower..<upper]))
        }
        var out: [R] = []
        out.reserveCapacity(items.count)
        for i in 0..<count { out += slots.get(i) }
        return out
    }

    /// `transform` applied to each item, on every core; the results in the items' order.
    public static func map<T: Sendable, R: Sendable>(
        _ items: [T], minimumChunk: Int = 64, cores: Int = ProcessInfo.processInfo.activeProcessorCount,
        _ transform: @Sendable (T) -> R
    ) -> [R] {
        mapChunks(items, minimumChunk: minimumChunk, cores: cores) { $0.map(transform) }
    }

    /// `transform` applied to each item, on every core; the results in the items' order. The first error (in
    /// the items' order) is thrown once every chunk is done.
    public static func tryMap<T: Sendable, R: Sendable>(
        _ items: [T], minimumChunk: Int = 64, cores: Int = ProcessInfo.processInfo.activeProcessorCount,
        _ transform: @Sendable (T) throws -> R
    ) throws -> [R] {
        let chunks: [Result<[R], any Error>] = mapChunks(items, minimumChunk: minimumChunk, cores: cores) { chunk in
            [Result { try chunk.map(transform) }]
        }
        var out: [R] = []
        out.reserveCapacity(items.count)
        for c in chunks { out += try c.get() }
        return out
    }

    /// One slot per chunk, each written by exactly one iteration of `concurrentPerform` and read after it
    /// returns (which orders the writes before the reads).
    private final class Slots<V>: @unchecked Sendable {
        let base: UnsafeMutablePointer<V?>
        let count: Int
        init(count: Int) {
            self.count = count
            base = .allocate(capacity: count)
            base.initialize(repeating: nil, count: count)
        }
        func set(_ i: Int, _ v: V) { base[i] = v }
        func get(_ i: Int) -> V { base[i]! }
        func release() {
            base.deinitialize(count: count)
            base.deallocate()
        }
    }
}
