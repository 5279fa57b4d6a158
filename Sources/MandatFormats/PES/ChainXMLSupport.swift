import Foundation
import MandatCore
import MandatXML

/// A streaming handler that keeps the stack of open elements' local names, for the chain's readers
/// (PES, CPPStatut, CDAR). Subclasses override `open` and `close`.
///
/// Names are compared by local name only below the root: PES children are unqualified, CDAR's `ram:`
/// children are checked against their parents' names, never their prefixes.
class StackHandler: XMLStreamHandler {
    /// Local names of the open elements, root first.
    var stack: [String] = []
    let file: String

    init(file: String) { self.file = file }

    final func startElement(_ name: XMLName, attributes: [XMLAttribute], depth: Int, location: XMLLocation) throws {
        stack.append(name.local)
        try open(name, attributes: attributes, line: location.line)
    }

    final func endElement(_ name: XMLName, text: XMLText, depth: Int, location: XMLLocation) throws {
        try close(name, text: text, line: location.line)
        if !stack.isEmpty { stack.removeLast() }
    }

    /// An element opened (it is already on `stack`).
    func open(_ name: XMLName, attributes: [XMLAttribute], line: Int) throws {}
    /// An element closes (it is still on `stack`), with its direct text.
    func close(_ name: XMLName, text: XMLText, line: Int) throws {}

    /// The local name of the parent of the current element, or nil at the root.
    var parent: String? { stack.count >= 2 ? stack[stack.count - 2] : nil }
    /// The local name `levels` above the current element (1 = parent).
    func ancestor(_ levels: Int) -> String? { stack.count > levels ? stack[stack.count - 1 - levels] : nil }
    /// Whether `local` is open anywhere above (or at) the current element.
    func inside(_ local: String) -> Bool { stack.contains(local) }
}

/// Small helpers shared by the chain's readers.
enum ChainValues {
    /// Strips leading and trailing white space as Python's `str.strip()` does (EXPECTED.md "Text"): Unicode
    /// white space, so a no-break space (U+00A0) goes too, plus the separators U+001C–U+001F. Nil when nothing
    /// is left.
    static func strip(_ s: String?) -> String? {
        guard let s else { return nil }
        func space(_ u: Unicode.Scalar) -> Bool { u.properties.isWhitespace || (0x1C...0x1F).contains(u.value) }
        let scalars = s.unicodeScalars
        guard let first = scalars.firstIndex(where: { !space($0) }),
            let last = scalars.lastIndex(where: { !space($0) })
        else { return nil }
        return String(scalars[first...last])
    }

    /// A PES value: the `V` attribute (no namespace), stripped as Python's `str.strip()`, nil when empty.
    static func pesValue(_ attributes: [XMLAttribute]) -> String? {
        strip(attributes.first(where: { $0.name.local == "V" && $0.name.namespace.isEmpty })?.value)
    }

    /// An attribute without namespace, stripped; nil when absent or empty.
    static func attribute(_ local: String, _ attributes: [XMLAttribute]) -> String? {
        strip(attributes.first(where: { $0.name.local == local && $0.name.namespace.isEmpty })?.value)
    }

    /// An element's direct text, stripped; nil when empty.
    static func text(_ t: XMLText) -> String? { strip(t.value) }

    /// Parses an ISO date (`YYYY-MM-DD`, time-zone suffix ignored); an invalid one adds a note naming `field`
    /// and returns nil (EXPECTED.md: "`2020-02-30` is null plus a note").
    static func date(_ text: String?, field: String, notes: inout [String]) -> CivilDate? {
        guard let text else { return nil }
        if let d = CivilDate(iso: text), text.count >= 10, text.contains("-") { return d }
        notes.append("\(field): not an ISO date: '\(text)'")
        return nil
    }

    /// Parses an amount as `xs:decimal`; an invalid one adds a note and returns nil.
    static func amount(_ text: String?, field: String, notes: inout [String]) -> Decimal? {
        guard let text else { return nil }
        if let d = Money.parse(text) { return d }
        notes.append("\(field): \(amountRefusal(text)): '\(text)'")
        return nil
    }

    /// Why `Money.parse` refused `text`, in a note's words: `not a decimal amount`, or for a valid decimal of
    /// more than `Money.maxDigits` digits `a valid decimal but out of range (35 digits, Mandat reads at most 34)`.
    static func amountRefusal(_ text: String) -> String {
        Money.digitsBeyondRange(text).map { "a valid decimal but " + Money.outOfRange(digits: $0) }
            ?? "not a decimal amount"
    }

    /// The calendar date at the start of a date-time written `YYYY-MM-DD…` (`2018-12-18T16:51:55.000+01:00`,
    /// `2015-12-03 10:36`): the date as written, which is the local date of the writer. Nil when the first ten
    /// characters are not a calendar date.
    static func datePart(_ text: String?) -> CivilDate? {
        guard let text, text.count >= 10 else { return nil }
        let head = String(text.prefix(10))
        guard head.contains("-") else { return nil }
        return CivilDate(iso: head)
    }

    /// Adds `value` to `list` when it is not already there (EXPECTED.md "distinct" lists keep document order).
    static func appendDistinct(_ value: String?, to list: inout [String]) {
        guard let value, !list.contains(value) else { return }
        list.append(value)
    }
}
