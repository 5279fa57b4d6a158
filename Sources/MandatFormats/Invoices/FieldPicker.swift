import Foundation
import MandatCore
import MandatXML

/// Turns collected path values into typed business terms, following EXPECTED.md's normalisation rules, and
/// writes a note for every value it had to drop or choose (`notes`).
///
/// - Text: trimmed; empty is nil.
/// - Repeated fields: the first non-empty value is used; a note lists the others when they differ
///   (EXPECTED.md "Repeated fields").
/// - Amounts: `xs:decimal` only (`Money.parse`); anything else is nil plus a note.
/// - Dates: UBL `xs:date` (`YYYY-MM-DD`, time zone dropped); CII `udt:DateTimeString` format 102
///   (`YYYYMMDD`), 203/204 (date part, with a note), no format (8 digits only, with a note).
struct FieldPicker {
    let collector: PathCollector
    var notes: [String] = []

    init(_ collector: PathCollector) { self.collector = collector }

    /// The first non-empty value of `path`, noting when later occurrences differ.
    mutating func first(_ path: String, _ term: String) -> PathValue? {
        let all = collector.all(path)
        // The common case, one value: no array made.
        if all.count == 1 { return all[0].text == nil ? nil : all[0] }
        let found = all.filter { $0.text != nil }
        guard let head = found.first else { return nil }
        let others = found.dropFirst().compactMap(\.text).filter { $0 != head.text }
        if !others.isEmpty {
            let distinct = orderedDistinct([head.text!] + others)
            notes.append(
                "\(term): \(found.count) values \(quoted(distinct)) at \(path); the first is used")
        }
        return head
    }

    /// The first non-empty text of `path`.
    mutating func text(_ path: String, _ term: String) -> String? { first(path, term)?.text }

    /// An amount (`xs:decimal`) at `path`, or nil with a note when it is not one.
    mutating func amount(_ path: String, _ term: String) -> Decimal? {
        guard let v = first(path, term), let t = v.text else { return nil }
        return parseAmount(t, term: term, line: v.line)
    }

    /// Parses an amount text, noting a refusal.
    mutating func parseAmount(_ t: String, term: String, line: Int) -> Decimal? {
        if let d = Money.parse(t) { return d }
        notes.append("\(term): '\(t)' at line \(line) is not an xs:decimal amount (null)")
        return nil
    }

    /// A UBL `xs:date` at `path`.
    mutating func ublDate(_ path: String, _ term: String) -> CivilDate? {
        guard let v = first(path, term), let t = v.text else { return nil }
        return parseUBLDate(t, term: term, line: v.line)
    }

    /// Parses `YYYY-MM-DD` with an optional time zone; anything else is nil plus a note.
    mutating func parseUBLDate(_ t: String, term: String, line: Int) -> CivilDate? {
        if let d = Self.plainDate(t, dashed: true) { return d }
        let u = Array(t.utf8)
        if u.count >= 10, u[4] == UInt8(ascii: "-"), let d = CivilDate(iso: t) { return d }
        notes.append("\(term): '\(t)' at line \(line) is not a valid xs:date (null)")
        return nil
    }

    /// A CII `udt:DateTimeString` at `path` (its `@format` decides the reading).
    mutating func ciiDate(_ path: String, _ term: String) -> CivilDate? {
        guard let v = first(path, term), let t = v.text else { return nil }
        let format = v.attribute("format")
        if format == "102", let d = Self.plainDate(t, dashed: false) { return d }
        let digits = t.allSatisfy { $0.isASCII && $0.isNumber }
        switch format {
        case "102"?:
            if t.count == 8, digits, let d = CivilDate(iso: t) { return d }
        case let f? where f == "203" || f == "204":
            if t.count >= 8, t.prefix(8).allSatisfy({ $0.isASCII && $0.isNumber }),
                let d = CivilDate(iso: String(t.prefix(8)))
            {
                notes.append("\(term): format \(f) value '\(t)' where a date is expected: the date part is used")
                return d
            }
        case nil:
            if t.count == 8, digits, let d = CivilDate(iso: t) {
                notes.append("\(term): DateTimeString '\(t)' has no @format; read as 102 (YYYYMMDD)")
                return d
            }
        default:
            break
        }
        let f = v.attribute("format").map { " (format \($0))" } ?? ""
        notes.append("\(term): '\(t)'\(f) at line \(v.line) is not a valid date (null)")
        return nil
    }

    /// `YYYY-MM-DD` (`dashed`) or `YYYYMMDD` exactly, as ASCII digits, read without Foundation; nil for
    /// anything else, including an impossible date (the general reading then decides and writes the note).
    static func plainDate(_ text: String, dashed: Bool) -> CivilDate? {
        var text = text
        return text.withUTF8 { b -> CivilDate? in
            guard b.count == (dashed ? 10 : 8) else { return nil }
            if dashed && (b[4] != UInt8(ascii: "-") || b[7] != UInt8(ascii: "-")) { return nil }
            func number(_ from: Int, _ count: Int) -> Int? {
                var v = 0
                for k in from..<(from + count) {
                    let c = b[k]
                    guard c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") else { return nil }
                    v = v * 10 + Int(c - UInt8(ascii: "0"))
                }
                return v
            }
            guard let y = number(0, 4), let m = number(dashed ? 5 : 4, 2), let d = number(dashed ? 8 : 6, 2) else {
                return nil
            }
            return CivilDate(year: y, month: m, day: d)
        }
    }

    /// An identifier with its `@schemeID`, from a value.
    static func schemed(_ v: PathValue?) -> SchemedID? {
        guard let v, let t = v.text else { return nil }
        return SchemedID(id: t, scheme: v.attribute("schemeID"))
    }

    func orderedDistinct(_ a: [String]) -> [String] {
        var seen = Set<String>()
        return a.filter { seen.insert($0).inserted }
    }

    func quoted(_ a: [String]) -> String { "[" + a.map { "'\($0)'" }.joined(separator: ", ") + "]" }
}
