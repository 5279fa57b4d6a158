import Foundation

/// A JSON value whose objects keep their key order and whose numbers keep their decimal text.
///
/// Used for the `inspect --json` shape of EXPECTED.json, where amounts are decimal strings and key
/// order makes output readable and stable. `Sendable`, `Hashable`.
public indirect enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    /// A number as its JSON text (never a float).
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.array(let x), .array(let y)): return x == y
        case (.object(let x), .object(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    public func hash(into h: inout Hasher) {
        switch self {
        case .null: h.combine(0)
        case .bool(let b): h.combine(b)
        case .number(let n): h.combine(n)
        case .string(let s): h.combine(s)
        case .array(let a): h.combine(a)
        case .object(let o):
            for (k, v) in o {
                h.combine(k)
                h.combine(v)
            }
        }
    }

    /// A string, or null when nil.
    public static func str(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
    /// An integer.
    public static func int(_ i: Int?) -> JSONValue { i.map { .number(String($0)) } ?? .null }
    /// An amount as a normalised decimal string (EXPECTED.md), or null.
    public static func amount(_ d: Decimal?) -> JSONValue { d.map { .string(Money.normalized($0)) } ?? .null }
    /// Money as a string with exactly two decimals, rounded half-up to the cent (`Money.cents`), or null: the
    /// rule of the web API and `digest --format json`.
    public static func money(_ d: Decimal?) -> JSONValue { d.map { .string(Money.cents($0)) } ?? .null }
    /// A date as ISO string, or null.
    public static func date(_ d: CivilDate?) -> JSONValue { d.map { .string($0.iso) } ?? .null }
    /// `{"id", "scheme"}` or null.
    public static func schemed(_ s: SchemedID?) -> JSONValue {
        guard let s else { return .null }
        return .object([("id", .string(s.id)), ("scheme", .str(s.scheme))])
    }
    /// A list of strings.
    public static func strings(_ a: [String]) -> JSONValue { .array(a.map { .string($0) }) }

    /// Member lookup for objects (last one wins, as in most parsers); nil otherwise.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let o) = self else { return nil }
        return o.last(where: { $0.0 == key })?.1
    }

    /// The string value, or nil.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// Serialises compactly (`pretty: false`) or with two-space indentation.
    public func serialized(pretty: Bool = false, indent: Int = 0) -> String {
        var out = ""
        write(to: &out, pretty: pretty, indent: indent)
        return out
    }

    private func write(to out: inout String, pretty: Bool, indent: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n
        case .string(let s): JSONValue.quote(s, into: &out)
        case .array(let a):
            if a.isEmpty {
                out += "[]"
                return
            }
            out += "["
            for (i, v) in a.enumerated() {
                if i > 0 { out += "," }
                if pretty { out += "\n" + String(repeating: "  ", count: indent + 1) }
                v.write(to: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { out += "\n" + String(repeating: "  ", count: indent) }
            out += "]"
        case .object(let o):
            if o.isEmpty {
                out += "{}"
                return
            }
            out += "{"
            for (i, (k, v)) in o.enumerated() {
                if i > 0 { out += "," }
                if pretty { out += "\n" + String(repeating: "  ", count: indent + 1) }
                JSONValue.quote(k, into: &out)
                out += pretty ? ": " : ":"
                v.write(to: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { out += "\n" + String(repeating: "  ", count: indent) }
            out += "}"
        }
    }

    static func quote(_ s: String, into out: inout String) {
        out += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20:
                let h = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
            default: out.unicodeScalars.append(u)
            }
        }
        out += "\""
    }
}
