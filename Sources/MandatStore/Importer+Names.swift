import Foundation

/// File names that are not UTF-8 (a Latin-1 `été` is the bytes `E9 74 E9`): Swift's `String` and `FileManager`
/// cannot hold such a path (they repair or drop it), so the folder walk lists names as bytes, and a file whose
/// path is not UTF-8 is opened once by its bytes (`open(2)`) and then read through the Linux alias of that open
/// file, `/proc/self/fd/N`, while its messages show the name with the bad bytes escaped (`\xE9`).
extension Importer {
    /// The files a walk found: paths to read (`disk`, a `/proc/self/fd/N` alias for a name that is not UTF-8),
    /// the name to show and record for each (`shown`), the open descriptors behind the aliases (closed by
    /// `close()`), and the paths refused with a reason.
    struct Collected {
        var files: [String] = []
        var shown: [String: String] = [:]
        var descriptors: [Int32] = []
        var refused: [(path: String, reason: String)] = []

        /// The name shown for `disk`: itself unless it is an alias.
        func name(_ disk: String) -> String { shown[disk] ?? disk }

        /// Closes the descriptors behind the aliases.
        func close() {
            for fd in descriptors { _ = Foundation.close(fd) }
        }
    }

    /// Files opened through an alias in one import, at most: each holds a descriptor until the import ends.
    static let maxAliasedFiles = 256

    /// `bytes` as a name a person can read: valid UTF-8 as is, any other byte as `\xHH`.
    public static func readableName(_ bytes: [UInt8]) -> String {
        if let s = String(validating: bytes, as: UTF8.self) { return s }
        var out = ""
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let n =
                b < 0x80 ? 1 : b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0
            if n > 0, i + n <= bytes.count, let s = String(validating: bytes[i..<(i + n)], as: UTF8.self) {
                out += s
                i += n
            } else {
                out += "\\x" + String(b, radix: 16, uppercase: true).leftPadded(to: 2)
                i += 1
            }
        }
        return out
    }

    /// The entries of the folder at `dir` (bytes), hidden ones left out, sorted by bytes; nil when it cannot be
    /// listed.
    static func entries(_ dir: [UInt8]) -> [[UInt8]]? {
        guard
            let d = (dir + [0]).withUnsafeBufferPointer({ p in
                p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: p.count) { opendir($0) }
            })
        else { return nil }
        defer { closedir(d) }
        var names: [[UInt8]] = []
        while let e = readdir(d) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { raw -> [UInt8] in
                Array(raw.prefix { $0 != 0 })
            }
            if name.first == UInt8(ascii: ".") { continue }
            names.append(name)
        }
        return names.sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// `stat(2)` of a path given as bytes (links followed), nil when it fails.
    static func status(_ path: [UInt8]) -> stat? {
        var st = stat()
        let ok = (path + [0]).withUnsafeBufferPointer { p in
            p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: p.count) { stat($0, &st) == 0 }
        }
        return ok ? st : nil
    }

    /// `lstat(2)`: the entry itself (a link is a link).
    static func linkStatus(_ path: [UInt8]) -> stat? {
        var st = stat()
        let ok = (path + [0]).withUnsafeBufferPointer { p in
            p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: p.count) { lstat($0, &st) == 0 }
        }
        return ok ? st : nil
    }

    /// Walks the folder `dir` (bytes) recursively: `.xml` and `.json` regular files (and links to them), sorted;
    /// links to folders are not followed. A file whose path is not UTF-8 is opened by its bytes and listed as its
    /// `/proc/self/fd/N` alias.
    static func walk(_ dir: [UInt8], into c: inout Collected) {
        guard let names = entries(dir) else {
            c.refused.append((readableName(dir), "cannot list the folder [io.read]"))
            return
        }
        for name in names {
            let path = (dir.last == UInt8(ascii: "/") ? dir : dir + [UInt8(ascii: "/")]) + name
            guard let own = linkStatus(path) else { continue }
            let kind = own.st_mode & S_IFMT
            if kind == S_IFDIR {
                walk(path, into: &c)
                continue
            }
            let lower = String(decoding: name.suffix(5), as: UTF8.self).lowercased()
            guard lower.hasSuffix(".xml") || lower.hasSuffix(".json") else { continue }
            if kind != S_IFREG {
                // A link to a regular file is read; anything else (a dangling link, a pipe) is refused.
                guard let target = status(path) else {
                    c.refused.append((readableName(path), "dangling link or unreadable entry [io.not-found]"))
                    continue
                }
                if target.st_mode & S_IFMT != S_IFREG {
                    c.refused.append(
                        (readableName(path), "not a regular file (device, pipe or socket) [io.not-regular]"))
                    continue
                }
            }
            if let text = String(validating: path, as: UTF8.self) {
                c.files.append(text)
                continue
            }
            addAliased(path, into: &c)
        }
    }

    /// Adds the regular file at `path`, a name that is not UTF-8, opened by its bytes and listed as its
    /// `/proc/self/fd/N` alias (shown with its bad bytes escaped); refused past `maxAliasedFiles` or when it
    /// cannot be opened.
    static func addAliased(_ path: [UInt8], into c: inout Collected) {
        let shown = readableName(path)
        guard c.descriptors.count < maxAliasedFiles else {
            c.refused.append(
                (
                    shown,
                    "more than \(maxAliasedFiles) file names that are not UTF-8 in one import: import the rest "
                        + "in another run, or rename them (convmv -f latin1 -t utf8) [io.name-encoding]"
                ))
            return
        }
        let fd = (path + [0]).withUnsafeBufferPointer { p in
            p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: p.count) { open($0, O_RDONLY | O_CLOEXEC) }
        }
        guard fd >= 0 else {
            c.refused.append((shown, "cannot open: \(String(cString: strerror(errno))) [io.read]"))
            return
        }
        let alias = "/proc/self/fd/\(fd)"
        c.descriptors.append(fd)
        c.files.append(alias)
        c.shown[alias] = shown
    }

    /// A path named on the command line whose bytes are not UTF-8 (`rawPaths`' value for the repaired text
    /// `CommandLine.arguments` holds): a folder is walked by its bytes, a regular file opened by them, as the
    /// walk does for the names it finds.
    static func addRaw(_ bytes: [UInt8], into c: inout Collected) {
        guard let st = status(bytes) else {
            c.refused.append((readableName(bytes), notFoundReason + " [io.not-found]"))
            return
        }
        switch st.st_mode & S_IFMT {
        case S_IFDIR:
            var found = Collected(descriptors: c.descriptors)
            walk(bytes, into: &found)
            c.files += found.files.sorted { found.name($0) < found.name($1) }
            c.shown.merge(found.shown) { a, _ in a }
            c.descriptors = found.descriptors
            c.refused += found.refused
        case S_IFREG:
            addAliased(bytes, into: &c)
        default:
            c.refused.append((readableName(bytes), "not a regular file (device, pipe or socket) [io.not-regular]"))
        }
    }
}

extension String {
    /// The string with `0` in front up to `count` characters.
    fileprivate func leftPadded(to count: Int) -> String {
        self.count >= count ? self : String(repeating: "0", count: count - self.count) + self
    }
}
