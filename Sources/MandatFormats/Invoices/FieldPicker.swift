import Foundation
import MandatCore
import MandatXML

/// Turns collected path values into typed business terms, following EXPECTED.md's normalisation rules, and
/// writes a note for every value it had to drop or choose (`notes`).
///
/// - Text: trimmed; empty is nil.
/// - Repeated fields (`RepeatedField.pick`, the one rule for every reader): the first value that reads is used
///   (non-empty, and for an amount or a date, valid): an invalid first value never hides a valid later one. A
///   note lists the values with their lines when they differ, and says which line was used.
/// - Amounts: `xs:decimal` only (`Money.parse`); anything else is nil plus a note, which tells a valid `xs:decimal`
///   of more than `Money.maxDigits` (34) digits ("out of range") from a text that is no decimal at all.
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
        return pick(path, term) { _, v in v }
    }

    /// The first value of `path` that `read` accepts (the repeated-field rule, `RepeatedField.pick`).
    mutating func pick<T>(_ path: String, _ term: String, _ read: (inout FieldPicker, PathValue) -> T?) -> T? {
        let values = collector.all(path).compactMap { v in v.text.map { (v, $0) } }
        var chosen: T?
        // `read` writes its notes into `self.notes`: they are moved into `collected` after each value, so that
        // the rule can finish them (no overlapping access to `notes`).
        var collected = notes
        notes = []
        RepeatedField.pick(
            values.map { (text: $0.1, line: $0.0.line) }, term: term, path: path, notes: &collected
        ) { i, out in
            // The rule also reads the values after the one used (to report those that do not read): the first
            // one that reads stays chosen.
            let value = read(&self, values[i].0)
            if chosen == nil { chosen = value }
            out += self.notes
            self.notes = []
            return value != nil
        }
        notes = collected
        return chosen
    }

    /// Values as a note lists them: each in single quotes, separated by commas (`'A', 'B'`).
    func quoted(_ a: [String]) -> String { a.map { "'\($0)'" }.joined(separator: ", ") }

    /// The first non-empty text of `path`.
    mutating func text(_ path: String, _ term: String) -> String? { first(path, term)?.text }

    /// An amount (`xs:decimal`) at `path`, or nil with a note when it is not one.
    mutating func amount(_ path: String, _ term: String) -> Decimal? {
        pick(path, term) { p, v in p.parseAmount(v.text!, term: term, line: v.line) }
    }

    /// Parses an amount text, noting a refusal.
    mutating func parseAmount(_ t: String, term: String, line: Int) -> Decimal? {
        if let d = Money.parse(t) { return d }
        notes.append(
            "\(term): '\(t)' at line \(line) "
                + (Money.digitsBeyondRange(t).map { "is a valid xs:decimal but " + Money.outOfRange(digits: $0) }
                    ?? "is not an xs:decimal amount"))
        return nil
    }

    /// A UBL `xs:date` at `path`.
    mutating func ublDate(_ path: String, _ term: String) -> CivilDate? {
        pick(path, term) { p, v in p.parseUBLDate(v.text!, term: term, line: v.line) }
    }

    /// Parses `YYYY-MM-DD` with an optional time zone; anything else is nil plus a note.
    mutating func parseUBLDate(_ t: String, term: String, line: Int) -> CivilDate? {
        if let d = Self.plainDate(t, dashed: true) { return d }
        let u = Array(t.utf8)
        if u.count >= 10, u[4] == UInt8(ascii: "-"), let d = CivilDate(iso: t) { return d }
        notes.append("\(term): '\(t)' at line \(line) is not a valid xs:date")
        return nil
    }

    /// A CII `udt:DateTimeString` at `path` (its `@format` decides the reading).
    mutating func ciiDate(_ path: String, _ term: String) -> CivilDate? {
        pick(path, term) { p, v in p.ciiDate(v, term) }
    }

    /// One CII `udt:DateTimeString` value, or nil with a note.
    private mutating func ciiDate(_ v: PathValue, _ term: String) -> CivilDate? {
        guard let t = v.text else { return nil }
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
        notes.append("\(term): '\(t)'\(f) at line \(v.line) is not a valid date")
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

}

/// The rule for a field that a file gives more than once, for every reader (UBL, CII, the Chorus pivot): the
/// first value that reads is used, in document order; "reads" is the field's own test (non-empty for a text, an
/// `xs:decimal` for an amount, a real date for a date), so an invalid first value never hides a valid later one.
///
/// Notes, in the file's `notes`: each value that did not read says why (the reader's note) and then what became
/// of the field (`; left empty` when no value read, `; the value '2025-03-03' (line N) is used` otherwise), the
/// values after the one used included (a second, invalid date is reported, not silently passed over); when the
/// values differ, one more note lists them with their lines and names the value used and its line (two values
/// may share a line: docs/formats-invoices.md).
enum RepeatedField {
    /// Calls `read(index, value)` on `values` in order until one returns true, then on each later value whose
    /// text differs (`read` must keep the first value it accepted); adjusts the notes `read` wrote for the values
    /// it refused, drops those of the later values it accepted, and adds the repeat note. One value: just
    /// `read`, and `; left empty` on its notes if it fails.
    static func pick(
        _ values: [(text: String, line: Int)], term: String, path: String, notes: inout [String],
        _ read: (Int, inout [String]) -> Bool
    ) {
        var refused: [Int] = []  // indices in `notes` written while reading a refused value
        var used: Int?
        for i in values.indices {
            let before = notes.count
            if read(i, &notes) {
                used = i
                break
            }
            refused += Array(before..<notes.count)
        }
        if let u = used {
            // The later values: read only to report those that do not read (their notes otherwise dropped).
            var checked: Set<String> = [values[u].text]
            for i in values.indices where i > u && checked.insert(values[i].text).inserted {
                var scratch: [String] = []
                if !read(i, &scratch) {
                    refused += Array(notes.count..<(notes.count + scratch.count))
                    notes += scratch
                }
            }
        }
        let outcome =
            used.map { "; the value '\(values[$0].text)' (line \(values[$0].line)) is used" } ?? "; left empty"
        for n in refused { notes[n] += outcome }
        var seen = Set<String>()
        let distinct = values.filter { seen.insert($0.text).inserted }
        guard distinct.count > 1 else { return }
        let listed = values.map { "'\($0.text)' (line \($0.line))" }.joined(separator: ", ")
        notes.append(
            "\(term): \(values.count) values \(listed) at \(path); "
                + (used.map { "the value '\(values[$0].text)' (line \(values[$0].line)) is used" }
                    ?? "none reads: left empty"))
    }
}
