import Foundation
import MandatCore

/// A strict RFC 8259 JSON parser: numbers kept as their decimal text (read as `Decimal`, never floats),
/// object key order kept, errors with line and column (1-based).
///
/// Refused: leading zeros (`000115552`), `NaN`, `Infinity`, trailing commas, comments, control characters
/// in strings, invalid UTF-8, nesting deeper than 512. A UTF-8 BOM is accepted (`hadBOM`). Duplicate keys
/// are kept in order; `duplicateKeys` lists them (the last value wins on lookup).
public struct StrictJSON {
    public struct ParseError: Error, Sendable {
        public var message: String
        public var line: Int
        public var column: Int
        /// Set when an array held more items than `maxArrayItems`: the member name of the array (nil for the
        /// top level or an array inside an array), its item count and the limit. `line`/`column` are the
        /// array's opening bracket.
        public var tooManyItems: (key: String?, count: Int, limit: Int)?
    }

    public private(set) var hadBOM = false
    public private(set) var duplicateKeys: [String] = []
    private let bytes: [UInt8]
    private var i = 0
    private var depth = 0
    private let maxDepth = 512
    private let maxArrayItems: Int
    /// The member name whose value is being parsed (for the too-many-items error).
    private var memberKey: String?

    /// Parses a whole document. Throws `ParseError` at the first problem.
    ///
    /// - Parameter maxArrayItems: the most items one array may hold. Past it, the rest of the array is still
    ///   read to count its items (the syntax checked, each item dropped once read, so memory stays bounded),
    ///   then a `ParseError` with `tooManyItems` is thrown.
    public static func parse(
        _ data: Data, maxArrayItems: Int = .max
    ) throws -> (value: JSONValue, hadBOM: Bool, duplicateKeys: [String]) {
        try parse(bytes: [UInt8](data), maxArrayItems: maxArrayItems)
    }

    /// Parses a whole document from its bytes (no copy of them). Throws `ParseError` at the first problem.
    public static func parse(
        bytes: [UInt8], maxArrayItems: Int = .max
    ) throws -> (value: JSONValue, hadBOM: Bool, duplicateKeys: [String]) {
        var p = StrictJSON(bytes: bytes, maxArrayItems: maxArrayItems)
        let v = try p.document()
        return (v, p.hadBOM, p.duplicateKeys)
    }

    private init(bytes: [UInt8], maxArrayItems: Int) {
        self.bytes = bytes
        self.maxArrayItems = maxArrayItems
    }

    private func error(_ message: String, at pos: Int? = nil) -> ParseError {
        let p = min(pos ?? i, bytes.count)
        var line = 1
        var lineStart = 0
        for k in 0..<p where bytes[k] == 0x0A {
            line += 1
            lineStart = k + 1
        }
        let col = String(decoding: bytes[lineStart..<p], as: UTF8.self).count + 1
        return ParseError(message: message, line: line, column: col)
    }

    private mutating func document() throws -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            hadBOM = true
            i = 3
        }
        if let bad = UTF8Check.firstInvalidByte(in: bytes, from: i) {
            throw error("invalid UTF-8 byte 0x\(String(bytes[bad], radix: 16, uppercase: true)) at byte offset \(bad)", at: bad)
        }
        skipWS()
        if i >= bytes.count { throw error("empty document: expecting a value") }
        let v = try value()
        skipWS()
        if i < bytes.count { throw error("extra data after the JSON value") }
        return v
    }

    private mutating func skipWS() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    private mutating func value() throws -> JSONValue {
        guard i < bytes.count else { throw error("unexpected end of data: expecting a value") }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw error("expecting a value")
        }
    }

    private mutating func literal(_ word: String, _ v: JSONValue) throws -> JSONValue {
        let w = Array(word.utf8)
        guard i + w.count <= bytes.count, Array(bytes[i..<i + w.count]) == w else { throw error("expecting a value") }
        i += w.count
        return v
    }

    private mutating func number() throws -> JSONValue {
        let start = i
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        func digit(_ k: Int) -> Bool { k < bytes.count && bytes[k] >= 48 && bytes[k] <= 57 }
        guard digit(i) else { throw error("invalid number") }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
            if digit(i) { throw error("invalid number: leading zero", at: i - 1) }
        } else {
            while digit(i) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard digit(i) else { throw error("invalid number: digits expected after '.'") }
            while digit(i) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard digit(i) else { throw error("invalid number: exponent digits expected") }
            while digit(i) { i += 1 }
        }
        return .number(String(decoding: bytes[start..<i], as: UTF8.self))
    }

    private mutating func string() throws -> String {
        i += 1
        var out = [UInt8]()
        while true {
            guard i < bytes.count else { throw error("unterminated string") }
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                i += 1
                return String(decoding: out, as: UTF8.self)
            }
            if b < 0x20 { throw error("control character in string") }
            if b == UInt8(ascii: "\\") {
                i += 1
                guard i < bytes.count else { throw error("unterminated string") }
                switch bytes[i] {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800..<0xDC00).contains(code) {
                        guard i + 2 < bytes.count, bytes[i + 1] == UInt8(ascii: "\\"), bytes[i + 2] == UInt8(ascii: "u")
                        else { throw error("lone surrogate in \\u escape") }
                        i += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw error("invalid surrogate pair") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00..<0xE000).contains(code) {
                        throw error("lone surrogate in \\u escape")
                    }
                    out.append(contentsOf: Array(String(Character(Unicode.Scalar(code)!)).utf8))
                default: throw error("invalid escape")
                }
                i += 1
            } else {
                out.append(b)
                i += 1
            }
        }
    }

    private mutating func hex4() throws -> UInt32 {
        guard i + 4 < bytes.count else { throw error("truncated \\u escape") }
        var v: UInt32 = 0
        for k in 1...4 {
            guard let d = Character(Unicode.Scalar(bytes[i + k])).hexDigitValue else { throw error("invalid \\u escape") }
            v = v * 16 + UInt32(d)
        }
        i += 4
        return v
    }

    private mutating func array() throws -> JSONValue {
        depth += 1
        defer { depth -= 1 }
        if depth > maxDepth { throw error("nesting deeper than \(maxDepth)") }
        let key = memberKey
        memberKey = nil
        let start = i
        i += 1
        var items: [JSONValue] = []
        var count = 0
        skipWS()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
            i += 1
            return .array(items)
        }
        while true {
            skipWS()
            let item = try value()
            count += 1
            // Past the limit, items are counted and dropped: the error can say how many there were.
            if count <= maxArrayItems { items.append(item) } else if count == maxArrayItems + 1 { items = [] }
            skipWS()
            guard i < bytes.count else { throw error("unexpected end of data in array") }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            if bytes[i] == UInt8(ascii: "]") {
                i += 1
                if count > maxArrayItems {
                    var e = error("array\(key.map { " '\($0)'" } ?? "") of \(count) items: over the limit of \(maxArrayItems)", at: start)
                    e.tooManyItems = (key, count, maxArrayItems)
                    throw e
                }
                return .array(items)
            }
            throw error("expecting ',' or ']'")
        }
    }

    private mutating func object() throws -> JSONValue {
        depth += 1
        defer { depth -= 1 }
        if depth > maxDepth { throw error("nesting deeper than \(maxDepth)") }
        i += 1
        var members: [(String, JSONValue)] = []
        var seen = Set<String>()
        skipWS()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
            i += 1
            return .object(members)
        }
        while true {
            skipWS()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw error("expecting a property name in double quotes") }
            let key = try string()
            skipWS()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw error("expecting ':' delimiter") }
            i += 1
            skipWS()
            memberKey = key
            let v = try value()
            memberKey = nil
            if !seen.insert(key).inserted { duplicateKeys.append(key) }
            members.append((key, v))
            skipWS()
            guard i < bytes.count else { throw error("unexpected end of data in object") }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            if bytes[i] == UInt8(ascii: "}") {
                i += 1
                return .object(members)
            }
            throw error("expecting ',' delimiter")
        }
    }
}

/// UTF-8 validation that says where the first bad byte is.
public enum UTF8Check {
    /// The offset of the first byte that does not start or continue a valid UTF-8 sequence, or nil.
    public static func firstInvalidByte(in b: [UInt8], from start: Int = 0) -> Int? {
        var k = start
        let n = b.count
        while k < n {
            let c = b[k]
            if c < 0x80 {
                k += 1
                continue
            }
            var need = 0
            var min: UInt32 = 0
            var cp: UInt32 = 0
            if c & 0xE0 == 0xC0 {
                need = 1; min = 0x80; cp = UInt32(c & 0x1F)
            } else if c & 0xF0 == 0xE0 {
                need = 2; min = 0x800; cp = UInt32(c & 0x0F)
            } else if c & 0xF8 == 0xF0 {
                need = 3; min = 0x10000; cp = UInt32(c & 0x07)
            } else {
                return k
            }
            for j in 1...need {
                guard k + j < n, b[k + j] & 0xC0 == 0x80 else { return k }
                cp = cp << 6 | UInt32(b[k + j] & 0x3F)
            }
            if cp < min || cp > 0x10FFFF || (0xD800...0xDFFF).contains(cp) { return k }
            k += need + 1
        }
        return nil
    }
}
