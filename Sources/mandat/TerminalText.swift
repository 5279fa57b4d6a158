/// Text taken from the files (invoice numbers, names, reasons, paths) made safe to print on a terminal.
///
/// A Chorus export or a file name can hold control characters: an ESC sequence in an invoice number would clear
/// the screen or recolour it when `status` or `show` prints it. Control characters (C0 other than the line feed
/// `lines` keeps, DEL, C1) become U+FFFD `�`, so the value stays visible and the terminal is left alone. JSON and
/// CSV outputs are data for programs and keep every character (JSON escapes them; CSV quotes them).
enum TerminalText {
    /// One table cell: every control character replaced, line breaks and tabs included (a cell stays on its line).
    static func cell(_ s: String) -> String { clean(s, keepLineFeed: false) }

    /// A multi-line text: control characters replaced, line feeds kept.
    static func lines(_ s: String) -> String { clean(s, keepLineFeed: true) }

    private static func clean(_ s: String, keepLineFeed: Bool) -> String {
        guard s.unicodeScalars.contains(where: { isControl($0, keepLineFeed: keepLineFeed) }) else { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            out.append(isControl(u, keepLineFeed: keepLineFeed) ? "\u{FFFD}" : u)
        }
        return String(out)
    }

    private static func isControl(_ u: Unicode.Scalar, keepLineFeed: Bool) -> Bool {
        let v = u.value
        if v == 0x0A { return !keepLineFeed }
        return v < 0x20 || (v >= 0x7F && v <= 0x9F)
    }
}
