import Foundation

/// Command-line arguments whose bytes are not UTF-8 (a Latin-1 file name `facture-été.xml`, `E9` bytes):
/// `CommandLine.arguments` repairs them (each bad byte becomes U+FFFD), so the path it holds names no file. The
/// raw bytes are still in `CommandLine.unsafeArgv`: `map` gives them by the repaired text.
enum RawArguments {
    /// The raw bytes of each argument that was repaired, by its repaired text; an argument whose repaired text
    /// two different arguments share is left out (it could not be told apart).
    static func map() -> [String: [UInt8]] {
        var found: [String: [UInt8]] = [:]
        var ambiguous: Set<String> = []
        for i in 1..<Int(CommandLine.argc) {
            guard let arg = CommandLine.unsafeArgv[i] else { continue }
            let bytes = Array(UnsafeBufferPointer(start: UnsafeRawPointer(arg).assumingMemoryBound(to: UInt8.self), count: strlen(arg)))
            if String(validating: bytes, as: UTF8.self) != nil { continue }
            let repaired = String(decoding: bytes, as: UTF8.self)
            if let other = found[repaired], other != bytes { ambiguous.insert(repaired) }
            found[repaired] = bytes
        }
        for a in ambiguous { found[a] = nil }
        return found
    }
}
