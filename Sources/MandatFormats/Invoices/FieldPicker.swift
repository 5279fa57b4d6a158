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
    /// Each amount parsed from plain digits with its `Money.normalized` text, made from the same bytes (so
    /// the `inspect --json` fields need no `Decimal` formatting).
    var amountTexts: [(value: Decimal, text: String)] = []

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
        if let (d, text) = Self.plainAmount(t) {
            amountTexts.append((d, text))
            return d
        }
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

    /// The common case of `Money.parse` without Foundation: an optional sign, then ASCII digits (18 at most)
    /// with at most one point (`1234.56`, `-0.5`, `+.5`, `12.`). Nil for anything else (blanks, more digits,
    /// any other character), which `Money.parse` then decides; both give the same value where both accept.
    ///
    /// - Returns: the value and its `Money.normalized` text (at least two decimals, no trailing zero past the
    ///   second, no leading zero before the units, `0.00` for zero).
    static func plainAmount(_ text: String) -> (Decimal, String)? {
        var text = text
        return text.withUTF8 { b -> (Decimal, String)? in
            var k = 0
            var negative = false
            if k < b.count, b[k] == UInt8(ascii: "-") || b[k] == UInt8(ascii: "+") {
                negative = b[k] == UInt8(ascii: "-")
                k += 1
            }
            let signLength = k
            var significand: UInt64 = 0
            var digits = 0
            var fraction = 0
            var point = -1
            while k < b.count {
                let c = b[k]
                if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") {
                    digits += 1
                    if digits > 18 { return nil }
                    significand = significand * 10 + UInt64(c - UInt8(ascii: "0"))
                    if point >= 0 { fraction += 1 }
                } else if c == UInt8(ascii: "."), point < 0 {
                    point = k
                } else {
                    return nil
                }
                k += 1
            }
            guard digits > 0 else { return nil }
            // Zero is always positive (a negative zero significand would read as NaN).
            let value = Decimal(
                sign: negative && significand != 0 ? .minus : .plus, exponent: -fraction,
                significand: Decimal(significand))
            if significand == 0 { return (value, "0.00") }
            let intEnd = point >= 0 ? point : b.count
            var intStart = signLength
            while intStart < intEnd - 1 && b[intStart] == UInt8(ascii: "0") { intStart += 1 }
            var out: [UInt8] = negative ? [UInt8(ascii: "-")] : []
            out.reserveCapacity(b.count + 4)
            if intStart == intEnd { out.append(UInt8(ascii: "0")) } else { out += b[intStart..<intEnd] }
            out.append(UInt8(ascii: "."))
            var fracEnd = b.count
            if point >= 0 {
                while fracEnd - (point + 1) > 2 && b[fracEnd - 1] == UInt8(ascii: "0") { fracEnd -= 1 }
                out += b[(point + 1)..<fracEnd]
            }
            let written = point >= 0 ? fracEnd - (point + 1) : 0
            for _ in written..<max(written, 2) { out.append(UInt8(ascii: "0")) }
            return (value, String(decoding: out, as: UTF8.self))
        }
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
