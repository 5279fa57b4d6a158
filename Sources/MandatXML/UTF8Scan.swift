import Foundation

/// Finds the first byte that is not valid UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
/// above U+10FFFF), reading a file in chunks so that memory stays bounded. Used only after libxml2 has
/// reported an encoding error, to name the exact byte offset.
enum UTF8Scan {
    enum Result: Equatable {
        /// Every byte checked is valid.
        case valid
        /// The sequence starting at this index is invalid.
        case invalid(Int)
        /// The sequence starting at this index is cut by the end of the buffer (maybe completed later).
        case incomplete(Int)
    }

    /// Checks `b` from index `start`.
    static func check(_ b: UnsafeBufferPointer<UInt8>, from start: Int = 0) -> Result {
        var k = start
        let n = b.count
        while k < n {
            let c = b[k]
            if c < 0x80 {
                k += 1
                continue
            }
            let need: Int
            let lower: UInt32
            var cp: UInt32
            if c & 0xE0 == 0xC0 {
                need = 1
                lower = 0x80
                cp = UInt32(c & 0x1F)
            } else if c & 0xF0 == 0xE0 {
                need = 2
                lower = 0x800
                cp = UInt32(c & 0x0F)
            } else if c & 0xF8 == 0xF0 {
                need = 3
                lower = 0x10000
                cp = UInt32(c & 0x07)
            } else {
                return .invalid(k)
            }
            for j in 1...need {
                guard k + j < n else { return .incomplete(k) }
                guard b[k + j] & 0xC0 == 0x80 else { return .invalid(k) }
                cp = cp << 6 | UInt32(b[k + j] & 0x3F)
            }
            if cp < lower || cp > 0x10FFFF || (0xD800...0xDFFF).contains(cp) { return .invalid(k) }
            k += need + 1
        }
        return .valid
    }

    /// The offset and value of the first invalid byte in `data`, or nil when it is all valid UTF-8.
    static func firstInvalidByte(in data: Data) -> (offset: Int, byte: UInt8)? {
        data.withUnsafeBytes { raw in
            let b = raw.bindMemory(to: UInt8.self)
            switch check(b) {
            case .valid: return nil
            case .invalid(let k), .incomplete(let k): return (k, b[k])
            }
        }
    }

    /// The offset and value of the first invalid byte of the file at `path` (read 1 MiB at a time), or
    /// nil when it is all valid or cannot be read.
    static func firstInvalidByte(path: String) -> (offset: Int, byte: UInt8)? {
        guard let fh = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? fh.close() }
        var carry: [UInt8] = []
        var base = 0  // file offset of carry[0] / of the buffer checked
        while true {
            guard let chunk = try? fh.read(upToCount: 1 << 20), !chunk.isEmpty else {
                if let first = carry.first { return (base, first) }  // cut short by the end of the file
                return nil
            }
            var buf = carry
            buf.append(contentsOf: chunk)
            let r = buf.withUnsafeBufferPointer { check($0) }
            switch r {
            case .valid:
                base += buf.count
                carry = []
            case .invalid(let k):
                return (base + k, buf[k])
            case .incomplete(let k):
                carry = Array(buf[k...])
                base += k
            }
        }
    }

    /// The 1-based line and column just past the last byte (column counted in characters, UTF-8 or
    /// single-byte), i.e. where a reader runs out of data.
    static func endPosition(in data: Data) -> (line: Int, column: Int) {
        var counter = EndCounter()
        data.withUnsafeBytes { counter.add($0.bindMemory(to: UInt8.self)) }
        return (counter.line, counter.column)
    }

    /// `endPosition(in:)` for a file, read 1 MiB at a time; nil when it cannot be read.
    static func endPosition(path: String) -> (line: Int, column: Int)? {
        guard let fh = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? fh.close() }
        var counter = EndCounter()
        while let chunk = try? fh.read(upToCount: 1 << 20), !chunk.isEmpty {
            chunk.withUnsafeBytes { counter.add($0.bindMemory(to: UInt8.self)) }
        }
        return (counter.line, counter.column)
    }

    private struct EndCounter {
        var line = 1
        var column = 1
        mutating func add(_ b: UnsafeBufferPointer<UInt8>) {
            for c in b {
                if c == 0x0A {
                    line += 1
                    column = 1
                } else if c & 0xC0 != 0x80 {
                    column += 1  // a lead or single byte starts a character; continuation bytes do not
                }
            }
        }
    }
}
