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

    /// The lower-case hex digest (64 characters).
    mutating func finalize() -> String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in hasher.finalize() {
            out.append(Self.hexDigits[Int(b >> 4)])
            out.append(Self.hexDigits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// The hex digest of a file, read in 64 KiB chunks into one buffer (bounded memory, no `Data` per chunk: the
    /// import hashes every file, 7 KB on average), and its size in bytes.
    /// - Throws: `StoreError` `io.read` when the file cannot be opened or read.
    static func file(at path: String) throws -> FileFingerprint {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError(code: "io.read", message: "cannot open \(path)") }
        defer { close(fd) }
        var hasher = ContentHash()
        var size = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                throw StoreError(
                    code: "io.read", message: "cannot read \(path)", cause: String(cString: strerror(errno)))
            }
            hasher.hasher.update(data: buffer[0..<n])
            size += n
        }
        return FileFingerprint(sha256: hasher.finalize(), size: size)
    }
}
