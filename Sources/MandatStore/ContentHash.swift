import Crypto
import Foundation

/// SHA-256 of a file's content (swift-crypto), streaming, for file identities in the store.
///
/// `Sendable` value; feed bytes with `update`, then `finalize` once to get the lower-case hex digest.
struct ContentHash: Sendable {
    private var hasher = Crypto.SHA256()

    mutating func update<D: Collection>(_ bytes: D) where D.Element == UInt8 {
        hasher.update(data: Data(bytes))
    }

    mutating func finalize() -> String {
        hasher.finalize().map { b in (b < 16 ? "0" : "") + String(b, radix: 16) }.joined()
    }

    /// The hex digest of a file, read in 1 MiB chunks (bounded memory), and its size in bytes.
    /// - Throws: `StoreError` `io.read` when the file cannot be opened or read.
    static func file(at path: String) throws -> FileFingerprint {
        guard let fh = FileHandle(forReadingAtPath: path) else {
            throw StoreError(code: "io.read", message: "cannot open \(path)")
        }
        defer { try? fh.close() }
        var hasher = ContentHash()
        var size = 0
        do {
            while let chunk = try fh.read(upToCount: 1 << 20), !chunk.isEmpty {
                hasher.hasher.update(data: chunk)
                size += chunk.count
            }
        } catch {
            throw StoreError(code: "io.read", message: "cannot read \(path)", cause: "\(error)")
        }
        return FileFingerprint(sha256: hasher.finalize(), size: size)
    }
}
