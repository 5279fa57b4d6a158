import Foundation

/// RFC 4180 CSV: comma-separated fields, CRLF line ends, fields quoted with `"` when they hold a comma, a quote,
/// a line break or edge blanks, quotes doubled inside. The reader also accepts LF line ends and a UTF-8 BOM.
///
/// Pure functions on `String`; no dependency (the package has no CSV library).
public enum CSV {
    /// A malformed CSV: the file (or "CSV"), the 1-based line where the problem is, and what it is.
    public struct ParseError: Error, CustomStringConvertible, Sendable, Equatable {
        public var file: String
        public var line: Int
        public var message: String
        public var description: String { "\(file):\(line): \(message)" }
    }

    /// One field as written: quoted only when it must be.
    public static func field(_ s: String) -> String {
        let mustQuote =
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
            || s.first == " " || s.last == " "
        guard mustQuote else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Rows as RFC 4180 text, each line ended by CRLF.
    public static func write(_ rows: [[String]]) -> String {
        rows.map { $0.map(field).joined(separator: ",") + "\r\n" }.joined()
    }

    /// Parses CSV text into rows of fields. An empty last line is not a row.
    /// - Parameter file: the name used in errors.
    /// - Throws: `ParseError` with the line number, for a quote inside an unquoted field, text after a closing
    ///   quote, or a quoted field never closed.
    public static func parse(_ text: String, file: String = "CSV") throws -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = String.UnicodeScalarView()
        var inQuotes = false
        var afterClosingQuote = false
        var fieldStarted = false
        var line = 1
        var quoteOpenedAt = 1
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var i = 0
        func endField() {
            row.append(String(field))
            field = String.UnicodeScalarView()
            afterClosingQuote = false
            fieldStarted = false
        }
        func endRow() {
            endField()
            rows.append(row)
            row = []
        }
        while i < scalars.count {
            let c = scalars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < scalars.count, scalars[i + 1] == "\"" {
                        field.append("\"")
                        i += 2
                        continue
                    }
                    inQuotes = false
                    afterClosingQuote = true
                } else {
                    if c == "\n" { line += 1 }
                    field.append(c)
                }
                i += 1
                continue
            }
            switch c {
            case ",":
                endField()
            case "\r", "\n":
                if c == "\r", i + 1 < scalars.count, scalars[i + 1] == "\n" { i += 1 }
                endRow()
                line += 1
            case "\"":
                if afterClosingQuote || fieldStarted {
                    throw ParseError(file: file, line: line, message: "quote inside an unquoted field (RFC 4180 §2.5)")
                }
                inQuotes = true
                quoteOpenedAt = line
            default:
                if afterClosingQuote {
                    throw ParseError(
                        file: file, line: line, message: "text after a closing quote (a quote must be doubled: \"\")")
                }
                field.append(c)
                fieldStarted = true
            }
            i += 1
        }
        if inQuotes {
            throw ParseError(file: file, line: quoteOpenedAt, message: "quoted field opened here is never closed")
        }
        if fieldStarted || afterClosingQuote || !row.isEmpty { endRow() }
        return rows
    }
}
